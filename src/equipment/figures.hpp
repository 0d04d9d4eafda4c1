// The equipment pool's figures (tall): loans per month and category, how many different
// borrowers, items that need maintenance, passes handed out per kind and month. Counts only —
// never who borrowed. Pure and thread-safe: the page loads loans, hand-outs and items and
// hands them here.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "equipment/model.hpp"
#include "equipment/pass_store.hpp"

namespace kp::equipment {

struct EquipmentFigures {
  std::vector<std::string> months;      // 'YYYY-MM', the 12 months up to and including this one
  std::vector<std::string> categories;  // categories lent in the period, in categories() order
  // (month, category) → loans out that month that included the category.
  std::map<std::pair<std::string, std::string>, std::int64_t> loans;
  std::map<std::string, std::int64_t> loans_per_month;  // month → loans out that month
  std::int64_t loans_total = 0;
  std::int64_t borrowers = 0;          // different borrowers with a loan in the period
  std::int64_t open_loans = 0;         // still out today
  std::int64_t overdue_loans = 0;      // still out and past their due date
  std::int64_t items_total = 0;        // items not retired
  std::int64_t items_needing_maintenance = 0;  // maintenance due or needing repair
  // (month, kind) → passes handed out.
  std::map<std::pair<std::string, PassKind>, std::int64_t> passes;
  std::map<PassKind, std::int64_t> passes_per_kind;
  std::int64_t passes_total = 0;
};

// The first day (ISO) of the period that ends with the month of `today`: 11 months back.
std::string figures_start(std::string_view today);
// Counts `loans` (out from figures_start on), the `open` loans, `handouts` and `items` as of
// `today` (ISO).
EquipmentFigures compute_figures(const std::vector<Loan>& loans, const std::vector<Loan>& open,
                                 const std::vector<PassHandout>& handouts, const std::vector<Item>& items,
                                 std::string_view today);

}  // namespace kp::equipment
