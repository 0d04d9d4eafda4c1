// The family's own pages: the list of my families, a new family, the overview with members,
// team and coordinator, editing the household and its people, the BTI level, and emergency
// access. The per-family access check and the audit record of each look happen in the
// dispatcher (families::guard) before these handlers run; changes append their own records.
#include <fmt/format.h>

#include <algorithm>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "core/national_id.hpp"
#include "core/text.hpp"
#include "families/page_kit.hpp"
#include "families/export.hpp"
#include "families/guard.hpp"
#include "families/pages.hpp"
#include "families/rules.hpp"
#include "families/store.hpp"
#include "families/views.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"
#include "web/url.hpp"

namespace kp::families {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;


// ---- list -----------------------------------------------------------------------------------

Html family_table(const Context& ctx, const std::vector<FamilySummary>& rows, bool names) {
  Html t;
  t.append(R"(<table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th>)", ctx.tr("Case number"));
  if (names) t.append(R"(<th scope="col">{}</th><th scope="col">{}</th>)", ctx.tr("Family"), ctx.tr("Children"));
  t.append(R"(<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
           ctx.tr("Coordinator"), ctx.tr("Level"), ctx.tr("Status"), ctx.tr("Last contact"));
  for (const auto& s : rows) {
    t.append(R"(<tr><td><a class="ds-link" href="{}">{}</a></td>)", family_path(s.id), s.reference);
    if (names) t.append("<td>{}</td><td>{}</td>", s.name, ctx.t.number(s.children));
    t.append("<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
             s.coordinator_name.empty() ? ctx.tr("None yet") : s.coordinator_name, std::to_string(s.bti_level),
             s.status == FamilyStatus::closed ? ctx.tr("Case closed") : ctx.tr("Active"),
             s.last_contact_at ? date_label(ctx, *s.last_contact_at) : ctx.tr("No contact yet"));
  }
  t.append("</tbody></table>");
  return t;
}

constexpr int kPageSize = 50;

// ?page=N (1-based), clamped to something sane.
int page_number(const Context& ctx) {
  const std::string v = ctx.query("page");
  if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) return 1;
  return std::max(1, std::stoi(v));
}

Html pager(const Context& ctx, int page, std::int64_t total) {
  const std::int64_t pages = (total + kPageSize - 1) / kPageSize;
  if (pages <= 1) return {};
  Html h;
  h.append(R"(<nav class="kp-pager" aria-label="{}"><ul>)", ctx.tr("Pages"));
  if (page > 1) h.append(R"(<li><a class="ds-link" href="/staff/families?page={}">{}</a></li>)", std::to_string(page - 1), ctx.tr("Previous"));
  h.append("<li>{}</li>", ctx.t.tr_args("Page {page} of {pages}", {{"page", std::to_string(page)}, {"pages", std::to_string(pages)}}));
  if (page < pages) h.append(R"(<li><a class="ds-link" href="/staff/families?page={}">{}</a></li>)", std::to_string(page + 1), ctx.tr("Next"));
  h.append("</ul></nav>");
  return h;
}

http::Response list(Context& ctx) {
  const policy::Actor& a = *ctx.actor;
  const std::string today = today_iso(ctx.app.clock);
  const bool leader = a.has(policy::Role::leader);
  const int page = page_number(ctx);
  std::vector<FamilySummary> mine, all;
  std::int64_t total = 0;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto facts = facts_for_user(c, a.municipality_id, a.user_id, ctx.app.clock.now());
    if (!facts) return pass(facts);
    FamilyQuery q;
    q.municipality_id = a.municipality_id;
    q.restrict_to_ids = true;
    for (const auto& f : *facts) {
      const auto g = policy::family_grounds(a, f, today);
      if (policy::family_decision(Permission::family_read, g, f.closed) == policy::Decision::allow)
        q.ids.push_back(f.id);
    }
    auto rows = list_families(c, q);
    if (!rows) return pass(rows);
    mine = std::move(*rows);
    if (leader) {
      FamilyQuery every;
      every.municipality_id = a.municipality_id;
      auto n = count_families(c, every);
      if (!n) return pass(n);
      total = *n;
      every.limit = kPageSize;
      every.offset = (page - 1) * kPageSize;
      auto rows2 = list_families(c, every);
      if (!rows2) return pass(rows2);
      all = std::move(*rows2);
    }
    return {};
  });
  if (!st) return web::busy_page(ctx);
  std::vector<std::string> shown;
  for (const auto& s : mine) shown.push_back(s.id);
  for (const auto& s : all)
    if (std::find(shown.begin(), shown.end(), s.id) == shown.end()) shown.push_back(s.id);
  if (!log_list_view(ctx, shown, "/staff/families")) return web::busy_page(ctx);

  auto p = staff_page(ctx.tr("Families"));
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><div class="kp-actions">)", p.title);
  if (a.has(policy::Role::coordinator) || leader)
    b.append(R"(<a class="ds-button" data-variant="primary" href="/staff/families/new">{}</a>)", ctx.tr("New family"));
  b.append(R"(<a class="ds-button" data-variant="secondary" href="/staff/families/emergency">{}</a></div>)",
           ctx.tr("Emergency access"));
  b.append(R"(<h2 class="ds-heading" data-size="sm">{}</h2>)", ctx.tr("Families I work with"));
  if (mine.empty())
    b.append(R"(<p class="ds-paragraph">{}</p>)",
             ctx.tr("You do not follow any family yet. A family appears here when you are its coordinator, or on its "
                    "team with the family's consent."));
  else
    b.append(family_table(ctx, mine, true));
  if (leader) {
    b.append(R"(<h2 class="ds-heading" data-size="sm">{}</h2><p class="ds-paragraph">{}</p>)",
             ctx.tr("All families of the hub"),
             ctx.tr("As a leader you see that these families exist and their status, not what is written about them."));
    b.append(family_table(ctx, all, false));
    b.append(pager(ctx, page, total));
  }
  return render_private(ctx, p);
}

// ---- new family -----------------------------------------------------------------------------

std::vector<std::pair<std::string, std::string>> protection_options(const Context& ctx) {
  return {{"none", protection_label(ctx, AddressProtection::none)},
          {"confidential", protection_label(ctx, AddressProtection::confidential)},
          {"strict", protection_label(ctx, AddressProtection::strict)}};
}

FamilyInput read_family_input(const Context& ctx) {
  return {ctx.field("name"), ctx.field("address_protection"), ctx.field("address"), ctx.field("postal_code"),
          ctx.field("city")};
}

Html family_fields(const Context& ctx, const FamilyInput& in, const web::FieldErrors& errors, bool show_address) {
  Html b;
  web::FieldOptions name_opt;
  name_opt.required = true;
  name_opt.hint = ctx.tr("How the hub refers to the household, for example Familien Berg.");
  b.append(web::text_field(ctx, "name", ctx.tr("Name of the family"), in.name, errors, name_opt));
  b.append(web::select_field(ctx, "address_protection", ctx.tr("Protected address"), protection_options(ctx),
                             in.address_protection.empty() ? "none" : in.address_protection, errors,
                             ctx.tr("A protected address is never shown, printed, exported or sent to anyone.")));
  if (show_address) {
    b.append(web::text_field(ctx, "address", ctx.tr("Address"), in.address, errors));
    web::FieldOptions pc;
    pc.inputmode = "numeric";
    pc.autocomplete = "off";
    b.append(web::text_field(ctx, "postal_code", ctx.tr("Postal code"), in.postal_code, errors, pc));
    b.append(web::text_field(ctx, "city", ctx.tr("Place"), in.city, errors));
  } else {
    b.append(R"(<p class="ds-paragraph">{}</p>)",
             ctx.tr("The address is protected. It is stored, but never shown. To change it, first set the protection "
                    "to none."));
  }
  return b;
}

http::Response new_form(Context& ctx, const FamilyInput& in, const web::FieldErrors& errors, int status) {
  auto p = staff_page(ctx.tr("New family"));
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="/staff/families/new" class="kp-form" novalidate>{})", web::csrf_field(ctx));
  b.append(family_fields(ctx, in, errors, true));
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("You become the family's coordinator. Add the people in the family on the next page."));
  b.append(web::button(ctx.tr("Create the family")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

http::Response new_get(Context& ctx) { return new_form(ctx, {}, {}, 200); }

http::Response new_post(Context& ctx) {
  const FamilyInput in = read_family_input(ctx);
  Family f;
  FieldErrorList errs;
  apply_family_input(in, f, errs);
  if (!errs.empty()) return new_form(ctx, in, to_field_errors(errs), 400);
  f.id = ids::new_uuid();
  f.municipality_id = ctx.actor->municipality_id;
  f.coordinator_id = ctx.actor->has(policy::Role::coordinator) ? ctx.actor->user_id : "";
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto ref = insert_family(c, f, now);
    if (!ref) return pass(ref);
    return audit::append(c, ctx.app.clock, family_audit(ctx, "family.create", f.id));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(family_path(f.id) + "?saved=1");
}

// ---- overview -------------------------------------------------------------------------------

Html members_section(const Context& ctx, const Family& f, bool can_write) {
  Html b;
  b.append(R"(<section aria-labelledby="members-h"><h2 class="ds-heading" data-size="sm" id="members-h">{}</h2>)",
           ctx.tr("People in the family"));
  if (f.members.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No one is registered yet."));
  else {
    b.append(R"(<table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>)",
             ctx.tr("Name"), ctx.tr("Role"), ctx.tr("Born"), ctx.tr("National identity number"), ctx.tr("Language"));
    if (can_write) b.append(R"(<th scope="col"><span class="kp-visually-hidden">{}</span></th>)", ctx.tr("Actions"));
    b.append("</tr></thead><tbody>");
    for (const auto& m : f.members) {
      const auto* lang = i18n::find_language(m.language);
      std::string language = lang ? lang->native_name : m.language;
      if (m.interpreter) language += " · " + ctx.tr("needs an interpreter");
      b.append("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>", m.full_name(), role_label(ctx, m.role),
               date_label(ctx, m.birth_date), m.national_id ? mask_national_id(*m.national_id) : "",
               language);
      if (can_write) {
        b.append(R"(<td><a class="ds-link" href="{}">{}<span class="kp-visually-hidden"> {}</span></a>)",
                 family_path(f.id, "members/" + m.id + "/edit"), ctx.tr("Change"), m.full_name());
        // Exports are for answering the person's own request (GDPR art. 15): the coordinator's job.
        if (ctx.family_grounds == policy::FamilyGrounds::coordinator)
          b.append(R"( · <a class="ds-link" href="{}">{}<span class="kp-visually-hidden"> {}</span></a>)",
                   family_path(f.id, "members/" + m.id + "/export.pdf"), ctx.tr("All data (PDF)"), m.full_name());
        b.append("</td>");
      }
      b.append("</tr>");
    }
    b.append("</tbody></table>");
  }
  if (can_write)
    b.append(R"(<p class="ds-paragraph"><a class="ds-button" data-variant="secondary" href="{}">{}</a></p>)",
             family_path(f.id, "members/new"), ctx.tr("Add a person"));
  b.append("</section>");
  return b;
}

Html team_section(const Context& ctx, const Family& f, const std::vector<TeamMember>& team,
                  const std::vector<StaffChoice>& staff, bool can_manage, bool can_assign) {
  const std::string today = today_iso(ctx.app.clock);
  Html b;
  b.append(R"(<section aria-labelledby="team-h"><h2 class="ds-heading" data-size="sm" id="team-h">{}</h2>)",
           ctx.tr("Coordinator and team"));
  b.append(R"(<p class="ds-paragraph"><strong>{}</strong> {}</p>)", ctx.tr("Coordinator:"),
           f.coordinator_name.empty() ? ctx.tr("None yet") : f.coordinator_name);
  if (can_assign) {
    std::vector<std::pair<std::string, std::string>> opts{{"", ctx.tr("Choose a coordinator")}};
    for (const auto& s : staff)
      if (s.coordinator) opts.emplace_back(s.id, s.display_name);
    b.append(R"(<form method="post" action="{}" class="kp-form kp-inline-fields">{})", family_path(f.id, "coordinator"),
             web::csrf_field(ctx));
    b.append(web::select_field(ctx, "coordinator_id", ctx.tr("Change coordinator"), opts, f.coordinator_id, {}));
    b.append(web::button(ctx.tr("Save coordinator"), false));
    b.append("</form>");
  }
  if (team.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No one on the team yet."));
  else {
    b.append(R"(<ul class="kp-list">)");
    for (const auto& m : team) {
      const bool covered = policy::consent_covers(ctx.family ? ctx.family->consents : std::vector<policy::ConsentFacts>{},
                                                  m.service, today);
      b.append("<li>{} — {} ", m.display_name, service_label(ctx, m.service));
      b.append(R"(<span class="ds-tag" data-color="{}">{}</span>)", covered ? "success" : "warning",
               covered ? ctx.tr("consent covers this service") : ctx.tr("no valid consent: no access"));
      if (can_manage)
        b.append(post_button(ctx, family_path(f.id, "team/remove"), ctx.tr("Remove from team"), false, "user_id", m.user_id));
      b.append("</li>");
    }
    b.append("</ul>");
  }
  if (can_manage) {
    std::vector<std::pair<std::string, std::string>> opts{{"", ctx.tr("Choose a staff member")}};
    for (const auto& s : staff)
      if (s.id != f.coordinator_id &&
          std::none_of(team.begin(), team.end(), [&](const TeamMember& m) { return m.user_id == s.id; }))
        opts.emplace_back(s.id, s.display_name + " — " + service_label(ctx, s.service));
    b.append(R"(<form method="post" action="{}" class="kp-form kp-inline-fields">{})", family_path(f.id, "team"),
             web::csrf_field(ctx));
    b.append(web::select_field(ctx, "user_id", ctx.tr("Add to the team"), opts, "", {},
                               ctx.tr("A team member sees the family only while a consent covers their service.")));
    b.append(web::button(ctx.tr("Add"), false));
    b.append("</form>");
  }
  b.append("</section>");
  return b;
}

Html bti_section(const Context& ctx, const Family& f, const std::vector<BtiChange>& history, bool can_manage) {
  Html b;
  b.append(R"(<section aria-labelledby="bti-h"><h2 class="ds-heading" data-size="sm" id="bti-h">{}</h2>)",
           ctx.tr("Level of follow-up (BTI)"));
  b.append(R"(<p class="ds-paragraph">{}</p>)", bti_label(ctx, f.bti_level));
  if (!history.empty()) {
    b.append(R"(<details class="kp-details"><summary>{}</summary><ul class="kp-list">)", ctx.tr("Changes over time"));
    for (const auto& h : history)
      b.append("<li>{} — {} ({}){}{}</li>", date_label(ctx, h.set_at), bti_label(ctx, h.level), h.set_by_name,
               h.note.empty() ? "" : ": ", h.note);
    b.append("</ul></details>");
  }
  if (can_manage) {
    std::vector<std::pair<std::string, std::string>> opts;
    for (int l = 0; l <= 3; ++l) opts.emplace_back(std::to_string(l), bti_label(ctx, l));
    b.append(R"(<form method="post" action="{}" class="kp-form">{})", family_path(f.id, "bti"), web::csrf_field(ctx));
    b.append(web::select_field(ctx, "bti_level", ctx.tr("New level"), opts, std::to_string(f.bti_level), {}));
    b.append(web::text_field(ctx, "note", ctx.tr("Why (optional)"), "", {}));
    b.append(web::button(ctx.tr("Save level"), false));
    b.append("</form>");
  }
  b.append("</section>");
  return b;
}

http::Response status_only(Context& ctx, const Family& f) {
  auto p = staff_page(f.reference);
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph kp-muted"><a class="ds-link" href="/staff/families">{}</a></p><h1 class="ds-heading" data-size="lg">{}</h1>)",
           ctx.tr("All families"), f.reference);
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("As a leader you see that this family exists and its status, not what is written about it."));
  b.append(R"(<dl class="kp-facts"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>)",
           ctx.tr("Case number"), f.reference, ctx.tr("Status"), f.closed() ? ctx.tr("Case closed") : ctx.tr("Active"),
           ctx.tr("Coordinator"), f.coordinator_name.empty() ? ctx.tr("None yet") : f.coordinator_name,
           ctx.tr("Level"), bti_label(ctx, f.bti_level), ctx.tr("Opened"), date_label(ctx, f.opened_at));
  if (!f.closed()) {
    auto st = ctx.app.db->read([&](store::Conn& c) { return ctx.app.staff.get(c, f.municipality_id); });
    b.append(team_section(ctx, f, {}, st ? **st : std::vector<StaffChoice>{}, false, true));
  }
  return render_private(ctx, p);
}

http::Response overview(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  if (ctx.family_grounds == policy::FamilyGrounds::status_only) return status_only(ctx, *f);
  std::vector<TeamMember> members;
  std::shared_ptr<const std::vector<StaffChoice>> staff;
  std::vector<BtiChange> history;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto t = team(c, f->id);
    if (!t) return pass(t);
    members = std::move(*t);
    auto s = ctx.app.staff.get(c, f->municipality_id);
    if (!s) return pass(s);
    staff = std::move(*s);
    auto h = bti_history(c, f->id);
    if (!h) return pass(h);
    history = std::move(*h);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  const bool can_write = policy::family_decision(Permission::family_write, ctx.family_grounds, f->closed()) == policy::Decision::allow;
  const bool can_manage = policy::family_decision(Permission::family_manage, ctx.family_grounds, f->closed()) == policy::Decision::allow;
  const bool can_assign = policy::family_decision(Permission::family_assign, ctx.family_grounds, f->closed()) == policy::Decision::allow;

  auto p = staff_page(f->name);
  Html& b = p.body;
  b.append(family_header(ctx, *f, FamilyTab::overview));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", f->name);
  b.append(saved_notice(ctx));
  b.append(R"(<section aria-labelledby="home-h"><h2 class="ds-heading" data-size="sm" id="home-h">{}</h2>)",
           ctx.tr("Household"));
  if (f->address_hidden())
    b.append(R"(<p class="ds-paragraph">{}</p>)", protection_label(ctx, f->address_protection));
  else if (f->address.empty() && f->city.empty())
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No address registered."));
  else
    b.append(R"(<p class="ds-paragraph">{}<br>{} {}</p>)", f->address, f->postal_code, f->city);
  b.append(R"(<p class="ds-paragraph">{} {}</p>)", ctx.tr("Followed since"), date_label(ctx, f->opened_at));
  if (can_write)
    b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="{}">{}</a> · <a class="ds-link" href="{}">{}</a></p>)",
             family_path(f->id, "edit"), ctx.tr("Change name or address"), family_path(f->id, "income"),
             ctx.tr("Income and the low-income line"));
  b.append("</section>");
  if (f->closed()) {
    b.append(R"(<section aria-labelledby="closed-h"><h2 class="ds-heading" data-size="sm" id="closed-h">{}</h2><dl class="kp-facts"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd dir="auto">{}</dd></dl></section>)",
             ctx.tr("The follow-up is closed"), ctx.tr("Closed on"), f->closed_at ? date_label(ctx, *f->closed_at) : "",
             ctx.tr("Reason"), close_reason_label(ctx.t, f->close_reason), ctx.tr("Evaluation"), f->close_evaluation);
  }
  b.append(members_section(ctx, *f, can_write));
  b.append(team_section(ctx, *f, members, *staff, can_manage, can_assign));
  b.append(bti_section(ctx, *f, history, can_manage));
  if (can_manage)
    b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="{}">{}</a></p>)", family_path(f->id, "close"),
             ctx.tr("Close the follow-up"));
  return render_private(ctx, p);
}

// ---- edit household ------------------------------------------------------------------------

http::Response edit_form(Context& ctx, const Family& f, const FamilyInput& in, std::int64_t version,
                         const web::FieldErrors& errors, int status) {
  auto p = staff_page(ctx.tr("Change name or address"));
  Html& b = p.body;
  b.append(family_header(ctx, f, FamilyTab::overview));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", p.title);
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{}<input type="hidden" name="version" value="{}">)",
           family_path(f.id, "edit"), web::csrf_field(ctx), std::to_string(version));
  b.append(family_fields(ctx, in, errors, !f.address_hidden()));
  b.append(web::button(ctx.tr("Save")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

http::Response edit_get(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  const FamilyInput in{f->name, to_string(f->address_protection), f->address, f->postal_code, f->city};
  return edit_form(ctx, *f, in, f->version, {}, 200);
}

http::Response edit_post(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  const FamilyInput in = read_family_input(ctx);
  std::int64_t version = 0;
  try {
    version = std::stoll(ctx.field("version"));
  } catch (...) {
  }
  Family updated = *f;
  FieldErrorList errs;
  apply_family_input(in, updated, errs);
  if (!errs.empty()) return edit_form(ctx, *f, in, version, to_field_errors(errs), 400);
  // The form had no address fields while the address was protected: keep what is stored.
  const bool keep_address = f->address_hidden();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(update_family(c, updated, version, keep_address, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, family_audit(ctx, "family.update", f->id));
  });
  if (!st) {
    if (st.error().kind == ErrorKind::conflict) {
      web::FieldErrors e;
      e.add("name", st.error().message);
      return edit_form(ctx, *f, in, version, e, 409);
    }
    return web::busy_page(ctx);
  }
  return http::Response::redirect(family_path(f->id) + "?saved=1");
}

// ---- people ---------------------------------------------------------------------------------

PersonInput read_person_input(const Context& ctx) {
  return {ctx.field("role"),     ctx.field("given_name"),  ctx.field("family_name"), ctx.field("birth_date"),
          ctx.field("national_id"), ctx.field("language"), ctx.field("interpreter"), ctx.field("phone"),
          ctx.field("email"),    ctx.field("school")};
}

PersonInput input_of(const Person& p) {
  return {to_string(p.role), p.given_name, p.family_name, p.birth_date, p.national_id.value_or(""), p.language,
          p.interpreter ? "1" : "", p.phone, p.email, p.school};
}

http::Response person_form(Context& ctx, const Family& f, const std::string& action, const std::string& heading,
                           const PersonInput& in, const web::FieldErrors& errors, const Html& notice, int status) {
  auto p = staff_page(heading);
  Html& b = p.body;
  b.append(family_header(ctx, f, FamilyTab::overview));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", heading);
  b.append(notice);
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})", action, web::csrf_field(ctx));
  const std::vector<std::pair<std::string, std::string>> roles = {
      {"", ctx.tr("Choose")},
      {"guardian", role_label(ctx, PersonRole::guardian)},
      {"child", role_label(ctx, PersonRole::child)},
      {"adult", role_label(ctx, PersonRole::adult)}};
  b.append(web::select_field(ctx, "role", ctx.tr("Place in the family"), roles, in.role, errors));
  web::FieldOptions req;
  req.required = true;
  req.autocomplete = "off";
  b.append(web::text_field(ctx, "given_name", ctx.tr("Given name"), in.given_name, errors, req));
  b.append(web::text_field(ctx, "family_name", ctx.tr("Family name"), in.family_name, errors, req));
  web::FieldOptions date;
  date.type = "date";
  b.append(web::text_field(ctx, "birth_date", ctx.tr("Birth date"), in.birth_date, errors, date));
  web::FieldOptions nid;
  nid.inputmode = "numeric";
  nid.autocomplete = "off";
  nid.hint = ctx.tr("Optional. 11 digits: fødselsnummer or D-number.");
  b.append(web::text_field(ctx, "national_id", ctx.tr("National identity number"), in.national_id, errors, nid));
  b.append(web::select_field(ctx, "language", ctx.tr("Preferred language"), language_options(ctx),
                             in.language.empty() ? "nb" : in.language, errors));
  b.append(web::checkbox("interpreter", "1", ctx.tr("Needs an interpreter"), in.interpreter == "1"));
  web::FieldOptions tel;
  tel.type = "tel";
  tel.autocomplete = "off";
  b.append(web::text_field(ctx, "phone", ctx.tr("Phone"), in.phone, errors, tel));
  web::FieldOptions mail;
  mail.type = "email";
  mail.autocomplete = "off";
  b.append(web::text_field(ctx, "email", ctx.tr("E-mail"), in.email, errors, mail));
  web::FieldOptions school;
  school.hint = ctx.tr("For children: the school or kindergarten.");
  b.append(web::text_field(ctx, "school", ctx.tr("School or kindergarten"), in.school, errors, school));
  b.append(web::button(ctx.tr("Save")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

// Warns about people registered twice, without revealing families the actor cannot see.
// Warns about people registered twice, without revealing families the actor cannot see: the
// duplicates page lists only those in families the actor has grounds for.
Html duplicate_notice(const Context& ctx, const std::string& family, const std::string& person) {
  Html b;
  b.append(R"(<div class="ds-alert" data-color="warning" role="status"><p class="ds-paragraph">{}</p><p class="ds-paragraph"><a class="ds-link" href="{}">{}</a></p></div>)",
           ctx.tr("This person may already be registered: someone with the same national identity number, or the "
                  "same name and birth date, exists."),
           family_path(family, "members/" + person + "/duplicates"), ctx.tr("See possible duplicates and merge"));
  return b;
}

http::Response member_new_get(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  PersonInput in;
  if (!f->members.empty()) in.family_name = f->members.front().family_name;
  return person_form(ctx, *f, family_path(f->id, "members/new"), ctx.tr("Add a person"), in, {}, {}, 200);
}

PersonRules person_rules(const Context& ctx) {
  return PersonRules{ctx.app.settings.allow_synthetic_ids, today_iso(ctx.app.clock)};
}

http::Response member_new_post(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  const PersonInput in = read_person_input(ctx);
  Person p;
  FieldErrorList errs;
  apply_person_input(in, person_rules(ctx), p, errs);
  const std::string action = family_path(f->id, "members/new");
  if (!errs.empty()) return person_form(ctx, *f, action, ctx.tr("Add a person"), in, to_field_errors(errs), {}, 400);
  p.id = ids::new_uuid();
  p.family_id = f->id;
  std::vector<Person> dups;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto d = find_duplicates(c, f->municipality_id, p);
    if (!d) return pass(d);
    dups = std::move(*d);
    KP_TRY(insert_person(c, f->municipality_id, p, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, family_audit(ctx, "person.create", f->id, "{\"person\":\"" + p.id + "\"}"));
  });
  if (!st) return web::busy_page(ctx);
  if (!dups.empty()) return http::Response::redirect(family_path(f->id, "members/" + p.id + "/edit") + "?duplicate=1");
  return http::Response::redirect(family_path(f->id) + "?saved=1");
}

std::optional<Person> load_member(Context& ctx, const Family& f, bool& failed) {
  const std::string pid(http::find(ctx.req.path_params, "person").value_or(""));
  auto p = ctx.app.db->read([&](store::Conn& c) { return get_person(c, pid); });
  failed = !p;
  if (!p || !*p || (*p)->family_id != f.id) return std::nullopt;
  return **p;
}

http::Response member_edit_get(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  auto m = load_member(ctx, *f, failed);
  if (failed) return web::busy_page(ctx);
  if (!m) return web::not_found_page(ctx);
  Html notice;
  if (ctx.query("duplicate") == "1") notice = duplicate_notice(ctx, f->id, m->id);
  return person_form(ctx, *f, family_path(f->id, "members/" + m->id + "/edit"), m->full_name(), input_of(*m), {},
                     notice, 200);
}

http::Response member_edit_post(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  auto m = load_member(ctx, *f, failed);
  if (failed) return web::busy_page(ctx);
  if (!m) return web::not_found_page(ctx);
  const PersonInput in = read_person_input(ctx);
  Person p = *m;
  FieldErrorList errs;
  apply_person_input(in, person_rules(ctx), p, errs);
  const std::string action = family_path(f->id, "members/" + m->id + "/edit");
  if (!errs.empty()) return person_form(ctx, *f, action, m->full_name(), in, to_field_errors(errs), {}, 400);
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(update_person(c, p, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, family_audit(ctx, "person.update", f->id, "{\"person\":\"" + p.id + "\"}"));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(family_path(f->id) + "?saved=1");
}

// ---- team, coordinator, level -----------------------------------------------------------------

http::Response team_add(Context& ctx) {
  const std::string fid = family_id(ctx);
  const std::string user = ctx.field("user_id");
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(add_team_member(c, ctx.actor->municipality_id, fid, user, ctx.actor->user_id, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, family_audit(ctx, "family.team_add", fid, "{\"user\":\"" + user + "\"}"));
  });
  if (!st && st.error().kind != ErrorKind::invalid) return web::busy_page(ctx);
  return http::Response::redirect(family_path(fid) + (st ? "?saved=1" : ""));
}

http::Response team_remove(Context& ctx) {
  const std::string fid = family_id(ctx);
  const std::string user = ctx.field("user_id");
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(remove_team_member(c, fid, user));
    return audit::append(c, ctx.app.clock, family_audit(ctx, "family.team_remove", fid, "{\"user\":\"" + user + "\"}"));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(family_path(fid) + "?saved=1");
}

http::Response coordinator_post(Context& ctx) {
  const std::string fid = family_id(ctx);
  const std::string user = ctx.field("coordinator_id");
  bool ok_choice = false;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto staff = family_staff(c, ctx.actor->municipality_id);
    if (!staff) return pass(staff);
    ok_choice = std::any_of(staff->begin(), staff->end(), [&](const StaffChoice& s) { return s.id == user && s.coordinator; });
    if (!ok_choice) return {};
    KP_TRY(set_coordinator(c, fid, user, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, family_audit(ctx, "family.coordinator", fid, "{\"user\":\"" + user + "\"}"));
  });
  if (!st) return web::busy_page(ctx);
  if (!ok_choice)
    return web::error_page(ctx, 400, ctx.tr("Choose a coordinator"),
                           ctx.tr("Go back and choose a coordinator from the list."));
  // Handing the family to someone else may end the actor's own grounds: go where they still can.
  return http::Response::redirect(ctx.actor->user_id == user || ctx.actor->has(policy::Role::leader)
                                      ? family_path(fid) + "?saved=1"
                                      : std::string("/staff/families"));
}

http::Response bti_post(Context& ctx) {
  const std::string fid = family_id(ctx);
  int level = -1;
  const std::string v = ctx.field("bti_level");
  if (v.size() == 1 && v[0] >= '0' && v[0] <= '3') level = v[0] - '0';
  if (level < 0)
    return web::error_page(ctx, 400, ctx.tr("Choose a level from 0 to 3."), ctx.tr("Go back and choose a level."));
  FieldErrorList errs;
  const std::string note = optional_text(ctx.field("note"), "note", 500, errs);
  if (!errs.empty()) return web::error_page(ctx, 400, ctx.tr("The text is too long."), ctx.tr("Go back and shorten it."));
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(set_bti_level(c, ctx.actor->municipality_id, fid, level, note, ctx.actor->user_id, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "family.bti", fid, fmt::format("{{\"level\":{}}}", level)));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(family_path(fid) + "?saved=1");
}

// ---- emergency access -------------------------------------------------------------------------

http::Response emergency_form(Context& ctx, const std::string& ref, const std::string& reason,
                              const web::FieldErrors& errors, int status) {
  auto p = staff_page(ctx.tr("Emergency access"));
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(R"(<div class="ds-alert" data-color="warning"><p class="ds-paragraph">{}</p></div>)",
           ctx.tr("Use emergency access only when a child may be at risk and the family's coordinator cannot be "
                  "reached. You must give a reason. The access lasts a few hours, everything you open is logged, "
                  "and a leader reviews every use."));
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="/staff/families/emergency" class="kp-form" novalidate>{})", web::csrf_field(ctx));
  web::FieldOptions r;
  r.required = true;
  r.autocomplete = "off";
  r.hint = ctx.tr("The case number (F-2026-0042) or a family member's national identity number.");
  b.append(web::text_field(ctx, "reference", ctx.tr("Which family"), ref, errors, r));
  web::FieldOptions why;
  why.required = true;
  why.rows = 4;
  why.dir = "auto";
  b.append(web::text_field(ctx, "reason", ctx.tr("Why you need access now"), reason, errors, why));
  b.append(web::button(ctx.tr("Open with emergency access")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

http::Response emergency_get(Context& ctx) { return emergency_form(ctx, "", "", {}, 200); }

http::Response emergency_post(Context& ctx) {
  const std::string ref(text::trim(ctx.field("reference")));
  FieldErrorList errs;
  const std::string reason = required_text(ctx.field("reason"), "reason", N_("Write why you need access now."), 1000, errs);
  if (ref.empty()) errs.emplace_back("reference", N_("Write the case number or a national identity number."));
  if (!reason.empty() && text::length_utf8(reason) < 10)
    errs.emplace_back("reason", N_("Write a reason a leader can understand later (at least 10 characters)."));
  if (!errs.empty()) return emergency_form(ctx, ref, ctx.field("reason"), to_field_errors(errs), 400);
  const policy::Actor& a = *ctx.actor;
  std::string found;
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto match = find_family_by_reference_or_member(c, a.municipality_id, ref);
    if (!match) return pass(match);
    // Every attempt is logged, found or not, so searching for families is visible too.
    if (match->empty())
      return audit::append(c, ctx.app.clock,
                           audit::Entry{a.municipality_id, a.user_id, "family.emergency_not_found", "family", "",
                                        ctx.req.remote_addr, reason, ""});
    found = *match;
    KP_TRY(grant_emergency_access(c, a.municipality_id, found, a.user_id, reason, now,
                                  now + static_cast<UnixSeconds>(ctx.app.settings.emergency_access_hours) * 3600));
    audit::Entry e = family_audit(ctx, "family.emergency_access", found);
    e.reason = reason;
    return audit::append(c, ctx.app.clock, e);
  });
  if (!st) return web::busy_page(ctx);
  if (found.empty()) {
    web::FieldErrors e;
    e.add("reference", ctx.tr("No family matches. Check the case number or the national identity number."));
    return emergency_form(ctx, ref, ctx.field("reason"), e, 404);
  }
  return http::Response::redirect(family_path(found));
}

}  // namespace

void register_family_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff/families", Permission::family_work, list);
  r.add(Method::GET, "/staff/families/new", Permission::family_intake, new_get);
  r.add(Method::POST, "/staff/families/new", Permission::family_intake, new_post);
  r.add(Method::GET, "/staff/families/emergency", Permission::family_work, emergency_get);
  r.add(Method::POST, "/staff/families/emergency", Permission::family_work, emergency_post);
  r.add(Method::GET, "/staff/families/{id:uuid}", Permission::family_status, overview);
  r.add(Method::GET, "/staff/families/{id:uuid}/edit", Permission::family_write, edit_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/edit", Permission::family_write, edit_post);
  r.add(Method::GET, "/staff/families/{id:uuid}/members/new", Permission::family_write, member_new_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/members/new", Permission::family_write, member_new_post);
  r.add(Method::GET, "/staff/families/{id:uuid}/members/{person:uuid}/edit", Permission::family_write, member_edit_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/members/{person:uuid}/edit", Permission::family_write, member_edit_post);
  r.add(Method::POST, "/staff/families/{id:uuid}/team", Permission::family_manage, team_add);
  r.add(Method::POST, "/staff/families/{id:uuid}/team/remove", Permission::family_manage, team_remove);
  r.add(Method::POST, "/staff/families/{id:uuid}/coordinator", Permission::family_assign, coordinator_post);
  r.add(Method::POST, "/staff/families/{id:uuid}/bti", Permission::family_manage, bti_post);
}

}  // namespace kp::families
