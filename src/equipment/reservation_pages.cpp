// Staff answer the public's reservation requests: confirm or decline (the answer goes out
// through the outbox in the requester's language, in the same transaction), and at pick-up a
// confirmed reservation becomes a loan through equip-core's lend(), so every lending rule —
// stock, maintenance, blocking of long-overdue borrowers — applies exactly as at the counter.
#include <fmt/format.h>

#include <algorithm>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "equipment/loan_store.hpp"
#include "equipment/pages.hpp"
#include "equipment/public_views.hpp"
#include "equipment/reservation_store.hpp"
#include "equipment/rules.hpp"
#include "equipment/store.hpp"
#include "equipment/views.hpp"
#include "families/views.hpp"
#include "messaging/outbox.hpp"

namespace kp::equipment {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

const std::string kListPath = "/staff/equipment/reservations";

std::string reservation_path(const std::string& id, std::string_view action) {
  return kListPath + "/" + id + "/" + std::string(action);
}

std::string mun(const Context& ctx) { return ctx.actor->municipality_id; }

// ---- the message to the requester ----------------------------------------------------------------

std::string date_in(const i18n::Translator& t, const std::string& iso) {
  CivilDate d;
  return parse_iso_date(iso, d) ? t.date_short(d) : iso;
}

// The answer in the requester's language: e-mail when they gave an address, else SMS.
messaging::OutboxMessage answer_message(const Context& ctx, const Reservation& r, bool confirmed) {
  const i18n::Translator& t = ctx.app.catalogs.get(r.language);
  messaging::OutboxMessage m;
  m.municipality_id = r.municipality_id;
  m.channel = r.email.empty() ? messaging::Channel::sms : messaging::Channel::email;
  m.recipient = r.email.empty() ? r.phone : r.email;
  m.language = t.code();
  m.kind = messaging::kinds::reservation;
  m.related_id = r.id;
  const std::string what = std::to_string(r.quantity) + " × " + type_title(r.type_name, r.type_size);
  if (confirmed) {
    m.subject = t.tr("Your reservation is confirmed");
    m.body = t.tr_args("Hello {name},\n\nWe have reserved {what} for you from {from} to {to}.\nPick it up on {from} "
                       "and bring your receipt code: {code}.\n\nWelcome!",
                       {{"name", r.name},
                        {"what", what},
                        {"from", date_in(t, r.from_date)},
                        {"to", date_in(t, r.to_date)},
                        {"code", r.receipt}});
  } else {
    m.subject = t.tr("We cannot lend you the equipment this time");
    m.body = t.tr_args("Hello {name},\n\nSorry, we cannot lend you {what} from {from} to {to}. Other dates or other "
                       "equipment may be free: see what can be borrowed now on our web page, or call us.\n\nYour "
                       "receipt code: {code}.",
                       {{"name", r.name},
                        {"what", what},
                        {"from", date_in(t, r.from_date)},
                        {"to", date_in(t, r.to_date)},
                        {"code", r.receipt}});
  }
  return m;
}

// ---- the list ----------------------------------------------------------------------------------

Html contact_cell(const Reservation& r) {
  Html h;
  h.append(R"(<span dir="auto">{}</span>)", r.name);
  if (!r.phone.empty()) h.append(R"(<br><a class="ds-link" href="tel:{}">{}</a>)", r.phone, r.phone);
  if (!r.email.empty()) h.append(R"(<br><a class="ds-link" href="mailto:{}">{}</a>)", r.email, r.email);
  if (!r.children.empty()) h.append(R"(<br><span class="kp-muted" dir="auto">{}</span>)", r.children);
  return h;
}

Html reservation_table(Context& ctx, const std::vector<Reservation>& list, ReservationStatus status) {
  Html t;
  t.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table kp-reservation-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
           ctx.tr("Receipt code"), ctx.tr("What"), ctx.tr("Dates"), ctx.tr("Who"), ctx.tr("Language"),
           status == ReservationStatus::picked_up || status == ReservationStatus::declined ? ctx.tr("Status")
                                                                                            : ctx.tr("Answer"));
  for (const auto& r : list) {
    const auto* lang = i18n::find_language(r.language);
    t.append(R"(<tr id="reservation-{}"><th scope="row">{}</th><td>{} × {}<br><span class="kp-muted">{}</span></td><td>{} – {}</td><td>{}</td><td>{}</td><td>)",
             r.id, r.receipt, std::to_string(r.quantity), type_title(r.type_name, r.type_size),
             category_text(ctx, r.category), date_label(ctx, r.from_date), date_label(ctx, r.to_date),
             contact_cell(r), lang ? lang->native_name : r.language);
    if (status == ReservationStatus::requested) {
      t.append(R"(<div class="kp-actions">{}{}</div>)",
               families::post_button(ctx, reservation_path(r.id, "confirm"), ctx.tr("Confirm"), true),
               families::post_button(ctx, reservation_path(r.id, "decline"), ctx.tr("Decline"), false));
    } else if (status == ReservationStatus::confirmed) {
      t.append("{}", families::post_button(ctx, reservation_path(r.id, "pickup"), ctx.tr("Picked up: lend it now"), true));
    } else if (r.loan_id) {
      t.append(R"(<a class="ds-link" href="{}">{}</a>)", loan_path(*r.loan_id), ctx.tr("See the loan"));
    } else {
      t.append("{}", reservation_status_label(ctx, r.status));
    }
    t.append("</td></tr>");
  }
  t.append("</tbody></table></div>");
  return t;
}

Status log_reads(const Context& ctx, const std::vector<std::string>& reservation_ids) {
  if (!ctx.app.settings.audit_reads || reservation_ids.empty()) return {};
  std::vector<audit::Entry> entries;
  for (const auto& id : reservation_ids)
    entries.push_back(audit_entry(ctx, "reservation.view", "equipment_reservation", id));
  ctx.read_audits.push_back(ctx.app.reads.record_async(std::move(entries)));  // held until durable
  return {};
}

http::Response list_page(Context& ctx, const Html& notice, int status) {
  std::vector<Reservation> all;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto r = list_reservations(c, mun(ctx), std::nullopt);
    if (!r) return pass(r);
    all = std::move(*r);
    return {};
  });
  if (!st) return web::busy_page(ctx);
  // Answered long ago is history: of picked-up and declined requests the 30 with the latest
  // dates per status are enough here (the list is in date order).
  for (auto status : {ReservationStatus::picked_up, ReservationStatus::declined}) {
    std::int64_t seen = 0, total = std::count_if(all.begin(), all.end(), [&](const Reservation& r) { return r.status == status; });
    std::erase_if(all, [&](const Reservation& r) { return r.status == status && seen++ < total - 30; });
  }
  std::vector<std::string> ids_shown;
  for (const auto& r : all) ids_shown.push_back(r.id);
  // The list shows requesters' names and contact details: the look is audited like a
  // borrower list (ids only), and the page is not shown when that record cannot be written.
  if (!log_reads(ctx, ids_shown)) return web::busy_page(ctx);
  auto p = staff_page(ctx.tr("Reservations"));
  Html& b = p.body;
  b.append(R"(<p class="ds-paragraph kp-muted"><a class="ds-link" href="/staff/equipment">{}</a></p>)",
           ctx.tr("Equipment"));
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", p.title);
  b.append(saved_notice(ctx));
  b.append(notice);
  const struct {
    ReservationStatus status;
    const char* heading;
    const char* empty;
  } sections[] = {
      {ReservationStatus::requested, N_("Waiting for an answer"), N_("No requests are waiting.")},
      {ReservationStatus::confirmed, N_("Confirmed, not picked up yet"), N_("No confirmed reservations.")},
      {ReservationStatus::picked_up, N_("Picked up"), N_("None yet.")},
      {ReservationStatus::declined, N_("Declined"), N_("None.")},
  };
  for (const auto& s : sections) {
    std::vector<Reservation> part;
    for (const auto& r : all)
      if (r.status == s.status) part.push_back(r);

    b.append(R"(<h2 class="ds-heading" data-size="md">{}</h2>)", ctx.tr(s.heading));
    if (part.empty()) b.append(R"(<p class="ds-paragraph kp-muted">{}</p>)", ctx.tr(s.empty));
    else b.append(reservation_table(ctx, part, s.status));
  }
  return render_private(ctx, p, status);
}

http::Response list_get(Context& ctx) { return list_page(ctx, {}, 200); }

Html error_notice(const Context& ctx, const Error& e) {
  return Html::format(R"(<div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">{}</p></div>)",
                      ctx.tr(e.message.c_str()));
}

// ---- confirm / decline ----------------------------------------------------------------------------

http::Response answer_post(Context& ctx, bool confirm) {
  const std::string id = path_param(ctx, "id");
  const UnixSeconds now = ctx.app.clock.now();
  bool found = true;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    found = true;
    auto r = get_reservation(c, mun(ctx), id);
    if (!r) return pass(r);
    if (!*r) {
      found = false;
      return not_found();
    }
    const ReservationStatus to = confirm ? ReservationStatus::confirmed : ReservationStatus::declined;
    KP_TRY(set_reservation_status(c, mun(ctx), id, ReservationStatus::requested, to, ctx.actor->user_id, now));
    auto queued = messaging::enqueue(c, ctx.app.clock, answer_message(ctx, **r, confirm));
    if (!queued) return pass(queued);
    return audit::append(c, ctx.app.clock,
                         audit_entry(ctx, confirm ? "reservation.confirm" : "reservation.decline",
                                     "equipment_reservation", id,
                                     fmt::format(R"({{"message":"{}"}})", *queued)));
  });
  if (!found) return web::not_found_page(ctx);
  if (!st) {
    if (st.error().kind == ErrorKind::unavailable || st.error().kind == ErrorKind::internal) return web::busy_page(ctx);
    return list_page(ctx, error_notice(ctx, st.error()), 409);
  }
  return http::Response::redirect(kListPath + (confirm ? "?saved=confirmed" : "?saved=declined"));
}

http::Response confirm_post(Context& ctx) { return answer_post(ctx, true); }
http::Response decline_post(Context& ctx) { return answer_post(ctx, false); }

// ---- pick-up → loan ------------------------------------------------------------------------------

// The borrower for the reservation's requester: an existing one with the same phone number or
// e-mail address, else a new one from the reservation's contact details.
Result<std::string> borrower_for(store::Conn& c, const Reservation& r, const Context& ctx, UnixSeconds now,
                                 bool& created) {
  created = false;
  for (const std::string& key : {r.phone, r.email}) {
    if (key.empty()) continue;
    auto found = find_borrowers(c, r.municipality_id, key, 50);
    if (!found) return pass(found);
    for (const auto& b : *found)
      if ((!r.phone.empty() && b.phone == r.phone) || (!r.email.empty() && b.email == r.email)) return b.id;
  }
  Borrower b;
  b.id = ids::new_uuid();
  b.name = r.name;
  b.phone = r.phone;
  b.email = r.email;
  b.language = r.language;
  KP_TRY(insert_borrower(c, r.municipality_id, b, now));
  created = true;
  return b.id;
}

http::Response pickup_post(Context& ctx) {
  const std::string id = path_param(ctx, "id");
  const std::string today = today_iso(ctx.app.clock);
  const UnixSeconds now = ctx.app.clock.now();
  bool found = true;
  std::string loan_id;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    found = true;
    loan_id.clear();
    auto r = get_reservation(c, mun(ctx), id);
    if (!r) return pass(r);
    if (!*r) {
      found = false;
      return not_found();
    }
    if ((*r)->status != ReservationStatus::confirmed)
      return fail(ErrorKind::conflict, N_("This reservation is not confirmed, or it was picked up already."));
    bool created = false;
    auto borrower = borrower_for(c, **r, ctx, now, created);
    if (!borrower) return pass(borrower);
    if (created)
      KP_TRY(audit::append(c, ctx.app.clock, audit_entry(ctx, "borrower.create", "borrower", *borrower)));
    auto lines = lendable_lines(c, mun(ctx), (*r)->type_id, (*r)->quantity, today);
    if (!lines) return pass(lines);
    LendRequest lr;
    lr.municipality_id = mun(ctx);
    lr.loan_id = ids::new_uuid();
    lr.borrower_id = *borrower;
    lr.lines = *lines;
    lr.due_on = (*r)->to_date < today ? today : (*r)->to_date;
    lr.created_by = ctx.actor->user_id;
    lr.block_days = ctx.app.settings.loan_block_overdue_days;
    KP_TRY(lend(c, lr, today, now));
    KP_TRY(mark_picked_up(c, mun(ctx), id, lr.loan_id, ctx.actor->user_id, now));
    std::string items;
    for (const auto& l : lr.lines) items += (items.empty() ? "\"" : ",\"") + l.item_id + "\"";
    KP_TRY(audit::append(c, ctx.app.clock,
                         audit_entry(ctx, "loan.create", "loan", lr.loan_id,
                                     fmt::format(R"({{"borrower":"{}","items":[{}],"reservation":"{}"}})",
                                                 lr.borrower_id, items, id))));
    loan_id = lr.loan_id;
    return audit::append(c, ctx.app.clock,
                         audit_entry(ctx, "reservation.pickup", "equipment_reservation", id,
                                     fmt::format(R"({{"loan":"{}"}})", lr.loan_id)));
  });
  if (!found) return web::not_found_page(ctx);
  if (!st) {
    if (st.error().kind == ErrorKind::unavailable || st.error().kind == ErrorKind::internal) return web::busy_page(ctx);
    return list_page(ctx, error_notice(ctx, st.error()), st.error().kind == ErrorKind::conflict ? 409 : 400);
  }
  return http::Response::redirect(loan_path(loan_id) + "?saved=lent");
}

}  // namespace

void register_reservation_routes(app::App& app) {
  auto& r = app.router;
  const auto p = Permission::equipment_manage;
  r.add(Method::GET, "/staff/equipment/reservations", p, list_get);
  r.add(Method::POST, "/staff/equipment/reservations/{id:uuid}/confirm", p, confirm_post);
  r.add(Method::POST, "/staff/equipment/reservations/{id:uuid}/decline", p, decline_post);
  r.add(Method::POST, "/staff/equipment/reservations/{id:uuid}/pickup", p, pickup_post);
}

}  // namespace kp::equipment
