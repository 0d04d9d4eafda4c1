// Sign-up decisions, the sign-up form's checks and quiet reserved places.
#include "activities/enrolment_rules.hpp"
#include "fixture.hpp"

namespace kp::test {
namespace {

using activities::Allocation;
using activities::ParticipantStatus;

class Enrolment : public ActivityTest {};

TEST_F(Enrolment, ChildrenGetPlacesInArrivalOrderThenTheWaitingList) {
  const auto a = make_activity(3);
  auto first = enroller().enrol(signup(a, "Kari Fjell", {"Ola Fjell", "Siri Fjell"}), "");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->children[0].status, ParticipantStatus::confirmed);
  EXPECT_EQ(first->children[1].status, ParticipantStatus::confirmed);
  EXPECT_FALSE(first->cancel_token.empty());
  auto second = enroller().enrol(signup(a, "Per Li", {"Nils Li", "Eva Li"}), "");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->children[0].status, ParticipantStatus::confirmed);
  EXPECT_EQ(second->children[1].status, ParticipantStatus::waiting);
  auto third = enroller().enrol(signup(a, "Mona Dal", {"Tor Dal"}), "");
  ASSERT_TRUE(third);
  EXPECT_EQ(third->children[0].status, ParticipantStatus::waiting);
  EXPECT_LT(second->children[1].queue_no, third->children[0].queue_no);
}

TEST_F(Enrolment, LotteryActivitiesTakeApplicationsWithoutDeciding) {
  const auto a = make_activity(1, 0, Allocation::lottery);
  auto r = enroller().enrol(signup(a, "Kari Fjell", {"Ola Fjell", "Siri Fjell"}), "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->children[0].status, ParticipantStatus::applied);
  EXPECT_EQ(r->children[1].status, ParticipantStatus::applied);
}

TEST_F(Enrolment, SignUpOutsideTheWindowIsRefusedAndNothingIsStored) {
  const auto a = make_activity(3);
  clock_.advance(11 * 86400);
  auto r = enroller().enrol(signup(a, "Kari Fjell", {"Ola Fjell"}), "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  EXPECT_TRUE(participants(a).empty());
}

TEST_F(Enrolment, TheFormNamesEachMissingOrWrongField) {
  const auto a = make_activity(3);
  activities::SignupForm f;
  f.children = {{"Ola", "2001", ""}, {"", "2015", ""}};
  activities::FieldErrorList errs;
  activities::check_signup(f, a, {"nb", "ar"}, "ar", 2026, errs);
  std::set<std::string> fields;
  for (const auto& [field, msg] : errs) fields.insert(field);
  EXPECT_TRUE(fields.count("guardian_name"));
  EXPECT_TRUE(fields.count("phone"));              // neither phone nor e-mail
  EXPECT_TRUE(fields.count("child1_birth_year"));  // too old for age 10–13
  EXPECT_TRUE(fields.count("child2_name"));

  f.guardian_name = "Amal Haddad";
  f.email = "amal@example.no";
  f.children = {{"Sara Haddad", "2015", "Nøtteallergi"}};
  errs.clear();
  auto in = activities::check_signup(f, a, {"nb", "ar"}, "ar", 2026, errs);
  EXPECT_TRUE(errs.empty());
  EXPECT_EQ(in.language, "ar");  // defaults to the page's language
  ASSERT_EQ(in.children.size(), 1u);
  EXPECT_EQ(in.children[0].birth_year, 2015);
}

TEST_F(Enrolment, StaffBookAReservedPlaceThatThePublicCountsDoNotShow) {
  const auto a = make_activity(3, 1);
  activities::ReservedBooking b;
  b.municipality_id = municipality_;
  b.activity_id = a.id;
  b.booked_by = staff_id_;
  b.guardian_name = "Lina Berg";
  b.phone = "41234567";
  b.child = {"Jonas Berg", 2014, ""};
  auto r = activities::book_reserved_place(*db_, clock_, {}, b, "");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->children[0].status, ParticipantStatus::confirmed);
  auto counts = db_->read([&](store::Conn& c) { return activities::place_counts(c, municipality_, a); });
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->public_left(), 2);  // the reserved place was taken, the public ones are still free
  EXPECT_EQ(counts->reserved_left(), 0);

  // Reserved full: the next booking takes a public place; when everything is full, it is refused.
  b.child = {"Ida Berg", 2013, ""};
  ASSERT_TRUE(activities::book_reserved_place(*db_, clock_, {}, b, ""));
  ASSERT_TRUE(enroller().enrol(signup(a, "Kari Fjell", {"Ola Fjell"}), ""));
  auto full = activities::book_reserved_place(*db_, clock_, {}, b, "");
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().kind, ErrorKind::conflict);
  EXPECT_EQ(with_status(a, ParticipantStatus::confirmed).size(), 3u);
  // A public sign-up now waits: nothing overbooked.
  auto late = enroller().enrol(signup(a, "Per Li", {"Nils Li"}), "");
  ASSERT_TRUE(late);
  EXPECT_EQ(late->children[0].status, ParticipantStatus::waiting);
}

}  // namespace
}  // namespace kp::test
