#include <gtest/gtest.h>

#include <vector>

#include "core/money.hpp"
#include "families/low_income.hpp"

using namespace kp::families;

namespace {

constexpr std::int64_t kKr = 100;  // øre per krone

// Round figures instead of the defaults, so that the arithmetic below stays readable:
// lines (60 %) of 228 000, 234 000 and 240 000 kr.
LowIncomeSettings test_settings() {
  LowIncomeSettings s;
  s.median_ore_per_unit_by_year = {{2022, 380'000 * kKr}, {2023, 390'000 * kKr}, {2024, 400'000 * kKr}};
  return s;
}

}  // namespace

TEST(ConsumptionUnits, ModifiedOecdScale) {
  EXPECT_DOUBLE_EQ(consumption_units(1, 0).value(), 1.0);
  EXPECT_DOUBLE_EQ(consumption_units(1, 1).value(), 1.3);  // 1 + 0.3
  EXPECT_DOUBLE_EQ(consumption_units(2, 0).value(), 1.5);  // 1 + 0.5
  EXPECT_DOUBLE_EQ(consumption_units(2, 2).value(), 2.1);  // 1 + 0.5 + 2 × 0.3
  EXPECT_DOUBLE_EQ(consumption_units(3, 0).value(), 2.0);  // 1 + 2 × 0.5
  EXPECT_DOUBLE_EQ(consumption_units(1, 5).value(), 2.5);  // 1 + 5 × 0.3
}

TEST(ConsumptionUnits, AHouseholdNeedsAnAdult) {
  EXPECT_EQ(consumption_units(0, 2).error().message, "A household needs at least one adult");
  EXPECT_EQ(consumption_units(0, 0).error().message, "A household needs at least one adult");
  EXPECT_EQ(consumption_units(-1, 2).error().message, "The number of adults and children cannot be negative");
  EXPECT_EQ(consumption_units(1, -1).error().message, "The number of adults and children cannot be negative");
  EXPECT_EQ(consumption_units(50, 50).error().message, "The household is too large");
}

TEST(CheckYear, TwoAdultsTwoChildren) {
  // 500 000 kr / 2.1 units = 238 095.238… kr per unit → 23 809 524 øre, below 240 000 kr.
  auto r = check_year({2024, 500'000 * kKr, 2, 2}, test_settings());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->year, 2024);
  EXPECT_DOUBLE_EQ(r->units, 2.1);
  EXPECT_EQ(r->income_per_unit_ore, 23'809'524);
  EXPECT_EQ(r->median_ore, 400'000 * kKr);
  EXPECT_EQ(r->line_ore, 240'000 * kKr);
  EXPECT_EQ(r->below, true);

  // 504 000 kr / 2.1 = exactly 240 000 kr: on the line is not below it.
  r = check_year({2024, 504'000 * kKr, 2, 2}, test_settings());
  EXPECT_EQ(r->income_per_unit_ore, 240'000 * kKr);
  EXPECT_EQ(r->below, false);
}

TEST(CheckYear, SingleParentAndOneChild) {
  // 1.3 units; 300 000 kr / 1.3 = 230 769.23 kr, below 234 000 kr (2023's line).
  const auto r = check_year({2023, 300'000 * kKr, 1, 1}, test_settings());
  EXPECT_EQ(r->income_per_unit_ore, 23'076'923);
  EXPECT_EQ(r->line_ore, 234'000 * kKr);
  EXPECT_EQ(r->below, true);
}

TEST(CheckYear, OneOreMatters) {
  EXPECT_EQ(check_year({2024, 240'000 * kKr, 1, 0}, test_settings())->below, false);
  EXPECT_EQ(check_year({2024, 240'000 * kKr - 1, 1, 0}, test_settings())->below, true);
}

TEST(CheckYear, NegativeIncomeIsBelowTheLine) {
  // −10 000 kr / 1.5 = −6 666.67 kr; rounding goes away from zero.
  const auto r = check_year({2024, -10'000 * kKr, 2, 0}, test_settings());
  EXPECT_EQ(r->income_per_unit_ore, -666'667);
  EXPECT_EQ(r->below, true);
}

TEST(CheckYear, UnknownMedianGivesNoVerdict) {
  const auto r = check_year({2018, 100'000 * kKr, 1, 0}, test_settings());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->income_per_unit_ore, 100'000 * kKr);
  EXPECT_FALSE(r->median_ore.has_value());
  EXPECT_FALSE(r->line_ore.has_value());
  EXPECT_FALSE(r->below.has_value());
}

TEST(CheckYear, InvalidHouseholdsAreErrors) {
  EXPECT_FALSE(check_year({2024, 100'000 * kKr, 0, 3}, test_settings()).has_value());
  EXPECT_EQ(check_year({2024, kp::kMaxNokOre + 1, 1, 0}, test_settings()).error().field, "income_after_tax");
  EXPECT_FALSE(check_year({2024, -kp::kMaxNokOre - 1, 1, 0}, test_settings()).has_value());
  EXPECT_TRUE(check_year({2024, kp::kMaxNokOre, 1, 0}, test_settings()).has_value());
}

TEST(CountMembers, AgeOnTheLastDayOfTheYear) {
  const LowIncomeSettings s;
  const std::vector<kp::CivilDate> family = {{1985, 4, 2}, {1987, 9, 30}, {2010, 1, 1}, {2016, 12, 31}};
  const auto m = count_members(family, 2024, s);
  EXPECT_EQ(m.adults, 2);
  EXPECT_EQ(m.children, 2);

  // Turning 18 during the year makes an adult for that year; 17 on 31 December is a child.
  const std::vector<kp::CivilDate> teens = {{1980, 1, 1}, {2006, 12, 31}, {2007, 1, 1}};
  EXPECT_EQ(count_members(teens, 2024, s).adults, 2);
  EXPECT_EQ(count_members(teens, 2024, s).children, 1);
  // Someone born after the year is not counted for it.
  const std::vector<kp::CivilDate> later = {{1980, 1, 1}, {2025, 3, 1}};
  EXPECT_EQ(count_members(later, 2024, s).children, 0);

  LowIncomeSettings eurostat;
  eurostat.child_age_limit = 14;
  EXPECT_EQ(count_members(family, 2024, eurostat).adults, 3);  // the 14-year-old
}

TEST(CountMembers, TheOldestHeadsAHouseholdOfMinors) {
  // A 17-year-old mother and her baby: 1.0 + 0.3, not an error.
  const std::vector<kp::CivilDate> young = {{2007, 5, 1}, {2024, 2, 1}};
  const auto m = count_members(young, 2024, LowIncomeSettings{});
  EXPECT_EQ(m.adults, 1);
  EXPECT_EQ(m.children, 1);
  EXPECT_DOUBLE_EQ(consumption_units(m.adults, m.children).value(), 1.3);
  EXPECT_EQ(count_members({}, 2024, LowIncomeSettings{}).adults, 0);
}

TEST(PersistentLowIncome, AverageOfThreeYearsAgainstAverageLine) {
  // One adult. Per unit: 250 000 (above 228 000), 220 000 and 225 000 kr (below 234 000 and
  // 240 000): average 231 666.67 kr < average line (228 000 + 234 000 + 240 000) / 3 = 234 000.
  const std::vector<HouseholdYear> years = {
      {2022, 250'000 * kKr, 1, 0}, {2023, 220'000 * kKr, 1, 0}, {2024, 225'000 * kKr, 1, 0}};
  EXPECT_EQ(persistent_low_income(years, test_settings()), true);

  // Below the line in two of three years, yet the average of 240 000 kr is above 234 000.
  const std::vector<HouseholdYear> better = {
      {2024, 230'000 * kKr, 1, 0}, {2022, 260'000 * kKr, 1, 0}, {2023, 230'000 * kKr, 1, 0}};
  EXPECT_EQ(persistent_low_income(better, test_settings()), false);

  // Household size may change between years: 2 + 2 (2.1 units) in 2024 with 480 000 kr =
  // 228 571.43 kr per unit; with the two years above, the average is 226 190.48 < 234 000.
  const std::vector<HouseholdYear> grown = {
      {2022, 250'000 * kKr, 1, 0}, {2023, 200'000 * kKr, 1, 0}, {2024, 480'000 * kKr, 2, 2}};
  EXPECT_EQ(persistent_low_income(grown, test_settings()), true);
}

TEST(PersistentLowIncome, NeedsTheLatestThreeYearsKnown) {
  const auto s = test_settings();
  const HouseholdYear y21{2021, 100'000 * kKr, 1, 0}, y22{2022, 100'000 * kKr, 1, 0},
      y23{2023, 100'000 * kKr, 1, 0}, y24{2024, 100'000 * kKr, 1, 0}, y25{2025, 100'000 * kKr, 1, 0};
  EXPECT_EQ(persistent_low_income(std::vector<HouseholdYear>{}, s), std::nullopt);
  EXPECT_EQ(persistent_low_income(std::vector{y23, y24}, s), std::nullopt);
  EXPECT_EQ(persistent_low_income(std::vector{y21, y22, y24}, s), std::nullopt);  // 2023 missing
  EXPECT_EQ(persistent_low_income(std::vector{y22, y23, y24, y24}, s), std::nullopt);  // twice
  EXPECT_EQ(persistent_low_income(std::vector{y23, y24, y25}, s), std::nullopt);  // no 2025 median
  EXPECT_EQ(persistent_low_income(std::vector{y21, y22, y23, y24}, s), true);  // 2021 not needed
  const HouseholdYear invalid{2023, 100'000 * kKr, 0, 2};
  EXPECT_EQ(persistent_low_income(std::vector{y22, invalid, y24}, s), std::nullopt);
}

TEST(DefaultMedians, PlausibleAndRising) {
  const auto medians = default_medians();
  ASSERT_EQ(medians.size(), 8u);
  EXPECT_EQ(medians.begin()->first, 2019);
  EXPECT_EQ(medians.rbegin()->first, 2026);
  std::int64_t previous = 0;
  for (const auto& [year, ore] : medians) {
    EXPECT_GT(ore, previous) << year;
    EXPECT_GT(ore, 300'000 * kKr);
    EXPECT_LT(ore, 600'000 * kKr);
    previous = ore;
  }
  EXPECT_EQ(LowIncomeSettings{}.median_ore_per_unit_by_year, medians);
}
