// seed-demo adds the activities: a summer programme of three activity weeks (one full with a
// waiting list, one by lottery), a past autumn programme with attendance, and quiet reserved
// places booked for demo families — once: a second run changes nothing.
#include <gtest/gtest.h>

#include <map>

#include "activities/demo.hpp"
#include "app/demo_users.hpp"
#include "catalog/demo.hpp"
#include "families/demo.hpp"
#include "store/test_db.hpp"

namespace kp::test {
namespace {

class ActivityDemo : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_ = open();
    ASSERT_TRUE(db_);
    ASSERT_TRUE(catalog::seed_demo_catalog(*db_, clock_));
    ASSERT_TRUE(app::seed_demo_users(*db_, clock_));
  }
  void TearDown() override {
    db_.reset();
    StoreTest::TearDown();
  }
  std::int64_t count(const std::string& sql, std::vector<store::Value> params = {}) {
    std::int64_t n = -1;
    auto st = db_->with_read([&](store::Conn& c) -> Status {
      auto r = c.query(sql, params);
      if (!r) return pass(r);
      n = r->empty() ? 0 : r->front().integer(0);
      return {};
    });
    EXPECT_TRUE(st) << sql;
    return n;
  }
  std::map<std::string, std::int64_t> table_counts() {
    std::map<std::string, std::int64_t> out;
    for (const char* t : {"activities", "activity_sessions", "signups", "participants", "activity_referrals", "attendance"})
      out[t] = count(std::string("SELECT COUNT(*) FROM ") + t);
    return out;
  }

  ManualClock clock_{1795000000};  // 2026-11-18
  std::unique_ptr<store::Database> db_;
};

TEST_F(ActivityDemo, SeedingAddsTheSummerAndAutumnProgrammesOnce) {
  ASSERT_TRUE(families::seed_demo_families(*db_, clock_, families::kDemoFamilies));
  auto r = activities::seed_demo_activities(*db_, clock_);
  ASSERT_TRUE(r) << r.error().message << " " << r.error().detail;
  EXPECT_EQ(r->activities_added, 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activities WHERE title LIKE 'Aktivitetsuke _ – sommer 2027'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activities WHERE title LIKE '%høstferien 2026'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activities WHERE capacity = 15 AND age_min = 10 AND age_max = 13 AND price_ore = 0"), 4);
  // Week 1 is full: a waiting list in order.
  EXPECT_EQ(count("SELECT COUNT(*) FROM participants p JOIN activities a ON a.id = p.activity_id "
                  "WHERE a.title = 'Aktivitetsuke 1 – sommer 2027' AND p.status = 'waiting'"),
            4);
  // Week 3 is given by lottery: applications wait for the draw.
  EXPECT_GT(count("SELECT COUNT(*) FROM participants p JOIN activities a ON a.id = p.activity_id "
                  "WHERE a.allocation = 'lottery' AND p.status = 'applied'"),
            15);
  EXPECT_GT(count("SELECT COUNT(*) FROM activity_referrals WHERE place_kind = 'reserved' AND family_id IS NOT NULL"), 0);
  EXPECT_GT(count("SELECT COUNT(*) FROM attendance WHERE present = 1"), 0);
  EXPECT_GT(count("SELECT COUNT(*) FROM attendance WHERE present = 0"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activities a LEFT JOIN offers o ON o.id = a.offer_id WHERE o.id IS NULL"), 0);
  // No place is held beyond capacity.
  EXPECT_EQ(count("SELECT COUNT(*) FROM activities a WHERE a.capacity < (SELECT COUNT(*) FROM participants p "
                  "WHERE p.activity_id = a.id AND p.status IN ('confirmed', 'offered'))"),
            0);

  const auto before = table_counts();
  auto again = activities::seed_demo_activities(*db_, clock_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->activities_added, 0);
  EXPECT_EQ(table_counts(), before);
}

TEST_F(ActivityDemo, WithoutDemoFamiliesTheReservedPlacesStayFree) {
  auto r = activities::seed_demo_activities(*db_, clock_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->activities_added, 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_referrals"), 0);
}

}  // namespace
}  // namespace kp::test
