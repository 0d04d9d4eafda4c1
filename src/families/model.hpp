// Family follow-up (familieoppfølging): the household, its people, team and consents. Plain
// data, no SQL, no HTML. Features built on top (plan, meetings, log, progress, intake) keep
// their own model headers next to this one.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "policy/policy.hpp"

namespace kp::families {

enum class FamilyStatus { open, closed };
const char* to_string(FamilyStatus s);
std::optional<FamilyStatus> family_status_from(std::string_view s);

// Strengt fortrolig / fortrolig adresse. While not `none`, the address is never shown,
// exported, logged or sent anywhere — readers get it blanked by the store (see store.hpp).
enum class AddressProtection { none, confidential, strict };
const char* to_string(AddressProtection p);
std::optional<AddressProtection> address_protection_from(std::string_view s);

enum class PersonRole { guardian, child, adult };
const char* to_string(PersonRole r);
std::optional<PersonRole> person_role_from(std::string_view s);

struct Person {
  std::string id;
  std::string family_id;
  PersonRole role = PersonRole::child;
  std::string given_name;
  std::string family_name;
  std::string birth_date;                 // 'YYYY-MM-DD' or ''
  std::optional<std::string> national_id; // 11 digits, validated on the way in
  std::string language = "nb";
  bool interpreter = false;
  std::string phone;
  std::string email;
  std::string school;                     // school or kindergarten
  std::optional<std::string> merged_into; // this record was a duplicate of that person
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;

  std::string full_name() const { return given_name + " " + family_name; }
};

struct Family {
  std::string id;
  std::string municipality_id;
  std::string reference;            // 'F-2026-0042'
  std::string name;                 // 'Familien Berg'
  FamilyStatus status = FamilyStatus::open;
  std::string coordinator_id;       // '' when none yet
  std::string coordinator_name;     // filled by reads
  int bti_level = 0;                // 0..3
  AddressProtection address_protection = AddressProtection::none;
  // Blank whenever address_protection != none, however the family was read.
  std::string address, postal_code, city;
  std::optional<std::string> district_id;
  UnixSeconds opened_at = 0;
  std::optional<UnixSeconds> closed_at;
  std::string close_reason;
  std::string close_evaluation;
  std::optional<UnixSeconds> last_contact_at;
  std::optional<UnixSeconds> anonymised_at;
  std::int64_t version = 1;
  std::int64_t plan_version = 1;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;

  std::vector<Person> members;      // filled by get_family (merged duplicates left out)

  bool closed() const { return status == FamilyStatus::closed; }
  bool address_hidden() const { return address_protection != AddressProtection::none; }
};

struct TeamMember {
  std::string user_id;
  std::string display_name;
  std::string service;              // the user's service code (policy::services())
  UnixSeconds added_at = 0;
};

enum class ConsentForm { written, oral };
const char* to_string(ConsentForm f);

// Samtykke, or a recorded refusal. Scope: services × kinds of information × purpose × period.
struct Consent {
  std::string id;
  std::string family_id;
  std::optional<std::string> subject_person_id;  // a young person's own consent; else the family's
  std::string given_by;
  std::vector<std::string> services;
  std::vector<std::string> info_kinds;
  std::string purpose;
  std::string valid_from;           // 'YYYY-MM-DD'
  std::string valid_to;             // 'YYYY-MM-DD', inclusive
  ConsentForm form = ConsentForm::written;
  bool refused = false;
  std::string language = "nb";
  std::string recorded_by;          // user id
  std::string recorded_by_name;     // filled by reads
  UnixSeconds recorded_at = 0;
  std::optional<UnixSeconds> withdrawn_at;
  std::string withdrawn_by;
  std::string withdrawn_note;

  // Valid on `today` (ISO date): given, not withdrawn, within its period.
  bool valid_on(std::string_view today) const {
    return !refused && !withdrawn_at && valid_from <= today && today <= valid_to;
  }
};

// The kinds of information a consent can cover, in display order (codes stored).
const std::vector<std::string>& info_kinds();

// The family-list row: what a list or caseload shows without opening the family.
struct FamilySummary {
  std::string id;
  std::string reference;
  std::string name;
  FamilyStatus status = FamilyStatus::open;
  std::string coordinator_id;
  std::string coordinator_name;
  int bti_level = 0;
  int children = 0;
  UnixSeconds opened_at = 0;
  std::optional<UnixSeconds> last_contact_at;
};

// Facts for policy::family_grounds, plus the emergency grant for one actor.
using policy::FamilyFacts;

}  // namespace kp::families
