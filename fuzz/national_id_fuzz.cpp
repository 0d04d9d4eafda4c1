// libFuzzer target for core/national_id.hpp: parse_national_id (what a coordinator types),
// mask_national_id (what lists show) and make_synthetic_national_id (demo data).
//
// Invariants beyond "does not crash": an accepted number has 11 digits, a real birth date,
// and re-parses to the same; synthetic numbers pass only where allowed; the mask never shows
// the personal number (the last five digits); the generator's numbers, from a date and an
// individual number derived from the input, parse back to that date.
#include <string>

#include "core/national_id.hpp"
#include "fuzz_check.hpp"

namespace {

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool is_real_date(kp::CivilDate d) { return kp::civil_from_days(kp::days_from_civil(d)) == d; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = kp::fuzz::as_text(data, size);

  const auto id = kp::parse_national_id(input, true);
  if (id) {
    KP_FUZZ_CHECK(id->digits.size() == 11 && all_digits(id->digits), "11 digits");
    KP_FUZZ_CHECK(is_real_date(id->birth_date) && id->birth_date.month >= 1 && id->birth_date.month <= 12,
                  "a real birth date");
    KP_FUZZ_CHECK(id->birth_date.year >= 1854 && id->birth_date.year <= 2039, "within the scheme's years");
    const auto again = kp::parse_national_id(id->digits, true);
    KP_FUZZ_CHECK(again && again->digits == id->digits && again->birth_date == id->birth_date &&
                      again->kind == id->kind && again->synthetic == id->synthetic,
                  "a parsed number re-parses to the same");
    const auto strict = kp::parse_national_id(input, false);
    KP_FUZZ_CHECK(strict.has_value() == !id->synthetic, "synthetic numbers only where allowed");
    KP_FUZZ_CHECK(kp::mask_national_id(id->digits) == id->digits.substr(0, 6) + " *****",
                  "the mask keeps the date part");
  } else {
    KP_FUZZ_CHECK(id.error().field == "national_id" && !id.error().message.empty(), "a rejection says why");
    KP_FUZZ_CHECK(!kp::parse_national_id(input, false).has_value(), "strict is stricter");
  }

  const std::string masked = kp::mask_national_id(input);
  KP_FUZZ_CHECK(masked.size() == 12 && masked.ends_with(" *****"), "the mask's shape");
  KP_FUZZ_CHECK(masked.substr(0, 6) == "******" || all_digits(masked.substr(0, 6)), "the mask's date part");

  // The generator, for a date in or around the scheme's years.
  const std::uint64_t h = kp::fuzz::hash(input);
  const kp::CivilDate birth = kp::civil_from_days(kp::days_from_civil({1850, 1, 1}) + static_cast<std::int64_t>(h % 70000));
  const int individual = static_cast<int>(h >> 20) % 1000;
  const bool d_number = (h >> 40 & 1) != 0;
  const std::string made = kp::make_synthetic_national_id(birth, individual, d_number);
  if (!made.empty()) {
    const auto parsed = kp::parse_national_id(made, true);
    KP_FUZZ_CHECK(parsed.has_value(), "the generator's numbers parse");
    KP_FUZZ_CHECK(parsed->birth_date == birth && parsed->synthetic &&
                      (parsed->kind == kp::NationalIdKind::d_number) == d_number,
                  "the generator's numbers carry their date and kind");
  }
  return 0;
}
