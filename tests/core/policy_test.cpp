#include <gtest/gtest.h>

#include "policy/policy.hpp"

using namespace kp::policy;

namespace {
Actor make(std::set<Role> roles, std::vector<std::string> orgs = {}) {
  Actor a;
  a.user_id = "u";
  a.municipality_id = "9999";
  a.roles = std::move(roles);
  a.organization_ids = std::move(orgs);
  return a;
}
}  // namespace

TEST(Policy, RouteLevelDecisions) {
  EXPECT_EQ(check(std::nullopt, Permission::public_page), Decision::allow);
  EXPECT_EQ(check(std::nullopt, Permission::signed_in), Decision::need_login);
  EXPECT_EQ(check(std::nullopt, Permission::catalog_edit), Decision::need_login);
  EXPECT_EQ(check(make({Role::coordinator}), Permission::catalog_edit), Decision::forbidden);
  EXPECT_EQ(check(make({Role::editor}), Permission::catalog_edit), Decision::allow);
  EXPECT_EQ(check(make({Role::editor}), Permission::catalog_admin), Decision::forbidden);
  EXPECT_EQ(check(make({Role::admin}), Permission::user_admin), Decision::allow);
  EXPECT_EQ(check(make({Role::leader}), Permission::system_read), Decision::allow);
  EXPECT_EQ(check(make({Role::service_employee}), Permission::system_read), Decision::forbidden);
}

TEST(Policy, EditorChangesOnlyOffersOfOwnOrganisations) {
  Actor ed = make({Role::editor}, {"org-a"});
  EXPECT_TRUE(can_edit_offer(ed, {"9999", "org-a"}));
  EXPECT_FALSE(can_edit_offer(ed, {"9999", "org-b"}));
  EXPECT_FALSE(can_edit_offer(ed, {"1234", "org-a"}));  // another municipality
  Actor admin = make({Role::admin});
  EXPECT_TRUE(can_edit_offer(admin, {"9999", "org-b"}));
  EXPECT_FALSE(can_edit_offer(admin, {"1234", "org-b"}));
  EXPECT_FALSE(can_edit_offer(make({Role::coordinator}), {"9999", "org-a"}));
}
