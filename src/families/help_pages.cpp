// The public "I want help" form: a family asks the hub for contact without an account, in
// their own language. What they write is stored as a self referral for the hub's inbox; the
// answer is a receipt that holds no personal data (a code, when the hub answers, the hub's
// phone), so a shared or borrowed phone shows nothing of what was typed.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "app/app.hpp"
#include "auth/post_limit.hpp"
#include "catalog/pages.hpp"
#include "core/ids.hpp"
#include "families/intake_rules.hpp"
#include "families/intake_store.hpp"
#include "families/pages.hpp"
#include "families/views.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace kp::families {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

// Per client address at most 10 the help form in any hour (auth::PostLimit).
constexpr size_t kPostsPerHour = 10;

// The municipalities a visitor may send the form to: those the public pages show.
std::vector<catalog::Municipality> help_municipalities(const Context& ctx, const catalog::Snapshot& snap) {
  const auto scope = catalog::public_scope(ctx, snap);
  if (scope.empty()) return snap.municipalities();
  std::vector<catalog::Municipality> out;
  for (const auto& id : scope)
    if (const auto* m = snap.municipality(id)) out.push_back(*m);
  return out;
}

web::Page public_page(std::string title) {
  web::Page p;
  p.title = std::move(title);
  p.nav = "help";
  return p;
}

HelpInput read_input(const Context& ctx) {
  return {ctx.field("name"),          ctx.field("phone"),       ctx.field("email"),
          ctx.field("language"),      ctx.field("interpreter"), ctx.field("children_ages"),
          ctx.field("description"),   ctx.field("consent")};
}

http::Response help_form(Context& ctx, const std::vector<catalog::Municipality>& places, const HelpInput& in,
                         const std::string& municipality, const web::FieldErrors& errors, int status) {
  auto p = public_page(ctx.tr("Ask the hub for help"));
  p.description = ctx.tr("Ask the family hub for help. It is free, and you do not need to log in.");
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(R"(<p class="ds-paragraph" data-size="lg">{}</p>)",
           ctx.tr("Do you want help or someone to talk to about your family? Write to us. It is free, and you do "
                  "not need to log in."));
  b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("We will contact you within three working days."));
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="/help" class="kp-form kp-help-form" novalidate>{})", web::csrf_field(ctx));
  if (places.size() > 1) {
    std::vector<std::pair<std::string, std::string>> opts{{"", ctx.tr("Choose")}};
    for (const auto& m : places) opts.emplace_back(m.id, m.name);
    b.append(web::select_field(ctx, "municipality", ctx.tr("Where do you live?"), opts, municipality, errors));
  }
  web::FieldOptions name;
  name.required = true;
  name.autocomplete = "name";
  name.dir = "auto";
  b.append(web::text_field(ctx, "name", ctx.tr("Your name"), in.name, errors, name));
  web::FieldOptions tel;
  tel.type = "tel";
  tel.autocomplete = "tel";
  tel.hint = ctx.tr("Write a phone number, an e-mail address, or both.");
  b.append(web::text_field(ctx, "phone", ctx.tr("Phone"), in.phone, errors, tel));
  web::FieldOptions mail;
  mail.type = "email";
  mail.autocomplete = "email";
  b.append(web::text_field(ctx, "email", ctx.tr("E-mail"), in.email, errors, mail));
  b.append(web::select_field(ctx, "language", ctx.tr("Which language do you want us to use?"), language_options(ctx),
                             in.language.empty() ? ctx.lang() : in.language, errors));
  b.append(web::checkbox("interpreter", "1", ctx.tr("I want an interpreter"), in.interpreter == "1"));
  web::FieldOptions ages;
  ages.autocomplete = "off";
  ages.hint = ctx.tr("Optional. For example: 3, 7 and 12.");
  b.append(web::text_field(ctx, "children_ages", ctx.tr("How old are the children?"), in.children_ages, errors, ages));
  web::FieldOptions text;
  text.rows = 5;
  text.dir = "auto";
  text.hint = ctx.tr("Optional. You can also tell us when we talk.");
  b.append(web::text_field(ctx, "description", ctx.tr("What would you like help with?"), in.description, errors, text));
  if (const std::string* err = errors.get("consent"))
    b.append(R"(<div class="ds-validation-message" data-field="validation" data-color="danger" id="f-consent-error">{}</div>)",
             ctx.tr(err->c_str()));
  b.append(web::checkbox("consent", "1", ctx.tr("The hub may contact me and store what I wrote"), in.consent == "1",
                         "f-consent"));
  b.append(R"(<p class="ds-paragraph" data-size="sm">{}</p>)",
           ctx.tr("Only the hub's staff can read what you write. You can ask us to delete it at any time."));
  b.append(web::button(ctx.tr("Send")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

http::Response help_get(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return web::busy_page(ctx);
  const auto places = help_municipalities(ctx, **snap);
  return help_form(ctx, places, {}, "", {}, 200);
}

http::Response too_many(Context& ctx) {
  auto r = web::error_page(ctx, 429, ctx.tr("Too many messages"),
                           ctx.tr("Many messages have been sent from your connection. Please try again in an hour."));
  r.header("Retry-After", "3600");
  web::no_store(r);
  return r;
}

http::Response receipt(Context& ctx, const catalog::Municipality& m, const std::string& code) {
  auto p = public_page(ctx.tr("Thank you, we have received your message"));
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)",
           ctx.tr("We will contact you within three working days."));
  b.append(R"(<p class="ds-paragraph">{}</p><p class="kp-receipt-code">{}</p>)", ctx.tr("Your receipt code:"), code);
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("Write the code down. If you call us, tell us the code, so that we find your message."));
  if (!m.hub_phone.empty())
    b.append(R"(<p class="ds-paragraph">{} <a class="ds-link" href="tel:{}">{}</a></p>)",
             ctx.tr("Do you want to talk to us before that? Call the hub:"), m.hub_phone, m.hub_phone);
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/">{}</a></p>)", ctx.tr("Back to the front page"));
  return render_private(ctx, p, 200);
}

http::Response help_post(Context& ctx, auth::PostLimit& limiter) {
  if (!limiter.allow(ctx.req.remote_addr)) return too_many(ctx);
  auto snap = ctx.app.catalog.get();
  if (!snap) return web::busy_page(ctx);
  const auto places = help_municipalities(ctx, **snap);
  const HelpInput in = read_input(ctx);
  std::string municipality = places.size() == 1 ? places.front().id : ctx.field("municipality");
  const auto place = std::find_if(places.begin(), places.end(),
                                  [&](const catalog::Municipality& m) { return m.id == municipality; });
  Referral r;
  FieldErrorList errs;
  if (place == places.end()) errs.emplace_back("municipality", N_("Choose where you live."));
  apply_help_input(in, ctx.lang(), r, errs);
  if (!errs.empty()) {
    web::FieldErrors e;
    for (const auto& [f, msg] : errs) e.add(f, msg);
    return help_form(ctx, places, in, municipality, e, 400);
  }
  r.id = ids::new_uuid();
  r.municipality_id = place->id;
  r.status = ReferralStatus::new_;
  std::string code;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto made = insert_referral(c, r, ctx.app.clock.now());
    if (!made) return pass(made);
    code = *made;
    return audit::append(c, ctx.app.clock,
                         audit::Entry{r.municipality_id, "public", "referral.self", "referral", r.id,
                                      ctx.req.remote_addr, "", ""});
  });
  if (!st) return web::busy_page(ctx);
  return receipt(ctx, *place, code);
}

}  // namespace

void register_help_routes(app::App& app) {
  auto limiter = std::make_shared<auth::PostLimit>(app.clock, kPostsPerHour);
  auto& r = app.router;
  r.add(Method::GET, "/help", Permission::public_page, help_get);
  r.add(Method::POST, "/help", Permission::public_page,
        [limiter](Context& ctx) { return help_post(ctx, *limiter); });
}

}  // namespace kp::families
