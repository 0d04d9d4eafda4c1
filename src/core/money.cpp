#include "core/money.hpp"

#include <fmt/format.h>

#include <optional>

namespace kp {

namespace {

constexpr std::string_view kNotAnAmount = N_("Enter the amount in kroner, for example 412 000 or 412 000,50");

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reduces the input to ASCII: the spaces people paste from word processors become ' ', the
// typographic dash of ",–" and the minus sign become '-'; any other non-ASCII byte means the
// input is not an amount (nullopt).
std::optional<std::string> to_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += c == '\t' ? ' ' : (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
      ++i;
    } else if (s.substr(i, 2) == "\xC2\xA0") {  // U+00A0 no-break space
      out += ' ';
      i += 2;
    } else if (s.substr(i, 3) == "\xE2\x80\xAF" || s.substr(i, 3) == "\xE2\x80\x89") {  // U+202F, U+2009
      out += ' ';
      i += 3;
    } else if (s.substr(i, 3) == "\xE2\x80\x93" || s.substr(i, 3) == "\xE2\x88\x92") {  // U+2013, U+2212
      out += '-';
      i += 3;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Removes one currency mark ("kr", "kr.", "nok") from the front or the back.
std::string_view strip_currency(std::string_view s) {
  for (std::string_view mark : {"kr.", "kr", "nok"}) {
    if (s.starts_with(mark)) return trim_spaces(s.substr(mark.size()));
    if (s.ends_with(mark)) return trim_spaces(s.substr(0, s.size() - mark.size()));
  }
  return s;
}

// Accumulates digits into `value`, failing once it passes `limit`.
bool add_digits(std::string_view digits, std::int64_t limit, std::int64_t& value) {
  for (char c : digits) {
    value = value * 10 + (c - '0');
    if (value > limit) return false;
  }
  return true;
}

}  // namespace

Result<std::int64_t> parse_nok(std::string_view text, std::string_view field) {
  const auto ascii = to_ascii(text);
  if (!ascii) return invalid(std::string(kNotAnAmount), std::string(field));
  std::string_view s = trim_spaces(*ascii);
  if (s.empty()) return invalid(N_("Enter an amount"), std::string(field));

  s = strip_currency(s);
  const bool whole_kroner = s.ends_with(",-") || s.ends_with(".-");
  if (whole_kroner) s = trim_spaces(s.substr(0, s.size() - 2));
  if (s.starts_with('-')) return invalid(N_("The amount cannot be negative"), std::string(field));
  if (s.empty() || !is_digit(s.front())) return invalid(std::string(kNotAnAmount), std::string(field));

  // Split off the øre: after the comma, or after a single point followed by one or two digits
  // (with more digits, or more points, points group thousands as in "412.000").
  std::string_view whole = s, fraction;
  if (const auto comma = s.find(','); comma != std::string_view::npos) {
    whole = s.substr(0, comma);
    fraction = s.substr(comma + 1);
  } else if (const auto point = s.find('.');
             point != std::string_view::npos && s.find('.', point + 1) == std::string_view::npos &&
             s.size() - point - 1 <= 2) {
    whole = s.substr(0, point);
    fraction = s.substr(point + 1);
    if (fraction.empty()) return invalid(std::string(kNotAnAmount), std::string(field));
  }
  if (whole_kroner && s.size() != whole.size()) return invalid(std::string(kNotAnAmount), std::string(field));
  if (s.size() != whole.size() && (fraction.empty() || fraction.size() > 2))
    return invalid(std::string(kNotAnAmount), std::string(field));
  for (char c : fraction)
    if (!is_digit(c)) return invalid(std::string(kNotAnAmount), std::string(field));

  // Thousands groups: the first has one to three digits, every later one exactly three,
  // separated by one point or by spaces.
  std::int64_t kroner = 0;
  bool first_group = true;
  while (!whole.empty()) {
    std::size_t n = 0;
    while (n < whole.size() && is_digit(whole[n])) ++n;
    if (n == 0 || (!first_group && n != 3)) return invalid(std::string(kNotAnAmount), std::string(field));
    if (!add_digits(whole.substr(0, n), kMaxNokOre / 100, kroner))
      return invalid(N_("The amount is too large"), std::string(field));
    whole.remove_prefix(n);
    if (whole.empty()) break;
    if (first_group && n > 3) return invalid(std::string(kNotAnAmount), std::string(field));
    if (whole.front() == '.') {
      whole.remove_prefix(1);
    } else if (whole.front() == ' ' && whole.find_first_not_of(' ') != std::string_view::npos) {
      whole.remove_prefix(whole.find_first_not_of(' '));
    } else {
      return invalid(std::string(kNotAnAmount), std::string(field));
    }
    first_group = false;
  }

  std::int64_t ore = 0;
  add_digits(fraction, 99, ore);
  if (fraction.size() == 1) ore *= 10;
  const std::int64_t total = kroner * 100 + ore;
  if (total > kMaxNokOre) return invalid(N_("The amount is too large"), std::string(field));
  return total;
}

std::string format_nok_plain(std::int64_t ore) {
  // Unsigned so that the most negative int64 has a magnitude too.
  const std::uint64_t magnitude = ore < 0 ? 0 - static_cast<std::uint64_t>(ore) : static_cast<std::uint64_t>(ore);
  const std::string digits = std::to_string(magnitude / 100);
  std::string out = ore < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  if (magnitude % 100 != 0) out += fmt::format(",{:02}", magnitude % 100);
  return out;
}

}  // namespace kp
