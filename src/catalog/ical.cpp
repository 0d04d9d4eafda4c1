#include "catalog/ical.hpp"

#include <fmt/format.h>

#include <charconv>
#include <optional>

#include "catalog/rrule.hpp"

namespace kp::catalog {
namespace {

constexpr std::size_t kMaxLineOctets = 75;  // RFC 5545 §3.1, excluding the CRLF
constexpr int kFirstOccurrenceHorizonDays = 800;
// Looking for the COUNT-th occurrence stops this far after the start (a safety bound).
constexpr int kCountSearchDays = 3700;

// The fixed definition of Europe/Oslo: CET/CEST with the EU rule (last Sunday of March at
// 02:00 → CEST, last Sunday of October at 03:00 → CET), the same rule core/clock.cpp uses.
// 1970-03-29 and 1970-10-25 are the rule's Sundays, as RFC 5545 wants DTSTART on one.
constexpr const char* kOsloTimezone[] = {
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Oslo",
    "X-LIC-LOCATION:Europe/Oslo",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
};

std::string date_value(CivilDate d) { return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day); }

std::string utc_value(UnixSeconds t) {
  std::int64_t days = t / 86400, secs = t % 86400;
  if (secs < 0) secs += 86400, --days;
  return fmt::format("{}T{:02}{:02}{:02}Z", date_value(civil_from_days(days)), secs / 3600,
                     secs / 60 % 60, secs % 60);
}

// "HH:MM" → minutes after midnight.
std::optional<int> parse_hhmm(std::string_view s) {
  int h = 0, m = 0;
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  if (std::from_chars(s.data(), s.data() + 2, h).ptr != s.data() + 2) return std::nullopt;
  if (std::from_chars(s.data() + 3, s.data() + 5, m).ptr != s.data() + 5) return std::nullopt;
  if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string local_value(CivilDate d, int minutes) {
  return fmt::format("{}T{:02}{:02}00", date_value(d), minutes / 60, minutes % 60);
}

// The host of base_url, which makes UIDs globally unique as RFC 5545 recommends.
std::string uid_domain(std::string_view base_url) {
  if (auto p = base_url.find("://"); p != std::string_view::npos) base_url.remove_prefix(p + 3);
  base_url = base_url.substr(0, base_url.find_first_of(":/?#"));
  if (auto at = base_url.find('@'); at != std::string_view::npos) base_url.remove_prefix(at + 1);
  return base_url.empty() ? "knutepunkt.invalid" : std::string(base_url);
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// The RRULE value for a schedule whose first occurrence is `first`, or "" for none.
// The catalog treats UNTIL and ends_on as the last local day on which the offer can happen;
// RFC 5545 wants UNTIL as a UTC date-time when DTSTART has a TZID (so: the end of that day in
// Oslo) and as a DATE for all-day events. RRULE cannot hold both COUNT and UNTIL, so when a
// schedule has COUNT and ends_on, whichever ends first is kept.
std::string rrule_value(const Schedule& s, Recurrence r, CivilDate first, bool all_day) {
  std::optional<CivilDate> last = r.until;
  if (s.ends_on && (!last || *s.ends_on < *last)) last = s.ends_on;
  r.until.reset();
  if (r.count && last) {
    Schedule uncounted = s;
    Recurrence rc = r;
    rc.count.reset();
    uncounted.rrule = format_rrule(rc);
    uncounted.ends_on.reset();
    int seen = 0;
    std::int64_t d = days_from_civil(first);
    const std::int64_t d_last = days_from_civil(*last), d_give_up = d + kCountSearchDays;
    for (; d <= d_last && d < d_give_up && seen < *r.count; ++d)
      if (occurs_on(uncounted, civil_from_days(d))) ++seen;
    if (d > d_last && seen < *r.count) r.count.reset();  // ends_on comes first
    else last.reset();
  }
  std::string out = format_rrule(r);
  if (last)
    out += ";UNTIL=" + (all_day ? date_value(*last) : utc_value(from_oslo({*last, 23, 59, 59})));
  return out;
}

class EventWriter {
 public:
  EventWriter(std::string& out, const Snapshot& snap, const std::string& lang, std::string base_url,
              UnixSeconds now)
      : out_(out), snap_(snap), lang_(lang), base_url_(std::move(base_url)),
        domain_(uid_domain(base_url_)), stamp_(utc_value(now)) {}

  void offer(const Offer& o) {
    for (std::size_t i = 0; i < o.schedules.size(); ++i)
      event(o, o.schedules[i], o.schedules[i].id.empty() ? std::to_string(i) : o.schedules[i].id);
  }

 private:
  void line(std::string_view l) { ical_append_line(out_, l); }
  void text(std::string_view name, const std::string& value, const std::string& language = {}) {
    if (value.empty()) return;
    std::string l(name);
    if (!language.empty()) l += ";LANGUAGE=" + language;
    line(l + ":" + ical_escape(value));
  }

  void event(const Offer& o, const Schedule& s, const std::string& schedule_key) {
    std::optional<Recurrence> rule;
    if (!s.rrule.empty()) {
      auto r = parse_rrule(s.rrule);
      if (!r) return;  // the catalog says such a schedule never occurs
      rule = std::move(*r);
    }
    // DTSTART must be an occurrence, or the recurrence set is undefined (RFC 5545 §3.8.5.3);
    // starts_on need not be one (a Monday start for a Tuesday/Thursday rule).
    const auto first = next_occurrence(s, s.starts_on, kFirstOccurrenceHorizonDays);
    if (!first) return;
    const auto opens = parse_hhmm(s.opens_at), closes = parse_hhmm(s.closes_at);
    const bool all_day = !opens;

    line("BEGIN:VEVENT");
    text("UID", o.id + "-" + schedule_key + "@" + domain_);
    line("DTSTAMP:" + stamp_);
    if (all_day) {
      line("DTSTART;VALUE=DATE:" + date_value(*first));
      line("DTEND;VALUE=DATE:" + date_value(civil_from_days(days_from_civil(*first) + 1)));
    } else {
      line("DTSTART;TZID=Europe/Oslo:" + local_value(*first, *opens));
      if (closes) {
        // Closing at or before the opening time means after midnight.
        const CivilDate end_day = *closes > *opens ? *first : civil_from_days(days_from_civil(*first) + 1);
        line("DTEND;TZID=Europe/Oslo:" + local_value(end_day, *closes));
      }
    }
    if (rule) line("RRULE:" + rrule_value(s, *rule, *first, all_day));

    std::string name_lang, summary_lang, description_lang;
    const std::string& name = text_in(o.texts, "name", lang_, name_lang);
    const std::string& summary = text_in(o.texts, "summary", lang_, summary_lang);
    const std::string& description = text_in(o.texts, "description", lang_, description_lang);
    text("SUMMARY", name, name_lang);
    const std::string url = base_url_ + "/offers/" + o.id;
    // Many calendar apps hide the URL property, so the link ends the description too.
    text("DESCRIPTION", join({summary, description, url}, "\n\n"),
         summary.empty() ? description_lang : summary_lang);
    if (o.location_id)
      if (const Location* l = snap_.location(*o.location_id)) {
        text("LOCATION", join({l->name, l->address, join({l->postal_code, l->city}, " ")}, ", "));
        if (l->latitude && l->longitude) line(fmt::format("GEO:{:.6f};{:.6f}", *l->latitude, *l->longitude));
      }
    std::vector<std::string> categories;
    for (const auto& id : o.category_ids)
      if (const Category* c = snap_.category(id))
        if (const std::string& n = text_in(c->texts, "name", lang_); !n.empty()) categories.push_back(ical_escape(n));
    if (!categories.empty()) line("CATEGORIES:" + join(categories, ","));
    text("CONTACT", join({o.contact_name, o.phone, o.email}, ", "));
    line("URL:" + url);
    line(fmt::format("SEQUENCE:{}", o.version > 0 ? o.version - 1 : 0));
    if (o.updated_at > 0) line("LAST-MODIFIED:" + utc_value(o.updated_at));
    // Subscribing to offers must not make the family look busy.
    line("TRANSP:TRANSPARENT");
    line("END:VEVENT");
  }

  std::string& out_;
  const Snapshot& snap_;
  const std::string& lang_;
  std::string base_url_, domain_, stamp_;
};

std::string calendar_name(const Snapshot& snap, const std::vector<const Offer*>& offers,
                          const std::string& lang) {
  if (offers.size() == 1) {
    const std::string& n = text_in(offers[0]->texts, "name", lang);
    if (!n.empty()) return n;
  }
  const Municipality* m = offers.empty() ? nullptr : snap.municipality(offers[0]->municipality_id);
  for (const Offer* o : offers)
    if (m && o->municipality_id != m->id) m = nullptr;
  return m ? "Knutepunkt – " + m->name : "Knutepunkt";
}

}  // namespace

std::string ical_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) break;
        out += c;
    }
  }
  return out;
}

void ical_append_line(std::string& out, std::string_view line) {
  std::size_t limit = kMaxLineOctets;  // continuation lines spend one octet on the space
  while (line.size() > limit) {
    std::size_t cut = limit;
    // Back up to the start of a UTF-8 sequence (never to 0: a line is at least one character).
    while (cut > 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kMaxLineOctets - 1;
  }
  out.append(line);
  out += "\r\n";
}

std::string ical_calendar(const Snapshot& snap, const std::vector<const Offer*>& offers,
                          const std::string& lang, const std::string& base_url, UnixSeconds now) {
  std::string out;
  out.reserve(1024 + offers.size() * 1200);
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();

  ical_append_line(out, "BEGIN:VCALENDAR");
  ical_append_line(out, "VERSION:2.0");
  ical_append_line(out, "PRODID:-//Knutepunkt//Knutepunkt//NB");
  ical_append_line(out, "CALSCALE:GREGORIAN");
  ical_append_line(out, "METHOD:PUBLISH");
  const std::string name = ical_escape(calendar_name(snap, offers, lang));
  ical_append_line(out, "NAME:" + name);  // RFC 7986
  ical_append_line(out, "X-WR-CALNAME:" + name);
  ical_append_line(out, "X-WR-TIMEZONE:Europe/Oslo");
  // How often subscribers should fetch again (RFC 7986, and its older Microsoft spelling).
  ical_append_line(out, "REFRESH-INTERVAL;VALUE=DURATION:PT12H");
  ical_append_line(out, "X-PUBLISHED-TTL:PT12H");
  for (const char* l : kOsloTimezone) ical_append_line(out, l);
  EventWriter events(out, snap, lang, base, now);
  for (const Offer* o : offers)
    if (o) events.offer(*o);
  ical_append_line(out, "END:VCALENDAR");
  return out;
}

}  // namespace kp::catalog
