#include "i18n/i18n.hpp"

#include <boost/locale.hpp>

#include <sstream>

#include "core/text.hpp"

namespace kp::i18n {

const std::vector<LanguageInfo>& known_languages() {
  static const std::vector<LanguageInfo> langs = {
      {"nb", "Norsk bokmål", false}, {"nn", "Norsk nynorsk", false}, {"en", "English", false},
      {"ar", "العربية", true},        {"so", "Soomaali", false},      {"ti", "ትግርኛ", false},
      {"pl", "Polski", false},       {"uk", "Українська", false},    {"ur", "اردو", true},
  };
  return langs;
}

const LanguageInfo* find_language(std::string_view code) {
  for (const auto& l : known_languages())
    if (l.code == code) return &l;
  return nullptr;
}

namespace {
std::string icu_name(std::string_view code) {
  if (code == "nb") return "nb_NO.UTF-8";
  if (code == "nn") return "nn_NO.UTF-8";
  if (code == "en") return "en_GB.UTF-8";
  if (code == "ar") return "ar.UTF-8";
  if (code == "so") return "so_SO.UTF-8";
  if (code == "ti") return "ti_ER.UTF-8";
  if (code == "pl") return "pl_PL.UTF-8";
  if (code == "uk") return "uk_UA.UTF-8";
  if (code == "ur") return "ur_PK.UTF-8";
  return "nb_NO.UTF-8";
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
}

std::string format_with(const std::locale& loc, UnixSeconds t, const char* pattern) {
  std::ostringstream ss;
  ss.imbue(loc);
  ss << boost::locale::as::ftime(pattern) << boost::locale::as::time_zone("Europe/Oslo")
     << static_cast<double>(t);
  return ss.str();
}
}  // namespace

namespace {
std::string icu_number(const std::locale& loc, long long n) {
  std::ostringstream ss;
  ss.imbue(loc);
  ss << boost::locale::as::number << n;
  return ss.str();
}
}  // namespace

Translator::Translator(LanguageInfo info, std::locale loc) : info_(std::move(info)), loc_(std::move(loc)) {
  for (int wd = 1; wd <= 7; ++wd) {
    // 2024-01-01 was a Monday.
    const UnixSeconds t = (days_from_civil({2024, 1, 1}) + wd - 1) * 86400 + 12 * 3600;
    weekdays_[wd] = format_with(loc_, t, "%A");
  }
  for (int d = 0; d <= 9; ++d) digits_[d] = icu_number(loc_, d);
  // ICU writes 1000 as "1000" or "1 000" depending on the language's minimum grouping; the
  // separator is whatever sits between the first digit and the rest of 10000.
  const std::string ten_thousand = icu_number(loc_, 10000);
  const std::string one = digits_[1], zeros = digits_[0] + digits_[0] + digits_[0] + digits_[0];
  if (ten_thousand.size() > one.size() + digits_[0].size() + zeros.size() - digits_[0].size() &&
      ten_thousand.starts_with(one + digits_[0])) {
    const std::string rest = ten_thousand.substr(one.size() + digits_[0].size());
    const std::string three = digits_[0] + digits_[0] + digits_[0];
    if (rest.size() > three.size() && rest.ends_with(three)) group_separator_ = rest.substr(0, rest.size() - three.size());
  }
  min_grouping_digits_ = icu_number(loc_, 1000) == one + digits_[0] + digits_[0] + digits_[0] ? 5 : 4;
}

std::string Translator::tr(const char* msgid) const {
  return boost::locale::translate(msgid).str(loc_);
}

std::string Translator::trn(const char* singular, const char* plural, long n) const {
  std::string s = boost::locale::translate(singular, plural, n).str(loc_);
  replace_all(s, "{n}", number(n));
  return s;
}

std::string Translator::tr_args(
    const char* msgid, std::initializer_list<std::pair<std::string_view, std::string>> args) const {
  std::string s = tr(msgid);
  for (const auto& [name, value] : args) replace_all(s, "{" + std::string(name) + "}", value);
  return s;
}

template <class Make>
std::string Translator::cached_date(std::int64_t day, int style, Make&& make) const {
  const std::int64_t key = day * 4 + style;
  {
    std::lock_guard lock(dates_mu_);
    if (auto it = dates_.find(key); it != dates_.end()) return it->second;
  }
  std::string s = make();
  std::lock_guard lock(dates_mu_);
  if (dates_.size() < 50000) dates_.emplace(key, s);  // bounded: about 70 years of both styles
  return s;
}

std::string Translator::date_long(UnixSeconds t) const {
  return cached_date(days_from_civil(to_oslo(t).date), 0, [&] {
    std::ostringstream ss;
    ss.imbue(loc_);
    ss << boost::locale::as::date << boost::locale::as::date_long
       << boost::locale::as::time_zone("Europe/Oslo") << static_cast<double>(t);
    return ss.str();
  });
}

std::string Translator::date_short(CivilDate d) const {
  // Noon UTC keeps the civil date the same in Europe/Oslo.
  const UnixSeconds t = days_from_civil(d) * 86400 + 12 * 3600;
  return cached_date(days_from_civil(d), 1, [&] {
    std::ostringstream ss;
    ss.imbue(loc_);
    ss << boost::locale::as::date << boost::locale::as::date_medium
       << boost::locale::as::time_zone("Europe/Oslo") << static_cast<double>(t);
    return ss.str();
  });
}

std::string Translator::date_time(UnixSeconds t) const {
  std::ostringstream ss;
  ss.imbue(loc_);
  ss << boost::locale::as::datetime << boost::locale::as::date_medium
     << boost::locale::as::time_short << boost::locale::as::time_zone("Europe/Oslo")
     << static_cast<double>(t);
  return ss.str();
}

std::string Translator::number(long long n) const {
  const bool negative = n < 0;
  unsigned long long v = negative ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  std::string ascii = std::to_string(v);
  std::string out;
  const bool group = !group_separator_.empty() && static_cast<int>(ascii.size()) >= min_grouping_digits_;
  for (std::size_t i = 0; i < ascii.size(); ++i) {
    if (group && i > 0 && (ascii.size() - i) % 3 == 0) out += group_separator_;
    out += digits_[ascii[i] - '0'];
  }
  // Negative numbers are rare here (none are shown today); ICU knows their form.
  return negative ? icu_number(loc_, n) : out;
}

std::string Translator::weekday_name(int iso_weekday) const {
  return iso_weekday >= 1 && iso_weekday <= 7 ? weekdays_[iso_weekday] : std::string();
}

Catalogs::Catalogs(const std::string& locale_dir, const std::vector<std::string>& enabled) {
  boost::locale::generator gen;
  gen.add_messages_path(locale_dir);
  gen.add_messages_domain("knutepunkt");
  for (const auto& code : enabled) {
    const LanguageInfo* info = find_language(code);
    if (!info || translators_.count(code)) continue;
    enabled_.push_back(code);
    // Boost.Locale finds catalogs by the language part of the locale name ("ar"), which is
    // why the .mo files live under <dir>/<code>/.
    translators_.emplace(code, std::make_unique<Translator>(*info, gen(icu_name(code))));
  }
  if (!translators_.count("nb")) {
    translators_.emplace("nb", std::make_unique<Translator>(*find_language("nb"), gen(icu_name("nb"))));
    enabled_.insert(enabled_.begin(), "nb");
  }
}

const Translator& Catalogs::get(std::string_view code) const {
  auto it = translators_.find(code);
  if (it == translators_.end()) it = translators_.find("nb");
  return *it->second;
}

bool Catalogs::is_enabled(std::string_view code) const { return translators_.count(code) > 0; }

std::string negotiate(const Catalogs& catalogs, std::string_view query_lang,
                      std::string_view cookie_lang, std::string_view accept_language) {
  if (catalogs.is_enabled(query_lang)) return std::string(query_lang);
  if (catalogs.is_enabled(cookie_lang)) return std::string(cookie_lang);
  // Accept-Language: take the highest q among enabled languages; "no" means Bokmål.
  std::string best;
  double best_q = 0;
  size_t pos = 0;
  while (pos < accept_language.size()) {
    size_t comma = accept_language.find(',', pos);
    if (comma == std::string_view::npos) comma = accept_language.size();
    std::string_view item = text::trim(accept_language.substr(pos, comma - pos));
    pos = comma + 1;
    double q = 1.0;
    if (auto semi = item.find(';'); semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      item = text::trim(item.substr(0, semi));
      if (auto qpos = params.find("q="); qpos != std::string_view::npos) {
        try {
          q = std::stod(std::string(params.substr(qpos + 2, 5)));
        } catch (...) {
          q = 0;
        }
      }
    }
    std::string tag(item.substr(0, item.find('-')));
    for (auto& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (tag == "no") tag = "nb";
    if (q > best_q && catalogs.is_enabled(tag)) {
      best = tag;
      best_q = q;
    }
  }
  return best.empty() ? "nb" : best;
}

}  // namespace kp::i18n
