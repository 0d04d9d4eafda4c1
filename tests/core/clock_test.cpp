#include <gtest/gtest.h>

#include "core/clock.hpp"

using namespace kp;

TEST(Oslo, WinterIsUtcPlusOneAndSummerUtcPlusTwo) {
  // 2026-01-15 12:00 UTC → 13:00 in Oslo; 2026-07-15 12:00 UTC → 14:00.
  auto w = to_oslo(days_from_civil({2026, 1, 15}) * 86400 + 12 * 3600);
  EXPECT_EQ(w.hour, 13);
  auto s = to_oslo(days_from_civil({2026, 7, 15}) * 86400 + 12 * 3600);
  EXPECT_EQ(s.hour, 14);
}

TEST(Oslo, DaylightSavingSwitchesOnTheLastSundays) {
  // 2026-03-29 01:00 UTC summer time starts; 2026-10-25 01:00 UTC it ends.
  const UnixSeconds start = days_from_civil({2026, 3, 29}) * 86400 + 3600;
  EXPECT_EQ(to_oslo(start - 1).hour, 1);
  EXPECT_EQ(to_oslo(start).hour, 3);
  const UnixSeconds end = days_from_civil({2026, 10, 25}) * 86400 + 3600;
  EXPECT_EQ(to_oslo(end - 1).hour, 2);
  EXPECT_EQ(to_oslo(end).hour, 2);
  LocalDateTime l{{2026, 6, 1}, 17, 30, 0};
  EXPECT_EQ(to_oslo(from_oslo(l)).hour, 17);
}

TEST(Dates, ParseRejectsImpossibleDates) {
  CivilDate d;
  EXPECT_TRUE(parse_iso_date("2028-02-29", d));
  EXPECT_FALSE(parse_iso_date("2027-02-29", d));
  EXPECT_FALSE(parse_iso_date("2027-13-01", d));
  EXPECT_FALSE(parse_iso_date("27-01-01", d));
  EXPECT_FALSE(parse_iso_date("2027-01-1x", d));
  EXPECT_EQ(iso_weekday({2026, 11, 24}), 2);  // a Tuesday
  EXPECT_EQ(format_utc_iso(0), "1970-01-01T00:00:00Z");
}

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock c(1000);
  EXPECT_EQ(c.now(), 1000);
  c.advance(60);
  EXPECT_EQ(c.now(), 1060);
}
