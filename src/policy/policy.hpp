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
  std::string service;  // the staff member's service (tjeneste), e.g. "health"; see services()
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
  family_work,      // coordinators, service employees, leaders: caseload, concerns, search
  family_intake,    // coordinators and leaders: the referral inbox, accepting families
  // Routes about one family ("/staff/families/{id}/…"). The route-level check only asks for a
  // family role; the dispatcher then asks family_decision() with the family's facts, and
  // answers 404 (hidden) when it says no, so a family's existence is never revealed.
  family_status,    // that the family exists and its status: leaders too
  family_read,      // the family's data: coordinator, consented team, emergency access
  family_write,     // change the family's data: as family_read, and the family is open
  family_manage,    // consent, team, closing: the coordinator only; emergency access does
                    // not give it
  family_assign,    // choose the coordinator: the coordinator and the hub's leaders
  family_export,    // all data about a person (GDPR art. 15), open or closed: the coordinator
                    // only — answering the family's own request is the coordinator's job
  activity_manage,  // run activities: create, participants, attendance, lottery, figures.
                    // Admins, leaders and coordinators for the municipality; editors only for
                    // offers of their own organisations (decided per record, see
                    // can_manage_activity in activity_policy.hpp)
  activity_book,    // book a quiet reserved place for a referred child: coordinators and
                    // service employees (the family's team)
  equipment_manage, // the equipment pool (utstyrslager): items, loans, passes, maintenance.
                    // Admins, leaders, coordinators and editors (volunteer centres run pools)
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

// ---- families --------------------------------------------------------------------------------

// The services consent can be given to, in display order (codes stored in the database).
const std::vector<std::string>& services();
bool is_service(std::string_view code);
// True for the family-record permissions (family_status … family_manage).
bool is_family_record(Permission p);

// A consent as far as access is concerned. Dates are ISO 'YYYY-MM-DD' (compare as text).
struct ConsentFacts {
  std::vector<std::string> services;
  std::string valid_from, valid_to;  // inclusive
  bool refused = false;
  bool withdrawn = false;
  bool whole_family = true;          // false: a young person's own consent (covers only them)
  std::vector<std::string> info_kinds;  // kinds of information it covers ("basic", "plan", "log" …)
};
struct TeamMember {
  std::string user_id;
  std::string service;
};
// The facts about one family that decide who may see it. Loaded by families::load_facts.
struct FamilyFacts {
  std::string id;
  std::string municipality_id;
  std::string coordinator_id;
  bool closed = false;
  std::vector<TeamMember> team;
  std::vector<ConsentFacts> consents;
  bool emergency_for_actor = false;  // the actor holds an unexpired emergency grant
};

// Why someone may look at a family, strongest first.
enum class FamilyGrounds {
  none,         // nothing: the family does not exist for them
  status_only,  // a leader of the hub: existence and status, not the content
  emergency,    // nødtilgang with a stated reason, time-limited, reviewed by a leader
  team,         // a team member whose service a valid consent covers
  coordinator,  // the family's coordinator (stafettholder)
};
const char* to_string(FamilyGrounds g);

// Does a valid consent (on `today`, ISO date) cover `service`? Refused, withdrawn and expired
// consents cover nothing; only whole-family consents open the family as a whole.
bool consent_covers(const std::vector<ConsentFacts>& consents, std::string_view service,
                    std::string_view today);
// Does a valid whole-family consent cover both `service` and the kind of information `kind`?
// A team member sees a page only when the consent covers what the page shows.
bool consent_covers_info(const std::vector<ConsentFacts>& consents, std::string_view service,
                         std::string_view kind, std::string_view today);
// The kind of information a family page shows, from its route pattern: "plan", "log",
// "economy" or "basic" (the household, people, consent and access log).
std::string_view info_kind_of_route(std::string_view pattern);
// The actor's grounds for this family on `today`. Other municipalities: none. Admins and
// editors get nothing from their role: need-to-know, not rank.
FamilyGrounds family_grounds(const Actor& actor, const FamilyFacts& family, std::string_view today);
// The decision for a family-record route: allow, or hidden (→ 404) — never forbidden, so a
// family's existence is not revealed to anyone without grounds.
Decision family_decision(Permission p, FamilyGrounds g, bool closed);
// May the actor use emergency access at all (staff in family work, not admins by rank)?
bool can_request_emergency_access(const Actor& actor);

}  // namespace kp::policy
