#include "catalog/views.hpp"

#include <fmt/format.h>

#include <unordered_set>

#include "catalog/phrases.hpp"
#include "catalog/rrule.hpp"
#include "web/forms.hpp"
#include "web/url.hpp"

namespace kp::catalog {

using web::Html;

const char* target_group_label(const std::string& g) {
  if (g == "children") return N_("Children");
  if (g == "youth") return N_("Young people");
  if (g == "parents") return N_("Parents");
  if (g == "families") return N_("Families");
  if (g == "low_income") return N_("Families with low income");
  if (g == "newcomers") return N_("Newly arrived");
  return N_("Everyone");
}

Html localized(const web::Context& ctx, const Texts& texts, const std::string& field, const char* element,
               const char* css_class) {
  std::string used;
  const std::string& value = text_in(texts, field, ctx.lang(), used);
  if (value.empty()) return {};
  Html attrs;
  if (css_class && *css_class) attrs.append(R"( class="{}")", std::string(css_class));
  if (used != ctx.lang()) {
    const i18n::LanguageInfo* li = i18n::find_language(used);
    attrs.append(R"( lang="{}" dir="{}")", used, li && li->rtl ? "rtl" : "ltr");
  }
  // Paragraph breaks the editor typed become separate lines.
  Html body;
  size_t pos = 0;
  bool first = true;
  while (pos <= value.size()) {
    size_t nl = value.find('\n', pos);
    if (nl == std::string::npos) nl = value.size();
    std::string_view line(value.data() + pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!first) body.append("<br>");
    body.text(line);
    first = false;
    pos = nl + 1;
  }
  return Html::format("<{}{}>{}</{}>", Html::trusted(element), attrs, body, Html::trusted(element));
}

namespace {

std::string category_name(const web::Context& ctx, const Category& c) { return text_in(c.texts, "name", ctx.lang()); }

std::string district_of(const Snapshot& snap, const Offer& o) {
  if (!o.location_id) return {};
  const Location* l = snap.location(*o.location_id);
  if (!l || !l->district_id) return {};
  const District* d = snap.district(*l->district_id);
  return d ? d->name : std::string();
}

std::optional<CivilDate> next_date(const Offer& o, CivilDate today) {
  std::optional<CivilDate> best;
  for (const auto& s : o.schedules)
    if (auto n = next_occurrence(s, today, 370); n && (!best || *n < *best)) best = n;
  return best;
}

Html offer_card(const web::Context& ctx, const Snapshot& snap, const Offer& o, CivilDate today) {
  Html tags;
  tags.append(R"(<li class="ds-tag" data-color="{}">{}</li>)", o.free ? "success" : "neutral", price_text(ctx.t, o));
  tags.append(R"(<li class="ds-tag" data-color="info">{}</li>)", age_text(ctx.t, o));
  if (auto d = district_of(snap, o); !d.empty()) tags.append(R"(<li class="ds-tag" data-color="neutral">{}</li>)", d);
  Html when;
  if (auto n = next_date(o, today))
    when.append(R"(<p class="ds-paragraph kp-when" data-size="sm">{} {}</p>)", ctx.tr("Next time:"), ctx.t.date_short(*n));
  else if (!o.schedules.empty())
    tags.append(R"(<li class="ds-tag" data-color="warning">{}</li>)", ctx.tr("Has ended"));
  const Organization* org = snap.organization(o.organization_id);
  return Html::format(
      R"(<li class="ds-card kp-card"><h3 class="ds-heading" data-size="xs"><a class="ds-link" href="/offers/{}">{}</a></h3><p class="ds-paragraph kp-org" data-size="sm">{}</p>{}{}<ul class="kp-tags" aria-label="{}">{}</ul></li>)",
      o.id, localized(ctx, o.texts, "name", "span"), org ? org->name : "", localized(ctx, o.texts, "summary", "p", "ds-paragraph"),
      when, ctx.tr("Facts"), tags);
}

Html search_form(const web::Context& ctx, const SearchPageData& d) {
  const Snapshot& snap = *d.snap;
  const SearchQuery& q = d.query;
  web::FieldErrors errs;
  for (const auto& e : d.errors) errs.add(e.field, e.message);
  const std::string scope_mun = d.scope.size() == 1 ? d.scope.front() : std::string();

  // Districts belong to one municipality; with several in view the visitor picks a
  // municipality first.
  std::vector<std::pair<std::string, std::string>> places;
  if (!scope_mun.empty()) {
    places.emplace_back("", ctx.tr("All districts"));
    for (const auto& dist : snap.districts())
      if (dist.municipality_id == scope_mun) places.emplace_back(dist.id, dist.name);
  } else {
    places.emplace_back("", ctx.tr("All municipalities"));
    for (const auto& m : snap.municipalities())
      if (d.scope.empty() || std::find(d.scope.begin(), d.scope.end(), m.id) != d.scope.end()) places.emplace_back(m.id, m.name);
  }
  std::vector<std::pair<std::string, std::string>> cats = {{"", ctx.tr("All categories")}};
  std::unordered_set<std::string> seen_codes;
  for (const Category* c : snap.categories(scope_mun))
    if (seen_codes.insert(c->code).second) cats.emplace_back(c->code, category_name(ctx, *c));
  std::vector<std::pair<std::string, std::string>> langs = {{"", ctx.tr("Any language")}};
  for (const auto& l : i18n::known_languages()) langs.emplace_back(l.code, l.native_name);
  std::vector<std::pair<std::string, std::string>> days = {{"", ctx.tr("Any day")}};
  for (int wd = 1; wd <= 7; ++wd) days.emplace_back(std::to_string(wd), ctx.t.weekday_name(wd));

  Html h;
  h.append(R"(<form class="kp-search" method="get" action="/offers" role="search">)");
  h.append(web::error_summary(ctx, errs));
  web::FieldOptions qopt;
  qopt.type = "search";
  qopt.dir = "auto";
  qopt.hint = ctx.tr("For example: football, swimming, homework help");
  h.append(web::text_field(ctx, "q", ctx.tr("What are you looking for?"), q.q, errs, qopt));
  h.append(R"(<details class="ds-details kp-filters"{}><summary>{}</summary><div class="kp-filter-grid">)",
           (q.age || q.free_only || !q.district_id.empty() || !q.category.empty() || !q.language.empty() || q.weekday || q.from || q.to || !errs.empty())
               ? Html::trusted(" open") : Html(),
           ctx.tr("Filters"));
  web::FieldOptions age_opt;
  age_opt.type = "number";
  age_opt.inputmode = "numeric";
  age_opt.hint = ctx.tr("The child's age in years");
  h.append(web::text_field(ctx, "age", ctx.tr("Age"), q.age ? std::to_string(*q.age) : d.errors.empty() ? "" : ctx.query("age"), errs, age_opt));
  h.append(web::select_field(ctx, "category", ctx.tr("Category"), cats, q.category, errs));
  if (!scope_mun.empty()) h.append(web::select_field(ctx, "district", ctx.tr("District"), places, q.district_id, errs));
  else h.append(web::select_field(ctx, "kommune", ctx.tr("Municipality"), places, "", errs));
  h.append(web::select_field(ctx, "language", ctx.tr("Language spoken by staff"), langs, q.language, errs));
  h.append(web::select_field(ctx, "day", ctx.tr("Weekday"), days, q.weekday ? std::to_string(*q.weekday) : "", errs));
  web::FieldOptions date_opt;
  date_opt.type = "date";
  h.append(web::text_field(ctx, "from", ctx.tr("From date"), q.from ? format_iso_date(*q.from) : ctx.query("from"), errs, date_opt));
  h.append(web::text_field(ctx, "to", ctx.tr("To date"), q.to ? format_iso_date(*q.to) : ctx.query("to"), errs, date_opt));
  h.append(web::checkbox("free", "1", ctx.tr("Only free offers"), q.free_only));
  h.append("</div></details>");
  if (!scope_mun.empty()) h.append(R"(<input type="hidden" name="kommune" value="{}">)", scope_mun);
  h.append(web::button(ctx.tr("Search")));
  h.append("</form>");
  return h;
}

std::vector<std::pair<std::string, std::string>> query_pairs(const SearchQuery& q) {
  std::vector<std::pair<std::string, std::string>> p = {
      {"q", q.q},
      {"age", q.age ? std::to_string(*q.age) : ""},
      {"free", q.free_only ? "1" : ""},
      {"district", q.district_id},
      {"category", q.category},
      {"language", q.language},
      {"day", q.weekday ? std::to_string(*q.weekday) : ""},
      {"from", q.from ? format_iso_date(*q.from) : ""},
      {"to", q.to ? format_iso_date(*q.to) : ""}};
  for (const auto& m : q.municipality_ids) p.emplace_back("kommune", m);
  return p;
}

Html hub_contact(const web::Context& ctx, const Municipality& m) {
  if (m.hub_name.empty() && m.hub_phone.empty()) return {};
  Html h;
  h.append(R"(<section class="kp-door" aria-labelledby="door-title"><h2 class="ds-heading" data-size="sm" id="door-title">{}</h2><p class="ds-paragraph">{}</p><ul class="kp-contact">)",
           ctx.tr("One door in: talk to us"),
           ctx.tr("Not sure where to start? Call or write to us. We help families find the right help and activities, free of charge. You can get an interpreter."));
  if (!m.hub_name.empty()) h.append("<li><strong>{}</strong></li>", m.hub_name);
  if (!m.hub_phone.empty())
    h.append(R"(<li>{}: <a class="ds-link" href="tel:{}">{}</a></li>)", ctx.tr("Phone"), m.hub_phone, m.hub_phone);
  if (!m.hub_email.empty())
    h.append(R"(<li>{}: <a class="ds-link" href="mailto:{}">{}</a></li>)", ctx.tr("E-mail"), m.hub_email, m.hub_email);
  if (!m.hub_address.empty()) h.append("<li>{}: {}</li>", ctx.tr("Address"), m.hub_address);
  if (!m.hub_hours.empty()) h.append("<li>{}: {}</li>", ctx.tr("Opening hours"), m.hub_hours);
  h.append("</ul>");
  // The written way in for those who would rather not call: no account needed.
  h.append(R"(<p class="ds-paragraph"><a class="ds-button" data-variant="primary" href="/help">{}</a></p>)",
           ctx.tr("I want help – send us a message"));
  h.append("</section>");
  return h;
}

}  // namespace

Html front_page(const web::Context& ctx, const Snapshot& snap, const std::vector<std::string>& scope) {
  const std::string mun = scope.size() == 1 ? scope.front() : std::string();
  Html h;
  h.append(R"(<div class="kp-hero"><h1 class="ds-heading" data-size="xl">{}</h1><p class="ds-paragraph" data-size="lg">{}</p>)",
           ctx.tr("Activities and help for children and families"),
           ctx.tr("Find free activities, equipment to borrow, and people who can help – in one place."));
  h.append(R"(<form class="kp-search kp-search-big" method="get" action="/offers" role="search"><div class="ds-field"><label class="ds-label" for="front-q">{}</label><div class="kp-search-row"><input class="ds-input" type="search" id="front-q" name="q" dir="auto"> <button class="ds-button" type="submit" data-variant="primary">{}</button></div></div>)",
           ctx.tr("What are you looking for?"), ctx.tr("Search"));
  if (!mun.empty()) h.append(R"(<input type="hidden" name="kommune" value="{}">)", mun);
  h.append("</form></div>");
  h.append(R"(<section aria-labelledby="cat-title"><h2 class="ds-heading" data-size="md" id="cat-title">{}</h2><ul class="kp-categories">)",
           ctx.tr("Browse by category"));
  std::unordered_set<std::string> seen;
  for (const Category* c : snap.categories(mun)) {
    if (c->parent_id || !seen.insert(c->code).second) continue;
    h.append(R"(<li><a class="ds-button kp-cat" data-variant="secondary" href="{}">{}</a></li>)",
             web::url("/offers", {{"category", c->code}, {"kommune", mun}}), category_name(ctx, *c));
  }
  h.append(R"(</ul><p class="ds-paragraph"><a class="ds-link" href="{}">{}</a> · <a class="ds-link" href="{}">{}</a></p></section>)",
           web::url("/offers", {{"free", "1"}, {"kommune", mun}}), ctx.tr("See all free offers"),
           web::url("/offers", {{"kommune", mun}}), ctx.tr("See all offers"));
  if (!mun.empty())
    if (const Municipality* m = snap.municipality(mun)) h.append(hub_contact(ctx, *m));
  return h;
}

Html search_page(const web::Context& ctx, const SearchPageData& d) {
  Html h;
  h.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", ctx.tr("Offers for children and families"));
  h.append(search_form(ctx, d));
  const SearchResult& r = d.result;
  h.append(R"(<h2 class="ds-heading kp-count" data-size="sm" id="results" aria-live="polite">{}</h2>)",
           d.query.q.empty() ? ctx.t.trn("{n} offer", "{n} offers", static_cast<long>(r.total))
                             : ctx.t.trn("{n} offer matches your search", "{n} offers match your search", static_cast<long>(r.total)));
  if (r.total == 0) {
    h.append(R"(<div class="ds-alert kp-empty" data-color="info"><h3 class="ds-heading" data-size="xs">{}</h3><ul class="ds-list"><li>{}</li><li>{}</li><li><a class="ds-link" href="/offers">{}</a></li></ul></div>)",
             ctx.tr("We found nothing that matches"), ctx.tr("Check the spelling, or use fewer or shorter words."),
             ctx.tr("Remove some filters: age, day or dates make the list shorter."), ctx.tr("Show all offers"));
    if (d.scope.size() == 1)
      if (const Municipality* m = d.snap->municipality(d.scope.front())) h.append(hub_contact(ctx, *m));
    return h;
  }
  h.append(R"(<ul class="kp-results">)");
  for (const Offer* o : r.items) h.append(offer_card(ctx, *d.snap, *o, d.today));
  h.append("</ul>");
  if (r.pages > 1) {
    auto pairs = query_pairs(d.query);
    h.append(R"(<nav class="kp-pager" aria-label="{}"><ul>)", ctx.tr("Pages"));
    if (r.page > 1) {
      auto p = pairs;
      p.emplace_back("page", std::to_string(r.page - 1));
      h.append(R"(<li><a class="ds-button" data-variant="secondary" rel="prev" href="{}">{}</a></li>)", web::url("/offers", p), ctx.tr("Previous page"));
    }
    h.append(R"(<li class="kp-pageof">{}</li>)",
             ctx.t.tr_args("Page {page} of {pages}", {{"page", ctx.t.number(r.page)}, {"pages", ctx.t.number(r.pages)}}));
    if (r.page < r.pages) {
      auto p = pairs;
      p.emplace_back("page", std::to_string(r.page + 1));
      h.append(R"(<li><a class="ds-button" data-variant="secondary" rel="next" href="{}">{}</a></li>)", web::url("/offers", p), ctx.tr("Next page"));
    }
    h.append("</ul></nav>");
  }
  h.append(R"(<p class="ds-paragraph kp-feeds" data-size="sm"><a class="ds-link" href="{}">{}</a> · <a class="ds-link" href="{}">{}</a></p>)",
           web::url("/offers.ics", query_pairs(d.query)), ctx.tr("Add these to your calendar"),
           web::url("/offers/brochure.pdf", {{"lang", ctx.lang()}}), ctx.tr("Printable brochure (PDF)"));
  return h;
}

Html offer_page(const web::Context& ctx, const Snapshot& snap, const Offer& o, CivilDate today) {
  const Organization* org = snap.organization(o.organization_id);
  const Location* loc = o.location_id ? snap.location(*o.location_id) : nullptr;
  Html h;
  h.append(R"(<nav class="ds-breadcrumbs kp-back" aria-label="{}"><a class="ds-link" href="/offers">{}</a></nav>)",
           ctx.tr("You are here"), ctx.tr("All offers"));
  h.append(R"(<article class="kp-offer">)");
  h.append(localized(ctx, o.texts, "name", "h1", "ds-heading"));
  if (org) h.append(R"(<p class="ds-paragraph kp-org">{}</p>)", org->name);
  h.append(localized(ctx, o.texts, "summary", "p", "ds-paragraph kp-lead"));
  h.append(localized(ctx, o.texts, "description", "p", "ds-paragraph"));

  h.append(R"(<dl class="kp-facts">)");
  h.append("<dt>{}</dt><dd>{}", ctx.tr("For whom"), age_text(ctx.t, o));
  if (!o.target_groups.empty()) {
    std::string groups;
    for (const auto& g : o.target_groups) {
      if (!groups.empty()) groups += ", ";
      groups += ctx.tr(target_group_label(g));
    }
    h.append(". {}", groups);
  }
  h.append(localized(ctx, o.texts, "eligibility", "div"));
  h.append("</dd>");
  h.append("<dt>{}</dt><dd>", ctx.tr("When"));
  if (o.schedules.empty()) h.append("{}", ctx.tr("Ask the contact person"));
  else {
    h.append("<ul>");
    for (const auto& s : o.schedules) h.append("<li>{}</li>", schedule_text(ctx.t, s));
    h.append("</ul>");
    std::optional<CivilDate> best;
    for (const auto& s : o.schedules)
      if (auto n = next_occurrence(s, today, 370); n && (!best || *n < *best)) best = n;
    if (best) h.append(R"(<p class="ds-paragraph"><strong>{}</strong> {}</p>)", ctx.tr("Next time:"), ctx.t.date_short(*best));
    else h.append(R"(<p class="ds-paragraph"><strong>{}</strong></p>)", ctx.tr("This has ended. Ask the contact person whether it will come again."));
    h.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/offers/{}.ics">{}</a></p>)", o.id, ctx.tr("Add to calendar"));
  }
  h.append("</dd>");
  if (loc) {
    h.append("<dt>{}</dt><dd>{}", ctx.tr("Where"), loc->name);
    if (!loc->address.empty()) h.append("<br>{}, {} {}", loc->address, loc->postal_code, loc->city);
    if (loc->district_id)
      if (const District* d = snap.district(*loc->district_id)) h.append("<br>{}: {}", ctx.tr("District"), d->name);
    h.append("<br>{}", loc->wheelchair_access ? ctx.tr("Wheelchair accessible") : ctx.tr("Not wheelchair accessible – ask us"));
    h.append("</dd>");
  }
  h.append("<dt>{}</dt><dd>{}", ctx.tr("Price"), price_text(ctx.t, o));
  h.append(localized(ctx, o.texts, "fees_description", "div"));
  h.append("</dd>");
  h.append("<dt>{}</dt><dd>", ctx.tr("How to sign up"));
  Html process = localized(ctx, o.texts, "application_process", "div");
  if (process.empty()) h.append("{}", ctx.tr("Just come, or contact us."));
  else h.append(process);
  if (!o.url.empty() && (o.url.starts_with("https://") || o.url.starts_with("http://")))
    h.append(R"(<p class="ds-paragraph"><a class="ds-link" href="{}" rel="noopener">{}</a></p>)", o.url, ctx.tr("More information"));
  h.append("</dd>");
  h.append("<dt>{}</dt><dd>", ctx.tr("Contact"));
  if (!o.contact_name.empty()) h.append("{}<br>", o.contact_name);
  if (!o.phone.empty()) h.append(R"({}: <a class="ds-link" href="tel:{}">{}</a><br>)", ctx.tr("Phone"), o.phone, o.phone);
  if (!o.email.empty()) h.append(R"({}: <a class="ds-link" href="mailto:{}">{}</a>)", ctx.tr("E-mail"), o.email, o.email);
  h.append("</dd>");
  if (!o.languages.empty()) {
    std::string names;
    for (const auto& l : o.languages)
      if (const auto* li = i18n::find_language(l)) names += (names.empty() ? "" : ", ") + li->native_name;
    h.append("<dt>{}</dt><dd>{}", ctx.tr("Languages spoken"), names);
    if (o.interpretation) h.append(". {}", ctx.tr("An interpreter can be arranged."));
    h.append("</dd>");
  }
  if (!o.category_ids.empty()) {
    h.append("<dt>{}</dt><dd>", ctx.tr("Categories"));
    bool first = true;
    for (const auto& cid : o.category_ids)
      if (const Category* c = snap.category(cid)) {
        h.append(R"({}<a class="ds-link" href="{}">{}</a>)", first ? "" : ", ",
                 web::url("/offers", {{"category", c->code}}), category_name(ctx, *c));
        first = false;
      }
    h.append("</dd>");
  }
  h.append("</dl>");
  h.append(R"(<p class="ds-paragraph kp-confirmed" data-size="sm">{}</p>)",
           ctx.t.tr_args("This information was last confirmed by the organiser on {date}.", {{"date", ctx.t.date_long(o.last_confirmed_at)}}));
  h.append("</article>");
  return h;
}

Html accessibility_page(const web::Context& ctx) {
  return Html::format(
      R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p><p class="ds-paragraph">{}</p>)",
      ctx.tr("Accessibility statement"),
      ctx.tr("Knutepunkt aims to meet WCAG 2.1 level AA, as Norwegian law requires. Every page works without JavaScript, with the keyboard alone, at 320 pixels width, and in right-to-left languages. Every page is tested automatically with axe-core."),
      ctx.tr("If something does not work for you, contact the municipality's hub (knutepunkt) and we will help you and fix it."));
}

}  // namespace kp::catalog
