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

// The rest of the hub's demo staff that the demo families need: nine more coordinators (with
// "koordinator", the ten of Kristiansand's model) and service employees of several services.
// Plain accounts with the demo password; seed-demo does not print them, so the login list stays
// the five of demo_logins().
struct DemoStaff {
  std::string username, role, service, display_name;
};
const std::vector<DemoStaff>& demo_family_staff();
// Creates demo_family_staff() accounts that do not exist yet (about a tenth of a second each:
// argon2id). Needs the demo municipality. Idempotent.
Status seed_demo_family_staff(store::Database& db, const Clock& clock);

}  // namespace kp::app
