// Intake validation, the receipt code, and the model's small helpers (intake.hpp).
#include "families/intake_rules.hpp"

#include <tuple>
#include <vector>

#include "core/result.hpp"
#include "core/text.hpp"
#include "i18n/i18n.hpp"

namespace kp::families {

// ---- model (intake.hpp) -----------------------------------------------------------------------

const char* to_string(ReferralKind k) {
  switch (k) {
    case ReferralKind::concern: return "concern";
    case ReferralKind::referral: return "referral";
    case ReferralKind::self: return "self";
  }
  return "concern";
}

std::optional<ReferralKind> referral_kind_from(std::string_view s) {
  if (s == "concern") return ReferralKind::concern;
  if (s == "referral") return ReferralKind::referral;
  if (s == "self") return ReferralKind::self;
  return std::nullopt;
}

const char* to_string(ReferralStatus s) {
  switch (s) {
    case ReferralStatus::new_: return "new";
    case ReferralStatus::accepted: return "accepted";
    case ReferralStatus::declined: return "declined";
  }
  return "new";
}

std::optional<ReferralStatus> referral_status_from(std::string_view s) {
  if (s == "new") return ReferralStatus::new_;
  if (s == "accepted") return ReferralStatus::accepted;
  if (s == "declined") return ReferralStatus::declined;
  return std::nullopt;
}

std::string Referral::child_first_name() const {
  const std::string_view t = text::trim(child_name);
  const size_t sp = t.find(' ');
  return std::string(sp == std::string_view::npos ? t : t.substr(0, sp));
}

std::string Referral::child_birth_year() const {
  return child_birth_date.size() >= 4 ? child_birth_date.substr(0, 4) : std::string();
}

// ---- validation -------------------------------------------------------------------------------

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string checked_phone(std::string_view value, FieldErrorList& errors) {
  std::string phone = optional_text(value, "phone", 40, errors);
  if (phone.empty()) return phone;
  int digits = 0;
  for (char ch : phone) digits += ch >= '0' && ch <= '9';
  if (phone.find_first_not_of("+0123456789 -()") != std::string::npos || digits < 5)
    errors.emplace_back("phone", N_("Write a phone number with digits, for example 912 34 567."));
  return phone;
}

std::string checked_email(std::string_view value, FieldErrorList& errors) {
  std::string email = optional_text(value, "email", 254, errors);
  if (email.empty()) return email;
  const size_t at = email.find('@');
  const bool ok = at != std::string::npos && at > 0 && email.find('@', at + 1) == std::string::npos &&
                  email.find_first_of(" \t,;<>") == std::string::npos &&
                  email.find('.', at + 2) != std::string::npos && email.back() != '.';
  if (!ok) errors.emplace_back("email", N_("Write an e-mail address like name@example.no."));
  return email;
}

std::string checked_language(std::string_view value, std::string_view fallback, FieldErrorList* errors) {
  const std::string lang(text::trim(value));
  if (!lang.empty() && i18n::find_language(lang)) return lang;
  if (!lang.empty() && errors) errors->emplace_back("language", N_("Choose a language from the list."));
  return std::string(fallback);
}

bool ticked(std::string_view v) { return v == "1" || v == "on" || v == "yes"; }

// A birth date (YYYY-MM-DD) or only a year (YYYY), not in the future.
std::string checked_birth(std::string_view value, std::string_view today, FieldErrorList& errors) {
  const std::string_view t = text::trim(value);
  if (t.empty()) return {};
  if (t.size() == 4 && all_digits(t)) {
    if (t < "1900" || (today.size() >= 4 && t > today.substr(0, 4))) {
      errors.emplace_back("child_birth", N_("The birth year is not possible."));
      return {};
    }
    return std::string(t);
  }
  CivilDate d;
  if (!parse_iso_date(t, d)) {
    errors.emplace_back("child_birth", N_("Write the birth date as year-month-day (2019-03-31), or only the year (2019)."));
    return {};
  }
  const std::string iso = format_iso_date(d);
  if (!today.empty() && iso > today) {
    errors.emplace_back("child_birth", N_("The birth date cannot be in the future."));
    return {};
  }
  return iso;
}

std::string one_line(std::string s) {
  for (char& ch : s)
    if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
  return s;
}

}  // namespace

void apply_referral_input(const ReferralInput& in, std::string_view today, Referral& r, FieldErrorList& errors) {
  const auto kind = referral_kind_from(text::trim(in.kind));
  if (!kind || *kind == ReferralKind::self) {
    errors.emplace_back("kind", N_("Choose whether this is a concern or a referral."));
    r.kind = ReferralKind::concern;
  } else {
    r.kind = *kind;
  }
  r.child_name = r.kind == ReferralKind::concern
                     ? required_text(in.child_name, "child_name", N_("Write the child's name."), 200, errors)
                     : optional_text(in.child_name, "child_name", 200, errors);
  r.child_birth_date = checked_birth(in.child_birth, today, errors);
  r.contact_name = r.kind == ReferralKind::referral
                       ? required_text(in.contact_name, "contact_name",
                                       N_("Write the name of the parent or guardian."), 200, errors)
                       : optional_text(in.contact_name, "contact_name", 200, errors);
  r.phone = checked_phone(in.phone, errors);
  r.email = checked_email(in.email, errors);
  r.language = checked_language(in.language, "nb", &errors);
  r.interpreter = ticked(in.interpreter);
  r.description = required_text(in.description, "description", N_("Write what the concern or referral is about."),
                                4000, errors);
  r.consent_to_contact = ticked(in.consent_to_contact);
  if (r.kind == ReferralKind::referral && !r.consent_to_contact)
    errors.emplace_back("consent_to_contact",
                        N_("A referral needs the family's consent to be contacted. Without it, register a concern "
                           "instead."));
  const std::string_view level = text::trim(in.bti_level);
  if (level.empty()) r.bti_level = 0;
  else if (level.size() == 1 && level[0] >= '0' && level[0] <= '3') r.bti_level = level[0] - '0';
  else errors.emplace_back("bti_level", N_("Choose a level from 0 to 3."));
}

void apply_help_input(const HelpInput& in, std::string_view page_lang, Referral& r, FieldErrorList& errors) {
  r.kind = ReferralKind::self;
  r.contact_name = required_text(in.name, "name", N_("Write your name."), 200, errors);
  r.phone = checked_phone(in.phone, errors);
  r.email = checked_email(in.email, errors);
  if (text::trim(in.phone).empty() && text::trim(in.email).empty())
    errors.emplace_back("phone", N_("Write a phone number or an e-mail address, so that we can reach you."));
  r.language = checked_language(in.language, page_lang, nullptr);
  r.interpreter = ticked(in.interpreter);
  r.children_ages = one_line(optional_text(in.children_ages, "children_ages", 200, errors));
  r.description = optional_text(in.description, "description", 2000, errors);
  r.consent_to_contact = ticked(in.consent);
  if (!r.consent_to_contact)
    errors.emplace_back("consent", N_("Tick the box to let us contact you. Without it we cannot help."));
  r.bti_level = 0;
}

// ---- receipt code -----------------------------------------------------------------------------

namespace {
constexpr std::string_view kReceiptAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31 characters
constexpr size_t kReceiptLength = 8;
}  // namespace

std::string make_receipt_code(const std::function<std::string(size_t)>& random_bytes) {
  const unsigned limit = 256 - 256 % kReceiptAlphabet.size();  // bytes at or above are redrawn
  std::string code;
  while (code.size() < kReceiptLength) {
    for (unsigned char b : random_bytes(kReceiptLength)) {
      if (b >= limit) continue;
      code += kReceiptAlphabet[b % kReceiptAlphabet.size()];
      if (code.size() == kReceiptLength) break;
    }
  }
  return code;
}

bool is_receipt_code(std::string_view s) {
  if (s.size() != kReceiptLength) return false;
  for (char ch : s)
    if (kReceiptAlphabet.find(ch) == std::string_view::npos) return false;
  return true;
}

// ---- acceptance -------------------------------------------------------------------------------

std::pair<std::string, std::string> split_name(std::string_view full, std::string_view fallback_family) {
  const std::string_view t = text::trim(full);
  const size_t sp = t.rfind(' ');
  if (sp == std::string_view::npos) return {std::string(t), std::string(fallback_family)};
  return {std::string(text::trim(t.substr(0, sp))), std::string(t.substr(sp + 1))};
}

std::string suggested_family_name(const Referral& r) {
  if (text::trim(r.contact_name).empty()) {
    if (text::trim(r.child_name).find(' ') == std::string_view::npos) return {};
    return "Familien " + split_name(r.child_name, "").second;
  }
  const auto [given, family] = split_name(r.contact_name, "");
  return "Familien " + (family.empty() ? given : family);
}

AcceptChoice apply_accept_input(const AcceptInput& in, FieldErrorList& errors) {
  AcceptChoice out;
  out.family_name = required_text(in.family_name, "family_name",
                                  N_("Write what the family is called, for example Familien Berg."), 200, errors);
  out.coordinator_id = std::string(text::trim(in.coordinator_id));
  if (out.coordinator_id.empty()) errors.emplace_back("coordinator_id", N_("Choose a coordinator"));
  const std::string_view level = text::trim(in.bti_level);
  if (level.size() == 1 && level[0] >= '0' && level[0] <= '3') out.bti_level = level[0] - '0';
  else errors.emplace_back("bti_level", N_("Choose a level from 0 to 3."));
  return out;
}

std::vector<Person> household_from(const Referral& r) {
  std::vector<Person> out;
  std::string family_of_contact;
  if (!text::trim(r.contact_name).empty()) {
    Person g;
    g.role = PersonRole::guardian;
    std::tie(g.given_name, g.family_name) = split_name(r.contact_name, "");
    family_of_contact = g.family_name;
    g.language = r.language;
    g.interpreter = r.interpreter;
    g.phone = r.phone;
    g.email = r.email;
    out.push_back(std::move(g));
  }
  if (!text::trim(r.child_name).empty()) {
    Person c;
    c.role = PersonRole::child;
    std::tie(c.given_name, c.family_name) = split_name(r.child_name, family_of_contact);
    if (r.child_birth_date.size() == 10) c.birth_date = r.child_birth_date;
    c.language = r.language;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace kp::families
