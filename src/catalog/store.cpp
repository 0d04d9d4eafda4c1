#include "catalog/store.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "core/text.hpp"

namespace kp::catalog {
namespace {

using store::Row;
using store::Value;

std::string join(const std::vector<std::string>& v) { return text::join_commas(v); }
std::vector<std::string> split(const std::string& s) { return text::split_commas(s); }

std::optional<int> opt_int(const Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return static_cast<int>(r.integer(i));
}
Value opt_value(const std::optional<int>& v) {
  return v ? Value(static_cast<std::int64_t>(*v)) : Value(nullptr);
}
Value opt_value(const std::optional<double>& v) { return v ? Value(*v) : Value(nullptr); }

// Loads translations for all ids of one entity kind in the given scope into a map.
Result<std::unordered_map<std::string, Texts>> load_texts(Conn& c, const std::string& entity,
                                                          const std::string& scope_sql,
                                                          const std::vector<Value>& params) {
  auto rows = c.query(fmt::format("SELECT t.entity_id, t.field, t.lang, t.value, t.source_hash, "
                                  "t.machine, t.updated_at FROM translations t WHERE t.entity = '{}' {}",
                                  entity, scope_sql),
                      params);
  if (!rows) return pass(rows);
  std::unordered_map<std::string, Texts> out;
  for (const auto& r : *rows)
    out[r.text(0)][r.text(1)][r.text(2)] =
        Translation{r.text(3), r.text(4), r.integer(5) != 0, r.integer(6)};
  return out;
}

// Writes every text in `texts` for the entity, keeping nb source hashes consistent.
Status write_texts(Conn& c, const std::string& entity, const std::string& id, const Texts& texts,
                   UnixSeconds now) {
  for (const auto& [field, langs] : texts) {
    for (const auto& [lang, t] : langs) {
      const std::string hash = lang == kSourceLanguage ? source_hash_of(t.value) : t.source_hash;
      auto r = c.exec(
          "INSERT INTO translations (entity, entity_id, field, lang, value, source_hash, machine, "
          "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
          "ON CONFLICT (entity, entity_id, field, lang) DO UPDATE SET value = excluded.value, "
          "source_hash = excluded.source_hash, machine = excluded.machine, "
          "updated_at = excluded.updated_at",
          {entity, id, field, lang, t.value, hash, static_cast<std::int64_t>(t.machine),
           t.updated_at ? t.updated_at : now});
      if (!r) return pass(r);
    }
  }
  return {};
}

constexpr const char* kOfferColumns =
    "o.id, o.municipality_id, o.organization_id, o.location_id, o.state, o.min_age, o.max_age, "
    "o.free, o.fee_ore, o.capacity, o.target_groups, o.languages, o.interpretation, "
    "o.contact_name, o.email, o.phone, o.url, o.owner_user_id, o.last_confirmed_at, "
    "o.created_at, o.updated_at, o.version";

Offer offer_from_row(const Row& r) {
  Offer o;
  o.id = r.text(0);
  o.municipality_id = r.text(1);
  o.organization_id = r.text(2);
  o.location_id = r.opt_text(3);
  o.state = offer_state_from_string(r.text(4)).value_or(OfferState::draft);
  o.min_age = opt_int(r, 5);
  o.max_age = opt_int(r, 6);
  o.free = r.integer(7) != 0;
  o.fee_ore = r.opt_integer(8);
  o.capacity = opt_int(r, 9);
  o.target_groups = split(r.text(10));
  o.languages = split(r.text(11));
  o.interpretation = r.integer(12) != 0;
  o.contact_name = r.text(13);
  o.email = r.text(14);
  o.phone = r.text(15);
  o.url = r.text(16);
  o.owner_user_id = r.opt_text(17);
  o.last_confirmed_at = r.integer(18);
  o.created_at = r.integer(19);
  o.updated_at = r.integer(20);
  o.version = r.integer(21);
  return o;
}

std::vector<Value> offer_values(const Offer& o) {
  return {o.id,
          o.municipality_id,
          o.organization_id,
          store::nullable(o.location_id),
          std::string(to_string(o.state)),
          text::nb_sort_key(text_in(o.texts, "name", kSourceLanguage)),
          opt_value(o.min_age),
          opt_value(o.max_age),
          static_cast<std::int64_t>(o.free),
          store::nullable(o.fee_ore),
          opt_value(o.capacity),
          join(o.target_groups),
          join(o.languages),
          static_cast<std::int64_t>(o.interpretation),
          o.contact_name,
          o.email,
          o.phone,
          o.url,
          store::nullable(o.owner_user_id),
          o.last_confirmed_at};
}

Status write_offer_children(Conn& c, const Offer& o, UnixSeconds now) {
  KP_TRY(c.exec("DELETE FROM offer_categories WHERE offer_id = $1", {o.id}));
  for (const auto& cat : o.category_ids)
    KP_TRY(c.exec("INSERT INTO offer_categories (offer_id, category_id) VALUES ($1, $2)", {o.id, cat}));
  KP_TRY(c.exec("DELETE FROM schedules WHERE offer_id = $1", {o.id}));
  for (size_t i = 0; i < o.schedules.size(); ++i) {
    const Schedule& s = o.schedules[i];
    const std::string sid = s.id.empty() ? fmt::format("{}-{}", o.id, i) : s.id;
    KP_TRY(c.exec(
        "INSERT INTO schedules (id, offer_id, starts_on, ends_on, rrule, opens_at, closes_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {sid, o.id, format_iso_date(s.starts_on), s.ends_on ? format_iso_date(*s.ends_on) : std::string(),
         s.rrule, s.opens_at, s.closes_at}));
  }
  return write_texts(c, "offer", o.id, o.texts, now);
}

}  // namespace

Status bump_catalog_version(Conn& c) {
  KP_TRY(c.exec("UPDATE change_counters SET value = value + 1 WHERE name = 'catalog'"));
  return {};
}

namespace {
Result<std::string> first_text(Conn& c, std::string_view sql, const std::string& id) {
  auto row = c.query_one(sql, {id});
  if (!row) return pass(row);
  return *row ? (*row)->text(0) : std::string();
}
}  // namespace

Result<std::string> category_municipality(Conn& c, const std::string& category_id) {
  return first_text(c, "SELECT municipality_id FROM categories WHERE id = $1", category_id);
}

Result<std::string> schedule_offer(Conn& c, const std::string& schedule_id) {
  return first_text(c, "SELECT offer_id FROM schedules WHERE id = $1", schedule_id);
}

Result<std::int64_t> catalog_version(Conn& c) {
  auto r = c.query_one("SELECT value FROM change_counters WHERE name = 'catalog'");
  if (!r) return pass(r);
  return *r ? (*r)->integer(0) : 0;
}

// ---- municipalities, districts --------------------------------------------------------------

namespace {
constexpr const char* kMunicipalityColumns =
    "id, name, hub_name, hub_phone, hub_email, hub_address, hub_hours";
Municipality municipality_from_row(const Row& r) {
  return Municipality{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6)};
}
}  // namespace

Result<std::vector<Municipality>> list_municipalities(Conn& c) {
  auto rows = c.query(fmt::format("SELECT {} FROM municipalities ORDER BY name_sort", kMunicipalityColumns));
  if (!rows) return pass(rows);
  std::vector<Municipality> out;
  for (const auto& r : *rows) out.push_back(municipality_from_row(r));
  return out;
}

Result<std::optional<Municipality>> get_municipality(Conn& c, const std::string& id) {
  auto r = c.query_one(fmt::format("SELECT {} FROM municipalities WHERE id = $1", kMunicipalityColumns), {id});
  if (!r) return pass(r);
  if (!*r) return std::optional<Municipality>();
  return std::optional<Municipality>(municipality_from_row(**r));
}

Status upsert_municipality(Conn& c, const Municipality& m, UnixSeconds now) {
  KP_TRY(c.exec(
      "INSERT INTO municipalities (id, name, name_sort, created_at, hub_name, hub_phone, hub_email, "
      "hub_address, hub_hours) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      "ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_sort = excluded.name_sort, "
      "hub_name = excluded.hub_name, hub_phone = excluded.hub_phone, hub_email = excluded.hub_email, "
      "hub_address = excluded.hub_address, hub_hours = excluded.hub_hours",
      {m.id, m.name, text::nb_sort_key(m.name), now, m.hub_name, m.hub_phone, m.hub_email,
       m.hub_address, m.hub_hours}));
  return bump_catalog_version(c);
}

Result<std::vector<District>> list_districts(Conn& c, const std::string& municipality_id) {
  auto rows = municipality_id.empty()
                  ? c.query("SELECT id, municipality_id, name FROM districts ORDER BY name_sort")
                  : c.query("SELECT id, municipality_id, name FROM districts WHERE municipality_id = $1 "
                            "ORDER BY name_sort", {municipality_id});
  if (!rows) return pass(rows);
  std::vector<District> out;
  for (const auto& r : *rows) out.push_back(District{r.text(0), r.text(1), r.text(2)});
  return out;
}

Status upsert_district(Conn& c, const District& d) {
  KP_TRY(c.exec("INSERT INTO districts (id, municipality_id, name, name_sort) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_sort = excluded.name_sort",
                {d.id, d.municipality_id, d.name, text::nb_sort_key(d.name)}));
  return bump_catalog_version(c);
}

// ---- organisations ---------------------------------------------------------------------------

namespace {
constexpr const char* kOrgColumns =
    "id, municipality_id, name, org_type, email, phone, website, created_at, updated_at";
Organization org_from_row(const Row& r) {
  Organization o;
  o.id = r.text(0);
  o.municipality_id = r.text(1);
  o.name = r.text(2);
  o.type = org_type_from_string(r.text(3)).value_or(OrgType::other);
  o.email = r.text(4);
  o.phone = r.text(5);
  o.website = r.text(6);
  o.created_at = r.integer(7);
  o.updated_at = r.integer(8);
  return o;
}
}  // namespace

Result<std::vector<Organization>> list_organizations(Conn& c, const std::string& municipality_id) {
  const bool all = municipality_id.empty();
  auto rows = all ? c.query(fmt::format("SELECT {} FROM organizations ORDER BY name_sort", kOrgColumns))
                  : c.query(fmt::format("SELECT {} FROM organizations WHERE municipality_id = $1 "
                                        "ORDER BY name_sort", kOrgColumns), {municipality_id});
  if (!rows) return pass(rows);
  auto texts = all ? load_texts(c, "organization", "", {})
                   : load_texts(c, "organization",
                                "AND t.entity_id IN (SELECT id FROM organizations WHERE municipality_id = $1)",
                                {municipality_id});
  if (!texts) return pass(texts);
  std::vector<Organization> out;
  for (const auto& r : *rows) {
    out.push_back(org_from_row(r));
    if (auto it = texts->find(out.back().id); it != texts->end()) out.back().texts = std::move(it->second);
  }
  return out;
}

Result<std::optional<Organization>> get_organization(Conn& c, const std::string& id) {
  auto r = c.query_one(fmt::format("SELECT {} FROM organizations WHERE id = $1", kOrgColumns), {id});
  if (!r) return pass(r);
  if (!*r) return std::optional<Organization>();
  Organization o = org_from_row(**r);
  auto texts = load_texts(c, "organization", "AND t.entity_id = $1", {id});
  if (!texts) return pass(texts);
  if (auto it = texts->find(id); it != texts->end()) o.texts = std::move(it->second);
  return std::optional<Organization>(std::move(o));
}

Status upsert_organization(Conn& c, const Organization& o, UnixSeconds now) {
  KP_TRY(c.exec(
      "INSERT INTO organizations (id, municipality_id, name, name_sort, org_type, email, phone, "
      "website, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) "
      "ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_sort = excluded.name_sort, "
      "org_type = excluded.org_type, email = excluded.email, phone = excluded.phone, "
      "website = excluded.website, updated_at = excluded.updated_at",
      {o.id, o.municipality_id, o.name, text::nb_sort_key(o.name), std::string(to_string(o.type)),
       o.email, o.phone, o.website, now}));
  KP_TRY(write_texts(c, "organization", o.id, o.texts, now));
  return bump_catalog_version(c);
}

Status set_editor_organizations(Conn& c, const std::string& user_id,
                                const std::vector<std::string>& organization_ids) {
  KP_TRY(c.exec("DELETE FROM user_organizations WHERE user_id = $1", {user_id}));
  for (const auto& id : organization_ids)
    KP_TRY(c.exec("INSERT INTO user_organizations (user_id, organization_id) VALUES ($1, $2)",
                  {user_id, id}));
  return {};
}

Result<std::vector<std::string>> editor_organizations(Conn& c, const std::string& user_id) {
  auto rows = c.query("SELECT organization_id FROM user_organizations WHERE user_id = $1", {user_id});
  if (!rows) return pass(rows);
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.text(0));
  return out;
}

// ---- categories ------------------------------------------------------------------------------

Result<std::vector<Category>> list_categories(Conn& c, const std::string& municipality_id) {
  const bool all = municipality_id.empty();
  const char* cols = "id, municipality_id, code, parent_id, position, updated_at";
  auto rows = all ? c.query(fmt::format("SELECT {} FROM categories ORDER BY municipality_id, position, code", cols))
                  : c.query(fmt::format("SELECT {} FROM categories WHERE municipality_id = $1 "
                                        "ORDER BY position, code", cols), {municipality_id});
  if (!rows) return pass(rows);
  auto texts = all ? load_texts(c, "category", "", {})
                   : load_texts(c, "category",
                                "AND t.entity_id IN (SELECT id FROM categories WHERE municipality_id = $1)",
                                {municipality_id});
  if (!texts) return pass(texts);
  std::vector<Category> out;
  for (const auto& r : *rows) {
    Category cat{r.text(0), r.text(1), r.text(2), r.opt_text(3), static_cast<int>(r.integer(4)), {}, r.integer(5)};
    if (auto it = texts->find(cat.id); it != texts->end()) cat.texts = std::move(it->second);
    out.push_back(std::move(cat));
  }
  return out;
}

Status upsert_category(Conn& c, const Category& cat, UnixSeconds now) {
  KP_TRY(c.exec(
      "INSERT INTO categories (id, municipality_id, code, parent_id, position, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET code = excluded.code, "
      "parent_id = excluded.parent_id, position = excluded.position, updated_at = excluded.updated_at",
      {cat.id, cat.municipality_id, cat.code, store::nullable(cat.parent_id),
       static_cast<std::int64_t>(cat.position), now}));
  KP_TRY(write_texts(c, "category", cat.id, cat.texts, now));
  return bump_catalog_version(c);
}

// ---- locations -------------------------------------------------------------------------------

namespace {
constexpr const char* kLocationColumns =
    "id, municipality_id, organization_id, district_id, name, address, postal_code, city, "
    "latitude, longitude, wheelchair_access, updated_at";
Location location_from_row(const Row& r) {
  Location l;
  l.id = r.text(0);
  l.municipality_id = r.text(1);
  l.organization_id = r.opt_text(2);
  l.district_id = r.opt_text(3);
  l.name = r.text(4);
  l.address = r.text(5);
  l.postal_code = r.text(6);
  l.city = r.text(7);
  if (!r.is_null(8)) l.latitude = r.real(8);
  if (!r.is_null(9)) l.longitude = r.real(9);
  l.wheelchair_access = r.integer(10) != 0;
  l.updated_at = r.integer(11);
  return l;
}
}  // namespace

Result<std::vector<Location>> list_locations(Conn& c, const std::string& municipality_id) {
  const bool all = municipality_id.empty();
  auto rows = all ? c.query(fmt::format("SELECT {} FROM locations", kLocationColumns))
                  : c.query(fmt::format("SELECT {} FROM locations WHERE municipality_id = $1", kLocationColumns),
                            {municipality_id});
  if (!rows) return pass(rows);
  auto texts = all ? load_texts(c, "location", "", {})
                   : load_texts(c, "location",
                                "AND t.entity_id IN (SELECT id FROM locations WHERE municipality_id = $1)",
                                {municipality_id});
  if (!texts) return pass(texts);
  std::vector<Location> out;
  for (const auto& r : *rows) {
    out.push_back(location_from_row(r));
    if (auto it = texts->find(out.back().id); it != texts->end()) out.back().texts = std::move(it->second);
  }
  return out;
}

Result<std::optional<Location>> get_location(Conn& c, const std::string& id) {
  auto r = c.query_one(fmt::format("SELECT {} FROM locations WHERE id = $1", kLocationColumns), {id});
  if (!r) return pass(r);
  if (!*r) return std::optional<Location>();
  Location l = location_from_row(**r);
  auto texts = load_texts(c, "location", "AND t.entity_id = $1", {id});
  if (!texts) return pass(texts);
  if (auto it = texts->find(id); it != texts->end()) l.texts = std::move(it->second);
  return std::optional<Location>(std::move(l));
}

Status upsert_location(Conn& c, const Location& l, UnixSeconds now) {
  KP_TRY(c.exec(
      "INSERT INTO locations (id, municipality_id, organization_id, district_id, name, address, "
      "postal_code, city, latitude, longitude, wheelchair_access, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO UPDATE SET "
      "organization_id = excluded.organization_id, district_id = excluded.district_id, "
      "name = excluded.name, address = excluded.address, postal_code = excluded.postal_code, "
      "city = excluded.city, latitude = excluded.latitude, longitude = excluded.longitude, "
      "wheelchair_access = excluded.wheelchair_access, updated_at = excluded.updated_at",
      {l.id, l.municipality_id, store::nullable(l.organization_id), store::nullable(l.district_id),
       l.name, l.address, l.postal_code, l.city, opt_value(l.latitude), opt_value(l.longitude),
       static_cast<std::int64_t>(l.wheelchair_access), now}));
  KP_TRY(write_texts(c, "location", l.id, l.texts, now));
  return bump_catalog_version(c);
}

// ---- offers ----------------------------------------------------------------------------------

Result<std::vector<Offer>> list_offers(Conn& c, const OfferQuery& q) {
  std::string where = "WHERE 1 = 1";
  std::vector<Value> params;
  auto param = [&](Value v) {
    params.push_back(std::move(v));
    return fmt::format("${}", params.size());
  };
  if (!q.municipality_id.empty()) where += " AND o.municipality_id = " + param(q.municipality_id);
  if (!q.states.empty()) {
    where += " AND o.state IN (";
    for (size_t i = 0; i < q.states.size(); ++i)
      where += (i ? ", " : "") + param(std::string(to_string(q.states[i])));
    where += ")";
  }
  if (!q.organization_ids.empty()) {
    where += " AND o.organization_id IN (";
    for (size_t i = 0; i < q.organization_ids.size(); ++i)
      where += (i ? ", " : "") + param(q.organization_ids[i]);
    where += ")";
  }
  if (q.owner_user_id) where += " AND o.owner_user_id = " + param(*q.owner_user_id);
  if (q.modified_after) where += " AND o.updated_at > " + param(*q.modified_after);
  if (q.confirmed_before) where += " AND o.last_confirmed_at < " + param(*q.confirmed_before);

  auto rows = c.query(fmt::format("SELECT {} FROM offers o {} ORDER BY o.name_sort, o.id", kOfferColumns, where),
                      params);
  if (!rows) return pass(rows);
  std::vector<Offer> out;
  out.reserve(rows->size());
  std::unordered_map<std::string, size_t> index;
  for (const auto& r : *rows) {
    index.emplace(r.text(0), out.size());
    out.push_back(offer_from_row(r));
  }
  if (out.empty()) return out;

  // Children in three bulk queries over the same scope rather than three per offer.
  const std::string scope = fmt::format("(SELECT o.id FROM offers o {})", where);
  auto texts = load_texts(c, "offer", "AND t.entity_id IN " + scope, params);
  if (!texts) return pass(texts);
  for (auto& [id, t] : *texts)
    if (auto it = index.find(id); it != index.end()) out[it->second].texts = std::move(t);

  auto cats = c.query("SELECT offer_id, category_id FROM offer_categories WHERE offer_id IN " + scope +
                          " ORDER BY offer_id, category_id", params);
  if (!cats) return pass(cats);
  for (const auto& r : *cats)
    if (auto it = index.find(r.text(0)); it != index.end()) out[it->second].category_ids.push_back(r.text(1));

  auto scheds = c.query("SELECT offer_id, id, starts_on, ends_on, rrule, opens_at, closes_at FROM schedules "
                        "WHERE offer_id IN " + scope + " ORDER BY offer_id, starts_on, id", params);
  if (!scheds) return pass(scheds);
  for (const auto& r : *scheds) {
    auto it = index.find(r.text(0));
    if (it == index.end()) continue;
    Schedule s;
    s.id = r.text(1);
    parse_iso_date(r.text(2), s.starts_on);
    CivilDate end;
    if (parse_iso_date(r.text(3), end)) s.ends_on = end;
    s.rrule = r.text(4);
    s.opens_at = r.text(5);
    s.closes_at = r.text(6);
    out[it->second].schedules.push_back(std::move(s));
  }
  return out;
}

Result<std::optional<Offer>> get_offer(Conn& c, const std::string& id) {
  auto r = c.query_one(fmt::format("SELECT {} FROM offers o WHERE o.id = $1", kOfferColumns), {id});
  if (!r) return pass(r);
  if (!*r) return std::optional<Offer>();
  Offer o = offer_from_row(**r);
  auto texts = load_texts(c, "offer", "AND t.entity_id = $1", {id});
  if (!texts) return pass(texts);
  if (auto it = texts->find(id); it != texts->end()) o.texts = std::move(it->second);
  auto cats = c.query("SELECT category_id FROM offer_categories WHERE offer_id = $1 ORDER BY category_id", {id});
  if (!cats) return pass(cats);
  for (const auto& row : *cats) o.category_ids.push_back(row.text(0));
  auto scheds = c.query("SELECT id, starts_on, ends_on, rrule, opens_at, closes_at FROM schedules "
                        "WHERE offer_id = $1 ORDER BY starts_on, id", {id});
  if (!scheds) return pass(scheds);
  for (const auto& row : *scheds) {
    Schedule s;
    s.id = row.text(0);
    parse_iso_date(row.text(1), s.starts_on);
    CivilDate end;
    if (parse_iso_date(row.text(2), end)) s.ends_on = end;
    s.rrule = row.text(3);
    s.opens_at = row.text(4);
    s.closes_at = row.text(5);
    o.schedules.push_back(std::move(s));
  }
  return std::optional<Offer>(std::move(o));
}

Status insert_offer(Conn& c, const Offer& o, UnixSeconds now) {
  std::vector<Value> v = offer_values(o);
  v.push_back(o.created_at ? o.created_at : now);
  v.push_back(o.updated_at ? o.updated_at : now);
  KP_TRY(c.exec(
      "INSERT INTO offers (id, municipality_id, organization_id, location_id, state, name_sort, "
      "min_age, max_age, free, fee_ore, capacity, target_groups, languages, interpretation, "
      "contact_name, email, phone, url, owner_user_id, last_confirmed_at, created_at, updated_at, "
      "version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
      "$18, $19, $20, $21, $22, 1)",
      v));
  KP_TRY(write_offer_children(c, o, now));
  return bump_catalog_version(c);
}

namespace {
constexpr const char* kUpdateOffer =
    "UPDATE offers SET municipality_id = $2, organization_id = $3, location_id = $4, state = $5, "
    "name_sort = $6, min_age = $7, max_age = $8, free = $9, fee_ore = $10, capacity = $11, "
    "target_groups = $12, languages = $13, interpretation = $14, contact_name = $15, email = $16, "
    "phone = $17, url = $18, owner_user_id = $19, last_confirmed_at = $20, updated_at = $21, "
    "version = version + 1 WHERE id = $1";
}

Status update_offer(Conn& c, const Offer& o, std::int64_t expected_version, UnixSeconds now) {
  std::vector<Value> v = offer_values(o);
  v.push_back(now);
  v.push_back(expected_version);
  auto n = c.exec(std::string(kUpdateOffer) + " AND version = $22", v);
  if (!n) return pass(n);
  if (*n == 0) {
    auto exists = c.query_one("SELECT version FROM offers WHERE id = $1", {o.id});
    if (!exists) return pass(exists);
    if (!*exists) return not_found("The offer does not exist.");
    return fail(ErrorKind::conflict,
                "Someone else changed this offer while you were editing. Your changes were not "
                "saved; open it again to see the new version.");
  }
  KP_TRY(write_offer_children(c, o, now));
  return bump_catalog_version(c);
}

Status replace_offer(Conn& c, const Offer& o, UnixSeconds now) {
  auto exists = c.query_one("SELECT 1 FROM offers WHERE id = $1", {o.id});
  if (!exists) return pass(exists);
  if (!*exists) return insert_offer(c, o, now);
  std::vector<Value> v = offer_values(o);
  v.push_back(o.updated_at ? o.updated_at : now);
  KP_TRY(c.exec(kUpdateOffer, v));
  KP_TRY(c.exec("DELETE FROM translations WHERE entity = 'offer' AND entity_id = $1", {o.id}));
  KP_TRY(write_offer_children(c, o, now));
  return bump_catalog_version(c);
}

Status set_offer_state(Conn& c, const std::string& offer_id, OfferState state, UnixSeconds now) {
  auto n = c.exec("UPDATE offers SET state = $2, updated_at = $3, version = version + 1 WHERE id = $1",
                  {offer_id, std::string(to_string(state)), now});
  if (!n) return pass(n);
  if (*n == 0) return not_found("The offer does not exist.");
  return bump_catalog_version(c);
}

Status confirm_offer(Conn& c, const std::string& offer_id, UnixSeconds now) {
  auto n = c.exec("UPDATE offers SET last_confirmed_at = $2, version = version + 1 WHERE id = $1",
                  {offer_id, now});
  if (!n) return pass(n);
  if (*n == 0) return not_found("The offer does not exist.");
  return bump_catalog_version(c);
}

Status put_translation(Conn& c, const std::string& entity, const std::string& entity_id,
                       const std::string& field, const std::string& lang, const std::string& value,
                       bool machine, UnixSeconds now) {
  std::string source_hash;
  if (lang == kSourceLanguage) {
    source_hash = source_hash_of(value);
  } else {
    auto src = c.query_one("SELECT value FROM translations WHERE entity = $1 AND entity_id = $2 "
                           "AND field = $3 AND lang = $4",
                           {entity, entity_id, field, std::string(kSourceLanguage)});
    if (!src) return pass(src);
    source_hash = *src ? source_hash_of((*src)->text(0)) : std::string();
  }
  Texts t;
  t[field][lang] = Translation{value, source_hash, machine, now};
  KP_TRY(write_texts(c, entity, entity_id, t, now));
  if (entity == "offer") {
    KP_TRY(c.exec("UPDATE offers SET updated_at = $2 WHERE id = $1", {entity_id, now}));
    if (field == "name" && lang == kSourceLanguage)
      KP_TRY(c.exec("UPDATE offers SET name_sort = $2 WHERE id = $1", {entity_id, text::nb_sort_key(value)}));
  }
  return bump_catalog_version(c);
}

}  // namespace kp::catalog
