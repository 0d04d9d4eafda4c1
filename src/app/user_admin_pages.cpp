// Staff accounts (admins) and the audit log review (admins and leaders). Admins only see and
// change accounts of their own municipality; every change is audited.
#include <fmt/format.h>

#include "app/app.hpp"
#include "app/pages.hpp"
#include "audit/audit.hpp"
#include "auth/accounts.hpp"
#include "auth/sessions.hpp"
#include "catalog/store.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace kp::app {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

constexpr auth::Role kRoles[] = {auth::Role::admin, auth::Role::editor, auth::Role::coordinator,
                                 auth::Role::service_employee, auth::Role::leader};

const char* role_label(auth::Role r) {
  switch (r) {
    case auth::Role::admin: return N_("Administrator");
    case auth::Role::editor: return N_("Catalog editor");
    case auth::Role::coordinator: return N_("Family coordinator");
    case auth::Role::service_employee: return N_("Service employee");
    case auth::Role::leader: return N_("Leader");
  }
  return N_("Staff member");
}


void audit_user(Context& ctx, const std::string& action, const std::string& user_id, const std::string& details = {}) {
  (void)ctx.app.db->with_write([&](store::Conn& c) {
    return audit::append(c, ctx.app.clock, {ctx.actor->municipality_id, ctx.actor->user_id, action, "user", user_id,
                                            ctx.req.remote_addr, "", details});
  });
}

std::string roles_text(const Context& ctx, const auth::User& u) {
  std::string s;
  for (auto r : u.roles) s += (s.empty() ? "" : ", ") + ctx.tr(role_label(r));
  return s;
}

http::Response users_page(Context& ctx, const web::FieldErrors& errors, int status = 200) {
  auto users = auth::list_users(*ctx.app.db, ctx.actor->municipality_id);
  if (!users) return web::busy_page(ctx);
  web::Page p;
  p.title = ctx.tr("Staff accounts");
  p.staff = true;
  p.nav = "users";
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><div class="kp-table-wrap"><table class="ds-table kp-table"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
                ctx.tr("Staff accounts"), ctx.tr("Username"), ctx.tr("Name"), ctx.tr("Roles"), ctx.tr("Status"));
  for (const auto& u : *users)
    p.body.append(R"(<tr><td><a class="ds-link" href="/admin/users/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>)", u.id, u.username,
                  u.display_name, roles_text(ctx, u),
                  u.disabled ? ctx.tr("Closed") : u.totp_required ? ctx.tr("Active, two-step login") : ctx.tr("Active"));
  p.body.append("</tbody></table></div>");
  p.body.append(R"(<h2 class="ds-heading" data-size="md">{}</h2><form method="post" action="/admin/users" class="kp-form" novalidate>{})",
                ctx.tr("New account"), web::csrf_field(ctx));
  p.body.append(web::error_summary(ctx, errors));
  web::FieldOptions un;
  un.required = true;
  un.hint = ctx.tr("3–64 lower-case letters, digits, dots, dashes or underscores");
  un.autocomplete = "off";
  p.body.append(web::text_field(ctx, "username", ctx.tr("Username"), ctx.field("username"), errors, un));
  web::FieldOptions req;
  req.required = true;
  p.body.append(web::text_field(ctx, "display_name", ctx.tr("Name"), ctx.field("display_name"), errors, req));
  web::FieldOptions mail;
  mail.type = "email";
  p.body.append(web::text_field(ctx, "email", ctx.tr("E-mail"), ctx.field("email"), errors, mail));
  std::vector<std::pair<std::string, std::string>> roles;
  for (auto r : kRoles) roles.emplace_back(std::string(auth::to_string(r)), ctx.tr(role_label(r)));
  p.body.append(web::select_field(ctx, "role", ctx.tr("Role"), roles, ctx.field("role").empty() ? "editor" : ctx.field("role"), errors));
  web::FieldOptions pw;
  pw.type = "password";
  pw.autocomplete = "new-password";
  pw.required = true;
  pw.hint = ctx.tr("A first password the person changes after logging in. At least 15 characters.");
  p.body.append(web::text_field(ctx, "password", ctx.tr("First password"), "", errors, pw));
  p.body.append(web::checkbox("totp_required", "1", ctx.tr("Require two-step login"), ctx.field("totp_required") == "1"));
  p.body.append(web::button(ctx.tr("Create account")));
  p.body.append("</form>");
  return web::render(ctx, p, status);
}

http::Response create(Context& ctx) {
  auth::NewUser u;
  u.municipality_id = ctx.actor->municipality_id;
  u.username = ctx.field("username");
  u.display_name = ctx.field("display_name");
  u.email = ctx.field("email");
  u.password = ctx.field("password");
  u.totp_required = ctx.field("totp_required") == "1";
  web::FieldErrors errors;
  if (auto r = auth::role_from_string(ctx.field("role"))) u.roles = {*r};
  else errors.add("role", "Choose a role from the list.");
  if (!errors.empty()) return users_page(ctx, errors, 400);
  auto created = auth::create_user(*ctx.app.db, ctx.app.clock, u);
  if (!created) {
    if (created.error().kind == ErrorKind::unavailable || created.error().kind == ErrorKind::internal) return web::busy_page(ctx);
    errors.add(created.error().field.empty() ? "username" : created.error().field,
               created.error().kind == ErrorKind::conflict ? "This username is taken." : created.error().message);
    return users_page(ctx, errors, created.error().kind == ErrorKind::conflict ? 409 : 400);
  }
  audit_user(ctx, "user.create", created->id, fmt::format(R"({{"role":"{}"}})", ctx.field("role")));
  return http::Response::redirect("/admin/users/" + created->id + "?saved=1");
}

std::optional<auth::User> load_user(Context& ctx) {
  auto u = auth::get_user(*ctx.app.db, ctx.req.path_param("id"));
  if (!u || !policy::can_admin_users(*ctx.actor, u->municipality_id)) return std::nullopt;
  return *u;
}

http::Response user_page(Context& ctx, const auth::User& u, const web::FieldErrors& errors, int status = 200) {
  auto data = ctx.app.db->read([&](store::Conn& c) -> Result<std::pair<std::vector<catalog::Organization>, std::vector<std::string>>> {
    auto orgs = catalog::list_organizations(c, u.municipality_id);
    if (!orgs) return pass(orgs);
    auto mine = catalog::editor_organizations(c, u.id);
    if (!mine) return pass(mine);
    return std::make_pair(std::move(*orgs), std::move(*mine));
  });
  if (!data) return web::busy_page(ctx);
  web::Page p;
  p.title = u.display_name;
  p.staff = true;
  p.nav = "users";
  const std::string base = "/admin/users/" + u.id;
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{} · {}</p>)", u.display_name, u.username,
                u.disabled ? ctx.tr("Closed") : ctx.tr("Active"));
  if (ctx.query("saved") == "1")
    p.body.append(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)", ctx.tr("Saved."));
  p.body.append(web::error_summary(ctx, errors));
  p.body.append(R"(<form method="post" action="{}/roles" class="kp-form">{}<fieldset class="kp-fieldset"><legend>{}</legend>)", base,
                web::csrf_field(ctx), ctx.tr("Roles"));
  for (auto r : kRoles) p.body.append(web::checkbox("roles", std::string(auth::to_string(r)), ctx.tr(role_label(r)), u.has_role(r)));
  p.body.append(R"(</fieldset><fieldset class="kp-fieldset"><legend>{}</legend><p class="ds-paragraph kp-muted">{}</p>)",
                ctx.tr("Organisations this person edits offers for"), ctx.tr("Only used for catalog editors."));
  for (const auto& o : data->first)
    p.body.append(web::checkbox("organizations", o.id, o.name,
                                std::find(data->second.begin(), data->second.end(), o.id) != data->second.end()));
  p.body.append("</fieldset>{}</form>", web::button(ctx.tr("Save roles")));
  p.body.append(R"(<h2 class="ds-heading" data-size="md">{}</h2><form method="post" action="{}/password" class="kp-form kp-narrow" novalidate>{})",
                ctx.tr("Set a new password"), base, web::csrf_field(ctx));
  web::FieldOptions pw;
  pw.type = "password";
  pw.autocomplete = "new-password";
  p.body.append(web::text_field(ctx, "password", ctx.tr("New password"), "", errors, pw));
  p.body.append("{}</form>", web::button(ctx.tr("Set password and log the person out everywhere"), false));
  p.body.append(R"(<h2 class="ds-heading" data-size="md">{}</h2><div class="kp-actions">)", ctx.tr("Security"));
  auto action = [&](const std::string& path, const std::string& label, const std::string& value) {
    p.body.append(R"(<form method="post" action="{}/{}">{}<input type="hidden" name="value" value="{}">{}</form>)", base, path,
                  web::csrf_field(ctx), value, web::button(label, false));
  };
  action("2fa", u.totp_required ? ctx.tr("Stop requiring two-step login") : ctx.tr("Require two-step login"), u.totp_required ? "off" : "on");
  if (u.totp_enrolled) action("2fa", ctx.tr("Reset the authenticator (lost phone)"), "reset");
  if (u.id != ctx.actor->user_id) action("disabled", u.disabled ? ctx.tr("Open the account again") : ctx.tr("Close the account"), u.disabled ? "off" : "on");
  p.body.append("</div>");
  return web::render(ctx, p, status);
}

http::Response user_get(Context& ctx) {
  auto u = load_user(ctx);
  if (!u) return web::not_found_page(ctx);
  return user_page(ctx, *u, {});
}

http::Response roles_post(Context& ctx) {
  auto u = load_user(ctx);
  if (!u) return web::not_found_page(ctx);
  std::vector<auth::Role> roles;
  std::vector<std::string> orgs;
  for (const auto& [k, v] : ctx.form) {
    if (k == "roles")
      if (auto r = auth::role_from_string(v)) roles.push_back(*r);
    if (k == "organizations") orgs.push_back(v);
  }
  // An admin cannot remove their own admin role: it would lock the municipality out.
  if (u->id == ctx.actor->user_id && std::find(roles.begin(), roles.end(), auth::Role::admin) == roles.end()) {
    web::FieldErrors e;
    e.add("roles", "You cannot remove your own administrator role. Ask another administrator.");
    return user_page(ctx, *u, e, 400);
  }
  auto st = auth::set_roles(*ctx.app.db, u->id, roles);
  if (!st) return web::busy_page(ctx);
  auto so = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto all = catalog::list_organizations(c, u->municipality_id);
    if (!all) return pass(all);
    std::vector<std::string> valid;
    for (const auto& o : *all)
      if (std::find(orgs.begin(), orgs.end(), o.id) != orgs.end()) valid.push_back(o.id);
    return catalog::set_editor_organizations(c, u->id, valid);
  });
  if (!so) return web::busy_page(ctx);
  std::string names;
  for (auto r : roles) names += (names.empty() ? "" : ",") + std::string(auth::to_string(r));
  audit_user(ctx, "user.roles", u->id, fmt::format(R"({{"roles":"{}","organizations":{}}})", names, orgs.size()));
  return http::Response::redirect("/admin/users/" + u->id + "?saved=1");
}

http::Response password_post(Context& ctx) {
  auto u = load_user(ctx);
  if (!u) return web::not_found_page(ctx);
  auto st = auth::set_password(*ctx.app.db, ctx.app.clock, u->id, ctx.field("password"));
  if (!st) {
    web::FieldErrors e;
    e.add("password", st.error().message);
    return user_page(ctx, *u, e, 400);
  }
  audit_user(ctx, "user.password_reset", u->id);
  return http::Response::redirect("/admin/users/" + u->id + "?saved=1");
}

http::Response twofa_post(Context& ctx) {
  auto u = load_user(ctx);
  if (!u) return web::not_found_page(ctx);
  const std::string v = ctx.field("value");
  Status st = v == "reset" ? auth::clear_totp(*ctx.app.db, u->id) : auth::set_totp_required(*ctx.app.db, u->id, v == "on");
  if (!st) return web::busy_page(ctx);
  audit_user(ctx, "user.2fa_" + (v == "reset" ? std::string("reset") : v == "on" ? "required" : "optional"), u->id);
  return http::Response::redirect("/admin/users/" + u->id + "?saved=1");
}

http::Response disabled_post(Context& ctx) {
  auto u = load_user(ctx);
  if (!u || u->id == ctx.actor->user_id) return web::not_found_page(ctx);
  const bool close = ctx.field("value") == "on";
  if (!auth::set_disabled(*ctx.app.db, u->id, close)) return web::busy_page(ctx);
  audit_user(ctx, close ? "user.close" : "user.reopen", u->id);
  return http::Response::redirect("/admin/users/" + u->id + "?saved=1");
}

// ---- audit log -------------------------------------------------------------------------------

http::Response audit_page(Context& ctx) {
  auto recs = audit::recent(*ctx.app.db, ctx.actor->municipality_id, ctx.query("entity"), ctx.query("id"), 200);
  if (!recs) return web::busy_page(ctx);
  web::Page p;
  p.title = ctx.tr("Audit log");
  p.staff = true;
  p.nav = "audit";
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p>)", ctx.tr("Audit log"),
                ctx.tr("Every change in the catalog and every look at personal data is written here and cannot be changed afterwards."));
  if (ctx.query("verify") == "1") {
    auto rep = audit::verify(*ctx.app.db);
    if (!rep) return web::busy_page(ctx);
    p.body.append(R"(<div class="ds-alert" data-color="{}" role="status"><p class="ds-paragraph">{}</p></div>)", rep->ok ? "success" : "danger",
                  rep->ok ? ctx.t.tr_args("The log is intact: {n} records checked.", {{"n", ctx.t.number(rep->records)}})
                          : ctx.t.tr_args("The log has been tampered with: {problem}", {{"problem", rep->problem}}));
  }
  p.body.append(R"(<div class="kp-actions"><a class="ds-button" data-variant="secondary" href="/admin/audit?verify=1">{}</a></div>)",
                ctx.tr("Check that the log is intact"));
  p.body.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
                ctx.tr("Time"), ctx.tr("Who"), ctx.tr("What"), ctx.tr("Record"), ctx.tr("Reason"));
  for (const auto& r : *recs)
    p.body.append("<tr><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td></tr>", ctx.t.date_time(r.at), r.entry.actor_id,
                  r.entry.action, r.entry.entity, r.entry.entity_id, r.entry.reason);
  p.body.append("</tbody></table></div>");
  return web::render(ctx, p);
}

}  // namespace

void register_user_admin_routes(App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/admin/users", Permission::user_admin, [](Context& c) { return users_page(c, {}); });
  r.add(Method::POST, "/admin/users", Permission::user_admin, create);
  r.add(Method::GET, "/admin/users/{id:uuid}", Permission::user_admin, user_get);
  r.add(Method::POST, "/admin/users/{id:uuid}/roles", Permission::user_admin, roles_post);
  r.add(Method::POST, "/admin/users/{id:uuid}/password", Permission::user_admin, password_post);
  r.add(Method::POST, "/admin/users/{id:uuid}/2fa", Permission::user_admin, twofa_post);
  r.add(Method::POST, "/admin/users/{id:uuid}/disabled", Permission::user_admin, disabled_post);
  r.add(Method::GET, "/admin/audit", Permission::system_read, audit_page);
}

}  // namespace kp::app
