// libFuzzer target for core/phone.hpp, which reads the phone number every public sign-up and
// reservation form is given, and decides where SMS go.
//
// Invariants beyond "does not crash": an accepted number comes out as "+" and 7–15 digits,
// Norwegian ones as "+47" and 8 digits not starting with 0 or 1; normalising is idempotent, so
// a stored number is found again when typed the same way.
#include <string>

#include "core/phone.hpp"
#include "fuzz_check.hpp"

namespace {

bool digits_only(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = kp::fuzz::as_text(data, size);
  namespace phone = kp::phone;

  const auto n = phone::normalise(input);
  if (!n) return 0;
  KP_FUZZ_CHECK(n->size() >= 8 && n->size() <= 16 && (*n)[0] == '+', "E.164 shape");
  const std::string_view digits = std::string_view(*n).substr(1);
  KP_FUZZ_CHECK(digits_only(digits), "only digits after the plus");
  KP_FUZZ_CHECK(digits[0] != '0', "no country code starts with 0");
  if (digits.starts_with("47"))
    KP_FUZZ_CHECK(digits.size() == 10 && digits[2] != '0' && digits[2] != '1', "Norwegian numbers have 8 digits");
  KP_FUZZ_CHECK(phone::normalise(*n) == n, "normalising is idempotent");
  if (phone::is_norwegian_mobile(*n)) KP_FUZZ_CHECK(digits.starts_with("474") || digits.starts_with("479"), "mobile prefix");
  return 0;
}
