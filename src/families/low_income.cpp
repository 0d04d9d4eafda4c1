#include "families/low_income.hpp"

#include <algorithm>

#include "core/money.hpp"

namespace kp::families {

namespace {

// More members than this is a typing error, and it keeps the arithmetic far from overflow.
constexpr int kMaxMembers = 99;

// Consumption units in tenths, so that incomes are divided exactly in integers.
Result<std::int64_t> units_tenths(int adults, int children) {
  if (adults < 0 || children < 0)
    return invalid(N_("The number of adults and children cannot be negative"), "household");
  if (adults == 0) return invalid(N_("A household needs at least one adult"), "household");
  if (adults + children > kMaxMembers) return invalid(N_("The household is too large"), "household");
  return 10 + 5 * std::int64_t{adults - 1} + 3 * std::int64_t{children};
}

// a / b rounded to the nearest integer, halves away from zero; b > 0.
std::int64_t divide_rounded(std::int64_t a, std::int64_t b) {
  return a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b);
}

std::optional<std::int64_t> median_for(int year, const LowIncomeSettings& settings) {
  const auto it = settings.median_ore_per_unit_by_year.find(year);
  if (it == settings.median_ore_per_unit_by_year.end() || it->second <= 0 || it->second > kMaxNokOre)
    return std::nullopt;
  return it->second;
}

}  // namespace

std::map<int, std::int64_t> default_medians() {
  // Kroner per consumption unit; see the header: illustrative, to be checked by an operator.
  const std::map<int, std::int64_t> kroner = {
      {2019, 387'000}, {2020, 398'000}, {2021, 417'000}, {2022, 432'000},
      {2023, 448'000}, {2024, 465'000}, {2025, 480'000}, {2026, 494'000},
  };
  std::map<int, std::int64_t> ore;
  for (const auto& [year, kr] : kroner) ore.emplace(year, kr * 100);
  return ore;
}

HouseholdMembers count_members(std::span<const CivilDate> birth_dates, int year,
                               const LowIncomeSettings& settings) {
  HouseholdMembers m;
  for (const CivilDate& birth : birth_dates) {
    if (birth.year > year) continue;
    // On 31 December everyone born in the year has had their birthday.
    if (year - birth.year < settings.child_age_limit)
      ++m.children;
    else
      ++m.adults;
  }
  if (m.adults == 0 && m.children > 0) {
    m.adults = 1;
    --m.children;
  }
  return m;
}

Result<double> consumption_units(int adults, int children) {
  const auto tenths = units_tenths(adults, children);
  if (!tenths) return pass(tenths);
  return static_cast<double>(*tenths) / 10.0;
}

Result<LowIncomeResult> check_year(const HouseholdYear& household, const LowIncomeSettings& settings) {
  const auto tenths = units_tenths(household.adults, household.children);
  if (!tenths) return pass(tenths);
  if (household.income_after_tax_ore > kMaxNokOre || household.income_after_tax_ore < -kMaxNokOre)
    return invalid(N_("The amount is too large"), "income_after_tax");

  LowIncomeResult r;
  r.year = household.year;
  r.units = static_cast<double>(*tenths) / 10.0;
  r.income_per_unit_ore = divide_rounded(household.income_after_tax_ore * 10, *tenths);
  r.median_ore = median_for(household.year, settings);
  if (r.median_ore) {
    r.line_ore = divide_rounded(*r.median_ore * 6, 10);
    r.below = r.income_per_unit_ore < *r.line_ore;
  }
  return r;
}

std::optional<bool> persistent_low_income(std::span<const HouseholdYear> years,
                                          const LowIncomeSettings& settings) {
  if (years.empty()) return std::nullopt;
  int latest = years.front().year;
  for (const HouseholdYear& y : years) latest = std::max(latest, y.year);

  // Comparing the sums is comparing the averages: both sides have three terms.
  std::int64_t income_sum = 0, line_sum = 0;
  for (int year = latest - 2; year <= latest; ++year) {
    const HouseholdYear* found = nullptr;
    for (const HouseholdYear& y : years) {
      if (y.year != year) continue;
      if (found) return std::nullopt;
      found = &y;
    }
    if (!found) return std::nullopt;
    const auto r = check_year(*found, settings);
    if (!r || !r->line_ore) return std::nullopt;
    income_sum += r->income_per_unit_ore;
    line_sum += *r->line_ore;
  }
  return income_sum < line_sum;
}

}  // namespace kp::families
