// Thin wrappers over libsodium so that no other file needs <sodium.h>.
#pragma once
#include <string>
#include <string_view>

namespace kp::crypto {

// Initialises libsodium; call once at start-up (idempotent, thread-safe).
void init();
// `n` random bytes from the OS CSPRNG.
std::string random_bytes(size_t n);
// A random token of `n` bytes, base64url without padding.
std::string random_token(size_t n = 32);
std::string base64url(std::string_view bytes);
std::string hex(std::string_view bytes);
std::string sha256(std::string_view data);  // raw 32 bytes
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view msg);  // raw 32 bytes
// Constant-time comparison.
bool equal(std::string_view a, std::string_view b);
// argon2id password hash in libsodium's encoded string form (interactive limits).
std::string hash_password(std::string_view password);
bool verify_password(std::string_view encoded, std::string_view password);

}  // namespace kp::crypto
