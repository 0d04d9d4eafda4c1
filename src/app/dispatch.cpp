// The one way in for every request. Order matters: who is asking and in which language is
// settled first, then the route, then CSRF for state-changing requests, then the policy
// decision for the route, and only then the handler.
#include <fmt/format.h>

#include <cstdio>

#include "app/app.hpp"
#include "app/cookies.hpp"
#include "catalog/store.hpp"
#include "core/crypto.hpp"
#include "families/guard.hpp"
#include "http/form.hpp"
#include "http/multipart.hpp"
#include "web/layout.hpp"
#include "web/url.hpp"

namespace kp::app {
namespace {

std::optional<policy::Actor> actor_for(App& app, const std::string& token) {
  auto s = auth::lookup_session(*app.db, app.clock, token, app.session_policy);
  if (!s || !s->session.second_factor_done) return std::nullopt;
  const auth::User& u = s->user;
  policy::Actor a;
  a.user_id = u.id;
  a.username = u.username;
  a.display_name = u.display_name;
  a.municipality_id = u.municipality_id;
  a.service = u.service;
  for (auth::Role r : u.roles)
    if (auto pr = policy::role_from_string(auth::to_string(r))) a.roles.insert(*pr);
  if (a.has(policy::Role::editor)) {
    auto orgs = app.db->read([&](store::Conn& c) { return catalog::editor_organizations(c, u.id); });
    if (orgs) a.organization_ids = std::move(*orgs);
  }
  return a;
}

http::Response method_not_allowed(web::Context& ctx, const std::vector<http::Method>& allowed) {
  std::string allow;
  for (auto m : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += http::to_string(m);
    if (m == http::Method::GET) allow += ", HEAD";
  }
  auto r = web::error_page(ctx, 405, ctx.tr("This action is not possible here"),
                           ctx.tr("The page exists, but not for this kind of request."));
  r.header("Allow", allow);
  return r;
}

}  // namespace

http::Response handle(App& app, http::Request& req) {
  const http::Pairs cookies = http::parse_cookies(req.header("cookie"));
  std::optional<policy::Actor> actor;
  std::string session_token;
  if (auto tok = http::find(cookies, session_cookie_name(app.settings)); tok && !tok->empty()) {
    actor = actor_for(app, std::string(*tok));
    if (actor) session_token = std::string(*tok);
  }
  const std::string lang = i18n::negotiate(app.catalogs, req.query_param("lang").value_or(""),
                                           http::find(cookies, "kp_lang").value_or(""),
                                           req.header("accept-language"));
  web::Context ctx{.req = req,
                   .app = app,
                   .t = app.catalogs.get(lang),
                   .actor = actor,
                   .csrf_key = app.secret,
                   .secure_cookies = !app.settings.plain_http};

  // CSRF: the form token is an HMAC of the session token, or for visitors without a session
  // of a random cookie (signed double submit), so it needs no server-side state.
  if (!session_token.empty()) {
    ctx.csrf_source = "s:" + session_token;
  } else if (auto anon = http::find(cookies, "kp_csrf"); anon && anon->size() >= 16) {
    ctx.csrf_source = "a:" + std::string(*anon);
  }

  auto finish = [&](http::Response r) {
    for (const auto& [name, value] : ctx.set_cookies) r.header("Set-Cookie", value);
    if (!ctx.read_audits.empty()) {
      // Nothing of this page may leave the server before its audit records are committed.
      r.hold_until = ctx.read_audits.size() == 1 ? ctx.read_audits.front() : Pending::all(ctx.read_audits);
      r.hold_failed = std::make_shared<http::Response>(http::Response::text(
          503, ctx.tr("The service is busy") + ". " + ctx.tr("Please try again in a minute.") + "\n"));
      r.hold_failed->header("Cache-Control", "no-store");
    }
    return r;
  };

  const web::Match m = app.router.match(req.method, req.path);
  if (!m.route) {
    if (!m.allowed.empty()) return finish(method_not_allowed(ctx, m.allowed));
    return finish(web::error_page(ctx, 404, ctx.tr("We could not find that page"),
                                  ctx.tr("The address may be wrong, or the page has been removed.")));
  }
  req.route_name = m.route->pattern;
  req.path_params = m.params;

  if (req.method == http::Method::POST) {
    const std::string_view type = req.header("content-type");
    if (type.starts_with("application/x-www-form-urlencoded")) {
      auto form = http::parse_form(req.body);
      if (!form)
        return finish(web::error_page(ctx, 400, ctx.tr("The form could not be read"),
                                      ctx.tr("Some of what was sent is not valid text. Go back and try again.")));
      ctx.form = std::move(*form);
    } else if (type.starts_with("multipart/form-data")) {
      http::MultipartLimits limits;
      limits.max_total_bytes = static_cast<std::size_t>(app.settings.max_upload_mb) * 1024 * 1024;
      auto parts = http::parse_multipart(type, req.body, limits);
      if (!parts)
        return finish(web::error_page(ctx, 400, ctx.tr("The form could not be read"),
                                      ctx.tr("The upload was not complete or not valid. Go back and try again.")));
      for (auto& p : *parts) {
        if (p.filename) ctx.files.push_back(std::move(p));
        else ctx.form.emplace_back(std::move(p.name), std::move(p.body));
      }
    } else if (!req.body.empty()) {
      return finish(web::error_page(ctx, 415, ctx.tr("The form could not be read"),
                                    ctx.tr("Send the form from the page.")));
    }
    const std::string sent = ctx.field("csrf").empty() ? std::string(req.header("x-csrf-token")) : ctx.field("csrf");
    if (sent.empty() || ctx.csrf_source.empty() || !crypto::equal(sent, ctx.csrf_token()))
      return finish(web::error_page(ctx, 403, ctx.tr("The form has expired"),
                                    ctx.tr("For your security the form could not be sent. Open the page again and try once more.")));
  }

  switch (policy::check(actor, m.route->permission)) {
    case policy::Decision::allow: break;
    case policy::Decision::need_login:
      if (req.method == http::Method::GET || req.method == http::Method::HEAD)
        return finish(http::Response::redirect(web::url("/login", {{"next", req.target}})));
      return finish(web::error_page(ctx, 403, ctx.tr("Please log in"), ctx.tr("You must be logged in to do this.")));
    case policy::Decision::forbidden:
      return finish(web::error_page(ctx, 403, ctx.tr("You do not have access"),
                                    ctx.tr("Your account does not have access to this page. Ask an administrator if you need it.")));
    case policy::Decision::hidden:
      return finish(web::error_page(ctx, 404, ctx.tr("We could not find that page"),
                                    ctx.tr("The address may be wrong, or the page has been removed.")));
  }

  // Family records: the second, per-family half of the policy check, before any handler code.
  if (policy::is_family_record(m.route->permission)) {
    switch (families::guard(ctx, m.route->permission)) {
      case policy::Decision::allow: break;
      case policy::Decision::forbidden: return finish(web::busy_page(ctx));  // database unavailable
      default:
        return finish(web::error_page(ctx, 404, ctx.tr("We could not find that page"),
                                      ctx.tr("The address may be wrong, or the page has been removed.")));
    }
  }

  try {
    return finish(m.route->handler(ctx));
  } catch (const std::exception& e) {
    const std::string incident = crypto::hex(crypto::random_bytes(6));
    // Only the route pattern and the exception type: the message may quote personal data.
    std::fprintf(stderr, "{\"level\":\"error\",\"incident\":\"%s\",\"route\":\"%s\",\"what\":\"%s\"}\n",
                 incident.c_str(), req.route_name.c_str(), typeid(e).name());
    return finish(web::error_page(ctx, 500, ctx.tr("Something went wrong"),
                                  ctx.t.tr_args("Please try again later. If it happens again, give this code to the help desk: {code}",
                                                {{"code", incident}})));
  }
}

}  // namespace kp::app
