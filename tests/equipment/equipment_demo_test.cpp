// seed-demo's equipment pool: about 150 items, passes, and a year of loans.
#include <gtest/gtest.h>

#include "equipment/demo.hpp"
#include "equipment/figures.hpp"
#include "equipment/pass_store.hpp"
#include "fixture.hpp"

namespace kp::test {
namespace {

class EquipmentDemoTest : public EquipmentTest {
 protected:
  std::int64_t count(const char* sql) {
    auto n = app_->db->read([&](store::Conn& c) -> Result<std::int64_t> {
      auto r = c.query_one(sql, {muni_});
      if (!r) return pass(r);
      return (*r)->integer(0);
    });
    EXPECT_TRUE(n) << sql;
    return n ? *n : -1;
  }
};

TEST_F(EquipmentDemoTest, TheDemoAddsAbout150ItemsAndAYearOfLoansOnceOnly) {
  auto report = equipment::seed_demo_equipment(*app_->db, clock_);
  ASSERT_TRUE(report) << report.error().message << " " << report.error().detail;
  const std::int64_t items = count("SELECT COUNT(*) FROM items WHERE municipality_id = $1");
  EXPECT_GE(items, 140);
  EXPECT_LE(items, 160);
  EXPECT_EQ(report->items_added, items);
  const std::int64_t loans = count("SELECT COUNT(*) FROM loans WHERE municipality_id = $1");
  EXPECT_GE(loans, 180);
  EXPECT_LE(loans, 220);
  // Spread over the year, some still out, some of those overdue, and maintenance recorded.
  const std::int64_t year_ago = clock_.now() - 365 * kDay;
  EXPECT_GE(count("SELECT MIN(out_at) FROM loans WHERE municipality_id = $1"), year_ago - kDay);
  EXPECT_LE(count("SELECT MIN(out_at) FROM loans WHERE municipality_id = $1"), year_ago + 7 * kDay);
  EXPECT_GE(count("SELECT COUNT(*) FROM loans WHERE municipality_id = $1 AND returned_at IS NULL"), 3);
  const std::string today = this->today();
  auto overdue = app_->db->read([&](store::Conn& c) { return equipment::open_loans(c, muni_, today); });
  ASSERT_TRUE(overdue);
  EXPECT_GE(overdue->size(), 2u);
  EXPECT_GE(count("SELECT COUNT(*) FROM maintenance_records WHERE municipality_id = $1"), 10);
  EXPECT_GE(count("SELECT COUNT(*) FROM loan_children WHERE municipality_id = $1"), 50);
  EXPECT_GE(count("SELECT COUNT(*) FROM pass_batches WHERE municipality_id = $1"), 4);
  EXPECT_GE(count("SELECT COUNT(*) FROM pass_handouts WHERE municipality_id = $1"), 30);
  // One batch expired with passes left (listed, never handed out); stock never below zero.
  auto expired = app_->db->read([&](store::Conn& c) { return equipment::expired_batches(c, muni_, today); });
  ASSERT_TRUE(expired);
  EXPECT_GE(expired->size(), 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pass_batches WHERE municipality_id = $1 AND remaining < 0"), 0);
  // Every category of the issue is in the pool.
  for (const char* cat : {"ski", "skates", "helmet", "bike", "tent", "sleeping_bag", "life_jacket"}) {
    auto n = app_->db->read([&](store::Conn& c) -> Result<std::int64_t> {
      auto r = c.query_one("SELECT COUNT(*) FROM item_types WHERE municipality_id = $1 AND category = $2",
                           {muni_, std::string(cat)});
      if (!r) return pass(r);
      return (*r)->integer(0);
    });
    ASSERT_TRUE(n);
    EXPECT_GT(*n, 0) << cat;
  }
  // The figures page counts them.
  lang_ = "en";
  login("koordinator");
  EXPECT_EQ(get("/staff/equipment/figures").status, 200);
  EXPECT_EQ(get("/equipment").status, 200);

  // Running it again changes nothing.
  auto again = equipment::seed_demo_equipment(*app_->db, clock_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->items_added, 0);
  EXPECT_EQ(again->loans_added, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM items WHERE municipality_id = $1"), items);
  EXPECT_EQ(count("SELECT COUNT(*) FROM loans WHERE municipality_id = $1"), loans);
}

}  // namespace
}  // namespace kp::test
