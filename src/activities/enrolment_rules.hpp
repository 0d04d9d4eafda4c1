// Validation of the public sign-up form. Pure: no SQL, no HTML. Errors are (field, English
// msgid) pairs the page translates.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "activities/model.hpp"
#include "core/result.hpp"

namespace kp::activities {

using FieldErrorList = std::vector<std::pair<std::string, std::string>>;

inline constexpr int kMaxChildren = 6;

// What the guardian typed, as raw form values. children[i] is child number i+1 (fields
// child1_name, child1_birth_year, child1_needs …); rows left wholly empty are ignored.
struct SignupForm {
  std::string guardian_name, phone, email, language;
  struct Child {
    std::string name, birth_year, needs;
  };
  std::vector<Child> children;
};

// Checks the form for `a` and fills a SignupInput, or adds errors naming each bad field: a
// name, a phone number or an e-mail address (at least one, each well-formed), 1–6 children
// each with a name and a birth year within the activity's age range (age = the activity's
// start year − birth year), needs at most 500 characters. An unknown language falls back to
// `page_lang`. `current_year` bounds the birth year.
SignupInput check_signup(const SignupForm& form, const Activity& a, const std::vector<std::string>& languages,
                         std::string_view page_lang, int current_year, FieldErrorList& errors);

// A phone number with only digits and a leading '+' ("912 34 567" → "91234567"), "" when
// it has none. Used to compare guardians across sign-ups.
std::string phone_digits(std::string_view phone);

}  // namespace kp::activities
