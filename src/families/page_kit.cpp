#include "families/page_kit.hpp"

#include "app/app.hpp"
#include "families/store.hpp"

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

std::optional<Family> load_family(web::Context& ctx, bool& failed) {
  failed = false;
  if (auto* f = std::any_cast<Family>(&ctx.route_data)) return *f;
  auto f = ctx.app.db->read([&](store::Conn& c) { return get_family(c, family_id(ctx)); });
  failed = !f;
  if (!f) return std::nullopt;
  return *f;
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
