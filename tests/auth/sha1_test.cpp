#include "auth/sha1.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/crypto.hpp"

namespace kp::auth {
namespace {

std::string hex(const std::string& raw) { return kp::crypto::hex(raw); }

// FIPS 180 example messages (SHA-1 examples and the NIST CAVS short/long messages).
TEST(Sha1, FipsVectors) {
  EXPECT_EQ(hex(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex(sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(hex(sha1("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklm"
                     "nopqklmnopqrlmnopqrsmnopqrstnopqrstu")),
            "a49b2446a02c645bf419f995b67091253a04a259");
  EXPECT_EQ(hex(sha1(std::string(1000000, 'a'))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(Sha1, IncrementalMatchesOneShot) {
  std::string msg;
  for (int i = 0; i < 300; ++i) msg += static_cast<char>(i * 7);
  for (size_t chunk : {1u, 3u, 55u, 56u, 63u, 64u, 65u, 127u}) {
    Sha1 s;
    for (size_t at = 0; at < msg.size(); at += chunk)
      s.update(std::string_view(msg).substr(at, chunk));
    EXPECT_EQ(hex(s.finish()), hex(sha1(msg))) << "chunk " << chunk;
  }
}

// Lengths around the padding boundary (55/56/64 bytes) take different padding paths;
// expected values were computed with an independent implementation (Python hashlib).
TEST(Sha1, PaddingBoundaries) {
  EXPECT_EQ(hex(sha1(std::string(55, 'a'))), "c1c8bbdc22796e28c0e15163d20899b65621d65a");
  EXPECT_EQ(hex(sha1(std::string(56, 'a'))), "c2db330f6083854c99d4b5bfb6e8f29f201be699");
  EXPECT_EQ(hex(sha1(std::string(64, 'a'))), "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

// RFC 2202 section 3, test cases 1–7.
TEST(HmacSha1, Rfc2202Vectors) {
  std::string key4;
  for (int i = 1; i <= 25; ++i) key4 += static_cast<char>(i);
  const std::string aa80(80, '\xaa');
  EXPECT_EQ(hex(hmac_sha1(std::string(20, '\x0b'), "Hi There")),
            "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(hex(hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(hex(hmac_sha1(std::string(20, '\xaa'), std::string(50, '\xdd'))),
            "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
  EXPECT_EQ(hex(hmac_sha1(key4, std::string(50, '\xcd'))),
            "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
  EXPECT_EQ(hex(hmac_sha1(std::string(20, '\x0c'), "Test With Truncation")),
            "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
  EXPECT_EQ(hex(hmac_sha1(aa80, "Test Using Larger Than Block-Size Key - Hash Key First")),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112");
  EXPECT_EQ(hex(hmac_sha1(aa80,
                          "Test Using Larger Than Block-Size Key and Larger Than One Block-Size "
                          "Data")),
            "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

}  // namespace
}  // namespace kp::auth
