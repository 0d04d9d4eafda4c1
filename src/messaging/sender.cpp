#include "messaging/sender.hpp"

#include <algorithm>
#include <cctype>

#include "app/app.hpp"
#include "core/crypto.hpp"

namespace kp::messaging {
namespace {

std::string domain_of(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

// Our host name for EHLO: the host of base_url ("https://knutepunkt.kommune.no/" → its name).
std::string helo_name(const std::string& base_url) {
  std::string s = base_url;
  if (auto p = s.find("://"); p != std::string::npos) s.erase(0, p + 3);
  s = s.substr(0, s.find_first_of("/:"));
  bool numeric = true;
  for (char c : s) {
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) return "localhost";
    if (!(isdigit(static_cast<unsigned char>(c)) || c == '.')) numeric = false;
  }
  if (s.empty()) return "localhost";
  return numeric ? "[" + s + "]" : s;  // an address literal (RFC 5321 4.1.3)
}

// Failures that concern the server, not one message.
bool server_unavailable(const std::string& error) {
  return error == "connect failed" || error.ends_with(" at greeting") || error.ends_with(" at EHLO") ||
         error.ends_with(" at HELO") || error.ends_with(" at MAIL");
}

Status record(store::Database& db, const QueuedMessage& m, UnixSeconds now, SmtpResult::Outcome outcome,
              const std::string& error, SendReport& report) {
  if (outcome == SmtpResult::Outcome::sent) {
    ++report.sent;
    return mark_sent(db, m, now);
  }
  if (outcome == SmtpResult::Outcome::rejected || m.attempts >= kMaxAttempts) {
    ++report.failed;
    return mark_attempt_failed(db, m, now, std::nullopt, error);
  }
  ++report.retried;
  return mark_attempt_failed(db, m, now, now + backoff_seconds(m.attempts), error);
}

}  // namespace

std::int64_t backoff_seconds(std::int64_t attempts) {
  const std::int64_t n = std::clamp<std::int64_t>(attempts, 1, 20) - 1;
  return std::min<std::int64_t>(60LL << std::min<std::int64_t>(n, 10), 6 * 3600);
}

Result<SendReport> send_due(store::Database& db, const Clock& clock, EmailTransport* email, SmsGateway* sms,
                            const SendOptions& options) {
  SendReport report;
  if (email) {
    auto batch = claim_due(db, Channel::email, clock.now(), options.batch);
    if (!batch) return pass(batch);
    for (size_t i = 0; i < batch->size(); ++i) {
      const QueuedMessage& m = (*batch)[i];
      Email e;
      e.from = options.from;
      e.to = m.recipient;
      e.subject = m.subject;
      e.body = m.body;
      e.message_id = m.id + "@" + domain_of(options.from);
      e.date = clock.now();
      const SmtpResult r = email->send(e);
      KP_TRY(record(db, m, clock.now(), r.outcome, r.error, report));
      if (r.outcome == SmtpResult::Outcome::retry && server_unavailable(r.error)) {
        // The relay is down: the rest of the batch waits as long as this one, untried and
        // uncounted, instead of each waiting for its own connect timeout.
        const UnixSeconds retry_at = clock.now() + backoff_seconds(m.attempts);
        for (size_t j = i + 1; j < batch->size(); ++j) KP_TRY(release_claim(db, (*batch)[j], retry_at));
        break;
      }
    }
  }
  if (sms) {
    auto batch = claim_due(db, Channel::sms, clock.now(), options.batch);
    if (!batch) return pass(batch);
    for (const auto& m : *batch) {
      Status st;
      try {
        st = sms->send(m.recipient, m.body);
      } catch (const std::exception&) {
        st = internal_error("sms gateway threw");
      }
      SmtpResult::Outcome outcome = SmtpResult::Outcome::sent;
      std::string error;
      if (!st) {
        outcome = st.error().kind == ErrorKind::invalid ? SmtpResult::Outcome::rejected : SmtpResult::Outcome::retry;
        error = "sms: " + st.error().message;
      }
      KP_TRY(record(db, m, clock.now(), outcome, error, report));
    }
  }
  return report;
}

Result<std::int64_t> purge_old(store::Database& db, const Clock& clock) {
  return purge_contents(db, clock.now() - static_cast<std::int64_t>(kPurgeAfterDays) * 86400);
}

void register_admin_routes(app::App& app);  // admin_pages.cpp

void register_routes(app::App& app) {
  app.jobs.add("outbox.send", 30, [](app::App& a) -> Status {
    const auto& s = a.settings;
    std::unique_ptr<SmtpTransport> smtp;
    if (!s.smtp_host.empty()) {
      SmtpConfig c;
      c.host = s.smtp_host;
      c.port = s.smtp_port;
      c.helo_name = helo_name(s.base_url);
      smtp = std::make_unique<SmtpTransport>(c);
    }
    auto gateway = make_sms_gateway(s.sms_gateway);
    if (!gateway) return pass(gateway);
    SendOptions o;
    o.from = s.smtp_from;
    auto rep = send_due(*a.db, a.clock, smtp.get(), gateway->get(), o);
    if (!rep) return pass(rep);
    return {};
  });
  app.jobs.add("outbox.purge", 3600, [](app::App& a) -> Status {
    auto n = purge_old(*a.db, a.clock);
    if (!n) return pass(n);
    return {};
  });
  register_admin_routes(app);
}

}  // namespace kp::messaging
