// Shared by the libFuzzer targets: an invariant that does not hold is a finding, so it aborts
// (libFuzzer then saves the input) after saying which one failed and where.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#define KP_FUZZ_CHECK(cond, what)                                                        \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "\nfuzz invariant failed: %s\n  check: %s\n  at %s:%d\n", what, \
                   #cond, __FILE__, __LINE__);                                           \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

namespace kp::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// FNV-1a: a cheap, stable way to derive parameters (dates, limits) from the input itself so
// that every input is reproducible on its own.
inline std::uint64_t hash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// Percent-encodes every byte but RFC 3986 unreserved ones and those in `keep`.
inline std::string percent_encode(std::string_view s, std::string_view keep = {}) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved || keep.find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace kp::fuzz
