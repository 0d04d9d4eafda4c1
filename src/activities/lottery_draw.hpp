// The lottery's draw (loddtrekning), pure and reproducible: the same applicants and seed give
// the same result on every machine and library version. That is why it has its own generator
// (splitmix64 seeding xoshiro256**) and its own unbiased bounded draw instead of
// std::uniform_int_distribution, whose output differs between standard libraries.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kp::activities {

// xoshiro256** seeded through splitmix64. Not for secrets.
class Prng {
 public:
  explicit Prng(std::uint64_t seed);
  std::uint64_t next();
  // Uniform in [0, n), n > 0, by rejection (no modulo bias).
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t s_[4];
};

// Priority tiers, best first.
enum class LotteryTier { referred = 0, missed_last_time = 1, ordinary = 2 };

struct LotteryEntry {
  std::string participant_id;
  std::string signup_id;    // siblings share it and are drawn as one
  std::int64_t queue_no = 0;  // arrival order: fixes the order before shuffling
  LotteryTier tier = LotteryTier::ordinary;
};

struct LotteryDraw {
  std::vector<std::string> order;  // every participant, in lottery order
  std::set<std::string> placed;    // those who got a place
  std::int64_t units = 0;          // sign-ups (sibling groups) drawn
  std::int64_t skipped_units = 0;  // sibling groups that did not fit into the places left
};

// Draws `entries` for `places` places: siblings (same signup_id) form one unit whose tier is
// their best; units are put in arrival order, shuffled with Prng(seed) (Fisher–Yates), then
// stably ordered by tier. Units take places in that order while the whole unit fits (siblings
// are kept together: a unit that does not fit waits, and smaller later units may still fit).
LotteryDraw draw_lottery(std::vector<LotteryEntry> entries, std::int64_t places, std::uint64_t seed);

// 16 lower-case hex digits, and back (nullopt for anything else).
std::string seed_to_hex(std::uint64_t seed);
std::optional<std::uint64_t> seed_from_hex(std::string_view s);

}  // namespace kp::activities
