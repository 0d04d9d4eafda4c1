#include "auth/post_limit.hpp"

#include <algorithm>
#include <vector>

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
  // One pass forgets the addresses quiet for an hour and, if the table is still full of recent
  // posters (a flood, or a sign-up burst through a proxy), the tenth whose newest post is
  // oldest — so the next max/10 new addresses find room without another pass.
  std::erase_if(posts_, [&](const auto& kv) { return kv.second.empty() || kv.second.back() <= now - kWindow; });
  if (posts_.size() < max_addresses_) return;
  std::vector<std::pair<UnixSeconds, const std::string*>> newest;
  newest.reserve(posts_.size());
  for (const auto& [key, times] : posts_) newest.emplace_back(times.back(), &key);
  const size_t drop = std::max<size_t>(1, posts_.size() / 10);
  std::nth_element(newest.begin(), newest.begin() + static_cast<std::ptrdiff_t>(drop - 1), newest.end());
  std::vector<std::string> gone;
  gone.reserve(drop);
  for (size_t i = 0; i < drop; ++i) gone.push_back(*newest[i].second);
  for (const auto& key : gone) posts_.erase(key);
}

}  // namespace kp::auth
