#include "auth/post_limit.hpp"

#include <algorithm>

#include "auth/throttle.hpp"

namespace kp::auth {

bool PostLimit::allow(std::string_view address) {
  const std::string key = LoginThrottle::address_key(address);
  const UnixSeconds now = clock_.now();
  std::lock_guard lock(mu_);
  auto it = posts_.find(key);
  if (it == posts_.end()) {
    if (posts_.size() >= max_addresses_) make_room(now);
    it = posts_.emplace(key, std::deque<UnixSeconds>{}).first;
  }
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - kWindow) times.pop_front();
  if (times.size() >= max_per_hour_) return false;
  times.push_back(now);
  return true;
}

void PostLimit::make_room(UnixSeconds now) {
  std::erase_if(posts_, [&](const auto& kv) { return kv.second.empty() || kv.second.back() <= now - kWindow; });
  if (posts_.size() < max_addresses_) return;
  auto oldest = std::min_element(posts_.begin(), posts_.end(),
                                 [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
  posts_.erase(oldest);
}

}  // namespace kp::auth
