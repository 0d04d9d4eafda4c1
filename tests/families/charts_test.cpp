#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include "families/charts.hpp"

using namespace kp::families;
using kp::CivilDate;

namespace {

constexpr double kFont = 13;

RadarChart six_goals() {
  RadarChart c;
  c.id = "goals";
  c.title = "Goals";
  c.description = "Scores of the first and the latest assessment.";
  c.axes = {"Housing", "Economy", "Work and education", "Health", "Leisure for the children", "Network"};
  c.first_label = "First assessment";
  c.latest_label = "Latest assessment";
  c.first = {2, 3, 1, 4, 2, 5};
  c.latest = {6, 5, 4, 7, 8, 9};
  c.axis_heading = "Goal";
  c.missing_text = "Not assessed";
  return c;
}

TrendChart two_series() {
  TrendChart c;
  c.id = "trend";
  c.title = "Income per unit";
  c.description = "Income per consumption unit compared with the low-income line.";
  c.y_min = 0;
  c.y_max = 400;
  c.series = {{"Household", {{{2022, 1, 1}, 180}, {{2024, 1, 1}, 260}, {{2023, 1, 1}, 210}}},
              {"Goal", {{{2022, 1, 1}, 300}, {{2024, 1, 1}, 300}}}};
  c.first_date_label = "2022";
  c.last_date_label = "2024";
  c.x_ticks = {{{2023, 1, 1}, "2023"}};
  c.reference = TrendReference{240, "Low-income line (EU-60)"};
  c.date_heading = "Year";
  c.missing_text = "–";
  return c;
}

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

std::pair<double, double> view_box(const std::string& svg) {
  std::smatch m;
  const std::regex re(R"re(viewBox="0 0 ([0-9.]+) ([0-9.]+)")re");
  EXPECT_TRUE(std::regex_search(svg, m, re));
  return {std::stod(m[1]), std::stod(m[2])};
}

// The number of points of every <polygon> or <polyline> (`element`) that has no class of
// its own: the rings and the series' outlines, not the markers.
std::vector<int> shapes(const std::string& svg, const std::string& element) {
  std::vector<int> out;
  const std::regex re("<" + element + R"re( points="([^"]*)")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back(count((*it)[1].str(), ",") );
  return out;
}

void expect_coordinates_inside(const std::string& svg) {
  const auto [w, h] = view_box(svg);
  const std::regex attr(R"re( (x|y|x1|y1|x2|y2|cx|cy)="(-?[0-9.]+)")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), attr); it != std::sregex_iterator(); ++it) {
    const double v = std::stod((*it)[2]);
    const double limit = (*it)[1].str().front() == 'x' || (*it)[1].str() == "cx" ? w : h;
    EXPECT_GE(v, 0) << (*it)[0];
    EXPECT_LE(v, limit) << (*it)[0];
  }
  const std::regex points(R"re(points="([^"]*)")re"), pair(R"re((-?[0-9.]+),(-?[0-9.]+))re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), points); it != std::sregex_iterator(); ++it) {
    const std::string list = (*it)[1];
    for (auto p = std::sregex_iterator(list.begin(), list.end(), pair); p != std::sregex_iterator(); ++p) {
      EXPECT_GE(std::stod((*p)[1]), 0);
      EXPECT_LE(std::stod((*p)[1]), w);
      EXPECT_GE(std::stod((*p)[2]), 0);
      EXPECT_LE(std::stod((*p)[2]), h);
    }
  }
}

std::string unescape(std::string s) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}})
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
      s.replace(p, from.size(), to);
  return s;
}

// Every line of every label, by the layout's own width estimate, lies inside the picture.
void expect_text_inside(const std::string& svg) {
  const auto [w, h] = view_box(svg);
  const std::regex text(R"re(<text [^>]*?text-anchor="(start|middle|end)" font-size="([0-9]+)"[^>]*>(.*?)</text>)re");
  const std::regex tspan(R"re(<tspan x="([0-9.-]+)" y="([0-9.-]+)">(.*?)</tspan>)re");
  int lines = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text); it != std::sregex_iterator(); ++it) {
    const std::string anchor = (*it)[1];
    const double size = std::stod((*it)[2]);
    const std::string body = (*it)[3];
    for (auto t = std::sregex_iterator(body.begin(), body.end(), tspan); t != std::sregex_iterator(); ++t) {
      const double x = std::stod((*t)[1]), y = std::stod((*t)[2]);
      const std::string line = unescape((*t)[3]);
      const double width = chart_detail::text_width(line, size);
      const double left = anchor == "start" ? x : anchor == "end" ? x - width : x - width / 2;
      EXPECT_GE(left, 0) << line;
      EXPECT_LE(left + width, w) << line;
      EXPECT_GE(y - size, 0) << line;
      EXPECT_LE(y + size * 0.3, h) << line;
      ++lines;
    }
  }
  EXPECT_GT(lines, 0);
}

void expect_no_inline_style(const std::string& svg) {
  EXPECT_EQ(svg.find("style="), std::string::npos);
  EXPECT_EQ(svg.find("<style"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
}

}  // namespace

TEST(RadarChart, TwoFullPolygonsOfSixVertices) {
  const std::string svg = radar_chart(six_goals()).str();
  ASSERT_TRUE(svg.starts_with("<svg "));
  ASSERT_TRUE(svg.ends_with("</svg>"));
  EXPECT_NE(svg.find(R"(role="img")"), std::string::npos);
  EXPECT_NE(svg.find(R"(aria-labelledby="goals-title goals-desc")"), std::string::npos);
  EXPECT_NE(svg.find(R"(<title id="goals-title">Goals</title>)"), std::string::npos);
  EXPECT_NE(svg.find(R"(<desc id="goals-desc">Scores of the first and the latest assessment.</desc>)"),
            std::string::npos);
  EXPECT_NE(svg.find(R"(direction="ltr")"), std::string::npos);
  // Ten rings and the two series' polygons, every one with a vertex per axis.
  const auto polygons = shapes(svg, "polygon");
  EXPECT_EQ(polygons, std::vector<int>(12, 6));
  // The shape's group, and the legend's line and marker.
  EXPECT_EQ(count(svg, R"(class="kp-chart-series kp-chart-series-first")"), 3);
  EXPECT_EQ(count(svg, R"(class="kp-chart-series kp-chart-series-latest")"), 3);
  EXPECT_EQ(count(svg, "<circle "), 6 + 1);  // first: hollow circles, one more in the legend
  EXPECT_EQ(count(svg, "<rect "), 6 + 1);    // latest: squares
  expect_coordinates_inside(svg);
  expect_text_inside(svg);
  expect_no_inline_style(svg);
  EXPECT_EQ(radar_chart(six_goals()).str(), svg);  // deterministic
}

TEST(RadarChart, MissingValuesLeaveTheirVertexOut) {
  RadarChart c = six_goals();
  c.first = {2, std::nullopt, 1};  // shorter than the axes: the rest are missing too
  c.latest = {6, 5, 4, 7, std::nullopt, NAN};
  const std::string svg = radar_chart(c).str();
  const auto polygons = shapes(svg, "polygon");
  ASSERT_EQ(polygons.size(), 10u + 1);  // the first assessment's two points make a line
  EXPECT_EQ(polygons.back(), 4);
  EXPECT_EQ(shapes(svg, "polyline"), std::vector<int>{2});
  expect_coordinates_inside(svg);

  const std::string table = radar_table(c).str();
  EXPECT_EQ(count(table, "<td>Not assessed</td>"), 4 + 2);
  EXPECT_NE(table.find(R"(<tr><th scope="row">Economy</th><td>Not assessed</td><td>5</td></tr>)"),
            std::string::npos);

  c.first.clear();
  c.latest = {3};
  const std::string lonely = radar_chart(c).str();
  EXPECT_EQ(shapes(lonely, "polygon").size(), 10u);
  EXPECT_TRUE(shapes(lonely, "polyline").empty());
  EXPECT_EQ(count(lonely, "<rect "), 1 + 1);  // the one score and the legend
}

TEST(RadarChart, ScoresAreClampedToTheScale) {
  RadarChart c = six_goals();
  c.latest = {-50, 0, 11, 1e9, 10, 1};
  expect_coordinates_inside(radar_chart(c).str());
}

TEST(RadarChart, LabelsAreEscaped) {
  RadarChart c = six_goals();
  c.axes[0] = R"(<b>&"')";
  c.title = "<script>alert(1)</script>";
  c.first_label = "First & <i>";
  c.id = R"(x" onload="alert(1))";
  const std::string svg = radar_chart(c).str();
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_EQ(svg.find("<i>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;b&gt;&amp;&quot;&#39;"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("onload="), std::string::npos);  // ids keep only [A-Za-z0-9_-]
  EXPECT_NE(svg.find(R"(aria-labelledby="xonloadalert1-title)"), std::string::npos);
  expect_no_inline_style(svg);
  const std::string table = radar_table(c).str();
  EXPECT_EQ(table.find("<b>"), std::string::npos);
  EXPECT_NE(table.find("<caption>&lt;script&gt;"), std::string::npos);
}

TEST(RadarChart, LongLabelsWrapOrAreCutInsideThePicture) {
  RadarChart c = six_goals();
  c.axes = {"Arbeidsmarkedstilknytning og kvalifisering for foreldrene i husholdningen",
            "Økonomi",
            "Fritidsaktiviteter for barna, også i skolens ferier og på helligdager gjennom hele året",
            "Bolig",
            "Nettverk",
            "Helsetilstand, fysisk aktivitet, kosthold, søvn og psykisk helse hos alle i familien",
            "Språk",
            "الصحة النفسية والجسدية للأطفال والكبار في الأسرة",
            "家庭的经济状况和住房条件以及孩子们的休闲活动",
            "Утверждённая программа поддержки семьи",
            "ትምህርትን ስራን",
            "W"};
  c.first_label.clear();
  c.latest = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
  const std::string svg = radar_chart(c).str();
  expect_text_inside(svg);
  expect_coordinates_inside(svg);
  // Each label is one <text> of at most two lines.
  const std::regex text(R"re(<text class="kp-chart-label"[^>]*>(.*?)</text>)re");
  int labels = 0, cut = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text); it != std::sregex_iterator(); ++it) {
    EXPECT_LE(count((*it)[1], "<tspan"), 2);
    if ((*it)[1].str().find("\xE2\x80\xA6") != std::string::npos) {
      ++cut;
      EXPECT_NE((*it)[1].str().find("<title>"), std::string::npos);  // full text as tooltip
    }
    ++labels;
  }
  EXPECT_EQ(labels, 12 + 1);  // and the legend
  EXPECT_GE(cut, 1);
  // The table has every label in full.
  const std::string table = radar_table(c).str();
  for (const std::string& axis : c.axes) EXPECT_NE(table.find(axis), std::string::npos) << axis;
}

TEST(RadarChart, TooFewAxesDrawNothing) {
  RadarChart c = six_goals();
  c.axes = {"A", "B"};
  EXPECT_TRUE(radar_chart(c).empty());
  EXPECT_FALSE(radar_table(c).empty());
}

TEST(RadarChart, TableHasCaptionAndColumnPerSeries) {
  const std::string table = radar_table(six_goals()).str();
  EXPECT_NE(table.find("<caption>Goals</caption>"), std::string::npos);
  EXPECT_NE(table.find(R"(<th scope="col">Goal</th><th scope="col">First assessment</th><th scope="col">Latest assessment</th>)"),
            std::string::npos);
  EXPECT_EQ(count(table, R"(<th scope="row">)"), 6);
  EXPECT_NE(table.find(R"(<tr><th scope="row">Network</th><td>5</td><td>9</td></tr>)"), std::string::npos);

  RadarChart c = six_goals();
  c.first_label.clear();  // a family with one assessment so far
  c.latest = {6.5, 5, 4, 7, 8, 9};
  c.format_value = [](double v) { return std::to_string(static_cast<int>(v * 10)) + "‰"; };
  const std::string one = radar_table(c).str();
  EXPECT_EQ(count(one, R"(<th scope="col">)"), 2);
  EXPECT_NE(one.find("<td>65‰</td>"), std::string::npos);
}

TEST(TrendChart, SeriesReferenceAndTicks) {
  const std::string svg = trend_chart(two_series()).str();
  ASSERT_TRUE(svg.starts_with("<svg "));
  EXPECT_NE(svg.find(R"(aria-labelledby="trend-title trend-desc")"), std::string::npos);
  EXPECT_EQ(shapes(svg, "polyline"), (std::vector<int>{3, 2}));
  EXPECT_EQ(count(svg, R"(class="kp-chart-reference")"), 2);  // in the plot and in the legend
  EXPECT_NE(svg.find(">Low-income line (EU-60)</tspan>"), std::string::npos);
  EXPECT_NE(svg.find(">2022</tspan>"), std::string::npos);
  EXPECT_NE(svg.find(">2023</tspan>"), std::string::npos);
  EXPECT_NE(svg.find(">2024</tspan>"), std::string::npos);
  EXPECT_EQ(count(svg, "kp-chart-series-1"), 3);  // the line's group, the legend's line and marker
  EXPECT_EQ(count(svg, "kp-chart-series-2"), 3);
  expect_coordinates_inside(svg);
  expect_text_inside(svg);
  expect_no_inline_style(svg);
  EXPECT_EQ(trend_chart(two_series()).str(), svg);
}

TEST(TrendChart, PointsAreSortedByDate) {
  const std::string svg = trend_chart(two_series()).str();
  const std::regex re(R"re(<polyline points="([^"]*)")re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, re));
  const std::string points = m[1];
  const std::regex pair(R"re(([0-9.]+),([0-9.]+))re");
  double previous = -1;
  for (auto it = std::sregex_iterator(points.begin(), points.end(), pair); it != std::sregex_iterator(); ++it) {
    EXPECT_GT(std::stod((*it)[1]), previous);
    previous = std::stod((*it)[1]);
  }
}

TEST(TrendChart, CollidingTicksAndOutOfRangeValues) {
  TrendChart c = two_series();
  c.x_ticks = {{{2022, 1, 10}, "January 2022"}, {{2023, 1, 1}, "2023"}, {{2023, 1, 20}, "20 January 2023"},
               {{2030, 1, 1}, "2030"}};
  c.series[0].points.push_back({{2023, 6, 1}, 1e6});
  c.series[0].points.push_back({{2023, 7, 1}, -1e6});
  c.series[0].points.push_back({{2023, 8, 1}, NAN});
  c.reference = TrendReference{1e9, std::string(300, 'x')};
  const std::string svg = trend_chart(c).str();
  EXPECT_EQ(svg.find("January 2022"), std::string::npos);  // collides with "2022"
  EXPECT_NE(svg.find(">2023</tspan>"), std::string::npos);
  EXPECT_EQ(svg.find("20 January 2023"), std::string::npos);  // collides with "2023"
  EXPECT_EQ(svg.find("2030"), std::string::npos);  // outside the dates
  EXPECT_EQ(shapes(svg, "polyline"), (std::vector<int>{5, 2}));
  expect_coordinates_inside(svg);
  expect_text_inside(svg);
}

TEST(TrendChart, EmptyOrSingleDate) {
  TrendChart c = two_series();
  c.series.clear();
  EXPECT_TRUE(trend_chart(c).empty());
  c.series = {{"Only", {{{2024, 5, 1}, 5}}}};
  const std::string svg = trend_chart(c).str();
  EXPECT_FALSE(svg.empty());
  EXPECT_TRUE(shapes(svg, "polyline").empty());
  EXPECT_EQ(count(svg, "<circle "), 2);  // the point and the legend
  expect_coordinates_inside(svg);
  c.from = CivilDate{2024, 1, 1};
  c.to = CivilDate{2024, 12, 31};
  expect_coordinates_inside(trend_chart(c).str());
}

TEST(TrendChart, ManySeriesRepeatStylesAndGrowTheLegend) {
  TrendChart c = two_series();
  c.series.clear();
  for (int i = 0; i < 8; ++i)
    c.series.push_back({"Series " + std::to_string(i), {{{2022, 1, 1}, i * 40.0}, {{2024, 1, 1}, i * 30.0}}});
  const std::string svg = trend_chart(c).str();
  EXPECT_EQ(shapes(svg, "polyline").size(), 8u);
  EXPECT_EQ(count(svg, "kp-chart-series-1\""), 6);  // series 0 and 6, three times each
  expect_coordinates_inside(svg);
  expect_text_inside(svg);
}

TEST(TrendChart, TableRowsByDateAndReferenceInTheFooter) {
  TrendChart c = two_series();
  c.format_date = [](CivilDate d) { return std::to_string(d.year); };
  c.series[1].points.pop_back();  // no goal for 2024
  const std::string table = trend_table(c).str();
  EXPECT_NE(table.find("<caption>Income per unit</caption>"), std::string::npos);
  EXPECT_NE(table.find(R"(<th scope="col">Year</th><th scope="col">Household</th><th scope="col">Goal</th>)"),
            std::string::npos);
  EXPECT_NE(table.find(R"(<tr><th scope="row">2022</th><td>180</td><td>300</td></tr>)"), std::string::npos);
  EXPECT_NE(table.find(R"(<tr><th scope="row">2023</th><td>210</td><td>–</td></tr>)"), std::string::npos);
  EXPECT_NE(table.find(R"(<tr><th scope="row">2024</th><td>260</td><td>–</td></tr>)"), std::string::npos);
  EXPECT_LT(table.find(">2022<"), table.find(">2023<"));
  EXPECT_NE(table.find(R"(<tfoot><tr><th scope="row">Low-income line (EU-60)</th><td colspan="2">240</td></tr></tfoot>)"),
            std::string::npos);
}

TEST(FitLabel, WrapsAtSpacesBreaksLongWordsAndCuts) {
  using chart_detail::fit_label;
  using chart_detail::text_width;
  EXPECT_EQ(fit_label("Bolig", 100, kFont, 2), std::vector<std::string>{"Bolig"});
  EXPECT_EQ(fit_label("  Bolig \n og\tøkonomi ", 1000, kFont, 2), std::vector<std::string>{"Bolig og økonomi"});
  EXPECT_EQ(fit_label("Bolig og økonomi", 60, kFont, 2), (std::vector<std::string>{"Bolig og", "økonomi"}));
  EXPECT_TRUE(fit_label("", 60, kFont, 2).empty());

  const auto broken = fit_label("Arbeidsmarkedstilknytning", 100, kFont, 2);
  ASSERT_EQ(broken.size(), 2u);
  EXPECT_TRUE(broken[0].ends_with("-"));
  for (const auto& line : broken) EXPECT_LE(text_width(line, kFont), 100);

  const auto cut = fit_label("en to tre fire fem seks sju åtte ni ti elleve tolv", 80, kFont, 2);
  ASSERT_EQ(cut.size(), 2u);
  EXPECT_TRUE(cut[1].ends_with("\xE2\x80\xA6"));
  for (const auto& line : cut) EXPECT_LE(text_width(line, kFont), 80);

  // Never a broken UTF-8 sequence, whatever the width.
  for (double width = 1; width < 120; width += 7)
    for (const auto& line : fit_label("ææææææææææææ 家家家家家家家 ṩṩṩṩ", width, kFont, 3))
      for (std::size_t i = 0; i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) {
          ASSERT_GT(i, 0u);
        } else if (static_cast<unsigned char>(line[i]) >= 0x80) {
          const int len = (line[i] & 0xE0) == 0xC0 ? 2 : (line[i] & 0xF0) == 0xE0 ? 3 : 4;
          ASSERT_LE(i + len, line.size()) << line;
        }
}

TEST(TextWidth, WideScriptsAreWider) {
  using chart_detail::text_width;
  EXPECT_GT(text_width("家家", kFont), text_width("ab", kFont));
  EXPECT_EQ(text_width("e\xCC\x81", kFont), text_width("e", kFont));  // a combining accent
  EXPECT_EQ(text_width("", kFont), 0);
}
