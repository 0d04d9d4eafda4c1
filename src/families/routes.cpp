#include "app/app.hpp"
#include "families/pages.hpp"

namespace kp::families {

void register_routes(app::App& app) {
  register_family_routes(app);
}

}  // namespace kp::families
