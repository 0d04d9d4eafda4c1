#include "families/page_kit.hpp"

#include "app/app.hpp"
#include "families/store.hpp"

namespace kp::families {

web::Page staff_page(std::string title, std::string nav) { return web::staff_page(std::move(title), std::move(nav)); }

std::optional<Family> load_family(web::Context& ctx, bool& failed) {
  failed = false;
  if (auto* f = std::any_cast<Family>(&ctx.route_data)) return *f;
  auto f = ctx.app.db->read([&](store::Conn& c) { return get_family(c, family_id(ctx)); });
  failed = !f;
  if (!f) return std::nullopt;
  return *f;
}

std::string family_id(const web::Context& ctx) { return path_param(ctx, "id"); }

web::FieldErrors to_field_errors(const FieldErrorList& list) {
  web::FieldErrors e;
  for (const auto& [f, m] : list) e.add(f, m);
  return e;
}

}  // namespace kp::families
