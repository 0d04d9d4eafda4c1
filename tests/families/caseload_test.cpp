// The coordinator's day: "My caseload" lists what needs doing — overdue measures, consents that
// run out, referrals nobody has answered, the next meetings, families nobody has talked to —
// and logs every family it shows. A leader sees the same per coordinator, as numbers only.
// The plan, meetings and consents are put in with SQL so these tests do not depend on the pages
// that write them.
#include <gtest/gtest.h>

#include <regex>

#include "app/app_client.hpp"
#include "core/ids.hpp"
#include "families/store.hpp"

namespace kp::test {
namespace {

class CaseloadTest : public AppTest {
 protected:
  // Creates a family as the signed-in coordinator and returns its id.
  std::string create_family(const std::string& name) {
    auto r = post("/staff/families/new", {{"name", name}, {"address_protection", "none"}}, "/staff/families/new");
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    std::smatch m;
    const std::string loc = r.header("Location");
    static const std::regex re("/staff/families/([0-9a-f-]{36})");
    EXPECT_TRUE(std::regex_search(loc, m, re)) << loc;
    return m.size() > 1 ? std::string(m[1]) : std::string();
  }
  families::Family family(const std::string& id) {
    auto f = app_->db->read([&](store::Conn& c) { return families::get_family(c, id); });
    EXPECT_TRUE(f && *f);
    return f && *f ? **f : families::Family{};
  }
  void exec(const std::string& sql, std::initializer_list<store::Value> params) {
    const std::vector<store::Value> p(params);
    auto st = app_->db->with_write([&](store::Conn& c) -> Status {
      auto n = c.exec(sql, std::span<const store::Value>(p));
      if (!n) return pass(n);
      return {};
    });
    ASSERT_TRUE(st) << st.error().message << " " << st.error().detail;
  }
  std::int64_t scalar(const std::string& sql, const std::string& param) {
    auto r = app_->db->read([&](store::Conn& c) { return c.query_one(sql, {param}); });
    EXPECT_TRUE(r && *r);
    return r && *r ? (*r)->integer(0) : -1;
  }
  std::string add_goal(const families::Family& f, const std::string& text) {
    const std::string id = ids::new_uuid();
    exec("INSERT INTO goals (id, municipality_id, family_id, area, text, status, position, created_at, updated_at) "
         "VALUES ($1, $2, $3, 'housing', $4, 'active', 1, $5, $5)",
         {id, f.municipality_id, f.id, text, clock_.now()});
    return id;
  }
  void add_measure(const families::Family& f, const std::string& goal, const std::string& text,
                   const std::string& deadline, const std::string& status, const std::string& referral_state = "",
                   std::int64_t referral_changed_at = 0) {
    exec("INSERT INTO measures (id, municipality_id, family_id, goal_id, text, responsible, deadline, status, "
         "referral_state, referral_changed_at, created_by, created_at, updated_at) "
         "VALUES ($1, $2, $3, $4, $5, 'NAV', $6, $7, $8, $9, $10, $11, $11)",
         {ids::new_uuid(), f.municipality_id, f.id, goal, text, deadline, status, referral_state,
          referral_changed_at ? store::Value(referral_changed_at) : store::Value(nullptr), f.coordinator_id,
          clock_.now()});
  }
  void add_consent(const families::Family& f, const std::string& from, const std::string& to) {
    families::Consent k;
    k.id = ids::new_uuid();
    k.family_id = f.id;
    k.given_by = "Kari Nordmann";
    k.services = {"health"};
    k.info_kinds = {"basic", "plan"};
    k.purpose = "Samarbeid om familiens plan";
    k.valid_from = from;
    k.valid_to = to;
    k.recorded_by = f.coordinator_id;
    ASSERT_TRUE(app_->db->with_write(
        [&](store::Conn& c) { return families::insert_consent(c, f.municipality_id, k, clock_.now()); }));
  }
  void add_meeting(const families::Family& f, const std::string& held_on) {
    exec("INSERT INTO meetings (id, municipality_id, family_id, held_on, starts_at, created_by, created_at, updated_at) "
         "VALUES ($1, $2, $3, $4, '10:00', $5, $6, $6)",
         {ids::new_uuid(), f.municipality_id, f.id, held_on, f.coordinator_id, clock_.now()});
  }

  // Two families of koordinator's (today is 2026-11-18): "Familien Travel" with an overdue
  // measure, a referral waiting for 20 days, a consent that ends in 10 days and a meeting in 5;
  // "Familien Stille", opened 10 weeks ago and not contacted since.
  void seed_day() {
    login("koordinator");
    busy_ = create_family("Familien Travel");
    quiet_ = create_family("Familien Stille");
    const auto busy = family(busy_), quiet = family(quiet_);
    const std::string goal = add_goal(busy, "Fast bolig før sommeren");
    add_measure(busy, goal, "Søke om bostøtte", "2026-11-01", "in_progress");
    add_measure(busy, goal, "Ferdig tiltak med gammel frist", "2026-10-01", "done");
    add_measure(busy, goal, "Henvise til fotballskole", "", "planned", "requested", clock_.now() - 20 * 86400);
    add_consent(busy, "2026-01-01", "2026-11-28");
    add_meeting(busy, "2026-11-23");
    add_meeting(busy, "2027-01-15");  // too far ahead
    exec("UPDATE families SET last_contact_at = $1 WHERE id = $2", {clock_.now() - 86400, busy_});
    exec("UPDATE families SET opened_at = $1 WHERE id = $2", {clock_.now() - 70 * 86400, quiet_});
  }

  std::string busy_, quiet_;
};

TEST_F(CaseloadTest, CoordinatorSeesOverdueMeasureExpiringConsentWaitingReferralNextMeetingAndQuietFamily) {
  seed_day();
  auto page = get("/staff/caseload", "en");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 2000);
  const std::string& b = page.body;
  EXPECT_NE(b.find("Søke om bostøtte"), std::string::npos);
  EXPECT_EQ(b.find("Ferdig tiltak med gammel frist"), std::string::npos) << "a done measure is not overdue";
  EXPECT_NE(b.find("Henvise til fotballskole"), std::string::npos);
  EXPECT_NE(b.find("/staff/families/" + busy_ + "/consent"), std::string::npos);
  EXPECT_NE(b.find("/staff/families/" + busy_ + "/plan"), std::string::npos);
  EXPECT_NE(b.find("/staff/families/" + busy_ + "/meetings/"), std::string::npos);
  EXPECT_NE(b.find("No contact since the family was opened"), std::string::npos);
  // Each section's heading carries its count.
  for (const char* heading : {"Overdue measures", "Consents that run out soon",
                              "Referrals to offers still waiting for an answer", "Meetings in the next 14 days",
                              "Families without contact for a while"})
    EXPECT_TRUE(std::regex_search(b, std::regex(std::string(heading) + R"( <span class="ds-tag" data-color="warning">1</span></h2>)")))
        << heading;
  EXPECT_TRUE(std::regex_search(b, std::regex(R"(My families <span class="ds-tag" data-color="neutral">2</span></h2>)")));
  // Only the quiet family is listed as quiet.
  const auto quiet_section = b.substr(b.find("id=\"quiet-h\""), b.find("id=\"families-h\"") - b.find("id=\"quiet-h\""));
  EXPECT_NE(quiet_section.find("Familien Stille"), std::string::npos);
  EXPECT_EQ(quiet_section.find("Familien Travel"), std::string::npos);
  // Every family shown is a logged read.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'family.list' AND details LIKE $1",
                   "%/staff/caseload%"),
            2);
}

TEST_F(CaseloadTest, ARenewedConsentIsNoLongerWarnedAbout) {
  seed_day();
  add_consent(family(busy_), "2026-11-15", "2029-11-14");
  auto page = get("/staff/caseload", "en");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("No consent runs out soon."), std::string::npos);
}

TEST_F(CaseloadTest, StaffOutsideTheFamiliesSeeAnEmptyCaseload) {
  seed_day();
  jar_.clear();
  login("helsesykepleier");
  auto page = get("/staff/caseload", "en");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("Familien Travel"), std::string::npos);
  EXPECT_EQ(page.body.find("Søke om bostøtte"), std::string::npos);
  EXPECT_NE(page.body.find("You do not follow any open family yet."), std::string::npos);
}

TEST_F(CaseloadTest, TeamMemberSeesOnlyWhatTheFamilysConsentCoversForTheirService) {
  seed_day();
  const auto busy = family(busy_);
  auto nurse = app_->db->read([](store::Conn& c) { return c.query_one("SELECT id FROM users WHERE username = 'helsesykepleier'"); });
  ASSERT_TRUE(nurse && *nurse);
  exec("INSERT INTO family_team (family_id, user_id, municipality_id, added_at, added_by) VALUES ($1, $2, $3, $4, $5)",
       {busy_, (*nurse)->text(0), busy.municipality_id, clock_.now(), busy.coordinator_id});
  jar_.clear();
  login("helsesykepleier");
  auto page = get("/staff/caseload", "en");
  ASSERT_EQ(page.status, 200);
  const std::string& b = page.body;
  EXPECT_NE(b.find("Team member"), std::string::npos);
  // The consent (for "health") covers the household and the plan, not the log with its meetings.
  EXPECT_NE(b.find("Søke om bostøtte"), std::string::npos);
  EXPECT_NE(b.find("Henvise til fotballskole"), std::string::npos);
  EXPECT_EQ(b.find("/meetings/"), std::string::npos);
  EXPECT_NE(b.find("No meetings in the next 14 days."), std::string::npos);
  EXPECT_EQ(b.find("Familien Stille"), std::string::npos) << "not on that family's team";
}

// The caseload is kept in memory between views (families::CaseloadCache). Every change below is
// made with plain SQL, as the CLI or a second server would, so only the database's own triggers
// can tell the server about it.
TEST_F(CaseloadTest, AKeptCaseloadShowsEveryChangeAtTheNextView) {
  seed_day();
  const auto busy = family(busy_);
  const auto section = [](const std::string& b, const char* id, const char* next) {
    const auto from = b.find(std::string("id=\"") + id + "\"");
    return from == std::string::npos ? std::string() : b.substr(from, b.find(std::string("id=\"") + next + "\"") - from);
  };
  ASSERT_EQ(get("/staff/caseload", "en").status, 200);
  const auto hits = app_->caseloads.hits();
  auto page = get("/staff/caseload", "en");
  EXPECT_EQ(app_->caseloads.hits(), hits + 1) << "nothing changed: the kept caseload is shown";
  EXPECT_NE(page.body.find("Søke om bostøtte"), std::string::npos);

  add_measure(busy, add_goal(busy, "Trygg økonomi"), "Avtale med NAV om nedbetaling", "2026-11-10", "planned");
  page = get("/staff/caseload", "en");
  EXPECT_NE(section(page.body, "overdue-h", "consents-h").find("Avtale med NAV om nedbetaling"), std::string::npos);

  exec("UPDATE measures SET status = 'done' WHERE family_id = $1 AND text = 'Søke om bostøtte'", {busy_});
  page = get("/staff/caseload", "en");
  EXPECT_EQ(page.body.find("Søke om bostøtte"), std::string::npos) << "a measure marked done is no longer overdue";

  exec("UPDATE families SET last_contact_at = $1 WHERE id = $2", {clock_.now() - 3600, quiet_});
  page = get("/staff/caseload", "en");
  EXPECT_NE(page.body.find("Every family has had contact recently."), std::string::npos);

  add_meeting(busy, "2026-11-19");
  page = get("/staff/caseload", "en");
  EXPECT_TRUE(std::regex_search(page.body, std::regex(R"(Meetings in the next 14 days <span class="ds-tag" data-color="warning">2</span>)")));

  exec("DELETE FROM meetings WHERE family_id = $1", {busy_});
  page = get("/staff/caseload", "en");
  EXPECT_NE(page.body.find("No meetings in the next 14 days."), std::string::npos);

  exec("UPDATE consents SET valid_to = '2029-12-31' WHERE family_id = $1", {busy_});
  page = get("/staff/caseload", "en");
  EXPECT_NE(page.body.find("No consent runs out soon."), std::string::npos);
}

// Withdrawal takes effect at once — also for a caseload kept in memory.
TEST_F(CaseloadTest, ATeamMemberLosesAFamilyFromAKeptCaseloadAtOnce) {
  seed_day();
  const auto busy = family(busy_);
  auto nurse = app_->db->read([](store::Conn& c) { return c.query_one("SELECT id FROM users WHERE username = 'helsesykepleier'"); });
  ASSERT_TRUE(nurse && *nurse);
  const std::string nurse_id = (*nurse)->text(0);
  const auto join_team = [&] {
    exec("INSERT INTO family_team (family_id, user_id, municipality_id, added_at, added_by) VALUES ($1, $2, $3, $4, $5)",
         {busy_, nurse_id, busy.municipality_id, clock_.now(), busy.coordinator_id});
  };
  join_team();
  jar_.clear();
  login("helsesykepleier");
  const auto sees_family = [&] {
    auto page = get("/staff/caseload", "en");
    EXPECT_EQ(page.status, 200);
    return page.body.find("Familien Travel") != std::string::npos;
  };
  ASSERT_TRUE(sees_family());
  ASSERT_TRUE(sees_family());  // now kept

  exec("UPDATE consents SET withdrawn_at = $1 WHERE family_id = $2", {clock_.now(), busy_});
  EXPECT_FALSE(sees_family()) << "consent withdrawn";

  exec("UPDATE consents SET withdrawn_at = NULL WHERE family_id = $1", {busy_});
  ASSERT_TRUE(sees_family());
  exec("UPDATE users SET service = 'nav' WHERE id = $1", {nurse_id});
  EXPECT_FALSE(sees_family()) << "moved to a service the consent does not cover";

  exec("UPDATE users SET service = 'health' WHERE id = $1", {nurse_id});
  ASSERT_TRUE(sees_family());
  exec("DELETE FROM family_team WHERE family_id = $1 AND user_id = $2", {busy_, nurse_id});
  EXPECT_FALSE(sees_family()) << "taken off the team";
}

TEST_F(CaseloadTest, LeaderSeesCountsPerCoordinatorWithoutFamilyNames) {
  seed_day();
  EXPECT_EQ(get("/staff/caseload/team").status, 403) << "a coordinator does not see colleagues' caseloads";
  jar_.clear();
  login("leder");
  auto page = get("/staff/caseload/team", "en");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 2000);
  // open families, overdue measures, expiring consents, families without contact
  EXPECT_NE(page.body.find(R"(<th scope="row">Kai Koordinator</th><td>2</td><td>1</td><td>1</td><td>1</td>)"),
            std::string::npos)
      << page.body;
  EXPECT_EQ(page.body.find("Familien Travel"), std::string::npos);
  EXPECT_EQ(page.body.find("Familien Stille"), std::string::npos);
  EXPECT_EQ(page.body.find("Søke om bostøtte"), std::string::npos);
  EXPECT_EQ(page.body.find("F-2026-"), std::string::npos) << "not even case numbers";
  EXPECT_NE(page.body.find("/staff/emergency-access"), std::string::npos);
}

}  // namespace
}  // namespace kp::test
