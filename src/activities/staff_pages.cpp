// Staff pages for activities: the list, create and edit (with optimistic concurrency), publish
// and cancel, the activity's page with its participants, waiting list, offers and lottery, staff
// cancelling a place, and the figures. Who may run which activity is decided per record by
// policy::can_manage_activity (editors only for their organisations' offers): others get 404,
// as in the catalog. Participant lists are reads of personal data and are audited (group commit)
// before they are shown. A referred child looks like every other participant here; only the
// staff member who booked the place, or the family's coordinator/consented team, sees a mark.
#include <fmt/format.h>

#include <algorithm>

#include "activities/activity_store.hpp"
#include "activities/enrolment.hpp"
#include "activities/enrolment_store.hpp"
#include "activities/figures.hpp"
#include "activities/lottery.hpp"
#include "activities/pages.hpp"
#include "activities/rules.hpp"
#include "activities/views.hpp"
#include "activities/waitlist.hpp"
#include "app/app.hpp"
#include "audit/audit.hpp"
#include "catalog/store.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "families/guard.hpp"
#include "families/store.hpp"
#include "policy/activity_policy.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace kp::activities {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

// ---- the list --------------------------------------------------------------------------------

http::Response list(Context& ctx) {
  const policy::Actor& a = *ctx.actor;
  std::vector<StaffActivity> rows;
  std::map<std::string, PlaceCounts> counts;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto all = list_staff_activities(c, a.municipality_id);
    if (!all) return pass(all);
    for (auto& s : *all)
      if (policy::can_manage_activity(a, {s.activity.municipality_id, s.offer_organization_id})) rows.push_back(std::move(s));
    auto n = place_counts_all(c, a.municipality_id);
    if (!n) return pass(n);
    counts = std::move(*n);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  auto p = staff_activity_page(ctx.tr("Activities"));
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(saved_notice(ctx));
  b.append(R"(<div class="kp-actions"><a class="ds-button" data-variant="primary" href="/staff/activities/new">{}</a><a class="ds-button" data-variant="secondary" href="/staff/activities/figures">{}</a>)",
           ctx.tr("New activity"), ctx.tr("Figures"));
  if (policy::check(ctx.actor, Permission::activity_book) == policy::Decision::allow)
    b.append(R"(<a class="ds-button" data-variant="secondary" href="/staff/activities/reserved">{}</a>)",
             ctx.tr("Book a reserved place"));
  b.append("</div>");
  if (rows.empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("There are no activities yet. Make one from an offer in the catalog."));
    return render_private(ctx, p);
  }
  b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table" data-border><caption class="kp-visually-hidden">{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
           ctx.tr("Activities"), ctx.tr("Activity"), ctx.tr("Dates"), ctx.tr("Status"), ctx.tr("Places"),
           ctx.tr("Signed up"), ctx.tr("Waiting"));
  for (const auto& s : rows) {
    const Activity& act = s.activity;
    PlaceCounts pc;
    if (auto it = counts.find(act.id); it != counts.end()) pc = it->second;
    b.append(R"(<tr><td><a class="ds-link" href="/staff/activities/{}">{}</a></td><td>{}</td><td><span class="ds-tag" data-color="{}">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>)",
             act.id, act.title, date_range_label(ctx, act.starts_on, act.ends_on), status_color(act.status),
             status_label(ctx, act.status), ctx.t.number(act.capacity),
             ctx.t.number(pc.public_taken + pc.reserved_taken), ctx.t.number(pc.waiting + pc.applied));
  }
  b.append("</tbody></table></div>");
  return render_private(ctx, p);
}

// ---- create and edit -------------------------------------------------------------------------

// The catalog offers the actor may hang an activity on (not archived), in name order.
Result<ActivityFormChoices> form_choices(Context& ctx, const std::string& keep_offer_id = {}) {
  const policy::Actor& a = *ctx.actor;
  return ctx.app.db->read([&](store::Conn& c) -> Result<ActivityFormChoices> {
    catalog::OfferQuery q;
    q.municipality_id = a.municipality_id;
    q.states = {catalog::OfferState::published, catalog::OfferState::draft, catalog::OfferState::unpublished};
    auto offers = catalog::list_offers(c, q);
    if (!offers) return pass(offers);
    ActivityFormChoices out;
    for (const auto& o : *offers)
      if (o.id == keep_offer_id || policy::can_create_activity_for(a, a.municipality_id, o.organization_id))
        out.offers.emplace_back(o.id, catalog::text_in(o.texts, "name", catalog::kSourceLanguage));
    return out;
  });
}

std::vector<std::string> offer_ids(const ActivityFormChoices& ch) {
  std::vector<std::string> ids;
  for (const auto& [id, name] : ch.offers) ids.push_back(id);
  return ids;
}

ActivityForm read_form(const Context& ctx) {
  ActivityForm f;
  f.offer_id = ctx.field("offer_id");
  f.title = ctx.field("title");
  f.description = ctx.field("description");
  f.bring = ctx.field("bring");
  f.place = ctx.field("place");
  f.starts_on = ctx.field("starts_on");
  f.ends_on = ctx.field("ends_on");
  f.session_from = ctx.field("session_from");
  f.session_to = ctx.field("session_to");
  for (const auto& [k, v] : ctx.form)
    if (k == "weekdays") f.weekdays.push_back(v);
  f.capacity = ctx.field("capacity");
  f.reserved_places = ctx.field("reserved_places");
  f.age_min = ctx.field("age_min");
  f.age_max = ctx.field("age_max");
  f.price = ctx.field("price");
  f.signup_opens = ctx.field("signup_opens");
  f.signup_closes = ctx.field("signup_closes");
  f.allocation = ctx.field("allocation");
  return f;
}

http::Response form_page(Context& ctx, const ActivityFormChoices& ch, const ActivityForm& f,
                         const web::FieldErrors& errors, const std::string& action, const std::string& heading,
                         std::int64_t version, int status) {
  auto p = staff_activity_page(heading);
  p.body.append(R"(<p class="ds-paragraph kp-muted"><a class="ds-link" href="/staff/activities">{}</a></p><h1 class="ds-heading" data-size="lg">{}</h1>)",
                ctx.tr("All activities"), heading);
  if (ch.offers.empty())
    p.body.append(R"(<p class="ds-paragraph">{}</p>)",
                  ctx.tr("An activity belongs to an offer in the catalog, and you have no offer to use. Make the offer first."));
  p.body.append(activity_form(ctx, ch, f, errors, action, version));
  return render_private(ctx, p, status);
}

std::string sessions_json(std::size_t n) { return fmt::format(R"({{"sessions":{}}})", n); }

http::Response new_get(Context& ctx) {
  auto ch = form_choices(ctx);
  if (!ch) return web::busy_page(ctx);
  std::string offer = ctx.query("offer");
  if (std::find_if(ch->offers.begin(), ch->offers.end(), [&](const auto& o) { return o.first == offer; }) == ch->offers.end())
    offer.clear();
  return form_page(ctx, *ch, default_activity_form(families::today_iso(ctx.app.clock), offer), {},
                   "/staff/activities/new", ctx.tr("New activity"), 0, 200);
}

http::Response new_post(Context& ctx) {
  auto ch = form_choices(ctx);
  if (!ch) return web::busy_page(ctx);
  const ActivityForm f = read_form(ctx);
  Activity a;
  std::vector<PlannedSession> planned;
  FieldErrorList errs;
  apply_activity_form(f, offer_ids(*ch), {}, a, planned, errs);
  if (!errs.empty())
    return form_page(ctx, *ch, f, to_field_errors(errs), "/staff/activities/new", ctx.tr("New activity"), 0, 400);
  const UnixSeconds now = ctx.app.clock.now();
  a.id = ids::new_uuid();
  a.municipality_id = ctx.actor->municipality_id;
  a.status = ActivityStatus::draft;
  a.version = 1;
  a.created_at = a.updated_at = now;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(insert_activity(c, a));
    for (const auto& s : planned)
      KP_TRY(insert_session(c, Session{ids::new_uuid(), a.municipality_id, a.id, s.starts_at, s.ends_at, ""}));
    return audit::append(c, ctx.app.clock, activity_audit(ctx, "activity.create", a.id, sessions_json(planned.size())));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect("/staff/activities/" + a.id + "?saved=1");
}

std::string edit_heading(const Context& ctx, const Activity& a) {
  return ctx.t.tr_args("Edit: {name}", {{"name", a.title}});
}

http::Response edit_get(Context& ctx, const StaffActivity& s) {
  auto ch = form_choices(ctx, s.activity.offer_id);
  if (!ch) return web::busy_page(ctx);
  auto sessions = ctx.app.db->read([&](store::Conn& c) {
    return list_sessions(c, s.activity.municipality_id, s.activity.id);
  });
  if (!sessions) return web::busy_page(ctx);
  return form_page(ctx, *ch, form_from_activity(s.activity, *sessions), {}, activity_path(s.activity.id, "edit"),
                   edit_heading(ctx, s.activity), s.activity.version, 200);
}

http::Response edit_post(Context& ctx, const StaffActivity& s) {
  auto ch = form_choices(ctx, s.activity.offer_id);
  if (!ch) return web::busy_page(ctx);
  const ActivityForm f = read_form(ctx);
  const std::string action = activity_path(s.activity.id, "edit");
  const std::string heading = edit_heading(ctx, s.activity);
  std::int64_t version = 0;
  try {
    version = std::stoll(ctx.field("version"));
  } catch (...) {
  }
  auto counts = ctx.app.db->read([&](store::Conn& c) { return place_counts(c, s.activity.municipality_id, s.activity); });
  if (!counts) return web::busy_page(ctx);
  Activity updated = s.activity;
  std::vector<PlannedSession> planned;
  FieldErrorList errs;
  apply_activity_form(f, offer_ids(*ch), {counts->public_taken + counts->reserved_taken, counts->reserved_taken},
                      updated, planned, errs);
  if (!errs.empty()) return form_page(ctx, *ch, f, to_field_errors(errs), action, heading, version, 400);
  const UnixSeconds now = ctx.app.clock.now();
  const Mailer& mailer = ctx.app.enrolments.mailer();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(update_activity_versioned(c, updated, version, now));
    auto existing = list_sessions(c, updated.municipality_id, updated.id);
    if (!existing) return pass(existing);
    for (const auto& e : *existing)
      if (std::find(planned.begin(), planned.end(), PlannedSession{e.starts_at, e.ends_at}) == planned.end())
        KP_TRY(delete_session_if_unrecorded(c, updated.municipality_id, e.id));
    for (const auto& p : planned)
      if (std::none_of(existing->begin(), existing->end(),
                       [&](const Session& e) { return e.starts_at == p.starts_at && e.ends_at == p.ends_at; }))
        KP_TRY(insert_session(c, Session{ids::new_uuid(), updated.municipality_id, updated.id, p.starts_at, p.ends_at, ""}));
    std::vector<audit::Entry> audits{activity_audit(ctx, "activity.update", updated.id, sessions_json(planned.size()))};
    // More places: the waiting list moves on at once.
    if (updated.status == ActivityStatus::published && updated.allocation == Allocation::first_come) {
      auto n = offer_free_places(c, ctx.app.clock, mailer, ctx.app.settings.offer_hold_hours, updated.municipality_id,
                                 updated.id, audits);
      if (!n) return pass(n);
    }
    return audit::append_all(c, ctx.app.clock, audits);
  });
  if (!st) {
    if (st.error().kind == ErrorKind::conflict) {
      web::FieldErrors e;
      e.add("title", st.error().message);
      return form_page(ctx, *ch, f, e, action, heading, version, 409);
    }
    return web::busy_page(ctx);
  }
  return http::Response::redirect(activity_path(updated.id) + "?saved=1");
}

// ---- publish and cancel ----------------------------------------------------------------------

http::Response change_state(Context& ctx, const StaffActivity& s) {
  const Activity& a = s.activity;
  const std::string to = ctx.field("to");
  if (to == "published" && a.status == ActivityStatus::draft) {
    auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
      KP_TRY(set_activity_status(c, a.municipality_id, a.id, ActivityStatus::published, ctx.app.clock.now()));
      return audit::append(c, ctx.app.clock, activity_audit(ctx, "activity.publish", a.id));
    });
    if (!st) return web::busy_page(ctx);
    return http::Response::redirect(activity_path(a.id) + "?saved=1");
  }
  if (to == "cancelled" && a.status != ActivityStatus::cancelled) {
    const Mailer& mailer = ctx.app.enrolments.mailer();
    const UnixSeconds now = ctx.app.clock.now();
    auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
      KP_TRY(set_activity_status(c, a.municipality_id, a.id, ActivityStatus::cancelled, now));
      auto people = participants_of_activity(c, a.municipality_id, a.id);
      if (!people) return pass(people);
      std::map<std::string, std::vector<Participant>> by_signup;
      for (auto p : *people) {
        if (!staff_may_cancel(p.status)) continue;
        KP_TRY(change_status(c, a.municipality_id, p.id, p.status, ParticipantStatus::cancelled, std::nullopt,
                             std::nullopt, now));
        p.status = ParticipantStatus::cancelled;
        by_signup[p.signup_id].push_back(std::move(p));
      }
      Activity cancelled = a;
      cancelled.status = ActivityStatus::cancelled;
      for (const auto& [signup_id, children] : by_signup) {
        auto sg = get_signup(c, a.municipality_id, signup_id);
        if (!sg) return pass(sg);
        if (*sg) KP_TRY(send_cancellation(c, ctx.app.clock, mailer, cancelled, **sg, children));
      }
      return audit::append(c, ctx.app.clock,
                           activity_audit(ctx, "activity.cancel_activity", a.id,
                                          fmt::format(R"({{"places_cancelled":{}}})", by_signup.size())));
    });
    if (!st) return web::busy_page(ctx);
    return http::Response::redirect(activity_path(a.id) + "?saved=1");
  }
  return web::error_page(ctx, 400, ctx.tr("The form could not be read"), ctx.tr("Go back and try again."));
}

// ---- the activity's page ---------------------------------------------------------------------

struct Detail {
  std::vector<Session> sessions;
  PlaceCounts counts;
  std::vector<Participant> people;
  std::map<std::string, Signup> signups;
  std::set<std::string> marked;  // participants whose reserved place this actor may see
  std::vector<LotteryRun> runs;
  std::map<std::string, SessionCount> attendance;
  std::vector<ParticipantFacts> facts;
};

// Which referred participants the actor may see as referred: those they booked, and those of a
// family they follow as coordinator or consented team member. Loads family facts only for
// staff who can have family grounds at all.
Result<std::set<std::string>> visible_referrals(store::Conn& c, const Context& ctx, const Activity& a) {
  const policy::Actor& actor = *ctx.actor;
  auto refs = referral_facts(c, a.municipality_id, a.id);
  if (!refs) return pass(refs);
  std::set<std::string> out;
  const std::string today = families::today_iso(ctx.app.clock);
  std::map<std::string, policy::FamilyGrounds> grounds;
  for (const auto& r : *refs) {
    policy::FamilyGrounds g = policy::FamilyGrounds::none;
    if (!r.family_id.empty() && policy::can_request_emergency_access(actor)) {
      if (auto it = grounds.find(r.family_id); it != grounds.end()) g = it->second;
      else {
        auto facts = families::load_facts(c, r.family_id, actor.user_id, ctx.app.clock.now());
        if (!facts) return pass(facts);
        if (*facts) g = policy::family_grounds(actor, **facts, today);
        grounds[r.family_id] = g;
      }
    }
    if (policy::can_see_referral(actor, r.booked_by, g)) out.insert(r.participant_id);
  }
  return out;
}

http::Response detail(Context& ctx, const StaffActivity& s) {
  const Activity& a = s.activity;
  Detail d;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto se = list_sessions(c, a.municipality_id, a.id);
    if (!se) return pass(se);
    d.sessions = std::move(*se);
    auto pc = place_counts(c, a.municipality_id, a);
    if (!pc) return pass(pc);
    d.counts = *pc;
    auto pe = participants_of_activity(c, a.municipality_id, a.id);
    if (!pe) return pass(pe);
    d.people = std::move(*pe);
    auto sg = signups_of_activity(c, a.municipality_id, a.id);
    if (!sg) return pass(sg);
    d.signups = std::move(*sg);
    auto mk = visible_referrals(c, ctx, a);
    if (!mk) return pass(mk);
    d.marked = std::move(*mk);
    auto runs = lottery_runs(c, a.municipality_id, a.id);
    if (!runs) return pass(runs);
    d.runs = std::move(*runs);
    auto at = attendance_per_session(c, a.municipality_id, a.id);
    if (!at) return pass(at);
    d.attendance = std::move(*at);
    auto fa = participant_facts(c, a.municipality_id, a.id);
    if (!fa) return pass(fa);
    d.facts = std::move(*fa);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  // The list shows children's names and needs: log the look before showing it (fail closed).
  if (!d.people.empty() && !log_participant_view(ctx, a.id, d.people.size())) return web::busy_page(ctx);

  const UnixSeconds now = ctx.app.clock.now();
  auto p = staff_activity_page(a.title);
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph kp-muted"><a class="ds-link" href="/staff/activities">{}</a></p>)", ctx.tr("All activities"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{} <span class="ds-tag" data-color="{}">{}</span></h1>)", a.title,
           status_color(a.status), status_label(ctx, a.status));
  b.append(saved_notice(ctx));
  if (ctx.query("booked") == "1")
    b.append(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)",
             ctx.tr("The place is booked. The family gets the ordinary receipt."));

  // Actions.
  const std::string base = activity_path(a.id);
  b.append(R"(<div class="kp-actions"><a class="ds-button" data-variant="primary" href="{}/edit">{}</a><a class="ds-button" data-variant="secondary" href="{}/attendance">{}</a>)",
           base, ctx.tr("Edit"), base, ctx.tr("Attendance"));
  if (a.status == ActivityStatus::draft) b.append(post_button(ctx, base + "/state", ctx.tr("Publish"), true, "to", "published"));
  if (a.status == ActivityStatus::published &&
      policy::check(ctx.actor, Permission::activity_book) == policy::Decision::allow && a.reserved_places > 0)
    b.append(R"(<a class="ds-button" data-variant="secondary" href="{}/book">{}</a>)", base, ctx.tr("Book a reserved place"));
  b.append("</div>");

  // Facts.
  b.append(R"(<dl class="kp-facts"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>)",
           ctx.tr("Dates"), date_range_label(ctx, a.starts_on, a.ends_on), ctx.tr("Ages"), age_label(ctx, a),
           ctx.tr("Price"), price_label(ctx, a.price_ore), ctx.tr("Sign-up"),
           ctx.t.date_time(a.signup_opens) + " – " + ctx.t.date_time(a.signup_closes), ctx.tr("How places are given"),
           allocation_label(ctx, a.allocation));
  if (!a.place.empty()) b.append(R"(<dt>{}</dt><dd dir="auto">{}</dd>)", ctx.tr("Where"), a.place);
  if (!a.bring.empty()) b.append(R"(<dt>{}</dt><dd dir="auto">{}</dd>)", ctx.tr("What to bring"), a.bring);
  b.append("</dl>");

  // Places (counts only).
  const std::int64_t taken = d.counts.public_taken + d.counts.reserved_taken;
  b.append(R"(<section aria-labelledby="places-h"><h2 class="ds-heading" data-size="sm" id="places-h">{}</h2><ul class="kp-place-counts">)",
           ctx.tr("Places"));
  b.append("<li><strong>{}</strong> {}</li>", ctx.t.number(a.capacity), ctx.tr("places in all"));
  b.append("<li><strong>{}</strong> {}</li>", ctx.t.number(taken), ctx.tr("taken"));
  b.append("<li><strong>{}</strong> {}</li>", ctx.t.number(d.counts.public_left()), ctx.tr("free for sign-up"));
  if (a.reserved_places > 0)
    b.append("<li><strong>{}</strong> {}</li>", ctx.t.number(d.counts.reserved_left()),
             ctx.tr("reserved places not yet booked"));
  b.append("<li><strong>{}</strong> {}</li>", ctx.t.number(d.counts.waiting), ctx.tr("on the waiting list"));
  if (d.counts.applied > 0) b.append("<li><strong>{}</strong> {}</li>", ctx.t.number(d.counts.applied), ctx.tr("applied for the lottery"));
  b.append("</ul></section>");

  // Lottery.
  if (a.allocation == Allocation::lottery) {
    b.append(R"(<section aria-labelledby="lottery-h"><h2 class="ds-heading" data-size="sm" id="lottery-h">{}</h2>)", ctx.tr("Lottery"));
    if (d.runs.empty()) {
      if (lottery_due(a, now, false))
        b.append(post_button(ctx, base + "/lottery", ctx.tr("Run the lottery"), true));
      else if (a.status != ActivityStatus::cancelled)
        b.append(R"(<p class="ds-paragraph">{}</p>)",
                 ctx.t.tr_args("The lottery can be run when the sign-up has closed ({time}).",
                               {{"time", ctx.t.date_time(a.signup_closes)}}));
    }
    for (const auto& r : d.runs)
      b.append(R"(<div class="kp-lottery-run"><p class="ds-paragraph">{}</p><p class="ds-paragraph">{} <code>{}</code></p><p class="ds-paragraph" lang="nb">{}</p></div>)",
               ctx.t.tr_args("Run {time}.", {{"time", ctx.t.date_time(r.run_at)}}), ctx.tr("Seed (to check the result):"),
               r.seed, r.explanation);
    b.append("</section>");
  }

  // Participants.
  const bool can_cancel = a.status != ActivityStatus::cancelled;
  auto rows_of = [&](auto pred) {
    std::vector<ParticipantRow> rows;
    for (const auto& person : d.people) {
      if (!pred(person)) continue;
      ParticipantRow r;
      r.participant = person;
      if (auto it = d.signups.find(person.signup_id); it != d.signups.end()) {
        r.guardian_name = it->second.guardian_name;
        r.phone = it->second.phone;
        r.email = it->second.email;
      }
      r.show_reserved_mark = d.marked.count(person.id) > 0;
      r.can_cancel = can_cancel && staff_may_cancel(person.status);
      rows.push_back(std::move(r));
    }
    return rows;
  };
  auto placed = rows_of([](const Participant& x) { return takes_attendance(x.status); });
  std::sort(placed.begin(), placed.end(),
            [](const ParticipantRow& x, const ParticipantRow& y) { return x.participant.name < y.participant.name; });
  b.append(R"(<section aria-labelledby="people-h"><h2 class="ds-heading" data-size="sm" id="people-h">{}</h2>)",
           ctx.t.trn("{n} child has a place", "{n} children have a place", static_cast<long>(placed.size())));
  b.append(participant_table(ctx, a.id, ctx.tr("Children with a place"), placed, false));
  b.append("</section>");
  auto applied = rows_of([](const Participant& x) { return x.status == ParticipantStatus::applied; });
  if (!applied.empty()) {
    b.append(R"(<section aria-labelledby="applied-h"><h2 class="ds-heading" data-size="sm" id="applied-h">{}</h2>)",
             ctx.t.trn("{n} application for the lottery", "{n} applications for the lottery", static_cast<long>(applied.size())));
    b.append(participant_table(ctx, a.id, ctx.tr("Applications"), applied, false));
    b.append("</section>");
  }
  auto waiting = rows_of([](const Participant& x) { return x.status == ParticipantStatus::waiting; });
  b.append(R"(<section aria-labelledby="waiting-h"><h2 class="ds-heading" data-size="sm" id="waiting-h">{}</h2>)",
           ctx.t.trn("{n} on the waiting list", "{n} on the waiting list", static_cast<long>(waiting.size())));
  if (!waiting.empty())
    b.append(R"(<p class="ds-paragraph">{}</p>)",
             ctx.tr("In order: when a place is free, the first gets an offer that holds the place for a while, then the next."));
  b.append(participant_table(ctx, a.id, ctx.tr("Waiting list"), waiting, true));
  b.append("</section>");
  auto gone = rows_of([](const Participant& x) { return !takes_attendance(x.status) && x.status != ParticipantStatus::applied &&
                                                        x.status != ParticipantStatus::waiting; });
  if (!gone.empty()) {
    b.append(R"(<details class="kp-details"><summary>{}</summary>)",
             ctx.t.trn("{n} cancelled or without a place", "{n} cancelled or without a place", static_cast<long>(gone.size())));
    b.append(participant_table(ctx, a.id, ctx.tr("Cancelled or without a place"), gone, false));
    b.append("</details>");
  }

  // Sessions and figures.
  b.append(R"(<section aria-labelledby="sessions-h"><h2 class="ds-heading" data-size="sm" id="sessions-h">{}</h2><ul class="kp-list">)",
           ctx.t.trn("{n} session", "{n} sessions", static_cast<long>(d.sessions.size())));
  for (const auto& se : d.sessions) {
    b.append(R"(<li><a class="ds-link" href="{}/attendance?session={}">{}</a>)", base, se.id, session_label(ctx, se));
    if (auto it = d.attendance.find(se.id); it != d.attendance.end())
      b.append(" — {}", ctx.t.tr_args("{present} of {recorded} here", {{"present", ctx.t.number(it->second.present)},
                                                                      {"recorded", ctx.t.number(it->second.recorded)}}));
    b.append("</li>");
  }
  b.append("</ul></section>");
  const auto figs = figures_by_activity({a}, d.facts);
  b.append(figures_table(ctx, ctx.tr("Figures for this activity"), {{a.title, "", figs.at(a.id)}}, nullptr));

  if (a.status != ActivityStatus::cancelled) {
    b.append(R"(<section aria-labelledby="cancel-h"><h2 class="ds-heading" data-size="sm" id="cancel-h">{}</h2><p class="ds-paragraph">{}</p>)",
             ctx.tr("Cancel the activity"),
             ctx.tr("Everyone who signed up gets a message that the activity is cancelled."));
    b.append(post_button(ctx, base + "/state", ctx.tr("Cancel the activity"), false, "to", "cancelled"));
    b.append("</section>");
  }
  return render_private(ctx, p);
}

// ---- staff actions on participants -----------------------------------------------------------

http::Response cancel_place(Context& ctx, const StaffActivity& s) {
  const Activity& a = s.activity;
  const std::string pid(ctx.req.path_param("pid"));
  auto person = ctx.app.db->read([&](store::Conn& c) { return get_participant(c, a.municipality_id, pid); });
  if (!person) return web::busy_page(ctx);
  if (!*person || (*person)->activity_id != a.id) return activity_not_found(ctx);
  if (staff_may_cancel((*person)->status)) {
    auto st = cancel_participant(*ctx.app.db, ctx.app.clock, ctx.app.enrolments.mailer(), ctx.app.settings.offer_hold_hours,
                                 a.municipality_id, pid, ctx.actor->user_id, ctx.req.remote_addr);
    if (!st) return web::busy_page(ctx);
  }
  return http::Response::redirect(activity_path(a.id) + "?saved=1");
}

http::Response lottery(Context& ctx, const StaffActivity& s) {
  const Activity& a = s.activity;
  auto run = run_lottery(*ctx.app.db, ctx.app.clock, ctx.app.enrolments.mailer(), a.municipality_id, a.id,
                         ctx.actor->user_id, ctx.req.remote_addr);
  if (!run) {
    if (run.error().kind == ErrorKind::invalid || run.error().kind == ErrorKind::conflict)
      return web::error_page(ctx, 409, ctx.tr("The lottery could not be run"), ctx.tr(run.error().message.c_str()));
    return web::busy_page(ctx);
  }
  return http::Response::redirect(activity_path(a.id) + "?saved=1#lottery-h");
}

// ---- figures ---------------------------------------------------------------------------------

http::Response figures(Context& ctx) {
  const policy::Actor& actor = *ctx.actor;
  std::vector<Activity> acts;
  std::vector<ParticipantFacts> facts;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto all = list_staff_activities(c, actor.municipality_id);
    if (!all) return pass(all);
    for (auto& s : *all)
      if (policy::can_manage_activity(actor, {s.activity.municipality_id, s.offer_organization_id}))
        acts.push_back(std::move(s.activity));
    auto f = participant_facts(c, actor.municipality_id);
    if (!f) return pass(f);
    facts = std::move(*f);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  const auto figs = figures_by_activity(acts, facts);
  const ActivityFigures total = total_of(figs);
  auto p = staff_activity_page(ctx.tr("Figures for activities"));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph kp-muted"><a class="ds-link" href="/staff/activities">{}</a></p><h1 class="ds-heading" data-size="lg">{}</h1>)",
           ctx.tr("All activities"), p.title);
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("Counts only. Attended: had a place and was there at least once. No-show: had a place, attendance "
                  "was taken, and never came. From the target group: places booked by a coordinator or a service, "
                  "or lottery priority."));
  std::vector<FiguresRow> rows;
  for (const auto& a : acts) rows.push_back({a.title, activity_path(a.id), figs.at(a.id)});
  if (rows.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("There are no activities yet."));
  else b.append(figures_table(ctx, ctx.tr("Figures per activity"), rows, &total));
  return render_private(ctx, p);
}

// ---- booking a quiet reserved place ----------------------------------------------------------

// Published activities with reserved places that have not started: where staff can book.
http::Response reserved_list(Context& ctx) {
  const policy::Actor& actor = *ctx.actor;
  const std::string today = families::today_iso(ctx.app.clock);
  std::vector<Activity> acts;
  std::map<std::string, PlaceCounts> counts;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto all = list_public_activities(c, actor.municipality_id, today);
    if (!all) return pass(all);
    for (auto& a : *all)
      if (a.reserved_places > 0 && a.starts_on > today) acts.push_back(std::move(a));
    auto n = place_counts_all(c, actor.municipality_id);
    if (!n) return pass(n);
    counts = std::move(*n);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  auto p = staff_activity_page(ctx.tr("Book a reserved place"));
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p>)", p.title,
           ctx.tr("Some places are kept for children that a coordinator or a service signs up for a family they work "
                  "with. The child is an ordinary participant for everyone else: lists, messages and figures never "
                  "say that the place was reserved."));
  if (acts.empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No activity has reserved places to book now."));
    return render_private(ctx, p);
  }
  b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table" data-border><caption class="kp-visually-hidden">{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
           p.title, ctx.tr("Activity"), ctx.tr("Dates"), ctx.tr("Ages"), ctx.tr("Reserved places left"));
  for (const auto& a : acts) {
    PlaceCounts pc = counts[a.id];
    pc.capacity = a.capacity;
    pc.reserved_places = a.reserved_places;
    b.append(R"(<tr><td><a class="ds-link" href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>)",
             activity_path(a.id, "book"), a.title, date_range_label(ctx, a.starts_on, a.ends_on), age_label(ctx, a),
             ctx.t.number(pc.reserved_left()));
  }
  b.append("</tbody></table></div>");
  return render_private(ctx, p);
}

// The families the actor may book for: coordinator of, or on the team with a valid consent.
Result<std::vector<families::FamilySummary>> my_families(Context& ctx) {
  const policy::Actor& a = *ctx.actor;
  const std::string today = families::today_iso(ctx.app.clock);
  return ctx.app.db->read([&](store::Conn& c) -> Result<std::vector<families::FamilySummary>> {
    auto facts = families::facts_for_user(c, a.municipality_id, a.user_id, ctx.app.clock.now());
    if (!facts) return pass(facts);
    families::FamilyQuery q;
    q.municipality_id = a.municipality_id;
    q.restrict_to_ids = true;
    for (const auto& f : *facts)
      if (policy::can_book_for_family(a, policy::family_grounds(a, f, today), f.closed)) q.ids.push_back(f.id);
    return families::list_families(c, q);
  });
}

struct BookForm {
  std::string family_id, child_id, guardian_id, needs;
};

bool bookable(const Activity& a, const std::string& today) {
  return a.status == ActivityStatus::published && a.reserved_places > 0 && a.starts_on > today;
}

http::Response book_page(Context& ctx, const Activity& a, const std::vector<families::FamilySummary>& mine,
                         const std::optional<families::Family>& family, const BookForm& f,
                         const web::FieldErrors& errors, int status) {
  auto p = staff_activity_page(ctx.t.tr_args("Book a reserved place: {name}", {{"name", a.title}}));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph kp-muted"><a class="ds-link" href="/staff/activities/reserved">{}</a></p><h1 class="ds-heading" data-size="lg">{}</h1>)",
           ctx.tr("Book a reserved place"), a.title);
  b.append(R"(<p class="ds-paragraph">{} · {}</p>)", date_range_label(ctx, a.starts_on, a.ends_on), age_label(ctx, a));
  if (ctx.query("booked") == "1")
    b.append(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)",
             ctx.tr("The place is booked. The family gets the ordinary receipt."));
  b.append(web::error_summary(ctx, errors));
  if (mine.empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p>)",
             ctx.tr("You can book for families you are the coordinator of, or whose team you are on with a valid consent. "
                    "You have none."));
    return render_private(ctx, p, status);
  }
  // Step 1: the family (a GET form, so choosing it changes nothing).
  std::vector<std::pair<std::string, std::string>> fams{{"", ctx.tr("Choose a family")}};
  for (const auto& s : mine) fams.emplace_back(s.id, s.name + " (" + s.reference + ")");
  b.append(R"(<form method="get" action="{}" class="kp-form kp-inline-fields">)", activity_path(a.id, "book"));
  b.append(web::select_field(ctx, "family", ctx.tr("Family you work with"), fams, f.family_id, errors));
  b.append(web::button(ctx.tr("Show the children"), !family));
  b.append("</form>");
  if (!family) return render_private(ctx, p, status);

  // Step 2: the child, the guardian who gets the receipt, needs.
  std::vector<std::pair<std::string, std::string>> kids{{"", ctx.tr("Choose a child")}};
  std::vector<std::pair<std::string, std::string>> adults{{"", ctx.tr("Choose a guardian")}};
  for (const auto& m : family->members) {
    if (m.role == families::PersonRole::child)
      kids.emplace_back(m.id, m.full_name() + (m.birth_date.size() >= 4 ? " (" + m.birth_date.substr(0, 4) + ")" : ""));
    else
      adults.emplace_back(m.id, m.full_name());
  }
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{}<input type="hidden" name="family" value="{}">)",
           activity_path(a.id, "book"), web::csrf_field(ctx), family->id);
  b.append(web::select_field(ctx, "child", ctx.tr("Child"), kids, f.child_id, errors));
  b.append(web::select_field(ctx, "guardian", ctx.tr("Guardian who gets the receipt"), adults, f.guardian_id, errors,
                             ctx.tr("The receipt is the same as for everyone else. It does not say the place was reserved.")));
  web::FieldOptions needs;
  needs.rows = 3;
  needs.dir = "auto";
  needs.hint = ctx.tr("Allergies, assistance or other needs the organiser must know about. Do not write why the child got a place.");
  b.append(web::text_field(ctx, "needs", ctx.tr("Needs"), f.needs, errors, needs));
  b.append(web::button(ctx.tr("Book the place")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

// The family the form names, when the actor may book for it; audited as a look at the family.
std::optional<families::Family> chosen_family(Context& ctx, const std::vector<families::FamilySummary>& mine,
                                              const std::string& family_id, bool& failed) {
  failed = false;
  if (family_id.empty() ||
      std::none_of(mine.begin(), mine.end(), [&](const families::FamilySummary& s) { return s.id == family_id; }))
    return std::nullopt;
  auto f = ctx.app.db->read([&](store::Conn& c) { return families::get_family(c, family_id); });
  if (!f) {
    failed = true;
    return std::nullopt;
  }
  if (!*f) return std::nullopt;
  if (ctx.app.settings.audit_reads)  // the page is held until the record is durable (503 if not)
    ctx.read_audits.push_back(ctx.app.reads.record_async(
        {families::family_audit(ctx, "family.view", family_id, fmt::format(R"({{"page":"{}"}})", ctx.req.route_name))}));
  return std::move(**f);
}

http::Response book_get(Context& ctx) {
  bool failed = false;
  auto s = load_in_municipality(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!s || !bookable(s->activity, families::today_iso(ctx.app.clock))) return activity_not_found(ctx);
  auto mine = my_families(ctx);
  if (!mine) return web::busy_page(ctx);
  std::vector<std::string> ids;
  for (const auto& f : *mine) ids.push_back(f.id);
  if (!families::log_list_view(ctx, ids, ctx.req.route_name)) return web::busy_page(ctx);
  BookForm f;
  f.family_id = ctx.query("family");
  auto family = chosen_family(ctx, *mine, f.family_id, failed);
  if (failed) return web::busy_page(ctx);
  return book_page(ctx, s->activity, *mine, family, f, {}, 200);
}

http::Response book_post(Context& ctx) {
  bool failed = false;
  auto s = load_in_municipality(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!s || !bookable(s->activity, families::today_iso(ctx.app.clock))) return activity_not_found(ctx);
  const Activity& a = s->activity;
  auto mine = my_families(ctx);
  if (!mine) return web::busy_page(ctx);
  BookForm f{ctx.field("family"), ctx.field("child"), ctx.field("guardian"), ctx.field("needs")};
  auto family = chosen_family(ctx, *mine, f.family_id, failed);
  if (failed) return web::busy_page(ctx);
  web::FieldErrors errors;
  if (!family) {
    errors.add("family", N_("Choose a family you work with."));
    return book_page(ctx, a, *mine, std::nullopt, f, errors, 400);
  }
  const families::Person* child = nullptr;
  const families::Person* guardian = nullptr;
  for (const auto& m : family->members) {
    if (m.id == f.child_id && m.role == families::PersonRole::child) child = &m;
    if (m.id == f.guardian_id && m.role != families::PersonRole::child) guardian = &m;
  }
  if (!child) errors.add("child", N_("Choose the child."));
  else if (child->birth_date.size() < 4)
    errors.add("child", N_("The child has no birth date in the family's record. Add it there first."));
  if (!guardian) errors.add("guardian", N_("Choose the guardian who gets the receipt."));
  const std::string needs(text::trim(f.needs));
  if (!text::is_clean_utf8(needs) || text::length_utf8(needs) > 1000)
    errors.add("needs", N_("The text is too long."));
  if (!errors.empty()) return book_page(ctx, a, *mine, family, f, errors, 400);

  ReservedBooking bk;
  bk.municipality_id = a.municipality_id;
  bk.activity_id = a.id;
  bk.family_id = family->id;
  bk.booked_by = ctx.actor->user_id;
  bk.guardian_name = guardian->full_name();
  bk.phone = guardian->phone;
  bk.email = guardian->email;
  bk.language = guardian->language.empty() ? "nb" : guardian->language;
  bk.child.name = child->full_name();
  bk.child.birth_year = std::stoll(child->birth_date.substr(0, 4));
  bk.child.needs = needs;
  auto out = book_reserved_place(*ctx.app.db, ctx.app.clock, ctx.app.enrolments.mailer(), bk, ctx.req.remote_addr);
  if (!out) {
    if (out.error().kind == ErrorKind::conflict || out.error().kind == ErrorKind::invalid) {
      errors.add("child", out.error().message);
      return book_page(ctx, a, *mine, family, f, errors, 409);
    }
    return web::busy_page(ctx);
  }
  // Organisers go back to the activity (where they see the mark, having booked it); service
  // employees, who do not run activities, stay on the booking page.
  if (policy::check(ctx.actor, Permission::activity_manage) == policy::Decision::allow &&
      policy::can_manage_activity(*ctx.actor, {a.municipality_id, s->offer_organization_id}))
    return http::Response::redirect(activity_path(a.id) + "?booked=1");
  return http::Response::redirect(activity_path(a.id, "book") + "?booked=1");
}

}  // namespace

void register_staff_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff/activities", Permission::activity_manage, list);
  r.add(Method::GET, "/staff/activities/new", Permission::activity_manage, new_get);
  r.add(Method::POST, "/staff/activities/new", Permission::activity_manage, new_post);
  r.add(Method::GET, "/staff/activities/figures", Permission::activity_manage, figures);
  r.add(Method::GET, "/staff/activities/{id:uuid}", Permission::activity_manage, for_manageable(detail));
  r.add(Method::GET, "/staff/activities/{id:uuid}/edit", Permission::activity_manage, for_manageable(edit_get));
  r.add(Method::POST, "/staff/activities/{id:uuid}/edit", Permission::activity_manage, for_manageable(edit_post));
  r.add(Method::POST, "/staff/activities/{id:uuid}/state", Permission::activity_manage, for_manageable(change_state));
  r.add(Method::POST, "/staff/activities/{id:uuid}/lottery", Permission::activity_manage, for_manageable(lottery));
  r.add(Method::POST, "/staff/activities/{id:uuid}/participants/{pid:uuid}/cancel", Permission::activity_manage,
        for_manageable(cancel_place));
  r.add(Method::GET, "/staff/activities/reserved", Permission::activity_book, reserved_list);
  r.add(Method::GET, "/staff/activities/{id:uuid}/book", Permission::activity_book, book_get);
  r.add(Method::POST, "/staff/activities/{id:uuid}/book", Permission::activity_book, book_post);
}

}  // namespace kp::activities
