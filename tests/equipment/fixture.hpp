// Shared setup of the equipment tests: a fresh demo database (AppTest) plus helpers that make
// item types, items and borrowers and lend through the store, the way the pages do.
#pragma once
#include <gtest/gtest.h>

#include "app/app_client.hpp"
#include "core/ids.hpp"
#include "equipment/loan_store.hpp"
#include "equipment/maintenance_store.hpp"
#include "equipment/rules.hpp"
#include "equipment/store.hpp"

namespace kp::test {

class EquipmentTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    auto row = app_->db->read([](store::Conn& c) -> Result<std::pair<std::string, std::string>> {
      auto r = c.query_one("SELECT municipality_id, id FROM users WHERE username = 'koordinator'");
      if (!r) return pass(r);
      if (!*r) return not_found();
      return std::make_pair((*r)->text(0), (*r)->text(1));
    });
    ASSERT_TRUE(row);
    muni_ = row->first;
    user_ = row->second;
  }

  // The one number `sql` (with $1 = arg) returns.
  std::int64_t scalar(const std::string& sql, const std::string& arg) {
    auto n = app_->db->read([&](store::Conn& c) -> Result<std::int64_t> {
      auto r = c.query_one(sql, {arg});
      if (!r) return pass(r);
      return (*r)->integer(0);
    });
    EXPECT_TRUE(n);
    return n ? *n : -1;
  }

  std::string today() const { return equipment::today_iso(clock_); }

  std::string make_type(const std::string& name, bool after_each_loan, std::optional<int> every_months = {},
                        bool counted = false, const std::string& category = "ski") {
    equipment::ItemType t;
    t.id = ids::new_uuid();
    t.category = category;
    t.name = name;
    t.counted = counted;
    t.maintenance_after_each_loan = after_each_loan;
    t.maintenance_every_months = every_months;
    EXPECT_TRUE(app_->db->with_write([&](store::Conn& c) { return equipment::insert_type(c, muni_, t, clock_.now()); }));
    return t.id;
  }

  std::string make_item(const std::string& type_id, const std::string& number, std::int64_t quantity = 1) {
    equipment::Item i;
    i.id = ids::new_uuid();
    i.type_id = type_id;
    i.number = number;
    i.quantity = quantity;
    EXPECT_TRUE(app_->db->with_write([&](store::Conn& c) { return equipment::insert_item(c, muni_, i, clock_.now()); }));
    return i.id;
  }

  std::string make_borrower(const std::string& name = "Kari Nordmann", const std::string& email = "kari@example.no") {
    equipment::Borrower b;
    b.id = ids::new_uuid();
    b.name = name;
    b.phone = "912 34 567";
    b.email = email;
    b.language = "nb";
    EXPECT_TRUE(app_->db->with_write([&](store::Conn& c) { return equipment::insert_borrower(c, muni_, b, clock_.now()); }));
    return b.id;
  }

  // Lends `quantity` of the item to the borrower, due in `days`; returns the loan id or the error.
  Result<std::string> lend(const std::string& borrower_id, const std::string& item_id, int days = 14,
                           std::int64_t quantity = 1) {
    equipment::LendRequest r;
    r.municipality_id = muni_;
    r.loan_id = ids::new_uuid();
    r.borrower_id = borrower_id;
    r.lines.push_back(equipment::LoanLine{item_id, quantity, "", "", "", ""});
    r.children.push_back(equipment::CoBorrower{"Ola Nordmann", 2016});
    r.due_on = equipment::add_days(today(), days);
    r.created_by = user_;
    r.block_days = app_->settings.loan_block_overdue_days;
    auto st = app_->db->with_write([&](store::Conn& c) { return equipment::lend(c, r, today(), clock_.now()); });
    if (!st) return pass(st);
    return r.loan_id;
  }

  Status give_back(const std::string& loan_id, const std::string& item_id,
                   equipment::Condition condition = equipment::Condition::good) {
    return app_->db->with_write([&](store::Conn& c) {
      return equipment::return_loan(c, muni_, loan_id, {{item_id, condition}}, user_, clock_.now());
    });
  }

  Status maintain(const std::string& item_id, std::optional<equipment::Condition> after = {}) {
    equipment::MaintenanceRecord m;
    m.id = ids::new_uuid();
    m.item_id = item_id;
    m.done_on = today();
    m.what = "Waxed and checked the bindings";
    m.cost_ore = 15000;
    m.done_by_name = "Frivilligsentralen";
    m.recorded_by = user_;
    return app_->db->with_write(
        [&](store::Conn& c) { return equipment::record_maintenance(c, muni_, m, after, clock_.now()); });
  }

  equipment::Item item(const std::string& id) {
    auto i = app_->db->read([&](store::Conn& c) { return equipment::get_item(c, muni_, id); });
    EXPECT_TRUE(i && *i);
    return i && *i ? **i : equipment::Item{};
  }

  static constexpr std::int64_t kDay = 86400;
  std::string muni_, user_;
};

}  // namespace kp::test
