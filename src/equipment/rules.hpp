// Decisions of the equipment pool, pure and thread-safe: form input → model with field errors,
// when maintenance is due, whether an item can be lent, status for staff, overdue blocking.
// Messages are English msgids (pages translate them); field names are the form's.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "equipment/model.hpp"

namespace kp::equipment {

using FieldErrorList = std::vector<std::pair<std::string, std::string>>;

// Today's date in Oslo, 'YYYY-MM-DD'.
std::string today_iso(const Clock& clock);
// `iso` plus `days` (may be negative); `iso` must be a valid date.
std::string add_days(std::string_view iso, int days);
// `iso` plus `months`, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
std::string add_months(std::string_view iso, int months);
// Whole days from `from` to `to` (negative when `to` is earlier).
std::int64_t days_between(std::string_view from, std::string_view to);

// ---- maintenance -----------------------------------------------------------------------------

// The date periodic maintenance falls due for `item` (last maintenance, or the day the item was
// registered, plus the type's months); nullopt without a periodic plan.
std::optional<std::string> next_periodic_maintenance(const Item& item);
// True when the item must be maintained before it is lent again: returned under an
// after-each-loan plan since its last maintenance, or its periodic date is today or earlier.
bool maintenance_due(const Item& item, std::string_view today);

// ---- lending -----------------------------------------------------------------------------------

// Staff's one-word status of an item (retired, on loan when nothing is left, needs repair,
// maintenance due, available).
ItemStatus status_of(const Item& item, std::string_view today);
// Whether `quantity` of `item` can be lent now; the error (invalid, field "items") says why not
// in words a lender understands ("… needs maintenance before it can be lent again …").
Status check_lendable(const Item& item, std::int64_t quantity, std::string_view today);
inline bool lendable(const Item& item, std::string_view today) { return check_lendable(item, 1, today).has_value(); }
// True when an open loan due on `due_on` is overdue by more than `block_days` days on `today`,
// which blocks new loans to its borrower (setting loan_block_overdue_days).
bool blocks_new_loans(std::string_view due_on, std::string_view today, int block_days);
// Days a loan due on `due_on` is overdue on `today` (0 when not overdue).
std::int64_t days_overdue(std::string_view due_on, std::string_view today);

// ---- form input ----------------------------------------------------------------------------------

struct TypeInput {
  std::string category, name, size, counted, every_months, after_each_loan, is_public, description;
};
void apply_type_input(const TypeInput& in, ItemType& t, FieldErrorList& errors);

struct ItemInput {
  std::string type_id, number, condition, site_id, note, quantity;
};
// `counted`: the chosen type is counted stock (quantity may be > 1).
void apply_item_input(const ItemInput& in, bool counted, Item& i, FieldErrorList& errors);

struct BorrowerInput {
  std::string name, phone, email, language;
};
void apply_borrower_input(const BorrowerInput& in, Borrower& b, FieldErrorList& errors);

// Children as co-borrowers from parallel form fields child_name_N / child_year_N; empty rows
// are skipped. Errors name "child_name_N" / "child_year_N".
std::vector<CoBorrower> read_children(const std::vector<std::pair<std::string, std::string>>& rows,
                                      int this_year, FieldErrorList& errors);

// A due date for a new loan or a renewal: a valid date, not before today, at most a year ahead,
// and for a renewal later than the current due date. Errors name `field`.
std::string check_due_date(std::string_view value, std::string_view today,
                           const std::optional<std::string>& current_due, const char* field,
                           FieldErrorList& errors);

struct MaintenanceInput {
  std::string done_on, what, cost, done_by_name, condition_after;
};
// condition_after: "" keeps the item's condition; otherwise a Condition code.
void apply_maintenance_input(const MaintenanceInput& in, std::string_view today, MaintenanceRecord& r,
                             std::optional<Condition>& condition_after, FieldErrorList& errors);

}  // namespace kp::equipment
