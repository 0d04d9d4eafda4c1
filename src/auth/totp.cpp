#include "auth/totp.hpp"

#include <fmt/format.h>

#include "auth/sha1.hpp"
#include "core/crypto.hpp"

namespace kp::auth::totp {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int base32_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// RFC 3986 percent-encoding of everything but unreserved characters; ':' inside the label
// parts must be encoded because it separates issuer from account.
std::string percent_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (is_unreserved(c))
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace

std::string base32_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

Result<std::string> base32_decode(std::string_view text) {
  while (!text.empty() && (text.back() == '=' || text.back() == ' ')) text.remove_suffix(1);
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0;
  for (char c : text) {
    if (c == ' ' || c == '-') continue;
    const int v = base32_value(c);
    if (v < 0) return invalid("The key contains characters that are not allowed.", "secret");
    buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    ++symbols;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
      bits -= 8;
    }
  }
  // A final group of 1, 3 or 6 symbols cannot come from whole bytes.
  const size_t rest = symbols % 8;
  if (rest == 1 || rest == 3 || rest == 6)
    return invalid("The key has an impossible length.", "secret");
  return out;
}

std::string new_secret() { return base32_encode(kp::crypto::random_bytes(kSecretBytes)); }

std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view secret_base32) {
  const std::string iss = percent_encode(issuer);
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={}&period={}",
                     iss, percent_encode(account), secret_base32, iss, kDigits, kStepSeconds);
}

std::int64_t step_at(UnixSeconds t) {
  std::int64_t q = t / kStepSeconds;
  if (t % kStepSeconds < 0) --q;
  return q;
}

std::string code_at(std::string_view key, std::int64_t step, int digits) {
  unsigned char counter[8];
  auto c = static_cast<std::uint64_t>(step);
  for (int i = 7; i >= 0; --i, c >>= 8) counter[i] = static_cast<unsigned char>(c);
  const std::string mac =
      hmac_sha1(key, std::string_view(reinterpret_cast<const char*>(counter), sizeof counter));

  // Dynamic truncation (RFC 4226 section 5.3).
  const auto* h = reinterpret_cast<const unsigned char*>(mac.data());
  const int offset = h[19] & 0x0F;
  const std::uint32_t bin = (std::uint32_t{h[offset]} & 0x7F) << 24 |
                            std::uint32_t{h[offset + 1]} << 16 | std::uint32_t{h[offset + 2]} << 8 |
                            std::uint32_t{h[offset + 3]};
  if (digits < 1) digits = 1;
  if (digits > 9) digits = 9;
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  return fmt::format("{:0{}}", bin % modulus, digits);
}

std::optional<std::int64_t> verify(std::string_view secret_base32, std::string_view code,
                                   UnixSeconds now, std::int64_t last_used_step) {
  std::string digits;
  for (char ch : code) {
    if (ch == ' ') continue;
    if (ch < '0' || ch > '9') return std::nullopt;
    digits += ch;
  }
  if (digits.size() != static_cast<size_t>(kDigits)) return std::nullopt;
  auto key = base32_decode(secret_base32);
  if (!key || key->empty()) return std::nullopt;

  // Every candidate is computed and compared so the time taken does not depend on which
  // step matched.
  const std::int64_t current = step_at(now);
  std::optional<std::int64_t> matched;
  for (std::int64_t step = current - kWindow; step <= current + kWindow; ++step) {
    const bool same = kp::crypto::equal(code_at(*key, step), digits);
    if (same && step > last_used_step && !matched) matched = step;
  }
  return matched;
}

}  // namespace kp::auth::totp
