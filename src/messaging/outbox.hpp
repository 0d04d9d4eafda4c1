// The outbox (utsendingskø): every e-mail and SMS the system sends is first written as a row in
// the `outbox` table, inside the same write transaction as the change that causes it (a
// sign-up, an offer, a loan…). So a message exists exactly when its cause was committed, and a
// PostgreSQL re-run of the transaction cannot send twice. The background job "outbox.send"
// (messaging/sender.hpp, run by app/jobs.hpp) later delivers queued rows through SMTP or the
// SMS gateway, retrying with backoff.
//
// Personal data: recipient and body are personal data. They are never logged, never copied
// into last_error or the audit log, and are blanked ("purged") `purge_after_days` after the
// message was sent or finally failed (job "outbox.purge"); the row itself stays for counts.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::messaging {

enum class Channel { email, sms };

const char* to_string(Channel c);                       // "email" / "sms"
std::optional<Channel> channel_from_string(std::string_view s);

// What the message is about: stable codes for counts on /admin/outbox. Use one of these or a
// short lower-case code of your own ("activity.receipt" style is fine too).
namespace kinds {
inline constexpr const char* receipt = "receipt";            // sign-up received (kvittering)
inline constexpr const char* offer = "offer";                // a place offered from the waiting list
inline constexpr const char* reminder = "reminder";          // the day before
inline constexpr const char* cancellation = "cancellation";  // sign-up or activity cancelled
inline constexpr const char* reservation = "reservation";    // equipment reservation confirmed/declined
inline constexpr const char* loan_overdue = "loan_overdue";  // equipment loan overdue
}  // namespace kinds

// A message to send. The caller renders subject and body in the RECIPIENT's language (with
// app.catalogs, see i18n/i18n.hpp) before enqueueing; the outbox never translates.
struct OutboxMessage {
  std::string municipality_id;
  Channel channel = Channel::email;
  std::string recipient;    // e-mail address, or phone number as normalise_phone() returns it
  std::string language;     // "nb", "ar", … (the language the text is in)
  std::string subject;      // e-mail subject (one line); ignored for SMS
  std::string body;         // plain text, UTF-8; '\n' line ends (the sender makes CRLF)
  std::string kind;         // kinds::receipt, … (no personal data)
  std::optional<std::string> related_id;  // e.g. the sign-up or loan id (no personal data)
};

// Validates `msg` and inserts it as 'queued', due now. Call it INSIDE your own with_write
// callback with that callback's Conn, so the message commits or rolls back with your change;
// it has no side effect outside `conn`, so it is safe under PostgreSQL re-runs.
// Rejects (invalid, field "recipient"/"subject"/…): empty municipality/recipient/body/kind, an
// e-mail address that is not a plain addr-spec, a phone number normalise_phone() refuses, and
// CR/LF in recipient or subject (header injection). SMS recipients are stored normalised.
// Returns the new outbox row id. Thread-safe (uses only `conn`).
Result<std::string> enqueue(store::Conn& conn, const Clock& clock, const OutboxMessage& msg);

// True for an e-mail address the SMTP sender accepts: local@domain, printable ASCII or UTF-8,
// no spaces, CR, LF, '<', '>', ',' or ';'. Public forms may reuse it to validate input.
bool is_valid_email(std::string_view address);

}  // namespace kp::messaging
