#include "auth/sessions.hpp"

#include "core/crypto.hpp"

namespace kp::auth {

namespace {

using store::Conn;
using store::Value;

constexpr size_t kTokenBytes = 32;
// Real tokens are 43 characters; anything much longer is not worth hashing.
constexpr size_t kMaxTokenLength = 128;

kp::unexpected<Error> no_session() { return not_found("The session has ended."); }

Value text(std::string_view s) { return std::string(s); }

bool expired(const Session& s, UnixSeconds now, const SessionPolicy& policy) {
  return now - s.last_seen_at > policy.idle_seconds || now - s.created_at > policy.absolute_seconds;
}

}  // namespace

std::string session_token_hash(std::string_view token) { return kp::crypto::sha256_hex(token); }

Result<std::string> create_session(store::Database& db, const Clock& clock,
                                   std::string_view user_id, bool second_factor_done) {
  const std::string token = kp::crypto::random_token(kTokenBytes);
  const UnixSeconds now = clock.now();
  auto st = db.with_write([&](Conn& c) -> Status {
    KP_TRY(c.exec(
        "INSERT INTO sessions(token_hash, user_id, created_at, last_seen_at, second_factor_done)"
        " VALUES ($1, $2, $3, $3, $4)",
        {session_token_hash(token), text(user_id), now, std::int64_t{second_factor_done ? 1 : 0}}));
    return {};
  });
  if (!st) return pass(st);
  return token;
}

Result<SessionAndUser> lookup_session(store::Database& db, const Clock& clock,
                                      std::string_view token, const SessionPolicy& policy) {
  if (token.empty() || token.size() > kMaxTokenLength) return no_session();
  const std::string hash = session_token_hash(token);
  const UnixSeconds now = clock.now();

  // Session and user from one snapshot (one read transaction per request instead of two).
  // nullopt: no such token; a Session with empty user_id: the user is disabled or gone.
  struct Found {
    Session session;
    User user;
  };
  auto found = db.read([&](Conn& c) -> Result<std::optional<Found>> {
    auto row = c.query_one(
        "SELECT s.user_id, s.created_at, s.last_seen_at, s.second_factor_done, u.disabled"
        " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
        {hash});
    if (!row) return pass(row);
    if (!*row) return std::optional<Found>();
    const auto& r = **row;
    if (r.integer(4) != 0) return std::optional<Found>(Found{});
    Found f{Session{r.text(0), r.integer(1), r.integer(2), r.integer(3) != 0}, {}};
    auto user = get_user(c, f.session.user_id);
    if (!user) {
      if (user.error().kind == ErrorKind::not_found) return std::optional<Found>(Found{});
      return pass(user);
    }
    f.user = std::move(*user);
    return std::optional<Found>(std::move(f));
  });
  if (!found) return pass(found);
  // Unknown tokens cost no write, so a flood of made-up cookies cannot queue up writers.
  if (!*found) return no_session();
  if ((*found)->session.user_id.empty() || (*found)->user.disabled || expired((*found)->session, now, policy)) {
    KP_TRY(delete_session(db, token));
    return no_session();
  }
  Session session = std::move((*found)->session);

  if (now - session.last_seen_at >= policy.touch_interval_seconds) {
    auto st = db.with_write([&](Conn& c) -> Status {
      KP_TRY(c.exec(
          "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2",
          {hash, now}));
      return {};
    });
    if (!st) return pass(st);
    session.last_seen_at = now;
  }
  auto user = std::move((*found)->user);
  return SessionAndUser{std::move(session), std::move(user)};
}

Result<std::string> mark_second_factor_done(store::Database& db, const Clock& clock,
                                            std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenLength) return no_session();
  const std::string fresh = kp::crypto::random_token(kTokenBytes);
  const UnixSeconds now = clock.now();
  auto st = db.with_write([&](Conn& c) -> Status {
    auto changed = c.exec(
        "UPDATE sessions SET token_hash = $2, second_factor_done = 1, last_seen_at = $3"
        " WHERE token_hash = $1",
        {session_token_hash(token), session_token_hash(fresh), now});
    if (!changed) return pass(changed);
    if (*changed == 0) return no_session();
    return {};
  });
  if (!st) return pass(st);
  return fresh;
}

Status delete_session(store::Database& db, std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenLength) return {};
  const std::string hash = session_token_hash(token);
  return db.with_write([&](Conn& c) -> Status {
    KP_TRY(c.exec("DELETE FROM sessions WHERE token_hash = $1", {hash}));
    return {};
  });
}

Result<std::int64_t> delete_all_sessions(store::Database& db, std::string_view user_id) {
  return db.write(
      [&](Conn& c) { return c.exec("DELETE FROM sessions WHERE user_id = $1", {text(user_id)}); });
}

Result<std::int64_t> purge_expired(store::Database& db, UnixSeconds now,
                                   const SessionPolicy& policy) {
  return db.write([&](Conn& c) {
    return c.exec("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2",
                  {now - policy.idle_seconds, now - policy.absolute_seconds});
  });
}

}  // namespace kp::auth
