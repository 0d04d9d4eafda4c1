// Login, two-factor, logout and "my account". A session only becomes an actor once its
// second factor is done (dispatch.cpp), so a half-logged-in session reaches nothing but the
// code pages here.
#include "app/app.hpp"
#include "app/cookies.hpp"
#include "app/pages.hpp"
#include "audit/audit.hpp"
#include "auth/login.hpp"
#include "auth/totp.hpp"
#include "core/crypto.hpp"
#include "http/form.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"
#include "web/url.hpp"

namespace kp::app {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

std::string next_target(const Context& ctx) {
  std::string next = ctx.field("next").empty() ? ctx.query("next") : ctx.field("next");
  return web::is_safe_local_path(next) && !next.starts_with("/login") ? next : "/staff";
}

std::optional<std::string> session_token(const Context& ctx) {
  auto cookies = http::parse_cookies(ctx.req.header("cookie"));
  auto tok = http::find(cookies, session_cookie_name(ctx.app.settings));
  if (!tok || tok->empty()) return std::nullopt;
  return std::string(*tok);
}

void set_session_cookie(Context& ctx, http::Response& r, const std::string& token) {
  r.header("Set-Cookie", cookie_header(ctx.app.settings, session_cookie_name(ctx.app.settings), token, 0));
}

void audit_event(Context& ctx, const std::string& municipality, const std::string& actor, const std::string& action) {
  (void)ctx.app.db->with_write([&](store::Conn& c) {
    return audit::append(c, ctx.app.clock, {municipality, actor, action, "user", actor, ctx.req.remote_addr, "", ""});
  });
}

http::Response login_form(Context& ctx, const web::FieldErrors& errors, const std::string& username,
                          const std::string& alert = {}, int status = 200) {
  web::Page p;
  p.title = ctx.tr("Log in");
  p.nav = "login";
  p.noindex = true;
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p>)", ctx.tr("Log in for staff"),
                ctx.tr("For employees of the municipality and partner organisations. Families do not need to log in."));
  if (!alert.empty()) p.body.append(R"(<div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">{}</p></div>)", alert);
  p.body.append(R"(<form method="post" action="/login" class="kp-form kp-narrow" novalidate>{})", web::csrf_field(ctx));
  p.body.append(web::error_summary(ctx, errors));
  p.body.append(R"(<input type="hidden" name="next" value="{}">)", next_target(ctx));
  web::FieldOptions u;
  u.autocomplete = "username";
  u.required = true;
  p.body.append(web::text_field(ctx, "username", ctx.tr("Username"), username, errors, u));
  web::FieldOptions pw;
  pw.type = "password";
  pw.autocomplete = "current-password";
  pw.required = true;
  p.body.append(web::text_field(ctx, "password", ctx.tr("Password"), "", errors, pw));
  p.body.append(web::button(ctx.tr("Log in")));
  p.body.append("</form>");
  auto r = web::render(ctx, p, status);
  web::no_store(r);
  return r;
}

http::Response login_get(Context& ctx) {
  if (ctx.actor) return http::Response::redirect(next_target(ctx));
  return login_form(ctx, {}, "");
}

http::Response login_post(Context& ctx) {
  const std::string username = ctx.field("username");
  const std::string password = ctx.field("password");
  web::FieldErrors errors;
  if (username.empty()) errors.add("username", "Write your username.");
  if (password.empty()) errors.add("password", "Write your password.");
  if (!errors.empty()) return login_form(ctx, errors, username, {}, 400);
  auto out = auth::attempt_login(*ctx.app.db, ctx.app.clock, ctx.app.throttle, username, password, ctx.req.remote_addr);
  if (!out) return web::error_page(ctx, 503, ctx.tr("The service is busy"), ctx.tr("Please try again in a minute."));
  using K = auth::LoginOutcome::Kind;
  switch (out->kind) {
    case K::bad_credentials:
      errors.add("password", "The username or password is wrong.");
      return login_form(ctx, errors, username, {}, 401);
    case K::throttled:
      return login_form(ctx, {}, username,
                        ctx.t.tr_args("Too many attempts. Wait {minutes} minutes and try again.",
                                      {{"minutes", std::to_string((out->retry_after_seconds + 59) / 60)}}),
                        429);
    case K::disabled:
      return login_form(ctx, {}, username, ctx.tr("This account is closed. Ask an administrator."), 403);
    case K::ok:
    case K::second_factor_required:
    case K::totp_enrollment_required: break;
  }
  // A new token at every login, so a token planted before login is worthless (fixation).
  if (auto old = session_token(ctx)) (void)auth::delete_session(*ctx.app.db, *old);
  const bool done = out->kind == K::ok;
  auto token = auth::create_session(*ctx.app.db, ctx.app.clock, out->user->id, done);
  if (!token) return web::error_page(ctx, 503, ctx.tr("The service is busy"), ctx.tr("Please try again in a minute."));
  const std::string next = next_target(ctx);
  std::string target = done ? next : out->kind == K::second_factor_required ? "/login/code" : "/login/enroll";
  if (!done) target = web::url(target, {{"next", next}});
  else audit_event(ctx, out->user->municipality_id, out->user->id, "session.login");
  http::Response r = http::Response::redirect(target);
  set_session_cookie(ctx, r, *token);
  return r;
}

// The pending (password-only) session for the code pages.
std::optional<auth::SessionAndUser> pending(Context& ctx, std::string& token) {
  auto t = session_token(ctx);
  if (!t) return std::nullopt;
  auto s = auth::lookup_session(*ctx.app.db, ctx.app.clock, *t, ctx.app.session_policy);
  if (!s) return std::nullopt;
  token = *t;
  return *s;
}

http::Response code_form(Context& ctx, bool enroll, const std::string& secret, const web::FieldErrors& errors,
                         int status = 200) {
  web::Page p;
  p.title = enroll ? ctx.tr("Set up two-step login") : ctx.tr("Enter your code");
  p.noindex = true;
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  if (enroll) {
    p.body.append(R"(<p class="ds-paragraph">{}</p><p class="ds-paragraph kp-secret"><code>{}</code></p>)",
                  ctx.tr("Your account needs two-step login. Add this key to an authenticator app on your phone (choose \"enter a setup key\", time-based), then write the 6-digit code the app shows."),
                  secret);
  } else {
    p.body.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("Open the authenticator app on your phone and write the 6-digit code for Knutepunkt."));
  }
  p.body.append(R"(<form method="post" action="{}" class="kp-form kp-narrow" novalidate>{})",
                enroll ? "/login/enroll" : "/login/code", web::csrf_field(ctx));
  p.body.append(web::error_summary(ctx, errors));
  p.body.append(R"(<input type="hidden" name="next" value="{}">)", next_target(ctx));
  if (enroll) p.body.append(R"(<input type="hidden" name="secret" value="{}">)", secret);
  web::FieldOptions o;
  o.inputmode = "numeric";
  o.autocomplete = "one-time-code";
  o.required = true;
  p.body.append(web::text_field(ctx, "code", ctx.tr("Code"), "", errors, o));
  p.body.append(web::button(ctx.tr("Continue")));
  p.body.append("</form>");
  auto r = web::render(ctx, p, status);
  web::no_store(r);
  return r;
}

http::Response code_get(Context& ctx, bool enroll) {
  std::string token;
  if (!pending(ctx, token)) return http::Response::redirect("/login");
  return code_form(ctx, enroll, enroll ? auth::totp::new_secret() : "", {});
}

http::Response code_post(Context& ctx, bool enroll) {
  std::string token;
  auto s = pending(ctx, token);
  if (!s) return http::Response::redirect("/login");
  const std::string code = ctx.field("code");
  auto out = enroll ? auth::confirm_totp_enrollment(*ctx.app.db, ctx.app.clock, ctx.app.throttle, s->user,
                                                    ctx.field("secret"), code, ctx.req.remote_addr)
                    : auth::verify_second_factor(*ctx.app.db, ctx.app.clock, ctx.app.throttle, s->user, code,
                                                 ctx.req.remote_addr);
  web::FieldErrors errors;
  if (!out) {
    errors.add("code", "The code is not right. Check the app and try again.");
    return code_form(ctx, enroll, enroll ? ctx.field("secret") : "", errors, 400);
  }
  using K = auth::CodeOutcome::Kind;
  if (out->kind == K::throttled) {
    errors.add("code", "Too many attempts. Wait a few minutes and try again.");
    return code_form(ctx, enroll, enroll ? ctx.field("secret") : "", errors, 429);
  }
  if (out->kind != K::ok) {
    errors.add("code", "The code is not right. Check the app and try again.");
    return code_form(ctx, enroll, enroll ? ctx.field("secret") : "", errors, 400);
  }
  auto fresh = auth::mark_second_factor_done(*ctx.app.db, ctx.app.clock, token);
  if (!fresh) return http::Response::redirect("/login");
  audit_event(ctx, s->user.municipality_id, s->user.id, enroll ? "session.login_enrolled_totp" : "session.login");
  http::Response r = http::Response::redirect(next_target(ctx));
  set_session_cookie(ctx, r, *fresh);
  return r;
}

http::Response logout(Context& ctx) {
  if (auto t = session_token(ctx)) (void)auth::delete_session(*ctx.app.db, *t);
  if (ctx.actor) {
    if (ctx.field("everywhere") == "1") (void)auth::delete_all_sessions(*ctx.app.db, ctx.actor->user_id);
    audit_event(ctx, ctx.actor->municipality_id, ctx.actor->user_id, "session.logout");
  }
  http::Response r = http::Response::redirect("/");
  r.header("Set-Cookie", cookie_header(ctx.app.settings, session_cookie_name(ctx.app.settings), "", -1));
  return r;
}

http::Response account_page(Context& ctx, const web::FieldErrors& errors, const std::string& notice, int status = 200) {
  const policy::Actor& a = *ctx.actor;
  web::Page p;
  p.title = ctx.tr("My account");
  p.staff = true;
  p.nav = "account";
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", ctx.tr("My account"));
  if (!notice.empty()) p.body.append(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)", notice);
  std::string roles;
  for (auto r : a.roles) roles += (roles.empty() ? "" : ", ") + std::string(policy::to_string(r));
  p.body.append(R"(<dl class="kp-facts"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>)",
                ctx.tr("Name"), a.display_name, ctx.tr("Username"), a.username, ctx.tr("Roles"), roles);
  p.body.append(R"(<h2 class="ds-heading" data-size="md">{}</h2><form method="post" action="/account/password" class="kp-form kp-narrow" novalidate>{})",
                ctx.tr("Change password"), web::csrf_field(ctx));
  p.body.append(web::error_summary(ctx, errors));
  web::FieldOptions cur;
  cur.type = "password";
  cur.autocomplete = "current-password";
  cur.required = true;
  p.body.append(web::text_field(ctx, "current", ctx.tr("Current password"), "", errors, cur));
  web::FieldOptions nw;
  nw.type = "password";
  nw.autocomplete = "new-password";
  nw.required = true;
  nw.hint = ctx.tr("At least 15 characters (8 with two-step login). A sentence of several words is easy to remember and hard to guess.");
  p.body.append(web::text_field(ctx, "password", ctx.tr("New password"), "", errors, nw));
  p.body.append(web::button(ctx.tr("Change password")));
  p.body.append("</form>");
  p.body.append(R"(<h2 class="ds-heading" data-size="md">{}</h2><form method="post" action="/logout" class="kp-form">{}<input type="hidden" name="everywhere" value="1"><p class="ds-paragraph">{}</p>{}</form>)",
                ctx.tr("Log out everywhere"), web::csrf_field(ctx),
                ctx.tr("Ends every session of your account, on all computers and phones."),
                web::button(ctx.tr("Log out everywhere"), false));
  return web::render(ctx, p, status);
}


http::Response password_post(Context& ctx) {
  const policy::Actor& a = *ctx.actor;
  web::FieldErrors errors;
  auto creds = auth::find_credentials(*ctx.app.db, a.username);
  if (!creds || !crypto::verify_password(creds->password_hash, ctx.field("current"))) {
    errors.add("current", "The current password is wrong.");
    return account_page(ctx, errors, {}, 400);
  }
  auto st = auth::set_password(*ctx.app.db, ctx.app.clock, a.user_id, ctx.field("password"));
  if (!st) {
    errors.add("password", st.error().message);
    return account_page(ctx, errors, {}, 400);
  }
  audit_event(ctx, a.municipality_id, a.user_id, "user.password_changed");
  // set_password ended every session, this one too: start a fresh one.
  auto token = auth::create_session(*ctx.app.db, ctx.app.clock, a.user_id, true);
  http::Response r = http::Response::redirect("/account?changed=1");
  if (token) set_session_cookie(ctx, r, *token);
  return r;
}

}  // namespace

void register_account_routes(App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/login", Permission::public_page, login_get);
  r.add(Method::POST, "/login", Permission::public_page, login_post);
  r.add(Method::GET, "/login/code", Permission::public_page, [](Context& c) { return code_get(c, false); });
  r.add(Method::POST, "/login/code", Permission::public_page, [](Context& c) { return code_post(c, false); });
  r.add(Method::GET, "/login/enroll", Permission::public_page, [](Context& c) { return code_get(c, true); });
  r.add(Method::POST, "/login/enroll", Permission::public_page, [](Context& c) { return code_post(c, true); });
  r.add(Method::POST, "/logout", Permission::public_page, logout);
  r.add(Method::GET, "/account", Permission::signed_in, [](Context& c) {
    return account_page(c, {}, c.query("changed") == "1" ? c.tr("Your password has been changed.") : "");
  });
  r.add(Method::POST, "/account/password", Permission::signed_in, password_post);
}

}  // namespace kp::app
