// The page frame every HTML page shares: <html lang dir>, styles, skip link, header with the
// language picker and navigation, main, footer. Pages give a title and their body.
#pragma once
#include <string>

#include "http/request.hpp"
#include "web/context.hpp"
#include "web/html.hpp"

namespace kp::web {

struct Page {
  std::string title;       // translated; "… – Knutepunkt" is added
  Html body;
  bool staff = false;      // staff navigation instead of the public one
  std::string nav;         // the active navigation item
  std::string description; // meta description
  bool noindex = false;
};

// Renders a whole page. Thread-safe.
http::Response render(Context& ctx, const Page& page, int status = 200);
// A translated error page (404, 403, 400, 500 …) with a way back.
http::Response error_page(Context& ctx, int status, const std::string& heading, const std::string& text);
// The translated 503 page for a store that did not answer ("busy, try again").
http::Response busy_page(Context& ctx);
// The translated 404 page; also what a record the actor may not see gets, so its existence
// is not revealed.
http::Response not_found_page(Context& ctx);
// Marks a response as personal/staff content: no caching anywhere.
void no_store(http::Response& r);
// A staff page (staff navigation with `nav` active, not indexed).
Page staff_page(std::string title, std::string nav);
// Renders and marks the response as personal: never cached anywhere.
http::Response render_private(Context& ctx, const Page& page, int status = 200);
// A path parameter of the matched route ("" when absent).
std::string path_param(const Context& ctx, std::string_view name);

}  // namespace kp::web
