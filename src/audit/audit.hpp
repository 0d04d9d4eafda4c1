// The append-only, hash-chained audit log. Every read and change of personal data, and every
// catalog edit, is appended inside the same transaction as the change itself, so a change
// without its audit row cannot be committed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::audit {

struct Entry {
  std::string municipality_id;
  std::string actor_id;   // user id, or "system" / "public"
  std::string action;     // e.g. "offer.publish"
  std::string entity;     // e.g. "offer"
  std::string entity_id;
  std::string address;    // client address
  std::string reason;     // when the user was asked why
  std::string details;    // short JSON; never protected addresses or passwords
};

// Appends `e` inside the caller's write transaction. Serialises concurrent appenders through
// a row lock on the 'audit' counter (PostgreSQL) or the single writer (SQLite).
Status append(store::Conn& tx, const Clock& clock, const Entry& e);
// Appends all `entries` in order inside the caller's write transaction, as append() would one
// by one, but reserving their sequence numbers with one counter update and reading the
// previous hash once (the read log's batches of page views).
Status append_all(store::Conn& tx, const Clock& clock, const std::vector<Entry>& entries);

struct Record {
  std::int64_t seq = 0;
  UnixSeconds at = 0;
  Entry entry;
  std::string prev_hash;
  std::string hash;
};

// The newest records for a municipality, optionally for one entity. Newest first.
Result<std::vector<Record>> recent(store::Database& db, const std::string& municipality_id,
                                   const std::string& entity, const std::string& entity_id,
                                   int limit);

struct VerifyReport {
  std::int64_t records = 0;
  bool ok = true;
  std::int64_t first_bad_seq = 0;
  std::string problem;     // English, for the operator
  std::string head_hash;   // hash of the newest record; worth writing down elsewhere
};
// Recomputes the whole chain: every hash, every link, no gaps, nothing cut off the end.
Result<VerifyReport> verify(store::Database& db);

}  // namespace kp::audit
