// Progress of a family's follow-up: the family's 1–10 self-assessment per goal (and the
// coordinator's view), objective indicators at a date, and the household's income per year for
// the EU-60 low-income check. Plain data, no SQL, no HTML.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace kp::families {

// A goal of the family's plan as far as progress is concerned (the plan pages own goals;
// this is a read-only view with its own name so the two headers never clash).
struct ProgressGoal {
  std::string id;
  std::string area;      // housing, economy, work, health, participation, school, own
  std::string own_area;  // the family's name for an own area
  std::string text;
  std::string status;    // active, reached, dropped
  bool active() const { return status == "active"; }
};

inline constexpr int kScoreMin = 1;
inline constexpr int kScoreMax = 10;

// One goal's assessment at a date.
struct ProgressScore {
  std::string goal_id;
  std::string assessed_on;  // 'YYYY-MM-DD'
  int family_score = 0;     // kScoreMin … kScoreMax
  std::optional<int> coordinator_score;
  UnixSeconds recorded_at = 0;
};

// Objective indicators measured at a date; each may be left out.
struct ProgressIndicators {
  std::string measured_on;  // 'YYYY-MM-DD'
  std::optional<std::int64_t> moves_since_start;
  std::optional<std::int64_t> parents_in_work_or_activity;
  std::optional<std::int64_t> school_attendance_percent;  // 0 … 100
  UnixSeconds recorded_at = 0;
};

// The household's income after tax for one year, with its composition.
struct IncomeYear {
  int year = 0;
  std::int64_t income_after_tax_ore = 0;
  int adults = 1;
  int children = 0;
  std::string recorded_by_name;  // filled by reads
  UnixSeconds recorded_at = 0;
};

}  // namespace kp::families
