// Passes and tickets (lift pass, swimming, climbing, cinema) as counted stock: batches that
// come in with a quantity and an expiry date, and hand-outs that take from them. Plain data and
// its SQL; functions take a store::Conn so callers compose them with the audit record (and,
// for a family's plan, the measure) in one transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::equipment {

enum class PassKind { lift, swimming, climbing, cinema, other };
const char* to_string(PassKind k);
std::optional<PassKind> pass_kind_from(std::string_view s);
// Every kind, in the order pages list them.
const std::vector<PassKind>& pass_kinds();

struct PassBatch {
  std::string id;
  std::string municipality_id;
  PassKind kind = PassKind::lift;
  std::string label;          // e.g. 'Dagskort Fjordvik alpinsenter'
  std::int64_t quantity = 0;  // how many came in
  std::int64_t remaining = 0; // how many are left
  std::string expires_on;     // last valid day, ISO
  std::string received_on;    // ISO
  std::string created_by;
  UnixSeconds created_at = 0;

  // Past its last valid day (`today` is ISO): such passes are never handed out.
  bool expired(std::string_view today) const { return expires_on < today; }
};

// One hand-out from one batch (a hand-out spanning two batches is two rows).
struct PassHandout {
  std::string id;
  std::string batch_id;
  PassKind kind = PassKind::lift;
  std::string label;
  std::int64_t count = 0;
  std::optional<std::string> borrower_id;
  std::optional<std::string> family_id;
  std::optional<std::string> measure_id;
  std::string handed_out_on;  // ISO
  std::string handed_out_by;
  UnixSeconds created_at = 0;
};

// What is left of one kind today: valid passes only.
struct PassStock {
  PassKind kind = PassKind::lift;
  std::int64_t available = 0;
  std::string next_expiry;  // the soonest last valid day among batches with passes left, or ''
};

// What to hand out. Exactly one of borrower_id / family_id is usually set; measure_id only with
// family_id.
struct HandoutRequest {
  std::string municipality_id;
  PassKind kind = PassKind::lift;
  std::int64_t count = 0;
  std::string today;  // ISO; batches that expired before it are not touched
  std::optional<std::string> borrower_id;
  std::optional<std::string> family_id;
  std::optional<std::string> measure_id;
  std::string by;     // user id
};

// Inserts a batch (id, municipality, kind, quantity, expiry, received, created_by set);
// remaining starts at quantity.
Status insert_pass_batch(store::Conn& c, const PassBatch& b, UnixSeconds now);
// Every batch of the municipality: those with passes left first, soonest expiry first.
Result<std::vector<PassBatch>> pass_batches(store::Conn& c, const std::string& municipality_id);
// Batches past their last valid day that still hold passes (they are written off, not given).
Result<std::vector<PassBatch>> expired_batches(store::Conn& c, const std::string& municipality_id,
                                               std::string_view today);
// Valid passes left per kind today, in pass_kinds() order (kinds with none included, as 0).
Result<std::vector<PassStock>> pass_stock(store::Conn& c, const std::string& municipality_id, std::string_view today);

// Hands out `r.count` passes of `r.kind`, taking from the valid batch that expires soonest
// first. Decided inside the caller's write transaction with conditional updates (remaining >=
// n), so stock never goes below zero however many hand out at once. invalid("count") when fewer
// valid passes are left than asked for — nothing is taken then (the caller rolls back).
// Returns one row per batch used.
Result<std::vector<PassHandout>> hand_out_passes(store::Conn& c, const HandoutRequest& r, UnixSeconds now);
// The latest hand-outs of the municipality, newest first (at most `limit`).
Result<std::vector<PassHandout>> recent_handouts(store::Conn& c, const std::string& municipality_id, int limit);
// Hand-outs made on or after `from_date` (ISO), oldest first (for the figures).
Result<std::vector<PassHandout>> handouts_since(store::Conn& c, const std::string& municipality_id,
                                                std::string_view from_date);
// The hand-outs made as measures in a family's plan, newest first.
Result<std::vector<PassHandout>> handouts_of_family(store::Conn& c, const std::string& family_id);

}  // namespace kp::equipment
