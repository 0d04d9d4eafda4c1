// Messages to guardians (receipt, offer of a place, reminder the day before, cancellation,
// lottery result), written into the outbox (messaging/outbox.hpp) inside the caller's write
// transaction and rendered in the guardian's stored language with the gettext catalogs.
// A message names the activity and the children's first names as the guardian typed them —
// never whether a place was reserved or why.
#pragma once
#include <string>
#include <vector>

#include "activities/model.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::i18n {
class Catalogs;
}
namespace kp::app {
struct Settings;
}

namespace kp::activities {

// What rendering messages needs. With catalogs == nullptr nothing is enqueued (store tests).
struct Mailer {
  const i18n::Catalogs* catalogs = nullptr;
  std::string base_url;  // for the private links, e.g. "https://aktivitet.kommune.no"
};

// Each function enqueues an e-mail when the sign-up has an address and an SMS when it has a
// phone number (offers go both ways; the rest by e-mail when there is one, else SMS).
// A recipient the outbox refuses is skipped, never failing the caller's change. Safe to re-run
// inside a PostgreSQL retry (only `c` is touched).

// The receipt: each child's status and the private link to see or cancel the sign-up.
Status send_receipt(store::Conn& c, const Clock& clock, const Mailer& m, const Activity& a, const Signup& s,
                    const std::vector<Participant>& children, const std::string& cancel_token);
// A freed place is held for `p` until `expires_at`; the link accepts or declines it.
Status send_offer(store::Conn& c, const Clock& clock, const Mailer& m, const Activity& a, const Signup& s,
                  const Participant& p, const std::string& offer_token, UnixSeconds expires_at);
// Confirms that the places of `children` were cancelled.
Status send_cancellation(store::Conn& c, const Clock& clock, const Mailer& m, const Activity& a, const Signup& s,
                         const std::vector<Participant>& children);
// The lottery's result for one sign-up (each child's status).
Status send_lottery_result(store::Conn& c, const Clock& clock, const Mailer& m, const Activity& a,
                           const Signup& s, const std::vector<Participant>& children);
// The day-before reminder: when, where, what to bring.
Status send_reminder(store::Conn& c, const Clock& clock, const Mailer& m, const Activity& a, const Signup& s,
                     const std::vector<Participant>& children);

// Queues the day-before reminder for every sign-up with a confirmed child on an activity that
// starts tomorrow (Europe/Oslo), once per sign-up. Returns how many were queued. Idempotent; for
// the job "activities.reminders". Thread-safe.
Result<std::int64_t> enqueue_due_reminders(store::Database& db, const Clock& clock, const Mailer& m);

// The link that opens a sign-up's own page, in the guardian's language.
std::string signup_link(const Mailer& m, const std::string& cancel_token, const std::string& lang);
std::string offer_link(const Mailer& m, const std::string& offer_token, const std::string& lang);

}  // namespace kp::activities
