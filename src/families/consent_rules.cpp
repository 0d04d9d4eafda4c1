#include "families/consent_rules.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "policy/policy.hpp"

namespace kp::families {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The chosen codes that are known, in the order of `known`, without repeats; `unknown` is set
// when something else was sent (a tampered form).
std::vector<std::string> known_codes(const std::vector<std::string>& chosen, const std::vector<std::string>& known,
                                     bool& unknown) {
  std::vector<std::string> out;
  unknown = false;
  for (const auto& c : chosen)
    if (!contains(known, c)) unknown = true;
  for (const auto& k : known)
    if (contains(chosen, k)) out.push_back(k);
  return out;
}

}  // namespace

std::optional<int> age_on(std::string_view birth_date, std::string_view today) {
  CivilDate b, t;
  if (birth_date.empty() || !parse_iso_date(birth_date, b) || !parse_iso_date(today, t) || t < b) return std::nullopt;
  int age = t.year - b.year;
  if (std::pair(t.month, t.day) < std::pair(b.month, b.day)) --age;
  return age;
}

bool can_give_own_consent(const Person& p, std::string_view today, int youth_consent_age) {
  if (p.role != PersonRole::child) return false;
  const auto age = age_on(p.birth_date, today);
  return age && *age >= youth_consent_age;
}

std::string default_form_language(const Family& f, const std::vector<std::string>& languages) {
  for (const auto& m : f.members)
    if (m.role == PersonRole::guardian) {
      if (contains(languages, m.language)) return m.language;
      break;
    }
  return languages.empty() ? std::string("nb") : languages.front();
}

std::string latest_valid_to(std::string_view valid_from) {
  CivilDate d;
  if (!parse_iso_date(valid_from, d)) return {};
  d.year += kMaxConsentYears;
  if (d.month == 2 && d.day == 29 && !is_leap(d.year)) d.day = 28;
  return format_iso_date(d);
}

void apply_consent_input(const ConsentInput& in, const ConsentRules& rules, const Family& f, Consent& k,
                         FieldErrorList& errors) {
  k.given_by = required_text(in.given_by, "given_by",
                             N_("Write who gave or refused the consent: the names of the parents or guardians, or "
                                "of the young person."),
                             300, errors);

  const std::string subject(text::trim(in.subject));
  k.subject_person_id.reset();
  if (!subject.empty() && subject != "family") {
    const auto m = std::find_if(f.members.begin(), f.members.end(), [&](const Person& p) { return p.id == subject; });
    if (m == f.members.end())
      errors.emplace_back("subject", N_("Choose the whole family or a young person from the list."));
    else if (!can_give_own_consent(*m, rules.today, rules.youth_consent_age))
      errors.emplace_back("subject", N_("This child is too young to give their own consent. The parents or guardians "
                                        "give consent for the whole family."));
    else
      k.subject_person_id = m->id;
  }

  bool unknown = false;
  k.services = known_codes(in.services, policy::services(), unknown);
  if (unknown) errors.emplace_back("services", N_("Choose services from the list."));
  else if (k.services.empty()) errors.emplace_back("services", N_("Choose at least one service."));
  k.info_kinds = known_codes(in.info_kinds, info_kinds(), unknown);
  if (unknown) errors.emplace_back("info_kinds", N_("Choose kinds of information from the list."));
  else if (k.info_kinds.empty()) errors.emplace_back("info_kinds", N_("Choose at least one kind of information."));

  k.purpose = required_text(in.purpose, "purpose", N_("Write what the information may be used for."), 1000, errors);

  k.valid_from = text::trim(in.valid_from).empty() ? rules.today : optional_date(in.valid_from, "valid_from", errors);
  const std::string_view to = text::trim(in.valid_to);
  if (to.empty()) {
    k.valid_to.clear();
    errors.emplace_back("valid_to", N_("Write the last day the consent is valid."));
  } else {
    k.valid_to = optional_date(to, "valid_to", errors);
    if (!k.valid_to.empty() && !k.valid_from.empty()) {
      if (k.valid_to <= k.valid_from)
        errors.emplace_back("valid_to", N_("The last day must come after the first day."));
      else if (k.valid_to < rules.today)
        errors.emplace_back("valid_to", N_("The last day has already passed."));
      else if (k.valid_to > latest_valid_to(k.valid_from))
        errors.emplace_back("valid_to", N_("A consent can last at most three years. Then the family is asked again."));
    }
  }

  const std::string_view form = text::trim(in.form);
  if (form == "written") k.form = ConsentForm::written;
  else if (form == "oral") k.form = ConsentForm::oral;
  else errors.emplace_back("form", N_("Choose whether the consent was given in writing or orally."));

  k.refused = in.refused == "1" || in.refused == "on";

  const std::string lang(text::trim(in.language));
  if (lang.empty()) k.language = default_form_language(f, rules.languages);
  else if (contains(rules.languages, lang)) k.language = lang;
  else errors.emplace_back("language", N_("Choose a language from the list."));
}

std::optional<std::string> scan_content_type(std::string_view bytes) {
  if (bytes.starts_with("%PDF-")) return "application/pdf";
  if (bytes.starts_with("\xFF\xD8\xFF")) return "image/jpeg";
  if (bytes.starts_with(std::string_view("\x89PNG\r\n\x1A\n", 8))) return "image/png";
  return std::nullopt;
}

std::string scan_extension(std::string_view content_type) {
  if (content_type == "image/jpeg") return "jpg";
  if (content_type == "image/png") return "png";
  return "pdf";
}

std::string clean_filename(std::string_view name) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  name = text::trim(name);
  if (!text::is_clean_utf8(name)) return "scan";
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < name.size() && chars < 120;) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (!(c < 0x20 || c == 0x7F || c == '"')) out.append(name.substr(i, len));
    i += len;
    ++chars;
  }
  return out.empty() ? std::string("scan") : out;
}

std::vector<pdf::ConsentFormPerson> consent_form_people(const Family& f, std::string_view today,
                                                        int youth_consent_age) {
  std::vector<pdf::ConsentFormPerson> out;
  for (const auto& m : f.members)
    out.push_back({m.full_name(), m.birth_date, m.role == PersonRole::guardian,
                   can_give_own_consent(m, today, youth_consent_age)});
  return out;
}

}  // namespace kp::families
