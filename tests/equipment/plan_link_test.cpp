// Lending equipment and handing out passes as a measure in a family's plan
// (plan_link_pages.cpp): the measure, the loan or hand-out linked to it, and the plan page.
#include <gtest/gtest.h>

#include <regex>

#include "equipment/pass_store.hpp"
#include "equipment/reservation_store.hpp"
#include "fixture.hpp"

namespace kp::test {
namespace {

class PlanLinkTest : public EquipmentTest {
 protected:
  PlanLinkTest() { lang_ = "en"; }

  std::string create_family() {
    auto r = post("/staff/families/new",
                  {{"name", "Familien Osman"}, {"address_protection", "none"}, {"address", "Fjordveien 3"},
                   {"postal_code", "9999"}, {"city", "Fjordvik"}},
                  "/staff/families/new");
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    std::smatch m;
    const std::string loc = r.header("Location");
    static const std::regex re("/staff/families/([0-9a-f-]{36})");
    EXPECT_TRUE(std::regex_search(loc, m, re)) << loc;
    const std::string id = m.size() > 1 ? std::string(m[1]) : std::string();
    r = post("/staff/families/" + id + "/members/new",
             {{"role", "guardian"}, {"given_name", "Fatima"}, {"family_name", "Osman"}, {"phone", "400 66 321"},
              {"language", "so"}},
             "/staff/families/" + id + "/members/new");
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    return id;
  }

  std::string add_goal(const std::string& family_id) {
    const std::string id = ids::new_uuid();
    EXPECT_TRUE(app_->db->with_write([&](store::Conn& c) -> Status {
      auto r = c.exec(
          "INSERT INTO goals (id, municipality_id, family_id, area, own_area, text, status, position, created_at, "
          "updated_at) VALUES ($1, $2, $3, 'participation', '', 'Barna skal være med på vinteraktiviteter.', 'active', "
          "0, $4, $4)",
          {id, muni_, family_id, clock_.now()});
      if (!r) return pass(r);
      return {};
    }));
    return id;
  }

  static std::string plan_version_of(const std::string& page) {
    std::smatch m;
    static const std::regex re(R"re(name="plan_version" value="([0-9]+)")re");
    return std::regex_search(page, m, re) ? std::string(m[1]) : std::string();
  }

  std::string make_sized_type(const std::string& name, const std::string& size) {
    equipment::ItemType t;
    t.id = ids::new_uuid();
    t.category = "ski";
    t.name = name;
    t.size = size;
    EXPECT_TRUE(app_->db->with_write([&](store::Conn& c) { return equipment::insert_type(c, muni_, t, clock_.now()); }));
    return t.id;
  }

  struct LoanLink {
    std::string family_id, measure_id, borrower_id;
  };
  std::vector<LoanLink> loans_of_family(const std::string& family_id) {
    auto rows = app_->db->read([&](store::Conn& c) {
      return c.query("SELECT family_id, measure_id, borrower_id FROM loans WHERE family_id = $1", {family_id});
    });
    EXPECT_TRUE(rows);
    std::vector<LoanLink> out;
    if (rows)
      for (const auto& r : *rows) out.push_back({r.text(0), r.text(1), r.text(2)});
    return out;
  }
};

TEST_F(PlanLinkTest, LendingSkisFromTheFamilysPlanAddsABorrowedMeasureLinkedToTheLoan) {
  login("koordinator");
  const std::string fid = create_family();
  const std::string goal = add_goal(fid);
  const std::string skis = make_sized_type("Langrennski", "130 cm");
  const std::string item = make_item(skis, "SKI-130");
  const std::string path = "/staff/families/" + fid + "/plan/equipment";
  auto form = get(path);
  ASSERT_EQ(form.status, 200) << form.body.substr(0, 2000);
  EXPECT_NE(form.body.find("Langrennski, 130 cm"), std::string::npos);
  auto r = post(path,
                {{"what", "loan"}, {"goal_id", goal}, {"type_id", skis}, {"quantity", "1"},
                 {"due_on", equipment::add_days(today(), 14)}, {"plan_version", plan_version_of(form.body)}},
                path);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  const auto links = loans_of_family(fid);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_FALSE(links[0].measure_id.empty());
  EXPECT_NE(r.header("Location").find(links[0].measure_id), std::string::npos);
  EXPECT_EQ(this->item(item).quantity_out, 1);
  // The borrower is the family's guardian, linked to the family.
  auto b = app_->db->read([&](store::Conn& c) { return equipment::get_borrower(c, muni_, links[0].borrower_id); });
  ASSERT_TRUE(b && *b);
  EXPECT_EQ((*b)->name, "Fatima Osman");
  EXPECT_EQ((*b)->family_id.value_or(""), fid);
  // The measure is in the family's plan.
  auto plan = get("/staff/families/" + fid + "/plan");
  ASSERT_EQ(plan.status, 200);
  EXPECT_NE(plan.body.find("Borrowed: 1 × Langrennski, 130 cm"), std::string::npos);
  EXPECT_NE(plan.body.find("measure-" + links[0].measure_id), std::string::npos);
  // And the equipment page of the family lists the loan.
  EXPECT_NE(get(path).body.find("SKI-130"), std::string::npos);
}

TEST_F(PlanLinkTest, HandingOutPassesFromThePlanAddsADoneMeasureAndTakesFromStock) {
  login("koordinator");
  const std::string fid = create_family();
  const std::string goal = add_goal(fid);
  equipment::PassBatch batch;
  batch.id = ids::new_uuid();
  batch.municipality_id = muni_;
  batch.kind = equipment::PassKind::swimming;
  batch.label = "Klippekort";
  batch.quantity = 10;
  batch.expires_on = equipment::add_days(today(), 100);
  batch.received_on = today();
  batch.created_by = user_;
  ASSERT_TRUE(app_->db->with_write([&](store::Conn& c) { return equipment::insert_pass_batch(c, batch, clock_.now()); }));
  const std::string path = "/staff/families/" + fid + "/plan/equipment";
  auto form = get(path);
  auto r = post(path,
                {{"what", "passes"}, {"goal_id", goal}, {"kind", "swimming"}, {"count", "4"},
                 {"plan_version", plan_version_of(form.body)}},
                path);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  auto handouts = app_->db->read([&](store::Conn& c) { return equipment::handouts_of_family(c, fid); });
  ASSERT_TRUE(handouts);
  ASSERT_EQ(handouts->size(), 1u);
  EXPECT_EQ(handouts->front().count, 4);
  ASSERT_TRUE(handouts->front().measure_id.has_value());
  auto plan = get("/staff/families/" + fid + "/plan");
  EXPECT_NE(plan.body.find("Passes: 4 × Swimming ticket"), std::string::npos);
  // More than is left: refused, no measure added.
  form = get(path);
  r = post(path,
           {{"what", "passes"}, {"goal_id", goal}, {"kind", "swimming"}, {"count", "7"},
            {"plan_version", plan_version_of(form.body)}},
           path);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("There are not that many valid passes left."), std::string::npos);
  EXPECT_EQ(get("/staff/families/" + fid + "/plan").body.find("Passes: 7"), std::string::npos);
}

TEST_F(PlanLinkTest, TheFormAsksForAGoalFirstAndSomeoneWithoutGroundsGets404) {
  login("koordinator");
  const std::string fid = create_family();
  const std::string path = "/staff/families/" + fid + "/plan/equipment";
  auto page = get(path);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("The plan has no active goal yet."), std::string::npos);
  jar_.clear();
  login("redaktor");
  EXPECT_EQ(get(path).status, 404);
}

}  // namespace
}  // namespace kp::test
