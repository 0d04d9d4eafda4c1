// libFuzzer target for core/money.hpp: parse_nok (every amount a coordinator types) and
// format_nok_plain (the value put back into the form).
//
// Invariants beyond "does not crash": an accepted amount lies in [0, kMaxNokOre];
// format_nok_plain's text parses back to the same amount and is canonical; a rejection
// names the field; and for an amount derived from the input, formatting round-trips.
#include <string>

#include "core/money.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = kp::fuzz::as_text(data, size);

  const auto amount = kp::parse_nok(input, "amount");
  if (amount) {
    KP_FUZZ_CHECK(*amount >= 0 && *amount <= kp::kMaxNokOre, "within the limits");
    const std::string text = kp::format_nok_plain(*amount);
    const auto again = kp::parse_nok(text, "amount");
    KP_FUZZ_CHECK(again && *again == *amount, "format_nok_plain's text parses back");
    KP_FUZZ_CHECK(kp::format_nok_plain(*again) == text, "format_nok_plain is canonical");
  } else {
    KP_FUZZ_CHECK(amount.error().field == "amount" && !amount.error().message.empty(), "a rejection says why");
  }

  const std::uint64_t h = kp::fuzz::hash(input);
  const auto ore = static_cast<std::int64_t>(h % static_cast<std::uint64_t>(kp::kMaxNokOre + 1));
  const auto back = kp::parse_nok(kp::format_nok_plain(ore), "amount");
  KP_FUZZ_CHECK(back && *back == ore, "every amount round-trips");
  (void)kp::format_nok_plain(static_cast<std::int64_t>(h));  // negative ones too
  return 0;
}
