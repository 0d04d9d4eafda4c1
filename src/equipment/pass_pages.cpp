// Passes and tickets (heiskort, svømme-, klatre- og kinobilletter) for staff: what is left of
// each kind, batches that came in (and the expired ones, which are never handed out), and
// handing out N to a borrower at the counter. Handing out as a measure in a family's plan is in
// plan_link_pages.cpp. Stock is decided inside the write transaction (pass_store.hpp).
#include <fmt/format.h>

#include <charconv>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "equipment/loan_store.hpp"
#include "equipment/pages.hpp"
#include "equipment/pass_store.hpp"
#include "equipment/public_views.hpp"
#include "equipment/rules.hpp"
#include "equipment/views.hpp"
#include "families/rules.hpp"
#include "families/views.hpp"

namespace kp::equipment {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

const std::string kPath = "/staff/equipment/passes";

std::string mun(const Context& ctx) { return ctx.actor->municipality_id; }

std::vector<std::pair<std::string, std::string>> kind_options(const Context& ctx) {
  std::vector<std::pair<std::string, std::string>> out{{"", ctx.tr("Choose")}};
  for (PassKind k : pass_kinds()) out.emplace_back(to_string(k), pass_kind_label(ctx, k));
  return out;
}

std::optional<std::int64_t> whole_number(std::string_view raw) {
  const std::string s(text::trim(raw));
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return n;
}

struct BatchInput {
  std::string kind, label, quantity, expires_on, received_on;
};
struct HandoutInput {
  std::string kind, count, name, phone, email, language;
};

struct PassData {
  std::vector<PassStock> stock;
  std::vector<PassBatch> batches;
  std::vector<PassBatch> expired;
  std::vector<PassHandout> recent;
};

Status load(Context& ctx, PassData& d) {
  const std::string today = today_iso(ctx.app.clock);
  return ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto s = pass_stock(c, mun(ctx), today);
    if (!s) return pass(s);
    d.stock = std::move(*s);
    auto b = pass_batches(c, mun(ctx));
    if (!b) return pass(b);
    d.batches = std::move(*b);
    auto e = expired_batches(c, mun(ctx), today);
    if (!e) return pass(e);
    d.expired = std::move(*e);
    auto h = recent_handouts(c, mun(ctx), 30);
    if (!h) return pass(h);
    d.recent = std::move(*h);
    return {};
  });
}

http::Response page(Context& ctx, const BatchInput& bi, const web::FieldErrors& batch_errors, const HandoutInput& hi,
                    const web::FieldErrors& handout_errors, int status) {
  PassData d;
  if (!load(ctx, d)) return web::busy_page(ctx);
  const std::string today = today_iso(ctx.app.clock);
  auto p = staff_page(ctx.tr("Passes and tickets"));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph kp-muted"><a class="ds-link" href="/staff/equipment">{}</a></p>)",
           ctx.tr("Equipment"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(saved_notice(ctx));

  b.append(R"(<h2 class="ds-heading" data-size="md">{}</h2>)", ctx.tr("Left to hand out"));
  b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table kp-pass-stock" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
           ctx.tr("Kind"), ctx.tr("Valid passes left"), ctx.tr("The first expire"));
  for (const auto& s : d.stock)
    b.append(R"(<tr><th scope="row">{}</th><td class="kp-number">{}</td><td>{}</td></tr>)", pass_kind_label(ctx, s.kind),
             ctx.t.number(s.available), s.next_expiry.empty() ? std::string("–") : date_label(ctx, s.next_expiry));
  b.append("</tbody></table></div>");

  // Hand out.
  b.append(R"(<h2 class="ds-heading" data-size="md" id="handout">{}</h2>)", ctx.tr("Hand out passes"));
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("The passes that expire first are handed out first. Expired passes are never handed out. To hand "
                  "out passes as a measure in a family's plan, do it from the family's plan."));
  b.append(web::error_summary(ctx, handout_errors));
  b.append(R"(<form method="post" action="{}/handout" class="kp-form" novalidate>{})", kPath, web::csrf_field(ctx));
  b.append(web::select_field(ctx, "kind", ctx.tr("Kind"), kind_options(ctx), hi.kind, handout_errors));
  web::FieldOptions num;
  num.type = "number";
  num.inputmode = "numeric";
  b.append(web::text_field(ctx, "count", ctx.tr("How many"), hi.count, handout_errors, num));
  web::FieldOptions name;
  name.dir = "auto";
  name.autocomplete = "off";
  b.append(web::text_field(ctx, "name", ctx.tr("Borrower's name"), hi.name, handout_errors, name));
  web::FieldOptions tel;
  tel.type = "tel";
  tel.hint = ctx.tr("A borrower with the same phone number or e-mail address is used again.");
  b.append(web::text_field(ctx, "phone", ctx.tr("Phone"), hi.phone, handout_errors, tel));
  web::FieldOptions mail;
  mail.type = "email";
  b.append(web::text_field(ctx, "email", ctx.tr("E-mail"), hi.email, handout_errors, mail));
  b.append(web::select_field(ctx, "language", ctx.tr("Language"), families::language_options(ctx),
                             hi.language.empty() ? ctx.lang() : hi.language, handout_errors));
  b.append(web::button(ctx.tr("Hand out")));
  b.append("</form>");

  // Batches.
  b.append(R"(<h2 class="ds-heading" data-size="md">{}</h2>)", ctx.tr("Batches"));
  if (d.batches.empty()) {
    b.append(R"(<p class="ds-paragraph kp-muted">{}</p>)", ctx.tr("No passes registered yet."));
  } else {
    b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
             ctx.tr("Kind"), ctx.tr("Name"), ctx.tr("Left of"), ctx.tr("Valid until"), ctx.tr("Received"));
    for (const auto& x : d.batches) {
      Html valid = Html::format("{}", date_label(ctx, x.expires_on));
      if (x.expired(today))
        valid.append(R"( <span class="ds-tag" data-color="danger">{}</span>)", ctx.tr("Expired"));
      b.append(R"(<tr><th scope="row">{}</th><td dir="auto">{}</td><td class="kp-number">{} / {}</td><td>{}</td><td>{}</td></tr>)",
               pass_kind_label(ctx, x.kind), x.label, ctx.t.number(x.remaining), ctx.t.number(x.quantity), valid,
               date_label(ctx, x.received_on));
    }
    b.append("</tbody></table></div>");
  }
  if (!d.expired.empty()) {
    b.append(R"(<h2 class="ds-heading" data-size="md">{}</h2><p class="ds-paragraph">{}</p><ul class="kp-list kp-pass-expired">)",
             ctx.tr("Expired passes"), ctx.tr("These can no longer be handed out."));
    for (const auto& x : d.expired)
      b.append(R"(<li>{}: {} ({}, {})</li>)", pass_kind_label(ctx, x.kind),
               ctx.t.trn("{n} pass", "{n} passes", static_cast<long>(x.remaining)), x.label,
               ctx.t.tr_args("expired {date}", {{"date", date_label(ctx, x.expires_on)}}));
    b.append("</ul>");
  }

  // New batch.
  b.append(R"(<h2 class="ds-heading" data-size="md" id="new-batch">{}</h2>)", ctx.tr("Register passes that came in"));
  b.append(web::error_summary(ctx, batch_errors));
  b.append(R"(<form method="post" action="{}/batches" class="kp-form" novalidate>{})", kPath, web::csrf_field(ctx));
  b.append(web::select_field(ctx, "kind", ctx.tr("Kind"), kind_options(ctx), bi.kind, batch_errors));
  web::FieldOptions label;
  label.dir = "auto";
  label.hint = ctx.tr("For example: Day pass Fjordvik ski centre.");
  b.append(web::text_field(ctx, "label", ctx.tr("Name"), bi.label, batch_errors, label));
  b.append(web::text_field(ctx, "quantity", ctx.tr("How many"), bi.quantity, batch_errors, num));
  web::FieldOptions date;
  date.type = "date";
  b.append(web::text_field(ctx, "expires_on", ctx.tr("Valid until (last day)"), bi.expires_on, batch_errors, date));
  b.append(web::text_field(ctx, "received_on", ctx.tr("Received"), bi.received_on.empty() ? today : bi.received_on,
                           batch_errors, date));
  b.append(web::button(ctx.tr("Register the passes"), false));
  b.append("</form>");

  if (!d.recent.empty()) {
    b.append(R"(<h2 class="ds-heading" data-size="md">{}</h2>)", ctx.tr("Handed out lately"));
    b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
             ctx.tr("Date"), ctx.tr("Kind"), ctx.tr("How many"), ctx.tr("How"));
    for (const auto& h : d.recent)
      b.append(R"(<tr><td>{}</td><th scope="row">{}</th><td class="kp-number">{}</td><td>{}</td></tr>)",
               date_label(ctx, h.handed_out_on), pass_kind_label(ctx, h.kind), ctx.t.number(h.count),
               h.family_id ? ctx.tr("Measure in a family's plan") : ctx.tr("At the counter"));
    b.append("</tbody></table></div>");
  }
  return render_private(ctx, p, status);
}

http::Response passes_get(Context& ctx) { return page(ctx, {}, {}, {}, {}, 200); }

http::Response batch_post(Context& ctx) {
  BatchInput in{ctx.field("kind"), ctx.field("label"), ctx.field("quantity"), ctx.field("expires_on"),
                ctx.field("received_on")};
  FieldErrorList errs;
  PassBatch b;
  if (auto k = pass_kind_from(in.kind)) b.kind = *k;
  else errs.emplace_back("kind", N_("Choose the kind."));
  b.label = families::optional_text(in.label, "label", 200, errs);
  const auto q = whole_number(in.quantity);
  if (!q || *q < 1 || *q > 100000) errs.emplace_back("quantity", N_("Write how many, at least 1."));
  else b.quantity = *q;
  CivilDate d;
  b.expires_on = std::string(text::trim(in.expires_on));
  if (!parse_iso_date(b.expires_on, d)) errs.emplace_back("expires_on", N_("Write the date as year-month-day, for example 2026-03-31."));
  b.received_on = std::string(text::trim(in.received_on));
  if (b.received_on.empty()) b.received_on = today_iso(ctx.app.clock);
  if (!parse_iso_date(b.received_on, d)) errs.emplace_back("received_on", N_("Write the date as year-month-day, for example 2026-03-31."));
  if (!errs.empty()) return page(ctx, in, to_field_errors(ctx, errs), {}, {}, 400);
  b.id = ids::new_uuid();
  b.municipality_id = mun(ctx);
  b.created_by = ctx.actor->user_id;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(insert_pass_batch(c, b, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock,
                         audit_entry(ctx, "pass.batch_create", "pass_batch", b.id,
                                     fmt::format(R"({{"kind":"{}","quantity":{}}})", to_string(b.kind), b.quantity)));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(kPath + "?saved=1");
}

http::Response handout_post(Context& ctx) {
  HandoutInput in{ctx.field("kind"), ctx.field("count"), ctx.field("name"), ctx.field("phone"), ctx.field("email"),
                  ctx.field("language")};
  FieldErrorList errs;
  HandoutRequest r;
  if (auto k = pass_kind_from(in.kind)) r.kind = *k;
  else errs.emplace_back("kind", N_("Choose the kind."));
  const auto n = whole_number(in.count);
  if (!n || *n < 1 || *n > 1000) errs.emplace_back("count", N_("Write how many, at least 1."));
  else r.count = *n;
  Borrower borrower;
  apply_borrower_input(BorrowerInput{in.name, in.phone, in.email, in.language}, borrower, errs);
  if (!errs.empty()) return page(ctx, {}, {}, in, to_field_errors(ctx, errs), 400);
  r.municipality_id = mun(ctx);
  r.today = today_iso(ctx.app.clock);
  r.by = ctx.actor->user_id;
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    // The borrower: one with the same phone or e-mail, else a new one.
    std::optional<std::string> found;
    for (const std::string& key : {borrower.phone, borrower.email}) {
      if (key.empty() || found) continue;
      auto list = find_borrowers(c, r.municipality_id, key, 50);
      if (!list) return pass(list);
      for (const auto& x : *list)
        if ((!borrower.phone.empty() && x.phone == borrower.phone) || (!borrower.email.empty() && x.email == borrower.email))
          found = x.id;
    }
    if (!found) {
      Borrower b = borrower;
      b.id = ids::new_uuid();
      KP_TRY(insert_borrower(c, r.municipality_id, b, now));
      KP_TRY(audit::append(c, ctx.app.clock, audit_entry(ctx, "borrower.create", "borrower", b.id)));
      found = b.id;
    }
    r.borrower_id = found;
    auto handed = hand_out_passes(c, r, now);
    if (!handed) return pass(handed);
    for (const auto& h : *handed)
      KP_TRY(audit::append(c, ctx.app.clock,
                           audit_entry(ctx, "pass.handout", "pass_handout", h.id,
                                       fmt::format(R"({{"batch":"{}","count":{},"borrower":"{}"}})", h.batch_id,
                                                   h.count, *found))));
    return {};
  });
  if (!st) {
    if (st.error().kind != ErrorKind::invalid && st.error().kind != ErrorKind::conflict) return web::busy_page(ctx);
    web::FieldErrors e;
    e.add("count", st.error().message);
    return page(ctx, {}, {}, in, e, st.error().kind == ErrorKind::conflict ? 409 : 400);
  }
  return http::Response::redirect(kPath + "?saved=1");
}

}  // namespace

void register_pass_routes(app::App& app) {
  auto& r = app.router;
  const auto p = Permission::equipment_manage;
  r.add(Method::GET, "/staff/equipment/passes", p, passes_get);
  r.add(Method::POST, "/staff/equipment/passes/batches", p, batch_post);
  r.add(Method::POST, "/staff/equipment/passes/handout", p, handout_post);
}

}  // namespace kp::equipment
