// Login sessions. The browser holds a random token (32 bytes, base64url) in a cookie; the
// sessions table holds only its SHA-256, so a leaked database or backup cannot be replayed
// as cookies. A session ends after `idle` without requests or `absolute` after login,
// whichever is first, and whenever the user is disabled or changes password.
//
// All functions are thread-safe (the Database is).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/accounts.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::auth {

struct SessionPolicy {
  std::int64_t idle_seconds = 30 * 60;
  std::int64_t absolute_seconds = 12 * 60 * 60;
  // last_seen_at is rewritten at most this often, so ordinary requests stay read-only.
  // Idle expiry is therefore accurate to within this many seconds.
  std::int64_t touch_interval_seconds = 60;
};

struct Session {
  std::string user_id;
  UnixSeconds created_at = 0;
  UnixSeconds last_seen_at = 0;
  bool second_factor_done = false;
};

struct SessionAndUser {
  Session session;
  User user;
};

// Creates a session and returns its token, which is shown to nobody but the browser and is
// not stored. `second_factor_done` is false while a TOTP code is still owed.
Result<std::string> create_session(store::Database& db, const Clock& clock,
                                   std::string_view user_id, bool second_factor_done);

// The live session for `token` and its user. not_found when the token is unknown, the
// session has expired under `policy` (the row is then deleted) or the user is disabled.
// Writes only when last_seen_at is older than policy.touch_interval_seconds or the session
// is expired. The caller must still check session.second_factor_done where it matters.
Result<SessionAndUser> lookup_session(store::Database& db, const Clock& clock,
                                      std::string_view token, const SessionPolicy& policy = {});

// Records that the second factor was given, and replaces the token (returned) so that a
// token seen before the privilege rise (session fixation) is worthless afterwards. The old
// token stops working. not_found when the session does not exist.
Result<std::string> mark_second_factor_done(store::Database& db, const Clock& clock,
                                            std::string_view token);

// Logs out one session. Deleting an unknown token is not an error.
Status delete_session(store::Database& db, std::string_view token);

// Logs the user out everywhere. Returns how many sessions were deleted.
Result<std::int64_t> delete_all_sessions(store::Database& db, std::string_view user_id);

// Deletes every session expired at `now` under `policy`, for a periodic job. Returns how
// many were deleted.
Result<std::int64_t> purge_expired(store::Database& db, UnixSeconds now,
                                   const SessionPolicy& policy = {});

// The stored form of a token (hex SHA-256). Pure; exposed for tests and tools.
std::string session_token_hash(std::string_view token);

}  // namespace kp::auth
