// Record-level rules for activities (aktiviteter). The route-level Permission::activity_manage
// lets admins, leaders, coordinators and editors in; these functions decide which activity
// records each of them may run, and who may see that a participant holds a quiet reserved place.
#pragma once
#include <string>

#include "policy/policy.hpp"

namespace kp::policy {

// The facts about an activity that decide who may run it: its municipality and the
// organisation that owns the catalog offer it belongs to.
struct ActivityFacts {
  std::string municipality_id;
  std::string offer_organization_id;
};

// Admins, leaders and coordinators may run every activity of their municipality; editors only
// activities whose offer belongs to one of their organisations (as policy::can_edit_offer);
// nobody an activity of another municipality. Pure, thread-safe.
bool can_manage_activity(const Actor& actor, const ActivityFacts& activity);

// May the actor create an activity on an offer of `offer_organization_id`? Same rule as
// can_manage_activity. Pure, thread-safe.
bool can_create_activity_for(const Actor& actor, const std::string& municipality_id,
                             const std::string& offer_organization_id);

// May the actor see that a participant holds a referred (reserved) place? Only the staff member
// who booked it, and the family's coordinator or a team member whose service a valid consent
// covers (`grounds`, from family_grounds with the family's facts). Organisers, leaders, admins
// and emergency access see the child as an ordinary participant. Pure, thread-safe.
bool can_see_referral(const Actor& actor, const std::string& booked_by, FamilyGrounds grounds);

// May the actor book a quiet reserved place for a child of this family? The family's
// coordinator or a consented team member (not emergency access, not leaders by rank), while
// the family is open. Pure, thread-safe.
bool can_book_for_family(const Actor& actor, FamilyGrounds grounds, bool family_closed);

}  // namespace kp::policy
