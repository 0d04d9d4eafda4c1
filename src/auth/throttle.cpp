#include "auth/throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include "core/crypto.hpp"
#include "core/text.hpp"

namespace kp::auth {

namespace {
constexpr size_t kMaxKeyBytes = 128;
constexpr int kMaxDoublings = 30;  // keeps the shift defined; the cap applies long before
}  // namespace

LoginThrottle::LoginThrottle(const Clock& clock, ThrottlePolicy policy)
    : clock_(clock), policy_(policy) {}

std::string LoginThrottle::account_key(std::string_view account) {
  std::string key(kp::text::trim(account).substr(0, kMaxKeyBytes));
  for (char& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return key;
}

std::string LoginThrottle::address_key(std::string_view address) {
  const std::string a(kp::text::trim(address));
  unsigned char buf[16];
  if (inet_pton(AF_INET6, a.c_str(), buf) == 1) {
    static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::equal(kMapped, kMapped + 12, buf)) {
      char v4[INET_ADDRSTRLEN];
      if (inet_ntop(AF_INET, buf + 12, v4, sizeof v4)) return v4;
    }
    return kp::crypto::hex(std::string_view(reinterpret_cast<const char*>(buf), 8)) + "/64";
  }
  if (a.size() > kMaxKeyBytes) return a.substr(0, kMaxKeyBytes);
  return a;
}

// The moment from which quiet time is measured: the later of the last failure and the end
// of the current lock.
UnixSeconds LoginThrottle::quiet_since(const Entry& e) {
  return std::max(e.last_failure, e.locked_until);
}

bool LoginThrottle::stale(const Entry& e, UnixSeconds now) const {
  return now >= e.locked_until && now - quiet_since(e) >= policy_.window_seconds;
}

std::int64_t LoginThrottle::remaining(const Table& table, const std::string& key,
                                      UnixSeconds now) const {
  auto it = table.find(key);
  if (it == table.end()) return 0;
  return std::max<std::int64_t>(0, it->second.locked_until - now);
}

std::int64_t LoginThrottle::retry_after(std::string_view account, std::string_view address) const {
  const UnixSeconds now = clock_.now();
  const std::string acc = account_key(account), addr = address_key(address);
  std::lock_guard lock(mu_);
  return std::max(remaining(accounts_, acc, now), remaining(addresses_, addr, now));
}

void LoginThrottle::make_room(Table& table, UnixSeconds now) {
  if (table.size() < policy_.max_entries) return;
  std::erase_if(table, [&](const auto& kv) { return stale(kv.second, now); });
  if (table.size() < policy_.max_entries) return;
  // Still full of live entries (a flood of distinct names or addresses): drop the one
  // whose last failure is oldest, sparing locked entries so that a flood cannot unlock them.
  auto victim = table.end();
  for (auto it = table.begin(); it != table.end(); ++it) {
    const bool locked = it->second.locked_until > now;
    if (victim == table.end()) {
      victim = it;
      continue;
    }
    const bool victim_locked = victim->second.locked_until > now;
    if ((victim_locked && !locked) ||
        (victim_locked == locked && it->second.last_failure < victim->second.last_failure))
      victim = it;
  }
  if (victim != table.end()) table.erase(victim);
}

void LoginThrottle::fail(Table& table, const std::string& key, int limit, UnixSeconds now) {
  if (!table.contains(key)) make_room(table, now);
  Entry& e = table[key];
  if (e.lockouts > 0 && now - quiet_since(e) >= policy_.window_seconds) e.lockouts = 0;
  std::erase_if(e.failures, [&](UnixSeconds t) { return now - t >= policy_.window_seconds; });
  e.failures.push_back(now);
  e.last_failure = now;
  const size_t keep = static_cast<size_t>(std::max(limit, 1));
  if (e.failures.size() > keep) e.failures.erase(e.failures.begin());
  // Once locked, every further failure before a quiet window locks again, for twice as
  // long; otherwise the count has to reach the limit first.
  if (e.lockouts == 0 && e.failures.size() < keep) return;

  e.lockouts = std::min(e.lockouts + 1, kMaxDoublings);
  const std::int64_t backoff =
      std::min(policy_.first_backoff_seconds << (e.lockouts - 1), policy_.max_backoff_seconds);
  e.locked_until = std::max(e.locked_until, now + backoff);
}

void LoginThrottle::record_failure(std::string_view account, std::string_view address) {
  const UnixSeconds now = clock_.now();
  const std::string acc = account_key(account), addr = address_key(address);
  std::lock_guard lock(mu_);
  fail(accounts_, acc, policy_.max_account_failures, now);
  fail(addresses_, addr, policy_.max_address_failures, now);
}

void LoginThrottle::record_success(std::string_view account) {
  const std::string acc = account_key(account);
  std::lock_guard lock(mu_);
  accounts_.erase(acc);
}

size_t LoginThrottle::size() const {
  std::lock_guard lock(mu_);
  return accounts_.size() + addresses_.size();
}

}  // namespace kp::auth
