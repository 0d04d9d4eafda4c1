// Lending equipment or handing out passes as a measure in a family's plan: the coordinator (or a
// team member with write grounds) picks a goal and what the family gets; one transaction bumps
// the plan version, writes the measure ("Borrowed: …" / "Passes: …"), makes the loan through
// equip-core's lend() (every lending rule applies) or takes the passes from stock, and appends
// the family's audit record. The dispatcher's families::guard has already decided access (the
// route carries {id:uuid} after /staff/families/ and a family-record permission).
#include <fmt/format.h>

#include <charconv>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "equipment/loan_store.hpp"
#include "equipment/pages.hpp"
#include "equipment/pass_store.hpp"
#include "equipment/public_views.hpp"
#include "equipment/reservation_store.hpp"
#include "equipment/rules.hpp"
#include "equipment/views.hpp"
#include "families/guard.hpp"
#include "families/page_kit.hpp"
#include "families/plan_store.hpp"
#include "families/store.hpp"
#include "families/views.hpp"

namespace kp::equipment {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

std::string plan_equipment_path(const std::string& fid) { return families::family_path(fid, "plan/equipment"); }

std::optional<std::int64_t> whole_number(std::string_view raw) {
  const std::string s(text::trim(raw));
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return n;
}

struct LinkInput {
  std::string what;  // loan | passes
  std::string goal_id, type_id, quantity, due_on, kind, count;
};

LinkInput read_input(const Context& ctx) {
  return {ctx.field("what"),     ctx.field("goal_id"), ctx.field("type_id"), ctx.field("quantity"),
          ctx.field("due_on"),   ctx.field("kind"),    ctx.field("count")};
}

struct LinkPage {
  std::optional<families::Family> family;
  std::vector<families::Goal> goals;  // active goals
  std::vector<Availability> types;
  std::vector<PassStock> passes;
  std::vector<Loan> loans;
  std::vector<PassHandout> handouts;
};

Status load(Context& ctx, LinkPage& d) {
  const std::string fid = families::family_id(ctx);
  const std::string today = today_iso(ctx.app.clock);
  return ctx.app.db->with_read([&](store::Conn& c) -> Status {
    d = {};
    auto fam = families::get_family(c, fid);
    if (!fam) return pass(fam);
    d.family = std::move(*fam);
    if (!d.family) return {};
    const std::string mun = d.family->municipality_id;
    auto goals = families::goals_of(c, fid);
    if (!goals) return pass(goals);
    for (auto& g : *goals)
      if (g.status == families::GoalStatus::active) d.goals.push_back(std::move(g));
    auto types = public_availability(c, mun, today, true);
    if (!types) return pass(types);
    d.types = std::move(*types);
    auto stock = pass_stock(c, mun, today);
    if (!stock) return pass(stock);
    d.passes = std::move(*stock);
    auto ids = loan_ids_of_family(c, mun, fid);
    if (!ids) return pass(ids);
    for (const auto& id : *ids) {
      auto l = get_loan(c, mun, id);
      if (!l) return pass(l);
      if (*l) d.loans.push_back(std::move(**l));
    }
    auto h = handouts_of_family(c, fid);
    if (!h) return pass(h);
    d.handouts = std::move(*h);
    return {};
  });
}

std::vector<std::pair<std::string, std::string>> goal_options(const Context& ctx, const LinkPage& d) {
  std::vector<std::pair<std::string, std::string>> out{{"", ctx.tr("Choose")}};
  for (const auto& g : d.goals) out.emplace_back(g.id, g.text);
  return out;
}

std::string lines_text(const Loan& l) {
  std::string out;
  for (const auto& x : l.lines) {
    if (!out.empty()) out += ", ";
    out += x.type_name + " (" + x.number + (x.quantity > 1 ? " × " + std::to_string(x.quantity) : "") + ")";
  }
  return out;
}

http::Response form_page(Context& ctx, const LinkPage& d, const LinkInput& in, const web::FieldErrors& errors,
                         int status) {
  const families::Family& f = *d.family;
  auto p = families::staff_page(ctx.tr("Equipment and passes for the family") + " – " + f.name);
  Html& b = p.body;
  b.append(families::family_header(ctx, f, families::FamilyTab::plan));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", ctx.tr("Equipment and passes for the family"));
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("Lend equipment or hand out passes as a measure in the family's plan. The measure is added to the "
                  "goal you choose."));
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="{}">{}</a></p>)", families::family_path(f.id, "plan"),
           ctx.tr("Back to the plan"));
  b.append(web::error_summary(ctx, errors));
  if (d.goals.empty()) {
    b.append(R"(<div class="ds-alert" data-color="info"><p class="ds-paragraph">{} <a class="ds-link" href="{}">{}</a></p></div>)",
             ctx.tr("The plan has no active goal yet. A measure belongs to a goal."),
             families::family_path(f.id, "plan/goals/new"), ctx.tr("Add a goal"));
  } else {
    const Html version = Html::format(R"(<input type="hidden" name="plan_version" value="{}">)",
                                      std::to_string(f.plan_version));
    // Lend equipment.
    b.append(R"(<h2 class="ds-heading" data-size="sm" id="lend">{}</h2>)", ctx.tr("Lend equipment"));
    const web::FieldErrors none;
    const web::FieldErrors& le = in.what == "passes" ? none : errors;
    const web::FieldErrors& pe = in.what == "passes" ? errors : none;
    b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{}{}<input type="hidden" name="what" value="loan">)",
             plan_equipment_path(f.id), web::csrf_field(ctx), version);
    b.append(web::select_field(ctx, "goal_id", ctx.tr("Goal"), goal_options(ctx, d),
                               in.what == "passes" ? std::string() : in.goal_id, le));
    std::vector<std::pair<std::string, std::string>> types{{"", ctx.tr("Choose")}};
    for (const auto& t : d.types)
      types.emplace_back(t.type_id, category_text(ctx, t.category) + ": " + type_title(t.name, t.size) + " – " +
                                        ctx.t.trn("{n} available", "{n} available", static_cast<long>(t.available)));
    b.append(web::select_field(ctx, "type_id", ctx.tr("What"), types, in.type_id, le));
    web::FieldOptions num;
    num.type = "number";
    num.inputmode = "numeric";
    b.append(web::text_field(ctx, "quantity", ctx.tr("How many"), in.quantity.empty() ? "1" : in.quantity, le, num));
    web::FieldOptions date;
    date.type = "date";
    b.append(web::text_field(ctx, "due_on", ctx.tr("Bring back by"), in.due_on, le, date));
    b.append(web::button(ctx.tr("Lend and add the measure")));
    b.append("</form>");
    // Hand out passes.
    b.append(R"(<h2 class="ds-heading" data-size="sm" id="passes">{}</h2>)", ctx.tr("Hand out passes"));
    b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{}{}<input type="hidden" name="what" value="passes">)",
             plan_equipment_path(f.id), web::csrf_field(ctx), version);
    b.append(web::select_field(ctx, "goal_id", ctx.tr("Goal"), goal_options(ctx, d),
                               in.what == "passes" ? in.goal_id : std::string(), pe));
    std::vector<std::pair<std::string, std::string>> kinds{{"", ctx.tr("Choose")}};
    for (const auto& s : d.passes)
      kinds.emplace_back(to_string(s.kind), pass_kind_label(ctx, s.kind) + " – " +
                                                ctx.t.trn("{n} left", "{n} left", static_cast<long>(s.available)));
    b.append(web::select_field(ctx, "kind", ctx.tr("Kind"), kinds, in.kind, pe));
    b.append(web::text_field(ctx, "count", ctx.tr("How many"), in.count.empty() ? "1" : in.count, pe, num));
    b.append(web::button(ctx.tr("Hand out and add the measure")));
    b.append("</form>");
  }
  // What the family has had.
  b.append(R"(<h2 class="ds-heading" data-size="sm">{}</h2>)", ctx.tr("Borrowed and handed out as measures"));
  if (d.loans.empty() && d.handouts.empty()) {
    b.append(R"(<p class="ds-paragraph kp-muted">{}</p>)", ctx.tr("Nothing yet."));
  } else {
    b.append(R"(<ul class="kp-list">)");
    for (const auto& l : d.loans)
      b.append(R"(<li><a class="ds-link" href="{}">{}</a> – {}</li>)", loan_path(l.id), lines_text(l),
               l.open() ? ctx.t.tr_args("due {date}", {{"date", date_label(ctx, l.due_on)}}) : ctx.tr("returned"));
    for (const auto& h : d.handouts)
      b.append(R"(<li>{} × {} – {}</li>)", std::to_string(h.count), pass_kind_label(ctx, h.kind),
               date_label(ctx, h.handed_out_on));
    b.append("</ul>");
  }
  return families::render_private(ctx, p, status);
}

http::Response link_get(Context& ctx) {
  LinkPage d;
  if (!load(ctx, d)) return web::busy_page(ctx);
  if (!d.family) return web::not_found_page(ctx);
  return form_page(ctx, d, {}, {}, 200);
}

http::Response link_post(Context& ctx) {
  LinkPage d;
  if (!load(ctx, d)) return web::busy_page(ctx);
  if (!d.family) return web::not_found_page(ctx);
  const families::Family& f = *d.family;
  const LinkInput in = read_input(ctx);
  const bool passes = in.what == "passes";
  const std::string today = today_iso(ctx.app.clock);
  FieldErrorList errs;
  const families::Goal* goal = nullptr;
  for (const auto& g : d.goals)
    if (g.id == in.goal_id) goal = &g;
  if (!goal) errs.emplace_back("goal_id", N_("Choose the goal the measure belongs to."));
  std::int64_t n = 1;
  std::string what_text;
  std::optional<PassKind> kind;
  const Availability* type = nullptr;
  if (passes) {
    kind = pass_kind_from(in.kind);
    if (!kind) errs.emplace_back("kind", N_("Choose the kind."));
    const auto c = whole_number(in.count);
    if (!c || *c < 1 || *c > 100) errs.emplace_back("count", N_("Write how many, at least 1."));
    else n = *c;
  } else {
    for (const auto& t : d.types)
      if (t.type_id == in.type_id) type = &t;
    if (!type) errs.emplace_back("type_id", N_("Choose what to lend."));
    const auto q = whole_number(in.quantity);
    if (!q || *q < 1 || *q > 20) errs.emplace_back("quantity", N_("Write how many, at least 1."));
    else n = *q;
    check_due_date(in.due_on, today, std::nullopt, "due_on", errs);
  }
  if (!errs.empty()) return form_page(ctx, d, in, to_field_errors(ctx, errs), 400);

  std::int64_t version = 0;
  try {
    version = std::stoll(ctx.field("plan_version"));
  } catch (...) {
  }
  const std::string due(text::trim(in.due_on));
  families::Measure m;
  m.id = ids::new_uuid();
  m.family_id = f.id;
  m.goal_id = goal->id;
  m.created_by = ctx.actor->user_id;
  m.responsible_user_id = ctx.actor->user_id;
  if (passes) {
    m.text = ctx.t.tr_args("Passes: {count} × {kind}", {{"count", std::to_string(n)}, {"kind", pass_kind_label(ctx, *kind)}});
    m.status = families::MeasureStatus::done;
  } else {
    m.text = ctx.t.tr_args("Borrowed: {count} × {what}",
                           {{"count", std::to_string(n)}, {"what", type_title(type->name, type->size)}});
    m.status = families::MeasureStatus::in_progress;
    m.deadline = due;
  }
  const std::string mun = f.municipality_id;
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(families::bump_plan_version(c, f.id, version));
    KP_TRY(families::insert_measure(c, mun, m, now));
    if (passes) {
      HandoutRequest r;
      r.municipality_id = mun;
      r.kind = *kind;
      r.count = n;
      r.today = today;
      r.family_id = f.id;
      r.measure_id = m.id;
      r.by = ctx.actor->user_id;
      auto handed = hand_out_passes(c, r, now);
      if (!handed) return pass(handed);
      std::string rows;
      for (const auto& h : *handed) rows += (rows.empty() ? "\"" : ",\"") + h.id + "\"";
      return audit::append(c, ctx.app.clock,
                           families::family_audit(ctx, "family.passes_handout", f.id,
                                                  fmt::format(R"({{"measure":"{}","kind":"{}","count":{},"handouts":[{}]}})",
                                                              m.id, to_string(*kind), n, rows)));
    }
    // The family's borrower: the one already linked to the family, else one made from the
    // first guardian (the adult responsible for the loan).
    auto existing = borrower_of_family(c, mun, f.id);
    if (!existing) return pass(existing);
    std::string borrower_id = existing->value_or("");
    if (borrower_id.empty()) {
      const families::Person* adult = nullptr;
      for (const auto& p : f.members)
        if (!adult && p.role != families::PersonRole::child) adult = &p;
      Borrower b;
      b.id = ids::new_uuid();
      b.name = adult ? adult->given_name + " " + adult->family_name : f.name;
      b.phone = adult ? adult->phone : "";
      b.email = adult ? adult->email : "";
      b.language = adult ? adult->language : "nb";
      b.family_id = f.id;
      KP_TRY(insert_borrower(c, mun, b, now));
      KP_TRY(audit::append(c, ctx.app.clock, audit_entry(ctx, "borrower.create", "borrower", b.id)));
      borrower_id = b.id;
    }
    auto lines = lendable_lines(c, mun, type->type_id, n, today);
    if (!lines) return pass(lines);
    LendRequest lr;
    lr.municipality_id = mun;
    lr.loan_id = ids::new_uuid();
    lr.borrower_id = borrower_id;
    lr.lines = *lines;
    lr.due_on = due;
    lr.created_by = ctx.actor->user_id;
    lr.family_id = f.id;
    lr.measure_id = m.id;
    lr.block_days = ctx.app.settings.loan_block_overdue_days;
    KP_TRY(lend(c, lr, today, now));
    std::string items;
    for (const auto& l : lr.lines) items += (items.empty() ? "\"" : ",\"") + l.item_id + "\"";
    KP_TRY(audit::append(c, ctx.app.clock,
                         audit_entry(ctx, "loan.create", "loan", lr.loan_id,
                                     fmt::format(R"({{"borrower":"{}","items":[{}],"family":"{}"}})", borrower_id,
                                                 items, f.id))));
    return audit::append(c, ctx.app.clock,
                         families::family_audit(ctx, "family.equipment_loan", f.id,
                                                fmt::format(R"({{"measure":"{}","loan":"{}"}})", m.id, lr.loan_id)));
  });
  if (!st) {
    const auto kind_of = st.error().kind;
    if (kind_of != ErrorKind::invalid && kind_of != ErrorKind::conflict) return web::busy_page(ctx);
    LinkPage fresh;
    if (!load(ctx, fresh) || !fresh.family) return web::busy_page(ctx);
    web::FieldErrors e;
    const std::string field = st.error().field == "borrower" || st.error().field == "items" || st.error().field.empty()
                                  ? (passes ? "count" : "type_id")
                                  : st.error().field;
    e.add(field, st.error().message);
    return form_page(ctx, fresh, in, e, kind_of == ErrorKind::conflict ? 409 : 400);
  }
  return http::Response::redirect(families::family_path(f.id, "plan") + "?saved=1#measure-" + m.id);
}

}  // namespace

void register_plan_link_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff/families/{id:uuid}/plan/equipment", Permission::family_write, link_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/plan/equipment", Permission::family_write, link_post);
}

}  // namespace kp::equipment
