#include "policy/policy.hpp"

#include <algorithm>

namespace kp::policy {

const char* to_string(Role r) {
  switch (r) {
    case Role::admin: return "admin";
    case Role::editor: return "editor";
    case Role::coordinator: return "coordinator";
    case Role::service_employee: return "service_employee";
    case Role::leader: return "leader";
  }
  return "";
}

std::optional<Role> role_from_string(std::string_view s) {
  for (Role r : {Role::admin, Role::editor, Role::coordinator, Role::service_employee, Role::leader})
    if (s == to_string(r)) return r;
  return std::nullopt;
}

const char* to_string(Permission p) {
  switch (p) {
    case Permission::public_page: return "public_page";
    case Permission::signed_in: return "signed_in";
    case Permission::catalog_edit: return "catalog_edit";
    case Permission::catalog_admin: return "catalog_admin";
    case Permission::user_admin: return "user_admin";
    case Permission::system_read: return "system_read";
  }
  return "";
}

Decision check(const std::optional<Actor>& actor, Permission p) {
  if (p == Permission::public_page) return Decision::allow;
  if (!actor) return Decision::need_login;
  const Actor& a = *actor;
  switch (p) {
    case Permission::public_page:
    case Permission::signed_in: return Decision::allow;
    case Permission::catalog_edit:
      return a.has(Role::admin) || a.has(Role::editor) ? Decision::allow : Decision::forbidden;
    case Permission::catalog_admin:
    case Permission::user_admin:
      return a.has(Role::admin) ? Decision::allow : Decision::forbidden;
    case Permission::system_read:
      return a.has(Role::admin) || a.has(Role::leader) ? Decision::allow : Decision::forbidden;
  }
  return Decision::forbidden;
}

bool can_edit_offer(const Actor& actor, const OfferFacts& offer) {
  if (actor.municipality_id != offer.municipality_id) return false;
  if (actor.has(Role::admin)) return true;
  if (!actor.has(Role::editor)) return false;
  return std::find(actor.organization_ids.begin(), actor.organization_ids.end(),
                   offer.organization_id) != actor.organization_ids.end();
}

bool can_create_offer_for(const Actor& actor, const std::string& municipality_id,
                          const std::string& organization_id) {
  return can_edit_offer(actor, OfferFacts{municipality_id, organization_id});
}

bool can_admin_catalog(const Actor& actor, const std::string& municipality_id) {
  return actor.has(Role::admin) && actor.municipality_id == municipality_id;
}

bool can_admin_users(const Actor& actor, const std::string& municipality_id) {
  return actor.has(Role::admin) && actor.municipality_id == municipality_id;
}

}  // namespace kp::policy
