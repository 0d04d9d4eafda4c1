// The staff pages as a lender uses them: create a type and an item, lend a pair of skis to an
// adult with a child as co-borrower, return them, be stopped by the after-each-loan plan with a
// clear message, record maintenance, lend again. Who may see the pages, field errors that
// name their field, and the audit trail (ids only, reads of borrower data too).
#include <gtest/gtest.h>

#include <regex>

#include "equipment/fixture.hpp"

namespace kp::test {
namespace {

using namespace kp::equipment;

class EquipmentPages : public EquipmentTest {
 protected:
  void SetUp() override {
    EquipmentTest::SetUp();
    lang_ = "en";
  }
  std::string loan_id_from(const std::string& location) {
    std::smatch m;
    static const std::regex re("/staff/equipment/loans/([0-9a-f-]{36})");
    return std::regex_search(location, m, re) ? std::string(m[1]) : std::string();
  }
};

TEST_F(EquipmentPages, OnlyStaffWhoManageEquipmentSeeThePages) {
  auto anon = get("/staff/equipment");
  EXPECT_EQ(anon.status, 303);
  login("helsesykepleier");
  EXPECT_EQ(get("/staff/equipment").status, 403);
  jar_.clear();
  login("redaktor");
  EXPECT_EQ(get("/staff/equipment").status, 200);
  jar_.clear();
  login("koordinator");
  for (const char* path : {"/staff/equipment", "/staff/equipment/types", "/staff/equipment/types/new",
                           "/staff/equipment/items/new", "/staff/equipment/sites", "/staff/equipment/lend",
                           "/staff/equipment/loans", "/staff/equipment/loans?overdue=1"})
    EXPECT_EQ(get(path).status, 200) << path;
}

TEST_F(EquipmentPages, SkisGoOutComeBackAndAreBlockedForMaintenanceUntilRecorded) {
  login("koordinator");
  auto t = post("/staff/equipment/types/new",
                {{"category", "ski"}, {"name", "Langrennski"}, {"size", "150 cm"}, {"after_each_loan", "1"}, {"public", "1"}},
                "/staff/equipment/types/new");
  ASSERT_EQ(t.status, 303) << t.body.substr(0, 3000);
  auto types = app_->db->read([&](store::Conn& c) { return list_types(c, muni_); });
  ASSERT_TRUE(types);
  ASSERT_EQ(types->size(), 1u);
  EXPECT_TRUE(types->front().maintenance_after_each_loan);

  auto i = post("/staff/equipment/items/new",
                {{"type_id", types->front().id}, {"number", "SKI-014"}, {"condition", "good"}, {"site_id", ""}, {"quantity", "1"}},
                "/staff/equipment/items/new");
  ASSERT_EQ(i.status, 303) << i.body.substr(0, 3000);
  const std::string item_url = i.header("Location").substr(0, i.header("Location").find('?'));
  EXPECT_NE(get("/staff/equipment").body.find("SKI-014"), std::string::npos);

  auto lent = post("/staff/equipment/lend",
                   {{"borrower_id", ""}, {"borrower_name", "Kari Nordmann"}, {"borrower_phone", "912 34 567"},
                    {"borrower_email", "kari@example.no"}, {"borrower_language", "nb"}, {"child_name_1", "Ola Nordmann"},
                    {"child_year_1", "2016"}, {"item_1", "SKI-014"}, {"qty_1", "1"}, {"due_on", add_days(today(), 7)}},
                   "/staff/equipment/lend");
  ASSERT_EQ(lent.status, 303) << lent.body.substr(0, 4000);
  const std::string loan = loan_id_from(lent.header("Location"));
  ASSERT_FALSE(loan.empty());
  auto page = get("/staff/equipment/loans/" + loan + "?saved=lent");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Ola Nordmann (2016)"), std::string::npos);
  EXPECT_NE(page.body.find("The loan is registered."), std::string::npos);
  EXPECT_NE(get(item_url).body.find("On loan"), std::string::npos);

  auto back = post("/staff/equipment/loans/" + loan + "/return", {{"line_1", item_url.substr(item_url.rfind('/') + 1)},
                                                                   {"condition_1", "good"}},
                   "/staff/equipment/loans/" + loan);
  ASSERT_EQ(back.status, 303);
  EXPECT_NE(get(item_url).body.find("Maintenance due"), std::string::npos);

  auto blocked = post("/staff/equipment/lend",
                      {{"borrower_id", ""}, {"borrower_name", "Per Hansen"}, {"borrower_phone", "987 65 432"},
                       {"item_1", "SKI-014"}, {"qty_1", "1"}, {"due_on", add_days(today(), 7)}},
                      "/staff/equipment/lend");
  EXPECT_EQ(blocked.status, 400);
  EXPECT_NE(blocked.body.find("href=\"#f-item_1\""), std::string::npos);
  EXPECT_NE(blocked.body.find("This item needs maintenance before it can be lent again."), std::string::npos);

  auto m = post(item_url + "/maintenance",
                {{"what", "Waxed and checked the bindings"}, {"done_by_name", "Frivilligsentralen"}, {"cost", "150"},
                 {"done_on", today()}, {"condition_after", ""}},
                item_url + "/maintenance");
  ASSERT_EQ(m.status, 303) << m.body.substr(0, 3000);
  auto item_page = get(item_url);
  EXPECT_NE(item_page.body.find("Waxed and checked the bindings"), std::string::npos);
  EXPECT_NE(item_page.body.find("150 kr"), std::string::npos);

  auto again = post("/staff/equipment/lend",
                    {{"borrower_id", ""}, {"borrower_name", "Per Hansen"}, {"borrower_phone", "987 65 432"},
                     {"item_1", "SKI-014"}, {"qty_1", "1"}, {"due_on", add_days(today(), 7)}},
                    "/staff/equipment/lend");
  ASSERT_EQ(again.status, 303) << again.body.substr(0, 3000);

  // Audit: every change recorded, with ids only; the looks at borrower data too.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1", "loan.create"), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1", "loan.return"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1", "equipment.maintenance"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1", "borrower.create"), 2);
  EXPECT_GE(scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1", "borrower.view"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE details LIKE $1", "%Nordmann%"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE details LIKE $1", "%912 34 567%"), 0);
}

TEST_F(EquipmentPages, AnEmptyLendFormNamesEveryMissingField) {
  login("koordinator");
  auto r = post("/staff/equipment/lend", {{"borrower_id", ""}, {"due_on", ""}}, "/staff/equipment/lend");
  EXPECT_EQ(r.status, 400);
  for (const char* field : {"borrower_name", "borrower_phone", "item_1", "due_on"})
    EXPECT_NE(r.body.find(std::string("href=\"#f-") + field + "\""), std::string::npos) << field;
  EXPECT_NE(r.body.find("Write the borrower&#39;s name."), std::string::npos);
  EXPECT_NE(r.body.find("id=\"f-borrower_name\""), std::string::npos);
}

TEST_F(EquipmentPages, AnExistingBorrowerIsFoundAndBlockedWhileALoanIsLongOverdue) {
  const auto type = make_type("Telt", false, {}, false, "tent");
  const auto tent = make_item(type, "TELT-1");
  make_item(type, "TELT-2");
  const auto borrower = make_borrower();
  ASSERT_TRUE(lend(borrower, tent, 1));
  clock_.advance(20 * kDay);
  login("koordinator");
  auto search = get("/staff/equipment/lend?q=kari");
  ASSERT_EQ(search.status, 200);
  EXPECT_NE(search.body.find("value=\"" + borrower + "\""), std::string::npos);
  auto overdue = get("/staff/equipment/loans?overdue=1");
  EXPECT_NE(overdue.body.find("Kari Nordmann"), std::string::npos);
  auto r = post("/staff/equipment/lend",
                {{"q", "kari"}, {"borrower_id", borrower}, {"item_1", "TELT-2"}, {"qty_1", "1"}, {"due_on", add_days(today(), 7)}},
                "/staff/equipment/lend");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("href=\"#f-borrower\""), std::string::npos);
  EXPECT_NE(r.body.find("long overdue"), std::string::npos);
}

TEST_F(EquipmentPages, ALoanIsRenewedFromItsPage) {
  const auto type = make_type("Sykkel", false, {}, false, "bike");
  const auto bike = make_item(type, "SYK-1");
  auto loan = lend(make_borrower(), bike, 7);
  ASSERT_TRUE(loan);
  login("koordinator");
  const std::string url = "/staff/equipment/loans/" + *loan;
  auto bad = post(url + "/renew", {{"due_on", add_days(today(), 3)}}, url);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("href=\"#f-due_on\""), std::string::npos);
  auto ok = post(url + "/renew", {{"due_on", add_days(today(), 21)}}, url);
  ASSERT_EQ(ok.status, 303);
  auto page = get(url);
  EXPECT_NE(page.body.find("1 time"), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1", "loan.renew"), 1);
}

TEST_F(EquipmentPages, StaffFindAnItemByNumberAndReachItsOpenLoanFromIt) {
  const auto ski = make_type("Langrennski", false);
  const auto helmet = make_type("Sykkelhjelm", false, {}, false, "helmet");
  const auto pair = make_item(ski, "SKI-014");
  make_item(helmet, "HJELM-07");
  auto loan = lend(make_borrower(), pair, 7);
  ASSERT_TRUE(loan);
  login("koordinator");
  auto found = get("/staff/equipment?q=ski-014");
  ASSERT_EQ(found.status, 200);
  EXPECT_NE(found.body.find("SKI-014"), std::string::npos);
  EXPECT_EQ(found.body.find("HJELM-07"), std::string::npos);
  auto onloan = get("/staff/equipment?status=on_loan");
  EXPECT_NE(onloan.body.find("SKI-014"), std::string::npos);
  EXPECT_EQ(onloan.body.find("HJELM-07"), std::string::npos);
  auto page = get("/staff/equipment/items/" + pair);
  EXPECT_NE(page.body.find("/staff/equipment/loans/" + *loan), std::string::npos);
  EXPECT_EQ(get("/staff/equipment/items/" + ids::new_uuid()).status, 404);
}

}  // namespace
}  // namespace kp::test
