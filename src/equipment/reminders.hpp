// Overdue reminders for equipment loans (purring), queued through the messaging outbox in the
// borrower's language. Run by the background job "equipment.overdue_reminders" (registered in
// routes.cpp) and by `knutepunkt jobs run`.
#pragma once
#include <cstdint>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "i18n/i18n.hpp"
#include "store/database.hpp"

namespace kp::equipment {

// Days between two reminders for the same loan.
inline constexpr int kReminderEveryDays = 7;

// For every open loan due before today (Oslo) in every municipality whose last reminder is
// older than kReminderEveryDays (or none): enqueues one message to the borrower — e-mail when
// an address is stored, else SMS to the phone — rendered in the borrower's language, marks the
// loan reminded and appends "loan.reminder" (actor "system") in the same transaction.
// Borrowers without any contact are skipped. Idempotent per day. `queued` (optional) gets the
// number of messages queued. Thread-safe; blocking.
Status enqueue_overdue_reminders(store::Database& db, const Clock& clock, const i18n::Catalogs& catalogs,
                                 std::int64_t* queued = nullptr);

}  // namespace kp::equipment
