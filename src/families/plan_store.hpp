// The SQL of the family's plan (goals, measures, referrals to offers) and its meetings, and the
// cross-family lists the caseload shows. Functions take a store::Conn so callers compose them
// with bump_plan_version() and the audit record in one transaction.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "families/plan.hpp"
#include "store/database.hpp"

namespace kp::families {

using store::Conn;

// ---- the plan's version -----------------------------------------------------------------------

// Moves families.plan_version on from `expected_version`. Call it first in every transaction
// that changes goals or measures: when someone else saved in between (or the family was closed)
// it fails with conflict "Someone else changed the plan…" and the caller rolls back.
Status bump_plan_version(Conn& c, const std::string& family_id, std::int64_t expected_version);
// The current plan version; not_found when the family does not exist.
Result<std::int64_t> plan_version(Conn& c, const std::string& family_id);

// ---- goals and measures ---------------------------------------------------------------------------

// The family's goals in plan order (position), without their measures.
Result<std::vector<Goal>> goals_of(Conn& c, const std::string& family_id);
// The family's goals in plan order, each with its measures (oldest first).
Result<std::vector<Goal>> plan_of(Conn& c, const std::string& family_id);
// One goal of the family (measures not filled); nullopt when it is not this family's.
Result<std::optional<Goal>> get_goal(Conn& c, const std::string& family_id, const std::string& goal_id);
// Inserts `g` (id set) after the family's other goals.
Status insert_goal(Conn& c, const std::string& municipality_id, const Goal& g, UnixSeconds now);
// Saves area, own area, text and status of the family's goal; not_found when it is not there.
Status update_goal(Conn& c, const Goal& g, UnixSeconds now);

// One measure of the family; nullopt when it is not this family's.
Result<std::optional<Measure>> get_measure(Conn& c, const std::string& family_id, const std::string& measure_id);
// Inserts `m` (id, goal_id, created_by set); the goal must be the family's (else not_found).
Status insert_measure(Conn& c, const std::string& municipality_id, const Measure& m, UnixSeconds now);
// Saves every changeable field of the family's measure, the referral's too; not_found when
// it is not there.
Status update_measure(Conn& c, const Measure& m, UnixSeconds now);
// The texts of the measures a meeting's decisions became (a decision with the same text is
// taken as done).
Result<std::vector<std::string>> meeting_measure_texts(Conn& c, const std::string& meeting_id);

// ---- meetings ---------------------------------------------------------------------------------------

// The family's meetings, newest date first.
Result<std::vector<MeetingRecord>> meetings_of(Conn& c, const std::string& family_id);
// One meeting of the family; nullopt when it is not this family's.
Result<std::optional<MeetingRecord>> get_meeting(Conn& c, const std::string& family_id,
                                                 const std::string& meeting_id);
Status insert_meeting(Conn& c, const std::string& municipality_id, const MeetingRecord& m, UnixSeconds now);
// Saves the meeting's fields (not its reflections) if it was last changed at
// `expected_updated_at`; otherwise conflict "Someone else changed this meeting…".
Status update_meeting(Conn& c, const MeetingRecord& m, UnixSeconds expected_updated_at, UnixSeconds now);
// Stores the answers to the closing questions (a JSON object, or "").
Status set_reflections(Conn& c, const std::string& family_id, const std::string& meeting_id,
                       const std::string& json, UnixSeconds now);

// ---- the caseload (open families only; anonymised ones never) ----------------------------------------

// Measures still planned or in progress whose deadline is before `today` (ISO date), of active
// goals, by deadline. With `coordinator_id`: only that coordinator's families.
Result<std::vector<OverdueMeasure>> overdue_measures(Conn& c, const std::string& municipality_id,
                                                     const std::optional<std::string>& coordinator_id,
                                                     std::string_view today);
// Referrals to an offer still "requested" since before `older_than` (measure not dropped),
// longest waiting first.
Result<std::vector<WaitingReferral>> waiting_referrals(Conn& c, const std::string& municipality_id,
                                                       const std::optional<std::string>& coordinator_id,
                                                       UnixSeconds older_than);
// Meetings dated from `from_date` to `to_date` (ISO, inclusive), soonest first.
Result<std::vector<UpcomingMeeting>> upcoming_meetings(Conn& c, const std::string& municipality_id,
                                                       const std::optional<std::string>& coordinator_id,
                                                       std::string_view from_date, std::string_view to_date);

}  // namespace kp::families
