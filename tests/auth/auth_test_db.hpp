// A migrated test database (SQLite by default; see store/test_db.hpp) with one fictional
// municipality, a ManualClock and helpers to create users.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "auth/accounts.hpp"
#include "core/crypto.hpp"
#include "store/test_db.hpp"

namespace kp::auth::test {

inline constexpr UnixSeconds kStart = 1'800'000'000;
inline constexpr const char* kMunicipality = "9999";
// Long enough for a single-factor account and on no blocklist.
inline constexpr const char* kPassword = "grønne epler i kurven";

class AuthDbTest : public kp::test::StoreTest {
 protected:
  void SetUp() override {
    kp::test::StoreTest::SetUp();
    kp::crypto::init();
    db = open();
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->with_write([](store::Conn& c) -> Status {
      KP_TRY(c.exec(
          "INSERT INTO municipalities(id, name, name_sort, created_at) VALUES ($1, $2, $3, 0)",
          {std::string(kMunicipality), std::string("Eksempel kommune"),
           std::string("eksempel kommune")}));
      return {};
    }));
  }

  NewUser new_user(std::string username, std::string display_name = "Kari Nordmann") {
    NewUser u;
    u.municipality_id = kMunicipality;
    u.username = std::move(username);
    u.display_name = std::move(display_name);
    u.email = "kari@example.org";
    u.password = kPassword;
    u.roles = {Role::editor};
    return u;
  }

  User make_user(std::string username, bool totp_required = false) {
    NewUser u = new_user(std::move(username));
    u.totp_required = totp_required;
    auto user = create_user(*db, clock, u);
    EXPECT_TRUE(user) << user.error().message << " / " << user.error().detail;
    return user ? *user : User{};
  }

  // Rows of a query, failing the test on error.
  store::Rows rows(const char* sql, store::Params params = {}) {
    auto r = db->read([&](store::Conn& c) { return c.query(sql, params); });
    EXPECT_TRUE(r) << r.error().detail;
    return r ? std::move(*r) : store::Rows{};
  }

  ManualClock clock{kStart};
  std::unique_ptr<store::Database> db;
};

}  // namespace kp::auth::test
