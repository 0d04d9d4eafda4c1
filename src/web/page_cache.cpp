#include "web/page_cache.hpp"

namespace kp::web {

std::optional<http::Response> PageCache::get(const std::string& key) {
  if (!capacity_) return std::nullopt;
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void PageCache::put(const std::string& key, const http::Response& r) {
  if (!capacity_ || r.status != 200) return;
  for (const auto& [name, value] : r.headers)
    if (name == "Set-Cookie") return;
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    it->second->second = r;
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.emplace_front(key, r);
  index_[key] = lru_.begin();
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

}  // namespace kp::web
