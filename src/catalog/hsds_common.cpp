#include "catalog/hsds_common.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "core/ids.hpp"

namespace kp::catalog::hsds::detail {
namespace {

constexpr VocabTerm kTargetGroupTerms[] = {
    {"children", "Barn", "Born", "Children"},
    {"youth", "Ungdom", "Ungdom", "Youth"},
    {"parents", "Foreldre", "Foreldre", "Parents"},
    {"families", "Familier", "Familiar", "Families"},
    {"low_income", "Familier med lav inntekt", "Familiar med låg inntekt", "Low-income families"},
    {"newcomers", "Nyankomne", "Nykomne", "Newcomers"},
};
constexpr VocabTerm kOrgTypeTerms[] = {
    {"municipal", "Kommunal", "Kommunal", "Municipal"},
    {"nav", "NAV", "NAV", "NAV (Labour and Welfare Administration)"},
    {"voluntary", "Frivillig", "Frivillig", "Voluntary"},
    {"business", "Næringsliv", "Næringsliv", "Business"},
    {"other", "Annet", "Anna", "Other"},
};
constexpr VocabTerm kAccessibilityTerms[] = {
    {kWheelchairCode, "Tilgjengelig med rullestol", "Tilgjengeleg med rullestol",
     "Wheelchair accessible"},
};

const Vocabulary kTargetGroups{"knutepunkt-malgrupper", "Målgrupper for tilbud i Knutepunkt",
                               "Målgrupper for tilbod i Knutepunkt",
                               "Target groups of offers in Knutepunkt", kTargetGroupTerms};
const Vocabulary kOrgTypes{"knutepunkt-organisasjonstyper", "Typer organisasjoner i Knutepunkt",
                           "Typar organisasjonar i Knutepunkt",
                           "Kinds of organisations in Knutepunkt", kOrgTypeTerms};
const Vocabulary kAccessibility{"knutepunkt-tilgjengelighet", "Tilgjengelighet for steder",
                                "Tilgjenge for stader", "Accessibility of locations",
                                kAccessibilityTerms};
const Vocabulary* const kVocabularies[] = {&kTargetGroups, &kOrgTypes, &kAccessibility};

constexpr std::array<std::string_view, 7> kWeekdays = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

bool parse_int(std::string_view s, int& out) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty() || s.size() > 9) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    const size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) return out;
    start = pos + 1;
  }
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// "20261231" or "20261231T235959Z" → its date part.
bool parse_until(std::string_view s, CivilDate& out) {
  if (s.size() != 8 && !(s.size() >= 15 && s[8] == 'T')) return false;
  int y = 0, m = 0, d = 0;
  if (!parse_int(s.substr(0, 4), y) || !parse_int(s.substr(4, 2), m) ||
      !parse_int(s.substr(6, 2), d))
    return false;
  const std::string iso = std::string(s.substr(0, 4)) + '-' + std::string(s.substr(4, 2)) + '-' +
                          std::string(s.substr(6, 2));
  return parse_iso_date(iso, out);
}

std::string compact_date(CivilDate d) {
  std::string iso = format_iso_date(d);
  std::string out;
  for (char c : iso)
    if (c != '-') out += c;
  return out;
}

// Checks a comma list of non-zero integers within ±limit.
bool numbers_in_range(std::string_view list, int limit) {
  for (std::string_view part : split(list, ',')) {
    int n = 0;
    if (!parse_int(part, n) || n == 0 || n > limit || n < -limit) return false;
  }
  return true;
}

}  // namespace

std::string derived_id(std::string_view kind, std::string_view owner, std::string_view part) {
  std::string name(owner);
  if (!part.empty()) {
    name += '/';
    name += part;
  }
  return ids::uuid_from_name(std::string("knutepunkt/hsds/") + std::string(kind), name);
}

std::string category_taxonomy_id(const std::string& municipality_id) {
  return derived_id("taxonomy", kCategoryTaxonomy, municipality_id);
}

const Vocabulary& target_group_vocabulary() { return kTargetGroups; }
const Vocabulary& org_type_vocabulary() { return kOrgTypes; }
const Vocabulary& accessibility_vocabulary() { return kAccessibility; }
std::span<const Vocabulary* const> vocabularies() { return kVocabularies; }

std::string vocabulary_id(const Vocabulary& v) { return derived_id("taxonomy", v.taxonomy); }

std::string vocabulary_term_id(const Vocabulary& v, std::string_view code) {
  return derived_id("taxonomy_term", v.taxonomy, code);
}

const Vocabulary* find_vocabulary(std::string_view taxonomy) {
  for (const Vocabulary* v : kVocabularies)
    if (taxonomy == v->taxonomy) return v;
  return nullptr;
}

const VocabTerm* find_vocabulary_term_by_id(std::string_view term_id, const Vocabulary** vocab) {
  for (const Vocabulary* v : kVocabularies)
    for (const VocabTerm& t : v->terms)
      if (vocabulary_term_id(*v, t.code) == term_id) {
        if (vocab) *vocab = v;
        return &t;
      }
  return nullptr;
}

const VocabTerm* find_code(const Vocabulary& v, std::string_view code) {
  for (const VocabTerm& t : v.terms)
    if (code == t.code) return &t;
  return nullptr;
}

std::string phrase_language(const std::string& lang) {
  return lang == "nn" || lang == "en" ? lang : "nb";
}

const char* pick(const std::string& lang, const char* nb, const char* nn, const char* en) {
  const std::string l = phrase_language(lang);
  return l == "nn" ? nn : l == "en" ? en : nb;
}

std::optional<Recurrence> parse_rrule(std::string_view rule) {
  if (rule.size() >= 6 && upper(rule.substr(0, 6)) == "RRULE:") rule.remove_prefix(6);
  if (rule.empty() || rule.size() > 1000) return std::nullopt;
  Recurrence r;
  std::vector<std::string> seen;
  for (std::string_view part : split(rule, ';')) {
    if (part.empty()) continue;  // tolerate a trailing ';'
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == part.size()) return std::nullopt;
    const std::string name = upper(part.substr(0, eq));
    const std::string value = upper(part.substr(eq + 1));
    for (const std::string& s : seen)
      if (s == name) return std::nullopt;
    seen.push_back(name);
    if (name == "FREQ") {
      r.freq = value;
      static constexpr std::string_view kFreqs[] = {"SECONDLY", "MINUTELY", "HOURLY", "DAILY",
                                                   "WEEKLY", "MONTHLY", "YEARLY"};
      bool known = false;
      for (auto f : kFreqs) known = known || value == f;
      if (!known) return std::nullopt;
    } else if (name == "INTERVAL") {
      if (!parse_int(value, r.interval) || r.interval < 1) return std::nullopt;
    } else if (name == "COUNT") {
      int n = 0;
      if (!parse_int(value, n) || n < 1) return std::nullopt;
      r.count = n;
    } else if (name == "UNTIL") {
      CivilDate d;
      if (!parse_until(value, d)) return std::nullopt;
      r.until = d;
    } else if (name == "BYDAY") {
      r.byday = value;
    } else if (name == "BYMONTHDAY") {
      r.bymonthday = value;
    } else if (name == "BYWEEKNO") {
      r.byweekno = value;
    } else if (name == "BYYEARDAY") {
      r.byyearday = value;
    } else if (name == "WKST") {
      r.wkst = value;
    } else {
      r.other.push_back(name + "=" + value);
    }
  }
  if (r.freq.empty()) return std::nullopt;
  return r;
}

std::string format_rrule(const Recurrence& r, bool with_until) {
  std::string out = "FREQ=" + r.freq;
  if (r.interval != 1) out += ";INTERVAL=" + std::to_string(r.interval);
  if (r.count) out += ";COUNT=" + std::to_string(*r.count);
  if (with_until && r.until) out += ";UNTIL=" + compact_date(*r.until);
  if (!r.byday.empty()) out += ";BYDAY=" + r.byday;
  if (!r.bymonthday.empty()) out += ";BYMONTHDAY=" + r.bymonthday;
  if (!r.byweekno.empty()) out += ";BYWEEKNO=" + r.byweekno;
  if (!r.byyearday.empty()) out += ";BYYEARDAY=" + r.byyearday;
  if (!r.wkst.empty()) out += ";WKST=" + r.wkst;
  for (const std::string& o : r.other) out += ";" + o;
  return out;
}

std::string check_recurrence(const Recurrence& r) {
  if (r.interval < 1 || r.interval > 99) return "interval must be a whole number 1–99";
  if (r.count && (*r.count < 1 || *r.count > 1000)) return "count must be a whole number 1–1000";
  if (r.count && r.until) return "give either count or until, not both (RFC 5545)";
  if (!r.byday.empty()) {
    for (std::string_view tok : split(r.byday, ',')) {
      if (tok.size() < 2) return "byday must be weekday codes like MO,TU or 2MO / -1FR";
      const std::string_view day = tok.substr(tok.size() - 2);
      bool known = false;
      for (auto d : kWeekdays) known = known || day == d;
      if (!known) return "byday must be weekday codes like MO,TU or 2MO / -1FR";
      const std::string_view ord = tok.substr(0, tok.size() - 2);
      if (ord.empty()) continue;
      int n = 0;
      if (r.freq != "MONTHLY" && r.freq != "YEARLY")
        return "byday may carry an ordinal (2MO, -1FR) only when freq is MONTHLY";
      const int limit = r.freq == "MONTHLY" ? 5 : 53;
      if (!parse_int(ord, n) || n == 0 || n > limit || n < -limit)
        return "byday ordinal out of range";
    }
  }
  if (!r.bymonthday.empty()) {
    if (r.freq == "WEEKLY") return "bymonthday cannot be used when freq is WEEKLY";
    if (!numbers_in_range(r.bymonthday, 31)) return "bymonthday must be day numbers ±1–31";
  }
  if (!r.byweekno.empty() && !numbers_in_range(r.byweekno, 53))
    return "byweekno must be week numbers ±1–53";
  if (!r.byyearday.empty() && !numbers_in_range(r.byyearday, 366))
    return "byyearday must be day numbers ±1–366";
  if (!r.wkst.empty()) {
    bool known = false;
    for (auto d : kWeekdays) known = known || r.wkst == d;
    if (!known) return "wkst must be one of MO, TU, WE, TH, FR, SA, SU";
  }
  return {};
}

bool hsds_expressible(const Recurrence& r) {
  if (!r.other.empty()) return false;
  if (r.freq == "WEEKLY" || r.freq == "MONTHLY") return true;
  // Every day (or every listed weekday) is a weekly rule on those days.
  const bool plain_days = std::all_of(r.byday.begin(), r.byday.end(),
                                      [](char c) { return c == ',' || (c >= 'A' && c <= 'Z'); });
  return r.freq == "DAILY" && r.interval == 1 && plain_days && r.bymonthday.empty() &&
         r.byweekno.empty() && r.byyearday.empty();
}

Schedule normalized(const Schedule& s) {
  Schedule out = s;
  if (s.rrule.empty()) {
    if (out.ends_on && *out.ends_on == out.starts_on) out.ends_on.reset();
    return out;
  }
  auto r = parse_rrule(s.rrule);
  if (!r) return out;
  if (!out.ends_on) out.ends_on = r->until;
  r->until.reset();
  if (out.ends_on) r->count.reset();
  if (r->freq == "DAILY" && hsds_expressible(*r) && check_recurrence(*r).empty()) {
    r->freq = "WEEKLY";
    if (r->byday.empty()) r->byday = "MO,TU,WE,TH,FR,SA,SU";
  }
  out.rrule = format_rrule(*r, false);
  return out;
}

bool is_hhmm(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return false;
  for (size_t i : {0u, 1u, 3u, 4u})
    if (s[i] < '0' || s[i] > '9') return false;
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  return h <= 23 && m <= 59;
}

std::string web_url(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return {};
  for (char c : s)
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\')
      return {};
  const std::string lower = [&] {
    std::string l(s.substr(0, 8));
    for (char& c : l)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return l;
  }();
  const auto has_host = [&](size_t scheme_len) {
    return s.size() > scheme_len && s[scheme_len] != '/' && s[scheme_len] != '?' &&
           s[scheme_len] != '#';
  };
  if (lower.starts_with("https://")) return has_host(8) ? std::string(s) : std::string();
  if (lower.starts_with("http://")) return has_host(7) ? std::string(s) : std::string();
  // Any other scheme (mailto:, ftp://, javascript:) is not a web page.
  if (s.find(':') != std::string_view::npos && s.find(':') < s.find('/')) return {};
  const std::string_view host = s.substr(0, s.find('/'));
  if (host.find('.') == std::string_view::npos || host.front() == '.') return {};
  return "https://" + std::string(s);
}

bool plausible_email(std::string_view s) {
  const size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= s.size()) return false;
  if (s.find('@', at + 1) != std::string_view::npos) return false;
  for (char c : s)
    if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == '"' || c == ',')
      return false;
  const std::string_view domain = s.substr(at + 1);
  const size_t dot = domain.find('.');
  return dot != std::string_view::npos && dot > 0 && domain.back() != '.';
}

Error import_error(const std::vector<ImportError>& errors, bool overflow) {
  std::string msg = "The HSDS file was not imported: " + std::to_string(errors.size()) +
                    (overflow ? "+" : "") + (errors.size() == 1 ? " problem" : " problems");
  const size_t shown = std::min<size_t>(errors.size(), 50);
  for (size_t i = 0; i < shown; ++i) msg += "\n" + errors[i].to_string();
  if (errors.size() > shown || overflow)
    msg += "\n… and more (" + std::to_string(errors.size() - shown) + (overflow ? "+" : "") + ")";
  Error e;
  e.kind = ErrorKind::invalid;
  e.message = std::move(msg);
  e.field = errors.empty() ? std::string() : errors[0].path;
  e.detail = "hsds import: " + std::to_string(errors.size()) + " problems";
  return e;
}

}  // namespace kp::catalog::hsds::detail
