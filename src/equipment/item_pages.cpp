// Staff pages of the stock: the overview of every item with its status, one item with its
// history of loans and maintenance, new/edit item, item types and sites.
#include <fmt/format.h>

#include <map>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "equipment/loan_store.hpp"
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

std::vector<std::pair<std::string, std::string>> status_options(const Context& ctx) {
  std::vector<std::pair<std::string, std::string>> out{{"", ctx.tr("All")}};
  for (ItemStatus s : {ItemStatus::available, ItemStatus::on_loan, ItemStatus::maintenance_due,
                       ItemStatus::needs_repair, ItemStatus::retired})
    out.emplace_back(to_string(s), ctx.tr(status_label(s)));
  return out;
}

std::vector<std::pair<std::string, std::string>> site_options(const Context& ctx, const std::vector<Site>& sites,
                                                              const char* none_label) {
  std::vector<std::pair<std::string, std::string>> out{{"", ctx.tr(none_label)}};
  for (const auto& s : sites) out.emplace_back(s.id, s.name);
  return out;
}

Html actions_bar(const Context& ctx) {
  Html b;
  b.append(R"(<div class="kp-actions kp-equipment-actions">)");
  b.append(R"(<a class="ds-button" data-variant="primary" href="/staff/equipment/lend">{}</a>)", ctx.tr("Lend equipment"));
  b.append(R"(<a class="ds-button" data-variant="secondary" href="/staff/equipment/loans">{}</a>)", ctx.tr("Loans out"));
  b.append(R"(<a class="ds-button" data-variant="secondary" href="/staff/equipment/loans?overdue=1">{}</a>)",
           ctx.tr("Overdue loans"));
  b.append(R"(<a class="ds-button" data-variant="secondary" href="/staff/equipment/items/new">{}</a>)", ctx.tr("New item"));
  b.append(R"(<a class="ds-button" data-variant="secondary" href="/staff/equipment/types">{}</a>)", ctx.tr("Item types"));
  b.append(R"(<a class="ds-button" data-variant="secondary" href="/staff/equipment/sites">{}</a>)", ctx.tr("Sites"));
  b.append("</div>");
  // Pages of equip-public's features (reservations, passes, figures).
  b.append(R"(<ul class="kp-equipment-links"><li><a class="ds-link" href="/staff/equipment/reservations">{}</a></li><li><a class="ds-link" href="/staff/equipment/passes">{}</a></li><li><a class="ds-link" href="/staff/equipment/figures">{}</a></li></ul>)",
           ctx.tr("Reservations"), ctx.tr("Passes and tickets"), ctx.tr("Figures"));
  return b;
}

// ---- overview ---------------------------------------------------------------------------------

http::Response overview(Context& ctx) {
  const std::string today = today_iso(ctx.app.clock);
  ItemQuery q;
  q.municipality_id = municipality(ctx);
  q.category = is_category(ctx.query("category")) ? ctx.query("category") : "";
  q.site_id = ids::is_uuid(ctx.query("site")) ? ctx.query("site") : "";
  const std::string want_status = ctx.query("status");
  const std::string find = ctx.query("q");
  const auto find_words = text::words(text::fold(find));
  q.include_retired = want_status == "retired";
  std::vector<Item> items;
  std::vector<Site> sites;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto i = list_items(c, q);
    if (!i) return pass(i);
    items = std::move(*i);
    auto s = list_sites(c, q.municipality_id);
    if (!s) return pass(s);
    sites = std::move(*s);
    return {};
  });
  if (!st) return web::busy_page(ctx);

  std::map<ItemStatus, int> counts;
  std::vector<std::pair<Item, ItemStatus>> shown;
  for (auto& i : items) {
    const ItemStatus s = status_of(i, today);
    ++counts[s];
    if (!want_status.empty() && want_status != to_string(s)) continue;
    if (!find_words.empty()) {
      const auto have = text::words(text::fold(i.number + " " + i.type_name + " " + i.type_size));
      bool all = true;
      for (const auto& w : find_words) {
        bool hit = false;
        for (const auto& h : have) hit = hit || h.find(w) != std::string::npos;
        all = all && hit;
      }
      if (!all) continue;
    }
    shown.emplace_back(std::move(i), s);
  }

  auto p = staff_page(ctx.tr("Equipment"));
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(saved_notice(ctx));
  b.append(actions_bar(ctx));
  b.append(R"(<ul class="kp-equipment-counts">)");
  for (ItemStatus s : {ItemStatus::available, ItemStatus::on_loan, ItemStatus::maintenance_due, ItemStatus::needs_repair})
    b.append(R"(<li><a class="ds-link" href="/staff/equipment?status={}"><strong>{}</strong> {}</a></li>)", to_string(s),
             ctx.t.number(counts[s]), ctx.tr(status_label(s)));
  b.append("</ul>");

  web::FieldErrors none;
  b.append(R"(<form method="get" action="/staff/equipment" class="kp-form kp-inline-fields" role="search" aria-label="{}">)",
           ctx.tr("Filter equipment"));
  web::FieldOptions fo;
  fo.type = "search";
  fo.autocomplete = "off";
  b.append(web::text_field(ctx, "q", ctx.tr("Number or type"), find, none, fo));
  b.append(web::select_field(ctx, "category", ctx.tr("Category"), category_options(ctx, true), q.category, none));
  b.append(web::select_field(ctx, "status", ctx.tr("Status"), status_options(ctx), want_status, none));
  b.append(web::select_field(ctx, "site", ctx.tr("Site"), site_options(ctx, sites, N_("All sites")), q.site_id, none));
  b.append(web::button(ctx.tr("Show"), false));
  b.append("</form>");

  if (shown.empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p>)", items.empty() && want_status.empty()
                                                     ? ctx.tr("No equipment is registered yet. Start with an item type.")
                                                     : ctx.tr("No equipment matches the filter."));
    return render_private(ctx, p);
  }
  std::string current;
  for (const auto& [i, s] : shown) {
    if (i.category != current) {
      if (!current.empty()) b.append("</tbody></table></div></section>");
      current = i.category;
      const std::string hid = "cat-" + current;
      b.append(R"(<section aria-labelledby="{}"><h2 class="ds-heading" data-size="sm" id="{}">{}</h2>)", hid, hid,
               ctx.tr(category_label(current)));
      b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
               ctx.tr("Number"), ctx.tr("Type"), ctx.tr("Site"), ctx.tr("Available"), ctx.tr("Status"));
    }
    const std::string avail = i.counted ? ctx.t.tr_args("{n} of {total}", {{"n", ctx.t.number(i.available())},
                                                                            {"total", ctx.t.number(i.quantity)}})
                                        : (i.available() > 0 ? ctx.tr("Yes") : ctx.tr("No"));
    b.append(R"(<tr><th scope="row"><a class="ds-link" href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>)",
             item_path(i.id), i.number, i.type_size.empty() ? i.type_name : i.type_name + " " + i.type_size,
             i.site_name, avail, status_tag(ctx, s));
  }
  b.append("</tbody></table></div></section>");
  return render_private(ctx, p);
}

// ---- one item -------------------------------------------------------------------------------------

http::Response item_view(Context& ctx) {
  const std::string id = path_param(ctx, "id");
  const std::string today = today_iso(ctx.app.clock);
  std::optional<Item> item;
  std::vector<Loan> loans;
  std::vector<MaintenanceRecord> records;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto i = get_item(c, municipality(ctx), id);
    if (!i) return pass(i);
    item = std::move(*i);
    if (!item) return {};
    auto l = loans_of_item(c, municipality(ctx), id, 100);
    if (!l) return pass(l);
    loans = std::move(*l);
    auto m = maintenance_of_item(c, municipality(ctx), id);
    if (!m) return pass(m);
    records = std::move(*m);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  if (!item) return web::not_found_page(ctx);
  std::vector<std::string> borrowers;
  for (const auto& l : loans) borrowers.push_back(l.borrower_id);
  if (!log_borrower_reads(ctx, borrowers, "borrower.list")) return web::busy_page(ctx);

  const ItemStatus s = status_of(*item, today);
  auto p = staff_page(item->number + " · " + item->type_name);
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/staff/equipment">{}</a></p>)", ctx.tr("All equipment"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(saved_notice(ctx));
  b.append(R"(<p class="ds-paragraph">{}</p>)", status_tag(ctx, s));
  if (s == ItemStatus::maintenance_due)
    b.append(R"(<div class="ds-alert" data-color="warning"><p class="ds-paragraph">{}</p></div>)",
             ctx.tr("This item needs maintenance before it can be lent again. Record the maintenance first."));

  b.append(R"(<div class="kp-actions">)");
  if (s == ItemStatus::available || (item->counted && item->available() > 0 && lendable(*item, today)))
    b.append(R"(<a class="ds-button" data-variant="primary" href="/staff/equipment/lend?item={}">{}</a>)", item->number,
             ctx.tr("Lend this item"));
  for (const auto& l : loans)
    if (l.open())
      b.append(R"(<a class="ds-button" data-variant="primary" href="{}">{}<span class="kp-visually-hidden"> {}</span></a>)",
               loan_path(l.id), ctx.tr("Return or renew"), l.borrower_name);
  b.append(R"(<a class="ds-button" data-variant="secondary" href="{}">{}</a>)", item_path(item->id, "maintenance"),
           ctx.tr("Record maintenance"));
  b.append(R"(<a class="ds-button" data-variant="secondary" href="{}">{}</a>)", item_path(item->id, "edit"),
           ctx.tr("Change item"));
  b.append("</div>");

  std::string plan;
  if (item->maintenance_after_each_loan) plan = ctx.tr("After each loan");
  if (item->maintenance_every_months) {
    if (!plan.empty()) plan += " · ";
    plan += ctx.t.trn("Every {n} month", "Every {n} months", *item->maintenance_every_months);
  }
  if (plan.empty()) plan = ctx.tr("No plan");
  const auto next = next_periodic_maintenance(*item);
  b.append(R"(<dl class="kp-facts"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>)",
           ctx.tr("Category"), ctx.tr(category_label(item->category)), ctx.tr("Type"),
           item->type_size.empty() ? item->type_name : item->type_name + " " + item->type_size, ctx.tr("Condition"),
           ctx.tr(condition_label(item->condition)), ctx.tr("Site"),
           item->site_name.empty() ? ctx.tr("Not set") : item->site_name);
  if (item->counted)
    b.append("<dt>{}</dt><dd>{}</dd>", ctx.tr("Available"),
             ctx.t.tr_args("{n} of {total}", {{"n", ctx.t.number(item->available())}, {"total", ctx.t.number(item->quantity)}}));
  b.append("<dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>", ctx.tr("Maintenance plan"), plan, ctx.tr("Last maintenance"),
           item->last_maintained_on.empty() ? ctx.tr("Never") : date_label(ctx, item->last_maintained_on));
  if (next) b.append("<dt>{}</dt><dd>{}</dd>", ctx.tr("Next periodic maintenance"), date_label(ctx, *next));
  if (!item->note.empty()) b.append(R"(<dt>{}</dt><dd dir="auto">{}</dd>)", ctx.tr("Note"), item->note);
  b.append("</dl>");
  b.append(photo_section(ctx, *item));

  b.append(R"(<section aria-labelledby="loans-h"><h2 class="ds-heading" data-size="sm" id="loans-h">{}</h2>)",
           ctx.tr("Loans"));
  if (loans.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("Not lent yet."));
  else {
    b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
             ctx.tr("Out"), ctx.tr("Borrower"), ctx.tr("Due"), ctx.tr("Returned"), ctx.tr("Condition at return"));
    for (const auto& l : loans) {
      std::string cond;
      for (const auto& line : l.lines)
        if (line.item_id == item->id && !line.return_condition.empty())
          if (auto c = condition_from(line.return_condition)) cond = ctx.tr(condition_label(*c));
      b.append(R"(<tr><td><a class="ds-link" href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>)",
               loan_path(l.id), ctx.t.date_long(l.out_at), l.borrower_name, date_label(ctx, l.due_on),
               l.returned_at ? ctx.t.date_long(*l.returned_at) : ctx.tr("Not yet"), cond);
    }
    b.append("</tbody></table></div>");
  }
  b.append("</section>");

  b.append(R"(<section aria-labelledby="maint-h"><h2 class="ds-heading" data-size="sm" id="maint-h">{}</h2>)",
           ctx.tr("Maintenance"));
  if (records.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No maintenance recorded yet."));
  else {
    b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
             ctx.tr("Date"), ctx.tr("What was done"), ctx.tr("Done by"), ctx.tr("Cost"));
    for (const auto& r : records)
      b.append(R"(<tr><td>{}</td><td dir="auto">{}</td><td>{}</td><td>{}</td></tr>)", date_label(ctx, r.done_on), r.what,
               r.done_by_name, money_label(ctx, r.cost_ore));
    b.append("</tbody></table></div>");
  }
  b.append("</section>");
  return render_private(ctx, p);
}

// ---- new / edit item ------------------------------------------------------------------------------

struct ItemFormData {
  std::vector<ItemType> types;
  std::vector<Site> sites;
};

Result<ItemFormData> load_item_form_data(Context& ctx) {
  return ctx.app.db->read([&](store::Conn& c) -> Result<ItemFormData> {
    ItemFormData d;
    auto t = list_types(c, municipality(ctx));
    if (!t) return pass(t);
    d.types = std::move(*t);
    auto s = list_sites(c, municipality(ctx));
    if (!s) return pass(s);
    d.sites = std::move(*s);
    return d;
  });
}

http::Response item_form(Context& ctx, const ItemFormData& data, const ItemInput& in, const std::string& item_id,
                         std::int64_t version, const web::FieldErrors& errors, int status) {
  const bool edit = !item_id.empty();
  auto p = staff_page(edit ? ctx.tr("Change item") : ctx.tr("New item"));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="{}">{}</a></p>)",
           edit ? item_path(item_id) : std::string("/staff/equipment"), ctx.tr("Back"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  if (data.types.empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p><p class="ds-paragraph"><a class="ds-button" data-variant="primary" href="/staff/equipment/types/new">{}</a></p>)",
             ctx.tr("Create an item type first, for example Cross-country skis 150 cm."), ctx.tr("New item type"));
    return render_private(ctx, p, status);
  }
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})",
           edit ? item_path(item_id, "edit") : std::string("/staff/equipment/items/new"), web::csrf_field(ctx));
  if (edit) b.append(R"(<input type="hidden" name="version" value="{}">)", std::to_string(version));
  std::vector<std::pair<std::string, std::string>> types{{"", ctx.tr("Choose")}};
  for (const auto& t : data.types)
    types.emplace_back(t.id, std::string(ctx.tr(category_label(t.category))) + ": " + type_label(t) +
                                 (t.counted ? " (" + ctx.tr("counted stock") + ")" : ""));
  b.append(web::select_field(ctx, "type_id", ctx.tr("Type"), types, in.type_id, errors));
  web::FieldOptions num;
  num.required = true;
  num.autocomplete = "off";
  num.hint = ctx.tr("The label on the item, for example SKI-014. For counted stock, a name for the stock, for example SWIM-TICKETS.");
  b.append(web::text_field(ctx, "number", ctx.tr("Number"), in.number, errors, num));
  b.append(web::select_field(ctx, "condition", ctx.tr("Condition"), condition_options(ctx, true),
                             in.condition.empty() ? "good" : in.condition, errors));
  b.append(web::select_field(ctx, "site_id", ctx.tr("Site"), site_options(ctx, data.sites, N_("Not set")), in.site_id,
                             errors));
  web::FieldOptions qty;
  qty.type = "number";
  qty.inputmode = "numeric";
  qty.hint = ctx.tr("Only for counted stock: how many there are. Numbered items are always one.");
  b.append(web::text_field(ctx, "quantity", ctx.tr("Quantity"), in.quantity.empty() ? "1" : in.quantity, errors, qty));
  web::FieldOptions note;
  note.rows = 3;
  note.dir = "auto";
  b.append(web::text_field(ctx, "note", ctx.tr("Note"), in.note, errors, note));
  b.append(web::button(edit ? ctx.tr("Save") : ctx.tr("Create the item")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

ItemInput read_item_input(const Context& ctx) {
  return {ctx.field("type_id"), ctx.field("number"), ctx.field("condition"), ctx.field("site_id"), ctx.field("note"),
          ctx.field("quantity")};
}

// Validates the input against the chosen type and site (they must be the municipality's).
void validate_item(const ItemFormData& data, const ItemInput& in, Item& item, FieldErrorList& errs) {
  const ItemType* type = nullptr;
  for (const auto& t : data.types)
    if (t.id == in.type_id) type = &t;
  apply_item_input(in, type && type->counted, item, errs);
  if (!in.type_id.empty() && !type) errs.emplace_back("type_id", N_("Choose the type of item."));
  if (item.site_id) {
    bool found = false;
    for (const auto& s : data.sites) found = found || s.id == *item.site_id;
    if (!found) errs.emplace_back("site_id", N_("Choose a site from the list."));
  }
}

http::Response item_new_get(Context& ctx) {
  auto data = load_item_form_data(ctx);
  if (!data) return web::busy_page(ctx);
  ItemInput in;
  in.type_id = ctx.query("type");
  return item_form(ctx, *data, in, "", 0, {}, 200);
}

http::Response item_new_post(Context& ctx) {
  auto data = load_item_form_data(ctx);
  if (!data) return web::busy_page(ctx);
  const ItemInput in = read_item_input(ctx);
  Item item;
  FieldErrorList errs;
  validate_item(*data, in, item, errs);
  if (!errs.empty()) return item_form(ctx, *data, in, "", 0, to_field_errors(ctx, errs), 400);
  item.id = ids::new_uuid();
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(insert_item(c, municipality(ctx), item, now));
    return audit::append(c, ctx.app.clock,
                         audit_entry(ctx, "equipment.item_create", "equipment_item", item.id,
                                     fmt::format(R"({{"type":"{}"}})", item.type_id)));
  });
  if (!st && st.error().kind == ErrorKind::invalid)
    return item_form(ctx, *data, in, "", 0, to_field_errors(ctx, {{st.error().field, st.error().message}}), 400);
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(item_path(item.id) + "?saved=1");
}

http::Response item_edit_get(Context& ctx) {
  const std::string id = path_param(ctx, "id");
  auto data = load_item_form_data(ctx);
  if (!data) return web::busy_page(ctx);
  auto item = ctx.app.db->read([&](store::Conn& c) { return get_item(c, municipality(ctx), id); });
  if (!item) return web::busy_page(ctx);
  if (!*item) return web::not_found_page(ctx);
  const Item& i = **item;
  ItemInput in{i.type_id, i.number, to_string(i.condition), i.site_id.value_or(""), i.note, std::to_string(i.quantity)};
  return item_form(ctx, *data, in, id, i.version, {}, 200);
}

http::Response item_edit_post(Context& ctx) {
  const std::string id = path_param(ctx, "id");
  auto data = load_item_form_data(ctx);
  if (!data) return web::busy_page(ctx);
  const ItemInput in = read_item_input(ctx);
  std::int64_t version = 0;
  try {
    version = std::stoll(ctx.field("version"));
  } catch (...) {
    version = 0;
  }
  Item item;
  item.id = id;
  FieldErrorList errs;
  validate_item(*data, in, item, errs);
  if (!errs.empty()) return item_form(ctx, *data, in, id, version, to_field_errors(ctx, errs), 400);
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(update_item(c, municipality(ctx), item, version, now));
    return audit::append(c, ctx.app.clock, audit_entry(ctx, "equipment.item_update", "equipment_item", id));
  });
  if (!st && (st.error().kind == ErrorKind::invalid || st.error().kind == ErrorKind::conflict)) {
    const std::string field = st.error().field.empty() ? "number" : st.error().field;
    return item_form(ctx, *data, in, id, version, to_field_errors(ctx, {{field, st.error().message}}),
                     st.error().kind == ErrorKind::conflict ? 409 : 400);
  }
  if (!st && st.error().kind == ErrorKind::not_found) return web::not_found_page(ctx);
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(item_path(id) + "?saved=1");
}

// ---- item types ---------------------------------------------------------------------------------

http::Response types_list(Context& ctx) {
  auto types = ctx.app.db->read([&](store::Conn& c) { return list_types(c, municipality(ctx)); });
  if (!types) return web::busy_page(ctx);
  auto p = staff_page(ctx.tr("Item types"));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/staff/equipment">{}</a></p>)", ctx.tr("All equipment"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(saved_notice(ctx));
  b.append(R"(<p class="ds-paragraph"><a class="ds-button" data-variant="primary" href="/staff/equipment/types/new">{}</a></p>)",
           ctx.tr("New item type"));
  if (types->empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No item types yet."));
    return render_private(ctx, p);
  }
  b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
           ctx.tr("Type"), ctx.tr("Category"), ctx.tr("Stock"), ctx.tr("Maintenance plan"), ctx.tr("Shown to the public"));
  for (const auto& t : *types) {
    std::string plan;
    if (t.maintenance_after_each_loan) plan = ctx.tr("After each loan");
    if (t.maintenance_every_months) {
      if (!plan.empty()) plan += " · ";
      plan += ctx.t.trn("Every {n} month", "Every {n} months", *t.maintenance_every_months);
    }
    b.append(R"(<tr><th scope="row"><a class="ds-link" href="/staff/equipment/types/{}/edit">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>)",
             t.id, type_label(t), ctx.tr(category_label(t.category)),
             t.counted ? ctx.tr("Counted stock") : ctx.tr("Numbered items"), plan.empty() ? ctx.tr("No plan") : plan,
             t.is_public ? ctx.tr("Yes") : ctx.tr("No"));
  }
  b.append("</tbody></table></div>");
  return render_private(ctx, p);
}

TypeInput read_type_input(const Context& ctx) {
  return {ctx.field("category"), ctx.field("name"),     ctx.field("size"),      ctx.field("counted"),
          ctx.field("every_months"), ctx.field("after_each_loan"), ctx.field("public"), ctx.field("description")};
}

http::Response type_form(Context& ctx, const TypeInput& in, const std::string& type_id, std::int64_t version,
                         const web::FieldErrors& errors, int status) {
  const bool edit = !type_id.empty();
  auto p = staff_page(edit ? ctx.tr("Change item type") : ctx.tr("New item type"));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/staff/equipment/types">{}</a></p>)", ctx.tr("Item types"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})",
           edit ? "/staff/equipment/types/" + type_id + "/edit" : std::string("/staff/equipment/types/new"),
           web::csrf_field(ctx));
  if (edit) b.append(R"(<input type="hidden" name="version" value="{}">)", std::to_string(version));
  std::vector<std::pair<std::string, std::string>> cats{{"", ctx.tr("Choose")}};
  for (auto& o : category_options(ctx, false)) cats.push_back(o);
  b.append(web::select_field(ctx, "category", ctx.tr("Category"), cats, in.category, errors));
  web::FieldOptions name;
  name.required = true;
  b.append(web::text_field(ctx, "name", ctx.tr("Name"), in.name, errors, name));
  web::FieldOptions size;
  size.hint = ctx.tr("For example 150 cm, 36 or S. Leave empty when it has no size.");
  b.append(web::text_field(ctx, "size", ctx.tr("Size"), in.size, errors, size));
  b.append(web::checkbox("counted", "1", ctx.tr("Counted stock (many alike, not numbered one by one), for example tickets"),
                         in.counted == "1" || in.counted == "on"));
  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("Maintenance plan"));
  b.append(web::checkbox("after_each_loan", "1", ctx.tr("Maintain after each loan"),
                         in.after_each_loan == "1" || in.after_each_loan == "on"));
  web::FieldOptions months;
  months.type = "number";
  months.inputmode = "numeric";
  months.hint = ctx.tr("Leave empty when there is no periodic maintenance.");
  b.append(web::text_field(ctx, "every_months", ctx.tr("Maintain every … months"), in.every_months, errors, months));
  b.append("</fieldset>");
  b.append(web::checkbox("public", "1", ctx.tr("Show on the public page of what can be borrowed"),
                         in.is_public == "1" || in.is_public == "on"));
  web::FieldOptions desc;
  desc.rows = 3;
  desc.dir = "auto";
  b.append(web::text_field(ctx, "description", ctx.tr("Description"), in.description, errors, desc));
  b.append(web::button(edit ? ctx.tr("Save") : ctx.tr("Create the item type")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

http::Response type_new_get(Context& ctx) {
  TypeInput in;
  in.is_public = "1";
  return type_form(ctx, in, "", 0, {}, 200);
}

http::Response type_new_post(Context& ctx) {
  const TypeInput in = read_type_input(ctx);
  ItemType t;
  FieldErrorList errs;
  apply_type_input(in, t, errs);
  if (!errs.empty()) return type_form(ctx, in, "", 0, to_field_errors(ctx, errs), 400);
  t.id = ids::new_uuid();
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(insert_type(c, municipality(ctx), t, now));
    return audit::append(c, ctx.app.clock, audit_entry(ctx, "equipment.type_create", "item_type", t.id));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect("/staff/equipment/types?saved=1");
}

http::Response type_edit_get(Context& ctx) {
  const std::string id = path_param(ctx, "id");
  auto t = ctx.app.db->read([&](store::Conn& c) { return get_type(c, municipality(ctx), id); });
  if (!t) return web::busy_page(ctx);
  if (!*t) return web::not_found_page(ctx);
  const ItemType& x = **t;
  TypeInput in{x.category,
               x.name,
               x.size,
               x.counted ? "1" : "",
               x.maintenance_every_months ? std::to_string(*x.maintenance_every_months) : "",
               x.maintenance_after_each_loan ? "1" : "",
               x.is_public ? "1" : "",
               x.description};
  return type_form(ctx, in, id, x.version, {}, 200);
}

http::Response type_edit_post(Context& ctx) {
  const std::string id = path_param(ctx, "id");
  const TypeInput in = read_type_input(ctx);
  std::int64_t version = 0;
  try {
    version = std::stoll(ctx.field("version"));
  } catch (...) {
    version = 0;
  }
  ItemType t;
  t.id = id;
  FieldErrorList errs;
  apply_type_input(in, t, errs);
  if (!errs.empty()) return type_form(ctx, in, id, version, to_field_errors(ctx, errs), 400);
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(update_type(c, municipality(ctx), t, version, now));
    return audit::append(c, ctx.app.clock, audit_entry(ctx, "equipment.type_update", "item_type", id));
  });
  if (!st && st.error().kind == ErrorKind::conflict)
    return type_form(ctx, in, id, version, to_field_errors(ctx, {{"name", st.error().message}}), 409);
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect("/staff/equipment/types?saved=1");
}

// ---- sites ------------------------------------------------------------------------------------------

http::Response sites_page(Context& ctx, const std::string& name, const web::FieldErrors& errors, int status) {
  auto sites = ctx.app.db->read([&](store::Conn& c) { return list_sites(c, municipality(ctx)); });
  if (!sites) return web::busy_page(ctx);
  auto p = staff_page(ctx.tr("Sites"));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/staff/equipment">{}</a></p>)", ctx.tr("All equipment"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(saved_notice(ctx));
  if (sites->empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No sites yet."));
  else {
    b.append(R"(<ul class="kp-list">)");
    for (const auto& s : *sites)
      b.append(R"(<li><a class="ds-link" href="/staff/equipment?site={}">{}</a></li>)", s.id, s.name);
    b.append("</ul>");
  }
  b.append(R"(<h2 class="ds-heading" data-size="sm">{}</h2>)", ctx.tr("New site"));
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="/staff/equipment/sites" class="kp-form" novalidate>{})", web::csrf_field(ctx));
  web::FieldOptions o;
  o.required = true;
  o.hint = ctx.tr("Where equipment is kept or picked up, for example the store room at the youth club.");
  b.append(web::text_field(ctx, "name", ctx.tr("Name"), name, errors, o));
  b.append(web::button(ctx.tr("Add the site")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

http::Response sites_get(Context& ctx) { return sites_page(ctx, "", {}, 200); }

http::Response sites_post(Context& ctx) {
  FieldErrorList errs;
  Site s;
  s.name = std::string(text::trim(ctx.field("name")));
  if (s.name.empty()) errs.emplace_back("name", N_("Write the name of the site."));
  else if (text::length_utf8(s.name) > 120 || !text::is_clean_utf8(s.name)) errs.emplace_back("name", N_("The text is too long."));
  if (!errs.empty()) return sites_page(ctx, ctx.field("name"), to_field_errors(ctx, errs), 400);
  s.id = ids::new_uuid();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(insert_site(c, municipality(ctx), s, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, audit_entry(ctx, "equipment.site_create", "equipment_site", s.id));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect("/staff/equipment/sites?saved=1");
}

}  // namespace

void register_item_routes(app::App& app) {
  auto& r = app.router;
  const auto p = Permission::equipment_manage;
  r.add(Method::GET, "/staff/equipment", p, overview);
  r.add(Method::GET, "/staff/equipment/items/new", p, item_new_get);
  r.add(Method::POST, "/staff/equipment/items/new", p, item_new_post);
  r.add(Method::GET, "/staff/equipment/items/{id:uuid}", p, item_view);
  r.add(Method::GET, "/staff/equipment/items/{id:uuid}/edit", p, item_edit_get);
  r.add(Method::POST, "/staff/equipment/items/{id:uuid}/edit", p, item_edit_post);
  r.add(Method::GET, "/staff/equipment/types", p, types_list);
  r.add(Method::GET, "/staff/equipment/types/new", p, type_new_get);
  r.add(Method::POST, "/staff/equipment/types/new", p, type_new_post);
  r.add(Method::GET, "/staff/equipment/types/{id:uuid}/edit", p, type_edit_get);
  r.add(Method::POST, "/staff/equipment/types/{id:uuid}/edit", p, type_edit_post);
  r.add(Method::GET, "/staff/equipment/sites", p, sites_get);
  r.add(Method::POST, "/staff/equipment/sites", p, sites_post);
}

}  // namespace kp::equipment
