#include "families/rules.hpp"

#include "core/national_id.hpp"
#include "core/text.hpp"
#include "i18n/i18n.hpp"

namespace kp::families {
namespace {

bool clean(std::string_view s) {
  if (!text::is_clean_utf8(s)) return false;
  for (unsigned char ch : s)
    if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') return false;
  return true;
}

}  // namespace

std::string required_text(std::string_view value, const char* field, const char* missing_msgid, size_t max,
                          FieldErrorList& errors) {
  const std::string_view t = text::trim(value);
  if (t.empty()) {
    errors.emplace_back(field, missing_msgid);
    return {};
  }
  if (!clean(t)) {
    errors.emplace_back(field, N_("The text contains characters that cannot be used."));
    return {};
  }
  if (text::length_utf8(t) > max) errors.emplace_back(field, N_("The text is too long."));
  return std::string(t);
}

std::string optional_text(std::string_view value, const char* field, size_t max, FieldErrorList& errors) {
  const std::string_view t = text::trim(value);
  if (t.empty()) return {};
  if (!clean(t)) {
    errors.emplace_back(field, N_("The text contains characters that cannot be used."));
    return {};
  }
  if (text::length_utf8(t) > max) errors.emplace_back(field, N_("The text is too long."));
  return std::string(t);
}

std::string optional_date(std::string_view value, const char* field, FieldErrorList& errors) {
  const std::string_view t = text::trim(value);
  if (t.empty()) return {};
  CivilDate d;
  if (!parse_iso_date(t, d)) {
    errors.emplace_back(field, N_("Write the date as year-month-day, for example 2026-03-31."));
    return {};
  }
  return format_iso_date(d);
}

void apply_person_input(const PersonInput& in, const PersonRules& rules, Person& p, FieldErrorList& errors) {
  if (auto r = person_role_from(in.role)) p.role = *r;
  else errors.emplace_back("role", N_("Choose the person's place in the family."));
  p.given_name = required_text(in.given_name, "given_name", N_("Write the given name."), 100, errors);
  p.family_name = required_text(in.family_name, "family_name", N_("Write the family name."), 100, errors);
  p.birth_date = optional_date(in.birth_date, "birth_date", errors);
  if (!p.birth_date.empty() && !rules.today.empty() && p.birth_date > rules.today)
    errors.emplace_back("birth_date", N_("The birth date cannot be in the future."));
  const std::string_view id = text::trim(in.national_id);
  p.national_id.reset();
  if (!id.empty()) {
    auto parsed = parse_national_id(id, rules.allow_synthetic_ids);
    if (!parsed) {
      errors.emplace_back("national_id", parsed.error().message);
    } else {
      p.national_id = parsed->digits;
      // A D-number's date is not always the birth date (see national_id.hpp): only birth
      // numbers must agree with a typed birth date.
      const std::string encoded = format_iso_date(parsed->birth_date);
      if (p.birth_date.empty()) p.birth_date = encoded;
      else if (parsed->kind == NationalIdKind::birth_number && p.birth_date != encoded)
        errors.emplace_back("national_id", N_("The national identity number does not match the birth date."));
    }
  }
  const std::string lang(text::trim(in.language));
  if (lang.empty()) p.language = "nb";
  else if (i18n::find_language(lang)) p.language = lang;
  else errors.emplace_back("language", N_("Choose a language from the list."));
  p.interpreter = in.interpreter == "1" || in.interpreter == "on";
  p.phone = optional_text(in.phone, "phone", 40, errors);
  if (!p.phone.empty() && p.phone.find_first_not_of("+0123456789 -()") != std::string::npos)
    errors.emplace_back("phone", N_("A phone number can only have digits, spaces and +."));
  p.email = optional_text(in.email, "email", 254, errors);
  if (!p.email.empty() && (p.email.find('@') == std::string::npos || p.email.find(' ') != std::string::npos))
    errors.emplace_back("email", N_("Write an e-mail address like name@example.no."));
  p.school = optional_text(in.school, "school", 200, errors);
}

void apply_family_input(const FamilyInput& in, Family& f, FieldErrorList& errors) {
  f.name = required_text(in.name, "name", N_("Write what the family is called, for example Familien Berg."), 200,
                         errors);
  if (auto p = address_protection_from(in.address_protection.empty() ? "none" : in.address_protection))
    f.address_protection = *p;
  else errors.emplace_back("address_protection", N_("Choose whether the address is protected."));
  f.address = optional_text(in.address, "address", 200, errors);
  f.postal_code = optional_text(in.postal_code, "postal_code", 4, errors);
  if (!f.postal_code.empty() &&
      (f.postal_code.size() != 4 || f.postal_code.find_first_not_of("0123456789") != std::string::npos))
    errors.emplace_back("postal_code", N_("A postal code has four digits."));
  f.city = optional_text(in.city, "city", 100, errors);
}

}  // namespace kp::families
