// SQL of the staff side of activities: the staff list with each activity's offer organisation,
// versioned edits, status changes, sessions, the participant list's contacts, attendance,
// figure counts and the referral facts the "reserved place" mark needs. Sign-up, waiting-list
// and lottery SQL is act-core's (enrolment_store.hpp). Every query filters by municipality.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "activities/model.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::activities {

// An activity as the staff list shows it, with what decides who may run it.
struct StaffActivity {
  Activity activity;
  std::string offer_organization_id;
};

// Every activity of the municipality (all statuses), newest first by start date, then title.
Result<std::vector<StaffActivity>> list_staff_activities(store::Conn& c, const std::string& municipality_id);
// One activity with its offer's organisation; nullopt when the municipality has none with `id`.
Result<std::optional<StaffActivity>> get_staff_activity(store::Conn& c, const std::string& municipality_id,
                                                        const std::string& id);

// Replaces the activity's form fields if its version is `expected_version` (and bumps it);
// otherwise conflict "changed by someone else".
Status update_activity_versioned(store::Conn& c, const Activity& a, std::int64_t expected_version, UnixSeconds now);
// Sets the status (publish, cancel) and bumps the version. not_found when no such activity.
Status set_activity_status(store::Conn& c, const std::string& municipality_id, const std::string& activity_id,
                           ActivityStatus status, UnixSeconds now);

// Deletes a session unless attendance was recorded for it; true when it was deleted.
Result<bool> delete_session_if_unrecorded(store::Conn& c, const std::string& municipality_id,
                                          const std::string& session_id);

// The sign-ups of an activity (guardian and contact), by id, for the participant list.
Result<std::map<std::string, Signup>> signups_of_activity(store::Conn& c, const std::string& municipality_id,
                                                          const std::string& activity_id);

// Who booked a referred participant and for which family: read only to decide whether the
// signed-in staff member may see the "reserved place" mark (policy::can_see_referral).
struct ReferralFacts {
  std::string participant_id;
  std::string family_id;   // "" when none
  std::string booked_by;
  std::string place_kind;  // reserved, public, priority
};
Result<std::vector<ReferralFacts>> referral_facts(store::Conn& c, const std::string& municipality_id,
                                                  const std::string& activity_id);

// Attendance of one session: participant id → present.
Result<std::map<std::string, bool>> attendance_of_session(store::Conn& c, const std::string& municipality_id,
                                                          const std::string& session_id);
// Writes (or overwrites) one mark per participant for the session.
Status save_attendance(store::Conn& c, const std::string& municipality_id, const std::string& session_id,
                       const std::vector<std::pair<std::string, bool>>& marks, const std::string& recorded_by,
                       UnixSeconds now);
// Sessions of the activity that have attendance recorded: marks recorded and present.
struct SessionCount {
  std::int64_t recorded = 0, present = 0;
};
Result<std::map<std::string, SessionCount>> attendance_per_session(store::Conn& c, const std::string& municipality_id,
                                                                     const std::string& activity_id);

// One participant as figures see it: no name, no family, no booker.
struct ParticipantFacts {
  std::string activity_id;
  ParticipantStatus status = ParticipantStatus::applied;
  std::int64_t sessions_present = 0;
  std::int64_t sessions_absent = 0;
  bool target_group = false;  // referred by a service (reserved place or lottery priority)
};
// Every participant of the municipality's activities (or of one activity when `activity_id`
// is not empty), as facts for counting.
Result<std::vector<ParticipantFacts>> participant_facts(store::Conn& c, const std::string& municipality_id,
                                                        const std::string& activity_id = {});

}  // namespace kp::activities
