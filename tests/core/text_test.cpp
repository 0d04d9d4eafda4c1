#include <gtest/gtest.h>

#include <algorithm>

#include "core/text.hpp"

using namespace kp::text;

TEST(Fold, NorwegianLettersTypedOnAPlainKeyboardMatch) {
  EXPECT_EQ(fold("Skøyteskole"), "skoyteskole");
  EXPECT_EQ(fold("Bærtur i skogen"), "baertur i skogen");
  EXPECT_EQ(fold("Ålesund-tur"), "aalesund tur");
  EXPECT_EQ(fold("KAFÉ"), "kafe");
}

TEST(Fold, PunctuationBecomesSpaceAndOtherScriptsSurvive) {
  EXPECT_EQ(fold("  Hei, verden!  "), "hei verden");
  EXPECT_EQ(fold("Українська МОВА"), "українська мова");
  EXPECT_EQ(fold("كُرة القدم"), "كرة القدم");  // diacritics dropped
  EXPECT_EQ(fold("ትግርኛ"), "ትግርኛ");
}

TEST(Fold, MalformedUtf8IsSkippedNotCrashed) {
  EXPECT_EQ(fold(std::string("ab\xC3", 3)), "ab");
  EXPECT_FALSE(is_clean_utf8(std::string("ab\xC3", 3)));
  EXPECT_FALSE(is_clean_utf8(std::string("a\0b", 3)));
  EXPECT_TRUE(is_clean_utf8("æøå\nok\t"));
}

TEST(SortKey, AeOeAaComeAfterZ) {
  std::vector<std::string> names = {"Åsen", "Zebra", "Øya", "Ærfugl", "abc", "Ost"};
  std::sort(names.begin(), names.end(), [](auto& a, auto& b) { return nb_sort_key(a) < nb_sort_key(b); });
  EXPECT_EQ(names, (std::vector<std::string>{"abc", "Ost", "Zebra", "Ærfugl", "Øya", "Åsen"}));
}

TEST(Words, SplitsFoldedText) {
  EXPECT_EQ(words("a bb  ccc"), (std::vector<std::string>{"a", "bb", "ccc"}));
  EXPECT_TRUE(words("").empty());
}

TEST(Length, CountsCodePoints) {
  EXPECT_EQ(length_utf8("æøå"), 3u);
  EXPECT_EQ(length_utf8("abc"), 3u);
}
