// Text helpers that know Norwegian: search folding and a sort key that puts æ, ø, å after z.
// All functions take and return UTF-8 and are pure and thread-safe.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kp::text {

// True if `s` is well-formed UTF-8 without NUL or C0 control characters other than
// tab, newline and carriage return.
bool is_clean_utf8(std::string_view s);

// Lower-cases and folds for search so that "Æ/æ"→"ae", "Ø/ø"→"o", "Å/å"→"aa", accented
// Latin letters lose their accents, and what a user types with a plain keyboard matches.
// Letters of other scripts are kept (lower-cased where Cyrillic/Latin); punctuation becomes
// a space.
std::string fold(std::string_view s);

// Splits folded text into words (runs of non-space).
std::vector<std::string> words(std::string_view folded);

// A byte string whose bytewise order is Norwegian alphabetical order (case-insensitive,
// a–z then æ, ø, å). Stored beside names so both engines sort with a plain binary collation.
std::string nb_sort_key(std::string_view s);

// Trims ASCII whitespace at both ends.
std::string_view trim(std::string_view s);

// Number of Unicode code points (for length limits on user input).
size_t length_utf8(std::string_view s);

// Comma-separated code lists as stored in the database ("health,nav"); empty items dropped.
std::vector<std::string> split_commas(std::string_view s);
std::string join_commas(const std::vector<std::string>& items);

}  // namespace kp::text
