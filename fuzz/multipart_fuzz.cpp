// libFuzzer target for http::parse_multipart. The input's first line (up to '\n') is the
// Content-Type header value, the rest is the body.
//
// Invariants beyond "does not crash": accepted parts respect the limits and character rules;
// tighter limits never accept what looser ones refuse, and agree when both accept; writing
// the parts back in the canonical browser shape parses to the same parts.
#include <string>

#include "core/text.hpp"
#include "fuzz_check.hpp"
#include "http/form.hpp"
#include "http/multipart.hpp"

namespace {

// A boundary that occurs in no part's body, so writing the parts back cannot change them.
std::string fresh_boundary(const std::vector<kp::http::Part>& parts) {
  for (int n = 0;; ++n) {
    const std::string b = "kp-fuzz-" + std::to_string(n);
    bool clash = false;
    for (const auto& p : parts) clash = clash || p.body.find(b) != std::string::npos;
    if (!clash) return b;
  }
}

std::string write(const std::string& boundary, const std::vector<kp::http::Part>& parts) {
  std::string out;
  for (const auto& p : parts) {
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
    if (p.filename) out += "; filename=\"" + *p.filename + "\"";
    out += "\r\n";
    if (!p.content_type.empty()) out += "Content-Type: " + p.content_type + "\r\n";
    out += "\r\n" + p.body + "\r\n";
  }
  return out + "--" + boundary + "--\r\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = kp::fuzz::as_text(data, size);
  const std::size_t nl = input.find('\n');
  if (nl == std::string_view::npos) return 0;
  const std::string_view content_type = input.substr(0, nl);
  const std::string_view body = input.substr(nl + 1);

  kp::http::MultipartLimits loose;
  loose.max_total_bytes = 1 << 20;
  auto parsed = kp::http::parse_multipart(content_type, body, loose);

  kp::http::MultipartLimits tight;
  tight.max_parts = 3;
  tight.max_header_bytes = 100;
  tight.max_total_bytes = 2000;
  auto narrow = kp::http::parse_multipart(content_type, body, tight);
  if (narrow) {
    KP_FUZZ_CHECK(parsed.has_value(), "looser limits accept what tighter ones do");
    KP_FUZZ_CHECK(*narrow == *parsed, "limits do not change what is parsed");
    KP_FUZZ_CHECK(narrow->size() <= tight.max_parts, "max_parts holds");
  }
  if (!parsed) {
    KP_FUZZ_CHECK(!parsed.error().message.empty(), "a rejection says why");
    KP_FUZZ_CHECK(parsed.error().kind == kp::ErrorKind::invalid, "bad input is invalid");
    return 0;
  }

  KP_FUZZ_CHECK(parsed->size() <= loose.max_parts, "max_parts holds");
  std::size_t total = 0;
  for (const auto& p : *parsed) {
    KP_FUZZ_CHECK(!p.name.empty() && kp::text::is_clean_utf8(p.name), "names are clean");
    KP_FUZZ_CHECK(p.name.find_first_of("\"\t\r\n") == std::string::npos, "no quote or control in names");
    if (p.filename)
      KP_FUZZ_CHECK(kp::text::is_clean_utf8(*p.filename) &&
                        p.filename->find_first_of("\"\t\r\n") == std::string::npos,
                    "file names are clean");
    KP_FUZZ_CHECK(p.content_type.find_first_of("\r\n") == std::string::npos, "one-line type");
    KP_FUZZ_CHECK(p.body.size() <= body.size(), "a part is inside the body");
    KP_FUZZ_CHECK(p.name.size() <= kp::http::kMaxFormNameBytes, "names are not too long");
    if (!p.filename)
      KP_FUZZ_CHECK(kp::text::is_clean_utf8(p.body) && p.body.size() <= kp::http::kMaxFormValueBytes,
                    "form fields are clean text, as parse_form's");
    total += p.body.size();
  }
  KP_FUZZ_CHECK(total <= body.size(), "parts do not overlap");

  // Canonical headers may be a little longer than the ones sent, hence the roomier limit.
  const std::string boundary = fresh_boundary(*parsed);
  kp::http::MultipartLimits roomy = loose;
  roomy.max_header_bytes = 4096;
  auto again = kp::http::parse_multipart("multipart/form-data; boundary=" + boundary,
                                         write(boundary, *parsed), roomy);
  KP_FUZZ_CHECK(again.has_value(), "the written-back body parses");
  KP_FUZZ_CHECK(*again == *parsed, "the written-back body gives the same parts");
  return 0;
}
