// The catalog's plain data (tilbudsoversikt), shaped like Open Referral HSDS 3.0:
// Organization ↔ HSDS organization, Offer ↔ HSDS service, Location, Schedule, Category ↔
// HSDS taxonomy term. No SQL and no HTTP here.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace kp::catalog {

// Where an offer is in its life. Only `published` offers are public.
enum class OfferState { draft, published, unpublished, archived };
const char* to_string(OfferState s);
std::optional<OfferState> offer_state_from_string(std::string_view s);

enum class OrgType { municipal, nav, voluntary, business, other };
const char* to_string(OrgType t);
std::optional<OrgType> org_type_from_string(std::string_view s);

// The translatable text fields of an offer, in form order.
inline constexpr const char* kOfferTextFields[] = {
    "name", "summary", "description", "application_process", "eligibility", "fees_description"};
// The source language: translations are made from it and go stale when it changes.
inline constexpr const char* kSourceLanguage = "nb";

// One language's version of one text field.
struct Translation {
  std::string value;
  std::string source_hash;   // hash of the nb text it was made from
  bool machine = false;      // machine-made, needs review
  UnixSeconds updated_at = 0;
};
// field → language → translation.
using Texts = std::map<std::string, std::map<std::string, Translation>>;

// The value of `field` in `lang`, falling back along lang → nb → en → any.
const std::string& text_in(const Texts& texts, const std::string& field, const std::string& lang);
// Like text_in, and also tells which language the returned text is in (for lang="…").
const std::string& text_in(const Texts& texts, const std::string& field, const std::string& lang,
                           std::string& used_lang);
// True when the translation exists but was made from an older nb text.
bool is_outdated(const Texts& texts, const std::string& field, const std::string& lang);
// Hash used as Translation::source_hash for an nb text.
std::string source_hash_of(const std::string& nb_value);

struct Municipality {
  std::string id;  // kommunenummer
  std::string name;
  // The hub's "one door in" (én dør inn) contact, shown on the front page.
  std::string hub_name, hub_phone, hub_email, hub_address, hub_hours;
};

struct District {
  std::string id, municipality_id, name;
};

struct Organization {
  std::string id, municipality_id, name;
  OrgType type = OrgType::other;
  std::string email, phone, website;
  Texts texts;  // "description"
  UnixSeconds created_at = 0, updated_at = 0;
};

struct Category {
  std::string id, municipality_id, code;
  std::optional<std::string> parent_id;
  int position = 0;
  Texts texts;  // "name"
  UnixSeconds updated_at = 0;
};

struct Location {
  std::string id, municipality_id;
  std::optional<std::string> organization_id, district_id;
  std::string name, address, postal_code, city;
  std::optional<double> latitude, longitude;
  bool wheelchair_access = false;
  Texts texts;  // "accessibility", "transportation"
  UnixSeconds updated_at = 0;
};

// When an offer happens: one date (rrule empty) or a recurrence (RFC 5545 RRULE) from
// starts_on, optionally until ends_on, each time from opens_at to closes_at (local time).
struct Schedule {
  std::string id;
  CivilDate starts_on;
  std::optional<CivilDate> ends_on;
  std::string rrule;
  std::string opens_at, closes_at;  // "HH:MM" or ""
};

struct Offer {
  std::string id, municipality_id, organization_id;
  std::optional<std::string> location_id;
  OfferState state = OfferState::draft;
  std::optional<int> min_age, max_age;
  bool free = true;
  std::optional<std::int64_t> fee_ore;
  std::optional<int> capacity;
  std::vector<std::string> target_groups;  // codes: children, youth, parents, families, …
  std::vector<std::string> languages;      // languages the staff speak
  bool interpretation = false;
  std::string contact_name, email, phone, url;
  std::optional<std::string> owner_user_id;
  UnixSeconds last_confirmed_at = 0, created_at = 0, updated_at = 0;
  std::int64_t version = 1;
  std::vector<std::string> category_ids;
  std::vector<Schedule> schedules;
  Texts texts;
};

// Known target-group codes (eligibility), in display order.
inline constexpr const char* kTargetGroups[] = {"children", "youth", "parents", "families",
                                                "low_income", "newcomers"};

}  // namespace kp::catalog
