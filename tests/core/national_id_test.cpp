// Every number below is synthetic (month + 80) or deliberately invalid; none can belong to a
// person. Check digits were worked out by hand, e.g. for 018180123:
//   K1: 0·3 + 1·7 + 8·6 + 1·1 + 8·8 + 0·9 + 1·4 + 2·5 + 3·2 = 140; 140 mod 11 = 8; 11 − 8 = 3
//   K2: 0·5 + 1·4 + 8·3 + 1·2 + 8·7 + 0·6 + 1·5 + 2·4 + 3·3 + 3·2 = 114; 114 mod 11 = 4; 11 − 4 = 7
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "core/national_id.hpp"

using kp::CivilDate;
using kp::NationalIdKind;
using kp::parse_national_id;

namespace {

constexpr const char* kLength = "The national identity number must have 11 digits";
constexpr const char* kCheck = "The national identity number's check digits are wrong";
constexpr const char* kDate = "The national identity number has no valid birth date";
constexpr const char* kSynthetic = "Test numbers (synthetic) are not allowed here";

struct Valid {
  const char* text;
  NationalIdKind kind;
  CivilDate birth;
};

struct Invalid {
  const char* text;
  const char* message;
};

}  // namespace

TEST(NationalId, AcceptsSyntheticBirthAndDNumbers) {
  const Valid cases[] = {
      {"01818012337", NationalIdKind::birth_number, {1980, 1, 1}},
      {"41818012320", NationalIdKind::d_number, {1980, 1, 1}},      // day + 40
      {"15860551389", NationalIdKind::birth_number, {2005, 6, 15}},  // 500–999, year 00–39
      {"01816060040", NationalIdKind::birth_number, {1860, 1, 1}},   // 500–749, year 54–99
      {"01814595044", NationalIdKind::birth_number, {1945, 1, 1}},   // 900–999, year 40–99
      {"01810001212", NationalIdKind::birth_number, {1900, 1, 1}},   // 000–499
      {"01813999869", NationalIdKind::birth_number, {2039, 1, 1}},   // the series' last year
      {"29820051260", NationalIdKind::birth_number, {2000, 2, 29}},  // 2000 was a leap year
  };
  for (const Valid& c : cases) {
    SCOPED_TRACE(c.text);
    const auto id = parse_national_id(c.text, true);
    ASSERT_TRUE(id.has_value()) << id.error().message;
    EXPECT_EQ(id->digits, c.text);
    EXPECT_EQ(id->kind, c.kind);
    EXPECT_TRUE(id->synthetic);
    EXPECT_EQ(id->birth_date, c.birth);
  }
}

TEST(NationalId, RejectsWithTheReason) {
  const Invalid cases[] = {
      {"01818012347", kCheck},    // first check digit 3 → 4
      {"01818012338", kCheck},    // second check digit 7 → 8
      {"01818012373", kCheck},    // check digits swapped
      {"01818021337", kCheck},    // individual digits swapped
      {"31829012378", kDate},     // 31 February 1990, check digits valid
      {"29820001247", kDate},     // 29 February 1900: not a leap year
      {"01814560089", kDate},     // 600 with year 45: no century
      {"01818080022", kDate},     // 800 with year 80: no century
      {"45458012354", kDate},     // month + 40 (H-number style) is not accepted
      {"00000000000", kDate},     // check digits work out, the date does not
      {"0181801233", kLength},
      {"018180123370", kLength},
      {"0181801233a", kLength},
      {"01818O12337", kLength},   // letter O
      {"018180-12337", kLength},  // only spaces may separate
      {"", kLength},
      {"   ", kLength},
      {"\xEF\xBC\x90" "1818012337", kLength},  // a full-width digit zero
  };
  for (const Invalid& c : cases) {
    SCOPED_TRACE(c.text);
    const auto id = parse_national_id(c.text, true);
    ASSERT_FALSE(id.has_value());
    EXPECT_EQ(id.error().message, c.message);
    EXPECT_EQ(id.error().field, "national_id");
    EXPECT_EQ(id.error().kind, kp::ErrorKind::invalid);
  }
}

TEST(NationalId, NoCheckDigitsSaveAPrefixWhoseFirstCheckDigitWouldBe10) {
  // 158605512: 1·3+5·7+8·6+6·1+0·8+5·9+5·4+1·5+2·2 = 166; 166 mod 11 = 1; 11 − 1 = 10.
  // 018180125: weighted sum 144; 144 mod 11 = 1 as well.
  for (const std::string prefix : {"158605512", "018180125"})
    for (int k = 0; k < 100; ++k) {
      const std::string text = prefix + std::to_string(k / 10) + std::to_string(k % 10);
      const auto id = parse_national_id(text, true);
      ASSERT_FALSE(id.has_value()) << text;
      EXPECT_EQ(id.error().message, kCheck);
    }
  // 018180126: K1 = 8, and then K2 would be 10.
  for (int k = 0; k < 10; ++k)
    EXPECT_FALSE(parse_national_id("0181801268" + std::to_string(k), true).has_value());
}

TEST(NationalId, SyntheticNumbersOnlyWhereAllowed) {
  for (const char* text : {"01818012337", "41818012320"}) {
    const auto id = parse_national_id(text, false);
    ASSERT_FALSE(id.has_value()) << text;
    EXPECT_EQ(id.error().message, kSynthetic);
  }
  // A worse problem is reported first.
  EXPECT_EQ(parse_national_id("01818012338", false).error().message, kCheck);
}

TEST(NationalId, SpacesAreIgnored) {
  for (const char* text : {"018180 12337", " 018180 123 37\t", "0 1 8 1 8 0 1 2 3 3 7", "\n01818012337\r\n"}) {
    const auto id = parse_national_id(text, true);
    ASSERT_TRUE(id.has_value()) << text;
    EXPECT_EQ(id->digits, "01818012337");
  }
}

namespace {

// The test's own check-digit arithmetic, to build ordinary (not synthetic) birth numbers at
// run time. They are dated 1854, before the oldest person who was ever given a number
// (born 1855), so none can be anyone's; no such number is written in this file.
std::string with_check_digits(std::string nine) {
  const std::array<int, 9> w1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
  const std::array<int, 10> w2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  int s1 = 0;
  for (std::size_t i = 0; i < 9; ++i) s1 += (nine[i] - '0') * w1[i];
  const int k1 = (11 - s1 % 11) % 11;
  if (k1 == 10) return "";
  nine += static_cast<char>('0' + k1);
  int s2 = 0;
  for (std::size_t i = 0; i < 10; ++i) s2 += (nine[i] - '0') * w2[i];
  const int k2 = (11 - s2 % 11) % 11;
  if (k2 == 10) return "";
  return nine + static_cast<char>('0' + k2);
}

}  // namespace

TEST(NationalId, OrdinaryNumbersAreAcceptedWithOrWithoutSyntheticAllowed) {
  int tried = 0;
  for (int individual = 500; individual <= 749 && tried < 20; ++individual) {
    const std::string text = with_check_digits("150354" + std::to_string(individual));
    if (text.empty()) continue;
    ++tried;
    for (bool allow : {false, true}) {
      const auto id = parse_national_id(text, allow);
      ASSERT_TRUE(id.has_value());
      EXPECT_FALSE(id->synthetic);
      EXPECT_EQ(id->kind, NationalIdKind::birth_number);
      EXPECT_EQ(id->birth_date, (CivilDate{1854, 3, 15}));
    }
  }
  EXPECT_EQ(tried, 20);
}

TEST(NationalId, MaskShowsOnlyTheDate) {
  EXPECT_EQ(kp::mask_national_id("01818012337"), "018180 *****");
  EXPECT_EQ(kp::mask_national_id("018180 12337"), "018180 *****");
  EXPECT_EQ(kp::mask_national_id("0181801233"), "****** *****");
  EXPECT_EQ(kp::mask_national_id("0181801233a"), "****** *****");
  EXPECT_EQ(kp::mask_national_id("018180123370"), "****** *****");
  EXPECT_EQ(kp::mask_national_id(""), "****** *****");
}

TEST(NationalId, GeneratorMatchesTheHandComputedTable) {
  EXPECT_EQ(kp::make_synthetic_national_id({1980, 1, 1}, 123), "01818012337");
  EXPECT_EQ(kp::make_synthetic_national_id({1980, 1, 1}, 123, true), "41818012320");
  EXPECT_EQ(kp::make_synthetic_national_id({2005, 6, 15}, 513), "15860551389");
  EXPECT_EQ(kp::make_synthetic_national_id({2005, 6, 15}, 512), "");  // K1 would be 10
  EXPECT_EQ(kp::make_synthetic_national_id({1980, 1, 1}, 126), "");   // K2 would be 10
  // Individual numbers outside the birth year's century, and impossible input.
  EXPECT_EQ(kp::make_synthetic_national_id({2005, 6, 15}, 123), "");
  EXPECT_EQ(kp::make_synthetic_national_id({1980, 1, 1}, 600), "");
  EXPECT_EQ(kp::make_synthetic_national_id({1850, 1, 1}, 600), "");
  EXPECT_EQ(kp::make_synthetic_national_id({2040, 1, 1}, 600), "");
  EXPECT_EQ(kp::make_synthetic_national_id({1990, 2, 30}, 1), "");
  EXPECT_EQ(kp::make_synthetic_national_id({1980, 1, 1}, -1), "");
  EXPECT_EQ(kp::make_synthetic_national_id({1980, 1, 1}, 1000), "");
}

// Property: for dates across the whole range the scheme covers (1854–2039), some individual
// number in the right series works, and what the generator makes parses back to its date.
TEST(NationalId, GeneratedNumbersParseBackToTheirBirthDate) {
  const std::int64_t first = kp::days_from_civil({1854, 1, 1});
  const std::int64_t last = kp::days_from_civil({2039, 12, 31});
  int checked = 0;
  for (std::int64_t day = first; day <= last; day += 13) {
    const CivilDate birth = kp::civil_from_days(day);
    for (bool d_number : {false, true}) {
      // Start somewhere in the series the year allows, varied by the day.
      const int base = birth.year < 1900 ? 500 : birth.year < 2000 ? (birth.year >= 1940 && day % 2 != 0 ? 900 : 0) : 500;
      const int span = birth.year < 1900 ? 250 : birth.year < 2000 ? (base == 900 ? 100 : 500) : 500;
      std::string text;
      for (int k = 0; k < span && text.empty(); ++k)
        text = kp::make_synthetic_national_id(birth, base + static_cast<int>(((day % span) + span + k) % span),
                                              d_number);
      ASSERT_FALSE(text.empty()) << kp::format_iso_date(birth);
      const auto id = parse_national_id(text, true);
      ASSERT_TRUE(id.has_value()) << text << ": " << id.error().message;
      EXPECT_EQ(id->birth_date, birth) << text;
      EXPECT_EQ(id->kind, d_number ? NationalIdKind::d_number : NationalIdKind::birth_number);
      EXPECT_TRUE(id->synthetic);
      EXPECT_EQ(id->digits, text);
      EXPECT_FALSE(parse_national_id(text, false).has_value());
      ++checked;
    }
  }
  EXPECT_GT(checked, 10000);
}
