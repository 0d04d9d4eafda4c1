#include "families/views.hpp"

#include "app/app.hpp"
#include "i18n/i18n.hpp"
#include "web/forms.hpp"

namespace kp::families {

using web::Html;

std::string family_path(const std::string& family_id, std::string_view rest) {
  std::string p = "/staff/families/" + family_id;
  if (!rest.empty()) {
    p += '/';
    p += rest;
  }
  return p;
}

std::string service_label(const web::Context& ctx, std::string_view code) {
  if (code == "hub") return ctx.tr(N_("The hub (family coordinators)"));
  if (code == "health") return ctx.tr(N_("Child health clinic and school health service"));
  if (code == "nav") return ctx.tr(N_("NAV"));
  if (code == "child_welfare") return ctx.tr(N_("Child welfare service"));
  if (code == "ppt") return ctx.tr(N_("Educational-psychological service (PPT)"));
  if (code == "school") return ctx.tr(N_("School"));
  if (code == "kindergarten") return ctx.tr(N_("Kindergarten"));
  if (code == "culture") return ctx.tr(N_("Culture and leisure"));
  if (code == "voluntary") return ctx.tr(N_("Voluntary partners"));
  if (code.empty()) return ctx.tr(N_("No service"));
  return std::string(code);
}

std::string info_kind_label(const web::Context& ctx, std::string_view code) {
  if (code == "basic") return ctx.tr(N_("Names, contact details and who is in the family"));
  if (code == "plan") return ctx.tr(N_("The family's plan, goals and measures"));
  if (code == "health") return ctx.tr(N_("Health"));
  if (code == "economy") return ctx.tr(N_("Income and economy"));
  if (code == "school") return ctx.tr(N_("School and kindergarten"));
  if (code == "welfare") return ctx.tr(N_("Child welfare measures"));
  if (code == "log") return ctx.tr(N_("Notes from meetings and contact"));
  return std::string(code);
}

std::string role_label(const web::Context& ctx, PersonRole r) {
  switch (r) {
    case PersonRole::guardian: return ctx.tr(N_("Parent or guardian"));
    case PersonRole::child: return ctx.tr(N_("Child"));
    case PersonRole::adult: return ctx.tr(N_("Other adult"));
  }
  return {};
}

std::string protection_label(const web::Context& ctx, AddressProtection p) {
  switch (p) {
    case AddressProtection::none: return ctx.tr(N_("No protected address"));
    case AddressProtection::confidential: return ctx.tr(N_("Confidential address (fortrolig)"));
    case AddressProtection::strict: return ctx.tr(N_("Strictly confidential address (strengt fortrolig)"));
  }
  return {};
}

std::string bti_label(const web::Context& ctx, int level) {
  switch (level) {
    case 0: return ctx.tr(N_("Level 0: a concern"));
    case 1: return ctx.tr(N_("Level 1: one service"));
    case 2: return ctx.tr(N_("Level 2: two services cooperate"));
    case 3: return ctx.tr(N_("Level 3: several services with a coordinator"));
  }
  return std::to_string(level);
}

std::vector<std::pair<std::string, std::string>> service_options(const web::Context& ctx, bool with_empty) {
  std::vector<std::pair<std::string, std::string>> out;
  if (with_empty) out.emplace_back("", ctx.tr(N_("Choose a service")));
  for (const auto& s : policy::services()) out.emplace_back(s, service_label(ctx, s));
  return out;
}

std::vector<std::pair<std::string, std::string>> language_options(const web::Context& ctx) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& l : i18n::known_languages()) out.emplace_back(l.code, l.native_name);
  return out;
}

std::string date_label(const web::Context& ctx, std::string_view iso) {
  CivilDate d;
  if (iso.empty() || !parse_iso_date(iso, d)) return std::string(iso);
  return ctx.t.date_short(d);
}

std::string date_label(const web::Context& ctx, UnixSeconds t) { return ctx.t.date_long(t); }

Html saved_notice(const web::Context& ctx) {
  if (ctx.query("saved") != "1") return {};
  return Html::format(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)",
                      ctx.tr("Saved."));
}

Html post_button(const web::Context& ctx, const std::string& action, const std::string& label, bool primary,
                 const std::string& name, const std::string& value) {
  return Html::format(R"(<form method="post" action="{}" class="kp-inline-form">{}{}</form>)", action,
                      web::csrf_field(ctx), web::button(label, primary, name, value));
}

Html family_header(const web::Context& ctx, const Family& f, FamilyTab active) {
  Html h;
  h.append(R"(<p class="ds-paragraph kp-muted"><a class="ds-link" href="/staff/families">{}</a></p>)",
           ctx.tr("All families"));
  // Sub-pages name the family here; the overview's own heading does it there.
  if (active != FamilyTab::overview) h.append(R"(<p class="ds-paragraph kp-family-name">{}</p>)", f.name);
  h.append(R"(<div class="kp-family-tags"><span class="ds-tag" data-color="neutral">{}</span> )", f.reference);
  h.append(R"(<span class="ds-tag" data-color="{}">{}</span> )", f.closed() ? "neutral" : "success",
           f.closed() ? ctx.tr("Case closed") : ctx.tr("Active"));
  h.append(R"(<span class="ds-tag" data-color="info">{}</span>)", bti_label(ctx, f.bti_level));
  if (f.address_hidden())
    h.append(R"( <span class="ds-tag" data-color="warning">{}</span>)", ctx.tr("Protected address"));
  h.append("</div>");
  if (ctx.family_grounds == policy::FamilyGrounds::emergency)
    h.append(R"(<div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">{}</p></div>)",
             ctx.tr("You have opened this family with emergency access. Everything you look at is logged and will be "
                    "reviewed by a leader."));
  if (f.closed())
    h.append(R"(<div class="ds-alert" data-color="info"><p class="ds-paragraph">{}</p></div>)",
             ctx.tr("This family's follow-up is closed. Its data can be read but not changed."));
  struct Tab {
    FamilyTab tab;
    const char* rest;
    const char* label;
  };
  static const Tab tabs[] = {
      {FamilyTab::overview, "", N_("Family")},        {FamilyTab::plan, "plan", N_("Plan")},
      {FamilyTab::meetings, "meetings", N_("Meetings")}, {FamilyTab::log, "log", N_("Log")},
      {FamilyTab::progress, "progress", N_("Progress")}, {FamilyTab::consent, "consent", N_("Consent")},
      {FamilyTab::access_log, "access-log", N_("Who has looked")},
  };
  // A team member's consent may cover only some kinds of information: offer only those tabs
  // (the guard answers 404 for the others anyway).
  std::string service;
  const bool team = ctx.family_grounds == policy::FamilyGrounds::team && ctx.family && ctx.actor;
  if (team)
    for (const auto& m : ctx.family->team)
      if (m.user_id == ctx.actor->user_id) service = m.service;
  const std::string today = format_iso_date(to_oslo(ctx.app.clock.now()).date);
  h.append(R"(<nav class="kp-tabs" aria-label="{}"><ul>)", ctx.tr("The family's pages"));
  for (const auto& t : tabs) {
    const std::string pattern = std::string("/staff/families/{id:uuid}/") + t.rest;
    if (team && !policy::consent_covers_info(ctx.family->consents, service, policy::info_kind_of_route(pattern), today))
      continue;
    if (t.tab == active)
      h.append(R"(<li><a class="ds-link" aria-current="page" href="{}">{}</a></li>)", family_path(f.id, t.rest),
               ctx.tr(t.label));
    else
      h.append(R"(<li><a class="ds-link" href="{}">{}</a></li>)", family_path(f.id, t.rest), ctx.tr(t.label));
  }
  h.append("</ul></nav>");
  return h;
}

}  // namespace kp::families
