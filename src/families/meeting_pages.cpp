// The family's meetings: date, participants (is the family present?), agenda, minutes and
// decisions; each decision becomes a measure in the plan with one click, and a few reflection
// questions close the meeting. The access check and the audit record of each look happen in the
// dispatcher (families::guard); changes append their own records in the same transaction.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "families/page_kit.hpp"
#include "families/guard.hpp"
#include "families/pages.hpp"
#include "families/plan_rules.hpp"
#include "families/plan_store.hpp"
#include "families/store.hpp"
#include "families/views.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace kp::families {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

// ---- small helpers --------------------------------------------------------------------------------

std::int64_t posted_number(const Context& ctx, std::string_view name, std::int64_t fallback) {
  try {
    return std::stoll(ctx.field(name));
  } catch (...) {
    return fallback;
  }
}

bool can_write(const Context& ctx) {
  return ctx.family && policy::family_decision(Permission::family_write, ctx.family_grounds, ctx.family->closed) ==
                           policy::Decision::allow;
}

std::string meeting_path(const std::string& fid, std::string_view rest = {}) {
  return family_path(fid, rest.empty() ? std::string("meetings") : "meetings/" + std::string(rest));
}

// Free text with its line breaks, escaped.
Html lines(std::string_view text) {
  Html h;
  size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!first) h.append("<br>");
    h.append("{}", std::string(line));
    first = false;
    start = end + 1;
  }
  return h;
}

// At most `max` code points of `s`, with "…" when cut (for select options).
std::string shorten(std::string_view s, size_t max) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == max) return std::string(s.substr(0, i)) + "…";
      ++count;
    }
  return std::string(s);
}

// A meeting that has taken place is contact with the family; a planned one is not yet.
Status touch_if_held(store::Conn& c, const MeetingRecord& m, UnixSeconds now) {
  const UnixSeconds at = meeting_moment(m);
  if (at <= 0 || at > now) return {};
  return touch_contact(c, m.family_id, at);
}

// ---- the list -----------------------------------------------------------------------------------------

Html meeting_table(const Context& ctx, const std::vector<MeetingRecord>& rows, const std::string& caption) {
  Html t;
  t.append(R"(<table class="ds-table kp-table" data-border><caption class="kp-visually-hidden">{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
           caption, ctx.tr("Date"), ctx.tr("Time"), ctx.tr("The family took part"), ctx.tr("Decisions"));
  for (const auto& m : rows)
    t.append(R"(<tr><td><a class="ds-link" href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>)",
             meeting_path(m.family_id, m.id), date_label(ctx, m.held_on), m.starts_at,
             m.family_present ? ctx.tr("Yes") : ctx.tr("No"),
             ctx.t.number(static_cast<long long>(decision_lines(m.decisions).size())));
  t.append("</tbody></table>");
  return t;
}

http::Response list_get(Context& ctx) {
  const std::string fid = family_id(ctx);
  std::optional<Family> f;
  std::vector<MeetingRecord> all;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto fam = get_family(c, fid);
    if (!fam) return pass(fam);
    f = std::move(*fam);
    auto m = meetings_of(c, fid);
    if (!m) return pass(m);
    all = std::move(*m);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  const std::string today = today_iso(ctx.app.clock);
  std::vector<MeetingRecord> upcoming, past;
  for (auto& m : all) (m.held_on >= today ? upcoming : past).push_back(std::move(m));
  std::reverse(upcoming.begin(), upcoming.end());  // soonest first

  auto p = staff_page(ctx.tr("Meetings") + " – " + f->name);
  Html& b = p.body;
  b.append(family_header(ctx, *f, FamilyTab::meetings));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", ctx.tr("Meetings"));
  b.append(saved_notice(ctx));
  if (can_write(ctx))
    b.append(R"(<p class="ds-paragraph"><a class="ds-button" data-variant="primary" href="{}">{}</a></p>)",
             meeting_path(fid, "new"), ctx.tr("New meeting"));
  b.append(R"(<section aria-labelledby="upcoming-h"><h2 class="ds-heading" data-size="sm" id="upcoming-h">{}</h2>)",
           ctx.tr("Coming meetings"));
  if (upcoming.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No meetings planned."));
  else b.append(meeting_table(ctx, upcoming, ctx.tr("Coming meetings")));
  b.append(R"(</section><section aria-labelledby="past-h"><h2 class="ds-heading" data-size="sm" id="past-h">{}</h2>)",
           ctx.tr("Earlier meetings"));
  if (past.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No earlier meetings."));
  else b.append(meeting_table(ctx, past, ctx.tr("Earlier meetings")));
  b.append("</section>");
  return render_private(ctx, p);
}

// ---- new and edit ----------------------------------------------------------------------------------

MeetingInput read_meeting_input(const Context& ctx) {
  return {ctx.field("held_on"), ctx.field("starts_at"), ctx.field("participants"), ctx.field("family_present"),
          ctx.field("agenda"),  ctx.field("minutes"),   ctx.field("decisions")};
}

MeetingInput input_of(const MeetingRecord& m) {
  return {m.held_on, m.starts_at, m.participants, m.family_present ? "1" : "", m.agenda, m.minutes, m.decisions};
}

http::Response meeting_form(Context& ctx, const Family& f, const std::string& action, const std::string& heading,
                            const MeetingInput& in, std::optional<UnixSeconds> token, const web::FieldErrors& errors,
                            int status) {
  auto p = staff_page(heading);
  Html& b = p.body;
  b.append(family_header(ctx, f, FamilyTab::meetings));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", heading);
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})", action, web::csrf_field(ctx));
  if (token) b.append(R"(<input type="hidden" name="updated_at" value="{}">)", std::to_string(*token));
  web::FieldOptions date;
  date.type = "date";
  date.required = true;
  b.append(web::text_field(ctx, "held_on", ctx.tr("Date"), in.held_on, errors, date));
  web::FieldOptions time;
  time.type = "time";
  time.hint = ctx.tr("Optional. Hours and minutes, for example 14:30.");
  b.append(web::text_field(ctx, "starts_at", ctx.tr("Time"), in.starts_at, errors, time));
  web::FieldOptions who;
  who.rows = 2;
  who.dir = "auto";
  who.hint = ctx.tr("Who takes part, for example: the mother, the coordinator, the school nurse.");
  b.append(web::text_field(ctx, "participants", ctx.tr("Participants"), in.participants, errors, who));
  b.append(web::checkbox("family_present", "1", ctx.tr("The family takes part"), in.family_present == "1"));
  web::FieldOptions agenda;
  agenda.rows = 4;
  agenda.dir = "auto";
  b.append(web::text_field(ctx, "agenda", ctx.tr("Agenda"), in.agenda, errors, agenda));
  web::FieldOptions minutes;
  minutes.rows = 8;
  minutes.dir = "auto";
  b.append(web::text_field(ctx, "minutes", ctx.tr("Minutes"), in.minutes, errors, minutes));
  web::FieldOptions decisions;
  decisions.rows = 5;
  decisions.dir = "auto";
  decisions.hint = ctx.tr("One decision per line. Each decision can become a measure in the plan with one click.");
  b.append(web::text_field(ctx, "decisions", ctx.tr("Decisions"), in.decisions, errors, decisions));
  b.append(R"(<div class="kp-actions">{}<a class="ds-link" href="{}">{}</a></div>)",
           web::button(ctx.tr("Save the meeting")), meeting_path(f.id), ctx.tr("Back to the meetings"));
  b.append("</form>");
  return render_private(ctx, p, status);
}

http::Response new_get(Context& ctx) {
  auto f = ctx.app.db->read([&](store::Conn& c) { return get_family(c, family_id(ctx)); });
  if (!f) return web::busy_page(ctx);
  if (!*f) return web::not_found_page(ctx);
  MeetingInput in;
  in.held_on = today_iso(ctx.app.clock);
  in.family_present = "1";
  return meeting_form(ctx, **f, meeting_path((*f)->id, "new"), ctx.tr("New meeting"), in, std::nullopt, {}, 200);
}

http::Response new_post(Context& ctx) {
  const std::string fid = family_id(ctx);
  auto f = ctx.app.db->read([&](store::Conn& c) { return get_family(c, fid); });
  if (!f) return web::busy_page(ctx);
  if (!*f) return web::not_found_page(ctx);
  const MeetingInput in = read_meeting_input(ctx);
  MeetingRecord m;
  FieldErrorList errs;
  apply_meeting_input(in, m, errs);
  if (!errs.empty())
    return meeting_form(ctx, **f, meeting_path(fid, "new"), ctx.tr("New meeting"), in, std::nullopt,
                        to_field_errors(errs), 400);
  m.id = ids::new_uuid();
  m.family_id = fid;
  m.created_by = ctx.actor->user_id;
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(insert_meeting(c, ctx.actor->municipality_id, m, now));
    KP_TRY(touch_if_held(c, m, now));
    return audit::append(c, ctx.app.clock, family_audit(ctx, "meeting.create", fid, "{\"meeting\":\"" + m.id + "\"}"));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(meeting_path(fid, m.id) + "?saved=1");
}

struct Loaded {
  std::optional<Family> family;
  std::optional<MeetingRecord> meeting;
};

Status load_meeting(Context& ctx, Loaded& out) {
  const std::string fid = family_id(ctx);
  const std::string mid = path_param(ctx, "meeting");
  return ctx.app.db->with_read([&](store::Conn& c) -> Status {
    out = {};
    auto fam = get_family(c, fid);
    if (!fam) return pass(fam);
    out.family = std::move(*fam);
    auto m = get_meeting(c, fid, mid);
    if (!m) return pass(m);
    out.meeting = std::move(*m);
    return {};
  });
}

http::Response edit_get(Context& ctx) {
  Loaded d;
  if (!load_meeting(ctx, d)) return web::busy_page(ctx);
  if (!d.family || !d.meeting) return web::not_found_page(ctx);
  return meeting_form(ctx, *d.family, meeting_path(d.family->id, d.meeting->id + "/edit"), ctx.tr("Change the meeting"),
                      input_of(*d.meeting), d.meeting->updated_at, {}, 200);
}

http::Response edit_post(Context& ctx) {
  Loaded d;
  if (!load_meeting(ctx, d)) return web::busy_page(ctx);
  if (!d.family || !d.meeting) return web::not_found_page(ctx);
  const MeetingInput in = read_meeting_input(ctx);
  const UnixSeconds token = posted_number(ctx, "updated_at", 0);
  const std::string action = meeting_path(d.family->id, d.meeting->id + "/edit");
  MeetingRecord m = *d.meeting;
  FieldErrorList errs;
  apply_meeting_input(in, m, errs);
  if (!errs.empty())
    return meeting_form(ctx, *d.family, action, ctx.tr("Change the meeting"), in, token, to_field_errors(errs), 400);
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(update_meeting(c, m, token, now));
    KP_TRY(touch_if_held(c, m, now));
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "meeting.update", m.family_id, "{\"meeting\":\"" + m.id + "\"}"));
  });
  if (!st) {
    if (st.error().kind != ErrorKind::conflict) return web::busy_page(ctx);
    // The user's text again, with the meeting's current token so a deliberate second save works.
    Loaded fresh;
    if (!load_meeting(ctx, fresh)) return web::busy_page(ctx);
    if (!fresh.family || !fresh.meeting) return web::not_found_page(ctx);
    web::FieldErrors e;
    e.add("held_on", st.error().message);
    return meeting_form(ctx, *fresh.family, action, ctx.tr("Change the meeting"), in, fresh.meeting->updated_at, e, 409);
  }
  return http::Response::redirect(meeting_path(m.family_id, m.id) + "?saved=1");
}

// ---- one meeting: decisions and reflections ------------------------------------------------------------

struct MeetingView {
  Loaded loaded;
  std::vector<Goal> goals;               // goals a decision can become a measure of
  std::vector<std::string> done_texts;   // texts of the measures this meeting's decisions became
};

Status load_view(Context& ctx, MeetingView& v) {
  if (auto st = load_meeting(ctx, v.loaded); !st) return st;
  v.goals.clear();
  v.done_texts.clear();
  if (!v.loaded.family || !v.loaded.meeting) return {};
  return ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto g = goals_of(c, v.loaded.family->id);
    if (!g) return pass(g);
    for (auto& goal : *g)
      if (goal.status != GoalStatus::dropped) v.goals.push_back(std::move(goal));
    auto t = meeting_measure_texts(c, v.loaded.meeting->id);
    if (!t) return pass(t);
    v.done_texts = std::move(*t);
    return {};
  });
}

Html decisions_section(const Context& ctx, const MeetingView& v, bool write) {
  const Family& f = *v.loaded.family;
  const MeetingRecord& m = *v.loaded.meeting;
  const auto decisions = decision_lines(m.decisions);
  Html b;
  b.append(R"(<section aria-labelledby="decisions-h"><h2 class="ds-heading" data-size="sm" id="decisions-h">{}</h2>)",
           ctx.tr("Decisions"));
  if (decisions.empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p></section>)", ctx.tr("No decisions written."));
    return b;
  }
  if (write && v.goals.empty())
    b.append(R"(<p class="ds-paragraph">{} <a class="ds-link" href="{}">{}</a></p>)",
             ctx.tr("To make a decision a measure, the plan needs a goal first."), family_path(f.id, "plan/goals/new"),
             ctx.tr("Add a goal"));
  b.append(R"(<ol class="kp-list kp-decisions">)");
  for (size_t i = 0; i < decisions.size(); ++i) {
    const std::string& d = decisions[i];
    b.append(R"(<li><p class="ds-paragraph" dir="auto">{}</p>)", d);
    const bool done = std::find(v.done_texts.begin(), v.done_texts.end(), d) != v.done_texts.end();
    if (done) {
      b.append(R"(<p class="ds-paragraph"><span class="ds-tag" data-color="success">{}</span> <a class="ds-link" href="{}">{}</a></p>)",
               ctx.tr("A measure in the plan"), family_path(f.id, "plan"), ctx.tr("See the plan"));
    } else if (write && !v.goals.empty()) {
      const std::string sel = fmt::format("decision-goal-{}", i);
      b.append(R"(<form method="post" action="{}" class="kp-inline-fields">{})", meeting_path(f.id, m.id + "/decisions"),
               web::csrf_field(ctx));
      b.append(R"(<input type="hidden" name="decision" value="{}"><input type="hidden" name="plan_version" value="{}">)",
               std::to_string(i), std::to_string(f.plan_version));
      b.append(R"(<div class="ds-field kp-field"><label class="ds-label" for="{}">{}</label><select class="ds-input" id="{}" name="goal_id">)",
               sel, ctx.t.tr_args(N_("Goal for decision {number}"), {{"number", ctx.t.number(static_cast<long long>(i + 1))}}),
               sel);
      for (const auto& g : v.goals) b.append(R"(<option value="{}">{}</option>)", g.id, shorten(g.text, 80));
      b.append("</select></div>");
      b.append(web::button(ctx.tr("Make this a measure"), false));
      b.append("</form>");
    }
    b.append("</li>");
  }
  b.append("</ol></section>");
  return b;
}

Html reflections_section(const Context& ctx, const MeetingView& v, const std::map<std::string, std::string>& answers,
                         const web::FieldErrors& errors, bool write) {
  const Family& f = *v.loaded.family;
  const MeetingRecord& m = *v.loaded.meeting;
  Html b;
  b.append(R"(<section id="reflections" aria-labelledby="reflections-h"><h2 class="ds-heading" data-size="sm" id="reflections-h">{}</h2>)",
           ctx.tr("Closing the meeting"));
  if (!write) {
    if (answers.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No answers written."));
    else {
      b.append(R"(<dl class="kp-facts">)");
      for (const auto& q : reflection_questions()) {
        const auto it = answers.find(q.key);
        if (it != answers.end()) b.append(R"(<dt>{}</dt><dd dir="auto">{}</dd>)", ctx.tr(q.msgid), lines(it->second));
      }
      b.append("</dl>");
    }
    b.append("</section>");
    return b;
  }
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("Answer these together before you part. Short answers are fine."));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})", meeting_path(f.id, m.id + "/reflections"),
           web::csrf_field(ctx));
  for (const auto& q : reflection_questions()) {
    const auto it = answers.find(q.key);
    web::FieldOptions o;
    o.rows = 2;
    o.dir = "auto";
    b.append(web::text_field(ctx, std::string("reflection_") + q.key, ctx.tr(q.msgid),
                             it == answers.end() ? std::string() : it->second, errors, o));
  }
  b.append(web::button(ctx.tr("Save the answers"), false));
  b.append("</form></section>");
  return b;
}

http::Response view_page(Context& ctx, const MeetingView& v, const Html& notice,
                         const std::map<std::string, std::string>& answers, const web::FieldErrors& errors,
                         int status) {
  const Family& f = *v.loaded.family;
  const MeetingRecord& m = *v.loaded.meeting;
  const bool write = can_write(ctx);
  const std::string heading = ctx.t.tr_args(N_("Meeting on {date}"), {{"date", date_label(ctx, m.held_on)}});
  auto p = staff_page(heading + " – " + f.name);
  Html& b = p.body;
  b.append(family_header(ctx, f, FamilyTab::meetings));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", heading);
  b.append(saved_notice(ctx));
  b.append(notice);
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<dl class="kp-facts"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd dir="auto">{}</dd></dl>)",
           ctx.tr("Date"), date_label(ctx, m.held_on), ctx.tr("Time"), m.starts_at.empty() ? ctx.tr("Not set") : m.starts_at,
           ctx.tr("The family took part"), m.family_present ? ctx.tr("Yes") : ctx.tr("No"), ctx.tr("Participants"),
           lines(m.participants));
  if (write)
    b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="{}">{}</a></p>)", meeting_path(f.id, m.id + "/edit"),
             ctx.tr("Change the meeting"));
  if (!m.agenda.empty())
    b.append(R"(<section aria-labelledby="agenda-h"><h2 class="ds-heading" data-size="sm" id="agenda-h">{}</h2><p class="ds-paragraph" dir="auto">{}</p></section>)",
             ctx.tr("Agenda"), lines(m.agenda));
  if (!m.minutes.empty())
    b.append(R"(<section aria-labelledby="minutes-h"><h2 class="ds-heading" data-size="sm" id="minutes-h">{}</h2><p class="ds-paragraph" dir="auto">{}</p></section>)",
             ctx.tr("Minutes"), lines(m.minutes));
  b.append(decisions_section(ctx, v, write));
  b.append(reflections_section(ctx, v, answers, errors, write));
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="{}">{}</a></p>)", meeting_path(f.id),
           ctx.tr("Back to the meetings"));
  return render_private(ctx, p, status);
}

http::Response view_get(Context& ctx) {
  MeetingView v;
  if (!load_view(ctx, v)) return web::busy_page(ctx);
  if (!v.loaded.family || !v.loaded.meeting) return web::not_found_page(ctx);
  return view_page(ctx, v, {}, parse_reflections(v.loaded.meeting->reflections), {}, 200);
}

Html alert(const std::string& color, const std::string& text) {
  return Html::format(R"(<div class="ds-alert" data-color="{}" role="alert"><p class="ds-paragraph">{}</p></div>)", color,
                      text);
}

http::Response decision_post(Context& ctx) {
  MeetingView v;
  if (!load_view(ctx, v)) return web::busy_page(ctx);
  if (!v.loaded.family || !v.loaded.meeting) return web::not_found_page(ctx);
  const std::string fid = v.loaded.family->id;
  const std::string mid = v.loaded.meeting->id;
  const std::int64_t index = posted_number(ctx, "decision", -1);
  const std::int64_t version = posted_number(ctx, "plan_version", 0);
  const std::string goal_id = ctx.field("goal_id");
  Measure ms;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto m = get_meeting(c, fid, mid);
    if (!m) return pass(m);
    if (!*m) return not_found();
    const auto decisions = decision_lines((*m)->decisions);
    if (index < 0 || index >= static_cast<std::int64_t>(decisions.size()))
      return invalid(N_("This decision is no longer in the meeting. Look at the meeting again."), "decision");
    const std::string& text = decisions[static_cast<size_t>(index)];
    auto done = meeting_measure_texts(c, mid);
    if (!done) return pass(done);
    // A second click (or a colleague's) must not make the same measure twice.
    if (std::find(done->begin(), done->end(), text) != done->end()) return {};
    KP_TRY(bump_plan_version(c, fid, version));
    ms = Measure{};
    ms.id = ids::new_uuid();
    ms.family_id = fid;
    ms.goal_id = goal_id;
    ms.text = text;
    ms.meeting_id = mid;
    ms.created_by = ctx.actor->user_id;
    auto ins = insert_measure(c, ctx.actor->municipality_id, ms, ctx.app.clock.now());
    if (!ins && ins.error().kind == ErrorKind::not_found)
      return invalid(N_("Choose the goal the measure belongs to."), "goal_id");
    if (!ins) return ins;
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "meeting.decision_to_measure", fid,
                                      fmt::format("{{\"meeting\":\"{}\",\"measure\":\"{}\"}}", mid, ms.id)));
  });
  if (!st) {
    const auto kind = st.error().kind;
    if (kind != ErrorKind::conflict && kind != ErrorKind::invalid && kind != ErrorKind::not_found)
      return web::busy_page(ctx);
    if (kind == ErrorKind::not_found) return web::not_found_page(ctx);
    MeetingView fresh;  // the plan version now, so the next click goes through
    if (!load_view(ctx, fresh)) return web::busy_page(ctx);
    if (!fresh.loaded.family || !fresh.loaded.meeting) return web::not_found_page(ctx);
    const bool conflict = kind == ErrorKind::conflict;
    return view_page(ctx, fresh, alert(conflict ? "warning" : "danger", ctx.tr(st.error().message.c_str())),
                     parse_reflections(fresh.loaded.meeting->reflections), {}, conflict ? 409 : 400);
  }
  return http::Response::redirect(meeting_path(fid, mid) + "?saved=1#decisions-h");
}

http::Response reflections_post(Context& ctx) {
  MeetingView v;
  if (!load_view(ctx, v)) return web::busy_page(ctx);
  if (!v.loaded.family || !v.loaded.meeting) return web::not_found_page(ctx);
  std::map<std::string, std::string> answers;
  for (const auto& q : reflection_questions()) answers[q.key] = ctx.field(std::string("reflection_") + q.key);
  FieldErrorList errs;
  const std::string json = reflections_json(answers, errs);
  if (!errs.empty()) return view_page(ctx, v, {}, answers, to_field_errors(errs), 400);
  MeetingRecord m = *v.loaded.meeting;
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(set_reflections(c, m.family_id, m.id, json, now));
    KP_TRY(touch_if_held(c, m, now));
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "meeting.reflections", m.family_id, "{\"meeting\":\"" + m.id + "\"}"));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(meeting_path(m.family_id, m.id) + "?saved=1#reflections");
}

}  // namespace

void register_meeting_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff/families/{id:uuid}/meetings", Permission::family_read, list_get);
  r.add(Method::GET, "/staff/families/{id:uuid}/meetings/new", Permission::family_write, new_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/meetings/new", Permission::family_write, new_post);
  r.add(Method::GET, "/staff/families/{id:uuid}/meetings/{meeting:uuid}", Permission::family_read, view_get);
  r.add(Method::GET, "/staff/families/{id:uuid}/meetings/{meeting:uuid}/edit", Permission::family_write, edit_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/meetings/{meeting:uuid}/edit", Permission::family_write, edit_post);
  r.add(Method::POST, "/staff/families/{id:uuid}/meetings/{meeting:uuid}/decisions", Permission::family_write,
        decision_post);
  r.add(Method::POST, "/staff/families/{id:uuid}/meetings/{meeting:uuid}/reflections", Permission::family_write,
        reflections_post);
}

}  // namespace kp::families
