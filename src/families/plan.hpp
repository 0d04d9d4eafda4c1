// The family's plan (familiens plan) and its meetings: goals in the family's own words, grouped
// by outcome area, measures towards them (some are referrals to an offer of the catalog), and
// the meetings whose decisions become measures. Plain data and the referral state machine; no
// SQL, no HTML. The whole plan shares one optimistic-concurrency version: families.plan_version.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace kp::families {

// The outcome areas of Kristiansand's model, plus areas the family names itself.
enum class OutcomeArea { housing, economy, work, health, participation, school, own };
const char* to_string(OutcomeArea a);
std::optional<OutcomeArea> outcome_area_from(std::string_view s);
// Every area, in the order the plan shows them.
const std::vector<OutcomeArea>& outcome_areas();

enum class GoalStatus { active, reached, dropped };
const char* to_string(GoalStatus s);
std::optional<GoalStatus> goal_status_from(std::string_view s);

enum class MeasureStatus { planned, in_progress, done, not_done, dropped };
const char* to_string(MeasureStatus s);
std::optional<MeasureStatus> measure_status_from(std::string_view s);

// A referral to an offer: requested → accepted | declined; accepted → in_progress;
// in_progress → completed | not_completed. `none`: the measure is not a referral.
enum class ReferralState { none, requested, accepted, declined, in_progress, completed, not_completed };
const char* to_string(ReferralState s);  // "" for none
std::optional<ReferralState> referral_state_from(std::string_view s);  // "" → none

// True when a referral may move from `from` to `to`. Pure; the whole state machine.
bool referral_transition_allowed(ReferralState from, ReferralState to);
// The states a referral in `from` may move to, in the order a form offers them.
std::vector<ReferralState> next_referral_states(ReferralState from);
// Declined and not completed need a reason the family and the team can read later.
bool referral_needs_reason(ReferralState to);

struct Measure {
  std::string id;
  std::string family_id;
  std::string goal_id;
  std::string text;                              // the family's words, free text
  std::string responsible;                       // service or person, as written
  std::optional<std::string> responsible_user_id;
  std::string responsible_name;                  // filled by reads: the user's display name
  std::string deadline;                          // 'YYYY-MM-DD' or ''
  MeasureStatus status = MeasureStatus::planned;
  std::optional<std::string> offer_id;           // a referral to this catalog offer
  ReferralState referral_state = ReferralState::none;
  std::string referral_reason;
  std::optional<UnixSeconds> referral_changed_at;
  std::optional<std::string> meeting_id;         // the meeting whose decision made it
  std::string created_by;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;

  bool is_referral() const { return offer_id.has_value() && referral_state != ReferralState::none; }
  bool open() const { return status == MeasureStatus::planned || status == MeasureStatus::in_progress; }
  // Past its deadline (ISO date `today`) and still planned or in progress.
  bool overdue(std::string_view today) const { return open() && !deadline.empty() && deadline < today; }
  // A referral still "requested" since before `older_than`.
  bool referral_waiting(UnixSeconds older_than) const {
    return referral_state == ReferralState::requested && status != MeasureStatus::dropped &&
           referral_changed_at && *referral_changed_at < older_than;
  }
};

struct Goal {
  std::string id;
  std::string family_id;
  OutcomeArea area = OutcomeArea::housing;
  std::string own_area;     // the family's name for an own area (area == own)
  std::string text;         // the family's words
  GoalStatus status = GoalStatus::active;
  std::int64_t position = 0;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
  std::vector<Measure> measures;  // filled by plan_of, empty from goals_of
};

struct MeetingRecord {
  std::string id;
  std::string family_id;
  std::string held_on;        // 'YYYY-MM-DD'
  std::string starts_at;      // 'HH:MM' or ''
  std::string participants;
  bool family_present = true;
  std::string agenda;
  std::string minutes;
  std::string decisions;      // one per line
  std::string reflections;    // JSON object: question key → answer ('' when none)
  std::string created_by;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
};

// ---- what the caseload lists across families ------------------------------------------------

struct OverdueMeasure {
  std::string family_id, reference, family_name;
  std::string measure_id, goal_id;
  std::string text;
  std::string responsible;
  std::string deadline;
};

struct WaitingReferral {
  std::string family_id, reference, family_name;
  std::string measure_id, offer_id;
  std::string text;
  UnixSeconds requested_at = 0;
};

struct UpcomingMeeting {
  std::string family_id, reference, family_name;
  std::string meeting_id;
  std::string held_on, starts_at;
  bool family_present = true;
};

}  // namespace kp::families
