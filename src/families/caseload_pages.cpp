// The coordinator's day: "My caseload" (what needs doing in my families today) and, for the
// hub's leaders, the load per coordinator as counts only. Every family the caseload shows is a
// read of personal data and is logged before the page is sent (fail closed).
#include "app/app.hpp"
#include "families/page_kit.hpp"
#include "families/caseload.hpp"
#include "families/guard.hpp"
#include "families/pages.hpp"
#include "families/views.hpp"
#include "web/layout.hpp"

namespace kp::families {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

web::Page caseload_page(std::string title) {
  web::Page p;
  p.title = std::move(title);
  p.staff = true;
  p.nav = "caseload";
  p.noindex = true;
  return p;
}

CaseloadWindow window_of(const Context& ctx) {
  const auto& s = ctx.app.settings;
  return caseload_window(ctx.app.clock.now(), s.consent_warning_days, s.referral_warning_days, s.no_contact_weeks);
}

// The family cell every section starts with: its name linking to the page where the work is,
// and its case number.
Html family_cell(const std::string& id, const std::string& reference, const std::string& name, std::string_view tab) {
  return Html::format(R"(<td><a class="ds-link" href="{}">{}</a> <span class="kp-muted">{}</span></td>)",
                      family_path(id, tab), name, reference);
}

// An h2 with the number of rows beside it, so the count is read with the heading.
// `attention`: a non-zero count is work to do, and is marked so.
Html section_start(const Context& ctx, const char* anchor, const char* heading, size_t count, bool attention = true) {
  return Html::format(
      R"(<section aria-labelledby="{}-h"><h2 class="ds-heading" data-size="sm" id="{}-h">{} <span class="ds-tag" data-color="{}">{}</span></h2>)",
      anchor, anchor, ctx.tr(heading), count > 0 && attention ? "warning" : "neutral", ctx.t.number(static_cast<long long>(count)));
}

Html empty_section(const Context& ctx, const char* text) {
  return Html::format(R"(<p class="ds-paragraph">{}</p></section>)", ctx.tr(text));
}

Html table_start(const Context& ctx, std::initializer_list<const char*> headings) {
  Html t;
  t.append(R"(<table class="ds-table kp-table" data-border><thead><tr>)");
  for (const char* h : headings) t.append(R"(<th scope="col">{}</th>)", ctx.tr(h));
  t.append("</tr></thead><tbody>");
  return t;
}

Html overdue_section(const Context& ctx, const Caseload& cl) {
  Html b = section_start(ctx, "overdue", N_("Overdue measures"), cl.overdue.size());
  if (cl.overdue.empty()) return b.append(empty_section(ctx, N_("No measure is past its deadline.")));
  b.append(table_start(ctx, {N_("Family"), N_("Measure"), N_("Responsible"), N_("Deadline")}));
  for (const auto& m : cl.overdue)
    b.append("<tr>{}<td>{}</td><td>{}</td><td>{}</td></tr>", family_cell(m.family_id, m.reference, m.family_name, "plan"),
             m.text, m.responsible, date_label(ctx, m.deadline));
  return b.append("</tbody></table></section>");
}

Html expiring_section(const Context& ctx, const Caseload& cl) {
  Html b = section_start(ctx, "consents", N_("Consents that run out soon"), cl.expiring.size());
  if (cl.expiring.empty()) return b.append(empty_section(ctx, N_("No consent runs out soon.")));
  b.append(table_start(ctx, {N_("Family"), N_("Valid until")}));
  for (const auto& k : cl.expiring)
    b.append("<tr>{}<td>{}</td></tr>", family_cell(k.family_id, k.reference, k.family_name, "consent"),
             date_label(ctx, k.valid_to));
  return b.append("</tbody></table></section>");
}

Html waiting_section(const Context& ctx, const Caseload& cl) {
  Html b = section_start(ctx, "referrals", N_("Referrals to offers still waiting for an answer"), cl.waiting.size());
  if (cl.waiting.empty()) return b.append(empty_section(ctx, N_("No referral has waited too long.")));
  b.append(table_start(ctx, {N_("Family"), N_("Measure"), N_("Requested on")}));
  for (const auto& w : cl.waiting)
    b.append("<tr>{}<td>{}</td><td>{}</td></tr>", family_cell(w.family_id, w.reference, w.family_name, "plan"), w.text,
             date_label(ctx, w.requested_at));
  return b.append("</tbody></table></section>");
}

Html meetings_section(const Context& ctx, const Caseload& cl) {
  Html b = section_start(ctx, "meetings", N_("Meetings in the next 14 days"), cl.meetings.size());
  if (cl.meetings.empty()) return b.append(empty_section(ctx, N_("No meetings in the next 14 days.")));
  b.append(table_start(ctx, {N_("Date"), N_("Time"), N_("Family"), N_("The family takes part")}));
  for (const auto& m : cl.meetings)
    b.append("<tr><td>{}</td><td>{}</td>{}<td>{}</td></tr>", date_label(ctx, m.held_on), m.starts_at,
             family_cell(m.family_id, m.reference, m.family_name, "meetings/" + m.meeting_id),
             m.family_present ? ctx.tr("Yes") : ctx.tr("No"));
  return b.append("</tbody></table></section>");
}

Html quiet_section(const Context& ctx, const Caseload& cl) {
  Html b = section_start(ctx, "quiet", N_("Families without contact for a while"), cl.quiet.size());
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.t.trn("No call, visit, meeting or note for {n} week or more.",
                     "No call, visit, meeting or note for {n} weeks or more.", ctx.app.settings.no_contact_weeks));
  if (cl.quiet.empty()) return b.append(empty_section(ctx, N_("Every family has had contact recently.")));
  b.append(table_start(ctx, {N_("Family"), N_("Last contact")}));
  for (const auto& q : cl.quiet)
    b.append("<tr>{}<td>{}</td></tr>", family_cell(q.id, q.reference, q.name, ""),
             q.last_contact_at ? date_label(ctx, *q.last_contact_at) : ctx.tr("No contact since the family was opened"));
  return b.append("</tbody></table></section>");
}

Html families_section(const Context& ctx, const Caseload& cl) {
  Html b = section_start(ctx, "families", N_("My families"), cl.families.size(), false);
  if (cl.families.empty())
    return b.append(empty_section(ctx, N_("You do not follow any open family yet. A family appears here when you are its "
                                           "coordinator, or on its team with the family's consent.")));
  b.append(table_start(ctx, {N_("Family"), N_("My role"), N_("Level"), N_("Last contact")}));
  for (const auto& f : cl.families)
    b.append("<tr>{}<td>{}</td><td>{}</td><td>{}</td></tr>", family_cell(f.id, f.reference, f.name, ""),
             f.coordinator ? ctx.tr("Coordinator") : ctx.tr("Team member"), bti_label(ctx, f.bti_level),
             f.last_contact_at ? date_label(ctx, *f.last_contact_at) : ctx.tr("No contact yet"));
  return b.append("</tbody></table></section>");
}

// GET /staff/caseload
http::Response caseload(Context& ctx) {
  const policy::Actor& a = *ctx.actor;
  const CaseloadWindow w = window_of(ctx);
  std::shared_ptr<const Caseload> kept;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto r = ctx.app.caseloads.get(c, a, w, ctx.app.clock.now());
    if (!r) return pass(r);
    kept = std::move(*r);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  const Caseload& cl = *kept;
  std::vector<std::string> shown;
  for (const auto& f : cl.families) shown.push_back(f.id);
  if (!log_list_view(ctx, shown, "/staff/caseload")) return web::busy_page(ctx);

  auto p = caseload_page(ctx.tr("My caseload"));
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.t.tr_args("Today is {date}.", {{"date", date_label(ctx, w.today)}}));
  if (a.has(policy::Role::leader))
    b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/staff/caseload/team">{}</a> · <a class="ds-link" href="/staff/emergency-access">{}</a></p>)",
             ctx.tr("Caseload per coordinator"), ctx.tr("Review emergency access"));
  // A summary first, so a screen reader user hears the whole day before the details.
  const std::pair<const char*, size_t> summary[] = {
      {N_("Overdue measures"), cl.overdue.size()},
      {N_("Consents that run out soon"), cl.expiring.size()},
      {N_("Referrals to offers still waiting for an answer"), cl.waiting.size()},
      {N_("Meetings in the next 14 days"), cl.meetings.size()},
      {N_("Families without contact for a while"), cl.quiet.size()},
      {N_("My families"), cl.families.size()}};
  const char* anchors[] = {"overdue", "consents", "referrals", "meetings", "quiet", "families"};
  b.append(R"(<nav aria-label="{}"><ul class="kp-list">)", ctx.tr("Today's work"));
  for (size_t i = 0; i < std::size(summary); ++i)
    b.append(R"(<li><a class="ds-link" href="#{}-h">{}: {}</a></li>)", anchors[i], ctx.tr(summary[i].first),
             ctx.t.number(static_cast<long long>(summary[i].second)));
  b.append("</ul></nav>");
  b.append(overdue_section(ctx, cl));
  b.append(expiring_section(ctx, cl));
  b.append(waiting_section(ctx, cl));
  b.append(meetings_section(ctx, cl));
  b.append(quiet_section(ctx, cl));
  b.append(families_section(ctx, cl));
  return render_private(ctx, p);
}

// GET /staff/caseload/team — the route is family_intake (coordinators and leaders); only leaders
// get the page: a coordinator sees their own caseload, not their colleagues'.
http::Response team_caseloads(Context& ctx) {
  if (!ctx.actor->has(policy::Role::leader))
    return web::error_page(ctx, 403, ctx.tr("You do not have access"),
                           ctx.tr("Only the hub's leaders see the caseload of every coordinator."));
  std::vector<CoordinatorLoad> rows;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto r = team_caseload(c, ctx.actor->municipality_id, window_of(ctx));
    if (!r) return pass(r);
    rows = std::move(*r);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  auto p = caseload_page(ctx.tr("Caseload per coordinator"));
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("Numbers only: as a leader you see how much each coordinator has to follow up, not which families "
                  "or what is written about them."));
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/staff/emergency-access">{}</a></p>)",
           ctx.tr("Review emergency access"));
  b.append(R"(<table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
           ctx.tr("Coordinator"), ctx.tr("Open families"), ctx.tr("Overdue measures"),
           ctx.tr("Consents that run out soon"), ctx.tr("Families without contact for a while"));
  for (const auto& r : rows)
    b.append(R"(<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>)",
             r.coordinator_id.empty() ? ctx.tr("Without an active coordinator") : r.name, ctx.t.number(r.open_families),
             ctx.t.number(r.overdue_measures), ctx.t.number(r.expiring_consents), ctx.t.number(r.quiet_families));
  b.append("</tbody></table>");
  return render_private(ctx, p);
}

}  // namespace

void register_caseload_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff/caseload", Permission::family_work, caseload);
  r.add(Method::GET, "/staff/caseload/team", Permission::family_intake, team_caseloads);
}

}  // namespace kp::families
