#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "core/money.hpp"

using kp::format_nok_plain;
using kp::parse_nok;

namespace {

constexpr const char* kNotAnAmount = "Enter the amount in kroner, for example 412 000 or 412 000,50";

std::int64_t ore(std::string_view text) {
  const auto r = parse_nok(text, "income");
  EXPECT_TRUE(r.has_value()) << "'" << text << "': " << (r ? "" : r.error().message);
  return r.value_or(-1);
}

std::string error_of(std::string_view text) {
  const auto r = parse_nok(text, "income");
  if (r) return "accepted as " + std::to_string(*r);
  EXPECT_EQ(r.error().field, "income");
  return r.error().message;
}

}  // namespace

TEST(ParseNok, WhatPeopleType) {
  EXPECT_EQ(ore("412000"), 41'200'000);
  EXPECT_EQ(ore("412 000"), 41'200'000);
  EXPECT_EQ(ore("412 000,50"), 41'200'050);
  EXPECT_EQ(ore("412 000,5"), 41'200'050);
  EXPECT_EQ(ore("412.000"), 41'200'000);
  EXPECT_EQ(ore("1.412.000,75"), 141'200'075);
  EXPECT_EQ(ore("kr 412 000"), 41'200'000);
  EXPECT_EQ(ore("Kr. 412 000"), 41'200'000);
  EXPECT_EQ(ore("kr412000"), 41'200'000);
  EXPECT_EQ(ore("412000 kr"), 41'200'000);
  EXPECT_EQ(ore("412 000 NOK"), 41'200'000);
  EXPECT_EQ(ore("412 000,-"), 41'200'000);
  EXPECT_EQ(ore("kr 412 000,\xE2\x80\x93"), 41'200'000);  // ",–" with an en dash
  EXPECT_EQ(ore("  412  000\t"), 41'200'000);
  EXPECT_EQ(ore("412\xC2\xA0" "000"), 41'200'000);      // U+00A0
  EXPECT_EQ(ore("412\xE2\x80\xAF" "000,50"), 41'200'050);  // U+202F
  EXPECT_EQ(ore("0"), 0);
  EXPECT_EQ(ore("0,01"), 1);
  EXPECT_EQ(ore("12.5"), 1'250);  // a point with one or two digits after it is a decimal point
  EXPECT_EQ(ore("12.50"), 1'250);
  EXPECT_EQ(ore("1.500"), 150'000);  // three digits: thousands
}

TEST(ParseNok, RejectsWithTheReason) {
  EXPECT_EQ(error_of(""), "Enter an amount");
  EXPECT_EQ(error_of("   "), "Enter an amount");
  EXPECT_EQ(error_of("-412000"), "The amount cannot be negative");
  EXPECT_EQ(error_of("kr -5"), "The amount cannot be negative");
  EXPECT_EQ(error_of("\xE2\x88\x92" "5"), "The amount cannot be negative");  // U+2212
  EXPECT_EQ(error_of("100 000 000 001"), "The amount is too large");
  EXPECT_EQ(error_of("99999999999999999999999"), "The amount is too large");
  for (const char* text : {"abc", "kr", "412,000", "412,5,0", "412 00", "4 12000", "41 2000", "412000 000",
                           "412..000", "412.00.0", "412,", "412.", ",50", "412 000,50,-", "412,-kr-",
                           "+412", "412-", "4l2", "412 000,5x", "412 ,50", "0x10", "1e5", "412 kr kr",
                           "412\xC3\xA6", "\xFF", "412\xE2\x80\x94"}) {
    EXPECT_EQ(error_of(text), kNotAnAmount) << "'" << text << "'";
  }
}

TEST(ParseNok, TheLimitItself) {
  EXPECT_EQ(ore("100 000 000 000"), kp::kMaxNokOre);
  EXPECT_EQ(error_of("100 000 000 000,01"), "The amount is too large");
}

TEST(FormatNok, PlainSpacesAndOreOnlyWhenThere) {
  EXPECT_EQ(format_nok_plain(0), "0");
  EXPECT_EQ(format_nok_plain(5), "0,05");
  EXPECT_EQ(format_nok_plain(99'900), "999");
  EXPECT_EQ(format_nok_plain(100'000), "1 000");
  EXPECT_EQ(format_nok_plain(41'200'000), "412 000");
  EXPECT_EQ(format_nok_plain(41'200'050), "412 000,50");
  EXPECT_EQ(format_nok_plain(kp::kMaxNokOre), "100 000 000 000");
  EXPECT_EQ(format_nok_plain(-41'200'050), "-412 000,50");
  EXPECT_EQ(format_nok_plain(std::numeric_limits<std::int64_t>::min()), "-92 233 720 368 547 758,08");
}

TEST(FormatNok, RoundTripsThroughParse) {
  for (std::int64_t v = 0; v <= kp::kMaxNokOre; v = v * 7 + 13)
    EXPECT_EQ(parse_nok(format_nok_plain(v), "x").value_or(-1), v) << v;
}
