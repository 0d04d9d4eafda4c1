// libFuzzer target for http::parse_target (the request-target of every request).
//
// Invariants beyond "does not crash": an accepted path starts with '/', is clean UTF-8 with
// no control character (so no NUL) and has no "." or ".." segment, whatever the encoding
// tricks; query names are never empty; and percent-encoding the parsed result and parsing it
// again gives the same result (the parser does not depend on how a byte was spelled).
#include <string>

#include "core/text.hpp"
#include "fuzz_check.hpp"
#include "http/target.hpp"

namespace {

std::string encode_query(const kp::http::Pairs& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += kp::fuzz::percent_encode(name) + '=' + kp::fuzz::percent_encode(value);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = kp::fuzz::as_text(data, size);
  auto parsed = kp::http::parse_target(input);
  if (!parsed) {
    KP_FUZZ_CHECK(!parsed.error().message.empty(), "a rejection says why");
    return 0;
  }
  const std::string& path = parsed->path;
  KP_FUZZ_CHECK(!path.empty() && path.front() == '/', "the path starts with '/'");
  KP_FUZZ_CHECK(path.find('\0') == std::string::npos, "no NUL in the path");
  KP_FUZZ_CHECK(kp::text::is_clean_utf8(path), "the path is clean UTF-8");
  KP_FUZZ_CHECK(path.find_first_of("\t\r\n") == std::string::npos, "no control character");
  const std::string slashed = path + "/";
  KP_FUZZ_CHECK(slashed.find("/../") == std::string::npos, "no '..' segment");
  KP_FUZZ_CHECK(slashed.find("/./") == std::string::npos, "no '.' segment");
  for (const auto& [name, value] : parsed->query) {
    KP_FUZZ_CHECK(!name.empty(), "query names are not empty");
    KP_FUZZ_CHECK(kp::text::is_clean_utf8(name) && kp::text::is_clean_utf8(value),
                  "query names and values are clean UTF-8");
  }

  std::string again = kp::fuzz::percent_encode(path, "/");
  if (!parsed->query.empty()) again += "?" + encode_query(parsed->query);
  auto reparsed = kp::http::parse_target(again);
  KP_FUZZ_CHECK(reparsed.has_value(), "the re-encoded target parses");
  KP_FUZZ_CHECK(reparsed->path == path, "the re-encoded path parses to the same path");
  KP_FUZZ_CHECK(reparsed->query == parsed->query, "the re-encoded query gives the same pairs");
  return 0;
}
