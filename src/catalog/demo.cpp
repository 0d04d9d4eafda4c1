// Expands the demo tables (demo_content.cpp) into catalog bundles and writes them, touching
// only what differs from the stored catalog so that seeding is idempotent.
#include "catalog/demo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "catalog/store.hpp"
#include "core/ids.hpp"

namespace kp::catalog {
namespace {

using namespace demo_tables;

constexpr std::int64_t kDaySeconds = 86400;
constexpr std::string_view kDemoPlace = "Fjordvik";

std::string stable_id(const std::string& municipality_id, std::string_view kind, std::string_view key) {
  return ids::uuid_from_name(kDemoIdNamespace, fmt::format("{}/{}/{}", municipality_id, kind, key));
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const size_t comma = s.find(',');
    if (std::string_view part = s.substr(0, comma); !part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

bool set(const char* s) { return s != nullptr && *s != '\0'; }
const char* pick(const char* preferred, const char* fallback) { return set(preferred) ? preferred : fallback; }

struct Weekday {
  const char *code, *nb, *en;
  int iso;
};
constexpr Weekday kWeekdays[] = {{"MO", "mandag", "Monday", 1},  {"TU", "tirsdag", "Tuesday", 2},
                                 {"WE", "onsdag", "Wednesday", 3}, {"TH", "torsdag", "Thursday", 4},
                                 {"FR", "fredag", "Friday", 5},  {"SA", "lørdag", "Saturday", 6},
                                 {"SU", "søndag", "Sunday", 7}};
const Weekday* weekday(std::string_view code) {
  for (const Weekday& w : kWeekdays)
    if (code == w.code) return &w;
  return nullptr;
}

// The values of the placeholders in one language.
struct Fill {
  std::string v, n, day;
};

// Fills {v}, {n} and {day}, and renames Fjordvik for the benchmark municipalities.
std::string fill(const char* text, const Fill& f, std::string_view place) {
  std::string s = text ? text : "";
  replace_all(s, "{v}", f.v);
  replace_all(s, "{n}", f.n);
  replace_all(s, "{day}", f.day);
  if (place != kDemoPlace) replace_all(s, kDemoPlace, place);
  return s;
}

// An nb text and its en translation, made from that nb text.
void put_pair(Texts& t, const std::string& field, std::string nb, std::string en) {
  const std::string hash = source_hash_of(nb);
  t[field]["en"] = Translation{std::move(en), hash, false, 0};
  t[field]["nb"] = Translation{std::move(nb), hash, false, 0};
}

// "1 800" / "1,800": kroner from øre, grouped the way each language writes them.
std::string kroner(std::int64_t ore, std::string_view sep) {
  std::string digits = std::to_string(ore / 100);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, sep);
  return digits;
}

// ---- the standard plain-language texts used when a template has none of its own ----------

bool has_group(const Offer& o, std::string_view group) {
  return std::find(o.target_groups.begin(), o.target_groups.end(), group) != o.target_groups.end();
}
// Whether children or young people take part themselves (rather than only their parents).
bool for_children(const Offer& o) { return has_group(o, "children") || has_group(o, "youth"); }

Txt standard_application(Apply a, bool children) {
  switch (a) {
    case Apply::drop_in:
      return {"Du trenger ikke å melde deg på. Bare kom innom.", "You do not need to sign up. Just come by."};
    case Apply::sign_up:
      if (!children) return {"Meld deg på ved å ringe eller sende e-post til oss.", "Sign up by calling or e-mailing us."};
      return {"Meld deg på ved å ringe eller sende e-post til oss. Skriv navnet og alderen til barnet.",
              "Sign up by calling or e-mailing us. Give the child's name and age."};
    case Apply::places:
      return {"Meld deg på ved å ringe eller sende e-post til oss. Det er {v} plasser. Hvis det er fullt, kommer du på venteliste, og vi ringer deg når en plass blir ledig.",
              "Sign up by calling or e-mailing us. There are {v} places. If it is full, you go on a waiting list, and we call you when a place becomes free."};
    case Apply::call:
      return {"Ring eller send e-post for å avtale en samtale. Du kan også komme innom i åpningstiden.",
              "Call or send an e-mail to make an appointment. You can also come by during opening hours."};
    case Apply::referral:
      return {"Foreldre kan ta kontakt selv. Barnehagen, skolen eller helsestasjonen kan også hjelpe dere å ta kontakt. Vi deler ingen opplysninger uten at dere har sagt ja.",
              "Parents can get in touch themselves. The kindergarten, school or health clinic can also help you get in touch. We share no information unless you have said yes."};
    case Apply::loan:
      return {"Kom innom i åpningstiden. En voksen må låne for barnet og vise legitimasjon første gang. Du kan også reservere på telefon.",
              "Come by during opening hours. An adult must borrow for the child and show ID the first time. You can also reserve by phone."};
  }
  return {"", ""};
}

std::pair<std::string, std::string> standard_eligibility(const Offer& o) {
  std::string nb, en;
  if (o.min_age && o.max_age) {
    const auto range = fmt::format("{}–{}", *o.min_age, *o.max_age);
    if (*o.max_age <= 12) {
      nb = "For barn " + range + " år.", en = "For children aged " + range + ".";
    } else if (*o.min_age >= 13) {
      nb = "For ungdom " + range + " år.", en = "For young people aged " + range + ".";
    } else {
      nb = "For barn og unge " + range + " år.", en = "For children and young people aged " + range + ".";
    }
  } else if (o.min_age && *o.min_age >= 18) {
    nb = "For voksne.", en = "For adults.";
  } else if (o.min_age) {
    nb = fmt::format("For alle fra {} år.", *o.min_age), en = fmt::format("For everyone from age {}.", *o.min_age);
  } else if (has_group(o, "parents") && !for_children(o) && !has_group(o, "families")) {
    nb = "For foreldre og andre omsorgspersoner.", en = "For parents and other carers.";
  } else {
    nb = "Alle er velkommen.", en = "Everyone is welcome.";
  }
  auto has = [&](std::string_view g) { return has_group(o, g); };
  if (has("low_income") && o.capacity && for_children(o)) {
    nb += " Barn og unge fra familier med lav inntekt får plass først.";
    en += " Children and young people from families with low income get places first.";
  } else if (has("low_income") && o.capacity) {
    nb += " Familier med lav inntekt får plass først.";
    en += " Families with low income get places first.";
  } else if (has("low_income")) {
    nb += " Tilbudet er laget særlig for familier med lav inntekt.";
    en += " The offer is made especially for families with low income.";
  }
  if (has("newcomers")) {
    nb += " Nye i Norge er spesielt velkommen.";
    en += " People new to Norway are especially welcome.";
  }
  return {nb, en};
}

std::pair<std::string, std::string> standard_fees(const Offer& o) {
  if (o.free) return {"Gratis. Det koster ingenting å være med.", "Free. It costs nothing to take part."};
  const std::int64_t ore = o.fee_ore.value_or(0);
  return {fmt::format("Koster {} kr. Si fra hvis det er vanskelig å betale – ingen skal stå utenfor fordi det koster penger.",
                      kroner(ore, "\u00a0")),
          fmt::format("Costs NOK {}. Tell us if it is hard to pay – no one should be left out because of money.",
                      kroner(ore, ","))};
}

// ---- schedules -----------------------------------------------------------------------------

std::optional<CivilDate> date_of(const char* s) {
  CivilDate d;
  if (!set(s) || !parse_iso_date(s, d)) return std::nullopt;
  return d;
}

// The value of one RRULE part ("BYDAY" in "FREQ=WEEKLY;BYDAY=TU,TH" → "TU,TH"), or "".
std::string rrule_part(std::string_view rrule, std::string_view key) {
  size_t pos = 0;
  while (pos < rrule.size()) {
    size_t end = rrule.find(';', pos);
    if (end == std::string_view::npos) end = rrule.size();
    std::string_view part = rrule.substr(pos, end - pos);
    if (part.size() > key.size() && part.substr(0, key.size()) == key && part[key.size()] == '=')
      return std::string(part.substr(key.size() + 1));
    pos = end + 1;
  }
  return {};
}

// Builds the schedule so that starts_on is itself an occurrence (moved forward to the first
// BYDAY weekday) and ends_on is the last one, also for COUNT rules, so that listings and
// iCalendar export need no RRULE expansion to show a date range.
std::optional<Schedule> make_schedule(const Template& t, const Variant* v, const std::string& id) {
  auto starts = date_of(v && set(v->starts) ? v->starts : t.starts);
  if (!starts) return std::nullopt;
  auto ends = date_of(v && set(v->ends) ? v->ends : t.ends);
  std::string rrule = t.rrule;
  if (v && set(v->day)) replace_all(rrule, "{day}", v->day);
  if (ends) replace_all(rrule, "{until}", fmt::format("{:04}{:02}{:02}", ends->year, ends->month, ends->day));

  std::vector<int> weekdays;
  for (const std::string& d : split_list(rrule_part(rrule, "BYDAY"))) {
    const auto code = std::string_view(d).substr(d.size() >= 2 ? d.size() - 2 : 0);  // "1SU" → "SU"
    if (const Weekday* w = weekday(code)) weekdays.push_back(w->iso);
  }
  if (!weekdays.empty()) {
    auto occurs = [&](std::int64_t day) {
      return std::find(weekdays.begin(), weekdays.end(), iso_weekday(civil_from_days(day))) != weekdays.end();
    };
    std::int64_t day = days_from_civil(*starts);
    while (!occurs(day)) ++day;  // at most six steps: some weekday is listed
    starts = civil_from_days(day);
  }
  if (const std::string count = rrule_part(rrule, "COUNT");
      !count.empty() && rrule_part(rrule, "FREQ") == "WEEKLY" && weekdays.size() <= 1)
    ends = civil_from_days(days_from_civil(*starts) + 7 * (std::stoi(count) - 1));
  if (rrule.empty()) ends.reset();  // a one-off date
  return Schedule{id, *starts, ends, rrule, t.opens, t.closes};
}

// ---- bundles -------------------------------------------------------------------------------

const OrgRow& org_row(std::string_view key) {
  for (const OrgRow& o : organizations())
    if (key == o.key) return o;
  return organizations().front();  // unreachable: demo_test checks every key in the tables
}

struct BuildContext {
  std::string municipality_id;
  std::string place;  // "Fjordvik" or the benchmark municipality's name
  bool demo = true;   // extra languages, drafts and outdated translations
  UnixSeconds now = 0;
};

Offer make_offer(const BuildContext& ctx, const Template& t, const Variant* v, const std::string& key, int index) {
  const std::string& mid = ctx.municipality_id;
  Offer o;
  o.id = stable_id(mid, "offer", key);
  o.municipality_id = mid;
  const OrgRow& org = org_row(v && set(v->org) ? v->org : t.org);
  o.organization_id = stable_id(mid, "org", org.key);
  if (const char* loc = v && set(v->loc) ? v->loc : t.loc; set(loc)) o.location_id = stable_id(mid, "location", loc);
  o.state = OfferState::published;
  const bool variant_ages = v && v->min_age >= 0;
  const int min_age = variant_ages ? v->min_age : t.min_age, max_age = variant_ages ? v->max_age : t.max_age;
  if (min_age >= 0) o.min_age = min_age;
  if (max_age >= 0) o.max_age = max_age;
  o.free = t.fee_ore == 0;
  if (t.fee_ore > 0) o.fee_ore = t.fee_ore;
  if (t.capacity > 0) o.capacity = t.capacity;
  o.target_groups = split_list(t.groups);
  o.languages = split_list(v && set(v->langs) ? v->langs : t.langs);
  o.interpretation = t.interpretation;
  o.email = org.email;
  o.phone = org.phone;
  o.url = org.website;
  // Every 15th offer was last confirmed over six months ago, so the demo always has a handful
  // (~10) in the "needs confirmation" list; the rest are spread over the last five months.
  const int days_ago = index % 15 == 7 ? 190 + (index * 37) % 200 : (index * 11) % 150;
  o.last_confirmed_at = ctx.now - days_ago * kDaySeconds;
  for (const std::string& code : split_list(t.cats)) o.category_ids.push_back(stable_id(mid, "category", code));
  if (auto s = make_schedule(t, v, stable_id(mid, "schedule", key + "/0"))) o.schedules.push_back(std::move(*s));

  const Weekday* day = v && set(v->day) ? weekday(v->day) : nullptr;
  const std::string plain = v ? pick(v->name, v->en) : "";
  const Fill nb{v ? v->nb : "", plain, day ? day->nb : ""};
  const Fill en{v ? v->en : "", plain, day ? day->en : ""};
  o.contact_name = fill(t.contact, nb, ctx.place);
  put_pair(o.texts, "name", fill(t.name.nb, nb, ctx.place), fill(t.name.en, en, ctx.place));
  put_pair(o.texts, "summary", fill(t.summary.nb, nb, ctx.place), fill(t.summary.en, en, ctx.place));
  put_pair(o.texts, "description", fill(t.description.nb, nb, ctx.place), fill(t.description.en, en, ctx.place));

  Txt apply = set(t.application.nb) ? t.application : standard_application(t.apply, for_children(o));
  const Fill cap{std::to_string(t.capacity), "", ""};
  std::string apply_nb = fill(apply.nb, t.apply == Apply::places ? cap : nb, ctx.place);
  std::string apply_en = fill(apply.en, t.apply == Apply::places ? cap : en, ctx.place);
  if (t.interpretation) {
    apply_nb += " Vi kan bestille tolk hvis du trenger det.";
    apply_en += " We can book an interpreter if you need one.";
  }
  put_pair(o.texts, "application_process", std::move(apply_nb), std::move(apply_en));
  auto [elig_nb, elig_en] = set(t.eligibility.nb)
                                ? std::pair{fill(t.eligibility.nb, nb, ctx.place), fill(t.eligibility.en, en, ctx.place)}
                                : standard_eligibility(o);
  put_pair(o.texts, "eligibility", std::move(elig_nb), std::move(elig_en));
  auto [fees_nb, fees_en] = set(t.fees.nb) ? std::pair{fill(t.fees.nb, nb, ctx.place), fill(t.fees.en, en, ctx.place)}
                                           : standard_fees(o);
  put_pair(o.texts, "fees_description", std::move(fees_nb), std::move(fees_en));

  if (ctx.demo) {
    const Fill names{plain, plain, ""};
    for (const ExtraText& x : t.extra) {
      o.texts["name"][x.lang] =
          Translation{fill(x.name, names, ctx.place), o.texts["name"]["nb"].source_hash, true, 0};
      o.texts["summary"][x.lang] =
          Translation{fill(x.summary, names, ctx.place), o.texts["summary"]["nb"].source_hash, true, 0};
    }
  }
  return o;
}

Texts name_texts(const CategoryRow& c) {
  Texts t;
  const std::string hash = source_hash_of(c.nb);
  auto& name = t["name"];
  name["nb"] = Translation{c.nb, hash, false, 0};
  name["nn"] = Translation{c.nn, hash, false, 0};
  name["en"] = Translation{c.en, hash, false, 0};
  for (auto [lang, value] : {std::pair{"ar", c.ar}, {"so", c.so}, {"ti", c.ti}, {"pl", c.pl}, {"uk", c.uk}, {"ur", c.ur}})
    name[lang] = Translation{value, hash, true, 0};
  return t;
}

CatalogBundle build_bundle(const BuildContext& ctx) {
  const std::string& mid = ctx.municipality_id;
  const Fill none;
  auto rename = [&](const char* s) { return fill(s, none, ctx.place); };
  CatalogBundle b;

  const HubRow& h = hub();
  b.municipality = Municipality{mid, rename("Fjordvik kommune"), rename(h.name), h.phone, h.email,
                                rename(h.address), h.hours};
  if (!ctx.demo) {
    b.municipality.hub_email = fmt::format("knutepunkt@kommune-{}.example", mid);
  }
  for (const DistrictRow& d : districts())
    b.districts.push_back(District{stable_id(mid, "district", d.key), mid, rename(d.name)});

  int position = 0;
  for (const CategoryRow& c : categories()) {
    Category cat;
    cat.id = stable_id(mid, "category", c.code);
    cat.municipality_id = mid;
    cat.code = c.code;
    cat.position = ++position;
    cat.texts = name_texts(c);
    b.categories.push_back(std::move(cat));
  }

  for (const OrgRow& r : organizations()) {
    Organization o;
    o.id = stable_id(mid, "org", r.key);
    o.municipality_id = mid;
    o.name = rename(r.name);
    o.type = r.type;
    o.email = r.email;
    o.phone = r.phone;
    o.website = r.website;
    put_pair(o.texts, "description", rename(r.description.nb), rename(r.description.en));
    b.organizations.push_back(std::move(o));
  }

  for (const LocationRow& r : locations()) {
    Location l;
    l.id = stable_id(mid, "location", r.key);
    l.municipality_id = mid;
    if (set(r.org)) l.organization_id = stable_id(mid, "org", r.org);
    l.district_id = stable_id(mid, "district", r.district);
    l.name = rename(r.name);
    l.address = r.address;
    l.postal_code = r.postal_code;
    l.city = rename("Fjordvik");
    l.latitude = r.lat;
    l.longitude = r.lon;
    l.wheelchair_access = r.wheelchair;
    if (r.wheelchair)
      put_pair(l.texts, "accessibility", "Trinnfri inngang og toalett for rullestolbrukere.",
               "Step-free entrance and a wheelchair-accessible toilet.");
    else
      put_pair(l.texts, "accessibility", "Trapper ved inngangen. Ring på, så hjelper vi deg.",
               "Steps at the entrance. Ring the bell and we will help you.");
    put_pair(l.texts, "transportation", rename(r.transportation.nb), rename(r.transportation.en));
    b.locations.push_back(std::move(l));
  }

  int index = 0;
  for (const Template& t : templates()) {
    if (t.variants.empty()) {
      b.offers.push_back(make_offer(ctx, t, nullptr, t.key, index++));
    } else {
      for (const Variant& v : t.variants)
        b.offers.push_back(make_offer(ctx, t, &v, fmt::format("{}/{}", t.key, v.key), index++));
    }
  }

  if (ctx.demo) {
    auto offer_by_key = [&](std::string_view key) -> Offer* {
      const std::string id = stable_id(mid, "offer", key);
      for (Offer& o : b.offers)
        if (o.id == id) return &o;
      return nullptr;
    };
    for (const StateOverride& s : state_overrides())
      if (Offer* o = offer_by_key(s.offer_key)) o->state = s.state;
    for (const StaleRow& s : stale_rows()) {
      Offer* o = offer_by_key(s.offer_key);
      if (!o) continue;
      o->texts[s.field]["en"].source_hash = source_hash_of(s.old_nb);
      b.stale_sources.push_back({o->id, s.field, s.old_nb});
    }
  }
  return b;
}

// ---- comparing with what is stored ---------------------------------------------------------

// True when every translation in `want` is stored with the same value, source and machine
// flag. Languages only in `have` (added by editors) are left alone.
bool same_texts(const Texts& want, const Texts& have) {
  for (const auto& [field, langs] : want) {
    auto f = have.find(field);
    if (f == have.end()) return false;
    for (const auto& [lang, t] : langs) {
      auto h = f->second.find(lang);
      if (h == f->second.end() || h->second.value != t.value || h->second.source_hash != t.source_hash ||
          h->second.machine != t.machine)
        return false;
    }
  }
  return true;
}

bool same_coordinate(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || std::fabs(*a - *b) < 1e-9;
}

bool same(const Municipality& a, const Municipality& b) {
  return a.name == b.name && a.hub_name == b.hub_name && a.hub_phone == b.hub_phone && a.hub_email == b.hub_email &&
         a.hub_address == b.hub_address && a.hub_hours == b.hub_hours;
}
bool same(const District& a, const District& b) {
  return a.municipality_id == b.municipality_id && a.name == b.name;
}
bool same(const Organization& a, const Organization& b) {
  return a.municipality_id == b.municipality_id && a.name == b.name && a.type == b.type && a.email == b.email &&
         a.phone == b.phone && a.website == b.website && same_texts(a.texts, b.texts);
}
bool same(const Category& a, const Category& b) {
  return a.municipality_id == b.municipality_id && a.code == b.code && a.parent_id == b.parent_id &&
         a.position == b.position && same_texts(a.texts, b.texts);
}
bool same(const Location& a, const Location& b) {
  return a.municipality_id == b.municipality_id && a.organization_id == b.organization_id &&
         a.district_id == b.district_id && a.name == b.name && a.address == b.address &&
         a.postal_code == b.postal_code && a.city == b.city && same_coordinate(a.latitude, b.latitude) &&
         same_coordinate(a.longitude, b.longitude) && a.wheelchair_access == b.wheelchair_access &&
         same_texts(a.texts, b.texts);
}
bool same_schedule(const Schedule& a, const Schedule& b) {
  return a.id == b.id && a.starts_on == b.starts_on && a.ends_on == b.ends_on && a.rrule == b.rrule &&
         a.opens_at == b.opens_at && a.closes_at == b.closes_at;
}
// Timestamps, version and owner are not compared: a demo offer someone has confirmed or
// edited the workflow fields of is not reverted just because the seed ran again.
bool same(const Offer& a, const Offer& b) {
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  auto by_id = [](std::vector<Schedule> v) {
    std::sort(v.begin(), v.end(), [](const Schedule& x, const Schedule& y) { return x.id < y.id; });
    return v;
  };
  const auto sa = by_id(a.schedules), sb = by_id(b.schedules);
  return a.municipality_id == b.municipality_id && a.organization_id == b.organization_id &&
         a.location_id == b.location_id && a.state == b.state && a.min_age == b.min_age && a.max_age == b.max_age &&
         a.free == b.free && a.fee_ore == b.fee_ore && a.capacity == b.capacity &&
         a.target_groups == b.target_groups && a.languages == b.languages && a.interpretation == b.interpretation &&
         a.contact_name == b.contact_name && a.email == b.email && a.phone == b.phone && a.url == b.url &&
         sorted(a.category_ids) == sorted(b.category_ids) &&
         std::equal(sa.begin(), sa.end(), sb.begin(), sb.end(), same_schedule) && same_texts(a.texts, b.texts);
}

// Writes each wanted row that is missing or differs from the stored one.
template <class T, class Write>
Status sync(const std::vector<T>& want, const std::vector<T>& have, int& written, Write write) {
  std::unordered_map<std::string, const T*> stored;
  for (const T& h : have) stored.emplace(h.id, &h);
  for (const T& w : want) {
    auto it = stored.find(w.id);
    if (it != stored.end() && same(w, *it->second)) continue;
    KP_TRY(write(w, it != stored.end()));
    ++written;
  }
  return {};
}

}  // namespace

CatalogBundle build_demo_bundle(UnixSeconds now) {
  return build_bundle(BuildContext{kDemoMunicipalityId, std::string(kDemoPlace), true, now});
}

CatalogBundle build_scale_bundle(int n, UnixSeconds now) {
  BuildContext ctx{std::to_string(kScaleFirstMunicipality - 1 + n), fmt::format("Skalavik {:03}", n), false, now};
  CatalogBundle b = build_bundle(ctx);
  // Keep an even spread of the templates rather than the first ones, so every category is
  // represented in the benchmark.
  std::vector<Offer> kept;
  const size_t total = b.offers.size(), want = std::min<size_t>(kScaleOffersPerMunicipality, total);
  for (size_t i = 0; i < total; ++i)
    if ((i + 1) * want / total > i * want / total) kept.push_back(std::move(b.offers[i]));
  b.offers = std::move(kept);
  return b;
}

Result<int> write_bundle(store::Database& db, const CatalogBundle& b, UnixSeconds now) {
  const std::string& mid = b.municipality.id;
  // Each store write bumps the catalog change counter itself, so an unchanged bundle leaves
  // it alone and search snapshots are not rebuilt for nothing.
  return db.write([&](Conn& c) -> Result<int> {
    int written = 0;  // local, so a PostgreSQL retry of this callback starts afresh

    auto m = get_municipality(c, mid);
    if (!m) return pass(m);
    if (!*m || !same(b.municipality, **m)) {
      KP_TRY(upsert_municipality(c, b.municipality, now));
      ++written;
    }

    auto districts = list_districts(c, mid);
    if (!districts) return pass(districts);
    KP_TRY(sync(b.districts, *districts, written, [&](const District& d, bool) { return upsert_district(c, d); }));

    auto orgs = list_organizations(c, mid);
    if (!orgs) return pass(orgs);
    KP_TRY(sync(b.organizations, *orgs, written,
                [&](const Organization& o, bool) { return upsert_organization(c, o, now); }));

    auto cats = list_categories(c, mid);
    if (!cats) return pass(cats);
    KP_TRY(sync(b.categories, *cats, written, [&](const Category& x, bool) { return upsert_category(c, x, now); }));

    auto locs = list_locations(c, mid);
    if (!locs) return pass(locs);
    KP_TRY(sync(b.locations, *locs, written, [&](const Location& l, bool) { return upsert_location(c, l, now); }));

    OfferQuery q;
    q.municipality_id = mid;
    auto offers = list_offers(c, q);
    if (!offers) return pass(offers);
    KP_TRY(sync(b.offers, *offers, written, [&](const Offer& o, bool exists) -> Status {
      // An offer with an outdated translation is first written with the old nb text its
      // translation was made from, then given the current nb text – as a real edit would.
      Offer first = o;
      std::vector<const CatalogBundle::StaleSource*> stale;
      for (const auto& s : b.stale_sources) {
        if (s.offer_id != o.id) continue;
        first.texts[s.field]["nb"] = Translation{s.old_nb, source_hash_of(s.old_nb), false, 0};
        stale.push_back(&s);
      }
      KP_TRY(exists ? replace_offer(c, first, now) : insert_offer(c, first, now));
      for (const auto* s : stale)
        KP_TRY(put_translation(c, "offer", o.id, s->field, kSourceLanguage, o.texts.at(s->field).at(kSourceLanguage).value,
                               false, now));
      return {};
    }));

    return written;
  });
}

Status seed_demo_catalog(store::Database& db, const Clock& clock) {
  const UnixSeconds now = clock.now();
  auto written = write_bundle(db, build_demo_bundle(now), now);
  if (!written) return pass(written);
  return {};
}

Status seed_scale_catalog(store::Database& db, const Clock& clock, int municipalities) {
  if (municipalities < 0 || municipalities > kScaleMaxMunicipalities)
    return invalid(fmt::format("Between 0 and {} benchmark municipalities", kScaleMaxMunicipalities));
  const UnixSeconds now = clock.now();
  // One transaction per municipality: short write locks, and an interrupted run resumes
  // where it stopped because finished municipalities compare equal and are skipped.
  for (int n = 1; n <= municipalities; ++n) KP_TRY(write_bundle(db, build_scale_bundle(n, now), now));
  return {};
}

}  // namespace kp::catalog
