#include "activities/messages.hpp"

#include "activities/enrolment_store.hpp"
#include "audit/audit.hpp"
#include "i18n/i18n.hpp"
#include "messaging/outbox.hpp"
#include "web/url.hpp"

namespace kp::activities {
namespace {

// The child's status in a sentence fragment after the name ("Ola: has a place").
const char* status_words(ParticipantStatus s) {
  switch (s) {
    case ParticipantStatus::applied: return N_("applied – the lottery decides after the sign-up closes");
    case ParticipantStatus::confirmed: return N_("has a place");
    case ParticipantStatus::waiting: return N_("is on the waiting list");
    case ParticipantStatus::offered: return N_("is offered a place");
    case ParticipantStatus::cancelled: return N_("cancelled");
    case ParticipantStatus::declined: return N_("declined");
    case ParticipantStatus::not_placed: return N_("did not get a place");
  }
  return "";
}

std::string date_range(const i18n::Translator& t, const Activity& a) {
  CivilDate from, to;
  if (!parse_iso_date(a.starts_on, from)) return a.starts_on;
  if (!parse_iso_date(a.ends_on, to) || to == from) return t.date_short(from);
  return t.date_short(from) + " – " + t.date_short(to);
}

std::string children_lines(const i18n::Translator& t, const std::vector<Participant>& children) {
  std::string out;
  for (const auto& p : children) out += "- " + p.name + ": " + t.tr(status_words(p.status)) + "\n";
  return out;
}

enum class Route { email_else_sms, both };

// Enqueues `subject`/`body` to the sign-up's contact(s). A refused recipient is skipped.
Status deliver(store::Conn& c, const Clock& clock, const Signup& s, const std::string& kind, const std::string& lang,
               const std::string& subject, const std::string& body, Route route) {
  auto one = [&](messaging::Channel ch, const std::string& to) -> Status {
    messaging::OutboxMessage msg;
    msg.municipality_id = s.municipality_id;
    msg.channel = ch;
    msg.recipient = to;
    msg.language = lang;
    msg.subject = subject;
    msg.body = body;
    msg.kind = kind;
    msg.related_id = s.id;
    auto r = messaging::enqueue(c, clock, msg);
    if (!r && r.error().kind != ErrorKind::invalid) return pass(r);
    return {};
  };
  if (!s.email.empty()) KP_TRY(one(messaging::Channel::email, s.email));
  if (!s.phone.empty() && (route == Route::both || s.email.empty())) KP_TRY(one(messaging::Channel::sms, s.phone));
  return {};
}

std::string lang_of(const Mailer& m, const Signup& s) {
  return m.catalogs && m.catalogs->is_enabled(s.language) ? s.language : std::string("nb");
}

}  // namespace

std::string signup_link(const Mailer& m, const std::string& cancel_token, const std::string& lang) {
  return m.base_url + web::url("/activities/cancel/" + cancel_token, {{"lang", lang}});
}

std::string offer_link(const Mailer& m, const std::string& offer_token, const std::string& lang) {
  return m.base_url + web::url("/activities/offer/" + offer_token, {{"lang", lang}});
}

Status send_receipt(store::Conn& c, const Clock& clock, const Mailer& m, const Activity& a, const Signup& s,
                    const std::vector<Participant>& children, const std::string& cancel_token) {
  if (!m.catalogs) return {};
  const std::string lang = lang_of(m, s);
  const auto& t = m.catalogs->get(lang);
  const std::string subject = t.tr_args("Sign-up received: {activity}", {{"activity", a.title}});
  std::string body = t.tr_args("We have received your sign-up for {activity} ({dates}).",
                               {{"activity", a.title}, {"dates", date_range(t, a)}});
  body += "\n\n" + children_lines(t, children) + "\n";
  body += t.tr("See or cancel your sign-up here:") + "\n" + signup_link(m, cancel_token, lang) + "\n";
  return deliver(c, clock, s, messaging::kinds::receipt, lang, subject, body, Route::email_else_sms);
}

Status send_offer(store::Conn& c, const Clock& clock, const Mailer& m, const Activity& a, const Signup& s,
                  const Participant& p, const std::string& offer_token, UnixSeconds expires_at) {
  if (!m.catalogs) return {};
  const std::string lang = lang_of(m, s);
  const auto& t = m.catalogs->get(lang);
  const std::string subject = t.tr_args("A place for {child}: {activity}", {{"child", p.name}, {"activity", a.title}});
  std::string body = t.tr_args("A place on {activity} ({dates}) is free for {child}.",
                               {{"activity", a.title}, {"dates", date_range(t, a)}, {"child", p.name}});
  body += "\n" + t.tr_args("We keep the place until {time}. Answer yes or no here:",
                           {{"time", t.date_time(expires_at)}});
  body += "\n" + offer_link(m, offer_token, lang) + "\n";
  return deliver(c, clock, s, messaging::kinds::offer, lang, subject, body, Route::both);
}

Status send_cancellation(store::Conn& c, const Clock& clock, const Mailer& m, const Activity& a, const Signup& s,
                         const std::vector<Participant>& children) {
  if (!m.catalogs || children.empty()) return {};
  const std::string lang = lang_of(m, s);
  const auto& t = m.catalogs->get(lang);
  const std::string subject = t.tr_args("Cancelled: {activity}", {{"activity", a.title}});
  std::string body = t.tr_args("These places on {activity} are cancelled:", {{"activity", a.title}});
  body += "\n";
  for (const auto& p : children) body += "- " + p.name + "\n";
  return deliver(c, clock, s, messaging::kinds::cancellation, lang, subject, body, Route::email_else_sms);
}

Status send_lottery_result(store::Conn& c, const Clock& clock, const Mailer& m, const Activity& a,
                           const Signup& s, const std::vector<Participant>& children) {
  if (!m.catalogs) return {};
  const std::string lang = lang_of(m, s);
  const auto& t = m.catalogs->get(lang);
  const std::string subject = t.tr_args("Result of the lottery: {activity}", {{"activity", a.title}});
  std::string body = t.tr_args("The places on {activity} ({dates}) have been drawn.",
                               {{"activity", a.title}, {"dates", date_range(t, a)}});
  body += "\n\n" + children_lines(t, children);
  return deliver(c, clock, s, "lottery", lang, subject, body, Route::email_else_sms);
}

Status send_reminder(store::Conn& c, const Clock& clock, const Mailer& m, const Activity& a, const Signup& s,
                     const std::vector<Participant>& children) {
  if (!m.catalogs) return {};
  const std::string lang = lang_of(m, s);
  const auto& t = m.catalogs->get(lang);
  const std::string subject = t.tr_args("Tomorrow: {activity}", {{"activity", a.title}});
  std::string body = t.tr_args("Welcome to {activity} tomorrow.", {{"activity", a.title}});
  body += "\n";
  for (const auto& p : children)
    if (p.status == ParticipantStatus::confirmed) body += "- " + p.name + "\n";
  if (!a.place.empty()) body += "\n" + t.tr("Where:") + " " + a.place + "\n";
  if (!a.bring.empty()) body += "\n" + t.tr("What to bring:") + " " + a.bring + "\n";
  return deliver(c, clock, s, messaging::kinds::reminder, lang, subject, body, Route::email_else_sms);
}

Result<std::int64_t> enqueue_due_reminders(store::Database& db, const Clock& clock, const Mailer& m) {
  const LocalDateTime now = to_oslo(clock.now());
  const std::string tomorrow = format_iso_date(civil_from_days(days_from_civil(now.date) + 1));
  auto munis = db.read([](store::Conn& c) { return municipality_ids(c); });
  if (!munis) return pass(munis);
  std::int64_t sent = 0;
  for (const auto& mid : *munis) {
    std::int64_t here = 0;
    KP_TRY(db.with_write([&](store::Conn& c) -> Status {
      here = 0;
      auto due = signups_to_remind(c, mid, tomorrow);
      if (!due) return pass(due);
      for (const Signup& s : *due) {
        auto a = get_activity(c, mid, s.activity_id);
        if (!a) return pass(a);
        if (!*a) continue;
        auto kids = participants_of_signup(c, mid, s.id);
        if (!kids) return pass(kids);
        KP_TRY(send_reminder(c, clock, m, **a, s, *kids));
        KP_TRY(mark_reminded(c, mid, s.id, clock.now()));
        KP_TRY(audit::append(c, clock, audit::Entry{mid, "system", "activity.reminder", "signup", s.id, "", "", ""}));
        ++here;
      }
      return {};
    }));
    sent += here;
  }
  return sent;
}

}  // namespace kp::activities
