// Items, item types and the pure rules behind them: dates, when maintenance falls due, the
// status staff see, and form input errors that name their field.
#include <gtest/gtest.h>

#include "equipment/fixture.hpp"

namespace kp::test {
namespace {

using namespace kp::equipment;

TEST(EquipmentDates, AddingMonthsKeepsTheDayOrTheMonthsLastDay) {
  EXPECT_EQ(add_months("2026-01-31", 1), "2026-02-28");
  EXPECT_EQ(add_months("2028-01-31", 1), "2028-02-29");
  EXPECT_EQ(add_months("2026-11-18", 6), "2027-05-18");
  EXPECT_EQ(add_months("2026-12-01", 1), "2027-01-01");
  EXPECT_EQ(add_days("2026-12-31", 1), "2027-01-01");
  EXPECT_EQ(days_between("2026-11-01", "2026-11-18"), 17);
}

TEST(EquipmentRules, StatusShowsTheMostUrgentThingFirst) {
  Item i;
  i.quantity = 1;
  i.created_at = 1795000000;
  EXPECT_EQ(status_of(i, "2026-11-18"), ItemStatus::available);
  i.maintenance_due = true;
  EXPECT_EQ(status_of(i, "2026-11-18"), ItemStatus::maintenance_due);
  i.condition = Condition::needs_repair;
  EXPECT_EQ(status_of(i, "2026-11-18"), ItemStatus::needs_repair);
  i.quantity_out = 1;
  EXPECT_EQ(status_of(i, "2026-11-18"), ItemStatus::on_loan);
  i.condition = Condition::retired;
  EXPECT_EQ(status_of(i, "2026-11-18"), ItemStatus::retired);
}

TEST(EquipmentRules, PeriodicMaintenanceFallsDueCountedFromTheLastOne) {
  Item i;
  i.created_at = 1795000000;  // 2026-11-18
  i.maintenance_every_months = 6;
  EXPECT_EQ(next_periodic_maintenance(i), std::optional<std::string>("2027-05-18"));
  EXPECT_FALSE(maintenance_due(i, "2027-05-17"));
  EXPECT_TRUE(maintenance_due(i, "2027-05-18"));
  i.last_maintained_on = "2027-05-20";
  EXPECT_FALSE(maintenance_due(i, "2027-06-01"));
  EXPECT_EQ(next_periodic_maintenance(i), std::optional<std::string>("2027-11-20"));
}

TEST(EquipmentRules, LendingRefusesRetiredBrokenAndUnmaintainedItemsWithAReason) {
  Item i;
  i.created_at = 1795000000;
  EXPECT_TRUE(check_lendable(i, 1, "2026-11-18"));
  i.maintenance_due = true;
  auto r = check_lendable(i, 1, "2026-11-18");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "items");
  EXPECT_NE(r.error().message.find("maintenance"), std::string::npos);
  i.maintenance_due = false;
  i.condition = Condition::needs_repair;
  EXPECT_FALSE(check_lendable(i, 1, "2026-11-18"));
  i.condition = Condition::good;
  i.quantity_out = 1;
  EXPECT_FALSE(check_lendable(i, 1, "2026-11-18"));
}

TEST(EquipmentRules, ALoanBlocksNewLoansOnlyWhenOverdueLongerThanTheSetting) {
  EXPECT_FALSE(blocks_new_loans("2026-11-01", "2026-11-15", 14));
  EXPECT_TRUE(blocks_new_loans("2026-11-01", "2026-11-16", 14));
  EXPECT_EQ(days_overdue("2026-11-20", "2026-11-18"), 0);
}

TEST(EquipmentRules, FormErrorsNameTheirFields) {
  FieldErrorList errs;
  ItemType t;
  apply_type_input(TypeInput{"rocket", "", "", "", "0", "", "", ""}, t, errs);
  std::set<std::string> fields;
  for (const auto& [f, m] : errs) fields.insert(f);
  EXPECT_EQ(fields, (std::set<std::string>{"category", "name", "every_months"}));

  errs.clear();
  Borrower b;
  apply_borrower_input(BorrowerInput{"", "", "", ""}, b, errs);
  fields.clear();
  for (const auto& [f, m] : errs) fields.insert(f);
  EXPECT_EQ(fields, (std::set<std::string>{"borrower_name", "borrower_phone"}));

  errs.clear();
  check_due_date("2026-11-01", "2026-11-18", std::nullopt, "due_on", errs);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].first, "due_on");
  errs.clear();
  check_due_date("2026-12-01", "2026-11-18", std::string("2026-12-02"), "due_on", errs);
  EXPECT_EQ(errs.size(), 1u);

  errs.clear();
  auto kids = read_children({{"Ola", "2016"}, {"", ""}, {"", "1900"}}, 2026, errs);
  EXPECT_EQ(kids.size(), 2u);
  fields.clear();
  for (const auto& [f, m] : errs) fields.insert(f);
  EXPECT_EQ(fields, (std::set<std::string>{"child_name_3", "child_year_3"}));
}

using EquipmentItems = EquipmentTest;

TEST_F(EquipmentItems, ItemNumbersAreUniqueWithinTheMunicipality) {
  const auto type = make_type("Langrennski", false);
  make_item(type, "SKI-001");
  Item dup;
  dup.id = ids::new_uuid();
  dup.type_id = type;
  dup.number = "SKI-001";
  auto st = app_->db->with_write([&](store::Conn& c) { return insert_item(c, muni_, dup, clock_.now()); });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "number");
}

TEST_F(EquipmentItems, CountedStockCannotShrinkBelowWhatIsLentOut) {
  const auto type = make_type("Svømmebillett", false, {}, true, "pass");
  const auto id = make_item(type, "SWIM", 5);
  const auto borrower = make_borrower();
  ASSERT_TRUE(lend(borrower, id, 14, 3));
  Item i = item(id);
  EXPECT_EQ(i.available(), 2);
  i.quantity = 2;
  auto st = app_->db->with_write([&](store::Conn& c) { return update_item(c, muni_, i, i.version, clock_.now()); });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "quantity");
  i.quantity = 3;
  EXPECT_TRUE(app_->db->with_write([&](store::Conn& c) { return update_item(c, muni_, i, i.version, clock_.now()); }));
  EXPECT_EQ(item(id).available(), 0);
}

TEST_F(EquipmentItems, ItemsListWithTypeAndFilterByCategory) {
  const auto ski = make_type("Langrennski", false);
  const auto helmet = make_type("Sykkelhjelm", false, {}, false, "helmet");
  make_item(ski, "SKI-002");
  make_item(ski, "SKI-001");
  make_item(helmet, "HJELM-01");
  auto all = app_->db->read([&](store::Conn& c) { return list_items(c, ItemQuery{muni_, "", "", "", false}); });
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  auto skis = app_->db->read([&](store::Conn& c) { return list_items(c, ItemQuery{muni_, "ski", "", "", false}); });
  ASSERT_TRUE(skis);
  ASSERT_EQ(skis->size(), 2u);
  EXPECT_EQ((*skis)[0].number, "SKI-001");
  EXPECT_EQ((*skis)[0].type_name, "Langrennski");
}

}  // namespace
}  // namespace kp::test
