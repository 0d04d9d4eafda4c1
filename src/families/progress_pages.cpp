// The family's progress: a radar of the goals (first against latest self-assessment), a trend
// per goal, the objective indicators and income against the low-income line — each chart with
// its numbers as a table — and the forms that record them: assessments, indicators, income.
// The dispatcher's guard has already checked the family-record permission and audited looks.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/app.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "families/page_kit.hpp"
#include "families/charts.hpp"
#include "families/guard.hpp"
#include "families/low_income.hpp"
#include "families/pages.hpp"
#include "families/progress_store.hpp"
#include "families/rules.hpp"
#include "families/store.hpp"
#include "families/views.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace kp::families {

void register_log_routes(app::App& app);  // log_pages.cpp

namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

// ---- shared -----------------------------------------------------------------------------------

bool can_write(const Context& ctx, const Family& f) {
  return policy::family_decision(Permission::family_write, ctx.family_grounds, f.closed()) == policy::Decision::allow;
}

std::string area_label(const Context& ctx, const ProgressGoal& g) {
  if (g.area == "housing") return ctx.tr(N_("Housing"));
  if (g.area == "economy") return ctx.tr(N_("Economy"));
  if (g.area == "work") return ctx.tr(N_("Work or activity for the parents"));
  if (g.area == "health") return ctx.tr(N_("Health"));
  if (g.area == "participation") return ctx.tr(N_("The children's social participation"));
  if (g.area == "school") return ctx.tr(N_("School and education"));
  return g.own_area.empty() ? ctx.tr(N_("Own area")) : g.own_area;
}

// The first words of a goal, at most about `max` characters, "…" when cut.
std::string short_text(std::string_view text, size_t max) {
  std::string out;
  std::string_view rest = text::trim(text);
  while (!rest.empty()) {
    const auto sp = rest.find(' ');
    const std::string_view word = rest.substr(0, sp);
    const std::string next = out.empty() ? std::string(word) : out + " " + std::string(word);
    if (!out.empty() && text::length_utf8(next) > max) return out + "\xE2\x80\xA6";
    out = next;
    if (sp == std::string_view::npos) break;
    rest = text::trim(rest.substr(sp + 1));
  }
  return out;
}

// "Housing: Stay in the same flat…" — the radar's axis and the trend's heading.
std::string goal_label(const Context& ctx, const ProgressGoal& g, size_t max = 32) {
  return area_label(ctx, g) + ": " + short_text(g.text, max);
}

std::optional<CivilDate> civil(std::string_view iso) {
  CivilDate d;
  if (!parse_iso_date(iso, d)) return std::nullopt;
  return d;
}

// A whole number typed into a form field within [lo, hi]; nullopt for anything else.
std::optional<std::int64_t> whole_number(std::string_view value, std::int64_t lo, std::int64_t hi) {
  const std::string_view t = text::trim(value);
  if (t.empty() || t.size() > 12 || t.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  const std::int64_t n = std::stoll(std::string(t));
  if (n < lo || n > hi) return std::nullopt;
  return n;
}

// A date field: empty → today; a date after today is refused.
std::string date_not_in_future(std::string_view value, const char* field, const std::string& today,
                               FieldErrorList& errs) {
  if (text::trim(value).empty()) return today;
  std::string d = optional_date(value, field, errs);
  if (!d.empty() && d > today) {
    errs.emplace_back(field, N_("The date cannot be in the future."));
    return {};
  }
  return d;
}

// The settings' medians ("2023:446000,2024:461000", kroner per unit) as øre, or the built-in
// table when none are set. Settings already refused malformed items at start-up.
LowIncomeSettings low_income_settings(const app::Settings& s) {
  LowIncomeSettings out;
  out.child_age_limit = s.child_age_limit;
  std::map<int, std::int64_t> medians;
  for (const auto& item : text::split_commas(s.low_income_medians)) {
    const auto colon = item.find(':');
    if (colon == std::string::npos) continue;
    const auto year = whole_number(std::string_view(item).substr(0, colon), 1900, 2200);
    const auto kroner = whole_number(std::string_view(item).substr(colon + 1), 1, kMaxNokOre / 100);
    if (year && kroner) medians[static_cast<int>(*year)] = *kroner * 100;
  }
  if (!medians.empty()) out.median_ore_per_unit_by_year = std::move(medians);
  return out;
}

std::string kroner(const Context& ctx, std::int64_t ore) {
  const double k = std::round(static_cast<double>(ore) / 100.0);
  return ctx.t.tr_args("{amount} kr", {{"amount", ctx.t.number(static_cast<long long>(k))}});
}

Html chart_with_table(const Html& chart, const Html& table) {
  Html h;
  h.append(R"(<div class="kp-chart-pair">)");
  if (!chart.empty()) h.append(R"(<div class="kp-chart-figure">{}</div>)", chart);
  h.append(R"(<div class="kp-chart-numbers">{}</div></div>)", table);
  return h;
}

// ---- the progress page -------------------------------------------------------------------------

struct ProgressData {
  Family family;
  std::vector<ProgressGoal> goals;  // active only
  std::vector<ProgressScore> scores;
  std::vector<ProgressIndicators> indicators;
  std::vector<IncomeYear> income;
};

// Reads everything the progress pages show in one snapshot. False when the store failed;
// data.family.id is empty when the family vanished.
bool load_progress(Context& ctx, ProgressData& d) {
  const std::string fid = family_id(ctx);
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    d = {};
    auto f = get_family(c, fid);
    if (!f) return pass(f);
    if (!*f) return {};
    d.family = std::move(**f);
    auto g = progress_goals(c, fid);
    if (!g) return pass(g);
    for (auto& goal : *g)
      if (goal.active()) d.goals.push_back(std::move(goal));
    auto s = progress_scores(c, fid);
    if (!s) return pass(s);
    d.scores = std::move(*s);
    auto i = progress_indicators(c, fid);
    if (!i) return pass(i);
    d.indicators = std::move(*i);
    auto y = income_years(c, fid);
    if (!y) return pass(y);
    d.income = std::move(*y);
    return {};
  });
  return static_cast<bool>(st);
}

std::string format_score(double v) { return fmt::format("{}", static_cast<int>(std::lround(v))); }

Html radar_section(const Context& ctx, const ProgressData& d) {
  Html b;
  b.append(R"(<section aria-labelledby="radar-h"><h2 class="ds-heading" data-size="sm" id="radar-h">{}</h2>)",
           ctx.tr("The goals: first and latest assessment"));
  if (d.goals.empty()) {
    b.append(R"(<p class="ds-paragraph">{} <a class="ds-link" href="{}">{}</a></p></section>)",
             ctx.tr("The family has no active goals yet."), family_path(d.family.id, "plan"),
             ctx.tr("Write the goals in the family's plan."));
    return b;
  }
  RadarChart c;
  c.id = "radar";
  c.title = ctx.tr("The family's own assessment of each goal, from 1 to 10");
  c.description = ctx.tr("The dashed shape is each goal's first assessment, the solid shape its latest. "
                         "Further out is closer to the goal.");
  c.axis_heading = ctx.tr("Goal");
  c.missing_text = ctx.tr("Not assessed");
  c.scale_min = kScoreMin;
  c.scale_max = kScoreMax;
  c.format_value = format_score;
  bool any = false, repeated = false;
  for (const auto& g : d.goals) {
    c.axes.push_back(goal_label(ctx, g));
    std::optional<double> first, latest;
    int n = 0;
    for (const auto& s : d.scores)  // oldest first
      if (s.goal_id == g.id) {
        if (!first) first = s.family_score;
        latest = s.family_score;
        ++n;
      }
    any = any || n > 0;
    repeated = repeated || n > 1;
    c.first.push_back(first);
    c.latest.push_back(latest);
  }
  if (!any) {
    b.append(R"(<p class="ds-paragraph">{}</p></section>)", ctx.tr("No assessment has been recorded yet."));
    return b;
  }
  // With a single assessment per goal the two shapes would coincide: show one.
  if (repeated) c.first_label = ctx.tr("First assessment");
  c.latest_label = ctx.tr("Latest assessment");
  const Html chart = radar_chart(c);
  if (chart.empty())
    b.append(R"(<p class="ds-paragraph">{}</p>)",
             ctx.tr("The chart needs at least three active goals. The table shows the scores."));
  b.append(chart_with_table(chart, radar_table(c)));
  b.append("</section>");
  return b;
}

// Common settings of the date axis: the span of `dates`, labelled in the page's language.
void date_axis(const Context& ctx, TrendChart& c, const std::set<std::string>& dates) {
  c.date_heading = ctx.tr("Date");
  c.missing_text = ctx.tr("–");
  c.format_date = [&ctx](CivilDate d) { return date_label(ctx, format_iso_date(d)); };
  if (dates.empty()) return;
  c.from = civil(*dates.begin());
  c.to = civil(*dates.rbegin());
  c.first_date_label = date_label(ctx, *dates.begin());
  c.last_date_label = date_label(ctx, *dates.rbegin());
}

Html goal_trends_section(const Context& ctx, const ProgressData& d) {
  std::set<std::string> dates;
  for (const auto& s : d.scores) dates.insert(s.assessed_on);
  Html b;
  b.append(R"(<section aria-labelledby="goals-h"><h2 class="ds-heading" data-size="sm" id="goals-h">{}</h2>)",
           ctx.tr("Each goal over time"));
  int shown = 0;
  for (const auto& g : d.goals) {
    TrendSeries family{ctx.tr("The family's score"), {}}, coordinator{ctx.tr("The coordinator's score"), {}};
    for (const auto& s : d.scores) {
      if (s.goal_id != g.id) continue;
      const auto day = civil(s.assessed_on);
      if (!day) continue;
      family.points.push_back({*day, static_cast<double>(s.family_score)});
      if (s.coordinator_score) coordinator.points.push_back({*day, static_cast<double>(*s.coordinator_score)});
    }
    if (family.points.empty()) continue;
    ++shown;
    TrendChart c;
    c.id = fmt::format("goal-{}", shown);
    c.title = goal_label(ctx, g, 60);
    c.description = ctx.tr("The scores from 1 to 10 at each assessment. Higher is closer to the goal.");
    c.series.push_back(std::move(family));
    if (!coordinator.points.empty()) c.series.push_back(std::move(coordinator));
    c.y_min = kScoreMin;
    c.y_max = kScoreMax;
    c.y_ticks = {1, 5, 10};
    c.format_value = format_score;
    date_axis(ctx, c, dates);
    b.append(R"(<h3 class="ds-heading" data-size="xs" dir="auto">{}</h3>)", goal_label(ctx, g, 200));
    b.append(chart_with_table(trend_chart(c), trend_table(c)));
  }
  if (shown == 0) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No assessment has been recorded yet."));
  b.append("</section>");
  return b;
}

// One indicator as a trend: `pick` gives the value of a measurement, if it has one.
template <class Pick>
Html indicator_chart(const Context& ctx, const ProgressData& d, const char* id, const std::string& heading,
                     const std::string& description, const std::string& series_label, double y_max_at_least,
                     Pick pick, ValueFormatter format) {
  TrendSeries s{series_label, {}};
  std::set<std::string> dates;
  double top = y_max_at_least;
  for (const auto& m : d.indicators) {
    const std::optional<std::int64_t> v = pick(m);
    const auto day = civil(m.measured_on);
    if (!v || !day) continue;
    s.points.push_back({*day, static_cast<double>(*v)});
    dates.insert(m.measured_on);
    top = std::max(top, static_cast<double>(*v));
  }
  Html b;
  b.append(R"(<h3 class="ds-heading" data-size="xs">{}</h3>)", heading);
  if (s.points.empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("Not recorded yet."));
    return b;
  }
  TrendChart c;
  c.id = id;
  c.title = heading;
  c.description = description;
  c.series.push_back(std::move(s));
  c.y_min = 0;
  c.y_max = std::ceil(top);
  c.y_ticks = {0, std::round(c.y_max / 2), c.y_max};
  c.format_value = std::move(format);
  date_axis(ctx, c, dates);
  b.append(chart_with_table(trend_chart(c), trend_table(c)));
  return b;
}

Html income_chart(const Context& ctx, const ProgressData& d) {
  Html b;
  b.append(R"(<h3 class="ds-heading" data-size="xs">{}</h3>)", ctx.tr("Income per consumption unit"));
  if (d.income.empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p>)",
             ctx.tr("No income has been recorded, so income cannot be compared with the low-income line."));
    return b;
  }
  const LowIncomeSettings settings = low_income_settings(ctx.app.settings);
  TrendSeries income{ctx.tr("Income after tax per consumption unit"), {}};
  TrendSeries line{ctx.tr("Low-income line that year (EU-60)"), {}};
  std::optional<TrendReference> reference;
  std::vector<TrendTick> ticks;
  double top = 0;
  for (const auto& y : d.income) {
    auto r = check_year(HouseholdYear{y.year, y.income_after_tax_ore, y.adults, y.children}, settings);
    if (!r) continue;
    const CivilDate mid{y.year, 7, 1};  // a year's income belongs to the whole year: plot it mid-year
    income.points.push_back({mid, static_cast<double>(r->income_per_unit_ore) / 100.0});
    top = std::max(top, static_cast<double>(r->income_per_unit_ore) / 100.0);
    if (r->line_ore) {
      line.points.push_back({mid, static_cast<double>(*r->line_ore) / 100.0});
      top = std::max(top, static_cast<double>(*r->line_ore) / 100.0);
      reference = TrendReference{static_cast<double>(*r->line_ore) / 100.0,
                                 ctx.t.tr_args("Low-income line {year} (EU-60)", {{"year", std::to_string(y.year)}})};
    }
    ticks.push_back({mid, std::to_string(y.year)});
  }
  if (income.points.empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("The recorded income cannot be used (check the household)."));
    return b;
  }
  TrendChart c;
  c.id = "income";
  c.title = ctx.tr("Income per consumption unit and the low-income line (kroner)");
  // xgettext:no-c-format
  c.description = ctx.tr("The household's income after tax per consumption unit each year. The red dashed line is "
                         "60 % of the national median: below it is low income.");
  const size_t years_with_line = line.points.size();
  c.series.push_back(std::move(income));
  if (years_with_line > 1) c.series.push_back(std::move(line));
  c.reference = reference;
  const double step = 50'000;
  c.y_min = 0;
  c.y_max = std::max(step, std::ceil(top * 1.15 / step) * step);
  c.y_ticks = {0, c.y_max / 2, c.y_max};
  c.format_value = [&ctx](double v) { return ctx.t.number(static_cast<long long>(std::llround(v))); };
  c.date_heading = ctx.tr("Year");
  c.missing_text = ctx.tr("–");
  c.format_date = [](CivilDate day) { return std::to_string(day.year); };
  // The axis spans whole years; each year is labelled at its middle, where its point is.
  c.from = CivilDate{d.income.front().year, 1, 1};
  c.to = CivilDate{d.income.back().year, 12, 31};
  c.x_ticks = std::move(ticks);
  b.append(chart_with_table(trend_chart(c), trend_table(c)));
  return b;
}

Html indicators_section(const Context& ctx, const ProgressData& d) {
  Html b;
  b.append(R"(<section aria-labelledby="ind-h"><h2 class="ds-heading" data-size="sm" id="ind-h">{}</h2>)",
           ctx.tr("Objective indicators"));
  if (d.indicators.empty())
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No indicators have been recorded yet."));
  else {
    const auto whole = [](double v) { return fmt::format("{}", std::llround(v)); };
    b.append(indicator_chart(
        ctx, d, "moves", ctx.tr("Moves to a new home since the follow-up started"),
        ctx.tr("How many times the family has moved since the follow-up started. Fewer is more stable."),
        ctx.tr("Moves to a new home"), 3, [](const ProgressIndicators& m) { return m.moves_since_start; }, whole));
    b.append(indicator_chart(
        ctx, d, "work", ctx.tr("Parents in work or activity"),
        ctx.tr("How many of the parents are in work, education or another activity."), ctx.tr("Parents"), 2,
        [](const ProgressIndicators& m) { return m.parents_in_work_or_activity; }, whole));
    b.append(indicator_chart(
        ctx, d, "school", ctx.tr("School attendance"),
        ctx.tr("The children's attendance at school, in per cent."), ctx.tr("Attendance (%)"), 100,
        [](const ProgressIndicators& m) { return m.school_attendance_percent; }, whole));
  }
  b.append(income_chart(ctx, d));
  b.append("</section>");
  return b;
}

http::Response progress_get(Context& ctx) {
  ProgressData d;
  if (!load_progress(ctx, d)) return web::busy_page(ctx);
  if (d.family.id.empty()) return web::not_found_page(ctx);
  const bool writable = can_write(ctx, d.family);
  auto p = staff_page(ctx.tr("Progress") + " – " + d.family.name);
  Html& b = p.body;
  b.append(family_header(ctx, d.family, FamilyTab::progress));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", ctx.tr("Progress"));
  b.append(saved_notice(ctx));
  if (writable) {
    b.append(R"(<div class="kp-actions">)");
    if (!d.goals.empty())
      b.append(R"(<a class="ds-button" data-variant="primary" href="{}">{}</a>)",
               family_path(d.family.id, "progress/scores"), ctx.tr("Record an assessment"));
    b.append(R"(<a class="ds-button" data-variant="secondary" href="{}">{}</a>)",
             family_path(d.family.id, "progress/indicators"), ctx.tr("Record indicators"));
    b.append(R"(<a class="ds-button" data-variant="secondary" href="{}">{}</a></div>)",
             family_path(d.family.id, "income"), ctx.tr("Record income"));
  }
  b.append(radar_section(ctx, d));
  b.append(goal_trends_section(ctx, d));
  b.append(indicators_section(ctx, d));
  return render_private(ctx, p);
}

// ---- assessments ------------------------------------------------------------------------------

std::string family_field(const ProgressGoal& g) { return "family_" + g.id; }
std::string coordinator_field(const ProgressGoal& g) { return "coordinator_" + g.id; }

struct ScoresInput {
  std::string assessed_on;
  std::map<std::string, std::string> values;  // field → typed value
};

// The scale's choices. The texts of the ends are msgids, so each installation words them in
// its catalogs; they are our own words, not those of any licensed instrument.
std::vector<std::pair<std::string, std::string>> scale_options(const Context& ctx, const std::string& empty_label) {
  std::vector<std::pair<std::string, std::string>> o{{"", empty_label}};
  for (int i = kScoreMin; i <= kScoreMax; ++i) {
    std::string label = std::to_string(i);
    if (i == kScoreMin) label = ctx.tr(N_("1 = very far from the goal"));
    if (i == kScoreMax) label = ctx.tr(N_("10 = the goal is reached"));
    o.emplace_back(std::to_string(i), std::move(label));
  }
  return o;
}

http::Response scores_form(Context& ctx, const ProgressData& d, const ScoresInput& in, const web::FieldErrors& errors,
                           int status) {
  auto p = staff_page(ctx.tr("Record an assessment") + " – " + d.family.name);
  Html& b = p.body;
  b.append(family_header(ctx, d.family, FamilyTab::progress));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", ctx.tr("Record an assessment"));
  if (d.goals.empty()) {
    b.append(R"(<p class="ds-paragraph">{} <a class="ds-link" href="{}">{}</a></p>)",
             ctx.tr("The family has no active goals yet."), family_path(d.family.id, "plan"),
             ctx.tr("Write the goals in the family's plan."));
    return render_private(ctx, p, status);
  }
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("Ask the family how close they are to each goal today, on a scale from 1 to 10. Write down the "
                  "family's own answer. You may add your own view as the coordinator's score."));
  b.append(R"(<p class="ds-paragraph kp-muted">{} · {}</p>)", ctx.tr("1 = very far from the goal"),
           ctx.tr("10 = the goal is reached"));
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})",
           family_path(d.family.id, "progress/scores"), web::csrf_field(ctx));
  web::FieldOptions date;
  date.type = "date";
  date.required = true;
  b.append(web::text_field(ctx, "assessed_on", ctx.tr("Date of the assessment"), in.assessed_on, errors, date));
  const auto family_opts = scale_options(ctx, ctx.tr("Not assessed this time"));
  const auto coordinator_opts = scale_options(ctx, ctx.tr("No score"));
  const auto value = [&](const std::string& field) {
    const auto it = in.values.find(field);
    return it == in.values.end() ? std::string() : it->second;
  };
  for (const auto& g : d.goals) {
    b.append(R"(<fieldset class="ds-fieldset kp-score-goal"><legend class="ds-label" dir="auto">{}: {}</legend>)",
             area_label(ctx, g), g.text);
    b.append(web::select_field(ctx, family_field(g), ctx.tr("The family's score"), family_opts,
                               value(family_field(g)), errors));
    b.append(web::select_field(ctx, coordinator_field(g), ctx.tr("The coordinator's score (optional)"),
                               coordinator_opts, value(coordinator_field(g)), errors));
    b.append("</fieldset>");
  }
  b.append(web::button(ctx.tr("Save the assessment")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

http::Response scores_get(Context& ctx) {
  ProgressData d;
  if (!load_progress(ctx, d)) return web::busy_page(ctx);
  if (d.family.id.empty()) return web::not_found_page(ctx);
  return scores_form(ctx, d, ScoresInput{today_iso(ctx.app.clock), {}}, {}, 200);
}

http::Response scores_post(Context& ctx) {
  ProgressData d;
  if (!load_progress(ctx, d)) return web::busy_page(ctx);
  if (d.family.id.empty()) return web::not_found_page(ctx);
  if (d.goals.empty()) return scores_form(ctx, d, {}, {}, 400);
  ScoresInput in;
  in.assessed_on = ctx.field("assessed_on");
  web::FieldErrors errors;
  FieldErrorList date_errs;
  const std::string today = today_iso(ctx.app.clock);
  const std::string day = date_not_in_future(in.assessed_on, "assessed_on", today, date_errs);
  for (const auto& [f, m] : date_errs) errors.add(f, m);
  std::vector<ProgressScore> scores;
  for (const auto& g : d.goals) {
    const std::string fv = ctx.field(family_field(g)), cv = ctx.field(coordinator_field(g));
    in.values[family_field(g)] = fv;
    in.values[coordinator_field(g)] = cv;
    const std::string name = short_text(g.text, 60);
    std::optional<std::int64_t> fs, cs;
    if (!text::trim(fv).empty() && !(fs = whole_number(fv, kScoreMin, kScoreMax)))
      errors.add(family_field(g),
                 ctx.t.tr_args("The family's score for “{goal}” must be a whole number from 1 to 10.",
                               {{"goal", name}}));
    if (!text::trim(cv).empty() && !(cs = whole_number(cv, kScoreMin, kScoreMax)))
      errors.add(coordinator_field(g),
                 ctx.t.tr_args("The coordinator's score for “{goal}” must be a whole number from 1 to 10.",
                               {{"goal", name}}));
    else if (cs && text::trim(fv).empty())
      errors.add(family_field(g),
                 ctx.t.tr_args("Give the family's score for “{goal}” too: the coordinator's score goes "
                               "with the family's own.",
                               {{"goal", name}}));
    if (fs) {
      ProgressScore s;
      s.goal_id = g.id;
      s.assessed_on = day;
      s.family_score = static_cast<int>(*fs);
      if (cs) s.coordinator_score = static_cast<int>(*cs);
      scores.push_back(std::move(s));
    }
  }
  if (scores.empty() && errors.empty())
    errors.add(family_field(d.goals.front()), N_("Give the family's score for at least one goal."));
  if (!errors.empty()) return scores_form(ctx, d, in, errors, 400);
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(record_scores(c, d.family.municipality_id, d.family.id, scores, ctx.actor->user_id, now));
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "progress.scores", d.family.id,
                                      fmt::format(R"({{"goals":{}}})", scores.size())));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(family_path(d.family.id, "progress") + "?saved=1");
}

// ---- indicators -------------------------------------------------------------------------------

struct IndicatorsInput {
  std::string measured_on, moves, parents, attendance;
};

http::Response indicators_form(Context& ctx, const Family& f, const IndicatorsInput& in, const web::FieldErrors& errors,
                               int status) {
  auto p = staff_page(ctx.tr("Record indicators") + " – " + f.name);
  Html& b = p.body;
  b.append(family_header(ctx, f, FamilyTab::progress));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", ctx.tr("Record indicators"));
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("Facts about the family's situation at a date. Fill in what you know; leave the rest empty."));
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})", family_path(f.id, "progress/indicators"),
           web::csrf_field(ctx));
  web::FieldOptions date;
  date.type = "date";
  date.required = true;
  b.append(web::text_field(ctx, "measured_on", ctx.tr("Date"), in.measured_on, errors, date));
  web::FieldOptions num;
  num.inputmode = "numeric";
  num.autocomplete = "off";
  num.hint = ctx.tr("Count every move since the follow-up started.");
  b.append(web::text_field(ctx, "moves_since_start", ctx.tr("Moves to a new home since the follow-up started"), in.moves, errors, num));
  num.hint = ctx.tr("In work, education, a course or another activity.");
  b.append(web::text_field(ctx, "parents_in_work_or_activity", ctx.tr("Parents in work or activity"), in.parents,
                           errors, num));
  num.hint = ctx.tr("From 0 to 100.");
  b.append(web::text_field(ctx, "school_attendance_percent", ctx.tr("School attendance (per cent)"), in.attendance,
                           errors, num));
  b.append(web::button(ctx.tr("Save the indicators")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

bool load_family_only(Context& ctx, Family& out) {
  auto f = ctx.app.db->read([&](store::Conn& c) { return get_family(c, family_id(ctx)); });
  if (!f) return false;
  out = *f ? **f : Family{};
  return true;
}

http::Response indicators_get(Context& ctx) {
  Family f;
  if (!load_family_only(ctx, f)) return web::busy_page(ctx);
  if (f.id.empty()) return web::not_found_page(ctx);
  return indicators_form(ctx, f, IndicatorsInput{today_iso(ctx.app.clock), "", "", ""}, {}, 200);
}

http::Response indicators_post(Context& ctx) {
  Family f;
  if (!load_family_only(ctx, f)) return web::busy_page(ctx);
  if (f.id.empty()) return web::not_found_page(ctx);
  const IndicatorsInput in{ctx.field("measured_on"), ctx.field("moves_since_start"),
                           ctx.field("parents_in_work_or_activity"), ctx.field("school_attendance_percent")};
  FieldErrorList errs;
  ProgressIndicators ind;
  ind.measured_on = date_not_in_future(in.measured_on, "measured_on", today_iso(ctx.app.clock), errs);
  const auto number = [&](const std::string& v, const char* field, std::int64_t hi, const char* msg) {
    std::optional<std::int64_t> out;
    if (text::trim(v).empty()) return out;
    out = whole_number(v, 0, hi);
    if (!out) errs.emplace_back(field, msg);
    return out;
  };
  ind.moves_since_start = number(in.moves, "moves_since_start", 99, N_("Write the number of moves as a whole number from 0 to 99."));
  ind.parents_in_work_or_activity = number(in.parents, "parents_in_work_or_activity", 10,
                                           N_("Write the number of parents as a whole number from 0 to 10."));
  ind.school_attendance_percent = number(in.attendance, "school_attendance_percent", 100,
                                         N_("Write the attendance as a whole number from 0 to 100."));
  if (errs.empty() && !ind.moves_since_start && !ind.parents_in_work_or_activity && !ind.school_attendance_percent)
    errs.emplace_back("moves_since_start", N_("Fill in at least one indicator."));
  if (!errs.empty()) return indicators_form(ctx, f, in, to_field_errors(errs), 400);
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(record_indicators(c, f.municipality_id, f.id, ind, ctx.actor->user_id, now));
    return audit::append(c, ctx.app.clock, family_audit(ctx, "progress.indicators", f.id));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(family_path(f.id, "progress") + "?saved=1");
}

// ---- income -----------------------------------------------------------------------------------

struct IncomeInput {
  std::string year, income, adults, children;
};

// The household as registered, counted for `year`: guardians and other adults are adults;
// children count as children while younger than the age limit on 31 December of the year
// (unknown birth date: a child), as adults after it; people born after the year are left out.
HouseholdMembers members_for(const Family& f, int year, int child_age_limit) {
  HouseholdMembers m;
  for (const auto& p : f.members) {
    const auto born = civil(p.birth_date);
    if (born && born->year > year) continue;
    if (p.role != PersonRole::child) {
      ++m.adults;
      continue;
    }
    if (born && year - born->year >= child_age_limit) ++m.adults;
    else ++m.children;
  }
  if (m.adults == 0) m.adults = 1;
  return m;
}

Html income_table(const Context& ctx, const std::vector<IncomeYear>& years, const LowIncomeSettings& settings) {
  Html b;
  b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table" data-border><caption>{}</caption><thead><tr>)",
           ctx.tr("Income after tax and the low-income line (EU-60) per year"));
  for (const char* h : {N_("Year"), N_("Income after tax"), N_("Adults"), N_("Children"), N_("Consumption units"),
                        N_("Income per unit"), N_("Low-income line"), N_("Result")})
    b.append(R"(<th scope="col">{}</th>)", ctx.tr(h));
  b.append("</tr></thead><tbody>");
  for (const auto& y : years) {
    b.append(R"(<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td>)", std::to_string(y.year),
             kroner(ctx, y.income_after_tax_ore), ctx.t.number(y.adults), ctx.t.number(y.children));
    auto r = check_year(HouseholdYear{y.year, y.income_after_tax_ore, y.adults, y.children}, settings);
    if (!r) {
      b.append(R"(<td colspan="4">{}</td></tr>)", ctx.tr(r.error().message.c_str()));
      continue;
    }
    b.append("<td>{}</td><td>{}</td><td>{}</td>", fmt::format("{:.1f}", r->units), kroner(ctx, r->income_per_unit_ore),
             r->line_ore ? kroner(ctx, *r->line_ore) : ctx.tr("No median for this year"));
    if (!r->below)
      b.append(R"(<td>{}</td></tr>)", ctx.tr("Cannot be compared"));
    else if (*r->below)
      b.append(R"(<td><span class="ds-tag" data-color="warning">{}</span></td></tr>)",
               ctx.tr("Below the low-income line"));
    else
      b.append(R"(<td><span class="ds-tag" data-color="neutral">{}</span></td></tr>)",
               ctx.tr("Above the low-income line"));
  }
  b.append("</tbody></table></div>");
  return b;
}

http::Response income_page(Context& ctx, const Family& f, const std::vector<IncomeYear>& years, const IncomeInput& in,
                           const web::FieldErrors& errors, int status) {
  const LowIncomeSettings settings = low_income_settings(ctx.app.settings);
  auto p = staff_page(ctx.tr("Income and the low-income line") + " – " + f.name);
  Html& b = p.body;
  b.append(family_header(ctx, f, FamilyTab::progress));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", ctx.tr("Income and the low-income line"));
  b.append(saved_notice(ctx));
  b.append(R"(<div class="ds-alert" data-color="info"><p class="ds-paragraph">{}</p></div>)",
           ctx.tr("This is information for the coordinator. Whether a household is below the low-income line is "
                  "never the only reason to accept or decline a family."));
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           // xgettext:no-c-format
           ctx.tr("The household's income after tax is divided by its consumption units (the first adult 1, each "
                  "other adult 0.5, each child 0.3) and compared with 60 % of the national median for that year."));
  b.append(R"(<section aria-labelledby="years-h"><h2 class="ds-heading" data-size="sm" id="years-h">{}</h2>)",
           ctx.tr("Recorded years"));
  if (years.empty())
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No income has been recorded yet."));
  else {
    b.append(income_table(ctx, years, settings));
    std::vector<HouseholdYear> hy;
    for (const auto& y : years) hy.push_back({y.year, y.income_after_tax_ore, y.adults, y.children});
    const auto persistent = persistent_low_income(hy, settings);
    if (!persistent)
      b.append(R"(<p class="ds-paragraph">{}</p>)",
               ctx.tr("Persistent low income needs three years in a row with a known low-income line."));
    else if (*persistent)
      b.append(R"(<p class="ds-paragraph"><strong>{}</strong></p>)",
               ctx.tr("Persistent low income: on average over the last three years, the income per unit is below "
                      "the low-income line."));
    else
      b.append(R"(<p class="ds-paragraph"><strong>{}</strong></p>)",
               ctx.tr("Not persistent low income: on average over the last three years, the income per unit is at "
                      "or above the low-income line."));
  }
  b.append("</section>");
  if (can_write(ctx, f)) {
    b.append(R"(<section aria-labelledby="income-new-h"><h2 class="ds-heading" data-size="sm" id="income-new-h">{}</h2>)",
             ctx.tr("Record a year's income"));
    b.append(web::error_summary(ctx, errors));
    b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})", family_path(f.id, "income"),
             web::csrf_field(ctx));
    web::FieldOptions num;
    num.inputmode = "numeric";
    num.autocomplete = "off";
    num.required = true;
    num.hint = ctx.tr("A year already recorded is replaced.");
    b.append(web::text_field(ctx, "year", ctx.tr("Year"), in.year, errors, num));
    num.hint = ctx.tr("The whole household's income after tax, in kroner, for example 412 000.");
    b.append(web::text_field(ctx, "income_after_tax", ctx.tr("Income after tax"), in.income, errors, num));
    num.hint = ctx.tr("Counted from the people registered in the family. Change it if the household was different "
                      "that year.");
    b.append(web::text_field(ctx, "adults", ctx.tr("Adults in the household"), in.adults, errors, num));
    num.required = false;
    num.hint = ctx.tr("Younger than the age limit at the end of the year.");
    b.append(web::text_field(ctx, "children", ctx.tr("Children in the household"), in.children, errors, num));
    b.append(web::button(ctx.tr("Save the income")));
    b.append("</form></section>");
  }
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="{}">{}</a></p>)", family_path(f.id, "progress"),
           ctx.tr("Back to progress"));
  return render_private(ctx, p, status);
}

bool load_income(Context& ctx, Family& f, std::vector<IncomeYear>& years) {
  const std::string fid = family_id(ctx);
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    f = {};
    years.clear();
    auto got = get_family(c, fid);
    if (!got) return pass(got);
    if (!*got) return {};
    f = std::move(**got);
    auto y = income_years(c, fid);
    if (!y) return pass(y);
    years = std::move(*y);
    return {};
  });
  return static_cast<bool>(st);
}

int current_year(const Context& ctx) { return to_oslo(ctx.app.clock.now()).date.year; }

http::Response income_get(Context& ctx) {
  Family f;
  std::vector<IncomeYear> years;
  if (!load_income(ctx, f, years)) return web::busy_page(ctx);
  if (f.id.empty()) return web::not_found_page(ctx);
  // Last year's income is the newest a tax settlement knows.
  const int year = current_year(ctx) - 1;
  const HouseholdMembers m = members_for(f, year, ctx.app.settings.child_age_limit);
  const IncomeInput in{std::to_string(year), "", std::to_string(m.adults), std::to_string(m.children)};
  return income_page(ctx, f, years, in, {}, 200);
}

http::Response income_post(Context& ctx) {
  Family f;
  std::vector<IncomeYear> years;
  if (!load_income(ctx, f, years)) return web::busy_page(ctx);
  if (f.id.empty()) return web::not_found_page(ctx);
  const IncomeInput in{ctx.field("year"), ctx.field("income_after_tax"), ctx.field("adults"), ctx.field("children")};
  web::FieldErrors errors;
  IncomeYear y;
  const auto year = whole_number(in.year, 2000, current_year(ctx));
  if (!year) errors.add("year", N_("Write a year from 2000 until this year."));
  else y.year = static_cast<int>(*year);
  auto income = parse_nok(in.income, "income_after_tax");
  if (!income) errors.add("income_after_tax", income.error().message);
  else y.income_after_tax_ore = *income;
  const auto adults = whole_number(in.adults, 1, 20);
  if (!adults) errors.add("adults", N_("Write the number of adults as a whole number from 1 to 20."));
  else y.adults = static_cast<int>(*adults);
  const auto children = text::trim(in.children).empty() ? std::optional<std::int64_t>(0) : whole_number(in.children, 0, 20);
  if (!children) errors.add("children", N_("Write the number of children as a whole number from 0 to 20."));
  else y.children = static_cast<int>(*children);
  if (errors.empty()) {
    auto check = check_year(HouseholdYear{y.year, y.income_after_tax_ore, y.adults, y.children},
                            low_income_settings(ctx.app.settings));
    if (!check) errors.add(check.error().field == "household" ? "adults" : "income_after_tax", check.error().message);
  }
  if (!errors.empty()) return income_page(ctx, f, years, in, errors, 400);
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(record_income(c, f.municipality_id, f.id, y, ctx.actor->user_id, now));
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "family.income", f.id, fmt::format(R"({{"year":{}}})", y.year)));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(family_path(f.id, "income") + "?saved=1");
}

}  // namespace

void register_progress_routes(app::App& app) {
  register_log_routes(app);
  auto& r = app.router;
  r.add(Method::GET, "/staff/families/{id:uuid}/progress", Permission::family_read, progress_get);
  r.add(Method::GET, "/staff/families/{id:uuid}/progress/scores", Permission::family_write, scores_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/progress/scores", Permission::family_write, scores_post);
  r.add(Method::GET, "/staff/families/{id:uuid}/progress/indicators", Permission::family_write, indicators_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/progress/indicators", Permission::family_write, indicators_post);
  r.add(Method::GET, "/staff/families/{id:uuid}/income", Permission::family_write, income_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/income", Permission::family_write, income_post);
}

}  // namespace kp::families
