// The hub's intake for staff: a service employee registers a concern about a child or a
// referral of a family; the hub's coordinators and leaders read the inbox and accept a
// referral (as a new family, or attached to one they already follow) or decline it with a
// reason. There is no family yet while a referral waits, so these pages audit with entity
// "referral" themselves; every look at a referral's personal data is recorded before it is shown.
#include <fmt/format.h>

#include <algorithm>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "families/page_kit.hpp"
#include "families/guard.hpp"
#include "families/intake_rules.hpp"
#include "families/intake_store.hpp"
#include "families/pages.hpp"
#include "families/store.hpp"
#include "families/views.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace kp::families {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

constexpr UnixSeconds kDecidedShownFor = 90 * 24 * 3600;  // the inbox shows decisions this long

audit::Entry referral_audit(const Context& ctx, const std::string& action, const std::string& referral_id,
                            const std::string& details = {}) {
  return audit::Entry{ctx.actor->municipality_id, ctx.actor->user_id, action, "referral", referral_id,
                      ctx.req.remote_addr, "", details};
}

// Records that the actor was shown these referrals' personal data. Fail closed: the dispatcher
// holds the page until the records are committed.
Status record_reads(const Context& ctx, const std::vector<std::string>& ids, const char* action) {
  if (!ctx.app.settings.audit_reads || ids.empty()) return {};
  std::vector<audit::Entry> entries;
  entries.reserve(ids.size());
  for (const auto& id : ids) entries.push_back(referral_audit(ctx, action, id));
  ctx.read_audits.push_back(ctx.app.reads.record_async(std::move(entries)));
  return {};
}

std::string kind_label(const Context& ctx, ReferralKind k) {
  switch (k) {
    case ReferralKind::concern: return ctx.tr(N_("Concern about a child"));
    case ReferralKind::referral: return ctx.tr(N_("Referral of a family"));
    case ReferralKind::self: return ctx.tr(N_("The family asks for help"));
  }
  return {};
}

Html status_tag(const Context& ctx, ReferralStatus s) {
  switch (s) {
    case ReferralStatus::new_:
      return Html::format(R"(<span class="ds-tag" data-color="warning">{}</span>)", ctx.tr("Waiting"));
    case ReferralStatus::accepted:
      return Html::format(R"(<span class="ds-tag" data-color="success">{}</span>)", ctx.tr("Accepted"));
    case ReferralStatus::declined:
      return Html::format(R"(<span class="ds-tag" data-color="neutral">{}</span>)", ctx.tr("Declined"));
  }
  return {};
}

std::string sender_label(const Context& ctx, const Referral& r) {
  if (r.kind == ReferralKind::self) return ctx.tr("The family, through the web form");
  return service_label(ctx, r.from_service);
}

std::string language_label(const Context& ctx, const std::string& code, bool interpreter) {
  const auto* lang = i18n::find_language(code);
  std::string out = lang ? lang->native_name : code;
  if (interpreter) out += " · " + ctx.tr("needs an interpreter");
  return out;
}

// Free text as typed: each line escaped, line breaks kept.
Html lines(std::string_view text) {
  Html h;
  bool first = true;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!first) h.append("<br>");
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    h.text(line);
    first = false;
    start = end + 1;
  }
  return h;
}

std::vector<std::pair<std::string, std::string>> level_options(const Context& ctx) {
  std::vector<std::pair<std::string, std::string>> opts;
  for (int l = 0; l <= 3; ++l) opts.emplace_back(std::to_string(l), bti_label(ctx, l));
  return opts;
}

// A checkbox whose error the summary can link to (#f-<name>).
Html checked_box(const Context& ctx, const std::string& name, const std::string& label, bool checked,
                 const web::FieldErrors& errors) {
  Html h;
  if (const std::string* err = errors.get(name))
    h.append(R"(<div class="ds-validation-message" data-field="validation" data-color="danger" id="f-{}-error">{}</div>)",
             name, ctx.tr(err->c_str()));
  h.append(web::checkbox(name, "1", label, checked, "f-" + name));
  return h;
}

// ---- register a concern or referral ----------------------------------------------------------

ReferralInput read_referral_input(const Context& ctx) {
  return {ctx.field("kind"),     ctx.field("child_name"), ctx.field("child_birth"),
          ctx.field("contact_name"), ctx.field("phone"),  ctx.field("email"),
          ctx.field("language"), ctx.field("interpreter"), ctx.field("description"),
          ctx.field("consent_to_contact"), ctx.field("bti_level")};
}

Html kind_choice(const Context& ctx, const std::string& selected, const web::FieldErrors& errors) {
  Html h;
  h.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("What do you want to send?"));
  if (const std::string* err = errors.get("kind"))
    h.append(R"(<div class="ds-validation-message" data-field="validation" data-color="danger">{}</div>)",
             ctx.tr(err->c_str()));
  const std::string kind = selected.empty() ? "concern" : selected;
  const struct {
    const char* value;
    std::string label, hint;
  } choices[] = {
      {"concern", ctx.tr("A concern about a child"),
       ctx.tr("You are worried about a child and want the hub to know. The family does not need to know yet.")},
      {"referral", ctx.tr("A referral of the family to the hub"),
       ctx.tr("The family knows about it and wants help from the hub.")},
  };
  for (const auto& c : choices) {
    const std::string id = std::string("f-kind") + (std::string_view(c.value) == "concern" ? "" : "-referral");
    h.append(R"(<div class="ds-field kp-check"><input class="ds-input" type="radio" id="{}" name="kind" value="{}" aria-describedby="{}-hint"{}><label class="ds-label" data-weight="regular" for="{}">{}</label></div><p class="ds-paragraph kp-hint" data-size="sm" id="{}-hint">{}</p>)",
             id, c.value, id, kind == c.value ? Html::trusted(" checked") : Html(), id, c.label, id, c.hint);
  }
  h.append("</fieldset>");
  return h;
}

http::Response new_form(Context& ctx, const ReferralInput& in, const web::FieldErrors& errors, int status) {
  auto p = staff_page(ctx.tr("Register a concern or a referral"), "referrals");
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("The hub's coordinators read what you send, usually within three working days. Write only what "
                  "the hub needs to know."));
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="/staff/referrals/new" class="kp-form" novalidate>{})", web::csrf_field(ctx));
  b.append(kind_choice(ctx, in.kind, errors));

  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("The child"));
  web::FieldOptions name;
  name.autocomplete = "off";
  name.hint = ctx.tr("Required for a concern.");
  b.append(web::text_field(ctx, "child_name", ctx.tr("The child's name"), in.child_name, errors, name));
  web::FieldOptions birth;
  birth.autocomplete = "off";
  birth.hint = ctx.tr("The date (2019-03-31), or only the year (2019) if you do not know the date.");
  b.append(web::text_field(ctx, "child_birth", ctx.tr("Born"), in.child_birth, errors, birth));
  b.append("</fieldset>");

  b.append(R"(<fieldset class="kp-fieldset"><legend>{}</legend>)", ctx.tr("Parent or guardian"));
  web::FieldOptions contact;
  contact.autocomplete = "off";
  contact.hint = ctx.tr("Required for a referral.");
  b.append(web::text_field(ctx, "contact_name", ctx.tr("Name"), in.contact_name, errors, contact));
  web::FieldOptions tel;
  tel.type = "tel";
  tel.autocomplete = "off";
  b.append(web::text_field(ctx, "phone", ctx.tr("Phone"), in.phone, errors, tel));
  web::FieldOptions mail;
  mail.type = "email";
  mail.autocomplete = "off";
  b.append(web::text_field(ctx, "email", ctx.tr("E-mail"), in.email, errors, mail));
  b.append(web::select_field(ctx, "language", ctx.tr("The family's preferred language"), language_options(ctx),
                             in.language.empty() ? "nb" : in.language, errors));
  b.append(web::checkbox("interpreter", "1", ctx.tr("Needs an interpreter"), in.interpreter == "1"));
  b.append("</fieldset>");

  web::FieldOptions desc;
  desc.required = true;
  desc.rows = 6;
  desc.dir = "auto";
  desc.hint = ctx.tr("What you have seen or heard, and what the family or child may need.");
  b.append(web::text_field(ctx, "description", ctx.tr("What is it about?"), in.description, errors, desc));

  b.append(R"(<p class="ds-paragraph" id="consent-help">{}</p>)",
           ctx.tr("For a referral, the family must know about it and agree to be contacted. A concern can be sent "
                  "without this: the hub will then talk with you and your service first, before anyone contacts "
                  "the family."));
  b.append(checked_box(ctx, "consent_to_contact", ctx.tr("The family knows about this and agrees that the hub contacts them"),
                       in.consent_to_contact == "1", errors));
  b.append(web::select_field(ctx, "bti_level", ctx.tr("Suggested level of follow-up (BTI)"), level_options(ctx),
                             in.bti_level.empty() ? "0" : in.bti_level, errors,
                             ctx.tr("Your suggestion. The hub decides the level.")));
  b.append(web::button(ctx.tr("Send to the hub")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

http::Response new_get(Context& ctx) { return new_form(ctx, {}, {}, 200); }

Html receipt_box(const Context& ctx, const std::string& code) {
  return Html::format(R"(<p class="ds-paragraph">{}</p><p class="kp-receipt-code">{}</p>)", ctx.tr("Receipt code:"),
                      code);
}

http::Response new_post(Context& ctx) {
  const ReferralInput in = read_referral_input(ctx);
  Referral r;
  FieldErrorList errs;
  apply_referral_input(in, today_iso(ctx.app.clock), r, errs);
  if (!errs.empty()) return new_form(ctx, in, to_field_errors(errs), 400);
  const policy::Actor& a = *ctx.actor;
  r.id = ids::new_uuid();
  r.municipality_id = a.municipality_id;
  r.status = ReferralStatus::new_;
  r.from_user_id = a.user_id;
  r.from_service = a.service;
  std::string code;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto made = insert_referral(c, r, ctx.app.clock.now());
    if (!made) return pass(made);
    code = *made;
    return audit::append(c, ctx.app.clock,
                         referral_audit(ctx, "referral.create", r.id,
                                        fmt::format("{{\"kind\":\"{}\"}}", to_string(r.kind))));
  });
  if (!st) return web::busy_page(ctx);
  auto p = staff_page(ctx.tr("Sent to the hub"), "referrals");
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)",
           ctx.tr("Thank you. The hub has received it."));
  b.append(receipt_box(ctx, code));
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("Write the code down. If you call the hub about this, give them the code."));
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/staff/referrals/new">{}</a></p>)",
           ctx.tr("Register another"));
  return render_private(ctx, p);
}

// ---- inbox ------------------------------------------------------------------------------------

Html inbox_table(const Context& ctx, const std::vector<const Referral*>& rows, bool decided) {
  Html t;
  t.append(R"(<table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>)",
           ctx.tr("What"), ctx.tr("Received"), ctx.tr("From"), ctx.tr("Child"), ctx.tr("Suggested level"));
  if (decided) t.append(R"(<th scope="col">{}</th>)", ctx.tr("Decision"));
  t.append("</tr></thead><tbody>");
  for (const Referral* r : rows) {
    std::string child = r->child_first_name();
    if (!child.empty() && !r->child_birth_year().empty()) child += " (" + r->child_birth_year() + ")";
    else if (child.empty()) child = r->child_birth_year();
    t.append(R"(<tr><td><a class="ds-link" href="/staff/referrals/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>)",
             r->id, kind_label(ctx, r->kind), date_label(ctx, r->created_at), sender_label(ctx, *r),
             child.empty() ? ctx.tr("Not given") : child, std::to_string(r->bti_level));
    if (decided) t.append("<td>{}</td>", status_tag(ctx, r->status));
    t.append("</tr>");
  }
  t.append("</tbody></table>");
  return t;
}

http::Response inbox(Context& ctx) {
  const UnixSeconds now = ctx.app.clock.now();
  auto rows = ctx.app.db->read([&](store::Conn& c) { return list_inbox(c, ctx.actor->municipality_id, now - kDecidedShownFor); });
  if (!rows) return web::busy_page(ctx);
  std::vector<std::string> shown;
  std::vector<const Referral*> waiting, decided;
  for (const auto& r : *rows) {
    shown.push_back(r.id);
    (r.status == ReferralStatus::new_ ? waiting : decided).push_back(&r);
  }
  if (!record_reads(ctx, shown, "referral.list")) return web::busy_page(ctx);

  auto p = staff_page(ctx.tr("Referrals"), "referrals");
  Html& b = p.body;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(saved_notice(ctx));
  b.append(R"(<div class="kp-actions"><a class="ds-button" data-variant="secondary" href="/staff/referrals/new">{}</a></div>)",
           ctx.tr("Register a concern or a referral"));
  b.append(R"(<h2 class="ds-heading" data-size="sm">{}</h2>)", ctx.tr("Waiting for the hub"));
  if (waiting.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("Nothing is waiting."));
  else {
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("Oldest first. Open one to accept or decline it."));
    b.append(inbox_table(ctx, waiting, false));
  }
  b.append(R"(<h2 class="ds-heading" data-size="sm">{}</h2>)", ctx.tr("Decided in the last 90 days"));
  if (decided.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("None."));
  else b.append(inbox_table(ctx, decided, true));
  return render_private(ctx, p);
}

// ---- one referral -----------------------------------------------------------------------------

std::string referral_id(const Context& ctx) { return std::string(http::find(ctx.req.path_params, "ref").value_or("")); }

// The referral named in the path if it belongs to the actor's municipality.
std::optional<Referral> load_referral(Context& ctx, bool& failed) {
  auto r = ctx.app.db->read([&](store::Conn& c) { return get_referral(c, referral_id(ctx)); });
  failed = !r;
  if (!r || !*r || (*r)->municipality_id != ctx.actor->municipality_id) return std::nullopt;
  return **r;
}

struct DecisionForms {
  AcceptInput accept;
  std::string reference;
  std::string reason;
  web::FieldErrors errors;
};

Html facts_list(const Context& ctx, const Referral& r) {
  Html b;
  b.append(R"(<dl class="kp-facts">)");
  auto row = [&](const std::string& term, const std::string& value) {
    if (!value.empty()) b.append("<dt>{}</dt><dd>{}</dd>", term, value);
  };
  row(ctx.tr("What"), kind_label(ctx, r.kind));
  row(ctx.tr("Received"), date_label(ctx, r.created_at));
  row(ctx.tr("Receipt code"), r.receipt);
  row(ctx.tr("From"), sender_label(ctx, r));
  if (r.kind != ReferralKind::self) row(ctx.tr("Sent by"), r.from_user_name);
  row(r.kind == ReferralKind::self ? ctx.tr("Name") : ctx.tr("Parent or guardian"), r.contact_name);
  if (!r.phone.empty())
    b.append(R"(<dt>{}</dt><dd><a class="ds-link" href="tel:{}">{}</a></dd>)", ctx.tr("Phone"), r.phone, r.phone);
  if (!r.email.empty())
    b.append(R"(<dt>{}</dt><dd><a class="ds-link" href="mailto:{}">{}</a></dd>)", ctx.tr("E-mail"), r.email, r.email);
  row(ctx.tr("Preferred language"), language_label(ctx, r.language, r.interpreter));
  row(ctx.tr("The child's name"), r.child_name);
  row(ctx.tr("Born"), r.child_birth_date.size() == 10 ? date_label(ctx, r.child_birth_date) : r.child_birth_date);
  row(ctx.tr("Children's ages"), r.children_ages);
  row(ctx.tr("Suggested level"), bti_label(ctx, r.bti_level));
  row(ctx.tr("The family agrees to be contacted"), r.consent_to_contact ? ctx.tr("Yes") : ctx.tr("No"));
  b.append("</dl>");
  b.append(R"(<h2 class="ds-heading" data-size="sm">{}</h2>)",
           r.kind == ReferralKind::self ? ctx.tr("What they would like help with") : ctx.tr("What it is about"));
  if (r.description.empty()) b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("Nothing written."));
  else b.append(R"(<p class="ds-paragraph" dir="auto">{}</p>)", lines(r.description));
  return b;
}

Html decision_section(const Context& ctx, const Referral& r) {
  Html b;
  b.append(R"(<h2 class="ds-heading" data-size="sm">{}</h2><p class="ds-paragraph">)", ctx.tr("Decision"));
  b.append(status_tag(ctx, r.status));
  b.append(" {} · {}</p>", r.decided_at ? date_label(ctx, *r.decided_at) : "", r.decided_by_name);
  if (r.status == ReferralStatus::declined)
    b.append(R"(<p class="ds-paragraph" dir="auto"><strong>{}</strong> {}</p>)", ctx.tr("Reason:"), lines(r.decision_reason));
  if (r.status == ReferralStatus::accepted && r.family_id)
    b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="{}">{}</a></p>)", family_path(*r.family_id),
             ctx.tr("Open the family"));
  return b;
}

Html action_forms(const Context& ctx, const Referral& r, const std::vector<StaffChoice>& staff,
                  const DecisionForms& forms) {
  const web::FieldErrors& errors = forms.errors;
  const std::string action = "/staff/referrals/" + r.id;
  Html b;
  // Accept as a new family.
  b.append(R"(<section aria-labelledby="accept-h"><h2 class="ds-heading" data-size="sm" id="accept-h">{}</h2>)",
           ctx.tr("Accept: start follow-up of a new family"));
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("Creates the family with the parent and the child from the referral. You can add and change people "
                  "in the family afterwards."));
  b.append(R"(<form method="post" action="{}/accept" class="kp-form" novalidate>{}<input type="hidden" name="mode" value="new">)",
           action, web::csrf_field(ctx));
  web::FieldOptions req;
  req.required = true;
  req.autocomplete = "off";
  req.hint = ctx.tr("How the hub refers to the household, for example Familien Berg.");
  b.append(web::text_field(ctx, "family_name", ctx.tr("Name of the family"),
                           forms.accept.family_name.empty() ? suggested_family_name(r) : forms.accept.family_name,
                           errors, req));
  std::vector<std::pair<std::string, std::string>> coordinators{{"", ctx.tr("Choose a coordinator")}};
  for (const auto& s : staff)
    if (s.coordinator) coordinators.emplace_back(s.id, s.display_name);
  std::string chosen = forms.accept.coordinator_id;
  if (chosen.empty() && ctx.actor->has(policy::Role::coordinator)) chosen = ctx.actor->user_id;
  b.append(web::select_field(ctx, "coordinator_id", ctx.tr("Coordinator"), coordinators, chosen, errors,
                             ctx.tr("The family's one contact in the hub (stafettholder).")));
  b.append(web::select_field(ctx, "bti_level", ctx.tr("Level of follow-up (BTI)"), level_options(ctx),
                             forms.accept.bti_level.empty() ? std::to_string(r.bti_level) : forms.accept.bti_level,
                             errors));
  b.append(web::button(ctx.tr("Accept and create the family")));
  b.append("</form></section>");

  // Accept into a family the hub already follows.
  b.append(R"(<section aria-labelledby="attach-h"><h2 class="ds-heading" data-size="sm" id="attach-h">{}</h2>)",
           ctx.tr("Accept: the hub already follows this family"));
  b.append(R"(<form method="post" action="{}/accept" class="kp-form" novalidate>{}<input type="hidden" name="mode" value="existing">)",
           action, web::csrf_field(ctx));
  web::FieldOptions ref;
  ref.required = true;
  ref.autocomplete = "off";
  ref.hint = ctx.tr("The case number, for example F-2026-0042. Only families you are coordinator for or on the team of.");
  b.append(web::text_field(ctx, "reference", ctx.tr("Case number"), forms.reference, errors, ref));
  b.append(web::button(ctx.tr("Accept and add to the family"), false));
  b.append("</form></section>");

  // Decline.
  b.append(R"(<section aria-labelledby="decline-h"><h2 class="ds-heading" data-size="sm" id="decline-h">{}</h2>)",
           ctx.tr("Decline"));
  b.append(R"(<form method="post" action="{}/decline" class="kp-form" novalidate>{})", action, web::csrf_field(ctx));
  web::FieldOptions why;
  why.required = true;
  why.rows = 3;
  why.dir = "auto";
  why.hint = ctx.tr("The sender may ask why. Write it so that they can understand it.");
  b.append(web::text_field(ctx, "reason", ctx.tr("Why the hub declines"), forms.reason, errors, why));
  b.append(web::button(ctx.tr("Decline"), false));
  b.append("</form></section>");
  return b;
}

// The referral's page; on a failed decision it shows the forms again with their errors. The
// look is recorded first (fail closed).
http::Response referral_page(Context& ctx, const Referral& r, const DecisionForms& forms, int status) {
  std::vector<StaffChoice> staff;
  if (r.status == ReferralStatus::new_) {
    auto s = ctx.app.db->read([&](store::Conn& c) { return family_staff(c, r.municipality_id); });
    if (!s) return web::busy_page(ctx);
    staff = std::move(*s);
  }
  if (!record_reads(ctx, {r.id}, "referral.view")) return web::busy_page(ctx);
  auto p = staff_page(kind_label(ctx, r.kind), "referrals");
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph kp-muted"><a class="ds-link" href="/staff/referrals">{}</a></p>)",
           ctx.tr("All referrals"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(web::error_summary(ctx, forms.errors));
  if (r.kind == ReferralKind::concern && !r.consent_to_contact && r.status == ReferralStatus::new_)
    b.append(R"(<div class="ds-alert" data-color="warning"><p class="ds-paragraph">{}</p></div>)",
             ctx.tr("The family has not agreed to be contacted. Talk with the service that sent the concern before "
                    "anyone contacts the family."));
  b.append(facts_list(ctx, r));
  if (r.status == ReferralStatus::new_) b.append(action_forms(ctx, r, staff, forms));
  else b.append(decision_section(ctx, r));
  return render_private(ctx, p, status);
}

http::Response view(Context& ctx) {
  bool failed = false;
  auto r = load_referral(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!r) return web::not_found_page(ctx);
  return referral_page(ctx, *r, {}, 200);
}

http::Response already_decided(Context& ctx) {
  return web::error_page(ctx, 409, ctx.tr("Someone else has already decided this referral."),
                         ctx.tr("Open the list of referrals to see the decision."));
}

// Accepts as a new family. Returns the family id, or "" with `errors` filled.
std::string accept_as_new_family(Context& ctx, const Referral& r, DecisionForms& forms, Status& st) {
  FieldErrorList errs;
  const AcceptChoice choice = apply_accept_input(forms.accept, errs);
  if (!errs.empty()) {
    forms.errors = to_field_errors(errs);
    return {};
  }
  Family f;
  f.id = ids::new_uuid();
  f.municipality_id = r.municipality_id;
  f.name = choice.family_name;
  f.coordinator_id = choice.coordinator_id;
  f.members = household_from(r);
  for (auto& m : f.members) m.id = ids::new_uuid();
  const UnixSeconds now = ctx.app.clock.now();
  bool coordinator_ok = false;
  st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto staff = family_staff(c, r.municipality_id);
    if (!staff) return pass(staff);
    coordinator_ok = std::any_of(staff->begin(), staff->end(),
                                 [&](const StaffChoice& s) { return s.id == choice.coordinator_id && s.coordinator; });
    if (!coordinator_ok) return {};
    auto ref = insert_family(c, f, now);
    if (!ref) return pass(ref);
    KP_TRY(set_bti_level(c, r.municipality_id, f.id, choice.bti_level, "", ctx.actor->user_id, now));
    KP_TRY(accept_referral(c, r.id, f.id, ctx.actor->user_id, now));
    KP_TRY(audit::append(c, ctx.app.clock,
                         referral_audit(ctx, "referral.accept", r.id, fmt::format("{{\"family\":\"{}\"}}", f.id))));
    KP_TRY(audit::append(c, ctx.app.clock,
                         family_audit(ctx, "family.create", f.id, fmt::format("{{\"referral\":\"{}\"}}", r.id))));
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "family.bti", f.id, fmt::format("{{\"level\":{}}}", choice.bti_level)));
  });
  if (st && !coordinator_ok) {
    forms.errors.add("coordinator_id", N_("Choose a coordinator"));
    return {};
  }
  return st ? f.id : std::string();
}

// Attaches the referral to a family the actor follows as coordinator or team member. Any
// other family — missing, another municipality's, one without such grounds — gets the same
// error, so a case number reveals nothing.
std::string accept_into_family(Context& ctx, const Referral& r, DecisionForms& forms, Status& st) {
  const std::string reference(text::trim(forms.reference));
  const char* not_found_msg = N_("No family you follow has this case number. Check the number.");
  if (reference.empty()) {
    forms.errors.add("reference", N_("Write the case number, for example F-2026-0042."));
    return {};
  }
  const policy::Actor& a = *ctx.actor;
  const UnixSeconds now = ctx.app.clock.now();
  const std::string today = today_iso(ctx.app.clock);
  std::string found;
  st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    found.clear();
    auto fid = family_id_by_reference(c, a.municipality_id, reference);
    if (!fid) return pass(fid);
    if (fid->empty()) return {};
    auto facts = load_facts(c, *fid, a.user_id, now);
    if (!facts) return pass(facts);
    if (!*facts) return {};
    const auto grounds = policy::family_grounds(a, **facts, today);
    const bool follows = grounds == policy::FamilyGrounds::coordinator || grounds == policy::FamilyGrounds::team;
    if (!follows || (*facts)->closed) return {};
    KP_TRY(accept_referral(c, r.id, *fid, a.user_id, now));
    KP_TRY(audit::append(c, ctx.app.clock,
                         referral_audit(ctx, "referral.accept", r.id, fmt::format("{{\"family\":\"{}\"}}", *fid))));
    KP_TRY(audit::append(c, ctx.app.clock,
                         family_audit(ctx, "family.referral_attached", *fid, fmt::format("{{\"referral\":\"{}\"}}", r.id))));
    found = *fid;
    return {};
  });
  if (st && found.empty()) forms.errors.add("reference", not_found_msg);
  return found;
}

http::Response accept(Context& ctx) {
  bool failed = false;
  auto r = load_referral(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!r) return web::not_found_page(ctx);
  if (r->status != ReferralStatus::new_) return already_decided(ctx);
  DecisionForms forms;
  forms.accept = {ctx.field("family_name"), ctx.field("coordinator_id"), ctx.field("bti_level")};
  forms.reference = ctx.field("reference");
  const bool existing = ctx.field("mode") == "existing";
  Status st;
  const std::string family = existing ? accept_into_family(ctx, *r, forms, st) : accept_as_new_family(ctx, *r, forms, st);
  if (!st) {
    if (st.error().kind == ErrorKind::conflict) return already_decided(ctx);
    return web::busy_page(ctx);
  }
  if (family.empty()) return referral_page(ctx, *r, forms, 400);
  // A leader, or the coordinator who took the family, goes to it; someone who handed it to
  // another coordinator may have no grounds there, so they go back to the inbox.
  const bool can_open = existing || ctx.actor->has(policy::Role::leader) || forms.accept.coordinator_id == ctx.actor->user_id;
  return http::Response::redirect(can_open ? family_path(family) + "?saved=1" : std::string("/staff/referrals?saved=1"));
}

http::Response decline(Context& ctx) {
  bool failed = false;
  auto r = load_referral(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!r) return web::not_found_page(ctx);
  if (r->status != ReferralStatus::new_) return already_decided(ctx);
  DecisionForms forms;
  forms.reason = ctx.field("reason");
  FieldErrorList errs;
  const std::string reason = required_text(forms.reason, "reason", N_("Write why the hub declines."), 1000, errs);
  if (!errs.empty()) {
    forms.errors = to_field_errors(errs);
    return referral_page(ctx, *r, forms, 400);
  }
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(decline_referral(c, r->id, reason, ctx.actor->user_id, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, referral_audit(ctx, "referral.decline", r->id));
  });
  if (!st) {
    if (st.error().kind == ErrorKind::conflict) return already_decided(ctx);
    return web::busy_page(ctx);
  }
  return http::Response::redirect("/staff/referrals?saved=1");
}

}  // namespace

void register_intake_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff/referrals/new", Permission::family_work, new_get);
  r.add(Method::POST, "/staff/referrals/new", Permission::family_work, new_post);
  r.add(Method::GET, "/staff/referrals", Permission::family_intake, inbox);
  r.add(Method::GET, "/staff/referrals/{ref:uuid}", Permission::family_intake, view);
  r.add(Method::POST, "/staff/referrals/{ref:uuid}/accept", Permission::family_intake, accept);
  r.add(Method::POST, "/staff/referrals/{ref:uuid}/decline", Permission::family_intake, decline);
}

}  // namespace kp::families
