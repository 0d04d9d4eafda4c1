// A new staff account in the demo municipality, signed in with the demo password — for tests
// that need a colleague the demo data does not have.
#pragma once
#include <gtest/gtest.h>

#include <string>

#include "app/app.hpp"
#include "app/demo_users.hpp"
#include "auth/accounts.hpp"
#include "catalog/demo.hpp"

namespace kp::test {

// Creates the account and returns its id ("" after a failed assertion).
inline std::string add_staff(app::App& app, const Clock& clock, const std::string& username,
                             const std::string& display_name, auth::Role role) {
  auth::NewUser u;
  u.municipality_id = catalog::kDemoMunicipalityId;
  u.username = username;
  u.display_name = display_name;
  u.password = app::kDemoPassword;
  u.roles = {role};
  auto created = auth::create_user(*app.db, clock, u);
  EXPECT_TRUE(created) << (created ? "" : created.error().message);
  return created ? created->id : std::string();
}

}  // namespace kp::test
