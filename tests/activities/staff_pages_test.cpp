// The staff activity pages as organisers use them: making an activity from a catalog offer with
// clear field errors, a concurrent edit answered with 409 and the typed input kept, editors
// limited to their own organisations' offers (404 for others, as the catalog), publishing and
// cancelling, cancelling a child's place (the next child is offered it), running the lottery
// (the seed and explanation are shown), and the audit record of every look at a participant list.
#include <regex>

#include "activities/enrolment.hpp"
#include "activities/enrolment_store.hpp"
#include "app/app_client.hpp"

namespace kp::test {
namespace {

using activities::ParticipantStatus;
using Fields = std::vector<std::pair<std::string, std::string>>;

class StaffActivityPages : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    lang_ = "en";
    mun_ = text("SELECT id FROM municipalities WHERE id = '9999'");
    editor_org_ = text(
        "SELECT uo.organization_id FROM user_organizations uo JOIN users u ON u.id = uo.user_id "
        "WHERE u.username = 'redaktor' ORDER BY uo.organization_id");
    editor_offer_ = text("SELECT id FROM offers WHERE organization_id = $1 ORDER BY id", {editor_org_});
    other_offer_ = text(
        "SELECT id FROM offers WHERE municipality_id = '9999' AND organization_id NOT IN "
        "(SELECT uo.organization_id FROM user_organizations uo JOIN users u ON u.id = uo.user_id "
        "WHERE u.username = 'redaktor') ORDER BY id");
    ASSERT_FALSE(editor_offer_.empty());
    ASSERT_FALSE(other_offer_.empty());
  }

  std::string text(const std::string& sql, std::vector<store::Value> params = {}) {
    std::string out;
    auto st = app_->db->with_read([&](store::Conn& c) -> Status {
      auto r = c.query(sql, params);
      if (!r) return pass(r);
      if (!r->empty()) out = r->front().text(0);
      return {};
    });
    EXPECT_TRUE(st) << sql;
    return out;
  }
  std::int64_t count(const std::string& sql, std::vector<store::Value> params = {}) {
    std::int64_t n = -1;
    auto st = app_->db->with_read([&](store::Conn& c) -> Status {
      auto r = c.query(sql, params);
      if (!r) return pass(r);
      n = r->empty() ? 0 : r->front().integer(0);
      return {};
    });
    EXPECT_TRUE(st) << sql;
    return n;
  }

  static Fields valid_form(const std::string& offer_id, const std::string& title = "Aktivitetsuke i juleferien") {
    return {{"offer_id", offer_id},     {"title", title},          {"description", "Tur, klatring og bading."},
            {"bring", "Matpakke"},      {"place", "Fritidsklubben"}, {"starts_on", "2026-12-21"},
            {"ends_on", "2026-12-23"},  {"session_from", "09:00"}, {"session_to", "15:00"},
            {"weekdays", "1"},          {"weekdays", "2"},         {"weekdays", "3"},
            {"capacity", "15"},         {"reserved_places", "3"},  {"age_min", "10"},
            {"age_max", "13"},          {"price", ""},             {"signup_opens", "2026-11-18"},
            {"signup_closes", "2026-12-10"}, {"allocation", "first_come"}};
  }
  static std::string id_from(const std::string& location) {
    std::smatch m;
    static const std::regex re(R"(/staff/activities/([0-9a-f-]{36}))");
    return std::regex_search(location, m, re) ? std::string(m[1]) : std::string();
  }
  // Creates an activity through the form as the signed-in user; returns its id.
  std::string create(const Fields& f) {
    auto r = post("/staff/activities/new", f, "/staff/activities/new");
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    return id_from(r.header("Location"));
  }
  void publish(const std::string& id) {
    auto r = post("/staff/activities/" + id + "/state", {{"to", "published"}}, "/staff/activities/" + id);
    ASSERT_EQ(r.status, 303);
  }
  activities::EnrolOutcome sign_up(const std::string& activity_id, const std::string& guardian,
                                   const std::vector<std::string>& kids, const std::string& email = "forelder@example.no") {
    activities::SignupInput in;
    in.municipality_id = "9999";
    in.activity_id = activity_id;
    in.guardian_name = guardian;
    in.email = email;
    in.language = "nb";
    for (const auto& k : kids) in.children.push_back({k, 2014, "Nøtteallergi"});
    auto r = app_->enrolments.enrol(in, "127.0.0.1");
    EXPECT_TRUE(r) << (r ? "" : r.error().message + " / " + r.error().detail);
    return r ? *r : activities::EnrolOutcome{};
  }
  std::string status_of(const std::string& participant_id) {
    return text("SELECT status FROM participants WHERE id = $1", {participant_id});
  }

  std::string mun_, editor_org_, editor_offer_, other_offer_;
};

TEST_F(StaffActivityPages, CoordinatorMakesAnActivityFromAnOfferWithItsSessions) {
  login("koordinator");
  auto form = get("/staff/activities/new");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"offer_id\""), std::string::npos);
  const std::string id = create(valid_form(other_offer_));
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_sessions WHERE activity_id = $1", {id}), 3);
  EXPECT_EQ(text("SELECT status FROM activities WHERE id = $1", {id}), "draft");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'activity.create' AND entity_id = $1", {id}), 1);
  auto page = get("/staff/activities/" + id + "?saved=1");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Aktivitetsuke i juleferien"), std::string::npos);
  auto list = get("/staff/activities");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Aktivitetsuke i juleferien"), std::string::npos);
}

TEST_F(StaffActivityPages, AFormWithMistakesNamesEachFieldAndKeepsWhatWasTyped) {
  login("koordinator");
  Fields f = valid_form(other_offer_, "");
  for (auto& [k, v] : f) {
    if (k == "capacity") v = "mange";
    if (k == "ends_on") v = "2026-12-01";
    if (k == "price") v = "gratis?";
    if (k == "place") v = "Ved bålplassen";
  }
  auto r = post("/staff/activities/new", f, "/staff/activities/new");
  ASSERT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("error-summary"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#f-title\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#f-capacity\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#f-ends_on\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#f-price\""), std::string::npos);
  EXPECT_NE(r.body.find("Ved bålplassen"), std::string::npos);
  EXPECT_NE(r.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activities"), 0);
}

TEST_F(StaffActivityPages, TooManyReservedPlacesAndNoWeekdaysAreRefused) {
  login("koordinator");
  Fields f;
  for (const auto& [k, v] : valid_form(other_offer_))
    if (k != "weekdays") f.emplace_back(k, k == "reserved_places" ? "20" : v);
  auto r = post("/staff/activities/new", f, "/staff/activities/new");
  ASSERT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("href=\"#f-reserved_places\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#f-weekdays\""), std::string::npos);
}

TEST_F(StaffActivityPages, AnEditOnAnOutdatedVersionIsRefusedWith409AndKeepsTheInput) {
  login("koordinator");
  const std::string id = create(valid_form(other_offer_));
  auto edit = get("/staff/activities/" + id + "/edit");
  ASSERT_EQ(edit.status, 200);
  EXPECT_NE(edit.body.find("name=\"version\" value=\"1\""), std::string::npos);
  Fields first = valid_form(other_offer_, "Juleuke for 10–13 år");
  first.emplace_back("version", "1");
  auto ok = post("/staff/activities/" + id + "/edit", first, "/staff/activities/" + id + "/edit");
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 2000);
  EXPECT_EQ(text("SELECT title FROM activities WHERE id = $1", {id}), "Juleuke for 10–13 år");
  // A second person still had version 1 open.
  Fields second = valid_form(other_offer_, "Min egen tittel");
  second.emplace_back("version", "1");
  auto late = post("/staff/activities/" + id + "/edit", second, "/staff/activities/" + id + "/edit");
  EXPECT_EQ(late.status, 409);
  EXPECT_NE(late.body.find("Min egen tittel"), std::string::npos);
  EXPECT_NE(late.body.find("Someone else changed this activity"), std::string::npos);
  EXPECT_EQ(text("SELECT title FROM activities WHERE id = $1", {id}), "Juleuke for 10–13 år");
}

TEST_F(StaffActivityPages, AnEditChangingTheDaysReplacesTheSessions) {
  login("koordinator");
  const std::string id = create(valid_form(other_offer_));
  Fields f;
  for (const auto& [k, v] : valid_form(other_offer_))
    if (k != "weekdays") f.emplace_back(k, v);
  f.emplace_back("weekdays", "2");
  f.emplace_back("version", "1");
  ASSERT_EQ(post("/staff/activities/" + id + "/edit", f, "/staff/activities/" + id + "/edit").status, 303);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_sessions WHERE activity_id = $1", {id}), 1);
}

TEST_F(StaffActivityPages, AnEditorRunsOnlyActivitiesOfTheirOwnOrganisations) {
  login("koordinator");
  const std::string theirs = create(valid_form(other_offer_, "Kommunens aktivitetsuke"));
  const std::string own = create(valid_form(editor_offer_, "Lagets aktivitetsdag"));
  jar_.clear();
  login("redaktor");
  auto list = get("/staff/activities");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find("Kommunens aktivitetsuke"), std::string::npos);
  EXPECT_NE(list.body.find("Lagets aktivitetsdag"), std::string::npos);
  EXPECT_EQ(get("/staff/activities/" + theirs).status, 404);
  EXPECT_EQ(get("/staff/activities/" + theirs + "/edit").status, 404);
  EXPECT_EQ(get("/staff/activities/" + theirs + "/attendance").status, 404);
  Fields f = valid_form(other_offer_, "Kapret");
  f.emplace_back("version", "1");
  EXPECT_EQ(post("/staff/activities/" + theirs + "/edit", f, "/staff/activities/new").status, 404);
  EXPECT_EQ(post("/staff/activities/" + theirs + "/state", {{"to", "published"}}, "/staff/activities/new").status, 404);
  EXPECT_EQ(get("/staff/activities/" + own).status, 200);
  // The form offers only their own offers, and refuses another organisation's.
  auto form = get("/staff/activities/new");
  EXPECT_EQ(form.body.find(other_offer_), std::string::npos);
  EXPECT_NE(form.body.find(editor_offer_), std::string::npos);
  auto r = post("/staff/activities/new", valid_form(other_offer_, "Ny"), "/staff/activities/new");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("href=\"#f-offer_id\""), std::string::npos);
}

TEST_F(StaffActivityPages, StaffWithoutAnActivityRoleAreTurnedAway) {
  login("helsesykepleier");
  EXPECT_EQ(get("/staff/activities").status, 403);
  EXPECT_EQ(get("/staff/activities/figures").status, 403);
}

TEST_F(StaffActivityPages, CancellingAnActivityCancelsEveryPlaceAndTellsTheGuardians) {
  login("koordinator");
  const std::string id = create(valid_form(other_offer_));
  publish(id);
  EXPECT_EQ(text("SELECT status FROM activities WHERE id = $1", {id}), "published");
  auto a = sign_up(id, "Kari Nordmann", {"Emma Nordmann", "Noah Nordmann"});
  const auto before = count("SELECT COUNT(*) FROM outbox WHERE kind = 'cancellation'");
  auto r = post("/staff/activities/" + id + "/state", {{"to", "cancelled"}}, "/staff/activities/" + id);
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(text("SELECT status FROM activities WHERE id = $1", {id}), "cancelled");
  for (const auto& c : a.children) EXPECT_EQ(status_of(c.id), "cancelled");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'cancellation'"), before + 1);
}

TEST_F(StaffActivityPages, StaffCancellingAPlaceOffersItToTheFirstOnTheWaitingList) {
  login("koordinator");
  Fields f = valid_form(other_offer_);
  for (auto& [k, v] : f) {
    if (k == "capacity") v = "1";
    if (k == "reserved_places") v = "0";
  }
  const std::string id = create(f);
  publish(id);
  auto first = sign_up(id, "Kari Nordmann", {"Emma Nordmann"});
  auto second = sign_up(id, "Ola Hansen", {"Sara Hansen"}, "ola@example.no");
  ASSERT_EQ(status_of(second.children[0].id), "waiting");
  auto page = get("/staff/activities/" + id);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Sara Hansen"), std::string::npos);
  EXPECT_NE(page.body.find("Nøtteallergi"), std::string::npos);
  auto r = post("/staff/activities/" + id + "/participants/" + first.children[0].id + "/cancel", {},
                "/staff/activities/" + id);
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(status_of(first.children[0].id), "cancelled");
  EXPECT_EQ(status_of(second.children[0].id), "offered");
}

TEST_F(StaffActivityPages, TheLotteryButtonDrawsAndShowsTheSeedAndExplanation) {
  login("koordinator");
  Fields f = valid_form(other_offer_);
  for (auto& [k, v] : f) {
    if (k == "allocation") v = "lottery";
    if (k == "capacity") v = "2";
    if (k == "reserved_places") v = "0";
    if (k == "signup_closes") v = "2026-11-20";
  }
  const std::string id = create(f);
  publish(id);
  sign_up(id, "Kari Nordmann", {"Emma Nordmann"});
  sign_up(id, "Ola Hansen", {"Sara Hansen"}, "ola@example.no");
  sign_up(id, "Aisha Ali", {"Omar Ali"}, "aisha@example.no");
  auto before = get("/staff/activities/" + id);
  EXPECT_EQ(before.body.find("/lottery\""), std::string::npos);  // the window is still open
  clock_.advance(3 * 86400);
  jar_.clear();
  login("koordinator");  // the session ran out while the window was open
  auto open = get("/staff/activities/" + id);
  ASSERT_NE(open.body.find("/lottery\""), std::string::npos);
  auto r = post("/staff/activities/" + id + "/lottery", {}, "/staff/activities/" + id);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM participants WHERE activity_id = $1 AND status = 'confirmed'", {id}), 2);
  const std::string seed = text("SELECT seed FROM lottery_runs WHERE activity_id = $1", {id});
  ASSERT_EQ(seed.size(), 16u);
  auto after = get("/staff/activities/" + id);
  EXPECT_NE(after.body.find(seed), std::string::npos);
  EXPECT_EQ(after.body.find("/lottery\""), std::string::npos);  // only once
}

TEST_F(StaffActivityPages, EveryLookAtAParticipantListIsInTheAuditLog) {
  login("koordinator");
  const std::string id = create(valid_form(other_offer_));
  publish(id);
  sign_up(id, "Kari Nordmann", {"Emma Nordmann"});
  const auto before = count("SELECT COUNT(*) FROM audit_log WHERE action = 'activity.participants_view' AND entity_id = $1", {id});
  ASSERT_EQ(get("/staff/activities/" + id).status, 200);
  ASSERT_EQ(get("/staff/activities/" + id + "/attendance").status, 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'activity.participants_view' AND entity_id = $1", {id}),
            before + 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'activity.participants_view' AND details LIKE '%Emma%'"), 0);
}

}  // namespace
}  // namespace kp::test
