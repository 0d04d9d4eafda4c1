// The coordinators' caseloads, kept in memory between page views. Computing one reads every
// family the staff member works in (more than half of the page's cost); reading whether it
// is still current costs one row: the municipality's family_data_version, which triggers bump
// in the same transaction as any change of what a caseload shows (migration 0011). So a kept
// caseload is never stale, whoever changed the data (a page, the CLI, another server).
#pragma once
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "families/caseload.hpp"

namespace kp::families {

class CaseloadCache {
 public:
  // Keeps at most `max_entries` caseloads (one per staff member); when full, forgets them all.
  // With 0 every call computes.
  explicit CaseloadCache(std::size_t max_entries = 2048) : max_entries_(max_entries) {}

  // The actor's caseload in window `w` (caseload_family_ids, then load_caseload, at `now`). From
  // memory when it was computed at the family_data_version `c` reads now, for the same roles,
  // service and window; otherwise computed through `c` and kept. Call inside one read
  // transaction so the version and the data are one snapshot. Thread-safe; the result is
  // immutable.
  Result<std::shared_ptr<const Caseload>> get(store::Conn& c, const policy::Actor& actor, const CaseloadWindow& w,
                                              UnixSeconds now);

  // Caseloads served from memory and computed, since start (for the benchmark and /metrics).
  std::int64_t hits() const;
  std::int64_t misses() const;

 private:
  struct Entry {
    std::string municipality_id;
    std::int64_t version = 0;
    std::set<policy::Role> roles;
    std::string service;
    CaseloadWindow window;
    std::shared_ptr<const Caseload> caseload;
  };
  const std::size_t max_entries_;
  mutable std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;  // by user id
  std::int64_t hits_ = 0;
  std::int64_t misses_ = 0;
};

}  // namespace kp::families
