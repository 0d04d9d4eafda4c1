// The access matrix: every family route of the running app × every kind of staff member ×
// every consent state (none, valid, expired, withdrawn, another service's, refused, and the kinds
// of information it covers) × emergency access × open or closed family → allowed, or 404. Real requests go through
// app::handle with real records behind every path parameter, so "allowed" is never confused with "no such record". The
// expectations below are written out by hand, independently of policy.cpp.
//
// A family route the router has but kMatrixRoutes lacks fails the test: a new route must get
// its line here (and so its policy decision reviewed) before it ships.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

#include "app/app_client.hpp"
#include "families/add_staff.hpp"
#include "auth/accounts.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "families/store.hpp"

namespace kp::test {
namespace {

using http::Method;
using policy::Permission;

// ---- the matrix's own table of family routes --------------------------------------------------

struct RouteRule {
  Method method;
  const char* pattern;
  Permission permission;
  // The kind of information the page shows: a team member's consent must include it
  // (basic: the household, people, consent, access log; plan; log; economy).
  const char* kind;
};

// Every route about one family, with the permission it must have. Keep in step with the
// register_*_routes functions in src/families/*_pages.cpp.
constexpr RouteRule kMatrixRoutes[] = {
    // family_pages.cpp: overview, household, people, team, coordinator, level
    {Method::GET, "/staff/families/{id:uuid}", Permission::family_status, "basic"},
    {Method::GET, "/staff/families/{id:uuid}/edit", Permission::family_write, "basic"},
    {Method::POST, "/staff/families/{id:uuid}/edit", Permission::family_write, "basic"},
    {Method::GET, "/staff/families/{id:uuid}/members/new", Permission::family_write, "basic"},
    {Method::POST, "/staff/families/{id:uuid}/members/new", Permission::family_write, "basic"},
    {Method::GET, "/staff/families/{id:uuid}/members/{person:uuid}/edit", Permission::family_write, "basic"},
    {Method::POST, "/staff/families/{id:uuid}/members/{person:uuid}/edit", Permission::family_write, "basic"},
    {Method::POST, "/staff/families/{id:uuid}/team", Permission::family_manage, "basic"},
    {Method::POST, "/staff/families/{id:uuid}/team/remove", Permission::family_manage, "basic"},
    {Method::POST, "/staff/families/{id:uuid}/coordinator", Permission::family_assign, "basic"},
    {Method::POST, "/staff/families/{id:uuid}/bti", Permission::family_manage, "basic"},
    // merge_pages.cpp: duplicates
    {Method::GET, "/staff/families/{id:uuid}/members/{person:uuid}/duplicates", Permission::family_write, "basic"},
    {Method::POST, "/staff/families/{id:uuid}/members/{person:uuid}/merge", Permission::family_write, "basic"},
    // consent_pages.cpp
    {Method::GET, "/staff/families/{id:uuid}/consent", Permission::family_read, "basic"},
    {Method::GET, "/staff/families/{id:uuid}/consent/new", Permission::family_manage, "basic"},
    {Method::POST, "/staff/families/{id:uuid}/consent/new", Permission::family_manage, "basic"},
    {Method::POST, "/staff/families/{id:uuid}/consent/{consent:uuid}/withdraw", Permission::family_manage, "basic"},
    {Method::GET, "/staff/families/{id:uuid}/consent/form.pdf", Permission::family_read, "basic"},
    {Method::POST, "/staff/families/{id:uuid}/consent/{consent:uuid}/scan", Permission::family_manage, "basic"},
    {Method::GET, "/staff/families/{id:uuid}/consent/{consent:uuid}/scan", Permission::family_read, "basic"},
    // plan_pages.cpp
    {Method::GET, "/staff/families/{id:uuid}/plan", Permission::family_read, "plan"},
    {Method::GET, "/staff/families/{id:uuid}/plan/goals/new", Permission::family_write, "plan"},
    {Method::POST, "/staff/families/{id:uuid}/plan/goals/new", Permission::family_write, "plan"},
    {Method::GET, "/staff/families/{id:uuid}/plan/goals/{goal:uuid}/edit", Permission::family_write, "plan"},
    {Method::POST, "/staff/families/{id:uuid}/plan/goals/{goal:uuid}/edit", Permission::family_write, "plan"},
    {Method::GET, "/staff/families/{id:uuid}/plan/goals/{goal:uuid}/measures/new", Permission::family_write, "plan"},
    {Method::POST, "/staff/families/{id:uuid}/plan/goals/{goal:uuid}/measures/new", Permission::family_write, "plan"},
    {Method::GET, "/staff/families/{id:uuid}/plan/measures/{measure:uuid}/edit", Permission::family_write, "plan"},
    {Method::POST, "/staff/families/{id:uuid}/plan/measures/{measure:uuid}/edit", Permission::family_write, "plan"},
    {Method::POST, "/staff/families/{id:uuid}/plan/measures/{measure:uuid}/referral", Permission::family_write, "plan"},
    // equipment/plan_link_pages.cpp: lend equipment / hand out passes as a measure in the plan
    {Method::GET, "/staff/families/{id:uuid}/plan/equipment", Permission::family_write, "plan"},
    {Method::POST, "/staff/families/{id:uuid}/plan/equipment", Permission::family_write, "plan"},
    // meeting_pages.cpp
    {Method::GET, "/staff/families/{id:uuid}/meetings", Permission::family_read, "log"},
    {Method::GET, "/staff/families/{id:uuid}/meetings/new", Permission::family_write, "log"},
    {Method::POST, "/staff/families/{id:uuid}/meetings/new", Permission::family_write, "log"},
    {Method::GET, "/staff/families/{id:uuid}/meetings/{meeting:uuid}", Permission::family_read, "log"},
    {Method::GET, "/staff/families/{id:uuid}/meetings/{meeting:uuid}/edit", Permission::family_write, "log"},
    {Method::POST, "/staff/families/{id:uuid}/meetings/{meeting:uuid}/edit", Permission::family_write, "log"},
    {Method::POST, "/staff/families/{id:uuid}/meetings/{meeting:uuid}/decisions", Permission::family_write, "log"},
    {Method::POST, "/staff/families/{id:uuid}/meetings/{meeting:uuid}/reflections", Permission::family_write, "log"},
    // log_pages.cpp
    {Method::GET, "/staff/families/{id:uuid}/log", Permission::family_read, "log"},
    {Method::POST, "/staff/families/{id:uuid}/log", Permission::family_write, "log"},
    // progress_pages.cpp
    {Method::GET, "/staff/families/{id:uuid}/progress", Permission::family_read, "plan"},
    {Method::GET, "/staff/families/{id:uuid}/progress/scores", Permission::family_write, "plan"},
    {Method::POST, "/staff/families/{id:uuid}/progress/scores", Permission::family_write, "plan"},
    {Method::GET, "/staff/families/{id:uuid}/progress/indicators", Permission::family_write, "plan"},
    {Method::POST, "/staff/families/{id:uuid}/progress/indicators", Permission::family_write, "plan"},
    {Method::GET, "/staff/families/{id:uuid}/income", Permission::family_write, "economy"},
    {Method::POST, "/staff/families/{id:uuid}/income", Permission::family_write, "economy"},
    // records_pages.cpp: who has looked (innsyn i logg), a person's export, closing
    {Method::GET, "/staff/families/{id:uuid}/access-log", Permission::family_read, "basic"},
    {Method::GET, "/staff/families/{id:uuid}/access-log.pdf", Permission::family_read, "basic"},
    {Method::GET, "/staff/families/{id:uuid}/members/{person:uuid}/export.json", Permission::family_export, "basic"},
    {Method::GET, "/staff/families/{id:uuid}/members/{person:uuid}/export.pdf", Permission::family_export, "basic"},
    {Method::GET, "/staff/families/{id:uuid}/close", Permission::family_manage, "basic"},
    {Method::POST, "/staff/families/{id:uuid}/close", Permission::family_manage, "basic"},
};

const char* method_name(Method m) { return m == Method::GET ? "GET" : m == Method::POST ? "POST" : "other"; }

bool is_family_route(const std::string& pattern) { return pattern.starts_with("/staff/families/{id"); }

// ---- who the actor is for the family, and what that allows -----------------------------------

enum class Standing {
  coordinator,     // the family's coordinator (stafettholder)
  consented_team,  // on the team, and a valid whole-family consent covers their service
  emergency,       // an unexpired emergency grant (nødtilgang)
  leader,          // a leader of the hub: the family exists and its status, and who coordinates it
  nobody,          // anyone else: admins and editors too (need-to-know, not rank)
};

// What each standing may do, written out by hand (issue 3, "Coordinator, team and access").
// A closed family is read-only: nobody writes, manages or assigns; the coordinator can still
// export a person's data (a family may ask after closing). A consented team member is
// further limited to the routes whose kind of information the consent covers (the test applies
// RouteRule::kind on top of this).
struct Allowed {
  bool status, read, write, manage, assign, exports;
};
struct StandingRow {
  Standing standing;
  Allowed open, closed;
};
// clang-format off
constexpr StandingRow kExpected[] = {
    //                          open family:                                   closed family:
    //                          status read   write  manage assign export       status read   write  manage assign export
    {Standing::coordinator,     {true,  true,  true,  true,  true,  true},     {true,  true,  false, false, false, true}},
    {Standing::consented_team,  {true,  true,  true,  false, false, false},    {true,  true,  false, false, false, false}},
    {Standing::emergency,       {true,  true,  true,  false, false, false},    {true,  true,  false, false, false, false}},
    {Standing::leader,          {true,  false, false, false, true,  false},    {true,  false, false, false, false, false}},
    {Standing::nobody,          {false, false, false, false, false, false},    {false, false, false, false, false, false}},
};
// clang-format on

bool expected_allowed(Standing s, bool closed, Permission p) {
  const auto* row = std::find_if(std::begin(kExpected), std::end(kExpected),
                                 [&](const StandingRow& r) { return r.standing == s; });
  const Allowed& a = closed ? row->closed : row->open;
  switch (p) {
    case Permission::family_status: return a.status;
    case Permission::family_read: return a.read;
    case Permission::family_write: return a.write;
    case Permission::family_manage: return a.manage;
    case Permission::family_assign: return a.assign;
    case Permission::family_export: return a.exports;
    default: return false;
  }
}

enum class ConsentState { none, valid, expired, withdrawn, other_service, refused };
enum class Grant { none, active, expired };

struct Scenario {
  const char* name;
  const char* actor;   // username
  bool nurse_on_team;  // "helsesykepleier" (service health) is on the family's team
  ConsentState consent;
  Grant grant;  // the actor's emergency grant for this family
  bool closed;
  Standing standing;
  const char* kinds = "basic,plan,log,economy,health";  // what the consent covers
};

constexpr Scenario kScenarios[] = {
    {"coordinator", "koordinator", true, ConsentState::valid, Grant::none, false, Standing::coordinator},
    {"coordinator, closed family", "koordinator", true, ConsentState::valid, Grant::none, true, Standing::coordinator},
    {"coordinator, no consent at all", "koordinator", true, ConsentState::none, Grant::none, false,
     Standing::coordinator},
    {"team member, no consent (only a young person's own)", "helsesykepleier", true, ConsentState::none, Grant::none,
     false, Standing::nobody},
    {"team member, valid consent", "helsesykepleier", true, ConsentState::valid, Grant::none, false,
     Standing::consented_team},
    {"team member, valid consent, closed family", "helsesykepleier", true, ConsentState::valid, Grant::none, true,
     Standing::consented_team},
    {"team member, valid consent for the household only", "helsesykepleier", true, ConsentState::valid, Grant::none,
     false, Standing::consented_team, "basic"},
    {"team member, valid consent for plan and log, not the household", "helsesykepleier", true, ConsentState::valid,
     Grant::none, false, Standing::consented_team, "plan,log"},
    {"team member, expired consent", "helsesykepleier", true, ConsentState::expired, Grant::none, false,
     Standing::nobody},
    {"team member, withdrawn consent", "helsesykepleier", true, ConsentState::withdrawn, Grant::none, false,
     Standing::nobody},
    {"team member, consent for another service only", "helsesykepleier", true, ConsentState::other_service, Grant::none,
     false, Standing::nobody},
    {"team member, refused consent", "helsesykepleier", true, ConsentState::refused, Grant::none, false,
     Standing::nobody},
    {"team member, withdrawn consent, emergency access", "helsesykepleier", true, ConsentState::withdrawn,
     Grant::active, false, Standing::emergency},
    {"team member, no consent, emergency access, closed family", "helsesykepleier", true, ConsentState::none,
     Grant::active, true, Standing::emergency},
    {"team member, no consent, emergency access expired", "helsesykepleier", true, ConsentState::none, Grant::expired,
     false, Standing::nobody},
    {"service employee not on the team (valid consent for the service)", "helsesykepleier", false, ConsentState::valid,
     Grant::none, false, Standing::nobody},
    {"service employee not on the team, emergency access", "helsesykepleier", false, ConsentState::none, Grant::active,
     false, Standing::emergency},
    {"leader", "leder", true, ConsentState::valid, Grant::none, false, Standing::leader},
    {"leader, closed family", "leder", true, ConsentState::valid, Grant::none, true, Standing::leader},
    {"admin", "admin", true, ConsentState::valid, Grant::none, false, Standing::nobody},
    {"editor", "redaktor", true, ConsentState::valid, Grant::none, false, Standing::nobody},
    {"coordinator of another family", "koordinator2", true, ConsentState::valid, Grant::none, false, Standing::nobody},
};

// The records behind a family's path parameters.
struct Fixture {
  std::string family, person, goal, measure, meeting, consent;
  std::string duplicate;  // the child registered a second time (same name and birth date)
};

// The few POSTs that answer 404 by themselves when a field names no record get that field, so a
// refusal is always the guard's: the duplicate to merge.
std::vector<std::pair<std::string, std::string>> fields_for(const std::string& pattern, const Fixture& x) {
  if (pattern.ends_with("/merge")) return {{"other", x.duplicate}};
  return {};
}

class AccessMatrixTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    const std::string second = add_staff(*app_, clock_, "koordinator2", "Siri Haugland", auth::Role::coordinator);
    ASSERT_FALSE(second.empty());
    ASSERT_TRUE(auth::set_service(*app_->db, second, "hub"));
    for (const char* name : {"koordinator", "koordinator2", "helsesykepleier", "leder", "admin", "redaktor"}) {
      auto user = auth::find_user_by_username(*app_->db, name);
      ASSERT_TRUE(user) << name;
      user_ids_[name] = user->id;
      jar_.clear();
      login(name);
      if (HasFatalFailure()) return;
      sessions_[name] = jar_;
      tokens_[name] = csrf_from(get("/staff").body);
      ASSERT_FALSE(tokens_[name].empty()) << "no form with a CSRF token on /staff for " << name;
    }
    // koordinator2 coordinates a family of their own: "the coordinator of another family".
    Scenario other = kScenarios[0];
    other_family_ = make_fixture(other, user_ids_["koordinator2"]).family;
  }

  std::string today(int offset_days = 0) const {
    return format_iso_date(civil_from_days(days_from_civil(to_oslo(clock_.now()).date) + offset_days));
  }

  // A family as `s` describes it, written directly through the store (not through pages).
  Fixture make_fixture(const Scenario& s, const std::string& coordinator = {}) {
    Fixture x;
    x.family = ids::new_uuid();
    x.person = ids::new_uuid();
    x.goal = ids::new_uuid();
    x.measure = ids::new_uuid();
    x.meeting = ids::new_uuid();
    x.consent = ids::new_uuid();
    x.duplicate = ids::new_uuid();
    const std::string mun = catalog::kDemoMunicipalityId;
    const UnixSeconds now = clock_.now();
    const std::string coord = coordinator.empty() ? user_ids_["koordinator"] : coordinator;
    const std::string nurse = user_ids_["helsesykepleier"];
    const std::string actor = user_ids_[s.actor];
    auto st = app_->db->with_write([&](store::Conn& c) -> Status {
      families::Family f;
      f.id = x.family;
      f.municipality_id = mun;
      f.name = "Familien Matrise";
      f.coordinator_id = coord;
      f.address = "Matriseveien 7";
      f.postal_code = "9999";
      f.city = "Fjordvik";
      families::Person guardian;
      guardian.id = ids::new_uuid();
      guardian.role = families::PersonRole::guardian;
      guardian.given_name = "Mira";
      guardian.family_name = "Matrise";
      families::Person child;
      child.id = x.person;
      child.role = families::PersonRole::child;
      child.given_name = "Milo";
      child.family_name = "Matrise";
      child.birth_date = "2010-04-01";
      families::Person twin = child;
      twin.id = x.duplicate;
      f.members = {guardian, child, twin};
      auto ref = families::insert_family(c, f, now);
      if (!ref) return pass(ref);
      if (s.nurse_on_team) KP_TRY(families::add_team_member(c, mun, x.family, nurse, coord, now));

      families::Consent k;
      k.id = x.consent;
      k.family_id = x.family;
      k.given_by = "Mira Matrise";
      k.services = {"health", "hub"};
      k.info_kinds = text::split_commas(s.kinds);
      k.purpose = "Samarbeid";
      k.valid_from = today(-30);
      k.valid_to = today(100);
      k.recorded_by = coord;
      switch (s.consent) {
        case ConsentState::none:  // only a young person's own consent, which does not open the family
          k.subject_person_id = x.person;
          k.given_by = "Milo Matrise";
          break;
        case ConsentState::valid:
        case ConsentState::withdrawn: break;
        case ConsentState::expired: k.valid_to = today(-1); break;
        case ConsentState::other_service: k.services = {"nav", "hub"}; break;
        case ConsentState::refused: k.refused = true; break;
      }
      KP_TRY(families::insert_consent(c, mun, k, now - 3600));
      if (s.consent == ConsentState::withdrawn)
        KP_TRY(families::withdraw_consent(c, x.family, x.consent, coord, "", now - 60));
      KP_TRY(
          c.exec("INSERT INTO attachments (id, municipality_id, family_id, owner_kind, owner_id, filename, "
                 "content_type, size, content_base64, uploaded_by, uploaded_at) VALUES ($1, $2, $3, 'consent', $4, "
                 "'samtykke.pdf', 'application/pdf', 9, 'JVBERi0xLjQK', $5, $6)",
                 {ids::new_uuid(), mun, x.family, x.consent, coord, now}));
      KP_TRY(
          c.exec("INSERT INTO goals (id, municipality_id, family_id, area, own_area, text, status, position, "
                 "created_at, updated_at) VALUES ($1, $2, $3, 'housing', '', 'Vi vil bo trygt.', 'active', 0, $4, $4)",
                 {x.goal, mun, x.family, now}));
      KP_TRY(
          c.exec("INSERT INTO measures (id, municipality_id, family_id, goal_id, text, responsible, deadline, "
                 "status, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'Søke om bolig', "
                 "'Koordinator', $5, 'planned', $6, $7, $7)",
                 {x.measure, mun, x.family, x.goal, today(30), coord, now}));
      KP_TRY(
          c.exec("INSERT INTO meetings (id, municipality_id, family_id, held_on, starts_at, participants, "
                 "family_present, agenda, minutes, decisions, reflections, created_by, created_at, updated_at) "
                 "VALUES ($1, $2, $3, $4, '10:00', 'Mira, koordinator', 1, 'Plan', 'Referat', 'Søke om bolig', '', "
                 "$5, $6, $6)",
                 {x.meeting, mun, x.family, today(-7), coord, now}));
      if (s.grant == Grant::active)
        KP_TRY(
            families::grant_emergency_access(c, mun, x.family, actor, "Barnet er ikke hentet.", now - 60, now + 3600));
      if (s.grant == Grant::expired)
        KP_TRY(families::grant_emergency_access(c, mun, x.family, actor, "Barnet er ikke hentet.", now - 36000,
                                                now - 3600));
      if (s.closed) KP_TRY(families::close_family(c, x.family, "Målene er nådd.", "", now));
      return {};
    });
    EXPECT_TRUE(st) << st.error().message << " / " << st.error().detail;
    return x;
  }

  // The pattern with every path parameter replaced by the fixture's record; "" and `missing`
  // set when the pattern has a parameter the fixture does not know.
  static std::string target(const std::string& pattern, const Fixture& x, std::string& missing) {
    static const std::regex param(R"(\{([a-z_]+)(:[a-z]+)?\})");
    std::string out;
    auto begin = std::sregex_iterator(pattern.begin(), pattern.end(), param);
    size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
      out += pattern.substr(last, static_cast<size_t>(it->position()) - last);
      const std::string name = (*it)[1];
      if (name == "id")
        out += x.family;
      else if (name == "person")
        out += x.person;
      else if (name == "goal")
        out += x.goal;
      else if (name == "measure")
        out += x.measure;
      else if (name == "meeting")
        out += x.meeting;
      else if (name == "consent")
        out += x.consent;
      else
        missing = name;
      last = static_cast<size_t>(it->position() + it->length());
    }
    return missing.empty() ? out + pattern.substr(last) : std::string();
  }

  // Audit records about the family: all of them, and the looks (family.view, .view_status,
  // .view_emergency) among them.
  std::pair<std::int64_t, std::int64_t> audit_records(const std::string& family_id) {
    std::pair<std::int64_t, std::int64_t> n{-1, -1};
    auto st = app_->db->with_read([&](store::Conn& c) -> Status {
      auto r = c.query(
          "SELECT COUNT(*), COALESCE(SUM(CASE WHEN action LIKE 'family.view%' THEN 1 ELSE 0 END), 0) "
          "FROM audit_log WHERE entity = 'family' AND entity_id = $1",
          {family_id});
      if (!r) return pass(r);
      n = {r->front().integer(0), r->front().integer(1)};
      return {};
    });
    EXPECT_TRUE(st);
    return n;
  }

  // The family routes of the running app, in a stable order.
  std::vector<const web::Route*> family_routes() const {
    std::vector<const web::Route*> out;
    for (const auto& r : app_->router.routes())
      if (is_family_route(r.pattern)) out.push_back(&r);
    std::sort(out.begin(), out.end(), [](const web::Route* a, const web::Route* b) {
      return std::tie(a->pattern, a->method) < std::tie(b->pattern, b->method);
    });
    return out;
  }

  std::map<std::string, std::string> user_ids_;
  std::map<std::string, std::map<std::string, std::string>> sessions_;
  std::map<std::string, std::string> tokens_;
  std::string other_family_;
};

TEST_F(AccessMatrixTest, EveryFamilyRouteHasAReviewedPolicyInTheMatrix) {
  std::vector<std::string> problems;
  for (const auto& r : app_->router.routes()) {
    const std::string what = std::string(method_name(r.method)) + " " + r.pattern;
    if (policy::is_family_record(r.permission) && !is_family_route(r.pattern))
      problems.push_back(what +
                         ": a family-record permission on a route without /staff/families/{id:uuid} — the "
                         "guard cannot find the family");
    if (!is_family_route(r.pattern)) continue;
    if (!policy::is_family_record(r.permission))
      problems.push_back(what + ": permission " + policy::to_string(r.permission) +
                         " skips the per-family guard; use family_status/read/write/manage/assign/export");
    const auto* rule = std::find_if(std::begin(kMatrixRoutes), std::end(kMatrixRoutes),
                                    [&](const RouteRule& m) { return m.method == r.method && r.pattern == m.pattern; });
    if (rule == std::end(kMatrixRoutes))
      problems.push_back(what + " (" + policy::to_string(r.permission) +
                         "): a new family route without a policy in the access matrix — add it to kMatrixRoutes in "
                         "tests/families/access_matrix_test.cpp with the permission it should have");
    else if (rule->permission != r.permission)
      problems.push_back(what + ": the router says " + policy::to_string(r.permission) + ", the access matrix says " +
                         policy::to_string(rule->permission));
  }
  for (const auto& m : kMatrixRoutes) {
    const bool found = std::any_of(app_->router.routes().begin(), app_->router.routes().end(),
                                   [&](const web::Route& r) { return r.method == m.method && r.pattern == m.pattern; });
    if (!found)
      problems.push_back(std::string(method_name(m.method)) + " " + m.pattern +
                         ": in the access matrix but not in the router — remove it from kMatrixRoutes");
  }
  for (const auto& p : problems) ADD_FAILURE() << p;
}

TEST_F(AccessMatrixTest, EveryStaffMemberGetsExactlyTheFamilyRoutesTheirGroundsAllowAndOtherwise404) {
  const auto routes = family_routes();
  ASSERT_FALSE(routes.empty());
  std::vector<std::string> problems;
  int requests = 0, allowed_count = 0;
  for (const Scenario& s : kScenarios) {
    const Fixture shared = make_fixture(s);  // GETs change nothing but the audit log
    for (const web::Route* route : routes) {
      const auto* rule = std::find_if(std::begin(kMatrixRoutes), std::end(kMatrixRoutes), [&](const RouteRule& m) {
        return m.method == route->method && route->pattern == m.pattern;
      });
      if (rule == std::end(kMatrixRoutes)) continue;  // EveryFamilyRouteHasAReviewedPolicyInTheMatrix fails for it
      const bool post = route->method == Method::POST;
      const Fixture x = post ? make_fixture(s) : shared;  // every change gets a family of its own
      std::string missing;
      const std::string path = target(route->pattern, x, missing);
      const std::string what = std::string(method_name(route->method)) + " " + route->pattern + " as " + s.name;
      if (!missing.empty()) {
        problems.push_back(what + ": no fixture record for {" + missing + "} — add one to make_fixture");
        continue;
      }
      const bool kind_covered = s.standing != Standing::consented_team ||
                                std::ranges::count(text::split_commas(s.kinds), std::string(rule->kind)) > 0;
      const bool expected = expected_allowed(s.standing, s.closed, rule->permission) && kind_covered;
      jar_ = sessions_[s.actor];
      auto fields = fields_for(route->pattern, x);
      fields.emplace_back("csrf", tokens_[s.actor]);
      const auto before = audit_records(x.family);
      const Reply r = post ? request(Method::POST, path, form(fields)) : request(Method::GET, path);
      const auto after = audit_records(x.family);
      const std::int64_t appended = after.first - before.first, looks = after.second - before.second;
      ++requests;
      const bool allowed = r.status != 404;
      allowed_count += allowed ? 1 : 0;
      if (allowed != expected) {
        problems.push_back(what + ": expected " + (expected ? "allowed" : "404") + ", got " + std::to_string(r.status));
        continue;
      }
      if (r.status == 403) problems.push_back(what + ": 403 reveals the route is guarded (CSRF or role): " + path);
      if (r.status >= 500) problems.push_back(what + ": the handler failed with " + std::to_string(r.status));
      if (!allowed) {
        if (appended != 0)
          problems.push_back(what + ": a refused request appended " + std::to_string(appended) + " audit records");
        if (r.body.find("Familien Matrise") != std::string::npos || r.body.find("Matriseveien") != std::string::npos)
          problems.push_back(what + ": the 404 page shows the family");
      } else if (!post && looks != 1) {
        problems.push_back(what + ": an allowed look appended " + std::to_string(looks) +
                           " view records to the audit log instead of exactly one");
      }
    }
  }
  for (const auto& p : problems) ADD_FAILURE() << p;
  RecordProperty("requests", requests);
  std::printf("access matrix: %zu family routes × %zu scenarios = %d requests, %d allowed, %d answered 404\n",
              routes.size(), std::size(kScenarios), requests, allowed_count, requests - allowed_count);
}

}  // namespace
}  // namespace kp::test
