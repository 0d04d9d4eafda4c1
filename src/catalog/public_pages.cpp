// Handlers for the public catalog: front page, search, offer page, language choice.
#include "app/app.hpp"
#include "app/cookies.hpp"
#include "catalog/pages.hpp"
#include "catalog/views.hpp"
#include "web/layout.hpp"
#include "web/url.hpp"

namespace kp::catalog {
namespace {

using http::Method;
using policy::Permission;
using web::Context;

CivilDate today(const Context& ctx) { return to_oslo(ctx.app.clock.now()).date; }


http::Response front(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return web::busy_page(ctx);
  web::Page p;
  p.title = ctx.tr("Activities and help for children and families");
  p.nav = "home";
  p.description = ctx.tr("Find free activities, equipment to borrow, and people who can help – in one place.");
  p.body = front_page(ctx, **snap, public_scope(ctx, **snap));
  return web::render(ctx, p);
}

http::Response offers(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return web::busy_page(ctx);
  SearchPageData d;
  d.snap = snap->get();
  d.query = parse_search_query(ctx.req.query, d.errors);
  d.scope = public_scope(ctx, **snap);
  d.query.municipality_ids = d.scope;
  d.today = today(ctx);
  d.result = (*snap)->search(d.query, d.today);
  web::Page p;
  p.title = d.query.q.empty() ? ctx.tr("Offers for children and families")
                              : ctx.t.tr_args("Search: {q}", {{"q", d.query.q}});
  p.nav = "offers";
  p.body = search_page(ctx, d);
  return web::render(ctx, p, d.errors.empty() ? 200 : 400);
}

http::Response offer(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return web::busy_page(ctx);
  const Offer* o = public_offer(ctx, **snap, ctx.req.path_param("id"));
  if (!o) return web::error_page(ctx, 404, ctx.tr("We could not find that offer"),
                                 ctx.tr("It may have ended or been removed. See all offers for what is on now."));
  web::Page p;
  p.title = text_in(o->texts, "name", ctx.lang());
  p.nav = "offers";
  p.description = text_in(o->texts, "summary", ctx.lang());
  p.body = offer_page(ctx, **snap, *o, today(ctx));
  return web::render(ctx, p);
}

// The language picker works without JavaScript: a GET form that lands here, sets the cookie
// and goes back to where the visitor was.
http::Response language(Context& ctx) {
  const std::string lang = ctx.query("lang");
  std::string next = ctx.query("next");
  if (!web::is_safe_local_path(next)) next = "/";
  // Drop an old ?lang= so the cookie decides.
  if (auto q = next.find("lang="); q != std::string::npos && (next[q - 1] == '?' || next[q - 1] == '&')) {
    auto end = next.find('&', q);
    next.erase(q - 1, end == std::string::npos ? std::string::npos : end - q + 1);
    if (next.find('?') == std::string::npos && next.find('&') != std::string::npos) next[next.find('&')] = '?';
  }
  http::Response r = http::Response::redirect(next);
  if (ctx.app.catalogs.is_enabled(lang))
    r.header("Set-Cookie", app::cookie_header(ctx.app.settings, "kp_lang", lang, 365L * 24 * 3600));
  return r;
}

http::Response accessibility(Context& ctx) {
  web::Page p;
  p.title = ctx.tr("Accessibility statement");
  p.body = accessibility_page(ctx);
  return web::render(ctx, p);
}

}  // namespace

std::vector<std::string> public_scope(const Context& ctx, const Snapshot& snap) {
  const std::vector<std::string>& allowed = ctx.app.settings.public_municipalities;
  // ?kommune= narrows the view to municipalities the installation publishes.
  std::vector<std::string> wanted;
  for (const auto& [k, v] : ctx.req.query)
    if ((k == "kommune" || k == "municipality") &&
        (allowed.empty() ? snap.municipality(v) != nullptr : std::find(allowed.begin(), allowed.end(), v) != allowed.end()))
      wanted.push_back(v);
  if (!wanted.empty()) return wanted;
  // A single-municipality installation is scoped to it, so its hub and districts show.
  if (allowed.empty() && snap.municipalities().size() == 1) return {snap.municipalities().front().id};
  return allowed;
}

web::Handler cached(web::Handler handler) {
  return [handler = std::move(handler)](Context& ctx) -> http::Response {
    if (ctx.actor || !ctx.app.pages.enabled() ||
        (ctx.req.method != http::Method::GET && ctx.req.method != http::Method::HEAD))
      return handler(ctx);
    auto snap = ctx.app.catalog.get();
    if (!snap) return handler(ctx);
    const std::string key = std::to_string((*snap)->version()) + '|' + ctx.lang() + '|' + ctx.req.target;
    if (auto hit = ctx.app.pages.get(key)) return std::move(*hit);
    http::Response r = handler(ctx);
    if (ctx.set_cookies.empty() && ctx.csrf_token_.empty()) ctx.app.pages.put(key, r);
    return r;
  };
}

const Offer* public_offer(const Context& ctx, const Snapshot& snap, std::string_view id) {
  const Offer* o = snap.offer(std::string(id));
  const auto& allowed = ctx.app.settings.public_municipalities;
  if (o && !allowed.empty() && std::find(allowed.begin(), allowed.end(), o->municipality_id) == allowed.end()) return nullptr;
  return o;
}

void register_public_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/", Permission::public_page, cached(front));
  r.add(Method::GET, "/offers", Permission::public_page, cached(offers));
  r.add(Method::GET, "/offers/{id:uuid}", Permission::public_page, cached(offer));
  r.add(Method::GET, "/language", Permission::public_page, language);
  r.add(Method::GET, "/about/accessibility", Permission::public_page, accessibility);
}

}  // namespace kp::catalog
