// The municipality's staff who can coordinate or join a family's team — the choice lists on
// the family page — kept in memory so a page view does not read every user (a fifth of the
// family page's CPU before). An entry is reloaded when this process changed users
// (auth::staff_epoch) and at the latest after `ttl_seconds`, for changes made by another
// process (the CLI, a second server). Forms that act on a choice check it against the
// database again, so a stale list can only show a name, never grant anything.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "families/store.hpp"

namespace kp::families {

class StaffDirectory {
 public:
  explicit StaffDirectory(const Clock& clock, int ttl_seconds = 30) : clock_(clock), ttl_(ttl_seconds) {}

  // family_staff(c, municipality_id), from memory when fresh; reads through `c` otherwise.
  // Thread-safe; the returned list is immutable and stays valid after a reload.
  Result<std::shared_ptr<const std::vector<StaffChoice>>> get(store::Conn& c, const std::string& municipality_id);

 private:
  struct Entry {
    std::shared_ptr<const std::vector<StaffChoice>> staff;
    std::uint64_t epoch = 0;
    UnixSeconds loaded_at = 0;
  };
  const Clock& clock_;
  const int ttl_;
  std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace kp::families
