// Time-based one-time passwords (RFC 6238) as authenticator apps expect them: HMAC-SHA-1,
// 30-second steps, 6 digits, secrets shown as unpadded RFC 4648 base32.
//
// Replay protection: verify() returns the time step that matched; the caller stores it
// (users.totp_last_step) and passes it back, and codes of that step or earlier are refused.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace kp::auth::totp {

inline constexpr int kStepSeconds = 30;
inline constexpr int kDigits = 6;
inline constexpr size_t kSecretBytes = 20;  // 160 bits, the HMAC-SHA-1 output size (RFC 4226)
// Steps accepted either side of the current one, to tolerate clock drift and typing time.
inline constexpr int kWindow = 1;

// RFC 4648 base32 (A–Z, 2–7) without '=' padding. Pure, thread-safe.
std::string base32_encode(std::string_view bytes);
// Decodes base32. Tolerates lower case, spaces, hyphens and trailing '=' padding, since
// people copy secrets by hand; rejects other characters and impossible lengths. Pure.
Result<std::string> base32_decode(std::string_view text);

// A new random secret of kSecretBytes, base32-encoded. Thread-safe.
std::string new_secret();

// The otpauth:// URI an authenticator app reads from a QR code, e.g.
//   otpauth://totp/Knutepunkt:kari.nordmann?secret=…&issuer=Knutepunkt
//   &algorithm=SHA1&digits=6&period=30 (one line).
// `issuer` and `account` are percent-encoded. Pure, thread-safe.
std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view secret_base32);

// The time step containing `t` (floor(t / 30); negative times count down). Pure.
std::int64_t step_at(UnixSeconds t);

// The HOTP value (RFC 4226) for raw key bytes at `step`, zero-padded to `digits` (1–9).
// Exposed for the RFC test vectors, which use 8 digits. Pure, thread-safe.
std::string code_at(std::string_view key, std::int64_t step, int digits = kDigits);

// Checks a 6-digit `code` (spaces ignored) against `secret_base32` at steps
// step_at(now) ± kWindow, accepting only steps greater than `last_used_step`. Returns the
// matched step, or nullopt for a wrong, malformed or replayed code or an undecodable
// secret. Compares in constant time. Pure, thread-safe.
std::optional<std::int64_t> verify(std::string_view secret_base32, std::string_view code,
                                   UnixSeconds now, std::int64_t last_used_step);

}  // namespace kp::auth::totp
