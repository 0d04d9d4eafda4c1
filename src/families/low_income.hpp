// The EU-60 low-income measure that decides whether a family belongs to the target group
// "children in low-income families". Coordinators see the result as information only; it
// decides nothing by itself. Pure and thread-safe.
//
// A household's income after tax is divided by its consumption units (the modified OECD
// scale: the first adult 1.0, every other adult 0.5, every child 0.3) and compared with 60 %
// of the national median of that same per-unit income for the year. Money is in øre.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <span>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace kp::families {

// Illustrative national medians of income after tax per consumption unit (EU scale), in øre,
// 2019–2026: rounded approximations in the spirit of Statistics Norway's (SSB) published
// figures, NOT the official numbers, and the later years are guesses. An operator must check
// them against SSB's statistics (and add new years) in the settings before relying on them.
std::map<int, std::int64_t> default_medians();

struct LowIncomeSettings {
  // Members younger than this on 31 December of the income year count as children. 18
  // follows SSB's household statistics; Eurostat counts only those under 14 as children.
  int child_age_limit = 18;
  // Year → national median income after tax per consumption unit, in øre. Years not here
  // have no known line.
  std::map<int, std::int64_t> median_ore_per_unit_by_year = default_medians();
};

struct HouseholdYear {
  int year = 0;
  std::int64_t income_after_tax_ore = 0;  // the whole household's, may be negative
  int adults = 1;
  int children = 0;
};

struct HouseholdMembers {
  int adults = 0;
  int children = 0;
};

// Splits members by their age on 31 December of `year` (people born later are left out).
// When nobody has reached child_age_limit — a 17-year-old mother with her baby — the
// oldest counts as the adult, because the scale's first 1.0 belongs to whoever heads the
// household whatever their age.
HouseholdMembers count_members(std::span<const CivilDate> birth_dates, int year,
                               const LowIncomeSettings& settings);

// 1.0 + 0.5 × (adults − 1) + 0.3 × children. A household needs at least one adult; counts
// must not be negative.
Result<double> consumption_units(int adults, int children);

struct LowIncomeResult {
  int year = 0;
  double units = 0;
  std::int64_t income_per_unit_ore = 0;  // rounded to the nearest øre
  std::optional<std::int64_t> median_ore;  // nullopt: no median configured for the year
  std::optional<std::int64_t> line_ore;    // 60 % of the median, rounded to the nearest øre
  std::optional<bool> below;               // income per unit < line; nullopt without a median
};

// The EU-60 check for one year. Errors: no adult, negative counts, an income beyond
// ±kMaxNokOre.
Result<LowIncomeResult> check_year(const HouseholdYear& household, const LowIncomeSettings& settings);

// Persistent low income as SSB defines it: over the latest three consecutive years, the
// household's average income per consumption unit is below the average of those years' EU-60
// lines. Averaging lets one good or bad year count for a third, not decide alone. nullopt
// when the latest year's two predecessors are missing, a year appears twice, a year has no
// median, or a year's household is invalid.
std::optional<bool> persistent_low_income(std::span<const HouseholdYear> years,
                                          const LowIncomeSettings& settings);

}  // namespace kp::families
