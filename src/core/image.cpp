#include "core/image.hpp"

#include <cstdint>

namespace kp::image {
namespace {

constexpr std::string_view kPngSignature("\x89PNG\r\n\x1A\n", 8);

std::uint32_t be16(std::string_view s, std::size_t at) {
  return static_cast<unsigned char>(s[at]) << 8 | static_cast<unsigned char>(s[at + 1]);
}
std::uint32_t be32(std::string_view s, std::size_t at) { return be16(s, at) << 16 | be16(s, at + 2); }

// The orientation (1–8) in an APP1 EXIF payload (after "Exif\0\0"), or 0 when absent/broken.
int exif_orientation(std::string_view tiff) {
  if (tiff.size() < 8) return 0;
  const bool little = tiff.starts_with(std::string_view("II*\0", 4));
  if (!little && !tiff.starts_with(std::string_view("MM\0*", 4))) return 0;
  auto u16 = [&](std::size_t at) -> std::uint32_t {
    const auto a = static_cast<unsigned char>(tiff[at]), b = static_cast<unsigned char>(tiff[at + 1]);
    return little ? (b << 8 | a) : (a << 8 | b);
  };
  auto u32 = [&](std::size_t at) -> std::uint32_t {
    return little ? (u16(at + 2) << 16 | u16(at)) : (u16(at) << 16 | u16(at + 2));
  };
  const std::uint32_t ifd = u32(4);
  if (ifd < 8 || ifd > tiff.size() - 2) return 0;
  const std::uint32_t count = u16(ifd);
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t entry = ifd + 2 + static_cast<std::size_t>(i) * 12;
    if (entry + 12 > tiff.size()) return 0;
    if (u16(entry) == 0x0112 && u16(entry + 2) == 3) {  // Orientation, SHORT
      const std::uint32_t v = u16(entry + 8);
      return v >= 1 && v <= 8 ? static_cast<int>(v) : 0;
    }
  }
  return 0;
}

// A minimal APP1 segment holding only the orientation (big-endian TIFF, one IFD entry).
std::string orientation_segment(int orientation) {
  std::string tiff("MM\0*\0\0\0\x08", 8);
  tiff += std::string("\0\x01", 2);                                   // one entry
  tiff += std::string("\x01\x12\0\x03\0\0\0\x01\0", 9);              // tag, SHORT, count 1, value…
  tiff += static_cast<char>(orientation);
  tiff += std::string("\0\0", 2);                                     // …padded to 4 bytes
  tiff += std::string("\0\0\0\0", 4);                                 // no next IFD
  const std::string payload = std::string("Exif\0\0", 6) + tiff;
  const std::size_t len = payload.size() + 2;
  std::string seg("\xFF\xE1", 2);
  seg += static_cast<char>(len >> 8);
  seg += static_cast<char>(len & 0xFF);
  return seg + payload;
}

std::optional<std::string> clean_jpeg(std::string_view in) {
  // SOI, then the JFIF header when there is one (it must come first), then the orientation, then
  // the other kept segments: the order EXIF readers expect.
  std::string jfif, kept;
  std::size_t pos = 2;
  int orientation = 0;
  while (true) {
    if (pos >= in.size() || static_cast<unsigned char>(in[pos]) != 0xFF) return std::nullopt;
    while (pos < in.size() && static_cast<unsigned char>(in[pos]) == 0xFF) ++pos;  // fill bytes
    if (pos >= in.size()) return std::nullopt;
    const unsigned char marker = static_cast<unsigned char>(in[pos]);
    const std::size_t start = pos - 1;
    ++pos;
    if (marker == 0xD8 || marker == 0xD9 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x00)
      return std::nullopt;  // no image data before these
    if (pos + 2 > in.size()) return std::nullopt;
    const std::size_t len = be16(in, pos);
    if (len < 2 || pos + len > in.size()) return std::nullopt;
    const std::string_view payload = in.substr(pos + 2, len - 2);
    const std::string_view segment = in.substr(start, 1 + 1 + len);
    pos += len;
    if (marker == 0xDA) {  // start of scan: the picture itself, copied as it is
      std::string out(in.substr(0, 2));
      out += jfif;
      if (orientation > 1) out += orientation_segment(orientation);
      out += kept;
      out += segment;
      out += in.substr(pos);
      return out;
    }
    const bool keep = marker < 0xE0 ? marker != 0xFE                               // not a comment
                      : marker == 0xE0 || marker == 0xEE                            // JFIF, Adobe
                      || (marker == 0xE2 && payload.starts_with(std::string_view("ICC_PROFILE\0", 12)));
    if (marker == 0xE1 && payload.starts_with(std::string_view("Exif\0\0", 6)) && orientation == 0)
      orientation = exif_orientation(payload.substr(6));
    if (marker == 0xE0 && jfif.empty() && kept.empty()) jfif = segment;
    else if (keep) kept += segment;
  }
}

std::optional<std::string> clean_png(std::string_view in) {
  std::string out(kPngSignature);
  std::size_t pos = kPngSignature.size();
  bool first = true;
  while (true) {
    if (pos + 12 > in.size()) return std::nullopt;
    const std::uint32_t len = be32(in, pos);
    if (len > 0x7FFFFFFF || len > in.size() - pos - 12) return std::nullopt;
    const std::string_view type = in.substr(pos + 4, 4);
    if (first && type != "IHDR") return std::nullopt;
    first = false;
    const std::string_view chunk = in.substr(pos, 12 + len);
    pos += 12 + len;
    const bool metadata = type == "tEXt" || type == "zTXt" || type == "iTXt" || type == "eXIf" || type == "tIME";
    if (!metadata) out += chunk;
    if (type == "IEND") return out;  // anything after the end is dropped too
  }
}

}  // namespace

std::optional<Cleaned> strip_metadata(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xD8\xFF")) {
    auto out = clean_jpeg(bytes);
    if (!out) return std::nullopt;
    return Cleaned{Format::jpeg, std::move(*out)};
  }
  if (bytes.starts_with(kPngSignature)) {
    auto out = clean_png(bytes);
    if (!out) return std::nullopt;
    return Cleaned{Format::png, std::move(*out)};
  }
  return std::nullopt;
}

std::string_view content_type(Format f) { return f == Format::jpeg ? "image/jpeg" : "image/png"; }

}  // namespace kp::image
