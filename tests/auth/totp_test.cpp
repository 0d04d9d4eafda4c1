#include "auth/totp.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"

namespace kp::auth::totp {
namespace {

// The RFC 6238 / RFC 4226 test key: ASCII "12345678901234567890".
const std::string kRfcKey = "12345678901234567890";

// RFC 4648 section 10 (we encode without padding; decoding accepts it).
TEST(Base32, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},
      {"f", "MY"},
      {"fo", "MZXQ"},
      {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI"},
  };
  for (auto [plain, encoded] : cases) {
    EXPECT_EQ(base32_encode(plain), encoded);
    auto back = base32_decode(encoded);
    ASSERT_TRUE(back.has_value()) << encoded;
    EXPECT_EQ(*back, plain);
  }
  EXPECT_EQ(*base32_decode("MZXW6YTBOI======"), "foobar");
  EXPECT_EQ(*base32_decode("MY======"), "f");
}

TEST(Base32, ToleratesHandCopiedInput) { EXPECT_EQ(*base32_decode("mzxw 6ytb-oi"), "foobar"); }

TEST(Base32, RejectsBadInput) {
  EXPECT_FALSE(base32_decode("MZXW1").has_value());  // '1' is not in the alphabet
  EXPECT_FALSE(base32_decode("MZ0W6").has_value());
  EXPECT_FALSE(base32_decode("M").has_value());  // 1, 3 or 6 trailing symbols: impossible
  EXPECT_FALSE(base32_decode("MZX").has_value());
  EXPECT_FALSE(base32_decode("MZXW6Y").has_value());
  auto err = base32_decode("!!");
  ASSERT_FALSE(err.has_value());
  EXPECT_EQ(err.error().field, "secret");
}

TEST(Base32, RoundTripsRandomBytes) {
  kp::crypto::init();
  for (size_t n = 0; n < 40; ++n) {
    const std::string bytes = kp::crypto::random_bytes(n);
    EXPECT_EQ(*base32_decode(base32_encode(bytes)), bytes);
  }
}

// RFC 4226 appendix D: HOTP values for counters 0–9.
TEST(Totp, Rfc4226HotpVectors) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (int i = 0; i < 10; ++i) EXPECT_EQ(code_at(kRfcKey, i), expected[i]) << i;
}

// RFC 6238 appendix B, the SHA-1 rows (8 digits).
TEST(Totp, Rfc6238Sha1Vectors) {
  const std::pair<UnixSeconds, const char*> cases[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (auto [t, code] : cases) EXPECT_EQ(code_at(kRfcKey, step_at(t), 8), code) << t;
}

TEST(Totp, StepAt) {
  EXPECT_EQ(step_at(0), 0);
  EXPECT_EQ(step_at(29), 0);
  EXPECT_EQ(step_at(30), 1);
  EXPECT_EQ(step_at(1111111109), 37037036);
  EXPECT_EQ(step_at(-1), -1);
}

TEST(Totp, VerifyAcceptsAdjacentStepsAndReturnsTheStep) {
  const std::string secret = base32_encode(kRfcKey);
  const UnixSeconds now = 1234567890;
  const std::int64_t step = step_at(now);
  EXPECT_EQ(verify(secret, code_at(kRfcKey, step), now, 0), step);
  EXPECT_EQ(verify(secret, code_at(kRfcKey, step - 1), now, 0), step - 1);
  EXPECT_EQ(verify(secret, code_at(kRfcKey, step + 1), now, 0), step + 1);
  EXPECT_FALSE(verify(secret, code_at(kRfcKey, step - 2), now, 0));
  EXPECT_FALSE(verify(secret, code_at(kRfcKey, step + 2), now, 0));
}

TEST(Totp, VerifyRefusesReplay) {
  const std::string secret = base32_encode(kRfcKey);
  const UnixSeconds now = 1234567890;
  const std::int64_t step = step_at(now);
  const std::string code = code_at(kRfcKey, step);
  ASSERT_EQ(verify(secret, code, now, 0), step);
  EXPECT_FALSE(verify(secret, code, now, step));                        // same code again
  EXPECT_FALSE(verify(secret, code_at(kRfcKey, step - 1), now, step));  // an older one
  EXPECT_EQ(verify(secret, code_at(kRfcKey, step + 1), now, step), step + 1);
}

TEST(Totp, VerifyRejectsMalformedCodes) {
  const std::string secret = base32_encode(kRfcKey);
  const UnixSeconds now = 1234567890;
  const std::string code = code_at(kRfcKey, step_at(now));
  EXPECT_EQ(verify(secret, code.substr(0, 3) + " " + code.substr(3), now, 0), step_at(now));
  EXPECT_FALSE(verify(secret, code.substr(0, 5), now, 0));
  EXPECT_FALSE(verify(secret, code + "0", now, 0));
  EXPECT_FALSE(verify(secret, "12a456", now, 0));
  EXPECT_FALSE(verify(secret, "", now, 0));
  EXPECT_FALSE(verify("not base32!", code, now, 0));
  EXPECT_FALSE(verify("", code, now, 0));
}

TEST(Totp, NewSecretIs160Bits) {
  kp::crypto::init();
  const std::string a = new_secret(), b = new_secret();
  EXPECT_EQ(a.size(), 32u);  // 20 bytes → 32 base32 symbols, no padding needed
  EXPECT_EQ(base32_decode(a)->size(), kSecretBytes);
  EXPECT_NE(a, b);
}

TEST(Totp, OtpauthUri) {
  EXPECT_EQ(otpauth_uri("Knutepunkt", "kari.nordmann", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Knutepunkt:kari.nordmann?secret=JBSWY3DPEHPK3PXP&issuer=Knutepunkt"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(otpauth_uri("Eksempel kommune", "ola:x@y", "AAAA"),
            "otpauth://totp/Eksempel%20kommune:ola%3Ax%40y?secret=AAAA&issuer=Eksempel%20kommune"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(otpauth_uri("Bø", "a", "AAAA").substr(0, 23), "otpauth://totp/B%C3%B8:");
}

}  // namespace
}  // namespace kp::auth::totp
