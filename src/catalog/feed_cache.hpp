// Keeps rendered feeds (brochure PDFs, iCalendar) while the catalog has not changed: making a
// PDF costs far more than serving one, and the catalog changes a few times a day.
#pragma once
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace kp::catalog {

class FeedCache {
 public:
  explicit FeedCache(std::size_t capacity = 64) : capacity_(capacity) {}
  // The cached body for `key` made from catalog `version`, or nullopt. Thread-safe.
  std::optional<std::string> get(std::int64_t version, const std::string& key) {
    std::lock_guard lock(mu_);
    for (auto it = items_.begin(); it != items_.end(); ++it)
      if (it->version == version && it->key == key) {
        items_.splice(items_.begin(), items_, it);
        return items_.front().body;
      }
    return std::nullopt;
  }
  // Remembers a body, dropping the least recently used when full. Thread-safe.
  void put(std::int64_t version, std::string key, std::string body) {
    std::lock_guard lock(mu_);
    items_.push_front(Item{version, std::move(key), std::move(body)});
    while (items_.size() > capacity_) items_.pop_back();
  }

 private:
  struct Item {
    std::int64_t version;
    std::string key, body;
  };
  std::size_t capacity_;
  std::mutex mu_;
  std::list<Item> items_;
};

}  // namespace kp::catalog
