// Routes that belong to the application rather than to one capability.
#pragma once

namespace kp::app {
struct App;
void register_system_routes(App& app);      // system_pages.cpp: /healthz, /metrics, /assets
void register_account_routes(App& app);     // account_pages.cpp: login, logout, two-factor, my account
void register_user_admin_routes(App& app);  // user_admin_pages.cpp: staff accounts, audit review
}  // namespace kp::app
