// Maintenance plans block lending until a maintenance record says the work is done: after
// each loan, and every N months (moved by a ManualClock).
#include <gtest/gtest.h>

#include "equipment/fixture.hpp"

namespace kp::test {
namespace {

using namespace kp::equipment;
using EquipmentMaintenance = EquipmentTest;

TEST_F(EquipmentMaintenance, AnAfterEachLoanPlanBlocksTheNextLoanUntilMaintained) {
  const auto type = make_type("Langrennski", true);
  const auto ski = make_item(type, "SKI-014");
  const auto borrower = make_borrower();
  auto loan = lend(borrower, ski);
  ASSERT_TRUE(loan);
  ASSERT_TRUE(give_back(*loan, ski));
  EXPECT_EQ(status_of(item(ski), today()), ItemStatus::maintenance_due);
  auto blocked = lend(borrower, ski);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().field, "items");
  EXPECT_NE(blocked.error().message.find("maintenance"), std::string::npos);

  ASSERT_TRUE(maintain(ski));
  const Item done = item(ski);
  EXPECT_FALSE(done.maintenance_due);
  EXPECT_EQ(done.last_maintained_on, today());
  EXPECT_TRUE(lend(borrower, ski));

  auto history = app_->db->read([&](store::Conn& c) { return maintenance_of_item(c, muni_, ski); });
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].cost_ore, 15000);
  EXPECT_EQ((*history)[0].done_by_name, "Frivilligsentralen");
}

TEST_F(EquipmentMaintenance, APeriodicPlanBlocksLendingWhenTheMonthsHavePassed) {
  const auto type = make_type("Redningsvest", false, 6, false, "life_jacket");
  const auto vest = make_item(type, "VEST-01");
  const auto borrower = make_borrower();
  auto first = lend(borrower, vest, 7);
  ASSERT_TRUE(first);
  ASSERT_TRUE(give_back(*first, vest));
  EXPECT_EQ(status_of(item(vest), today()), ItemStatus::available);  // not an after-each-loan type

  clock_.advance(182 * kDay);  // 2027-05-19: six months since it was registered
  EXPECT_EQ(status_of(item(vest), today()), ItemStatus::maintenance_due);
  ASSERT_FALSE(lend(borrower, vest, 7));
  ASSERT_TRUE(maintain(vest));
  EXPECT_TRUE(lend(borrower, vest, 7));
}

TEST_F(EquipmentMaintenance, CountedStockIsNotBlockedByOneReturnedPiece) {
  const auto type = make_type("Klatrebillett", true, {}, true, "pass");
  const auto tickets = make_item(type, "KLATRE", 10);
  const auto borrower = make_borrower();
  auto loan = lend(borrower, tickets, 7, 2);
  ASSERT_TRUE(loan);
  ASSERT_TRUE(give_back(*loan, tickets, Condition::needs_repair));
  const Item i = item(tickets);
  EXPECT_EQ(i.condition, Condition::good);
  EXPECT_EQ(i.available(), 10);
  EXPECT_TRUE(lend(borrower, tickets, 7, 3));
}

}  // namespace
}  // namespace kp::test
