// Passes and tickets as counted stock with an expiry date (pass_store.hpp, pass_pages.cpp).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "equipment/pass_store.hpp"
#include "fixture.hpp"

namespace kp::test {
namespace {

using equipment::PassKind;

class PassTest : public EquipmentTest {
 protected:
  PassTest() { lang_ = "en"; }

  std::string add_batch(PassKind kind, std::int64_t quantity, const std::string& expires_on,
                        const std::string& label = "Dagskort Fjordvik alpinsenter") {
    equipment::PassBatch b;
    b.id = ids::new_uuid();
    b.municipality_id = muni_;
    b.kind = kind;
    b.label = label;
    b.quantity = quantity;
    b.expires_on = expires_on;
    b.received_on = today();
    b.created_by = user_;
    EXPECT_TRUE(app_->db->with_write([&](store::Conn& c) { return equipment::insert_pass_batch(c, b, clock_.now()); }));
    return b.id;
  }

  Result<std::vector<equipment::PassHandout>> hand_out(PassKind kind, std::int64_t count) {
    equipment::HandoutRequest r;
    r.municipality_id = muni_;
    r.kind = kind;
    r.count = count;
    r.today = today();
    r.by = user_;
    return app_->db->write([&](store::Conn& c) { return equipment::hand_out_passes(c, r, clock_.now()); });
  }

  std::int64_t available(PassKind kind) {
    auto s = app_->db->read([&](store::Conn& c) { return equipment::pass_stock(c, muni_, today()); });
    EXPECT_TRUE(s);
    for (const auto& x : *s)
      if (x.kind == kind) return x.available;
    return -1;
  }

  std::int64_t remaining_in_db() {
    auto n = app_->db->read([&](store::Conn& c) -> Result<std::int64_t> {
      auto r = c.query_one("SELECT COALESCE(SUM(remaining), 0) FROM pass_batches WHERE municipality_id = $1", {muni_});
      if (!r) return pass(r);
      return (*r)->integer(0);
    });
    EXPECT_TRUE(n);
    return n ? *n : -1;
  }

  std::int64_t handed_out_in_db() {
    auto n = app_->db->read([&](store::Conn& c) -> Result<std::int64_t> {
      auto r = c.query_one("SELECT COALESCE(SUM(count), 0) FROM pass_handouts WHERE municipality_id = $1", {muni_});
      if (!r) return pass(r);
      return (*r)->integer(0);
    });
    EXPECT_TRUE(n);
    return n ? *n : -1;
  }
};

TEST_F(PassTest, PassesNeverGoBelowZeroWhenManyStaffHandOutAtOnce) {
  add_batch(PassKind::swimming, 10, equipment::add_days(today(), 60), "Klippekort Fjordvikbadet");
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) {
        auto r = hand_out(PassKind::swimming, 1);
        if (r) ++ok;
        else if (r.error().kind == ErrorKind::invalid) ++refused;
        else ++other;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 10);
  EXPECT_EQ(refused.load(), 14);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(remaining_in_db(), 0);
  EXPECT_EQ(handed_out_in_db(), 10);
  EXPECT_EQ(available(PassKind::swimming), 0);
}

TEST_F(PassTest, AskingForMoreThanIsLeftTakesNothing) {
  add_batch(PassKind::cinema, 3, equipment::add_days(today(), 30), "Kinobillett");
  auto r = hand_out(PassKind::cinema, 4);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "count");
  EXPECT_EQ(available(PassKind::cinema), 3);
  EXPECT_EQ(handed_out_in_db(), 0);
}

TEST_F(PassTest, ExpiredPassesAreNeverHandedOutAndAreListedAsExpired) {
  const std::string old_batch = add_batch(PassKind::lift, 5, equipment::add_days(today(), -1), "Dagskort i fjor");
  add_batch(PassKind::lift, 2, today(), "Dagskort i år");  // valid through today
  EXPECT_EQ(available(PassKind::lift), 2);
  EXPECT_FALSE(hand_out(PassKind::lift, 3));  // only two valid: the expired five do not count
  auto handed = hand_out(PassKind::lift, 2);
  ASSERT_TRUE(handed) << handed.error().message;
  ASSERT_EQ(handed->size(), 1u);
  EXPECT_NE(handed->front().batch_id, old_batch);
  EXPECT_FALSE(hand_out(PassKind::lift, 1));
  auto expired = app_->db->read([&](store::Conn& c) { return equipment::expired_batches(c, muni_, today()); });
  ASSERT_TRUE(expired);
  ASSERT_EQ(expired->size(), 1u);
  EXPECT_EQ(expired->front().id, old_batch);
  EXPECT_EQ(expired->front().remaining, 5);

  login("koordinator");
  auto page = get("/staff/equipment/passes");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Expired passes"), std::string::npos);
  EXPECT_NE(page.body.find("Dagskort i fjor"), std::string::npos);
}

TEST_F(PassTest, TheBatchThatExpiresFirstIsHandedOutFirstAcrossBatches) {
  const std::string later = add_batch(PassKind::climbing, 5, equipment::add_days(today(), 90), "Senere");
  const std::string sooner = add_batch(PassKind::climbing, 2, equipment::add_days(today(), 10), "Snart");
  auto handed = hand_out(PassKind::climbing, 3);
  ASSERT_TRUE(handed) << handed.error().message;
  ASSERT_EQ(handed->size(), 2u);
  EXPECT_EQ((*handed)[0].batch_id, sooner);
  EXPECT_EQ((*handed)[0].count, 2);
  EXPECT_EQ((*handed)[1].batch_id, later);
  EXPECT_EQ((*handed)[1].count, 1);
  EXPECT_EQ(available(PassKind::climbing), 4);
}

TEST_F(PassTest, StaffRegisterABatchAndHandOutPassesToABorrower) {
  login("koordinator");
  auto r = post("/staff/equipment/passes/batches",
                {{"kind", "cinema"}, {"label", "Kinobillett Fjordvik kino"}, {"quantity", "20"},
                 {"expires_on", equipment::add_days(today(), 100)}, {"received_on", today()}},
                "/staff/equipment/passes");
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  r = post("/staff/equipment/passes/handout",
           {{"kind", "cinema"}, {"count", "3"}, {"name", "Leila Hassan"}, {"phone", "400 55 123"}, {"language", "ar"}},
           "/staff/equipment/passes");
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  EXPECT_EQ(available(PassKind::cinema), 17);
  // Too many: refused with the reason on the count field, nothing taken.
  r = post("/staff/equipment/passes/handout",
           {{"kind", "cinema"}, {"count", "18"}, {"name", "Leila Hassan"}, {"phone", "400 55 123"}},
           "/staff/equipment/passes");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("There are not that many valid passes left."), std::string::npos);
  EXPECT_EQ(available(PassKind::cinema), 17);
  // A missing kind and count are field errors.
  r = post("/staff/equipment/passes/handout", {{"name", "Leila Hassan"}, {"phone", "400 55 123"}},
           "/staff/equipment/passes");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("href=\"#f-kind\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#f-count\""), std::string::npos);
}

}  // namespace
}  // namespace kp::test
