// Staff pages of lending: lend (choose or register the adult borrower, children as
// co-borrowers, items by their number, due date), one loan (return with a condition check,
// renew), and the list of loans out / overdue. Every change and every look at borrower data
// is audited.
#include <fmt/format.h>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "equipment/loan_store.hpp"
#include "equipment/pages.hpp"
#include "equipment/rules.hpp"
#include "equipment/store.hpp"
#include "equipment/views.hpp"
#include "families/rules.hpp"
#include "web/forms.hpp"

namespace kp::equipment {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

constexpr int kItemRows = 3;
constexpr int kChildRows = 3;

const std::string& municipality(const Context& ctx) { return ctx.actor->municipality_id; }

int this_year(const Context& ctx) { return to_oslo(ctx.app.clock.now()).date.year; }

std::vector<std::pair<std::string, std::string>> language_options() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& l : i18n::known_languages()) out.emplace_back(l.code, l.native_name);
  return out;
}

// ---- lend ---------------------------------------------------------------------------------------

struct LendForm {
  std::string q;             // borrower search
  std::string borrower_id;   // chosen existing borrower ("" = new)
  BorrowerInput borrower;
  std::vector<std::pair<std::string, std::string>> items;     // (number, quantity)
  std::vector<std::pair<std::string, std::string>> children;  // (name, birth year)
  std::string due_on;
  std::string note;
};

LendForm read_lend_form(const Context& ctx) {
  LendForm f;
  f.q = ctx.field("q");
  f.borrower_id = ctx.field("borrower_id");
  f.borrower = {ctx.field("borrower_name"), ctx.field("borrower_phone"), ctx.field("borrower_email"),
                ctx.field("borrower_language")};
  for (int n = 1; n <= kItemRows; ++n)
    f.items.emplace_back(ctx.field("item_" + std::to_string(n)), ctx.field("qty_" + std::to_string(n)));
  for (int n = 1; n <= kChildRows; ++n)
    f.children.emplace_back(ctx.field("child_name_" + std::to_string(n)), ctx.field("child_year_" + std::to_string(n)));
  f.due_on = ctx.field("due_on");
  f.note = ctx.field("note");
  return f;
}

http::Response lend_page(Context& ctx, LendForm f, const web::FieldErrors& errors, int status) {
  std::vector<Borrower> found;
  if (!text::trim(f.q).empty()) {
    auto r = ctx.app.db->read([&](store::Conn& c) { return find_borrowers(c, municipality(ctx), f.q, 20); });
    if (!r) return web::busy_page(ctx);
    found = std::move(*r);
    std::vector<std::string> ids;
    for (const auto& b : found) ids.push_back(b.id);
    if (!log_borrower_reads(ctx, ids, "borrower.search")) return web::busy_page(ctx);
  }
  if (f.items.empty()) f.items.resize(kItemRows);
  if (f.children.empty()) f.children.resize(kChildRows);
  if (f.due_on.empty()) f.due_on = add_days(today_iso(ctx.app.clock), 14);

  auto p = staff_page(ctx.tr("Lend equipment"));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/staff/equipment">{}</a></p>)", ctx.tr("All equipment"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(web::error_summary(ctx, errors));

  // Searching is its own GET form: forms cannot nest, and a search must not lend anything.
  b.append(R"(<form method="get" action="/staff/equipment/lend" class="kp-form kp-inline-fields" role="search" aria-label="{}">)",
           ctx.tr("Find a borrower"));
  for (size_t n = 0; n < f.items.size(); ++n)
    if (!f.items[n].first.empty())
      b.append(R"(<input type="hidden" name="item" value="{}">)", f.items[n].first);
  web::FieldOptions qo;
  qo.type = "search";
  qo.autocomplete = "off";
  qo.hint = ctx.tr("Name or phone number of someone who has borrowed before.");
  b.append(web::text_field(ctx, "q", ctx.tr("Find a borrower"), f.q, {}, qo));
  b.append(web::button(ctx.tr("Search"), false));
  b.append("</form>");

  b.append(R"(<form method="post" action="/staff/equipment/lend" class="kp-form" novalidate>{})", web::csrf_field(ctx));
  b.append(R"(<input type="hidden" name="q" value="{}">)", f.q);
  b.append(R"(<fieldset class="kp-fieldset" id="f-borrower"><legend>{}</legend>)", ctx.tr("Borrower (an adult)"));
  if (const std::string* err = errors.get("borrower"))
    b.append(R"(<div class="ds-validation-message" data-field="validation" data-color="danger">{}</div>)",
             ctx.tr(err->c_str()));
  if (!found.empty() || !f.borrower_id.empty()) {
    b.append(R"(<div class="kp-radio-list">)");
    for (const auto& x : found) {
      const std::string id = "f-borrower-" + x.id;
      b.append(R"(<div class="ds-field kp-check"><input class="ds-input" type="radio" id="{}" name="borrower_id" value="{}"{}><label class="ds-label" data-weight="regular" for="{}">{} · {}</label></div>)",
               id, x.id, f.borrower_id == x.id ? Html::trusted(" checked") : Html(), id, x.name,
               x.phone.empty() ? x.email : x.phone);
    }
    b.append(R"(<div class="ds-field kp-check"><input class="ds-input" type="radio" id="f-borrower-new" name="borrower_id" value=""{}><label class="ds-label" data-weight="regular" for="f-borrower-new">{}</label></div>)",
             f.borrower_id.empty() ? Html::trusted(" checked") : Html(), ctx.tr("Someone new (fill in below)"));
    b.append("</div>");
  } else if (!text::trim(f.q).empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No borrower matches. Register the borrower below."));
  }
  web::FieldOptions name;
  name.autocomplete = "off";
  b.append(web::text_field(ctx, "borrower_name", ctx.tr("Name of a new borrower"), f.borrower.name, errors, name));
  web::FieldOptions phone;
  phone.type = "tel";
  phone.autocomplete = "off";
  b.append(web::text_field(ctx, "borrower_phone", ctx.tr("Phone"), f.borrower.phone, errors, phone));
  web::FieldOptions email;
  email.type = "email";
  email.autocomplete = "off";
  b.append(web::text_field(ctx, "borrower_email", ctx.tr("E-mail"), f.borrower.email, errors, email));
  b.append(web::select_field(ctx, "borrower_language", ctx.tr("Language for reminders"), language_options(),
                             f.borrower.language.empty() ? ctx.lang() : f.borrower.language, errors));
  b.append("</fieldset>");

  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("Children borrowing with them"));
  for (int n = 1; n <= kChildRows; ++n) {
    b.append(R"(<div class="kp-inline-fields">)");
    b.append(web::text_field(ctx, "child_name_" + std::to_string(n), ctx.t.tr_args("Child {n}: name", {{"n", std::to_string(n)}}),
                             f.children[n - 1].first, errors, name));
    web::FieldOptions year;
    year.inputmode = "numeric";
    year.autocomplete = "off";
    b.append(web::text_field(ctx, "child_year_" + std::to_string(n),
                             ctx.t.tr_args("Child {n}: year of birth", {{"n", std::to_string(n)}}), f.children[n - 1].second,
                             errors, year));
    b.append("</div>");
  }
  b.append("</fieldset>");

  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend><p class="ds-paragraph kp-hint" data-size="sm">{}</p>)",
           ctx.tr("What is lent"), ctx.tr("Write the number on each item, for example SKI-014. For counted stock, also how many."));
  for (int n = 1; n <= kItemRows; ++n) {
    b.append(R"(<div class="kp-inline-fields">)");
    web::FieldOptions num;
    num.autocomplete = "off";
    b.append(web::text_field(ctx, "item_" + std::to_string(n), ctx.t.tr_args("Item {n}: number", {{"n", std::to_string(n)}}),
                             f.items[n - 1].first, errors, num));
    web::FieldOptions qty;
    qty.inputmode = "numeric";
    qty.type = "number";
    b.append(web::text_field(ctx, "qty_" + std::to_string(n), ctx.t.tr_args("Item {n}: how many", {{"n", std::to_string(n)}}),
                             f.items[n - 1].second.empty() ? "1" : f.items[n - 1].second, errors, qty));
    b.append("</div>");
  }
  b.append("</fieldset>");
  web::FieldOptions due;
  due.type = "date";
  due.required = true;
  b.append(web::text_field(ctx, "due_on", ctx.tr("Due back"), f.due_on, errors, due));
  web::FieldOptions note;
  note.rows = 2;
  note.dir = "auto";
  b.append(web::text_field(ctx, "note", ctx.tr("Note"), f.note, errors, note));
  b.append(web::button(ctx.tr("Lend")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

http::Response lend_get(Context& ctx) {
  LendForm f;
  f.q = ctx.query("q");
  f.items.resize(kItemRows);
  int n = 0;
  for (const auto& [k, v] : ctx.req.query)
    if (k == "item" && n < kItemRows) f.items[n++].first = v;
  return lend_page(ctx, std::move(f), {}, 200);
}

std::optional<std::int64_t> quantity_of(std::string_view s) {
  s = text::trim(s);
  if (s.empty()) return 1;
  if (s.size() > 6 || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  const auto v = std::stoll(std::string(s));
  if (v < 1) return std::nullopt;
  return v;
}

http::Response lend_post(Context& ctx) {
  LendForm f = read_lend_form(ctx);
  const std::string today = today_iso(ctx.app.clock);
  FieldErrorList errs;
  Borrower borrower;
  const bool new_borrower = f.borrower_id.empty();
  if (new_borrower) {
    apply_borrower_input(f.borrower, borrower, errs);
  } else if (!ids::is_uuid(f.borrower_id)) {
    errs.emplace_back("borrower", N_("Choose a borrower."));
  }
  std::vector<CoBorrower> children = read_children(f.children, this_year(ctx), errs);

  // Items by number, checked now so each row gets its own message; lend() checks again inside
  // the transaction, which is what makes it safe.
  std::vector<LoanLine> lines;
  std::vector<std::string> line_fields;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    lines.clear();
    line_fields.clear();
    for (int n = 1; n <= kItemRows; ++n) {
      const auto& [number_raw, qty_raw] = f.items[n - 1];
      const std::string number(text::trim(number_raw));
      const std::string field = "item_" + std::to_string(n);
      if (number.empty()) continue;
      auto item = find_item_by_number(c, municipality(ctx), number);
      if (!item) return pass(item);
      if (!*item) {
        errs.emplace_back(field, N_("No item has this number."));
        continue;
      }
      auto qty = quantity_of(qty_raw);
      if (!qty) {
        errs.emplace_back("qty_" + std::to_string(n), N_("Write how many, as a whole number."));
        continue;
      }
      if (!(*item)->counted && *qty != 1) {
        errs.emplace_back("qty_" + std::to_string(n), N_("A numbered item is lent one at a time."));
        continue;
      }
      bool dup = false;
      for (const auto& l : lines) dup = dup || l.item_id == (*item)->id;
      if (dup) {
        errs.emplace_back(field, N_("This item is already in the list."));
        continue;
      }
      if (auto ok = check_lendable(**item, *qty, today); !ok) {
        errs.emplace_back(field, ok.error().message);
        continue;
      }
      LoanLine line;
      line.item_id = (*item)->id;
      line.quantity = *qty;
      lines.push_back(line);
      line_fields.push_back(field);
    }
    if (!new_borrower && ids::is_uuid(f.borrower_id)) {
      auto b = get_borrower(c, municipality(ctx), f.borrower_id);
      if (!b) return pass(b);
      if (!*b) errs.emplace_back("borrower", N_("Choose a borrower."));
      else {
        auto blocked = blocking_due_date(c, municipality(ctx), f.borrower_id, today,
                                         ctx.app.settings.loan_block_overdue_days);
        if (!blocked) return pass(blocked);
        if (*blocked)
          errs.emplace_back("borrower", N_("The borrower has a loan that is long overdue. It must be returned before they "
                                           "can borrow more."));
      }
    }
    return {};
  });
  if (!st) return web::busy_page(ctx);
  bool any_item = false;
  for (const auto& [number, qty] : f.items) any_item = any_item || !text::trim(number).empty();
  if (!any_item) errs.emplace_back("item_1", N_("Write the number of at least one item."));
  check_due_date(f.due_on, today, std::nullopt, "due_on", errs);
  const std::string note = families::optional_text(f.note, "note", 1000, errs);
  if (!errs.empty()) return lend_page(ctx, std::move(f), to_field_errors(ctx, errs), 400);

  LendRequest r;
  r.municipality_id = municipality(ctx);
  r.loan_id = ids::new_uuid();
  r.borrower_id = new_borrower ? ids::new_uuid() : f.borrower_id;
  r.lines = lines;
  r.children = children;
  r.due_on = std::string(text::trim(f.due_on));
  r.note = note;
  r.created_by = ctx.actor->user_id;
  r.block_days = ctx.app.settings.loan_block_overdue_days;
  borrower.id = r.borrower_id;
  const UnixSeconds now = ctx.app.clock.now();
  auto w = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    if (new_borrower) {
      KP_TRY(insert_borrower(c, r.municipality_id, borrower, now));
      KP_TRY(audit::append(c, ctx.app.clock, audit_entry(ctx, "borrower.create", "borrower", borrower.id)));
    }
    KP_TRY(lend(c, r, today, now));
    std::string items;
    for (const auto& l : r.lines) items += (items.empty() ? "\"" : ",\"") + l.item_id + "\"";
    return audit::append(c, ctx.app.clock,
                         audit_entry(ctx, "loan.create", "loan", r.loan_id,
                                     fmt::format(R"({{"borrower":"{}","items":[{}],"children":{}}})", r.borrower_id,
                                                 items, r.children.size())));
  });
  if (!w && (w.error().kind == ErrorKind::invalid || w.error().kind == ErrorKind::conflict)) {
    std::string field = w.error().field;
    if (field == "items" || field.empty()) field = line_fields.empty() ? "item_1" : line_fields.front();
    return lend_page(ctx, std::move(f), to_field_errors(ctx, {{field, w.error().message}}), 409);
  }
  if (!w) return web::busy_page(ctx);
  return http::Response::redirect(loan_path(r.loan_id) + "?saved=lent");
}

// ---- one loan ----------------------------------------------------------------------------------

http::Response loan_page(Context& ctx, const std::string& renew_value, const web::FieldErrors& errors, int status) {
  const std::string id = path_param(ctx, "id");
  const std::string today = today_iso(ctx.app.clock);
  std::optional<Loan> loan;
  std::optional<Borrower> borrower;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto l = get_loan(c, municipality(ctx), id);
    if (!l) return pass(l);
    loan = std::move(*l);
    if (!loan) return {};
    auto b = get_borrower(c, municipality(ctx), loan->borrower_id);
    if (!b) return pass(b);
    borrower = std::move(*b);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  if (!loan || !borrower) return web::not_found_page(ctx);
  if (!log_borrower_reads(ctx, {borrower->id}, "borrower.view")) return web::busy_page(ctx);

  auto p = staff_page(ctx.t.tr_args("Loan to {name}", {{"name", borrower->name}}));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/staff/equipment/loans">{}</a></p>)", ctx.tr("Loans out"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(saved_notice(ctx));
  const auto overdue = loan->open() ? days_overdue(loan->due_on, today) : 0;
  if (!loan->open()) b.append(R"(<p class="ds-paragraph"><span class="ds-tag" data-color="success">{}</span></p>)", ctx.tr("Returned"));
  else if (overdue > 0)
    b.append(R"(<p class="ds-paragraph"><span class="ds-tag" data-color="danger">{}</span></p>)",
             ctx.t.trn("Overdue by {n} day", "Overdue by {n} days", overdue));
  else b.append(R"(<p class="ds-paragraph"><span class="ds-tag" data-color="info">{}</span></p>)", ctx.tr("On loan"));

  b.append(R"(<dl class="kp-facts"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>)", ctx.tr("Borrower"),
           borrower->name, ctx.tr("Phone"), borrower->phone, ctx.tr("E-mail"), borrower->email);
  std::string kids;
  for (const auto& ch : loan->children) {
    if (!kids.empty()) kids += ", ";
    kids += ch.name;
    if (ch.birth_year) kids += " (" + std::to_string(*ch.birth_year) + ")";
  }
  b.append("<dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>",
           ctx.tr("Children borrowing with them"), kids.empty() ? ctx.tr("None") : kids, ctx.tr("Out"),
           ctx.t.date_long(loan->out_at), ctx.tr("Due back"), date_label(ctx, loan->due_on), ctx.tr("Renewed"),
           ctx.t.trn("{n} time", "{n} times", loan->renewals));
  if (loan->returned_at) b.append("<dt>{}</dt><dd>{}</dd>", ctx.tr("Returned"), ctx.t.date_long(*loan->returned_at));
  if (!loan->note.empty()) b.append(R"(<dt>{}</dt><dd dir="auto">{}</dd>)", ctx.tr("Note"), loan->note);
  b.append("</dl>");

  b.append(R"(<h2 class="ds-heading" data-size="sm">{}</h2>)", ctx.tr("What is lent"));
  b.append(R"(<ul class="kp-list">)");
  for (const auto& l : loan->lines) {
    b.append(R"(<li><a class="ds-link" href="{}">{}</a> · {})", item_path(l.item_id), l.number, l.type_name);
    if (l.quantity > 1) b.append(" × {}", ctx.t.number(l.quantity));
    if (auto c = condition_from(l.return_condition))
      b.append(" · {}", ctx.t.tr_args("returned: {condition}", {{"condition", ctx.tr(condition_label(*c))}}));
    b.append("</li>");
  }
  b.append("</ul>");

  if (loan->open()) {
    b.append(R"(<section aria-labelledby="return-h"><h2 class="ds-heading" data-size="sm" id="return-h">{}</h2>)",
             ctx.tr("Return"));
    b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})", loan_path(loan->id, "return"),
             web::csrf_field(ctx));
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("Check each item and choose its condition."));
    int n = 0;
    web::FieldErrors none;
    for (const auto& l : loan->lines) {
      ++n;
      b.append(R"(<input type="hidden" name="line_{}" value="{}">)", std::to_string(n), l.item_id);
      b.append(web::select_field(ctx, "condition_" + std::to_string(n),
                                 ctx.t.tr_args("Condition of {item}", {{"item", l.number + " " + l.type_name}}),
                                 condition_options(ctx, false), "good", none));
    }
    b.append(web::button(ctx.tr("Register the return")));
    b.append("</form></section>");

    b.append(R"(<section aria-labelledby="renew-h"><h2 class="ds-heading" data-size="sm" id="renew-h">{}</h2>)",
             ctx.tr("Renew"));
    b.append(web::error_summary(ctx, errors));
    b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})", loan_path(loan->id, "renew"),
             web::csrf_field(ctx));
    web::FieldOptions due;
    due.type = "date";
    due.required = true;
    b.append(web::text_field(ctx, "due_on", ctx.tr("New due date"),
                             renew_value.empty() ? add_days(std::max(loan->due_on, today), 14) : renew_value, errors, due));
    b.append(web::button(ctx.tr("Renew the loan"), false));
    b.append("</form></section>");
  }
  return render_private(ctx, p, status);
}

http::Response loan_get(Context& ctx) { return loan_page(ctx, "", {}, 200); }

http::Response return_post(Context& ctx) {
  const std::string id = path_param(ctx, "id");
  std::vector<std::pair<std::string, Condition>> conditions;
  std::string codes;
  for (int n = 1; n <= 50; ++n) {
    const std::string item = ctx.field("line_" + std::to_string(n));
    if (item.empty()) break;
    const Condition c = condition_from(ctx.field("condition_" + std::to_string(n))).value_or(Condition::good);
    if (c == Condition::retired) continue;
    conditions.emplace_back(item, c);
    codes += (codes.empty() ? "\"" : ",\"") + std::string(to_string(c)) + "\"";
  }
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(return_loan(c, municipality(ctx), id, conditions, ctx.actor->user_id, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock,
                         audit_entry(ctx, "loan.return", "loan", id, fmt::format(R"({{"conditions":[{}]}})", codes)));
  });
  if (!st && st.error().kind == ErrorKind::not_found) return http::Response::redirect(loan_path(id));
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(loan_path(id) + "?saved=returned");
}

http::Response renew_post(Context& ctx) {
  const std::string id = path_param(ctx, "id");
  const std::string today = today_iso(ctx.app.clock);
  const std::string value = ctx.field("due_on");
  auto loan = ctx.app.db->read([&](store::Conn& c) { return get_loan(c, municipality(ctx), id); });
  if (!loan) return web::busy_page(ctx);
  if (!*loan) return web::not_found_page(ctx);
  FieldErrorList errs;
  const std::string due = check_due_date(value, today, (*loan)->due_on, "due_on", errs);
  if (!errs.empty()) return loan_page(ctx, value, to_field_errors(ctx, errs), 400);
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(renew_loan(c, municipality(ctx), id, due, today, ctx.app.settings.loan_block_overdue_days));
    return audit::append(c, ctx.app.clock, audit_entry(ctx, "loan.renew", "loan", id));
  });
  if (!st && st.error().kind == ErrorKind::invalid)
    return loan_page(ctx, value, to_field_errors(ctx, {{"due_on", st.error().message}}), 400);
  if (!st && st.error().kind == ErrorKind::not_found) return http::Response::redirect(loan_path(id));
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(loan_path(id) + "?saved=renewed");
}

// ---- loans out / overdue -------------------------------------------------------------------------

http::Response loans_list(Context& ctx) {
  const std::string today = today_iso(ctx.app.clock);
  const bool overdue_only = ctx.query("overdue") == "1";
  auto loans = ctx.app.db->read(
      [&](store::Conn& c) { return open_loans(c, municipality(ctx), overdue_only ? today : std::string()); });
  if (!loans) return web::busy_page(ctx);
  std::vector<std::string> ids;
  for (const auto& l : *loans) ids.push_back(l.borrower_id);
  if (!log_borrower_reads(ctx, ids, "borrower.list")) return web::busy_page(ctx);

  auto p = staff_page(overdue_only ? ctx.tr("Overdue loans") : ctx.tr("Loans out"));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/staff/equipment">{}</a></p>)", ctx.tr("All equipment"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(R"(<div class="kp-actions"><a class="ds-button" data-variant="primary" href="/staff/equipment/lend">{}</a>)",
           ctx.tr("Lend equipment"));
  if (overdue_only)
    b.append(R"(<a class="ds-button" data-variant="secondary" href="/staff/equipment/loans">{}</a></div>)", ctx.tr("All loans out"));
  else
    b.append(R"(<a class="ds-button" data-variant="secondary" href="/staff/equipment/loans?overdue=1">{}</a></div>)",
             ctx.tr("Overdue loans"));
  b.append(R"(<p class="ds-paragraph kp-muted">{}</p>)",
           ctx.t.trn("A borrower with a loan more than {n} day overdue cannot borrow more until it is returned.",
                     "A borrower with a loan more than {n} days overdue cannot borrow more until it is returned.",
                     ctx.app.settings.loan_block_overdue_days));
  if (loans->empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p>)", overdue_only ? ctx.tr("No loans are overdue.") : ctx.tr("Nothing is lent out."));
    return render_private(ctx, p);
  }
  b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
           ctx.tr("Borrower"), ctx.tr("What is lent"), ctx.tr("Due back"), ctx.tr("Status"));
  for (const auto& l : *loans) {
    std::string what;
    for (const auto& line : l.lines) {
      if (!what.empty()) what += ", ";
      what += line.number;
      if (line.quantity > 1) what += " × " + std::to_string(line.quantity);
    }
    const auto days = days_overdue(l.due_on, today);
    Html tag = days > 0 ? Html::format(R"(<span class="ds-tag" data-color="{}">{}</span>)",
                                       blocks_new_loans(l.due_on, today, ctx.app.settings.loan_block_overdue_days) ? "danger" : "warning",
                                       ctx.t.trn("Overdue by {n} day", "Overdue by {n} days", days))
                        : Html::format(R"(<span class="ds-tag" data-color="info">{}</span>)", ctx.tr("On loan"));
    b.append(R"(<tr><th scope="row"><a class="ds-link" href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td></tr>)",
             loan_path(l.id), l.borrower_name, what, date_label(ctx, l.due_on), tag);
  }
  b.append("</tbody></table></div>");
  return render_private(ctx, p);
}

}  // namespace

void register_loan_routes(app::App& app) {
  auto& r = app.router;
  const auto p = Permission::equipment_manage;
  r.add(Method::GET, "/staff/equipment/lend", p, lend_get);
  r.add(Method::POST, "/staff/equipment/lend", p, lend_post);
  r.add(Method::GET, "/staff/equipment/loans", p, loans_list);
  r.add(Method::GET, "/staff/equipment/loans/{id:uuid}", p, loan_get);
  r.add(Method::POST, "/staff/equipment/loans/{id:uuid}/return", p, return_post);
  r.add(Method::POST, "/staff/equipment/loans/{id:uuid}/renew", p, renew_post);
}

}  // namespace kp::equipment
