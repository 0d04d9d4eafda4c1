// The family's progress as staff use it: recording the family's 1–10 assessments, the radar
// of first against latest with its numbers, objective indicators, and the household's income
// against the low-income line. Staff outside the family get 404 on every one of these pages.
#include <gtest/gtest.h>

#include <regex>

#include "app/app_client.hpp"
#include "core/ids.hpp"
#include "families/low_income.hpp"
#include "families/store.hpp"

namespace kp::test {
namespace {

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

class ProgressPagesTest : public AppTest {
 protected:
  std::string create_family(const std::string& name) {
    auto r = post("/staff/families/new", {{"name", name}, {"address_protection", "none"}}, "/staff/families/new");
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    std::smatch m;
    const std::string loc = r.header("Location");
    static const std::regex re("/staff/families/([0-9a-f-]{36})");
    EXPECT_TRUE(std::regex_search(loc, m, re)) << loc;
    return m.size() > 1 ? std::string(m[1]) : std::string();
  }
  std::string path(const std::string& id, const std::string& rest) { return "/staff/families/" + id + "/" + rest; }
  // The plan pages belong to another feature: the goals go straight into the table.
  std::string add_goal(const std::string& family_id, const std::string& area, const std::string& text, int position,
                       const std::string& status = "active") {
    const std::string id = ids::new_uuid();
    auto f = app_->db->read([&](store::Conn& c) { return families::get_family(c, family_id); });
    EXPECT_TRUE(f && *f);
    const std::string municipality = f && *f ? (**f).municipality_id : "";
    EXPECT_TRUE(app_->db->with_write([&](store::Conn& c) -> Status {
      auto n = c.exec(
          "INSERT INTO goals (id, municipality_id, family_id, area, own_area, text, status, position, created_at, "
          "updated_at) VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8, $8)",
          {id, municipality, family_id, area, text, status, std::int64_t{position}, clock_.now()});
      if (!n) return pass(n);
      return {};
    }));
    return id;
  }
  Reply record_scores(const std::string& id, const std::string& date,
                      std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("assessed_on", date);
    return post(path(id, "progress/scores"), std::move(fields), path(id, "progress/scores"));
  }
  std::int64_t scalar(const std::string& sql, const std::string& param) {
    auto r = app_->db->read([&](store::Conn& c) { return c.query_one(sql, {param}); });
    EXPECT_TRUE(r && *r);
    return r && *r ? (*r)->integer(0) : -1;
  }
};

class IncomeCheckTest : public ProgressPagesTest {};

TEST_F(ProgressPagesTest, ScoresOutsideOneToTenAreRefusedNamingTheGoalsFieldAndNothingIsSaved) {
  login("koordinator");
  const std::string id = create_family("Familien Skala");
  const std::string housing = add_goal(id, "housing", "Bo i samme leilighet hele skoleåret", 0);
  const std::string health = add_goal(id, "health", "Sove bedre om natta", 1);
  auto r = record_scores(id, "2026-11-01", {{"family_" + housing, "0"}, {"family_" + health, "5"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("href=\"#f-family_" + housing + "\""), std::string::npos);
  EXPECT_NE(r.body.find("Bo i samme leilighet"), std::string::npos);
  EXPECT_EQ(r.body.find("href=\"#f-family_" + health + "\""), std::string::npos);
  r = record_scores(id, "2026-11-01", {{"family_" + housing, "4"}, {"coordinator_" + health, "11"}, {"family_" + health, "5"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("href=\"#f-coordinator_" + health + "\""), std::string::npos);
  r = record_scores(id, "2026-11-01", {});
  EXPECT_EQ(r.status, 400);  // at least one goal needs the family's score
  EXPECT_NE(r.body.find("href=\"#f-family_" + housing + "\""), std::string::npos);
  r = record_scores(id, "2026-12-24", {{"family_" + housing, "4"}});
  EXPECT_EQ(r.status, 400);  // not in the future
  EXPECT_NE(r.body.find("href=\"#f-assessed_on\""), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM progress_scores WHERE family_id = $1", id), 0);
  // The scale's ends carry their (configurable) texts.
  auto form = get(path(id, "progress/scores"), "en");
  EXPECT_NE(form.body.find("1 = very far from the goal"), std::string::npos);
  EXPECT_NE(form.body.find("10 = the goal is reached"), std::string::npos);
}

TEST_F(ProgressPagesTest, RadarShowsFirstAgainstLatestAssessmentWithTheNumbersInATable) {
  login("koordinator");
  const std::string id = create_family("Familien Radar");
  const std::string g1 = add_goal(id, "housing", "Fast bolig", 0);
  const std::string g2 = add_goal(id, "economy", "Betale regningene i tide", 1);
  const std::string g3 = add_goal(id, "participation", "Barna på fotball hver uke", 2);
  add_goal(id, "health", "Et mål som er nådd", 3, "reached");
  ASSERT_EQ(record_scores(id, "2026-03-01", {{"family_" + g1, "2"}, {"family_" + g2, "3"}, {"family_" + g3, "4"}}).status, 303);
  ASSERT_EQ(record_scores(id, "2026-11-01",
                          {{"family_" + g1, "6"}, {"coordinator_" + g1, "5"}, {"family_" + g2, "7"}, {"family_" + g3, "9"}})
                .status,
            303);
  auto page = get(path(id, "progress"), "en");
  ASSERT_EQ(page.status, 200);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex(R"(<svg[^>]*kp-chart-radar[^>]*>(?:.|\n)*?</svg>)")));
  const std::string radar = m[0];
  EXPECT_NE(radar.find(R"(role="img")"), std::string::npos);
  // One outline per assessment: the first (dashed) and the latest.
  EXPECT_EQ(count(radar, R"(<g class="kp-chart-series kp-chart-series-first"><polygon points=)"), 1);
  EXPECT_EQ(count(radar, R"(<g class="kp-chart-series kp-chart-series-latest"><polygon points=)"), 1);
  EXPECT_NE(radar.find("Housing"), std::string::npos);
  EXPECT_EQ(radar.find("Et mål som er nådd"), std::string::npos);  // only active goals
  // The companion table: a row per goal with the first and the latest score.
  EXPECT_TRUE(std::regex_search(page.body, std::regex(R"(<th scope="row">Housing: Fast bolig</th><td>2</td><td>6</td>)")));
  EXPECT_TRUE(std::regex_search(page.body, std::regex(R"(<th scope="row">Economy: Betale regningene i tide</th><td>3</td><td>7</td>)")));
  EXPECT_NE(page.body.find("<caption>"), std::string::npos);
  // A trend per goal, with the coordinator's view as a second series where given.
  EXPECT_EQ(count(page.body, "kp-chart-trend"), 3);
  EXPECT_NE(page.body.find("The coordinator&#39;s score"), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'progress.scores' AND entity_id = $1", id), 2);
  // Recording the same day again corrects it rather than adding a second assessment.
  ASSERT_EQ(record_scores(id, "2026-11-01", {{"family_" + g1, "8"}}).status, 303);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM progress_scores WHERE family_id = $1", id), 6);
  page = get(path(id, "progress"), "en");
  EXPECT_TRUE(std::regex_search(page.body, std::regex(R"(<th scope="row">Housing: Fast bolig</th><td>2</td><td>8</td>)")));
}

TEST_F(ProgressPagesTest, IndicatorsAreRecordedAndShownAsTrendsAndTables) {
  login("koordinator");
  const std::string id = create_family("Familien Indikator");
  auto page = get(path(id, "progress"), "en");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("No indicators have been recorded yet."), std::string::npos);
  EXPECT_NE(page.body.find("No income has been recorded"), std::string::npos);
  auto r = post(path(id, "progress/indicators"),
                {{"measured_on", "2026-11-01"}, {"moves_since_start", "1"}, {"school_attendance_percent", "101"}},
                path(id, "progress/indicators"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"(href="#f-school_attendance_percent")"), std::string::npos);
  r = post(path(id, "progress/indicators"), {{"measured_on", "2026-11-01"}}, path(id, "progress/indicators"));
  EXPECT_EQ(r.status, 400);  // nothing to record
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM progress_indicators WHERE family_id = $1", id), 0);
  ASSERT_EQ(post(path(id, "progress/indicators"),
                 {{"measured_on", "2026-05-01"}, {"moves_since_start", "2"}, {"parents_in_work_or_activity", "0"},
                  {"school_attendance_percent", "71"}},
                 path(id, "progress/indicators"))
                .status,
            303);
  ASSERT_EQ(post(path(id, "progress/indicators"),
                 {{"measured_on", "2026-11-01"}, {"moves_since_start", "2"}, {"parents_in_work_or_activity", "1"},
                  {"school_attendance_percent", "93"}},
                 path(id, "progress/indicators"))
                .status,
            303);
  page = get(path(id, "progress"), "en");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(count(page.body, "kp-chart-trend"), 3);
  EXPECT_NE(page.body.find("School attendance"), std::string::npos);
  EXPECT_NE(page.body.find("<td>93</td>"), std::string::npos);
  EXPECT_NE(page.body.find("<td>71</td>"), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'progress.indicators' AND entity_id = $1", id), 2);
}

TEST_F(IncomeCheckTest, IncomeTypedWithSpacesIsSavedAndComparedWithTheLowIncomeLine) {
  login("koordinator");
  const std::string id = create_family("Familien Inntekt");
  auto form = get(path(id, "income"), "en");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("never the only reason to accept or decline"), std::string::npos);
  ASSERT_EQ(post(path(id, "income"), {{"year", "2025"}, {"income_after_tax", "412 000"}, {"adults", "2"}, {"children", "2"}},
                 path(id, "income"))
                .status,
            303);
  EXPECT_EQ(scalar("SELECT income_after_tax FROM family_income WHERE family_id = $1", id), 41'200'000);
  ASSERT_EQ(post(path(id, "income"), {{"year", "2024"}, {"income_after_tax", "1 300 000"}, {"adults", "2"}, {"children", "2"}},
                 path(id, "income"))
                .status,
            303);
  const families::LowIncomeSettings settings;  // the test installation sets no medians
  auto low = families::check_year({2025, 41'200'000, 2, 2}, settings);
  auto high = families::check_year({2024, 130'000'000, 2, 2}, settings);
  ASSERT_TRUE(low && low->below && high && high->below);
  auto page = get(path(id, "income"), "en");
  ASSERT_EQ(page.status, 200);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex(R"(<th scope="row">2025</th>(?:.|\n)*?</tr>)")));
  EXPECT_NE(std::string(m[0]).find(*low->below ? "Below the low-income line" : "Above the low-income line"),
            std::string::npos);
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex(R"(<th scope="row">2024</th>(?:.|\n)*?</tr>)")));
  EXPECT_NE(std::string(m[0]).find(*high->below ? "Below the low-income line" : "Above the low-income line"),
            std::string::npos);
  EXPECT_NE(page.body.find("Persistent low income needs three years"), std::string::npos);
  // The progress page draws income per unit against the line.
  auto progress = get(path(id, "progress"), "en");
  EXPECT_NE(progress.body.find("kp-chart-reference"), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'family.income' AND entity_id = $1", id), 2);
}

TEST_F(IncomeCheckTest, AmountsThatAreNotKronerAreRefusedNamingTheField) {
  login("koordinator");
  const std::string id = create_family("Familien Beløp");
  auto r = post(path(id, "income"), {{"year", "2025"}, {"income_after_tax", "fire hundre tusen"}, {"adults", "0"}},
                path(id, "income"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"(href="#f-income_after_tax")"), std::string::npos);
  EXPECT_NE(r.body.find(R"(href="#f-adults")"), std::string::npos);
  r = post(path(id, "income"), {{"year", "2031"}, {"income_after_tax", "400 000"}, {"adults", "1"}}, path(id, "income"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"(href="#f-year")"), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM family_income WHERE family_id = $1", id), 0);
}

TEST_F(IncomeCheckTest, TheFormCountsAdultsAndChildrenFromTheHousehold) {
  login("koordinator");
  const std::string id = create_family("Familien Telling");
  for (const auto& [role, given, born] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"guardian", "Kari", "1985-04-02"}, {"child", "Ola", "2015-06-01"}, {"child", "Eldste", "2006-01-15"}})
    ASSERT_EQ(post(path(id, "members/new"),
                   {{"role", role}, {"given_name", given}, {"family_name", "Telling"}, {"birth_date", born}},
                   path(id, "members/new"))
                  .status,
              303);
  auto form = get(path(id, "income"), "en");
  ASSERT_EQ(form.status, 200);
  // 2025: the one born in 2006 is 19, an adult by the default age limit of 18.
  EXPECT_NE(form.body.find(R"(name="year" type="text" value="2025")"), std::string::npos);
  EXPECT_NE(form.body.find(R"(name="adults" type="text" value="2")"), std::string::npos);
  EXPECT_NE(form.body.find(R"(name="children" type="text" value="1")"), std::string::npos);
}

TEST_F(ProgressPagesTest, StaffOutsideTheFamilyGet404OnEveryProgressPage) {
  login("koordinator");
  const std::string id = create_family("Familien Lukket");
  const std::string goal = add_goal(id, "school", "Gå på skolen hver dag", 0);
  jar_.clear();
  login("helsesykepleier");
  for (const char* rest : {"progress", "progress/scores", "progress/indicators", "income", "log"})
    EXPECT_EQ(get(path(id, rest)).status, 404) << rest;
  EXPECT_EQ(post(path(id, "progress/scores"), {{"family_" + goal, "5"}}, "/staff/families").status, 404);
  EXPECT_EQ(post(path(id, "progress/indicators"), {{"moves_since_start", "1"}}, "/staff/families").status, 404);
  EXPECT_EQ(post(path(id, "income"), {{"year", "2025"}, {"income_after_tax", "1"}, {"adults", "1"}}, "/staff/families").status,
            404);
  jar_.clear();
  login("leder");  // the leader sees the family's status only
  for (const char* rest : {"progress", "progress/scores", "income"}) EXPECT_EQ(get(path(id, rest)).status, 404) << rest;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM progress_scores WHERE family_id = $1", id), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM progress_indicators WHERE family_id = $1", id), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM family_income WHERE family_id = $1", id), 0);
}

}  // namespace
}  // namespace kp::test
