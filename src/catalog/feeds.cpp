// Open formats out: the JSON API, the HSDS 3.0 API, iCalendar and the printable brochure.
// Everything here reads the in-memory snapshot, so it never touches the database.
#include <nlohmann/json.hpp>

#include <set>

#include "app/app.hpp"
#include "catalog/hsds.hpp"
#include "catalog/ical.hpp"
#include "pdf/brochure.hpp"
#include "catalog/pages.hpp"
#include "catalog/phrases.hpp"
#include "catalog/views.hpp"
#include "core/text.hpp"
#include "web/layout.hpp"

namespace kp::catalog {
namespace {

using http::Method;
using nlohmann::json;
using policy::Permission;
using web::Context;

http::Response json_error(int status, const std::string& message, const std::vector<FieldError>& errors = {}) {
  json j = {{"error", message}};
  if (!errors.empty()) {
    j["fields"] = json::array();
    for (const auto& e : errors) j["fields"].push_back({{"field", e.field}, {"message", e.message}});
  }
  return http::Response::json(status, j.dump());
}

std::string api_lang(const Context& ctx) {
  std::string l = ctx.query("lang");
  return ctx.app.catalogs.is_enabled(l) ? l : ctx.lang();
}

json offer_json(const Context& ctx, const Snapshot& snap, const Offer& o, const std::string& lang) {
  json j;
  j["id"] = o.id;
  j["municipality"] = o.municipality_id;
  for (const char* f : kOfferTextFields) j[f] = text_in(o.texts, f, lang);
  if (const Organization* org = snap.organization(o.organization_id))
    j["organization"] = {{"id", org->id}, {"name", org->name}, {"type", to_string(org->type)}};
  j["min_age"] = o.min_age ? json(*o.min_age) : json(nullptr);
  j["max_age"] = o.max_age ? json(*o.max_age) : json(nullptr);
  j["free"] = o.free;
  j["fee_nok"] = o.fee_ore ? json(static_cast<double>(*o.fee_ore) / 100.0) : json(nullptr);
  j["capacity"] = o.capacity ? json(*o.capacity) : json(nullptr);
  j["target_groups"] = o.target_groups;
  j["languages"] = o.languages;
  j["interpretation"] = o.interpretation;
  j["contact"] = {{"name", o.contact_name}, {"phone", o.phone}, {"email", o.email}};
  j["url"] = o.url;
  if (o.location_id)
    if (const Location* l = snap.location(*o.location_id)) {
      json loc = {{"id", l->id}, {"name", l->name}, {"address", l->address}, {"postal_code", l->postal_code},
                  {"city", l->city}, {"wheelchair_access", l->wheelchair_access}};
      if (l->latitude && l->longitude) loc["coordinates"] = {{"lat", *l->latitude}, {"lon", *l->longitude}};
      if (l->district_id)
        if (const District* d = snap.district(*l->district_id)) loc["district"] = {{"id", d->id}, {"name", d->name}};
      j["location"] = loc;
    }
  j["categories"] = json::array();
  for (const auto& cid : o.category_ids)
    if (const Category* c = snap.category(cid))
      j["categories"].push_back({{"code", c->code}, {"name", text_in(c->texts, "name", lang)}});
  j["schedules"] = json::array();
  for (const auto& s : o.schedules)
    j["schedules"].push_back({{"starts_on", format_iso_date(s.starts_on)},
                              {"ends_on", s.ends_on ? format_iso_date(*s.ends_on) : ""},
                              {"rrule", s.rrule}, {"opens_at", s.opens_at}, {"closes_at", s.closes_at},
                              {"text", schedule_text(ctx.t, s)}});
  j["last_confirmed"] = format_utc_iso(o.last_confirmed_at);
  j["updated"] = format_utc_iso(o.updated_at);
  j["links"] = {{"html", ctx.app.settings.base_url + "/offers/" + o.id},
                {"ical", ctx.app.settings.base_url + "/offers/" + o.id + ".ics"}};
  return j;
}

http::Response api_offers(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return json_error(503, "unavailable");
  std::vector<FieldError> errors;
  SearchQuery q = parse_search_query(ctx.req.query, errors);
  if (!errors.empty()) return json_error(400, "invalid query", errors);
  q.municipality_ids = public_scope(ctx, **snap);
  const auto r = (*snap)->search(q, to_oslo(ctx.app.clock.now()).date);
  const std::string lang = api_lang(ctx);
  json j = {{"total", r.total}, {"page", r.page}, {"pages", r.pages}, {"per_page", q.per_page}, {"lang", lang}};
  j["items"] = json::array();
  for (const Offer* o : r.items) j["items"].push_back(offer_json(ctx, **snap, *o, lang));
  auto resp = http::Response::json(200, j.dump());
  resp.header("Access-Control-Allow-Origin", "*");
  return resp;
}

http::Response api_offer(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return json_error(503, "unavailable");
  const Offer* o = public_offer(ctx, **snap, ctx.req.path_param("id"));
  if (!o) return json_error(404, "not found");
  auto resp = http::Response::json(200, offer_json(ctx, **snap, *o, api_lang(ctx)).dump());
  resp.header("Access-Control-Allow-Origin", "*");
  return resp;
}

// ---- HSDS 3.0 ------------------------------------------------------------------------------

hsds::CatalogRefs refs_for(const Snapshot& snap, const std::string& municipality_id) {
  std::vector<Organization> orgs;
  std::vector<Location> locs;
  std::vector<Category> cats;
  for (const Category* c : snap.categories(municipality_id)) cats.push_back(*c);
  std::set<std::string> seen_orgs, seen_locs;
  for (const Offer* o : snap.offers_of(municipality_id)) {
    if (seen_orgs.insert(o->organization_id).second)
      if (const Organization* org = snap.organization(o->organization_id)) orgs.push_back(*org);
    if (o->location_id && seen_locs.insert(*o->location_id).second)
      if (const Location* l = snap.location(*o->location_id)) locs.push_back(*l);
  }
  const Municipality* m = snap.municipality(municipality_id);
  return hsds::make_refs(m ? *m : Municipality{municipality_id, municipality_id, {}, {}, {}, {}, {}},
                         std::move(orgs), std::move(locs), std::move(cats));
}

struct Paging {
  std::int64_t page = 1, per_page = 50;
};
std::optional<Paging> paging(const Context& ctx, std::vector<FieldError>& errors) {
  Paging p;
  for (const auto& [name, target, max] : {std::tuple{"page", &p.page, 1000000L}, std::tuple{"per_page", &p.per_page, 1000L}}) {
    const std::string v = ctx.query(name);
    if (v.empty()) continue;
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (*end || n < 1 || n > max) errors.push_back({name, "must be a positive whole number"});
    else *target = n;
  }
  if (!errors.empty()) return std::nullopt;
  return p;
}

http::Response hsds_json(std::string body) {
  auto r = http::Response::json(200, std::move(body));
  r.header("Access-Control-Allow-Origin", "*");
  return r;
}

http::Response hsds_root(Context& ctx) { return hsds_json(hsds::root_json(ctx.app.settings.base_url + "/hsds/openapi.json")); }

http::Response hsds_services(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return json_error(503, "unavailable");
  std::vector<FieldError> errors;
  auto pg = paging(ctx, errors);
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& [k, v] : ctx.req.query) {
    if (k == "search") params.emplace_back("q", v);
    else if (k == "modified_after") continue;
    else if (k != "page" && k != "per_page") params.emplace_back(k, v);
  }
  SearchQuery q = parse_search_query(params, errors);
  if (const std::string ma = ctx.query("modified_after"); !ma.empty()) {
    CivilDate d;
    if (ma.size() >= 10 && parse_iso_date(ma.substr(0, 10), d)) q.modified_after = days_from_civil(d) * 86400;
    else errors.push_back({"modified_after", "must be a date (YYYY-MM-DD)"});
  }
  if (!errors.empty() || !pg) return json_error(400, "invalid query", errors);
  q.municipality_ids = public_scope(ctx, **snap);
  q.page = 1;
  q.per_page = 1'000'000;
  const auto r = (*snap)->search(q, to_oslo(ctx.app.clock.now()).date);
  std::vector<std::string> docs;
  const std::string lang = api_lang(ctx);
  std::map<std::string, hsds::CatalogRefs> refs;
  const std::size_t begin = static_cast<std::size_t>((pg->page - 1) * pg->per_page);
  for (std::size_t i = begin; i < r.items.size() && i < begin + pg->per_page; ++i) {
    const Offer* o = r.items[i];
    auto it = refs.find(o->municipality_id);
    if (it == refs.end()) it = refs.emplace(o->municipality_id, refs_for(**snap, o->municipality_id)).first;
    if (auto doc = hsds::service_json(*o, it->second, lang)) docs.push_back(std::move(*doc));
  }
  return hsds_json(hsds::page_json(hsds::DocKind::service, docs, static_cast<std::int64_t>(r.items.size()), pg->page, pg->per_page));
}

http::Response hsds_service(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return json_error(503, "unavailable");
  const Offer* o = public_offer(ctx, **snap, ctx.req.path_param("id"));
  if (!o) return json_error(404, "not found");
  auto doc = hsds::service_json(*o, refs_for(**snap, o->municipality_id), api_lang(ctx));
  if (!doc) return json_error(404, "not found");
  return hsds_json(std::move(*doc));
}

// The public scope spelled out: every municipality when the scope is "all".
std::vector<std::string> scope_ids(const Context& ctx, const Snapshot& snap) {
  auto scope = public_scope(ctx, snap);
  if (scope.empty())
    for (const auto& m : snap.municipalities()) scope.push_back(m.id);
  return scope;
}

// Organisations that have at least one published offer in the public scope.
std::vector<const Organization*> public_orgs(const Context& ctx, const Snapshot& snap) {
  const auto scope = public_scope(ctx, snap);
  const std::set<std::string> in_scope(scope.begin(), scope.end());
  std::vector<const Organization*> out;
  std::set<std::string> seen;
  for (const auto& o : snap.offers())
    if ((in_scope.empty() || in_scope.count(o.municipality_id)) && seen.insert(o.organization_id).second)
      if (const Organization* org = snap.organization(o.organization_id)) out.push_back(org);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return text::nb_sort_key(a->name) < text::nb_sort_key(b->name); });
  return out;
}

http::Response hsds_organizations(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return json_error(503, "unavailable");
  std::vector<FieldError> errors;
  auto pg = paging(ctx, errors);
  if (!pg) return json_error(400, "invalid query", errors);
  const auto orgs = public_orgs(ctx, **snap);
  const std::string search = text::fold(ctx.query("search"));
  std::vector<const Organization*> hits;
  for (auto* o : orgs)
    if (search.empty() || text::fold(o->name).find(search) != std::string::npos) hits.push_back(o);
  std::vector<std::string> docs;
  const std::size_t begin = static_cast<std::size_t>((pg->page - 1) * pg->per_page);
  for (std::size_t i = begin; i < hits.size() && i < begin + pg->per_page; ++i)
    docs.push_back(hsds::organization_json(*hits[i], api_lang(ctx)));
  return hsds_json(hsds::page_json(hsds::DocKind::organization, docs, static_cast<std::int64_t>(hits.size()), pg->page, pg->per_page));
}

http::Response hsds_organization(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return json_error(503, "unavailable");
  const std::string id(ctx.req.path_param("id"));
  for (auto* o : public_orgs(ctx, **snap))
    if (o->id == id) return hsds_json(hsds::organization_json(*o, api_lang(ctx)));
  return json_error(404, "not found");
}

http::Response hsds_taxonomies(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return json_error(503, "unavailable");
  std::vector<std::string> docs;
  for (const auto& m : scope_ids(ctx, **snap))
    if (const Municipality* mun = (*snap)->municipality(m)) docs.push_back(hsds::taxonomy_json(*mun, api_lang(ctx)));
  return hsds_json(hsds::page_json(hsds::DocKind::taxonomy, docs, static_cast<std::int64_t>(docs.size()), 1,
                                   std::max<std::int64_t>(1, static_cast<std::int64_t>(docs.size()))));
}

http::Response hsds_terms(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return json_error(503, "unavailable");
  std::vector<FieldError> errors;
  auto pg = paging(ctx, errors);
  if (!pg) return json_error(400, "invalid query", errors);
  std::vector<const Category*> cats;
  for (const auto& m : scope_ids(ctx, **snap))
    for (const Category* c : (*snap)->categories(m)) cats.push_back(c);
  std::vector<std::string> docs;
  const std::size_t begin = static_cast<std::size_t>((pg->page - 1) * pg->per_page);
  for (std::size_t i = begin; i < cats.size() && i < begin + pg->per_page; ++i)
    docs.push_back(hsds::taxonomy_term_json(*cats[i], api_lang(ctx)));
  return hsds_json(hsds::page_json(hsds::DocKind::taxonomy_term, docs, static_cast<std::int64_t>(cats.size()), pg->page, pg->per_page));
}

// ---- iCalendar and the brochure -------------------------------------------------------------

http::Response ical_response(std::string body, const std::string& filename) {
  http::Response r;
  r.content_type = "text/calendar; charset=utf-8";
  r.body = std::move(body);
  r.header("Content-Disposition", "inline; filename=\"" + filename + "\"");
  r.header("Cache-Control", "public, max-age=300");
  return r;
}

http::Response ical_feed(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return http::Response::text(503, "unavailable\n");
  std::vector<FieldError> errors;
  SearchQuery q = parse_search_query(ctx.req.query, errors);
  if (!errors.empty()) return http::Response::text(400, "invalid query: " + errors.front().field + "\n");
  q.municipality_ids = public_scope(ctx, **snap);
  q.page = 1;
  q.per_page = 2000;  // a calendar feed of a whole national catalog helps nobody
  const auto r = (*snap)->search(q, to_oslo(ctx.app.clock.now()).date);
  return ical_response(ical_calendar(**snap, r.items, ctx.lang(), ctx.app.settings.base_url, ctx.app.clock.now()), "knutepunkt.ics");
}

http::Response ical_offer(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return http::Response::text(503, "unavailable\n");
  const Offer* o = public_offer(ctx, **snap, ctx.req.path_param("id"));
  if (!o) return http::Response::text(404, "not found\n");
  return ical_response(ical_calendar(**snap, {o}, ctx.lang(), ctx.app.settings.base_url, ctx.app.clock.now()), o->id + ".ics");
}

// The brochure of the published offers in the public scope, in ?lang= (or the page language).
http::Response brochure(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return http::Response::text(503, "unavailable\n");
  const i18n::Translator& t = ctx.app.catalogs.get(api_lang(ctx));
  const auto scope = public_scope(ctx, **snap);
  std::string key = t.code() + (scope.empty() ? ",all" : "");
  for (const auto& m : scope) key += "," + m;
  http::Response r;
  r.content_type = "application/pdf";
  r.header("Content-Disposition", "inline; filename=\"knutepunkt-" + t.code() + ".pdf\"");
  r.header("Cache-Control", "public, max-age=600");
  if (auto cached = ctx.app.feeds.get((*snap)->version(), key)) {
    r.body = std::move(*cached);
    return r;
  }
  SearchQuery q;
  q.municipality_ids = scope;
  q.per_page = 1000;  // a printable brochure beyond this is not something anyone prints
  const auto found = (*snap)->search(q, to_oslo(ctx.app.clock.now()).date);
  std::string title = t.tr("Activities and help for children and families");
  if (scope.size() == 1)
    if (const Municipality* m = (*snap)->municipality(scope.front())) title += " – " + m->name;
  auto pdf = pdf::brochure_pdf(**snap, found.items, t, title);
  if (!pdf) return http::Response::text(500, "the brochure could not be made\n");
  ctx.app.feeds.put((*snap)->version(), key, *pdf);
  r.body = std::move(*pdf);
  return r;
}

}  // namespace

void register_feed_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/offers.ics", Permission::public_page, cached(ical_feed));
  r.add(Method::GET, "/offers/{id:uuid}.ics", Permission::public_page, cached(ical_offer));
  r.add(Method::GET, "/offers/brochure.pdf", Permission::public_page, brochure);
  r.add(Method::GET, "/api/v1/offers", Permission::public_page, cached(api_offers));
  r.add(Method::GET, "/api/v1/offers/{id:uuid}", Permission::public_page, cached(api_offer));
  r.add(Method::GET, "/hsds/", Permission::public_page, cached(hsds_root));
  r.add(Method::GET, "/hsds", Permission::public_page, cached(hsds_root));
  r.add(Method::GET, "/hsds/services", Permission::public_page, cached(hsds_services));
  r.add(Method::GET, "/hsds/services/{id:uuid}", Permission::public_page, cached(hsds_service));
  r.add(Method::GET, "/hsds/organizations", Permission::public_page, cached(hsds_organizations));
  r.add(Method::GET, "/hsds/organizations/{id:uuid}", Permission::public_page, cached(hsds_organization));
  r.add(Method::GET, "/hsds/taxonomies", Permission::public_page, cached(hsds_taxonomies));
  r.add(Method::GET, "/hsds/taxonomy_terms", Permission::public_page, cached(hsds_terms));
}

}  // namespace kp::catalog
