#include "activities/activity_store.hpp"

#include "activities/enrolment_store.hpp"
#include "core/text.hpp"

namespace kp::activities {
namespace {

using store::Value;

constexpr const char* kActivityColumns =
    "a.id, a.municipality_id, a.offer_id, a.title, a.description, a.bring, a.place, a.starts_on, a.ends_on, "
    "a.capacity, a.reserved_places, a.age_min, a.age_max, a.price_ore, a.signup_opens, a.signup_closes, "
    "a.allocation, a.status, a.version, a.created_at, a.updated_at, o.organization_id";

StaffActivity staff_activity_from(const store::Row& r) {
  StaffActivity s;
  s.activity = activity_from_row(r);  // the same first 21 columns
  s.offer_organization_id = r.text(21);
  return s;
}

}  // namespace

Result<std::vector<StaffActivity>> list_staff_activities(store::Conn& c, const std::string& municipality_id) {
  static const std::string sql = std::string("SELECT ") + kActivityColumns +
                                 " FROM activities a JOIN offers o ON o.id = a.offer_id WHERE a.municipality_id = $1 "
                                 "ORDER BY a.starts_on DESC, a.title_sort, a.id";
  auto rows = c.query(sql, {municipality_id});
  if (!rows) return pass(rows);
  std::vector<StaffActivity> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(staff_activity_from(r));
  return out;
}

Result<std::optional<StaffActivity>> get_staff_activity(store::Conn& c, const std::string& municipality_id,
                                                        const std::string& id) {
  static const std::string sql = std::string("SELECT ") + kActivityColumns +
                                 " FROM activities a JOIN offers o ON o.id = a.offer_id "
                                 "WHERE a.municipality_id = $1 AND a.id = $2";
  auto r = c.query_one(sql, {municipality_id, id});
  if (!r) return pass(r);
  if (!*r) return std::optional<StaffActivity>{};
  return std::optional<StaffActivity>{staff_activity_from(**r)};
}

Status update_activity_versioned(store::Conn& c, const Activity& a, std::int64_t expected_version, UnixSeconds now) {
  auto n = c.exec(
      "UPDATE activities SET offer_id = $1, title = $2, title_sort = $3, description = $4, bring = $5, place = $6, "
      "starts_on = $7, ends_on = $8, capacity = $9, reserved_places = $10, age_min = $11, age_max = $12, "
      "price_ore = $13, signup_opens = $14, signup_closes = $15, allocation = $16, version = version + 1, "
      "updated_at = $17 WHERE municipality_id = $18 AND id = $19 AND version = $20",
      {a.offer_id, a.title, text::nb_sort_key(a.title), a.description, a.bring, a.place, a.starts_on, a.ends_on,
       a.capacity, a.reserved_places, store::nullable(a.age_min), store::nullable(a.age_max), a.price_ore,
       a.signup_opens, a.signup_closes, std::string(to_string(a.allocation)), now, a.municipality_id, a.id,
       expected_version});
  if (!n) return pass(n);
  if (*n == 0)
    return fail(ErrorKind::conflict,
                N_("Someone else changed this activity while you were editing. Your changes were not saved: "
                   "check them against the new version and save again."));
  return {};
}

Status set_activity_status(store::Conn& c, const std::string& municipality_id, const std::string& activity_id,
                           ActivityStatus status, UnixSeconds now) {
  auto n = c.exec(
      "UPDATE activities SET status = $1, version = version + 1, updated_at = $2 WHERE municipality_id = $3 AND id = $4",
      {std::string(to_string(status)), now, municipality_id, activity_id});
  if (!n) return pass(n);
  if (*n == 0) return not_found();
  return {};
}

Result<bool> delete_session_if_unrecorded(store::Conn& c, const std::string& municipality_id,
                                          const std::string& session_id) {
  auto n = c.exec(
      "DELETE FROM activity_sessions WHERE municipality_id = $1 AND id = $2 AND NOT EXISTS "
      "(SELECT 1 FROM attendance t WHERE t.session_id = $2)",
      {municipality_id, session_id});
  if (!n) return pass(n);
  return *n > 0;
}

Result<std::map<std::string, Signup>> signups_of_activity(store::Conn& c, const std::string& municipality_id,
                                                          const std::string& activity_id) {
  auto rows = c.query(
      "SELECT id, guardian_name, phone, email, language, source, created_at FROM signups "
      "WHERE municipality_id = $1 AND activity_id = $2",
      {municipality_id, activity_id});
  if (!rows) return pass(rows);
  std::map<std::string, Signup> out;
  for (const auto& r : *rows) {
    Signup s;
    s.id = r.text(0);
    s.municipality_id = municipality_id;
    s.activity_id = activity_id;
    s.guardian_name = r.text(1);
    s.phone = r.text(2);
    s.email = r.text(3);
    s.language = r.text(4);
    s.source = r.text(5);
    s.created_at = r.integer(6);
    out.emplace(s.id, std::move(s));
  }
  return out;
}

Result<std::vector<ReferralFacts>> referral_facts(store::Conn& c, const std::string& municipality_id,
                                                  const std::string& activity_id) {
  auto rows = c.query(
      "SELECT participant_id, family_id, booked_by, place_kind FROM activity_referrals "
      "WHERE municipality_id = $1 AND activity_id = $2",
      {municipality_id, activity_id});
  if (!rows) return pass(rows);
  std::vector<ReferralFacts> out;
  for (const auto& r : *rows) out.push_back({r.text(0), r.opt_text(1).value_or(""), r.text(2), r.text(3)});
  return out;
}

Result<std::map<std::string, bool>> attendance_of_session(store::Conn& c, const std::string& municipality_id,
                                                          const std::string& session_id) {
  auto rows = c.query("SELECT participant_id, present FROM attendance WHERE municipality_id = $1 AND session_id = $2",
                      {municipality_id, session_id});
  if (!rows) return pass(rows);
  std::map<std::string, bool> out;
  for (const auto& r : *rows) out[r.text(0)] = r.integer(1) != 0;
  return out;
}

Status save_attendance(store::Conn& c, const std::string& municipality_id, const std::string& session_id,
                       const std::vector<std::pair<std::string, bool>>& marks, const std::string& recorded_by,
                       UnixSeconds now) {
  for (const auto& [participant_id, present] : marks) {
    auto n = c.exec(
        "INSERT INTO attendance (participant_id, session_id, municipality_id, present, recorded_by, recorded_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (participant_id, session_id) DO UPDATE SET "
        "present = excluded.present, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
        {participant_id, session_id, municipality_id, std::int64_t{present ? 1 : 0}, recorded_by, now});
    if (!n) return pass(n);
  }
  return {};
}

Result<std::map<std::string, SessionCount>> attendance_per_session(store::Conn& c, const std::string& municipality_id,
                                                                     const std::string& activity_id) {
  auto rows = c.query(
      "SELECT t.session_id, COUNT(*), COUNT(CASE WHEN t.present = 1 THEN 1 END) FROM attendance t "
      "JOIN activity_sessions s ON s.id = t.session_id "
      "WHERE t.municipality_id = $1 AND s.activity_id = $2 GROUP BY t.session_id",
      {municipality_id, activity_id});
  if (!rows) return pass(rows);
  std::map<std::string, SessionCount> out;
  for (const auto& r : *rows) out[r.text(0)] = SessionCount{r.integer(1), r.integer(2)};
  return out;
}

Result<std::vector<ParticipantFacts>> participant_facts(store::Conn& c, const std::string& municipality_id,
                                                        const std::string& activity_id) {
  static constexpr const char* kSelect =
      "SELECT p.activity_id, p.status, "
      "(SELECT COUNT(*) FROM attendance t WHERE t.participant_id = p.id AND t.present = 1), "
      "(SELECT COUNT(*) FROM attendance t WHERE t.participant_id = p.id AND t.present = 0), "
      "(SELECT COUNT(*) FROM activity_referrals r WHERE r.participant_id = p.id) "
      "FROM participants p WHERE p.municipality_id = $1";
  static const std::string all = kSelect;
  static const std::string one = std::string(kSelect) + " AND p.activity_id = $2";
  auto rows = activity_id.empty() ? c.query(all, {municipality_id}) : c.query(one, {municipality_id, activity_id});
  if (!rows) return pass(rows);
  std::vector<ParticipantFacts> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    ParticipantFacts f;
    f.activity_id = r.text(0);
    f.status = participant_status_from_string(r.text(1)).value_or(ParticipantStatus::applied);
    f.sessions_present = r.integer(2);
    f.sessions_absent = r.integer(3);
    f.target_group = r.integer(4) > 0;
    out.push_back(f);
  }
  return out;
}

}  // namespace kp::activities
