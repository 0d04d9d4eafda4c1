#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "http/form.hpp"
#include "http/multipart.hpp"

namespace kp::http {
namespace {

constexpr std::string_view kType = "multipart/form-data; boundary=----WebKitFormBoundaryx8Jq";
const std::string kDash = "------WebKitFormBoundaryx8Jq";

std::vector<Part> ok(std::string_view body, std::string_view type = kType,
                     const MultipartLimits& limits = {}) {
  auto r = parse_multipart(type, body, limits);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message) << "\n" << body;
  return r ? *r : std::vector<Part>{};
}

Error err(std::string_view body, std::string_view type = kType, const MultipartLimits& limits = {}) {
  auto r = parse_multipart(type, body, limits);
  EXPECT_FALSE(r.has_value()) << body;
  if (r) return Error{};
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  EXPECT_FALSE(r.error().message.empty());
  return r.error();
}

// A body as a browser builds it: every part "delimiter CRLF headers CRLF CRLF data CRLF".
std::string field(std::string_view name, std::string_view value) {
  return kDash + "\r\nContent-Disposition: form-data; name=\"" + std::string(name) + "\"\r\n\r\n" +
         std::string(value) + "\r\n";
}
std::string close() { return kDash + "--\r\n"; }

TEST(Multipart, ParsesWhatABrowserSends) {
  const std::string body = field("municipality", "4601") + kDash +
                           "\r\nContent-Disposition: form-data; name=\"file\"; "
                           "filename=\"tjenester.json\"\r\nContent-Type: application/json\r\n\r\n"
                           "[{\"id\": 1}]\r\n" + close();
  const auto parts = ok(body);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], (Part{"municipality", std::nullopt, "", "4601"}));
  EXPECT_EQ(parts[1], (Part{"file", "tjenester.json", "application/json", "[{\"id\": 1}]"}));
  ASSERT_NE(find_part(parts, "file"), nullptr);
  EXPECT_EQ(find_part(parts, "file")->body, "[{\"id\": 1}]");
  EXPECT_EQ(find_part(parts, "nope"), nullptr);
}

TEST(Multipart, KeepsBinaryDataAndLookalikesOfTheBoundary) {
  const std::string data = std::string("a\0b\r\n\r\n--", 9) + "\r\n-" + kDash +
                           " not at line start " + kDash + "\n" + kDash.substr(0, 10) + "\r\n";
  const auto parts = ok(kDash + "\r\nContent-Disposition: form-data; name=f; filename=f.bin\r\n\r\n" +
                        data + "\r\n" + close());
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].body, data);
}

TEST(Multipart, AcceptsTheGrammarsOptionalShapes) {
  // Quoted boundary, odd case, other parameters, a trailing ';'.
  EXPECT_EQ(ok("--a b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--a b--",
               "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b\";")
                .size(),
            1u);
  // Preamble and epilogue are ignored; padding after a delimiter is allowed.
  const auto parts = ok("preamble\r\n" + kDash + " \t\r\nContent-Disposition: form-data; name=a\r\n"
                        "\r\nv\r\n" + kDash + "--  \r\nepilogue --" + kDash);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].body, "v");
  // An empty body without the empty line, an empty file, no parts at all.
  const auto empty = ok(kDash + "\r\nContent-Disposition: form-data; name=a\r\n\r\n" + kDash + "--");
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].body, "");
  const auto no_file = ok(kDash + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\""
                          "\r\nContent-Type: application/octet-stream\r\n\r\n\r\n" + close());
  ASSERT_EQ(no_file.size(), 1u);
  EXPECT_EQ(no_file[0].filename, "");
  EXPECT_EQ(no_file[0].body, "");
  EXPECT_TRUE(ok(close()).empty());
}

TEST(Multipart, HeadersAreCaseInsensitiveAndUnknownOnesIgnored) {
  const auto parts = ok(kDash + "\r\ncontent-disposition: FORM-DATA; Name=\"n\"; FILENAME=f.txt\r\n"
                        "X-Extra: 1\r\nCONTENT-TYPE: text/plain; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: binary\r\n\r\nx\r\n" + close());
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0], (Part{"n", "f.txt", "text/plain; charset=utf-8", "x"}));
}

TEST(Multipart, FileNamesAreKeptAsSent) {
  // Browsers send UTF-8 raw, '"' as %22 and backslashes unescaped.
  const auto parts = ok(kDash + "\r\nContent-Disposition: form-data; name=\"f\"; "
                        "filename=\"C:\\dir\\Bærum %22tilbud%22.json\"\r\n\r\n{}\r\n" + close());
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].filename, "C:\\dir\\Bærum %22tilbud%22.json");
  // filename* is not for senders to use (RFC 7578 §4.2), so it is not read.
  const auto star = ok(kDash + "\r\nContent-Disposition: form-data; name=f; "
                       "filename*=UTF-8''x.json\r\n\r\n{}\r\n" + close());
  ASSERT_EQ(star.size(), 1u);
  EXPECT_FALSE(star[0].filename.has_value());
}

TEST(Multipart, RefusesContentTypesWithoutAUsableBoundary) {
  const std::string body = field("a", "1") + close();
  err(body, "application/x-www-form-urlencoded");
  err(body, "multipart/mixed; boundary=----WebKitFormBoundaryx8Jq");
  err(body, "multipart/form-data");
  err(body, "multipart/form-data; charset=utf-8");
  err(body, "multipart/form-data; boundary=");
  err(body, "multipart/form-data; boundary=\"\"");
  err(body, "multipart/form-data; boundary=\"unterminated");
  err(body, "multipart/form-data; boundary=a; boundary=b");  // which one?
  err(body, "multipart/form-data; boundary=ab\"c\"");
  err(body, "multipart/form-data; boundary=\"ends with space \"");
  err(body, "multipart/form-data; boundary=semi\\colon");
  err(body, "multipart/form-data; boundary=" + std::string(71, 'b'));
  // 70 characters is the most RFC 2046 allows.
  const std::string b70(70, 'b');
  EXPECT_EQ(ok("--" + b70 + "\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--" + b70 + "--",
               "multipart/form-data; boundary=" + b70)
                .size(),
            1u);
}

TEST(Multipart, RefusesMalformedFraming) {
  err("");
  err("no delimiter at all");
  err(field("a", "1"));  // no close delimiter: a truncated upload
  err(field("a", "1") + kDash);
  err(field("a", "1") + kDash + "--junk");  // the close delimiter's line holds only padding
  EXPECT_EQ(ok(field("a", "1") + kDash + "-- \t").size(), 1u);
  err(kDash + "X\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n" + close());
  // A delimiter followed by junk is not a delimiter, and not data either.
  err(field("a", "1\r\n" + kDash + "junk") + close());
  // Bare LF line ends.
  err(kDash + "\nContent-Disposition: form-data; name=a\n\n1\n" + kDash + "--");
  err(kDash + "\r\nContent-Disposition: form-data; name=a\n\n1\r\n" + close());
  // A header line cut off by the delimiter, a part starting with the boundary.
  err(kDash + "\r\nContent-Disposition: form-data; name=a\r\n" + kDash + "--");
  err(kDash + "\r\n" + kDash + "\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n" + close());
}

TEST(Multipart, RefusesBadPartHeadersNamingTheField) {
  auto part = [](std::string_view headers) {
    return kDash + "\r\n" + std::string(headers) + "\r\n\r\nv\r\n" + close();
  };
  err(kDash + "\r\n\r\nno headers\r\n" + close());
  err(part("Content-Type: text/plain"));
  err(part("Content-Disposition: attachment; name=a"));
  err(part("Content-Disposition: form-data"));
  err(part("Content-Disposition: form-data; filename=x"));
  err(part("Content-Disposition: form-data; name=\"\""));
  err(part("Content-Disposition: form-data; name=a; name=b"));
  err(part("Content-Disposition: form-data; name=a; NAME=b"));
  err(part("Content-Disposition: form-data; name=\"a"));
  err(part("Content-Disposition: form-data; name=a b"));
  err(part("Content-Disposition: form-data; name=\"a\x01\""));
  err(part("Content-Disposition: form-data; name=\"\xC2\x85\""));  // C1 control
  err(part("Content-Disposition: form-data; name=\"\xFF\""));
  err(part("Content-Disposition form-data; name=a"));
  err(part("Bad Header: x\r\nContent-Disposition: form-data; name=a"));
  err(part("Content-Disposition: form-data;\r\n name=a"));  // obsolete line folding
  EXPECT_EQ(err(part("Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=a"))
                .field,
            "a");
  EXPECT_EQ(err(part("Content-Disposition: form-data; name=f; filename=\"\xE6\"")).field, "f");
  EXPECT_EQ(err(part("Content-Disposition: form-data; name=f\r\nContent-Type: a\r\nContent-Type: b")).field,
            "f");
  EXPECT_EQ(err(part("Content-Disposition: form-data; name=f\r\nContent-Transfer-Encoding: base64")).field,
            "f");
  EXPECT_EQ(err(part("Content-Disposition: form-data; name=f\r\nContent-Type: t\xC3\xA6xt/plain")).field,
            "f");
}

TEST(Multipart, FormFieldsMeetParseFormsRulesButFilesAreRaw) {
  EXPECT_EQ(ok(field("a", "line 1\r\nline 2\ttab æøå") + close())[0].body, "line 1\r\nline 2\ttab æøå");
  EXPECT_EQ(err(field("a", std::string("nul\0", 4)) + close()).field, "a");
  EXPECT_EQ(err(field("a", "\xFF") + close()).message, "Invalid characters in form field");
  err(field("a", "\xC2\x85") + close());
  EXPECT_EQ(ok(field("a", std::string(kMaxFormValueBytes, 'v')) + close())[0].body.size(),
            kMaxFormValueBytes);
  EXPECT_EQ(err(field("a", std::string(kMaxFormValueBytes + 1, 'v')) + close()).message,
            "Form field is too long");
  EXPECT_EQ(ok(field(std::string(kMaxFormNameBytes, 'n'), "v") + close()).size(), 1u);
  err(field(std::string(kMaxFormNameBytes + 1, 'n'), "v") + close());

  const std::string binary("\0\xFF\xC2\x85\x01", 5);
  const auto file = ok(kDash + "\r\nContent-Disposition: form-data; name=f; filename=x.bin\r\n\r\n" +
                       binary + std::string(kMaxFormValueBytes, 'b') + "\r\n" + close());
  ASSERT_EQ(file.size(), 1u);
  EXPECT_EQ(file[0].body.substr(0, 5), binary);
}

TEST(Multipart, EnforcesTheLimits) {
  std::string fifty;
  for (int i = 0; i < 50; ++i) fifty += field("f" + std::to_string(i), "v");
  EXPECT_EQ(ok(fifty + close()).size(), 50u);
  err(fifty + field("one_more", "v") + close());

  MultipartLimits small;
  small.max_parts = 2;
  EXPECT_EQ(ok(field("a", "1") + field("b", "2") + close(), kType, small).size(), 2u);
  err(field("a", "1") + field("b", "2") + field("c", "3") + close(), kType, small);

  // 2 KiB of header block per part, exactly.
  const std::string prefix = "Content-Disposition: form-data; name=a\r\nX-Pad: ";
  const std::string at_limit = prefix + std::string(2048 - prefix.size(), 'p');
  EXPECT_EQ(ok(kDash + "\r\n" + at_limit + "\r\n\r\nv\r\n" + close()).size(), 1u);
  err(kDash + "\r\n" + at_limit + "p\r\n\r\nv\r\n" + close());
  err(kDash + "\r\n" + at_limit + "p\r\n" + kDash + "--");
  err(kDash + "\r\n" + std::string(100000, 'h') + close());

  MultipartLimits tiny;
  tiny.max_total_bytes = 150;
  const std::string body = field("a", std::string(30, 'x')) + close();
  ASSERT_LE(body.size(), 150u);
  EXPECT_EQ(ok(body, kType, tiny).size(), 1u);
  EXPECT_EQ(err(field("a", std::string(100, 'x')) + close(), kType, tiny).message,
            "The upload is too large.");
}

TEST(Multipart, NeverReadsPastTheEndOfATruncatedBody) {
  const std::string body = field("municipality", "4601") + kDash +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\""
                           "\r\n\r\n[]\r\n" + close();
  // Every prefix is refused (ASan would flag a read past its end); the whole body is not.
  for (std::size_t n = 0; n + 2 < body.size(); ++n) {
    const std::string prefix = body.substr(0, n);
    EXPECT_FALSE(parse_multipart(kType, prefix).has_value()) << n;
  }
  EXPECT_TRUE(parse_multipart(kType, body).has_value());
}

}  // namespace
}  // namespace kp::http
