// Intake: how a family reaches the hub. A service employee registers a concern (undring/
// bekymring) about a child or a referral (henvisning) of a family; a family asks for contact
// through the public "I want help" form. The hub accepts (→ a family, or attached to one it
// already follows) or declines with a reason. Plain data, no SQL, no HTML.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace kp::families {

enum class ReferralKind {
  concern,   // undring/bekymring about a child; the family may not know yet
  referral,  // a service refers the family, with the family's consent
  self,      // the family asked through the public form
};
const char* to_string(ReferralKind k);
std::optional<ReferralKind> referral_kind_from(std::string_view s);

enum class ReferralStatus {
  new_,      // stored as "new": waiting for the hub
  accepted,
  declined,
};
const char* to_string(ReferralStatus s);
std::optional<ReferralStatus> referral_status_from(std::string_view s);

struct Referral {
  std::string id;
  std::string municipality_id;
  ReferralKind kind = ReferralKind::concern;
  ReferralStatus status = ReferralStatus::new_;
  std::string receipt;                       // short code given to the sender; no personal data
  std::optional<std::string> from_user_id;   // empty for the public form
  std::string from_user_name;                // filled by reads
  std::string from_service;                  // service code of the sender (policy::services())
  std::string contact_name;                  // guardian, or the person asking
  std::string child_name;
  std::string child_birth_date;              // 'YYYY-MM-DD', 'YYYY' when only the year is known, or ''
  std::string phone;
  std::string email;
  std::string language = "nb";
  bool interpreter = false;
  std::string children_ages;                 // public form only, one line as written (stored inside
                                             // the description: see intake_store.cpp)
  std::string description;
  bool consent_to_contact = false;           // the family knows and agrees to be contacted
  int bti_level = 0;                         // suggested level 0..3
  std::optional<std::string> family_id;      // the family it became or was attached to
  std::optional<std::string> decided_by;
  std::string decided_by_name;               // filled by reads
  std::optional<UnixSeconds> decided_at;
  std::string decision_reason;
  UnixSeconds created_at = 0;

  // The first word of the child's name ("" when none): what the inbox list shows.
  std::string child_first_name() const;
  // The child's birth year ("" when unknown).
  std::string child_birth_year() const;
};

}  // namespace kp::families
