// Validation and small decisions for the staff side of activities: the activity form (dates,
// sessions, places, ages, price, sign-up window), the sessions a form plans, which session the
// attendance page opens, and who may be cancelled. Pure: no SQL, no HTML. Errors are
// (field, English msgid) pairs the pages translate and link to the field.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "activities/model.hpp"

namespace kp::activities {

using FieldErrorList = std::vector<std::pair<std::string, std::string>>;

// The activity form as typed (every field a string, so a rejected form is shown back as typed).
struct ActivityForm {
  std::string offer_id, title, description, bring, place;
  std::string starts_on, ends_on;          // 'YYYY-MM-DD'
  std::string session_from, session_to;    // 'HH:MM', every session's daily time
  std::vector<std::string> weekdays;       // "1" (Monday) … "7" (Sunday): the days with a session
  std::string capacity, reserved_places, age_min, age_max, price;
  std::string signup_opens, signup_closes; // 'YYYY-MM-DD'; sign-up closes at the end of that day
  std::string allocation;                  // first_come, lottery
};

// A session the form asks for (UTC seconds).
struct PlannedSession {
  UnixSeconds starts_at = 0, ends_at = 0;
  bool operator==(const PlannedSession&) const = default;
};

// Limits of the form.
inline constexpr std::int64_t kMaxCapacity = 1000;
inline constexpr std::size_t kMaxSessions = 200;

// What an edit may not go below: places already held on the activity.
struct PlacesHeld {
  std::int64_t taken = 0;           // confirmed + offered, all places
  std::int64_t reserved_taken = 0;  // of them on reserved places
};

// Fills `a` (offer, texts, dates, places, ages, price, window, allocation) from the form and
// `sessions` with one session per chosen weekday between the dates, or adds errors naming
// each bad field. `offer_ids` are the offers the actor may use. Leaves id, status, version and
// times alone. Pure, thread-safe.
void apply_activity_form(const ActivityForm& f, const std::vector<std::string>& offer_ids, const PlacesHeld& held,
                         Activity& a, std::vector<PlannedSession>& sessions, FieldErrorList& errors);

// The form showing a stored activity and its sessions (the daily time and weekdays are read
// from the sessions). Pure.
ActivityForm form_from_activity(const Activity& a, const std::vector<Session>& sessions);

// A new activity's form: dates from the offer's schedule when it has one, sign-up from today
// until the day before it starts, 15 places, first come. Pure.
ActivityForm default_activity_form(const std::string& today, const std::string& offer_id = {});

// One session on each of `weekdays` (ISO 1–7) from `from` to `to` inclusive, at `from_minute`
// to `to_minute` after midnight in Oslo time. Pure.
std::vector<PlannedSession> plan_sessions(CivilDate from, CivilDate to, int from_minute, int to_minute,
                                          const std::set<int>& weekdays);

// "HH:MM" → minutes after midnight; nullopt when not a time of day. Pure.
std::optional<int> parse_time_of_day(std::string_view s);

// The session the attendance page opens: `requested` when it is one of them, else the first
// session today (Oslo), else the latest that has started, else the first. nullopt without
// sessions. Pure.
std::optional<std::string> attendance_session(const std::vector<Session>& sessions, const std::string& requested,
                                              UnixSeconds now);

// Whose attendance is taken: children holding a place (confirmed, or offered). Pure.
bool takes_attendance(ParticipantStatus s);
// May staff cancel a participant in this status (still signed up, waiting or offered)? Pure.
bool staff_may_cancel(ParticipantStatus s);
// May the lottery be run now: a lottery activity, not cancelled, sign-up closed at `now`,
// and not run before. Pure.
bool lottery_due(const Activity& a, UnixSeconds now, bool already_run);

}  // namespace kp::activities
