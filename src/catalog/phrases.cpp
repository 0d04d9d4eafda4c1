#include "catalog/phrases.hpp"

#include "catalog/rrule.hpp"

namespace kp::catalog {

std::string age_text(const i18n::Translator& t, const Offer& o) {
  if (o.min_age && o.max_age)
    return t.tr_args("Age {min}–{max}", {{"min", t.number(*o.min_age)}, {"max", t.number(*o.max_age)}});
  if (o.min_age) return t.tr_args("From age {min}", {{"min", t.number(*o.min_age)}});
  if (o.max_age) return t.tr_args("Up to age {max}", {{"max", t.number(*o.max_age)}});
  return t.tr("All ages");
}

std::string price_text(const i18n::Translator& t, const Offer& o) {
  if (o.free || !o.fee_ore || *o.fee_ore == 0) return t.tr("Free");
  std::string amount = t.number(*o.fee_ore / 100);
  // Øre in the same digits as the kroner: Latin "50" after Arabic-Indic "١٥٠" would be a
  // separate run to the bidi algorithm and be shown on the wrong side ("50,١٥٠").
  if (const auto ore = *o.fee_ore % 100) amount += "," + t.number(ore / 10) + t.number(ore % 10);
  return t.tr_args("NOK {amount}", {{"amount", amount}});
}

std::string schedule_text(const i18n::Translator& t, const Schedule& s) {
  std::string times;
  if (!s.opens_at.empty()) times = s.closes_at.empty() ? s.opens_at : s.opens_at + "–" + s.closes_at;
  if (s.rrule.empty()) return times.empty() ? t.date_short(s.starts_on) : t.date_short(s.starts_on) + ", " + times;
  auto r = parse_rrule(s.rrule);
  using Freq = Recurrence::Freq;
  std::string days;
  if (r) {
    std::vector<int> wds;
    for (const auto& d : r->byday) wds.push_back(d.weekday);
    if (wds.empty() && r->freq == Freq::weekly) wds.push_back(iso_weekday(s.starts_on));
    for (std::size_t i = 0; i < wds.size(); ++i) {
      if (i) days += i + 1 == wds.size() ? " " + t.tr("and") + " " : ", ";
      days += t.weekday_name(wds[i]);
    }
  }
  std::string out;
  if (r && r->freq == Freq::daily) out = t.tr("Every day");
  else if (r && r->freq == Freq::monthly) out = t.tr("Once a month");
  else if (!days.empty())
    out = r && r->interval == 2 ? t.tr_args("Every other {days}", {{"days", days}}) : t.tr_args("Every {days}", {{"days", days}});
  else out = t.tr("Repeats");
  if (!times.empty()) out += ", " + times;
  std::optional<CivilDate> until = s.ends_on;
  if (!until && r && r->until) until = r->until;
  out += " (" + (until ? t.tr_args("{from} to {to}", {{"from", t.date_short(s.starts_on)}, {"to", t.date_short(*until)}})
                       : t.tr_args("from {from}", {{"from", t.date_short(s.starts_on)}})) + ")";
  return out;
}

}  // namespace kp::catalog
