// GET /staff/equipment/figures: the equipment pool in numbers for the last twelve months —
// counts only, no names, so the page needs no read audit.
#include "app/app.hpp"
#include "equipment/figures.hpp"
#include "equipment/loan_store.hpp"
#include "equipment/pages.hpp"
#include "equipment/pass_store.hpp"
#include "equipment/public_views.hpp"
#include "equipment/rules.hpp"
#include "equipment/store.hpp"
#include "equipment/views.hpp"

namespace kp::equipment {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

std::string month_label(const Context& ctx, const std::string& month) {
  CivilDate d;
  if (!parse_iso_date(month + "-01", d)) return month;
  static const char* const kMonths[] = {N_("January"), N_("February"), N_("March"),     N_("April"),
                                        N_("May"),     N_("June"),     N_("July"),      N_("August"),
                                        N_("September"), N_("October"), N_("November"), N_("December")};
  return ctx.tr(kMonths[d.month - 1]) + " " + std::to_string(d.year);
}

Html fact(const Context& ctx, const std::string& label, std::int64_t n) {
  return Html::format(R"(<div class="kp-equipment-figure"><dt>{}</dt><dd>{}</dd></div>)", label, ctx.t.number(n));
}

http::Response figures_get(Context& ctx) {
  const std::string mun = ctx.actor->municipality_id;
  const std::string today = today_iso(ctx.app.clock);
  const std::string start = figures_start(today);
  CivilDate sd;
  parse_iso_date(start, sd);
  const UnixSeconds from = from_oslo(LocalDateTime{sd, 0, 0, 0});
  std::vector<Loan> loans, open;
  std::vector<PassHandout> handouts;
  std::vector<Item> items;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto l = loans_since(c, mun, from);
    if (!l) return pass(l);
    loans = std::move(*l);
    auto o = open_loans(c, mun, "");
    if (!o) return pass(o);
    open = std::move(*o);
    auto h = handouts_since(c, mun, start);
    if (!h) return pass(h);
    handouts = std::move(*h);
    ItemQuery q;
    q.municipality_id = mun;
    auto i = list_items(c, q);
    if (!i) return pass(i);
    items = std::move(*i);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  const EquipmentFigures f = compute_figures(loans, open, handouts, items, today);

  auto p = staff_page(ctx.tr("Equipment in numbers"));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph kp-muted"><a class="ds-link" href="/staff/equipment">{}</a></p>)",
           ctx.tr("Equipment"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.t.tr_args("The last twelve months, from {from}. Only numbers: nobody is named.",
                         {{"from", date_label(ctx, start)}}));
  b.append(R"(<dl class="kp-equipment-figures">{}{}{}{}{}{}</dl>)", fact(ctx, ctx.tr("Loans"), f.loans_total),
           fact(ctx, ctx.tr("Different borrowers"), f.borrowers), fact(ctx, ctx.tr("Out now"), f.open_loans),
           fact(ctx, ctx.tr("Overdue now"), f.overdue_loans),
           fact(ctx, ctx.tr("Items that need maintenance or repair"), f.items_needing_maintenance),
           fact(ctx, ctx.tr("Passes and tickets handed out"), f.passes_total));

  // Loans per month and category.
  b.append(R"(<h2 class="ds-heading" data-size="md" id="loans">{}</h2>)", ctx.tr("Loans per month and category"));
  b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table kp-figures-table" data-border><caption class="kp-visually-hidden">{}</caption><thead><tr><th scope="col">{}</th>)",
           ctx.tr("Loans per month and category"), ctx.tr("Month"));
  for (const auto& c : f.categories) b.append(R"(<th scope="col">{}</th>)", category_text(ctx, c));
  b.append(R"(<th scope="col">{}</th></tr></thead><tbody>)", ctx.tr("All loans"));
  for (const auto& m : f.months) {
    b.append(R"(<tr><th scope="row">{}</th>)", month_label(ctx, m));
    for (const auto& c : f.categories) {
      auto it = f.loans.find({m, c});
      b.append(R"(<td class="kp-number">{}</td>)", ctx.t.number(it == f.loans.end() ? 0 : it->second));
    }
    auto it = f.loans_per_month.find(m);
    b.append(R"(<td class="kp-number">{}</td></tr>)", ctx.t.number(it == f.loans_per_month.end() ? 0 : it->second));
  }
  b.append("</tbody></table></div>");
  b.append(R"(<p class="ds-paragraph kp-muted">{}</p>)",
           ctx.tr("A loan with things from several categories counts once in each of them."));

  // Passes per kind and month.
  b.append(R"(<h2 class="ds-heading" data-size="md" id="passes">{}</h2>)", ctx.tr("Passes and tickets handed out"));
  b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table kp-figures-table" data-border><caption class="kp-visually-hidden">{}</caption><thead><tr><th scope="col">{}</th>)",
           ctx.tr("Passes and tickets handed out"), ctx.tr("Month"));
  for (PassKind k : pass_kinds()) b.append(R"(<th scope="col">{}</th>)", pass_kind_label(ctx, k));
  b.append("</tr></thead><tbody>");
  for (const auto& m : f.months) {
    b.append(R"(<tr><th scope="row">{}</th>)", month_label(ctx, m));
    for (PassKind k : pass_kinds()) {
      auto it = f.passes.find({m, k});
      b.append(R"(<td class="kp-number">{}</td>)", ctx.t.number(it == f.passes.end() ? 0 : it->second));
    }
    b.append("</tr>");
  }
  b.append(R"(</tbody><tfoot><tr><th scope="row">{}</th>)", ctx.tr("Total"));
  for (PassKind k : pass_kinds()) {
    auto it = f.passes_per_kind.find(k);
    b.append(R"(<td class="kp-number">{}</td>)", ctx.t.number(it == f.passes_per_kind.end() ? 0 : it->second));
  }
  b.append("</tr></tfoot></table></div>");
  b.append(R"(<p class="ds-paragraph">{}: {} / {}</p>)", ctx.tr("Items that need maintenance or repair"),
           ctx.t.number(f.items_needing_maintenance), ctx.t.number(f.items_total));
  return render_private(ctx, p);
}

}  // namespace

void register_figures_routes(app::App& app) {
  app.router.add(Method::GET, "/staff/equipment/figures", Permission::equipment_manage, figures_get);
}

}  // namespace kp::equipment
