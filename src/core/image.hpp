// Uploaded photos (JPEG, PNG) made safe to keep: the type is read from the bytes, and metadata
// that can tell where, when and with what a photo was taken (EXIF with GPS position, XMP, IPTC,
// comments, PNG text chunks) is removed before anything is stored. Staff photograph equipment on
// their phones, often at home; the position must not travel with the picture.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kp::image {

enum class Format { jpeg, png };

struct Cleaned {
  Format format;
  std::string bytes;  // the same picture without metadata
};

// Recognises a JPEG or PNG by its first bytes and returns it without metadata. JPEG keeps its
// JFIF header, colour profile (APP2 ICC_PROFILE), Adobe colour-transform marker (APP14), and
// the EXIF orientation only (rebuilt as a minimal EXIF block, so phone photos are not shown
// sideways); everything from the first scan on is copied unchanged. PNG drops its text, EXIF
// and time chunks. Returns nullopt for other formats and for files whose structure is broken
// before the image data. Pure; thread-safe.
std::optional<Cleaned> strip_metadata(std::string_view bytes);

// "image/jpeg" or "image/png".
std::string_view content_type(Format f);

}  // namespace kp::image
