#include "http/target.hpp"

#include "core/text.hpp"
#include "http/form.hpp"

// Boost.URL's parse_origin_form is not used: it implements RFC 3986 strictly and so rejects
// characters browsers send unescaped (WHATWG URL leaves | ^ ` { } raw in queries), which
// would turn ordinary searches into 400s. The grammar needed here is small enough to do by
// hand.

namespace kp::http {
namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// Bytes that may never appear raw in a target. Non-ASCII bytes are allowed through and
// judged by the UTF-8 check after decoding.
bool has_forbidden_raw_byte(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '#') return true;
  }
  return false;
}

bool is_clean_path(std::string_view path) {
  if (!kp::text::is_clean_utf8(path)) return false;
  for (char c : path)
    if (c == '\t' || c == '\r' || c == '\n') return false;
  // Rejecting rather than resolving dot segments keeps one path meaning one resource, and
  // checking after decoding catches %2e%2e and %2F-joined traversal.
  std::size_t pos = 1;
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view segment = path.substr(pos, slash - pos);
    if (segment == "." || segment == "..") return false;
    pos = slash + 1;
  }
  return true;
}

}  // namespace

kp::Result<ParsedTarget> parse_target(std::string_view target) {
  if (target.empty()) return kp::invalid("Invalid request target");
  if (target.front() != '/') {
    // RFC 9112 §3.2.2: servers must accept the absolute-form; the authority is ignored
    // because the Host we serve is fixed by configuration.
    std::size_t skip;
    if (starts_with_ci(target, "http://")) {
      skip = 7;
    } else if (starts_with_ci(target, "https://")) {
      skip = 8;
    } else {
      return kp::invalid("Invalid request target");
    }
    const std::size_t rest = target.find_first_of("/?", skip);
    if (rest == skip) return kp::invalid("Invalid request target");
    target = rest == std::string_view::npos ? std::string_view() : target.substr(rest);
  }
  if (has_forbidden_raw_byte(target)) return kp::invalid("Invalid request target");

  const std::size_t q = target.find('?');
  const std::string_view raw_path = target.substr(0, q);
  const std::string_view raw_query =
      q == std::string_view::npos ? std::string_view() : target.substr(q + 1);

  ParsedTarget out;
  if (raw_path.empty()) {
    out.path.push_back('/');  // not = "/": GCC 12 -Wrestrict false positive (PR 105329)
  } else if (!percent_decode(raw_path, false, out.path) || !is_clean_path(out.path)) {
    return kp::invalid("Invalid request target");
  }
  auto query = parse_form(raw_query);
  if (!query) return kp::invalid("Invalid query string", query.error().field);
  out.query = std::move(*query);
  return out;
}

}  // namespace kp::http
