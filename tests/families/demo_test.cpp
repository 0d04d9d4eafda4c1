// The demo families: 100 households with 10 coordinators, seeded once (a second run changes
// nothing), with only synthetic identity numbers, one strictly protected address, and the
// consent states the pages demonstrate (withdrawn, expiring, refused, a young person's own).
#include "catalog/demo.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "app/app_client.hpp"
#include "app/demo_users.hpp"
#include "core/national_id.hpp"
#include "families/demo.hpp"
#include "families/low_income.hpp"
#include "families/store.hpp"
#include "store/test_db.hpp"

namespace kp::test {
namespace {

constexpr const char* kMun = "9999";

class DemoFamiliesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_ = open();
    ASSERT_TRUE(db_);
    ASSERT_TRUE(catalog::seed_demo_catalog(*db_, clock_));
    ASSERT_TRUE(app::seed_demo_users(*db_, clock_));
  }

  families::DemoSeedReport seed(int families = families::kDemoFamilies, int log_entries = -1) {
    auto r = families::seed_demo_families(*db_, clock_, families, log_entries);
    EXPECT_TRUE(r) << r.error().message << " / " << r.error().detail;
    return r ? *r : families::DemoSeedReport{};
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

  store::Rows rows(const std::string& sql, std::vector<store::Value> params = {}) {
    store::Rows out;
    auto st = db_->with_read([&](store::Conn& c) -> Status {
      auto r = c.query(sql, params);
      if (!r) return pass(r);
      out = std::move(*r);
      return {};
    });
    EXPECT_TRUE(st) << sql;
    return out;
  }

  std::string user_id(const std::string& username) {
    auto r = rows("SELECT id FROM users WHERE username = $1", {username});
    return r.empty() ? std::string() : r.front().text(0);
  }

  // Row counts of every family table, to compare before and after.
  std::map<std::string, std::int64_t> table_counts() {
    std::map<std::string, std::int64_t> out;
    for (const char* t : {"families", "persons", "family_team", "family_bti", "referrals", "family_income", "consents",
                          "goals", "measures", "meetings", "family_log", "progress_scores", "progress_indicators",
                          "emergency_access", "users", "audit_log"})
      out[t] = count(std::string("SELECT COUNT(*) FROM ") + t);
    return out;
  }

  std::string today() const { return format_iso_date(to_oslo(clock_.now()).date); }
  std::string in_days(int days) const {
    return format_iso_date(civil_from_days(days_from_civil(to_oslo(clock_.now()).date) + days));
  }

  ManualClock clock_{1795000000};  // 2026-11-18
  std::unique_ptr<store::Database> db_;
};

TEST_F(DemoFamiliesTest, SeedingTwiceChangesNothingAndMoreFamiliesKeepTheFirstHundred) {
  const auto first = seed();
  EXPECT_EQ(first.families_added, 100);
  const auto before = table_counts();
  EXPECT_EQ(before.at("families"), 100);
  auto remembered = rows("SELECT id, reference, name, coordinator_id FROM families ORDER BY id");

  clock_.advance(3 * 86400);  // another day: still nothing new
  const auto second = seed();
  EXPECT_EQ(second.families_added, 0);
  EXPECT_EQ(table_counts(), before);

  // The benchmark mode adds families after the first hundred, with exactly the log asked for.
  const auto more = seed(130, 5);
  EXPECT_EQ(more.families_added, 30);
  EXPECT_EQ(more.log_entries_added, 150);
  EXPECT_EQ(count("SELECT COUNT(*) FROM families"), 130);
  EXPECT_EQ(count("SELECT COUNT(*) FROM family_log WHERE family_id = $1", {families::demo_family_id(120)}), 5);
  auto again = rows("SELECT id, reference, name, coordinator_id FROM families ORDER BY id");
  size_t same = 0;
  for (const auto& r : remembered)
    for (const auto& a : again)
      if (a.text(0) == r.text(0) && a.text(1) == r.text(1) && a.text(2) == r.text(2) && a.text(3) == r.text(3)) ++same;
  EXPECT_EQ(same, remembered.size());
  // "koordinator" keeps a caseload of ten; the extra families go to the other nine.
  EXPECT_EQ(count("SELECT COUNT(*) FROM families WHERE coordinator_id = $1", {user_id("koordinator")}), 10);
}

TEST_F(DemoFamiliesTest, HundredFamiliesWithTenCoordinatorsTeamsConsentsPlansAndIncome) {
  seed();
  EXPECT_EQ(count("SELECT COUNT(*) FROM families WHERE municipality_id = $1", {std::string(kMun)}), 100);
  auto per = rows("SELECT coordinator_id, COUNT(*) FROM families GROUP BY coordinator_id");
  ASSERT_EQ(per.size(), 10u);
  for (const auto& r : per) {
    EXPECT_FALSE(r.is_null(0));
    EXPECT_GE(r.integer(1), 8);
    EXPECT_LE(r.integer(1), 12);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM families WHERE coordinator_id = $1", {user_id("koordinator")}), 10);
  EXPECT_GE(count("SELECT COUNT(DISTINCT u.service) FROM family_team t JOIN users u ON u.id = t.user_id"), 7);
  // Every family has people, a plan, a log and the referral that led to it.
  for (const char* t : {"persons", "goals", "measures", "family_log", "progress_scores", "family_income", "consents"})
    EXPECT_EQ(count(std::string("SELECT COUNT(DISTINCT family_id) FROM ") + t), 100) << t;
  EXPECT_EQ(count("SELECT COUNT(*) FROM referrals WHERE status = 'accepted' AND family_id IS NOT NULL"), 100);
  EXPECT_GE(count("SELECT COUNT(*) FROM referrals WHERE status = 'new' AND family_id IS NULL"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM referrals WHERE status = 'declined' AND decision_reason <> ''"), 1);
  // Immigrant backgrounds with their own language, some with an interpreter.
  EXPECT_GE(count("SELECT COUNT(DISTINCT language) FROM persons"), 6);
  EXPECT_GT(count("SELECT COUNT(*) FROM persons WHERE interpreter = 1"), 5);
  // Overdue measures, referrals to published offers, upcoming and past meetings.
  EXPECT_GT(count("SELECT COUNT(*) FROM measures WHERE status IN ('planned', 'in_progress') AND deadline <> '' AND "
                  "deadline < $1",
                  {today()}),
            10);
  EXPECT_GT(count("SELECT COUNT(*) FROM measures m JOIN offers o ON o.id = m.offer_id WHERE o.state = 'published'"),
            50);
  EXPECT_GE(count("SELECT COUNT(DISTINCT referral_state) FROM measures WHERE referral_state <> ''"), 6);
  EXPECT_GT(count("SELECT COUNT(*) FROM meetings WHERE held_on > $1", {today()}), 10);
  EXPECT_GT(
      count("SELECT COUNT(*) FROM meetings WHERE held_on < $1 AND minutes <> '' AND reflections <> ''", {today()}),
      100);
  // Two closed families, one closed longer ago than the retention period (five years).
  EXPECT_EQ(count("SELECT COUNT(*) FROM families WHERE status = 'closed'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM families WHERE status = 'closed' AND closed_at < $1",
                  {clock_.now() - std::int64_t{1825} * 86400}),
            1);

  // Consents in every state the team meets.
  EXPECT_EQ(count("SELECT COUNT(*) FROM consents WHERE withdrawn_at IS NOT NULL"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consents WHERE refused = 1"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consents WHERE subject_person_id IS NOT NULL"), 2);
  EXPECT_GE(count("SELECT COUNT(*) FROM consents WHERE refused = 0 AND withdrawn_at IS NULL AND subject_person_id IS "
                  "NULL AND valid_to >= $1 AND valid_to <= $2",
                  {today(), in_days(30)}),
            8);
  EXPECT_GE(count("SELECT COUNT(*) FROM consents WHERE valid_to < $1", {today()}), 3);
  // "koordinator" has the nurse on a team with a valid health consent, and on one whose consent
  // was withdrawn.
  const std::string nurse = user_id("helsesykepleier");
  const auto covered = [&](int n) {
    auto facts = db_->read(
        [&](store::Conn& c) { return families::load_facts(c, families::demo_family_id(n), nurse, clock_.now()); });
    EXPECT_TRUE(facts && *facts);
    if (!facts || !*facts) return false;
    bool on_team = false;
    for (const auto& m : (*facts)->team) on_team = on_team || m.user_id == nurse;
    EXPECT_TRUE(on_team) << n;
    EXPECT_EQ((*facts)->coordinator_id, user_id("koordinator"));
    return policy::consent_covers((*facts)->consents, "health", today());
  };
  EXPECT_TRUE(covered(families::kDemoNurseConsentFamily));
  EXPECT_FALSE(covered(families::kDemoWithdrawnFamily));
  EXPECT_TRUE(covered(families::kDemoProtectedFamily));

  // Income over three years: most families persistently below the EU-60 line, not all.
  std::map<std::string, std::vector<families::HouseholdYear>> by_family;
  for (const auto& r : rows("SELECT family_id, year, income_after_tax, adults, children FROM family_income"))
    by_family[r.text(0)].push_back(
        {static_cast<int>(r.integer(1)), r.integer(2), static_cast<int>(r.integer(3)), static_cast<int>(r.integer(4))});
  ASSERT_EQ(by_family.size(), 100u);
  int persistent = 0, not_low = 0;
  for (const auto& [id, years] : by_family) {
    EXPECT_EQ(years.size(), 3u);
    auto p = families::persistent_low_income(years, {});
    if (p && *p) ++persistent;
    if (p && !*p) ++not_low;
  }
  EXPECT_GE(persistent, 40);
  EXPECT_GE(not_low, 5);
}

TEST_F(DemoFamiliesTest, IdentityNumbersAreAllSyntheticAndOneAddressIsStrictlyProtected) {
  seed();
  auto ids = rows("SELECT national_id, birth_date FROM persons WHERE national_id IS NOT NULL");
  ASSERT_GT(ids.size(), 250u);
  for (const auto& r : ids) {
    const std::string nid = r.text(0);
    auto parsed = parse_national_id(nid, true);
    ASSERT_TRUE(parsed) << "not a valid synthetic number";
    EXPECT_TRUE(parsed->synthetic);
    EXPECT_GE(std::stoi(nid.substr(2, 2)), 81);  // month + 80
    EXPECT_FALSE(parse_national_id(nid, false)) << "a number that passes as real";
    EXPECT_EQ(format_iso_date(parsed->birth_date), r.text(1)) << "the number must match the birth date";
    if (parsed->birth_date.year >= 2000) {
      EXPECT_GE(std::stoi(nid.substr(6, 3)), 500);  // born 2000 or later: individual numbers 500–999
    }
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT national_id FROM persons WHERE national_id IS NOT NULL GROUP BY "
                  "national_id HAVING COUNT(*) > 1) d"),
            0);

  // One family has a strictly protected address: stored, never read back.
  const std::string id = families::demo_family_id(families::kDemoProtectedFamily);
  auto r = rows("SELECT address_protection, address, coordinator_id FROM families WHERE id = $1", {id});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].text(0), "strict");
  EXPECT_EQ(r[0].text(1), families::kDemoProtectedAddress);
  EXPECT_EQ(r[0].text(2), user_id("koordinator"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM families WHERE address_protection <> 'none'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM families WHERE address = $1", {std::string(families::kDemoProtectedAddress)}),
            1);
  auto f = db_->read([&](store::Conn& c) { return families::get_family(c, id); });
  ASSERT_TRUE(f && *f);
  EXPECT_EQ((*f)->address, "");
}

// The demo as people use it: every page of "koordinator"'s ten families opens, the protected
// address is on none of them, and the nurse sees the family whose consent covers her service
// but not the one whose consent was withdrawn.
class DemoPagesTest : public AppTest {};

TEST_F(DemoPagesTest, CoordinatorOpensEveryPageOfTheirFamiliesAndTheNurseOnlyWhereConsentAllows) {
  auto seeded = families::seed_demo_families(*app_->db, clock_);
  ASSERT_TRUE(seeded) << seeded.error().message;
  std::vector<std::string> pages;  // family routes with no parameter but the family
  for (const auto& r : app_->router.routes())
    if (r.method == http::Method::GET && r.pattern.starts_with("/staff/families/{id:uuid}") &&
        std::count(r.pattern.begin(), r.pattern.end(), '{') == 1)
      pages.push_back(r.pattern.substr(std::string("/staff/families/{id:uuid}").size()));
  ASSERT_GT(pages.size(), 5u);
  login("koordinator");
  for (int n = 0; n < families::kDemoFamilies; n += families::kDemoCoordinators) {
    const std::string base = "/staff/families/" + families::demo_family_id(n);
    for (const auto& page : pages) {
      auto r = get(base + page);
      EXPECT_LT(r.status, 400) << "family " << n << " " << page;
      if (n == families::kDemoProtectedFamily) {
        EXPECT_EQ(r.body.find("Skjermveien"), std::string::npos) << page;
      }
    }
  }
  jar_.clear();
  login("helsesykepleier");
  EXPECT_EQ(get("/staff/families/" + families::demo_family_id(families::kDemoNurseConsentFamily)).status, 200);
  EXPECT_EQ(get("/staff/families/" + families::demo_family_id(families::kDemoNurseConsentFamily) + "/plan").status,
            200);
  EXPECT_EQ(get("/staff/families/" + families::demo_family_id(families::kDemoWithdrawnFamily)).status, 404);
}

}  // namespace
}  // namespace kp::test
