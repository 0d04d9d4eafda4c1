// RFC 5545 recurrence rules for offer schedules: the subset municipalities use (DAILY, WEEKLY,
// MONTHLY, YEARLY with INTERVAL, BYDAY incl. ordinals for MONTHLY, UNTIL, COUNT). Pure and
// thread-safe.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.hpp"
#include "core/result.hpp"

namespace kp::catalog {

struct Recurrence {
  enum class Freq { daily, weekly, monthly, yearly } freq = Freq::weekly;
  int interval = 1;
  struct Day {
    int weekday;      // ISO 1 = Monday … 7 = Sunday
    int ordinal = 0;  // MONTHLY only: 1 = first, -1 = last, 0 = every
  };
  std::vector<Day> byday;
  std::optional<CivilDate> until;
  std::optional<int> count;
};

// Parses an RRULE value such as "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270620". An "RRULE:" prefix
// is accepted. Errors name the part that is wrong.
Result<Recurrence> parse_rrule(std::string_view rule);
// Writes a Recurrence back in canonical form.
std::string format_rrule(const Recurrence& r);

// Does the schedule have an occurrence on `day`? (Unparseable rules never occur.)
bool occurs_on(const Schedule& s, CivilDate day);
// The first occurrence on or after `from`, looking at most `horizon_days` ahead.
std::optional<CivilDate> next_occurrence(const Schedule& s, CivilDate from, int horizon_days = 400);
// Any occurrence in [from, to] (inclusive)?
bool occurs_between(const Schedule& s, CivilDate from, CivilDate to);
// Bit set of ISO weekdays (bit 1 = Monday … bit 7 = Sunday) on which the schedule can occur.
unsigned weekday_mask(const Schedule& s);

}  // namespace kp::catalog
