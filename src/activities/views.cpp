#include "activities/views.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "activities/enrolment_store.hpp"
#include "app/app.hpp"
#include "core/clock.hpp"
#include "core/money.hpp"
#include "policy/activity_policy.hpp"

namespace kp::activities {
namespace {

using web::Html;

std::string date_of(const web::Context& ctx, const std::string& iso) {
  CivilDate d;
  if (!parse_iso_date(iso, d)) return iso;
  return ctx.t.date_short(d);
}

std::string two(int n) { return fmt::format("{:02d}", n); }

Html th(const std::string& label) { return Html::format(R"(<th scope="col">{}</th>)", label); }

Html fig_cells(const web::Context& ctx, const ActivityFigures& f) {
  return Html::format("<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                      ctx.t.number(f.places), ctx.t.number(f.signed_up), ctx.t.number(f.waiting + f.applied),
                      ctx.t.number(f.attended), ctx.t.number(f.no_shows), ctx.t.number(f.target_group),
                      ctx.t.number(f.cancelled));
}

}  // namespace

web::Page staff_activity_page(std::string title) { return web::staff_page(std::move(title), "activities"); }

std::string activity_path(const std::string& activity_id, std::string_view rest) {
  std::string p = "/staff/activities/" + activity_id;
  if (!rest.empty()) p.append("/").append(rest);
  return p;
}

http::Response activity_not_found(web::Context& ctx) {
  return web::error_page(ctx, 404, ctx.tr("We could not find that activity"),
                         ctx.tr("It may have been removed, or you do not have access to it."));
}

std::optional<StaffActivity> load_in_municipality(web::Context& ctx, bool& failed) {
  const std::string id(ctx.req.path_param("id"));
  auto s = ctx.app.db->read([&](store::Conn& c) { return get_staff_activity(c, ctx.actor->municipality_id, id); });
  failed = !s;
  if (!s || !*s) return std::nullopt;
  return std::move(**s);
}

std::optional<StaffActivity> load_manageable(web::Context& ctx, bool& failed) {
  auto s = load_in_municipality(ctx, failed);
  if (!s) return std::nullopt;
  if (!policy::can_manage_activity(*ctx.actor, {s->activity.municipality_id, s->offer_organization_id}))
    return std::nullopt;
  return s;
}

web::Handler for_manageable(http::Response (*fn)(web::Context&, const StaffActivity&)) {
  return [fn](web::Context& ctx) {
    bool failed = false;
    auto s = load_manageable(ctx, failed);
    if (failed) return web::busy_page(ctx);
    if (!s) return activity_not_found(ctx);
    return fn(ctx, *s);
  };
}

audit::Entry activity_audit(const web::Context& ctx, const std::string& action, const std::string& activity_id,
                            const std::string& details) {
  return audit::Entry{ctx.actor->municipality_id, ctx.actor->user_id, action, "activity", activity_id,
                      ctx.req.remote_addr, "", details};
}

bool log_participant_view(const web::Context& ctx, const std::string& activity_id, std::size_t shown) {
  if (!ctx.app.settings.audit_reads) return true;
  // Group-committed; the dispatcher holds the page until the record is durable (503 if not).
  ctx.read_audits.push_back(ctx.app.reads.record_async(
      {activity_audit(ctx, "activity.participants_view", activity_id,
                      fmt::format(R"({{"page":"{}","shown":{}}})", ctx.req.route_name, shown))}));
  return true;
}

web::FieldErrors to_field_errors(const FieldErrorList& list) {
  web::FieldErrors e;
  for (const auto& [f, m] : list) e.add(f, m);
  return e;
}

Html saved_notice(const web::Context& ctx) {
  if (ctx.query("saved") != "1") return {};
  return Html::format(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)",
                      ctx.tr("Saved."));
}

Html post_button(const web::Context& ctx, const std::string& action, const std::string& label, bool primary,
                 const std::string& name, const std::string& value) {
  return Html::format(R"(<form method="post" action="{}" class="kp-inline-form">{}{}</form>)", action,
                      web::csrf_field(ctx), web::button(label, primary, name, value));
}

std::string status_label(const web::Context& ctx, ActivityStatus s) {
  switch (s) {
    case ActivityStatus::draft: return ctx.tr("Draft");
    case ActivityStatus::published: return ctx.tr("Published");
    case ActivityStatus::cancelled: return ctx.tr("Called off");  // avlyst, unlike a cancelled place (avmeldt)
  }
  return {};
}

const char* status_color(ActivityStatus s) {
  return s == ActivityStatus::published ? "success" : s == ActivityStatus::cancelled ? "danger" : "warning";
}

std::string participant_status_label(const web::Context& ctx, ParticipantStatus s) {
  switch (s) {
    case ParticipantStatus::applied: return ctx.tr("Applied (lottery)");
    case ParticipantStatus::confirmed: return ctx.tr("Has a place");
    case ParticipantStatus::waiting: return ctx.tr("On the waiting list");
    case ParticipantStatus::offered: return ctx.tr("Offered a place");
    case ParticipantStatus::cancelled: return ctx.tr("Cancelled");
    case ParticipantStatus::declined: return ctx.tr("Declined");
    case ParticipantStatus::not_placed: return ctx.tr("Got no place");
  }
  return {};
}

std::string allocation_label(const web::Context& ctx, Allocation a) {
  return a == Allocation::lottery ? ctx.tr("Lottery after the sign-up closes") : ctx.tr("First come, first served");
}

std::string date_range_label(const web::Context& ctx, const std::string& starts_on, const std::string& ends_on) {
  if (starts_on == ends_on) return date_of(ctx, starts_on);
  return date_of(ctx, starts_on) + " – " + date_of(ctx, ends_on);
}

std::string price_label(const web::Context& ctx, std::int64_t ore) {
  if (ore == 0) return ctx.tr("Free");
  return "kr " + format_nok_plain(ore);
}

std::string age_label(const web::Context& ctx, const Activity& a) {
  if (a.age_min && a.age_max)
    return ctx.t.tr_args("{from}–{to} years", {{"from", std::to_string(*a.age_min)}, {"to", std::to_string(*a.age_max)}});
  if (a.age_min) return ctx.t.tr_args("From {age} years", {{"age", std::to_string(*a.age_min)}});
  if (a.age_max) return ctx.t.tr_args("Up to {age} years", {{"age", std::to_string(*a.age_max)}});
  return ctx.tr("All ages");
}

std::string session_label(const web::Context& ctx, const Session& s) {
  const LocalDateTime from = to_oslo(s.starts_at), to = to_oslo(s.ends_at);
  return fmt::format("{} {}, {}:{}–{}:{}", ctx.t.weekday_name(iso_weekday(from.date)), ctx.t.date_short(from.date),
                     two(from.hour), two(from.minute), two(to.hour), two(to.minute));
}

Html activity_form(const web::Context& ctx, const ActivityFormChoices& choices, const ActivityForm& f,
                   const web::FieldErrors& errors, const std::string& action, std::int64_t version) {
  Html b;
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{}<input type="hidden" name="version" value="{}">)",
           action, web::csrf_field(ctx), version);
  std::vector<std::pair<std::string, std::string>> offers = {{"", ctx.tr("Choose …")}};
  offers.insert(offers.end(), choices.offers.begin(), choices.offers.end());
  b.append(web::select_field(ctx, "offer_id", ctx.tr("Offer in the catalog"), offers, f.offer_id, errors,
                             ctx.tr("Families find the activity through this offer.")));
  web::FieldOptions req;
  req.required = true;
  req.lang = "nb";
  b.append(web::text_field(ctx, "title", ctx.tr("Title"), f.title, errors, req));
  web::FieldOptions longtext;
  longtext.rows = 5;
  longtext.lang = "nb";
  b.append(web::text_field(ctx, "description", ctx.tr("What happens"), f.description, errors, longtext));
  web::FieldOptions bring;
  bring.rows = 2;
  bring.lang = "nb";
  bring.hint = ctx.tr("For example: packed lunch, clothes for the weather, swimwear.");
  b.append(web::text_field(ctx, "bring", ctx.tr("What to bring"), f.bring, errors, bring));
  b.append(web::text_field(ctx, "place", ctx.tr("Where"), f.place, errors));

  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("Dates and sessions"));
  web::FieldOptions date;
  date.type = "date";
  date.required = true;
  b.append(web::text_field(ctx, "starts_on", ctx.tr("First day"), f.starts_on, errors, date));
  b.append(web::text_field(ctx, "ends_on", ctx.tr("Last day"), f.ends_on, errors, date));
  web::FieldOptions time;
  time.type = "time";
  time.required = true;
  b.append(web::text_field(ctx, "session_from", ctx.tr("Each session starts at"), f.session_from, errors, time));
  b.append(web::text_field(ctx, "session_to", ctx.tr("Each session ends at"), f.session_to, errors, time));
  b.append(R"(<fieldset class="kp-fieldset" id="f-weekdays"><legend>{}</legend>)", ctx.tr("Days with a session"));
  if (const std::string* e = errors.get("weekdays"))
    b.append(R"(<div class="ds-validation-message" data-color="danger">{}</div>)", ctx.tr(e->c_str()));
  for (int d = 1; d <= 7; ++d) {
    const std::string v = std::to_string(d);
    const bool on = std::find(f.weekdays.begin(), f.weekdays.end(), v) != f.weekdays.end();
    b.append(web::checkbox("weekdays", v, ctx.t.weekday_name(d), on));
  }
  b.append("</fieldset></fieldset>");

  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("Places, ages and price"));
  web::FieldOptions num;
  num.type = "number";
  num.inputmode = "numeric";
  web::FieldOptions cap = num;
  cap.required = true;
  b.append(web::text_field(ctx, "capacity", ctx.tr("Places"), f.capacity, errors, cap));
  web::FieldOptions res = num;
  res.hint = ctx.tr("Part of the places, kept for children that a coordinator or a service books. Nobody else can "
                    "see who got them.");
  b.append(web::text_field(ctx, "reserved_places", ctx.tr("Reserved places"), f.reserved_places, errors, res));
  b.append(web::text_field(ctx, "age_min", ctx.tr("Lowest age"), f.age_min, errors, num));
  b.append(web::text_field(ctx, "age_max", ctx.tr("Highest age"), f.age_max, errors, num));
  web::FieldOptions price;
  price.inputmode = "decimal";
  price.hint = ctx.tr("In kroner. Leave empty when it is free.");
  b.append(web::text_field(ctx, "price", ctx.tr("Price"), f.price, errors, price));
  b.append("</fieldset>");

  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("Sign-up"));
  b.append(web::text_field(ctx, "signup_opens", ctx.tr("Sign-up opens"), f.signup_opens, errors, date));
  web::FieldOptions closes = date;
  closes.hint = ctx.tr("Sign-up closes at the end of this day.");
  b.append(web::text_field(ctx, "signup_closes", ctx.tr("Sign-up closes"), f.signup_closes, errors, closes));
  b.append(web::select_field(ctx, "allocation", ctx.tr("How places are given"),
                             {{"first_come", allocation_label(ctx, Allocation::first_come)},
                              {"lottery", allocation_label(ctx, Allocation::lottery)}},
                             f.allocation, errors,
                             ctx.tr("With a lottery, children referred by a service come first, siblings are kept "
                                    "together, and children who got no place last time come before others.")));
  b.append("</fieldset>");
  b.append(web::button(ctx.tr("Save")));
  b.append("</form>");
  return b;
}

Html participant_table(const web::Context& ctx, const std::string& activity_id, const std::string& caption,
                       const std::vector<ParticipantRow>& rows, bool waiting_list) {
  if (rows.empty()) return Html::format(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("Nobody here yet."));
  Html t;
  t.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table" data-border><caption class="kp-visually-hidden">{}</caption><thead><tr>)",
           caption);
  if (waiting_list) t.append(th(ctx.tr("No.")));
  t.append(th(ctx.tr("Child")))
      .append(th(ctx.tr("Born")))
      .append(th(ctx.tr("Needs")))
      .append(th(ctx.tr("Status")))
      .append(th(ctx.tr("Guardian")))
      .append(R"(<th scope="col"><span class="kp-visually-hidden">{}</span></th></tr></thead><tbody>)", ctx.tr("Actions"));
  int n = 0;
  for (const auto& r : rows) {
    const Participant& p = r.participant;
    t.append("<tr>");
    if (waiting_list) t.append("<td>{}</td>", ctx.t.number(++n));
    t.append(R"(<td dir="auto">{})", p.name);
    if (r.show_reserved_mark)
      t.append(R"( <span class="ds-tag kp-reserved-mark" data-color="info">{}</span>)", ctx.tr("Reserved place"));
    t.append("</td><td>{}</td>", std::to_string(p.birth_year));
    if (p.needs.empty()) t.append(R"(<td class="kp-muted">{}</td>)", ctx.tr("None given"));
    else t.append(R"(<td dir="auto" class="kp-needs">{}</td>)", p.needs);
    t.append("<td>{}", participant_status_label(ctx, p.status));
    if (p.status == ParticipantStatus::offered && p.offer_expires_at)
      t.append(R"(<br><span class="kp-muted">{}</span>)",
               ctx.t.tr_args("Answer by {time}", {{"time", ctx.t.date_time(*p.offer_expires_at)}}));
    t.append(R"(</td><td dir="auto">{})", r.guardian_name);
    if (!r.phone.empty()) t.append(R"(<br><a class="ds-link" href="tel:{}">{}</a>)", r.phone, r.phone);
    if (!r.email.empty()) t.append(R"(<br><a class="ds-link" href="mailto:{}">{}</a>)", r.email, r.email);
    t.append("</td><td>");
    if (r.can_cancel)
      t.append(R"(<form method="post" action="/staff/activities/{}/participants/{}/cancel">{}<button class="ds-button" type="submit" data-variant="secondary">{}<span class="kp-visually-hidden"> {}</span></button></form>)",
               activity_id, p.id, web::csrf_field(ctx), ctx.tr("Cancel place"), p.name);
    t.append("</td></tr>");
  }
  t.append("</tbody></table></div>");
  return t;
}

Html attendance_form(const web::Context& ctx, const std::string& activity_id, const Session& session,
                     const std::vector<Participant>& children, const std::map<std::string, bool>& marks) {
  Html b;
  b.append(R"(<form method="post" action="/staff/activities/{}/attendance?session={}" class="kp-attendance">{}<input type="hidden" name="session" value="{}">)",
           activity_id, session.id, web::csrf_field(ctx), session.id);
  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend><ul class="kp-attendance-list">)",
           ctx.t.tr_args("Who is here? {session}", {{"session", session_label(ctx, session)}}));
  for (const auto& p : children) {
    auto it = marks.find(p.id);
    const bool present = it != marks.end() && it->second;
    b.append(R"(<li><input type="hidden" name="child" value="{}"><input class="kp-toggle" type="checkbox" id="present-{}" name="present" value="{}"{}><label for="present-{}" dir="auto">{}</label>)",
             p.id, p.id, p.id, present ? Html::trusted(" checked") : Html(), p.id, p.name);
    if (it != marks.end())
      b.append(R"(<span class="kp-muted kp-attendance-state">{}</span>)", present ? ctx.tr("Registered: here") : ctx.tr("Registered: away"));
    b.append("</li>");
  }
  b.append("</ul></fieldset>");
  b.append(R"(<div class="kp-attendance-save">{}</div></form>)", web::button(ctx.tr("Save attendance")));
  return b;
}

Html figures_table(const web::Context& ctx, const std::string& caption, const std::vector<FiguresRow>& rows,
                   const ActivityFigures* total) {
  Html t;
  t.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table kp-figures" data-border><caption>{}</caption><thead><tr>)",
           caption);
  t.append(th(ctx.tr("Activity")))
      .append(th(ctx.tr("Places")))
      .append(th(ctx.tr("Signed up")))
      .append(th(ctx.tr("Waiting")))
      .append(th(ctx.tr("Attended")))
      .append(th(ctx.tr("No-shows")))
      .append(th(ctx.tr("From the target group")))
      .append(th(ctx.tr("Cancelled")))
      .append("</tr></thead><tbody>");
  for (const auto& r : rows) {
    if (r.href.empty()) t.append(R"(<tr><th scope="row">{}</th>)", r.label);
    else t.append(R"(<tr><th scope="row"><a class="ds-link" href="{}">{}</a></th>)", r.href, r.label);
    t.append(fig_cells(ctx, r.figures)).append("</tr>");
  }
  t.append("</tbody>");
  if (total)
    t.append(R"(<tfoot><tr><th scope="row">{}</th>{}</tr></tfoot>)", ctx.tr("All activities"), fig_cells(ctx, *total));
  t.append("</table></div>");
  return t;
}

}  // namespace kp::activities
