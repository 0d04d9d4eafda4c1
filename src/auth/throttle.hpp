// Login throttling against password guessing, per account and per client address.
//
// Each failed attempt is recorded under the account name that was tried (existing or not,
// so throttling does not reveal which accounts exist) and under the client address. When
// an account has max_account_failures failures within window_seconds, or an address has
// max_address_failures, attempts are refused for first_backoff_seconds. After that every
// further failure locks again at once for twice as long, capped at max_backoff_seconds,
// until window_seconds pass without failures after the last lock has ended; then all is
// forgotten. A successful login resets the account (not the address, so that logging in
// to one's own account cannot reset an address used for guessing).
//
// IPv6 addresses are throttled per /64, since one client usually owns a whole /64.
//
// The state is in memory: a restart forgets it, and several server processes behind one
// load balancer would each throttle separately (an attacker gets N times the attempts).
// Knutepunkt runs as one process; move the counters into the database if that changes.
//
// An attacker can lock a known account name out for up to max_backoff_seconds at a time.
// That is the accepted price of per-account throttling; the back-off is short enough that
// staff are not kept out for long.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"

namespace kp::auth {

struct ThrottlePolicy {
  int max_account_failures = 5;
  int max_address_failures = 20;
  std::int64_t window_seconds = 15 * 60;
  std::int64_t first_backoff_seconds = 60;
  std::int64_t max_backoff_seconds = 15 * 60;
  // Entries kept per table (accounts, addresses), about 200 bytes each. When a table is
  // full, stale entries go first, then the unlocked one with the oldest last failure.
  size_t max_entries = 10000;
};

class LoginThrottle {
 public:
  // `clock` must outlive the throttle.
  explicit LoginThrottle(const Clock& clock, ThrottlePolicy policy = {});

  LoginThrottle(const LoginThrottle&) = delete;
  LoginThrottle& operator=(const LoginThrottle&) = delete;

  // Seconds until an attempt for `account` from `address` may be made; 0 means now.
  // `account` is compared case-insensitively (ASCII) after trimming. Thread-safe.
  std::int64_t retry_after(std::string_view account, std::string_view address) const;
  // Records a failed attempt (wrong password, unknown account, wrong second-factor code).
  // Thread-safe.
  void record_failure(std::string_view account, std::string_view address);
  // Forgets the failures of `account` after a successful login. Thread-safe.
  void record_success(std::string_view account);

  // Entries currently held (accounts + addresses), for tests and metrics. Thread-safe.
  size_t size() const;

  // The key an address is throttled under: IPv4 as is, IPv6 as its /64 (IPv4-mapped IPv6
  // as the IPv4 address), anything unparseable as given. Pure.
  static std::string address_key(std::string_view address);
  // The key an account name is throttled under: trimmed, ASCII lower-case, at most 128
  // bytes. Pure.
  static std::string account_key(std::string_view account);

 private:
  struct Entry {
    std::vector<UnixSeconds> failures;  // within the window, newest last, at most `limit`
    int lockouts = 0;                   // consecutive lock-outs, for the doubling
    UnixSeconds locked_until = 0;
    UnixSeconds last_failure = 0;
  };
  using Table = std::unordered_map<std::string, Entry>;

  std::int64_t remaining(const Table& table, const std::string& key, UnixSeconds now) const;
  void fail(Table& table, const std::string& key, int limit, UnixSeconds now);
  void make_room(Table& table, UnixSeconds now);
  bool stale(const Entry& e, UnixSeconds now) const;
  static UnixSeconds quiet_since(const Entry& e);

  const Clock& clock_;
  const ThrottlePolicy policy_;
  mutable std::mutex mu_;
  Table accounts_;   // guarded by mu_
  Table addresses_;  // guarded by mu_
};

}  // namespace kp::auth
