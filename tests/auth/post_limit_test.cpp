#include "auth/post_limit.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kp::auth {
namespace {

constexpr UnixSeconds kStart = 1'800'000'000;

TEST(PostLimit, TheFourthPostWithinAnHourIsRefusedAndAllowedAgainAnHourLater) {
  ManualClock clock(kStart);
  PostLimit limit(clock, 3);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limit.allow("198.51.100.7")) << i;
  EXPECT_FALSE(limit.allow("198.51.100.7"));
  EXPECT_TRUE(limit.allow("198.51.100.8"));  // another family's phone is not affected
  clock.advance(3600);
  EXPECT_TRUE(limit.allow("198.51.100.7"));
}

TEST(PostLimit, AFloodFromManyAddressesKeepsTheTableSmallAndForgetsQuietOnesFirst) {
  ManualClock clock(kStart);
  PostLimit limit(clock, 1, 3);
  EXPECT_TRUE(limit.allow("203.0.113.1"));
  clock.advance(3601);
  EXPECT_TRUE(limit.allow("203.0.113.2"));
  EXPECT_TRUE(limit.allow("203.0.113.3"));
  // Full: the address quiet for an hour is forgotten, the recent ones are still limited.
  EXPECT_TRUE(limit.allow("203.0.113.4"));
  EXPECT_FALSE(limit.allow("203.0.113.2"));
  EXPECT_FALSE(limit.allow("203.0.113.3"));
}

}  // namespace
}  // namespace kp::auth
