#include "activities/rules.hpp"

#include <algorithm>
#include <charconv>

#include "core/money.hpp"
#include "core/result.hpp"
#include "core/text.hpp"

namespace kp::activities {
namespace {

bool clean(std::string_view s) { return text::is_clean_utf8(s); }

std::string text_field(std::string_view value, const char* field, std::size_t max, bool required,
                       const char* missing_msgid, FieldErrorList& errors) {
  const std::string_view t = text::trim(value);
  if (t.empty()) {
    if (required) errors.emplace_back(field, missing_msgid);
    return {};
  }
  if (!clean(t)) {
    errors.emplace_back(field, N_("The text contains characters that cannot be used."));
    return {};
  }
  if (text::length_utf8(t) > max) errors.emplace_back(field, N_("The text is too long."));
  return std::string(t);
}

std::optional<CivilDate> date_field(std::string_view value, const char* field, FieldErrorList& errors) {
  const std::string_view t = text::trim(value);
  CivilDate d;
  if (t.empty()) {
    errors.emplace_back(field, N_("Write the date."));
    return std::nullopt;
  }
  if (!parse_iso_date(t, d)) {
    errors.emplace_back(field, N_("Write the date as year-month-day, for example 2026-03-31."));
    return std::nullopt;
  }
  return d;
}

// A whole number in [lo, hi]; empty gives `empty` (nullopt: required).
std::optional<std::int64_t> number_field(std::string_view value, const char* field, std::int64_t lo, std::int64_t hi,
                                         std::optional<std::int64_t> empty, const char* range_msgid,
                                         FieldErrorList& errors, bool& missing) {
  const std::string_view t = text::trim(value);
  missing = t.empty();
  if (t.empty()) {
    if (!empty) errors.emplace_back(field, N_("Write a number."));
    return empty;
  }
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
  if (ec != std::errc() || ptr != t.data() + t.size()) {
    errors.emplace_back(field, N_("Write a whole number, for example 15."));
    return std::nullopt;
  }
  if (n < lo || n > hi) {
    errors.emplace_back(field, range_msgid);
    return std::nullopt;
  }
  return n;
}

std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::string time_of_day(UnixSeconds t) {
  const LocalDateTime l = to_oslo(t);
  return two(l.hour) + ":" + two(l.minute);
}

}  // namespace

std::optional<int> parse_time_of_day(std::string_view s) {
  s = text::trim(s);
  // "9:00", "09:00", "09.00"
  const auto sep = s.find_first_of(":.");
  if (sep == std::string_view::npos || sep == 0 || sep > 2 || s.size() - sep != 3) return std::nullopt;
  int h = 0, m = 0;
  auto r1 = std::from_chars(s.data(), s.data() + sep, h);
  auto r2 = std::from_chars(s.data() + sep + 1, s.data() + s.size(), m);
  if (r1.ec != std::errc() || r1.ptr != s.data() + sep || r2.ec != std::errc() || r2.ptr != s.data() + s.size())
    return std::nullopt;
  if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::vector<PlannedSession> plan_sessions(CivilDate from, CivilDate to, int from_minute, int to_minute,
                                          const std::set<int>& weekdays) {
  std::vector<PlannedSession> out;
  for (std::int64_t d = days_from_civil(from), end = days_from_civil(to); d <= end; ++d) {
    const CivilDate day = civil_from_days(d);
    if (!weekdays.count(iso_weekday(day))) continue;
    PlannedSession s;
    s.starts_at = from_oslo(LocalDateTime{day, from_minute / 60, from_minute % 60, 0});
    s.ends_at = from_oslo(LocalDateTime{day, to_minute / 60, to_minute % 60, 0});
    out.push_back(s);
    if (out.size() > kMaxSessions) break;
  }
  return out;
}

void apply_activity_form(const ActivityForm& f, const std::vector<std::string>& offer_ids, const PlacesHeld& held,
                         Activity& a, std::vector<PlannedSession>& sessions, FieldErrorList& errors) {
  sessions.clear();
  if (std::find(offer_ids.begin(), offer_ids.end(), f.offer_id) == offer_ids.end())
    errors.emplace_back("offer_id", N_("Choose the offer in the catalog that this activity belongs to."));
  else
    a.offer_id = f.offer_id;
  a.title = text_field(f.title, "title", 200, true, N_("Write a title."), errors);
  a.description = text_field(f.description, "description", 5000, false, "", errors);
  a.bring = text_field(f.bring, "bring", 1000, false, "", errors);
  a.place = text_field(f.place, "place", 200, false, "", errors);

  const auto starts = date_field(f.starts_on, "starts_on", errors);
  const auto ends = date_field(f.ends_on, "ends_on", errors);
  if (starts) a.starts_on = format_iso_date(*starts);
  if (ends) a.ends_on = format_iso_date(*ends);
  bool dates_ok = starts && ends;
  if (dates_ok && *ends < *starts) {
    errors.emplace_back("ends_on", N_("The last day cannot be before the first day."));
    dates_ok = false;
  }
  if (dates_ok && days_from_civil(*ends) - days_from_civil(*starts) > 366) {
    errors.emplace_back("ends_on", N_("An activity can last at most one year. Make one activity per term."));
    dates_ok = false;
  }

  const auto from_min = parse_time_of_day(f.session_from);
  const auto to_min = parse_time_of_day(f.session_to);
  if (!from_min) errors.emplace_back("session_from", N_("Write the time as hours and minutes, for example 09:00."));
  if (!to_min) errors.emplace_back("session_to", N_("Write the time as hours and minutes, for example 15:00."));
  else if (from_min && *to_min <= *from_min)
    errors.emplace_back("session_to", N_("The end time must be after the start time."));
  std::set<int> days;
  for (const auto& w : f.weekdays)
    if (w.size() == 1 && w[0] >= '1' && w[0] <= '7') days.insert(w[0] - '0');
  if (days.empty()) errors.emplace_back("weekdays", N_("Choose at least one day of the week."));
  if (dates_ok && from_min && to_min && *to_min > *from_min && !days.empty()) {
    auto planned = plan_sessions(*starts, *ends, *from_min, *to_min, days);
    if (planned.empty())
      errors.emplace_back("weekdays", N_("None of the chosen days falls between the first and the last day."));
    else if (planned.size() > kMaxSessions)
      errors.emplace_back("ends_on", N_("That gives more than 200 sessions. Make the period shorter."));
    else
      sessions = std::move(planned);
  }

  bool missing = false;
  const auto capacity = number_field(f.capacity, "capacity", 1, kMaxCapacity, std::nullopt,
                                     N_("Places must be between 1 and 1000."), errors, missing);
  if (capacity) {
    if (*capacity < held.taken)
      errors.emplace_back("capacity", N_("More children already have a place. Cancel places first, or keep the number."));
    else
      a.capacity = *capacity;
  }
  const auto reserved = number_field(f.reserved_places, "reserved_places", 0, kMaxCapacity, std::int64_t{0},
                                     N_("Reserved places must be between 0 and the number of places."), errors, missing);
  if (reserved) {
    if (capacity && *reserved > *capacity)
      errors.emplace_back("reserved_places", N_("Reserved places must be between 0 and the number of places."));
    else if (*reserved < held.reserved_taken)
      errors.emplace_back("reserved_places", N_("More reserved places are already booked. Keep at least that many."));
    else
      a.reserved_places = *reserved;
  }
  bool min_missing = false, max_missing = false;
  const auto age_min = number_field(f.age_min, "age_min", 0, 25, std::int64_t{-1},
                                    N_("Write an age between 0 and 25."), errors, min_missing);
  const auto age_max = number_field(f.age_max, "age_max", 0, 25, std::int64_t{-1},
                                    N_("Write an age between 0 and 25."), errors, max_missing);
  a.age_min = min_missing || !age_min ? std::nullopt : age_min;
  a.age_max = max_missing || !age_max ? std::nullopt : age_max;
  if (a.age_min && a.age_max && *a.age_max < *a.age_min)
    errors.emplace_back("age_max", N_("The highest age cannot be lower than the lowest age."));

  const std::string_view price = text::trim(f.price);
  if (price.empty()) a.price_ore = 0;
  else if (auto p = parse_nok(price, "price")) a.price_ore = *p;
  else errors.emplace_back("price", p.error().message);

  const auto opens = date_field(f.signup_opens, "signup_opens", errors);
  const auto closes = date_field(f.signup_closes, "signup_closes", errors);
  if (opens && closes) {
    if (*closes < *opens)
      errors.emplace_back("signup_closes", N_("Sign-up cannot close before it opens."));
    else if (ends && *closes > *ends)
      errors.emplace_back("signup_closes", N_("Sign-up must close by the last day of the activity."));
    else {
      a.signup_opens = from_oslo(LocalDateTime{*opens, 0, 0, 0});
      // Closes at the end of the day people read on the form.
      a.signup_closes = from_oslo(LocalDateTime{civil_from_days(days_from_civil(*closes) + 1), 0, 0, 0});
    }
  }
  if (auto al = allocation_from_string(f.allocation)) a.allocation = *al;
  else errors.emplace_back("allocation", N_("Choose how places are given."));
}

ActivityForm form_from_activity(const Activity& a, const std::vector<Session>& sessions) {
  ActivityForm f;
  f.offer_id = a.offer_id;
  f.title = a.title;
  f.description = a.description;
  f.bring = a.bring;
  f.place = a.place;
  f.starts_on = a.starts_on;
  f.ends_on = a.ends_on;
  f.capacity = std::to_string(a.capacity);
  f.reserved_places = std::to_string(a.reserved_places);
  if (a.age_min) f.age_min = std::to_string(*a.age_min);
  if (a.age_max) f.age_max = std::to_string(*a.age_max);
  f.price = a.price_ore == 0 ? "" : format_nok_plain(a.price_ore);
  f.signup_opens = format_iso_date(to_oslo(a.signup_opens).date);
  f.signup_closes = format_iso_date(to_oslo(a.signup_closes - 1).date);
  f.allocation = to_string(a.allocation);
  std::set<int> days;
  for (const auto& s : sessions) days.insert(iso_weekday(to_oslo(s.starts_at).date));
  for (int d : days) f.weekdays.push_back(std::to_string(d));
  if (!sessions.empty()) {
    f.session_from = time_of_day(sessions.front().starts_at);
    f.session_to = time_of_day(sessions.front().ends_at);
  }
  return f;
}

ActivityForm default_activity_form(const std::string& today, const std::string& offer_id) {
  ActivityForm f;
  f.offer_id = offer_id;
  f.session_from = "09:00";
  f.session_to = "15:00";
  f.weekdays = {"1", "2", "3", "4", "5"};
  f.capacity = "15";
  f.reserved_places = "0";
  f.signup_opens = today;
  f.allocation = "first_come";
  return f;
}

std::optional<std::string> attendance_session(const std::vector<Session>& sessions, const std::string& requested,
                                              UnixSeconds now) {
  if (sessions.empty()) return std::nullopt;
  for (const auto& s : sessions)
    if (s.id == requested) return s.id;
  const CivilDate today = to_oslo(now).date;
  for (const auto& s : sessions)
    if (to_oslo(s.starts_at).date == today) return s.id;
  const Session* latest = nullptr;
  for (const auto& s : sessions)
    if (s.starts_at <= now && (!latest || s.starts_at > latest->starts_at)) latest = &s;
  return latest ? latest->id : sessions.front().id;
}

bool takes_attendance(ParticipantStatus s) { return s == ParticipantStatus::confirmed || s == ParticipantStatus::offered; }

bool staff_may_cancel(ParticipantStatus s) {
  return s == ParticipantStatus::applied || s == ParticipantStatus::confirmed || s == ParticipantStatus::waiting ||
         s == ParticipantStatus::offered;
}

bool lottery_due(const Activity& a, UnixSeconds now, bool already_run) {
  return a.allocation == Allocation::lottery && a.status != ActivityStatus::cancelled && !already_run &&
         now >= a.signup_closes;
}

}  // namespace kp::activities
