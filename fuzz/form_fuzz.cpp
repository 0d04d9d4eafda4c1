// libFuzzer target for http::parse_form (every POST body and query string).
//
// Invariants beyond "does not crash": accepted pairs respect the documented limits and
// character rules; encoding them again and parsing gives the same pairs; and a body that is
// also a valid request-target query parses to the same pairs there.
#include <string>

#include "core/text.hpp"
#include "fuzz_check.hpp"
#include "http/form.hpp"
#include "http/target.hpp"

namespace {

std::string encode(const kp::http::Pairs& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += kp::fuzz::percent_encode(name) + '=' + kp::fuzz::percent_encode(value);
  }
  return out;
}

bool valid_in_target(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '#') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = kp::fuzz::as_text(data, size);
  auto parsed = kp::http::parse_form(input);
  if (!parsed) {
    KP_FUZZ_CHECK(!parsed.error().message.empty(), "a rejection says why");
    return 0;
  }
  KP_FUZZ_CHECK(parsed->size() <= kp::http::kMaxFormPairs, "at most kMaxFormPairs pairs");
  for (const auto& [name, value] : *parsed) {
    KP_FUZZ_CHECK(!name.empty() && name.size() <= kp::http::kMaxFormNameBytes, "name length");
    KP_FUZZ_CHECK(value.size() <= kp::http::kMaxFormValueBytes, "value length");
    KP_FUZZ_CHECK(kp::text::is_clean_utf8(name) && kp::text::is_clean_utf8(value),
                  "names and values are clean UTF-8");
    KP_FUZZ_CHECK(name.find_first_of("\t\r\n") == std::string::npos, "no control in names");
  }

  auto reparsed = kp::http::parse_form(encode(*parsed));
  KP_FUZZ_CHECK(reparsed.has_value(), "the re-encoded body parses");
  KP_FUZZ_CHECK(*reparsed == *parsed, "the re-encoded body gives the same pairs");

  if (valid_in_target(input)) {
    auto target = kp::http::parse_target("/?" + std::string(input));
    KP_FUZZ_CHECK(target.has_value(), "a valid form is a valid query");
    KP_FUZZ_CHECK(target->query == *parsed, "query and form parsing agree");
  }
  return 0;
}
