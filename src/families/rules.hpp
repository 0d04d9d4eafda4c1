// Validation of what staff type about households and people. Pure: no SQL, no HTML. Errors
// are (field, English msgid) pairs the pages translate and link to the field.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "families/model.hpp"

namespace kp::families {

using FieldErrorList = std::vector<std::pair<std::string, std::string>>;

struct PersonInput {
  std::string role, given_name, family_name, birth_date, national_id, language, interpreter, phone, email, school;
};
struct PersonRules {
  bool allow_synthetic_ids = false;
  std::string today;  // ISO date; birth dates after it are refused
};
// Fills `p` from the input (trimmed) or adds errors naming each bad field. A national id is
// checked with both check digits; when given together with a birth date they must agree, and
// when the birth date is empty it is taken from the number.
void apply_person_input(const PersonInput& in, const PersonRules& rules, Person& p, FieldErrorList& errors);

struct FamilyInput {
  std::string name, address_protection, address, postal_code, city;
};
// Fills `f`'s own fields or adds errors. The address is stored even when protected (the hub may
// need it for post); it is the store's reads that never return it (see store.hpp).
void apply_family_input(const FamilyInput& in, Family& f, FieldErrorList& errors);

// A required free text of at most `max` characters, trimmed; adds an error when missing/long.
std::string required_text(std::string_view value, const char* field, const char* missing_msgid, size_t max,
                          FieldErrorList& errors);
// An optional free text of at most `max` characters, trimmed.
std::string optional_text(std::string_view value, const char* field, size_t max, FieldErrorList& errors);
// An optional ISO date ('' allowed); adds "Write the date as …" when it does not parse.
std::string optional_date(std::string_view value, const char* field, FieldErrorList& errors);

}  // namespace kp::families
