// Validation of what staff type into the family's plan and its meetings, and the referral
// state machine's checks. Pure: no SQL, no HTML. Errors are (field, English msgid) pairs the
// pages translate and link to the field. (The enum helpers of plan.hpp live in plan_rules.cpp.)
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "families/plan.hpp"
#include "families/rules.hpp"

namespace kp::families {

struct GoalInput {
  std::string area, own_area, text, status;
};
// Fills `g`'s area, own area, text and status (trimmed) or adds errors naming each bad field.
// An own area needs its name; other areas clear it.
void apply_goal_input(const GoalInput& in, Goal& g, FieldErrorList& errors);

struct MeasureInput {
  std::string text, responsible, responsible_user_id, deadline, status, offer_id;
};
// What a measure form may choose from: the family's coordinator and team, and the published
// offers of the municipality's catalog.
struct MeasureChoices {
  std::vector<std::string> user_ids;
  std::vector<std::string> offer_ids;
};
// Fills `m`'s text, responsible, responsible user, deadline and status, or adds errors.
// The referral's offer: choosing one on a measure without a referral (or whose referral is
// still only requested) makes it a referral "requested" at `now`; choosing none removes a
// referral that is still only requested. Once the offer has answered, the offer is kept.
// An offer not in `choices` is refused unless it is the one the measure already has.
void apply_measure_input(const MeasureInput& in, const MeasureChoices& choices, UnixSeconds now, Measure& m,
                         FieldErrorList& errors);

// Checks a change of `m`'s referral to the state named `to` with `reason` (trimmed), and applies
// it (state, reason, changed at `now`) when allowed. Errors: "referral_state" for a state that
// is unknown or not a next step from the current one, "referral_reason" for a missing reason
// where one is required (declined, not completed) or a text too long.
void apply_referral_change(std::string_view to, std::string_view reason, UnixSeconds now, Measure& m,
                           FieldErrorList& errors);

struct MeetingInput {
  std::string held_on, starts_at, participants, family_present, agenda, minutes, decisions;
};
// Fills `m`'s fields or adds errors: the date is required (ISO), the time optional 'HH:MM'.
void apply_meeting_input(const MeetingInput& in, MeetingRecord& m, FieldErrorList& errors);

// The decisions of a meeting: one per non-empty line, trimmed, in order. Index i of this list
// is what the "make this a measure" form posts.
std::vector<std::string> decision_lines(std::string_view decisions);

// The questions that close a meeting: a stable key (stored) and the English msgid (shown).
struct ReflectionQuestion {
  const char* key;
  const char* msgid;
};
const std::vector<ReflectionQuestion>& reflection_questions();
// The answers as a JSON object of the known questions' keys (empty answers left out); "" when
// every answer is empty. Adds an error per answer that is too long or not clean text.
std::string reflections_json(const std::map<std::string, std::string>& answers, FieldErrorList& errors);
// The answers stored by reflections_json; unknown keys and non-text values are ignored, and an
// unreadable text gives no answers rather than an error (it is only ever shown).
std::map<std::string, std::string> parse_reflections(std::string_view json);

// The moment a meeting starts (Oslo time; noon when no time is given), for "last contact".
UnixSeconds meeting_moment(const MeetingRecord& m);

}  // namespace kp::families
