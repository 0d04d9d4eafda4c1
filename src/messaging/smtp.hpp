// A plain SMTP client (RFC 5321) for sending through the municipality's relay: EHLO (HELO when
// refused), MAIL FROM, RCPT TO, DATA, QUIT over TCP with a timeout on every step. No TLS and no
// AUTH: the relay is expected on the local network (the usual setup for a kommune's relay).
// The message is plain text in UTF-8: 8bit when the server offers 8BITMIME, otherwise
// quoted-printable; the subject is an RFC 2047 encoded word when it is not plain ASCII.
#pragma once
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace kp::messaging {

struct SmtpConfig {
  std::string host;                 // empty: nothing is sent
  int port = 25;
  std::string helo_name = "localhost";  // our name in EHLO
  int timeout_seconds = 30;         // for connecting and for each reply
};

struct Email {
  std::string from;        // addr-spec, e.g. "knutepunkt@kommune.no"
  std::string to;          // addr-spec
  std::string subject;     // UTF-8, one line
  std::string body;        // UTF-8 plain text, any line ends
  std::string message_id;  // without <>; e.g. the outbox row id + "@" + the sender's domain
  UnixSeconds date = 0;
};

// The outcome of one delivery attempt. `error` is a short code for the outbox's last_error,
// e.g. "smtp 550 at RCPT" or "connect failed": never addresses or content (servers often echo
// the address in their reply text, so that text is dropped).
struct SmtpResult {
  enum class Outcome { sent, retry, rejected } outcome = Outcome::retry;
  std::string error;
};

// Sends `email` through the server in `config`. 4xx replies and network problems ask for a
// retry; a 5xx reply to RCPT TO or to the message content rejects this message for good; other
// 5xx replies (our sender address, EHLO) ask for a retry, since they concern every message.
// Blocking (at most a few timeouts long); thread-safe (no shared state).
SmtpResult send_email(const SmtpConfig& config, const Email& email);

// The building blocks, exposed for tests. All pure and thread-safe.
// Validates and writes the message (headers + body) with CRLF line ends, not yet dot-stuffed.
// Rejects CR/LF or non-ASCII in addresses, CR/LF in the subject (header injection).
Result<std::string> build_message(const Email& email, bool eight_bit);
// "=?UTF-8?B?…?=" words (folded) when `subject` is not printable ASCII, else `subject`.
std::string encode_header_text(std::string_view subject);
// RFC 5322 date in UTC: "Tue, 24 Nov 2026 10:30:00 +0000".
std::string rfc5322_date(UnixSeconds t);
// Quoted-printable (RFC 2045) of UTF-8 text whose line ends are already CRLF.
std::string quoted_printable(std::string_view text);
// Turns every line end into CRLF and doubles a leading '.' on each line (RFC 5321 4.5.2).
std::string dot_stuff(std::string_view message);

}  // namespace kp::messaging
