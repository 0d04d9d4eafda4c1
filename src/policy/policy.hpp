// Every access decision in one place. Routes declare a Permission when they are registered
// (a route cannot be added without one); handlers ask the resource-level functions below before
// touching a record. Capabilities add their own rules here (the family module adds
// consent-gated rules), so a reviewer reads one file to know who may do what.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kp::policy {

enum class Role { admin, editor, coordinator, service_employee, leader };
const char* to_string(Role r);
std::optional<Role> role_from_string(std::string_view s);

// Who is asking. Built by the dispatcher from the session; plain data.
struct Actor {
  std::string user_id;
  std::string username;
  std::string display_name;
  std::string municipality_id;
  std::set<Role> roles;
  std::vector<std::string> organization_ids;  // organisations an editor may edit
  bool has(Role r) const { return roles.count(r) > 0; }
};

// What a route needs before its handler runs.
enum class Permission {
  public_page,      // anyone, no login (public catalog, HSDS API, login form)
  signed_in,        // any staff member with a session (dashboard, own account)
  catalog_edit,     // editors and admins (offer pages; which offers is decided per record)
  catalog_admin,    // admins: organisations, categories, districts
  user_admin,       // admins: staff accounts and roles
  system_read,      // admins and leaders: audit log review, metrics
};
const char* to_string(Permission p);

enum class Decision { allow, need_login, forbidden, hidden };

// Route-level check. `hidden` is never returned here (routes are not secret);
// `need_login` when no actor and the permission needs one.
Decision check(const std::optional<Actor>& actor, Permission p);

// The facts about an offer that decide who may change it.
struct OfferFacts {
  std::string municipality_id;
  std::string organization_id;
};
// An admin may change any offer of their municipality; an editor only offers of their own
// organisations; nobody an offer of another municipality.
bool can_edit_offer(const Actor& actor, const OfferFacts& offer);
// Which organisations the actor may create offers for (empty for admin means "all").
bool can_create_offer_for(const Actor& actor, const std::string& municipality_id,
                          const std::string& organization_id);
// Organisations, categories and districts of the actor's own municipality.
bool can_admin_catalog(const Actor& actor, const std::string& municipality_id);
bool can_admin_users(const Actor& actor, const std::string& municipality_id);

}  // namespace kp::policy
