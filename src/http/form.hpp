// Parsers for application/x-www-form-urlencoded bodies and Cookie headers. Pure functions
// over untrusted bytes (fuzz targets): no allocation beyond the result, no globals, no Beast.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/request.hpp"

namespace kp::http {

inline constexpr std::size_t kMaxFormPairs = 1000;
inline constexpr std::size_t kMaxFormNameBytes = 200;
inline constexpr std::size_t kMaxFormValueBytes = 100 * 1024;
inline constexpr std::size_t kMaxCookies = 100;

// Appends the percent-decoding of `in` to `out`; '+' becomes a space when `plus_as_space`.
// Returns false (leaving `out` partly written) when a '%' is not followed by two hex digits.
// Pure and thread-safe.
bool percent_decode(std::string_view in, bool plus_as_space, std::string& out);

// Parses an application/x-www-form-urlencoded body (also used for query strings) into
// decoded pairs in order. Empty pieces and pieces with an empty name are skipped; a piece
// without '=' has an empty value. Fails with ErrorKind::invalid (English message, `field` =
// the parameter's decoded name when known) on bad percent-encoding, invalid UTF-8, a control
// character other than tab/CR/LF in a value (none at all in a name), more than kMaxFormPairs
// pairs, a name over kMaxFormNameBytes or a value over kMaxFormValueBytes. Pure, thread-safe.
kp::Result<Pairs> parse_form(std::string_view body);

// Parses a Cookie header ("a=1; b=2") tolerantly: malformed pieces (no '=', empty or
// non-token name, control characters in the value) are skipped, one pair of surrounding
// double quotes is stripped, values are not percent-decoded, and at most kMaxCookies
// cookies are returned. Pure and thread-safe.
Pairs parse_cookies(std::string_view header);

}  // namespace kp::http
