// The family's log (stafettlogg): dated entries newest first, 50 a page, and a form to add
// one. The dispatcher's guard has already decided that the actor may read the family (and
// audited the look); the log additionally needs a consent that covers "log" for team members.
#include <fmt/format.h>

#include <algorithm>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "families/page_kit.hpp"
#include "families/guard.hpp"
#include "families/log_store.hpp"
#include "families/pages.hpp"
#include "families/rules.hpp"
#include "families/store.hpp"
#include "families/views.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"
#include "web/url.hpp"

namespace kp::families {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

std::string kind_label(const Context& ctx, LogKind k) {
  switch (k) {
    case LogKind::call: return ctx.tr(N_("Phone call"));
    case LogKind::home_visit: return ctx.tr(N_("Home visit"));
    case LogKind::meeting: return ctx.tr(N_("Meeting"));
    case LogKind::note: return ctx.tr(N_("Note"));
  }
  return {};
}

struct LogInput {
  std::string happened_on, kind, text;
};

// What the page needs, read in one snapshot.
struct LogData {
  Family family;
  bool readable = false;
  std::int64_t total = 0;
  std::vector<LogEntry> entries;
};

// "?page=N": absent → 1; anything but a whole number from 1 → nullopt (400).
std::optional<int> requested_page(const Context& ctx) {
  const std::string v = ctx.query("page");
  if (v.empty()) return 1;
  if (v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const int n = std::stoi(v);
  if (n < 1) return std::nullopt;
  return n;
}

// Loads the family, decides may_read_log and, when readable, the entries of `page`.
// Returns false when the store failed; data.family.id is empty when the family vanished.
bool load(Context& ctx, int page, LogData& data) {
  const std::string fid = family_id(ctx);
  const std::string today = today_iso(ctx.app.clock);
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    data = {};
    auto f = get_family(c, fid);
    if (!f) return pass(f);
    if (!*f) return {};
    data.family = std::move(**f);
    std::vector<Consent> ks;
    if (ctx.family_grounds == policy::FamilyGrounds::team) {
      auto k = consents(c, fid);
      if (!k) return pass(k);
      ks = std::move(*k);
    }
    data.readable = may_read_log(ks, ctx.family_grounds, ctx.actor ? ctx.actor->service : "", today);
    if (!data.readable) return {};
    auto n = count_log_entries(c, fid);
    if (!n) return pass(n);
    data.total = *n;
    auto e = log_entries(c, fid, kLogPageSize, (page - 1) * kLogPageSize);
    if (!e) return pass(e);
    data.entries = std::move(*e);
    return {};
  });
  return static_cast<bool>(st);
}

Html entry_text(const std::string& text) {
  Html h;
  std::string_view rest = text;
  bool first = true;
  while (true) {
    const auto nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!first) h.append("<br>");
    h.text(line);
    first = false;
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return h;
}

Html entry_list(const Context& ctx, const LogData& d) {
  Html b;
  b.append(R"(<ol class="kp-list kp-log">)");
  for (const auto& e : d.entries) {
    b.append(R"(<li class="kp-log-entry"><h3 class="ds-heading" data-size="2xs">{} · {}</h3>)",
             date_label(ctx, e.happened_on), kind_label(ctx, e.kind));
    b.append(R"(<p class="ds-paragraph" dir="auto">{}</p>)", entry_text(e.text));
    b.append(R"(<p class="ds-paragraph kp-muted" data-size="sm">{} {}, {}</p></li>)", ctx.tr("Written by"),
             e.author_name.empty() ? ctx.tr("a former staff member") : e.author_name,
             service_label(ctx, e.author_service));
  }
  b.append("</ol>");
  return b;
}

Html pager(const Context& ctx, const std::string& fid, int page, int pages) {
  if (pages <= 1) return {};
  const std::string base = family_path(fid, "log");
  Html h;
  h.append(R"(<nav class="kp-pager" aria-label="{}"><ul>)", ctx.tr("Pages of the log"));
  if (page > 1)
    h.append(R"(<li><a class="ds-button" data-variant="secondary" rel="prev" href="{}">{}</a></li>)",
             web::url(base, {{"page", std::to_string(page - 1)}}), ctx.tr("Newer entries"));
  h.append(R"(<li class="kp-pageof">{}</li>)",
           ctx.t.tr_args("Page {page} of {pages}", {{"page", ctx.t.number(page)}, {"pages", ctx.t.number(pages)}}));
  if (page < pages)
    h.append(R"(<li><a class="ds-button" data-variant="secondary" rel="next" href="{}">{}</a></li>)",
             web::url(base, {{"page", std::to_string(page + 1)}}), ctx.tr("Older entries"));
  h.append("</ul></nav>");
  return h;
}

Html entry_form(const Context& ctx, const std::string& fid, const LogInput& in, const web::FieldErrors& errors) {
  Html b;
  b.append(R"(<section aria-labelledby="log-new-h"><h2 class="ds-heading" data-size="sm" id="log-new-h">{}</h2>)",
           ctx.tr("Write in the log"));
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})", family_path(fid, "log"),
           web::csrf_field(ctx));
  web::FieldOptions date;
  date.type = "date";
  date.required = true;
  b.append(web::text_field(ctx, "happened_on", ctx.tr("Date"), in.happened_on, errors, date));
  std::vector<std::pair<std::string, std::string>> kinds{{"", ctx.tr("Choose")}};
  for (LogKind k : log_kinds()) kinds.emplace_back(to_string(k), kind_label(ctx, k));
  b.append(web::select_field(ctx, "kind", ctx.tr("Kind of contact"), kinds, in.kind, errors));
  web::FieldOptions text;
  text.required = true;
  text.rows = 5;
  text.dir = "auto";
  text.hint = ctx.tr("What happened and what was agreed. Write only what the team needs to know.");
  b.append(web::text_field(ctx, "text", ctx.tr("Text"), in.text, errors, text));
  b.append(web::button(ctx.tr("Save the entry")));
  b.append("</form></section>");
  return b;
}

http::Response log_page(Context& ctx, const LogData& d, int page, const LogInput& in, const web::FieldErrors& errors,
                        int status) {
  const Family& f = d.family;
  auto p = staff_page(ctx.tr("Log") + " – " + f.name);
  Html& b = p.body;
  b.append(family_header(ctx, f, FamilyTab::log));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", ctx.tr("Log"));
  if (!d.readable) {
    b.append(R"(<div class="ds-alert" data-color="info"><p class="ds-paragraph">{}</p></div>)",
             ctx.tr("The log is not shown to you. The family's consent does not let your service see notes from "
                    "meetings and contact. Ask the family's coordinator if you need to know more."));
    return render_private(ctx, p, status);
  }
  b.append(saved_notice(ctx));
  const bool can_write =
      policy::family_decision(Permission::family_write, ctx.family_grounds, f.closed()) == policy::Decision::allow;
  if (can_write) b.append(entry_form(ctx, f.id, in, errors));
  const int pages = static_cast<int>((d.total + kLogPageSize - 1) / kLogPageSize);
  b.append(R"(<section aria-labelledby="log-h"><h2 class="ds-heading" data-size="sm" id="log-h">{}</h2>)",
           ctx.tr("Entries, newest first"));
  if (d.total == 0)
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("Nothing has been written in the log yet."));
  else {
    b.append(R"(<p class="ds-paragraph kp-muted">{}</p>)",
             ctx.t.trn("{n} entry", "{n} entries", static_cast<long>(d.total)));
    b.append(entry_list(ctx, d));
    b.append(pager(ctx, f.id, page, pages));
  }
  b.append("</section>");
  return render_private(ctx, p, status);
}

LogInput default_input(const Context& ctx) { return LogInput{today_iso(ctx.app.clock), "", ""}; }

http::Response log_get(Context& ctx) {
  const auto page = requested_page(ctx);
  if (!page)
    return web::error_page(ctx, 400, ctx.tr("There is no such page"), ctx.tr("Go back to the first page of the log."));
  LogData d;
  if (!load(ctx, *page, d)) return web::busy_page(ctx);
  if (d.family.id.empty()) return web::not_found_page(ctx);
  if (d.readable && *page > 1 && d.entries.empty()) return web::not_found_page(ctx);
  return log_page(ctx, d, *page, default_input(ctx), {}, 200);
}

// The moment of contact an entry stands for: now for today's entry, noon of its day for an
// earlier one — so a back-dated note does not make the family look contacted today.
UnixSeconds contact_moment(const std::string& happened_on, const std::string& today, UnixSeconds now) {
  CivilDate day;
  if (happened_on >= today || !parse_iso_date(happened_on, day)) return now;
  return std::min(now, from_oslo(LocalDateTime{day, 12, 0, 0}));
}

http::Response log_post(Context& ctx) {
  LogData d;
  if (!load(ctx, 1, d)) return web::busy_page(ctx);
  if (d.family.id.empty()) return web::not_found_page(ctx);
  // Writing into a log one may not read would be writing blind; the page explains why.
  if (!d.readable) return log_page(ctx, d, 1, {}, {}, 403);
  const LogInput in{ctx.field("happened_on"), ctx.field("kind"), ctx.field("text")};
  FieldErrorList errs;
  LogEntry e;
  const std::string today = today_iso(ctx.app.clock);
  e.happened_on = text::trim(in.happened_on).empty() ? today : optional_date(in.happened_on, "happened_on", errs);
  if (!e.happened_on.empty() && e.happened_on > today)
    errs.emplace_back("happened_on", N_("The date cannot be in the future."));
  if (auto k = log_kind_from(in.kind)) e.kind = *k;
  else errs.emplace_back("kind", N_("Choose what kind of contact it was."));
  e.text = required_text(in.text, "text", N_("Write what happened."), 5000, errs);
  if (!errs.empty()) {
    web::FieldErrors fe;
    for (const auto& [field, msg] : errs) fe.add(field, msg);
    return log_page(ctx, d, 1, in, fe, 400);
  }
  e.id = ids::new_uuid();
  e.family_id = d.family.id;
  e.author_id = ctx.actor->user_id;
  e.author_service = ctx.actor->service;
  const UnixSeconds now = ctx.app.clock.now();
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(insert_log_entry(c, d.family.municipality_id, e, now));
    KP_TRY(touch_contact(c, e.family_id, contact_moment(e.happened_on, today, now)));
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "log.create", e.family_id,
                                      fmt::format(R"({{"entry":"{}","kind":"{}"}})", e.id, to_string(e.kind))));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(family_path(e.family_id, "log") + "?saved=1");
}

}  // namespace

void register_log_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff/families/{id:uuid}/log", Permission::family_read, log_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/log", Permission::family_write, log_post);
}

}  // namespace kp::families
