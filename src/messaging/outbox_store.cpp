#include "messaging/outbox_store.hpp"

#include "core/ids.hpp"
#include "core/phone.hpp"

namespace kp::messaging {
namespace {

bool has_line_break(std::string_view s) {
  return s.find('\r') != std::string_view::npos || s.find('\n') != std::string_view::npos;
}

}  // namespace

const char* to_string(Channel c) { return c == Channel::sms ? "sms" : "email"; }

std::optional<Channel> channel_from_string(std::string_view s) {
  if (s == "email") return Channel::email;
  if (s == "sms") return Channel::sms;
  return std::nullopt;
}

bool is_valid_email(std::string_view a) {
  if (a.size() < 3 || a.size() > 254) return false;
  const auto at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= a.size() || at > 64) return false;
  for (unsigned char c : a) {
    if (c <= 0x20 || c >= 0x7f) return false;  // ASCII only: the sender does not use SMTPUTF8
    if (c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '(' || c == ')' || c == '\\' ||
        c == '[' || c == ']' || c == ':')
      return false;
  }
  if (a.substr(0, at).find('@') != std::string_view::npos) return false;
  const std::string_view domain = a.substr(at + 1);
  if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos) return false;
  if (a.front() == '.' || a[at - 1] == '.') return false;
  return true;
}

Result<std::string> enqueue(store::Conn& conn, const Clock& clock, const OutboxMessage& msg) {
  if (msg.municipality_id.empty()) return invalid("The message has no municipality", "municipality_id");
  if (msg.kind.empty() || msg.kind.size() > 64 || has_line_break(msg.kind)) return invalid("The message has no kind", "kind");
  if (msg.body.empty()) return invalid("The message is empty", "body");
  if (has_line_break(msg.subject)) return invalid("The subject must be one line", "subject");
  if (has_line_break(msg.recipient) || has_line_break(msg.language)) return invalid("Write a valid recipient", "recipient");
  if (msg.related_id && msg.related_id->size() > 128) return invalid("The related id is too long", "related_id");
  std::string recipient = msg.recipient;
  if (msg.channel == Channel::email) {
    if (!is_valid_email(recipient)) return invalid("Write a valid e-mail address", "recipient");
    if (msg.subject.empty()) return invalid("The e-mail has no subject", "subject");
  } else {
    auto n = phone::normalise(recipient);
    if (!n) return invalid("Write a valid phone number", "recipient");
    recipient = *n;
  }
  const std::string id = ids::new_uuid();
  const UnixSeconds now = clock.now();
  KP_TRY(conn.exec(
      "INSERT INTO outbox (id, municipality_id, channel, recipient, language, subject, body, kind, related_id, "
      "status, attempts, next_attempt_at, last_error, created_at, purged) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', 0, $10, '', $10, 0)",
      {id, msg.municipality_id, std::string(to_string(msg.channel)), recipient, msg.language, msg.subject, msg.body,
       msg.kind, store::nullable(msg.related_id), now}));
  return id;
}

Result<std::vector<QueuedMessage>> claim_due(store::Database& db, Channel channel, UnixSeconds now, int limit) {
  std::vector<QueuedMessage> out;
  KP_TRY(db.with_write([&](store::Conn& c) -> Status {
    out.clear();  // PostgreSQL may re-run this callback
    auto rows = c.query(
        "SELECT id, municipality_id, recipient, language, subject, body, kind, attempts FROM outbox "
        "WHERE status = 'queued' AND channel = $1 AND next_attempt_at <= $2 "
        "ORDER BY next_attempt_at, created_at, id LIMIT $3",
        {std::string(to_string(channel)), now, static_cast<std::int64_t>(limit)});
    if (!rows) return pass(rows);
    for (const auto& r : *rows) {
      QueuedMessage m;
      m.id = r.text(0);
      m.municipality_id = r.text(1);
      m.channel = channel;
      m.recipient = r.text(2);
      m.language = r.text(3);
      m.subject = r.text(4);
      m.body = r.text(5);
      m.kind = r.text(6);
      m.attempts = r.integer(7) + 1;
      KP_TRY(c.exec("UPDATE outbox SET attempts = $2, next_attempt_at = $3 WHERE id = $1 AND status = 'queued'",
                    {m.id, m.attempts, now + kClaimLeaseSeconds}));
      out.push_back(std::move(m));
    }
    return {};
  }));
  return out;
}

Status mark_sent(store::Database& db, const QueuedMessage& m, UnixSeconds now) {
  return db.with_write([&](store::Conn& c) -> Status {
    KP_TRY(c.exec("UPDATE outbox SET status = 'sent', sent_at = $3, finished_at = $3, last_error = '' "
                  "WHERE municipality_id = $1 AND id = $2 AND status = 'queued'",
                  {m.municipality_id, m.id, now}));
    return {};
  });
}

Status mark_attempt_failed(store::Database& db, const QueuedMessage& m, UnixSeconds now,
                           std::optional<UnixSeconds> retry_at, const std::string& error) {
  return db.with_write([&](store::Conn& c) -> Status {
    if (retry_at) {
      KP_TRY(c.exec("UPDATE outbox SET next_attempt_at = $3, last_error = $4 "
                    "WHERE municipality_id = $1 AND id = $2 AND status = 'queued'",
                    {m.municipality_id, m.id, *retry_at, error}));
    } else {
      KP_TRY(c.exec("UPDATE outbox SET status = 'failed', finished_at = $3, last_error = $4 "
                    "WHERE municipality_id = $1 AND id = $2 AND status = 'queued'",
                    {m.municipality_id, m.id, now, error}));
    }
    return {};
  });
}

Status release_claim(store::Database& db, const QueuedMessage& m, UnixSeconds retry_at) {
  return db.with_write([&](store::Conn& c) -> Status {
    KP_TRY(c.exec("UPDATE outbox SET attempts = $3, next_attempt_at = $4 "
                  "WHERE municipality_id = $1 AND id = $2 AND status = 'queued' AND attempts = $5",
                  {m.municipality_id, m.id, m.attempts - 1, retry_at, m.attempts}));
    return {};
  });
}

Result<std::int64_t> purge_contents(store::Database& db, UnixSeconds before) {
  return db.write([&](store::Conn& c) -> Result<std::int64_t> {
    return c.exec("UPDATE outbox SET recipient = '', subject = '', body = '', purged = 1 "
                  "WHERE purged = 0 AND status IN ('sent', 'failed') AND finished_at < $1",
                  {before});
  });
}

Result<std::vector<OutboxCount>> count_outbox(store::Database& db, const std::string& municipality_id) {
  return db.read([&](store::Conn& c) -> Result<std::vector<OutboxCount>> {
    auto rows = c.query(
        "SELECT status, channel, kind, COUNT(*) FROM outbox WHERE municipality_id = $1 "
        "GROUP BY status, channel, kind ORDER BY status, channel, kind",
        {municipality_id});
    if (!rows) return pass(rows);
    std::vector<OutboxCount> out;
    for (const auto& r : *rows) out.push_back({r.text(0), r.text(1), r.text(2), r.integer(3)});
    return out;
  });
}

}  // namespace kp::messaging
