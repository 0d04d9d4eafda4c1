// A small LRU of whole responses for anonymous GET requests to public pages, keyed by the
// catalog snapshot version, the negotiated language and the request target. Popular searches
// and the front page repeat a lot; a new catalog version makes old entries unreachable (they
// age out), so invalidation is free. Never used for anyone with a session.
#pragma once
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/request.hpp"

namespace kp::web {

class PageCache {
 public:
  // `capacity` 0 turns the cache off.
  explicit PageCache(std::size_t capacity) : capacity_(capacity) {}
  bool enabled() const { return capacity_ > 0; }
  // A copy of the cached response, or nullopt. Thread-safe.
  std::optional<http::Response> get(const std::string& key);
  // Stores `r` (only 200 responses without cookies are worth keeping). Thread-safe.
  void put(const std::string& key, const http::Response& r);

 private:
  using Entry = std::pair<std::string, http::Response>;
  std::size_t capacity_;
  std::mutex mu_;
  std::list<Entry> lru_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace kp::web
