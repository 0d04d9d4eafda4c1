// A limit on how often one client address may post a public form (the help form, activity
// sign-ups, equipment reservations): at most `max_per_hour` posts in any hour. Kept in memory,
// per process, like the login throttle (a restart forgets it). At most `max_addresses`
// addresses are remembered: when full, addresses quiet for an hour go first, then the one whose
// newest post is oldest — so the table stays small under a flood from many addresses.
#pragma once
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"

namespace kp::auth {

class PostLimit {
 public:
  PostLimit(const Clock& clock, size_t max_per_hour, size_t max_addresses = 10000)
      : clock_(clock), max_per_hour_(max_per_hour), max_addresses_(max_addresses) {}

  // Records a post from `address`; false (and nothing recorded) when it is over the limit.
  // Thread-safe.
  bool allow(std::string_view address);

 private:
  static constexpr UnixSeconds kWindow = 3600;
  void make_room(UnixSeconds now);

  const Clock& clock_;
  const size_t max_per_hour_;
  const size_t max_addresses_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<UnixSeconds>> posts_;  // guarded by mu_
};

}  // namespace kp::auth
