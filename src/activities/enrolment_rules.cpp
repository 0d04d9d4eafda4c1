#include "activities/enrolment_rules.hpp"

#include <algorithm>
#include <charconv>

#include "core/phone.hpp"
#include "core/text.hpp"
#include "messaging/outbox.hpp"

namespace kp::activities {
namespace {

std::string checked_text(std::string_view value, const std::string& field, size_t max, bool required,
                         FieldErrorList& errors) {
  const std::string v(text::trim(value));
  if (!text::is_clean_utf8(v)) {
    errors.emplace_back(field, N_("The text has characters we cannot store. Please write it again."));
    return {};
  }
  if (required && v.empty()) {
    errors.emplace_back(field, N_("Write a name."));
    return {};
  }
  if (text::length_utf8(v) > max) errors.emplace_back(field, N_("The text is too long."));
  return v;
}

std::string checked_phone(std::string_view value, FieldErrorList& errors) {
  std::string phone = checked_text(value, "phone", 40, false, errors);
  if (phone.empty()) return phone;
  // The outbox's own check, so every sign-up it accepts can also get its text message.
  if (!kp::phone::normalise(phone))
    errors.emplace_back("phone", N_("Write a phone number with digits, for example 912 34 567."));
  return phone;
}

std::string checked_email(std::string_view value, FieldErrorList& errors) {
  std::string email = checked_text(value, "email", 254, false, errors);
  if (email.empty()) return email;
  // The outbox's own check, so every sign-up it accepts can also get its receipt.
  if (!messaging::is_valid_email(email))
    errors.emplace_back("email", N_("Write an e-mail address like name@example.no."));
  return email;
}

}  // namespace

std::string phone_digits(std::string_view phone) {
  std::string out;
  for (char ch : phone)
    if ((ch >= '0' && ch <= '9') || (ch == '+' && out.empty())) out += ch;
  return out;
}

SignupInput check_signup(const SignupForm& form, const Activity& a, const std::vector<std::string>& languages,
                         std::string_view page_lang, int current_year, FieldErrorList& errors) {
  SignupInput in;
  in.municipality_id = a.municipality_id;
  in.activity_id = a.id;
  in.guardian_name = checked_text(form.guardian_name, "guardian_name", 200, true, errors);
  in.phone = checked_phone(form.phone, errors);
  in.email = checked_email(form.email, errors);
  if (text::trim(form.phone).empty() && text::trim(form.email).empty())
    errors.emplace_back("phone", N_("Write a phone number or an e-mail address, so that we can reach you."));
  const bool known = std::find(languages.begin(), languages.end(), form.language) != languages.end();
  in.language = known ? form.language : std::string(page_lang);

  int start_year = current_year;
  if (a.starts_on.size() >= 4) std::from_chars(a.starts_on.data(), a.starts_on.data() + 4, start_year);
  for (size_t i = 0; i < form.children.size() && i < static_cast<size_t>(kMaxChildren); ++i) {
    const auto& ch = form.children[i];
    if (text::trim(ch.name).empty() && text::trim(ch.birth_year).empty() && text::trim(ch.needs).empty()) continue;
    const std::string prefix = "child" + std::to_string(i + 1) + "_";
    ChildInput c;
    c.name = checked_text(ch.name, prefix + "name", 200, true, errors);
    const std::string_view year = text::trim(ch.birth_year);
    int y = 0;
    const auto [end, ec] = std::from_chars(year.data(), year.data() + year.size(), y);
    if (year.empty() || ec != std::errc() || end != year.data() + year.size() || y < current_year - 25 ||
        y > current_year) {
      errors.emplace_back(prefix + "birth_year", N_("Write the year the child was born, for example 2015."));
    } else {
      const int age = start_year - y;
      if ((a.age_min && age < *a.age_min) || (a.age_max && age > *a.age_max))
        errors.emplace_back(prefix + "birth_year", N_("The child is not in the age group of this activity."));
    }
    c.birth_year = y;
    c.needs = checked_text(ch.needs, prefix + "needs", 500, false, errors);
    in.children.push_back(std::move(c));
  }
  if (in.children.empty()) errors.emplace_back("child1_name", N_("Write the name of at least one child."));
  return in;
}

}  // namespace kp::activities
