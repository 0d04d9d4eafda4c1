// gzip response compression (zlib). No Beast here; the static-file cache also uses
// gzip_compress to precompress assets.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace kp::http {

inline constexpr std::size_t kGzipMinBytes = 1024;
inline constexpr int kGzipDynamicLevel = 6;

// Compresses `data` into a gzip member (RFC 1952) at zlib `level` (0–9, -1 for zlib's
// default). Throws std::bad_alloc or std::runtime_error only on zlib failure, which means a
// bug or no memory. Pure and thread-safe.
std::string gzip_compress(std::string_view data, int level = kGzipDynamicLevel);

// True when an Accept-Encoding header value accepts gzip ("gzip", "x-gzip" or "*" with a
// q-value above zero; an explicit "gzip;q=0" wins over "*"). Pure.
bool accepts_gzip(std::string_view accept_encoding);

// True for media types worth compressing: text/*, JSON, JavaScript, XML and SVG
// (including +json and +xml suffixes). Parameters such as charset are ignored. Pure.
bool is_compressible_type(std::string_view content_type);

// Compresses `resp.body` in place and sets Content-Encoding: gzip when `resp.gzip_ok`, the
// type is compressible, the body is at least kGzipMinBytes, no Content-Encoding is set yet,
// and `req` accepts gzip; adds Vary: Accept-Encoding to every response it could have
// compressed so caches keep the variants apart. Returns true if it compressed.
// Thread-safe for distinct responses.
bool maybe_gzip(const Request& req, Response& resp);

}  // namespace kp::http
