// Open Referral HSDS 3.0 out and in. Export turns catalog records into HSDS documents (the
// shapes of schema/compiled/*.json and the HSDA API's paged envelope); import reads HSDS
// service documents back into the catalog, all or nothing. JSON is built and parsed only in
// hsds_export.cpp and hsds_import.cpp, so this header stays cheap to include.
//
// Mapping (see also docs in the .cpp files):
//   Offer ↔ service; Organization ↔ organization (embedded in the service); Location ↔
//   service_at_locations[0].location with one physical address; Schedule ↔ schedules (RRULE
//   parts, times are Europe/Oslo wall-clock time); Category ↔ attribute with an embedded
//   taxonomy_term of the taxonomy "knutepunkt-kategorier" (one per municipality);
//   target groups, organisation type and wheelchair access ↔ attributes of built-in
//   taxonomies; free / fee_ore ↔ cost_options in NOK; last_confirmed_at ↔ assured_date;
//   updated_at ↔ last_modified. Every id is our UUID; records HSDS needs and we do not store
//   (phones, addresses, attributes…) get ids derived deterministically from their owner.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace kp::store {
class Conn;
class Database;
}  // namespace kp::store

namespace kp::catalog::hsds {

enum class DocKind { service, organization, taxonomy, taxonomy_term };
// "service", "organization", "taxonomy", "taxonomy_term" — the schema file names.
const char* to_string(DocKind k);

// What a service document embeds besides the offer: its organisation, location and
// categories, and the municipality for the category taxonomy. Plain data; copyable.
struct CatalogRefs {
  Municipality municipality;
  std::map<std::string, Organization, std::less<>> organizations;
  std::map<std::string, Location, std::less<>> locations;
  std::map<std::string, Category, std::less<>> categories;
};
// Indexes the given records by id. Pure.
CatalogRefs make_refs(Municipality m, std::vector<Organization> organizations,
                      std::vector<Location> locations, std::vector<Category> categories);
// Reads a municipality's organisations, locations and categories. Call inside
// Database::read; not_found when the municipality does not exist.
Result<CatalogRefs> load_refs(store::Conn& c, const std::string& municipality_id);

// ---- export: pure functions, thread-safe; text in `lang` with the model's fallback --------

// The nested service document (compiled/service.json), or nullopt for a draft — drafts are
// never exported. Status: published→active, unpublished→inactive, archived→defunct.
std::optional<std::string> service_json(const Offer& o, const CatalogRefs& refs,
                                        const std::string& lang);
// The organisation document (compiled/organization.json), without its services.
std::string organization_json(const Organization& o, const std::string& lang);
// The municipality's category taxonomy, "knutepunkt-kategorier" (schema/taxonomy.json).
std::string taxonomy_json(const Municipality& m, const std::string& lang);
// One category as a taxonomy term (schema/taxonomy_term.json).
std::string taxonomy_term_json(const Category& c, const std::string& lang);
// The HSDA paged envelope around already serialised documents of one kind: total_items,
// total_pages, page_number (1-based), size, first_page, last_page, empty, contents. The
// envelope is the same for every kind; `kind` documents what `items` holds.
std::string page_json(DocKind kind, std::span<const std::string> items, std::int64_t total_items,
                      std::int64_t page, std::int64_t per_page);
// The API root document ("/"): HSDS version and, when given, the OpenAPI URL.
std::string root_json(std::string_view openapi_url);

// Every non-draft offer of the municipality as a JSON array of service documents, in a
// stable order (Norwegian name order, then id). What `knutepunkt export-hsds PATH` writes.
// Thread-safe (one read snapshot).
Result<std::string> export_all(store::Database& db, const std::string& municipality_id,
                               const std::string& lang);

// ---- import --------------------------------------------------------------------------------

inline constexpr std::size_t kMaxImportBytes = 50u * 1024 * 1024;
inline constexpr std::size_t kMaxImportServices = 100'000;
inline constexpr std::size_t kMaxStringChars = 20'000;

// One problem in an import file. `path` is the JSON path with services counted from 0
// ("services[3].minimum_age"); `record` names the service ("services[3] (id "…", name "…")").
struct ImportError {
  std::string path;
  std::string record;
  std::string message;
  // "services[3].minimum_age: must be a whole number 0–120 — services[3] (id "…", name "…")"
  std::string to_string() const;
};

struct ImportOptions {
  // The language the documents' texts are in (HSDS carries one). Texts are stored in this
  // language; when it is not nb, records without an nb text get the text as nb too, so
  // every record has a source text.
  std::string lang = "nb";
};

// A validated import, ready to write. Offers carry texts in ImportOptions::lang and no
// municipality yet; ids are already mapped to UUIDs.
struct ParsedService {
  Offer offer;
  std::string path;                          // "services[3]"
  std::string record;                        // for messages, as in ImportError::record
  std::optional<UnixSeconds> last_modified;  // the document's last_modified
  std::optional<CivilDate> assured_date;
};
struct ParsedImport {
  std::vector<ParsedService> services;
  std::vector<Organization> organizations;   // embedded ones, deduplicated
  std::vector<Location> locations;           // embedded ones, deduplicated
  std::vector<Category> categories;          // embedded terms, deduplicated, parents first
  // Ids that documents refer to without embedding the record; apply() requires them to exist.
  std::vector<std::string> referenced_organizations, referenced_locations, referenced_categories;
  // Where each embedded organisation, location and term first appears, for messages.
  std::map<std::string, std::string> paths;
  std::vector<std::string> warnings;         // what was dropped, for the operator
  std::string source_digest;                 // SHA-256 of the file, hex, for the audit record
};

struct ImportCounts {
  int created = 0, updated = 0, unchanged = 0;
};
struct ImportReport {
  ImportCounts services, organizations, locations, categories;
  std::vector<std::string> warnings;
};

// Parses and checks an import file without touching a database: the top level is an array of
// service documents (compiled/service.json) or a page with `contents` (what /services
// returns). Collects every problem; on any, returns an invalid Error whose message lists them
// (the first 50) and, when `errors` is given, fills it with all of them. Pure and thread-safe;
// never throws for any input (the libFuzzer target drives it).
Result<ParsedImport> parse_and_validate(std::string_view json, const ImportOptions& options = {},
                                        std::vector<ImportError>* errors = nullptr);

// Writes a parsed import inside the caller's write transaction: checks references and id
// ownership against the database (same error reporting as parse_and_validate), skips records
// that would not change, writes the rest through catalog/store.hpp, appends the audit record
// "catalog.import" and bumps the catalog version when something changed. Safe to re-run.
Result<ImportReport> apply(store::Conn& tx, const Clock& clock, const ParsedImport& parsed,
                           const std::string& municipality_id, const std::string& actor_id,
                           const ImportOptions& options = {},
                           std::vector<ImportError>* errors = nullptr);

// parse_and_validate + apply in one Database::write transaction: all or nothing, and
// importing the same file twice changes nothing the second time. Thread-safe.
Result<ImportReport> import_services(store::Database& db, const Clock& clock,
                                     std::string_view json, const std::string& municipality_id,
                                     const std::string& actor_id,
                                     const ImportOptions& options = {},
                                     std::vector<ImportError>* errors = nullptr);

}  // namespace kp::catalog::hsds
