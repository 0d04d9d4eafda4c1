#include "families/progress_store.hpp"

#include "core/ids.hpp"

namespace kp::families {

using store::Value;

Result<std::vector<ProgressGoal>> progress_goals(store::Conn& c, const std::string& family_id) {
  auto rows = c.query(
      "SELECT id, area, own_area, text, status FROM goals WHERE family_id = $1 ORDER BY position, created_at, id",
      {family_id});
  if (!rows) return pass(rows);
  std::vector<ProgressGoal> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(ProgressGoal{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4)});
  return out;
}

Result<std::vector<ProgressScore>> progress_scores(store::Conn& c, const std::string& family_id) {
  auto rows = c.query(
      "SELECT goal_id, assessed_on, family_score, coordinator_score, recorded_at FROM progress_scores "
      "WHERE family_id = $1 ORDER BY assessed_on, recorded_at, id",
      {family_id});
  if (!rows) return pass(rows);
  std::vector<ProgressScore> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    ProgressScore s;
    s.goal_id = r.text(0);
    s.assessed_on = r.text(1);
    s.family_score = static_cast<int>(r.integer(2));
    if (auto v = r.opt_integer(3)) s.coordinator_score = static_cast<int>(*v);
    s.recorded_at = r.integer(4);
    out.push_back(std::move(s));
  }
  return out;
}

Status record_scores(store::Conn& c, const std::string& municipality_id, const std::string& family_id,
                     const std::vector<ProgressScore>& scores, const std::string& by, UnixSeconds now) {
  for (const auto& s : scores) {
    auto d = c.exec("DELETE FROM progress_scores WHERE family_id = $1 AND goal_id = $2 AND assessed_on = $3",
                    {family_id, s.goal_id, s.assessed_on});
    if (!d) return pass(d);
    const Value coordinator = s.coordinator_score ? Value(std::int64_t{*s.coordinator_score}) : Value(nullptr);
    auto n = c.exec(
        "INSERT INTO progress_scores (id, municipality_id, family_id, goal_id, assessed_on, family_score, "
        "coordinator_score, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {ids::new_uuid(), municipality_id, family_id, s.goal_id, s.assessed_on, std::int64_t{s.family_score},
         coordinator, by, now});
    if (!n) return pass(n);
  }
  return {};
}

Result<std::vector<ProgressIndicators>> progress_indicators(store::Conn& c, const std::string& family_id) {
  auto rows = c.query(
      "SELECT measured_on, moves_since_start, parents_in_work_or_activity, school_attendance_percent, recorded_at "
      "FROM progress_indicators WHERE family_id = $1 ORDER BY measured_on, recorded_at, id",
      {family_id});
  if (!rows) return pass(rows);
  std::vector<ProgressIndicators> out;
  out.reserve(rows->size());
  for (const auto& r : *rows)
    out.push_back(ProgressIndicators{r.text(0), r.opt_integer(1), r.opt_integer(2), r.opt_integer(3), r.integer(4)});
  return out;
}

Status record_indicators(store::Conn& c, const std::string& municipality_id, const std::string& family_id,
                         const ProgressIndicators& ind, const std::string& by, UnixSeconds now) {
  auto d = c.exec("DELETE FROM progress_indicators WHERE family_id = $1 AND measured_on = $2",
                  {family_id, ind.measured_on});
  if (!d) return pass(d);
  auto n = c.exec(
      "INSERT INTO progress_indicators (id, municipality_id, family_id, measured_on, moves_since_start, "
      "parents_in_work_or_activity, school_attendance_percent, recorded_by, recorded_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {ids::new_uuid(), municipality_id, family_id, ind.measured_on, store::nullable(ind.moves_since_start),
       store::nullable(ind.parents_in_work_or_activity), store::nullable(ind.school_attendance_percent), by, now});
  if (!n) return pass(n);
  return {};
}

Result<std::vector<IncomeYear>> income_years(store::Conn& c, const std::string& family_id) {
  auto rows = c.query(
      "SELECT i.year, i.income_after_tax, i.adults, i.children, COALESCE(u.display_name, ''), i.recorded_at "
      "FROM family_income i LEFT JOIN users u ON u.id = i.recorded_by WHERE i.family_id = $1 ORDER BY i.year",
      {family_id});
  if (!rows) return pass(rows);
  std::vector<IncomeYear> out;
  out.reserve(rows->size());
  for (const auto& r : *rows)
    out.push_back(IncomeYear{static_cast<int>(r.integer(0)), r.integer(1), static_cast<int>(r.integer(2)),
                             static_cast<int>(r.integer(3)), r.text(4), r.integer(5)});
  return out;
}

Status record_income(store::Conn& c, const std::string& municipality_id, const std::string& family_id,
                     const IncomeYear& y, const std::string& by, UnixSeconds now) {
  auto n = c.exec(
      "INSERT INTO family_income (family_id, year, municipality_id, income_after_tax, adults, children, recorded_by, "
      "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (family_id, year) DO UPDATE SET "
      "income_after_tax = excluded.income_after_tax, adults = excluded.adults, children = excluded.children, "
      "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
      {family_id, std::int64_t{y.year}, municipality_id, y.income_after_tax_ore, std::int64_t{y.adults},
       std::int64_t{y.children}, by, now});
  if (!n) return pass(n);
  return {};
}

}  // namespace kp::families
