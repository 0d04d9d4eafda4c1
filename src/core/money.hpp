// Amounts of Norwegian kroner, held as øre in std::int64_t so that sums are exact. Pure and
// thread-safe. Locale-aware display is the pages' business (ICU); these functions are for
// what people type into forms and for the value that goes back into a form field.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kp {

// The largest amount parse_nok accepts: 100 billion kroner, far above any household's
// income yet well inside int64 øre.
inline constexpr std::int64_t kMaxNokOre = 100'000'000'000LL * 100;

// Parses what Norwegians type: "412000", "412 000", "412 000,50", "412.000", "kr 412 000",
// "412000 kr", "412 000,-", "NOK 412 000", with space, U+00A0 or U+202F between thousands
// groups (which must then have three digits each). A decimal comma takes one or two øre
// digits; a point does too when the number has no other point. Rejects empty input,
// negatives, anything else and amounts above kMaxNokOre, with errors naming `field`.
Result<std::int64_t> parse_nok(std::string_view text, std::string_view field);

// "412 000" or "412 000,50": plain ASCII spaces between thousands, øre only when not zero,
// so that a form field's value parses back to the same amount. Negative amounts get a
// leading "-" (parse_nok rejects those).
std::string format_nok_plain(std::int64_t ore);

}  // namespace kp
