// Lending as the store does it: out, back with a condition check, renewals, blocking a
// borrower with a long overdue loan, counted stock under concurrent lending, and the overdue
// reminders queued in the outbox.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "equipment/fixture.hpp"
#include "equipment/reminders.hpp"

namespace kp::test {
namespace {

using namespace kp::equipment;
using EquipmentLoans = EquipmentTest;

TEST_F(EquipmentLoans, ASkiPairGoesOutComesBackAndCanBeRenewedInBetween) {
  const auto type = make_type("Langrennski", false);
  const auto ski = make_item(type, "SKI-014");
  const auto borrower = make_borrower();
  auto loan = lend(borrower, ski);
  ASSERT_TRUE(loan) << loan.error().message;
  EXPECT_EQ(status_of(item(ski), today()), ItemStatus::on_loan);

  // The same pair cannot go out twice.
  auto again = lend(make_borrower("Per Hansen", "per@example.no"), ski);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().field, "items");

  const std::string new_due = add_days(today(), 30);
  ASSERT_TRUE(app_->db->with_write(
      [&](store::Conn& c) { return renew_loan(c, muni_, *loan, new_due, today(), 14); }));
  auto l = app_->db->read([&](store::Conn& c) { return get_loan(c, muni_, *loan); });
  ASSERT_TRUE(l && *l);
  EXPECT_EQ((*l)->due_on, new_due);
  EXPECT_EQ((*l)->renewals, 1);
  ASSERT_EQ((*l)->children.size(), 1u);
  EXPECT_EQ((*l)->children[0].name, "Ola Nordmann");
  EXPECT_EQ((*l)->borrower_name, "Kari Nordmann");

  ASSERT_TRUE(give_back(*loan, ski, Condition::worn));
  const Item back = item(ski);
  EXPECT_EQ(back.condition, Condition::worn);
  EXPECT_EQ(status_of(back, today()), ItemStatus::available);
  auto returned = app_->db->read([&](store::Conn& c) { return get_loan(c, muni_, *loan); });
  ASSERT_TRUE(returned && *returned);
  EXPECT_TRUE((*returned)->returned_at.has_value());
  EXPECT_EQ((*returned)->lines[0].return_condition, "worn");
  // Returning twice is refused, and stock is not put back twice.
  EXPECT_FALSE(give_back(*loan, ski));
  EXPECT_EQ(item(ski).quantity_out, 0);
}

TEST_F(EquipmentLoans, ReturnedAsNeedingRepairTheItemCannotBeLentUntilRepaired) {
  const auto type = make_type("Skøyter", false, {}, false, "skates");
  const auto skates = make_item(type, "SKØ-36");
  const auto borrower = make_borrower();
  auto loan = lend(borrower, skates);
  ASSERT_TRUE(loan);
  ASSERT_TRUE(give_back(*loan, skates, Condition::needs_repair));
  EXPECT_EQ(status_of(item(skates), today()), ItemStatus::needs_repair);
  EXPECT_FALSE(lend(borrower, skates));
  ASSERT_TRUE(maintain(skates, Condition::good));
  EXPECT_TRUE(lend(borrower, skates));
}

TEST_F(EquipmentLoans, ALoanOverdueLongerThanTheSettingBlocksNewLoansUntilReturned) {
  ASSERT_EQ(app_->settings.loan_block_overdue_days, 14);
  const auto type = make_type("Telt", false, {}, false, "tent");
  const auto tent = make_item(type, "TELT-1");
  const auto stove = make_item(type, "TELT-2");
  const auto borrower = make_borrower();
  auto loan = lend(borrower, tent, 0);  // due today
  ASSERT_TRUE(loan);
  clock_.advance(14 * kDay);  // 14 days overdue: not yet blocked
  auto ok = lend(borrower, stove, 7);
  ASSERT_TRUE(ok) << ok.error().message;
  ASSERT_TRUE(give_back(*ok, stove));
  clock_.advance(1 * kDay);  // 15 days overdue
  auto blocked = lend(borrower, stove, 7);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().field, "borrower");
  // Someone else may still borrow.
  EXPECT_TRUE(lend(make_borrower("Per Hansen", "per@example.no"), stove, 7));
  // The blocked loan cannot be renewed either, until it comes back.
  EXPECT_FALSE(app_->db->with_write(
      [&](store::Conn& c) { return renew_loan(c, muni_, *loan, add_days(today(), 7), today(), 14); }));
  ASSERT_TRUE(give_back(*loan, tent));
  EXPECT_TRUE(lend(borrower, tent, 7));
}

TEST_F(EquipmentLoans, CountedStockNeverGoesBelowZeroUnderConcurrentLending) {
  const auto type = make_type("Heiskort", false, {}, true, "pass");
  const auto passes = make_item(type, "HEIS", 5);
  constexpr int kLenders = 12;
  std::vector<std::string> borrowers;
  for (int n = 0; n < kLenders; ++n)
    borrowers.push_back(make_borrower("Låner " + std::to_string(n), "l" + std::to_string(n) + "@example.no"));
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int n = 0; n < kLenders; ++n)
    threads.emplace_back([&, n] {
      auto r = lend(borrowers[n], passes);
      if (r) ++ok;
      else if (r.error().field == "items") ++refused;
      else ++other;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 5);
  EXPECT_EQ(refused.load(), kLenders - 5);
  EXPECT_EQ(other.load(), 0);
  const Item i = item(passes);
  EXPECT_EQ(i.quantity_out, 5);
  EXPECT_EQ(i.available(), 0);
  auto open = app_->db->read([&](store::Conn& c) { return open_loans(c, muni_, ""); });
  ASSERT_TRUE(open);
  EXPECT_EQ(open->size(), 5u);
}

TEST_F(EquipmentLoans, OverdueBorrowersGetOneReminderAWeekInTheOutbox) {
  const auto type = make_type("Langrennski", false);
  const auto ski = make_item(type, "SKI-020");
  const auto sled = make_item(type, "SKI-021");
  auto late = lend(make_borrower(), ski, 1);
  auto fine = lend(make_borrower("Per Hansen", "per@example.no"), sled, 30);
  ASSERT_TRUE(late && fine);
  auto count = [&] {
    auto n = app_->db->read([](store::Conn& c) -> Result<std::int64_t> {
      auto r = c.query_one("SELECT COUNT(*) FROM outbox WHERE kind = 'loan_overdue'");
      if (!r) return pass(r);
      return (*r)->integer(0);
    });
    EXPECT_TRUE(n);
    return n ? *n : -1;
  };
  ASSERT_TRUE(enqueue_overdue_reminders(*app_->db, clock_, app_->catalogs));
  EXPECT_EQ(count(), 0);  // nothing overdue yet
  clock_.advance(3 * kDay);
  std::int64_t queued = 0;
  auto st = enqueue_overdue_reminders(*app_->db, clock_, app_->catalogs, &queued);
  ASSERT_TRUE(st) << st.error().message << " " << st.error().field << " " << st.error().detail;
  EXPECT_EQ(queued, 1);
  EXPECT_EQ(count(), 1);
  ASSERT_TRUE(enqueue_overdue_reminders(*app_->db, clock_, app_->catalogs));
  EXPECT_EQ(count(), 1);  // the same day again: nothing new
  clock_.advance(7 * kDay);
  ASSERT_TRUE(enqueue_overdue_reminders(*app_->db, clock_, app_->catalogs));
  EXPECT_EQ(count(), 2);
  // The job is registered for the runner.
  const auto names = app_->jobs.names();
  EXPECT_NE(std::find(names.begin(), names.end(), "equipment.overdue_reminders"), names.end());
}

}  // namespace
}  // namespace kp::test
