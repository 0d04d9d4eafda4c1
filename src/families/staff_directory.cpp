#include "families/staff_directory.hpp"

#include "auth/accounts.hpp"

namespace kp::families {

Result<std::shared_ptr<const std::vector<StaffChoice>>> StaffDirectory::get(store::Conn& c,
                                                                            const std::string& municipality_id) {
  // The epoch is read before the database: a change that commits in between bumps it after,
  // so the entry stored below is already stale and the next call reloads.
  const std::uint64_t epoch = auth::staff_epoch();
  const UnixSeconds now = clock_.now();
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(municipality_id);
    if (it != entries_.end() && it->second.epoch == epoch && now >= it->second.loaded_at &&
        now - it->second.loaded_at < ttl_)
      return it->second.staff;
  }
  auto rows = family_staff(c, municipality_id);
  if (!rows) return pass(rows);
  auto staff = std::make_shared<const std::vector<StaffChoice>>(std::move(*rows));
  std::lock_guard lock(mu_);
  entries_[municipality_id] = Entry{staff, epoch, now};
  return staff;
}

}  // namespace kp::families
