#include "auth/login.hpp"

#include "auth/totp.hpp"
#include "core/crypto.hpp"

namespace kp::auth {

namespace {

using Kind = LoginOutcome::Kind;
using CodeKind = CodeOutcome::Kind;

// Far above any password the policy allows; longer input is refused before hashing.
constexpr size_t kMaxPasswordBytes = 1024;

// A hash of a random password with the same parameters as real ones, so that verifying
// against it costs what verifying a real user's password costs. Made on first use
// (thread-safe static initialisation); that first unknown-username login is slower once.
const std::string& dummy_hash() {
  static const std::string hash = kp::crypto::hash_password(kp::crypto::random_token(32));
  return hash;
}

LoginOutcome outcome(Kind kind, std::optional<User> user = std::nullopt,
                     std::int64_t retry_after = 0) {
  return LoginOutcome{kind, std::move(user), retry_after};
}

}  // namespace

Result<LoginOutcome> attempt_login(store::Database& db, const Clock& clock, LoginThrottle& throttle,
                                   std::string_view username, std::string_view password,
                                   std::string_view address) {
  if (const std::int64_t wait = throttle.retry_after(username, address); wait > 0)
    return outcome(Kind::throttled, std::nullopt, wait);
  if (password.empty() || password.size() > kMaxPasswordBytes) {
    throttle.record_failure(username, address);
    return outcome(Kind::bad_credentials);
  }

  auto creds = find_credentials(db, username);
  if (!creds && creds.error().kind != ErrorKind::not_found) return pass(creds);
  if (!creds) {
    (void)kp::crypto::verify_password(dummy_hash(), password);
    throttle.record_failure(username, address);
    return outcome(Kind::bad_credentials);
  }
  if (!kp::crypto::verify_password(creds->password_hash, password)) {
    throttle.record_failure(username, address);
    return outcome(Kind::bad_credentials);
  }
  // Only someone who knows the password learns that the account is disabled.
  if (creds->user.disabled) return outcome(Kind::disabled);
  throttle.record_success(username);

  User& user = creds->user;
  if (user.totp_enrolled) return outcome(Kind::second_factor_required, std::move(user));
  if (user.totp_required) return outcome(Kind::totp_enrollment_required, std::move(user));
  return outcome(Kind::ok, std::move(user));
}

Result<CodeOutcome> verify_second_factor(store::Database& db, const Clock& clock,
                                         LoginThrottle& throttle, const User& user,
                                         std::string_view code, std::string_view address) {
  if (const std::int64_t wait = throttle.retry_after(user.username, address); wait > 0)
    return CodeOutcome{CodeKind::throttled, wait};
  const UnixSeconds now = clock.now();

  CodeKind kind = CodeKind::wrong_code;
  auto st = db.with_write([&](store::Conn& c) -> Status {
    kind = CodeKind::wrong_code;  // the transaction may be re-run (PostgreSQL retries)
    auto row = c.query_one("SELECT totp_secret, totp_last_step, disabled FROM users WHERE id = $1",
                           {user.id});
    if (!row) return pass(row);
    if (!*row) return not_found("The user was not found.");
    const auto& r = **row;
    if (r.integer(2) != 0) {
      kind = CodeKind::disabled;
      return {};
    }
    if (r.is_null(0)) {
      kind = CodeKind::not_enrolled;
      return {};
    }
    const auto step = totp::verify(r.text(0), code, now, r.integer(1));
    if (!step) return {};
    auto changed =
        c.exec("UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2",
               {user.id, *step});
    if (!changed) return pass(changed);
    if (*changed == 1) kind = CodeKind::ok;
    return {};
  });
  if (!st) return pass(st);

  if (kind == CodeKind::ok) throttle.record_success(user.username);
  if (kind == CodeKind::wrong_code) throttle.record_failure(user.username, address);
  return CodeOutcome{kind, 0};
}

Result<CodeOutcome> confirm_totp_enrollment(store::Database& db, const Clock& clock,
                                            LoginThrottle& throttle, const User& user,
                                            std::string_view secret_base32, std::string_view code,
                                            std::string_view address) {
  if (const std::int64_t wait = throttle.retry_after(user.username, address); wait > 0)
    return CodeOutcome{CodeKind::throttled, wait};
  if (auto key = totp::base32_decode(secret_base32); !key) return pass(key);

  const auto step = totp::verify(secret_base32, code, clock.now(), 0);
  if (!step) {
    throttle.record_failure(user.username, address);
    return CodeOutcome{CodeKind::wrong_code, 0};
  }
  KP_TRY(enroll_totp(db, user.id, secret_base32, *step));
  throttle.record_success(user.username);
  return CodeOutcome{CodeKind::ok, 0};
}

}  // namespace kp::auth
