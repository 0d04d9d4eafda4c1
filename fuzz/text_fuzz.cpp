// libFuzzer target for the Norwegian text helpers in core/text.hpp (search folding, sort
// keys, UTF-8 checks), which see every name, search and form value.
//
// Invariants beyond "does not crash": fold is idempotent, returns clean UTF-8 without leading,
// trailing or doubled spaces, and ignores ASCII case; words() splits exactly what fold
// joined; nb_sort_key ignores ASCII case; trim and length_utf8 stay within their input.
#include <string>

#include "core/text.hpp"
#include "fuzz_check.hpp"

namespace {

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = kp::fuzz::as_text(data, size);
  namespace text = kp::text;

  const std::string folded = text::fold(input);
  KP_FUZZ_CHECK(text::fold(folded) == folded, "fold is idempotent");
  KP_FUZZ_CHECK(text::is_clean_utf8(folded), "fold returns clean UTF-8");
  KP_FUZZ_CHECK(folded.empty() || (folded.front() != ' ' && folded.back() != ' '),
                "fold trims spaces");
  KP_FUZZ_CHECK(folded.find("  ") == std::string::npos, "fold collapses spaces");
  KP_FUZZ_CHECK(text::fold(ascii_upper(input)) == folded, "fold ignores ASCII case");

  std::string joined;
  for (const std::string& w : text::words(folded)) {
    KP_FUZZ_CHECK(!w.empty() && w.find(' ') == std::string::npos, "words are non-empty runs");
    if (!joined.empty()) joined += ' ';
    joined += w;
  }
  KP_FUZZ_CHECK(joined == folded, "words() splits what fold joined");

  const std::string key = text::nb_sort_key(input);
  KP_FUZZ_CHECK(text::nb_sort_key(ascii_upper(input)) == key, "sort keys ignore ASCII case");

  const std::string_view trimmed = text::trim(input);
  KP_FUZZ_CHECK(trimmed.size() <= input.size() &&
                    input.substr(static_cast<std::size_t>(trimmed.data() - input.data()),
                                 trimmed.size()) == trimmed,
                "trim returns a piece of its input");
  KP_FUZZ_CHECK(text::length_utf8(input) <= input.size(), "a code point has at least one byte");
  if (text::is_clean_utf8(input)) {
    // Clean text has no byte fold would skip as malformed, so no letter can vanish.
    KP_FUZZ_CHECK(text::length_utf8(input) == 0 || !key.empty(), "clean text has a sort key");
  }
  return 0;
}
