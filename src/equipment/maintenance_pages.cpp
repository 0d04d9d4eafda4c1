// Recording maintenance of an item: what was done, when, by whom, what it cost, and the
// condition afterwards. A record clears "maintenance due", so the item can be lent again.
#include <fmt/format.h>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "equipment/maintenance_store.hpp"
#include "equipment/pages.hpp"
#include "equipment/rules.hpp"
#include "equipment/store.hpp"
#include "equipment/views.hpp"
#include "web/forms.hpp"

namespace kp::equipment {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

const std::string& municipality(const Context& ctx) { return ctx.actor->municipality_id; }

http::Response form_page(Context& ctx, const Item& item, const MaintenanceInput& in, const web::FieldErrors& errors,
                         int status) {
  auto p = staff_page(ctx.t.tr_args("Maintenance of {item}", {{"item", item.number}}));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="{}">{}</a></p>)", item_path(item.id), item_label(item));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})", item_path(item.id, "maintenance"),
           web::csrf_field(ctx));
  web::FieldOptions what;
  what.required = true;
  what.rows = 3;
  what.dir = "auto";
  b.append(web::text_field(ctx, "what", ctx.tr("What was done"), in.what, errors, what));
  web::FieldOptions by;
  by.required = true;
  by.hint = ctx.tr("A person, a volunteer group or a shop.");
  b.append(web::text_field(ctx, "done_by_name", ctx.tr("Done by"), in.done_by_name, errors, by));
  web::FieldOptions date;
  date.type = "date";
  b.append(web::text_field(ctx, "done_on", ctx.tr("Date"), in.done_on.empty() ? today_iso(ctx.app.clock) : in.done_on,
                           errors, date));
  web::FieldOptions cost;
  cost.inputmode = "decimal";
  cost.autocomplete = "off";
  cost.hint = ctx.tr("In kroner. Leave empty when it cost nothing.");
  b.append(web::text_field(ctx, "cost", ctx.tr("Cost"), in.cost, errors, cost));
  std::vector<std::pair<std::string, std::string>> conditions{{"", ctx.tr("Unchanged")}};
  for (auto& o : condition_options(ctx, true)) conditions.push_back(o);
  b.append(web::select_field(ctx, "condition_after", ctx.tr("Condition afterwards"), conditions,
                             in.condition_after.empty() && item.condition == Condition::needs_repair ? "good"
                                                                                                      : in.condition_after,
                             errors,
                             ctx.t.tr_args("Now: {condition}", {{"condition", ctx.tr(condition_label(item.condition))}})));
  b.append(web::button(ctx.tr("Record the maintenance")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

Result<std::optional<Item>> load_item(Context& ctx) {
  const std::string id = path_param(ctx, "id");
  return ctx.app.db->read([&](store::Conn& c) { return get_item(c, municipality(ctx), id); });
}

http::Response maintenance_get(Context& ctx) {
  auto item = load_item(ctx);
  if (!item) return web::busy_page(ctx);
  if (!*item) return web::not_found_page(ctx);
  return form_page(ctx, **item, {}, {}, 200);
}

http::Response maintenance_post(Context& ctx) {
  auto item = load_item(ctx);
  if (!item) return web::busy_page(ctx);
  if (!*item) return web::not_found_page(ctx);
  const MaintenanceInput in{ctx.field("done_on"), ctx.field("what"), ctx.field("cost"), ctx.field("done_by_name"),
                            ctx.field("condition_after")};
  MaintenanceRecord r;
  std::optional<Condition> after;
  FieldErrorList errs;
  apply_maintenance_input(in, today_iso(ctx.app.clock), r, after, errs);
  if (!errs.empty()) return form_page(ctx, **item, in, to_field_errors(ctx, errs), 400);
  r.id = ids::new_uuid();
  r.item_id = (*item)->id;
  r.recorded_by = ctx.actor->user_id;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(record_maintenance(c, municipality(ctx), r, after, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock,
                         audit_entry(ctx, "equipment.maintenance", "equipment_item", r.item_id,
                                     fmt::format(R"({{"record":"{}","cost_ore":{},"condition":"{}"}})", r.id, r.cost_ore,
                                                 after ? to_string(*after) : "")));
  });
  if (!st && st.error().kind == ErrorKind::not_found) return web::not_found_page(ctx);
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(item_path(r.item_id) + "?saved=maintenance");
}

}  // namespace

void register_maintenance_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff/equipment/items/{id:uuid}/maintenance", Permission::equipment_manage, maintenance_get);
  r.add(Method::POST, "/staff/equipment/items/{id:uuid}/maintenance", Permission::equipment_manage, maintenance_post);
}

}  // namespace kp::equipment
