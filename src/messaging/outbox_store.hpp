// The outbox's SQL beyond enqueue(): claiming due rows, recording results, purging contents,
// counting. Used by the sender and the admin page; other modules only call outbox.hpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "messaging/outbox.hpp"
#include "store/database.hpp"

namespace kp::messaging {

// A claimed row, ready to send.
struct QueuedMessage {
  std::string id;
  std::string municipality_id;
  Channel channel = Channel::email;
  std::string recipient;
  std::string language;
  std::string subject;
  std::string body;
  std::string kind;
  std::int64_t attempts = 0;  // including the claim that returned it
};

// How long a claimed row is hidden from other senders while it is being sent.
inline constexpr std::int64_t kClaimLeaseSeconds = 600;

// Claims up to `limit` queued rows of `channel` due at `now` (oldest first): counts the attempt
// and moves next_attempt_at `kClaimLeaseSeconds` ahead, so a second server or a crashed send
// does not send them at once again. Thread-safe (one write transaction).
Result<std::vector<QueuedMessage>> claim_due(store::Database& db, Channel channel, UnixSeconds now, int limit);

// Marks a claimed row sent.
Status mark_sent(store::Database& db, const QueuedMessage& m, UnixSeconds now);
// Records a failed attempt: queued again at `retry_at`, or 'failed' for good when `retry_at`
// is nullopt. `error` is a code such as "smtp 451 at DATA" — never content or addresses.
Status mark_attempt_failed(store::Database& db, const QueuedMessage& m, UnixSeconds now,
                           std::optional<UnixSeconds> retry_at, const std::string& error);
// Gives a claimed row back untried (the server was unreachable before this message was
// tried): its attempt is not counted, and it is due again at `retry_at`.
Status release_claim(store::Database& db, const QueuedMessage& m, UnixSeconds retry_at);

// Blanks recipient, subject and body of rows sent or failed before `before`. Returns how many.
Result<std::int64_t> purge_contents(store::Database& db, UnixSeconds before);

struct OutboxCount {
  std::string status, channel, kind;
  std::int64_t count = 0;
};
// Rows per status, channel and kind for one municipality (no contents).
Result<std::vector<OutboxCount>> count_outbox(store::Database& db, const std::string& municipality_id);

}  // namespace kp::messaging
