#include "auth/throttle.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace kp::auth {
namespace {

constexpr UnixSeconds kStart = 1'800'000'000;

class ThrottleTest : public ::testing::Test {
 protected:
  ManualClock clock{kStart};
  LoginThrottle throttle{clock};

  void fail(int times, std::string_view account, std::string_view address = "192.0.2.10") {
    for (int i = 0; i < times; ++i) throttle.record_failure(account, address);
  }
};

TEST_F(ThrottleTest, FiveFailuresLockTheAccount) {
  fail(4, "kari");
  EXPECT_EQ(throttle.retry_after("kari", "192.0.2.10"), 0);
  fail(1, "kari");
  EXPECT_EQ(throttle.retry_after("kari", "192.0.2.10"), 60);
  // The lock is on the account, whatever the address and however the name is typed.
  EXPECT_EQ(throttle.retry_after(" KARI ", "198.51.100.7"), 60);
  // Other accounts from the same address are unaffected.
  EXPECT_EQ(throttle.retry_after("ola", "192.0.2.10"), 0);
  clock.advance(59);
  EXPECT_EQ(throttle.retry_after("kari", "192.0.2.10"), 1);
}

TEST_F(ThrottleTest, BackOffDoublesAndIsCapped) {
  fail(5, "kari");
  std::vector<std::int64_t> waits;
  for (int i = 0; i < 7; ++i) {
    const std::int64_t wait = throttle.retry_after("kari", "192.0.2.10");
    waits.push_back(wait);
    clock.advance(wait);
    EXPECT_EQ(throttle.retry_after("kari", "192.0.2.10"), 0);
    fail(1, "kari", "198.51.100." + std::to_string(i));  // a new address each time
  }
  EXPECT_EQ(waits, (std::vector<std::int64_t>{60, 120, 240, 480, 900, 900, 900}));
}

TEST_F(ThrottleTest, OnlyFailuresWithinTheWindowCount) {
  for (int i = 0; i < 4; ++i) {
    fail(1, "kari");
    clock.advance(4 * 60);
  }
  // The first failure is now 16 minutes old, so this is the fourth within 15 minutes.
  fail(1, "kari");
  EXPECT_EQ(throttle.retry_after("kari", "192.0.2.10"), 0);
  fail(1, "kari");
  EXPECT_GT(throttle.retry_after("kari", "192.0.2.10"), 0);
}

TEST_F(ThrottleTest, AfterALockEachFailureLocksAgainUntilAQuietWindow) {
  fail(5, "kari");
  clock.advance(60 + 10 * 60);  // the lock passed 10 minutes ago: not yet forgiven
  EXPECT_EQ(throttle.retry_after("kari", "192.0.2.10"), 0);
  fail(1, "kari");
  EXPECT_EQ(throttle.retry_after("kari", "192.0.2.10"), 120);
  clock.advance(120 + 15 * 60);  // a whole quiet window after the lock
  fail(4, "kari");
  EXPECT_EQ(throttle.retry_after("kari", "192.0.2.10"), 0);
  fail(1, "kari");
  EXPECT_EQ(throttle.retry_after("kari", "192.0.2.10"), 60);  // back to the first step
}

TEST_F(ThrottleTest, TwentyFailuresLockTheAddress) {
  for (int i = 0; i < 19; ++i) fail(1, "user" + std::to_string(i));
  EXPECT_EQ(throttle.retry_after("someone-new", "192.0.2.10"), 0);
  fail(1, "user19");
  EXPECT_EQ(throttle.retry_after("someone-new", "192.0.2.10"), 60);
  EXPECT_EQ(throttle.retry_after("someone-new", "192.0.2.11"), 0);
  clock.advance(60);
  EXPECT_EQ(throttle.retry_after("someone-new", "192.0.2.10"), 0);
}

TEST_F(ThrottleTest, SuccessResetsTheAccountButNotTheAddress) {
  fail(4, "kari");
  throttle.record_success("Kari");
  fail(4, "kari");
  EXPECT_EQ(throttle.retry_after("kari", "192.0.2.10"), 0);
  fail(1, "kari");
  EXPECT_EQ(throttle.retry_after("kari", "192.0.2.10"), 60);

  // The address has 9 failures; a success does not clear them.
  throttle.record_success("kari");
  for (int i = 0; i < 11; ++i) fail(1, "other" + std::to_string(i));
  EXPECT_EQ(throttle.retry_after("kari", "192.0.2.10"), 60);
}

TEST(ThrottleKeys, Ipv6IsThrottledPerSlash64) {
  EXPECT_EQ(LoginThrottle::address_key("2001:db8::1"), LoginThrottle::address_key("2001:db8::ff"));
  EXPECT_EQ(LoginThrottle::address_key("2001:db8::1"),
            LoginThrottle::address_key("2001:0DB8:0:0:1234::9"));
  EXPECT_NE(LoginThrottle::address_key("2001:db8::1"),
            LoginThrottle::address_key("2001:db8:0:1::1"));
  EXPECT_EQ(LoginThrottle::address_key("::ffff:192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(LoginThrottle::address_key("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(LoginThrottle::address_key("not an address"), "not an address");
  EXPECT_EQ(LoginThrottle::account_key("  Kari.Nordmann "), "kari.nordmann");
}

TEST(ThrottleMemory, IsBoundedAndSparesLockedEntries) {
  ManualClock clock(kStart);
  ThrottlePolicy policy;
  policy.max_entries = 10;
  LoginThrottle throttle(clock, policy);
  for (int i = 0; i < 5; ++i) throttle.record_failure("kari", "192.0.2.1");
  ASSERT_EQ(throttle.retry_after("kari", "192.0.2.2"), 60);
  // A flood of distinct names and addresses within the same minute.
  for (int i = 0; i < 1000; ++i)
    throttle.record_failure("flood" + std::to_string(i), "203.0.113." + std::to_string(i % 250));
  EXPECT_LE(throttle.size(), 2 * policy.max_entries);
  EXPECT_EQ(throttle.retry_after("kari", "192.0.2.2"), 60);
}

TEST(ThrottleMemory, StaleEntriesAreDroppedFirst) {
  ManualClock clock(kStart);
  ThrottlePolicy policy;
  policy.max_entries = 10;
  LoginThrottle throttle(clock, policy);
  for (int i = 0; i < 10; ++i) throttle.record_failure("old" + std::to_string(i), "192.0.2.1");
  clock.advance(policy.window_seconds);
  throttle.record_failure("new", "192.0.2.2");
  EXPECT_EQ(throttle.size(), 2u + 1u);  // "new" and its address, and the old address
}

TEST(ThrottleThreads, ConcurrentFailuresAreAllCounted) {
  ManualClock clock(kStart);
  LoginThrottle throttle(clock);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i)
        throttle.record_failure("user" + std::to_string(t) + "-" + std::to_string(i % 50),
                                "192.0.2." + std::to_string(t));
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(throttle.size(), 4u * 50 + 4);
  EXPECT_GT(throttle.retry_after("user0-0", "198.51.100.1"), 0);
  EXPECT_GT(throttle.retry_after("nobody", "192.0.2.3"), 0);
}

}  // namespace
}  // namespace kp::auth
