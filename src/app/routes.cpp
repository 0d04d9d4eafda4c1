// Every capability's routes, in one list so a reader sees the whole surface of the server.
#include "activities/pages.hpp"
#include "app/app.hpp"
#include "app/pages.hpp"
#include "catalog/pages.hpp"
#include "equipment/pages.hpp"
#include "families/pages.hpp"
#include "messaging/sender.hpp"

namespace kp::app {

void register_routes(App& app) {
  register_system_routes(app);
  register_account_routes(app);
  catalog::register_public_routes(app);
  catalog::register_feed_routes(app);
  catalog::register_staff_routes(app);
  catalog::register_admin_routes(app);
  families::register_routes(app);
  activities::register_routes(app);
  equipment::register_routes(app);
  register_user_admin_routes(app);
  messaging::register_routes(app);  // outbox jobs and /admin/outbox
}

}  // namespace kp::app
