#include "equipment/reminders.hpp"

#include <fmt/format.h>

#include "audit/audit.hpp"
#include "equipment/loan_store.hpp"
#include "equipment/rules.hpp"
#include "messaging/outbox.hpp"

namespace kp::equipment {
namespace {

messaging::OutboxMessage render(const i18n::Catalogs& catalogs, const std::string& municipality_id, const Loan& loan,
                                const Borrower& b) {
  const i18n::Translator& t = catalogs.get(b.language);
  std::string items;
  for (const auto& l : loan.lines) {
    items += "- " + l.number + " " + l.type_name;
    if (l.quantity > 1) items += " x " + std::to_string(l.quantity);
    items += "\n";
  }
  CivilDate due;
  parse_iso_date(loan.due_on, due);
  messaging::OutboxMessage m;
  m.municipality_id = municipality_id;
  m.language = t.code();
  m.kind = messaging::kinds::loan_overdue;
  m.related_id = loan.id;
  m.subject = t.tr("Please return the equipment you borrowed");
  m.body = t.tr_args("Hello {name},\n\nthe equipment you borrowed was due back on {date}:\n{items}\nPlease bring it "
                     "back as soon as you can, or contact us to renew the loan.\n",
                     {{"name", b.name}, {"date", t.date_short(due)}, {"items", items}});
  if (!b.email.empty() && messaging::is_valid_email(b.email)) {
    m.channel = messaging::Channel::email;
    m.recipient = b.email;
  } else {
    m.channel = messaging::Channel::sms;
    m.recipient = b.phone;
  }
  return m;
}

}  // namespace

Status enqueue_overdue_reminders(store::Database& db, const Clock& clock, const i18n::Catalogs& catalogs,
                                 std::int64_t* queued) {
  const std::string today = today_iso(clock);
  const std::string remind_before = add_days(today, -kReminderEveryDays + 1);
  auto municipalities = db.read([&](store::Conn& c) { return municipalities_with_overdue_loans(c, today); });
  if (!municipalities) return pass(municipalities);
  std::int64_t total = 0;
  for (const auto& m : *municipalities) {
    std::int64_t count = 0;
    KP_TRY(db.with_write([&](store::Conn& c) -> Status {
      count = 0;
      auto loans = open_loans(c, m, today);
      if (!loans) return pass(loans);
      for (const auto& loan : *loans) {
        if (!loan.last_reminder_on.empty() && loan.last_reminder_on >= remind_before) continue;
        auto b = get_borrower(c, m, loan.borrower_id);
        if (!b) return pass(b);
        if (!*b || ((*b)->email.empty() && (*b)->phone.empty())) continue;
        auto id = messaging::enqueue(c, clock, render(catalogs, m, loan, **b));
        // A contact the outbox refuses (a malformed old phone number) must not stop the others.
        if (!id && id.error().kind != ErrorKind::invalid) return pass(id);
        KP_TRY(mark_reminded(c, m, loan.id, today));
        KP_TRY(audit::append(c, clock,
                             audit::Entry{m, "system", "loan.reminder", "loan", loan.id, "", "",
                                          id ? fmt::format(R"({{"outbox":"{}"}})", *id) : R"({"outbox":"refused"})"}));
        if (id) ++count;
      }
      return {};
    }));
    total += count;
  }
  if (queued) *queued = total;
  return {};
}

}  // namespace kp::equipment
