// Figures per activity and for all activities: places, signed up, waiting, attended, no-shows and
// how many came from the target group — counted right, and shown as counts without any name.
#include "activities/activity_store.hpp"
#include "activities/enrolment.hpp"
#include "activities/enrolment_store.hpp"
#include "activities/figures.hpp"
#include "app/app_client.hpp"
#include "core/ids.hpp"

namespace kp::test {
namespace {

using activities::ParticipantFacts;
using activities::ParticipantStatus;

TEST(ActivityFigures, CountsPlacesSignUpsWaitingAttendanceNoShowsAndTheTargetGroup) {
  activities::Activity a, b;
  a.id = "a";
  a.capacity = 15;
  b.id = "b";
  b.capacity = 10;
  std::vector<ParticipantFacts> facts = {
      {"a", ParticipantStatus::confirmed, 3, 0, false},  // attended
      {"a", ParticipantStatus::confirmed, 1, 2, true},   // attended, from the target group
      {"a", ParticipantStatus::confirmed, 0, 3, false},  // no-show
      {"a", ParticipantStatus::confirmed, 0, 0, true},   // not taken yet: neither
      {"a", ParticipantStatus::waiting, 0, 0, false},
      {"a", ParticipantStatus::cancelled, 0, 0, false},
      {"b", ParticipantStatus::applied, 0, 0, false},
      {"b", ParticipantStatus::offered, 0, 0, false},
      {"x", ParticipantStatus::confirmed, 5, 0, true},   // an activity not asked for
  };
  auto f = activities::figures_by_activity({a, b}, facts);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f["a"].places, 15);
  EXPECT_EQ(f["a"].signed_up, 4);
  EXPECT_EQ(f["a"].waiting, 1);
  EXPECT_EQ(f["a"].cancelled, 1);
  EXPECT_EQ(f["a"].attended, 2);
  EXPECT_EQ(f["a"].no_shows, 1);
  EXPECT_EQ(f["a"].target_group, 2);
  EXPECT_EQ(f["a"].present_marks, 4);
  EXPECT_EQ(f["b"].applied, 1);
  EXPECT_EQ(f["b"].signed_up, 1);
  auto t = activities::total_of(f);
  EXPECT_EQ(t.places, 25);
  EXPECT_EQ(t.signed_up, 5);
  EXPECT_EQ(t.target_group, 2);
}

class FiguresPage : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    lang_ = "en";
    auto offer = app_->db->read([](store::Conn& c) -> Result<std::optional<store::Row>> {
      return c.query_one("SELECT id FROM offers WHERE municipality_id = '9999' ORDER BY id");
    });
    ASSERT_TRUE(offer && *offer);
    a_.id = ids::new_uuid();
    a_.municipality_id = "9999";
    a_.offer_id = (*offer)->text(0);
    a_.title = "Aktivitetsuke for tall";
    a_.starts_on = a_.ends_on = "2026-12-21";
    a_.capacity = 2;
    a_.signup_opens = clock_.now() - 60;
    a_.signup_closes = clock_.now() + 86400;
    a_.status = activities::ActivityStatus::published;
    session_ = ids::new_uuid();
    ASSERT_TRUE(app_->db->with_write([&](store::Conn& c) -> Status {
      KP_TRY(activities::insert_activity(c, a_));
      return activities::insert_session(c, activities::Session{session_, "9999", a_.id, clock_.now() + 86400,
                                                               clock_.now() + 90000, ""});
    }));
    for (const char* kid : {"Emma Nordmann", "Noah Berg", "Sara Haddad"}) {
      activities::SignupInput in;
      in.municipality_id = "9999";
      in.activity_id = a_.id;
      in.guardian_name = "Foresatt";
      in.phone = "400 12 345";
      in.children.push_back({kid, 2014, ""});
      auto r = app_->enrolments.enrol(in, "127.0.0.1");
      ASSERT_TRUE(r);
      kids_.push_back(r->children.front().id);
    }
    // Emma came, Noah did not; Sara is waiting.
    ASSERT_TRUE(app_->db->with_write([&](store::Conn& c) {
      return activities::save_attendance(c, "9999", session_, {{kids_[0], true}, {kids_[1], false}}, "test", clock_.now());
    }));
  }
  activities::Activity a_;
  std::string session_;
  std::vector<std::string> kids_;
};

TEST_F(FiguresPage, ShowsTheCountsForEachActivityAndInAllWithoutNames) {
  login("leder");
  auto r = get("/staff/activities/figures");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Aktivitetsuke for tall"), std::string::npos);
  // Places 2, signed up 2, waiting 1, attended 1, no-shows 1, target group 0, cancelled 0.
  EXPECT_NE(r.body.find("<td>2</td><td>2</td><td>1</td><td>1</td><td>1</td><td>0</td><td>0</td>"), std::string::npos)
      << r.body;
  for (const char* name : {"Emma", "Noah", "Sara", "Foresatt"}) EXPECT_EQ(r.body.find(name), std::string::npos) << name;
  EXPECT_NE(r.body.find("<tfoot>"), std::string::npos);
}

}  // namespace
}  // namespace kp::test
