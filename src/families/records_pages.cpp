// The family's records: who has looked at the family's data (innsyn i logg, as a page and as a
// PDF to hand to the family), the export of all data about a person (GDPR art. 15, JSON and
// PDF), closing the follow-up, and the leader's review of emergency access. The dispatcher's
// guard has checked the family and logged each GET before these handlers run; changes append
// their own audit record in the same transaction.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "app/app.hpp"
#include "core/text.hpp"
#include "families/page_kit.hpp"
#include "families/caseload.hpp"
#include "families/export.hpp"
#include "families/guard.hpp"
#include "families/pages.hpp"
#include "families/rules.hpp"
#include "families/store.hpp"
#include "families/views.hpp"
#include "pdf/person_export.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace kp::families {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

constexpr int kAccessPageSize = 50;
// The printed access log and the export stop here; no family comes near it in years of use.
constexpr int kPrintedRecords = 20000;


http::Response forbidden_for_non_leaders(Context& ctx) {
  return web::error_page(ctx, 403, ctx.tr("You do not have access"),
                         ctx.tr("Only the hub's leaders review emergency access."));
}

// A downloadable file that must never be cached or shown inline by mistake.
http::Response attachment(std::string body, std::string content_type, const std::string& filename) {
  http::Response r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  web::no_store(r);
  return r;
}

// ---- who has looked (innsyn i logg) ------------------------------------------------------------

Html access_table(const Context& ctx, const std::vector<AccessRecord>& records) {
  Html t;
  t.append(R"(<table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
           ctx.tr("When"), ctx.tr("Who"), ctx.tr("What"), ctx.tr("Reason"));
  for (const auto& r : records) {
    Html who = Html::format("{}", access_actor_label(ctx.t, r));
    if (!r.actor_service.empty()) who.append(R"(<br><span class="kp-muted">{}</span>)", service_label(ctx, r.actor_service));
    Html what = Html::format("{}", access_action_label(ctx.t, r.action));
    if (const char* part = access_page_msgid(r.page)) what.append(R"(<br><span class="kp-muted">{}</span>)", ctx.tr(part));
    if (r.emergency())
      what.append(R"( <span class="ds-tag" data-color="danger">{}</span>)", ctx.tr("Emergency access"));
    t.append("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", ctx.t.date_time(r.at), who, what, r.reason);
  }
  t.append("</tbody></table>");
  return t;
}

// GET /staff/families/{id}/access-log[?before=SEQ]
http::Response access_log_page(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  std::int64_t before = 0;
  const std::string b = ctx.query("before");
  std::from_chars(b.data(), b.data() + b.size(), before);
  auto records = ctx.app.db->read([&](store::Conn& c) {
    return access_log(c, f->municipality_id, f->id, before, kAccessPageSize + 1);
  });
  if (!records) return web::busy_page(ctx);
  const bool more = records->size() > static_cast<size_t>(kAccessPageSize);
  if (more) records->pop_back();

  auto p = staff_page(ctx.tr("Who has looked at the family's data"));
  Html& body = p.body;
  body.append(family_header(ctx, *f, FamilyTab::access_log));
  body.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", p.title);
  body.append(R"(<p class="ds-paragraph">{}</p>)",
              ctx.tr("Every time someone opens, lists or changes the family's data, it is written to a log that cannot "
                     "be changed afterwards. The family has the right to see this list. Uses of emergency access are "
                     "marked."));
  body.append(R"(<p class="ds-paragraph"><a class="ds-button" data-variant="secondary" href="{}">{}</a></p>)",
              family_path(f->id, "access-log.pdf"), ctx.tr("Print the list for the family (PDF)"));
  if (records->empty()) body.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("Nobody has looked at the family's data yet."));
  else body.append(access_table(ctx, *records));
  if (more || before > 0) {
    body.append(R"(<nav class="kp-actions" aria-label="{}">)", ctx.tr("Pages of the log"));
    if (before > 0)
      body.append(R"(<a class="ds-link" href="{}">{}</a> )", family_path(f->id, "access-log"), ctx.tr("Newest entries"));
    if (more)
      body.append(R"(<a class="ds-link" href="{}?before={}">{}</a>)", family_path(f->id, "access-log"),
                  std::to_string(records->back().seq), ctx.tr("Older entries"));
    body.append("</nav>");
  }
  return render_private(ctx, p);
}

// GET /staff/families/{id}/access-log.pdf
http::Response access_log_pdf(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  auto records = ctx.app.db->read([&](store::Conn& c) {
    return access_log(c, f->municipality_id, f->id, 0, kPrintedRecords);
  });
  if (!records) return web::busy_page(ctx);
  auto pdf = pdf::record_pdf(access_log_lines(*f, *records, ctx.app.clock.now(), ctx), ctx.t);
  if (!pdf) return web::error_page(ctx, 500, ctx.tr("Something went wrong"), ctx.tr("The PDF could not be made. Try again later."));
  return attachment(std::move(*pdf), "application/pdf", "access-log-" + f->reference + ".pdf");
}

// ---- the export of a person (GDPR art. 15) -------------------------------------------------------

// GET /staff/families/{id}/members/{person}/export.json and .pdf (Permission::family_export):
// only the coordinator may export, decided by the policy before anything is read or logged: a
// request for all data is handled by the one who holds the family's case, and the result is
// everything — more than a team member's consent covers, and nothing emergency access (a look
// in an acute situation) is meant for.
http::Response export_file(Context& ctx, bool as_pdf) {
  const std::string fid = family_id(ctx), pid = path_param(ctx, "person");
  auto loaded = ctx.app.db->read([&](store::Conn& c) { return load_person_export(c, fid, pid, ctx.app.clock.now()); });
  if (!loaded) return web::busy_page(ctx);
  if (!*loaded) return web::not_found_page(ctx);
  const PersonExport& e = **loaded;
  std::string body;
  if (as_pdf) {
    auto pdf = pdf::record_pdf(person_export_lines(e, ctx), ctx.t);
    if (!pdf) return web::error_page(ctx, 500, ctx.tr("Something went wrong"), ctx.tr("The PDF could not be made. Try again later."));
    body = std::move(*pdf);
  } else {
    body = person_export_json(e);
  }
  // Logged before anything is handed out (fail closed): ids and the format, nothing personal.
  const std::string details = fmt::format(R"({{"person":"{}","format":"{}"}})", pid, as_pdf ? "pdf" : "json");
  auto st = ctx.app.db->with_write([&](store::Conn& c) {
    return audit::append(c, ctx.app.clock, family_audit(ctx, "family.export", fid, details));
  });
  if (!st) return web::busy_page(ctx);
  const std::string name = "data-" + e.family.reference + "-" + pid.substr(0, 8) + (as_pdf ? ".pdf" : ".json");
  return attachment(std::move(body), as_pdf ? "application/pdf" : "application/json; charset=utf-8", name);
}

http::Response export_json(Context& ctx) { return export_file(ctx, false); }
http::Response export_pdf(Context& ctx) { return export_file(ctx, true); }

// ---- closing ----------------------------------------------------------------------------------

struct CloseInput {
  std::string reason, reason_other, evaluation;
};

http::Response close_form(Context& ctx, const Family& f, const CloseInput& in, const web::FieldErrors& errors,
                          int status) {
  auto p = staff_page(ctx.tr("Close the follow-up"));
  Html& b = p.body;
  b.append(family_header(ctx, f, FamilyTab::overview));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", p.title);
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.t.trn("When the follow-up is closed, the family's data can be read but no longer changed. After {n} "
                     "day the personal data is deleted, and only numbers for statistics are kept.",
                     "When the follow-up is closed, the family's data can be read but no longer changed. After {n} "
                     "days the personal data is deleted, and only numbers for statistics are kept.",
                     ctx.app.settings.retention_days));
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})", family_path(f.id, "close"),
           web::csrf_field(ctx));
  std::vector<std::pair<std::string, std::string>> reasons{{"", ctx.tr("Choose a reason")}};
  for (const auto& [code, msgid] : close_reasons()) reasons.emplace_back(code, ctx.tr(msgid));
  reasons.emplace_back("other", ctx.tr("Another reason (write it below)"));
  b.append(web::select_field(ctx, "reason", ctx.tr("Why the follow-up ends"), reasons, in.reason, errors));
  web::FieldOptions other;
  other.dir = "auto";
  other.hint = ctx.tr("Only when you chose another reason.");
  b.append(web::text_field(ctx, "reason_other", ctx.tr("Other reason"), in.reason_other, errors, other));
  web::FieldOptions eval;
  eval.required = true;
  eval.rows = 6;
  eval.dir = "auto";
  eval.hint = ctx.tr("What worked, and what did not? Write it together with the family if you can.");
  b.append(web::text_field(ctx, "evaluation", ctx.tr("Evaluation"), in.evaluation, errors, eval));
  b.append(web::button(ctx.tr("Close the follow-up")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

// GET /staff/families/{id}/close
http::Response close_get(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  return close_form(ctx, *f, {}, {}, 200);
}

// POST /staff/families/{id}/close
http::Response close_post(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  const CloseInput in{ctx.field("reason"), ctx.field("reason_other"), ctx.field("evaluation")};
  FieldErrorList errs;
  std::string reason;
  const bool known = std::any_of(close_reasons().begin(), close_reasons().end(),
                                 [&](const auto& r) { return r.first == in.reason; });
  if (known) reason = in.reason;
  else if (in.reason == "other")
    reason = required_text(in.reason_other, "reason_other", N_("Write why the follow-up ends."), 500, errs);
  else errs.emplace_back("reason", N_("Choose why the follow-up ends."));
  const std::string evaluation =
      required_text(in.evaluation, "evaluation", N_("Write what worked and what did not."), 4000, errs);
  if (!errs.empty()) {
    web::FieldErrors e;
    for (const auto& [field, msg] : errs) e.add(field, msg);
    return close_form(ctx, *f, in, e, 400);
  }
  // Only the code goes into the audit record: a reason written as free text may be personal.
  const std::string details = fmt::format(R"({{"reason":"{}"}})", known ? reason : "other");
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(close_family(c, f->id, reason, evaluation, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, family_audit(ctx, "family.close", f->id, details));
  });
  if (!st) {
    if (st.error().kind == ErrorKind::conflict)
      return web::error_page(ctx, 409, ctx.tr("The family has already been closed."),
                             ctx.tr("Someone closed the follow-up while you were writing. Nothing was changed."));
    return web::busy_page(ctx);
  }
  return http::Response::redirect(family_path(f->id) + "?saved=1");
}

// ---- the leader's review of emergency access ------------------------------------------------------

Html grant_facts(const Context& ctx, const EmergencyGrant& g) {
  Html h;
  h.append(R"(<dl class="kp-facts"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>)",
           ctx.tr("Who"), g.user_name + (g.user_service.empty() ? "" : " — " + service_label(ctx, g.user_service)),
           ctx.tr("Case number"), g.reference, ctx.tr("When"), ctx.t.date_time(g.granted_at), ctx.tr("Reason"), g.reason,
           ctx.tr("Pages opened"), ctx.t.number(g.looks));
  return h;
}

http::Response review_page(Context& ctx, const std::string& error_grant, const web::FieldErrors& errors, int status) {
  std::vector<EmergencyGrant> open, done;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto u = unreviewed_emergency_grants(c, ctx.actor->municipality_id);
    if (!u) return pass(u);
    open = std::move(*u);
    auto r = reviewed_emergency_grants(c, ctx.actor->municipality_id, 20);
    if (!r) return pass(r);
    done = std::move(*r);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  auto p = staff_page(ctx.tr("Review emergency access"), "caseload");
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  if (ctx.query("saved") == "1")
    b.append(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)",
             ctx.tr("Saved."));
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("Each time someone opens a family with emergency access, a leader checks afterwards that the reason "
                  "was good enough. Talk with the employee if it was not."));
  b.append(R"(<section aria-labelledby="open-h"><h2 class="ds-heading" data-size="sm" id="open-h">{} <span class="ds-tag" data-color="{}">{}</span></h2>)",
           ctx.tr("Not reviewed yet"), open.empty() ? "neutral" : "warning", ctx.t.number(static_cast<long long>(open.size())));
  if (open.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("Every use of emergency access has been reviewed."));
  for (const auto& g : open) {
    // One form per grant: ids carry the grant id so every label points to its own field.
    const std::string field = "note-" + g.id;
    const std::string* err = g.id == error_grant ? errors.get("note") : nullptr;
    b.append(R"(<article aria-labelledby="g-{}"><h3 class="ds-heading" data-size="xs" id="g-{}">{} · {}</h3>)",
             g.id, g.id, g.reference, g.user_name);
    b.append(grant_facts(ctx, g));
    if (err) b.append(web::error_summary(ctx, [&] { web::FieldErrors e; e.add(field, *err); return e; }()));
    b.append(R"(<form method="post" action="/staff/emergency-access/{}/review" class="kp-form">{})", g.id,
             web::csrf_field(ctx));
    b.append(R"(<div class="ds-field kp-field"><label class="ds-label" for="f-{}">{} <span class="kp-required">({})</span></label>)",
             field, ctx.tr("Your assessment"), ctx.tr("required"));
    if (err)
      b.append(R"(<div class="ds-validation-message" data-field="validation" data-color="danger" id="f-{}-error">{}</div><textarea class="ds-input" id="f-{}" name="note" rows="3" dir="auto" required aria-invalid="true" aria-describedby="f-{}-error"></textarea></div>)",
               field, ctx.tr(err->c_str()), field, field);
    else
      b.append(R"(<textarea class="ds-input" id="f-{}" name="note" rows="3" dir="auto" required></textarea></div>)", field);
    b.append(web::button(ctx.tr("Mark as reviewed")));
    b.append("</form></article>");
  }
  b.append("</section>");
  b.append(R"(<section aria-labelledby="done-h"><h2 class="ds-heading" data-size="sm" id="done-h">{}</h2>)",
           ctx.tr("Reviewed recently"));
  if (done.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("Nothing has been reviewed yet."));
  else {
    b.append(R"(<table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
             ctx.tr("When"), ctx.tr("Who"), ctx.tr("Case number"), ctx.tr("Reviewed by"), ctx.tr("Assessment"));
    for (const auto& g : done)
      b.append("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", ctx.t.date_time(g.granted_at),
               g.user_name, g.reference, g.reviewed_by_name, g.review_note);
    b.append("</tbody></table>");
  }
  b.append("</section>");
  return render_private(ctx, p, status);
}

// GET /staff/emergency-access — family_intake at the route; leaders only (coordinators share the
// permission but do not review their colleagues).
http::Response review_get(Context& ctx) {
  if (!ctx.actor->has(policy::Role::leader)) return forbidden_for_non_leaders(ctx);
  return review_page(ctx, "", {}, 200);
}

// POST /staff/emergency-access/{grant}/review
http::Response review_post(Context& ctx) {
  if (!ctx.actor->has(policy::Role::leader)) return forbidden_for_non_leaders(ctx);
  const std::string grant = path_param(ctx, "grant");
  FieldErrorList errs;
  const std::string note = required_text(ctx.field("note"), "note", N_("Write your assessment of the reason."), 1000, errs);
  if (!errs.empty()) {
    web::FieldErrors e;
    e.add("note", errs.front().second);
    return review_page(ctx, grant, e, 400);
  }
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto fid = review_emergency_grant(c, ctx.actor->municipality_id, grant, ctx.actor->user_id, note,
                                      ctx.app.clock.now());
    if (!fid) return pass(fid);
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "family.emergency_review", *fid, R"({"grant":")" + grant + "\"}"));
  });
  if (!st) {
    if (st.error().kind == ErrorKind::not_found) return web::not_found_page(ctx);
    if (st.error().kind == ErrorKind::forbidden)
      return web::error_page(ctx, 403, ctx.tr("Another leader must review this"), ctx.tr(st.error().message.c_str()));
    return web::busy_page(ctx);
  }
  return http::Response::redirect("/staff/emergency-access?saved=1");
}

}  // namespace

void register_records_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff/families/{id:uuid}/access-log", Permission::family_read, access_log_page);
  r.add(Method::GET, "/staff/families/{id:uuid}/access-log.pdf", Permission::family_read, access_log_pdf);
  r.add(Method::GET, "/staff/families/{id:uuid}/members/{person:uuid}/export.json", Permission::family_export, export_json);
  r.add(Method::GET, "/staff/families/{id:uuid}/members/{person:uuid}/export.pdf", Permission::family_export, export_pdf);
  r.add(Method::GET, "/staff/families/{id:uuid}/close", Permission::family_manage, close_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/close", Permission::family_manage, close_post);
  r.add(Method::GET, "/staff/emergency-access", Permission::family_intake, review_get);
  r.add(Method::POST, "/staff/emergency-access/{grant:uuid}/review", Permission::family_intake, review_post);
}

}  // namespace kp::families
