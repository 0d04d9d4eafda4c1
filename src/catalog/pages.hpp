// Route registration for the catalog capability; each function adds its routes to app.router.
#pragma once
#include <string>
#include <vector>

#include "catalog/search.hpp"
#include "web/context.hpp"
#include "web/router.hpp"

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
// Wraps a public handler so that anonymous GETs are answered from app.pages while the catalog
// is unchanged. Responses that set a cookie or carry a CSRF token are never stored.
web::Handler cached(web::Handler handler);
// The published offer with this id if the installation publishes its municipality, else null.
const Offer* public_offer(const web::Context& ctx, const Snapshot& snap, std::string_view id);

}  // namespace kp::catalog
