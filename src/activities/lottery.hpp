// Running the lottery of an activity with allocation 'lottery' after its sign-up window closed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "activities/lottery_draw.hpp"
#include "activities/messages.hpp"
#include "activities/model.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::activities {

// Draws the public places among the 'applied' children, in one transaction:
//   priorities, best first: children referred by a service or in follow-up (activity_referrals);
//   children who got no place last time (same folded name and birth year, and the same guardian
//   phone or e-mail, 'not_placed' or still 'waiting' on an earlier lottery activity of the same
//   offer); everyone else. Siblings (one sign-up) are drawn together (see draw_lottery).
// The placed are confirmed, the rest waiting in lottery order (new queue numbers after every
// existing one); each guardian gets the result; the run is recorded with its seed and an
// explanation in plain words with counts only (no names, nothing about who was referred).
// `seed` nullopt draws a fresh random seed; giving the recorded seed again to a copy of the data
// reproduces the result. Invalid while the window is open or for a first-come activity;
// conflict when a lottery already ran. Thread-safe.
Result<LotteryRun> run_lottery(store::Database& db, const Clock& clock, const Mailer& m,
                               const std::string& municipality_id, const std::string& activity_id,
                               const std::string& run_by, const std::string& address,
                               std::optional<std::uint64_t> seed = std::nullopt);

}  // namespace kp::activities
