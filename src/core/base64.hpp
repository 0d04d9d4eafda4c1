// Standard base64 (RFC 4648 §4, with padding). Uploaded files are kept base64-encoded in a TEXT
// column so one portable column type works on both SQLite and PostgreSQL.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kp::base64 {

// Encodes any bytes. Pure; thread-safe.
std::string encode(std::string_view bytes);

// Decodes what encode() produced. Returns nullopt for anything else: a length that is not a
// multiple of 4, a character outside the alphabet, padding anywhere but the end, or non-zero
// bits in the padding (so every byte string has exactly one encoding). Pure; thread-safe.
std::optional<std::string> decode(std::string_view text);

}  // namespace kp::base64
