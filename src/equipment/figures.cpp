#include "equipment/figures.hpp"

#include <algorithm>
#include <set>

#include "equipment/rules.hpp"

namespace kp::equipment {
namespace {

std::string month_of(std::string_view iso) { return std::string(iso.substr(0, 7)); }

std::string month_of(UnixSeconds t) { return month_of(format_iso_date(to_oslo(t).date)); }

}  // namespace

std::string figures_start(std::string_view today) {
  CivilDate d;
  if (!parse_iso_date(today, d)) return std::string(today);
  int m = d.year * 12 + (d.month - 1) - 11;
  return format_iso_date(CivilDate{m / 12, m % 12 + 1, 1});
}

EquipmentFigures compute_figures(const std::vector<Loan>& loans, const std::vector<Loan>& open,
                                 const std::vector<PassHandout>& handouts, const std::vector<Item>& items,
                                 std::string_view today) {
  EquipmentFigures f;
  for (const auto& l : open) {
    ++f.open_loans;
    if (l.due_on < today) ++f.overdue_loans;
  }
  const std::string start = figures_start(today);
  CivilDate d;
  parse_iso_date(start, d);
  for (int i = 0; i < 12; ++i) {
    const int m = d.year * 12 + (d.month - 1) + i;
    f.months.push_back(format_iso_date(CivilDate{m / 12, m % 12 + 1, 1}).substr(0, 7));
  }
  const std::string first = f.months.front(), last = f.months.back();
  std::set<std::string> borrowers, cats;
  for (const auto& l : loans) {
    const std::string month = month_of(l.out_at);
    if (month < first || month > last) continue;
    ++f.loans_total;
    ++f.loans_per_month[month];
    borrowers.insert(l.borrower_id);
    std::set<std::string> in_loan;
    for (const auto& line : l.lines) in_loan.insert(line.category);
    for (const auto& c : in_loan) {
      ++f.loans[{month, c}];
      cats.insert(c);
    }
  }
  f.borrowers = static_cast<std::int64_t>(borrowers.size());
  for (const auto& c : categories())
    if (cats.count(c)) f.categories.push_back(c);
  for (const auto& c : cats)
    if (std::find(f.categories.begin(), f.categories.end(), c) == f.categories.end()) f.categories.push_back(c);
  for (const auto& i : items) {
    if (i.condition == Condition::retired) continue;
    ++f.items_total;
    if (i.condition == Condition::needs_repair || maintenance_due(i, today)) ++f.items_needing_maintenance;
  }
  for (const auto& h : handouts) {
    const std::string month = month_of(h.handed_out_on);
    if (month < first || month > last) continue;
    f.passes[{month, h.kind}] += h.count;
    f.passes_per_kind[h.kind] += h.count;
    f.passes_total += h.count;
  }
  return f;
}

}  // namespace kp::equipment
