// The family's plan (familiens plan): goals in the family's own words grouped by outcome area,
// the measures towards each goal, and referrals to offers of the catalog with their answers.
// The per-family access check and the audit record of each look happen in the dispatcher
// (families::guard); every change here bumps families.plan_version (optimistic concurrency for
// the whole plan) and appends its audit record in the same transaction.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "app/app.hpp"
#include "catalog/store.hpp"
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
using Options = std::vector<std::pair<std::string, std::string>>;

// ---- small helpers --------------------------------------------------------------------------------

std::int64_t posted_version(const Context& ctx) {
  try {
    return std::stoll(ctx.field("plan_version"));
  } catch (...) {
    return 0;
  }
}

bool can_write(const Context& ctx) {
  return ctx.family && policy::family_decision(Permission::family_write, ctx.family_grounds, ctx.family->closed) ==
                           policy::Decision::allow;
}

std::string plan_path(const std::string& fid, std::string_view rest = {}) {
  return family_path(fid, rest.empty() ? std::string("plan") : "plan/" + std::string(rest));
}

Html version_field(std::int64_t version) {
  return Html::format(R"(<input type="hidden" name="plan_version" value="{}">)", std::to_string(version));
}

// ---- labels -----------------------------------------------------------------------------------------

std::string area_label(const Context& ctx, OutcomeArea a) {
  switch (a) {
    case OutcomeArea::housing: return ctx.tr(N_("Housing"));
    case OutcomeArea::economy: return ctx.tr(N_("Economy"));
    case OutcomeArea::work: return ctx.tr(N_("Work or activity for the parents"));
    case OutcomeArea::health: return ctx.tr(N_("Health"));
    case OutcomeArea::participation: return ctx.tr(N_("The children's social participation"));
    case OutcomeArea::school: return ctx.tr(N_("School and education"));
    case OutcomeArea::own: return ctx.tr(N_("The family's own areas"));
  }
  return {};
}

std::string goal_status_label(const Context& ctx, GoalStatus s) {
  switch (s) {
    case GoalStatus::active: return ctx.tr(N_("Working on it"));
    case GoalStatus::reached: return ctx.tr(N_("Reached"));
    case GoalStatus::dropped: return ctx.tr(N_("No longer a goal"));
  }
  return {};
}

const char* goal_status_color(GoalStatus s) {
  return s == GoalStatus::reached ? "success" : s == GoalStatus::active ? "info" : "neutral";
}

std::string measure_status_label(const Context& ctx, MeasureStatus s) {
  switch (s) {
    case MeasureStatus::planned: return ctx.tr(N_("Planned"));
    case MeasureStatus::in_progress: return ctx.tr(N_("In progress"));
    case MeasureStatus::done: return ctx.tr(N_("Done"));
    case MeasureStatus::not_done: return ctx.tr(N_("Not done"));
    case MeasureStatus::dropped: return ctx.tr(N_("Dropped"));
  }
  return {};
}

std::string referral_label(const Context& ctx, ReferralState s) {
  switch (s) {
    case ReferralState::none: return {};
    case ReferralState::requested: return ctx.tr(N_("Requested"));
    case ReferralState::accepted: return ctx.tr(N_("Accepted by the offer"));
    case ReferralState::declined: return ctx.tr(N_("Declined by the offer"));
    case ReferralState::in_progress: return ctx.tr(N_("The family takes part"));
    case ReferralState::completed: return ctx.tr(N_("Completed"));
    case ReferralState::not_completed: return ctx.tr(N_("Not completed"));
  }
  return {};
}

const char* referral_color(ReferralState s) {
  switch (s) {
    case ReferralState::completed: return "success";
    case ReferralState::declined:
    case ReferralState::not_completed: return "danger";
    case ReferralState::requested: return "warning";
    default: return "info";
  }
}

// ---- data the pages share ---------------------------------------------------------------------------

// Published offers of the municipality (id, name in the request's language), name order.
Options published_offers(Context& ctx, const std::string& municipality_id) {
  Options out;
  auto snap = ctx.app.catalog.get();
  if (!snap || !*snap) return out;
  for (const catalog::Offer* o : (*snap)->offers_of(municipality_id))
    out.emplace_back(o->id, catalog::text_in(o->texts, "name", ctx.lang()));
  return out;
}

// Names of the offers `ids` in the request's language: from the published catalog, else from
// the store (an offer may have been unpublished since the referral).
std::map<std::string, std::string> offer_names(Context& ctx, store::Conn& c, const std::vector<std::string>& ids) {
  std::map<std::string, std::string> out;
  auto snap = ctx.app.catalog.get();
  for (const auto& id : ids) {
    if (out.count(id)) continue;
    const catalog::Offer* o = snap && *snap ? (*snap)->offer(id) : nullptr;
    if (o) {
      out[id] = catalog::text_in(o->texts, "name", ctx.lang());
      continue;
    }
    auto stored = catalog::get_offer(c, id);
    if (stored && *stored) out[id] = catalog::text_in((*stored)->texts, "name", ctx.lang());
    else out[id] = ctx.tr("An offer that no longer exists");
  }
  return out;
}

UnixSeconds waiting_limit(const Context& ctx) {
  return ctx.app.clock.now() - static_cast<UnixSeconds>(ctx.app.settings.referral_warning_days) * 86400;
}

// A family's coordinator and team, as choices for "responsible".
Options responsible_options(const Context& ctx, const Family& f, const std::vector<TeamMember>& team) {
  Options out{{"", ctx.tr("No one from the team")}};
  if (!f.coordinator_id.empty())
    out.emplace_back(f.coordinator_id, f.coordinator_name + " — " + ctx.tr("coordinator"));
  for (const auto& m : team)
    if (m.user_id != f.coordinator_id) out.emplace_back(m.user_id, m.display_name + " — " + service_label(ctx, m.service));
  return out;
}

// ---- the plan page ------------------------------------------------------------------------------------

Html referral_summary(const Context& ctx, const Measure& m, const std::map<std::string, std::string>& names) {
  Html h;
  const std::string& offer = *m.offer_id;
  const auto it = names.find(offer);
  h.append(R"(<p class="ds-paragraph kp-referral" data-size="sm">{} <a class="ds-link" href="/offers/{}">{}</a> )",
           ctx.tr("Referral to"), offer, it == names.end() ? offer : it->second);
  h.append(R"(<span class="ds-tag" data-color="{}">{}</span>)", referral_color(m.referral_state),
           referral_label(ctx, m.referral_state));
  if (m.referral_changed_at) h.append(" <span class=\"kp-muted\">{}</span>", ctx.t.tr_args("since {date}", {{"date", date_label(ctx, *m.referral_changed_at)}}));
  if (m.referral_waiting(waiting_limit(ctx)))
    h.append(R"( <span class="ds-tag" data-color="warning">{}</span>)",
             ctx.t.trn("no answer for more than {n} day", "no answer for more than {n} days",
                       ctx.app.settings.referral_warning_days));
  if (!m.referral_reason.empty())
    h.append(R"(<br>{} <span dir="auto">{}</span>)", ctx.tr("Reason:"), m.referral_reason);
  h.append("</p>");
  return h;
}

Html measures_table(const Context& ctx, const Goal& g, const std::map<std::string, std::string>& names, bool write) {
  const std::string today = today_iso(ctx.app.clock);
  Html t;
  t.append(R"(<table class="ds-table kp-table" data-border><caption class="kp-visually-hidden">{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>)",
           ctx.tr("Measures for this goal"), ctx.tr("Measure"), ctx.tr("Responsible"), ctx.tr("Deadline"),
           ctx.tr("Status"));
  if (write) t.append(R"(<th scope="col"><span class="kp-visually-hidden">{}</span></th>)", ctx.tr("Actions"));
  t.append("</tr></thead><tbody>");
  for (const auto& m : g.measures) {
    t.append(R"(<tr id="measure-{}"><td><span dir="auto">{}</span>)", m.id, m.text);
    if (m.meeting_id)
      t.append(R"(<br><a class="ds-link kp-muted" href="{}">{}</a>)",
               family_path(g.family_id, "meetings/" + *m.meeting_id), ctx.tr("Decided in a meeting"));
    if (m.is_referral()) t.append(referral_summary(ctx, m, names));
    std::string who = m.responsible;
    if (!m.responsible_name.empty()) who += (who.empty() ? "" : " · ") + m.responsible_name;
    t.append(R"(</td><td dir="auto">{}</td><td>{})", who, date_label(ctx, m.deadline));
    if (m.overdue(today)) t.append(R"( <span class="ds-tag" data-color="warning">{}</span>)", ctx.tr("overdue"));
    t.append("</td><td>{}</td>", measure_status_label(ctx, m.status));
    if (write)
      t.append(R"(<td><a class="ds-link" href="{}">{}<span class="kp-visually-hidden"> {}</span></a></td>)",
               plan_path(g.family_id, "measures/" + m.id + "/edit"), ctx.tr("Change"), m.text);
    t.append("</tr>");
  }
  t.append("</tbody></table>");
  return t;
}

Html goal_block(const Context& ctx, const Goal& g, const std::map<std::string, std::string>& names, bool write) {
  Html b;
  b.append(R"(<article class="kp-goal" id="goal-{}" aria-labelledby="goal-{}-h"><h3 class="ds-heading" data-size="xs" id="goal-{}-h" dir="auto">{}</h3>)",
           g.id, g.id, g.id, g.text);
  b.append(R"(<p class="ds-paragraph">)");
  if (g.area == OutcomeArea::own && !g.own_area.empty())
    b.append(R"({} <span dir="auto">{}</span> )", ctx.tr("Area:"), g.own_area);
  b.append(R"(<span class="ds-tag" data-color="{}">{}</span>)", goal_status_color(g.status),
           goal_status_label(ctx, g.status));
  if (write)
    b.append(R"( <a class="ds-link" href="{}">{}<span class="kp-visually-hidden"> {}</span></a>)",
             plan_path(g.family_id, "goals/" + g.id + "/edit"), ctx.tr("Change the goal"), g.text);
  b.append("</p>");
  if (g.measures.empty()) b.append(R"(<p class="ds-paragraph kp-muted">{}</p>)", ctx.tr("No measures yet."));
  else b.append(measures_table(ctx, g, names, write));
  if (write)
    b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="{}">{}<span class="kp-visually-hidden"> {}</span></a></p>)",
             plan_path(g.family_id, "goals/" + g.id + "/measures/new"), ctx.tr("Add a measure"), g.text);
  b.append("</article>");
  return b;
}

http::Response plan_get(Context& ctx) {
  const std::string fid = family_id(ctx);
  std::optional<Family> f;
  std::vector<Goal> goals;
  std::map<std::string, std::string> names;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto fam = get_family(c, fid);
    if (!fam) return pass(fam);
    f = std::move(*fam);
    auto p = plan_of(c, fid);
    if (!p) return pass(p);
    goals = std::move(*p);
    std::vector<std::string> offers;
    for (const auto& g : goals)
      for (const auto& m : g.measures)
        if (m.is_referral()) offers.push_back(*m.offer_id);
    names = offer_names(ctx, c, offers);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  const bool write = can_write(ctx);

  auto p = staff_page(ctx.tr("The family's plan") + " – " + f->name);
  Html& b = p.body;
  b.append(family_header(ctx, *f, FamilyTab::plan));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", ctx.tr("The family's plan"));
  b.append(saved_notice(ctx));
  long waiting = 0;
  for (const auto& g : goals)
    for (const auto& m : g.measures)
      if (m.referral_waiting(waiting_limit(ctx))) ++waiting;
  if (waiting > 0)
    b.append(R"(<div class="ds-alert" data-color="warning" role="status"><p class="ds-paragraph">{}</p></div>)",
             ctx.t.trn("{n} referral has waited too long for an answer from the offer. Follow it up.",
                       "{n} referrals have waited too long for an answer from the offer. Follow them up.", waiting));
  if (write)
    b.append(R"(<p class="ds-paragraph kp-actions"><a class="ds-button" data-variant="primary" href="{}">{}</a> <a class="ds-button" data-variant="secondary" href="{}">{}</a></p>)",
             plan_path(fid, "goals/new"), ctx.tr("Add a goal"), plan_path(fid, "equipment"),
             ctx.tr("Lend equipment or hand out passes"));
  if (goals.empty())
    b.append(R"(<p class="ds-paragraph">{}</p>)",
             ctx.tr("The plan has no goals yet. Write the goals together with the family, in the family's own words."));
  for (OutcomeArea a : outcome_areas()) {
    if (std::none_of(goals.begin(), goals.end(), [&](const Goal& g) { return g.area == a; })) continue;
    b.append(R"(<section class="kp-plan-area" aria-labelledby="area-{}"><h2 class="ds-heading" data-size="sm" id="area-{}">{}</h2>)",
             to_string(a), to_string(a), area_label(ctx, a));
    for (const auto& g : goals)
      if (g.area == a) b.append(goal_block(ctx, g, names, write));
    b.append("</section>");
  }
  return render_private(ctx, p);
}

// ---- goals -----------------------------------------------------------------------------------------------

GoalInput read_goal_input(const Context& ctx) {
  return {ctx.field("area"), ctx.field("own_area"), ctx.field("text"), ctx.field("status")};
}

http::Response goal_form(Context& ctx, const Family& f, const std::string& action, const std::string& heading,
                         const GoalInput& in, std::int64_t version, const web::FieldErrors& errors,
                         const Html& notice, int status) {
  auto p = staff_page(heading);
  Html& b = p.body;
  b.append(family_header(ctx, f, FamilyTab::plan));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", heading);
  b.append(web::error_summary(ctx, errors));
  b.append(notice);
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{}{})", action, web::csrf_field(ctx),
           version_field(version));
  Options areas{{"", ctx.tr("Choose an area")}};
  for (OutcomeArea a : outcome_areas()) areas.emplace_back(to_string(a), area_label(ctx, a));
  b.append(web::select_field(ctx, "area", ctx.tr("Area"), areas, in.area, errors));
  web::FieldOptions own;
  own.dir = "auto";
  own.hint = ctx.tr("Only for the family's own areas: what the family calls the area.");
  b.append(web::text_field(ctx, "own_area", ctx.tr("Name of the own area"), in.own_area, errors, own));
  web::FieldOptions text;
  text.required = true;
  text.rows = 4;
  text.dir = "auto";
  text.hint = ctx.tr("Write the goal as the family says it, in their own words.");
  b.append(web::text_field(ctx, "text", ctx.tr("The goal"), in.text, errors, text));
  Options statuses;
  for (GoalStatus s : {GoalStatus::active, GoalStatus::reached, GoalStatus::dropped})
    statuses.emplace_back(to_string(s), goal_status_label(ctx, s));
  b.append(web::select_field(ctx, "status", ctx.tr("Status"), statuses, in.status.empty() ? "active" : in.status,
                             errors));
  b.append(R"(<div class="kp-actions">{}<a class="ds-link" href="{}">{}</a></div>)", web::button(ctx.tr("Save the goal")),
           plan_path(f.id), ctx.tr("Back to the plan"));
  b.append("</form>");
  return render_private(ctx, p, status);
}

// The conflict answer: the user's input again, with the version now stored so a deliberate
// second save goes through, and what is saved now beside it.
web::FieldErrors conflict_errors(const Error& e, const char* field) {
  web::FieldErrors errors;
  errors.add(field, e.message);
  return errors;
}

http::Response goal_new_get(Context& ctx) {
  auto f = ctx.app.db->read([&](store::Conn& c) { return get_family(c, family_id(ctx)); });
  if (!f) return web::busy_page(ctx);
  if (!*f) return web::not_found_page(ctx);
  return goal_form(ctx, **f, plan_path((*f)->id, "goals/new"), ctx.tr("New goal"), {}, (*f)->plan_version, {}, {}, 200);
}

http::Response goal_new_post(Context& ctx) {
  const std::string fid = family_id(ctx);
  auto f = ctx.app.db->read([&](store::Conn& c) { return get_family(c, fid); });
  if (!f) return web::busy_page(ctx);
  if (!*f) return web::not_found_page(ctx);
  const GoalInput in = read_goal_input(ctx);
  const std::int64_t version = posted_version(ctx);
  const std::string action = plan_path(fid, "goals/new");
  Goal g;
  FieldErrorList errs;
  apply_goal_input(in, g, errs);
  if (!errs.empty()) return goal_form(ctx, **f, action, ctx.tr("New goal"), in, version, to_field_errors(errs), {}, 400);
  g.id = ids::new_uuid();
  g.family_id = fid;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(bump_plan_version(c, fid, version));
    KP_TRY(insert_goal(c, ctx.actor->municipality_id, g, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, family_audit(ctx, "plan.goal_create", fid, "{\"goal\":\"" + g.id + "\"}"));
  });
  if (!st) {
    if (st.error().kind != ErrorKind::conflict) return web::busy_page(ctx);
    auto now = ctx.app.db->read([&](store::Conn& c) { return plan_version(c, fid); });
    if (!now) return web::busy_page(ctx);
    return goal_form(ctx, **f, action, ctx.tr("New goal"), in, *now, conflict_errors(st.error(), "text"), {}, 409);
  }
  return http::Response::redirect(plan_path(fid) + "?saved=1#goal-" + g.id);
}

http::Response goal_edit_get(Context& ctx) {
  const std::string fid = family_id(ctx);
  std::optional<Family> f;
  std::optional<Goal> g;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto fam = get_family(c, fid);
    if (!fam) return pass(fam);
    f = std::move(*fam);
    auto goal = get_goal(c, fid, path_param(ctx, "goal"));
    if (!goal) return pass(goal);
    g = std::move(*goal);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  if (!f || !g) return web::not_found_page(ctx);
  const GoalInput in{to_string(g->area), g->own_area, g->text, to_string(g->status)};
  return goal_form(ctx, *f, plan_path(fid, "goals/" + g->id + "/edit"), ctx.tr("Change the goal"), in, f->plan_version,
                   {}, {}, 200);
}

http::Response goal_edit_post(Context& ctx) {
  const std::string fid = family_id(ctx);
  const std::string gid = path_param(ctx, "goal");
  std::optional<Family> f;
  std::optional<Goal> stored;
  auto rd = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto fam = get_family(c, fid);
    if (!fam) return pass(fam);
    f = std::move(*fam);
    auto goal = get_goal(c, fid, gid);
    if (!goal) return pass(goal);
    stored = std::move(*goal);
    return {};
  });
  if (!rd) return web::busy_page(ctx);
  if (!f || !stored) return web::not_found_page(ctx);
  const GoalInput in = read_goal_input(ctx);
  const std::int64_t version = posted_version(ctx);
  const std::string action = plan_path(fid, "goals/" + gid + "/edit");
  Goal g = *stored;
  FieldErrorList errs;
  apply_goal_input(in, g, errs);
  if (!errs.empty())
    return goal_form(ctx, *f, action, ctx.tr("Change the goal"), in, version, to_field_errors(errs), {}, 400);
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(bump_plan_version(c, fid, version));
    KP_TRY(update_goal(c, g, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, family_audit(ctx, "plan.goal_update", fid, "{\"goal\":\"" + g.id + "\"}"));
  });
  if (!st) {
    if (st.error().kind != ErrorKind::conflict) return web::busy_page(ctx);
    std::optional<Goal> now_goal;
    std::int64_t now_version = 0;
    auto again = ctx.app.db->with_read([&](store::Conn& c) -> Status {
      auto v = plan_version(c, fid);
      if (!v) return pass(v);
      now_version = *v;
      auto goal = get_goal(c, fid, gid);
      if (!goal) return pass(goal);
      now_goal = std::move(*goal);
      return {};
    });
    if (!again) return web::busy_page(ctx);
    Html notice;
    if (now_goal)
      notice.append(R"(<div class="ds-alert" data-color="info"><p class="ds-paragraph">{}</p><p class="ds-paragraph" dir="auto">{}</p></div>)",
                    ctx.tr("The goal as it is saved now:"), now_goal->text);
    return goal_form(ctx, *f, action, ctx.tr("Change the goal"), in, now_version, conflict_errors(st.error(), "text"),
                     notice, 409);
  }
  return http::Response::redirect(plan_path(fid) + "?saved=1#goal-" + g.id);
}

// ---- measures ------------------------------------------------------------------------------------------

struct MeasurePage {
  std::optional<Family> family;
  std::optional<Goal> goal;
  std::optional<Measure> measure;  // edit only
  std::vector<TeamMember> team;
  std::map<std::string, std::string> names;  // the measure's offer
};

// Loads what the measure pages show. `goal_id` empty: the measure's own goal.
Status load_measure_page(Context& ctx, const std::string& goal_id, const std::string& measure_id, MeasurePage& out) {
  const std::string fid = family_id(ctx);
  return ctx.app.db->with_read([&](store::Conn& c) -> Status {
    out = {};
    auto fam = get_family(c, fid);
    if (!fam) return pass(fam);
    out.family = std::move(*fam);
    std::string gid = goal_id;
    if (!measure_id.empty()) {
      auto m = get_measure(c, fid, measure_id);
      if (!m) return pass(m);
      out.measure = std::move(*m);
      if (!out.measure) return {};
      gid = out.measure->goal_id;
      if (out.measure->offer_id) out.names = offer_names(ctx, c, {*out.measure->offer_id});
    }
    auto g = get_goal(c, fid, gid);
    if (!g) return pass(g);
    out.goal = std::move(*g);
    auto t = team(c, fid);
    if (!t) return pass(t);
    out.team = std::move(*t);
    return {};
  });
}

MeasureInput read_measure_input(const Context& ctx) {
  return {ctx.field("text"),     ctx.field("responsible"), ctx.field("responsible_user_id"),
          ctx.field("deadline"), ctx.field("status"),      ctx.field("offer_id")};
}

MeasureInput input_of(const Measure& m) {
  return {m.text, m.responsible, m.responsible_user_id.value_or(""), m.deadline, to_string(m.status),
          m.offer_id.value_or("")};
}

MeasureChoices choices_of(const MeasurePage& d, const Options& offers) {
  MeasureChoices ch;
  if (!d.family->coordinator_id.empty()) ch.user_ids.push_back(d.family->coordinator_id);
  for (const auto& m : d.team) ch.user_ids.push_back(m.user_id);
  for (const auto& [id, name] : offers) ch.offer_ids.push_back(id);
  return ch;
}

Html referral_section(const Context& ctx, const MeasurePage& d, std::int64_t version, const std::string& reason,
                      const web::FieldErrors& errors) {
  const Measure& m = *d.measure;
  Html b;
  b.append(R"(<section aria-labelledby="referral-h"><h2 class="ds-heading" data-size="sm" id="referral-h">{}</h2>)",
           ctx.tr("Referral to an offer"));
  b.append(referral_summary(ctx, m, d.names));
  const auto next = next_referral_states(m.referral_state);
  if (next.empty()) {
    b.append(R"(<p class="ds-paragraph kp-muted">{}</p></section>)", ctx.tr("This referral is finished."));
    return b;
  }
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{}{})",
           plan_path(d.family->id, "measures/" + m.id + "/referral"), web::csrf_field(ctx), version_field(version));
  Options states{{"", ctx.tr("Choose")}};
  for (ReferralState s : next) states.emplace_back(to_string(s), referral_label(ctx, s));
  b.append(web::select_field(ctx, "referral_state", ctx.tr("What has happened since?"), states, "", errors));
  web::FieldOptions why;
  why.rows = 3;
  why.dir = "auto";
  why.hint = ctx.tr("Required when the offer declined the referral or the family did not complete it.");
  b.append(web::text_field(ctx, "referral_reason", ctx.tr("Reason"), reason, errors, why));
  b.append(web::button(ctx.tr("Save the referral's new state"), false));
  b.append("</form></section>");
  return b;
}

http::Response measure_form(Context& ctx, const MeasurePage& d, const Options& offers, const MeasureInput& in,
                            std::int64_t version, const web::FieldErrors& errors, const Html& notice,
                            const std::string& referral_reason, int status) {
  const bool editing = d.measure.has_value();
  const std::string fid = d.family->id;
  const std::string heading = editing ? ctx.tr("Change the measure") : ctx.tr("New measure");
  auto p = staff_page(heading);
  Html& b = p.body;
  b.append(family_header(ctx, *d.family, FamilyTab::plan));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", heading);
  b.append(R"(<p class="ds-paragraph">{} <span dir="auto">{}</span></p>)", ctx.tr("For the goal:"), d.goal->text);
  b.append(web::error_summary(ctx, errors));
  b.append(notice);
  const std::string action =
      editing ? plan_path(fid, "measures/" + d.measure->id + "/edit") : plan_path(fid, "goals/" + d.goal->id + "/measures/new");
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{}{})", action, web::csrf_field(ctx),
           version_field(version));
  web::FieldOptions text;
  text.required = true;
  text.rows = 3;
  text.dir = "auto";
  b.append(web::text_field(ctx, "text", ctx.tr("What is to be done"), in.text, errors, text));
  web::FieldOptions resp;
  resp.dir = "auto";
  resp.hint = ctx.tr("A service or a person, as you would say it: for example NAV, or Mother.");
  b.append(web::text_field(ctx, "responsible", ctx.tr("Responsible"), in.responsible, errors, resp));
  b.append(web::select_field(ctx, "responsible_user_id", ctx.tr("Responsible on the team (optional)"),
                             responsible_options(ctx, *d.family, d.team), in.responsible_user_id, errors));
  web::FieldOptions date;
  date.type = "date";
  date.hint = ctx.tr("Optional. Year-month-day, for example 2026-03-31.");
  b.append(web::text_field(ctx, "deadline", ctx.tr("Deadline"), in.deadline, errors, date));
  Options statuses;
  for (MeasureStatus s : {MeasureStatus::planned, MeasureStatus::in_progress, MeasureStatus::done,
                          MeasureStatus::not_done, MeasureStatus::dropped})
    statuses.emplace_back(to_string(s), measure_status_label(ctx, s));
  b.append(web::select_field(ctx, "status", ctx.tr("Status"), statuses, in.status.empty() ? "planned" : in.status,
                             errors));
  const bool offer_fixed = editing && d.measure->is_referral() && d.measure->referral_state != ReferralState::requested;
  if (!offer_fixed) {
    Options choose{{"", ctx.tr("No referral")}};
    bool has_current = in.offer_id.empty();
    for (const auto& o : offers) {
      choose.push_back(o);
      if (o.first == in.offer_id) has_current = true;
    }
    // Keep an offer that was unpublished after the referral, so saving does not drop it.
    if (!has_current) {
      const auto it = d.names.find(in.offer_id);
      choose.emplace_back(in.offer_id, it == d.names.end() ? in.offer_id : it->second);
    }
    b.append(web::select_field(ctx, "offer_id", ctx.tr("Referral to an offer (optional)"), choose, in.offer_id, errors,
                               ctx.tr("Choose an offer from the catalog to refer the family to it. The referral "
                                      "starts as requested.")));
  }
  b.append(R"(<div class="kp-actions">{}<a class="ds-link" href="{}">{}</a></div>)",
           web::button(ctx.tr("Save the measure")), plan_path(fid), ctx.tr("Back to the plan"));
  b.append("</form>");
  if (editing && d.measure->is_referral()) b.append(referral_section(ctx, d, version, referral_reason, errors));
  return render_private(ctx, p, status);
}

http::Response measure_new_get(Context& ctx) {
  MeasurePage d;
  if (!load_measure_page(ctx, path_param(ctx, "goal"), "", d)) return web::busy_page(ctx);
  if (!d.family || !d.goal) return web::not_found_page(ctx);
  return measure_form(ctx, d, published_offers(ctx, d.family->municipality_id), {}, d.family->plan_version, {}, {}, "",
                      200);
}

// Re-reads the plan version after a conflict, and what the measure says now (edit only).
Status reload_after_conflict(Context& ctx, const std::string& measure_id, std::int64_t& version, Html& notice) {
  std::optional<Measure> now;
  const std::string fid = family_id(ctx);
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto v = plan_version(c, fid);
    if (!v) return pass(v);
    version = *v;
    if (measure_id.empty()) return {};
    auto m = get_measure(c, fid, measure_id);
    if (!m) return pass(m);
    now = std::move(*m);
    return {};
  });
  if (st && now)
    notice.append(R"(<div class="ds-alert" data-color="info"><p class="ds-paragraph">{}</p><p class="ds-paragraph" dir="auto">{}</p></div>)",
                  ctx.tr("The measure as it is saved now:"), now->text);
  return st;
}

http::Response measure_new_post(Context& ctx) {
  MeasurePage d;
  if (!load_measure_page(ctx, path_param(ctx, "goal"), "", d)) return web::busy_page(ctx);
  if (!d.family || !d.goal) return web::not_found_page(ctx);
  const Options offers = published_offers(ctx, d.family->municipality_id);
  const MeasureInput in = read_measure_input(ctx);
  std::int64_t version = posted_version(ctx);
  const UnixSeconds now = ctx.app.clock.now();
  Measure m;
  FieldErrorList errs;
  apply_measure_input(in, choices_of(d, offers), now, m, errs);
  if (!errs.empty()) return measure_form(ctx, d, offers, in, version, to_field_errors(errs), {}, "", 400);
  m.id = ids::new_uuid();
  m.family_id = d.family->id;
  m.goal_id = d.goal->id;
  m.created_by = ctx.actor->user_id;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(bump_plan_version(c, m.family_id, version));
    KP_TRY(insert_measure(c, ctx.actor->municipality_id, m, now));
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "plan.measure_create", m.family_id,
                                      fmt::format("{{\"goal\":\"{}\",\"measure\":\"{}\"}}", m.goal_id, m.id)));
  });
  if (!st) {
    if (st.error().kind != ErrorKind::conflict) return web::busy_page(ctx);
    Html notice;
    if (!reload_after_conflict(ctx, "", version, notice)) return web::busy_page(ctx);
    return measure_form(ctx, d, offers, in, version, conflict_errors(st.error(), "text"), notice, "", 409);
  }
  return http::Response::redirect(plan_path(m.family_id) + "?saved=1#measure-" + m.id);
}

http::Response measure_edit_get(Context& ctx) {
  MeasurePage d;
  if (!load_measure_page(ctx, "", path_param(ctx, "measure"), d)) return web::busy_page(ctx);
  if (!d.family || !d.measure || !d.goal) return web::not_found_page(ctx);
  return measure_form(ctx, d, published_offers(ctx, d.family->municipality_id), input_of(*d.measure),
                      d.family->plan_version, {}, {}, "", 200);
}

http::Response measure_edit_post(Context& ctx) {
  MeasurePage d;
  if (!load_measure_page(ctx, "", path_param(ctx, "measure"), d)) return web::busy_page(ctx);
  if (!d.family || !d.measure || !d.goal) return web::not_found_page(ctx);
  const Options offers = published_offers(ctx, d.family->municipality_id);
  const MeasureInput in = read_measure_input(ctx);
  std::int64_t version = posted_version(ctx);
  Measure m = *d.measure;
  FieldErrorList errs;
  apply_measure_input(in, choices_of(d, offers), ctx.app.clock.now(), m, errs);
  if (!errs.empty()) return measure_form(ctx, d, offers, in, version, to_field_errors(errs), {}, "", 400);
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(bump_plan_version(c, m.family_id, version));
    KP_TRY(update_measure(c, m, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "plan.measure_update", m.family_id, "{\"measure\":\"" + m.id + "\"}"));
  });
  if (!st) {
    if (st.error().kind != ErrorKind::conflict) return web::busy_page(ctx);
    Html notice;
    if (!reload_after_conflict(ctx, m.id, version, notice)) return web::busy_page(ctx);
    return measure_form(ctx, d, offers, in, version, conflict_errors(st.error(), "text"), notice, "", 409);
  }
  return http::Response::redirect(plan_path(m.family_id) + "?saved=1#measure-" + m.id);
}

http::Response referral_post(Context& ctx) {
  MeasurePage d;
  if (!load_measure_page(ctx, "", path_param(ctx, "measure"), d)) return web::busy_page(ctx);
  if (!d.family || !d.measure || !d.goal) return web::not_found_page(ctx);
  const Options offers = published_offers(ctx, d.family->municipality_id);
  std::int64_t version = posted_version(ctx);
  const std::string reason = ctx.field("referral_reason");
  Measure m = *d.measure;
  FieldErrorList errs;
  apply_referral_change(ctx.field("referral_state"), reason, ctx.app.clock.now(), m, errs);
  if (!errs.empty())
    return measure_form(ctx, d, offers, input_of(*d.measure), version, to_field_errors(errs), {}, reason, 400);
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(bump_plan_version(c, m.family_id, version));
    KP_TRY(update_measure(c, m, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "plan.referral", m.family_id,
                                      fmt::format("{{\"measure\":\"{}\",\"state\":\"{}\"}}", m.id,
                                                  to_string(m.referral_state))));
  });
  if (!st) {
    if (st.error().kind != ErrorKind::conflict) return web::busy_page(ctx);
    Html notice;
    if (!reload_after_conflict(ctx, "", version, notice)) return web::busy_page(ctx);
    // The referral may have moved on meanwhile: show its state now, with the user's reason kept.
    MeasurePage fresh;
    if (!load_measure_page(ctx, "", m.id, fresh)) return web::busy_page(ctx);
    if (!fresh.family || !fresh.measure || !fresh.goal) return web::not_found_page(ctx);
    return measure_form(ctx, fresh, offers, input_of(*fresh.measure), version,
                        conflict_errors(st.error(), "referral_reason"), notice, reason, 409);
  }
  return http::Response::redirect(plan_path(m.family_id) + "?saved=1#measure-" + m.id);
}

}  // namespace

void register_plan_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff/families/{id:uuid}/plan", Permission::family_read, plan_get);
  r.add(Method::GET, "/staff/families/{id:uuid}/plan/goals/new", Permission::family_write, goal_new_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/plan/goals/new", Permission::family_write, goal_new_post);
  r.add(Method::GET, "/staff/families/{id:uuid}/plan/goals/{goal:uuid}/edit", Permission::family_write, goal_edit_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/plan/goals/{goal:uuid}/edit", Permission::family_write, goal_edit_post);
  r.add(Method::GET, "/staff/families/{id:uuid}/plan/goals/{goal:uuid}/measures/new", Permission::family_write,
        measure_new_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/plan/goals/{goal:uuid}/measures/new", Permission::family_write,
        measure_new_post);
  r.add(Method::GET, "/staff/families/{id:uuid}/plan/measures/{measure:uuid}/edit", Permission::family_write,
        measure_edit_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/plan/measures/{measure:uuid}/edit", Permission::family_write,
        measure_edit_post);
  r.add(Method::POST, "/staff/families/{id:uuid}/plan/measures/{measure:uuid}/referral", Permission::family_write,
        referral_post);
}

}  // namespace kp::families
