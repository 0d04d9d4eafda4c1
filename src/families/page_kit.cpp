#include "families/page_kit.hpp"

namespace kp::families {

web::Page staff_page(std::string title, std::string nav) {
  web::Page p;
  p.title = std::move(title);
  p.staff = true;
  p.nav = std::move(nav);
  p.noindex = true;
  return p;
}

http::Response render_private(web::Context& ctx, const web::Page& page, int status) {
  auto r = web::render(ctx, page, status);
  web::no_store(r);
  return r;
}

std::string path_param(const web::Context& ctx, std::string_view name) {
  return std::string(http::find(ctx.req.path_params, name).value_or(""));
}

std::string family_id(const web::Context& ctx) { return path_param(ctx, "id"); }

web::FieldErrors to_field_errors(const FieldErrorList& list) {
  web::FieldErrors e;
  for (const auto& [f, m] : list) e.add(f, m);
  return e;
}

}  // namespace kp::families
