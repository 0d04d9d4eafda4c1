#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "http/form.hpp"
#include "http/target.hpp"

namespace kp::http {
namespace {

Pairs form_ok(std::string_view body) {
  auto r = parse_form(body);
  EXPECT_TRUE(r.has_value()) << body;
  return r ? *r : Pairs{};
}

Error form_err(std::string_view body) {
  auto r = parse_form(body);
  EXPECT_FALSE(r.has_value()) << body;
  return r ? Error{} : r.error();
}

TEST(ParseForm, SplitsAndDecodes) {
  EXPECT_EQ(form_ok("a=1&b=2"), (Pairs{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(form_ok("q=hello+world"), (Pairs{{"q", "hello world"}}));
  EXPECT_EQ(form_ok("q=a%2Bb%20c"), (Pairs{{"q", "a+b c"}}));
  EXPECT_EQ(form_ok("full+name=Ola"), (Pairs{{"full name", "Ola"}}));
  EXPECT_EQ(form_ok("by=%C3%A6%C3%B8%C3%A5"), (Pairs{{"by", "æøå"}}));
  EXPECT_EQ(form_ok("raw=æøå"), (Pairs{{"raw", "æøå"}}));
}

TEST(ParseForm, TolerantShapes) {
  EXPECT_EQ(form_ok(""), Pairs{});
  EXPECT_EQ(form_ok("&&a=1&"), (Pairs{{"a", "1"}}));
  EXPECT_EQ(form_ok("flag"), (Pairs{{"flag", ""}}));
  EXPECT_EQ(form_ok("a="), (Pairs{{"a", ""}}));
  EXPECT_EQ(form_ok("=x&b=2"), (Pairs{{"b", "2"}}));
  EXPECT_EQ(form_ok("a=1=2"), (Pairs{{"a", "1=2"}}));
  EXPECT_EQ(form_ok("a=1&a=2"), (Pairs{{"a", "1"}, {"a", "2"}}));
}

TEST(ParseForm, BadPercentEncodingNamesTheField) {
  for (const char* body : {"email=%zz", "email=%4", "email=%", "email=abc%g1"}) {
    const Error e = form_err(body);
    EXPECT_EQ(e.kind, ErrorKind::invalid);
    EXPECT_EQ(e.field, "email") << body;
    EXPECT_FALSE(e.message.empty());
  }
  EXPECT_EQ(form_err("na%zzme=1").field, "");
}

TEST(ParseForm, RejectsInvalidUtf8AndControls) {
  EXPECT_EQ(form_err("a=%C3%28").field, "a");
  EXPECT_EQ(form_err("a=%C0%AF").field, "a");   // overlong '/'
  EXPECT_EQ(form_err("a=%ED%A0%80").field, "a"); // surrogate
  EXPECT_EQ(form_err("a=\xff").field, "a");
  EXPECT_EQ(form_err("a=x%00y").field, "a");
  EXPECT_EQ(form_err("a=%01").field, "a");
  EXPECT_EQ(form_err("a=%7F").field, "a");
  EXPECT_EQ(form_err("a=%C2%85").field, "a");  // C1 NEL
  EXPECT_EQ(form_ok("a=x%09y%0D%0Az"), (Pairs{{"a", "x\ty\r\nz"}}));
  form_err("a%0A=1");  // no line breaks in names
  form_err("a%00=1");
}

TEST(ParseForm, Limits) {
  std::string body;
  for (int i = 0; i < 1000; ++i) body += "k" + std::to_string(i) + "=v&";
  EXPECT_EQ(form_ok(body).size(), 1000u);
  body += "one=more";
  EXPECT_EQ(form_err(body).message, "Too many form fields");

  EXPECT_EQ(form_ok(std::string(200, 'n') + "=1").size(), 1u);
  form_err(std::string(201, 'n') + "=1");

  EXPECT_EQ(form_ok("v=" + std::string(100 * 1024, 'x')).front().second.size(), 100u * 1024);
  EXPECT_EQ(form_err("v=" + std::string(100 * 1024 + 1, 'x')).field, "v");
  EXPECT_EQ(form_err("v=" + std::string(400 * 1024, 'x')).field, "v");
}

TEST(PercentDecode, Basics) {
  std::string out;
  EXPECT_TRUE(percent_decode("a%41+b", false, out));
  EXPECT_EQ(out, "aA+b");
  out.clear();
  EXPECT_TRUE(percent_decode("a%41+b", true, out));
  EXPECT_EQ(out, "aA b");
  out.clear();
  EXPECT_FALSE(percent_decode("%4", false, out));
}

TEST(ParseCookies, Rfc6265AndTolerance) {
  EXPECT_EQ(parse_cookies("a=1; b=2"), (Pairs{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(parse_cookies("  a = 1 ;b=\"quoted\";c=\"half"),
            (Pairs{{"a", "1"}, {"b", "quoted"}, {"c", "\"half"}}));
  EXPECT_EQ(parse_cookies("junk; c=3; =x; d; e f=1; g=%41"), (Pairs{{"c", "3"}, {"g", "%41"}}));
  EXPECT_EQ(parse_cookies("sid=a\x01z; ok=1"), (Pairs{{"ok", "1"}}));
  EXPECT_EQ(parse_cookies("a=1; a=2"), (Pairs{{"a", "1"}, {"a", "2"}}));
  EXPECT_EQ(parse_cookies("x="), (Pairs{{"x", ""}}));
  EXPECT_EQ(parse_cookies(""), Pairs{});
  EXPECT_EQ(parse_cookies(";;;"), Pairs{});
  std::string many;
  for (int i = 0; i < 150; ++i) many += "c" + std::to_string(i) + "=1; ";
  const Pairs got = parse_cookies(many);
  ASSERT_EQ(got.size(), 100u);
  EXPECT_EQ(got.back().first, "c99");
}

ParsedTarget target_ok(std::string_view t) {
  auto r = parse_target(t);
  EXPECT_TRUE(r.has_value()) << t;
  return r ? *r : ParsedTarget{};
}

TEST(ParseTarget, DecodesPathAndQuery) {
  auto t = target_ok("/");
  EXPECT_EQ(t.path, "/");
  EXPECT_TRUE(t.query.empty());
  t = target_ok("/s%C3%B8k/a%20b?x=1&y=%C3%A6+%C3%B8&z");
  EXPECT_EQ(t.path, "/søk/a b");
  EXPECT_EQ(t.query, (Pairs{{"x", "1"}, {"y", "æ ø"}, {"z", ""}}));
  EXPECT_EQ(target_ok("/a+b").path, "/a+b");  // '+' is only a space in queries
  EXPECT_EQ(target_ok("/a//b/").path, "/a//b/");  // nothing collapsed
  EXPECT_EQ(target_ok("/a?q=1?2").query, (Pairs{{"q", "1?2"}}));
  EXPECT_EQ(target_ok("/?q=a|b^{c}`").query, (Pairs{{"q", "a|b^{c}`"}}));  // as browsers send
  EXPECT_EQ(target_ok("/a?").path, "/a");
  EXPECT_EQ(target_ok("/...").path, "/...");
  EXPECT_EQ(target_ok("/a..b/.c").path, "/a..b/.c");
}

TEST(ParseTarget, AbsoluteForm) {
  auto t = target_ok("http://example.org/x?y=1");
  EXPECT_EQ(t.path, "/x");
  EXPECT_EQ(t.query, (Pairs{{"y", "1"}}));
  EXPECT_EQ(target_ok("HTTPS://example.org").path, "/");
  EXPECT_EQ(target_ok("http://example.org?q=1").query, (Pairs{{"q", "1"}}));
  EXPECT_FALSE(parse_target("ftp://example.org/x"));
  EXPECT_FALSE(parse_target("http:///x"));
}

TEST(ParseTarget, Rejects) {
  for (const char* t : {"", "*", "a/b", "example.org:443", "/a/%2e%2e/b", "/a/%2E%2E", "/a/../b",
                        "/..", "/a/./b", "/.", "/a%2F..%2Fb", "/a/%2e", "/a%00b", "/a%C3",
                        "/a%zz", "/a%", "/a#frag", "/a b", "/a\tb", "/a%0Ab", "/a%7F",
                        "/x?q=%ZZ", "/x?q=%00", "/x?q=%C3"}) {
    auto r = parse_target(t);
    EXPECT_FALSE(r.has_value()) << t;
    if (!r) {
      EXPECT_EQ(r.error().kind, ErrorKind::invalid);
    }
  }
  // Raw bytes are judged after decoding: valid UTF-8 passes, broken UTF-8 fails.
  EXPECT_EQ(target_ok("/s\xC3\xB8k").path, "/søk");
  EXPECT_FALSE(parse_target("/s\xC3k"));
}

// A poor man's fuzz run until the libFuzzer targets exist: random bytes drawn mostly from
// the characters the parsers care about must never crash (ASan/UBSan build) and every
// accepted result must satisfy the documented guarantees.
TEST(Parsers, RandomInputsKeepTheirPromises) {
  const std::string alphabet = "%%%2e2E0aAfFgG+&=;/?.#\"\\ \t\r\n\x01\x7f\xc3\xa6\xff\x80x";
  std::uint64_t state = 42;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string input = i % 2 ? "/" : "";
    const std::size_t len = next() % 40;
    for (std::size_t k = 0; k < len; ++k) input += alphabet[next() % alphabet.size()];
    if (auto form = parse_form(input)) {
      for (const auto& [name, value] : *form) {
        EXPECT_FALSE(name.empty());
        EXPECT_EQ(name.find('\0'), std::string::npos);
        EXPECT_EQ(value.find('\0'), std::string::npos);
      }
    }
    EXPECT_LE(parse_cookies(input).size(), kMaxCookies);
    if (auto t = parse_target(input)) {
      ASSERT_FALSE(t->path.empty()) << input;
      EXPECT_EQ(t->path.front(), '/');
      EXPECT_EQ(t->path.find("/../"), std::string::npos) << input;
      EXPECT_EQ(t->path.find('\0'), std::string::npos);
      EXPECT_FALSE(t->path.ends_with("/..")) << input;
    }
  }
}

}  // namespace
}  // namespace kp::http
