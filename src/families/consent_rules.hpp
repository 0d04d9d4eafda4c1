// Validation of a recorded consent or refusal (samtykke), who may give their own consent, what
// a signed scan may be, and what of the family the printed form may show. Pure: no SQL, no HTML.
// Errors are (field, English msgid) pairs the pages translate and link to the field.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "families/model.hpp"
#include "families/rules.hpp"
#include "pdf/consent_form.hpp"

namespace kp::families {

// A consent lasts at most this long. Consent must be renewed: the family's situation, the
// services involved and the family's own wishes change, and a consent nobody has looked at for
// years is no longer an informed choice. (It also bounds how long a forgotten consent opens the
// family to a team.)
inline constexpr int kMaxConsentYears = 3;

// What the consent form posts. `subject` is "family" or the id of a young person in it.
struct ConsentInput {
  std::string given_by, subject, purpose, valid_from, valid_to, form, refused, language;
  std::vector<std::string> services, info_kinds;
};

struct ConsentRules {
  std::string today;                    // ISO date, Europe/Oslo
  int youth_consent_age = 15;           // settings.youth_consent_age
  std::vector<std::string> languages;   // the languages the form exists in (settings.languages)
};

// Whole years of age on `today` (both ISO dates), or nullopt when the birth date is unknown or
// unreadable. Someone born on 29 February turns a year older on 1 March in common years.
std::optional<int> age_on(std::string_view birth_date, std::string_view today);

// May `p` give their own consent on `today`: a child of the family whose age is known and at
// least `youth_consent_age`.
bool can_give_own_consent(const Person& p, std::string_view today, int youth_consent_age);

// The language the form is offered in: the first guardian's preferred language when the form
// exists in it, otherwise the first of `languages` (or "nb").
std::string default_form_language(const Family& f, const std::vector<std::string>& languages);

// The last day a consent starting on `valid_from` may run (kMaxConsentYears later, 28 February
// for a 29 February start), or "" when `valid_from` is not a date.
std::string latest_valid_to(std::string_view valid_from);

// Fills `k` (subject, given_by, services, info_kinds, purpose, period, form, refused, language)
// from the input of family `f`, or adds errors naming each bad field: given_by and purpose are
// required; the subject is the whole family or a child of `f` old enough to give their own
// consent; at least one known service and one known kind of information; valid_from (default
// `rules.today`) and valid_to are dates, valid_to after valid_from and not before today, and at
// most kMaxConsentYears later; form is written or oral; the language is one of rules.languages
// (default: default_form_language). A refusal is validated the same way: it records what was
// refused. Does not touch k's ids, recorder or times.
void apply_consent_input(const ConsentInput& in, const ConsentRules& rules, const Family& f, Consent& k,
                         FieldErrorList& errors);

// The content type of an uploaded signed scan, from its first bytes (never from its name or the
// type the browser claims): "application/pdf", "image/jpeg" or "image/png"; nullopt otherwise.
std::optional<std::string> scan_content_type(std::string_view bytes);
// The file name extension (without dot) for one of scan_content_type's types.
std::string scan_extension(std::string_view content_type);
// A browser-sent file name made safe to store and show: the last path component, controls and
// invalid UTF-8 removed, at most 120 characters; "scan" when nothing is left.
std::string clean_filename(std::string_view name);

// The people as the printed consent form shows them: name, birth date, whether they sign as a
// guardian, and whether they are old enough on `today` to consent themselves. Nothing else of
// the family reaches the form (no address, no identity numbers).
std::vector<pdf::ConsentFormPerson> consent_form_people(const Family& f, std::string_view today,
                                                        int youth_consent_age);

}  // namespace kp::families
