#include "web/layout.hpp"

#include "app/app.hpp"
#include "web/forms.hpp"
#include "web/url.hpp"

namespace kp::web {
namespace {

Html language_picker(Context& ctx) {
  Html h;
  h.append(R"(<form class="kp-lang" method="get" action="/language"><input type="hidden" name="next" value="{}"><label class="ds-label" for="lang-select" data-weight="regular">{}</label> <select class="ds-input" id="lang-select" name="lang" data-size="sm">)",
           ctx.req.target, ctx.tr("Language"));
  for (const auto& code : ctx.app.catalogs.enabled()) {
    const i18n::LanguageInfo* info = i18n::find_language(code);
    if (!info) continue;
    const bool rtl = info->rtl;
    h.append(R"(<option value="{}" lang="{}"{}{}>{}</option>)", code, code,
             rtl ? Html::trusted(R"( dir="rtl")") : Html(),
             code == ctx.lang() ? Html::trusted(" selected") : Html(), info->native_name);
  }
  h.append(R"(</select> <button class="ds-button" type="submit" data-variant="secondary" data-size="sm">{}</button></form>)",
           ctx.tr("Change"));
  return h;
}

Html nav_link(const std::string& href, const std::string& label, bool active) {
  return Html::format(R"(<li><a class="ds-link" href="{}"{}>{}</a></li>)", href,
                      active ? Html::trusted(R"( aria-current="page")") : Html(), label);
}

}  // namespace

http::Response busy_page(Context& ctx) {
  return error_page(ctx, 503, ctx.tr("The service is busy"), ctx.tr("Please try again in a minute."));
}

http::Response not_found_page(Context& ctx) {
  return error_page(ctx, 404, ctx.tr("We could not find that page"),
                    ctx.tr("The address may be wrong, or the page has been removed."));
}

void no_store(http::Response& r) { r.header("Cache-Control", "no-store"); }

Page staff_page(std::string title, std::string nav) {
  Page p;
  p.title = std::move(title);
  p.staff = true;
  p.nav = std::move(nav);
  p.noindex = true;
  return p;
}

http::Response render_private(Context& ctx, const Page& page, int status) {
  auto r = render(ctx, page, status);
  no_store(r);
  return r;
}

std::string path_param(const Context& ctx, std::string_view name) {
  return std::string(http::find(ctx.req.path_params, name).value_or(""));
}

http::Response render(Context& ctx, const Page& page, int status) {
  const bool rtl = ctx.t.rtl();
  Html h;
  h.append(R"(<!DOCTYPE html><html lang="{}" dir="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{} – Knutepunkt</title>)",
           ctx.lang(), rtl ? "rtl" : "ltr", page.title);
  if (!page.description.empty()) h.append(R"(<meta name="description" content="{}">)", page.description);
  if (page.noindex || page.staff) h.append(R"(<meta name="robots" content="noindex">)");
  for (const char* css : {"theme.css", "ds.css", "app.css"})
    h.append(R"(<link rel="stylesheet" href="{}">)", ctx.app.assets.url(css));
  h.append(R"(<link rel="icon" href="{}" type="image/svg+xml"></head><body><a class="ds-skip-link" href="#main">{}</a>)",
           ctx.app.assets.url("favicon.svg"), ctx.tr("Skip to main content"));
  h.append(R"(<header class="kp-header"><div class="kp-wrap kp-header-row"><a class="kp-brand" href="{}">Knutepunkt</a>)",
           page.staff ? "/staff" : "/");
  h.append(language_picker(ctx));
  h.append("</div>");
  Html nav;
  if (page.staff && ctx.actor) {
    const auto& a = *ctx.actor;
    nav.append(nav_link("/staff", ctx.tr("Overview"), page.nav == "staff"));
    if (policy::can_request_emergency_access(a)) {
      nav.append(nav_link("/staff/caseload", ctx.tr("My caseload"), page.nav == "caseload"));
      nav.append(nav_link("/staff/families", ctx.tr("Families"), page.nav == "families"));
    }
    if (a.has(policy::Role::coordinator) || a.has(policy::Role::leader))
      nav.append(nav_link("/staff/referrals", ctx.tr("Referrals"), page.nav == "referrals"));
    else if (policy::can_request_emergency_access(a))
      nav.append(nav_link("/staff/referrals/new", ctx.tr("Register a concern"), page.nav == "referrals"));
    if (a.has(policy::Role::admin) || a.has(policy::Role::editor))
      nav.append(nav_link("/staff/offers", ctx.tr("Offers"), page.nav == "offers"));
    if (policy::check(a, policy::Permission::activity_manage) == policy::Decision::allow) {
      nav.append(nav_link("/staff/activities", ctx.tr("Activities"), page.nav == "activities"));
      nav.append(nav_link("/staff/equipment", ctx.tr("Equipment pool"), page.nav == "equipment"));
    } else if (policy::check(a, policy::Permission::activity_book) == policy::Decision::allow) {
      // Service employees book quiet reserved places for the families they work with.
      nav.append(nav_link("/staff/activities/reserved", ctx.tr("Activities"), page.nav == "activities"));
    }
    if (a.has(policy::Role::admin)) {
      nav.append(nav_link("/admin/organizations", ctx.tr("Organisations"), page.nav == "organizations"));
      nav.append(nav_link("/admin/categories", ctx.tr("Categories"), page.nav == "categories"));
      nav.append(nav_link("/admin/users", ctx.tr("Staff accounts"), page.nav == "users"));
    }
    if (a.has(policy::Role::admin) || a.has(policy::Role::leader))
      nav.append(nav_link("/admin/audit", ctx.tr("Audit log"), page.nav == "audit"));
    nav.append(nav_link("/account", ctx.tr("My account"), page.nav == "account"));
    nav.append(nav_link("/", ctx.tr("Public site"), false));
  } else {
    nav.append(nav_link("/", ctx.tr("Home"), page.nav == "home"));
    nav.append(nav_link("/offers", ctx.tr("All offers"), page.nav == "offers"));
    nav.append(nav_link("/activities", ctx.tr("Activities"), page.nav == "activities"));
    nav.append(nav_link("/equipment", ctx.tr("Borrow equipment"), page.nav == "equipment"));
    nav.append(nav_link(ctx.actor ? "/staff" : "/login", ctx.actor ? ctx.tr("Staff pages") : ctx.tr("Staff login"),
                        page.nav == "login"));
  }
  h.append(R"(<nav class="kp-nav" aria-label="{}"><div class="kp-wrap"><ul>{}</ul>)", ctx.tr("Main menu"), nav);
  if (page.staff && ctx.actor) {
    h.append(R"(<form method="post" action="/logout" class="kp-logout">{}<span class="kp-who">{}</span> <button class="ds-button" type="submit" data-variant="tertiary" data-size="sm">{}</button></form>)",
             csrf_field(ctx), ctx.actor->display_name, ctx.tr("Log out"));
  }
  h.append("</div></nav></header>");
  h.append(R"(<main id="main" class="kp-wrap" tabindex="-1">{}</main>)", page.body);
  h.append(R"(<footer class="kp-footer"><div class="kp-wrap"><p class="ds-paragraph" data-size="sm">{} · <a class="ds-link" href="/about/accessibility">{}</a> · <a class="ds-link" href="/hsds/">{}</a></p></div></footer></body></html>)",
           ctx.tr("Knutepunkt – one door in for children and families"), ctx.tr("Accessibility statement"),
           ctx.tr("Open data (HSDS)"));
  http::Response r;
  r.status = status;
  r.body = h.release();
  r.header("Content-Language", ctx.lang());
  r.header("Vary", "Cookie, Accept-Language");
  if (page.staff || ctx.actor) no_store(r);
  return r;
}

http::Response error_page(Context& ctx, int status, const std::string& heading, const std::string& text) {
  Page p;
  p.title = heading;
  p.noindex = true;
  p.staff = ctx.actor.has_value() && ctx.req.path.starts_with("/staff");
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p><p class="ds-paragraph"><a class="ds-link" href="/">{}</a> · <a class="ds-link" href="/offers">{}</a></p>)",
                heading, text, ctx.tr("Go to the front page"), ctx.tr("See all offers"));
  return render(ctx, p, status);
}

}  // namespace kp::web
