// Editors' pages: my offers, create, edit, preview, publish/unpublish/archive, confirm,
// translate, and the lists of offers needing confirmation or translation. Every change goes
// through policy::can_edit_offer, is written in one transaction with its audit record, and
// invalidates the public snapshot so the public search shows it at once.
#include <fmt/format.h>

#include "app/app.hpp"
#include "audit/audit.hpp"
#include "catalog/pages.hpp"
#include "catalog/rules.hpp"
#include "catalog/store.hpp"
#include "catalog/views.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"
#include "web/url.hpp"

namespace kp::catalog {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

const char* field_label(const std::string& f) {
  if (f == "name") return N_("Name");
  if (f == "summary") return N_("Short description");
  if (f == "description") return N_("Full description");
  if (f == "application_process") return N_("How to sign up");
  if (f == "eligibility") return N_("Who can take part");
  if (f == "fees_description") return N_("About the price");
  return N_("Text");
}

const char* state_label(OfferState s) {
  switch (s) {
    case OfferState::draft: return N_("Draft");
    case OfferState::published: return N_("Published");
    case OfferState::unpublished: return N_("Unpublished");
    case OfferState::archived: return N_("Archived");
  }
  return N_("Draft");
}

const char* state_color(OfferState s) {
  return s == OfferState::published ? "success" : s == OfferState::archived ? "neutral" : "warning";
}

http::Response offer_not_found(Context& ctx) {
  return web::error_page(ctx, 404, ctx.tr("We could not find that offer"),
                         ctx.tr("It may have been removed, or you do not have access to it."));
}

// The offers the actor may edit (admin: the municipality's; editor: their organisations').
Result<std::vector<Offer>> editable_offers(Context& ctx, std::vector<OfferState> states = {}) {
  const policy::Actor& a = *ctx.actor;
  OfferQuery q;
  q.municipality_id = a.municipality_id;
  q.states = std::move(states);
  if (!a.has(policy::Role::admin)) {
    if (a.organization_ids.empty()) return std::vector<Offer>{};
    q.organization_ids = a.organization_ids;
  }
  return ctx.app.db->read([&](store::Conn& c) { return list_offers(c, q); });
}

// Loads an offer the actor may edit; nullopt (→ 404, so other municipalities' ids reveal
// nothing) otherwise.
std::optional<Offer> load_editable(Context& ctx) {
  auto o = ctx.app.db->read([&](store::Conn& c) { return get_offer(c, std::string(ctx.req.path_param("id"))); });
  if (!o || !*o) return std::nullopt;
  if (!policy::can_edit_offer(*ctx.actor, {(*o)->municipality_id, (*o)->organization_id})) return std::nullopt;
  return std::move(**o);
}

audit::Entry audit_entry(const Context& ctx, const std::string& action, const std::string& offer_id,
                         const std::string& details = {}) {
  return audit::Entry{ctx.actor->municipality_id, ctx.actor->user_id, action, "offer", offer_id,
                      ctx.req.remote_addr, "", details};
}

Html offer_row(const Context& ctx, const Offer& o, const Html& extra) {
  return Html::format(
      R"(<tr><td><a class="ds-link" href="/staff/offers/{}">{}</a></td><td><span class="ds-tag" data-color="{}">{}</span></td><td>{}</td><td>{}</td></tr>)",
      o.id, text_in(o.texts, "name", kSourceLanguage), state_color(o.state), ctx.tr(state_label(o.state)),
      ctx.t.date_short(to_oslo(o.last_confirmed_at).date), extra);
}

Html offer_table(const Context& ctx, const std::vector<const Offer*>& offers, const std::string& caption,
                 const std::string& extra_heading, const std::function<Html(const Offer&)>& extra) {
  if (offers.empty()) return Html::format(R"(<p class="ds-paragraph kp-muted">{}</p>)", ctx.tr("Nothing here."));
  Html h;
  h.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table"><caption class="ds-sr-only">{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
           caption, ctx.tr("Offer"), ctx.tr("Status"), ctx.tr("Last confirmed"), extra_heading);
  for (const Offer* o : offers) h.append(offer_row(ctx, *o, extra(*o)));
  h.append("</tbody></table></div>");
  return h;
}

// A table column with each offer's organisation, looked up in one snapshot for the whole table.
std::function<Html(const Offer&)> org_column(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  std::shared_ptr<const Snapshot> s = snap ? *snap : nullptr;
  return [s](const Offer& o) {
    if (s)
      if (const Organization* x = s->organization(o.organization_id)) return Html::format("{}", x->name);
    return Html();
  };
}

// ---- overview --------------------------------------------------------------------------------

http::Response overview(Context& ctx) {
  const policy::Actor& a = *ctx.actor;
  web::Page p;
  p.title = ctx.tr("Overview");
  p.staff = true;
  p.nav = "staff";
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p>)",
                ctx.t.tr_args("Welcome, {name}", {{"name", a.display_name}}),
                ctx.tr("Here you see what needs your attention."));
  if (!a.has(policy::Role::admin) && !a.has(policy::Role::editor)) {
    p.body.append(R"(<p class="ds-paragraph">{}</p>)",
                  ctx.tr("Your role has no catalog tasks. Family follow-up comes in a later version."));
    return web::render(ctx, p);
  }
  auto offers = editable_offers(ctx);
  if (!offers) return web::busy_page(ctx);
  const UnixSeconds now = ctx.app.clock.now();
  std::vector<const Offer*> confirm, translate, drafts;
  for (const auto& o : *offers) {
    if (o.state == OfferState::archived) continue;
    if (needs_confirmation(o, now, ctx.app.settings.confirm_interval_days)) confirm.push_back(&o);
    if (o.state == OfferState::published && !languages_needing_translation(o, {"en"}).empty()) translate.push_back(&o);
    if (o.state == OfferState::draft) drafts.push_back(&o);
  }
  p.body.append(R"(<div class="kp-actions"><a class="ds-button" data-variant="primary" href="/staff/offers/new">{}</a><a class="ds-button" data-variant="secondary" href="/staff/offers">{}</a><a class="ds-button" data-variant="secondary" href="/staff/translations">{}</a></div>)",
                ctx.tr("New offer"), ctx.t.tr_args("All my offers ({n})", {{"n", ctx.t.number(static_cast<long long>(offers->size()))}}),
                ctx.tr("Translations"));
  p.body.append(R"(<h2 class="ds-heading" data-size="md">{}</h2><p class="ds-paragraph">{}</p>)",
                ctx.t.trn("{n} offer needs confirmation", "{n} offers need confirmation", static_cast<long>(confirm.size())),
                ctx.tr("Families must be able to trust the catalog. Check these offers and confirm that they are still right."));
  p.body.append(offer_table(ctx, confirm, ctx.tr("Offers that need confirmation"), ctx.tr("Action"), [&](const Offer& o) {
    return Html::format(R"(<form method="post" action="/staff/offers/{}/confirm">{}{}</form>)", o.id, web::csrf_field(ctx),
                        web::button(ctx.tr("Confirm it is up to date"), false));
  }));
  p.body.append(R"(<h2 class="ds-heading" data-size="md">{}</h2>)",
                ctx.t.trn("{n} published offer lacks an up-to-date English text", "{n} published offers lack an up-to-date English text",
                          static_cast<long>(translate.size())));
  p.body.append(offer_table(ctx, translate, ctx.tr("Offers that need translation"), ctx.tr("Translate"), [&](const Offer& o) {
    return Html::format(R"(<a class="ds-link" href="/staff/offers/{}/translate/en">{}</a>)", o.id, ctx.tr("Translate into English"));
  }));
  p.body.append(R"(<h2 class="ds-heading" data-size="md">{}</h2>)", ctx.t.trn("{n} draft", "{n} drafts", static_cast<long>(drafts.size())));
  p.body.append(offer_table(ctx, drafts, ctx.tr("Drafts"), ctx.tr("Organisation"), org_column(ctx)));
  return web::render(ctx, p);
}

http::Response list(Context& ctx) {
  auto offers = editable_offers(ctx);
  if (!offers) return web::busy_page(ctx);
  const std::string state = ctx.query("state");
  const std::string q = text::fold(ctx.query("q"));
  std::vector<const Offer*> shown;
  for (const auto& o : *offers) {
    if (!state.empty() && state != to_string(o.state)) continue;
    if (!q.empty() && text::fold(text_in(o.texts, "name", kSourceLanguage)).find(q) == std::string::npos) continue;
    shown.push_back(&o);
  }
  web::Page p;
  p.title = ctx.tr("Offers");
  p.staff = true;
  p.nav = "offers";
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><div class="kp-actions"><a class="ds-button" data-variant="primary" href="/staff/offers/new">{}</a></div>)",
                ctx.tr("Offers"), ctx.tr("New offer"));
  p.body.append(R"(<form method="get" action="/staff/offers" class="kp-search">)");
  web::FieldOptions qo;
  qo.type = "search";
  p.body.append(web::text_field(ctx, "q", ctx.tr("Find by name"), ctx.query("q"), {}, qo));
  p.body.append(web::select_field(ctx, "state", ctx.tr("Status"),
                                  {{"", ctx.tr("All")}, {"draft", ctx.tr("Draft")}, {"published", ctx.tr("Published")},
                                   {"unpublished", ctx.tr("Unpublished")}, {"archived", ctx.tr("Archived")}},
                                  state, {}));
  p.body.append(web::button(ctx.tr("Show"), false));
  p.body.append("</form>");
  p.body.append(R"(<p class="ds-paragraph">{}</p>)", ctx.t.trn("{n} offer", "{n} offers", static_cast<long>(shown.size())));
  p.body.append(offer_table(ctx, shown, ctx.tr("Offers"), ctx.tr("Organisation"), org_column(ctx)));
  return web::render(ctx, p);
}

// ---- the offer form --------------------------------------------------------------------------

struct FormData {
  std::vector<Organization> orgs;
  std::vector<Location> locations;
  std::vector<Category> categories;
};

Result<FormData> form_data(Context& ctx) {
  const policy::Actor& a = *ctx.actor;
  return ctx.app.db->read([&](store::Conn& c) -> Result<FormData> {
    FormData d;
    auto orgs = list_organizations(c, a.municipality_id);
    if (!orgs) return pass(orgs);
    for (auto& o : *orgs)
      if (policy::can_create_offer_for(a, a.municipality_id, o.id)) d.orgs.push_back(std::move(o));
    auto locs = list_locations(c, a.municipality_id);
    if (!locs) return pass(locs);
    d.locations = std::move(*locs);
    std::sort(d.locations.begin(), d.locations.end(), [](auto& x, auto& y) { return text::nb_sort_key(x.name) < text::nb_sort_key(y.name); });
    auto cats = list_categories(c, a.municipality_id);
    if (!cats) return pass(cats);
    d.categories = std::move(*cats);
    return d;
  });
}

FormChoices choices_of(const FormData& d) {
  FormChoices c;
  for (const auto& o : d.orgs) c.organization_ids.push_back(o.id);
  for (const auto& l : d.locations) c.location_ids.push_back(l.id);
  for (const auto& cat : d.categories) c.category_ids.push_back(cat.id);
  for (const auto& l : i18n::known_languages()) c.languages.push_back(l.code);
  return c;
}

OfferForm read_form(const Context& ctx) {
  OfferForm f;
  f.organization_id = ctx.field("organization_id");
  f.location_id = ctx.field("location_id");
  for (const char* field : kOfferTextFields) f.texts[field] = ctx.field(field);
  f.min_age = ctx.field("min_age");
  f.max_age = ctx.field("max_age");
  f.fee = ctx.field("fee");
  f.capacity = ctx.field("capacity");
  f.free = ctx.field("free") == "1";
  f.interpretation = ctx.field("interpretation") == "1";
  for (const auto& [k, v] : ctx.form) {
    if (k == "target_groups") f.target_groups.push_back(v);
    else if (k == "languages") f.languages.push_back(v);
    else if (k == "categories") f.category_ids.push_back(v);
    else if (k == "days") f.days.push_back(v);
  }
  f.contact_name = ctx.field("contact_name");
  f.phone = ctx.field("phone");
  f.email = ctx.field("email");
  f.url = ctx.field("url");
  f.starts_on = ctx.field("starts_on");
  f.ends_on = ctx.field("ends_on");
  f.repeat = ctx.field("repeat");
  f.opens_at = ctx.field("opens_at");
  f.closes_at = ctx.field("closes_at");
  return f;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

http::Response form_page(Context& ctx, const FormData& d, const OfferForm& f, const web::FieldErrors& errors,
                         const std::string& action, const std::string& heading, std::int64_t version, int status = 200) {
  web::Page p;
  p.title = heading;
  p.staff = true;
  p.nav = "offers";
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p>)", heading,
           ctx.tr("Write in plain Norwegian (bokmål). Many readers have Norwegian as a second language: short sentences, everyday words. You can add other languages afterwards."));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{}<input type="hidden" name="version" value="{}">)", action,
           web::csrf_field(ctx), version);
  b.append(web::error_summary(ctx, errors));
  std::vector<std::pair<std::string, std::string>> orgs = {{"", ctx.tr("Choose …")}};
  for (const auto& o : d.orgs) orgs.emplace_back(o.id, o.name);
  b.append(web::select_field(ctx, "organization_id", ctx.tr("Organisation"), orgs, f.organization_id, errors));
  for (const char* field : kOfferTextFields) {
    web::FieldOptions o;
    o.rows = std::string(field) == "name" ? 0 : std::string(field) == "summary" ? 2 : 5;
    o.required = std::string(field) == "name" || std::string(field) == "summary";
    o.lang = "nb";
    auto it = f.texts.find(field);
    b.append(web::text_field(ctx, field, ctx.tr(field_label(field)), it == f.texts.end() ? "" : it->second, errors, o));
  }
  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("For whom"));
  web::FieldOptions num;
  num.type = "number";
  num.inputmode = "numeric";
  b.append(web::text_field(ctx, "min_age", ctx.tr("Lowest age"), f.min_age, errors, num));
  b.append(web::text_field(ctx, "max_age", ctx.tr("Highest age"), f.max_age, errors, num));
  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("Target groups"));
  for (const char* g : kTargetGroups) b.append(web::checkbox("target_groups", g, ctx.tr(target_group_label(g)), has(f.target_groups, g)));
  b.append("</fieldset></fieldset>");
  b.append(R"(<fieldset class="kp-fieldset" id="f-categories"><legend>{}</legend>)", ctx.tr("Categories"));
  if (const std::string* e = errors.get("categories"))
    b.append(R"(<div class="ds-validation-message" data-color="danger">{}</div>)", ctx.tr(e->c_str()));
  for (const auto& c : d.categories) b.append(web::checkbox("categories", c.id, text_in(c.texts, "name", ctx.lang()), has(f.category_ids, c.id)));
  b.append("</fieldset>");
  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("Price and places"));
  b.append(web::checkbox("free", "1", ctx.tr("Free"), f.free));
  web::FieldOptions fee;
  fee.inputmode = "decimal";
  fee.hint = ctx.tr("In kroner, only if it is not free");
  b.append(web::text_field(ctx, "fee", ctx.tr("Price"), f.fee, errors, fee));
  num.hint = ctx.tr("Leave empty if there is no limit");
  b.append(web::text_field(ctx, "capacity", ctx.tr("Number of places"), f.capacity, errors, num));
  b.append("</fieldset>");
  std::vector<std::pair<std::string, std::string>> locs = {{"", ctx.tr("No fixed place")}};
  for (const auto& l : d.locations) locs.emplace_back(l.id, l.name + (l.address.empty() ? "" : ", " + l.address));
  b.append(web::select_field(ctx, "location_id", ctx.tr("Place"), locs, f.location_id, errors));
  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend><p class="ds-paragraph kp-muted">{}</p>)", ctx.tr("When"),
           ctx.tr("Leave empty for an offer without fixed times."));
  web::FieldOptions date;
  date.type = "date";
  b.append(web::text_field(ctx, "starts_on", ctx.tr("First date"), f.starts_on, errors, date));
  b.append(web::select_field(ctx, "repeat", ctx.tr("Repeats"),
                             {{"", ctx.tr("Only once")}, {"weekly", ctx.tr("Every week")}, {"biweekly", ctx.tr("Every other week")},
                              {"daily", ctx.tr("Every day")}, {"monthly", ctx.tr("Every month")}},
                             f.repeat, errors));
  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("On these weekdays"));
  static constexpr const char* days[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  for (int i = 0; i < 7; ++i) b.append(web::checkbox("days", days[i], ctx.t.weekday_name(i + 1), has(f.days, days[i])));
  b.append("</fieldset>");
  b.append(web::text_field(ctx, "ends_on", ctx.tr("Last date"), f.ends_on, errors, date));
  web::FieldOptions time;
  time.type = "time";
  b.append(web::text_field(ctx, "opens_at", ctx.tr("From time"), f.opens_at, errors, time));
  b.append(web::text_field(ctx, "closes_at", ctx.tr("To time"), f.closes_at, errors, time));
  b.append("</fieldset>");
  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("Languages the staff speak"));
  for (const auto& l : i18n::known_languages()) b.append(web::checkbox("languages", l.code, l.native_name, has(f.languages, l.code)));
  b.append(web::checkbox("interpretation", "1", ctx.tr("An interpreter can be arranged"), f.interpretation));
  b.append("</fieldset>");
  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("Contact"));
  web::FieldOptions plain;
  b.append(web::text_field(ctx, "contact_name", ctx.tr("Contact (role or name)"), f.contact_name, errors, plain));
  web::FieldOptions tel;
  tel.type = "tel";
  b.append(web::text_field(ctx, "phone", ctx.tr("Phone"), f.phone, errors, tel));
  web::FieldOptions mail;
  mail.type = "email";
  b.append(web::text_field(ctx, "email", ctx.tr("E-mail"), f.email, errors, mail));
  web::FieldOptions url;
  url.type = "url";
  b.append(web::text_field(ctx, "url", ctx.tr("Web page"), f.url, errors, url));
  b.append("</fieldset>");
  b.append(web::button(ctx.tr("Save")));
  b.append("</form>");
  return web::render(ctx, p, status);
}

http::Response new_get(Context& ctx) {
  auto d = form_data(ctx);
  if (!d) return web::busy_page(ctx);
  OfferForm f;
  f.languages = {"nb"};
  if (d->orgs.size() == 1) f.organization_id = d->orgs.front().id;
  return form_page(ctx, *d, f, {}, "/staff/offers/new", ctx.tr("New offer"), 0);
}

web::FieldErrors to_field_errors(const std::vector<std::pair<std::string, std::string>>& errs) {
  web::FieldErrors e;
  for (const auto& [f, m] : errs) e.add(f, m);
  return e;
}

http::Response new_post(Context& ctx) {
  auto d = form_data(ctx);
  if (!d) return web::busy_page(ctx);
  const OfferForm f = read_form(ctx);
  Offer o;
  std::vector<std::pair<std::string, std::string>> errs;
  apply_offer_form(f, choices_of(*d), o, errs);
  if (!errs.empty()) return form_page(ctx, *d, f, to_field_errors(errs), "/staff/offers/new", ctx.tr("New offer"), 0, 400);
  o.id = ids::new_uuid();
  o.municipality_id = ctx.actor->municipality_id;
  o.state = OfferState::draft;
  o.owner_user_id = ctx.actor->user_id;
  const UnixSeconds now = ctx.app.clock.now();
  o.last_confirmed_at = now;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(insert_offer(c, o, now));
    return audit::append(c, ctx.app.clock, audit_entry(ctx, "offer.create", o.id));
  });
  if (!st) return web::busy_page(ctx);
  ctx.app.catalog.invalidate();
  return http::Response::redirect("/staff/offers/" + o.id + "?saved=1");
}

http::Response edit_get(Context& ctx) {
  auto o = load_editable(ctx);
  if (!o) return offer_not_found(ctx);
  auto d = form_data(ctx);
  if (!d) return web::busy_page(ctx);
  return form_page(ctx, *d, form_from_offer(*o), {}, "/staff/offers/" + o->id + "/edit",
                   ctx.t.tr_args("Edit: {name}", {{"name", text_in(o->texts, "name", kSourceLanguage)}}), o->version);
}

http::Response edit_post(Context& ctx) {
  auto o = load_editable(ctx);
  if (!o) return offer_not_found(ctx);
  auto d = form_data(ctx);
  if (!d) return web::busy_page(ctx);
  const OfferForm f = read_form(ctx);
  const std::string heading = ctx.t.tr_args("Edit: {name}", {{"name", text_in(o->texts, "name", kSourceLanguage)}});
  const std::string action = "/staff/offers/" + o->id + "/edit";
  std::int64_t version = 0;
  try {
    version = std::stoll(ctx.field("version"));
  } catch (...) {
  }
  Offer updated = *o;
  std::vector<std::pair<std::string, std::string>> errs;
  apply_offer_form(f, choices_of(*d), updated, errs);
  if (!errs.empty()) return form_page(ctx, *d, f, to_field_errors(errs), action, heading, version, 400);
  // Only nb texts came from the form: drop the other languages from the write so their
  // stored source hashes stay and they show as outdated when the nb text changed.
  for (auto& [field, langs] : updated.texts)
    for (auto it = langs.begin(); it != langs.end();) it = it->first == kSourceLanguage ? std::next(it) : langs.erase(it);
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(update_offer(c, updated, version, now));
    return audit::append(c, ctx.app.clock, audit_entry(ctx, "offer.update", o->id));
  });
  if (!st) {
    if (st.error().kind == ErrorKind::conflict) {
      web::FieldErrors e;
      e.add("name", st.error().message);
      return form_page(ctx, *d, f, e, action, heading, version, 409);
    }
    return web::busy_page(ctx);
  }
  ctx.app.catalog.invalidate();
  return http::Response::redirect("/staff/offers/" + o->id + "?saved=1");
}

// ---- preview and actions ---------------------------------------------------------------------

Html action_button(const Context& ctx, const std::string& action, const std::string& label, bool primary,
                   const std::string& name = {}, const std::string& value = {}) {
  return Html::format(R"(<form method="post" action="{}">{}{}</form>)", action, web::csrf_field(ctx),
                      web::button(label, primary, name, value));
}

http::Response preview(Context& ctx) {
  auto o = load_editable(ctx);
  if (!o) return offer_not_found(ctx);
  auto snap = ctx.app.catalog.get();
  if (!snap) return web::busy_page(ctx);
  web::Page p;
  p.title = text_in(o->texts, "name", kSourceLanguage);
  p.staff = true;
  p.nav = "offers";
  Html& b = p.body;
  if (ctx.query("saved") == "1")
    b.append(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)", ctx.tr("Saved."));
  b.append(R"(<p class="ds-paragraph">{} <span class="ds-tag" data-color="{}">{}</span></p>)", ctx.tr("Status:"),
           state_color(o->state), ctx.tr(state_label(o->state)));
  const std::string base = "/staff/offers/" + o->id;
  b.append(R"(<div class="kp-actions"><a class="ds-button" data-variant="primary" href="{}/edit">{}</a><a class="ds-button" data-variant="secondary" href="{}/translate/en">{}</a>)",
           base, ctx.tr("Edit"), base, ctx.tr("Translate"));
  if (o->state != OfferState::published) b.append(action_button(ctx, base + "/state", ctx.tr("Publish"), true, "to", "published"));
  if (o->state == OfferState::published) b.append(action_button(ctx, base + "/state", ctx.tr("Unpublish"), false, "to", "unpublished"));
  if (o->state != OfferState::archived) b.append(action_button(ctx, base + "/state", ctx.tr("Archive"), false, "to", "archived"));
  b.append(action_button(ctx, base + "/confirm", ctx.tr("Confirm it is up to date"), false));
  b.append("</div>");
  const auto missing = languages_needing_translation(*o, ctx.app.settings.languages);
  if (!missing.empty()) {
    b.append(R"(<p class="ds-paragraph">{} )", ctx.tr("Needs translation:"));
    for (const auto& l : missing) {
      const auto* li = i18n::find_language(l);
      b.append(R"(<a class="ds-link" href="{}/translate/{}">{}</a> )", base, l, li ? li->native_name : l);
    }
    b.append("</p>");
  }
  b.append(R"(<h2 class="ds-heading" data-size="sm">{}</h2><div class="kp-preview">)", ctx.tr("Preview: this is how families see it"));
  // Preview needs the public view even for drafts; build a one-off snapshot-like context.
  b.append(offer_page(ctx, **snap, *o, to_oslo(ctx.app.clock.now()).date));
  b.append("</div>");
  return web::render(ctx, p);
}

http::Response change_state(Context& ctx) {
  auto o = load_editable(ctx);
  if (!o) return offer_not_found(ctx);
  auto to = offer_state_from_string(ctx.field("to"));
  if (!to || *to == OfferState::draft)
    return web::error_page(ctx, 400, ctx.tr("The form could not be read"), ctx.tr("Go back and try again."));
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(set_offer_state(c, o->id, *to, now));
    // Publishing is also a confirmation that the content is right.
    if (*to == OfferState::published) KP_TRY(confirm_offer(c, o->id, now));
    return audit::append(c, ctx.app.clock, audit_entry(ctx, std::string("offer.") + to_string(*to), o->id));
  });
  if (!st) return web::busy_page(ctx);
  ctx.app.catalog.invalidate();
  return http::Response::redirect("/staff/offers/" + o->id + "?saved=1");
}

http::Response confirm(Context& ctx) {
  auto o = load_editable(ctx);
  if (!o) return offer_not_found(ctx);
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(confirm_offer(c, o->id, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, audit_entry(ctx, "offer.confirm", o->id));
  });
  if (!st) return web::busy_page(ctx);
  ctx.app.catalog.invalidate();
  return http::Response::redirect("/staff/offers/" + o->id + "?saved=1");
}

// ---- translation -----------------------------------------------------------------------------

http::Response translate_page(Context& ctx, const Offer& o, const std::string& lang, const web::FieldErrors& errors, int status = 200) {
  const auto* li = i18n::find_language(lang);
  web::Page p;
  p.title = ctx.t.tr_args("Translate into {language}", {{"language", li->native_name}});
  p.staff = true;
  p.nav = "offers";
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p>)", p.title,
           text_in(o.texts, "name", kSourceLanguage));
  b.append(R"(<nav class="kp-actions" aria-label="{}">)", ctx.tr("Languages"));
  for (const auto& code : ctx.app.settings.languages) {
    if (code == kSourceLanguage) continue;
    const auto* l = i18n::find_language(code);
    b.append(R"(<a class="ds-link" href="/staff/offers/{}/translate/{}"{}>{}</a>)", o.id, code,
             code == lang ? Html::trusted(R"( aria-current="page")") : Html(), l ? l->native_name : code);
  }
  b.append("</nav>");
  b.append(R"(<form method="post" action="/staff/offers/{}/translate/{}" class="kp-form" novalidate>{})", o.id, lang, web::csrf_field(ctx));
  b.append(web::error_summary(ctx, errors));
  for (const char* field : kOfferTextFields) {
    const std::string& nb = text_in(o.texts, field, kSourceLanguage);
    if (nb.empty()) continue;
    std::string current;
    bool machine = false;
    if (auto it = o.texts.find(field); it != o.texts.end())
      if (auto t = it->second.find(lang); t != it->second.end()) {
        current = t->second.value;
        machine = t->second.machine;
      }
    const bool outdated = is_outdated(o.texts, field, lang);
    b.append(R"(<div class="kp-translate"><p class="ds-paragraph kp-muted" lang="nb"><strong>{}</strong> {}</p>)",
             ctx.tr(field_label(field)), nb);
    if (outdated) b.append(R"(<p class="ds-paragraph"><span class="ds-tag" data-color="warning">{}</span> {}</p>)", ctx.tr("Outdated"),
                           ctx.tr("The Norwegian text has changed since this translation was written."));
    else if (machine) b.append(R"(<p class="ds-paragraph"><span class="ds-tag" data-color="warning">{}</span></p>)", ctx.tr("Machine translation – please check"));
    web::FieldOptions o2;
    o2.rows = std::string(field) == "name" ? 0 : 3;
    o2.lang = lang;
    o2.dir = li->rtl ? "rtl" : "ltr";
    b.append(web::text_field(ctx, field, ctx.t.tr_args("{field} in {language}", {{"field", ctx.tr(field_label(field))}, {"language", li->native_name}}),
                             current, errors, o2));
    b.append("</div>");
  }
  b.append(web::button(ctx.tr("Save translation")));
  b.append("</form>");
  return web::render(ctx, p, status);
}

std::optional<std::string> translation_lang(Context& ctx) {
  const std::string lang(ctx.req.path_param("lang"));
  if (lang == kSourceLanguage || !i18n::find_language(lang) ||
      std::find(ctx.app.settings.languages.begin(), ctx.app.settings.languages.end(), lang) == ctx.app.settings.languages.end())
    return std::nullopt;
  return lang;
}

http::Response translate_get(Context& ctx) {
  auto o = load_editable(ctx);
  auto lang = translation_lang(ctx);
  if (!o || !lang) return offer_not_found(ctx);
  return translate_page(ctx, *o, *lang, {});
}

http::Response translate_post(Context& ctx) {
  auto o = load_editable(ctx);
  auto lang = translation_lang(ctx);
  if (!o || !lang) return offer_not_found(ctx);
  web::FieldErrors errors;
  for (const char* field : kOfferTextFields) {
    const std::string v = ctx.field(field);
    if (!text::is_clean_utf8(v) || text::length_utf8(v) > 5000) errors.add(field, "The text has characters that cannot be used.");
  }
  if (!errors.empty()) return translate_page(ctx, *o, *lang, errors, 400);
  const UnixSeconds now = ctx.app.clock.now();
  int changed = 0;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    for (const char* field : kOfferTextFields) {
      const std::string nb = text_in(o->texts, field, kSourceLanguage);
      const std::string v(text::trim(ctx.field(field)));
      if (nb.empty() || v.empty()) continue;
      // A person saved it: it is no longer a machine translation, and it is current.
      KP_TRY(put_translation(c, "offer", o->id, field, *lang, v, false, now));
      ++changed;
    }
    return audit::append(c, ctx.app.clock, audit_entry(ctx, "offer.translate", o->id, fmt::format(R"({{"lang":"{}","fields":{}}})", *lang, changed)));
  });
  if (!st) return web::busy_page(ctx);
  ctx.app.catalog.invalidate();
  return http::Response::redirect("/staff/offers/" + o->id + "?saved=1");
}

http::Response translations(Context& ctx) {
  auto offers = editable_offers(ctx, {OfferState::published, OfferState::draft, OfferState::unpublished});
  if (!offers) return web::busy_page(ctx);
  web::Page p;
  p.title = ctx.tr("Translations");
  p.staff = true;
  p.nav = "offers";
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p>)", ctx.tr("Translations"),
                ctx.tr("Offers with a text that is missing or outdated in a language. Outdated means the Norwegian text changed after the translation was written."));
  std::vector<const Offer*> rows;
  std::map<const Offer*, std::vector<std::string>> missing;
  for (const auto& o : *offers) {
    auto m = languages_needing_translation(o, ctx.app.settings.languages);
    if (m.empty()) continue;
    rows.push_back(&o);
    missing[&o] = std::move(m);
  }
  p.body.append(offer_table(ctx, rows, ctx.tr("Translations"), ctx.tr("Languages"), [&](const Offer& o) {
    Html links;
    for (const auto& l : missing[&o]) {
      const auto* li = i18n::find_language(l);
      links.append(R"(<a class="ds-link" href="/staff/offers/{}/translate/{}" lang="{}">{}</a> )", o.id, l, l, li ? li->native_name : l);
    }
    return links;
  }));
  return web::render(ctx, p);
}

}  // namespace

void register_staff_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff", Permission::signed_in, overview);
  r.add(Method::GET, "/staff/offers", Permission::catalog_edit, list);
  r.add(Method::GET, "/staff/offers/new", Permission::catalog_edit, new_get);
  r.add(Method::POST, "/staff/offers/new", Permission::catalog_edit, new_post);
  r.add(Method::GET, "/staff/offers/{id:uuid}", Permission::catalog_edit, preview);
  r.add(Method::GET, "/staff/offers/{id:uuid}/edit", Permission::catalog_edit, edit_get);
  r.add(Method::POST, "/staff/offers/{id:uuid}/edit", Permission::catalog_edit, edit_post);
  r.add(Method::POST, "/staff/offers/{id:uuid}/state", Permission::catalog_edit, change_state);
  r.add(Method::POST, "/staff/offers/{id:uuid}/confirm", Permission::catalog_edit, confirm);
  r.add(Method::GET, "/staff/offers/{id:uuid}/translate/{lang}", Permission::catalog_edit, translate_get);
  r.add(Method::POST, "/staff/offers/{id:uuid}/translate/{lang}", Permission::catalog_edit, translate_post);
  r.add(Method::GET, "/staff/translations", Permission::catalog_edit, translations);
}

}  // namespace kp::catalog
