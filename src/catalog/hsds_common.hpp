// Internal to the HSDS export and import (src/catalog/hsds_*.cpp): the deterministic ids of
// records HSDS has and we do not store, the small built-in vocabularies that carry enum
// fields as HSDS attributes, generated phrases, and RFC 5545 RRULE handling. Export and import
// share these so that what one writes the other reads back. No JSON here.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/hsds.hpp"
#include "catalog/model.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace kp::catalog::hsds::detail {

// The HSDS taxonomy that holds a municipality's categories.
inline constexpr const char* kCategoryTaxonomy = "knutepunkt-kategorier";

// Deterministic id of a record HSDS requires but the catalog does not store (a phone, an
// address, an attribute…), from its kind and the ids it belongs to. Pure.
std::string derived_id(std::string_view kind, std::string_view owner, std::string_view part = {});
// The id of the category taxonomy of a municipality.
std::string category_taxonomy_id(const std::string& municipality_id);

// A fixed vocabulary exported as an HSDS taxonomy, so that an enum field of ours (target
// groups, organisation type, wheelchair access) survives a round trip through attributes.
struct VocabTerm {
  const char* code;
  const char* nb;
  const char* nn;
  const char* en;
};
struct Vocabulary {
  const char* taxonomy;  // HSDS taxonomy name, e.g. "knutepunkt-malgrupper"
  const char* nb;        // taxonomy description per language
  const char* nn;
  const char* en;
  std::span<const VocabTerm> terms;
};
const Vocabulary& target_group_vocabulary();
const Vocabulary& org_type_vocabulary();
const Vocabulary& accessibility_vocabulary();
inline constexpr const char* kWheelchairCode = "wheelchair_access";
// The built-in vocabularies, for recognising their attributes on import.
std::span<const Vocabulary* const> vocabularies();
std::string vocabulary_id(const Vocabulary& v);
std::string vocabulary_term_id(const Vocabulary& v, std::string_view code);
// The vocabulary whose taxonomy name is `taxonomy`, or nullptr.
const Vocabulary* find_vocabulary(std::string_view taxonomy);
// The vocabulary term whose derived id is `term_id`, with its vocabulary; nullptr if none.
const VocabTerm* find_vocabulary_term_by_id(std::string_view term_id, const Vocabulary** vocab);
const VocabTerm* find_code(const Vocabulary& v, std::string_view code);

// The language our generated phrases are written in for a requested language: nb, nn or en.
// Other languages fall back to nb, as text_in falls back to nb.
std::string phrase_language(const std::string& lang);
// Picks the nb/nn/en variant for phrase_language(lang).
const char* pick(const std::string& lang, const char* nb, const char* nn, const char* en);

// One RFC 5545 recurrence rule split into the parts HSDS names.
struct Recurrence {
  std::string freq;  // DAILY, WEEKLY, MONTHLY, YEARLY…
  int interval = 1;
  std::optional<int> count;
  std::optional<CivilDate> until;
  std::string byday, bymonthday, byweekno, byyearday, wkst;
  std::vector<std::string> other;  // parts HSDS has no field for, e.g. "BYMONTH=6"
};
// Parses "FREQ=WEEKLY;BYDAY=TU" (an "RRULE:" prefix is allowed). nullopt when malformed.
std::optional<Recurrence> parse_rrule(std::string_view rule);
// Canonical text: FREQ, INTERVAL (when not 1), COUNT, UNTIL (when `with_until`), BYDAY,
// BYMONTHDAY, BYWEEKNO, BYYEARDAY, WKST, then the other parts in their given order.
std::string format_rrule(const Recurrence& r, bool with_until);
// An English problem description, or "" when the parts are well-formed for the frequency
// (weekday codes, ordinals only with MONTHLY, day numbers in range, interval 1–99, count
// 1–1000, not both COUNT and UNTIL).
std::string check_recurrence(const Recurrence& r);
// True when HSDS can carry the rule in its fields: WEEKLY/MONTHLY without other parts, or a
// DAILY rule with interval 1, which is a WEEKLY rule on its BYDAY days (all seven if none).
bool hsds_expressible(const Recurrence& r);
// The schedule as HSDS carries it, and so as an import of its export stores it: the last date
// in ends_on (from UNTIL when ends_on is empty), no UNTIL in the rule, COUNT dropped when the
// last date is known (ends_on is the last occurrence by the model's definition), a DAILY rule
// HSDS can express turned WEEKLY, the rule in format_rrule's canonical order; a one-off date
// has no ends_on equal to its start. Unparseable rules are left as they are. Pure.
Schedule normalized(const Schedule& s);

// "HH:MM" with 00 ≤ HH ≤ 23 and 00 ≤ MM ≤ 59.
bool is_hhmm(std::string_view s);

// An http(s) URL as HSDS wants it (format uri): kept when it has an http(s) scheme, given
// "https://" when it is a bare host name like "www.example.no", "" when neither.
std::string web_url(std::string_view s);
// A plausible e-mail address: one '@' with text on both sides, a dot in the domain, no spaces.
bool plausible_email(std::string_view s);

// The invalid Error for a rejected import: a message listing the first 50 problems, the
// first problem's path as field.
Error import_error(const std::vector<ImportError>& errors, bool overflow);

}  // namespace kp::catalog::hsds::detail
