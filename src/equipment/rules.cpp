#include "equipment/rules.hpp"

#include <charconv>

#include "core/money.hpp"
#include "core/text.hpp"
#include "families/rules.hpp"
#include "i18n/i18n.hpp"

namespace kp::equipment {

using families::optional_date;
using families::optional_text;
using families::required_text;

namespace {

CivilDate parse_or_epoch(std::string_view iso) {
  CivilDate d;
  if (!parse_iso_date(iso, d)) d = CivilDate{};
  return d;
}

// A small non-negative whole number typed into a form; nullopt when it is not one.
std::optional<std::int64_t> whole_number(std::string_view s, std::int64_t max) {
  s = text::trim(s);
  if (s.empty() || s.size() > 9) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0 || v > max) return std::nullopt;
  return v;
}

bool checked(std::string_view v) { return v == "1" || v == "on"; }

}  // namespace

std::string today_iso(const Clock& clock) { return format_iso_date(to_oslo(clock.now()).date); }

std::string add_days(std::string_view iso, int days) {
  return format_iso_date(civil_from_days(days_from_civil(parse_or_epoch(iso)) + days));
}

std::string add_months(std::string_view iso, int months) {
  CivilDate d = parse_or_epoch(iso);
  const int total = d.year * 12 + (d.month - 1) + months;
  CivilDate out{total / 12, total % 12 + 1, 1};
  // Last day of the target month: the day before the first of the next.
  const CivilDate next{out.month == 12 ? out.year + 1 : out.year, out.month == 12 ? 1 : out.month + 1, 1};
  const int last = civil_from_days(days_from_civil(next) - 1).day;
  out.day = std::min(d.day, last);
  return format_iso_date(out);
}

std::int64_t days_between(std::string_view from, std::string_view to) {
  return days_from_civil(parse_or_epoch(to)) - days_from_civil(parse_or_epoch(from));
}

std::optional<std::string> next_periodic_maintenance(const Item& item) {
  if (!item.maintenance_every_months) return std::nullopt;
  const std::string base =
      !item.last_maintained_on.empty() ? item.last_maintained_on : format_iso_date(to_oslo(item.created_at).date);
  return add_months(base, *item.maintenance_every_months);
}

bool maintenance_due(const Item& item, std::string_view today) {
  if (item.maintenance_due) return true;
  const auto next = next_periodic_maintenance(item);
  return next && *next <= today;
}

ItemStatus status_of(const Item& item, std::string_view today) {
  if (item.condition == Condition::retired) return ItemStatus::retired;
  if (item.available() <= 0) return ItemStatus::on_loan;
  if (item.condition == Condition::needs_repair) return ItemStatus::needs_repair;
  if (maintenance_due(item, today)) return ItemStatus::maintenance_due;
  return ItemStatus::available;
}

Status check_lendable(const Item& item, std::int64_t quantity, std::string_view today) {
  if (item.condition == Condition::retired) return invalid(N_("This item is retired and cannot be lent."), "items");
  if (item.condition == Condition::needs_repair)
    return invalid(N_("This item needs repair. Record the repair as maintenance before lending it."), "items");
  if (maintenance_due(item, today))
    return invalid(N_("This item needs maintenance before it can be lent again. Record the maintenance first."),
                   "items");
  if (quantity < 1) return invalid(N_("Choose at least one."), "items");
  if (item.available() < quantity)
    return invalid(item.counted ? N_("Not enough of this item is available.") : N_("This item is already on loan."),
                   "items");
  return {};
}

std::int64_t days_overdue(std::string_view due_on, std::string_view today) {
  const auto d = days_between(due_on, today);
  return d > 0 ? d : 0;
}

bool blocks_new_loans(std::string_view due_on, std::string_view today, int block_days) {
  return days_overdue(due_on, today) > block_days;
}

void apply_type_input(const TypeInput& in, ItemType& t, FieldErrorList& errors) {
  const std::string cat(text::trim(in.category));
  if (is_category(cat)) t.category = cat;
  else errors.emplace_back("category", N_("Choose a category."));
  t.name = required_text(in.name, "name", N_("Write the name of the type, for example Cross-country skis."), 120,
                         errors);
  t.size = optional_text(in.size, "size", 40, errors);
  t.counted = checked(in.counted);
  t.maintenance_after_each_loan = checked(in.after_each_loan);
  t.is_public = checked(in.is_public);
  t.description = optional_text(in.description, "description", 1000, errors);
  t.maintenance_every_months.reset();
  if (!text::trim(in.every_months).empty()) {
    auto n = whole_number(in.every_months, 120);
    if (!n || *n < 1) errors.emplace_back("every_months", N_("Write a number of months from 1 to 120, or leave it empty."));
    else t.maintenance_every_months = static_cast<int>(*n);
  }
}

void apply_item_input(const ItemInput& in, bool counted, Item& i, FieldErrorList& errors) {
  i.type_id = std::string(text::trim(in.type_id));
  if (i.type_id.empty()) errors.emplace_back("type_id", N_("Choose the type of item."));
  i.number = required_text(in.number, "number", N_("Write the item's number, for example SKI-014."), 40, errors);
  if (auto c = condition_from(text::trim(in.condition))) i.condition = *c;
  else errors.emplace_back("condition", N_("Choose the condition."));
  const std::string site(text::trim(in.site_id));
  i.site_id = site.empty() ? std::nullopt : std::optional<std::string>(site);
  i.note = optional_text(in.note, "note", 1000, errors);
  if (counted) {
    auto q = whole_number(in.quantity, 100000);
    if (!q) errors.emplace_back("quantity", N_("Write how many there are, as a whole number."));
    else i.quantity = *q;
  } else {
    i.quantity = 1;
  }
}

void apply_borrower_input(const BorrowerInput& in, Borrower& b, FieldErrorList& errors) {
  b.name = required_text(in.name, "borrower_name", N_("Write the borrower's name."), 120, errors);
  b.phone = optional_text(in.phone, "borrower_phone", 40, errors);
  if (!b.phone.empty() && b.phone.find_first_not_of("+0123456789 -()") != std::string::npos)
    errors.emplace_back("borrower_phone", N_("A phone number can only have digits, spaces and +."));
  b.email = optional_text(in.email, "borrower_email", 254, errors);
  if (!b.email.empty() && (b.email.find('@') == std::string::npos || b.email.find(' ') != std::string::npos))
    errors.emplace_back("borrower_email", N_("Write an e-mail address like name@example.no."));
  if (b.phone.empty() && b.email.empty())
    errors.emplace_back("borrower_phone", N_("Write a phone number or an e-mail address, so we can reach the borrower."));
  const std::string lang(text::trim(in.language));
  if (lang.empty()) b.language = "nb";
  else if (i18n::find_language(lang)) b.language = lang;
  else errors.emplace_back("borrower_language", N_("Choose a language from the list."));
}

std::vector<CoBorrower> read_children(const std::vector<std::pair<std::string, std::string>>& rows, int this_year,
                                      FieldErrorList& errors) {
  std::vector<CoBorrower> out;
  for (size_t n = 0; n < rows.size(); ++n) {
    const auto& [name, year] = rows[n];
    if (text::trim(name).empty() && text::trim(year).empty()) continue;
    const std::string name_field = "child_name_" + std::to_string(n + 1);
    const std::string year_field = "child_year_" + std::to_string(n + 1);
    CoBorrower c;
    c.name = required_text(name, name_field.c_str(), N_("Write the child's name."), 120, errors);
    if (!text::trim(year).empty()) {
      auto y = whole_number(year, 9999);
      if (!y || *y < this_year - 25 || *y > this_year) errors.emplace_back(year_field, N_("Write the year the child was born, for example 2015."));
      else c.birth_year = static_cast<int>(*y);
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::string check_due_date(std::string_view value, std::string_view today,
                           const std::optional<std::string>& current_due, const char* field, FieldErrorList& errors) {
  if (text::trim(value).empty()) {
    errors.emplace_back(field, N_("Choose the date the loan is due back."));
    return {};
  }
  const size_t before = errors.size();
  std::string d = optional_date(value, field, errors);
  if (errors.size() != before) return {};
  if (d < today) errors.emplace_back(field, N_("The due date cannot be in the past."));
  else if (d > add_days(today, 366)) errors.emplace_back(field, N_("A loan can last at most a year."));
  else if (current_due && d <= *current_due)
    errors.emplace_back(field, N_("Choose a date after the current due date."));
  return d;
}

void apply_maintenance_input(const MaintenanceInput& in, std::string_view today, MaintenanceRecord& r,
                             std::optional<Condition>& condition_after, FieldErrorList& errors) {
  if (text::trim(in.done_on).empty()) r.done_on = std::string(today);
  else {
    r.done_on = optional_date(in.done_on, "done_on", errors);
    if (!r.done_on.empty() && r.done_on > today) errors.emplace_back("done_on", N_("The date cannot be in the future."));
  }
  r.what = required_text(in.what, "what", N_("Write what was done, for example waxed and checked bindings."), 1000,
                         errors);
  r.done_by_name = required_text(in.done_by_name, "done_by_name", N_("Write who did the maintenance."), 120, errors);
  r.cost_ore = 0;
  if (!text::trim(in.cost).empty()) {
    auto cost = parse_nok(in.cost, "cost");
    if (!cost) errors.emplace_back("cost", cost.error().message);
    else r.cost_ore = *cost;
  }
  condition_after.reset();
  const std::string c(text::trim(in.condition_after));
  if (!c.empty()) {
    if (auto cond = condition_from(c)) condition_after = cond;
    else errors.emplace_back("condition_after", N_("Choose the condition."));
  }
}

}  // namespace kp::equipment
