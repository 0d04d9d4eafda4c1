// Quiet reserved places: a coordinator books a place for a child of a family they follow, and
// nobody outside the family's team learns that the child was referred — not the public pages,
// not the organiser's participant list, not the figures, not the messages in the outbox — while
// the booking coordinator sees a small "reserved place" mark.
#include <algorithm>
#include <cctype>

#include "activities/enrolment.hpp"
#include "activities/enrolment_store.hpp"
#include "app/app_client.hpp"
#include "core/ids.hpp"
#include "families/demo.hpp"

namespace kp::test {
namespace {

class ReservedPrivacy : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    lang_ = "en";
    auto fam = families::seed_demo_families(*app_->db, clock_, 20);
    ASSERT_TRUE(fam) << fam.error().message;
    family_ = families::demo_family_id(families::kDemoNurseConsentFamily);
    auto child = row("SELECT id, given_name, family_name FROM persons WHERE family_id = $1 AND role = 'child' AND "
                     "birth_date <> '' AND merged_into IS NULL ORDER BY id",
                     {family_});
    ASSERT_TRUE(child);
    child_id_ = child->text(0);
    child_name_ = child->text(1) + " " + child->text(2);
    auto guardian = row("SELECT id FROM persons WHERE family_id = $1 AND role = 'guardian' AND "
                        "(email <> '' OR phone <> '') AND merged_into IS NULL ORDER BY id",
                        {family_});
    ASSERT_TRUE(guardian);
    guardian_id_ = guardian->text(0);
    other_family_ = families::demo_family_id(1);  // followed by another coordinator

    auto offer = row("SELECT id FROM offers WHERE municipality_id = '9999' ORDER BY id");
    ASSERT_TRUE(offer);
    act_.id = ids::new_uuid();
    act_.municipality_id = "9999";
    act_.offer_id = offer->text(0);
    act_.title = "Aktivitetsuke i juleferien";
    act_.bring = "Matpakke";
    act_.starts_on = "2026-12-21";
    act_.ends_on = "2026-12-23";
    act_.capacity = 6;
    act_.reserved_places = 2;
    act_.age_min = 6;
    act_.age_max = 16;
    act_.signup_opens = clock_.now() - 60;
    act_.signup_closes = clock_.now() + 10 * 86400;
    act_.status = activities::ActivityStatus::published;
    ASSERT_TRUE(app_->db->with_write([&](store::Conn& c) -> Status {
      KP_TRY(activities::insert_activity(c, act_));
      const UnixSeconds start = from_oslo(LocalDateTime{CivilDate{2026, 12, 21}, 9, 0, 0});
      return activities::insert_session(c, activities::Session{ids::new_uuid(), "9999", act_.id, start, start + 6 * 3600, ""});
    }));
    for (const char* kid : {"Emma Nordmann", "Noah Berg"}) {
      activities::SignupInput in;
      in.municipality_id = "9999";
      in.activity_id = act_.id;
      in.guardian_name = "Kari Foresatt";
      in.email = "kari@example.no";
      in.children.push_back({kid, 2014, ""});
      ASSERT_TRUE(app_->enrolments.enrol(in, "127.0.0.1"));
    }
    login("koordinator");
    auto choose = get(book_page() + "?family=" + family_);
    ASSERT_EQ(choose.status, 200);
    ASSERT_NE(choose.body.find(child_name_), std::string::npos);
    auto r = post(book_page(), {{"family", family_}, {"child", child_id_}, {"guardian", guardian_id_}, {"needs", "Trenger følge til bussen"}},
                  book_page() + "?family=" + family_);
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  }

  std::optional<store::Row> row(const std::string& sql, std::vector<store::Value> params = {}) {
    std::optional<store::Row> out;
    auto st = app_->db->with_read([&](store::Conn& c) -> Status {
      auto r = c.query(sql, params);
      if (!r) return pass(r);
      if (!r->empty()) out = r->front();
      return {};
    });
    EXPECT_TRUE(st) << sql;
    return out;
  }
  store::Rows rows(const std::string& sql, std::vector<store::Value> params = {}) {
    store::Rows out;
    auto st = app_->db->with_read([&](store::Conn& c) -> Status {
      auto r = c.query(sql, params);
      if (!r) return pass(r);
      out = std::move(*r);
      return {};
    });
    EXPECT_TRUE(st) << sql;
    return out;
  }
  std::string book_page() const { return "/staff/activities/" + act_.id + "/book"; }
  std::string detail() const { return "/staff/activities/" + act_.id; }
  void as(const std::string& user) {
    jar_.clear();
    login(user);
  }
  static std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  }
  static bool reveals(const std::string& body) {
    return body.find("kp-reserved-mark") != std::string::npos || body.find("Reserved place") != std::string::npos;
  }

  activities::Activity act_;
  std::string family_, other_family_, child_id_, child_name_, guardian_id_;
};

TEST_F(ReservedPrivacy, TheBookedChildHasAPlaceAndTheBookingCoordinatorSeesTheMark) {
  auto booked = row("SELECT p.status, r.booked_by FROM participants p JOIN activity_referrals r ON r.participant_id = p.id "
                    "WHERE p.activity_id = $1",
                    {act_.id});
  ASSERT_TRUE(booked);
  EXPECT_EQ(booked->text(0), "confirmed");
  auto page = get(detail());
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(child_name_), std::string::npos);
  EXPECT_NE(page.body.find("kp-reserved-mark"), std::string::npos);
  EXPECT_NE(page.body.find("Trenger følge til bussen"), std::string::npos);
}

TEST_F(ReservedPrivacy, OrganisersLeadersAndAdminsSeeAnOrdinaryParticipant) {
  for (const char* user : {"leder", "admin", "koordinator2"}) {
    as(user);
    auto page = get(detail());
    ASSERT_EQ(page.status, 200) << user;
    EXPECT_NE(page.body.find(child_name_), std::string::npos) << user;
    EXPECT_FALSE(reveals(page.body)) << user;
    auto att = get(detail() + "/attendance");
    ASSERT_EQ(att.status, 200) << user;
    EXPECT_NE(att.body.find(child_name_), std::string::npos) << user;
    EXPECT_FALSE(reveals(att.body)) << user;
  }
}

TEST_F(ReservedPrivacy, PublicPagesFiguresAndMessagesNeverRevealTheReferral) {
  jar_.clear();
  for (const std::string& target : {std::string("/activities"), "/activities/" + act_.id}) {
    auto r = get(target);
    EXPECT_NE(r.status, 500) << target;
    EXPECT_EQ(r.body.find(child_name_), std::string::npos) << target;
    EXPECT_FALSE(reveals(r.body)) << target;
  }
  as("leder");
  auto figures = get("/staff/activities/figures");
  ASSERT_EQ(figures.status, 200);
  EXPECT_EQ(figures.body.find(child_name_), std::string::npos);
  EXPECT_FALSE(reveals(figures.body));
  // Every message about this activity reads the same for a booked child as for anyone else.
  auto coordinator = row("SELECT display_name FROM users WHERE username = 'koordinator'");
  ASSERT_TRUE(coordinator);
  const auto messages = rows("SELECT subject, body, kind FROM outbox");
  ASSERT_GE(messages.size(), 3u);  // two public receipts and the booked child's receipt
  for (const auto& m : messages) {
    const std::string text = lower(m.text(0) + "\n" + m.text(1));
    for (const char* word : {"reserv", "referr", "henvis", "koordinator", "follow-up", "oppfølging"})
      EXPECT_EQ(text.find(word), std::string::npos) << word << " in a " << m.text(2) << " message";
    EXPECT_EQ(text.find(lower(coordinator->text(0))), std::string::npos);
  }
  // Audit records of the looks carry ids and counts only.
  for (const auto& a : rows("SELECT details FROM audit_log WHERE entity = 'activity'"))
    EXPECT_EQ(a.text(0).find(child_name_), std::string::npos);
}

TEST_F(ReservedPrivacy, StaffCanBookOnlyForFamiliesTheyWorkWith) {
  auto r = post(book_page(), {{"family", other_family_}, {"child", child_id_}, {"guardian", guardian_id_}},
                book_page() + "?family=" + family_);
  EXPECT_EQ(r.status, 400);
  auto page = get(book_page() + "?family=" + other_family_);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("name=\"child\""), std::string::npos);
  auto n = row("SELECT COUNT(*) FROM activity_referrals WHERE activity_id = $1", {act_.id});
  EXPECT_EQ(n->integer(0), 1);
  // Editors book nothing; service employees on the team may, but do not run activities.
  as("redaktor");
  EXPECT_EQ(get(book_page()).status, 403);
  as("helsesykepleier");
  EXPECT_EQ(get(book_page()).status, 200);
  EXPECT_EQ(get(detail()).status, 403);
}

}  // namespace
}  // namespace kp::test
