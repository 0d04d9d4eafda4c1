// The coordinator's day (GET /staff/caseload) and the leader's view of it per coordinator: the
// store-side queries behind both. Everything a coordinator's caseload shows is read through the
// per-family indexes (measures_family, consents_family, meetings_family, the families primary
// key) from the actor's own families, so the page costs the same whether the municipality
// follows a hundred families or ten thousand, and the million-row family_log is never read.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "families/consent_store.hpp"
#include "families/log_store.hpp"
#include "families/plan.hpp"
#include "policy/policy.hpp"
#include "store/database.hpp"

namespace kp::families {

// The dates and moments that decide what counts as overdue, expiring, waiting and quiet.
struct CaseloadWindow {
  std::string today;                     // ISO date in Oslo
  std::string consent_until;             // consents whose last day is at most this (inclusive)
  std::string meetings_until;            // meetings from today up to this date (inclusive)
  UnixSeconds referral_older_than = 0;   // referrals requested before this have waited too long
  UnixSeconds contact_since = 0;         // no contact since this moment: a quiet family
};
// The window for `now` from the settings' day and week counts; meetings look 14 days ahead.
CaseloadWindow caseload_window(UnixSeconds now, int consent_warning_days, int referral_warning_days,
                               int no_contact_weeks, int meeting_days = 14);

// A family in the actor's caseload.
struct CaseloadFamily {
  std::string id;
  std::string reference;
  std::string name;
  bool coordinator = false;  // the actor is its coordinator (otherwise on its team)
  int bti_level = 0;
  UnixSeconds opened_at = 0;
  std::optional<UnixSeconds> last_contact_at;
};

// Everything "My caseload" shows; every row belongs to one of `families`.
struct Caseload {
  std::vector<CaseloadFamily> families;   // Norwegian name order
  std::vector<OverdueMeasure> overdue;    // earliest deadline first
  std::vector<ExpiringConsent> expiring;  // earliest last day first
  std::vector<WaitingReferral> waiting;   // longest waiting first
  std::vector<UpcomingMeeting> meetings;  // soonest first
  std::vector<QuietFamily> quiet;         // longest silent first
};

// A family in the actor's caseload and what of it they may see.
struct CaseloadAccess {
  std::string family_id;
  bool coordinator = false;  // the actor is its coordinator (otherwise on its team)
  // A team member sees only the kinds of information the family's consent covers for their
  // service (as families::guard decides for the family's pages): the plan (measures,
  // referrals) and the log (meetings). The coordinator sees everything.
  bool plan = false;
  bool log = false;
};

// The open families the actor works in: those they coordinate, or whose team they are on with a
// valid consent covering their service (policy::family_grounds on `today`). Families the actor
// holds only emergency access to are left out on purpose: nødtilgang is a look in an acute
// situation, not a caseload.
Result<std::vector<CaseloadAccess>> caseload_family_ids(store::Conn& c, const policy::Actor& actor,
                                                        const std::string& today, UnixSeconds now);

// The caseload of the given families (from caseload_family_ids). Follows the same rules as
// the municipality-wide lists in plan_store.hpp and consent_store.hpp: overdue measures are
// planned or in progress, of active goals, with a deadline before today; a waiting referral is
// still "requested" since before the window and its measure not dropped; an expiring consent is
// a whole-family consent, given and not withdrawn, whose last day is in [today, consent_until]
// and that no later consent for the family already renews; a quiet family has had no contact
// (or, with none, was opened) before contact_since. Measures and referrals only where `plan`,
// meetings only where `log` is allowed.
// Five statements over all of the actor's families (not per family), so the page's cost barely
// grows with the caseload; a family missing from `families` is not shown.
Result<Caseload> load_caseload(store::Conn& c, const policy::Actor& actor, const std::vector<CaseloadAccess>& families,
                               const CaseloadWindow& w);

// The municipality's family_data_version (0 when it has none yet): triggers bump it with every
// change of what a caseload shows (migration 0011), so a caseload computed at this version is
// current while it is unchanged (families::CaseloadCache).
Result<std::int64_t> family_data_version(store::Conn& c, const std::string& municipality_id);

// One coordinator's load, as counts only (what a leader may see: status, not content).
struct CoordinatorLoad {
  std::string coordinator_id;  // "" for open families without an active coordinator
  std::string name;            // display name; "" for the row without a coordinator
  std::int64_t open_families = 0;
  std::int64_t overdue_measures = 0;
  std::int64_t expiring_consents = 0;
  std::int64_t quiet_families = 0;
};
// Every active coordinator of the municipality (also those with no family) in name order, then a
// row for open families without one (none chosen, or the account is disabled or no longer a
// coordinator) when there are any. Counts by the rules of
// load_caseload, over the municipality's open families.
Result<std::vector<CoordinatorLoad>> team_caseload(store::Conn& c, const std::string& municipality_id,
                                                   const CaseloadWindow& w);

// ---- the leader's review of emergency access ------------------------------------------------

// One use of nødtilgang, as a leader reviews it.
struct EmergencyGrant {
  std::string id;
  std::string family_id;
  std::string reference;        // the family's case number: a reviewer needs no more
  std::string user_id;
  std::string user_name;
  std::string user_service;
  std::string reason;
  UnixSeconds granted_at = 0;
  UnixSeconds expires_at = 0;
  std::optional<UnixSeconds> reviewed_at;
  std::string reviewed_by_name;
  std::string review_note;
  std::int64_t looks = 0;       // pages of the family opened under the grant (from the audit log)
};
// The municipality's grants nobody has reviewed yet, oldest first (emergency_access_review).
Result<std::vector<EmergencyGrant>> unreviewed_emergency_grants(store::Conn& c, const std::string& municipality_id);
// The `limit` most recently reviewed grants, newest review first.
Result<std::vector<EmergencyGrant>> reviewed_emergency_grants(store::Conn& c, const std::string& municipality_id,
                                                              int limit);
// Marks the grant reviewed by `reviewer_id` with `note` and returns its family id. not_found when
// the grant is not the municipality's or is already reviewed; forbidden when it is the
// reviewer's own (someone else must look at it).
Result<std::string> review_emergency_grant(store::Conn& c, const std::string& municipality_id,
                                           const std::string& grant_id, const std::string& reviewer_id,
                                           const std::string& note, UnixSeconds now);

}  // namespace kp::families
