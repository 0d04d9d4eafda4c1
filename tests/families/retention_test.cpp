// Retention: a family closed longer ago than retention_days loses every piece of personal data —
// people, consents, plan, meetings, log, progress, referrals, files — and keeps only its case
// number, level and dates for statistics; a family closed recently is left alone; a dry run
// changes nothing; the audit log stays intact and records each anonymisation.
#include <gtest/gtest.h>

#include <regex>

#include "app/app_client.hpp"
#include "audit/audit.hpp"
#include "core/ids.hpp"
#include "families/retention.hpp"
#include "families/store.hpp"

namespace kp::test {
namespace {

constexpr int kRetentionDays = 1825;

class RetentionTest : public AppTest {
 protected:
  std::string create_family(const std::string& name) {
    auto r = post("/staff/families/new", {{"name", name}, {"address_protection", "none"}, {"address", "Minneveien 4"},
                                          {"postal_code", "9999"}, {"city", "Fjordvik"}},
                  "/staff/families/new");
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    std::smatch m;
    const std::string loc = r.header("Location");
    static const std::regex re("/staff/families/([0-9a-f-]{36})");
    EXPECT_TRUE(std::regex_search(loc, m, re)) << loc;
    return m.size() > 1 ? std::string(m[1]) : std::string();
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
  std::int64_t count(const std::string& table, const std::string& family_id) {
    auto r = app_->db->read([&](store::Conn& c) {
      return c.query_one("SELECT COUNT(*) FROM " + table + " WHERE family_id = $1", {family_id});
    });
    EXPECT_TRUE(r && *r) << table;
    return r && *r ? (*r)->integer(0) : -1;
  }
  // A family with something in every table retention empties, closed through the page.
  std::string full_family(const std::string& name) {
    const std::string id = create_family(name);
    auto f = app_->db->read([&](store::Conn& c) { return families::get_family(c, id); });
    EXPECT_TRUE(f && *f);
    const std::string mun = (*f)->municipality_id, coord = (*f)->coordinator_id;
    const auto now = clock_.now();
    const std::string person = ids::new_uuid(), goal = ids::new_uuid(), consent = ids::new_uuid();
    exec("INSERT INTO persons (id, municipality_id, family_id, role, given_name, family_name, name_sort, created_at, "
         "updated_at) VALUES ($1, $2, $3, 'guardian', 'Mona', 'Minne', 'minne mona', $4, $4)",
         {person, mun, id, now});
    exec("INSERT INTO consents (id, municipality_id, family_id, subject_person_id, given_by, services, info_kinds, "
         "purpose, valid_from, valid_to, form, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, 'Mona Minne', "
         "'health', 'basic', 'Samarbeid', '2026-01-01', '2027-01-01', 'written', $5, $6)",
         {consent, mun, id, person, coord, now});
    exec("INSERT INTO attachments (id, municipality_id, family_id, owner_kind, owner_id, filename, content_type, size, "
         "content_base64, uploaded_by, uploaded_at) VALUES ($1, $2, $3, 'consent', $4, 'skjema.pdf', "
         "'application/pdf', 4, 'JVBERg==', $5, $6)",
         {ids::new_uuid(), mun, id, consent, coord, now});
    exec("INSERT INTO goals (id, municipality_id, family_id, area, text, status, created_at, updated_at) "
         "VALUES ($1, $2, $3, 'housing', 'Fast bolig', 'active', $4, $4)",
         {goal, mun, id, now});
    exec("INSERT INTO measures (id, municipality_id, family_id, goal_id, text, status, created_by, created_at, updated_at) "
         "VALUES ($1, $2, $3, $4, 'Søke bostøtte', 'planned', $5, $6, $6)",
         {ids::new_uuid(), mun, id, goal, coord, now});
    exec("INSERT INTO meetings (id, municipality_id, family_id, held_on, minutes, created_by, created_at, updated_at) "
         "VALUES ($1, $2, $3, '2026-11-01', 'Mona fortalte om naboen', $4, $5, $5)",
         {ids::new_uuid(), mun, id, coord, now});
    exec("INSERT INTO family_log (id, municipality_id, family_id, happened_on, kind, text, author_id, created_at) "
         "VALUES ($1, $2, $3, '2026-11-02', 'call', 'Ringte Mona', $4, $5)",
         {ids::new_uuid(), mun, id, coord, now});
    exec("INSERT INTO progress_scores (id, municipality_id, family_id, goal_id, assessed_on, family_score, recorded_by, "
         "recorded_at) VALUES ($1, $2, $3, $4, '2026-11-02', 4, $5, $6)",
         {ids::new_uuid(), mun, id, goal, coord, now});
    exec("INSERT INTO progress_indicators (id, municipality_id, family_id, measured_on, moves_since_start, recorded_by, "
         "recorded_at) VALUES ($1, $2, $3, '2026-11-02', 2, $4, $5)",
         {ids::new_uuid(), mun, id, coord, now});
    exec("INSERT INTO family_bti (id, municipality_id, family_id, level, note, set_by, set_at) "
         "VALUES ($1, $2, $3, 2, 'Mona ba om hjelp', $4, $5)",
         {ids::new_uuid(), mun, id, coord, now});
    exec("INSERT INTO referrals (id, municipality_id, kind, status, receipt, contact_name, child_name, description, "
         "family_id, created_at) VALUES ($1, $2, 'self', 'accepted', $3, 'Mona Minne', 'Mini Minne', 'Trenger hjelp', "
         "$4, $5)",
         {ids::new_uuid(), mun, "R-" + id.substr(0, 6), id, now});
    auto nurse = app_->db->read([](store::Conn& c) { return c.query_one("SELECT id FROM users WHERE username = 'helsesykepleier'"); });
    EXPECT_TRUE(nurse && *nurse);
    const std::string nurse_id = nurse && *nurse ? (*nurse)->text(0) : "";
    exec("INSERT INTO family_team (family_id, user_id, municipality_id, added_at, added_by) VALUES ($1, $2, $3, $4, $5)",
         {id, nurse_id, mun, now, coord});
    exec("INSERT INTO emergency_access (id, municipality_id, family_id, user_id, reason, granted_at, expires_at) "
         "VALUES ($1, $2, $3, $4, 'Akutt bekymring for Mini', $5, $6)",
         {ids::new_uuid(), mun, id, nurse_id, now, now + 3600});
    const std::string close = "/staff/families/" + id + "/close";
    auto r = post(close, {{"reason", "moved"}, {"evaluation", "Mona flyttet til byen."}}, close);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 2000);
    return id;
  }
  families::Family raw_family(const std::string& id) {
    // get_family leaves anonymised families out; read the row as statistics would.
    auto r = app_->db->read([&](store::Conn& c) {
      return c.query_one("SELECT name, address, city, close_reason, close_evaluation, reference, bti_level, "
                         "anonymised_at, closed_at, opened_at FROM families WHERE id = $1",
                         {id});
    });
    EXPECT_TRUE(r && *r);
    families::Family f;
    if (!r || !*r) return f;
    const auto& row = **r;
    f.name = row.text(0);
    f.address = row.text(1);
    f.city = row.text(2);
    f.close_reason = row.text(3);
    f.close_evaluation = row.text(4);
    f.reference = row.text(5);
    f.bti_level = static_cast<int>(row.integer(6));
    f.anonymised_at = row.opt_integer(7);
    f.closed_at = row.opt_integer(8);
    f.opened_at = row.integer(9);
    return f;
  }
};

TEST_F(RetentionTest, AFamilyClosedLongAgoIsAnonymisedAndARecentlyClosedOneIsKept) {
  login("koordinator");
  const std::string old_family = full_family("Familien Minne");
  const std::string old_reference = raw_family(old_family).reference;
  clock_.advance(static_cast<std::int64_t>(kRetentionDays + 10) * 86400);
  jar_.clear();
  login("koordinator");
  const std::string new_family = full_family("Familien Fersk");

  // A dry run reports and changes nothing.
  auto dry = families::run_retention(*app_->db, clock_, kRetentionDays, true);
  ASSERT_TRUE(dry) << dry.error().message;
  EXPECT_EQ(dry->families_anonymised, 1);
  EXPECT_EQ(dry->persons_removed(), 1);
  EXPECT_EQ(count("persons", old_family), 1);
  EXPECT_FALSE(raw_family(old_family).anonymised_at);

  auto rep = families::run_retention(*app_->db, clock_, kRetentionDays, false);
  ASSERT_TRUE(rep) << rep.error().message << " " << rep.error().detail;
  EXPECT_EQ(rep->families_anonymised, 1);
  EXPECT_EQ(rep->persons_removed(), 1);
  for (const char* table : {"progress_scores", "progress_indicators", "attachments", "measures", "goals", "meetings",
                            "family_log", "consents", "referrals", "family_bti"})
    EXPECT_EQ(rep->count(table), 1) << table;
  for (const char* table : {"persons", "consents", "attachments", "goals", "measures", "meetings", "family_log",
                            "progress_scores", "progress_indicators", "referrals", "family_team", "emergency_access"}) {
    EXPECT_EQ(count(table, old_family), 0) << table;
    EXPECT_EQ(count(table, new_family), 1) << table << " of the recently closed family is kept";
  }
  EXPECT_EQ(count("family_bti", old_family), 1) << "the level's history stays for statistics";

  const auto old_row = raw_family(old_family);
  EXPECT_EQ(old_row.name, "Anonymised");
  EXPECT_EQ(old_row.address, "");
  EXPECT_EQ(old_row.city, "");
  EXPECT_EQ(old_row.close_reason, "");
  EXPECT_EQ(old_row.close_evaluation, "");
  EXPECT_EQ(old_row.reference, old_reference);
  EXPECT_TRUE(old_row.anonymised_at);
  EXPECT_TRUE(old_row.closed_at);
  const auto new_row = raw_family(new_family);
  EXPECT_EQ(new_row.name, "Familien Fersk");
  EXPECT_FALSE(new_row.anonymised_at);

  // Nothing personal is left in the database's family tables for the old family.
  auto leftovers = app_->db->read([&](store::Conn& c) {
    return c.query_one("SELECT COUNT(*) FROM family_bti WHERE family_id = $1 AND note <> ''", {old_family});
  });
  ASSERT_TRUE(leftovers && *leftovers);
  EXPECT_EQ((*leftovers)->integer(0), 0);
  // The anonymised family no longer opens (404), even for its coordinator.
  EXPECT_EQ(get("/staff/families/" + old_family).status, 404);

  auto verified = audit::verify(*app_->db);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok) << verified->problem;
  auto records = audit::recent(*app_->db, catalog::kDemoMunicipalityId, "family", old_family, 50);
  ASSERT_TRUE(records);
  ASSERT_FALSE(records->empty());
  EXPECT_EQ(records->front().entry.action, "family.anonymise");
  EXPECT_EQ(records->front().entry.actor_id, "system");
  EXPECT_EQ(records->front().entry.details.find("Mona"), std::string::npos);

  // Running again finds nothing more to do.
  auto again = families::run_retention(*app_->db, clock_, kRetentionDays, false);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->families_anonymised, 0);
}

TEST_F(RetentionTest, RefusesARetentionPeriodShorterThanADay) {
  auto rep = families::run_retention(*app_->db, clock_, 0, true);
  ASSERT_FALSE(rep);
  EXPECT_EQ(rep.error().kind, ErrorKind::invalid);
}

}  // namespace
}  // namespace kp::test
