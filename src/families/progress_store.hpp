// SQL of the family's progress: goals (read only), self-assessments, indicators and income.
// Functions take a store::Conn so callers put the change and its audit record in one
// transaction.
#pragma once
#include <string>
#include <vector>

#include "core/result.hpp"
#include "families/progress.hpp"
#include "store/database.hpp"

namespace kp::families {

// Every goal of the family (any status), in the plan's order.
Result<std::vector<ProgressGoal>> progress_goals(store::Conn& c, const std::string& family_id);

// Every assessment of the family, oldest first (by date, then by when it was recorded).
Result<std::vector<ProgressScore>> progress_scores(store::Conn& c, const std::string& family_id);
// Records the assessments (all of one date). An assessment of the same goal on the same date
// is replaced: the form corrects that day's answer rather than adding a second one.
Status record_scores(store::Conn& c, const std::string& municipality_id, const std::string& family_id,
                     const std::vector<ProgressScore>& scores, const std::string& by, UnixSeconds now);

// Every indicator measurement of the family, oldest first.
Result<std::vector<ProgressIndicators>> progress_indicators(store::Conn& c, const std::string& family_id);
// Records indicators at a date; a measurement on the same date is replaced.
Status record_indicators(store::Conn& c, const std::string& municipality_id, const std::string& family_id,
                         const ProgressIndicators& ind, const std::string& by, UnixSeconds now);

// The family's income per year, oldest first.
Result<std::vector<IncomeYear>> income_years(store::Conn& c, const std::string& family_id);
// Inserts or replaces the family's income for `y.year`.
Status record_income(store::Conn& c, const std::string& municipality_id, const std::string& family_id,
                     const IncomeYear& y, const std::string& by, UnixSeconds now);

}  // namespace kp::families
