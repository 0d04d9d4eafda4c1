// The view layer escapes by default: every string that reaches a page through Html::format or
// append is escaped, whatever its size, and only Html (built by views) passes unchanged.
#include <gtest/gtest.h>

#include "web/html.hpp"

namespace kp::web {
namespace {

TEST(Html, EveryStringArgumentIsEscaped) {
  const std::string name = R"(<script>alert('x')</script> & "quotes")";
  EXPECT_EQ(Html::format("<td>{}</td>", name).str(),
            "<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;</td>");
  EXPECT_EQ(Html::format(R"(<a href="{}">)", std::string_view(R"(" onclick="x)")).str(),
            R"(<a href="&quot; onclick=&quot;x">)");
  const char* literal = "a<b";
  EXPECT_EQ(Html::format("{}", literal).str(), "a&lt;b");
}

TEST(Html, PlainTextIsWrittenAsIsAndLongTextIsEscapedThroughout) {
  EXPECT_EQ(Html::format("<p>{}</p>", std::string("Familien Ås – ærlig")).str(), "<p>Familien Ås – ærlig</p>");
  std::string long_text(5000, 'a');
  long_text += "<";
  EXPECT_EQ(Html::format("{}", long_text).str(), std::string(5000, 'a') + "&lt;");
}

TEST(Html, OnlyHtmlPassesUnescaped) {
  const Html inner = Html::format("<b>{}</b>", std::string("x&y"));
  EXPECT_EQ(Html::format("<p>{}</p>", inner).str(), "<p><b>x&amp;y</b></p>");
  Html h;
  h.text("1 < 2");
  EXPECT_EQ(h.str(), "1 &lt; 2");
}

}  // namespace
}  // namespace kp::web
