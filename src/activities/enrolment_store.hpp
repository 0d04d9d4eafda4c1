// SQL of activities, sign-ups and participants. Functions take a store::Conn so that callers
// write a change, its audit record and its messages in one transaction. Every query filters by
// municipality, except the lookups by a private link's token hash (a token is global).
// No function here joins activity_referrals into a list of people: only counts and the
// booking/lottery code look at it, so a referred child cannot be told apart in lists.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "activities/model.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::activities {

// --- activities and sessions ---

// An activity from a row whose first 21 columns are id, municipality_id, offer_id, title,
// description, bring, place, starts_on, ends_on, capacity, reserved_places, age_min, age_max,
// price_ore, signup_opens, signup_closes, allocation, status, version, created_at, updated_at.
Activity activity_from_row(const store::Row& r);
// Inserts `a` (id set by the caller; title_sort is computed). For demo data, tests and staff pages.
Status insert_activity(store::Conn& c, const Activity& a);
// Inserts a session of an activity.
Status insert_session(store::Conn& c, const Session& s);
// The activity, or nullopt when the municipality has none with this id.
Result<std::optional<Activity>> get_activity(store::Conn& c, const std::string& municipality_id,
                                             const std::string& id);
// Published activities of the municipality that have not ended by `today` (ISO), in date order.
Result<std::vector<Activity>> list_public_activities(store::Conn& c, const std::string& municipality_id,
                                                     const std::string& today);
// Sessions of an activity in time order.
Result<std::vector<Session>> list_sessions(store::Conn& c, const std::string& municipality_id,
                                           const std::string& activity_id);

// --- places ---

// Takes the activity's row lock for the rest of the write transaction (a no-op UPDATE), so
// that every transaction that decides places of one activity from counts it read is
// serialised against the others: on PostgreSQL a concurrent one waits and then fails with a
// serialization failure, which with_write re-runs with fresh counts. (SSI alone would let two
// writers read the same MAX(queue_no).) On SQLite the single writer already serialises.
Status lock_activity(store::Conn& c, const std::string& municipality_id, const std::string& activity_id);

// Places taken and waiting on one activity (counts only).
Result<PlaceCounts> place_counts(store::Conn& c, const std::string& municipality_id, const Activity& a);
// Like place_counts, but for the hot paths (each sign-up, each public page view): places held
// are counted exactly, while `waiting` + `applied` is only 0 or 1 (whether anyone waits or
// applied), so the cost does not grow with the waiting list.
Result<PlaceCounts> place_counts_quick(store::Conn& c, const std::string& municipality_id, const Activity& a);
// What the Enroller needs about one activity, read in one statement (plus one for reserved
// places when it has any): the activity, quick counts (as place_counts_quick) and the highest
// queue number. nullopt when the municipality has no such activity.
struct EnrolState {
  Activity activity;
  PlaceCounts counts;
  std::int64_t max_queue_no = 0;
};
Result<std::optional<EnrolState>> enrol_state(store::Conn& c, const std::string& municipality_id,
                                              const std::string& activity_id);
// Counts for every activity of the municipality, by activity id (capacity fields left 0 for the
// caller to fill from the activity).
Result<std::map<std::string, PlaceCounts>> place_counts_all(store::Conn& c, const std::string& municipality_id);
// The highest queue number on the activity (0 when nobody signed up yet).
Result<std::int64_t> max_queue_no(store::Conn& c, const std::string& municipality_id,
                                  const std::string& activity_id);

// --- sign-ups and participants ---

// Inserts a sign-up with the SHA-256 hex of its private cancel link's token.
Status insert_signup(store::Conn& c, const Signup& s, const std::string& cancel_token_hash);
// Inserts a participant; `offer_token_hash` only when inserted as offered.
Status insert_participant(store::Conn& c, const Participant& p);
// The sign-up whose cancel token hashes to `token_hash`; nullopt when none.
Result<std::optional<Signup>> signup_by_cancel_hash(store::Conn& c, const std::string& token_hash);
Result<std::optional<Signup>> get_signup(store::Conn& c, const std::string& municipality_id, const std::string& id);
// The children of one sign-up, in form order.
Result<std::vector<Participant>> participants_of_signup(store::Conn& c, const std::string& municipality_id,
                                                        const std::string& signup_id);
Result<std::optional<Participant>> get_participant(store::Conn& c, const std::string& municipality_id,
                                                   const std::string& id);
// The participant holding an offer whose token hashes to `token_hash`; nullopt when none.
Result<std::optional<Participant>> participant_by_offer_hash(store::Conn& c, const std::string& token_hash);
// Every participant of an activity, by queue number (staff lists; includes referred children
// like any other, without saying so).
Result<std::vector<Participant>> participants_of_activity(store::Conn& c, const std::string& municipality_id,
                                                          const std::string& activity_id);
// Participants with `status` on the activity, in queue order.
Result<std::vector<Participant>> participants_with_status(store::Conn& c, const std::string& municipality_id,
                                                          const std::string& activity_id, ParticipantStatus status);
// Moves a participant from `from` to `to`, setting (or clearing, when nullopt) the offer token
// hash and expiry. Conflict when the participant is no longer in `from` (someone was quicker).
Status change_status(store::Conn& c, const std::string& municipality_id, const std::string& participant_id,
                     ParticipantStatus from, ParticipantStatus to, const std::optional<std::string>& offer_token_hash,
                     std::optional<UnixSeconds> offer_expires_at, UnixSeconds now);
// Sets a participant's status and queue number (lottery results).
Status set_status_and_queue(store::Conn& c, const std::string& municipality_id, const std::string& participant_id,
                            ParticipantStatus to, std::int64_t queue_no, UnixSeconds now);

// --- referrals (quiet reserved places, lottery priority) ---

// Records that staff booked (or gave lottery priority to) a participant for a family.
// place_kind: "reserved", "public" or "priority".
Status insert_activity_referral(store::Conn& c, const std::string& municipality_id, const std::string& activity_id,
                                const std::string& participant_id, const std::optional<std::string>& family_id,
                                const std::string& booked_by, const std::string& place_kind, UnixSeconds now);
// The place_kind of a participant's referral, or nullopt when the participant was not referred.
// Only booking/cancel/lottery logic may ask; never shown.
Result<std::optional<std::string>> referral_kind(store::Conn& c, const std::string& municipality_id,
                                                 const std::string& participant_id);
// Ids of the referred participants of an activity (lottery priority).
Result<std::set<std::string>> referred_participants(store::Conn& c, const std::string& municipality_id,
                                                    const std::string& activity_id);

// --- background work ---

// Every municipality id (the jobs walk them one by one).
Result<std::vector<std::string>> municipality_ids(store::Conn& c);
// Activities of the municipality with someone waiting or holding an offer.
Result<std::vector<std::string>> activities_with_queue(store::Conn& c, const std::string& municipality_id);
// Marks applied/waiting/offered participants of activities that started before `today` as
// not_placed; returns how many.
Result<std::int64_t> close_started_activities(store::Conn& c, const std::string& municipality_id,
                                              const std::string& today, UnixSeconds now);

// A sign-up that needs the day-before reminder: its activity starts on `day`, it has a
// confirmed child and no reminder yet.
Result<std::vector<Signup>> signups_to_remind(store::Conn& c, const std::string& municipality_id,
                                              const std::string& day);
Status mark_reminded(store::Conn& c, const std::string& municipality_id, const std::string& signup_id,
                     UnixSeconds now);

// --- lottery ---

// An earlier child who got no place on another activity of the same offer that started before
// `before` (ISO date): the folded name, birth year and the guardian's contact.
struct EarlierMiss {
  std::string name, phone, email;
  std::int64_t birth_year = 0;
};
Result<std::vector<EarlierMiss>> earlier_misses(store::Conn& c, const std::string& municipality_id,
                                                const std::string& offer_id, const std::string& before);
Result<bool> has_lottery_run(store::Conn& c, const std::string& municipality_id, const std::string& activity_id);
Status insert_lottery_run(store::Conn& c, const LotteryRun& r);
Result<std::vector<LotteryRun>> lottery_runs(store::Conn& c, const std::string& municipality_id,
                                             const std::string& activity_id);

}  // namespace kp::activities
