#include "http/security_headers.hpp"

#include <array>
#include <utility>

namespace kp::http {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kHeaders{{
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
     "frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"X-Frame-Options", "DENY"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
}};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::span<const std::pair<std::string_view, std::string_view>> security_header_list() {
  return kHeaders;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

const std::string* find_header(const Pairs& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return &v;
  return nullptr;
}

std::string* find_header(Pairs& headers, std::string_view name) {
  for (auto& [k, v] : headers)
    if (iequals(k, name)) return &v;
  return nullptr;
}

void apply_security_headers(Response& r) {
  // Only the handler's own headers can clash; the ones added here are distinct.
  const std::size_t own = r.headers.size();
  r.headers.reserve(own + kHeaders.size());
  for (const auto& [name, value] : kHeaders) {
    bool present = false;
    for (std::size_t i = 0; i < own && !present; ++i) present = iequals(r.headers[i].first, name);
    if (!present) r.headers.emplace_back(std::string(name), std::string(value));
  }
}

}  // namespace kp::http
