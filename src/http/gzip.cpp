#include "http/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>
#include <new>
#include <stdexcept>

#include "http/security_headers.hpp"

namespace kp::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// q-values are "0", "0.", "0.0"…, "1", "1.000" (RFC 9110 §12.4.2); anything that is not all
// zeros counts as acceptable.
bool q_is_zero(std::string_view q) {
  if (q.empty() || q.front() != '0') return false;
  for (char c : q.substr(1))
    if (c != '.' && c != '0') return false;
  return true;
}

}  // namespace

std::string gzip_compress(std::string_view data, int level) {
  z_stream zs{};
  // 15 + 16: maximum window with a gzip header and trailer instead of zlib's.
  int rc = deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  if (rc == Z_MEM_ERROR) throw std::bad_alloc();
  if (rc != Z_OK) throw std::runtime_error("deflateInit2 failed");

  std::string out;
  constexpr std::size_t kMaxChunk = std::numeric_limits<uInt>::max();
  std::size_t remaining = data.size();
  const char* next = data.data();
  out.resize(deflateBound(&zs, static_cast<uLong>(std::min(remaining, kMaxChunk))) + 32);
  std::size_t used = 0;
  do {
    const std::size_t chunk = std::min(remaining, kMaxChunk);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(next));
    zs.avail_in = static_cast<uInt>(chunk);
    next += chunk;
    remaining -= chunk;
    const int flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH;
    do {
      if (used == out.size()) out.resize(out.size() * 2);
      const std::size_t room = std::min(out.size() - used, kMaxChunk);
      zs.next_out = reinterpret_cast<Bytef*>(out.data() + used);
      zs.avail_out = static_cast<uInt>(room);
      rc = deflate(&zs, flush);
      used += room - zs.avail_out;
      if (rc == Z_STREAM_ERROR) {
        deflateEnd(&zs);
        throw std::runtime_error("deflate failed");
      }
    } while (zs.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  } while (remaining > 0);
  deflateEnd(&zs);
  out.resize(used);
  return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
  int gzip = -1;  // -1 unset, 0 refused, 1 accepted
  int star = -1;
  std::size_t pos = 0;
  while (pos <= accept_encoding.size()) {
    std::size_t comma = accept_encoding.find(',', pos);
    if (comma == std::string_view::npos) comma = accept_encoding.size();
    std::string_view item = trim(accept_encoding.substr(pos, comma - pos));
    pos = comma + 1;
    if (item.empty()) continue;
    const std::size_t semi = item.find(';');
    const std::string_view coding = trim(item.substr(0, semi));
    bool zero = false;
    if (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      while (!params.empty()) {
        const std::size_t next = params.find(';');
        const std::string_view p = trim(params.substr(0, next));
        if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
          zero = q_is_zero(trim(p.substr(2)));
        params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
      }
    }
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
      gzip = zero ? 0 : 1;
    } else if (coding == "*") {
      star = zero ? 0 : 1;
    }
  }
  if (gzip >= 0) return gzip == 1;
  return star == 1;
}

bool is_compressible_type(std::string_view content_type) {
  const std::string_view type = trim(content_type.substr(0, content_type.find(';')));
  return starts_with_ci(type, "text/") || iequals(type, "application/json") ||
         iequals(type, "application/javascript") || iequals(type, "application/x-javascript") ||
         iequals(type, "application/ecmascript") || iequals(type, "application/xml") ||
         ends_with_ci(type, "+json") || ends_with_ci(type, "+xml");
}

bool maybe_gzip(const Request& req, Response& resp) {
  if (!resp.gzip_ok || resp.body.size() < kGzipMinBytes) return false;
  if (!is_compressible_type(resp.content_type)) return false;
  if (find_header(resp.headers, "Content-Encoding") != nullptr) return false;

  if (std::string* vary = find_header(resp.headers, "Vary")) {
    if (vary->find("Accept-Encoding") == std::string::npos && *vary != "*")
      *vary += ", Accept-Encoding";
  } else {
    resp.headers.emplace_back("Vary", "Accept-Encoding");
  }
  if (!accepts_gzip(req.header("accept-encoding"))) return false;

  std::string compressed = gzip_compress(resp.body, kGzipDynamicLevel);
  if (compressed.size() >= resp.body.size()) return false;
  resp.body = std::move(compressed);
  resp.headers.emplace_back("Content-Encoding", "gzip");
  return true;
}

}  // namespace kp::http
