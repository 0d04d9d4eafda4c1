#include "core/base64.hpp"

#include <gtest/gtest.h>

namespace kp {
namespace {

TEST(Base64, EncodesTheRfc4648Examples) {
  EXPECT_EQ(base64::encode(""), "");
  EXPECT_EQ(base64::encode("f"), "Zg==");
  EXPECT_EQ(base64::encode("fo"), "Zm8=");
  EXPECT_EQ(base64::encode("foo"), "Zm9v");
  EXPECT_EQ(base64::encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, BinaryBytesComeBackUnchanged) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t n : {0u, 1u, 2u, 3u, 255u, 256u}) {
    const std::string part = bytes.substr(0, n);
    EXPECT_EQ(base64::decode(base64::encode(part)), part) << n;
  }
}

TEST(Base64, RejectsWhatEncodeCannotProduce) {
  for (const char* bad : {"Zg", "Zg=", "Z===", "Zm9v!", "Zg==Zg==", "Zh==", "Zm9=", "Zm 9v"})
    EXPECT_FALSE(base64::decode(bad).has_value()) << bad;
}

}  // namespace
}  // namespace kp
