// Sends the outbox: claims due rows (outbox_store.hpp), delivers each through SMTP or the SMS
// gateway, and records the result — sent; queued again with exponential backoff; or failed
// after kMaxAttempts or a permanent refusal. Also the purge of old contents, and the jobs and
// the staff page that run and show all this (register_routes).
#pragma once
#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "messaging/outbox_store.hpp"
#include "messaging/sms.hpp"
#include "messaging/smtp.hpp"

namespace kp::app {
struct App;
}

namespace kp::messaging {

inline constexpr int kMaxAttempts = 8;          // then 'failed'
inline constexpr int kPurgeAfterDays = 30;      // recipient/subject/body blanked this long after sending

// Delivers one claimed e-mail; SmtpTransport is the real one, tests may substitute their own.
class EmailTransport {
 public:
  virtual ~EmailTransport() = default;
  virtual SmtpResult send(const Email& email) = 0;
};

class SmtpTransport final : public EmailTransport {
 public:
  explicit SmtpTransport(SmtpConfig config) : config_(std::move(config)) {}
  SmtpResult send(const Email& email) override { return send_email(config_, email); }

 private:
  SmtpConfig config_;
};

struct SendOptions {
  std::string from;        // sender address of every e-mail (setting smtp_from)
  int batch = 100;         // rows claimed per channel per run
};

struct SendReport {
  int sent = 0, retried = 0, failed = 0;
};

// Seconds to wait after failed attempt number `attempts` (1-based): 1, 2, 4, … minutes, at
// most 6 hours.
std::int64_t backoff_seconds(std::int64_t attempts);

// One round of sending. `email` nullptr: e-mails stay queued (no smtp_host); `sms` nullptr:
// SMS stay queued (sms_gateway "none"). Logs nothing personal. Blocking; call from the job
// thread. Fails only when the database does.
Result<SendReport> send_due(store::Database& db, const Clock& clock, EmailTransport* email, SmsGateway* sms,
                            const SendOptions& options);

// Blanks contents of messages sent or failed more than kPurgeAfterDays ago; returns how many.
Result<std::int64_t> purge_old(store::Database& db, const Clock& clock);

// Registers the jobs "outbox.send" (every 30 s, SMTP from the smtp_* settings, SMS gateway
// from sms_gateway) and "outbox.purge" (hourly), and GET /admin/outbox (system_read): counts
// per status, channel and kind, never contents.
void register_routes(app::App& app);

}  // namespace kp::messaging
