#include "families/plan_rules.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "core/text.hpp"

namespace kp::families {

// ---- the codes of plan.hpp ----------------------------------------------------------------

const char* to_string(OutcomeArea a) {
  switch (a) {
    case OutcomeArea::housing: return "housing";
    case OutcomeArea::economy: return "economy";
    case OutcomeArea::work: return "work";
    case OutcomeArea::health: return "health";
    case OutcomeArea::participation: return "participation";
    case OutcomeArea::school: return "school";
    case OutcomeArea::own: return "own";
  }
  return "own";
}

const std::vector<OutcomeArea>& outcome_areas() {
  static const std::vector<OutcomeArea> all = {OutcomeArea::housing, OutcomeArea::economy,
                                               OutcomeArea::work,    OutcomeArea::health,
                                               OutcomeArea::participation, OutcomeArea::school,
                                               OutcomeArea::own};
  return all;
}

std::optional<OutcomeArea> outcome_area_from(std::string_view s) {
  for (OutcomeArea a : outcome_areas())
    if (s == to_string(a)) return a;
  return std::nullopt;
}

const char* to_string(GoalStatus s) {
  switch (s) {
    case GoalStatus::active: return "active";
    case GoalStatus::reached: return "reached";
    case GoalStatus::dropped: return "dropped";
  }
  return "active";
}

std::optional<GoalStatus> goal_status_from(std::string_view s) {
  for (GoalStatus g : {GoalStatus::active, GoalStatus::reached, GoalStatus::dropped})
    if (s == to_string(g)) return g;
  return std::nullopt;
}

const char* to_string(MeasureStatus s) {
  switch (s) {
    case MeasureStatus::planned: return "planned";
    case MeasureStatus::in_progress: return "in_progress";
    case MeasureStatus::done: return "done";
    case MeasureStatus::not_done: return "not_done";
    case MeasureStatus::dropped: return "dropped";
  }
  return "planned";
}

std::optional<MeasureStatus> measure_status_from(std::string_view s) {
  for (MeasureStatus m : {MeasureStatus::planned, MeasureStatus::in_progress, MeasureStatus::done,
                          MeasureStatus::not_done, MeasureStatus::dropped})
    if (s == to_string(m)) return m;
  return std::nullopt;
}

const char* to_string(ReferralState s) {
  switch (s) {
    case ReferralState::none: return "";
    case ReferralState::requested: return "requested";
    case ReferralState::accepted: return "accepted";
    case ReferralState::declined: return "declined";
    case ReferralState::in_progress: return "in_progress";
    case ReferralState::completed: return "completed";
    case ReferralState::not_completed: return "not_completed";
  }
  return "";
}

std::optional<ReferralState> referral_state_from(std::string_view s) {
  for (ReferralState r : {ReferralState::none, ReferralState::requested, ReferralState::accepted,
                          ReferralState::declined, ReferralState::in_progress, ReferralState::completed,
                          ReferralState::not_completed})
    if (s == to_string(r)) return r;
  return std::nullopt;
}

std::vector<ReferralState> next_referral_states(ReferralState from) {
  switch (from) {
    case ReferralState::requested: return {ReferralState::accepted, ReferralState::declined};
    case ReferralState::accepted: return {ReferralState::in_progress};
    case ReferralState::in_progress: return {ReferralState::completed, ReferralState::not_completed};
    case ReferralState::none:
    case ReferralState::declined:
    case ReferralState::completed:
    case ReferralState::not_completed: return {};
  }
  return {};
}

bool referral_transition_allowed(ReferralState from, ReferralState to) {
  const auto next = next_referral_states(from);
  return std::find(next.begin(), next.end(), to) != next.end();
}

bool referral_needs_reason(ReferralState to) {
  return to == ReferralState::declined || to == ReferralState::not_completed;
}

// ---- validation ---------------------------------------------------------------------------

void apply_goal_input(const GoalInput& in, Goal& g, FieldErrorList& errors) {
  if (auto a = outcome_area_from(in.area)) g.area = *a;
  else errors.emplace_back("area", N_("Choose the area the goal belongs to."));
  const size_t before = errors.size();
  g.own_area = optional_text(in.own_area, "own_area", 100, errors);
  if (g.area == OutcomeArea::own && g.own_area.empty() && errors.size() == before)
    errors.emplace_back("own_area", N_("Write the name the family gives this area."));
  if (g.area != OutcomeArea::own) g.own_area.clear();
  g.text = required_text(in.text, "text", N_("Write the goal, in the family's own words."), 1000, errors);
  if (auto s = goal_status_from(in.status.empty() ? "active" : in.status)) g.status = *s;
  else errors.emplace_back("status", N_("Choose the goal's status."));
}

void apply_measure_input(const MeasureInput& in, const MeasureChoices& choices, UnixSeconds now, Measure& m,
                         FieldErrorList& errors) {
  m.text = required_text(in.text, "text", N_("Write what is to be done."), 1000, errors);
  m.responsible = optional_text(in.responsible, "responsible", 200, errors);
  const std::string user(text::trim(in.responsible_user_id));
  if (user.empty()) m.responsible_user_id.reset();
  else if (std::find(choices.user_ids.begin(), choices.user_ids.end(), user) != choices.user_ids.end() ||
           m.responsible_user_id == user)
    m.responsible_user_id = user;
  else errors.emplace_back("responsible_user_id", N_("Choose a person from the family's team."));
  m.deadline = optional_date(in.deadline, "deadline", errors);
  if (auto s = measure_status_from(in.status.empty() ? "planned" : in.status)) m.status = *s;
  else errors.emplace_back("status", N_("Choose the measure's status."));

  const std::string offer(text::trim(in.offer_id));
  // After the offer has answered, the referral is history: the form no longer offers a choice.
  const bool offer_fixed = m.is_referral() && m.referral_state != ReferralState::requested;
  if (offer_fixed || (m.offer_id && *m.offer_id == offer)) return;
  if (offer.empty()) {
    m.offer_id.reset();
    m.referral_state = ReferralState::none;
    m.referral_reason.clear();
    m.referral_changed_at.reset();
    return;
  }
  if (std::find(choices.offer_ids.begin(), choices.offer_ids.end(), offer) == choices.offer_ids.end()) {
    errors.emplace_back("offer_id", N_("Choose an offer from the list."));
    return;
  }
  m.offer_id = offer;
  m.referral_state = ReferralState::requested;
  m.referral_reason.clear();
  m.referral_changed_at = now;
}

void apply_referral_change(std::string_view to, std::string_view reason, UnixSeconds now, Measure& m,
                           FieldErrorList& errors) {
  const auto next = referral_state_from(text::trim(to));
  if (!m.is_referral() || !next || !referral_transition_allowed(m.referral_state, *next)) {
    errors.emplace_back("referral_state",
                        N_("This change of the referral is not possible. Choose one of the next steps in the list."));
    return;
  }
  const std::string why = optional_text(reason, "referral_reason", 1000, errors);
  if (why.empty() && referral_needs_reason(*next))
    errors.emplace_back("referral_reason", *next == ReferralState::declined
                                               ? N_("Write why the referral was declined.")
                                               : N_("Write why the referral was not completed."));
  if (!errors.empty()) return;
  m.referral_state = *next;
  m.referral_reason = why;
  m.referral_changed_at = now;
}

namespace {

// 'HH:MM' (a browser may add ':SS'); "" when empty; nullopt when unreadable.
std::optional<std::string> parse_time(std::string_view t) {
  if (t.empty()) return std::string();
  if (t.size() == 8 && t[5] == ':') t = t.substr(0, 5);
  if (t.size() != 5 || t[2] != ':') return std::nullopt;
  for (size_t i : {0u, 1u, 3u, 4u})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  const int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return std::string(t);
}

}  // namespace

void apply_meeting_input(const MeetingInput& in, MeetingRecord& m, FieldErrorList& errors) {
  if (text::trim(in.held_on).empty()) {
    errors.emplace_back("held_on", N_("Write the date of the meeting."));
    m.held_on.clear();
  } else {
    m.held_on = optional_date(in.held_on, "held_on", errors);
  }
  if (auto t = parse_time(text::trim(in.starts_at))) m.starts_at = *t;
  else errors.emplace_back("starts_at", N_("Write the time as hours and minutes, for example 14:30."));
  m.participants = optional_text(in.participants, "participants", 1000, errors);
  m.family_present = in.family_present == "1" || in.family_present == "on";
  m.agenda = optional_text(in.agenda, "agenda", 4000, errors);
  m.minutes = optional_text(in.minutes, "minutes", 20000, errors);
  m.decisions = optional_text(in.decisions, "decisions", 8000, errors);
  for (const auto& line : decision_lines(m.decisions))
    if (text::length_utf8(line) > 1000) {
      errors.emplace_back("decisions", N_("A decision can be at most 1000 characters, so that it can become a measure."));
      break;
    }
}

std::vector<std::string> decision_lines(std::string_view decisions) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= decisions.size()) {
    size_t end = decisions.find('\n', start);
    if (end == std::string_view::npos) end = decisions.size();
    const std::string_view line = text::trim(decisions.substr(start, end - start));
    if (!line.empty()) out.emplace_back(line);
    start = end + 1;
  }
  return out;
}

const std::vector<ReflectionQuestion>& reflection_questions() {
  static const std::vector<ReflectionQuestion> all = {
      {"heard", N_("Did the family feel heard?")},
      {"worked_well", N_("What worked well today?")},
      {"differently", N_("What should we do differently next time?")},
  };
  return all;
}

std::string reflections_json(const std::map<std::string, std::string>& answers, FieldErrorList& errors) {
  nlohmann::json obj = nlohmann::json::object();
  for (const auto& q : reflection_questions()) {
    const auto it = answers.find(q.key);
    if (it == answers.end()) continue;
    const std::string field = std::string("reflection_") + q.key;
    const std::string answer = optional_text(it->second, field.c_str(), 2000, errors);
    if (!answer.empty()) obj[q.key] = answer;
  }
  if (!errors.empty() || obj.empty()) return {};
  return obj.dump();
}

std::map<std::string, std::string> parse_reflections(std::string_view json) {
  std::map<std::string, std::string> out;
  if (json.empty()) return out;
  const auto obj = nlohmann::json::parse(json, nullptr, false);
  if (obj.is_discarded() || !obj.is_object()) return out;
  for (const auto& q : reflection_questions()) {
    const auto it = obj.find(q.key);
    if (it != obj.end() && it->is_string()) out[q.key] = it->get<std::string>();
  }
  return out;
}

UnixSeconds meeting_moment(const MeetingRecord& m) {
  LocalDateTime l;
  if (!parse_iso_date(m.held_on, l.date)) return 0;
  l.hour = 12;
  if (m.starts_at.size() == 5) {
    l.hour = (m.starts_at[0] - '0') * 10 + (m.starts_at[1] - '0');
    l.minute = (m.starts_at[3] - '0') * 10 + (m.starts_at[4] - '0');
  }
  return from_oslo(l);
}

}  // namespace kp::families
