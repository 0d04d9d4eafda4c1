#include "core/text.hpp"

#include <algorithm>
#include <cstdint>

namespace kp::text {
namespace {

// Decodes one code point; returns 0xFFFFFFFF on malformed input and advances i.
char32_t decode(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) { ++i; return b0; }
  int len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
  if (len == 0 || b0 > 0xF4 || i + len > s.size()) { ++i; return 0xFFFFFFFF; }
  char32_t cp = b0 & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) { ++i; return 0xFFFFFFFF; }
    cp = (cp << 6) | (b & 0x3F);
  }
  const char32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { ++i; return 0xFFFFFFFF; }
  i += len;
  return cp;
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Folds one code point of Latin-1/Latin Extended-A to plain ASCII; returns nullptr if it
// is not one we fold.
const char* fold_latin(char32_t cp) {
  switch (cp) {
    case U'æ': case U'Æ': return "ae";
    case U'ø': case U'Ø': case U'ö': case U'Ö': case U'ó': case U'Ó': case U'ò': case U'Ò':
    case U'ô': case U'Ô': case U'õ': case U'Õ': return "o";
    case U'å': case U'Å': return "aa";
    case U'ä': case U'Ä': case U'á': case U'Á': case U'à': case U'À': case U'â': case U'Â':
    case U'ã': case U'Ã': case U'ą': case U'Ą': return "a";
    case U'é': case U'É': case U'è': case U'È': case U'ê': case U'Ê': case U'ë': case U'Ë':
    case U'ę': case U'Ę': return "e";
    case U'í': case U'Í': case U'ì': case U'Ì': case U'î': case U'Î': case U'ï': case U'Ï': return "i";
    case U'ú': case U'Ú': case U'ù': case U'Ù': case U'û': case U'Û': case U'ü': case U'Ü': return "u";
    case U'ç': case U'Ç': case U'ć': case U'Ć': case U'č': case U'Č': return "c";
    case U'ñ': case U'Ñ': case U'ń': case U'Ń': return "n";
    case U'ł': case U'Ł': return "l";
    case U'ś': case U'Ś': case U'š': case U'Š': return "s";
    case U'ź': case U'Ź': case U'ż': case U'Ż': case U'ž': case U'Ž': return "z";
    case U'ý': case U'Ý': case U'ÿ': return "y";
    case U'ß': return "ss";
    default: return nullptr;
  }
}

bool is_space_like(char32_t cp) {
  if (cp < 0x80) return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
  // General punctuation, NBSP, Arabic comma and full stop, Ethiopic word space and full stop.
  return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x060C || cp == 0x06D4 ||
         cp == 0x061F || cp == 0x1361 || cp == 0x1362 || cp == 0xAB || cp == 0xBB;
}

char32_t lower_other(char32_t cp) {
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;               // Cyrillic А–Я
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;               // Ѐ–Џ (incl. Є, І, Ї)
  if (cp == 0x490) return 0x491;                                  // Ґ
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;   // Latin-1 capitals
  return cp;
}

}  // namespace

bool is_clean_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const char32_t cp = decode(s, i);
    if (cp == 0xFFFFFFFF) return false;
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') return false;
    if (cp == 0x7F) return false;
  }
  return true;
}

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool last_space = true;
  for (size_t i = 0; i < s.size();) {
    const char32_t cp = decode(s, i);
    if (cp == 0xFFFFFFFF) continue;
    if (const char* f = fold_latin(cp)) {
      out += f;
      last_space = false;
    } else if (is_space_like(cp)) {
      if (!last_space) out += ' ';
      last_space = true;
    } else if (cp < 0x80) {
      out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
      last_space = false;
    } else if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640) {
      // Arabic diacritics and tatweel do not change the word.
    } else {
      encode(lower_other(cp), out);
      last_space = false;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> words(std::string_view folded) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && folded[i] == ' ') ++i;
    size_t j = i;
    while (j < folded.size() && folded[j] != ' ') ++j;
    if (j > i) out.emplace_back(folded.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string nb_sort_key(std::string_view s) {
  // Letters map to bytes so that a < … < z < æ < ø < å; accented letters sort with their base
  // letter (é as e, ö/ø and ä/æ as the Norwegian letters). Other code points follow after.
  std::string out;
  for (size_t i = 0; i < s.size();) {
    char32_t cp = decode(s, i);
    if (cp == 0xFFFFFFFF) continue;
    cp = lower_other(cp);
    if (cp >= 'A' && cp <= 'Z') cp += 32;
    if (cp == U'æ' || cp == U'ä') { out += '\x7B'; continue; }
    if (cp == U'ø' || cp == U'ö') { out += '\x7C'; continue; }
    if (cp == U'å') { out += '\x7D'; continue; }
    if (const char* f = fold_latin(cp)) { out += f; continue; }
    if (cp < 0x80) { out += static_cast<char>(cp); continue; }
    encode(cp, out);  // ≥ 0xC2 lead bytes sort after the Norwegian letters
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

size_t length_utf8(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const size_t comma = std::min(s.find(','), s.size());
    if (comma > 0) out.emplace_back(s.substr(0, comma));
    s.remove_prefix(std::min(comma + 1, s.size()));
  }
  return out;
}

std::string join_commas(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

}  // namespace kp::text
