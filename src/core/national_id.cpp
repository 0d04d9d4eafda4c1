#include "core/national_id.hpp"

#include <array>
#include <optional>

namespace kp {

namespace {

constexpr std::string_view kField = "national_id";
constexpr std::array<int, 9> kWeights1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
constexpr std::array<int, 10> kWeights2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

// 11 - (weighted sum mod 11), where 11 means 0 and 10 means that no digit works.
template <std::size_t N>
int check_digit(const std::array<int, 11>& d, const std::array<int, N>& weights) {
  int sum = 0;
  for (std::size_t i = 0; i < N; ++i) sum += d[i] * weights[i];
  const int k = 11 - sum % 11;
  return k == 11 ? 0 : k;
}

// The first year of the century the individual number places a two-digit year in.
std::optional<int> century(int yy, int individual) {
  if (individual <= 499) return 1900;
  if (individual <= 749 && yy >= 54) return 1800;
  if (yy <= 39) return 2000;
  if (individual >= 900) return 1900;
  return std::nullopt;
}

bool is_real_date(CivilDate d) {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return false;
  return civil_from_days(days_from_civil(d)) == d;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

Result<NationalId> parse_national_id(std::string_view text, bool allow_synthetic) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);

  std::array<int, 11> d{};
  std::string digits;
  for (char c : text) {
    if (c == ' ') continue;
    if (c < '0' || c > '9' || digits.size() == d.size())
      return invalid(N_("The national identity number must have 11 digits"), std::string(kField));
    d[digits.size()] = c - '0';
    digits += c;
  }
  if (digits.size() != d.size())
    return invalid(N_("The national identity number must have 11 digits"), std::string(kField));

  if (check_digit(d, kWeights1) != d[9] || check_digit(d, kWeights2) != d[10])
    return invalid(N_("The national identity number's check digits are wrong"), std::string(kField));

  NationalId id;
  int day = d[0] * 10 + d[1];
  int month = d[2] * 10 + d[3];
  const int yy = d[4] * 10 + d[5];
  const int individual = d[6] * 100 + d[7] * 10 + d[8];
  if (day > 40) {
    id.kind = NationalIdKind::d_number;
    day -= 40;
  }
  if (month > 80) {
    id.synthetic = true;
    month -= 80;
  }
  const auto first_year = century(yy, individual);
  if (!first_year)
    return invalid(N_("The national identity number has no valid birth date"), std::string(kField));
  id.birth_date = CivilDate{*first_year + yy, month, day};
  if (!is_real_date(id.birth_date))
    return invalid(N_("The national identity number has no valid birth date"), std::string(kField));
  if (id.synthetic && !allow_synthetic)
    return invalid(N_("Test numbers (synthetic) are not allowed here"), std::string(kField));
  id.digits = std::move(digits);
  return id;
}

std::string mask_national_id(std::string_view digits) {
  std::string date;
  std::size_t count = 0;
  for (char c : digits) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return "****** *****";
    if (count < 6) date += c;
    ++count;
  }
  if (count != 11) return "****** *****";
  return date + " *****";
}

std::string make_synthetic_national_id(CivilDate birth, int individual, bool d_number) {
  if (individual < 0 || individual > 999 || !is_real_date(birth)) return "";
  const int yy = birth.year % 100;
  if (birth.year < 0 || century(yy, individual) != birth.year - yy) return "";
  const int day = birth.day + (d_number ? 40 : 0);
  const int month = birth.month + 80;
  std::array<int, 11> d = {day / 10, day % 10, month / 10, month % 10, yy / 10, yy % 10,
                           individual / 100, individual / 10 % 10, individual % 10, 0, 0};
  d[9] = check_digit(d, kWeights1);
  if (d[9] == 10) return "";
  d[10] = check_digit(d, kWeights2);
  if (d[10] == 10) return "";
  std::string out;
  for (int v : d) out += static_cast<char>('0' + v);
  return out;
}

}  // namespace kp
