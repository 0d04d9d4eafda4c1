// The equipment pool's figures: loans per month and category, borrowers, items needing
// maintenance, passes per kind and month — counts only.
#include <gtest/gtest.h>

#include "equipment/figures.hpp"
#include "equipment/pass_store.hpp"
#include "fixture.hpp"

namespace kp::test {
namespace {

using equipment::PassKind;

equipment::Loan loan_of(const std::string& borrower, const std::string& out_day, std::vector<std::string> categories,
                        bool open = false, const std::string& due = "2026-12-01") {
  equipment::Loan l;
  l.borrower_id = borrower;
  CivilDate d;
  parse_iso_date(out_day, d);
  l.out_at = from_oslo(LocalDateTime{d, 12, 0, 0});
  l.due_on = due;
  if (!open) l.returned_at = l.out_at + 86400;
  for (auto& c : categories) {
    equipment::LoanLine line;
    line.category = c;
    l.lines.push_back(line);
  }
  return l;
}

TEST(EquipmentFigures, CountsLoansPerMonthAndCategoryBorrowersAndPassesPerKind) {
  const std::string today = "2026-11-24";
  std::vector<equipment::Loan> loans = {
      loan_of("a", "2026-01-10", {"ski", "helmet"}), loan_of("a", "2026-01-20", {"ski"}),
      loan_of("b", "2026-06-02", {"bike", "helmet", "helmet"}), loan_of("c", "2026-11-20", {"tent"}, true),
      loan_of("d", "2025-10-01", {"ski"}),  // before the twelve months: not counted
  };
  std::vector<equipment::Loan> open = {loan_of("c", "2026-11-20", {"tent"}, true, "2026-11-23"),
                                       loan_of("e", "2026-11-22", {"bike"}, true, "2026-12-01")};
  std::vector<equipment::PassHandout> handouts(3);
  handouts[0].kind = PassKind::lift;
  handouts[0].count = 2;
  handouts[0].handed_out_on = "2026-01-15";
  handouts[1].kind = PassKind::lift;
  handouts[1].count = 3;
  handouts[1].handed_out_on = "2026-01-30";
  handouts[2].kind = PassKind::cinema;
  handouts[2].count = 1;
  handouts[2].handed_out_on = "2026-11-01";
  std::vector<equipment::Item> items(4);
  items[0].condition = equipment::Condition::needs_repair;
  items[1].maintenance_due = true;
  items[2].condition = equipment::Condition::retired;
  items[2].maintenance_due = true;  // retired: not counted at all
  items[3].created_at = from_oslo(LocalDateTime{{2026, 11, 1}, 12, 0, 0});

  const auto f = equipment::compute_figures(loans, open, handouts, items, today);
  EXPECT_EQ(equipment::figures_start(today), "2025-12-01");
  ASSERT_EQ(f.months.size(), 12u);
  EXPECT_EQ(f.months.front(), "2025-12");
  EXPECT_EQ(f.months.back(), "2026-11");
  EXPECT_EQ(f.loans_total, 4);
  EXPECT_EQ(f.borrowers, 3);
  EXPECT_EQ(f.loans.at({"2026-01", "ski"}), 2);
  EXPECT_EQ(f.loans.at({"2026-01", "helmet"}), 1);
  EXPECT_EQ(f.loans.at({"2026-06", "helmet"}), 1);  // two helmets in one loan: one loan
  EXPECT_EQ(f.loans_per_month.at("2026-01"), 2);
  EXPECT_EQ(f.open_loans, 2);
  EXPECT_EQ(f.overdue_loans, 1);
  EXPECT_EQ(f.items_total, 3);
  EXPECT_EQ(f.items_needing_maintenance, 2);
  EXPECT_EQ(f.passes.at({"2026-01", PassKind::lift}), 5);
  EXPECT_EQ(f.passes_per_kind.at(PassKind::cinema), 1);
  EXPECT_EQ(f.passes_total, 6);
  EXPECT_EQ(f.categories, (std::vector<std::string>{"ski", "helmet", "bike", "tent"}));
}

class FiguresPageTest : public EquipmentTest {
 protected:
  FiguresPageTest() { lang_ = "en"; }
};

TEST_F(FiguresPageTest, TheFiguresPageShowsCountsAndNoBorrowerNames) {
  const std::string type = make_type("Sykkel", false, std::nullopt, false, "bike");
  const std::string bike = make_item(type, "SYK-9");
  ASSERT_TRUE(lend(make_borrower("Olena Petrenko", "olena@example.no"), bike));
  login("koordinator");
  auto page = get("/staff/equipment/figures");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 2000);
  EXPECT_NE(page.body.find("Loans per month and category"), std::string::npos);
  EXPECT_NE(page.body.find("Bikes"), std::string::npos);
  EXPECT_NE(page.body.find("Passes and tickets handed out"), std::string::npos);
  EXPECT_EQ(page.body.find("Olena"), std::string::npos);
  EXPECT_EQ(page.body.find("Petrenko"), std::string::npos);
  EXPECT_EQ(page.body.find("Ola Nordmann"), std::string::npos);
}

}  // namespace
}  // namespace kp::test
