// The public "what can be borrowed now" page and reservation requests: the form, staff's
// answer through the outbox in the requester's language, and pick-up turning into a loan.
#include <gtest/gtest.h>

#include <regex>

#include "equipment/reservation_store.hpp"
#include "fixture.hpp"

namespace kp::test {
namespace {

class ReservationTest : public EquipmentTest {
 protected:
  ReservationTest() { lang_ = "en"; }

  std::string make_sized_type(const std::string& name, const std::string& size, const std::string& category,
                              bool is_public = true, bool after_each_loan = false) {
    equipment::ItemType t;
    t.id = ids::new_uuid();
    t.category = category;
    t.name = name;
    t.size = size;
    t.is_public = is_public;
    t.maintenance_after_each_loan = after_each_loan;
    EXPECT_TRUE(app_->db->with_write([&](store::Conn& c) { return equipment::insert_type(c, muni_, t, clock_.now()); }));
    return t.id;
  }

  std::string from_day(int days) const { return equipment::add_days(today(), days); }

  // Sends the public form as a visitor (no login) and returns the reply.
  Reply request_reservation(std::vector<std::pair<std::string, std::string>> fields) {
    return post("/equipment/reserve", std::move(fields), "/equipment/reserve");
  }

  std::vector<std::pair<std::string, std::string>> valid_fields(const std::string& type_id,
                                                                const std::string& language = "en") {
    return {{"type_id", type_id},   {"quantity", "1"},          {"from_date", from_day(2)},
            {"to_date", from_day(5)}, {"name", "Amina Rahimi"}, {"phone", "400 77 123"},
            {"email", "amina@example.no"}, {"language", language}, {"children", "Yara Rahimi"}};
  }

  std::vector<equipment::Reservation> reservations() {
    auto r = app_->db->read([&](store::Conn& c) { return equipment::list_reservations(c, muni_, std::nullopt); });
    EXPECT_TRUE(r);
    return r ? *r : std::vector<equipment::Reservation>{};
  }

  struct Message {
    std::string language, subject, body, recipient, kind;
  };
  std::vector<Message> outbox_for(const std::string& related_id) {
    auto rows = app_->db->read([&](store::Conn& c) {
      return c.query("SELECT language, subject, body, recipient, kind FROM outbox WHERE related_id = $1", {related_id});
    });
    EXPECT_TRUE(rows);
    std::vector<Message> out;
    if (rows)
      for (const auto& r : *rows) out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4)});
    return out;
  }
};

TEST_F(ReservationTest, ThePublicSeesHowManyCanBeBorrowedNowAndNeverWhoHasThem) {
  const std::string skis = make_sized_type("Langrennski", "150 cm", "ski");
  const std::string a = make_item(skis, "SKI-101");
  make_item(skis, "SKI-102");
  make_item(skis, "SKI-103");
  const std::string hidden = make_sized_type("Verkstedutstyr", "", "other", false);
  make_item(hidden, "VERK-1");
  ASSERT_TRUE(lend(make_borrower("Kari Nordmann", "kari@example.no"), a));

  auto page = get("/equipment");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 2000);
  EXPECT_NE(page.body.find("Langrennski"), std::string::npos);
  EXPECT_NE(page.body.find("150 cm"), std::string::npos);
  EXPECT_NE(page.body.find("2 available"), std::string::npos);
  EXPECT_NE(page.body.find("<h2"), std::string::npos);  // grouped by category
  // Counts only: not the borrower, their contact, the children or which item is out.
  for (const char* secret : {"Kari", "Nordmann", "kari@example.no", "912 34 567", "Ola Nordmann", "SKI-101"})
    EXPECT_EQ(page.body.find(secret), std::string::npos) << secret;
  // Types staff keep off the public page are not shown.
  EXPECT_EQ(page.body.find("Verkstedutstyr"), std::string::npos);
}

TEST_F(ReservationTest, AnItemWhoseMaintenanceIsDueIsNotCountedAsAvailable) {
  const std::string skates = make_sized_type("Skøyter", "36", "skates", true, true);
  const std::string item = make_item(skates, "SKO-036");
  auto loan = lend(make_borrower(), item);
  ASSERT_TRUE(loan);
  ASSERT_TRUE(give_back(*loan, item));  // after-each-loan plan: maintenance now due
  auto page = get("/equipment");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Skøyter"), std::string::npos);
  EXPECT_EQ(page.body.find("1 available"), std::string::npos);
  EXPECT_NE(page.body.find("None right now"), std::string::npos);
}

TEST_F(ReservationTest, AReservationRequestWithMissingAnswersShowsAnErrorAtEachField) {
  make_sized_type("Telt for 2", "", "tent");
  auto r = request_reservation({{"from_date", "24.12"}, {"to_date", ""}, {"email", "not-an-address"}});
  EXPECT_EQ(r.status, 400);
  for (const char* field : {"type_id", "from_date", "to_date", "name", "email"})
    EXPECT_NE(r.body.find(std::string("href=\"#f-") + field + "\""), std::string::npos) << field;
  EXPECT_TRUE(reservations().empty());
  // A return day before the pick-up day, and a pick-up day in the past.
  const std::string tent = make_sized_type("Telt for 4", "", "tent");
  auto fields = valid_fields(tent);
  fields[2].second = from_day(-1);
  r = request_reservation(fields);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("The pick-up day cannot be in the past."), std::string::npos);
  fields = valid_fields(tent);
  fields[3].second = from_day(1);
  r = request_reservation(fields);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("The return day must be on or after the pick-up day."), std::string::npos);
  EXPECT_TRUE(reservations().empty());
}

TEST_F(ReservationTest, TheReceiptShowsACodeAndNothingOfWhatWasTyped) {
  const std::string bike = make_sized_type("Sykkel", "24\"", "bike");
  make_item(bike, "SYK-001");
  auto r = request_reservation(valid_fields(bike));
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 3000);
  const auto list = reservations();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].status, equipment::ReservationStatus::requested);
  EXPECT_NE(r.body.find(list[0].receipt), std::string::npos);
  for (const char* typed : {"Amina", "Rahimi", "400 77 123", "amina@example.no", "Yara"})
    EXPECT_EQ(r.body.find(typed), std::string::npos) << typed;
  EXPECT_NE(r.header("Cache-Control").find("no-store"), std::string::npos);
}

TEST_F(ReservationTest, ConfirmingSendsTheAnswerInTheRequestersLanguageAndPickUpMakesTheLoan) {
  const std::string bike = make_sized_type("Sykkel", "24\"", "bike");
  const std::string item = make_item(bike, "SYK-024");
  ASSERT_EQ(request_reservation(valid_fields(bike, "en")).status, 200);
  const auto list = reservations();
  ASSERT_EQ(list.size(), 1u);
  const std::string id = list[0].id;

  // Staff work in Norwegian; the requester asked for English.
  lang_ = "nb";
  login("koordinator");
  auto page = get("/staff/equipment/reservations");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Amina Rahimi"), std::string::npos);
  auto r = post("/staff/equipment/reservations/" + id + "/confirm", {}, "/staff/equipment/reservations");
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  const auto messages = outbox_for(id);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].language, "en");
  EXPECT_EQ(messages[0].kind, "reservation");
  EXPECT_EQ(messages[0].recipient, "amina@example.no");
  EXPECT_EQ(messages[0].subject, "Your reservation is confirmed");
  EXPECT_NE(messages[0].body.find(list[0].receipt), std::string::npos);
  // Answering twice is refused: it is already confirmed.
  r = post("/staff/equipment/reservations/" + id + "/confirm", {}, "/staff/equipment/reservations");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(outbox_for(id).size(), 1u);

  // Pick-up: the reservation becomes a loan of the bike to a borrower made from the request.
  r = post("/staff/equipment/reservations/" + id + "/pickup", {}, "/staff/equipment/reservations");
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  EXPECT_TRUE(r.header("Location").starts_with("/staff/equipment/loans/"));
  const auto after = reservations();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].status, equipment::ReservationStatus::picked_up);
  ASSERT_TRUE(after[0].loan_id.has_value());
  auto loan = app_->db->read([&](store::Conn& c) { return equipment::get_loan(c, muni_, *after[0].loan_id); });
  ASSERT_TRUE(loan && *loan);
  EXPECT_EQ((*loan)->borrower_name, "Amina Rahimi");
  ASSERT_EQ((*loan)->lines.size(), 1u);
  EXPECT_EQ((*loan)->lines[0].item_id, item);
  EXPECT_EQ((*loan)->due_on, from_day(5));
  EXPECT_EQ(this->item(item).quantity_out, 1);
}

TEST_F(ReservationTest, DecliningSendsTheAnswerAndPickUpFollowsTheLendingRules) {
  const std::string tent = make_sized_type("Telt for 2", "", "tent", true, true);
  const std::string item = make_item(tent, "TEL-001");
  ASSERT_EQ(request_reservation(valid_fields(tent, "uk")).status, 200);
  ASSERT_EQ(request_reservation(valid_fields(tent, "en")).status, 200);
  auto list = reservations();
  ASSERT_EQ(list.size(), 2u);
  const std::string declined = list[0].language == "uk" ? list[0].id : list[1].id;
  const std::string confirmed = list[0].language == "uk" ? list[1].id : list[0].id;
  login("koordinator");
  ASSERT_EQ(post("/staff/equipment/reservations/" + declined + "/decline", {}, "/staff/equipment/reservations").status,
            303);
  auto messages = outbox_for(declined);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].language, "uk");
  ASSERT_EQ(post("/staff/equipment/reservations/" + confirmed + "/confirm", {}, "/staff/equipment/reservations").status,
            303);
  // The only tent came back and waits for maintenance (after-each-loan plan): no loan at pick-up.
  auto loan = lend(make_borrower(), item);
  ASSERT_TRUE(loan);
  ASSERT_TRUE(give_back(*loan, item));
  auto r = post("/staff/equipment/reservations/" + confirmed + "/pickup", {}, "/staff/equipment/reservations");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Not enough of this equipment can be lent now."), std::string::npos);
  list = reservations();
  for (const auto& x : list)
    if (x.id == confirmed) {
      EXPECT_EQ(x.status, equipment::ReservationStatus::confirmed);
    }
  // After maintenance it goes out.
  ASSERT_TRUE(maintain(item));
  r = post("/staff/equipment/reservations/" + confirmed + "/pickup", {}, "/staff/equipment/reservations");
  EXPECT_EQ(r.status, 303) << r.body.substr(0, 2000);
  // A declined request cannot be picked up.
  r = post("/staff/equipment/reservations/" + declined + "/pickup", {}, "/staff/equipment/reservations");
  EXPECT_EQ(r.status, 409);
}

TEST_F(ReservationTest, TooManyRequestsFromOneConnectionAreRefusedForAnHour) {
  make_sized_type("Hjelm", "M", "helmet");
  int refused = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = request_reservation({{"name", "Test"}});
    if (r.status == 429) ++refused;
  }
  EXPECT_EQ(refused, 2);
}

}  // namespace
}  // namespace kp::test
