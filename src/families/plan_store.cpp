#include "families/plan_store.hpp"

#include <fmt/format.h>

namespace kp::families {
namespace {

using store::Row;
using store::Value;

Value opt(const std::optional<std::string>& s) { return store::nullable(s); }

constexpr const char* kGoalColumns =
    "id, family_id, area, own_area, text, status, position, created_at, updated_at";

Goal goal_from_row(const Row& r) {
  Goal g;
  g.id = r.text(0);
  g.family_id = r.text(1);
  g.area = outcome_area_from(r.text(2)).value_or(OutcomeArea::own);
  g.own_area = r.text(3);
  g.text = r.text(4);
  g.status = goal_status_from(r.text(5)).value_or(GoalStatus::active);
  g.position = r.integer(6);
  g.created_at = r.integer(7);
  g.updated_at = r.integer(8);
  return g;
}

constexpr const char* kMeasureColumns =
    "m.id, m.family_id, m.goal_id, m.text, m.responsible, m.responsible_user_id, "
    "COALESCE(u.display_name, ''), m.deadline, m.status, m.offer_id, m.referral_state, m.referral_reason, "
    "m.referral_changed_at, m.meeting_id, m.created_by, m.created_at, m.updated_at";

Measure measure_from_row(const Row& r) {
  Measure m;
  m.id = r.text(0);
  m.family_id = r.text(1);
  m.goal_id = r.text(2);
  m.text = r.text(3);
  m.responsible = r.text(4);
  m.responsible_user_id = r.opt_text(5);
  m.responsible_name = r.text(6);
  m.deadline = r.text(7);
  m.status = measure_status_from(r.text(8)).value_or(MeasureStatus::planned);
  m.offer_id = r.opt_text(9);
  m.referral_state = referral_state_from(r.text(10)).value_or(ReferralState::none);
  m.referral_reason = r.text(11);
  m.referral_changed_at = r.opt_integer(12);
  m.meeting_id = r.opt_text(13);
  m.created_by = r.text(14);
  m.created_at = r.integer(15);
  m.updated_at = r.integer(16);
  return m;
}

constexpr const char* kMeetingColumns =
    "id, family_id, held_on, starts_at, participants, family_present, agenda, minutes, decisions, "
    "reflections, created_by, created_at, updated_at";

MeetingRecord meeting_from_row(const Row& r) {
  MeetingRecord m;
  m.id = r.text(0);
  m.family_id = r.text(1);
  m.held_on = r.text(2);
  m.starts_at = r.text(3);
  m.participants = r.text(4);
  m.family_present = r.integer(5) != 0;
  m.agenda = r.text(6);
  m.minutes = r.text(7);
  m.decisions = r.text(8);
  m.reflections = r.text(9);
  m.created_by = r.text(10);
  m.created_at = r.integer(11);
  m.updated_at = r.integer(12);
  return m;
}

// The caseload lists' common filter: the municipality's open families, optionally one
// coordinator's. Appends the coordinator condition and its parameter.
void add_coordinator(std::string& sql, std::vector<Value>& params, const std::optional<std::string>& coordinator_id) {
  if (!coordinator_id) return;
  params.emplace_back(*coordinator_id);
  sql += fmt::format(" AND f.coordinator_id = ${}", params.size());
}

constexpr const char* kOpenFamily = " AND f.status = 'open' AND f.anonymised_at IS NULL";

}  // namespace

// ---- the plan's version -----------------------------------------------------------------------

Status bump_plan_version(Conn& c, const std::string& family_id, std::int64_t expected_version) {
  auto n = c.exec(
      "UPDATE families SET plan_version = plan_version + 1 WHERE id = $1 AND plan_version = $2 AND status = 'open'",
      {family_id, expected_version});
  if (!n) return pass(n);
  if (*n == 0)
    return fail(ErrorKind::conflict,
                N_("Someone else changed the plan while you were editing. Your changes were not saved; your text is "
                   "still in the form below. Look at the plan as it is now, then save again if your change is still "
                   "right."));
  return {};
}

Result<std::int64_t> plan_version(Conn& c, const std::string& family_id) {
  auto r = c.query_one("SELECT plan_version FROM families WHERE id = $1", {family_id});
  if (!r) return pass(r);
  if (!*r) return not_found(N_("The family does not exist."));
  return (*r)->integer(0);
}

// ---- goals and measures ---------------------------------------------------------------------------

Result<std::vector<Goal>> goals_of(Conn& c, const std::string& family_id) {
  auto rows = c.query(
      fmt::format("SELECT {} FROM goals WHERE family_id = $1 ORDER BY position, created_at, id", kGoalColumns),
      {family_id});
  if (!rows) return pass(rows);
  std::vector<Goal> out;
  for (const auto& r : *rows) out.push_back(goal_from_row(r));
  return out;
}

Result<std::vector<Goal>> plan_of(Conn& c, const std::string& family_id) {
  auto goals = goals_of(c, family_id);
  if (!goals) return goals;
  auto rows = c.query(fmt::format("SELECT {} FROM measures m LEFT JOIN users u ON u.id = m.responsible_user_id "
                                  "WHERE m.family_id = $1 ORDER BY m.created_at, m.id",
                                  kMeasureColumns),
                      {family_id});
  if (!rows) return pass(rows);
  for (const auto& r : *rows) {
    Measure m = measure_from_row(r);
    for (auto& g : *goals)
      if (g.id == m.goal_id) {
        g.measures.push_back(std::move(m));
        break;
      }
  }
  return goals;
}

Result<std::optional<Goal>> get_goal(Conn& c, const std::string& family_id, const std::string& goal_id) {
  auto r = c.query_one(fmt::format("SELECT {} FROM goals WHERE id = $1 AND family_id = $2", kGoalColumns),
                       {goal_id, family_id});
  if (!r) return pass(r);
  if (!*r) return std::optional<Goal>();
  return std::optional<Goal>(goal_from_row(**r));
}

Status insert_goal(Conn& c, const std::string& municipality_id, const Goal& g, UnixSeconds now) {
  auto pos = c.query_one("SELECT COALESCE(MAX(position), 0) FROM goals WHERE family_id = $1", {g.family_id});
  if (!pos) return pass(pos);
  const std::int64_t position = (*pos ? (*pos)->integer(0) : 0) + 1;
  auto r = c.exec(
      "INSERT INTO goals (id, municipality_id, family_id, area, own_area, text, status, position, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
      {g.id, municipality_id, g.family_id, std::string(to_string(g.area)), g.own_area, g.text,
       std::string(to_string(g.status)), position, now});
  if (!r) return pass(r);
  return {};
}

Status update_goal(Conn& c, const Goal& g, UnixSeconds now) {
  auto n = c.exec(
      "UPDATE goals SET area = $1, own_area = $2, text = $3, status = $4, updated_at = $5 "
      "WHERE id = $6 AND family_id = $7",
      {std::string(to_string(g.area)), g.own_area, g.text, std::string(to_string(g.status)), now, g.id,
       g.family_id});
  if (!n) return pass(n);
  if (*n == 0) return not_found(N_("This goal is not in the family's plan."));
  return {};
}

Result<std::optional<Measure>> get_measure(Conn& c, const std::string& family_id, const std::string& measure_id) {
  auto r = c.query_one(fmt::format("SELECT {} FROM measures m LEFT JOIN users u ON u.id = m.responsible_user_id "
                                   "WHERE m.id = $1 AND m.family_id = $2",
                                   kMeasureColumns),
                       {measure_id, family_id});
  if (!r) return pass(r);
  if (!*r) return std::optional<Measure>();
  return std::optional<Measure>(measure_from_row(**r));
}

Status insert_measure(Conn& c, const std::string& municipality_id, const Measure& m, UnixSeconds now) {
  auto g = get_goal(c, m.family_id, m.goal_id);
  if (!g) return pass(g);
  if (!*g) return not_found(N_("This goal is not in the family's plan."));
  auto r = c.exec(
      "INSERT INTO measures (id, municipality_id, family_id, goal_id, text, responsible, responsible_user_id, "
      "deadline, status, offer_id, referral_state, referral_reason, referral_changed_at, meeting_id, created_by, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)",
      {m.id, municipality_id, m.family_id, m.goal_id, m.text, m.responsible, opt(m.responsible_user_id), m.deadline,
       std::string(to_string(m.status)), opt(m.offer_id), std::string(to_string(m.referral_state)),
       m.referral_reason, store::nullable(m.referral_changed_at), opt(m.meeting_id), m.created_by, now});
  if (!r) return pass(r);
  return {};
}

Status update_measure(Conn& c, const Measure& m, UnixSeconds now) {
  auto n = c.exec(
      "UPDATE measures SET text = $1, responsible = $2, responsible_user_id = $3, deadline = $4, status = $5, "
      "offer_id = $6, referral_state = $7, referral_reason = $8, referral_changed_at = $9, updated_at = $10 "
      "WHERE id = $11 AND family_id = $12",
      {m.text, m.responsible, opt(m.responsible_user_id), m.deadline, std::string(to_string(m.status)),
       opt(m.offer_id), std::string(to_string(m.referral_state)), m.referral_reason,
       store::nullable(m.referral_changed_at), now, m.id, m.family_id});
  if (!n) return pass(n);
  if (*n == 0) return not_found(N_("This measure is not in the family's plan."));
  return {};
}

Result<std::vector<std::string>> meeting_measure_texts(Conn& c, const std::string& meeting_id) {
  auto rows = c.query("SELECT text FROM measures WHERE meeting_id = $1", {meeting_id});
  if (!rows) return pass(rows);
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.text(0));
  return out;
}

// ---- meetings ---------------------------------------------------------------------------------------

Result<std::vector<MeetingRecord>> meetings_of(Conn& c, const std::string& family_id) {
  auto rows = c.query(fmt::format("SELECT {} FROM meetings WHERE family_id = $1 "
                                  "ORDER BY held_on DESC, starts_at DESC, created_at DESC, id",
                                  kMeetingColumns),
                      {family_id});
  if (!rows) return pass(rows);
  std::vector<MeetingRecord> out;
  for (const auto& r : *rows) out.push_back(meeting_from_row(r));
  return out;
}

Result<std::optional<MeetingRecord>> get_meeting(Conn& c, const std::string& family_id,
                                                 const std::string& meeting_id) {
  auto r = c.query_one(fmt::format("SELECT {} FROM meetings WHERE id = $1 AND family_id = $2", kMeetingColumns),
                       {meeting_id, family_id});
  if (!r) return pass(r);
  if (!*r) return std::optional<MeetingRecord>();
  return std::optional<MeetingRecord>(meeting_from_row(**r));
}

Status insert_meeting(Conn& c, const std::string& municipality_id, const MeetingRecord& m, UnixSeconds now) {
  auto r = c.exec(
      "INSERT INTO meetings (id, municipality_id, family_id, held_on, starts_at, participants, family_present, "
      "agenda, minutes, decisions, reflections, created_by, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
      {m.id, municipality_id, m.family_id, m.held_on, m.starts_at, m.participants,
       static_cast<std::int64_t>(m.family_present), m.agenda, m.minutes, m.decisions, m.reflections, m.created_by,
       now});
  if (!r) return pass(r);
  return {};
}

Status update_meeting(Conn& c, const MeetingRecord& m, UnixSeconds expected_updated_at, UnixSeconds now) {
  auto n = c.exec(
      "UPDATE meetings SET held_on = $1, starts_at = $2, participants = $3, family_present = $4, agenda = $5, "
      "minutes = $6, decisions = $7, updated_at = $8 WHERE id = $9 AND family_id = $10 AND updated_at = $11",
      {m.held_on, m.starts_at, m.participants, static_cast<std::int64_t>(m.family_present), m.agenda, m.minutes,
       m.decisions, now, m.id, m.family_id, expected_updated_at});
  if (!n) return pass(n);
  if (*n == 0)
    return fail(ErrorKind::conflict,
                N_("Someone else changed this meeting while you were editing. Your changes were not saved; your text "
                   "is still in the form below. Look at the meeting as it is now, then save again if your change is "
                   "still right."));
  return {};
}

Status set_reflections(Conn& c, const std::string& family_id, const std::string& meeting_id,
                       const std::string& json, UnixSeconds now) {
  auto n = c.exec("UPDATE meetings SET reflections = $1, updated_at = $2 WHERE id = $3 AND family_id = $4",
                  {json, now, meeting_id, family_id});
  if (!n) return pass(n);
  if (*n == 0) return not_found(N_("This meeting is not in the family's records."));
  return {};
}

// ---- the caseload -----------------------------------------------------------------------------------

Result<std::vector<OverdueMeasure>> overdue_measures(Conn& c, const std::string& municipality_id,
                                                     const std::optional<std::string>& coordinator_id,
                                                     std::string_view today) {
  std::string sql =
      "SELECT f.id, f.reference, f.name, m.id, m.goal_id, m.text, m.responsible, m.deadline FROM measures m "
      "JOIN families f ON f.id = m.family_id JOIN goals g ON g.id = m.goal_id "
      "WHERE m.municipality_id = $1 AND m.status IN ('planned', 'in_progress') AND m.deadline <> '' "
      "AND m.deadline < $2 AND g.status = 'active'";
  sql += kOpenFamily;
  std::vector<Value> params{municipality_id, std::string(today)};
  add_coordinator(sql, params, coordinator_id);
  sql += " ORDER BY m.deadline, f.name_sort, m.id";
  auto rows = c.query(sql, params);
  if (!rows) return pass(rows);
  std::vector<OverdueMeasure> out;
  for (const auto& r : *rows)
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7)});
  return out;
}

Result<std::vector<WaitingReferral>> waiting_referrals(Conn& c, const std::string& municipality_id,
                                                       const std::optional<std::string>& coordinator_id,
                                                       UnixSeconds older_than) {
  std::string sql =
      "SELECT f.id, f.reference, f.name, m.id, COALESCE(m.offer_id, ''), m.text, m.referral_changed_at "
      "FROM measures m JOIN families f ON f.id = m.family_id "
      "WHERE m.municipality_id = $1 AND m.referral_state = 'requested' AND m.referral_changed_at < $2 "
      "AND m.status <> 'dropped'";
  sql += kOpenFamily;
  std::vector<Value> params{municipality_id, older_than};
  add_coordinator(sql, params, coordinator_id);
  sql += " ORDER BY m.referral_changed_at, f.name_sort, m.id";
  auto rows = c.query(sql, params);
  if (!rows) return pass(rows);
  std::vector<WaitingReferral> out;
  for (const auto& r : *rows)
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.integer(6)});
  return out;
}

Result<std::vector<UpcomingMeeting>> upcoming_meetings(Conn& c, const std::string& municipality_id,
                                                       const std::optional<std::string>& coordinator_id,
                                                       std::string_view from_date, std::string_view to_date) {
  std::string sql =
      "SELECT f.id, f.reference, f.name, m.id, m.held_on, m.starts_at, m.family_present FROM meetings m "
      "JOIN families f ON f.id = m.family_id WHERE m.municipality_id = $1 AND m.held_on >= $2 AND m.held_on <= $3";
  sql += kOpenFamily;
  std::vector<Value> params{municipality_id, std::string(from_date), std::string(to_date)};
  add_coordinator(sql, params, coordinator_id);
  sql += " ORDER BY m.held_on, m.starts_at, f.name_sort, m.id";
  auto rows = c.query(sql, params);
  if (!rows) return pass(rows);
  std::vector<UpcomingMeeting> out;
  for (const auto& r : *rows)
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.integer(6) != 0});
  return out;
}

}  // namespace kp::families
