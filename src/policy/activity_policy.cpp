#include "policy/activity_policy.hpp"

#include <algorithm>

namespace kp::policy {

bool can_manage_activity(const Actor& actor, const ActivityFacts& activity) {
  if (actor.user_id.empty() || actor.municipality_id != activity.municipality_id) return false;
  if (actor.has(Role::admin) || actor.has(Role::leader) || actor.has(Role::coordinator)) return true;
  if (!actor.has(Role::editor)) return false;
  return std::find(actor.organization_ids.begin(), actor.organization_ids.end(), activity.offer_organization_id) !=
         actor.organization_ids.end();
}

bool can_create_activity_for(const Actor& actor, const std::string& municipality_id,
                             const std::string& offer_organization_id) {
  return can_manage_activity(actor, ActivityFacts{municipality_id, offer_organization_id});
}

bool can_see_referral(const Actor& actor, const std::string& booked_by, FamilyGrounds grounds) {
  if (actor.user_id.empty()) return false;
  if (!booked_by.empty() && booked_by == actor.user_id) return true;
  return grounds == FamilyGrounds::coordinator || grounds == FamilyGrounds::team;
}

bool can_book_for_family(const Actor& actor, FamilyGrounds grounds, bool family_closed) {
  if (family_closed) return false;
  if (!actor.has(Role::coordinator) && !actor.has(Role::service_employee)) return false;
  return grounds == FamilyGrounds::coordinator || grounds == FamilyGrounds::team;
}

}  // namespace kp::policy
