// What a family can ask for, and how a case ends: the list of who has looked at their data
// (with emergency looks and their reasons), the export of all data about a person — without a
// protected address — which only the coordinator may make, closing the follow-up (read-only
// from then on), and a leader's review of emergency access.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "app/app_client.hpp"
#include "core/ids.hpp"
#include "core/national_id.hpp"
#include "families/export.hpp"
#include "families/store.hpp"

namespace kp::test {
namespace {

// A synthetic (month + 80) number for someone born on `d` (born 2000+: individual 500–999).
std::string synthetic_id(CivilDate d) {
  for (int i = 500; i < 1000; ++i)
    if (auto s = make_synthetic_national_id(d, i); !s.empty()) return s;
  return {};
}

class RecordsFixture : public AppTest {
 protected:
  std::string create_family(const std::string& name) {
    auto r = post("/staff/families/new", {{"name", name}, {"address_protection", "none"}, {"address", "Fjordveien 1"},
                                          {"postal_code", "9999"}, {"city", "Fjordvik"}},
                  "/staff/families/new");
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    std::smatch m;
    const std::string loc = r.header("Location");
    static const std::regex re("/staff/families/([0-9a-f-]{36})");
    EXPECT_TRUE(std::regex_search(loc, m, re)) << loc;
    return m.size() > 1 ? std::string(m[1]) : std::string();
  }
  // Adds a person through the form and returns their id.
  std::string add_person(const std::string& family, const std::string& given, const std::string& role, CivilDate born) {
    const std::string path = "/staff/families/" + family + "/members/new";
    auto r = post(path, {{"role", role}, {"given_name", given}, {"family_name", "Eksportsen"},
                         {"national_id", synthetic_id(born)}, {"language", "nb"}},
                  path);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    auto id = app_->db->read([&](store::Conn& c) {
      return c.query_one("SELECT id FROM persons WHERE family_id = $1 AND given_name = $2", {family, given});
    });
    EXPECT_TRUE(id && *id);
    return id && *id ? (*id)->text(0) : std::string();
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
  void add_consent(const std::string& family_id, const std::vector<std::string>& services, const std::string& purpose,
                   std::optional<std::string> subject = std::nullopt) {
    const auto f = family(family_id);
    families::Consent k;
    k.id = ids::new_uuid();
    k.family_id = family_id;
    k.subject_person_id = std::move(subject);
    k.given_by = "Kari Eksportsen";
    k.services = services;
    k.info_kinds = {"basic", "plan"};
    k.purpose = purpose;
    k.valid_from = "2026-01-01";
    k.valid_to = "2027-12-31";
    k.recorded_by = f.coordinator_id;
    ASSERT_TRUE(app_->db->with_write(
        [&](store::Conn& c) { return families::insert_consent(c, f.municipality_id, k, clock_.now()); }));
  }
  // Signs in as helsesykepleier and opens the family with emergency access and `reason`.
  void emergency_look(const std::string& family_id, const std::string& reason) {
    jar_.clear();
    login("helsesykepleier");
    auto r = post("/staff/families/emergency", {{"reference", family(family_id).reference}, {"reason", reason}},
                  "/staff/families/emergency");
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
    ASSERT_EQ(get("/staff/families/" + family_id).status, 200);
  }
  web::Context context(http::Request& req) { return web::Context{.req = req, .app = *app_, .t = app_->catalogs.get("en")}; }
};

class AccessLogTest : public RecordsFixture {};
class ExportTest : public RecordsFixture {};
class CloseTest : public RecordsFixture {};
class EmergencyReviewTest : public RecordsFixture {};

// ---- who has looked -------------------------------------------------------------------------

TEST_F(AccessLogTest, ListsTheCoordinatorsLookAndTheNursesEmergencyLookWithItsReason) {
  login("koordinator");
  const std::string id = create_family("Familien Innsyn");
  ASSERT_EQ(get("/staff/families/" + id).status, 200);
  emergency_look(id, "Skolen melder at barnet ikke er hentet.");
  jar_.clear();
  login("koordinator");
  auto page = get("/staff/families/" + id + "/access-log", "en");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 2000);
  const std::string& b = page.body;
  EXPECT_NE(b.find("Kai Koordinator"), std::string::npos);
  EXPECT_NE(b.find("Looked at the family"), std::string::npos);
  EXPECT_NE(b.find("Helga Helsesøster"), std::string::npos);
  EXPECT_NE(b.find("Opened with emergency access"), std::string::npos);
  EXPECT_NE(b.find("Asked for emergency access"), std::string::npos);
  EXPECT_NE(b.find("Skolen melder at barnet ikke er hentet."), std::string::npos);
  EXPECT_NE(b.find(R"(data-color="danger">Emergency access</span>)"), std::string::npos);
  EXPECT_NE(b.find(R"(aria-current="page" href="/staff/families/)" + id + "/access-log\""), std::string::npos);
  // Newest first: the nurse's look comes before the coordinator's first one.
  EXPECT_LT(b.find("Opened with emergency access"), b.rfind("Looked at the family"));

  auto pdf = get("/staff/families/" + id + "/access-log.pdf", "en");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_NE(pdf.header("Cache-Control").find("no-store"), std::string::npos);
  // The printed list says the same: built from the same records.
  auto records = app_->db->read([&](store::Conn& c) { return families::access_log(c, family(id).municipality_id, id, 0, 100); });
  ASSERT_TRUE(records);
  http::Request req;
  auto ctx = context(req);
  std::string printed;
  for (const auto& l : families::access_log_lines(family(id), *records, clock_.now(), ctx)) printed += l.text + "\n";
  EXPECT_NE(printed.find("Skolen melder at barnet ikke er hentet."), std::string::npos);
  EXPECT_NE(printed.find("Helga Helsesøster"), std::string::npos);
}

TEST_F(AccessLogTest, PagesOlderEntries) {
  login("koordinator");
  const std::string id = create_family("Familien Mange");
  for (int i = 0; i < 60; ++i) ASSERT_EQ(get("/staff/families/" + id).status, 200);
  auto page = get("/staff/families/" + id + "/access-log", "en");
  ASSERT_EQ(page.status, 200);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex(R"(access-log\?before=(\d+))"))) << "a link to older entries";
  auto older = get("/staff/families/" + id + "/access-log?before=" + std::string(m[1]), "en");
  ASSERT_EQ(older.status, 200);
  EXPECT_NE(older.body.find("Registered the family"), std::string::npos);
  EXPECT_NE(older.body.find("Newest entries"), std::string::npos);
}

// ---- export -----------------------------------------------------------------------------------

TEST_F(ExportTest, JsonHasThePersonAndTheirConsentsButNeverAProtectedAddress) {
  login("koordinator");
  const std::string id = create_family("Familien Eksportsen");
  const std::string mother = add_person(id, "Kari", "guardian", {1985, 4, 2});
  const std::string son = add_person(id, "Ola", "child", {2009, 6, 1});
  add_consent(id, {"health"}, "Samarbeid om bolig og helse");
  add_consent(id, {"school"}, "Olas eget samtykke om skolen", son);
  exec("UPDATE families SET address_protection = 'strict', address = 'Skjulestien 77', postal_code = '9123', "
       "city = 'Gjemmeby' WHERE id = $1",
       {id});

  auto r = get("/staff/families/" + id + "/members/" + mother + "/export.json", "en");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 2000);
  EXPECT_NE(r.header("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_NE(r.header("Cache-Control").find("no-store"), std::string::npos);
  EXPECT_EQ(r.body.find("Skjulestien"), std::string::npos);
  EXPECT_EQ(r.body.find("Gjemmeby"), std::string::npos);
  EXPECT_EQ(r.body.find("9123"), std::string::npos);
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["person"]["given_name"], "Kari");
  EXPECT_EQ(j["person"]["id"], mother);
  EXPECT_EQ(j["household"]["address_protection"], "strict");
  EXPECT_EQ(j["household"]["address"], "protected address — not included");
  ASSERT_EQ(j["consents"].size(), 1u) << "the family's consent, not Ola's own";
  EXPECT_EQ(j["consents"][0]["purpose"], "Samarbeid om bolig og helse");
  EXPECT_FALSE(j["access_log"].empty());
  // Ola's export has his own consent as well as the family's.
  auto ola = nlohmann::json::parse(get("/staff/families/" + id + "/members/" + son + "/export.json").body, nullptr, false);
  EXPECT_EQ(ola["consents"].size(), 2u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'family.export' AND entity_id = $1", id), 2);

  // The PDF is built from lines; none of them carries the address.
  auto loaded = app_->db->read([&](store::Conn& c) { return families::load_person_export(c, id, mother, clock_.now()); });
  ASSERT_TRUE(loaded && *loaded);
  http::Request req;
  auto ctx = context(req);
  const auto lines = families::person_export_lines(**loaded, ctx);
  bool says_protected = false;
  for (const auto& l : lines) {
    EXPECT_EQ(l.text.find("Skjulestien"), std::string::npos) << l.label;
    EXPECT_EQ(l.text.find("Gjemmeby"), std::string::npos) << l.label;
    says_protected = says_protected || l.text == "protected address — not included";
  }
  EXPECT_TRUE(says_protected);
  auto pdf = get("/staff/families/" + id + "/members/" + mother + "/export.pdf", "en");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_NE(pdf.header("Content-Disposition").find("attachment"), std::string::npos);
}

TEST_F(ExportTest, IsForTheCoordinatorOnlyTeamMembersAndEmergencyAccessGet404) {
  login("koordinator");
  const std::string id = create_family("Familien Teamsen");
  const std::string person = add_person(id, "Siri", "guardian", {1990, 1, 20});
  add_consent(id, {"health"}, "Samarbeid med helsestasjonen");
  auto nurse = app_->db->read([](store::Conn& c) { return c.query_one("SELECT id FROM users WHERE username = 'helsesykepleier'"); });
  ASSERT_TRUE(nurse && *nurse);
  ASSERT_EQ(post("/staff/families/" + id + "/team", {{"user_id", (*nurse)->text(0)}}, "/staff/families/" + id).status, 303);
  jar_.clear();
  login("helsesykepleier");
  ASSERT_EQ(get("/staff/families/" + id).status, 200) << "the consented team member reads the family";
  EXPECT_EQ(get("/staff/families/" + id + "/access-log").status, 200);
  EXPECT_EQ(get("/staff/families/" + id + "/members/" + person + "/export.json").status, 404);
  EXPECT_EQ(get("/staff/families/" + id + "/members/" + person + "/export.pdf").status, 404);

  jar_.clear();
  login("koordinator");
  const std::string other = create_family("Familien Akuttsen");
  const std::string p2 = add_person(other, "Tor", "guardian", {1988, 8, 8});
  emergency_look(other, "Barnehagen får ikke tak i foreldrene.");
  EXPECT_EQ(get("/staff/families/" + other + "/members/" + p2 + "/export.json").status, 404);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'family.export' AND entity_id = $1", id), 0);
}

// ---- closing ------------------------------------------------------------------------------------

TEST_F(CloseTest, ClosingNeedsAReasonAndAnEvaluationAndMakesTheFamilyReadOnly) {
  login("koordinator");
  const std::string id = create_family("Familien Slutt");
  const std::string close = "/staff/families/" + id + "/close";
  auto bad = post(close, {{"reason", ""}, {"evaluation", ""}}, close);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find(R"(href="#f-reason")"), std::string::npos);
  EXPECT_NE(bad.body.find(R"(href="#f-evaluation")"), std::string::npos);
  auto other = post(close, {{"reason", "other"}, {"reason_other", ""}, {"evaluation", "Gikk bra."}}, close);
  EXPECT_EQ(other.status, 400);
  EXPECT_NE(other.body.find(R"(href="#f-reason_other")"), std::string::npos);
  EXPECT_EQ(get("/staff/families/" + id + "/edit").status, 200);

  auto ok = post(close, {{"reason", "goals_reached"}, {"evaluation", "Boligen kom på plass; jobben tok lengre tid."}},
                 close);
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 2000);
  EXPECT_EQ(get("/staff/families/" + id + "/edit").status, 404);
  EXPECT_EQ(get(close).status, 404);
  auto page = get("/staff/families/" + id, "en");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("can be read but not changed"), std::string::npos);
  const auto f = family(id);
  EXPECT_TRUE(f.closed());
  EXPECT_EQ(f.close_reason, "goals_reached");
  EXPECT_EQ(f.close_evaluation, "Boligen kom på plass; jobben tok lengre tid.");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'family.close' AND entity_id = $1 AND "
                   "details = '{\"reason\":\"goals_reached\"}'",
                   id),
            1);
}

// ---- emergency review ---------------------------------------------------------------------------

TEST_F(EmergencyReviewTest, LeaderSeesCaseNumberAndReasonAndMarksItReviewed) {
  login("koordinator");
  const std::string id = create_family("Familien Nødsen");
  const std::string reference = family(id).reference;
  EXPECT_EQ(get("/staff/emergency-access").status, 403) << "coordinators do not review";
  emergency_look(id, "Legevakten ringte om et barn i familien.");
  EXPECT_EQ(get("/staff/emergency-access").status, 403);

  jar_.clear();
  login("leder");
  auto page = get("/staff/emergency-access", "en");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 2000);
  EXPECT_NE(page.body.find(reference), std::string::npos);
  EXPECT_NE(page.body.find("Legevakten ringte om et barn i familien."), std::string::npos);
  EXPECT_NE(page.body.find("Helga Helsesøster"), std::string::npos);
  EXPECT_EQ(page.body.find("Familien Nødsen"), std::string::npos) << "the case number only";
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex(R"(/staff/emergency-access/([0-9a-f-]{36})/review)")));
  const std::string grant = m[1];

  auto empty = post("/staff/emergency-access/" + grant + "/review", {{"note", " "}}, "/staff/emergency-access");
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.body.find("href=\"#f-note-" + grant + "\""), std::string::npos);
  auto ok = post("/staff/emergency-access/" + grant + "/review", {{"note", "Grunnen holdt. Snakket med Helga."}},
                 "/staff/emergency-access");
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 2000);
  auto after = get("/staff/emergency-access", "en");
  EXPECT_NE(after.body.find("Every use of emergency access has been reviewed."), std::string::npos);
  EXPECT_NE(after.body.find("Grunnen holdt. Snakket med Helga."), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM emergency_access WHERE id = $1 AND reviewed_at IS NOT NULL AND reviewed_by IS NOT NULL",
                   grant),
            1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'family.emergency_review' AND entity = 'family' "
                   "AND entity_id = $1",
                   id),
            1);
  // Reviewed once is reviewed: a second review of the same grant finds nothing.
  EXPECT_EQ(post("/staff/emergency-access/" + grant + "/review", {{"note", "Igjen"}}, "/staff/emergency-access").status,
            404);
}

}  // namespace
}  // namespace kp::test
