// The family's plan as staff use it: goals in the family's words grouped by area with their
// measures; two coordinators saving the same plan (the second gets "changed by someone else"
// and keeps its text); referrals to offers through their states; the caseload's overdue
// measures and waiting referrals; staff without grounds get 404 everywhere; closed families
// are read-only.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "app/app_client.hpp"
#include "families/guard.hpp"
#include "families/plan_rules.hpp"
#include "families/plan_store.hpp"
#include "families/store.hpp"

namespace kp::test {
namespace {

using families::ReferralState;

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

// ---- the referral state machine (pure) ---------------------------------------------------------

TEST(PlanReferralStateMachine, OnlyTheDocumentedStepsAreAllowed) {
  const std::vector<ReferralState> all = {ReferralState::none,        ReferralState::requested,
                                          ReferralState::accepted,    ReferralState::declined,
                                          ReferralState::in_progress, ReferralState::completed,
                                          ReferralState::not_completed};
  const std::set<std::pair<ReferralState, ReferralState>> allowed = {
      {ReferralState::requested, ReferralState::accepted},
      {ReferralState::requested, ReferralState::declined},
      {ReferralState::accepted, ReferralState::in_progress},
      {ReferralState::in_progress, ReferralState::completed},
      {ReferralState::in_progress, ReferralState::not_completed},
  };
  for (auto from : all)
    for (auto to : all)
      EXPECT_EQ(families::referral_transition_allowed(from, to), allowed.count({from, to}) == 1)
          << families::to_string(from) << " → " << families::to_string(to);
  EXPECT_TRUE(families::referral_needs_reason(ReferralState::declined));
  EXPECT_TRUE(families::referral_needs_reason(ReferralState::not_completed));
  EXPECT_FALSE(families::referral_needs_reason(ReferralState::completed));
}

TEST(PlanReferralStateMachine, DecliningWithoutAReasonNamesTheReasonFieldAndChangesNothing) {
  families::Measure m;
  m.offer_id = "offer";
  m.referral_state = ReferralState::requested;
  m.referral_changed_at = 100;
  families::FieldErrorList errors;
  families::apply_referral_change("declined", "  ", 200, m, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].first, "referral_reason");
  EXPECT_EQ(m.referral_state, ReferralState::requested);
  EXPECT_EQ(m.referral_changed_at, 100);
  errors.clear();
  families::apply_referral_change("completed", "", 200, m, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].first, "referral_state");
  errors.clear();
  families::apply_referral_change("declined", "Fullt denne høsten", 300, m, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(m.referral_state, ReferralState::declined);
  EXPECT_EQ(m.referral_reason, "Fullt denne høsten");
  EXPECT_EQ(m.referral_changed_at, 300);
}

TEST(PlanGoalRules, AnOwnAreaNeedsTheFamilysNameForIt) {
  families::Goal g;
  families::FieldErrorList errors;
  families::apply_goal_input({"own", "", "Vi vil ha mer tid sammen", "active"}, g, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].first, "own_area");
  errors.clear();
  families::apply_goal_input({"housing", "ignored", "Bo i samme leilighet", ""}, g, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(g.own_area, "");
  EXPECT_EQ(g.status, families::GoalStatus::active);
}

// ---- the pages ---------------------------------------------------------------------------------------

class PlanPagesTest : public AppTest {
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
  std::string plan(const std::string& id) { return "/staff/families/" + id + "/plan"; }
  std::string version_on(const std::string& page) {
    return match(get(page).body, R"re(name="plan_version" value="(\d+)")re");
  }
  // Adds a goal through the form and returns its id.
  std::string add_goal(const std::string& id, const std::string& area, const std::string& text) {
    const std::string form = plan(id) + "/goals/new";
    auto r = post(form, {{"area", area}, {"text", text}, {"status", "active"}, {"plan_version", version_on(form)}}, form);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    return match(r.header("Location"), "#goal-([0-9a-f-]{36})");
  }
  Reply add_measure(const std::string& id, const std::string& goal, std::vector<std::pair<std::string, std::string>> fields) {
    const std::string form = plan(id) + "/goals/" + goal + "/measures/new";
    fields.emplace_back("plan_version", version_on(form));
    return post(form, fields, form);
  }
  std::string measure_of(const Reply& r) { return match(r.header("Location"), "#measure-([0-9a-f-]{36})"); }
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
  // The first published offer the measure form offers.
  std::string first_offer(const std::string& id, const std::string& goal) {
    const std::string body = get(plan(id) + "/goals/" + goal + "/measures/new").body;
    const auto at = body.find(R"(name="offer_id")");
    EXPECT_NE(at, std::string::npos);
    return at == std::string::npos ? "" : match(body.substr(at), R"re(<option value="([0-9a-f-]{36})")re");
  }
  std::int64_t scalar(const std::string& sql, const std::string& param) {
    auto r = app_->db->read([&](store::Conn& c) { return c.query_one(sql, {param}); });
    EXPECT_TRUE(r && *r);
    return r && *r ? (*r)->integer(0) : -1;
  }
};

TEST_F(PlanPagesTest, TheFamilysGoalsAndMeasuresAppearOnThePlanGroupedByArea) {
  login_en("koordinator");
  const std::string id = create_family("Familien Planlegger");
  const std::string housing = add_goal(id, "housing", "Vi vil bo i samme leilighet i to år");
  const std::string school = add_goal(id, "school", "Barna skal trives på skolen");
  ASSERT_FALSE(housing.empty());
  ASSERT_FALSE(school.empty());
  auto r = add_measure(id, housing, {{"text", "Søke om startlån"}, {"responsible", "NAV"},
                                     {"deadline", "2026-11-01"}, {"status", "planned"}});
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  r = add_measure(id, school, {{"text", "Møte med kontaktlærer"}, {"responsible", "Mor"}, {"deadline", "2026-12-15"},
                               {"status", "in_progress"}});
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);

  auto page = get(plan(id));
  ASSERT_EQ(page.status, 200);
  const auto h_housing = page.body.find(">Housing</h2>");
  const auto h_school = page.body.find(">School and education</h2>");
  const auto g_housing = page.body.find(R"(dir="auto">Vi vil bo i samme leilighet i to år)");
  const auto g_school = page.body.find(R"(dir="auto">Barna skal trives på skolen)");
  ASSERT_NE(h_housing, std::string::npos);
  ASSERT_NE(h_school, std::string::npos);
  ASSERT_NE(g_housing, std::string::npos);
  ASSERT_NE(g_school, std::string::npos);
  EXPECT_LT(h_housing, g_housing);
  EXPECT_LT(g_housing, h_school);
  EXPECT_LT(h_school, g_school);
  EXPECT_NE(page.body.find("Søke om startlån"), std::string::npos);
  EXPECT_NE(page.body.find("Møte med kontaktlærer"), std::string::npos);
  EXPECT_NE(page.body.find("In progress"), std::string::npos);
  // The clock says 2026-11-18: only the first deadline has passed.
  EXPECT_EQ(count(page.body, ">overdue</span>"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.goal_create' AND entity_id = $1", id), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.measure_create' AND entity_id = $1", id), 2);
  // Ids only in the audit details, never the family's words.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE details LIKE $1", "%startlån%"), 0);
}

TEST_F(PlanPagesTest, AGoalWithoutTextIsRefusedNamingTheFieldAndNothingIsSaved) {
  login_en("koordinator");
  const std::string id = create_family("Familien Tom");
  const std::string form = plan(id) + "/goals/new";
  auto r = post(form, {{"area", "own"}, {"own_area", ""}, {"text", " "}, {"plan_version", version_on(form)}}, form);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"(href="#f-text")"), std::string::npos);
  EXPECT_NE(r.body.find(R"(href="#f-own_area")"), std::string::npos);
  EXPECT_TRUE(stored_plan(id).empty());
}

TEST_F(PlanPagesTest, TwoCoordinatorsSavingTheSamePlanTheSecondIsToldAndKeepsItsText) {
  login_en("koordinator");
  const std::string id = create_family("Familien Samtidig");
  const std::string goal = add_goal(id, "economy", "Ha oversikt over regningene");
  const std::string edit = plan(id) + "/goals/" + goal + "/edit";
  // Both open the same goal at the same plan version.
  const std::string v = version_on(edit);
  ASSERT_FALSE(v.empty());
  auto first = post(edit, {{"area", "economy"}, {"text", "Betale regningene i tide hver måned"}, {"status", "active"},
                           {"plan_version", v}}, edit);
  ASSERT_EQ(first.status, 303) << first.body.substr(0, 2000);
  auto second = post(edit, {{"area", "economy"}, {"text", "Spare litt hver måned til ferie"}, {"status", "active"},
                            {"plan_version", v}}, edit);
  ASSERT_EQ(second.status, 409);
  EXPECT_NE(second.body.find("Someone else changed the plan while you were editing"), std::string::npos);
  EXPECT_NE(second.body.find(">Spare litt hver måned til ferie</textarea>"), std::string::npos);
  // What the first one saved is shown beside the form, and is intact in the plan.
  EXPECT_NE(second.body.find("Betale regningene i tide hver måned"), std::string::npos);
  auto goals = stored_plan(id);
  ASSERT_EQ(goals.size(), 1u);
  EXPECT_EQ(goals[0].text, "Betale regningene i tide hver måned");
  // Nothing is lost: saving the kept text again, deliberately, goes through.
  const std::string now = match(second.body, R"re(name="plan_version" value="(\d+)")re");
  EXPECT_NE(now, v);
  auto again = post(edit, {{"area", "economy"}, {"text", "Spare litt hver måned til ferie"}, {"status", "active"},
                           {"plan_version", now}}, edit);
  EXPECT_EQ(again.status, 303);
  EXPECT_EQ(stored_plan(id)[0].text, "Spare litt hver måned til ferie");
}

TEST_F(PlanPagesTest, AStaleNewMeasureGets409AndIsNotSaved) {
  login_en("koordinator");
  const std::string id = create_family("Familien Gammel");
  const std::string goal = add_goal(id, "health", "Mor skal sove bedre");
  const std::string form = plan(id) + "/goals/" + goal + "/measures/new";
  const std::string v = version_on(form);
  add_goal(id, "work", "Far vil ha jobb");  // someone else changes the plan meanwhile
  auto r = post(form, {{"text", "Time hos fastlegen"}, {"status", "planned"}, {"plan_version", v}}, form);
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find(">Time hos fastlegen</textarea>"), std::string::npos);
  for (const auto& g : stored_plan(id)) EXPECT_TRUE(g.measures.empty());
}

TEST_F(PlanPagesTest, AReferralToAnOfferMovesThroughItsStatesAndDecliningNeedsAReason) {
  login_en("koordinator");
  const std::string id = create_family("Familien Henvist");
  const std::string goal = add_goal(id, "participation", "Barna skal ha en fritidsaktivitet");
  const std::string offer = first_offer(id, goal);
  ASSERT_FALSE(offer.empty());
  auto r = add_measure(id, goal, {{"text", "Prøve fotball"}, {"status", "planned"}, {"offer_id", offer}});
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  const std::string measure = measure_of(r);
  auto page = get(plan(id));
  EXPECT_NE(page.body.find("href=\"/offers/" + offer + "\""), std::string::npos);
  EXPECT_NE(page.body.find(">Requested</span>"), std::string::npos);

  const std::string edit = plan(id) + "/measures/" + measure + "/edit";
  const std::string referral = plan(id) + "/measures/" + measure + "/referral";
  // Declining without a reason fails, names the field, and saves nothing.
  r = post(referral, {{"referral_state", "declined"}, {"referral_reason", ""}, {"plan_version", version_on(edit)}}, edit);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"(href="#f-referral_reason")"), std::string::npos);
  EXPECT_EQ(stored_plan(id)[0].measures[0].referral_state, ReferralState::requested);
  // A step the state machine does not have is refused with a clear message.
  r = post(referral, {{"referral_state", "completed"}, {"plan_version", version_on(edit)}}, edit);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("This change of the referral is not possible"), std::string::npos);
  EXPECT_EQ(stored_plan(id)[0].measures[0].referral_state, ReferralState::requested);

  r = post(referral, {{"referral_state", "accepted"}, {"plan_version", version_on(edit)}}, edit);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  r = post(referral, {{"referral_state", "in_progress"}, {"plan_version", version_on(edit)}}, edit);
  ASSERT_EQ(r.status, 303);
  r = post(referral, {{"referral_state", "not_completed"}, {"referral_reason", "Treningstiden passet ikke"},
                      {"plan_version", version_on(edit)}}, edit);
  ASSERT_EQ(r.status, 303);
  const auto m = stored_plan(id)[0].measures[0];
  EXPECT_EQ(m.referral_state, ReferralState::not_completed);
  EXPECT_EQ(m.referral_reason, "Treningstiden passet ikke");
  page = get(plan(id));
  EXPECT_NE(page.body.find("Not completed"), std::string::npos);
  EXPECT_NE(page.body.find("Treningstiden passet ikke"), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.referral' AND entity_id = $1", id), 3);
}

TEST_F(PlanPagesTest, AReferralWaitingTooLongIsFlaggedOnThePlanAndInTheCaseload) {
  login_en("koordinator");
  const std::string id = create_family("Familien Venter");
  const std::string goal = add_goal(id, "participation", "Barna skal være med på noe etter skolen");
  const std::string offer = first_offer(id, goal);
  auto r = add_measure(id, goal, {{"text", "Plass på leksehjelp"}, {"offer_id", offer}});
  ASSERT_EQ(r.status, 303);
  const auto f = family(id);
  auto waiting = [&](UnixSeconds older_than) {
    auto w = app_->db->read([&](store::Conn& c) {
      return families::waiting_referrals(c, f.municipality_id, f.coordinator_id, older_than);
    });
    EXPECT_TRUE(w);
    return w ? *w : std::vector<families::WaitingReferral>{};
  };
  const auto limit_days = app_->settings.referral_warning_days;
  EXPECT_TRUE(waiting(clock_.now() - limit_days * 86400).empty());
  EXPECT_EQ(get(plan(id)).body.find("waited too long"), std::string::npos);

  clock_.advance((limit_days + 1) * 86400);
  login_en("koordinator");  // the session ran out meanwhile
  const auto list = waiting(clock_.now() - limit_days * 86400);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].family_id, id);
  EXPECT_EQ(list[0].reference, f.reference);
  EXPECT_EQ(list[0].family_name, "Familien Venter");
  EXPECT_EQ(list[0].offer_id, offer);
  EXPECT_NE(get(plan(id)).body.find("waited too long"), std::string::npos);
  // Another coordinator's caseload does not list it.
  auto other = app_->db->read([&](store::Conn& c) {
    return families::waiting_referrals(c, f.municipality_id, std::string("someone-else"), clock_.now());
  });
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

TEST_F(PlanPagesTest, OverdueMeasuresAreListedForTheCaseloadUntilDone) {
  login_en("koordinator");
  const std::string id = create_family("Familien Frist");
  const std::string goal = add_goal(id, "economy", "Få orden på økonomien");
  auto r = add_measure(id, goal, {{"text", "Time hos gjeldsrådgiver"}, {"deadline", "2026-11-25"}, {"status", "planned"}});
  ASSERT_EQ(r.status, 303);
  const std::string measure = measure_of(r);
  const auto f = family(id);
  auto overdue = [&](const std::string& today) {
    auto o = app_->db->read([&](store::Conn& c) {
      return families::overdue_measures(c, f.municipality_id, f.coordinator_id, today);
    });
    EXPECT_TRUE(o);
    return o ? *o : std::vector<families::OverdueMeasure>{};
  };
  EXPECT_TRUE(overdue("2026-11-25").empty());
  clock_.advance(10 * 86400);  // 2026-11-28
  login_en("koordinator");     // the session ran out meanwhile
  const std::string today = families::today_iso(clock_);
  auto list = overdue(today);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].measure_id, measure);
  EXPECT_EQ(list[0].family_name, "Familien Frist");
  EXPECT_EQ(list[0].deadline, "2026-11-25");
  EXPECT_NE(get(plan(id)).body.find(">overdue</span>"), std::string::npos);

  const std::string edit = plan(id) + "/measures/" + measure + "/edit";
  r = post(edit, {{"text", "Time hos gjeldsrådgiver"}, {"deadline", "2026-11-25"}, {"status", "done"},
                  {"plan_version", version_on(edit)}}, edit);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  EXPECT_TRUE(overdue(today).empty());
  EXPECT_EQ(get(plan(id)).body.find(">overdue</span>"), std::string::npos);
}

TEST_F(PlanPagesTest, StaffWithoutGroundsGet404OnEveryPlanRoute) {
  login_en("koordinator");
  const std::string id = create_family("Familien Lukket Dør");
  const std::string goal = add_goal(id, "health", "Alle skal ha fastlege");
  auto r = add_measure(id, goal, {{"text", "Bytte fastlege"}});
  const std::string measure = measure_of(r);
  login_en("helsesykepleier");  // not on the team, no consent
  const std::string p = plan(id);
  for (const std::string& path : {p, p + "/goals/new", p + "/goals/" + goal + "/edit",
                                  p + "/goals/" + goal + "/measures/new", p + "/measures/" + measure + "/edit"})
    EXPECT_EQ(get(path).status, 404) << path;
  for (const std::string& path : {p + "/goals/new", p + "/goals/" + goal + "/edit", p + "/goals/" + goal + "/measures/new",
                                  p + "/measures/" + measure + "/edit", p + "/measures/" + measure + "/referral"})
    EXPECT_EQ(post(path, {{"text", "Inntrenger"}, {"area", "health"}, {"plan_version", "1"}}, "/staff").status, 404) << path;
  EXPECT_EQ(stored_plan(id)[0].text, "Alle skal ha fastlege");
}

TEST_F(PlanPagesTest, AClosedFamilysPlanCanBeReadButNotChanged) {
  login_en("koordinator");
  const std::string id = create_family("Familien Avsluttet");
  const std::string goal = add_goal(id, "school", "Fullføre videregående");
  auto r = add_measure(id, goal, {{"text", "Søke om leksehjelp"}});
  const std::string measure = measure_of(r);
  ASSERT_TRUE(app_->db->with_write([&](store::Conn& c) {
    return families::close_family(c, id, "Målene er nådd", "Familien er fornøyd", clock_.now());
  }));
  auto page = get(plan(id));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Fullføre videregående"), std::string::npos);
  EXPECT_EQ(page.body.find("/goals/new"), std::string::npos);
  EXPECT_EQ(page.body.find("/edit"), std::string::npos);
  EXPECT_EQ(page.body.find("/measures/new"), std::string::npos);
  EXPECT_EQ(get(plan(id) + "/goals/new").status, 404);
  EXPECT_EQ(get(plan(id) + "/measures/" + measure + "/edit").status, 404);
}

}  // namespace
}  // namespace kp::test
