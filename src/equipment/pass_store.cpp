#include "equipment/pass_store.hpp"

#include <algorithm>

#include "core/ids.hpp"

namespace kp::equipment {
namespace {

using store::Row;


PassBatch batch_from_row(const Row& r) {
  PassBatch b;
  b.id = r.text(0);
  b.municipality_id = r.text(1);
  b.kind = pass_kind_from(r.text(2)).value_or(PassKind::other);
  b.label = r.text(3);
  b.quantity = r.integer(4);
  b.remaining = r.integer(5);
  b.expires_on = r.text(6);
  b.received_on = r.text(7);
  b.created_by = r.text(8);
  b.created_at = r.integer(9);
  return b;
}


PassHandout handout_from_row(const Row& r) {
  PassHandout h;
  h.id = r.text(0);
  h.batch_id = r.text(1);
  h.kind = pass_kind_from(r.text(2)).value_or(PassKind::other);
  h.label = r.text(3);
  h.count = r.integer(4);
  h.borrower_id = r.opt_text(5);
  h.family_id = r.opt_text(6);
  h.measure_id = r.opt_text(7);
  h.handed_out_on = r.text(8);
  h.handed_out_by = r.text(9);
  h.created_at = r.integer(10);
  return h;
}

Result<std::vector<PassBatch>> batches(store::Conn& c, std::string_view sql, store::Params params) {
  auto rows = c.query(sql, params);
  if (!rows) return pass(rows);
  std::vector<PassBatch> out;
  for (const auto& r : *rows) out.push_back(batch_from_row(r));
  return out;
}

Result<std::vector<PassHandout>> handouts(store::Conn& c, std::string_view sql, store::Params params) {
  auto rows = c.query(sql, params);
  if (!rows) return pass(rows);
  std::vector<PassHandout> out;
  for (const auto& r : *rows) out.push_back(handout_from_row(r));
  return out;
}

}  // namespace

const char* to_string(PassKind k) {
  switch (k) {
    case PassKind::lift: return "lift";
    case PassKind::swimming: return "swimming";
    case PassKind::climbing: return "climbing";
    case PassKind::cinema: return "cinema";
    case PassKind::other: return "other";
  }
  return "other";
}

std::optional<PassKind> pass_kind_from(std::string_view s) {
  for (PassKind k : pass_kinds())
    if (s == to_string(k)) return k;
  return std::nullopt;
}

const std::vector<PassKind>& pass_kinds() {
  static const std::vector<PassKind> all{PassKind::lift, PassKind::swimming, PassKind::climbing, PassKind::cinema,
                                         PassKind::other};
  return all;
}

Status insert_pass_batch(store::Conn& c, const PassBatch& b, UnixSeconds now) {
  auto r = c.exec(
      "INSERT INTO pass_batches (id, municipality_id, kind, label, quantity, remaining, expires_on, received_on, "
      "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $9)",
      {b.id, b.municipality_id, to_string(b.kind), b.label, b.quantity, b.expires_on, b.received_on, b.created_by,
       now});
  if (!r) return pass(r);
  return {};
}

Result<std::vector<PassBatch>> pass_batches(store::Conn& c, const std::string& municipality_id) {
  return batches(c,
                 "SELECT id, municipality_id, kind, label, quantity, remaining, expires_on, received_on, created_by, "
                 "created_at FROM pass_batches WHERE municipality_id = $1 "
                 "ORDER BY CASE WHEN remaining > 0 THEN 0 ELSE 1 END, expires_on, kind, id",
                 {municipality_id});
}

Result<std::vector<PassBatch>> expired_batches(store::Conn& c, const std::string& municipality_id,
                                               std::string_view today) {
  return batches(c,
                 "SELECT id, municipality_id, kind, label, quantity, remaining, expires_on, received_on, created_by, "
                 "created_at FROM pass_batches WHERE municipality_id = $1 AND expires_on < $2 AND remaining > 0 "
                 "ORDER BY expires_on, kind, id",
                 {municipality_id, std::string(today)});
}

Result<std::vector<PassStock>> pass_stock(store::Conn& c, const std::string& municipality_id, std::string_view today) {
  auto rows = c.query(
      "SELECT kind, SUM(remaining), MIN(expires_on) FROM pass_batches "
      "WHERE municipality_id = $1 AND expires_on >= $2 AND remaining > 0 GROUP BY kind",
      {municipality_id, std::string(today)});
  if (!rows) return pass(rows);
  std::vector<PassStock> out;
  for (PassKind k : pass_kinds()) out.push_back(PassStock{k, 0, ""});
  for (const auto& r : *rows) {
    const auto k = pass_kind_from(r.text(0));
    if (!k) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const PassStock& s) { return s.kind == *k; });
    it->available = r.integer(1);
    it->next_expiry = r.text(2);
  }
  return out;
}

Result<std::vector<PassHandout>> hand_out_passes(store::Conn& c, const HandoutRequest& r, UnixSeconds now) {
  if (r.count <= 0) return invalid(N_("Write how many, at least 1."), "count");
  auto valid = batches(c,
                       "SELECT id, municipality_id, kind, label, quantity, remaining, expires_on, received_on, "
                       "created_by, created_at FROM pass_batches WHERE municipality_id = $1 AND kind = $2 AND "
                       "expires_on >= $3 AND remaining > 0 ORDER BY expires_on, received_on, id",
                       {r.municipality_id, to_string(r.kind), r.today});
  if (!valid) return pass(valid);
  std::vector<PassHandout> out;
  std::int64_t left = r.count;
  for (const auto& b : *valid) {
    if (left == 0) break;
    const std::int64_t take = std::min(left, b.remaining);
    // The condition re-checks stock and expiry in the same statement that takes: two hand-outs
    // racing for the last passes cannot both win (SQLite: one writer; PostgreSQL: SERIALIZABLE
    // plus the row lock the UPDATE takes).
    auto changed = c.exec(
        "UPDATE pass_batches SET remaining = remaining - $1, updated_at = $2 "
        "WHERE id = $3 AND municipality_id = $4 AND remaining >= $1 AND expires_on >= $5",
        {take, now, b.id, r.municipality_id, r.today});
    if (!changed) return pass(changed);
    if (*changed != 1) return fail(ErrorKind::conflict, N_("Someone else handed out passes at the same time. Try again."),
                                   "count");
    PassHandout h;
    h.id = ids::new_uuid();
    h.batch_id = b.id;
    h.kind = b.kind;
    h.label = b.label;
    h.count = take;
    h.borrower_id = r.borrower_id;
    h.family_id = r.family_id;
    h.measure_id = r.measure_id;
    h.handed_out_on = r.today;
    h.handed_out_by = r.by;
    h.created_at = now;
    auto ins = c.exec(
        "INSERT INTO pass_handouts (id, municipality_id, batch_id, kind, count, borrower_id, family_id, measure_id, "
        "handed_out_on, handed_out_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        {h.id, r.municipality_id, h.batch_id, to_string(h.kind), h.count, store::nullable(h.borrower_id),
         store::nullable(h.family_id), store::nullable(h.measure_id), h.handed_out_on, h.handed_out_by, now});
    if (!ins) return pass(ins);
    out.push_back(std::move(h));
    left -= take;
  }
  if (left > 0) return invalid(N_("There are not that many valid passes left."), "count");
  return out;
}

Result<std::vector<PassHandout>> recent_handouts(store::Conn& c, const std::string& municipality_id, int limit) {
  return handouts(c,
                  "SELECT h.id, h.batch_id, h.kind, b.label, h.count, h.borrower_id, h.family_id, h.measure_id, "
                  "h.handed_out_on, h.handed_out_by, h.created_at FROM pass_handouts h "
                  "JOIN pass_batches b ON b.id = h.batch_id WHERE h.municipality_id = $1 "
                  "ORDER BY h.created_at DESC, h.id LIMIT $2",
                  {municipality_id, static_cast<std::int64_t>(limit)});
}

Result<std::vector<PassHandout>> handouts_since(store::Conn& c, const std::string& municipality_id,
                                                std::string_view from_date) {
  return handouts(c,
                  "SELECT h.id, h.batch_id, h.kind, b.label, h.count, h.borrower_id, h.family_id, h.measure_id, "
                  "h.handed_out_on, h.handed_out_by, h.created_at FROM pass_handouts h "
                  "JOIN pass_batches b ON b.id = h.batch_id WHERE h.municipality_id = $1 AND h.handed_out_on >= $2 "
                  "ORDER BY h.handed_out_on, h.id",
                  {municipality_id, std::string(from_date)});
}

Result<std::vector<PassHandout>> handouts_of_family(store::Conn& c, const std::string& family_id) {
  return handouts(c,
                  "SELECT h.id, h.batch_id, h.kind, b.label, h.count, h.borrower_id, h.family_id, h.measure_id, "
                  "h.handed_out_on, h.handed_out_by, h.created_at FROM pass_handouts h "
                  "JOIN pass_batches b ON b.id = h.batch_id WHERE h.family_id = $1 "
                  "ORDER BY h.created_at DESC, h.id",
                  {family_id});
}

}  // namespace kp::equipment
