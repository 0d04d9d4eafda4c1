#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "http/gzip.hpp"
#include "http/security_headers.hpp"

namespace kp::http {
namespace {

std::string gunzip(const std::string& in) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out;
  char buf[4096];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  } while (rc == Z_OK);
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&zs);
  return out;
}

TEST(Gzip, RoundTrips) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "Knutepunkt æøå " + std::to_string(i) + "\n";
  const std::string z = gzip_compress(text, 6);
  EXPECT_LT(z.size(), text.size() / 3);
  EXPECT_EQ(static_cast<unsigned char>(z[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(z[1]), 0x8b);
  EXPECT_EQ(gunzip(z), text);
  EXPECT_EQ(gunzip(gzip_compress("", 9)), "");
  std::string noise;
  unsigned x = 12345;
  for (int i = 0; i < 300000; ++i) noise += static_cast<char>((x = x * 1103515245 + 12345) >> 16);
  EXPECT_EQ(gunzip(gzip_compress(noise, 1)), noise);  // incompressible data grows the buffer
}

TEST(Gzip, AcceptEncoding) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("deflate, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("gzip; q=0.001"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0.000"));
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0, *"));
  EXPECT_FALSE(accepts_gzip("gzipped"));
}

TEST(Gzip, CompressibleTypes) {
  EXPECT_TRUE(is_compressible_type("text/html; charset=utf-8"));
  EXPECT_TRUE(is_compressible_type("text/css"));
  EXPECT_TRUE(is_compressible_type("application/json"));
  EXPECT_TRUE(is_compressible_type("application/ld+json"));
  EXPECT_TRUE(is_compressible_type("application/javascript"));
  EXPECT_TRUE(is_compressible_type("image/svg+xml"));
  EXPECT_TRUE(is_compressible_type("Application/XML"));
  EXPECT_FALSE(is_compressible_type("image/png"));
  EXPECT_FALSE(is_compressible_type("application/pdf"));
  EXPECT_FALSE(is_compressible_type("application/octet-stream"));
  EXPECT_FALSE(is_compressible_type(""));
}

TEST(Gzip, MaybeGzipRules) {
  Request req;
  req.headers = {{"accept-encoding", "gzip, br"}};
  Response big = Response::text(200, std::string(2000, 'a'));
  Response r = big;
  EXPECT_TRUE(maybe_gzip(req, r));
  EXPECT_EQ(*find_header(r.headers, "content-encoding"), "gzip");
  EXPECT_EQ(*find_header(r.headers, "vary"), "Accept-Encoding");
  EXPECT_EQ(gunzip(r.body), big.body);

  r = Response::text(200, std::string(1023, 'a'));
  EXPECT_FALSE(maybe_gzip(req, r));
  EXPECT_EQ(find_header(r.headers, "vary"), nullptr);

  r = big;
  r.gzip_ok = false;
  EXPECT_FALSE(maybe_gzip(req, r));
  EXPECT_EQ(r.body, big.body);

  r = big;
  r.content_type = "application/pdf";
  EXPECT_FALSE(maybe_gzip(req, r));

  r = big;
  r.header("Vary", "Cookie");
  EXPECT_TRUE(maybe_gzip(req, r));
  EXPECT_EQ(*find_header(r.headers, "vary"), "Cookie, Accept-Encoding");

  Request plain;
  r = big;
  EXPECT_FALSE(maybe_gzip(plain, r));
  EXPECT_EQ(r.body, big.body);
  EXPECT_EQ(*find_header(r.headers, "vary"), "Accept-Encoding");  // caches keep variants apart
  EXPECT_EQ(find_header(r.headers, "content-encoding"), nullptr);
}

TEST(SecurityHeaders, AddsAllAndKeepsOwn) {
  Response r;
  apply_security_headers(r);
  EXPECT_EQ(r.headers.size(), 6u);
  EXPECT_EQ(*find_header(r.headers, "Content-Security-Policy"),
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'");
  EXPECT_EQ(*find_header(r.headers, "x-content-type-options"), "nosniff");
  EXPECT_EQ(*find_header(r.headers, "Referrer-Policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(*find_header(r.headers, "X-Frame-Options"), "DENY");
  EXPECT_EQ(*find_header(r.headers, "Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_EQ(*find_header(r.headers, "Permissions-Policy"),
            "camera=(), microphone=(), geolocation=()");

  Response own;
  own.header("content-security-policy", "default-src 'self'").header("Cache-Control", "no-store");
  apply_security_headers(own);
  EXPECT_EQ(own.headers.size(), 7u);
  EXPECT_EQ(*find_header(own.headers, "Content-Security-Policy"), "default-src 'self'");
  EXPECT_EQ(*find_header(own.headers, "cache-control"), "no-store");

  apply_security_headers(own);  // idempotent
  EXPECT_EQ(own.headers.size(), 7u);
}

}  // namespace
}  // namespace kp::http
