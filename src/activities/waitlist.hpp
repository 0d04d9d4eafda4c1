// The waiting list (venteliste): a freed public place is offered to the first waiting child; the
// offer holds the place for offer_hold_hours, and when it runs out (or is declined) the place
// goes to the next, automatically.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "activities/messages.hpp"
#include "activities/model.hpp"
#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::app {
struct Settings;
}

namespace kp::activities {

// Inside the caller's write transaction: expires the activity's offers that ran out (→ declined),
// then, while a public place is free and the activity has not started, offers it to the first
// waiting child (→ offered, new private link, expiry now + hold_hours) and enqueues the offer
// message. Appends audit entries to `audits` for the caller to write. Returns offers made.
// Safe to re-run (tokens are drawn afresh).
Result<std::int64_t> offer_free_places(store::Conn& c, const Clock& clock, const Mailer& m, int hold_hours,
                                       const std::string& municipality_id, const std::string& activity_id,
                                       std::vector<audit::Entry>& audits);

// The job "activities.waiting_lists": for every municipality, closes the queues of activities
// that have started (→ not_placed), expires stale offers and offers free places to the next.
// One transaction per activity. Returns the number of offers made. Idempotent. Thread-safe.
Result<std::int64_t> advance_waiting_lists(store::Database& db, const Clock& clock, const app::Settings& settings,
                                           const Mailer& m);

// The guardian's answer to an offer (by the participant; pages find it from a private link).
// accept: offered → confirmed while the offer holds; an offer that ran out fails with invalid
// "The offer has run out". decline: → declined, and the place goes to the next at once.
// Conflict when the participant holds no offer. Thread-safe.
Status answer_offer(store::Database& db, const Clock& clock, const Mailer& m, int hold_hours,
                    const std::string& municipality_id, const std::string& participant_id, bool accept,
                    const std::string& actor_id, const std::string& address);

}  // namespace kp::activities
