#include "auth/sessions.hpp"

#include <gtest/gtest.h>

#include "auth/auth_test_db.hpp"
#include "core/crypto.hpp"

namespace kp::auth {
namespace {

class SessionsTest : public test::AuthDbTest {
 protected:
  void SetUp() override {
    AuthDbTest::SetUp();
    user = make_user("kari.nordmann");
  }
  std::string start(bool second_factor_done = true) {
    auto token = create_session(*db, clock, user.id, second_factor_done);
    EXPECT_TRUE(token);
    return token ? *token : std::string();
  }
  std::int64_t count() { return rows("SELECT COUNT(*) FROM sessions")[0].integer(0); }

  User user;
};

TEST_F(SessionsTest, TokenIsNeverStoredInClear) {
  const std::string token = start();
  EXPECT_GE(token.size(), 43u);  // 32 random bytes, base64url
  auto stored = rows(
      "SELECT token_hash, user_id, created_at, last_seen_at, second_factor_done FROM sessions");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].text(0), kp::crypto::sha256_hex(token));
  for (size_t i = 0; i < stored[0].size(); ++i)
    EXPECT_EQ(stored[0].text(i).find(token), std::string::npos);
  EXPECT_EQ(stored[0].text(1), user.id);
  EXPECT_EQ(stored[0].integer(2), test::kStart);
  EXPECT_EQ(stored[0].integer(4), 1);
  EXPECT_NE(start(), token);  // fresh randomness each time
}

TEST_F(SessionsTest, LookupReturnsSessionAndUser) {
  const std::string token = start(false);
  auto s = lookup_session(*db, clock, token);
  ASSERT_TRUE(s) << s.error().message << s.error().detail;
  EXPECT_EQ(s->user.id, user.id);
  EXPECT_EQ(s->user.username, "kari.nordmann");
  EXPECT_EQ(s->user.roles, std::vector<Role>{Role::editor});
  EXPECT_EQ(s->session.user_id, user.id);
  EXPECT_FALSE(s->session.second_factor_done);
  EXPECT_EQ(s->session.created_at, test::kStart);

  for (const char* bad : {"", "nonsense", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    EXPECT_EQ(lookup_session(*db, clock, bad).error().kind, ErrorKind::not_found);
  EXPECT_EQ(lookup_session(*db, clock, std::string(10000, 'A')).error().kind, ErrorKind::not_found);
}

TEST_F(SessionsTest, IdleExpiryDeletesTheRow) {
  const std::string token = start();
  clock.advance(30 * 60);
  EXPECT_TRUE(lookup_session(*db, clock, token));  // exactly 30 minutes idle: still alive
  clock.advance(30 * 60 + 1);
  auto s = lookup_session(*db, clock, token);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::not_found);
  EXPECT_EQ(count(), 0);
}

TEST_F(SessionsTest, ActivityKeepsTheSessionAliveUntilTheAbsoluteLimit) {
  const std::string token = start();
  for (int i = 0; i < 12 * 3; ++i) {  // a request every 20 minutes for 12 hours
    clock.advance(20 * 60);
    ASSERT_TRUE(lookup_session(*db, clock, token)) << "after " << (i + 1) * 20 << " min";
  }
  clock.advance(1);  // 12 h + 1 s after login
  EXPECT_FALSE(lookup_session(*db, clock, token));
  EXPECT_EQ(count(), 0);
}

TEST_F(SessionsTest, PolicyIsAParameter) {
  const std::string token = start();
  SessionPolicy strict;
  strict.idle_seconds = 60;
  clock.advance(61);
  EXPECT_TRUE(lookup_session(*db, clock, token, SessionPolicy{}));
  clock.advance(61);
  EXPECT_FALSE(lookup_session(*db, clock, token, strict));
}

TEST_F(SessionsTest, LastSeenIsWrittenAtMostOncePerMinute) {
  const std::string token = start();
  auto last_seen = [&] { return rows("SELECT last_seen_at FROM sessions")[0].integer(0); };
  clock.advance(30);
  ASSERT_TRUE(lookup_session(*db, clock, token));
  EXPECT_EQ(last_seen(), test::kStart);
  clock.advance(30);
  auto s = lookup_session(*db, clock, token);
  ASSERT_TRUE(s);
  EXPECT_EQ(last_seen(), test::kStart + 60);
  EXPECT_EQ(s->session.last_seen_at, test::kStart + 60);
  clock.advance(59);
  ASSERT_TRUE(lookup_session(*db, clock, token));
  EXPECT_EQ(last_seen(), test::kStart + 60);
}

TEST_F(SessionsTest, DisabledUsersHaveNoSession) {
  const std::string token = start();
  ASSERT_TRUE(db->with_write([&](store::Conn& c) -> Status {
    // Directly, so the session row survives and lookup itself must refuse it.
    KP_TRY(c.exec("UPDATE users SET disabled = 1 WHERE id = $1", {user.id}));
    return {};
  }));
  EXPECT_FALSE(lookup_session(*db, clock, token));
  EXPECT_EQ(count(), 0);
}

TEST_F(SessionsTest, SecondFactorReplacesTheToken) {
  const std::string token = start(false);
  clock.advance(10);
  auto fresh = mark_second_factor_done(*db, clock, token);
  ASSERT_TRUE(fresh);
  EXPECT_NE(*fresh, token);
  EXPECT_FALSE(lookup_session(*db, clock, token));
  auto s = lookup_session(*db, clock, *fresh);
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->session.second_factor_done);
  EXPECT_EQ(s->session.created_at, test::kStart);  // the absolute limit still counts from login
  EXPECT_EQ(mark_second_factor_done(*db, clock, token).error().kind, ErrorKind::not_found);
}

TEST_F(SessionsTest, LogoutOneAndEverywhere) {
  const std::string a = start(), b = start(), c = start();
  User other = make_user("ola.nordmann");
  auto theirs = create_session(*db, clock, other.id, true);
  ASSERT_TRUE(theirs);

  ASSERT_TRUE(delete_session(*db, a));
  EXPECT_FALSE(lookup_session(*db, clock, a));
  EXPECT_TRUE(lookup_session(*db, clock, b));
  EXPECT_TRUE(delete_session(*db, "unknown-token"));

  auto n = delete_all_sessions(*db, user.id);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2);
  EXPECT_FALSE(lookup_session(*db, clock, b));
  EXPECT_FALSE(lookup_session(*db, clock, c));
  EXPECT_TRUE(lookup_session(*db, clock, *theirs));
}

TEST_F(SessionsTest, PurgeExpired) {
  const std::string old_idle = start();
  clock.advance(20 * 60);
  const std::string recent = start();
  clock.advance(11 * 60);  // old_idle is 31 min idle, recent 11 min
  auto n = purge_expired(*db, clock.now());
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_TRUE(lookup_session(*db, clock, recent));

  // Absolute expiry even for a session that was just used.
  ASSERT_TRUE(db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(c.exec("UPDATE sessions SET created_at = $1", {clock.now() - 12 * 3600 - 1}));
    return {};
  }));
  n = purge_expired(*db, clock.now());
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(count(), 0);
}

}  // namespace
}  // namespace kp::auth
