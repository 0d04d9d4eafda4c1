#include "auth/login.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "auth/auth_test_db.hpp"
#include "auth/totp.hpp"

namespace kp::auth {
namespace {

using Kind = LoginOutcome::Kind;
using CodeKind = CodeOutcome::Kind;
using test::kPassword;

constexpr const char* kAddress = "192.0.2.44";

class LoginTest : public test::AuthDbTest {
 protected:
  Kind login(std::string_view username, std::string_view password,
             std::string_view address = kAddress) {
    auto r = attempt_login(*db, clock, throttle, username, password, address);
    EXPECT_TRUE(r) << r.error().detail;
    last = r ? *r : LoginOutcome{};
    return last.kind;
  }
  CodeKind code(const User& u, std::string_view c) {
    auto r = verify_second_factor(*db, clock, throttle, u, c, kAddress);
    EXPECT_TRUE(r) << r.error().detail;
    return r ? r->kind : CodeKind::wrong_code;
  }
  // Enrols `u` with a fresh secret and returns the raw key.
  std::string enrol(const User& u) {
    const std::string secret = totp::new_secret();
    EXPECT_TRUE(enroll_totp(*db, u.id, secret));
    return *totp::base32_decode(secret);
  }
  std::string current_code(const std::string& key, int offset = 0) {
    return totp::code_at(key, totp::step_at(clock.now()) + offset);
  }

  LoginThrottle throttle{clock};
  LoginOutcome last;
};

TEST_F(LoginTest, CorrectPasswordLogsIn) {
  User u = make_user("kari.nordmann");
  EXPECT_EQ(login("Kari.Nordmann", kPassword), Kind::ok);
  ASSERT_TRUE(last.user);
  EXPECT_EQ(last.user->id, u.id);
}

TEST_F(LoginTest, WrongPasswordAndUnknownUserLookAlike) {
  make_user("kari.nordmann");
  EXPECT_EQ(login("kari.nordmann", "feil passord her"), Kind::bad_credentials);
  EXPECT_FALSE(last.user);
  EXPECT_EQ(login("ingen.slik", kPassword), Kind::bad_credentials);
  EXPECT_EQ(login("not a valid name!", kPassword), Kind::bad_credentials);
  EXPECT_EQ(login("kari.nordmann", ""), Kind::bad_credentials);
}

TEST_F(LoginTest, UnknownUsersCostAPasswordVerification) {
  login("ingen.slik", kPassword);  // makes the dummy hash
  const auto t0 = std::chrono::steady_clock::now();
  login("ingen.slik.heller", kPassword);
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  // argon2id with libsodium's interactive limits (64 MiB) cannot finish this fast.
  EXPECT_GT(elapsed, std::chrono::milliseconds(10));
}

TEST_F(LoginTest, FiveFailuresThrottleEvenTheRightPassword) {
  make_user("kari.nordmann");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(login("kari.nordmann", "feil passord her", "198.51.100." + std::to_string(i)),
              Kind::bad_credentials);
  EXPECT_EQ(login("kari.nordmann", kPassword, "203.0.113.9"), Kind::throttled);
  EXPECT_EQ(last.retry_after_seconds, 60);
  clock.advance(60);
  EXPECT_EQ(login("kari.nordmann", kPassword), Kind::ok);
  // The success reset the account.
  EXPECT_EQ(login("kari.nordmann", "feil passord her"), Kind::bad_credentials);
  EXPECT_EQ(login("kari.nordmann", kPassword), Kind::ok);
}

TEST_F(LoginTest, UnknownAccountsAreThrottledToo) {
  for (int i = 0; i < 5; ++i) login("ingen.slik", "feil passord her");
  EXPECT_EQ(login("ingen.slik", "feil passord her"), Kind::throttled);
}

TEST_F(LoginTest, DisabledIsToldOnlyWithTheRightPassword) {
  User u = make_user("kari.nordmann");
  ASSERT_TRUE(set_disabled(*db, u.id, true));
  EXPECT_EQ(login("kari.nordmann", "feil passord her"), Kind::bad_credentials);
  EXPECT_EQ(login("kari.nordmann", kPassword), Kind::disabled);
  EXPECT_FALSE(last.user);
}

TEST_F(LoginTest, RequiredButMissingTotpSendsToEnrolment) {
  User u = make_user("kari.nordmann", /*totp_required=*/true);
  EXPECT_EQ(login("kari.nordmann", kPassword), Kind::totp_enrollment_required);
  ASSERT_TRUE(last.user);

  // Enrolment needs a code from the candidate secret; the code's step is then spent.
  const std::string secret = totp::new_secret();
  const std::string key = *totp::base32_decode(secret);
  auto wrong = confirm_totp_enrollment(*db, clock, throttle, u, secret, "000000", kAddress);
  ASSERT_TRUE(wrong);
  if (current_code(key) != "000000") {
    EXPECT_EQ(wrong->kind, CodeKind::wrong_code);
  }
  EXPECT_FALSE(get_user(*db, u.id)->totp_enrolled);
  const std::string c = current_code(key);
  auto ok = confirm_totp_enrollment(*db, clock, throttle, u, secret, c, kAddress);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->kind, CodeKind::ok);
  EXPECT_TRUE(get_user(*db, u.id)->totp_enrolled);

  EXPECT_EQ(login("kari.nordmann", kPassword), Kind::second_factor_required);
  EXPECT_EQ(code(*last.user, c), CodeKind::wrong_code);  // already used to enrol
  clock.advance(totp::kStepSeconds);
  EXPECT_EQ(code(*last.user, current_code(key)), CodeKind::ok);

  // A second enrolment cannot replace the stored factor.
  const std::string other = totp::new_secret();
  auto replace = confirm_totp_enrollment(*db, clock, throttle, u, other,
                                         current_code(*totp::base32_decode(other)), kAddress);
  ASSERT_FALSE(replace);
  EXPECT_EQ(replace.error().kind, ErrorKind::conflict);
}

TEST_F(LoginTest, SecondFactorRefusesReplay) {
  User u = make_user("kari.nordmann");
  const std::string key = enrol(u);
  EXPECT_EQ(login("kari.nordmann", kPassword), Kind::second_factor_required);
  const std::string c = current_code(key);
  EXPECT_EQ(code(u, c), CodeKind::ok);
  EXPECT_EQ(code(u, c), CodeKind::wrong_code);
  EXPECT_EQ(code(u, current_code(key, -1)), CodeKind::wrong_code);  // older step
  EXPECT_EQ(code(u, current_code(key, +1)), CodeKind::ok);          // a later step is fine
  EXPECT_EQ(rows("SELECT totp_last_step FROM users WHERE id = $1", {u.id})[0].integer(0),
            totp::step_at(clock.now()) + 1);
}

TEST_F(LoginTest, SecondFactorToleratesOneStepOfDrift) {
  User u = make_user("kari.nordmann");
  const std::string key = enrol(u);
  const std::string c = current_code(key);
  clock.advance(totp::kStepSeconds);
  EXPECT_EQ(code(u, c), CodeKind::ok);
  const std::string old = current_code(key);
  clock.advance(2 * totp::kStepSeconds);
  EXPECT_EQ(code(u, old), CodeKind::wrong_code);
}

TEST_F(LoginTest, WrongCodesAreThrottled) {
  User u = make_user("kari.nordmann");
  const std::string key = enrol(u);
  const std::string right = current_code(key);
  std::string wrong = right;
  wrong[0] = wrong[0] == '9' ? '0' : static_cast<char>(wrong[0] + 1);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(code(u, wrong), CodeKind::wrong_code);
  auto r = verify_second_factor(*db, clock, throttle, u, right, kAddress);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, CodeKind::throttled);
  EXPECT_EQ(r->retry_after_seconds, 60);
  EXPECT_EQ(login("kari.nordmann", kPassword), Kind::throttled);
}

TEST_F(LoginTest, SecondFactorWithoutSecretOrWhenDisabled) {
  User u = make_user("kari.nordmann");
  EXPECT_EQ(code(u, "123456"), CodeKind::not_enrolled);
  const std::string key = enrol(u);
  ASSERT_TRUE(set_disabled(*db, u.id, true));
  EXPECT_EQ(code(u, current_code(key)), CodeKind::disabled);
}

}  // namespace
}  // namespace kp::auth
