// libFuzzer target for core/base64.hpp, which decodes every stored upload (consent scans,
// equipment photos) on its way out.
//
// Invariants beyond "does not crash": decode accepts exactly the texts encode produces (so a
// decoded text re-encodes to itself), and any bytes survive encode → decode unchanged.
#include <string>

#include "core/base64.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = kp::fuzz::as_text(data, size);
  namespace base64 = kp::base64;

  if (const auto bytes = base64::decode(input)) {
    KP_FUZZ_CHECK(base64::encode(*bytes) == input, "a decodable text is the one encoding of its bytes");
    KP_FUZZ_CHECK(bytes->size() <= input.size() / 4 * 3, "decoding never grows");
  }
  const std::string text = base64::encode(input);
  KP_FUZZ_CHECK(text.size() == (input.size() + 2) / 3 * 4, "encoded length is 4 per started 3 bytes");
  const auto back = base64::decode(text);
  KP_FUZZ_CHECK(back && *back == input, "encode then decode gives the bytes back");
  return 0;
}
