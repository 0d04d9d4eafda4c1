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
    case Permission::family_work: return "family_work";
    case Permission::family_intake: return "family_intake";
    case Permission::family_status: return "family_status";
    case Permission::family_read: return "family_read";
    case Permission::family_write: return "family_write";
    case Permission::family_manage: return "family_manage";
    case Permission::family_assign: return "family_assign";
    case Permission::family_export: return "family_export";
    case Permission::activity_manage: return "activity_manage";
    case Permission::activity_book: return "activity_book";
    case Permission::equipment_manage: return "equipment_manage";
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
    case Permission::family_work:
      return can_request_emergency_access(a) ? Decision::allow : Decision::forbidden;
    case Permission::family_intake:
      return a.has(Role::coordinator) || a.has(Role::leader) ? Decision::allow : Decision::forbidden;
    case Permission::family_status:
    case Permission::family_read:
    case Permission::family_write:
    case Permission::family_manage:
    case Permission::family_assign:
    case Permission::family_export:
      // Without a family role there are no grounds for any family: the same 404 as for a
      // family one may not see, decided here without loading anything.
      return can_request_emergency_access(a) ? Decision::allow : Decision::hidden;
    case Permission::activity_manage:
    case Permission::equipment_manage:
      return a.has(Role::admin) || a.has(Role::leader) || a.has(Role::coordinator) || a.has(Role::editor)
                 ? Decision::allow
                 : Decision::forbidden;
    case Permission::activity_book:
      return a.has(Role::coordinator) || a.has(Role::service_employee) ? Decision::allow : Decision::forbidden;
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

// ---- families --------------------------------------------------------------------------------

const std::vector<std::string>& services() {
  static const std::vector<std::string> all = {"hub",    "health",       "nav",     "child_welfare", "ppt",
                                               "school", "kindergarten", "culture", "voluntary"};
  return all;
}

bool is_service(std::string_view code) {
  const auto& all = services();
  return std::find(all.begin(), all.end(), code) != all.end();
}

bool is_family_record(Permission p) {
  switch (p) {
    case Permission::family_status:
    case Permission::family_read:
    case Permission::family_write:
    case Permission::family_manage:
    case Permission::family_assign:
    case Permission::family_export: return true;
    default: return false;
  }
}

const char* to_string(FamilyGrounds g) {
  switch (g) {
    case FamilyGrounds::none: return "none";
    case FamilyGrounds::status_only: return "status_only";
    case FamilyGrounds::emergency: return "emergency";
    case FamilyGrounds::team: return "team";
    case FamilyGrounds::coordinator: return "coordinator";
  }
  return "";
}

bool consent_covers(const std::vector<ConsentFacts>& consents, std::string_view service,
                    std::string_view today) {
  for (const auto& c : consents) {
    if (c.refused || c.withdrawn || !c.whole_family) continue;
    if (today < c.valid_from || c.valid_to < today) continue;
    if (std::find(c.services.begin(), c.services.end(), service) != c.services.end()) return true;
  }
  return false;
}

bool consent_covers_info(const std::vector<ConsentFacts>& consents, std::string_view service,
                         std::string_view kind, std::string_view today) {
  for (const auto& c : consents) {
    if (c.refused || c.withdrawn || !c.whole_family) continue;
    if (today < c.valid_from || c.valid_to < today) continue;
    if (std::find(c.services.begin(), c.services.end(), service) == c.services.end()) continue;
    if (std::find(c.info_kinds.begin(), c.info_kinds.end(), kind) != c.info_kinds.end()) return true;
  }
  return false;
}

std::string_view info_kind_of_route(std::string_view pattern) {
  constexpr std::string_view prefix = "/staff/families/{id:uuid}/";
  if (!pattern.starts_with(prefix)) return "basic";
  const std::string_view rest = pattern.substr(prefix.size());
  if (rest.starts_with("plan") || rest.starts_with("progress")) return "plan";
  if (rest.starts_with("meetings") || rest.starts_with("log")) return "log";
  if (rest.starts_with("income")) return "economy";
  return "basic";
}

bool can_request_emergency_access(const Actor& actor) {
  return actor.has(Role::coordinator) || actor.has(Role::service_employee) || actor.has(Role::leader);
}

FamilyGrounds family_grounds(const Actor& actor, const FamilyFacts& family, std::string_view today) {
  if (actor.municipality_id != family.municipality_id || actor.user_id.empty()) return FamilyGrounds::none;
  if (!can_request_emergency_access(actor)) return FamilyGrounds::none;
  if (!family.coordinator_id.empty() && family.coordinator_id == actor.user_id) return FamilyGrounds::coordinator;
  for (const auto& m : family.team)
    if (m.user_id == actor.user_id && consent_covers(family.consents, m.service, today))
      return FamilyGrounds::team;
  if (family.emergency_for_actor) return FamilyGrounds::emergency;
  if (actor.has(Role::leader)) return FamilyGrounds::status_only;
  return FamilyGrounds::none;
}

Decision family_decision(Permission p, FamilyGrounds g, bool closed) {
  const auto allow_if = [](bool ok) { return ok ? Decision::allow : Decision::hidden; };
  switch (p) {
    case Permission::family_status: return allow_if(g != FamilyGrounds::none);
    case Permission::family_read:
      return allow_if(g == FamilyGrounds::coordinator || g == FamilyGrounds::team || g == FamilyGrounds::emergency);
    case Permission::family_write:
      return allow_if(!closed && (g == FamilyGrounds::coordinator || g == FamilyGrounds::team ||
                                  g == FamilyGrounds::emergency));
    case Permission::family_manage: return allow_if(!closed && g == FamilyGrounds::coordinator);
    case Permission::family_assign:
      return allow_if(!closed && (g == FamilyGrounds::coordinator || g == FamilyGrounds::status_only));
    case Permission::family_export: return allow_if(g == FamilyGrounds::coordinator);
    default: return Decision::hidden;
  }
}

}  // namespace kp::policy
