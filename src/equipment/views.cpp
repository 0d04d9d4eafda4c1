#include "equipment/views.hpp"

#include <algorithm>

#include "app/app.hpp"
#include "core/money.hpp"

namespace kp::equipment {

using web::Html;

web::Page staff_page(std::string title) { return web::staff_page(std::move(title), "equipment"); }

web::FieldErrors to_field_errors(const web::Context& ctx, const FieldErrorList& list) {
  web::FieldErrors e;
  (void)ctx;
  for (const auto& [f, m] : list) e.add(f, m);
  return e;
}

std::string item_path(const std::string& id, std::string_view rest) {
  std::string p = "/staff/equipment/items/" + id;
  if (!rest.empty()) (p += '/') += rest;
  return p;
}

std::string loan_path(const std::string& id, std::string_view rest) {
  std::string p = "/staff/equipment/loans/" + id;
  if (!rest.empty()) (p += '/') += rest;
  return p;
}

Html status_tag(const web::Context& ctx, ItemStatus s) {
  const char* color = "success";
  switch (s) {
    case ItemStatus::available: color = "success"; break;
    case ItemStatus::on_loan: color = "info"; break;
    case ItemStatus::maintenance_due: color = "warning"; break;
    case ItemStatus::needs_repair: color = "danger"; break;
    case ItemStatus::retired: color = "neutral"; break;
  }
  return Html::format(R"(<span class="ds-tag kp-status" data-color="{}">{}</span>)", color, ctx.tr(status_label(s)));
}

std::string date_label(const web::Context& ctx, std::string_view iso) {
  CivilDate d;
  if (iso.empty() || !parse_iso_date(iso, d)) return std::string(iso);
  return ctx.t.date_short(d);
}

std::vector<std::pair<std::string, std::string>> category_options(const web::Context& ctx, bool any) {
  std::vector<std::pair<std::string, std::string>> out;
  if (any) out.emplace_back("", ctx.tr("All categories"));
  for (const auto& c : categories()) out.emplace_back(c, ctx.tr(category_label(c)));
  return out;
}

std::vector<std::pair<std::string, std::string>> condition_options(const web::Context& ctx, bool with_retired) {
  std::vector<std::pair<std::string, std::string>> out;
  for (Condition c : {Condition::good, Condition::worn, Condition::needs_repair, Condition::retired}) {
    if (c == Condition::retired && !with_retired) continue;
    out.emplace_back(to_string(c), ctx.tr(condition_label(c)));
  }
  return out;
}

std::string type_label(const ItemType& t) { return t.size.empty() ? t.name : t.name + " " + t.size; }

std::string item_label(const Item& i) {
  std::string s = i.number + " · " + i.type_name;
  if (!i.type_size.empty()) s += " " + i.type_size;
  return s;
}

Html saved_notice(const web::Context& ctx) {
  const std::string v = ctx.query("saved");
  const char* msg = nullptr;
  if (v == "lent") msg = N_("The loan is registered.");
  else if (v == "returned") msg = N_("The loan is returned.");
  else if (v == "renewed") msg = N_("The loan is renewed.");
  else if (v == "maintenance") msg = N_("The maintenance is recorded.");
  else if (v == "photo") msg = N_("The photo is saved.");
  else if (v == "photo_removed") msg = N_("The photo is removed.");
  else if (!v.empty()) msg = N_("Saved.");
  if (!msg) return {};
  return Html::format(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)",
                      ctx.tr(msg));
}

std::string money_label(const web::Context& ctx, std::int64_t ore) {
  (void)ctx;
  return format_nok_plain(ore) + " kr";
}

audit::Entry audit_entry(const web::Context& ctx, const std::string& action, const std::string& entity,
                         const std::string& entity_id, const std::string& details) {
  return audit::Entry{ctx.actor ? ctx.actor->municipality_id : "", ctx.actor ? ctx.actor->user_id : "public",
                      action, entity, entity_id, ctx.req.remote_addr, "", details};
}

Status log_borrower_reads(const web::Context& ctx, const std::vector<std::string>& borrower_ids,
                          const std::string& action) {
  if (!ctx.app.settings.audit_reads || borrower_ids.empty()) return {};
  std::vector<std::string> ids = borrower_ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<audit::Entry> entries;
  for (const auto& id : ids) entries.push_back(audit_entry(ctx, action, "borrower", id));
  // Group-committed; the dispatcher holds the page until the records are durable (503 if not).
  ctx.read_audits.push_back(ctx.app.reads.record_async(std::move(entries)));
  return {};
}

}  // namespace kp::equipment
