// Borrowers and loans (utlån): lend, return with a condition check, renew, overdue lists, and
// the overdue reminders. Functions take a store::Conn so callers compose them with their audit
// record in ONE write transaction; on PostgreSQL that transaction may be re-run, so nothing
// here keeps state between attempts. Every query is filtered by municipality.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "equipment/model.hpp"
#include "store/database.hpp"

namespace kp::equipment {

using store::Conn;

// ---- borrowers --------------------------------------------------------------------------------

// Borrowers whose name starts with a word of `text` (folded) or whose phone contains its digits,
// in name order, at most `limit`. Empty text: the most recently registered.
Result<std::vector<Borrower>> find_borrowers(Conn& c, const std::string& municipality_id, std::string_view text,
                                             int limit);
Result<std::optional<Borrower>> get_borrower(Conn& c, const std::string& municipality_id, const std::string& id);
// Inserts a borrower; `b.id` must be set.
Status insert_borrower(Conn& c, const std::string& municipality_id, const Borrower& b, UnixSeconds now);

// The oldest due date of the borrower's open loans overdue by more than `block_days` on
// `today`, or nullopt when nothing blocks a new loan.
Result<std::optional<std::string>> blocking_due_date(Conn& c, const std::string& municipality_id,
                                                     const std::string& borrower_id, std::string_view today,
                                                     int block_days);

// ---- lending ----------------------------------------------------------------------------------

struct LendRequest {
  std::string municipality_id;
  std::string loan_id;                 // set by the caller (ids::new_uuid())
  std::string borrower_id;             // an existing borrower
  std::vector<LoanLine> lines;         // item_id + quantity (1 for numbered items)
  std::vector<CoBorrower> children;
  std::string due_on;                  // checked by rules::check_due_date
  std::string note;
  std::string created_by;              // user id
  std::optional<std::string> family_id;   // lent as a measure in a family's plan
  std::optional<std::string> measure_id;
  int block_days = 14;                 // settings.loan_block_overdue_days
};
// Lends inside the caller's write transaction: the borrower exists and is not blocked by a long
// overdue loan (invalid, field "borrower": "… has a loan that is long overdue …"); every item
// exists, is not retired or in need of repair, its maintenance is not due, and enough is
// available (invalid/conflict, field "items", see rules::check_lendable); then stock is taken
// out (store::take_out, which cannot go below zero) and the loan, its lines and children are
// written. The caller appends the audit record ("loan.create") in the same transaction.
Status lend(Conn& c, const LendRequest& r, std::string_view today, UnixSeconds now);

// Returns the open loan: `conditions` holds one (item_id, Condition) per line (missing lines
// count as good). Each numbered item takes the returned condition when it is worse than
// "good" (needs_repair blocks lending until maintenance repairs it), stock is put back, and
// items whose type has an after-each-loan plan get maintenance_due. not_found when the loan is
// not open in the municipality. The caller appends "loan.return".
Status return_loan(Conn& c, const std::string& municipality_id, const std::string& loan_id,
                   const std::vector<std::pair<std::string, Condition>>& conditions, const std::string& by,
                   UnixSeconds now);

// Moves the due date of an open loan to `new_due` and counts the renewal. Fails (invalid, field
// "due_on") while the borrower is blocked by another long overdue loan. Caller appends
// "loan.renew".
Status renew_loan(Conn& c, const std::string& municipality_id, const std::string& loan_id, const std::string& new_due,
                  std::string_view today, int block_days);

// ---- reads ------------------------------------------------------------------------------------

// The loan with its lines (item numbers, type names), children and borrower name.
Result<std::optional<Loan>> get_loan(Conn& c, const std::string& municipality_id, const std::string& id);
// Loans that included the item, newest first (with borrower name, lines and children).
Result<std::vector<Loan>> loans_of_item(Conn& c, const std::string& municipality_id, const std::string& item_id,
                                        int limit);
// Open loans, the earliest due first; only those due before `due_before` when it is not empty
// (pass today to get the overdue ones).
Result<std::vector<Loan>> open_loans(Conn& c, const std::string& municipality_id, std::string_view due_before);
// All loans out at or after `from` (UTC seconds), for figures.
Result<std::vector<Loan>> loans_since(Conn& c, const std::string& municipality_id, UnixSeconds from);
// Municipalities with open loans due before `today` (for the reminder job, which runs for all).
Result<std::vector<std::string>> municipalities_with_overdue_loans(Conn& c, std::string_view today);
// Records that an overdue reminder for the loan was queued on `today`.
Status mark_reminded(Conn& c, const std::string& municipality_id, const std::string& loan_id, std::string_view today);

}  // namespace kp::equipment
