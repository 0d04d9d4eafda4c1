// Phone numbers as people type them, normalised to one stored form so SMS reach them and
// duplicates can be found: Norwegian numbers as "+47" and 8 digits, others in international
// form ("+" and 7–15 digits, E.164) kept as given. Public forms and the SMS outbox share it.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kp::phone {

// Normalises `input`, ignoring spaces, '-', '.', '(' and ')':
//   "412 34 567", "41234567", "+47 41 23 45 67", "0047 41234567", "47 41234567" → "+4741234567"
//   "+46 70 123 45 67", "0046701234567" → "+46701234567"
// Norwegian numbers must have 8 digits and not start with 0 or 1. Returns nullopt for anything
// else (letters, too short/long, an unknown local format). Pure; thread-safe.
std::optional<std::string> normalise(std::string_view input);

// True when `normalised` (normalise()'s output) is a Norwegian mobile number (starts +474 or
// +479), i.e. one that can receive SMS.
bool is_norwegian_mobile(std::string_view normalised);

}  // namespace kp::phone
