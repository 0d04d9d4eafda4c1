#include "families/store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/ids.hpp"
#include "core/text.hpp"

namespace kp::families {
namespace {

using store::Row;
using store::Value;

Value opt(const std::optional<std::string>& s) { return store::nullable(s); }

constexpr const char* kFamilyColumns =
    "f.id, f.municipality_id, f.reference, f.name, f.status, COALESCE(f.coordinator_id, ''), "
    "COALESCE(u.display_name, ''), f.bti_level, f.address_protection, f.address, f.postal_code, "
    "f.city, f.district_id, f.opened_at, f.closed_at, f.close_reason, f.close_evaluation, "
    "f.last_contact_at, f.anonymised_at, f.version, f.plan_version, f.created_at, f.updated_at";

Family family_from_row(const Row& r) {
  Family f;
  f.id = r.text(0);
  f.municipality_id = r.text(1);
  f.reference = r.text(2);
  f.name = r.text(3);
  f.status = family_status_from(r.text(4)).value_or(FamilyStatus::open);
  f.coordinator_id = r.text(5);
  f.coordinator_name = r.text(6);
  f.bti_level = static_cast<int>(r.integer(7));
  f.address_protection = address_protection_from(r.text(8)).value_or(AddressProtection::strict);
  // The one place a protected address could leave the database: it does not.
  if (!f.address_hidden()) {
    f.address = r.text(9);
    f.postal_code = r.text(10);
    f.city = r.text(11);
  }
  f.district_id = r.opt_text(12);
  f.opened_at = r.integer(13);
  f.closed_at = r.opt_integer(14);
  f.close_reason = r.text(15);
  f.close_evaluation = r.text(16);
  f.last_contact_at = r.opt_integer(17);
  f.anonymised_at = r.opt_integer(18);
  f.version = r.integer(19);
  f.plan_version = r.integer(20);
  f.created_at = r.integer(21);
  f.updated_at = r.integer(22);
  return f;
}

constexpr const char* kPersonColumns =
    "id, family_id, role, given_name, family_name, birth_date, national_id, language, interpreter, "
    "phone, email, school, merged_into, created_at, updated_at";

Person person_from_row(const Row& r) {
  Person p;
  p.id = r.text(0);
  p.family_id = r.text(1);
  p.role = person_role_from(r.text(2)).value_or(PersonRole::adult);
  p.given_name = r.text(3);
  p.family_name = r.text(4);
  p.birth_date = r.text(5);
  p.national_id = r.opt_text(6);
  p.language = r.text(7);
  p.interpreter = r.integer(8) != 0;
  p.phone = r.text(9);
  p.email = r.text(10);
  p.school = r.text(11);
  p.merged_into = r.opt_text(12);
  p.created_at = r.integer(13);
  p.updated_at = r.integer(14);
  return p;
}

std::string person_sort(const Person& p) { return text::nb_sort_key(p.family_name + " " + p.given_name); }

constexpr const char* kConsentColumns =
    "k.id, k.family_id, k.subject_person_id, k.given_by, k.services, k.info_kinds, k.purpose, "
    "k.valid_from, k.valid_to, k.form, k.refused, k.language, k.recorded_by, "
    "COALESCE(u.display_name, ''), k.recorded_at, k.withdrawn_at, COALESCE(k.withdrawn_by, ''), "
    "k.withdrawn_note";

Consent consent_from_row(const Row& r) {
  Consent k;
  k.id = r.text(0);
  k.family_id = r.text(1);
  k.subject_person_id = r.opt_text(2);
  k.given_by = r.text(3);
  k.services = text::split_commas(r.text(4));
  k.info_kinds = text::split_commas(r.text(5));
  k.purpose = r.text(6);
  k.valid_from = r.text(7);
  k.valid_to = r.text(8);
  k.form = r.text(9) == "oral" ? ConsentForm::oral : ConsentForm::written;
  k.refused = r.integer(10) != 0;
  k.language = r.text(11);
  k.recorded_by = r.text(12);
  k.recorded_by_name = r.text(13);
  k.recorded_at = r.integer(14);
  k.withdrawn_at = r.opt_integer(15);
  k.withdrawn_by = r.text(16);
  k.withdrawn_note = r.text(17);
  return k;
}

// Consent facts from the columns services, valid_from, valid_to, refused, withdrawn_at,
// subject_person_id, info_kinds, starting at column `first`.
policy::ConsentFacts consent_facts_from(const Row& r, int first) {
  return policy::ConsentFacts{text::split_commas(r.text(first)), r.text(first + 1), r.text(first + 2),
                              r.integer(first + 3) != 0, !r.is_null(first + 4), r.is_null(first + 5),
                              text::split_commas(r.text(first + 6))};
}

Status conflict(std::string_view what) {
  return fail(ErrorKind::conflict, std::string(what));
}

}  // namespace

// ---- access ---------------------------------------------------------------------------------

Result<std::optional<FamilyFacts>> load_facts(Conn& c, const std::string& family_id,
                                              const std::string& user_id, UnixSeconds now) {
  auto f = c.query_one(
      "SELECT municipality_id, COALESCE(coordinator_id, ''), status FROM families "
      "WHERE id = $1 AND anonymised_at IS NULL",
      {family_id});
  if (!f) return pass(f);
  if (!*f) return std::optional<FamilyFacts>();
  FamilyFacts facts;
  facts.id = family_id;
  facts.municipality_id = (*f)->text(0);
  facts.coordinator_id = (*f)->text(1);
  facts.closed = (*f)->text(2) == "closed";
  auto t = c.query(
      "SELECT t.user_id, u.service FROM family_team t JOIN users u ON u.id = t.user_id "
      "WHERE t.family_id = $1",
      {family_id});
  if (!t) return pass(t);
  for (const auto& r : *t) facts.team.push_back({r.text(0), r.text(1)});
  auto k = c.query(
      "SELECT services, valid_from, valid_to, refused, withdrawn_at, subject_person_id, info_kinds FROM consents "
      "WHERE family_id = $1",
      {family_id});
  if (!k) return pass(k);
  for (const auto& r : *k) facts.consents.push_back(consent_facts_from(r, 0));
  if (!user_id.empty()) {
    auto e = c.query_one(
        "SELECT 1 FROM emergency_access WHERE family_id = $1 AND user_id = $2 AND expires_at > $3",
        {family_id, user_id, now});
    if (!e) return pass(e);
    facts.emergency_for_actor = e->has_value();
  }
  return std::optional<FamilyFacts>(std::move(facts));
}

namespace {

// The families a user works in or holds an unexpired emergency grant to ($1 user, $2 now), as
// a CTE the set-based reads below share: four statements for any number of families instead of
// four per family. Only the family query checks the municipality; the other reads keep rows of
// the families it returned. CROSS JOIN fixes SQLite's join order (the user's few families
// first, then each table through its per-family index) where it has no statistics to choose by.
constexpr const char* kUserFamilies =
    "WITH mine AS (SELECT id AS family_id FROM families WHERE coordinator_id = $1 AND anonymised_at IS NULL "
    "UNION SELECT family_id FROM family_team WHERE user_id = $1 "
    "UNION SELECT family_id FROM emergency_access WHERE user_id = $1 AND expires_at > $2) ";

}  // namespace

Result<std::vector<FamilyFacts>> facts_for_user(Conn& c, const std::string& municipality_id,
                                                const std::string& user_id, UnixSeconds now) {
  static const std::string families_sql = std::string(kUserFamilies) +
      "SELECT f.id, COALESCE(f.coordinator_id, ''), f.status FROM mine CROSS JOIN families f "
      "WHERE f.id = mine.family_id AND f.municipality_id = $3 AND f.anonymised_at IS NULL ORDER BY f.id";
  static const std::string team_sql = std::string(kUserFamilies) +
      "SELECT t.family_id, t.user_id, u.service FROM mine CROSS JOIN family_team t JOIN users u ON u.id = t.user_id "
      "WHERE t.family_id = mine.family_id";
  static const std::string consents_sql = std::string(kUserFamilies) +
      "SELECT k.family_id, k.services, k.valid_from, k.valid_to, k.refused, k.withdrawn_at, k.subject_person_id, "
      "k.info_kinds FROM mine CROSS JOIN consents k WHERE k.family_id = mine.family_id";
  const std::vector<Value> args{user_id, now};
  auto fams = c.query(families_sql, {user_id, now, municipality_id});
  if (!fams) return pass(fams);
  std::vector<FamilyFacts> out;
  std::map<std::string, size_t> index;  // family id → position in out
  for (const auto& r : *fams) {
    FamilyFacts f;
    f.id = r.text(0);
    f.municipality_id = municipality_id;
    f.coordinator_id = r.text(1);
    f.closed = r.text(2) == "closed";
    index.emplace(f.id, out.size());
    out.push_back(std::move(f));
  }
  if (out.empty()) return out;
  auto team = c.query(team_sql, args);
  if (!team) return pass(team);
  for (const auto& r : *team)
    if (auto it = index.find(r.text(0)); it != index.end()) out[it->second].team.push_back({r.text(1), r.text(2)});
  auto consents = c.query(consents_sql, args);
  if (!consents) return pass(consents);
  for (const auto& r : *consents)
    if (auto it = index.find(r.text(0)); it != index.end())
      out[it->second].consents.push_back(consent_facts_from(r, 1));
  auto grants = c.query(
      "SELECT family_id FROM emergency_access WHERE user_id = $1 AND expires_at > $2", args);
  if (!grants) return pass(grants);
  for (const auto& r : *grants)
    if (auto it = index.find(r.text(0)); it != index.end()) out[it->second].emergency_for_actor = true;
  return out;
}

// ---- families -------------------------------------------------------------------------------

Result<std::optional<Family>> get_family(Conn& c, const std::string& id) {
  auto r = c.query_one(fmt::format("SELECT {} FROM families f LEFT JOIN users u ON u.id = f.coordinator_id "
                                   "WHERE f.id = $1 AND f.anonymised_at IS NULL",
                                   kFamilyColumns),
                       {id});
  if (!r) return pass(r);
  if (!*r) return std::optional<Family>();
  Family f = family_from_row(**r);
  auto m = c.query(fmt::format("SELECT {} FROM persons WHERE family_id = $1 AND merged_into IS NULL "
                               "ORDER BY CASE role WHEN 'guardian' THEN 0 WHEN 'adult' THEN 1 ELSE 2 END, "
                               "birth_date, name_sort",
                               kPersonColumns),
                   {id});
  if (!m) return pass(m);
  for (const auto& row : *m) f.members.push_back(person_from_row(row));
  return std::optional<Family>(std::move(f));
}

namespace {

constexpr const char* kSummarySelect =
    "SELECT f.id, f.reference, f.name, f.status, COALESCE(f.coordinator_id, ''), "
    "COALESCE(u.display_name, ''), f.bti_level, "
    "(SELECT COUNT(*) FROM persons p WHERE p.family_id = f.id AND p.role = 'child' AND p.merged_into IS NULL), "
    "f.opened_at, f.last_contact_at, f.name_sort FROM families f LEFT JOIN users u ON u.id = f.coordinator_id ";

FamilySummary summary_from_row(const Row& r) {
  FamilySummary s;
  s.id = r.text(0);
  s.reference = r.text(1);
  s.name = r.text(2);
  s.status = family_status_from(r.text(3)).value_or(FamilyStatus::open);
  s.coordinator_id = r.text(4);
  s.coordinator_name = r.text(5);
  s.bti_level = static_cast<int>(r.integer(6));
  s.children = static_cast<int>(r.integer(7));
  s.opened_at = r.integer(8);
  s.last_contact_at = r.opt_integer(9);
  return s;
}

// The WHERE clause and parameters shared by list_families and count_families.
std::string family_filter(const FamilyQuery& q, std::vector<Value>& params) {
  std::string sql = "WHERE f.municipality_id = $1 AND f.anonymised_at IS NULL";
  params.emplace_back(q.municipality_id);
  if (q.status) {
    params.emplace_back(std::string(to_string(*q.status)));
    sql += fmt::format(" AND f.status = ${}", params.size());
  }
  if (q.coordinator_id) {
    params.emplace_back(*q.coordinator_id);
    sql += fmt::format(" AND f.coordinator_id = ${}", params.size());
  }
  return sql;
}

}  // namespace

Result<std::vector<FamilySummary>> list_families(Conn& c, const FamilyQuery& q) {
  std::vector<FamilySummary> out;
  if (q.restrict_to_ids) {
    std::vector<std::pair<std::string, FamilySummary>> sorted;
    for (const auto& id : q.ids) {
      std::vector<Value> params;
      std::string sql = std::string(kSummarySelect) + family_filter(q, params);
      params.emplace_back(id);
      sql += fmt::format(" AND f.id = ${}", params.size());
      auto rows = c.query(sql, params);
      if (!rows) return pass(rows);
      for (const auto& r : *rows) sorted.emplace_back(r.text(10) + "\x01" + r.text(1), summary_from_row(r));
    }
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [key, s] : sorted) out.push_back(std::move(s));
    return out;
  }
  std::vector<Value> params;
  std::string sql = std::string(kSummarySelect) + family_filter(q, params) + " ORDER BY f.name_sort, f.reference";
  if (q.limit > 0) {
    params.emplace_back(static_cast<std::int64_t>(q.limit));
    params.emplace_back(static_cast<std::int64_t>(std::max(0, q.offset)));
    sql += fmt::format(" LIMIT ${} OFFSET ${}", params.size() - 1, params.size());
  }
  auto rows = c.query(sql, params);
  if (!rows) return pass(rows);
  for (const auto& r : *rows) out.push_back(summary_from_row(r));
  return out;
}

Result<std::int64_t> count_families(Conn& c, const FamilyQuery& q) {
  if (q.restrict_to_ids) return static_cast<std::int64_t>(q.ids.size());
  std::vector<Value> params;
  const std::string sql = "SELECT COUNT(*) FROM families f " + family_filter(q, params);
  auto r = c.query(sql, params);
  if (!r) return pass(r);
  return r->empty() ? 0 : r->front().integer(0);
}

Result<std::string> insert_family(Conn& c, const Family& f, UnixSeconds now) {
  const std::string prefix = fmt::format("F-{}-", to_oslo(now).date.year);
  auto last = c.query_one(
      "SELECT MAX(reference) FROM families WHERE municipality_id = $1 AND reference LIKE $2",
      {f.municipality_id, prefix + "%"});
  if (!last) return pass(last);
  int next = 1;
  if (*last && !(*last)->is_null(0)) {
    const std::string& ref = (*last)->text(0);
    try {
      next = std::stoi(ref.substr(prefix.size())) + 1;
    } catch (...) {
      return internal_error("unreadable family reference");
    }
  }
  const std::string reference = fmt::format("{}{:04}", prefix, next);
  auto r = c.exec(
      "INSERT INTO families (id, municipality_id, reference, name, name_sort, status, coordinator_id, "
      "bti_level, address_protection, address, postal_code, city, district_id, opened_at, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $13, $13)",
      {f.id, f.municipality_id, reference, f.name, text::nb_sort_key(f.name),
       f.coordinator_id.empty() ? Value(nullptr) : Value(f.coordinator_id),
       static_cast<std::int64_t>(f.bti_level), std::string(to_string(f.address_protection)), f.address,
       f.postal_code, f.city, opt(f.district_id), now});
  if (!r) return pass(r);
  for (const auto& p : f.members) {
    Person member = p;
    member.family_id = f.id;
    KP_TRY(insert_person(c, f.municipality_id, member, now));
  }
  return reference;
}

Status update_family(Conn& c, const Family& f, std::int64_t expected_version, bool keep_address,
                     UnixSeconds now) {
  auto n = keep_address
               ? c.exec("UPDATE families SET name = $1, name_sort = $2, address_protection = $3, "
                        "district_id = $4, version = version + 1, updated_at = $5 "
                        "WHERE id = $6 AND version = $7 AND status = 'open'",
                        {f.name, text::nb_sort_key(f.name), std::string(to_string(f.address_protection)),
                         opt(f.district_id), now, f.id, expected_version})
               : c.exec("UPDATE families SET name = $1, name_sort = $2, address_protection = $3, "
                        "district_id = $4, version = version + 1, updated_at = $5, address = $8, "
                        "postal_code = $9, city = $10 WHERE id = $6 AND version = $7 AND status = 'open'",
                        {f.name, text::nb_sort_key(f.name), std::string(to_string(f.address_protection)),
                         opt(f.district_id), now, f.id, expected_version, f.address, f.postal_code, f.city});
  if (!n) return pass(n);
  if (*n == 0)
    return conflict(N_("Someone else changed this family while you were editing. Your changes were not "
                       "saved; open it again to see the new version."));
  return {};
}

Status set_coordinator(Conn& c, const std::string& family_id, const std::string& user_id, UnixSeconds now) {
  auto n = c.exec("UPDATE families SET coordinator_id = $1, updated_at = $2 WHERE id = $3",
                  {user_id.empty() ? Value(nullptr) : Value(user_id), now, family_id});
  if (!n) return pass(n);
  return {};
}

Status set_bti_level(Conn& c, const std::string& municipality_id, const std::string& family_id, int level,
                     const std::string& note, const std::string& by, UnixSeconds now) {
  if (level < 0 || level > 3) return invalid(N_("Choose a level from 0 to 3."), "bti_level");
  KP_TRY(c.exec("UPDATE families SET bti_level = $1, updated_at = $2 WHERE id = $3",
                {static_cast<std::int64_t>(level), now, family_id}));
  auto r = c.exec(
      "INSERT INTO family_bti (id, municipality_id, family_id, level, note, set_by, set_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {ids::new_uuid(), municipality_id, family_id, static_cast<std::int64_t>(level), note, by, now});
  if (!r) return pass(r);
  return {};
}

Result<std::vector<BtiChange>> bti_history(Conn& c, const std::string& family_id) {
  auto rows = c.query(
      "SELECT b.level, b.note, COALESCE(u.display_name, ''), b.set_at FROM family_bti b "
      "LEFT JOIN users u ON u.id = b.set_by WHERE b.family_id = $1 ORDER BY b.set_at, b.id",
      {family_id});
  if (!rows) return pass(rows);
  std::vector<BtiChange> out;
  for (const auto& r : *rows) out.push_back({static_cast<int>(r.integer(0)), r.text(1), r.text(2), r.integer(3)});
  return out;
}

Status touch_contact(Conn& c, const std::string& family_id, UnixSeconds at) {
  auto n = c.exec(
      "UPDATE families SET last_contact_at = $1 WHERE id = $2 AND (last_contact_at IS NULL OR last_contact_at < $1)",
      {at, family_id});
  if (!n) return pass(n);
  return {};
}

Status close_family(Conn& c, const std::string& family_id, const std::string& reason,
                    const std::string& evaluation, UnixSeconds now) {
  auto n = c.exec(
      "UPDATE families SET status = 'closed', closed_at = $1, close_reason = $2, close_evaluation = $3, "
      "version = version + 1, updated_at = $1 WHERE id = $4 AND status = 'open'",
      {now, reason, evaluation, family_id});
  if (!n) return pass(n);
  if (*n == 0) return conflict(N_("The family has already been closed."));
  return {};
}

// ---- people ---------------------------------------------------------------------------------

Status insert_person(Conn& c, const std::string& municipality_id, const Person& p, UnixSeconds now) {
  auto r = c.exec(
      "INSERT INTO persons (id, municipality_id, family_id, role, given_name, family_name, name_sort, "
      "birth_date, national_id, language, interpreter, phone, email, school, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)",
      {p.id, municipality_id, p.family_id, std::string(to_string(p.role)), p.given_name, p.family_name,
       person_sort(p), p.birth_date, opt(p.national_id), p.language, static_cast<std::int64_t>(p.interpreter),
       p.phone, p.email, p.school, now});
  if (!r) return pass(r);
  return {};
}

Status update_person(Conn& c, const Person& p, UnixSeconds now) {
  auto n = c.exec(
      "UPDATE persons SET role = $1, given_name = $2, family_name = $3, name_sort = $4, birth_date = $5, "
      "national_id = $6, language = $7, interpreter = $8, phone = $9, email = $10, school = $11, "
      "updated_at = $12 WHERE id = $13 AND family_id = $14",
      {std::string(to_string(p.role)), p.given_name, p.family_name, person_sort(p), p.birth_date,
       opt(p.national_id), p.language, static_cast<std::int64_t>(p.interpreter), p.phone, p.email, p.school,
       now, p.id, p.family_id});
  if (!n) return pass(n);
  if (*n == 0) return not_found(N_("The person is not registered in this family."));
  return {};
}

Result<std::optional<Person>> get_person(Conn& c, const std::string& id) {
  auto r = c.query_one(fmt::format("SELECT {} FROM persons WHERE id = $1", kPersonColumns), {id});
  if (!r) return pass(r);
  if (!*r) return std::optional<Person>();
  return std::optional<Person>(person_from_row(**r));
}

Result<std::vector<Person>> find_duplicates(Conn& c, const std::string& municipality_id, const Person& p) {
  auto rows = c.query(
      fmt::format("SELECT {} FROM persons WHERE municipality_id = $1 AND merged_into IS NULL AND id <> $2 "
                  "AND ((national_id IS NOT NULL AND national_id = $3) OR "
                  "(name_sort = $4 AND birth_date <> '' AND birth_date = $5)) ORDER BY name_sort",
                  kPersonColumns),
      {municipality_id, p.id, p.national_id ? Value(*p.national_id) : Value(std::string("-")), person_sort(p),
       p.birth_date});
  if (!rows) return pass(rows);
  std::vector<Person> out;
  for (const auto& r : *rows) out.push_back(person_from_row(r));
  return out;
}

// ---- team -----------------------------------------------------------------------------------

Result<std::vector<TeamMember>> team(Conn& c, const std::string& family_id) {
  auto rows = c.query(
      "SELECT t.user_id, u.display_name, u.service, t.added_at FROM family_team t "
      "JOIN users u ON u.id = t.user_id WHERE t.family_id = $1 ORDER BY u.display_name",
      {family_id});
  if (!rows) return pass(rows);
  std::vector<TeamMember> out;
  for (const auto& r : *rows) out.push_back({r.text(0), r.text(1), r.text(2), r.integer(3)});
  return out;
}

Status add_team_member(Conn& c, const std::string& municipality_id, const std::string& family_id,
                       const std::string& user_id, const std::string& by, UnixSeconds now) {
  auto u = c.query_one("SELECT 1 FROM users WHERE id = $1 AND municipality_id = $2 AND disabled = 0",
                       {user_id, municipality_id});
  if (!u) return pass(u);
  if (!*u) return invalid(N_("Choose a staff member from the list."), "user_id");
  auto r = c.exec(
      "INSERT INTO family_team (family_id, user_id, municipality_id, added_at, added_by) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (family_id, user_id) DO NOTHING",
      {family_id, user_id, municipality_id, now, by});
  if (!r) return pass(r);
  return {};
}

Status remove_team_member(Conn& c, const std::string& family_id, const std::string& user_id) {
  auto r = c.exec("DELETE FROM family_team WHERE family_id = $1 AND user_id = $2", {family_id, user_id});
  if (!r) return pass(r);
  return {};
}

Result<std::vector<StaffChoice>> family_staff(Conn& c, const std::string& municipality_id) {
  auto rows = c.query(
      "SELECT u.id, u.display_name, u.service, "
      "MAX(CASE WHEN r.role = 'coordinator' THEN 1 ELSE 0 END) FROM users u "
      "JOIN user_roles r ON r.user_id = u.id WHERE u.municipality_id = $1 AND u.disabled = 0 "
      "AND r.role IN ('coordinator', 'service_employee', 'leader') "
      "GROUP BY u.id, u.display_name, u.service ORDER BY u.display_name",
      {municipality_id});
  if (!rows) return pass(rows);
  std::vector<StaffChoice> out;
  for (const auto& r : *rows) out.push_back({r.text(0), r.text(1), r.text(2), r.integer(3) != 0});
  return out;
}

// ---- consent --------------------------------------------------------------------------------

Result<std::vector<Consent>> consents(Conn& c, const std::string& family_id) {
  auto rows = c.query(fmt::format("SELECT {} FROM consents k LEFT JOIN users u ON u.id = k.recorded_by "
                                  "WHERE k.family_id = $1 ORDER BY k.recorded_at DESC, k.id",
                                  kConsentColumns),
                      {family_id});
  if (!rows) return pass(rows);
  std::vector<Consent> out;
  for (const auto& r : *rows) out.push_back(consent_from_row(r));
  return out;
}

Result<std::optional<Consent>> get_consent(Conn& c, const std::string& id) {
  auto r = c.query_one(
      fmt::format("SELECT {} FROM consents k LEFT JOIN users u ON u.id = k.recorded_by WHERE k.id = $1",
                  kConsentColumns),
      {id});
  if (!r) return pass(r);
  if (!*r) return std::optional<Consent>();
  return std::optional<Consent>(consent_from_row(**r));
}

Status insert_consent(Conn& c, const std::string& municipality_id, const Consent& k, UnixSeconds now) {
  auto r = c.exec(
      "INSERT INTO consents (id, municipality_id, family_id, subject_person_id, given_by, services, "
      "info_kinds, purpose, valid_from, valid_to, form, refused, language, recorded_by, recorded_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
      {k.id, municipality_id, k.family_id, opt(k.subject_person_id), k.given_by, text::join_commas(k.services),
       text::join_commas(k.info_kinds), k.purpose, k.valid_from, k.valid_to, std::string(to_string(k.form)),
       static_cast<std::int64_t>(k.refused), k.language, k.recorded_by, now});
  if (!r) return pass(r);
  return {};
}

Status withdraw_consent(Conn& c, const std::string& family_id, const std::string& consent_id,
                        const std::string& by, const std::string& note, UnixSeconds now) {
  auto n = c.exec(
      "UPDATE consents SET withdrawn_at = $1, withdrawn_by = $2, withdrawn_note = $3 "
      "WHERE id = $4 AND family_id = $5 AND withdrawn_at IS NULL",
      {now, by, note, consent_id, family_id});
  if (!n) return pass(n);
  if (*n == 0) return not_found(N_("This consent does not exist or has already been withdrawn."));
  return {};
}

// ---- emergency access ------------------------------------------------------------------------

Result<std::string> find_family_by_reference_or_member(Conn& c, const std::string& municipality_id,
                                                       std::string_view text) {
  std::string digits;
  for (char ch : text)
    if (ch >= '0' && ch <= '9') digits += ch;
  auto row = c.query_one(
      "SELECT id FROM families WHERE municipality_id = $1 AND anonymised_at IS NULL AND (reference = $2 OR id IN "
      "(SELECT family_id FROM persons WHERE municipality_id = $1 AND national_id = $3 AND merged_into IS NULL)) "
      "ORDER BY status DESC, opened_at DESC",
      {municipality_id, std::string(text), digits.size() == 11 ? digits : std::string("-")});
  if (!row) return pass(row);
  return *row ? (*row)->text(0) : std::string();
}

Status grant_emergency_access(Conn& c, const std::string& municipality_id, const std::string& family_id,
                              const std::string& user_id, const std::string& reason, UnixSeconds now,
                              UnixSeconds expires_at) {
  auto r = c.exec(
      "INSERT INTO emergency_access (id, municipality_id, family_id, user_id, reason, granted_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {ids::new_uuid(), municipality_id, family_id, user_id, reason, now, expires_at});
  if (!r) return pass(r);
  return {};
}

}  // namespace kp::families
