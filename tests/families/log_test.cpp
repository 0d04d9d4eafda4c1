// The family's log (stafettlogg) as staff use it: entries newest first with their author, 50 a
// page; writing one records contact for the caseload; a team member whose consent does not
// cover the log sees why instead of the entries; staff outside the family get 404.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>

#include "app/app_client.hpp"
#include "auth/accounts.hpp"
#include "core/ids.hpp"
#include "families/log_store.hpp"
#include "families/store.hpp"

namespace kp::test {
namespace {

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

class LogEntriesTest : public AppTest {
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
  std::string log_path(const std::string& id) { return "/staff/families/" + id + "/log"; }
  // Posts an entry with the CSRF token of `form_page` (default: the log page itself).
  Reply write_entry(const std::string& id, const std::string& date, const std::string& kind, const std::string& text,
                    const std::string& form_page = {}) {
    return post(log_path(id), {{"happened_on", date}, {"kind", kind}, {"text", text}},
                form_page.empty() ? log_path(id) : form_page);
  }
  auth::User user(const std::string& username) {
    auto u = auth::find_user_by_username(*app_->db, username);
    EXPECT_TRUE(u);
    return u ? *u : auth::User{};
  }
  families::Family family(const std::string& id) {
    auto f = app_->db->read([&](store::Conn& c) { return families::get_family(c, id); });
    EXPECT_TRUE(f && *f);
    return f && *f ? **f : families::Family{};
  }
  // Puts `username` on the family's team with a consent for their service covering `kinds`.
  void add_to_team_with_consent(const std::string& id, const std::string& username,
                                const std::vector<std::string>& kinds) {
    const auto u = user(username);
    const auto f = family(id);
    const auto now = clock_.now();
    families::Consent k;
    k.id = ids::new_uuid();
    k.family_id = id;
    k.given_by = "Kari Nordmann";
    k.services = {u.service};
    k.info_kinds = kinds;
    k.purpose = "Samarbeid om familiens plan";
    k.valid_from = "2026-01-01";
    k.valid_to = "2027-12-31";
    k.recorded_by = f.coordinator_id;
    ASSERT_TRUE(app_->db->with_write([&](store::Conn& c) -> Status {
      auto team = families::team(c, id);
      if (!team) return pass(team);
      if (team->empty()) KP_TRY(families::add_team_member(c, f.municipality_id, id, u.id, f.coordinator_id, now));
      return families::insert_consent(c, f.municipality_id, k, now);
    }));
  }
  std::int64_t scalar(const std::string& sql, const std::string& param) {
    auto r = app_->db->read([&](store::Conn& c) { return c.query_one(sql, {param}); });
    EXPECT_TRUE(r && *r);
    return r && *r ? (*r)->integer(0) : -1;
  }
};

TEST_F(LogEntriesTest, EntriesAppearNewestFirstWithKindAuthorAndService) {
  login("koordinator");
  const std::string id = create_family("Familien Loggsen");
  ASSERT_EQ(write_entry(id, "2026-10-02", "call", "Ringte mor om skolestart").status, 303);
  ASSERT_EQ(write_entry(id, "2026-11-10", "home_visit", "Hjemmebesøk, alle til stede").status, 303);
  ASSERT_EQ(write_entry(id, "2026-10-20", "note", "Notat etter samtale med skolen").status, 303);
  auto page = get(log_path(id), "en");
  ASSERT_EQ(page.status, 200);
  const auto newest = page.body.find("Hjemmebesøk, alle til stede");
  const auto middle = page.body.find("Notat etter samtale med skolen");
  const auto oldest = page.body.find("Ringte mor om skolestart");
  ASSERT_NE(newest, std::string::npos);
  ASSERT_NE(middle, std::string::npos);
  ASSERT_NE(oldest, std::string::npos);
  EXPECT_LT(newest, middle);
  EXPECT_LT(middle, oldest);
  EXPECT_NE(page.body.find("Home visit"), std::string::npos);
  EXPECT_NE(page.body.find("Phone call"), std::string::npos);
  EXPECT_NE(page.body.find("Kai Koordinator"), std::string::npos);
  EXPECT_NE(page.body.find("The hub (family coordinators)"), std::string::npos);
  EXPECT_NE(page.body.find(R"(dir="auto">Hjemmebesøk)"), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'log.create' AND entity_id = $1", id), 3);
}

TEST_F(LogEntriesTest, LongLogIsShownFiftyEntriesAPageAndBadPageNumbersAreRefused) {
  login("koordinator");
  const std::string id = create_family("Familien Lang");
  const auto f = family(id);
  ASSERT_TRUE(app_->db->with_write([&](store::Conn& c) -> Status {
    for (int i = 0; i < 120; ++i) {
      families::LogEntry e;
      e.id = ids::new_uuid();
      e.family_id = id;
      e.happened_on = fmt::format("2026-{:02}-{:02}", 1 + i / 28, 1 + i % 28);
      e.kind = families::LogKind::note;
      e.text = fmt::format("Oppføring nummer {:03}", i);
      e.author_id = f.coordinator_id;
      e.author_service = "hub";
      KP_TRY(families::insert_log_entry(c, f.municipality_id, e, clock_.now()));
    }
    return {};
  }));
  auto first = get(log_path(id), "en");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(count(first.body, "kp-log-entry"), 50);
  EXPECT_NE(first.body.find("Oppføring nummer 119"), std::string::npos);
  EXPECT_EQ(first.body.find("Oppføring nummer 069"), std::string::npos);
  EXPECT_NE(first.body.find("page=2"), std::string::npos);
  auto third = get(log_path(id) + "?page=3", "en");
  ASSERT_EQ(third.status, 200);
  EXPECT_EQ(count(third.body, "kp-log-entry"), 20);
  EXPECT_NE(third.body.find("Oppføring nummer 000"), std::string::npos);
  EXPECT_EQ(third.body.find("page=4"), std::string::npos);
  EXPECT_EQ(get(log_path(id) + "?page=4").status, 404);
  EXPECT_EQ(get(log_path(id) + "?page=0").status, 400);
  EXPECT_EQ(get(log_path(id) + "?page=abc").status, 400);
}

TEST_F(LogEntriesTest, AnEntryNeedsKindAndTextAndADateThatIsNotInTheFuture) {
  login("koordinator");
  const std::string id = create_family("Familien Feilsen");
  auto r = write_entry(id, "2027-01-05", "", "   ");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"(href="#f-happened_on")"), std::string::npos);
  EXPECT_NE(r.body.find(R"(href="#f-kind")"), std::string::npos);
  EXPECT_NE(r.body.find(R"(href="#f-text")"), std::string::npos);
  EXPECT_EQ(write_entry(id, "2026-11-01", "call", std::string(5001, 'x')).status, 400);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM family_log WHERE family_id = $1", id), 0);
  // An empty date means today.
  ASSERT_EQ(write_entry(id, "", "meeting", "Møte på huben").status, 303);
  auto entries = app_->db->read([&](store::Conn& c) { return families::log_entries(c, id, 10, 0); });
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().happened_on, "2026-11-18");
}

TEST_F(LogEntriesTest, WritingAnEntryRecordsContactSoTheFamilyLeavesTheNoContactList) {
  login("koordinator");
  const std::string id = create_family("Familien Stille");
  const auto f = family(id);
  EXPECT_FALSE(f.last_contact_at);
  const auto quiet = [&](std::optional<std::string> coordinator) {
    const UnixSeconds since = clock_.now() - 6 * 7 * 86400;
    auto q = app_->db->read([&](store::Conn& c) {
      return families::families_without_contact(c, f.municipality_id, coordinator, since);
    });
    EXPECT_TRUE(q);
    std::vector<std::string> ids;
    if (q)
      for (const auto& x : *q) ids.push_back(x.id);
    return ids;
  };
  const auto has = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  // Just opened: not quiet yet, however long it has had no contact.
  EXPECT_FALSE(has(quiet(std::nullopt), id));
  clock_.advance(7 * 7 * 86400);  // seven weeks later: 2027-01-06
  EXPECT_TRUE(has(quiet(std::nullopt), id));
  EXPECT_TRUE(has(quiet(f.coordinator_id), id));
  EXPECT_FALSE(has(quiet(user("helsesykepleier").id), id));
  jar_.clear();  // the session has long expired
  login("koordinator");
  // A back-dated entry counts from its own day (noon), not from when it was typed.
  ASSERT_EQ(write_entry(id, "2026-11-20", "call", "Ringte far").status, 303);
  EXPECT_EQ(family(id).last_contact_at, from_oslo(LocalDateTime{{2026, 11, 20}, 12, 0, 0}));
  EXPECT_TRUE(has(quiet(std::nullopt), id));
  ASSERT_EQ(write_entry(id, "", "home_visit", "Hjemmebesøk").status, 303);
  EXPECT_EQ(family(id).last_contact_at, clock_.now());
  EXPECT_FALSE(has(quiet(std::nullopt), id));
  // touch_contact never moves the last contact backwards.
  ASSERT_TRUE(app_->db->with_write(
      [&](store::Conn& c) { return families::touch_contact(c, id, clock_.now() - 86400); }));
  EXPECT_EQ(family(id).last_contact_at, clock_.now());
}

TEST_F(LogEntriesTest, TeamMemberWhoseConsentLeavesOutTheLogCannotOpenIt) {
  login("koordinator");
  const std::string id = create_family("Familien Samtykke");
  ASSERT_EQ(write_entry(id, "2026-11-01", "home_visit", "Fortrolig hjemmebesøk").status, 303);
  add_to_team_with_consent(id, "helsesykepleier", {"basic", "plan"});
  jar_.clear();
  login("helsesykepleier");
  // The team member may see the family, not its log: the log tab is not offered and the
  // address answers like any page one may not see.
  auto overview = get("/staff/families/" + id, "en");
  ASSERT_EQ(overview.status, 200);
  EXPECT_EQ(overview.body.find("href=\"" + log_path(id) + "\""), std::string::npos);
  auto page = get(log_path(id), "en");
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.body.find("Fortrolig hjemmebesøk"), std::string::npos);
  EXPECT_EQ(write_entry(id, "2026-11-02", "note", "Skrevet uten å kunne lese", "/staff/families/" + id).status, 404);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM family_log WHERE family_id = $1", id), 1);
  // A consent that includes the log opens it at once.
  add_to_team_with_consent(id, "helsesykepleier", {"log"});
  page = get(log_path(id), "en");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Fortrolig hjemmebesøk"), std::string::npos);
  ASSERT_EQ(write_entry(id, "2026-11-02", "note", "Helsesøster var med").status, 303);
  page = get(log_path(id), "en");
  EXPECT_NE(page.body.find("Helga Helsesøster"), std::string::npos);
  EXPECT_NE(page.body.find("Child health clinic and school health service"), std::string::npos);
}

TEST_F(LogEntriesTest, StaffOutsideTheFamilyAndTheLeaderGet404) {
  login("koordinator");
  const std::string id = create_family("Familien Ukjent");
  ASSERT_EQ(write_entry(id, "2026-11-01", "note", "Hemmelig notat").status, 303);
  jar_.clear();
  login("helsesykepleier");
  EXPECT_EQ(get(log_path(id)).status, 404);
  EXPECT_EQ(write_entry(id, "2026-11-02", "note", "Forsøk", "/staff/families").status, 404);
  jar_.clear();
  login("leder");  // sees that the family exists, not its log
  auto page = get(log_path(id));
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.body.find("Hemmelig notat"), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM family_log WHERE family_id = $1", id), 1);
}

TEST(LogRules, CoordinatorAndEmergencyAlwaysReadTheLogTeamOnlyWithAValidLogConsent) {
  using policy::FamilyGrounds;
  families::Consent k;
  k.services = {"health"};
  k.info_kinds = {"basic", "log"};
  k.valid_from = "2026-01-01";
  k.valid_to = "2026-12-31";
  const std::vector<families::Consent> ks{k};
  EXPECT_TRUE(families::may_read_log({}, FamilyGrounds::coordinator, "hub", "2026-06-01"));
  EXPECT_TRUE(families::may_read_log({}, FamilyGrounds::emergency, "nav", "2026-06-01"));
  EXPECT_FALSE(families::may_read_log(ks, FamilyGrounds::status_only, "health", "2026-06-01"));
  EXPECT_FALSE(families::may_read_log(ks, FamilyGrounds::none, "health", "2026-06-01"));
  EXPECT_TRUE(families::may_read_log(ks, FamilyGrounds::team, "health", "2026-06-01"));
  EXPECT_FALSE(families::may_read_log(ks, FamilyGrounds::team, "school", "2026-06-01"));
  EXPECT_FALSE(families::may_read_log(ks, FamilyGrounds::team, "health", "2027-01-01"));  // expired
  auto withdrawn = k;
  withdrawn.withdrawn_at = 1;
  EXPECT_FALSE(families::may_read_log({withdrawn}, FamilyGrounds::team, "health", "2026-06-01"));
  auto own = k;
  own.subject_person_id = "a-young-person";
  EXPECT_FALSE(families::may_read_log({own}, FamilyGrounds::team, "health", "2026-06-01"));
  auto refused = k;
  refused.refused = true;
  EXPECT_FALSE(families::may_read_log({refused}, FamilyGrounds::team, "health", "2026-06-01"));
}

}  // namespace
}  // namespace kp::test
