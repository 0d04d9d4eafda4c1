#include "app/app.hpp"
#include "families/pages.hpp"

namespace kp::families {

void register_routes(app::App& app) {
  register_family_routes(app);
  register_plan_routes(app);
  register_meeting_routes(app);
  register_progress_routes(app);
  register_intake_routes(app);
  register_help_routes(app);
  register_merge_routes(app);
  register_consent_routes(app);
  register_caseload_routes(app);
  register_records_routes(app);
}

}  // namespace kp::families
