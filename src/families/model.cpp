#include "families/model.hpp"

namespace kp::families {

const char* to_string(FamilyStatus s) { return s == FamilyStatus::closed ? "closed" : "open"; }

std::optional<FamilyStatus> family_status_from(std::string_view s) {
  if (s == "open") return FamilyStatus::open;
  if (s == "closed") return FamilyStatus::closed;
  return std::nullopt;
}

const char* to_string(AddressProtection p) {
  switch (p) {
    case AddressProtection::none: return "none";
    case AddressProtection::confidential: return "confidential";
    case AddressProtection::strict: return "strict";
  }
  return "strict";
}

std::optional<AddressProtection> address_protection_from(std::string_view s) {
  if (s == "none") return AddressProtection::none;
  if (s == "confidential") return AddressProtection::confidential;
  if (s == "strict") return AddressProtection::strict;
  return std::nullopt;
}

const char* to_string(PersonRole r) {
  switch (r) {
    case PersonRole::guardian: return "guardian";
    case PersonRole::child: return "child";
    case PersonRole::adult: return "adult";
  }
  return "adult";
}

std::optional<PersonRole> person_role_from(std::string_view s) {
  if (s == "guardian") return PersonRole::guardian;
  if (s == "child") return PersonRole::child;
  if (s == "adult") return PersonRole::adult;
  return std::nullopt;
}

const char* to_string(ConsentForm f) { return f == ConsentForm::oral ? "oral" : "written"; }

const std::vector<std::string>& info_kinds() {
  static const std::vector<std::string> all = {"basic",  "plan",   "health", "economy",
                                               "school", "welfare", "log"};
  return all;
}

}  // namespace kp::families
