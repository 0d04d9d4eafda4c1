// Norwegian national identity numbers (fødselsnummer and D-number): DDMMYY, a three-digit
// individual number that also encodes the century, and two mod-11 check digits. Pure and
// thread-safe.
//
// Accepted: birth numbers; D-numbers (day + 40, given to people without a birth number); and,
// only where the caller allows it, Skatteetaten's synthetic test numbers (month + 80, as
// Tenor issues them; D-numbers may combine both). Rejected: month + 40, which means an
// H-number (a hospital's stop-gap number that never leaves the health sector) or one of NAV's
// older synthetic series, neither of which a municipal service should store.
//
// Numbers issued from 1 January 2032 may satisfy the first check with remainder 0, 1, 2 or 3
// instead of only 0 (Skatteetaten's new series); parse_national_id must learn that rule
// before then. The gender digit is deliberately not exposed.
#pragma once
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace kp {

enum class NationalIdKind { birth_number, d_number };

struct NationalId {
  std::string digits;  // exactly 11 ASCII digits, without spaces
  NationalIdKind kind = NationalIdKind::birth_number;
  bool synthetic = false;  // a test number (month + 80)
  // The date the number encodes. For D-numbers this is usually, not always, the birth date:
  // when a date's D-numbers run out, the registration date's day and month are used.
  CivilDate birth_date;
};

// Parses "DDMMYYNNNCC"; ASCII spaces anywhere inside and whitespace around are ignored
// ("010180 12345"). With allow_synthetic false, test numbers are rejected. Errors name the
// field "national_id".
Result<NationalId> parse_national_id(std::string_view text, bool allow_synthetic);

// For lists: "DDMMYY *****" — the date part, never the personal number. Anything that is
// not 11 digits (spaces allowed, as parse_national_id allows them) comes back fully masked.
std::string mask_national_id(std::string_view digits);

// A valid synthetic (month + 80) number for tests and demo data, with `individual` (0–999)
// as individual number and day + 40 when d_number. Returns "" when that individual number
// does not fit the birth year's century or gives a check digit of 10 — callers try the next.
std::string make_synthetic_national_id(CivilDate birth, int individual, bool d_number = false);

}  // namespace kp
