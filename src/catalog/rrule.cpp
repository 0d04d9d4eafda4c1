#include "catalog/rrule.hpp"

#include <charconv>

namespace kp::catalog {
namespace {

constexpr const char* kDayCodes[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

bool parse_int(std::string_view s, int& out) {
  if (s.empty() || s.size() > 6) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// UNTIL may be a DATE (20270620) or a DATE-TIME (20270620T220000Z); we keep the date.
bool parse_until(std::string_view s, CivilDate& out) {
  if (s.size() < 8) return false;
  std::string iso = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
                    std::string(s.substr(6, 2));
  if (s.size() > 8 && s[8] != 'T') return false;
  return parse_iso_date(iso, out);
}

int days_in_month(int y, int m) {
  CivilDate next = m == 12 ? CivilDate{y + 1, 1, 1} : CivilDate{y, m + 1, 1};
  return static_cast<int>(days_from_civil(next) - days_from_civil({y, m, 1}));
}

// Is `day` a candidate of the rule's period pattern, ignoring COUNT and UNTIL?
bool matches(const Recurrence& r, CivilDate start, CivilDate day) {
  const std::int64_t d0 = days_from_civil(start), d = days_from_civil(day);
  if (d < d0) return false;
  const int wd = iso_weekday(day);
  auto in_byday = [&](bool use_ordinals) {
    for (const auto& bd : r.byday) {
      if (bd.weekday != wd) continue;
      if (!use_ordinals || bd.ordinal == 0) return true;
      const int nth = (day.day - 1) / 7 + 1;
      const int nth_from_end = (days_in_month(day.year, day.month) - day.day) / 7 + 1;
      if (bd.ordinal == nth || bd.ordinal == -nth_from_end) return true;
    }
    return false;
  };
  switch (r.freq) {
    case Recurrence::Freq::daily:
      if ((d - d0) % r.interval != 0) return false;
      return r.byday.empty() || in_byday(false);
    case Recurrence::Freq::weekly: {
      // Weeks counted from the Monday of the start week (WKST=MO).
      const std::int64_t w0 = d0 - (iso_weekday(start) - 1), w = d - (wd - 1);
      if (((w - w0) / 7) % r.interval != 0) return false;
      return r.byday.empty() ? wd == iso_weekday(start) : in_byday(false);
    }
    case Recurrence::Freq::monthly: {
      const int months = (day.year - start.year) * 12 + (day.month - start.month);
      if (months % r.interval != 0) return false;
      return r.byday.empty() ? day.day == start.day : in_byday(true);
    }
    case Recurrence::Freq::yearly:
      if ((day.year - start.year) % r.interval != 0) return false;
      return day.month == start.month && day.day == start.day;
  }
  return false;
}

}  // namespace

Result<Recurrence> parse_rrule(std::string_view rule) {
  if (rule.starts_with("RRULE:")) rule.remove_prefix(6);
  if (rule.empty() || rule.size() > 500) return invalid("The repeat rule is empty or too long.", "rrule");
  Recurrence r;
  bool have_freq = false;
  while (!rule.empty()) {
    size_t semi = rule.find(';');
    std::string_view part = rule.substr(0, semi);
    rule = semi == std::string_view::npos ? std::string_view() : rule.substr(semi + 1);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) return invalid("The repeat rule has a part without '='.", "rrule");
    std::string_view key = part.substr(0, eq), val = part.substr(eq + 1);
    if (key == "FREQ") {
      have_freq = true;
      if (val == "DAILY") r.freq = Recurrence::Freq::daily;
      else if (val == "WEEKLY") r.freq = Recurrence::Freq::weekly;
      else if (val == "MONTHLY") r.freq = Recurrence::Freq::monthly;
      else if (val == "YEARLY") r.freq = Recurrence::Freq::yearly;
      else return invalid("The repeat rule has an unsupported FREQ.", "rrule");
    } else if (key == "INTERVAL") {
      if (!parse_int(val, r.interval) || r.interval < 1 || r.interval > 365)
        return invalid("INTERVAL in the repeat rule must be a whole number from 1 to 365.", "rrule");
    } else if (key == "COUNT") {
      int n = 0;
      if (!parse_int(val, n) || n < 1 || n > 1000)
        return invalid("COUNT in the repeat rule must be a whole number from 1 to 1000.", "rrule");
      r.count = n;
    } else if (key == "UNTIL") {
      CivilDate u;
      if (!parse_until(val, u)) return invalid("UNTIL in the repeat rule is not a valid date.", "rrule");
      r.until = u;
    } else if (key == "BYDAY") {
      while (!val.empty()) {
        size_t comma = val.find(',');
        std::string_view item = val.substr(0, comma);
        val = comma == std::string_view::npos ? std::string_view() : val.substr(comma + 1);
        if (item.size() < 2) return invalid("BYDAY in the repeat rule is not valid.", "rrule");
        std::string_view code = item.substr(item.size() - 2);
        std::string_view ord = item.substr(0, item.size() - 2);
        Recurrence::Day day{0, 0};
        for (int i = 0; i < 7; ++i)
          if (code == kDayCodes[i]) day.weekday = i + 1;
        if (day.weekday == 0) return invalid("BYDAY in the repeat rule has an unknown day.", "rrule");
        if (!ord.empty()) {
          if (ord.front() == '+') ord.remove_prefix(1);
          if (!parse_int(ord, day.ordinal) || day.ordinal == 0 || day.ordinal < -5 || day.ordinal > 5)
            return invalid("BYDAY in the repeat rule has an invalid week number.", "rrule");
        }
        r.byday.push_back(day);
        if (r.byday.size() > 35) return invalid("BYDAY in the repeat rule is too long.", "rrule");
      }
    } else if (key == "WKST") {
      if (val != "MO") return invalid("Only WKST=MO is supported in the repeat rule.", "rrule");
    } else {
      return invalid("The repeat rule has a part Knutepunkt does not support.", "rrule");
    }
  }
  if (!have_freq) return invalid("The repeat rule must say FREQ.", "rrule");
  if (r.until && r.count) return invalid("The repeat rule cannot have both UNTIL and COUNT.", "rrule");
  return r;
}

std::string format_rrule(const Recurrence& r) {
  static constexpr const char* freqs[] = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};
  std::string out = "FREQ=";
  out += freqs[static_cast<int>(r.freq)];
  if (r.interval != 1) out += ";INTERVAL=" + std::to_string(r.interval);
  if (!r.byday.empty()) {
    out += ";BYDAY=";
    for (size_t i = 0; i < r.byday.size(); ++i) {
      if (i) out += ',';
      if (r.byday[i].ordinal) out += std::to_string(r.byday[i].ordinal);
      out += kDayCodes[r.byday[i].weekday - 1];
    }
  }
  if (r.until) {
    const CivilDate& u = *r.until;
    out += ";UNTIL=" + std::to_string(u.year * 10000 + u.month * 100 + u.day);
  }
  if (r.count) out += ";COUNT=" + std::to_string(*r.count);
  return out;
}

namespace {

// Walks the occurrences of `s` (rule parsed once) from its start, calling `fn(day)` for each
// until `fn` returns false, the series ends, or `limit` (a day number) is passed. COUNT needs
// the walk to start at the first occurrence, so it always does; rules are bounded (COUNT ≤ 1000,
// and callers pass a limit), which keeps this cheap.
template <class Fn>
void walk(const Schedule& s, const Recurrence* r, std::int64_t limit, Fn&& fn, std::int64_t from_hint = 0) {
  const std::int64_t d0 = days_from_civil(s.starts_on);
  std::int64_t last = limit;
  if (s.ends_on) last = std::min(last, days_from_civil(*s.ends_on));
  if (!r) {
    if (d0 <= last) fn(s.starts_on);
    return;
  }
  if (r->until) last = std::min(last, days_from_civil(*r->until));
  int count = 0;
  // Without COUNT nothing before `from_hint` matters, so the walk can start there.
  const std::int64_t first = r->count ? d0 : std::max(d0, from_hint);
  for (std::int64_t d = first; d <= last; ++d) {
    const CivilDate day = civil_from_days(d);
    if (!matches(*r, s.starts_on, day)) continue;
    if (r->count && ++count > *r->count) return;
    if (!fn(day)) return;
  }
}

// The parsed rule, or nullopt for a one-off date; `ok` is false when the rule is invalid.
std::optional<Recurrence> rule_of(const Schedule& s, bool& ok) {
  ok = true;
  if (s.rrule.empty()) return std::nullopt;
  auto r = parse_rrule(s.rrule);
  if (!r) {
    ok = false;
    return std::nullopt;
  }
  return *r;
}

}  // namespace

bool occurs_on(const Schedule& s, CivilDate day) {
  return next_occurrence(s, day, 0) == std::optional<CivilDate>(day);
}

std::optional<CivilDate> next_occurrence(const Schedule& s, CivilDate from, int horizon_days) {
  bool ok = true;
  const auto r = rule_of(s, ok);
  if (!ok) return std::nullopt;
  const std::int64_t f = days_from_civil(from);
  std::optional<CivilDate> found;
  walk(s, r ? &*r : nullptr, f + horizon_days, [&](CivilDate day) {
    if (days_from_civil(day) < f) return true;
    found = day;
    return false;
  }, f);
  return found;
}

bool occurs_between(const Schedule& s, CivilDate from, CivilDate to) {
  if (to < from) return false;
  const int span = static_cast<int>(days_from_civil(to) - days_from_civil(from));
  return next_occurrence(s, from, std::min(span, 800)).has_value();
}

unsigned weekday_mask(const Schedule& s) {
  bool ok = true;
  const auto r = rule_of(s, ok);
  if (!ok) return 0;
  if (r && !r->byday.empty() && r->freq != Recurrence::Freq::monthly && !r->count && !r->until && !s.ends_on) {
    unsigned mask = 0;
    for (const auto& d : r->byday) mask |= 1u << d.weekday;
    return mask;
  }
  // Walk a year of occurrences: monthly and yearly dates move through the week, and short
  // series cover only the days they really have.
  unsigned mask = 0;
  walk(s, r ? &*r : nullptr, days_from_civil(s.starts_on) + 371, [&](CivilDate day) {
    mask |= 1u << iso_weekday(day);
    return mask != 0xFEu;
  });
  return mask;
}

}  // namespace kp::catalog
