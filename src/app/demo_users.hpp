// The demo staff accounts, one per role, for `seed-demo` and the README.
#pragma once
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::app {

struct DemoLogin {
  std::string username, role, display_name, description;
};
// The password every demo account gets. Demo only: printed by `make run`.
inline constexpr const char* kDemoPassword = "Fjordvik sommer 2026";
const std::vector<DemoLogin>& demo_logins();
// Creates the demo accounts in the demo municipality if they do not exist. Idempotent.
Status seed_demo_users(store::Database& db, const Clock& clock);

}  // namespace kp::app
