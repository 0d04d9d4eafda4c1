#include "core/phone.hpp"

namespace kp::phone {
namespace {

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

std::optional<std::string> norwegian(std::string_view digits) {
  if (digits.size() != 8 || !all_digits(digits) || digits[0] == '0' || digits[0] == '1') return std::nullopt;
  return "+47" + std::string(digits);
}

}  // namespace

std::optional<std::string> normalise(std::string_view input) {
  std::string s;
  for (char c : input) {
    if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\t') continue;
    s += c;
  }
  if (s.empty() || s.size() > 20) return std::nullopt;
  bool international = false;
  if (s[0] == '+') {
    international = true;
    s.erase(0, 1);
  } else if (s.starts_with("00")) {
    international = true;
    s.erase(0, 2);
  }
  if (!all_digits(s)) return std::nullopt;
  if (!international) {
    if (s.size() == 10 && s.starts_with("47")) return norwegian(std::string_view(s).substr(2));
    return norwegian(s);
  }
  if (s.starts_with("47")) return norwegian(std::string_view(s).substr(2));
  if (s[0] == '0' || s.size() < 7 || s.size() > 15) return std::nullopt;
  return "+" + s;
}

bool is_norwegian_mobile(std::string_view n) {
  return n.size() == 11 && n.starts_with("+47") && (n[3] == '4' || n[3] == '9');
}

}  // namespace kp::phone
