// Demo and benchmark catalogs. Everything here is invented: the municipality, its districts,
// organisations, addresses and phone numbers are fictional, no real person is named, and no
// national identity number appears anywhere.
//
//  - The demo catalog is "Fjordvik kommune" (kommunenummer 9999, which no real municipality
//    has) with six districts, its hub contact, the category taxonomy, ~25 organisations and
//    150+ offers in nb and en (some also in ar/so/pl/uk, a few drafts, one unpublished, one
//    archived, a few with an outdated en translation and ~10 that need confirmation).
//  - Benchmark municipalities are numbered 9001, 9002, … (see kScaleFirstMunicipality): no
//    Norwegian county number starts with 9, so they never clash with a real kommunenummer,
//    and at most kScaleMaxMunicipalities of them keeps them below the demo's 9999.
//
// The offers are generated from the compact tables in demo_content.cpp (templates × variants
// such as districts, seasons and age groups), so ids are stable: uuid_from_name(
// kDemoIdNamespace, "<municipality>/<kind>/<key>").
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "catalog/model.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::catalog {

inline constexpr const char* kDemoMunicipalityId = "9999";
inline constexpr const char* kDemoIdNamespace = "knutepunkt-demo";
inline constexpr int kScaleFirstMunicipality = 9001;
inline constexpr int kScaleMaxMunicipalities = 998;  // 9001 … 9998
// 357 municipalities × 140 ≈ 50,000 offers, the size of a national installation.
inline constexpr int kScaleOffersPerMunicipality = 140;

// One municipality's whole catalog as plain data, ready to write.
struct CatalogBundle {
  Municipality municipality;
  std::vector<District> districts;
  std::vector<Category> categories;
  std::vector<Organization> organizations;
  std::vector<Location> locations;
  std::vector<Offer> offers;
  // An nb text that changed after its translations were made: the offer is written with
  // `old_nb` first and then given its current nb text, so its other languages are outdated
  // exactly as after a real edit.
  struct StaleSource {
    std::string offer_id, field, old_nb;
  };
  std::vector<StaleSource> stale_sources;
};

// Builds the demo catalog (Fjordvik kommune) as plain data. Pure: same `now`, same bundle.
// Times (last_confirmed_at) are spread backwards from `now`.
CatalogBundle build_demo_bundle(UnixSeconds now);

// Builds benchmark municipality number `n` (1-based; kommunenummer 9000 + n) with exactly
// kScaleOffersPerMunicipality offers, nb and en texts only. Pure.
CatalogBundle build_scale_bundle(int n, UnixSeconds now);

// Writes `bundle` in one write transaction, comparing with what is stored first and writing
// only what differs, so writing the same bundle again changes nothing (no updated_at moves,
// no catalog version bump). Ignores timestamps and versions when comparing, so an offer a
// demo user has confirmed keeps its confirmation. Never deletes anything. Returns the number
// of rows (municipality, districts, organisations, categories, locations, offers) written.
Result<int> write_bundle(store::Database& db, const CatalogBundle& bundle, UnixSeconds now);

// Seeds the demo municipality Fjordvik kommune (9999). Idempotent: a second run with the
// same content changes nothing. One transaction: either all of it is written or nothing.
Status seed_demo_catalog(store::Database& db, const Clock& clock);

// Seeds `municipalities` benchmark municipalities (9001 …), one transaction each, with
// kScaleOffersPerMunicipality offers each (357 → 49,980 offers). Idempotent like the demo.
// Fails with invalid if `municipalities` is outside 0 … kScaleMaxMunicipalities.
Status seed_scale_catalog(store::Database& db, const Clock& clock, int municipalities);

// ---- internal: the shape of the tables in demo_content.cpp ---------------------------------
namespace demo_tables {

// An nb/en pair. Placeholders filled in by the generator: {v} the variant's text, {n} the
// variant's plain name (district name, age range), {day} the variant's weekday name.
struct Txt {
  const char* nb = nullptr;
  const char* en = nullptr;
};

// One way to repeat a template: a district, a season, an age group …; empty fields keep
// the template's value.
struct Variant {
  const char* key = "";
  const char* nb = "";
  const char* en = "";
  const char* name = "";     // plain name for {n}; "" → en
  const char* loc = "";      // location key
  const char* org = "";      // organisation key
  const char* day = "";      // RRULE weekday code (MO … SU) for {day}
  const char* starts = "";   // YYYY-MM-DD
  const char* ends = "";     // YYYY-MM-DD
  int min_age = -1, max_age = -1;
  const char* langs = "";    // comma list of staff languages
};

// A machine-translated name and summary in one more language.
struct ExtraText {
  const char* lang;
  const char* name;
  const char* summary;
};

// How one applies; selects a standard plain-language text unless the template has its own.
enum class Apply { drop_in, sign_up, places, call, referral, loan };

struct Template {
  const char* key;
  const char* org;                 // organisation key
  const char* loc = "";            // location key ("" none)
  const char* cats = "";           // comma list of category codes
  int min_age = -1, max_age = -1;  // -1: no limit
  std::int64_t fee_ore = 0;        // 0: free
  int capacity = 0;                // 0: no limit
  const char* groups = "children";
  const char* langs = "nb";
  bool interpretation = false;
  const char* contact = "";        // a role, never a person
  // Schedule: rrule may contain {day} and {until} (the end date as YYYYMMDD); no starts →
  // no schedule (a service without fixed times).
  const char* rrule = "";
  const char* starts = "";
  const char* ends = "";
  const char* opens = "";
  const char* closes = "";
  Apply apply = Apply::drop_in;
  Txt name, summary, description;
  Txt application = {}, eligibility = {}, fees = {};  // overrides of the standard texts
  std::span<const Variant> variants = {};
  std::span<const ExtraText> extra = {};
};

struct OrgRow {
  const char* key;
  const char* name;
  OrgType type;
  const char* email;
  const char* phone;
  const char* website;
  Txt description;
};

struct LocationRow {
  const char* key;
  const char* name;
  const char* district;  // district key
  const char* org;       // organisation key or ""
  const char* address;
  const char* postal_code;
  double lat, lon;
  bool wheelchair;
  Txt transportation;
};

struct DistrictRow {
  const char* key;
  const char* name;
};

struct CategoryRow {
  const char* code;
  // nb, nn, en by people; ar, so, ti, pl, uk, ur machine-made.
  const char *nb, *nn, *en, *ar, *so, *ti, *pl, *uk, *ur;
};

// The special cases of the demo (not of the benchmark municipalities).
struct StateOverride {
  const char* offer_key;  // template key, or "template/variant"
  OfferState state;
};
struct StaleRow {
  const char* offer_key;
  const char* field;
  const char* old_nb;  // the nb text the en translation was made from
};

struct HubRow {
  const char *name, *phone, *email, *address, *hours;
};

std::span<const DistrictRow> districts();
std::span<const CategoryRow> categories();
std::span<const OrgRow> organizations();
std::span<const LocationRow> locations();
std::span<const Template> templates();
std::span<const StateOverride> state_overrides();
std::span<const StaleRow> stale_rows();
const HubRow& hub();

}  // namespace demo_tables
}  // namespace kp::catalog
