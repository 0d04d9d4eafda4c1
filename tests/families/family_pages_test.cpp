// The family pages as staff use them: a coordinator creates a family and adds people; others
// without grounds get 404; a leader sees only the status; emergency access needs a reason.
#include <gtest/gtest.h>

#include <array>
#include <regex>

#include "app/app_client.hpp"
#include "families/add_staff.hpp"
#include "auth/accounts.hpp"
#include "core/national_id.hpp"

namespace kp::test {
namespace {

// A synthetic (month + 80) number for someone born on `d`: the first individual number from
// `from` that has valid check digits (children born after 1999 need 500–999).
std::string synthetic_id(CivilDate d, int from = 500) {
  for (int i = from; i < 1000; ++i)
    if (auto s = make_synthetic_national_id(d, i); !s.empty()) return s;
  return {};
}

class FamilyPagesTest : public AppTest {
 protected:
  FamilyPagesTest() { lang_ = "en"; }  // the assertions read English texts
  // Creates a family as the signed-in coordinator and returns its id.
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
};

TEST_F(FamilyPagesTest, CoordinatorCreatesFamilyAndAddsAChildWithASyntheticNumber) {
  login("koordinator");
  const std::string id = create_family("Familien Testesen");
  ASSERT_FALSE(id.empty());
  const std::string nid = synthetic_id({2015, 3, 14});
  ASSERT_FALSE(nid.empty());
  auto r = post("/staff/families/" + id + "/members/new",
                {{"role", "child"}, {"given_name", "Sofie"}, {"family_name", "Testesen"}, {"birth_date", ""},
                 {"national_id", nid}, {"language", "nb"}},
                "/staff/families/" + id + "/members/new");
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  auto page = get("/staff/families/" + id);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Sofie Testesen"), std::string::npos);
  EXPECT_NE(page.body.find("Fjordveien 1"), std::string::npos);
  // The list masks the personal number and takes the birth date from the number.
  EXPECT_EQ(page.body.find(nid), std::string::npos);
  EXPECT_NE(page.body.find(mask_national_id(nid)), std::string::npos);
}

TEST_F(FamilyPagesTest, WrongCheckDigitsAreRefusedAndNothingIsSaved) {
  login("koordinator");
  const std::string id = create_family("Familien Feil");
  std::string nid = synthetic_id({2016, 5, 2});
  ASSERT_EQ(nid.size(), 11u);
  nid[10] = nid[10] == '9' ? '0' : static_cast<char>(nid[10] + 1);
  auto r = post("/staff/families/" + id + "/members/new",
                {{"role", "child"}, {"given_name", "Ola"}, {"family_name", "Feil"}, {"national_id", nid}},
                "/staff/families/" + id + "/members/new");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("href=\"#f-national_id\""), std::string::npos);
  EXPECT_EQ(get("/staff/families/" + id).body.find("Ola Feil"), std::string::npos);
}

TEST_F(FamilyPagesTest, StaffWithoutGroundsGet404AndLeaderOnlyTheStatus) {
  login("koordinator");
  const std::string id = create_family("Familien Hemmelig");
  jar_.clear();
  login("helsesykepleier");
  EXPECT_EQ(get("/staff/families/" + id).status, 404);
  EXPECT_EQ(get("/staff/families/" + id + "/edit").status, 404);
  jar_.clear();
  login("admin");
  EXPECT_EQ(get("/staff/families/" + id).status, 404);
  jar_.clear();
  login("leder");
  auto page = get("/staff/families/" + id);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("Familien Hemmelig"), std::string::npos);
  EXPECT_EQ(page.body.find("Fjordveien"), std::string::npos);
  EXPECT_EQ(get("/staff/families/" + id + "/edit").status, 404);
}

TEST_F(FamilyPagesTest, EmergencyAccessNeedsAReasonAndOpensTheFamily) {
  login("koordinator");
  const std::string id = create_family("Familien Akutt");
  const std::string ref = std::regex_replace(get("/staff/families/" + id).body, std::regex("(?:.|\\n)*(F-\\d{4}-\\d{4})(?:.|\\n)*"), "$1");
  ASSERT_EQ(ref.size(), 11u) << ref.substr(0, 100);
  jar_.clear();
  login("helsesykepleier");
  auto r = post("/staff/families/emergency", {{"reference", ref}, {"reason", ""}}, "/staff/families/emergency");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(get("/staff/families/" + id).status, 404);
  r = post("/staff/families/emergency", {{"reference", ref}, {"reason", "Skolen melder at barnet ikke er hentet."}},
           "/staff/families/emergency");
  ASSERT_EQ(r.status, 303);
  auto page = get("/staff/families/" + id);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Familien Akutt"), std::string::npos);
  EXPECT_NE(page.body.find("emergency access"), std::string::npos);
}

// Fail closed: a family page whose read cannot be written to the audit log is not shown.
TEST_F(FamilyPagesTest, FamilyPageIsNotShownWhenItsReadCannotBeAudited) {
  login("koordinator");
  const std::string id = create_family("Familien Ulogget");
  ASSERT_FALSE(id.empty());
  auto st = app_->db->with_write([&](store::Conn& c) -> Status {
    auto n = c.exec("ALTER TABLE audit_log RENAME TO audit_log_unavailable");
    if (!n) return pass(n);
    return {};
  });
  ASSERT_TRUE(st) << st.error().detail;
  auto page = get("/staff/families/" + id);
  EXPECT_EQ(page.status, 503);
  EXPECT_EQ(page.body.find("Familien Ulogget"), std::string::npos);
  EXPECT_EQ(page.body.find("Fjordveien 1"), std::string::npos);
}

}  // namespace
}  // namespace kp::test

namespace kp::test {
namespace {

// The family page's staff choices come from a cache (families::StaffDirectory); a user created,
// disabled or given another role must show on the very next page view, not after a timeout.
TEST_F(FamilyPagesTest, StaffChoicesFollowUserChangesAtOnce) {
  login("koordinator");
  const std::string id = create_family("Familien Valgsen");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(get("/staff/families/" + id).body.find("Tora Tilsett"), std::string::npos);

  const std::string tora = add_staff(*app_, clock_, "toratilsett", "Tora Tilsett", auth::Role::service_employee);
  ASSERT_FALSE(tora.empty());
  EXPECT_NE(get("/staff/families/" + id).body.find("Tora Tilsett"), std::string::npos) << "a new colleague";

  ASSERT_TRUE(auth::set_disabled(*app_->db, tora, true));
  EXPECT_EQ(get("/staff/families/" + id).body.find("Tora Tilsett"), std::string::npos) << "a disabled account";
  ASSERT_TRUE(auth::set_disabled(*app_->db, tora, false));
  const std::array<auth::Role, 1> editor{auth::Role::editor};
  ASSERT_TRUE(auth::set_roles(*app_->db, tora, editor));
  EXPECT_EQ(get("/staff/families/" + id).body.find("Tora Tilsett"), std::string::npos) << "no longer family staff";
}

}  // namespace
}  // namespace kp::test
