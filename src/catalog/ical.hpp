// iCalendar (RFC 5545) out of the catalog, for GET /offers.ics and GET /offers/{id}.ics:
// families subscribe to offers in the calendar on their phone. Pure functions over a
// Snapshot; no HTTP here.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.hpp"
#include "catalog/search.hpp"
#include "core/clock.hpp"

namespace kp::catalog {

// A VCALENDAR (METHOD:PUBLISH) with a VTIMEZONE for Europe/Oslo and one VEVENT per schedule
// of each offer, in the order given; offers without schedules, and schedules whose repeat
// rule does not parse or never occurs, get no event. Texts are in `lang` with text_in's
// fallback (LANGUAGE= says which language each text really is in). `base_url` (e.g.
// "https://knutepunkt.no") gives the event URLs and the UID domain; `now` is DTSTAMP.
// Times are local Europe/Oslo (TZID) and repeat rules keep their meaning: UNTIL is written
// in UTC as RFC 5545 requires, and a schedule's ends_on becomes UNTIL.
// The result has CRLF line endings and lines folded at 75 octets. Pure; thread-safe.
std::string ical_calendar(const Snapshot& snap, const std::vector<const Offer*>& offers,
                          const std::string& lang, const std::string& base_url, UnixSeconds now);

// Escapes a TEXT value: backslash, ';' and ',' get a backslash, line breaks become "\n" and
// other control characters (forbidden in TEXT) are dropped. Pure.
std::string ical_escape(std::string_view text);

// Appends one content line to `out`, folded so that no line exceeds 75 octets (continuation
// lines start with a space) without splitting a UTF-8 sequence, and ended with CRLF. Pure.
void ical_append_line(std::string& out, std::string_view line);

}  // namespace kp::catalog
