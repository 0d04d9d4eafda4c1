#include "core/phone.hpp"

#include <gtest/gtest.h>

namespace kp::phone {

TEST(Phone, NorwegianNumbersAsPeopleTypeThemBecomeOneForm) {
  for (const char* typed : {"41234567", "412 34 567", "41 23 45 67", "+47 41 23 45 67", "+4741234567",
                            "0047 412 34 567", "47 41234567", "(+47) 412-34-567"}) {
    auto n = normalise(typed);
    ASSERT_TRUE(n) << typed;
    EXPECT_EQ(*n, "+4741234567") << typed;
  }
  EXPECT_EQ(normalise("22 33 44 55").value_or(""), "+4722334455");
}

TEST(Phone, ForeignNumbersWithPlusAreKept) {
  EXPECT_EQ(normalise("+46 70 123 45 67").value_or(""), "+46701234567");
  EXPECT_EQ(normalise("0046701234567").value_or(""), "+46701234567");
  EXPECT_EQ(normalise("+963 944 123 456").value_or(""), "+963944123456");
}

TEST(Phone, NonsenseIsRefused) {
  for (const char* typed : {"", "   ", "1234567", "412345678", "01234567", "12345678", "+47 1234567",
                            "+47 0123 4567", "abcdefgh", "4123456a", "+", "+0123456789", "+123456",
                            "+1234567890123456", "41234567\n", "4123 4567\r\nBcc: x"}) {
    EXPECT_FALSE(normalise(typed)) << typed;
  }
}

TEST(Phone, OnlyNorwegianMobilesCountAsMobile) {
  EXPECT_TRUE(is_norwegian_mobile("+4741234567"));
  EXPECT_TRUE(is_norwegian_mobile("+4791234567"));
  EXPECT_FALSE(is_norwegian_mobile("+4722334455"));
  EXPECT_FALSE(is_norwegian_mobile("+46701234567"));
}

}  // namespace kp::phone
