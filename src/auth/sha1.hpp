// SHA-1 and HMAC-SHA-1, only because TOTP authenticator apps expect HMAC-SHA-1 (RFC 6238's
// default) and libsodium does not provide SHA-1. Do not use SHA-1 for anything else: it is
// broken for collision resistance. HMAC-SHA-1 is still a sound PRF, which is all TOTP needs.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace kp::auth {

// Incremental SHA-1 (FIPS 180-4). Not thread-safe; use one object per thread.
class Sha1 {
 public:
  static constexpr size_t kDigestSize = 20;
  static constexpr size_t kBlockSize = 64;

  Sha1();
  // Appends `data` to the message. Must not be called after finish().
  void update(std::string_view data);
  // Pads the message and returns the raw 20-byte digest. Call once.
  std::string finish();

 private:
  void compress(const unsigned char* block);

  std::array<std::uint32_t, 5> h_;
  std::array<unsigned char, kBlockSize> buffer_{};
  size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// Raw 20-byte SHA-1 digest of `data`. Pure, thread-safe.
std::string sha1(std::string_view data);
// Raw 20-byte HMAC-SHA-1 (RFC 2104) of `msg` under `key`. Pure, thread-safe.
std::string hmac_sha1(std::string_view key, std::string_view msg);

}  // namespace kp::auth
