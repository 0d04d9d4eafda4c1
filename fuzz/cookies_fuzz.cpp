// libFuzzer target for http::parse_cookies (the Cookie header of every request).
//
// Invariants beyond "does not crash": at most kMaxCookies cookies, names are non-empty tokens,
// values hold no control character and no ';', and writing the cookies back as a header
// (values quoted, so the one pair of quotes the parser strips is ours) parses to the same.
#include <string>

#include "fuzz_check.hpp"
#include "http/form.hpp"

namespace {

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = kp::fuzz::as_text(data, size);
  const kp::http::Pairs cookies = kp::http::parse_cookies(input);
  KP_FUZZ_CHECK(cookies.size() <= kp::http::kMaxCookies, "at most kMaxCookies cookies");
  std::string header;
  for (const auto& [name, value] : cookies) {
    KP_FUZZ_CHECK(!name.empty(), "names are not empty");
    for (char c : name) KP_FUZZ_CHECK(is_token_char(c), "names are tokens");
    for (char c : value) {
      const auto u = static_cast<unsigned char>(c);
      KP_FUZZ_CHECK(u >= 0x20 && u != 0x7F && c != ';', "no control or ';' in values");
    }
    if (!header.empty()) header += "; ";
    header += name + "=\"" + value + "\"";
  }
  KP_FUZZ_CHECK(kp::http::parse_cookies(header) == cookies, "written back, the same cookies");
  return 0;
}
