// Attendance on a phone: one toggle per child with a place, saved for the session in one go,
// shown again when the page is opened, changed by saving again, and never for children of
// another activity or for a session of another activity.
#include <regex>

#include "activities/enrolment.hpp"
#include "activities/enrolment_store.hpp"
#include "app/app_client.hpp"
#include "core/ids.hpp"

namespace kp::test {
namespace {

class Attendance : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    lang_ = "en";
    act_ = make("Aktivitetsuke i juleferien");
    other_ = make("Klatredag");
    for (const char* kid : {"Emma Nordmann", "Noah Berg", "Sara Haddad"}) kids_.push_back(enrol(act_, kid));
    waiting_ = enrol(act_, "Omar Ali");  // capacity 3: on the waiting list
    stranger_ = enrol(other_, "Ingrid Lie");
  }

  activities::Activity make(const std::string& title) {
    activities::Activity a;
    a.id = ids::new_uuid();
    a.municipality_id = "9999";
    auto offer = app_->db->read([](store::Conn& c) -> Result<std::optional<store::Row>> {
      return c.query_one("SELECT id FROM offers WHERE municipality_id = '9999' ORDER BY id");
    });
    a.offer_id = offer && *offer ? (*offer)->text(0) : "";
    a.title = title;
    a.starts_on = "2026-12-21";
    a.ends_on = "2026-12-22";
    a.capacity = 3;
    a.signup_opens = clock_.now() - 60;
    a.signup_closes = clock_.now() + 86400;
    a.status = activities::ActivityStatus::published;
    EXPECT_TRUE(app_->db->with_write([&](store::Conn& c) -> Status {
      KP_TRY(activities::insert_activity(c, a));
      for (int d = 0; d < 2; ++d) {
        const UnixSeconds start = from_oslo(LocalDateTime{CivilDate{2026, 12, 21 + d}, 9, 0, 0});
        KP_TRY(activities::insert_session(c, activities::Session{ids::new_uuid(), "9999", a.id, start, start + 6 * 3600, ""}));
      }
      return {};
    }));
    return a;
  }
  std::string enrol(const activities::Activity& a, const std::string& child) {
    activities::SignupInput in;
    in.municipality_id = "9999";
    in.activity_id = a.id;
    in.guardian_name = "Foresatt";
    in.phone = "400 12 345";
    in.children.push_back({child, 2014, ""});
    auto r = app_->enrolments.enrol(in, "127.0.0.1");
    EXPECT_TRUE(r);
    return r ? r->children.front().id : "";
  }
  std::vector<std::string> sessions(const activities::Activity& a) {
    auto r = app_->db->read([&](store::Conn& c) { return activities::list_sessions(c, "9999", a.id); });
    std::vector<std::string> out;
    if (r)
      for (const auto& s : *r) out.push_back(s.id);
    return out;
  }
  std::int64_t marks(const std::string& session, int present) {
    auto r = app_->db->read([&](store::Conn& c) -> Result<std::optional<store::Row>> {
      return c.query_one("SELECT COUNT(*) FROM attendance WHERE session_id = $1 AND present = $2",
                         {session, std::int64_t{present}});
    });
    return r && *r ? (*r)->integer(0) : -1;
  }
  std::string page(const std::string& session) {
    return "/staff/activities/" + act_.id + "/attendance?session=" + session;
  }

  activities::Activity act_, other_;
  std::vector<std::string> kids_;
  std::string waiting_, stranger_;
};

TEST_F(Attendance, ThePageHasOneToggleForEachChildWithAPlace) {
  login("koordinator");
  const auto s = sessions(act_);
  ASSERT_EQ(s.size(), 2u);
  auto r = get(page(s[0]));
  ASSERT_EQ(r.status, 200);
  for (const auto& k : kids_) EXPECT_NE(r.body.find("value=\"" + k + "\""), std::string::npos);
  EXPECT_EQ(r.body.find(waiting_), std::string::npos);
  EXPECT_EQ(r.body.find(stranger_), std::string::npos);
  EXPECT_NE(r.body.find("Emma Nordmann"), std::string::npos);
  EXPECT_NE(r.body.find("<label for=\"present-"), std::string::npos);
}

TEST_F(Attendance, SavingMarksEveryChildOfTheSessionAtOnceAndCanBeChanged) {
  login("koordinator");
  const auto s = sessions(act_);
  std::vector<std::pair<std::string, std::string>> f = {{"session", s[0]}};
  for (const auto& k : kids_) f.emplace_back("child", k);
  f.emplace_back("present", kids_[0]);
  f.emplace_back("present", kids_[2]);
  auto r = post(page(s[0]), f, page(s[0]));
  ASSERT_EQ(r.status, 303);
  EXPECT_NE(r.header("Location").find("saved=1"), std::string::npos);
  EXPECT_EQ(marks(s[0], 1), 2);
  EXPECT_EQ(marks(s[0], 0), 1);
  EXPECT_EQ(marks(s[1], 1) + marks(s[1], 0), 0);
  auto shown = get(page(s[0]));
  EXPECT_NE(shown.body.find("value=\"" + kids_[0] + "\" checked"), std::string::npos);
  EXPECT_EQ(shown.body.find("value=\"" + kids_[1] + "\" checked"), std::string::npos);
  // Noah came late after all.
  f.emplace_back("present", kids_[1]);
  ASSERT_EQ(post(page(s[0]), f, page(s[0])).status, 303);
  EXPECT_EQ(marks(s[0], 1), 3);
  EXPECT_EQ(marks(s[0], 0), 0);
}

TEST_F(Attendance, ChildrenAndSessionsOfAnotherActivityAreNeverMarked) {
  login("koordinator");
  const auto s = sessions(act_);
  const auto foreign = sessions(other_);
  auto r = post(page(s[0]), {{"session", s[0]}, {"child", stranger_}, {"present", stranger_}, {"child", waiting_},
                             {"present", waiting_}},
                page(s[0]));
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(marks(s[0], 1) + marks(s[0], 0), 0);
  auto wrong = post(page(foreign[0]), {{"session", foreign[0]}, {"child", kids_[0]}, {"present", kids_[0]}}, page(s[0]));
  EXPECT_EQ(wrong.status, 404);
  EXPECT_EQ(marks(foreign[0], 1), 0);
}

TEST_F(Attendance, TheDayOfASessionOpensThatSession) {
  const auto s = sessions(act_);
  clock_.set(from_oslo(LocalDateTime{CivilDate{2026, 12, 22}, 10, 0, 0}));
  login("koordinator");
  auto r = get("/staff/activities/" + act_.id + "/attendance");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("name=\"session\" value=\"" + s[1] + "\""), std::string::npos);
}

}  // namespace
}  // namespace kp::test
