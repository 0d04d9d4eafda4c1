// A fresh database with the demo catalog and users, and helpers to make activities and sign-ups.
// Shared by the activities test files (store-level tests through the public functions).
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "activities/enrolment.hpp"
#include "activities/enrolment_store.hpp"
#include "app/demo_users.hpp"
#include "catalog/demo.hpp"
#include "core/ids.hpp"
#include "store/test_db.hpp"

namespace kp::test {

class ActivityTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_ = open();
    ASSERT_TRUE(db_);
    ASSERT_TRUE(catalog::seed_demo_catalog(*db_, clock_));
    ASSERT_TRUE(app::seed_demo_users(*db_, clock_));
    auto row = db_->read([](store::Conn& c) -> Result<std::optional<store::Row>> {
      return c.query_one("SELECT o.id, o.municipality_id FROM offers o ORDER BY o.id");
    });
    ASSERT_TRUE(row && *row);
    offer_id_ = (*row)->text(0);
    municipality_ = (*row)->text(1);
    auto user = db_->read([&](store::Conn& c) -> Result<std::optional<store::Row>> {
      return c.query_one("SELECT id FROM users WHERE municipality_id = $1 ORDER BY username", {municipality_});
    });
    ASSERT_TRUE(user && *user);
    staff_id_ = (*user)->text(0);
  }
  void TearDown() override {
    enroller_.reset();
    db_.reset();
    StoreTest::TearDown();
  }

  // A published activity starting in 30 days whose sign-up window is open now.
  activities::Activity make_activity(std::int64_t capacity, std::int64_t reserved = 0,
                                     activities::Allocation allocation = activities::Allocation::first_come,
                                     const std::string& starts_on = "2026-12-18") {
    activities::Activity a;
    a.id = ids::new_uuid();
    a.municipality_id = municipality_;
    a.offer_id = offer_id_;
    a.title = "Aktivitetsuke " + std::to_string(++made_);
    a.description = "Klatring, bading og tur.";
    a.bring = "Matpakke og badetøy";
    a.place = "Fritidsklubben";
    a.starts_on = starts_on;
    a.ends_on = starts_on;
    a.capacity = capacity;
    a.reserved_places = reserved;
    a.age_min = 10;
    a.age_max = 13;
    a.signup_opens = clock_.now() - 3600;
    a.signup_closes = clock_.now() + 10 * 86400;
    a.allocation = allocation;
    a.status = activities::ActivityStatus::published;
    a.created_at = a.updated_at = clock_.now();
    auto st = db_->with_write([&](store::Conn& c) { return activities::insert_activity(c, a); });
    EXPECT_TRUE(st) << (st ? "" : st.error().detail);
    return a;
  }

  activities::SignupInput signup(const activities::Activity& a, const std::string& guardian,
                                 std::vector<std::string> children, const std::string& phone = "912 34 567") {
    activities::SignupInput in;
    in.municipality_id = a.municipality_id;
    in.activity_id = a.id;
    in.guardian_name = guardian;
    in.phone = phone;
    in.language = "nb";
    for (auto& c : children) in.children.push_back({c, 2015, ""});
    return in;
  }

  activities::Enroller& enroller() {
    if (!enroller_) enroller_ = std::make_unique<activities::Enroller>(*db_, clock_);
    return *enroller_;
  }

  std::vector<activities::Participant> participants(const activities::Activity& a) {
    auto r = db_->read([&](store::Conn& c) { return activities::participants_of_activity(c, municipality_, a.id); });
    EXPECT_TRUE(r);
    return r ? *r : std::vector<activities::Participant>{};
  }
  std::vector<activities::Participant> with_status(const activities::Activity& a, activities::ParticipantStatus s) {
    std::vector<activities::Participant> out;
    for (auto& p : participants(a))
      if (p.status == s) out.push_back(p);
    return out;
  }

  ManualClock clock_{1795000000};  // 2026-11-18
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<activities::Enroller> enroller_;
  std::string municipality_, offer_id_, staff_id_;
  int made_ = 0;
};

}  // namespace kp::test
