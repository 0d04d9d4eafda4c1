// Server-side SVG charts for a family's progress: a radar of goal scores (first against
// latest assessment) and a trend over time. Pure, deterministic and thread-safe.
//
// The CSP forbids inline styles, so the markup carries presentation attributes (fill,
// stroke, font-size …) as defaults and classes the site stylesheet may refine:
//   kp-chart                       every chart's <svg>; kp-chart-radar / kp-chart-trend which kind
//   kp-chart-grid                  radar rings, trend grid lines
//   kp-chart-axis                  radar spokes, trend axes and tick marks
//   kp-chart-label                 goal names, date labels
//   kp-chart-tick                  scale numbers
//   kp-chart-series                every series' line or polygon and markers, together with
//     kp-chart-series-first / kp-chart-series-latest (radar) or kp-chart-series-1 … -6 (trend)
//   kp-chart-marker                point markers
//   kp-chart-reference             the trend's reference line (in the plot and the legend);
//     kp-chart-reference-label     its name in the legend
//   kp-chart-legend                the legend group
//   kp-chart-table                 the companion tables (also ds-table kp-table)
// Series differ in dash pattern and marker shape as well as colour, so colour is never the
// only cue. The charts are role="img" with <title> and <desc>; screen readers get the numbers
// from the companion table, which pages must show next to the chart (visibly or in a
// disclosure). Charts are never mirrored for right-to-left languages: the <svg> is
// direction="ltr" so text anchors stay put, while each label still renders in its own script's
// direction.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "web/html.hpp"

namespace kp::families {

// Formats a value for labels and table cells; default: "7" or "7.5".
using ValueFormatter = std::function<std::string(double)>;

struct RadarChart {
  std::string id;           // prefix of the element ids; only [A-Za-z0-9_-] is kept
  std::string title;        // the chart's accessible name and the table's caption
  std::string description;  // <desc>: one or two sentences on what the chart shows
  std::vector<std::string> axes;  // goal or outcome-area names, 3–12, already translated
  std::string first_label, latest_label;  // legend and table headings; empty: series unused
  // One value per axis; nullopt, or a vector shorter than `axes`, means not assessed. Such a
  // vertex is left out of the polygon and the table says missing_text.
  std::vector<std::optional<double>> first, latest;
  int scale_min = 1, scale_max = 10;
  std::string axis_heading;  // the table's first column
  std::string missing_text;  // e.g. "Not assessed"
  ValueFormatter format_value;
};

// The radar as <svg>. Values are clamped to the scale; the lowest score lies on the first
// ring, not the centre, so that a 1 is still a visible shape. Labels that do not fit wrap
// into two lines or are cut with "…" (their full text is in a tooltip and the table).
// Fewer than 3 axes make no plane: the result is empty and the page shows the table only.
web::Html radar_chart(const RadarChart& chart);
// The radar's numbers: caption, one row per axis, a column per series.
web::Html radar_table(const RadarChart& chart);

struct TrendPoint {
  CivilDate date;
  double value = 0;  // NaN or infinite points are left out
};
struct TrendSeries {
  std::string label;
  std::vector<TrendPoint> points;  // any order
};
struct TrendTick {
  CivilDate date;
  std::string label;  // already formatted; dropped from the chart when it would collide
};
struct TrendReference {
  double value = 0;
  std::string label;  // e.g. "Low-income line (EU-60)"
};

struct TrendChart {
  std::string id, title, description;  // as in RadarChart
  std::vector<TrendSeries> series;     // up to 6 styles, then they repeat
  double y_min = 0, y_max = 10;        // values outside are drawn at the edge
  std::vector<double> y_ticks;         // empty: y_min, the middle and y_max
  // The x axis runs from `from` to `to`, or from the earliest to the latest point; its ends
  // are labelled with these, formatted by the caller. Points outside are only in the table.
  std::optional<CivilDate> from, to;
  std::string first_date_label, last_date_label;
  std::vector<TrendTick> x_ticks;
  std::optional<TrendReference> reference;
  std::string date_heading;  // the table's first column
  std::string missing_text;  // a table cell with no value for the date
  ValueFormatter format_value;
  std::function<std::string(CivilDate)> format_date;  // table rows; default ISO 8601
};

// The trend as <svg>; empty when no series has a point to draw.
web::Html trend_chart(const TrendChart& chart);
// Its numbers: a row per date, a column per series, the reference line in the footer.
web::Html trend_table(const TrendChart& chart);

// Exposed for tests: the layout's estimate of a label's width in user units, and how a label
// is fitted into at most `max_lines` lines of `max_width` (the last cut with "…").
namespace chart_detail {
double text_width(std::string_view utf8, double font_size);
std::vector<std::string> fit_label(std::string_view utf8, double max_width, double font_size,
                                   int max_lines);
}  // namespace chart_detail

}  // namespace kp::families
