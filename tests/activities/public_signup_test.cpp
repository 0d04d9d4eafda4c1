// The public sign-up pages as a guardian uses them: the list, the form with its errors, the
// receipt with the private link, cancelling through it (the next child gets an offer and a
// message), and answering the offer. Referred children are invisible on every public page.
#include <regex>

#include "activities/enrolment.hpp"
#include "activities/enrolment_store.hpp"
#include "app/app_client.hpp"
#include "core/ids.hpp"

namespace kp::test {
namespace {

using activities::ParticipantStatus;

class PublicSignup : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    lang_ = "en";
    auto row = app_->db->read([](store::Conn& c) -> Result<std::optional<store::Row>> {
      return c.query_one("SELECT id, municipality_id FROM offers ORDER BY id");
    });
    ASSERT_TRUE(row && *row);
    act_.id = ids::new_uuid();
    act_.municipality_id = (*row)->text(1);
    act_.offer_id = (*row)->text(0);
    act_.title = "Aktivitetsuke i vinterferien";
    act_.bring = "Matpakke";
    act_.starts_on = "2026-12-18";
    act_.ends_on = "2026-12-22";
    act_.capacity = 2;
    act_.age_min = 10;
    act_.age_max = 13;
    act_.signup_opens = clock_.now() - 60;
    act_.signup_closes = clock_.now() + 86400 * 10;
    act_.status = activities::ActivityStatus::published;
    ASSERT_TRUE(app_->db->with_write([&](store::Conn& c) { return activities::insert_activity(c, act_); }));
  }
  std::string page() const { return "/activities/" + act_.id; }
  Reply sign_up(const std::string& guardian, const std::vector<std::pair<std::string, std::string>>& kids,
                const std::string& email = "forelder@example.no") {
    std::vector<std::pair<std::string, std::string>> f = {
        {"rows", std::to_string(kids.size())}, {"guardian_name", guardian}, {"email", email}, {"language", "ar"},
        {"send", "1"}};
    for (size_t i = 0; i < kids.size(); ++i) {
      f.emplace_back("child" + std::to_string(i + 1) + "_name", kids[i].first);
      f.emplace_back("child" + std::to_string(i + 1) + "_birth_year", kids[i].second);
    }
    return post(page(), f, page());
  }
  static std::string private_link(const std::string& body) {
    std::smatch m;
    static const std::regex re(R"re(href="(/activities/cancel/[A-Za-z0-9_-]+)")re");
    return std::regex_search(body, m, re) ? std::string(m[1]) : std::string();
  }
  std::int64_t outbox(const std::string& kind) {
    auto r = app_->db->read([&](store::Conn& c) -> Result<std::optional<store::Row>> {
      return c.query_one("SELECT COUNT(*) FROM outbox WHERE kind = $1", {kind});
    });
    return r && *r ? (*r)->integer(0) : -1;
  }
  activities::Activity act_;
};

TEST_F(PublicSignup, TheListShowsTheActivityWithPlacesLeft) {
  auto r = get("/activities");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Aktivitetsuke i vinterferien"), std::string::npos);
  EXPECT_NE(r.body.find("2 places left"), std::string::npos) << r.body.substr(0, 3000);
  EXPECT_NE(r.body.find("Free"), std::string::npos);
}

TEST_F(PublicSignup, MistakesAreNamedFieldByField) {
  auto r = post(page(), {{"rows", "1"}, {"child1_name", "Sara"}, {"child1_birth_year", "1999"}, {"send", "1"}}, page());
  ASSERT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("href=\"#f-guardian_name\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#f-phone\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#f-child1_birth_year\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"Sara\""), std::string::npos);  // what was typed is kept
}

TEST_F(PublicSignup, AddingAChildShowsAnotherRowWithoutSigningUp) {
  auto r = post(page(), {{"rows", "1"}, {"child1_name", "Sara"}, {"add_child", "1"}}, page());
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("name=\"child2_name\""), std::string::npos);
  EXPECT_EQ(app_->db->read([&](store::Conn& c) { return activities::participants_of_activity(c, act_.municipality_id, act_.id); })->size(), 0u);
}

TEST_F(PublicSignup, TheReceiptShowsFirstNamesAndTheCancelLinkFreesThePlaceForTheNext) {
  auto first = sign_up("Amal Haddad", {{"Sara Haddad", "2015"}, {"Omar Haddad", "2014"}});
  ASSERT_EQ(first.status, 200) << first.body.substr(0, 3000);
  EXPECT_NE(first.body.find("Sara"), std::string::npos);
  EXPECT_EQ(first.body.find("Haddad"), std::string::npos);  // first names only, no surname or guardian
  const std::string link = private_link(first.body);
  ASSERT_FALSE(link.empty());
  EXPECT_EQ(outbox("receipt"), 1);

  auto second = sign_up("Per Li", {{"Nils Li", "2015"}});
  ASSERT_EQ(second.status, 200);
  const std::string second_link = private_link(second.body);
  EXPECT_NE(second.body.find("waiting list"), std::string::npos);

  // The first family cancels Omar's place through their private link.
  auto own = get(link);
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.header("Cache-Control").find("no-store") != std::string::npos, true);
  auto kids = app_->db->read([&](store::Conn& c) { return activities::participants_of_activity(c, act_.municipality_id, act_.id); });
  ASSERT_TRUE(kids);
  ASSERT_EQ(kids->size(), 3u);
  auto cancel = post(link, {{"participant", (*kids)[1].id}, {"action", "cancel"}}, link);
  ASSERT_EQ(cancel.status, 303);
  EXPECT_EQ(outbox("offer"), 1);
  EXPECT_EQ(outbox("cancellation"), 1);

  // Nils is offered the place and accepts it on his family's own page.
  auto nils_page = get(second_link);
  ASSERT_EQ(nils_page.status, 200);
  EXPECT_NE(nils_page.body.find("value=\"accept\""), std::string::npos);
  auto accept = post(second_link, {{"participant", (*kids)[2].id}, {"action", "accept"}}, second_link);
  ASSERT_EQ(accept.status, 303);
  auto after = app_->db->read([&](store::Conn& c) { return activities::get_participant(c, act_.municipality_id, (*kids)[2].id); });
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((*after)->status, ParticipantStatus::confirmed);

  // Someone else's child cannot be cancelled through this link.
  auto foreign = post(second_link, {{"participant", (*kids)[0].id}, {"action", "cancel"}}, second_link);
  EXPECT_EQ(foreign.status, 404);
}

TEST_F(PublicSignup, TheOfferLinkFromTheMessageAcceptsThePlace) {
  ASSERT_EQ(sign_up("Amal Haddad", {{"Sara Haddad", "2015"}, {"Omar Haddad", "2014"}}).status, 200);
  ASSERT_EQ(sign_up("Per Li", {{"Nils Li", "2015"}}).status, 200);
  auto kids = app_->db->read([&](store::Conn& c) { return activities::participants_of_activity(c, act_.municipality_id, act_.id); });
  ASSERT_TRUE(activities::cancel_participant(*app_->db, clock_, app_->enrolments.mailer(), 48, act_.municipality_id,
                                             (*kids)[0].id, "public", ""));
  auto body = app_->db->read([&](store::Conn& c) -> Result<std::optional<store::Row>> {
    return c.query_one("SELECT body, language FROM outbox WHERE kind = 'offer'");
  });
  ASSERT_TRUE(body && *body);
  EXPECT_EQ((*body)->text(1), "ar");  // in the guardian's chosen language
  std::smatch m;
  const std::string text = (*body)->text(0);
  ASSERT_TRUE(std::regex_search(text, m, std::regex(R"re(/activities/offer/[A-Za-z0-9_-]+)re")));
  const std::string link = m[0];
  auto offer = get(link);
  ASSERT_EQ(offer.status, 200);
  auto yes = post(link, {{"action", "accept"}}, link);
  ASSERT_EQ(yes.status, 200);
  EXPECT_EQ(get(link).status, 404);  // used
}

TEST_F(PublicSignup, AReferredChildLeavesNoTraceOnPublicPages) {
  activities::ReservedBooking b;
  b.municipality_id = act_.municipality_id;
  b.activity_id = act_.id;
  auto staff = app_->db->read([&](store::Conn& c) -> Result<std::optional<store::Row>> {
    return c.query_one("SELECT id FROM users WHERE username = 'koordinator'");
  });
  ASSERT_TRUE(staff && *staff);
  b.booked_by = (*staff)->text(0);
  b.guardian_name = "Lina Berg";
  b.email = "lina@example.no";
  b.child = {"Jonas Berg", 2014, ""};
  auto booked = activities::book_reserved_place(*app_->db, clock_, app_->enrolments.mailer(), b, "");
  // No reserved places on this activity: a public one is taken, quietly.
  ASSERT_TRUE(booked) << booked.error().message << " " << booked.error().detail;
  for (const std::string& path : {std::string("/activities"), page(), std::string("/activities/cancel/") + booked->cancel_token}) {
    auto r = get(path);
    ASSERT_EQ(r.status, 200) << path;
    for (const char* word : {"referr", "reserved", "Reserved", "koordinator", "Jonas Berg"})
      EXPECT_EQ(r.body.find(word), std::string::npos) << path << " shows " << word;
  }
  auto msg = app_->db->read([&](store::Conn& c) -> Result<std::optional<store::Row>> {
    return c.query_one("SELECT body FROM outbox WHERE kind = 'receipt'");
  });
  ASSERT_TRUE(msg && *msg);
  EXPECT_EQ((*msg)->text(0).find("reserv"), std::string::npos);
}

TEST_F(PublicSignup, PagesWorkInArabic) {
  for (const std::string& path : {std::string("/activities"), page()}) {
    auto r = get(path, "ar");
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("dir=\"rtl\""), std::string::npos);
  }
}

}  // namespace
}  // namespace kp::test
