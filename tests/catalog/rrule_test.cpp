#include <gtest/gtest.h>

#include "catalog/rrule.hpp"

using namespace kp;
using namespace kp::catalog;

namespace {
Schedule weekly(std::string rule, CivilDate start, std::optional<CivilDate> end = {}) {
  Schedule s;
  s.starts_on = start;
  s.ends_on = end;
  s.rrule = std::move(rule);
  return s;
}
}  // namespace

TEST(RRule, ParsesAndFormatsTheSupportedSubset) {
  auto r = parse_rrule("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270620");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->interval, 2);
  ASSERT_EQ(r->byday.size(), 2u);
  EXPECT_EQ(format_rrule(*r), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270620");
  EXPECT_TRUE(parse_rrule("FREQ=MONTHLY;BYDAY=-1FR"));
}

TEST(RRule, RejectsWhatItCannotHonour) {
  for (const char* bad : {"", "FREQ=HOURLY", "BYDAY=MO", "FREQ=WEEKLY;BYDAY=XX", "FREQ=WEEKLY;INTERVAL=0",
                          "FREQ=WEEKLY;COUNT=2;UNTIL=20270101", "FREQ=WEEKLY;BYSETPOS=1", "FREQ=WEEKLY;UNTIL=2027"}) {
    auto r = parse_rrule(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().field, "rrule");
    }
  }
}

TEST(RRule, WeeklyOccurrencesAndWeekdays) {
  // Tuesdays and Thursdays from Tuesday 2026-09-01 until 2026-12-10.
  Schedule s = weekly("FREQ=WEEKLY;BYDAY=TU,TH", {2026, 9, 1}, CivilDate{2026, 12, 10});
  EXPECT_TRUE(occurs_on(s, {2026, 9, 3}));
  EXPECT_FALSE(occurs_on(s, {2026, 9, 2}));
  EXPECT_FALSE(occurs_on(s, {2026, 12, 15}));  // after the end
  EXPECT_EQ(weekday_mask(s), (1u << 2) | (1u << 4));
  EXPECT_EQ(*next_occurrence(s, {2026, 11, 25}), (CivilDate{2026, 11, 26}));
  EXPECT_TRUE(occurs_between(s, {2026, 10, 1}, {2026, 10, 2}));
  EXPECT_FALSE(occurs_between(s, {2026, 10, 3}, {2026, 10, 5}));
}

TEST(RRule, EveryOtherWeekAndCount) {
  Schedule s = weekly("FREQ=WEEKLY;INTERVAL=2;COUNT=3", {2026, 9, 7});  // Mondays
  EXPECT_TRUE(occurs_on(s, {2026, 9, 7}));
  EXPECT_FALSE(occurs_on(s, {2026, 9, 14}));
  EXPECT_TRUE(occurs_on(s, {2026, 9, 21}));
  EXPECT_TRUE(occurs_on(s, {2026, 10, 5}));
  EXPECT_FALSE(occurs_on(s, {2026, 10, 19}));  // the fourth would exceed COUNT
}

TEST(RRule, OneOffDateAndShortDailySeries) {
  Schedule once = weekly("", {2027, 2, 20});
  EXPECT_TRUE(occurs_on(once, {2027, 2, 20}));
  EXPECT_FALSE(occurs_on(once, {2027, 2, 21}));
  EXPECT_EQ(weekday_mask(once), 1u << 6);  // a Saturday
  Schedule daily = weekly("FREQ=DAILY;UNTIL=20270703", {2027, 6, 28});  // Mon–Sat
  EXPECT_EQ(weekday_mask(daily), 0x7Eu);
  EXPECT_FALSE(occurs_on(daily, {2027, 7, 4}));
}

TEST(RRule, MonthlyAndYearlyDatesMoveThroughTheWeek) {
  Schedule monthly = weekly("FREQ=MONTHLY", {2026, 1, 15});
  EXPECT_EQ(weekday_mask(monthly), 0xFEu);  // the 15th falls on every weekday within a year
  Schedule every_other_day = weekly("FREQ=DAILY;INTERVAL=2;COUNT=30", {2026, 1, 15});
  EXPECT_EQ(weekday_mask(every_other_day), 0xFEu);
  Schedule yearly = weekly("FREQ=YEARLY", {2026, 1, 15});
  EXPECT_EQ(weekday_mask(yearly), (1u << 4) | (1u << 5));  // Thursday 2026, Friday 2027
}

TEST(RRule, LongAgoStartsAndCountsStayCorrect) {
  Schedule old = weekly("FREQ=WEEKLY;BYDAY=MO", {2015, 1, 5});
  EXPECT_EQ(*next_occurrence(old, {2026, 11, 24}), (CivilDate{2026, 11, 30}));
  Schedule counted = weekly("FREQ=DAILY;COUNT=1000", {2020, 1, 1});
  EXPECT_FALSE(occurs_between(counted, {2026, 1, 1}, {2027, 1, 1}));  // all 1000 days are past
  EXPECT_TRUE(occurs_on(counted, {2022, 9, 26}));                      // day 999
  EXPECT_FALSE(occurs_on(counted, {2022, 9, 27}));                     // day 1001
}
