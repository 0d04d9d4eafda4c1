// Photos lose what could tell where and when they were taken, and nothing else.
#include "core/image.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace kp {
namespace {

using namespace std::string_literals;

std::string be16(std::size_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }
std::string be32(std::uint32_t v) { return be16(v >> 16) + be16(v & 0xFFFF); }
std::string le16(std::size_t v) { return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; }
std::string le32(std::uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }

std::string segment(unsigned char marker, const std::string& payload) {
  return std::string("\xFF", 1) + static_cast<char>(marker) + be16(payload.size() + 2) + payload;
}

// EXIF as a phone writes it (little-endian): orientation and a pointer to GPS data, then the
// GPS "position" as text we can search for.
std::string phone_exif(int orientation) {
  std::string tiff = std::string("II*\0", 4) + le32(8) + le16(2);
  tiff += le16(0x0112) + le16(3) + le32(1) + le16(orientation) + le16(0);
  tiff += le16(0x8825) + le16(4) + le32(1) + le32(38);
  tiff += le32(0);
  tiff += "GPS 58.1467N 7.9956E";
  return std::string("Exif\0\0", 6) + tiff;
}

const std::string kScan = segment(0xDA, std::string("\x01\x01\x00\x00\x3F\x00", 6)) + "\x12\x34\xFF\x00\x56\xFF\xD9";
const std::string kJfif = segment(0xE0, std::string("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14));
const std::string kQuant = segment(0xDB, std::string(65, '\x01'));

std::string jpeg(const std::string& segments) { return std::string("\xFF\xD8", 2) + segments + kScan; }

TEST(Image, JpegLosesGpsCommentsAndXmpButKeepsThePicture) {
  const std::string xmp = segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Kari Nordmann</x:xmpmeta>"s);
  const std::string in = jpeg(kJfif + segment(0xE1, phone_exif(1)) + xmp + segment(0xFE, "Tatt hjemme hos Kari") + kQuant);
  auto out = image::strip_metadata(in);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->format, image::Format::jpeg);
  EXPECT_EQ(image::content_type(out->format), "image/jpeg");
  EXPECT_EQ(out->bytes, jpeg(kJfif + kQuant));  // orientation 1 is the default: no EXIF at all
  for (const char* gone : {"GPS", "Kari", "hjemme", "Exif"}) EXPECT_EQ(out->bytes.find(gone), std::string::npos) << gone;
}

TEST(Image, PhonePhotoKeepsOnlyItsOrientationSoItIsNotShownSideways) {
  const std::string in = jpeg(kJfif + segment(0xE1, phone_exif(6)) + kQuant);
  auto out = image::strip_metadata(in);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->bytes.find("GPS"), std::string::npos);
  const auto exif = out->bytes.find(std::string("Exif\0\0", 6));
  ASSERT_NE(exif, std::string::npos);
  EXPECT_LT(exif, out->bytes.find(kQuant)) << "orientation comes before the image data";
  EXPECT_TRUE(out->bytes.starts_with(std::string("\xFF\xD8", 2) + kJfif)) << "JFIF stays first";
  // Rotated 90°: tag 0x0112, SHORT, value 6 in the rebuilt big-endian block.
  EXPECT_NE(out->bytes.find(std::string("\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06", 10)), std::string::npos);
  EXPECT_EQ(image::strip_metadata(out->bytes)->bytes, out->bytes);
}

TEST(Image, ColourProfileAndAdobeMarkerStay) {
  const std::string icc = segment(0xE2, std::string("ICC_PROFILE\0\x01\x01", 14) + "sRGB");
  const std::string adobe = segment(0xEE, "Adobe\0\x64\0\0\0\0\x01"s);
  const std::string in = jpeg(kJfif + icc + adobe + kQuant);
  EXPECT_EQ(image::strip_metadata(in)->bytes, in);
}

TEST(Image, PngLosesTextExifAndTimeChunks) {
  auto chunk = [](const std::string& type, const std::string& data) { return be32(data.size()) + type + data + "CRC!"; };
  const std::string sig("\x89PNG\r\n\x1A\n", 8);
  const std::string ihdr = chunk("IHDR", std::string(13, '\x01')), idat = chunk("IDAT", "pixels"), iend = chunk("IEND", "");
  const std::string in = sig + ihdr + chunk("tEXt", std::string("Author\0Kari", 11)) + chunk("eXIf", "MM\0*GPS"s) +
                         chunk("tIME", "1234567") + idat + chunk("iTXt", "Location") + iend + "trailing bytes";
  auto out = image::strip_metadata(in);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->format, image::Format::png);
  EXPECT_EQ(out->bytes, sig + ihdr + idat + iend);
}

TEST(Image, RejectsWhatIsNotAPhotoWeCanRead) {
  for (const std::string& bad : {std::string("%PDF-1.7 ..."), std::string("<svg onload=alert(1)>"), std::string("GIF89a"),
                                 std::string("\xFF\xD8\xFF", 3),                             // cut off
                                 std::string("\xFF\xD8", 2) + kJfif,                          // no image data
                                 std::string("\xFF\xD8", 2) + kJfif.substr(0, 8),             // length past the end
                                 std::string("\x89PNG\r\n\x1A\n", 8) + be32(0) + "IDAT" + "CRC!",  // IHDR not first
                                 std::string("\x89PNG\r\n\x1A\n", 8) + be32(0xFFFFFFF0) + "IHDR"}) {
    EXPECT_FALSE(image::strip_metadata(bad)) << bad.size();
  }
}

}  // namespace
}  // namespace kp
