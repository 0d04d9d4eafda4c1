#include "app/app.hpp"
#include "equipment/pages.hpp"
#include "equipment/reminders.hpp"

namespace kp::equipment {

void register_routes(app::App& app) {
  register_item_routes(app);
  register_loan_routes(app);
  register_maintenance_routes(app);
  register_photo_routes(app);
  register_public_routes(app);       // equip-public
  register_reservation_routes(app);
  register_pass_routes(app);
  register_plan_link_routes(app);
  register_figures_routes(app);
  app.jobs.add("equipment.overdue_reminders", 3600,
               [](app::App& a) -> Status { return enqueue_overdue_reminders(*a.db, a.clock, a.catalogs); });
}

}  // namespace kp::equipment
