// Route registration for the catalog capability; each function adds its routes to app.router.
#pragma once
#include <string>
#include <vector>

#include "catalog/search.hpp"
#include "web/context.hpp"

namespace kp::app {
struct App;
}

namespace kp::catalog {

void register_public_routes(app::App& app);   // public_pages.cpp
void register_feed_routes(app::App& app);     // feeds.cpp: iCalendar, brochure, JSON API, HSDS
void register_staff_routes(app::App& app);    // staff_pages.cpp: editors' offer pages
void register_admin_routes(app::App& app);    // admin_pages.cpp: organisations, categories

// The municipalities the public pages show for this request: the installation's public
// municipalities, narrowed by ?kommune= when given. Empty means every municipality.
std::vector<std::string> public_scope(const web::Context& ctx, const Snapshot& snap);

}  // namespace kp::catalog
