#include "equipment/model.hpp"

#include <algorithm>

#include "core/result.hpp"

namespace kp::equipment {

namespace {
struct CategoryName {
  const char* code;
  const char* label;
};
const CategoryName kCategories[] = {
    {"ski", N_("Skis")},           {"skates", N_("Skates")},
    {"helmet", N_("Helmets")},     {"bike", N_("Bikes")},
    {"tent", N_("Tents")},         {"sleeping_bag", N_("Sleeping bags")},
    {"life_jacket", N_("Life jackets")}, {"outdoor", N_("Other outdoor gear")},
    {"sports", N_("Sports gear")}, {"pass", N_("Passes and tickets")},
    {"other", N_("Other")},
};
}  // namespace

const std::vector<std::string>& categories() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> v;
    for (const auto& c : kCategories) v.emplace_back(c.code);
    return v;
  }();
  return all;
}

bool is_category(std::string_view code) {
  return std::any_of(std::begin(kCategories), std::end(kCategories), [&](auto& c) { return code == c.code; });
}

const char* category_label(std::string_view code) {
  for (const auto& c : kCategories)
    if (code == c.code) return c.label;
  return N_("Other");
}

const char* to_string(Condition c) {
  switch (c) {
    case Condition::good: return "good";
    case Condition::worn: return "worn";
    case Condition::needs_repair: return "needs_repair";
    case Condition::retired: return "retired";
  }
  return "good";
}

std::optional<Condition> condition_from(std::string_view s) {
  if (s == "good") return Condition::good;
  if (s == "worn") return Condition::worn;
  if (s == "needs_repair") return Condition::needs_repair;
  if (s == "retired") return Condition::retired;
  return std::nullopt;
}

const char* condition_label(Condition c) {
  switch (c) {
    case Condition::good: return N_("Good");
    case Condition::worn: return N_("Worn");
    case Condition::needs_repair: return N_("Needs repair");
    case Condition::retired: return N_("Retired");
  }
  return N_("Good");
}

const char* to_string(ItemStatus s) {
  switch (s) {
    case ItemStatus::available: return "available";
    case ItemStatus::on_loan: return "on_loan";
    case ItemStatus::maintenance_due: return "maintenance_due";
    case ItemStatus::needs_repair: return "needs_repair";
    case ItemStatus::retired: return "retired";
  }
  return "available";
}

const char* status_label(ItemStatus s) {
  switch (s) {
    case ItemStatus::available: return N_("Available");
    case ItemStatus::on_loan: return N_("On loan");
    case ItemStatus::maintenance_due: return N_("Maintenance due");
    case ItemStatus::needs_repair: return N_("Needs repair");
    case ItemStatus::retired: return N_("Retired");
  }
  return N_("Available");
}

}  // namespace kp::equipment
