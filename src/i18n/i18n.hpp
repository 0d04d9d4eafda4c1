// Languages and translations. The request's language is a value (`const Translator&`) passed
// down with the request context — never global or thread-local state.
#pragma once
#include <locale>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/clock.hpp"

namespace kp::i18n {

struct LanguageInfo {
  std::string code;        // BCP 47 tag used in URLs, cookies and <html lang>: nb, nn, en, ar …
  std::string native_name; // shown in the language picker, in its own script
  bool rtl = false;        // dir="rtl" for Arabic and Urdu
};

// The languages Knutepunkt knows about, in picker order.
const std::vector<LanguageInfo>& known_languages();
const LanguageInfo* find_language(std::string_view code);

// Translations for one language. Immutable after construction; thread-safe.
class Translator {
 public:
  // Builds the translator and works out, once, what ICU would otherwise be asked on every
  // call: weekday names, digits and the grouping separator. (Building an ICU formatter costs
  // about a millisecond; pages ask for these dozens of times.)
  Translator(LanguageInfo info, std::locale loc);
  const LanguageInfo& language() const { return info_; }
  const std::string& code() const { return info_.code; }
  bool rtl() const { return info_.rtl; }

  // The translation of an English msgid (the msgid itself when untranslated).
  std::string tr(const char* msgid) const;
  // Plural form for `n`; "{n}" in the result is replaced by the number.
  std::string trn(const char* singular, const char* plural, long n) const;
  // Replaces "{name}" placeholders in a translated string with the given values.
  std::string tr_args(const char* msgid,
                      std::initializer_list<std::pair<std::string_view, std::string>> args) const;
  // Dates and times in Europe/Oslo, formatted for this language ("24. november 2026").
  std::string date_long(UnixSeconds t) const;
  std::string date_short(CivilDate d) const;
  std::string date_time(UnixSeconds t) const;
  std::string number(long long n) const;
  // Month and weekday names (1-based) in this language.
  std::string weekday_name(int iso_weekday) const;

 private:
  LanguageInfo info_;
  std::locale loc_;
  std::string weekdays_[8];       // 1 … 7
  std::string digits_[10];        // the language's digits
  std::string group_separator_;   // between thousands ("" when the language groups none)
  int min_grouping_digits_ = 4;   // the smallest number of digits that gets a separator
  // Formatted dates by (day, style): an ICU date formatter is built per call, and a family
  // page shows a dozen dates, mostly the same few.
  mutable std::mutex dates_mu_;
  mutable std::unordered_map<std::int64_t, std::string> dates_;
  template <class Make>
  std::string cached_date(std::int64_t day, int style, Make&& make) const;
};

// Loads compiled catalogs from `locale_dir` (<dir>/<lang>/LC_MESSAGES/knutepunkt.mo) for the
// configured languages. Thread-safe after construction.
class Catalogs {
 public:
  Catalogs(const std::string& locale_dir, const std::vector<std::string>& enabled);
  // The translator for `code`, or for the default language (nb) when not enabled.
  const Translator& get(std::string_view code) const;
  const std::vector<std::string>& enabled() const { return enabled_; }
  bool is_enabled(std::string_view code) const;

 private:
  std::vector<std::string> enabled_;
  std::map<std::string, std::unique_ptr<Translator>, std::less<>> translators_;
};

// Picks the language: ?lang=, then the lang cookie, then Accept-Language, then nb.
std::string negotiate(const Catalogs& catalogs, std::string_view query_lang,
                      std::string_view cookie_lang, std::string_view accept_language);

}  // namespace kp::i18n
