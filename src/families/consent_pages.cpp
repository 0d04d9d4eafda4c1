// Consent (samtykke): the family's consents and refusals, recording one, withdrawing one (which
// shuts the team members of its services out at once), the printable form in every language,
// and the signed scan. Access: the dispatcher's families::guard has checked the family-record
// permission of each route, and logged every GET, before these handlers run; the POSTs append
// their own audit records in the same transaction as the change.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "families/page_kit.hpp"
#include "families/consent_rules.hpp"
#include "families/consent_store.hpp"
#include "families/guard.hpp"
#include "families/pages.hpp"
#include "families/store.hpp"
#include "families/views.hpp"
#include "pdf/consent_form.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"
#include "web/url.hpp"

namespace kp::families {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;



bool may(const Context& ctx, Permission p, bool closed) {
  return policy::family_decision(p, ctx.family_grounds, closed) == policy::Decision::allow;
}

std::string consent_path(const std::string& family_id, std::string_view rest = {}) {
  return family_path(family_id, rest.empty() ? std::string("consent") : "consent/" + std::string(rest));
}

std::string iso_plus_days(std::string_view iso, int days) {
  CivilDate d;
  if (!parse_iso_date(iso, d)) return std::string(iso);
  return format_iso_date(civil_from_days(days_from_civil(d) + days));
}

std::string language_name(std::string_view code) {
  const auto* l = i18n::find_language(code);
  return l ? l->native_name : std::string(code);
}

// service_label and info_kind_label use a Context only for its translator: this one carries
// the form's language instead of the page's.
Context in_language(Context& ctx, const i18n::Translator& t) {
  return Context{.req = ctx.req, .app = ctx.app, .t = t, .secure_cookies = ctx.secure_cookies};
}

// ---- the family's consents ------------------------------------------------------------------

enum class ConsentState { valid, expiring, upcoming, expired, withdrawn, refused };

ConsentState state_of(const Consent& k, std::string_view today, std::string_view warn_until) {
  if (k.refused) return ConsentState::refused;
  if (k.withdrawn_at) return ConsentState::withdrawn;
  if (k.valid_to < today) return ConsentState::expired;
  if (today < k.valid_from) return ConsentState::upcoming;
  if (k.valid_to <= warn_until) return ConsentState::expiring;
  return ConsentState::valid;
}

struct StateText {
  ConsentState state;
  const char* group;  // section heading
  const char* tag;
  const char* color;
};
constexpr StateText kStates[] = {
    {ConsentState::valid, N_("Valid consents"), N_("Valid"), "success"},
    {ConsentState::expiring, N_("Consents that run out soon"), N_("Runs out soon"), "warning"},
    {ConsentState::upcoming, N_("Consents not valid yet"), N_("Not valid yet"), "info"},
    {ConsentState::expired, N_("Expired consents"), N_("Expired"), "neutral"},
    {ConsentState::withdrawn, N_("Withdrawn consents"), N_("Withdrawn"), "danger"},
    {ConsentState::refused, N_("Refusals"), N_("Refused"), "danger"},
};
const StateText& text_of(ConsentState s) {
  for (const auto& t : kStates)
    if (t.state == s) return t;
  return kStates[0];
}

Html code_list(const Context& ctx, const std::vector<std::string>& codes, bool services) {
  Html h;
  h.append("<ul>");
  for (const auto& c : codes) h.append("<li>{}</li>", services ? service_label(ctx, c) : info_kind_label(ctx, c));
  h.append("</ul>");
  return h;
}

struct ConsentPageData {
  std::vector<Consent> consents;
  std::vector<TeamMember> team;
  std::set<std::string> scanned;
  std::map<std::string, std::string> staff_names;
};

Html consent_article(const Context& ctx, const Family& f, const Consent& k, ConsentState state,
                     const ConsentPageData& d, bool can_manage) {
  const StateText& st = text_of(state);
  Html b;
  b.append(R"(<article class="kp-consent" aria-labelledby="k-{}">)", k.id);
  const std::string period = date_label(ctx, k.valid_from) + " – " + date_label(ctx, k.valid_to);
  b.append(R"(<h3 class="ds-heading" data-size="xs" id="k-{}">{} <span class="ds-tag" data-color="{}">{}</span></h3>)",
           k.id, k.refused ? ctx.t.tr_args("Refusal recorded {date}", {{"date", date_label(ctx, k.recorded_at)}})
                           : ctx.t.tr_args("Consent {period}", {{"period", period}}),
           st.color, ctx.tr(st.tag));
  std::string subject = ctx.tr("The whole family");
  if (k.subject_person_id) {
    const auto m = std::find_if(f.members.begin(), f.members.end(),
                                [&](const Person& p) { return p.id == *k.subject_person_id; });
    subject = ctx.t.tr_args("{name}'s own consent", {{"name", m != f.members.end() ? m->full_name() : ctx.tr("a young person")}});
  }
  b.append(R"(<dl class="kp-facts"><dt>{}</dt><dd>{}</dd>)", ctx.tr("Applies to"), subject);
  b.append("<dt>{}</dt><dd>{}</dd>", k.refused ? ctx.tr("Services refused") : ctx.tr("Services"),
           code_list(ctx, k.services, true));
  b.append("<dt>{}</dt><dd>{}</dd>", k.refused ? ctx.tr("Information refused") : ctx.tr("Kinds of information"),
           code_list(ctx, k.info_kinds, false));
  b.append(R"(<dt>{}</dt><dd dir="auto">{}</dd>)", ctx.tr("Purpose"), k.purpose);
  b.append("<dt>{}</dt><dd>{}</dd>", ctx.tr("Period"), period);
  b.append("<dt>{}</dt><dd>{}</dd>", ctx.tr("Form"),
           k.form == ConsentForm::oral ? ctx.tr("Given orally") : ctx.tr("Given in writing"));
  b.append(R"(<dt>{}</dt><dd dir="auto">{}</dd>)", k.refused ? ctx.tr("Refused by") : ctx.tr("Given by"), k.given_by);
  b.append("<dt>{}</dt><dd>{}</dd>", ctx.tr("Recorded by"),
           ctx.t.tr_args("{name}, {date}", {{"name", k.recorded_by_name}, {"date", date_label(ctx, k.recorded_at)}}));
  b.append("<dt>{}</dt><dd>{}</dd>", ctx.tr("Language of the form"), language_name(k.language));
  if (k.withdrawn_at) {
    const auto who = d.staff_names.find(k.withdrawn_by);
    b.append("<dt>{}</dt><dd>{}", ctx.tr("Withdrawn"),
             ctx.t.tr_args("{date}, recorded by {name}",
                           {{"date", ctx.t.date_time(*k.withdrawn_at)},
                            {"name", who != d.staff_names.end() ? who->second : ctx.tr("a former staff member")}}));
    if (!k.withdrawn_note.empty()) b.append(R"(<br><span dir="auto">{}</span>)", k.withdrawn_note);
    b.append("</dd>");
  }
  b.append("<dt>{}</dt><dd>", ctx.tr("Signed form"));
  if (d.scanned.count(k.id))
    b.append(R"(<a class="ds-link" href="{}">{}</a>)", consent_path(f.id, k.id + "/scan"), ctx.tr("Download the signed form"));
  else
    b.append("{}", ctx.tr("No scan attached"));
  b.append("</dd></dl>");

  if (can_manage) {
    const std::string scan_id = "scan-" + k.id;
    b.append(R"(<form method="post" action="{}" enctype="multipart/form-data" class="kp-form kp-inline-fields">{})",
             consent_path(f.id, k.id + "/scan"), web::csrf_field(ctx));
    b.append(R"(<div class="ds-field kp-field"><label class="ds-label" for="{}">{}</label><p class="ds-paragraph kp-hint" data-size="sm" id="{}-hint">{}</p><input class="ds-input" type="file" id="{}" name="scan" accept="application/pdf,image/jpeg,image/png" aria-describedby="{}-hint"></div>)",
             scan_id, d.scanned.count(k.id) ? ctx.tr("Replace the signed form") : ctx.tr("Attach the signed form"),
             scan_id,
             ctx.t.tr_args("A PDF, JPEG or PNG file of at most {mb} MB.",
                           {{"mb", ctx.t.number(ctx.app.settings.max_upload_mb)}}),
             scan_id, scan_id);
    b.append(web::button(ctx.tr("Upload"), false));
    b.append("</form>");
  }
  if (can_manage && (state == ConsentState::valid || state == ConsentState::expiring || state == ConsentState::upcoming)) {
    const std::string note_id = "note-" + k.id;
    b.append(R"(<form method="post" action="{}" class="kp-form">{})", consent_path(f.id, k.id + "/withdraw"),
             web::csrf_field(ctx));
    b.append(R"(<div class="ds-field kp-field"><label class="ds-label" for="{}">{}</label><p class="ds-paragraph kp-hint" data-size="sm" id="{}-hint">{}</p><input class="ds-input" type="text" id="{}" name="note" dir="auto" autocomplete="off" aria-describedby="{}-hint"></div>)",
             note_id, ctx.tr("Note about the withdrawal (optional)"), note_id,
             ctx.tr("Withdrawal takes effect at once: the services this consent covers lose access to the family now."),
             note_id, note_id);
    b.append(web::button(ctx.tr("Withdraw the consent"), false));
    b.append("</form>");
  }
  b.append("</article>");
  return b;
}

Html coverage_section(const Context& ctx, const Family& f, const ConsentPageData& d, std::string_view today) {
  const std::vector<policy::ConsentFacts> none;
  const auto& facts = ctx.family ? ctx.family->consents : none;
  Html b;
  b.append(R"(<section aria-labelledby="covered-h"><h2 class="ds-heading" data-size="sm" id="covered-h">{}</h2>)",
           ctx.tr("Who can see the family now"));
  b.append(R"(<ul class="kp-list"><li>{} — {} <span class="ds-tag" data-color="success">{}</span></li>)",
           f.coordinator_name.empty() ? ctx.tr("No coordinator yet") : f.coordinator_name, ctx.tr("coordinator"),
           ctx.tr("always"));
  for (const auto& m : d.team) {
    const bool covered = policy::consent_covers(facts, m.service, today);
    b.append(R"(<li>{} — {} <span class="ds-tag" data-color="{}">{}</span></li>)", m.display_name,
             service_label(ctx, m.service), covered ? "success" : "warning",
             covered ? ctx.tr("covered by a valid consent") : ctx.tr("no valid consent: no access"));
  }
  b.append("</ul>");
  b.append(R"(<p class="ds-paragraph kp-muted">{}</p>)",
           ctx.tr("A team member sees the family only while a valid consent for the whole family covers their "
                  "service. A young person's own consent covers only what concerns them and does not open the "
                  "family to the team."));
  b.append("</section>");
  return b;
}

Html form_links(const Context& ctx, const Family& f) {
  Html b;
  b.append(R"(<section aria-labelledby="form-h"><h2 class="ds-heading" data-size="sm" id="form-h">{}</h2><p class="ds-paragraph">{}</p><ul class="kp-list">)",
           ctx.tr("The consent form to print"),
           ctx.tr("The same form in every language. It shows the names and birth dates in the family, never the "
                  "address or identity numbers."));
  const std::string preferred = default_form_language(f, ctx.app.catalogs.enabled());
  for (const auto& code : ctx.app.catalogs.enabled()) {
    b.append(R"(<li><a class="ds-link" href="{}" hreflang="{}" lang="{}">{}</a>)",
             web::url(consent_path(f.id, "form.pdf"), {{"lang", code}}), code, code, language_name(code));
    if (code == preferred) b.append(" <span class=\"ds-tag\" data-color=\"info\">{}</span>", ctx.tr("the family's language"));
    b.append("</li>");
  }
  b.append("</ul></section>");
  return b;
}

http::Response consent_list(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  ConsentPageData d;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto k = consents(c, f->id);
    if (!k) return pass(k);
    d.consents = std::move(*k);
    auto t = team(c, f->id);
    if (!t) return pass(t);
    d.team = std::move(*t);
    auto s = consents_with_scan(c, f->id);
    if (!s) return pass(s);
    d.scanned = std::move(*s);
    auto staff = family_staff(c, f->municipality_id);
    if (!staff) return pass(staff);
    for (const auto& s : *staff) d.staff_names[s.id] = s.display_name;
    return {};
  });
  if (!st) return web::busy_page(ctx);
  const std::string today = today_iso(ctx.app.clock);
  const std::string warn_until = iso_plus_days(today, ctx.app.settings.consent_warning_days);
  const bool can_manage = may(ctx, Permission::family_manage, f->closed());

  auto p = staff_page(ctx.tr("Consent") + " – " + f->name);
  Html& b = p.body;
  b.append(family_header(ctx, *f, FamilyTab::consent));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", ctx.tr("Consent"));
  if (ctx.query("withdrawn") == "1")
    b.append(R"(<div class="ds-alert" data-color="warning" role="status"><p class="ds-paragraph">{}</p></div>)",
             ctx.tr("The consent is withdrawn. From now on the services it covered have no access to the family: "
                    "their team members are shut out at once."));
  else if (ctx.query("scan") == "1")
    b.append(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)",
             ctx.tr("The signed form is attached."));
  else
    b.append(saved_notice(ctx));

  std::vector<std::pair<const Consent*, ConsentState>> rows;
  for (const auto& k : d.consents) rows.emplace_back(&k, state_of(k, today, warn_until));
  for (const auto& [k, s] : rows)
    if (s == ConsentState::expiring && !k->subject_person_id)
      b.append(R"(<div class="ds-alert" data-color="warning"><p class="ds-paragraph">{}</p></div>)",
               ctx.t.tr_args("A consent runs out on {date}. Ask the family whether they want to renew it; after that "
                             "day the services it covers lose access.",
                             {{"date", date_label(ctx, k->valid_to)}}));

  if (can_manage)
    b.append(R"(<p class="ds-paragraph"><a class="ds-button" data-variant="primary" href="{}">{}</a></p>)",
             consent_path(f->id, "new"), ctx.tr("Record a consent or a refusal"));
  b.append(coverage_section(ctx, *f, d, today));

  if (rows.empty())
    b.append(R"(<p class="ds-paragraph">{}</p>)",
             ctx.tr("No consent is recorded. Until the family gives consent, only the coordinator can see the family."));
  for (const auto& group : kStates) {
    const bool any = std::any_of(rows.begin(), rows.end(), [&](const auto& r) { return r.second == group.state; });
    if (!any) continue;
    const std::string hid = fmt::format("group-{}", static_cast<int>(group.state));
    b.append(R"(<section aria-labelledby="{}"><h2 class="ds-heading" data-size="sm" id="{}">{}</h2>)", hid, hid,
             ctx.tr(group.group));
    for (const auto& [k, s] : rows)
      if (s == group.state) b.append(consent_article(ctx, *f, *k, s, d, can_manage));
    b.append("</section>");
  }
  b.append(form_links(ctx, *f));
  return render_private(ctx, p);
}

// ---- recording a consent or a refusal ---------------------------------------------------------

ConsentInput read_input(const Context& ctx) {
  ConsentInput in{ctx.field("given_by"), ctx.field("subject"), ctx.field("purpose"), ctx.field("valid_from"),
                  ctx.field("valid_to"), ctx.field("form"),    ctx.field("refused"), ctx.field("language"),
                  {},                    {}};
  for (const auto& [k, v] : ctx.form) {
    if (k == "services") in.services.push_back(v);
    else if (k == "info_kinds") in.info_kinds.push_back(v);
  }
  return in;
}

ConsentRules rules_of(const Context& ctx) {
  return ConsentRules{today_iso(ctx.app.clock), ctx.app.settings.youth_consent_age, ctx.app.catalogs.enabled()};
}

// A fieldset of checkboxes (or radios) whose error links to it by the field's id.
Html choice_group(const Context& ctx, const std::string& name, const std::string& legend, const std::string& hint,
                  const std::vector<std::pair<std::string, std::string>>& options,
                  const std::vector<std::string>& checked, const web::FieldErrors& errors, bool radio) {
  const std::string id = "f-" + name;
  const std::string* err = errors.get(name);
  std::string described;
  Html b;
  Html inner;
  if (!hint.empty()) {
    inner.append(R"(<p class="ds-paragraph kp-hint" data-size="sm" id="{}-hint">{}</p>)", id, hint);
    described = id + "-hint";
  }
  if (err) {
    inner.append(R"(<div class="ds-validation-message" data-field="validation" data-color="danger" id="{}-error">{}</div>)",
                 id, ctx.tr(err->c_str()));
    described += (described.empty() ? "" : " ") + id + "-error";
  }
  for (const auto& [value, label] : options) {
    const bool on = std::find(checked.begin(), checked.end(), value) != checked.end();
    if (radio)
      inner.append(R"(<div class="ds-field kp-check"><input class="ds-input" type="radio" id="{}-{}" name="{}" value="{}"{}><label class="ds-label" data-weight="regular" for="{}-{}">{}</label></div>)",
                   id, value, name, value, on ? Html::trusted(" checked") : Html(), id, value, label);
    else
      inner.append(web::checkbox(name, value, label, on));
  }
  if (described.empty())
    b.append(R"(<fieldset class="kp-fieldset" id="{}"><legend>{} <span class="kp-required">({})</span></legend>{}</fieldset>)",
             id, legend, ctx.tr("required"), inner);
  else
    b.append(R"(<fieldset class="kp-fieldset" id="{}" aria-describedby="{}"><legend>{} <span class="kp-required">({})</span></legend>{}</fieldset>)",
             id, described, legend, ctx.tr("required"), inner);
  return b;
}

http::Response new_form(Context& ctx, const Family& f, const ConsentInput& in, const web::FieldErrors& errors,
                        int status) {
  const ConsentRules rules = rules_of(ctx);
  auto p = staff_page(ctx.tr("Record a consent or a refusal") + " – " + f.name);
  Html& b = p.body;
  b.append(family_header(ctx, f, FamilyTab::consent));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", ctx.tr("Record a consent or a refusal"));
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="{}" class="kp-form" novalidate>{})", consent_path(f.id, "new"),
           web::csrf_field(ctx));

  web::FieldOptions given;
  given.required = true;
  given.dir = "auto";
  given.autocomplete = "off";
  given.hint = ctx.tr("The names of the parents or guardians who gave or refused consent, or of the young person.");
  b.append(web::text_field(ctx, "given_by", ctx.tr("Given by"), in.given_by, errors, given));

  std::vector<std::pair<std::string, std::string>> subjects{{"family", ctx.tr("The whole family (the parents or guardians decide)")}};
  for (const auto& m : f.members)
    if (can_give_own_consent(m, rules.today, rules.youth_consent_age))
      subjects.emplace_back(m.id, ctx.t.tr_args("{name}'s own consent", {{"name", m.full_name()}}));
  b.append(web::select_field(ctx, "subject", ctx.tr("Whose consent"), subjects, in.subject.empty() ? "family" : in.subject,
                             errors,
                             ctx.t.tr_args("From the age of {age}, young people give their own consent. Younger "
                                           "children cannot be chosen.",
                                           {{"age", ctx.t.number(rules.youth_consent_age)}})));

  std::vector<std::pair<std::string, std::string>> services, kinds;
  for (const auto& s : policy::services()) services.emplace_back(s, service_label(ctx, s));
  for (const auto& k : info_kinds()) kinds.emplace_back(k, info_kind_label(ctx, k));
  b.append(choice_group(ctx, "services", ctx.tr("Services that may share information"),
                        ctx.tr("For a refusal: the services the family did not want to share with."), services,
                        in.services, errors, false));
  b.append(choice_group(ctx, "info_kinds", ctx.tr("Kinds of information that may be shared"), {}, kinds,
                        in.info_kinds, errors, false));

  web::FieldOptions purpose;
  purpose.required = true;
  purpose.rows = 3;
  purpose.dir = "auto";
  purpose.hint = ctx.tr("What the services may use the information for, in words the family agreed to.");
  b.append(web::text_field(ctx, "purpose", ctx.tr("Purpose"), in.purpose, errors, purpose));

  web::FieldOptions from;
  from.type = "date";
  from.hint = ctx.tr("Empty means today.");
  b.append(web::text_field(ctx, "valid_from", ctx.tr("Valid from"), in.valid_from.empty() ? rules.today : in.valid_from,
                           errors, from));
  web::FieldOptions to;
  to.type = "date";
  to.required = true;
  to.hint = ctx.tr("The last day it is valid: at most three years after the first day. Then the family is asked again.");
  b.append(web::text_field(ctx, "valid_to", ctx.tr("Valid to"), in.valid_to, errors, to));

  b.append(choice_group(ctx, "form", ctx.tr("How it was given"), {},
                        {{"written", ctx.tr("In writing (a signed form)")}, {"oral", ctx.tr("Orally")}},
                        {in.form}, errors, true));

  b.append(web::checkbox("refused", "1",
                         ctx.tr("The family said no: record a refusal of what is ticked above. A refusal gives no "
                                "one access."),
                         in.refused == "1" || in.refused == "on"));

  std::vector<std::pair<std::string, std::string>> langs;
  for (const auto& code : rules.languages) langs.emplace_back(code, language_name(code));
  b.append(web::select_field(ctx, "language", ctx.tr("Language of the form shown to the family"), langs,
                             in.language.empty() ? default_form_language(f, rules.languages) : in.language, errors));

  b.append(web::button(ctx.tr("Save")));
  b.append("</form>");
  return render_private(ctx, p, status);
}

http::Response new_get(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  ConsentInput in;
  in.form = "written";
  return new_form(ctx, *f, in, {}, 200);
}

http::Response new_post(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  const ConsentInput in = read_input(ctx);
  Consent k;
  FieldErrorList errs;
  apply_consent_input(in, rules_of(ctx), *f, k, errs);
  if (!errs.empty()) return new_form(ctx, *f, in, to_field_errors(errs), 400);
  k.id = ids::new_uuid();
  k.family_id = f->id;
  k.recorded_by = ctx.actor->user_id;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(insert_consent(c, f->municipality_id, k, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, k.refused ? "consent.refusal" : "consent.record", f->id,
                                      "{\"consent\":\"" + k.id + "\"}"));
  });
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(consent_path(f->id) + "?saved=1");
}

// ---- withdrawal -------------------------------------------------------------------------------

http::Response withdraw_post(Context& ctx) {
  const std::string fid = path_param(ctx, "id"), kid = path_param(ctx, "consent");
  FieldErrorList errs;
  const std::string note = optional_text(ctx.field("note"), "note", 500, errs);
  if (!errs.empty())
    return web::error_page(ctx, 400, ctx.tr("The note could not be saved"),
                           ctx.tr("The note is too long or has characters that cannot be used. Go back and shorten it."));
  bool found = false;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto k = get_consent(c, kid);
    if (!k) return pass(k);
    found = *k && (*k)->family_id == fid;
    // Already withdrawn (a second click, or a colleague was quicker): nothing left to do.
    if (!found || (*k)->withdrawn_at) return {};
    KP_TRY(withdraw_consent(c, fid, kid, ctx.actor->user_id, note, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, family_audit(ctx, "consent.withdraw", fid, "{\"consent\":\"" + kid + "\"}"));
  });
  if (!st) return web::busy_page(ctx);
  if (!found) return web::not_found_page(ctx);
  return http::Response::redirect(consent_path(fid) + "?withdrawn=1");
}

// ---- the printable form -----------------------------------------------------------------------

http::Response form_pdf(Context& ctx) {
  bool failed = false;
  auto f = load_family(ctx, failed);
  if (failed) return web::busy_page(ctx);
  if (!f) return web::not_found_page(ctx);
  const auto& enabled = ctx.app.catalogs.enabled();
  std::string lang = ctx.query("lang");
  if (std::find(enabled.begin(), enabled.end(), lang) == enabled.end()) lang = default_form_language(*f, enabled);
  const i18n::Translator& t = ctx.app.catalogs.get(lang);
  const Context form_ctx = in_language(ctx, t);

  pdf::ConsentFormInput in;
  in.family_name = f->name;
  in.reference = f->reference;
  in.people = consent_form_people(*f, today_iso(ctx.app.clock), ctx.app.settings.youth_consent_age);
  for (const auto& s : policy::services()) in.services.push_back(service_label(form_ctx, s));
  for (const auto& k : info_kinds()) in.info_kinds.push_back(info_kind_label(form_ctx, k));
  in.youth_consent_age = ctx.app.settings.youth_consent_age;
  in.max_years = kMaxConsentYears;
  auto pdf = pdf::consent_form_pdf(in, t);
  if (!pdf) return web::error_page(ctx, 500, ctx.tr("The form could not be made"), ctx.tr("Please try again later."));
  http::Response r;
  r.content_type = "application/pdf";
  r.gzip_ok = false;
  // The reference and language code are ASCII by construction (F-2026-0042, nb).
  r.header("Content-Disposition", "inline; filename=\"consent-form-" + f->reference + "-" + t.code() + ".pdf\"");
  web::no_store(r);
  r.body = std::move(*pdf);
  return r;
}

// ---- the signed scan --------------------------------------------------------------------------

http::Response scan_post(Context& ctx) {
  const std::string fid = path_param(ctx, "id"), kid = path_param(ctx, "consent");
  const http::Part* file = http::find_part(ctx.files, "scan");
  if (!file || file->body.empty())
    return web::error_page(ctx, 400, ctx.tr("No file was chosen"),
                           ctx.tr("Go back and choose the scanned, signed form."));
  const std::size_t max_bytes = static_cast<std::size_t>(ctx.app.settings.max_upload_mb) * 1024 * 1024;
  if (file->body.size() > max_bytes)
    return web::error_page(ctx, 413, ctx.tr("The file is too large"),
                           ctx.t.tr_args("A scan can be at most {mb} MB. Scan with a lower resolution and try again.",
                                         {{"mb", ctx.t.number(ctx.app.settings.max_upload_mb)}}));
  // The type comes from the file's first bytes: a name or a browser's claim proves nothing.
  const auto type = scan_content_type(file->body);
  if (!type)
    return web::error_page(ctx, 415, ctx.tr("This file cannot be attached"),
                           ctx.tr("The signed form must be a PDF, JPEG or PNG file. Go back and choose another file."));
  Attachment a;
  a.id = ids::new_uuid();
  a.family_id = fid;
  a.owner_id = kid;
  a.filename = clean_filename(file->filename.value_or(""));
  a.content_type = *type;
  a.content = file->body;
  a.uploaded_by = ctx.actor->user_id;
  bool found = false;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    auto k = get_consent(c, kid);
    if (!k) return pass(k);
    found = *k && (*k)->family_id == fid;
    if (!found) return {};
    KP_TRY(put_consent_scan(c, ctx.actor->municipality_id, a, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock,
                         family_audit(ctx, "consent.scan", fid,
                                      "{\"consent\":\"" + kid + "\",\"attachment\":\"" + a.id + "\"}"));
  });
  if (!st) return web::busy_page(ctx);
  if (!found) return web::not_found_page(ctx);
  return http::Response::redirect(consent_path(fid) + "?scan=1");
}

http::Response scan_get(Context& ctx) {
  const std::string fid = path_param(ctx, "id"), kid = path_param(ctx, "consent");
  auto a = ctx.app.db->read([&](store::Conn& c) { return get_consent_scan(c, fid, kid); });
  if (!a) return web::busy_page(ctx);
  if (!*a) return web::not_found_page(ctx);
  http::Response r;
  r.content_type = (*a)->content_type;
  r.gzip_ok = false;
  // Our own ASCII name: the uploader's file name may hold anything, including personal names.
  r.header("Content-Disposition",
           "attachment; filename=\"signed-consent-" + kid.substr(0, 8) + "." + scan_extension((*a)->content_type) + "\"");
  web::no_store(r);
  r.body = std::move((*a)->content);
  return r;
}

}  // namespace

void register_consent_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff/families/{id:uuid}/consent", Permission::family_read, consent_list);
  r.add(Method::GET, "/staff/families/{id:uuid}/consent/new", Permission::family_manage, new_get);
  r.add(Method::POST, "/staff/families/{id:uuid}/consent/new", Permission::family_manage, new_post);
  r.add(Method::POST, "/staff/families/{id:uuid}/consent/{consent:uuid}/withdraw", Permission::family_manage,
        withdraw_post);
  r.add(Method::GET, "/staff/families/{id:uuid}/consent/form.pdf", Permission::family_read, form_pdf);
  r.add(Method::POST, "/staff/families/{id:uuid}/consent/{consent:uuid}/scan", Permission::family_manage, scan_post);
  r.add(Method::GET, "/staff/families/{id:uuid}/consent/{consent:uuid}/scan", Permission::family_read, scan_get);
}

}  // namespace kp::families
