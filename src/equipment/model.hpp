// Equipment pool (utstyrslager): plain data, no SQL, no HTML. Tables in
// src/store/migrations/0007_equipment.sql; SQL in store.cpp / loan_store.cpp /
// maintenance_store.cpp; decisions in rules.hpp.
//
// Two kinds of stock share one `Item` row shape:
//  - individually numbered items (ski pair 'SKI-014'): quantity == 1;
//  - counted stock of a type (e.g. 40 swimming tickets): one row, quantity = how many we own.
// `quantity_out` is what is lent out right now; available = quantity - quantity_out, and the
// store keeps 0 <= quantity_out <= quantity inside the lending transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace kp::equipment {

// Item type categories, in display order (stored codes). 'pass' covers passes and tickets
// (heiskort, svømme-, klatre-, kinobillett) — counted stock, expiry handled by 0009.
const std::vector<std::string>& categories();
bool is_category(std::string_view code);
// English msgid naming a category for people ("Skis", "Life jackets" …).
const char* category_label(std::string_view code);

enum class Condition { good, worn, needs_repair, retired };
const char* to_string(Condition c);
std::optional<Condition> condition_from(std::string_view s);
// English msgid for people ("Good", "Worn", "Needs repair", "Retired").
const char* condition_label(Condition c);

struct Site {                       // lager / hentested
  std::string id;
  std::string name;
};

struct ItemType {
  std::string id;
  std::string category = "other";
  std::string name;                 // 'Langrennski'
  std::string size;                 // '150 cm', '' when none
  bool counted = false;             // counted stock instead of numbered items
  std::optional<int> maintenance_every_months;  // periodic plan; nullopt = none
  bool maintenance_after_each_loan = false;
  bool is_public = true;            // shown on the public "what can be borrowed" page
  std::string description;
  std::int64_t version = 1;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;

  bool has_maintenance_plan() const {
    return maintenance_after_each_loan || maintenance_every_months.has_value();
  }
};

struct Item {
  std::string id;
  std::string type_id;
  std::string number;               // 'SKI-014'
  Condition condition = Condition::good;
  std::optional<std::string> site_id;
  std::string note;
  std::optional<std::string> photo;
  std::int64_t quantity = 1;
  std::int64_t quantity_out = 0;
  std::string last_maintained_on;   // 'YYYY-MM-DD' or ''
  bool maintenance_due = false;     // set at return under an after-each-loan plan
  std::int64_t version = 1;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;

  // Filled by list/get reads (joined):
  std::string type_name, type_size, category, site_name;
  bool counted = false;
  std::optional<int> maintenance_every_months;
  bool maintenance_after_each_loan = false;

  std::int64_t available() const { return quantity - quantity_out; }
};

// What staff see for an item at a glance, most urgent first.
enum class ItemStatus { available, on_loan, maintenance_due, needs_repair, retired };
const char* to_string(ItemStatus s);
const char* status_label(ItemStatus s);   // English msgid

struct Borrower {                   // adult responsible borrower (ansvarlig låner)
  std::string id;
  std::string name;
  std::string phone;
  std::string email;
  std::string language = "nb";
  std::optional<std::string> family_id;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
};

struct CoBorrower {                 // a child on the loan (medlåntaker)
  std::string name;
  std::optional<int> birth_year;
};

struct LoanLine {
  std::string item_id;
  std::int64_t quantity = 1;
  std::string return_condition;     // '' while out; a Condition code after return
  // Filled by reads:
  std::string number, type_name, category;
};

struct Loan {
  std::string id;
  std::string borrower_id;
  UnixSeconds out_at = 0;
  std::string due_on;               // 'YYYY-MM-DD', last day
  std::optional<UnixSeconds> returned_at;
  int renewals = 0;
  std::string note;
  std::string created_by;
  std::optional<std::string> returned_by;
  std::optional<std::string> family_id;
  std::optional<std::string> measure_id;
  std::string last_reminder_on;
  UnixSeconds created_at = 0;
  std::vector<LoanLine> lines;
  std::vector<CoBorrower> children;
  // Filled by reads:
  std::string borrower_name;

  bool open() const { return !returned_at.has_value(); }
};

struct MaintenanceRecord {
  std::string id;
  std::string item_id;
  std::string done_on;              // 'YYYY-MM-DD'
  std::string what;
  std::int64_t cost_ore = 0;
  std::string done_by_name;
  std::string recorded_by;          // user id
  UnixSeconds recorded_at = 0;
};

}  // namespace kp::equipment
