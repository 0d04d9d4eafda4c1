#include "activities/lottery_draw.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace kp::activities {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

struct Unit {
  std::vector<const LotteryEntry*> members;
  std::int64_t first_queue = 0;
  LotteryTier tier = LotteryTier::ordinary;
};

}  // namespace

Prng::Prng(std::uint64_t seed) {
  for (auto& s : s_) s = splitmix64(seed);
}

std::uint64_t Prng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t Prng::below(std::uint64_t n) {
  // Largest multiple of n that fits; draws at or above it are thrown away.
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n + 1) % n;
  for (;;) {
    const std::uint64_t x = next();
    if (x <= limit) return x % n;
  }
}

LotteryDraw draw_lottery(std::vector<LotteryEntry> entries, std::int64_t places, std::uint64_t seed) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.queue_no != b.queue_no ? a.queue_no < b.queue_no : a.participant_id < b.participant_id;
  });
  std::map<std::string, size_t> unit_of;
  std::vector<Unit> units;
  for (const auto& e : entries) {
    auto [it, fresh] = unit_of.emplace(e.signup_id, units.size());
    if (fresh) {
      units.push_back(Unit{{}, e.queue_no, e.tier});
    }
    Unit& u = units[it->second];
    u.members.push_back(&e);
    if (static_cast<int>(e.tier) < static_cast<int>(u.tier)) u.tier = e.tier;
  }
  Prng rng(seed);
  for (size_t i = units.size(); i > 1; --i) std::swap(units[i - 1], units[rng.below(i)]);
  std::stable_sort(units.begin(), units.end(),
                   [](const Unit& a, const Unit& b) { return static_cast<int>(a.tier) < static_cast<int>(b.tier); });

  LotteryDraw d;
  d.units = static_cast<std::int64_t>(units.size());
  std::int64_t left = places;
  for (const Unit& u : units) {
    const auto size = static_cast<std::int64_t>(u.members.size());
    const bool fits = size <= left;
    if (fits)
      left -= size;
    else
      ++d.skipped_units;
    for (const LotteryEntry* e : u.members) {
      d.order.push_back(e->participant_id);
      if (fits) d.placed.insert(e->participant_id);
    }
  }
  return d;
}

std::string seed_to_hex(std::uint64_t seed) { return fmt::format("{:016x}", seed); }

std::optional<std::uint64_t> seed_from_hex(std::string_view s) {
  if (s.size() != 16) return std::nullopt;
  std::uint64_t v = 0;
  for (char ch : s) {
    int d;
    if (ch >= '0' && ch <= '9')
      d = ch - '0';
    else if (ch >= 'a' && ch <= 'f')
      d = ch - 'a' + 10;
    else
      return std::nullopt;
    v = (v << 4) | static_cast<std::uint64_t>(d);
  }
  return v;
}

}  // namespace kp::activities
