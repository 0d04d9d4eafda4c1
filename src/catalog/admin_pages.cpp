// Admin pages for the catalog's reference data: organisations and the category taxonomy.
// Only admins of the municipality (policy::can_admin_catalog); every change is audited.
#include <fmt/format.h>

#include "app/app.hpp"
#include "audit/audit.hpp"
#include "catalog/hsds.hpp"
#include "catalog/pages.hpp"
#include "catalog/store.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace kp::catalog {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;


const char* org_type_label(OrgType t) {
  switch (t) {
    case OrgType::municipal: return N_("Municipal service");
    case OrgType::nav: return N_("NAV");
    case OrgType::voluntary: return N_("Voluntary organisation");
    case OrgType::business: return N_("Business");
    case OrgType::other: return N_("Other");
  }
  return N_("Other");
}

audit::Entry entry(const Context& ctx, const std::string& action, const std::string& entity, const std::string& id) {
  return audit::Entry{ctx.actor->municipality_id, ctx.actor->user_id, action, entity, id, ctx.req.remote_addr, "", ""};
}

// ---- organisations ---------------------------------------------------------------------------

http::Response orgs_list(Context& ctx) {
  auto orgs = ctx.app.db->read([&](store::Conn& c) { return list_organizations(c, ctx.actor->municipality_id); });
  if (!orgs) return web::busy_page(ctx);
  web::Page p;
  p.title = ctx.tr("Organisations");
  p.staff = true;
  p.nav = "organizations";
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><div class="kp-actions"><a class="ds-button" data-variant="primary" href="/admin/organizations/new">{}</a><a class="ds-button" data-variant="secondary" href="/admin/import">{}</a></div>)",
                ctx.tr("Organisations"), ctx.tr("New organisation"), ctx.tr("Import offers (HSDS)"));
  p.body.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
                ctx.tr("Name"), ctx.tr("Type"), ctx.tr("Contact"));
  for (const auto& o : *orgs)
    p.body.append(R"(<tr><td><a class="ds-link" href="/admin/organizations/{}">{}</a></td><td>{}</td><td>{} {}</td></tr>)", o.id, o.name,
                  ctx.tr(org_type_label(o.type)), o.phone, o.email);
  p.body.append("</tbody></table></div>");
  return web::render(ctx, p);
}

http::Response org_form(Context& ctx, const Organization& o, bool is_new, const web::FieldErrors& errors, int status = 200) {
  web::Page p;
  p.title = is_new ? ctx.tr("New organisation") : o.name;
  p.staff = true;
  p.nav = "organizations";
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><form method="post" action="{}" class="kp-form" novalidate>{})", p.title,
                is_new ? "/admin/organizations/new" : "/admin/organizations/" + o.id, web::csrf_field(ctx));
  p.body.append(web::error_summary(ctx, errors));
  web::FieldOptions req;
  req.required = true;
  p.body.append(web::text_field(ctx, "name", ctx.tr("Name"), o.name, errors, req));
  std::vector<std::pair<std::string, std::string>> types;
  for (auto t : {OrgType::municipal, OrgType::nav, OrgType::voluntary, OrgType::business, OrgType::other})
    types.emplace_back(to_string(t), ctx.tr(org_type_label(t)));
  p.body.append(web::select_field(ctx, "type", ctx.tr("Type"), types, to_string(o.type), errors));
  web::FieldOptions mail;
  mail.type = "email";
  p.body.append(web::text_field(ctx, "email", ctx.tr("E-mail"), o.email, errors, mail));
  web::FieldOptions tel;
  tel.type = "tel";
  p.body.append(web::text_field(ctx, "phone", ctx.tr("Phone"), o.phone, errors, tel));
  web::FieldOptions url;
  url.type = "url";
  p.body.append(web::text_field(ctx, "website", ctx.tr("Web page"), o.website, errors, url));
  web::FieldOptions desc;
  desc.rows = 4;
  desc.lang = "nb";
  p.body.append(web::text_field(ctx, "description", ctx.tr("Description (Norwegian)"), text_in(o.texts, "description", kSourceLanguage), errors, desc));
  p.body.append(web::button(ctx.tr("Save")));
  p.body.append("</form>");
  return web::render(ctx, p, status);
}

void read_org(const Context& ctx, Organization& o, web::FieldErrors& errors) {
  o.name = std::string(text::trim(ctx.field("name")));
  if (o.name.empty()) errors.add("name", "Write the name of the organisation.");
  else if (text::length_utf8(o.name) > 200 || !text::is_clean_utf8(o.name)) errors.add("name", "The name is too long (at most 200 characters).");
  auto type = org_type_from_string(ctx.field("type"));
  if (!type) errors.add("type", "Choose a type from the list.");
  else o.type = *type;
  o.email = std::string(text::trim(ctx.field("email")));
  if (!o.email.empty() && o.email.find('@') == std::string::npos) errors.add("email", "Write a valid e-mail address, for example post@example.no.");
  o.phone = std::string(text::trim(ctx.field("phone")));
  if (!o.phone.empty() && o.phone.find_first_not_of("+0123456789 -()") != std::string::npos)
    errors.add("phone", "Write the phone number with digits only, for example 400 00 000.");
  o.website = std::string(text::trim(ctx.field("website")));
  if (!o.website.empty() && !o.website.starts_with("https://") && !o.website.starts_with("http://"))
    errors.add("website", "The web address must start with https://");
  const std::string desc(text::trim(ctx.field("description")));
  if (!text::is_clean_utf8(desc) || text::length_utf8(desc) > 5000) errors.add("description", "The text is too long.");
  o.texts["description"][kSourceLanguage].value = desc;
}

http::Response org_new_get(Context& ctx) {
  Organization o;
  o.type = OrgType::voluntary;
  return org_form(ctx, o, true, {});
}

http::Response org_save(Context& ctx, bool is_new) {
  Organization o;
  if (!is_new) {
    auto got = ctx.app.db->read([&](store::Conn& c) { return get_organization(c, std::string(ctx.req.path_param("id"))); });
    if (!got) return web::busy_page(ctx);
    if (!*got || (*got)->municipality_id != ctx.actor->municipality_id) return web::not_found_page(ctx);
    o = std::move(**got);
  } else {
    o.id = ids::new_uuid();
    o.municipality_id = ctx.actor->municipality_id;
  }
  web::FieldErrors errors;
  read_org(ctx, o, errors);
  if (!errors.empty()) return org_form(ctx, o, is_new, errors, 400);
  // Only the nb description came from the form; other languages stay as they are.
  for (auto& [f, langs] : o.texts)
    for (auto it = langs.begin(); it != langs.end();) it = it->first == kSourceLanguage ? std::next(it) : langs.erase(it);
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(upsert_organization(c, o, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, entry(ctx, is_new ? "organization.create" : "organization.update", "organization", o.id));
  });
  if (!st) return web::busy_page(ctx);
  ctx.app.catalog.invalidate();
  return http::Response::redirect("/admin/organizations");
}

http::Response org_edit_get(Context& ctx) {
  auto got = ctx.app.db->read([&](store::Conn& c) { return get_organization(c, std::string(ctx.req.path_param("id"))); });
  if (!got) return web::busy_page(ctx);
  if (!*got || (*got)->municipality_id != ctx.actor->municipality_id) return web::not_found_page(ctx);
  return org_form(ctx, **got, false, {});
}

// ---- categories ------------------------------------------------------------------------------

http::Response cats_page(Context& ctx, const web::FieldErrors& errors, int status = 200) {
  auto cats = ctx.app.db->read([&](store::Conn& c) { return list_categories(c, ctx.actor->municipality_id); });
  if (!cats) return web::busy_page(ctx);
  web::Page p;
  p.title = ctx.tr("Categories");
  p.staff = true;
  p.nav = "categories";
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p>)", ctx.tr("Categories"),
                ctx.tr("The categories families browse by on the front page. Change a name by saving it again."));
  p.body.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table"><thead><tr><th scope="col">{}</th><th scope="col">Norsk (bokmål)</th><th scope="col">English</th><th scope="col">{}</th></tr></thead><tbody>)",
                ctx.tr("Code"), ctx.tr("Save"));
  for (const auto& c : *cats) {
    p.body.append(R"(<tr><td>{}</td><td colspan="3"><form method="post" action="/admin/categories/{}" class="kp-actions">{})", c.code, c.id,
                  web::csrf_field(ctx));
    p.body.append(R"(<label class="ds-sr-only" for="nb-{}">Norsk {}</label><input class="ds-input" id="nb-{}" name="nb" lang="nb" value="{}">)", c.id, c.code, c.id,
                  text_in(c.texts, "name", "nb"));
    p.body.append(R"(<label class="ds-sr-only" for="en-{}">English {}</label><input class="ds-input" id="en-{}" name="en" lang="en" value="{}">)", c.id, c.code, c.id,
                  text_in(c.texts, "name", "en"));
    p.body.append("{}</form></td></tr>", web::button(ctx.tr("Save"), false));
  }
  p.body.append("</tbody></table></div>");
  p.body.append(R"(<h2 class="ds-heading" data-size="md">{}</h2><form method="post" action="/admin/categories/new" class="kp-form" novalidate>{})",
                ctx.tr("New category"), web::csrf_field(ctx));
  p.body.append(web::error_summary(ctx, errors));
  web::FieldOptions code;
  code.hint = ctx.tr("Short, lower-case letters and dashes, e.g. music-and-dance");
  p.body.append(web::text_field(ctx, "code", ctx.tr("Code"), ctx.field("code"), errors, code));
  p.body.append(web::text_field(ctx, "nb", ctx.tr("Name in Norwegian"), ctx.field("nb"), errors));
  p.body.append(web::text_field(ctx, "en", ctx.tr("Name in English"), ctx.field("en"), errors));
  p.body.append(web::button(ctx.tr("Add category")));
  p.body.append("</form>");
  return web::render(ctx, p, status);
}

http::Response cats_get(Context& ctx) { return cats_page(ctx, {}); }

Status write_names(store::Conn& c, const Context& ctx, const std::string& id, const std::string& nb, const std::string& en) {
  const UnixSeconds now = ctx.app.clock.now();
  KP_TRY(put_translation(c, "category", id, "name", "nb", nb, false, now));
  if (!en.empty()) KP_TRY(put_translation(c, "category", id, "name", "en", en, false, now));
  return {};
}

http::Response cat_new(Context& ctx) {
  web::FieldErrors errors;
  const std::string code(text::trim(ctx.field("code")));
  const std::string nb(text::trim(ctx.field("nb"))), en(text::trim(ctx.field("en")));
  if (code.empty() || code.size() > 40 || code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
    errors.add("code", "Use 1–40 lower-case letters, digits and dashes.");
  if (nb.empty() || text::length_utf8(nb) > 80 || !text::is_clean_utf8(nb)) errors.add("nb", "Write the name in Norwegian (at most 80 characters).");
  if (text::length_utf8(en) > 80 || !text::is_clean_utf8(en)) errors.add("en", "The name is too long (at most 80 characters).");
  if (!errors.empty()) return cats_page(ctx, errors, 400);
  Category cat;
  cat.id = ids::new_uuid();
  cat.municipality_id = ctx.actor->municipality_id;
  cat.code = code;
  cat.position = 1000;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(upsert_category(c, cat, ctx.app.clock.now()));
    KP_TRY(write_names(c, ctx, cat.id, nb, en));
    return audit::append(c, ctx.app.clock, entry(ctx, "category.create", "category", cat.id));
  });
  if (!st) {
    if (st.error().kind == ErrorKind::conflict) {
      errors.add("code", "A category with this code exists already.");
      return cats_page(ctx, errors, 409);
    }
    return web::busy_page(ctx);
  }
  ctx.app.catalog.invalidate();
  return http::Response::redirect("/admin/categories");
}

http::Response cat_rename(Context& ctx) {
  const std::string id(ctx.req.path_param("id"));
  const std::string nb(text::trim(ctx.field("nb"))), en(text::trim(ctx.field("en")));
  if (nb.empty() || text::length_utf8(nb) > 80 || text::length_utf8(en) > 80 || !text::is_clean_utf8(nb) || !text::is_clean_utf8(en)) {
    web::FieldErrors errors;
    errors.add("nb", "Write the name in Norwegian (at most 80 characters).");
    return cats_page(ctx, errors, 400);
  }
  bool found = false;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto cats = list_categories(c, ctx.actor->municipality_id);
    if (!cats) return pass(cats);
    for (const auto& cat : *cats) found = found || cat.id == id;
    if (!found) return {};
    KP_TRY(write_names(c, ctx, id, nb, en));
    return audit::append(c, ctx.app.clock, entry(ctx, "category.rename", "category", id));
  });
  if (!st) return web::busy_page(ctx);
  if (!found) return web::not_found_page(ctx);
  ctx.app.catalog.invalidate();
  return http::Response::redirect("/admin/categories");
}

// ---- HSDS import ------------------------------------------------------------------------------

http::Response import_page(Context& ctx, const Html& result, int status = 200) {
  web::Page p;
  p.title = ctx.tr("Import offers (HSDS)");
  p.staff = true;
  p.nav = "organizations";
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p>)", p.title,
                ctx.tr("Upload a file in the Open Referral HSDS 3.0 format (a list of services, or a page from another catalog's /services). Either everything in the file is imported, or nothing is. Importing the same file again changes nothing."));
  p.body.append(result);
  p.body.append(R"(<form method="post" action="/admin/import" enctype="multipart/form-data" class="kp-form" novalidate>{})", web::csrf_field(ctx));
  p.body.append(R"(<div class="ds-field kp-field"><label class="ds-label" for="f-file">{}</label><input class="ds-input" type="file" id="f-file" name="file" accept=".json,application/json" required></div>)",
                ctx.tr("HSDS file (JSON)"));
  std::vector<std::pair<std::string, std::string>> langs;
  for (const auto& code : ctx.app.settings.languages)
    if (const auto* l = i18n::find_language(code)) langs.emplace_back(code, l->native_name);
  p.body.append(web::select_field(ctx, "lang", ctx.tr("Language of the texts in the file"), langs, "nb", {}));
  p.body.append(web::button(ctx.tr("Import")));
  p.body.append("</form>");
  return web::render(ctx, p, status);
}

http::Response import_post(Context& ctx) {
  const http::Part* file = nullptr;
  for (const auto& f : ctx.files)
    if (f.name == "file") file = &f;
  if (!file || file->body.empty())
    return import_page(ctx, Html::format(R"(<div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">{}</p></div>)",
                                         ctx.tr("Choose a file to import.")), 400);
  hsds::ImportOptions opt;
  if (ctx.app.catalogs.is_enabled(ctx.field("lang"))) opt.lang = ctx.field("lang");
  std::vector<hsds::ImportError> errors;
  auto rep = hsds::import_services(*ctx.app.db, ctx.app.clock, file->body, ctx.actor->municipality_id, ctx.actor->user_id, opt, &errors);
  if (!rep) {
    if (errors.empty() && rep.error().kind != ErrorKind::invalid)
      return web::error_page(ctx, 503, ctx.tr("The service is busy"), ctx.tr("Please try again in a minute."));
    Html list;
    list.append(R"(<div class="ds-alert" data-color="danger" role="alert"><h2 class="ds-heading" data-size="xs">{}</h2><ul class="ds-list">)",
                ctx.tr("Nothing was imported. Fix these problems in the file and try again:"));
    std::size_t shown = 0;
    for (const auto& e : errors) {
      if (++shown > 100) break;
      list.append("<li>{}</li>", e.to_string());
    }
    if (errors.empty()) list.append("<li>{}</li>", ctx.tr(rep.error().message.c_str()));
    list.append("</ul></div>");
    return import_page(ctx, list, 400);
  }
  ctx.app.catalog.invalidate();
  Html ok;
  ok.append(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)",
            ctx.t.tr_args("Imported: {created} new, {updated} changed, {unchanged} unchanged offers.",
                          {{"created", ctx.t.number(rep->services.created)}, {"updated", ctx.t.number(rep->services.updated)},
                           {"unchanged", ctx.t.number(rep->services.unchanged)}}));
  return import_page(ctx, ok);
}

}  // namespace

void register_admin_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/admin/organizations", Permission::catalog_admin, orgs_list);
  r.add(Method::GET, "/admin/organizations/new", Permission::catalog_admin, org_new_get);
  r.add(Method::POST, "/admin/organizations/new", Permission::catalog_admin, [](Context& c) { return org_save(c, true); });
  r.add(Method::GET, "/admin/organizations/{id:uuid}", Permission::catalog_admin, org_edit_get);
  r.add(Method::POST, "/admin/organizations/{id:uuid}", Permission::catalog_admin, [](Context& c) { return org_save(c, false); });
  r.add(Method::GET, "/admin/categories", Permission::catalog_admin, cats_get);
  r.add(Method::POST, "/admin/categories/new", Permission::catalog_admin, cat_new);
  r.add(Method::POST, "/admin/categories/{id:uuid}", Permission::catalog_admin, cat_rename);
  r.add(Method::GET, "/admin/import", Permission::catalog_admin, [](Context& c) { return import_page(c, {}); });
  r.add(Method::POST, "/admin/import", Permission::catalog_admin, import_post);
}

}  // namespace kp::catalog
