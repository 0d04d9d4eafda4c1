// The fictional families of the demo municipality Fjordvik kommune, as in Kristiansand's model:
// 100 low-income families followed by 10 coordinators. Everything is invented: names are
// common first and family names put together at random, addresses are fictional, identity
// numbers are Skatteetaten-style synthetic numbers (month + 80) only, and phone numbers use the
// demo catalog's fictional 400 series.
//
// Each family is generated from its number alone (plus the seed's date), so ids are stable:
// uuid_from_name(catalog::kDemoIdNamespace, "9999/family/<n>/…"). Dates are spread backwards
// and forwards from the day the seed runs, so consents expire "soon" and measures are overdue
// whenever the demo is seeded.
//
// The special cases the pages and tests rely on (numbers are family numbers, see kDemo…):
//  - kDemoProtectedFamily: a strictly protected address ("Skjermveien 13"), coordinator
//    "koordinator", the public health nurse on the team with a valid consent;
//  - kDemoNurseConsentFamily: "helsesykepleier" on the team with a valid health consent;
//  - kDemoWithdrawnFamily: "helsesykepleier" on the team, the family's consent WITHDRAWN;
//  - kDemoRefusedFamily: a recorded refusal (child welfare) next to a valid consent;
//  - kDemoExpiredFamily: the only consent expired a few days ago;
//  - families whose consent expires within 30 days (n % 10 == 3, and kDemoExpiringFamily);
//  - kDemoYouthConsentFamilies: a 16-year-old's own consent;
//  - kDemoDuplicateFamilies: the same child registered in two households (for the merge);
//  - kDemoClosedRecentFamily and kDemoClosedOldFamily (closed six years ago: past retention).
// "koordinator" (coordinator 0) follows every family whose number ends in 0.
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::families {

inline constexpr int kDemoFamilies = 100;
inline constexpr int kDemoCoordinators = 10;
inline constexpr const char* kDemoProtectedAddress = "Skjermveien 13";

inline constexpr int kDemoProtectedFamily = 0;
inline constexpr int kDemoNurseConsentFamily = 10;
inline constexpr int kDemoWithdrawnFamily = 20;
inline constexpr int kDemoExpiringFamily = 30;
inline constexpr int kDemoRefusedFamily = 40;
inline constexpr int kDemoExpiredFamily = 50;
inline constexpr int kDemoYouthConsentFamilies[] = {15, 35};
inline constexpr int kDemoDuplicateFamilies[] = {12, 13};
inline constexpr int kDemoClosedRecentFamily = 97;
inline constexpr int kDemoClosedOldFamily = 98;

// The stable id of demo family number `n` (0-based).
std::string demo_family_id(int n);

struct DemoSeedReport {
  int families_added = 0;
  std::int64_t log_entries_added = 0;
};

// Seeds `families_count` demo families into Fjordvik kommune (9999), first creating the demo
// staff they need (app::seed_demo_family_staff). Needs the demo catalog and demo users
// (catalog::seed_demo_catalog, app::seed_demo_users) — invalid otherwise. Families that exist
// are left alone, so running it again changes nothing, and seeding 10,000 after 100 adds
// 9,900 and keeps the first 100 as they were.
//
// `log_entries_per_family` < 0 gives each family a natural log (an entry every two weeks or so
// since it was opened); otherwise exactly that many entries each, for the benchmark (10,000 ×
// 100 = 1,000,000). Families beyond the first 100 are spread over the nine coordinators other
// than "koordinator", whose caseload stays at ten. Up to 100 families are written one per
// transaction, more in batches of 200.
Result<DemoSeedReport> seed_demo_families(store::Database& db, const Clock& clock, int families_count = kDemoFamilies,
                                          int log_entries_per_family = -1);

// ---- internal: the text tables in demo_content.cpp ------------------------------------------
namespace demo_tables {

// A cultural background: the names and the preferred language of the parents.
struct Background {
  const char* key;
  const char* language;     // language code of the guardians
  int interpreter_percent;  // how many guardians need an interpreter
  int d_number_percent;     // recent arrivals with a D-number instead of a birth number
  std::span<const char*const> female, male, family;
};
// Chosen by weight; the first is Norwegian.
struct WeightedBackground {
  int weight;
  const Background* background;
};
std::span<const WeightedBackground> backgrounds();

struct GoalText {
  const char* area;      // housing, economy, work, health, participation, school, own
  const char* own_area;  // for "own"
  const char* text;      // the family's words
};
struct MeasureText {
  const char* area;
  const char* text;
  const char* responsible;  // service or person, as written
  const char* service;      // the team service that usually does it, "" for the coordinator
};
std::span<const GoalText> goals();
std::span<const MeasureText> measures();

struct LogText {
  const char* kind;  // call, home_visit, meeting, note
  const char* text;
};
std::span<const LogText> log_texts();

struct ReferralText {
  const char* kind;     // concern, referral, self
  const char* service;  // from_service
  const char* text;
};
std::span<const ReferralText> referral_texts();

std::span<const char* const> kindergartens();
std::span<const char* const> primary_schools();
std::span<const char* const> lower_secondary_schools();
std::span<const char* const> upper_secondary_schools();
std::span<const char* const> streets();
std::span<const char* const> meeting_minutes();
std::span<const char* const> close_reasons();

}  // namespace demo_tables
}  // namespace kp::families
