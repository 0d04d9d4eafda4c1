// Route registration for the equipment pool. register_routes() (routes.cpp) calls every
// feature's function; each lives in its own *_pages.cpp file.
#pragma once

namespace kp::app {
struct App;
}

namespace kp::equipment {

void register_routes(app::App& app);              // routes.cpp: all of the below
void register_item_routes(app::App& app);         // item_pages.cpp: overview, items, item types, sites
void register_loan_routes(app::App& app);         // loan_pages.cpp: lend, loan, return, renew, open/overdue loans
void register_maintenance_routes(app::App& app);  // maintenance_pages.cpp: record maintenance
void register_photo_routes(app::App& app);        // photo_pages.cpp: an item's photo
// equip-public:
void register_public_routes(app::App& app);       // public_pages.cpp: /equipment, /equipment/reserve
void register_reservation_routes(app::App& app);  // reservation_pages.cpp: confirm/decline, pick-up → loan
void register_pass_routes(app::App& app);         // pass_pages.cpp: passes and tickets (counted, expiry)
void register_plan_link_routes(app::App& app);    // plan_link_pages.cpp: lend/hand out as a family plan measure
void register_figures_routes(app::App& app);      // figures_pages.cpp: /staff/equipment/figures

}  // namespace kp::equipment
