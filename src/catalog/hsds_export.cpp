// HSDS 3.0 export: catalog records → JSON documents. Only values we hold are written (an
// optional field without a value is left out); fields HSDS requires but we do not keep are
// written empty ("description": "") rather than made up. Objects keep insertion order so the
// output is stable byte for byte, which the round-trip test relies on.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "catalog/hsds.hpp"
#include "catalog/hsds_common.hpp"
#include "catalog/store.hpp"
#include "core/text.hpp"
#include "i18n/i18n.hpp"
#include "store/database.hpp"

namespace kp::catalog::hsds {
namespace {

using Json = nlohmann::ordered_json;
using namespace detail;

std::string dump(const Json& j, int indent = -1) {
  // `replace` because a stored text with broken UTF-8 must not turn an export into a crash.
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// The language whose text text_in() picks, so a term can say which language its name is in.
std::string text_language(const Texts& texts, const std::string& field, const std::string& lang) {
  const std::string& v = text_in(texts, field, lang);
  if (v.empty()) return {};
  for (const auto& [l, t] : texts.at(field))
    if (&t.value == &v) return l;
  return {};
}

void put_if(Json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}

// Norwegian counties (fylker) by the first two digits of the kommunenummer, both the 2024
// numbers and the 2020–2023 ones, because HSDS requires address.state_province.
std::string county_of(const std::string& municipality_id) {
  static const std::map<std::string, const char*> kCounties = {
      {"03", "Oslo"},       {"11", "Rogaland"},  {"15", "Møre og Romsdal"},
      {"18", "Nordland"},   {"30", "Viken"},     {"31", "Østfold"},
      {"32", "Akershus"},   {"33", "Buskerud"},  {"34", "Innlandet"},
      {"38", "Vestfold og Telemark"},            {"39", "Vestfold"},
      {"40", "Telemark"},   {"42", "Agder"},     {"46", "Vestland"},
      {"50", "Trøndelag"},  {"54", "Troms og Finnmark"},
      {"55", "Troms"},      {"56", "Finnmark"},
  };
  if (municipality_id.size() != 4) return {};
  auto it = kCounties.find(municipality_id.substr(0, 2));
  return it == kCounties.end() ? std::string() : std::string(it->second);
}

Json vocabulary_taxonomy(const Vocabulary& v, const std::string& lang) {
  Json t;
  t["id"] = vocabulary_id(v);
  t["name"] = v.taxonomy;
  t["description"] = pick(lang, v.nb, v.nn, v.en);
  return t;
}

Json vocabulary_term(const Vocabulary& v, const VocabTerm& term, const std::string& lang) {
  Json t;
  t["id"] = vocabulary_term_id(v, term.code);
  t["code"] = term.code;
  t["name"] = pick(lang, term.nb, term.nn, term.en);
  t["description"] = "";
  t["taxonomy"] = v.taxonomy;
  t["taxonomy_detail"] = vocabulary_taxonomy(v, lang);
  t["language"] = phrase_language(lang);
  t["taxonomy_id"] = vocabulary_id(v);
  return t;
}

Json category_term(const Category& c, const std::string& lang) {
  Json t;
  t["id"] = c.id;
  t["code"] = c.code;
  t["name"] = text_in(c.texts, "name", lang);
  t["description"] = "";
  if (c.parent_id) t["parent_id"] = *c.parent_id;
  t["taxonomy"] = kCategoryTaxonomy;
  put_if(t, "language", text_language(c.texts, "name", lang));
  t["taxonomy_id"] = category_taxonomy_id(c.municipality_id);
  return t;
}

Json attribute(const std::string& link_entity, const std::string& link_id, Json term) {
  Json a;
  const std::string term_id = term["id"].get<std::string>();
  a["id"] = derived_id("attribute", link_id, term_id);
  a["link_id"] = link_id;
  a["taxonomy_term_id"] = term_id;
  a["link_entity"] = link_entity;
  a["taxonomy_term"] = std::move(term);
  return a;
}

Json phones(const std::string& owner_id, const std::string& number) {
  Json arr = Json::array();
  if (!number.empty()) arr.push_back(Json{{"id", derived_id("phone", owner_id)}, {"number", number}});
  return arr;
}

Json organization_object(const Organization& o, const std::string& lang) {
  Json j;
  j["id"] = o.id;
  j["name"] = o.name;
  j["description"] = text_in(o.texts, "description", lang);
  if (plausible_email(o.email)) j["email"] = o.email;
  put_if(j, "website", web_url(o.website));
  if (!o.phone.empty()) j["phones"] = phones(o.id, o.phone);
  // "other" is what an organisation without a known type is, so it is left out.
  if (o.type != OrgType::other) {
    const Vocabulary& v = org_type_vocabulary();
    if (const VocabTerm* t = find_code(v, to_string(o.type)))
      j["attributes"] = Json::array({attribute("organization", o.id, vocabulary_term(v, *t, lang))});
  }
  return j;
}

Json location_object(const Location& l, const std::string& lang) {
  Json j;
  j["id"] = l.id;
  j["location_type"] = "physical";
  if (l.organization_id) j["organization_id"] = *l.organization_id;
  put_if(j, "name", l.name);
  put_if(j, "transportation", text_in(l.texts, "transportation", lang));
  // Both or neither: one coordinate alone places nothing.
  if (l.latitude && l.longitude) {
    j["latitude"] = *l.latitude;
    j["longitude"] = *l.longitude;
  }
  if (!l.address.empty() || !l.postal_code.empty() || !l.city.empty()) {
    Json a;
    a["id"] = derived_id("address", l.id);
    a["address_1"] = l.address;
    a["city"] = l.city;
    a["state_province"] = county_of(l.municipality_id);
    a["postal_code"] = l.postal_code;
    a["country"] = "NO";
    a["address_type"] = "physical";
    j["addresses"] = Json::array({std::move(a)});
  }
  const std::string& access = text_in(l.texts, "accessibility", lang);
  if (!access.empty())
    j["accessibility"] =
        Json::array({Json{{"id", derived_id("accessibility", l.id)}, {"description", access}}});
  if (l.wheelchair_access) {
    const Vocabulary& v = accessibility_vocabulary();
    j["attributes"] = Json::array(
        {attribute("location", l.id, vocabulary_term(v, *find_code(v, kWheelchairCode), lang))});
  }
  return j;
}

// ---- schedules -------------------------------------------------------------------------------

const char* weekday_name(std::string_view code, const std::string& lang) {
  static constexpr std::string_view kCodes[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  static const char* kNb[] = {"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"};
  static const char* kNn[] = {"måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"};
  static const char* kEn[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                              "Sunday"};
  for (size_t i = 0; i < 7; ++i)
    if (code == kCodes[i]) return pick(lang, kNb[i], kNn[i], kEn[i]);
  return "";
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t pos = s.find(',', start);
    out.push_back(s.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string join_words(const std::vector<std::string>& items, const std::string& lang) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? pick(lang, " og ", " og ", " and ") : ", ";
    out += items[i];
  }
  return out;
}

std::string english_ordinal(int n) {
  const int t = n % 100;
  const char* suffix = (t >= 11 && t <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd"
                                                     : n % 10 == 3 ? "rd" : "th";
  return std::to_string(n) + suffix;
}

// "2. mandag", "siste fredag", "2nd Monday", "last Friday".
std::string day_phrase(const std::string& token, const std::string& lang) {
  const std::string day = weekday_name(std::string_view(token).substr(token.size() - 2), lang);
  const std::string ord = token.substr(0, token.size() - 2);
  if (ord.empty()) return day;
  const int n = std::stoi(ord);
  const bool en = phrase_language(lang) == "en";
  if (n == -1) return std::string(pick(lang, "siste ", "siste ", "last ")) + day;
  if (n < 0)
    return en ? english_ordinal(-n) + " last " + day : std::to_string(-n) + ". siste " + day;
  return en ? english_ordinal(n) + " " + day : std::to_string(n) + ". " + day;
}

std::string number_list(const std::string& list, const std::string& lang) {
  std::vector<std::string> items;
  for (const std::string& n : split_list(list))
    items.push_back(n == "-1" ? pick(lang, "siste", "siste", "last") : n);
  return join_words(items, lang);
}

// A sentence for people, in the export language; the RRULE fields carry the same for machines.
// `fields` says whether `r` is well-formed and fits HSDS's fields.
std::string schedule_description(const Schedule& s, const std::optional<Recurrence>& r,
                                 bool fields, const std::optional<CivilDate>& until,
                                 const std::string& lang) {
  std::string out;
  if (s.rrule.empty()) {
    out = format_iso_date(s.starts_on);
    if (s.ends_on && *s.ends_on > s.starts_on) out += "–" + format_iso_date(*s.ends_on);
  } else if (fields) {
    const std::string n = std::to_string(r->interval);
    if (r->freq == "WEEKLY") {
      out = r->interval == 1 ? pick(lang, "Hver uke", "Kvar veke", "Every week")
                             : pick(lang, "Hver ", "Kvar ", "Every ") + n +
                                   pick(lang, ". uke", ". veke", " weeks");
    } else {
      out = r->interval == 1 ? pick(lang, "Hver måned", "Kvar månad", "Every month")
                             : pick(lang, "Hver ", "Kvar ", "Every ") + n +
                                   pick(lang, ". måned", ". månad", " months");
    }
    if (!r->byday.empty()) {
      std::vector<std::string> days;
      for (const std::string& tok : split_list(r->byday)) days.push_back(day_phrase(tok, lang));
      out += pick(lang, " på ", " på ", " on ") + join_words(days, lang);
    }
    if (!r->bymonthday.empty())
      out += pick(lang, " på dag ", " på dag ", " on day ") + number_list(r->bymonthday, lang) +
             pick(lang, " i måneden", " i månaden", " of the month");
    if (!r->byweekno.empty())
      out += pick(lang, " i uke ", " i veke ", " in week ") + number_list(r->byweekno, lang);
    if (!r->byyearday.empty())
      out += pick(lang, " på dag ", " på dag ", " on day ") + number_list(r->byyearday, lang) +
             pick(lang, " i året", " i året", " of the year");
  } else {
    out = pick(lang, "Gjentas etter regelen ", "Gjentek seg etter regelen ", "Repeats by the rule ") +
          s.rrule;
  }
  if (!s.opens_at.empty()) {
    const std::string tz = pick(lang, " (norsk tid)", " (norsk tid)", " (Norwegian time)");
    if (!s.closes_at.empty())
      out += pick(lang, ", kl. ", ", kl. ", ", ") + s.opens_at + "–" + s.closes_at + tz;
    else
      out += pick(lang, ", fra kl. ", ", frå kl. ", ", from ") + s.opens_at + tz;
  }
  if (!s.rrule.empty()) {
    out += pick(lang, ", fra ", ", frå ", ", from ") + format_iso_date(s.starts_on);
    if (until) out += pick(lang, " til ", " til ", " until ") + format_iso_date(*until);
    if (r && r->count && !until)
      out += ", " + std::to_string(*r->count) + pick(lang, " ganger", " gonger", " times");
  }
  return out + ".";
}

Json schedule_object(const Schedule& stored, const std::string& lang) {
  const Schedule s = normalized(stored);
  Json j;
  j["id"] = s.id;
  std::optional<Recurrence> r;
  if (!s.rrule.empty()) r = parse_rrule(s.rrule);
  const std::optional<CivilDate> until = s.rrule.empty() ? std::nullopt : s.ends_on;
  const bool fields = r && hsds_expressible(*r) && check_recurrence(*r).empty();
  if (fields) {
    j["freq"] = r->freq;
    j["interval"] = r->interval;
    put_if(j, "byday", r->byday);
    put_if(j, "bymonthday", r->bymonthday);
    put_if(j, "byweekno", r->byweekno);
    put_if(j, "byyearday", r->byyearday);
    put_if(j, "wkst", r->wkst);
    if (r->count) j["count"] = *r->count;  // normalized() keeps COUNT only without an end
    if (until) j["until"] = format_iso_date(*until);
  }
  j["dtstart"] = format_iso_date(s.starts_on);
  j["valid_from"] = format_iso_date(s.starts_on);
  if (s.ends_on || s.rrule.empty()) j["valid_to"] = format_iso_date(s.ends_on.value_or(s.starts_on));
  // Wall-clock time in Europe/Oslo without an offset: HSDS offers only a fixed UTC offset,
  // and Norway's changes with summer time, so any offset would be wrong half the year.
  put_if(j, "opens_at", s.opens_at);
  put_if(j, "closes_at", s.closes_at);
  j["description"] = schedule_description(s, r, fields, until, lang);
  // A rule HSDS's fields cannot hold travels whole, in RFC 5545 form, in notes; import reads
  // it back from there.
  if (!s.rrule.empty() && !fields) {
    if (r) {
      r->until = until;
      j["notes"] = "RRULE:" + format_rrule(*r, true);
    } else {
      j["notes"] = "RRULE:" + s.rrule;
    }
  }
  return j;
}

// ---- service ---------------------------------------------------------------------------------

const char* hsds_status(OfferState s) {
  switch (s) {
    case OfferState::published: return "active";
    case OfferState::unpublished: return "inactive";
    case OfferState::archived: return "defunct";
    case OfferState::draft: break;
  }
  return nullptr;
}

std::optional<Json> service_object(const Offer& o, const CatalogRefs& refs, const std::string& lang) {
  const char* status = hsds_status(o.state);
  if (!status) return std::nullopt;
  Json j;
  j["id"] = o.id;
  j["organization_id"] = o.organization_id;
  j["name"] = text_in(o.texts, "name", lang);
  put_if(j, "description", text_in(o.texts, "description", lang));
  put_if(j, "url", web_url(o.url));
  if (plausible_email(o.email)) j["email"] = o.email;
  j["status"] = status;
  if (o.interpretation)
    j["interpretation_services"] = pick(lang, "Tolk kan bestilles.", "Tolk kan tingast.",
                                        "An interpreter can be arranged.");
  put_if(j, "application_process", text_in(o.texts, "application_process", lang));
  put_if(j, "fees_description", text_in(o.texts, "fees_description", lang));
  put_if(j, "eligibility_description", text_in(o.texts, "eligibility", lang));
  if (o.min_age) j["minimum_age"] = *o.min_age;
  if (o.max_age) j["maximum_age"] = *o.max_age;
  if (o.last_confirmed_at > 0) j["assured_date"] = format_iso_date(to_oslo(o.last_confirmed_at).date);
  if (o.updated_at > 0) j["last_modified"] = format_utc_iso(o.updated_at);
  if (!o.phone.empty()) j["phones"] = phones(o.id, o.phone);

  std::vector<Schedule> schedules = o.schedules;
  std::sort(schedules.begin(), schedules.end(), [](const Schedule& a, const Schedule& b) {
    return std::tie(a.starts_on, a.opens_at, a.closes_at, a.id) <
           std::tie(b.starts_on, b.opens_at, b.closes_at, b.id);
  });
  if (!schedules.empty()) {
    Json arr = Json::array();
    for (const Schedule& s : schedules) arr.push_back(schedule_object(s, lang));
    j["schedules"] = std::move(arr);
  }

  if (o.location_id) {
    Json sal;
    sal["id"] = derived_id("service_at_location", o.id, *o.location_id);
    sal["service_id"] = o.id;
    sal["location_id"] = *o.location_id;
    if (auto it = refs.locations.find(*o.location_id); it != refs.locations.end())
      sal["location"] = location_object(it->second, lang);
    j["service_at_locations"] = Json::array({std::move(sal)});
  }

  if (!o.languages.empty()) {
    Json arr = Json::array();
    for (const std::string& code : o.languages) {
      Json l;
      l["id"] = derived_id("language", o.id, code);
      if (const i18n::LanguageInfo* info = i18n::find_language(code)) l["name"] = info->native_name;
      l["code"] = code;
      arr.push_back(std::move(l));
    }
    j["languages"] = std::move(arr);
  }

  if (auto it = refs.organizations.find(o.organization_id); it != refs.organizations.end())
    j["organization"] = organization_object(it->second, lang);

  // One option: free, or the price in NOK. Neither means the price is unknown.
  if (o.free || o.fee_ore) {
    Json c;
    c["id"] = derived_id("cost_option", o.id);
    if (o.free) c["option"] = pick(lang, "Gratis", "Gratis", "Free");
    c["currency"] = "NOK";
    if (o.free) {
      c["amount"] = 0;
    } else if (*o.fee_ore % 100 == 0) {
      c["amount"] = *o.fee_ore / 100;
    } else {
      c["amount"] = static_cast<double>(*o.fee_ore) / 100.0;
    }
    j["cost_options"] = Json::array({std::move(c)});
  }

  if (!o.contact_name.empty())
    j["contacts"] =
        Json::array({Json{{"id", derived_id("contact", o.id)}, {"name", o.contact_name}}});

  // Categories by code, then target groups in their fixed order: a stable order that does not
  // depend on how the store happened to return them.
  std::vector<const Category*> cats;
  for (const std::string& id : o.category_ids)
    if (auto it = refs.categories.find(id); it != refs.categories.end()) cats.push_back(&it->second);
  std::sort(cats.begin(), cats.end(), [](const Category* a, const Category* b) {
    return std::tie(a->code, a->id) < std::tie(b->code, b->id);
  });
  Json attrs = Json::array();
  for (const Category* c : cats) attrs.push_back(attribute("service", o.id, category_term(*c, lang)));
  const Vocabulary& groups = target_group_vocabulary();
  for (const VocabTerm& t : groups.terms)
    if (std::find(o.target_groups.begin(), o.target_groups.end(), t.code) != o.target_groups.end())
      attrs.push_back(attribute("service", o.id, vocabulary_term(groups, t, lang)));
  if (!attrs.empty()) j["attributes"] = std::move(attrs);
  return j;
}

}  // namespace

const char* to_string(DocKind k) {
  switch (k) {
    case DocKind::service: return "service";
    case DocKind::organization: return "organization";
    case DocKind::taxonomy: return "taxonomy";
    case DocKind::taxonomy_term: return "taxonomy_term";
  }
  return "service";
}

CatalogRefs make_refs(Municipality m, std::vector<Organization> organizations,
                      std::vector<Location> locations, std::vector<Category> categories) {
  CatalogRefs refs;
  refs.municipality = std::move(m);
  for (auto& o : organizations) refs.organizations.emplace(o.id, std::move(o));
  for (auto& l : locations) refs.locations.emplace(l.id, std::move(l));
  for (auto& c : categories) refs.categories.emplace(c.id, std::move(c));
  return refs;
}

Result<CatalogRefs> load_refs(store::Conn& c, const std::string& municipality_id) {
  auto m = get_municipality(c, municipality_id);
  if (!m) return pass(m);
  if (!*m) return not_found("Municipality not found");
  auto orgs = list_organizations(c, municipality_id);
  if (!orgs) return pass(orgs);
  auto locs = list_locations(c, municipality_id);
  if (!locs) return pass(locs);
  auto cats = list_categories(c, municipality_id);
  if (!cats) return pass(cats);
  return make_refs(std::move(**m), std::move(*orgs), std::move(*locs), std::move(*cats));
}

std::optional<std::string> service_json(const Offer& o, const CatalogRefs& refs,
                                        const std::string& lang) {
  auto j = service_object(o, refs, lang);
  if (!j) return std::nullopt;
  return dump(*j);
}

std::string organization_json(const Organization& o, const std::string& lang) {
  return dump(organization_object(o, lang));
}

std::string taxonomy_json(const Municipality& m, const std::string& lang) {
  Json t;
  t["id"] = category_taxonomy_id(m.id);
  t["name"] = kCategoryTaxonomy;
  t["description"] =
      pick(lang, "Kategorier for tilbud i ", "Kategoriar for tilbod i ", "Categories of offers in ") +
      m.name;
  return dump(t);
}

std::string taxonomy_term_json(const Category& c, const std::string& lang) {
  return dump(category_term(c, lang));
}

std::string page_json(DocKind /*kind*/, std::span<const std::string> items,
                      std::int64_t total_items, std::int64_t page, std::int64_t per_page) {
  per_page = std::max<std::int64_t>(per_page, 1);
  page = std::max<std::int64_t>(page, 1);
  total_items = std::max<std::int64_t>(total_items, 0);
  const std::int64_t total_pages = (total_items + per_page - 1) / per_page;
  Json head;
  head["total_items"] = total_items;
  head["total_pages"] = total_pages;
  head["page_number"] = page;
  head["size"] = static_cast<std::int64_t>(items.size());
  head["first_page"] = page == 1;
  head["last_page"] = page >= total_pages;
  head["empty"] = items.empty();
  // The items are our own serialised documents; splicing them in saves re-parsing a page.
  std::string out = dump(head);
  out.pop_back();
  out += ",\"contents\":[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += items[i];
  }
  out += "]}";
  return out;
}

std::string root_json(std::string_view openapi_url) {
  Json j;
  j["version"] = "3.0";
  if (!openapi_url.empty()) j["openapi_url"] = std::string(openapi_url);
  return dump(j);
}

Result<std::string> export_all(store::Database& db, const std::string& municipality_id,
                               const std::string& lang) {
  return db.read([&](store::Conn& c) -> Result<std::string> {
    auto refs = load_refs(c, municipality_id);
    if (!refs) return pass(refs);
    OfferQuery q;
    q.municipality_id = municipality_id;
    q.states = {OfferState::published, OfferState::unpublished, OfferState::archived};
    auto offers = list_offers(c, q);
    if (!offers) return pass(offers);
    std::vector<std::pair<std::string, const Offer*>> order;
    for (const Offer& o : *offers)
      if (o.state != OfferState::draft)
        order.emplace_back(text::nb_sort_key(text_in(o.texts, "name", lang)), &o);
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
      return std::tie(a.first, a.second->id) < std::tie(b.first, b.second->id);
    });
    Json all = Json::array();
    for (const auto& [key, o] : order)
      if (auto j = service_object(*o, *refs, lang)) all.push_back(std::move(*j));
    return dump(all, 2) + "\n";
  });
}

}  // namespace kp::catalog::hsds
