// Reservations (reservasjoner): someone from the public asks to borrow an item type for some
// dates; staff confirm or decline; at pick-up a confirmed reservation becomes a loan. The
// validation of the public form (pure) and the SQL, plus the counts the public "what can be
// borrowed now" page shows. Store functions take a store::Conn so callers compose them with
// the audit record (and the outbox message) in one transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "equipment/rules.hpp"
#include "store/database.hpp"

namespace kp::equipment {


enum class ReservationStatus { requested, confirmed, declined, picked_up };
const char* to_string(ReservationStatus s);
std::optional<ReservationStatus> reservation_status_from(std::string_view s);

struct Reservation {
  std::string id;
  std::string municipality_id;
  std::string type_id;
  std::int64_t quantity = 1;
  std::string from_date, to_date;  // ISO
  std::string name, phone, email;
  std::string language = "nb";
  std::string children;            // children's names, optional
  std::string receipt;             // code on the receipt
  ReservationStatus status = ReservationStatus::requested;
  std::optional<std::string> decided_by;
  std::optional<UnixSeconds> decided_at;
  std::optional<std::string> loan_id;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
  // Filled by reads:
  std::string type_name, type_size, category;
};

// What the public form sends (raw values).
struct ReservationInput {
  std::string type_id, quantity, from_date, to_date, name, phone, email, language, children;
};
// Fills `r` from the input or adds errors naming each bad field: an item type among
// `type_ids`, 1–10 of it, a pick-up date from `today` on (ISO) and at most 180 days ahead, a
// return date on or after it and at most 60 days later, a name, a phone number or an e-mail
// address (at least one, well-formed), a language among `languages` (else `page_lang`).
void apply_reservation_input(const ReservationInput& in, const std::vector<std::string>& type_ids,
                             const std::vector<std::string>& languages, std::string_view page_lang,
                             std::string_view today, Reservation& r, FieldErrorList& errors);

// ---- what can be borrowed now (counts only) -------------------------------------------------

// One public item type with how many can be lent today. Never who has the others.
struct Availability {
  std::string type_id;
  std::string category;
  std::string name;
  std::string size;
  std::int64_t available = 0;  // lendable now: not out, not retired or needing repair, maintenance not due
  std::int64_t total = 0;      // items/stock of the type that are not retired
};
// The municipality's public item types (passes left out: they are handed out, not lent) with
// their counts, by category order then name and size. `today` is ISO: an item whose periodic
// maintenance is overdue is not counted as available.
// With `include_hidden`, types not shown to the public are included too (for staff).
Result<std::vector<Availability>> public_availability(store::Conn& c, const std::string& municipality_id,
                                                      std::string_view today, bool include_hidden = false);

// Loan lines for `quantity` of the type: lendable numbered items in number order, or counted
// stock; invalid (field "items") when not that many can be lent now. Call it inside the lending
// transaction; lend() checks every rule again.
Result<std::vector<LoanLine>> lendable_lines(store::Conn& c, const std::string& municipality_id,
                                             const std::string& type_id, std::int64_t quantity,
                                             std::string_view today);
// The borrower a family's loans are made to (borrowers.family_id), if there is one.
Result<std::optional<std::string>> borrower_of_family(store::Conn& c, const std::string& municipality_id,
                                                      const std::string& family_id);
// The ids of the loans made as measures in the family's plan, newest first.
Result<std::vector<std::string>> loan_ids_of_family(store::Conn& c, const std::string& municipality_id,
                                                    const std::string& family_id);

// ---- reservations -----------------------------------------------------------------------------

// Inserts a new request (id, receipt, type, dates, contact set); status requested.
Status insert_reservation(store::Conn& c, const Reservation& r, UnixSeconds now);
// One reservation of the municipality (type name filled); nullopt when there is none.
Result<std::optional<Reservation>> get_reservation(store::Conn& c, const std::string& municipality_id,
                                                   const std::string& id);
// The municipality's reservations with `status` (all when nullopt), soonest pick-up first.
Result<std::vector<Reservation>> list_reservations(store::Conn& c, const std::string& municipality_id,
                                                   std::optional<ReservationStatus> status);
// Moves a reservation from `from` to `to`, recording who decided; conflict "already answered"
// when it is no longer in `from` (two staff answering at once: one wins).
Status set_reservation_status(store::Conn& c, const std::string& municipality_id, const std::string& id,
                              ReservationStatus from, ReservationStatus to, const std::string& by, UnixSeconds now);
// Marks a confirmed reservation as picked up by loan `loan_id`; conflict when not confirmed.
Status mark_picked_up(store::Conn& c, const std::string& municipality_id, const std::string& id,
                      const std::string& loan_id, const std::string& by, UnixSeconds now);

}  // namespace kp::equipment
