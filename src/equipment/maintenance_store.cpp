#include "equipment/maintenance_store.hpp"

namespace kp::equipment {
namespace {

using store::Row;

constexpr const char* kColumns = "id, item_id, done_on, what, cost_ore, done_by_name, recorded_by, recorded_at";

MaintenanceRecord record_from_row(const Row& r) {
  MaintenanceRecord m;
  m.id = r.text(0);
  m.item_id = r.text(1);
  m.done_on = r.text(2);
  m.what = r.text(3);
  m.cost_ore = r.integer(4);
  m.done_by_name = r.text(5);
  m.recorded_by = r.text(6);
  m.recorded_at = r.integer(7);
  return m;
}

Result<std::vector<MaintenanceRecord>> records_from(Result<store::Rows> rows) {
  if (!rows) return pass(rows);
  std::vector<MaintenanceRecord> out;
  for (const auto& r : *rows) out.push_back(record_from_row(r));
  return out;
}

}  // namespace

Status record_maintenance(Conn& c, const std::string& municipality_id, const MaintenanceRecord& r,
                          std::optional<Condition> condition_after, UnixSeconds now) {
  auto item = c.query_one("SELECT last_maintained_on, condition FROM items WHERE municipality_id = $1 AND id = $2",
                          {municipality_id, r.item_id});
  if (!item) return pass(item);
  if (!*item) return not_found();
  const std::string last = std::max((*item)->text(0), r.done_on);
  const std::string condition = condition_after ? to_string(*condition_after) : (*item)->text(1);
  auto n = c.exec(
      "INSERT INTO maintenance_records (id, municipality_id, item_id, done_on, what, cost_ore, done_by_name, "
      "recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {r.id, municipality_id, r.item_id, r.done_on, r.what, r.cost_ore, r.done_by_name, r.recorded_by, now});
  if (!n) return pass(n);
  auto up = c.exec(
      "UPDATE items SET maintenance_due = 0, last_maintained_on = $1, condition = $2, updated_at = $3, "
      "version = version + 1 WHERE municipality_id = $4 AND id = $5",
      {last, condition, now, municipality_id, r.item_id});
  if (!up) return pass(up);
  return {};
}

Result<std::vector<MaintenanceRecord>> maintenance_of_item(Conn& c, const std::string& municipality_id,
                                                           const std::string& item_id) {
  return records_from(c.query(std::string("SELECT ") + kColumns +
                                  " FROM maintenance_records WHERE municipality_id = $1 AND item_id = $2 "
                                  "ORDER BY done_on DESC, recorded_at DESC, id",
                              {municipality_id, item_id}));
}

Result<std::vector<MaintenanceRecord>> maintenance_since(Conn& c, const std::string& municipality_id,
                                                         const std::string& from_date) {
  return records_from(c.query(std::string("SELECT ") + kColumns +
                                  " FROM maintenance_records WHERE municipality_id = $1 AND done_on >= $2 "
                                  "ORDER BY done_on, id",
                              {municipality_id, from_date}));
}

}  // namespace kp::equipment
