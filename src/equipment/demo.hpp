// The fictional equipment pool of the demo municipality Fjordvik kommune (9999): two sites,
// about 150 items (skis and skates in sizes, helmets, bikes, tents, sleeping bags, life jackets,
// sledges, snowshoes, fishing rods) with maintenance plans, batches of passes and tickets (one
// of them expired), and a year of loans (~200) to fictional borrowers with children as
// co-borrowers: seasonal, returned with a condition check, maintenance recorded when due, a
// few still out and some of those overdue. Everything is invented; phone numbers use the demo
// catalog's fictional 400 series.
//
// Ids are stable (uuid_from_name(catalog::kDemoIdNamespace, "9999/equipment/…")), the loans are
// generated from a fixed seed, and dates are spread backwards from the day the seed runs, so
// some loans are always overdue whenever the demo is seeded.
#pragma once
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::equipment {

struct EquipmentDemoReport {
  int items_added = 0;
  int loans_added = 0;
  int pass_batches_added = 0;
};

// Seeds the demo equipment pool into Fjordvik kommune (9999). Needs the demo catalog and the
// demo user "koordinator" (who is recorded as lender); invalid otherwise. When the pool is
// there already nothing changes, so running it again adds nothing. One write transaction.
Result<EquipmentDemoReport> seed_demo_equipment(store::Database& db, const Clock& clock);

}  // namespace kp::equipment
