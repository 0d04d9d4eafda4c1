#include "auth/password_policy.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kp::auth {
namespace {

using P = PasswordProblem;

PasswordProblem problem(std::string_view pw, bool second_factor = false,
                        std::string_view username = "kari.nordmann",
                        std::string_view display_name = "Kari Nordmann") {
  return find_password_problem(pw, {username, display_name, second_factor});
}

TEST(PasswordPolicy, AcceptsPassphrasesWithoutCompositionRules) {
  EXPECT_EQ(problem("korrekt hest batteri stift"), P::none);  // spaces, lower case only
  EXPECT_EQ(problem("tre små kattunger i sola"), P::none);    // æøå
  EXPECT_EQ(problem("4817 2093 5561 7780"), P::none);         // digits only
  EXPECT_EQ(problem("}{?>:~`|][';/.,<"), P::none);            // symbols only
  EXPECT_EQ(problem("Жёлтый кит плывёт домой"), P::none);     // another script
  // Fifteen emoji are fifteen code points, although they are sixty bytes.
  EXPECT_EQ(problem("🦊🐴🍎🚲🌲🐟🎈🍕🦉🐝🍄🚂🌻🐙🎉"), P::none);
}

TEST(PasswordPolicy, MinimumDependsOnSecondFactor) {
  EXPECT_EQ(problem("sykkel i regnet"), P::none);       // 15 code points
  EXPECT_EQ(problem("sykkel i regne"), P::too_short);   // 14
  EXPECT_EQ(problem("sykkel i regne", true), P::none);  // 14 with a second factor
  EXPECT_EQ(problem("hvalros", true), P::too_short);    // 7
  EXPECT_EQ(problem("hvalross", true), P::none);        // 8
  EXPECT_EQ(problem(""), P::too_short);
  EXPECT_EQ(problem("", true), P::too_short);
  EXPECT_EQ(min_password_length({"", "", false}), 15u);
  EXPECT_EQ(min_password_length({"", "", true}), 8u);
}

TEST(PasswordPolicy, MinimumsAreParameters) {
  PasswordPolicy policy;
  policy.min_single_factor = 12;
  EXPECT_EQ(find_password_problem("lilla giraff", {"", "", false}, policy), P::none);
  EXPECT_EQ(find_password_problem("lilla giraf", {"", "", false}, policy), P::too_short);
}

TEST(PasswordPolicy, LengthCountsCodePointsUpTo128) {
  // Numbered words, so the text never repeats itself.
  std::string ok;
  const char* words[] = {"ærfugl", "østers", "åkerhøne", "skjære", "blåmeis"};
  for (int i = 0; ok.size() < 300; ++i) ok += std::string(words[i % 5]) + std::to_string(i) + " ";
  // Cut at exactly 128 code points (ok is UTF-8 with two-byte letters).
  std::string cut;
  size_t cps = 0;
  for (size_t i = 0; i < ok.size() && cps < 128; ++cps) {
    size_t len = (static_cast<unsigned char>(ok[i]) < 0x80) ? 1 : 2;
    cut += ok.substr(i, len);
    i += len;
  }
  ASSERT_GT(cut.size(), 128u);  // more bytes than code points
  EXPECT_EQ(problem(cut), P::none);
  EXPECT_EQ(problem(cut + "x"), P::too_long);
}

TEST(PasswordPolicy, RejectsInvalidText) {
  EXPECT_EQ(problem("gyldig passord \xff\xfe ugyldig"), P::not_text);
  EXPECT_EQ(problem(std::string("null\0byte i passordet", 21)), P::not_text);
}

TEST(PasswordPolicy, RejectsRepeatedAndSequentialCharacters) {
  EXPECT_EQ(problem("aaaaaaaaaaaaaaaa"), P::repetitive);
  EXPECT_EQ(problem("123456789012345"), P::repetitive);
  EXPECT_EQ(problem("abcdefghijklmnop"), P::repetitive);
  EXPECT_EQ(problem("zyxwvutsrqponmlk"), P::repetitive);
  EXPECT_EQ(problem("1234abcd", true), P::repetitive);
  EXPECT_EQ(problem("qwertyuiopå", true), P::repetitive);
  EXPECT_EQ(problem("qwertyuiopå12345"), P::repetitive);
  EXPECT_EQ(problem("asdfghjkløæ12345"), P::repetitive);
  EXPECT_EQ(problem("abcabcabcabcabca"), P::repetitive);
  EXPECT_EQ(problem("hestehestehestehest"), P::repetitive);
  EXPECT_EQ(problem("🐴🐴🐴🐴🐴🐴🐴🐴🐴🐴🐴🐴🐴🐴🐴"), P::repetitive);
  EXPECT_EQ(problem("                "), P::repetitive);
}

TEST(PasswordPolicy, RejectsCommonPasswords) {
  EXPECT_EQ(problem("password", true), P::common);
  EXPECT_EQ(problem("passord", true), P::too_short);
  EXPECT_EQ(problem("Passord2024!!!!!"), P::common);
  EXPECT_EQ(problem("PASSWORD-1928374"), P::common);
  EXPECT_EQ(problem("123456789012", true), P::repetitive);
  EXPECT_EQ(problem("Knutepunkt2025!!"), P::common);
  EXPECT_EQ(problem("knutepunkt er best"), P::common);
  EXPECT_EQ(problem("velkommen til oss"), P::common);
  EXPECT_EQ(problem("Sommer2025Sommer"), P::common);
  EXPECT_EQ(problem("iloveyou 😀 iloveyou"), P::common);
  // A blocklisted word inside a real passphrase is fine.
  EXPECT_EQ(problem("sommeren på hytta ved fjorden"), P::none);
  EXPECT_EQ(problem("passord er et rart ord å huske"), P::none);
}

TEST(PasswordPolicy, RejectsUsernameAndDisplayName) {
  EXPECT_EQ(problem("kari.nordmann-sykler-i-regnet"), P::contains_name);
  EXPECT_EQ(problem("KariNordmann syklet hjem"), P::contains_name);
  EXPECT_EQ(problem("Kari Nordmann er flink"), P::contains_name);
  EXPECT_EQ(problem("nordmann123456789"), P::contains_name);
  EXPECT_EQ(problem("kari!kari!kari!kari"), P::repetitive);
  EXPECT_EQ(problem("per.hansen.1985.xx", false, "per.hansen", "Per Hansen"), P::contains_name);
  // A first name within a real sentence is not the name.
  EXPECT_EQ(problem("kari liker blåbær og brunost"), P::none);
  // Without a context nothing is matched.
  EXPECT_EQ(problem("kari.nordmann-sykler-i-regnet", false, "", ""), P::none);
}

TEST(PasswordPolicy, CheckPasswordReturnsErrorOnPasswordField) {
  EXPECT_TRUE(check_password("korrekt hest batteri stift", {"ola", "Ola", false}).has_value());
  auto st = check_password("kort", {"ola", "Ola", false});
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().kind, ErrorKind::invalid);
  EXPECT_EQ(st.error().field, "password");
  EXPECT_EQ(st.error().message, password_problem_message(P::too_short));
  for (auto p :
       {P::too_short, P::too_long, P::not_text, P::common, P::repetitive, P::contains_name}) {
    const std::string msg = password_problem_message(p);
    EXPECT_FALSE(msg.empty());
    EXPECT_EQ(msg.find('%'), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace kp::auth
