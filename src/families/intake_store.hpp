// SQL of the hub's intake: concerns, referrals and requests from the public form. Functions
// take a store::Conn so callers write the referral and its audit record in one transaction.
#pragma once
#include <string>
#include <vector>

#include "core/result.hpp"
#include "families/intake.hpp"
#include "store/database.hpp"

namespace kp::families {

// Inserts `r` (id, municipality, kind and contents set; status is stored as given) with a
// fresh random receipt code that no other referral of the municipality has, and returns the
// code (also written into r.receipt). Uses the OS random generator, so calling it again
// inside a re-run transaction simply draws a new code.
Result<std::string> insert_referral(store::Conn& c, Referral& r, UnixSeconds now);

// The referral with this id, with the sender's and decider's names; nullopt when none.
Result<std::optional<Referral>> get_referral(store::Conn& c, const std::string& id);

// The hub's inbox for a municipality: every new referral, oldest first; then those decided at
// or after `decided_since`, newest decision first.
Result<std::vector<Referral>> list_inbox(store::Conn& c, const std::string& municipality_id,
                                         UnixSeconds decided_since);

// Referrals waiting for the hub (status new) in the municipality — for overview counts.
Result<std::int64_t> count_waiting_referrals(store::Conn& c, const std::string& municipality_id);

// Marks a new referral accepted, linked to `family_id`. Conflict when it was already decided
// (someone else was quicker), not_found when there is no such referral.
Status accept_referral(store::Conn& c, const std::string& referral_id, const std::string& family_id,
                       const std::string& by, UnixSeconds now);
// Marks a new referral declined with `reason`. Errors as accept_referral.
Status decline_referral(store::Conn& c, const std::string& referral_id, const std::string& reason,
                        const std::string& by, UnixSeconds now);

// The id of the family with case number `reference` in the municipality ("" when none or
// anonymised). Says nothing about whether the caller may see it.
Result<std::string> family_id_by_reference(store::Conn& c, const std::string& municipality_id,
                                           const std::string& reference);

}  // namespace kp::families
