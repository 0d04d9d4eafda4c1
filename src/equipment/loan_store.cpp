#include "equipment/loan_store.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "equipment/rules.hpp"
#include "equipment/store.hpp"

namespace kp::equipment {
namespace {

using store::Row;
using store::Value;

constexpr const char* kBorrowerColumns = "id, name, phone, email, language, family_id, created_at, updated_at";

Borrower borrower_from_row(const Row& r) {
  Borrower b;
  b.id = r.text(0);
  b.name = r.text(1);
  b.phone = r.text(2);
  b.email = r.text(3);
  b.language = r.text(4);
  b.family_id = r.opt_text(5);
  b.created_at = r.integer(6);
  b.updated_at = r.integer(7);
  return b;
}

#define KP_LOAN_SELECT                                                                                          \
  "SELECT l.id, l.borrower_id, l.out_at, l.due_on, l.returned_at, l.renewals, l.note, l.created_by, "           \
  "l.returned_by, l.family_id, l.measure_id, l.last_reminder_on, l.created_at, b.name "                         \
  "FROM loans l JOIN borrowers b ON b.id = l.borrower_id "

Loan loan_from_row(const Row& r) {
  Loan l;
  l.id = r.text(0);
  l.borrower_id = r.text(1);
  l.out_at = r.integer(2);
  l.due_on = r.text(3);
  l.returned_at = r.opt_integer(4);
  l.renewals = static_cast<int>(r.integer(5));
  l.note = r.text(6);
  l.created_by = r.text(7);
  l.returned_by = r.opt_text(8);
  l.family_id = r.opt_text(9);
  l.measure_id = r.opt_text(10);
  l.last_reminder_on = r.text(11);
  l.created_at = r.integer(12);
  l.borrower_name = r.text(13);
  return l;
}

// Fills lines and children of each loan (one query per loan: lists are short).
Status fill_details(Conn& c, const std::string& municipality_id, std::vector<Loan>& loans) {
  for (auto& l : loans) {
    auto lines = c.query(
        "SELECT li.item_id, li.quantity, li.return_condition, i.number, t.name, t.category "
        "FROM loan_items li JOIN items i ON i.id = li.item_id JOIN item_types t ON t.id = i.type_id "
        "WHERE li.municipality_id = $1 AND li.loan_id = $2 ORDER BY i.number_sort",
        {municipality_id, l.id});
    if (!lines) return pass(lines);
    l.lines.clear();
    for (const auto& r : *lines)
      l.lines.push_back(LoanLine{r.text(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5)});
    auto kids = c.query(
        "SELECT child_name, birth_year FROM loan_children WHERE municipality_id = $1 AND loan_id = $2 ORDER BY position",
        {municipality_id, l.id});
    if (!kids) return pass(kids);
    l.children.clear();
    for (const auto& r : *kids) {
      CoBorrower cb;
      cb.name = r.text(0);
      if (auto y = r.opt_integer(1)) cb.birth_year = static_cast<int>(*y);
      l.children.push_back(std::move(cb));
    }
  }
  return {};
}

Result<std::vector<Loan>> loans_from(Conn& c, const std::string& municipality_id, Result<store::Rows> rows) {
  if (!rows) return pass(rows);
  std::vector<Loan> out;
  for (const auto& r : *rows) out.push_back(loan_from_row(r));
  KP_TRY(fill_details(c, municipality_id, out));
  return out;
}

// Conditions from best to worst, for "the returned condition is worse than the item's".
int severity(Condition c) {
  switch (c) {
    case Condition::good: return 0;
    case Condition::worn: return 1;
    case Condition::needs_repair: return 2;
    case Condition::retired: return 3;
  }
  return 0;
}

}  // namespace

Result<std::vector<Borrower>> find_borrowers(Conn& c, const std::string& municipality_id, std::string_view query,
                                             int limit) {
  auto rows = c.query(std::string("SELECT ") + kBorrowerColumns +
                          " FROM borrowers WHERE municipality_id = $1 ORDER BY name_sort, id",
                      {municipality_id});
  if (!rows) return pass(rows);
  const std::string folded = text::fold(query);
  const auto wanted = text::words(folded);
  std::string digits;
  for (char ch : query)
    if (ch >= '0' && ch <= '9') digits += ch;
  std::vector<Borrower> out;
  for (const auto& r : *rows) {
    Borrower b = borrower_from_row(r);
    bool match = wanted.empty();
    if (!match && digits.size() >= 3) {
      std::string phone;
      for (char ch : b.phone)
        if (ch >= '0' && ch <= '9') phone += ch;
      match = phone.find(digits) != std::string::npos;
    }
    if (!match && !wanted.empty()) {
      const auto have = text::words(text::fold(b.name));
      match = std::all_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
        return std::any_of(have.begin(), have.end(), [&](const std::string& h) { return h.rfind(w, 0) == 0; });
      });
    }
    if (match) out.push_back(std::move(b));
    if (limit > 0 && static_cast<int>(out.size()) >= limit) break;
  }
  return out;
}

Result<std::optional<Borrower>> get_borrower(Conn& c, const std::string& municipality_id, const std::string& id) {
  auto row = c.query_one(std::string("SELECT ") + kBorrowerColumns + " FROM borrowers WHERE municipality_id = $1 AND id = $2",
                         {municipality_id, id});
  if (!row) return pass(row);
  if (!*row) return std::optional<Borrower>();
  return std::optional<Borrower>(borrower_from_row(**row));
}

Status insert_borrower(Conn& c, const std::string& municipality_id, const Borrower& b, UnixSeconds now) {
  auto n = c.exec(
      "INSERT INTO borrowers (id, municipality_id, name, name_sort, phone, email, language, family_id, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
      {b.id, municipality_id, b.name, text::nb_sort_key(b.name), b.phone, b.email, b.language,
       store::nullable(b.family_id), now});
  if (!n) return pass(n);
  return {};
}

Result<std::optional<std::string>> blocking_due_date(Conn& c, const std::string& municipality_id,
                                                     const std::string& borrower_id, std::string_view today,
                                                     int block_days) {
  // Overdue by more than block_days: due before today - block_days.
  const std::string limit = add_days(today, -block_days);
  auto row = c.query_one(
      "SELECT MIN(due_on) FROM loans WHERE municipality_id = $1 AND borrower_id = $2 AND returned_at IS NULL "
      "AND due_on < $3",
      {municipality_id, borrower_id, limit});
  if (!row) return pass(row);
  if (!*row || (*row)->is_null(0)) return std::optional<std::string>();
  return std::optional<std::string>((*row)->text(0));
}

Status lend(Conn& c, const LendRequest& r, std::string_view today, UnixSeconds now) {
  const std::string& m = r.municipality_id;
  auto borrower = get_borrower(c, m, r.borrower_id);
  if (!borrower) return pass(borrower);
  if (!*borrower) return invalid(N_("Choose a borrower."), "borrower");
  auto blocked = blocking_due_date(c, m, r.borrower_id, today, r.block_days);
  if (!blocked) return pass(blocked);
  if (*blocked)
    return invalid(N_("The borrower has a loan that is long overdue. It must be returned before they can borrow more."),
                   "borrower");
  if (r.lines.empty()) return invalid(N_("Choose what is lent."), "items");
  for (const auto& line : r.lines) {
    auto item = get_item(c, m, line.item_id);
    if (!item) return pass(item);
    if (!*item) return invalid(N_("Choose what is lent."), "items");
    KP_TRY(check_lendable(**item, line.quantity, today));
    KP_TRY(take_out(c, m, line.item_id, line.quantity, now));
  }
  auto n = c.exec(
      "INSERT INTO loans (id, municipality_id, borrower_id, out_at, due_on, returned_at, renewals, note, created_by, "
      "returned_by, family_id, measure_id, last_reminder_on, created_at) "
      "VALUES ($1, $2, $3, $4, $5, NULL, 0, $6, $7, NULL, $8, $9, '', $4)",
      {r.loan_id, m, r.borrower_id, now, r.due_on, r.note, r.created_by, store::nullable(r.family_id),
       store::nullable(r.measure_id)});
  if (!n) return pass(n);
  for (const auto& line : r.lines) {
    auto li = c.exec(
        "INSERT INTO loan_items (loan_id, item_id, municipality_id, quantity, return_condition) VALUES ($1, $2, $3, $4, '')",
        {r.loan_id, line.item_id, m, line.quantity});
    if (!li) return pass(li);
  }
  std::int64_t pos = 0;
  for (const auto& child : r.children) {
    auto ch = c.exec(
        "INSERT INTO loan_children (loan_id, position, municipality_id, child_name, birth_year) VALUES ($1, $2, $3, $4, $5)",
        {r.loan_id, ++pos, m, child.name,
         child.birth_year ? Value(static_cast<std::int64_t>(*child.birth_year)) : Value(nullptr)});
    if (!ch) return pass(ch);
  }
  return {};
}

Status return_loan(Conn& c, const std::string& municipality_id, const std::string& loan_id,
                   const std::vector<std::pair<std::string, Condition>>& conditions, const std::string& by,
                   UnixSeconds now) {
  auto n = c.exec("UPDATE loans SET returned_at = $1, returned_by = $2 WHERE municipality_id = $3 AND id = $4 "
                  "AND returned_at IS NULL",
                  {now, by, municipality_id, loan_id});
  if (!n) return pass(n);
  if (*n == 0) return not_found(N_("This loan is already returned."));
  auto lines = c.query(
      "SELECT li.item_id, li.quantity, t.counted, t.maintenance_after_each_loan, i.condition "
      "FROM loan_items li JOIN items i ON i.id = li.item_id JOIN item_types t ON t.id = i.type_id "
      "WHERE li.municipality_id = $1 AND li.loan_id = $2",
      {municipality_id, loan_id});
  if (!lines) return pass(lines);
  for (const auto& row : *lines) {
    const std::string item_id = row.text(0);
    Condition cond = Condition::good;
    for (const auto& [id, cnd] : conditions)
      if (id == item_id) cond = cnd;
    auto li = c.exec("UPDATE loan_items SET return_condition = $1 WHERE municipality_id = $2 AND loan_id = $3 AND item_id = $4",
                     {to_string(cond), municipality_id, loan_id, item_id});
    if (!li) return pass(li);
    KP_TRY(put_back(c, municipality_id, item_id, row.integer(1), now));
    const bool counted = row.integer(2) != 0;
    const bool after_each = row.integer(3) != 0;
    const Condition before = condition_from(row.text(4)).value_or(Condition::good);
    // Counted stock is one row for many pieces: one damaged piece must not block the rest, so
    // only numbered items take the returned condition.
    const Condition next = !counted && severity(cond) > severity(before) ? cond : before;
    auto up = c.exec(
        "UPDATE items SET condition = $1, maintenance_due = CASE WHEN $2 = 1 THEN 1 ELSE maintenance_due END, "
        "updated_at = $3 WHERE municipality_id = $4 AND id = $5",
        {to_string(next), std::int64_t(after_each && !counted), now, municipality_id, item_id});
    if (!up) return pass(up);
  }
  return {};
}

Status renew_loan(Conn& c, const std::string& municipality_id, const std::string& loan_id, const std::string& new_due,
                  std::string_view today, int block_days) {
  auto loan = c.query_one("SELECT borrower_id, due_on FROM loans WHERE municipality_id = $1 AND id = $2 AND returned_at IS NULL",
                          {municipality_id, loan_id});
  if (!loan) return pass(loan);
  if (!*loan) return not_found(N_("This loan is already returned."));
  if (new_due <= (*loan)->text(1)) return invalid(N_("Choose a date after the current due date."), "due_on");
  auto blocked = blocking_due_date(c, municipality_id, (*loan)->text(0), today, block_days);
  if (!blocked) return pass(blocked);
  if (*blocked)
    return invalid(N_("The borrower has a loan that is long overdue. It must be returned before a loan can be renewed."),
                   "due_on");
  auto n = c.exec("UPDATE loans SET due_on = $1, renewals = renewals + 1 WHERE municipality_id = $2 AND id = $3",
                  {new_due, municipality_id, loan_id});
  if (!n) return pass(n);
  return {};
}

Result<std::optional<Loan>> get_loan(Conn& c, const std::string& municipality_id, const std::string& id) {
  auto loans = loans_from(c, municipality_id,
                          c.query(KP_LOAN_SELECT "WHERE l.municipality_id = $1 AND l.id = $2", {municipality_id, id}));
  if (!loans) return pass(loans);
  if (loans->empty()) return std::optional<Loan>();
  return std::optional<Loan>(std::move(loans->front()));
}

Result<std::vector<Loan>> loans_of_item(Conn& c, const std::string& municipality_id, const std::string& item_id,
                                        int limit) {
  return loans_from(c, municipality_id,
                    c.query(KP_LOAN_SELECT
                            "JOIN loan_items li ON li.loan_id = l.id WHERE l.municipality_id = $1 AND li.item_id = $2 "
                            "ORDER BY l.out_at DESC, l.id LIMIT $3",
                            {municipality_id, item_id, std::int64_t(limit)}));
}

Result<std::vector<Loan>> open_loans(Conn& c, const std::string& municipality_id, std::string_view due_before) {
  return loans_from(c, municipality_id,
                    c.query(KP_LOAN_SELECT
                            "WHERE l.municipality_id = $1 AND l.returned_at IS NULL AND ($2 = '' OR l.due_on < $2) "
                            "ORDER BY l.due_on, l.out_at, l.id",
                            {municipality_id, std::string(due_before)}));
}

Result<std::vector<Loan>> loans_since(Conn& c, const std::string& municipality_id, UnixSeconds from) {
  return loans_from(c, municipality_id,
                    c.query(KP_LOAN_SELECT "WHERE l.municipality_id = $1 AND l.out_at >= $2 ORDER BY l.out_at, l.id",
                            {municipality_id, from}));
}

Result<std::vector<std::string>> municipalities_with_overdue_loans(Conn& c, std::string_view today) {
  auto rows = c.query("SELECT DISTINCT municipality_id FROM loans WHERE returned_at IS NULL AND due_on < $1 "
                      "ORDER BY municipality_id",
                      {std::string(today)});
  if (!rows) return pass(rows);
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.text(0));
  return out;
}

Status mark_reminded(Conn& c, const std::string& municipality_id, const std::string& loan_id, std::string_view today) {
  auto n = c.exec("UPDATE loans SET last_reminder_on = $1 WHERE municipality_id = $2 AND id = $3",
                  {std::string(today), municipality_id, loan_id});
  if (!n) return pass(n);
  return {};
}

}  // namespace kp::equipment
