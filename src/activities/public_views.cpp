#include "activities/public_views.hpp"

#include <fmt/format.h>

#include "app/app.hpp"
#include "i18n/i18n.hpp"

namespace kp::activities {
namespace {

using web::Html;

std::string date_range(const i18n::Translator& t, const Activity& a) {
  CivilDate from, to;
  if (!parse_iso_date(a.starts_on, from)) return a.starts_on;
  if (!parse_iso_date(a.ends_on, to) || to == from) return t.date_short(from);
  return t.date_short(from) + " – " + t.date_short(to);
}

std::string age_text(const i18n::Translator& t, const Activity& a) {
  if (a.age_min && a.age_max)
    return t.tr_args("Age {min}–{max}", {{"min", t.number(*a.age_min)}, {"max", t.number(*a.age_max)}});
  if (a.age_min) return t.tr_args("From age {min}", {{"min", t.number(*a.age_min)}});
  if (a.age_max) return t.tr_args("Up to age {max}", {{"max", t.number(*a.age_max)}});
  return t.tr("All ages");
}

std::string price_text(const i18n::Translator& t, const Activity& a) {
  if (a.price_ore <= 0) return t.tr("Free");
  std::string amount = t.number(a.price_ore / 100);
  if (const auto ore = a.price_ore % 100) amount += "," + t.number(ore / 10) + t.number(ore % 10);
  return t.tr_args("NOK {amount}", {{"amount", amount}});
}

// What the visitor can do now, in words, with the tag colour.
std::pair<std::string, std::string> places_text(const web::Context& ctx, const ActivityCard& c, UnixSeconds now) {
  const Activity& a = c.activity;
  const auto& t = ctx.t;
  if (now < a.signup_opens)
    return {"neutral", t.tr_args("Sign-up opens {date}", {{"date", t.date_time(a.signup_opens)}})};
  if (now >= a.signup_closes) return {"neutral", t.tr("Sign-up has closed")};
  if (a.allocation == Allocation::lottery)
    return {"info", t.tr_args("{n} places. Places are drawn by lot after {date}",
                              {{"n", t.number(a.public_places())}, {"date", t.date_time(a.signup_closes)}})};
  const auto left = c.counts.public_left();
  if (left > 0 && c.counts.waiting == 0) {
    std::string s = t.trn("{n} place left", "{n} places left", static_cast<long>(left));
    return {"success", s};
  }
  return {"warning", t.tr("Full. You can join the waiting list")};
}

const char* status_label(ParticipantStatus s) {
  switch (s) {
    case ParticipantStatus::applied: return N_("Applied. The lottery decides after the sign-up closes");
    case ParticipantStatus::confirmed: return N_("Has a place");
    case ParticipantStatus::waiting: return N_("On the waiting list");
    case ParticipantStatus::offered: return N_("Offered a place");
    case ParticipantStatus::cancelled: return N_("Cancelled");
    case ParticipantStatus::declined: return N_("Declined");
    case ParticipantStatus::not_placed: return N_("Did not get a place");
  }
  return "";
}

const char* status_color(ParticipantStatus s) {
  switch (s) {
    case ParticipantStatus::confirmed: return "success";
    case ParticipantStatus::offered: return "info";
    case ParticipantStatus::waiting:
    case ParticipantStatus::applied: return "warning";
    default: return "neutral";
  }
}

Html facts(const web::Context& ctx, const Activity& a) {
  Html h;
  h.append(R"(<dl class="kp-facts">)");
  h.append("<dt>{}</dt><dd>{}</dd>", ctx.tr("When"), date_range(ctx.t, a));
  h.append("<dt>{}</dt><dd>{}</dd>", ctx.tr("For whom"), age_text(ctx.t, a));
  h.append("<dt>{}</dt><dd>{}</dd>", ctx.tr("Price"), price_text(ctx.t, a));
  if (!a.place.empty()) h.append(R"(<dt>{}</dt><dd dir="auto">{}</dd>)", ctx.tr("Where"), a.place);
  h.append("</dl>");
  return h;
}

Html child_rows(const web::Context& ctx, const SignupForm& form, int rows, const web::FieldErrors& errors) {
  Html h;
  for (int i = 1; i <= rows; ++i) {
    const SignupForm::Child blank;
    const SignupForm::Child& ch = static_cast<size_t>(i) <= form.children.size() ? form.children[i - 1] : blank;
    const std::string p = "child" + std::to_string(i) + "_";
    h.append(R"(<fieldset class="ds-fieldset kp-act-child"><legend class="ds-label">{}</legend>)",
             ctx.t.tr_args("Child {n}", {{"n", ctx.t.number(i)}}));
    web::FieldOptions name;
    name.required = i == 1;
    name.dir = "auto";
    name.autocomplete = "off";
    h.append(web::text_field(ctx, p + "name", ctx.tr("The child's name"), ch.name, errors, name));
    web::FieldOptions year;
    year.inputmode = "numeric";
    year.autocomplete = "off";
    year.hint = ctx.tr("For example 2015.");
    h.append(web::text_field(ctx, p + "birth_year", ctx.tr("Year of birth"), ch.birth_year, errors, year));
    web::FieldOptions needs;
    needs.rows = 2;
    needs.dir = "auto";
    needs.hint = ctx.tr("Optional. For example allergies, or help the child needs.");
    h.append(web::text_field(ctx, p + "needs", ctx.tr("Anything we should know?"), ch.needs, errors, needs));
    h.append("</fieldset>");
  }
  return h;
}

Html signup_form(const web::Context& ctx, const Activity& a, const SignupForm& form, int rows,
                 const web::FieldErrors& errors) {
  Html h;
  h.append(R"(<section class="kp-act-signup" aria-labelledby="signup-title"><h2 class="ds-heading" data-size="md" id="signup-title">{}</h2>)",
           ctx.tr("Sign up"));
  h.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("You do not need to log in. You get a receipt and a private link to cancel."));
  h.append(web::error_summary(ctx, errors));
  h.append(R"(<form method="post" action="/activities/{}" class="kp-form kp-act-form" novalidate>{})", a.id,
           web::csrf_field(ctx));
  h.append(R"(<input type="hidden" name="rows" value="{}">)", std::to_string(rows));
  h.append(child_rows(ctx, form, rows, errors));
  if (rows < kMaxChildren)
    h.append(R"(<p class="ds-paragraph">{}</p>)",
             web::button(ctx.tr("Add another child"), false, "add_child", "1"));
  h.append(R"(<fieldset class="ds-fieldset kp-act-guardian"><legend class="ds-label">{}</legend>)",
           ctx.tr("You, the parent or guardian"));
  web::FieldOptions name;
  name.required = true;
  name.autocomplete = "name";
  name.dir = "auto";
  h.append(web::text_field(ctx, "guardian_name", ctx.tr("Your name"), form.guardian_name, errors, name));
  web::FieldOptions tel;
  tel.type = "tel";
  tel.autocomplete = "tel";
  tel.hint = ctx.tr("Write a phone number, an e-mail address, or both.");
  h.append(web::text_field(ctx, "phone", ctx.tr("Phone"), form.phone, errors, tel));
  web::FieldOptions mail;
  mail.type = "email";
  mail.autocomplete = "email";
  h.append(web::text_field(ctx, "email", ctx.tr("E-mail"), form.email, errors, mail));
  std::vector<std::pair<std::string, std::string>> langs;
  for (const auto& code : ctx.app.catalogs.enabled())
    if (const auto* l = i18n::find_language(code)) langs.emplace_back(l->code, l->native_name);
  h.append(web::select_field(ctx, "language", ctx.tr("Which language should our messages be in?"), langs,
                             form.language.empty() ? ctx.lang() : form.language, errors));
  h.append("</fieldset>");
  h.append(R"(<p class="ds-paragraph" data-size="sm">{}</p>)",
           ctx.tr("Only the people who run the activity see what you write. It is deleted after the activity."));
  h.append(web::button(ctx.tr("Send the sign-up"), true, "send", "1"));
  h.append("</form></section>");
  return h;
}

}  // namespace

std::string first_name(const std::string& name) {
  const size_t sp = name.find(' ');
  return sp == std::string::npos ? name : name.substr(0, sp);
}

Html activity_list(const web::Context& ctx, const std::vector<ActivityCard>& cards, UnixSeconds now) {
  Html h;
  h.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", ctx.tr("Activities"));
  h.append(R"(<p class="ds-paragraph" data-size="lg">{}</p>)",
           ctx.tr("Activity weeks and other activities with limited places. Sign up here, without logging in."));
  if (cards.empty()) {
    h.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("There are no activities to sign up for right now."));
    return h;
  }
  h.append(R"(<ul class="kp-results kp-act-list">)");
  for (const auto& c : cards) {
    const Activity& a = c.activity;
    const auto [color, places] = places_text(ctx, c, now);
    h.append(R"(<li class="ds-card kp-card"><h2 class="ds-heading" data-size="xs"><a class="ds-link" href="/activities/{}">{}</a></h2>)",
             a.id, a.title);
    h.append(R"(<p class="ds-paragraph kp-when" data-size="sm">{}</p>)", date_range(ctx.t, a));
    h.append(R"(<ul class="kp-tags" aria-label="{}"><li class="ds-tag" data-color="{}">{}</li><li class="ds-tag" data-color="info">{}</li><li class="ds-tag" data-color="{}">{}</li></ul></li>)",
             ctx.tr("Facts"), a.price_ore <= 0 ? "success" : "neutral", price_text(ctx.t, a), age_text(ctx.t, a),
             color, places);
  }
  h.append("</ul>");
  return h;
}

Html activity_detail(const web::Context& ctx, const ActivityCard& card, const std::vector<Session>& sessions,
                     UnixSeconds now, const SignupForm& form, int rows, const web::FieldErrors& errors) {
  const Activity& a = card.activity;
  Html h;
  h.append(R"(<nav class="ds-breadcrumbs kp-back" aria-label="{}"><a class="ds-link" href="/activities">{}</a></nav>)",
           ctx.tr("You are here"), ctx.tr("All activities"));
  h.append(R"(<article class="kp-activity"><h1 class="ds-heading" data-size="lg" dir="auto">{}</h1>)", a.title);
  if (!a.description.empty()) h.append(R"(<p class="ds-paragraph kp-lead" dir="auto">{}</p>)", a.description);
  h.append(facts(ctx, a));
  const auto [color, places] = places_text(ctx, card, now);
  h.append(R"(<p class="ds-paragraph"><span class="ds-tag" data-color="{}">{}</span></p>)", color, places);
  if (!sessions.empty()) {
    h.append(R"(<h2 class="ds-heading" data-size="sm">{}</h2><ul class="kp-act-sessions">)", ctx.tr("Times"));
    for (const auto& s : sessions) {
      const auto end = to_oslo(s.ends_at);
      h.append("<li>{}–{}", ctx.t.date_time(s.starts_at),
               fmt::format("{:02}:{:02}", end.hour, end.minute));
      if (!s.note.empty()) h.append(R"( <span dir="auto">{}</span>)", s.note);
      h.append("</li>");
    }
    h.append("</ul>");
  }
  if (!a.bring.empty())
    h.append(R"(<h2 class="ds-heading" data-size="sm">{}</h2><p class="ds-paragraph" dir="auto">{}</p>)",
             ctx.tr("What to bring"), a.bring);
  h.append("</article>");
  if (a.signup_open(now)) h.append(signup_form(ctx, a, form, rows, errors));
  return h;
}

Html receipt(const web::Context& ctx, const Activity& a, const std::vector<Participant>& children,
             const std::string& cancel_token) {
  Html h;
  h.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", ctx.tr("Thank you, we have received your sign-up"));
  h.append(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph" dir="auto">{}</p></div>)",
           a.title);
  h.append(R"(<ul class="kp-act-status">)");
  for (const auto& p : children)
    h.append(R"(<li><span dir="auto">{}</span>: <span class="ds-tag" data-color="{}">{}</span></li>)", first_name(p.name),
             status_color(p.status), ctx.tr(status_label(p.status)));
  h.append("</ul>");
  h.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("We have sent you a receipt. Keep this link: with it you can see your sign-up or cancel it."));
  h.append(R"(<p class="ds-paragraph"><a class="ds-link kp-act-private" href="/activities/cancel/{}">{}</a></p>)",
           cancel_token, ctx.tr("Your sign-up"));
  h.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/activities">{}</a></p>)", ctx.tr("All activities"));
  return h;
}

Html own_signup(const web::Context& ctx, const Activity& a, const std::vector<Participant>& children,
                const std::string& cancel_token, const std::string& notice) {
  Html h;
  h.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", ctx.tr("Your sign-up"));
  if (!notice.empty())
    h.append(R"(<div class="ds-alert" data-color="info" role="status"><p class="ds-paragraph">{}</p></div>)", notice);
  h.append(R"(<p class="ds-paragraph" data-size="lg" dir="auto">{}</p>)", a.title);
  h.append(facts(ctx, a));
  h.append(R"(<ul class="kp-act-own">)");
  for (const auto& p : children) {
    h.append(R"(<li class="ds-card kp-card"><h2 class="ds-heading" data-size="xs" dir="auto">{}</h2><p class="ds-paragraph"><span class="ds-tag" data-color="{}">{}</span></p>)",
             first_name(p.name), status_color(p.status), ctx.tr(status_label(p.status)));
    if (p.status == ParticipantStatus::offered && p.offer_expires_at)
      h.append(R"(<p class="ds-paragraph">{}</p>)",
               ctx.t.tr_args("We keep the place until {time}.", {{"time", ctx.t.date_time(*p.offer_expires_at)}}));
    const bool open = p.status == ParticipantStatus::confirmed || p.status == ParticipantStatus::waiting ||
                      p.status == ParticipantStatus::applied || p.status == ParticipantStatus::offered;
    if (open) {
      h.append(R"(<form method="post" action="/activities/cancel/{}" class="kp-act-actions">{}<input type="hidden" name="participant" value="{}">)",
               cancel_token, web::csrf_field(ctx), p.id);
      if (p.status == ParticipantStatus::offered) {
        h.append(web::button(ctx.t.tr_args("Accept the place for {child}", {{"child", first_name(p.name)}}), true,
                             "action", "accept"));
        h.append(web::button(ctx.t.tr_args("Decline the place for {child}", {{"child", first_name(p.name)}}), false,
                             "action", "decline"));
      } else {
        h.append(web::button(ctx.t.tr_args("Cancel for {child}", {{"child", first_name(p.name)}}), false, "action",
                             "cancel"));
      }
      h.append("</form>");
    }
    h.append("</li>");
  }
  h.append("</ul>");
  h.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/activities">{}</a></p>)", ctx.tr("All activities"));
  return h;
}

Html offer_answer(const web::Context& ctx, const Activity& a, const Participant& p, const std::string& token) {
  Html h;
  h.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)",
           ctx.t.tr_args("A place for {child}", {{"child", first_name(p.name)}}));
  h.append(R"(<p class="ds-paragraph" data-size="lg" dir="auto">{}</p>)", a.title);
  h.append(facts(ctx, a));
  if (p.offer_expires_at)
    h.append(R"(<p class="ds-paragraph">{}</p>)",
             ctx.t.tr_args("We keep the place until {time}.", {{"time", ctx.t.date_time(*p.offer_expires_at)}}));
  h.append(R"(<form method="post" action="/activities/offer/{}" class="kp-act-actions">{})", token, web::csrf_field(ctx));
  h.append(web::button(ctx.tr("Yes, accept the place"), true, "action", "accept"));
  h.append(web::button(ctx.tr("No, give the place to someone else"), false, "action", "decline"));
  h.append("</form>");
  return h;
}

}  // namespace kp::activities
