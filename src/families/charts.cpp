#include "families/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

namespace kp::families {

using web::Html;

namespace {

constexpr double kWidth = 640;
constexpr double kMargin = 8;
constexpr double kLabelFont = 13;
constexpr double kLineHeight = 16;
constexpr double kTickFont = 11;
constexpr double kLegendRow = 22;
constexpr const char* kTextColour = "#1e2b3c";
constexpr const char* kMutedColour = "#59636e";
constexpr const char* kGridColour = "#d0d5db";
constexpr const char* kAxisColour = "#8d96a0";
constexpr const char* kReferenceColour = "#a4161a";
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

enum class Shape { circle, square, triangle, diamond };

struct SeriesStyle {
  std::string css;  // kp-chart-series-…
  const char* colour;
  const char* dash;  // "" for a solid line
  Shape shape;
  bool hollow;
};

// Colours keep at least 3:1 against white (WCAG 1.4.11); dashes and shapes tell the series
// apart without colour.
SeriesStyle trend_style(std::size_t i) {
  static constexpr struct {
    const char* colour;
    const char* dash;
    Shape shape;
    bool hollow;
  } kStyles[] = {
      {"#0062ba", "", Shape::circle, false},        {"#b34d00", "6 4", Shape::square, false},
      {"#00795c", "2 3", Shape::triangle, false},   {"#8e3b78", "8 3 2 3", Shape::diamond, false},
      {"#5c5c00", "4 2", Shape::circle, true},      {"#444b53", "1 3", Shape::square, true},
  };
  const auto& s = kStyles[i % 6];
  return SeriesStyle{fmt::format("kp-chart-series-{}", i % 6 + 1), s.colour, s.dash, s.shape, s.hollow};
}
SeriesStyle radar_first_style() { return {"kp-chart-series-first", "#5a6b7b", "6 4", Shape::circle, true}; }
SeriesStyle radar_latest_style() { return {"kp-chart-series-latest", "#0062ba", "", Shape::square, false}; }

struct CodePoint {
  char32_t cp;
  std::size_t pos;
};

// Malformed bytes become U+FFFD one byte at a time, so every byte belongs to some entry.
std::vector<CodePoint> decode(std::string_view s) {
  std::vector<CodePoint> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    char32_t cp = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      ok = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    out.push_back({ok ? cp : U'\uFFFD', i});
    i += ok ? len : 1;
  }
  return out;
}

// Advance of a code point in em: generous for Latin so that estimates err towards fitting.
double advance(char32_t c) {
  if (c == ' ') return 0.3;
  if (c < 0x80) {
    if (std::string_view("iljtf.,:;'!|()[]").find(static_cast<char>(c)) != std::string_view::npos) return 0.35;
    if (c == 'M' || c == 'W') return 0.9;
    if (c == 'm' || c == 'w') return 0.8;
    if (c >= 'A' && c <= 'Z') return 0.7;
    return 0.6;
  }
  const auto in = [c](char32_t lo, char32_t hi) { return c >= lo && c <= hi; };
  // Combining marks (Latin, Cyrillic, Hebrew, Arabic) and zero-width characters.
  if (in(0x300, 0x36F) || in(0x483, 0x489) || in(0x591, 0x5BD) || in(0x610, 0x61A) ||
      in(0x64B, 0x65F) || c == 0x670 || in(0x6D6, 0x6ED) || in(0x200B, 0x200F) || in(0xFE00, 0xFE0F))
    return 0;
  if (in(0x1100, 0x115F) || in(0x2E80, 0xA4CF) || in(0xAC00, 0xD7A3) || in(0xF900, 0xFAFF) ||
      in(0xFE30, 0xFE4F) || in(0xFF00, 0xFF60) || in(0xFFE0, 0xFFE6) || in(0x1F300, 0x1FAFF) ||
      in(0x20000, 0x3FFFD))
    return 1.0;
  if (in(0x1200, 0x139F)) return 0.85;  // Ethiopic (Tigrinya)
  return 0.65;
}

bool is_latin_letter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c < 0x250 && c != 0xD7 && c != 0xF7);
}

// Control characters and runs of white space become one space; the ends are trimmed.
std::string normalize_label(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const bool space = static_cast<unsigned char>(ch) < 0x20 || ch == ' ' || ch == 0x7F;
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += ch;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The longest prefix (in bytes) of whole code points, not splitting a base from its
// combining marks, whose width stays within `max_width`; at least one code point.
std::size_t longest_fitting_prefix(std::string_view s, const std::vector<CodePoint>& cps,
                                   double max_width, double font_size) {
  std::size_t best = cps.size() > 1 ? cps[1].pos : s.size();
  double w = 0;
  for (std::size_t k = 0; k < cps.size(); ++k) {
    w += advance(cps[k].cp) * font_size;
    if (w > max_width) break;
    const std::size_t end = k + 1 < cps.size() ? cps[k + 1].pos : s.size();
    if (k + 1 < cps.size() && advance(cps[k + 1].cp) == 0) continue;
    best = std::max(best, end);
  }
  return best;
}

std::string ellipsize(std::string_view s, double max_width, double font_size) {
  using chart_detail::text_width;
  if (text_width(s, font_size) <= max_width) return std::string(s);
  const double room = max_width - text_width(kEllipsis, font_size);
  const auto cps = decode(s);
  std::string out(room > 0 ? s.substr(0, longest_fitting_prefix(s, cps, room, font_size)) : std::string_view());
  if (text_width(out, font_size) > room) out.clear();
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + std::string(kEllipsis);
}

std::string format_default(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{:.1f}", v);
}
std::string format_with(const ValueFormatter& f, double v) { return f ? f(v) : format_default(v); }

std::string clean_id(std::string_view id) {
  std::string out;
  for (char c : id)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
      out += c;
  return out;
}

// <svg …><title/><desc/>: the accessible name and description, tied to the image by id when
// the caller gave one.
Html svg_open(const char* kind, double height, const std::string& raw_id, const std::string& title,
              const std::string& description) {
  const std::string id = clean_id(raw_id);
  Html h;
  h.append(R"(<svg xmlns="http://www.w3.org/2000/svg" class="kp-chart {}" viewBox="0 0 {:.0f} {:.0f}" role="img")",
           kind, kWidth, height);
  if (!id.empty())
    h.append(description.empty() ? Html::format(R"( aria-labelledby="{}-title")", id)
                                 : Html::format(R"( aria-labelledby="{}-title {}-desc")", id, id));
  h.append(R"( direction="ltr">)");
  h.append(R"(<title{}>{}</title>)", id.empty() ? Html() : Html::format(R"( id="{}-title")", id), title);
  if (!description.empty())
    h.append(R"(<desc{}>{}</desc>)", id.empty() ? Html() : Html::format(R"( id="{}-desc")", id), description);
  return h;
}

Html dash_attr(const SeriesStyle& s) {
  return *s.dash ? Html::format(R"( stroke-dasharray="{}")", s.dash) : Html();
}

Html marker(const SeriesStyle& s, double x, double y) {
  const char* fill = s.hollow ? "#ffffff" : s.colour;
  switch (s.shape) {
    case Shape::circle:
      return Html::format(R"(<circle class="kp-chart-marker" cx="{:.1f}" cy="{:.1f}" r="4" fill="{}" stroke="{}" stroke-width="2"/>)",
                          x, y, fill, s.colour);
    case Shape::square:
      return Html::format(R"(<rect class="kp-chart-marker" x="{:.1f}" y="{:.1f}" width="8" height="8" fill="{}" stroke="{}" stroke-width="2"/>)",
                          x - 4, y - 4, fill, s.colour);
    case Shape::triangle:
      return Html::format(R"(<polygon class="kp-chart-marker" points="{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}" fill="{}" stroke="{}" stroke-width="2"/>)",
                          x, y - 5, x + 5, y + 4, x - 5, y + 4, fill, s.colour);
    case Shape::diamond:
      return Html::format(R"(<polygon class="kp-chart-marker" points="{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}" fill="{}" stroke="{}" stroke-width="2"/>)",
                          x, y - 5, x + 5, y, x, y + 5, x - 5, y, fill, s.colour);
  }
  return {};
}

// A label of one or more lines, each a <tspan> with its own position. A cut label carries
// its full text as a tooltip.
Html text_lines(const char* css, double x, double first_baseline, const char* anchor, double font_size,
                const char* colour, const std::vector<std::string>& lines, std::string_view full) {
  Html h;
  h.append(R"(<text class="{}" x="{:.1f}" y="{:.1f}" text-anchor="{}" font-size="{:.0f}" fill="{}">)", css, x,
           first_baseline, anchor, font_size, colour);
  if (!lines.empty() && lines.back().ends_with(kEllipsis) && !full.ends_with(kEllipsis))
    h.append("<title>{}</title>", std::string(full));
  for (std::size_t i = 0; i < lines.size(); ++i)
    h.append(R"(<tspan x="{:.1f}" y="{:.1f}">{}</tspan>)", x, first_baseline + kLineHeight * static_cast<double>(i),
             lines[i]);
  h.append("</text>");
  return h;
}

// A legend row: a stretch of the series' line with its marker, then the label.
Html legend_row(const SeriesStyle& s, double baseline, const std::string& label) {
  const double y = baseline - 4, x0 = kMargin, x1 = kMargin + 28;
  Html h;
  h.append(R"(<line class="kp-chart-series {}" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="2"{}/>)",
           s.css, x0, y, x1, y, s.colour, dash_attr(s));
  h.append(R"(<g class="kp-chart-series {}">{}</g>)", s.css, marker(s, (x0 + x1) / 2, y));
  const double text_x = x1 + 8;
  const auto lines = chart_detail::fit_label(label, kWidth - kMargin - text_x, kLabelFont, 1);
  h.append(text_lines("kp-chart-label", text_x, baseline, "start", kLabelFont, kTextColour, lines, label));
  return h;
}

Html reference_line(double x1, double x2, double y) {
  return Html::format(R"(<line class="kp-chart-reference" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="1.5" stroke-dasharray="8 4"/>)",
                      x1, y, x2, y, kReferenceColour);
}

std::string points_attr(const std::vector<std::pair<double, double>>& pts) {
  std::string out;
  for (const auto& [x, y] : pts) {
    if (!out.empty()) out += ' ';
    out += fmt::format("{:.1f},{:.1f}", x, y);
  }
  return out;
}

// A series' outline: polygon for three points or more, a line for two, markers for all.
Html series_shape(const SeriesStyle& s, const std::vector<std::pair<double, double>>& pts, bool closed,
                  const char* fill_opacity) {
  Html h;
  h.append(R"(<g class="kp-chart-series {}">)", s.css);
  if (pts.size() >= 3 && closed)
    h.append(R"(<polygon points="{}" fill="{}" fill-opacity="{}" stroke="{}" stroke-width="2" stroke-linejoin="round"{}/>)",
             points_attr(pts), s.colour, fill_opacity, s.colour, dash_attr(s));
  else if (pts.size() >= 2)
    h.append(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2" stroke-linejoin="round"{}/>)",
             points_attr(pts), s.colour, dash_attr(s));
  for (const auto& [x, y] : pts) h.append(marker(s, x, y));
  h.append("</g>");
  return h;
}

std::optional<double> value_at(const std::vector<std::optional<double>>& values, std::size_t i) {
  if (i >= values.size() || !values[i] || !std::isfinite(*values[i])) return std::nullopt;
  return values[i];
}

}  // namespace

namespace chart_detail {

double text_width(std::string_view utf8, double font_size) {
  double em = 0;
  for (const CodePoint& c : decode(utf8)) em += advance(c.cp);
  return em * font_size;
}

std::vector<std::string> fit_label(std::string_view utf8, double max_width, double font_size, int max_lines) {
  const std::string label = normalize_label(utf8);
  std::vector<std::string> lines;
  std::string_view rest = label;
  while (!rest.empty() && static_cast<int>(lines.size()) < max_lines) {
    if (static_cast<int>(lines.size()) + 1 == max_lines) {
      lines.push_back(ellipsize(rest, max_width, font_size));
      break;
    }
    if (text_width(rest, font_size) <= max_width) {
      lines.emplace_back(rest);
      break;
    }
    // Break at the last space that leaves the line within the width…
    const auto cps = decode(rest);
    std::size_t space = std::string_view::npos;
    double w = 0;
    for (const CodePoint& c : cps) {
      if (c.cp == ' ') {
        if (w > max_width) break;
        space = c.pos;
      }
      w += advance(c.cp) * font_size;
    }
    if (space != std::string_view::npos && space > 0) {
      lines.emplace_back(rest.substr(0, space));
      rest.remove_prefix(space + 1);
      continue;
    }
    // …or, for a word longer than the line, inside it, with a hyphen in Latin script.
    const double hyphen = advance('-') * font_size;
    const std::size_t cut = longest_fitting_prefix(rest, cps, max_width - hyphen, font_size);
    std::string line(rest.substr(0, cut));
    const auto before = std::find_if(cps.rbegin(), cps.rend(), [cut](const CodePoint& c) { return c.pos < cut; });
    const auto after = std::find_if(cps.begin(), cps.end(), [cut](const CodePoint& c) { return c.pos >= cut; });
    if (before != cps.rend() && after != cps.end() && is_latin_letter(before->cp) && is_latin_letter(after->cp))
      line += '-';
    lines.push_back(std::move(line));
    rest.remove_prefix(cut);
  }
  return lines;
}

}  // namespace chart_detail

Html radar_chart(const RadarChart& c) {
  const std::size_t n = c.axes.size();
  if (n < 3) return {};
  const int lo = c.scale_min;
  const int hi = std::max(c.scale_max, c.scale_min + 1);
  const double rings = hi - lo + 1;
  constexpr double kRadius = 130, kGap = 14;
  const double cx = kWidth / 2;
  const double cy = kMargin + 2 * kLineHeight + kGap + kRadius + 4;
  const auto radius = [&](double v) { return kRadius * (std::clamp(v, double(lo), double(hi)) - lo + 1) / rings; };
  const auto at = [&](std::size_t i, double r) {
    const double angle = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
    return std::pair{cx + r * std::sin(angle), cy - r * std::cos(angle)};
  };

  struct Series {
    SeriesStyle style;
    const std::string& label;
    const std::vector<std::optional<double>>& values;
    const char* fill_opacity;
  };
  std::vector<Series> series;
  if (!c.first_label.empty()) series.push_back({radar_first_style(), c.first_label, c.first, "0"});
  if (!c.latest_label.empty()) series.push_back({radar_latest_style(), c.latest_label, c.latest, "0.15"});

  const double legend_top = cy + kRadius + kGap + 2 * kLineHeight + 12;
  const double height = legend_top + kLegendRow * static_cast<double>(series.size()) + 4;
  Html h = svg_open("kp-chart-radar", height, c.id, c.title, c.description);

  // The web: a ring per score (every few scores on long scales), a spoke per axis.
  const int ring_step = std::max(1, (hi - lo + 1) / 10);
  h.append(R"(<g class="kp-chart-grid" fill="none" stroke="{}" stroke-width="1">)", kGridColour);
  for (int v = lo; v <= hi; ++v) {
    if ((v - lo) % ring_step != 0 && v != hi) continue;
    std::vector<std::pair<double, double>> ring;
    for (std::size_t i = 0; i < n; ++i) ring.push_back(at(i, radius(v)));
    h.append(R"(<polygon points="{}"/>)", points_attr(ring));
  }
  h.append("</g>");
  h.append(R"(<g class="kp-chart-axis" stroke="{}" stroke-width="1">)", kAxisColour);
  for (std::size_t i = 0; i < n; ++i) {
    const auto [x, y] = at(i, kRadius);
    h.append(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>)", cx, cy, x, y);
  }
  h.append("</g>");
  std::vector<int> scale_ticks = {lo, (lo + hi) / 2, hi};
  scale_ticks.erase(std::unique(scale_ticks.begin(), scale_ticks.end()), scale_ticks.end());
  for (int v : scale_ticks)
    h.append(R"(<text class="kp-chart-tick" x="{:.1f}" y="{:.1f}" font-size="{:.0f}" fill="{}">{}</text>)", cx + 4,
             cy - radius(v) + kTickFont + 1, kTickFont, kMutedColour, format_with(c.format_value, v));

  for (const Series& s : series) {
    std::vector<std::pair<double, double>> pts;
    for (std::size_t i = 0; i < n; ++i)
      if (const auto v = value_at(s.values, i)) pts.push_back(at(i, radius(*v)));
    h.append(series_shape(s.style, pts, true, s.fill_opacity));
  }

  // Axis labels beside the rim: anchored away from the centre, above it in the upper part and
  // below it in the lower part, in at most two lines that end inside the picture.
  for (std::size_t i = 0; i < n; ++i) {
    const double angle = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
    const double sin = std::sin(angle), cos = std::cos(angle);
    const auto [x, y] = at(i, kRadius + kGap);
    const char* anchor = std::abs(sin) < 0.15 ? "middle" : sin > 0 ? "start" : "end";
    // Labels above and below the centre wrap early so they stay clear of their neighbours.
    const double room = std::abs(sin) < 0.15 ? std::min(2 * kRadius, 2 * std::min(x - kMargin, kWidth - kMargin - x))
                        : sin > 0          ? kWidth - kMargin - x
                                           : x - kMargin;
    const auto lines = chart_detail::fit_label(c.axes[i], room, kLabelFont, 2);
    const double extra = kLineHeight * static_cast<double>(std::max<std::size_t>(lines.size(), 1) - 1);
    const double baseline = cos > 0.35    ? y - 4 - extra
                            : cos < -0.35 ? y + kLabelFont
                                          : y - extra / 2 + kLabelFont * 0.35;
    h.append(text_lines("kp-chart-label", x, baseline, anchor, kLabelFont, kTextColour, lines, c.axes[i]));
  }

  h.append(R"(<g class="kp-chart-legend">)");
  for (std::size_t k = 0; k < series.size(); ++k)
    h.append(legend_row(series[k].style, legend_top + kLegendRow * static_cast<double>(k) + 14, series[k].label));
  h.append("</g></svg>");
  return h;
}

Html radar_table(const RadarChart& c) {
  Html h;
  h.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table kp-chart-table"><caption>{}</caption><thead><tr><th scope="col">{}</th>)",
           c.title, c.axis_heading);
  if (!c.first_label.empty()) h.append(R"(<th scope="col">{}</th>)", c.first_label);
  if (!c.latest_label.empty()) h.append(R"(<th scope="col">{}</th>)", c.latest_label);
  h.append("</tr></thead><tbody>");
  const auto cell = [&](const std::vector<std::optional<double>>& values, std::size_t i) {
    const auto v = value_at(values, i);
    return Html::format("<td>{}</td>", v ? format_with(c.format_value, *v) : c.missing_text);
  };
  for (std::size_t i = 0; i < c.axes.size(); ++i) {
    h.append(R"(<tr><th scope="row">{}</th>)", c.axes[i]);
    if (!c.first_label.empty()) h.append(cell(c.first, i));
    if (!c.latest_label.empty()) h.append(cell(c.latest, i));
    h.append("</tr>");
  }
  h.append("</tbody></table></div>");
  return h;
}

Html trend_chart(const TrendChart& c) {
  // The x domain: given, or the span of the finite points.
  std::optional<std::int64_t> first_day, last_day;
  for (const TrendSeries& s : c.series)
    for (const TrendPoint& p : s.points) {
      if (!std::isfinite(p.value)) continue;
      const std::int64_t d = days_from_civil(p.date);
      first_day = first_day ? std::min(*first_day, d) : d;
      last_day = last_day ? std::max(*last_day, d) : d;
    }
  if (c.from) first_day = days_from_civil(*c.from);
  if (c.to) last_day = days_from_civil(*c.to);
  if (!first_day || !last_day || *last_day < *first_day) return {};

  const double y_min = std::isfinite(c.y_min) ? c.y_min : 0;
  const double y_max = std::isfinite(c.y_max) && c.y_max > y_min ? c.y_max : y_min + 1;
  std::vector<double> ticks;
  for (double t : c.y_ticks.empty() ? std::vector<double>{y_min, (y_min + y_max) / 2, y_max} : c.y_ticks)
    if (std::isfinite(t) && t >= y_min && t <= y_max) ticks.push_back(t);

  double widest_tick = 0;
  for (double t : ticks) widest_tick = std::max(widest_tick, chart_detail::text_width(format_with(c.format_value, t), kTickFont));
  const double left = kMargin + std::max(24.0, widest_tick + 8);
  const double right = kWidth - kMargin - 8;
  constexpr double top = 24, bottom = 244;
  const auto x_of = [&](CivilDate d) {
    if (*last_day == *first_day) return (left + right) / 2;
    return left + (right - left) * static_cast<double>(days_from_civil(d) - *first_day) /
                      static_cast<double>(*last_day - *first_day);
  };
  const auto y_of = [&](double v) { return bottom - (bottom - top) * (std::clamp(v, y_min, y_max) - y_min) / (y_max - y_min); };

  const bool has_reference = c.reference && std::isfinite(c.reference->value);
  const double legend_top = bottom + 30;
  const double height =
      legend_top + kLegendRow * static_cast<double>(c.series.size() + (has_reference ? 1 : 0)) + 4;
  Html h = svg_open("kp-chart-trend", height, c.id, c.title, c.description);

  h.append(R"(<g class="kp-chart-grid" stroke="{}" stroke-width="1">)", kGridColour);
  for (double t : ticks) h.append(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>)", left, y_of(t), right, y_of(t));
  h.append("</g>");
  for (double t : ticks)
    h.append(R"(<text class="kp-chart-tick" x="{:.1f}" y="{:.1f}" text-anchor="end" font-size="{:.0f}" fill="{}">{}</text>)",
             left - 6, y_of(t) + kTickFont * 0.35, kTickFont, kMutedColour, format_with(c.format_value, t));

  // Axes, then the date labels: the ends always, inner ticks where they do not collide.
  h.append(R"(<g class="kp-chart-axis" stroke="{}" stroke-width="1"><line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/><line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>)",
           kAxisColour, left, top, left, bottom, left, bottom, right, bottom);
  for (const TrendTick& t : c.x_ticks) {
    const std::int64_t d = days_from_civil(t.date);
    if (d < *first_day || d > *last_day) continue;
    h.append(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>)", x_of(t.date), bottom, x_of(t.date), bottom + 5);
  }
  h.append("</g>");
  const double date_baseline = bottom + 18;
  const double half = (right - left) / 2 - 4;
  const auto first_lines = chart_detail::fit_label(c.first_date_label, half, kLabelFont, 1);
  const auto last_lines = chart_detail::fit_label(c.last_date_label, half, kLabelFont, 1);
  double taken_until = left + (first_lines.empty() ? 0 : chart_detail::text_width(first_lines[0], kLabelFont)) + 8;
  const double last_starts = right - (last_lines.empty() ? 0 : chart_detail::text_width(last_lines[0], kLabelFont)) - 8;
  h.append(text_lines("kp-chart-label", left, date_baseline, "start", kLabelFont, kTextColour, first_lines, c.first_date_label));
  if (*last_day != *first_day)
    h.append(text_lines("kp-chart-label", right, date_baseline, "end", kLabelFont, kTextColour, last_lines, c.last_date_label));
  std::vector<const TrendTick*> sorted_ticks;
  for (const TrendTick& t : c.x_ticks) sorted_ticks.push_back(&t);
  std::stable_sort(sorted_ticks.begin(), sorted_ticks.end(), [](auto* a, auto* b) { return a->date < b->date; });
  for (const TrendTick* t : sorted_ticks) {
    const std::int64_t d = days_from_civil(t->date);
    if (d < *first_day || d > *last_day) continue;
    const std::string label = normalize_label(t->label);
    const double w = chart_detail::text_width(label, kLabelFont), x = x_of(t->date);
    if (label.empty() || x - w / 2 < taken_until || x + w / 2 > last_starts) continue;
    h.append(text_lines("kp-chart-label", x, date_baseline, "middle", kLabelFont, kTextColour, {label}, label));
    taken_until = x + w / 2 + 8;
  }

  // The reference line is named in the legend, where no series can run across its label.
  if (has_reference) {
    h.append(reference_line(left, right, y_of(c.reference->value)));
  }

  for (std::size_t k = 0; k < c.series.size(); ++k) {
    std::vector<TrendPoint> points;
    for (const TrendPoint& p : c.series[k].points) {
      const std::int64_t d = days_from_civil(p.date);
      if (std::isfinite(p.value) && d >= *first_day && d <= *last_day) points.push_back(p);
    }
    std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
    std::vector<std::pair<double, double>> pts;
    for (const TrendPoint& p : points) pts.emplace_back(x_of(p.date), y_of(p.value));
    h.append(series_shape(trend_style(k), pts, false, "0"));
  }

  h.append(R"(<g class="kp-chart-legend">)");
  for (std::size_t k = 0; k < c.series.size(); ++k)
    h.append(legend_row(trend_style(k), legend_top + kLegendRow * static_cast<double>(k) + 14, c.series[k].label));
  if (has_reference) {
    const double baseline = legend_top + kLegendRow * static_cast<double>(c.series.size()) + 14;
    h.append(reference_line(kMargin, kMargin + 28, baseline - 4));
    const double text_x = kMargin + 36;
    const auto lines = chart_detail::fit_label(c.reference->label, kWidth - kMargin - text_x, kLabelFont, 1);
    h.append(text_lines("kp-chart-reference-label", text_x, baseline, "start", kLabelFont, kReferenceColour, lines,
                        c.reference->label));
  }
  h.append("</g></svg>");
  return h;
}

Html trend_table(const TrendChart& c) {
  // A row per date; of a series' two values on one day, the one listed last.
  std::map<CivilDate, std::vector<std::optional<double>>> rows;
  for (std::size_t k = 0; k < c.series.size(); ++k)
    for (const TrendPoint& p : c.series[k].points) {
      if (!std::isfinite(p.value)) continue;
      auto& row = rows[p.date];
      row.resize(c.series.size());
      row[k] = p.value;
    }
  Html h;
  h.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table kp-chart-table"><caption>{}</caption><thead><tr><th scope="col">{}</th>)",
           c.title, c.date_heading);
  for (const TrendSeries& s : c.series) h.append(R"(<th scope="col">{}</th>)", s.label);
  h.append("</tr></thead><tbody>");
  for (const auto& [date, values] : rows) {
    h.append(R"(<tr><th scope="row">{}</th>)", c.format_date ? c.format_date(date) : format_iso_date(date));
    for (const auto& v : values) h.append("<td>{}</td>", v ? format_with(c.format_value, *v) : c.missing_text);
    h.append("</tr>");
  }
  h.append("</tbody>");
  if (c.reference && std::isfinite(c.reference->value))
    h.append(R"(<tfoot><tr><th scope="row">{}</th><td colspan="{}">{}</td></tr></tfoot>)", c.reference->label,
             std::max<std::size_t>(c.series.size(), 1), format_with(c.format_value, c.reference->value));
  h.append("</table></div>");
  return h;
}

}  // namespace kp::families
