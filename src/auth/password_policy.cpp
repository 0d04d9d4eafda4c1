#include "auth/password_policy.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace kp::auth {

namespace {

// Obvious choices an attacker tries first, in the normalised form of letters_of(): lower
// case, no spaces or ASCII punctuation. Digits and short suffixes around them are caught by
// the "trivial remainder" rule, so "Passord2024!" needs only "passord". Written for this
// project; deliberately short and not taken from a leaked-password corpus.
constexpr std::u32string_view kBlocklist[] = {
    U"password",   U"passord",     U"passwort",   U"passw0rd",     U"passordet",     U"qwerty",
    U"qwertyuiop", U"qwertyuiopå", U"asdfghjkl",  U"asdfghjkløæ",  U"zxcvbnm",       U"azerty",
    U"letmein",    U"welcome",     U"velkommen",  U"admin",        U"administrator", U"changeme",
    U"endremeg",   U"byttmeg",     U"iloveyou",   U"jegelskerdeg", U"hemmelig",      U"hemmelighet",
    U"secret",     U"sommer",      U"vinter",     U"våren",        U"høsten",        U"monkey",
    U"dragon",     U"football",    U"fotball",    U"sunshine",     U"princess",      U"superman",
    U"trustno1",   U"abc123",      U"123456",     U"1234567890",   U"123456789012",  U"0987654321",
    U"111111",     U"000000",      U"knutepunkt", U"kommune",      U"kommunen",      U"norge",
    U"norway",     U"brukernavn",  U"username",   U"innlogging",   U"logginn",       U"login",
    U"default",    U"standard",    U"guest",      U"gjest",        U"bruker",        U"testtest",
    U"hallo",      U"hello",       U"heisann",    U"godmorgen",
};

// Rows of a Norwegian keyboard; neighbours on a row count as "sequential".
constexpr std::array<std::u32string_view, 4> kKeyboardRows = {U"1234567890+", U"qwertyuiopå",
                                                              U"asdfghjkløæ", U"zxcvbnm,.-"};

// A remainder shorter than this, after removing blocklisted or personal words, adds too
// little to save the password ("passord" + "2024", "knutepunkt" + "er best"). It equals
// the two-factor minimum: what is left must be acceptable length on its own.
constexpr size_t kMinMeaningfulRemainder = 8;

// Decodes UTF-8 that is_clean_utf8() has accepted.
std::u32string decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out += cp;
    i += len;
  }
  return out;
}

char32_t lower(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;  // Latin-1 capitals incl. Æ Ø Å
  return c;
}

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0xA0 || c == 0x202F ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x3000;
}

bool is_ascii_punct(char32_t c) {
  return c < 0x80 && !(c >= U'a' && c <= U'z') && !(c >= U'0' && c <= U'9');
}

// Lower case without spaces: what the repetition checks look at.
std::u32string compact_of(std::string_view s) {
  std::u32string out;
  for (char32_t c : decode(s))
    if (!is_space(c)) out += lower(c);
  return out;
}

// compact_of() without ASCII punctuation: what word matching looks at, so that
// "Pass-ord!" and "kari.nordmann" compare as "passord" and "karinordmann".
std::u32string letters_of(std::string_view s) {
  std::u32string out;
  for (char32_t c : compact_of(s))
    if (!is_ascii_punct(c)) out += c;
  return out;
}

bool keyboard_neighbours(char32_t a, char32_t b) {
  for (std::u32string_view row : kKeyboardRows) {
    const size_t i = row.find(a);
    if (i == std::u32string_view::npos) continue;
    if ((i + 1 < row.size() && row[i + 1] == b) || (i > 0 && row[i - 1] == b)) return true;
  }
  return false;
}

// True when `b` plausibly follows `a` in a lazy password: the same character, the next or
// previous one ("abc", "987", "9" → "0"), or a keyboard neighbour.
bool follows(char32_t a, char32_t b) {
  if (a == b || a + 1 == b || b + 1 == a) return true;
  if ((a == U'9' && b == U'0') || (a == U'0' && b == U'9')) return true;
  return keyboard_neighbours(a, b);
}

// Places where the sequence breaks. "1234abcd" has one, real text has many.
size_t breaks(std::u32string_view s) {
  size_t n = 0;
  for (size_t i = 1; i < s.size(); ++i) n += !follows(s[i - 1], s[i]);
  return n;
}

// True when `s` repeats a shorter unit throughout ("abcabcab", "passordpassord").
bool periodic(std::u32string_view s) {
  for (size_t p = 1; p <= s.size() / 2; ++p) {
    bool repeats = true;
    for (size_t i = p; i < s.size() && repeats; ++i) repeats = s[i] == s[i - p];
    if (repeats) return true;
  }
  return false;
}

// A string made of at most three sequential runs, or of one repeated unit.
bool repetitive(std::u32string_view s) { return breaks(s) <= 2 || periodic(s); }

bool trivial_remainder(std::u32string_view s) {
  return s.size() < kMinMeaningfulRemainder || repetitive(s);
}

// Removes every occurrence of each word (longest first, so "qwertyuiopå" goes before
// "qwerty"); returns whether anything was removed.
bool remove_words(std::u32string& s, std::vector<std::u32string> words) {
  std::sort(words.begin(), words.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  bool removed = false;
  for (const auto& w : words) {
    if (w.empty()) continue;
    for (size_t at; (at = s.find(w)) != std::u32string::npos;) {
      s.erase(at, w.size());
      removed = true;
    }
  }
  return removed;
}

// Words of a username or display name worth matching: runs of letters and digits of at
// least three characters ("kari.nordmann" → "kari", "nordmann"; "Kari Nordmann" likewise).
void add_name_words(std::string_view name, std::vector<std::u32string>& out) {
  std::u32string word;
  auto flush = [&] {
    if (word.size() >= 3) out.push_back(word);
    word.clear();
  };
  for (char32_t c : decode(name)) {
    c = lower(c);
    if (is_space(c) || is_ascii_punct(c))
      flush();
    else
      word += c;
  }
  flush();
}

}  // namespace

size_t min_password_length(const PasswordContext& context, const PasswordPolicy& policy) {
  return context.second_factor ? policy.min_with_second_factor : policy.min_single_factor;
}

PasswordProblem find_password_problem(std::string_view password, const PasswordContext& context,
                                      const PasswordPolicy& policy) {
  if (!kp::text::is_clean_utf8(password)) return PasswordProblem::not_text;
  const size_t length = kp::text::length_utf8(password);
  if (length > policy.max_length) return PasswordProblem::too_long;
  if (length < min_password_length(context, policy) || length == 0)
    return PasswordProblem::too_short;

  const std::u32string compact = compact_of(password);
  if (compact.empty() || repetitive(compact)) return PasswordProblem::repetitive;

  const std::u32string letters = letters_of(password);
  const std::u32string user = letters_of(context.username);
  const std::u32string name = letters_of(context.display_name);
  if (user.size() >= 3 && letters.find(user) != std::u32string::npos)
    return PasswordProblem::contains_name;
  if (name.size() >= 3 && letters.find(name) != std::u32string::npos)
    return PasswordProblem::contains_name;

  std::vector<std::u32string> name_words;
  add_name_words(context.username, name_words);
  add_name_words(context.display_name, name_words);
  std::u32string rest = letters;
  if (remove_words(rest, name_words) && trivial_remainder(rest))
    return PasswordProblem::contains_name;

  rest = letters;
  if (remove_words(rest,
                   std::vector<std::u32string>(std::begin(kBlocklist), std::end(kBlocklist))) &&
      trivial_remainder(rest))
    return PasswordProblem::common;
  return PasswordProblem::none;
}

const char* password_problem_message(PasswordProblem problem) {
  switch (problem) {
    case PasswordProblem::none:
      return "";
    case PasswordProblem::too_short:
      return "The password is too short. A sentence of a few words is long enough and easy to "
             "remember.";
    case PasswordProblem::too_long:
      return "The password is too long.";
    case PasswordProblem::not_text:
      return "The password contains characters that cannot be used.";
    case PasswordProblem::common:
      return "This password is too common and easy to guess. Choose another.";
    case PasswordProblem::repetitive:
      return "The password consists of repeated or sequential characters. Choose another.";
    case PasswordProblem::contains_name:
      return "The password must not contain your username or name.";
  }
  return "The password cannot be used.";
}

Status check_password(std::string_view password, const PasswordContext& context,
                      const PasswordPolicy& policy) {
  const PasswordProblem problem = find_password_problem(password, context, policy);
  if (problem == PasswordProblem::none) return {};
  return invalid(password_problem_message(problem), "password");
}

}  // namespace kp::auth
