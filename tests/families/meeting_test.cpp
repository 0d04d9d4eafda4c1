// The family's meetings as staff use them: coming meetings before earlier ones; decisions
// become measures in the plan with one click (and are then no longer offered); the closing
// reflection questions are saved; a held meeting counts as contact; the caseload's next
// meetings; staff without grounds get 404 on every meeting route.
#include <gtest/gtest.h>

#include <regex>

#include "app/app_client.hpp"
#include "families/plan_rules.hpp"
#include "families/plan_store.hpp"
#include "families/store.hpp"

namespace kp::test {
namespace {

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

std::string match(const std::string& s, const std::string& pattern) {
  std::smatch m;
  const std::regex re(pattern);
  if (std::regex_search(s, m, re) && m.size() > 1) return m[1];
  return {};
}

TEST(MeetingRules, DecisionsAreTheNonEmptyLinesAndReflectionsRoundTripAsJson) {
  EXPECT_EQ(families::decision_lines("  Mor søker jobb \r\n\n Barna begynner på fotball\n"),
            (std::vector<std::string>{"Mor søker jobb", "Barna begynner på fotball"}));
  families::FieldErrorList errors;
  const std::string json =
      families::reflections_json({{"heard", "Ja, \"veldig\" godt"}, {"worked_well", ""}, {"unknown", "x"}}, errors);
  EXPECT_TRUE(errors.empty());
  const auto back = families::parse_reflections(json);
  EXPECT_EQ(back.size(), 1u);
  EXPECT_EQ(back.at("heard"), "Ja, \"veldig\" godt");
  EXPECT_TRUE(families::parse_reflections("not json").empty());
  families::MeetingRecord m;
  errors.clear();
  families::apply_meeting_input({"", "25:00", "", "", "", "", ""}, m, errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].first, "held_on");
  EXPECT_EQ(errors[1].first, "starts_at");
}

class MeetingPagesTest : public AppTest {
 protected:
  void login_en(const std::string& user) {
    jar_.clear();
    login(user);
    jar_["kp_lang"] = "en";  // English pages: checks do not depend on the translation pass
  }
  std::string create_family(const std::string& name) {
    auto r = post("/staff/families/new", {{"name", name}, {"address_protection", "none"}}, "/staff/families/new");
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    return match(r.header("Location"), "/staff/families/([0-9a-f-]{36})");
  }
  std::string meetings(const std::string& id) { return "/staff/families/" + id + "/meetings"; }
  std::string add_goal(const std::string& id, const std::string& text) {
    const std::string form = "/staff/families/" + id + "/plan/goals/new";
    const std::string v = match(get(form).body, R"re(name="plan_version" value="(\d+)")re");
    auto r = post(form, {{"area", "work"}, {"text", text}, {"status", "active"}, {"plan_version", v}}, form);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    return match(r.header("Location"), "#goal-([0-9a-f-]{36})");
  }
  // Creates a meeting through the form and returns its id.
  std::string add_meeting(const std::string& id, const std::string& date, const std::string& decisions,
                          const std::string& minutes = "Vi snakket om hverdagen") {
    const std::string form = meetings(id) + "/new";
    auto r = post(form, {{"held_on", date}, {"starts_at", "10:00"}, {"participants", "Mor, koordinator"},
                         {"family_present", "1"}, {"agenda", "Status"}, {"minutes", minutes},
                         {"decisions", decisions}}, form);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    return match(r.header("Location"), "/meetings/([0-9a-f-]{36})");
  }
  families::Family family(const std::string& id) {
    auto f = app_->db->read([&](store::Conn& c) { return families::get_family(c, id); });
    EXPECT_TRUE(f && *f);
    return f && *f ? **f : families::Family{};
  }
  std::vector<families::Goal> stored_plan(const std::string& id) {
    auto p = app_->db->read([&](store::Conn& c) { return families::plan_of(c, id); });
    EXPECT_TRUE(p);
    return p ? *p : std::vector<families::Goal>{};
  }
  std::int64_t scalar(const std::string& sql, const std::string& param) {
    auto r = app_->db->read([&](store::Conn& c) { return c.query_one(sql, {param}); });
    EXPECT_TRUE(r && *r);
    return r && *r ? (*r)->integer(0) : -1;
  }
};

TEST_F(MeetingPagesTest, ComingMeetingsAreListedBeforeEarlierOnes) {
  login_en("koordinator");
  const std::string id = create_family("Familien Møtesen");
  const std::string october = add_meeting(id, "2026-10-01", "");
  const std::string december = add_meeting(id, "2026-12-10", "");
  const std::string november = add_meeting(id, "2026-11-25", "");
  const std::string september = add_meeting(id, "2026-09-03", "");
  auto page = get(meetings(id));
  ASSERT_EQ(page.status, 200);
  const auto at = [&](const std::string& meeting) { return page.body.find(meetings(id) + "/" + meeting + "\""); };
  const auto coming = page.body.find("Coming meetings</h2>");
  const auto earlier = page.body.find("Earlier meetings</h2>");
  ASSERT_NE(coming, std::string::npos);
  ASSERT_NE(earlier, std::string::npos);
  for (const auto& m : {october, december, november, september}) ASSERT_NE(at(m), std::string::npos);
  // Soonest coming first, then the earlier ones, newest first.
  EXPECT_LT(coming, at(november));
  EXPECT_LT(at(november), at(december));
  EXPECT_LT(at(december), earlier);
  EXPECT_LT(earlier, at(october));
  EXPECT_LT(at(october), at(september));
  EXPECT_NE(page.body.find("New meeting"), std::string::npos);
}

TEST_F(MeetingPagesTest, DecisionsBecomeMeasuresWithOneClickAndAreNoLongerOffered) {
  login_en("koordinator");
  const std::string id = create_family("Familien Vedtak");
  const std::string goal = add_goal(id, "Far vil i arbeid innen sommeren");
  const std::string meeting = add_meeting(id, "2026-11-16", "Far melder seg på jobbkurs hos NAV\nMor ringer skolen");
  ASSERT_FALSE(meeting.empty());
  const std::string view = meetings(id) + "/" + meeting;
  auto page = get(view);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(count(page.body, ">Make this a measure</button>"), 2);
  const std::string v = match(page.body, R"re(name="plan_version" value="(\d+)")re");

  auto r = post(view + "/decisions", {{"decision", "0"}, {"goal_id", goal}, {"plan_version", v}}, view);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  auto goals = stored_plan(id);
  ASSERT_EQ(goals.size(), 1u);
  ASSERT_EQ(goals[0].measures.size(), 1u);
  EXPECT_EQ(goals[0].measures[0].text, "Far melder seg på jobbkurs hos NAV");
  EXPECT_EQ(goals[0].measures[0].meeting_id, meeting);
  page = get(view);
  EXPECT_EQ(count(page.body, ">Make this a measure</button>"), 1);
  EXPECT_NE(page.body.find("A measure in the plan"), std::string::npos);
  // The plan shows where the measure came from.
  EXPECT_NE(get("/staff/families/" + id + "/plan").body.find("/meetings/" + meeting), std::string::npos);

  // A second click on the same decision (an old page) makes no second measure.
  r = post(view + "/decisions", {{"decision", "0"}, {"goal_id", goal}, {"plan_version", v}}, view);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(stored_plan(id)[0].measures.size(), 1u);
  // The other decision with a stale plan version: "changed by someone else", nothing saved.
  r = post(view + "/decisions", {{"decision", "1"}, {"goal_id", goal}, {"plan_version", v}}, view);
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("Someone else changed the plan"), std::string::npos);
  EXPECT_EQ(stored_plan(id)[0].measures.size(), 1u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.decision_to_measure' AND entity_id = $1", id), 1);
}

TEST_F(MeetingPagesTest, TheClosingReflectionsAreSavedAndShown) {
  login_en("koordinator");
  const std::string id = create_family("Familien Refleksjon");
  const std::string meeting = add_meeting(id, "2026-11-17", "");
  const std::string view = meetings(id) + "/" + meeting;
  auto r = post(view + "/reflections", {{"reflection_heard", "Ja, mor sa at hun ble hørt"},
                                        {"reflection_worked_well", "Tolken var god"},
                                        {"reflection_differently", "Starte senere på dagen"}}, view);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  auto m = app_->db->read([&](store::Conn& c) { return families::get_meeting(c, id, meeting); });
  ASSERT_TRUE(m && *m);
  const auto answers = families::parse_reflections((*m)->reflections);
  EXPECT_EQ(answers.at("heard"), "Ja, mor sa at hun ble hørt");
  EXPECT_EQ(answers.at("worked_well"), "Tolken var god");
  EXPECT_EQ(answers.at("differently"), "Starte senere på dagen");
  auto page = get(view);
  EXPECT_NE(page.body.find("Did the family feel heard?"), std::string::npos);
  EXPECT_NE(page.body.find("Tolken var god"), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.reflections' AND entity_id = $1", id), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE details LIKE $1", "%Tolken%"), 0);
}

TEST_F(MeetingPagesTest, AMeetingWithoutADateIsRefusedNamingTheField) {
  login_en("koordinator");
  const std::string id = create_family("Familien Udatert");
  const std::string form = meetings(id) + "/new";
  auto r = post(form, {{"held_on", ""}, {"minutes", "Referat som ikke skal forsvinne"}}, form);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"(href="#f-held_on")"), std::string::npos);
  EXPECT_NE(r.body.find("Referat som ikke skal forsvinne"), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM meetings WHERE family_id = $1", id), 0);
}

TEST_F(MeetingPagesTest, AHeldMeetingCountsAsContactAndAPlannedOneDoesNot) {
  login_en("koordinator");
  const std::string id = create_family("Familien Kontakt");
  add_meeting(id, "2026-12-01", "");
  EXPECT_FALSE(family(id).last_contact_at.has_value());
  add_meeting(id, "2026-11-16", "");
  const auto f = family(id);
  ASSERT_TRUE(f.last_contact_at.has_value());
  EXPECT_LT(*f.last_contact_at, clock_.now());
  EXPECT_GT(*f.last_contact_at, clock_.now() - 3 * 86400);
}

TEST_F(MeetingPagesTest, EditingAMeetingKeepsTheTextAndTellsAboutSomeoneElsesChange) {
  login_en("koordinator");
  const std::string id = create_family("Familien Endring");
  const std::string meeting = add_meeting(id, "2026-11-16", "Første vedtak");
  const std::string edit = meetings(id) + "/" + meeting + "/edit";
  const std::string token = match(get(edit).body, R"re(name="updated_at" value="(\d+)")re");
  ASSERT_FALSE(token.empty());
  clock_.advance(60);
  auto r = post(edit, {{"held_on", "2026-11-16"}, {"minutes", "Referat fra den første"}, {"updated_at", token}}, edit);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  clock_.advance(60);
  r = post(edit, {{"held_on", "2026-11-16"}, {"minutes", "Referat fra den andre"}, {"updated_at", token}}, edit);
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("Referat fra den andre"), std::string::npos);
  auto m = app_->db->read([&](store::Conn& c) { return families::get_meeting(c, id, meeting); });
  ASSERT_TRUE(m && *m);
  EXPECT_EQ((*m)->minutes, "Referat fra den første");
}

TEST_F(MeetingPagesTest, TheCaseloadListsTheNextMeetingsOfOpenFamilies) {
  login_en("koordinator");
  const std::string id = create_family("Familien Neste");
  const std::string soon = add_meeting(id, "2026-11-20", "");
  add_meeting(id, "2027-02-01", "");
  add_meeting(id, "2026-11-01", "");
  const auto f = family(id);
  auto list = app_->db->read([&](store::Conn& c) {
    return families::upcoming_meetings(c, f.municipality_id, f.coordinator_id, "2026-11-18", "2026-12-18");
  });
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].meeting_id, soon);
  EXPECT_EQ((*list)[0].family_name, "Familien Neste");
  EXPECT_EQ((*list)[0].starts_at, "10:00");
}

TEST_F(MeetingPagesTest, AClosedFamilysMeetingsCanBeReadButNotChanged) {
  login_en("koordinator");
  const std::string id = create_family("Familien Ferdig");
  add_goal(id, "Mor i jobb");
  const std::string meeting = add_meeting(id, "2026-11-16", "Søke jobb i butikk");
  ASSERT_TRUE(app_->db->with_write([&](store::Conn& c) {
    return families::close_family(c, id, "Målene er nådd", "Bra samarbeid", clock_.now());
  }));
  auto list = get(meetings(id));
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find("/meetings/new"), std::string::npos);
  auto page = get(meetings(id) + "/" + meeting);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Søke jobb i butikk"), std::string::npos);
  EXPECT_EQ(page.body.find("/edit"), std::string::npos);
  EXPECT_EQ(page.body.find("Make this a measure"), std::string::npos);
  EXPECT_EQ(page.body.find("<textarea"), std::string::npos);
  EXPECT_EQ(get(meetings(id) + "/new").status, 404);
}

TEST_F(MeetingPagesTest, StaffWithoutGroundsGet404OnEveryMeetingRoute) {
  login_en("koordinator");
  const std::string id = create_family("Familien Privat");
  add_goal(id, "Et mål");
  const std::string meeting = add_meeting(id, "2026-11-16", "Et vedtak");
  login_en("helsesykepleier");  // not on the team, no consent
  const std::string base = meetings(id);
  for (const std::string& path : {base, base + "/new", base + "/" + meeting, base + "/" + meeting + "/edit"})
    EXPECT_EQ(get(path).status, 404) << path;
  for (const std::string& path : {base + "/new", base + "/" + meeting + "/edit", base + "/" + meeting + "/decisions",
                                  base + "/" + meeting + "/reflections"})
    EXPECT_EQ(post(path, {{"held_on", "2026-11-18"}, {"decision", "0"}, {"reflection_heard", "x"}}, "/staff").status, 404)
        << path;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM meetings WHERE family_id = $1", id), 1);
}

}  // namespace
}  // namespace kp::test
