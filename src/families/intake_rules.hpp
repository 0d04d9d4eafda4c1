// Validation of what staff and the public type into the intake forms, and the receipt code.
// Pure: no SQL, no HTML. Errors are (field, English msgid) pairs the pages translate.
#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "families/intake.hpp"
#include "families/model.hpp"
#include "families/rules.hpp"

namespace kp::families {

// What a service employee types when registering a concern or a referral (raw form values).
struct ReferralInput {
  std::string kind, child_name, child_birth, contact_name, phone, email, language, interpreter, description,
      consent_to_contact, bti_level;
};
// Fills the contents of `r` (kind, names, contact, description, consent, suggested level) or
// adds errors naming each bad field. The child's birth may be a date or only a year, not in
// the future (`today` is ISO). A concern needs the child's name; a referral needs the contact
// person and the family's consent to contact (without consent, it has to be a concern).
void apply_referral_input(const ReferralInput& in, std::string_view today, Referral& r, FieldErrorList& errors);

// What someone types into the public "I want help" form.
struct HelpInput {
  std::string name, phone, email, language, interpreter, children_ages, description, consent;
};
// Fills `r` as a self referral (kind self, consent to contact given) or adds errors: a name,
// a phone number or an e-mail address (at least one, each well-formed), the consent box
// ticked; the text at most 2000 characters. An unknown language falls back to `page_lang`.
void apply_help_input(const HelpInput& in, std::string_view page_lang, Referral& r, FieldErrorList& errors);

// A receipt code: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), drawn
// from `random_bytes(n)` by rejection sampling so every character is equally likely.
std::string make_receipt_code(const std::function<std::string(size_t)>& random_bytes);
// True for something make_receipt_code could have made.
bool is_receipt_code(std::string_view s);

// Splits a full name into (given names, family name): the family name is the last word.
// A single word becomes the given name, with `fallback_family` as family name.
std::pair<std::string, std::string> split_name(std::string_view full, std::string_view fallback_family);

// The family name a new family gets from a referral's contact person: "Familien <family name>",
// or "" when there is no contact name.
std::string suggested_family_name(const Referral& r);

// The acceptance of a referral as a new family: its name, the coordinator chosen and the BTI
// level chosen. Validated here; whether the coordinator is one is the page's check.
struct AcceptInput {
  std::string family_name, coordinator_id, bti_level;
};
struct AcceptChoice {
  std::string family_name;
  std::string coordinator_id;
  int bti_level = 0;
};
AcceptChoice apply_accept_input(const AcceptInput& in, FieldErrorList& errors);

// Builds the household of an accepted referral: a guardian from the contact person (when
// named) and a child from the child's name and birth date (when named; a birth year alone is
// left out of the person's date). Ids are left empty for the caller to set.
std::vector<Person> household_from(const Referral& r);

}  // namespace kp::families
