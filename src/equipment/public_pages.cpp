// The equipment pool for the public, without an account: "what can be borrowed now" (counts
// per item type, never who has what) and the request to reserve an item type for some dates.
// The request form follows the families' help form: rate-limited per address, and a receipt
// that holds no personal data, so a shared phone shows nothing of what was typed.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "app/app.hpp"
#include "auth/post_limit.hpp"
#include "catalog/pages.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "equipment/pages.hpp"
#include "equipment/public_views.hpp"
#include "equipment/reservation_store.hpp"
#include "equipment/rules.hpp"
#include "families/intake_rules.hpp"
#include "families/views.hpp"
#include "web/layout.hpp"

namespace kp::equipment {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

// Per client address at most 10 reservation requests in any hour (auth::PostLimit).
constexpr size_t kPostsPerHour = 10;

// The municipalities the visitor can see (the public pages' scope), and the one chosen.
struct Place {
  std::vector<catalog::Municipality> all;
  std::optional<catalog::Municipality> chosen;
  std::string query;  // "?kommune=…" when the visitor named one among several, else ""
};

Place place_of(const Context& ctx, const catalog::Snapshot& snap, const std::string& wanted) {
  Place p;
  const auto scope = catalog::public_scope(ctx, snap);
  if (scope.empty()) {
    p.all = snap.municipalities();
  } else {
    for (const auto& id : scope)
      if (const auto* m = snap.municipality(id)) p.all.push_back(*m);
  }
  if (p.all.size() == 1) {
    p.chosen = p.all.front();
    return p;
  }
  for (const auto& m : p.all)
    if (m.id == wanted) {
      p.chosen = m;
      p.query = "?kommune=" + m.id;
    }
  return p;
}

web::Page public_page(std::string title) {
  web::Page p;
  p.title = std::move(title);
  p.nav = "equipment";
  return p;
}

// A page asking which municipality, when the installation publishes several.
http::Response choose_municipality(Context& ctx, const Place& place, const std::string& path) {
  auto p = public_page(ctx.tr("Borrow equipment"));
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p><ul class="kp-list">)",
           p.title, ctx.tr("Where do you live?"));
  for (const auto& m : place.all)
    b.append(R"(<li><a class="ds-link" href="{}?kommune={}">{}</a></li>)", path, m.id, m.name);
  b.append("</ul>");
  return web::render(ctx, p);
}

Result<std::vector<Availability>> availability_of(Context& ctx, const std::string& municipality_id) {
  const std::string today = today_iso(ctx.app.clock);
  return ctx.app.db->read([&](store::Conn& c) { return public_availability(c, municipality_id, today); });
}

http::Response equipment_get(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return web::busy_page(ctx);
  const Place place = place_of(ctx, **snap, ctx.query("kommune"));
  if (!place.chosen) return choose_municipality(ctx, place, "/equipment");
  auto rows = availability_of(ctx, place.chosen->id);
  if (!rows) return web::busy_page(ctx);
  auto p = public_page(ctx.tr("Borrow equipment"));
  p.description = ctx.tr("See which sports and outdoor equipment children and families can borrow for free now.");
  p.body = availability_view(ctx, place.all.size() > 1 ? place.chosen->name : std::string(), *rows, place.query);
  return web::render(ctx, p);
}

std::vector<std::pair<std::string, std::string>> municipality_options(const Place& place) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& m : place.all) out.emplace_back(m.id, m.name);
  return out;
}

ReservationInput read_input(const Context& ctx) {
  return {ctx.field("type_id"), ctx.field("quantity"), ctx.field("from_date"), ctx.field("to_date"),
          ctx.field("name"),    ctx.field("phone"),    ctx.field("email"),     ctx.field("language"),
          ctx.field("children")};
}

http::Response form_page(Context& ctx, const Place& place, const std::vector<Availability>& types,
                         const ReservationInput& in, const std::string& municipality_id,
                         const web::FieldErrors& errors, int status) {
  auto p = public_page(ctx.tr("Ask to reserve equipment"));
  p.description = ctx.tr("Ask to borrow sports and outdoor equipment for some days. It is free.");
  p.body = reservation_form_view(ctx, types, in, errors, municipality_id, place.all.size() > 1,
                                 municipality_options(place));
  return render_private(ctx, p, status);
}

http::Response reserve_get(Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return web::busy_page(ctx);
  const Place place = place_of(ctx, **snap, ctx.query("kommune"));
  if (!place.chosen) return choose_municipality(ctx, place, "/equipment/reserve");
  auto types = availability_of(ctx, place.chosen->id);
  if (!types) return web::busy_page(ctx);
  ReservationInput in;
  in.type_id = ctx.query("type");
  return form_page(ctx, place, *types, in, place.chosen->id, {}, 200);
}

http::Response too_many(Context& ctx) {
  auto r = web::error_page(ctx, 429, ctx.tr("Too many messages"),
                           ctx.tr("Many messages have been sent from your connection. Please try again in an hour."));
  r.header("Retry-After", "3600");
  web::no_store(r);
  return r;
}

std::vector<std::string> language_codes(const Context& ctx) {
  std::vector<std::string> out;
  for (const auto& [code, name] : families::language_options(ctx)) out.push_back(code);
  return out;
}

http::Response reserve_post(Context& ctx, auth::PostLimit& limiter) {
  if (!limiter.allow(ctx.req.remote_addr)) return too_many(ctx);
  auto snap = ctx.app.catalog.get();
  if (!snap) return web::busy_page(ctx);
  const Place place = place_of(ctx, **snap, ctx.field("municipality"));
  const ReservationInput in = read_input(ctx);
  web::FieldErrors errors;
  if (!place.chosen) {
    errors.add("municipality", N_("Choose where you live."));
    return form_page(ctx, place, {}, in, "", errors, 400);
  }
  const std::string mun = place.chosen->id;
  auto types = availability_of(ctx, mun);
  if (!types) return web::busy_page(ctx);
  std::vector<std::string> type_ids;
  for (const auto& t : *types) type_ids.push_back(t.type_id);
  Reservation r;
  FieldErrorList errs;
  apply_reservation_input(in, type_ids, language_codes(ctx), ctx.lang(), today_iso(ctx.app.clock), r, errs);
  if (!errs.empty()) {
    for (const auto& [f, msg] : errs) errors.add(f, msg);
    return form_page(ctx, place, *types, in, mun, errors, 400);
  }
  r.id = ids::new_uuid();
  r.municipality_id = mun;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    // A fresh code per attempt (PostgreSQL may re-run this). A clash with an earlier receipt
    // (31^8 codes) fails the unique index and the visitor gets the "try again" page.
    r.receipt = families::make_receipt_code([](size_t n) { return crypto::random_bytes(n); });
    KP_TRY(insert_reservation(c, r, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock,
                         audit::Entry{mun, "public", "equipment.reservation_request", "equipment_reservation", r.id,
                                      ctx.req.remote_addr, "", fmt::format("{{\"type\":\"{}\"}}", r.type_id)});
  });
  if (!st) return web::busy_page(ctx);
  auto p = public_page(ctx.tr("Thank you, we have received your request"));
  p.body = reservation_receipt_view(ctx, r.receipt, place.chosen->hub_phone);
  return render_private(ctx, p, 200);
}

}  // namespace

void register_public_routes(app::App& app) {
  auto limiter = std::make_shared<auth::PostLimit>(app.clock, kPostsPerHour);
  auto& r = app.router;
  r.add(Method::GET, "/equipment", Permission::public_page, equipment_get);
  r.add(Method::GET, "/equipment/reserve", Permission::public_page, reserve_get);
  r.add(Method::POST, "/equipment/reserve", Permission::public_page,
        [limiter](Context& ctx) { return reserve_post(ctx, *limiter); });
}

}  // namespace kp::equipment
