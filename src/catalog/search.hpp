// The public catalog in memory. A Snapshot is an immutable copy of every published offer with
// a Norwegian-aware inverted index; it is rebuilt when the catalog's change counter moves, so
// searches never touch the database. The whole national catalog (~50,000 offers) is tens of MB.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "catalog/model.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::catalog {

// A parsed, validated search (the query parameters of GET /offers, /api/v1/offers, …).
struct SearchQuery {
  std::string q;
  std::optional<int> age;
  bool free_only = false;
  std::string district_id;
  std::string category;  // category code
  std::string language;  // staff language code
  std::optional<int> weekday;  // ISO 1–7
  std::optional<CivilDate> from, to;
  std::optional<UnixSeconds> modified_after;
  std::vector<std::string> municipality_ids;  // empty: every municipality in the snapshot
  int page = 1;
  int per_page = 20;
};

struct FieldError {
  std::string field;
  std::string message;  // English msgid
};
// Reads query parameters into a SearchQuery. Unknown parameters are ignored; invalid values
// are reported per field (and left unset) so the page can show the results and the errors.
SearchQuery parse_search_query(const std::vector<std::pair<std::string, std::string>>& params,
                               std::vector<FieldError>& errors, int max_per_page = 100);

struct SearchResult {
  std::vector<const Offer*> items;  // this page
  std::size_t total = 0;
  int page = 1, pages = 1;
};

class Snapshot {
 public:
  // Builds a snapshot from the database (published offers only). Not thread-safe while
  // building; immutable and freely shared afterwards.
  static Result<std::shared_ptr<const Snapshot>> load(store::Database& db);

  std::int64_t version() const { return version_; }
  SearchResult search(const SearchQuery& q, CivilDate today) const;
  const Offer* offer(const std::string& id) const;
  const Organization* organization(const std::string& id) const;
  const Location* location(const std::string& id) const;
  const District* district(const std::string& id) const;
  const Category* category_by_code(const std::string& municipality_id, const std::string& code) const;
  const Category* category(const std::string& id) const;
  const Municipality* municipality(const std::string& id) const;
  const std::vector<Municipality>& municipalities() const { return municipalities_; }
  const std::vector<District>& districts() const { return districts_; }
  // Categories of one municipality (all when empty), in taxonomy order.
  std::vector<const Category*> categories(const std::string& municipality_id) const;
  const std::vector<Offer>& offers() const { return offers_; }
  // The published offers of one municipality, in Norwegian name order.
  std::vector<const Offer*> offers_of(const std::string& municipality_id) const;

 private:
  struct Posting {
    std::uint32_t offer;
    float weight;
  };
  // Filter data worked out once per search rather than once per offer.
  struct Prepared {
    std::vector<std::string> municipalities;        // sorted; empty: all
    std::unordered_set<std::string> category_ids;   // the category filter with sub-categories
  };
  Prepared prepare(const SearchQuery& q) const;
  bool passes_filters(std::uint32_t idx, const SearchQuery& q, const Prepared& p) const;

  std::int64_t version_ = 0;
  std::vector<Municipality> municipalities_;
  std::vector<District> districts_;
  std::vector<Organization> organizations_;
  std::vector<Category> categories_;
  std::vector<Location> locations_;
  std::vector<Offer> offers_;  // published, in Norwegian name order
  std::vector<unsigned> weekday_masks_;  // per offer
  std::unordered_map<std::string, std::size_t> offer_by_id_, org_by_id_, location_by_id_,
      district_by_id_, category_by_id_, municipality_by_id_;
  // Vocabulary entries that contain `term` other than at their start (compound words), found
  // by a scan of the vocabulary once per term and snapshot. Thread-safe.
  std::vector<std::uint32_t> infix_matches(const std::string& term) const;

  std::vector<std::string> vocabulary_;           // sorted folded words
  std::vector<std::vector<Posting>> postings_;    // parallel to vocabulary_; ascending offer
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_municipality_;  // ascending
  mutable std::mutex infix_mu_;
  mutable std::unordered_map<std::string, std::vector<std::uint32_t>> infix_cache_;
};

// Hands out the current snapshot, rebuilding it when the database's catalog counter changed.
// Checks the counter at most once per `check_interval` seconds unless invalidated by a local
// write. Thread-safe.
class SnapshotCache {
 public:
  SnapshotCache(store::Database& db, const Clock& clock, int check_interval = 1)
      : db_(db), clock_(clock), interval_(check_interval) {}
  Result<std::shared_ptr<const Snapshot>> get();
  // Called after a local catalog write so the next get() rebuilds at once.
  void invalidate() { dirty_.store(true); }

 private:
  store::Database& db_;
  const Clock& clock_;
  int interval_;
  std::mutex mu_;        // guards current_, checked_at_, generation_; held only briefly
  std::mutex build_mu_;  // one builder or version check at a time
  std::shared_ptr<const Snapshot> current_;
  UnixSeconds checked_at_ = 0;
  std::uint64_t generation_ = 0;
  std::atomic<bool> dirty_{true};
};

}  // namespace kp::catalog
