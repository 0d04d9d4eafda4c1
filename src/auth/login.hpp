// The login decision: password check with throttling, then the second factor. Pages map
// the outcomes to responses; the outcome kinds deliberately do not distinguish an unknown
// username from a wrong password.
//
// All functions are thread-safe (Database and LoginThrottle are).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "auth/accounts.hpp"
#include "auth/throttle.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::auth {

struct LoginOutcome {
  enum class Kind {
    ok,                        // logged in; no second factor needed
    second_factor_required,    // password right; ask for a TOTP code next
    totp_enrollment_required,  // password right; totp_required but no secret: enrol first
    bad_credentials,           // unknown username or wrong password (indistinguishable)
    throttled,                 // refused without checking; see retry_after_seconds
    disabled,                  // password right but the account is disabled
  };
  Kind kind = Kind::bad_credentials;
  std::optional<User> user;              // for ok, second_factor_required, totp_enrollment_required
  std::int64_t retry_after_seconds = 0;  // for throttled
};

// Checks `username` and `password` from client `address`. Refuses while the throttle says
// so; otherwise verifies the password with argon2id, spending the time of one verification
// even for unknown usernames (against a fixed dummy hash) so response times do not reveal
// which usernames exist. Records the failure or success in `throttle`. Errors only for
// store failures. The caller creates the session (second_factor_done = kind == ok).
Result<LoginOutcome> attempt_login(store::Database& db, const Clock& clock, LoginThrottle& throttle,
                                   std::string_view username, std::string_view password,
                                   std::string_view address);

struct CodeOutcome {
  enum class Kind {
    ok,            // accepted; the step is stored so the code cannot be used again
    wrong_code,    // wrong, malformed, expired or already used
    throttled,     // refused without checking; see retry_after_seconds
    not_enrolled,  // verify_second_factor: the user has no TOTP secret
    disabled,      // the account has been disabled meanwhile
  };
  Kind kind = Kind::wrong_code;
  std::int64_t retry_after_seconds = 0;
};

// Checks a TOTP code for `user` after a correct password. Accepts ±1 step but never a step
// at or before users.totp_last_step (replay), and stores the matched step in the same
// transaction, so two concurrent requests with one code cannot both succeed. Failures
// count against the account and address in `throttle` like wrong passwords; without that
// a 6-digit code could be guessed.
Result<CodeOutcome> verify_second_factor(store::Database& db, const Clock& clock,
                                         LoginThrottle& throttle, const User& user,
                                         std::string_view code, std::string_view address);

// Completes TOTP enrolment: checks that `code` was produced from the candidate
// `secret_base32` (the one shown as a QR code), then stores the secret with the code's step
// as used. Throttled and counted like verify_second_factor. invalid (field "secret") when
// the secret is malformed, conflict when a secret is already stored.
Result<CodeOutcome> confirm_totp_enrollment(store::Database& db, const Clock& clock,
                                            LoginThrottle& throttle, const User& user,
                                            std::string_view secret_base32, std::string_view code,
                                            std::string_view address);

}  // namespace kp::auth
