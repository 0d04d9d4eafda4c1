// Maintenance records (vedlikehold) of items. A record clears "maintenance due" and moves the
// item's last maintenance date, so the periodic plan counts from it (see rules.hpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "equipment/model.hpp"
#include "store/database.hpp"

namespace kp::equipment {

using store::Conn;

// Inserts `r` (id, item_id, done_on, what, cost, done_by_name, recorded_by set), clears the
// item's maintenance_due, sets last_maintained_on to done_on when that is later, and sets the
// item's condition to `condition_after` when given (e.g. good after a repair). not_found when
// the item is not in the municipality. The caller appends "item.maintenance" in the same
// transaction.
Status record_maintenance(Conn& c, const std::string& municipality_id, const MaintenanceRecord& r,
                          std::optional<Condition> condition_after, UnixSeconds now);

// The item's records, newest first.
Result<std::vector<MaintenanceRecord>> maintenance_of_item(Conn& c, const std::string& municipality_id,
                                                           const std::string& item_id);
// Records done on or after `from_date` ('YYYY-MM-DD'), for figures (cost per year …).
Result<std::vector<MaintenanceRecord>> maintenance_since(Conn& c, const std::string& municipality_id,
                                                         const std::string& from_date);

}  // namespace kp::equipment
