#include "audit/audit.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/crypto.hpp"

namespace kp::audit {
namespace {

const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

void append_number(std::string& out, std::int64_t n) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

// Length-prefixed fields so that no two different rows serialise to the same bytes:
// "prev|seq|at" then "|size:value" per field. Built by hand (it runs for every record the
// server writes); the bytes must never change, or old chains no longer verify.
std::string row_hash(const std::string& prev, std::int64_t seq, UnixSeconds at, const Entry& e) {
  const std::string* fields[] = {&e.municipality_id, &e.actor_id, &e.action, &e.entity,
                                 &e.entity_id,       &e.address,  &e.reason, &e.details};
  std::string canon;
  size_t size = prev.size() + 48;
  for (const std::string* f : fields) size += f->size() + 24;
  canon.reserve(size);
  canon.append(prev);
  canon.push_back('|');
  append_number(canon, seq);
  canon.push_back('|');
  append_number(canon, at);
  for (const std::string* f : fields) {
    canon.push_back('|');
    append_number(canon, static_cast<std::int64_t>(f->size()));
    canon.push_back(':');
    canon.append(*f);
  }
  return crypto::sha256_hex(canon);
}

Record to_record(const store::Row& r) {
  Record rec;
  rec.seq = r.integer(0);
  rec.at = r.integer(1);
  rec.entry = Entry{r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7), r.text(8), r.text(9)};
  rec.prev_hash = r.text(10);
  rec.hash = r.text(11);
  return rec;
}

constexpr const char* kColumns =
    "seq, at, municipality_id, actor_id, action, entity, entity_id, address, reason, details, "
    "prev_hash, hash";

}  // namespace

Status append_all(store::Conn& tx, const Clock& clock, const std::vector<Entry>& entries) {
  if (entries.empty()) return {};
  const auto n = static_cast<std::int64_t>(entries.size());
  auto last_row = tx.query_one(
      "UPDATE change_counters SET value = value + $1 WHERE name = 'audit' RETURNING value", {n});
  if (!last_row) return pass(last_row);
  if (!*last_row) return internal_error("audit counter missing");
  std::int64_t seq = (*last_row)->integer(0) - n + 1;
  std::string prev = kGenesis;
  if (seq > 1) {
    auto p = tx.query_one("SELECT hash FROM audit_log WHERE seq = $1", {seq - 1});
    if (!p) return pass(p);
    if (!*p) return internal_error("audit chain broken: previous record missing");
    prev = (*p)->text(0);
  }
  const UnixSeconds at = clock.now();
  for (const Entry& e : entries) {
    std::string hash = row_hash(prev, seq, at, e);
    auto ins = tx.exec(
        "INSERT INTO audit_log (seq, at, municipality_id, actor_id, action, entity, entity_id, "
        "address, reason, details, prev_hash, hash) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        {seq, at, e.municipality_id, e.actor_id, e.action, e.entity, e.entity_id, e.address,
         e.reason, e.details, prev, hash});
    if (!ins) return pass(ins);
    prev = std::move(hash);
    ++seq;
  }
  return {};
}

Status append(store::Conn& tx, const Clock& clock, const Entry& e) {
  return append_all(tx, clock, std::vector<Entry>{e});
}

Result<std::vector<Record>> recent(store::Database& db, const std::string& municipality_id,
                                   const std::string& entity, const std::string& entity_id,
                                   int limit) {
  return db.read([&](store::Conn& c) -> Result<std::vector<Record>> {
    auto rows = entity.empty()
        ? c.query(fmt::format("SELECT {} FROM audit_log WHERE municipality_id = $1 "
                              "ORDER BY seq DESC LIMIT $2", kColumns),
                  {municipality_id, static_cast<std::int64_t>(limit)})
        : c.query(fmt::format("SELECT {} FROM audit_log WHERE municipality_id = $1 AND entity = $2 "
                              "AND entity_id = $3 ORDER BY seq DESC LIMIT $4", kColumns),
                  {municipality_id, entity, entity_id, static_cast<std::int64_t>(limit)});
    if (!rows) return pass(rows);
    std::vector<Record> out;
    for (const auto& r : *rows) out.push_back(to_record(r));
    return out;
  });
}

Result<VerifyReport> verify(store::Database& db) {
  return db.read([&](store::Conn& c) -> Result<VerifyReport> {
    VerifyReport rep;
    std::string prev = kGenesis;
    std::int64_t expected_seq = 1;
    const std::int64_t batch = 5000;
    for (;;) {
      auto rows = c.query(fmt::format("SELECT {} FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2",
                                      kColumns),
                          {expected_seq, batch});
      if (!rows) return pass(rows);
      for (const auto& r : *rows) {
        Record rec = to_record(r);
        auto bad = [&](std::string why) {
          rep.ok = false;
          rep.first_bad_seq = rec.seq;
          rep.problem = std::move(why);
        };
        if (rec.seq != expected_seq) {
          bad(fmt::format("record {} is missing (deleted?)", expected_seq));
          return rep;
        }
        if (rec.prev_hash != prev) {
          bad(fmt::format("record {} does not link to the record before it", rec.seq));
          return rep;
        }
        if (row_hash(prev, rec.seq, rec.at, rec.entry) != rec.hash) {
          bad(fmt::format("record {} was changed after it was written", rec.seq));
          return rep;
        }
        prev = rec.hash;
        ++expected_seq;
        ++rep.records;
      }
      if (static_cast<std::int64_t>(rows->size()) < batch) break;
    }
    auto counter = c.query_one("SELECT value FROM change_counters WHERE name = 'audit'");
    if (!counter) return pass(counter);
    const std::int64_t written = *counter ? (*counter)->integer(0) : 0;
    if (written != rep.records) {
      rep.ok = false;
      rep.first_bad_seq = rep.records + 1;
      rep.problem = fmt::format("{} records were written but only {} are present (cut off the end?)",
                                written, rep.records);
    }
    rep.head_hash = prev;
    return rep;
  });
}

}  // namespace kp::audit
