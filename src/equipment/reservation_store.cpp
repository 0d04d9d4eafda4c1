#include "equipment/reservation_store.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "core/phone.hpp"
#include "core/text.hpp"
#include "equipment/rules.hpp"
#include "equipment/store.hpp"
#include "messaging/outbox.hpp"

namespace kp::equipment {
namespace {

using store::Row;

// ---- validation helpers ------------------------------------------------------------------------

std::string trimmed(std::string_view v) { return std::string(text::trim(v)); }

std::string limited(std::string_view v, const char* field, size_t max, FieldErrorList& errors) {
  std::string s = trimmed(v);
  if (text::length_utf8(s) > max) errors.emplace_back(field, N_("This is too long."));
  return s;
}

// Phone and e-mail are checked as the outbox will check them, so every accepted request can
// get its answer.
std::string checked_phone(std::string_view value, FieldErrorList& errors) {
  std::string phone = limited(value, "phone", 40, errors);
  if (!phone.empty() && !phone::normalise(phone))
    errors.emplace_back("phone", N_("Write a phone number with digits, for example 912 34 567."));
  return phone;
}

std::string checked_email(std::string_view value, FieldErrorList& errors) {
  std::string email = limited(value, "email", 254, errors);
  if (!email.empty() && !messaging::is_valid_email(email))
    errors.emplace_back("email", N_("Write an e-mail address like name@example.no."));
  return email;
}

std::int64_t day_number(std::string_view iso) {
  CivilDate d;
  return parse_iso_date(iso, d) ? days_from_civil(d) : -1;
}

Reservation from_row(const Row& row) {
  Reservation r;
  r.id = row.text(0);
  r.municipality_id = row.text(1);
  r.type_id = row.text(2);
  r.quantity = row.integer(3);
  r.from_date = row.text(4);
  r.to_date = row.text(5);
  r.name = row.text(6);
  r.phone = row.text(7);
  r.email = row.text(8);
  r.language = row.text(9);
  r.children = row.text(10);
  r.receipt = row.text(11);
  r.status = reservation_status_from(row.text(12)).value_or(ReservationStatus::requested);
  r.decided_by = row.opt_text(13);
  r.decided_at = row.opt_integer(14);
  r.loan_id = row.opt_text(15);
  r.created_at = row.integer(16);
  r.updated_at = row.integer(17);
  r.type_name = row.text(18);
  r.type_size = row.text(19);
  r.category = row.text(20);
  return r;
}

}  // namespace

const char* to_string(ReservationStatus s) {
  switch (s) {
    case ReservationStatus::requested: return "requested";
    case ReservationStatus::confirmed: return "confirmed";
    case ReservationStatus::declined: return "declined";
    case ReservationStatus::picked_up: return "picked_up";
  }
  return "requested";
}

std::optional<ReservationStatus> reservation_status_from(std::string_view s) {
  for (auto st : {ReservationStatus::requested, ReservationStatus::confirmed, ReservationStatus::declined,
                  ReservationStatus::picked_up})
    if (s == to_string(st)) return st;
  return std::nullopt;
}

void apply_reservation_input(const ReservationInput& in, const std::vector<std::string>& type_ids,
                             const std::vector<std::string>& languages, std::string_view page_lang,
                             std::string_view today, Reservation& r, FieldErrorList& errors) {
  r.type_id = trimmed(in.type_id);
  if (std::find(type_ids.begin(), type_ids.end(), r.type_id) == type_ids.end())
    errors.emplace_back("type_id", N_("Choose what you want to borrow."));
  const std::string q = trimmed(in.quantity);
  std::int64_t n = 1;
  if (!q.empty()) {
    auto [p, ec] = std::from_chars(q.data(), q.data() + q.size(), n);
    if (ec != std::errc() || p != q.data() + q.size() || n < 1 || n > 10) {
      errors.emplace_back("quantity", N_("Write how many, from 1 to 10."));
      n = 1;
    }
  }
  r.quantity = n;
  const std::int64_t t = day_number(today);
  r.from_date = trimmed(in.from_date);
  r.to_date = trimmed(in.to_date);
  const std::int64_t from = day_number(r.from_date), to = day_number(r.to_date);
  if (from < 0)
    errors.emplace_back("from_date", N_("Write the date as year-month-day, for example 2026-03-31."));
  else if (from < t)
    errors.emplace_back("from_date", N_("The pick-up day cannot be in the past."));
  else if (from > t + 180)
    errors.emplace_back("from_date", N_("You can reserve at most six months ahead."));
  if (to < 0)
    errors.emplace_back("to_date", N_("Write the date as year-month-day, for example 2026-03-31."));
  else if (from >= 0 && to < from)
    errors.emplace_back("to_date", N_("The return day must be on or after the pick-up day."));
  else if (from >= 0 && to > from + 60)
    errors.emplace_back("to_date", N_("You can borrow for at most 60 days."));
  r.name = limited(in.name, "name", 200, errors);
  if (r.name.empty()) errors.emplace_back("name", N_("Write your name."));
  r.phone = checked_phone(in.phone, errors);
  r.email = checked_email(in.email, errors);
  if (r.phone.empty() && r.email.empty())
    errors.emplace_back("phone", N_("Write a phone number or an e-mail address, so that we can reach you."));
  const std::string lang = trimmed(in.language);
  r.language = std::find(languages.begin(), languages.end(), lang) != languages.end() ? lang : std::string(page_lang);
  r.children = limited(in.children, "children", 300, errors);
  std::replace(r.children.begin(), r.children.end(), '\n', ' ');
  std::replace(r.children.begin(), r.children.end(), '\r', ' ');
}

Result<std::vector<Availability>> public_availability(store::Conn& c, const std::string& municipality_id,
                                                      std::string_view today, bool include_hidden) {
  auto types = list_types(c, municipality_id);
  if (!types) return pass(types);
  ItemQuery q;
  q.municipality_id = municipality_id;
  auto items = list_items(c, q);
  if (!items) return pass(items);
  std::vector<Availability> out;
  std::map<std::string, size_t> index;
  for (const auto& t : *types) {
    if ((!t.is_public && !include_hidden) || t.category == "pass") continue;
    index[t.id] = out.size();
    out.push_back(Availability{t.id, t.category, t.name, t.size, 0, 0});
  }
  for (const auto& i : *items) {
    auto it = index.find(i.type_id);
    if (it == index.end() || i.condition == Condition::retired) continue;
    Availability& a = out[it->second];
    a.total += i.quantity;
    if (lendable(i, today)) a.available += std::max<std::int64_t>(0, i.available());
  }
  // Category order as equip-core lists categories, then as the store gave them (name).
  const auto& order = categories();
  auto rank = [&](const std::string& cat) {
    return static_cast<size_t>(std::find(order.begin(), order.end(), cat) - order.begin());
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Availability& a, const Availability& b) { return rank(a.category) < rank(b.category); });
  return out;
}

Result<std::vector<LoanLine>> lendable_lines(store::Conn& c, const std::string& municipality_id,
                                             const std::string& type_id, std::int64_t quantity,
                                             std::string_view today) {
  ItemQuery q;
  q.municipality_id = municipality_id;
  q.type_id = type_id;
  auto items = list_items(c, q);
  if (!items) return pass(items);
  std::vector<LoanLine> lines;
  std::int64_t left = quantity;
  for (const auto& i : *items) {
    if (left <= 0) break;
    if (i.type_id != type_id || !lendable(i, today) || i.available() <= 0) continue;
    LoanLine l;
    l.item_id = i.id;
    l.quantity = std::min(left, i.counted ? i.available() : std::int64_t{1});
    left -= l.quantity;
    lines.push_back(l);
  }
  if (left > 0)
    return invalid(N_("Not enough of this equipment can be lent now. Some may be out on loan or need maintenance."),
                   "items");
  return lines;
}

Result<std::optional<std::string>> borrower_of_family(store::Conn& c, const std::string& municipality_id,
                                                      const std::string& family_id) {
  auto row = c.query_one(
      "SELECT id FROM borrowers WHERE municipality_id = $1 AND family_id = $2 ORDER BY created_at, id LIMIT 1",
      {municipality_id, family_id});
  if (!row) return pass(row);
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>((*row)->text(0));
}

Result<std::vector<std::string>> loan_ids_of_family(store::Conn& c, const std::string& municipality_id,
                                                    const std::string& family_id) {
  auto rows = c.query("SELECT id FROM loans WHERE municipality_id = $1 AND family_id = $2 ORDER BY out_at DESC, id",
                      {municipality_id, family_id});
  if (!rows) return pass(rows);
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.text(0));
  return out;
}

Status insert_reservation(store::Conn& c, const Reservation& r, UnixSeconds now) {
  auto st = c.exec(
      "INSERT INTO equipment_reservations (id, municipality_id, type_id, quantity, from_date, to_date, name, phone, "
      "email, language, children, receipt, status, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'requested', $13, $13)",
      {r.id, r.municipality_id, r.type_id, r.quantity, r.from_date, r.to_date, r.name, r.phone, r.email, r.language,
       r.children, r.receipt, now});
  if (!st) return pass(st);
  return {};
}

Result<std::optional<Reservation>> get_reservation(store::Conn& c, const std::string& municipality_id,
                                                   const std::string& id) {
  auto row = c.query_one(
      "SELECT r.id, r.municipality_id, r.type_id, r.quantity, r.from_date, r.to_date, r.name, r.phone, r.email, "
      "r.language, r.children, r.receipt, r.status, r.decided_by, r.decided_at, r.loan_id, r.created_at, "
      "r.updated_at, t.name, t.size, t.category FROM equipment_reservations r JOIN item_types t ON t.id = r.type_id "
      "WHERE r.municipality_id = $1 AND r.id = $2",
      {municipality_id, id});
  if (!row) return pass(row);
  if (!*row) return std::optional<Reservation>();
  return std::optional<Reservation>(from_row(**row));
}

Result<std::vector<Reservation>> list_reservations(store::Conn& c, const std::string& municipality_id,
                                                   std::optional<ReservationStatus> status) {
  auto rows = status ? c.query(
                           "SELECT r.id, r.municipality_id, r.type_id, r.quantity, r.from_date, r.to_date, r.name, "
                           "r.phone, r.email, r.language, r.children, r.receipt, r.status, r.decided_by, "
                           "r.decided_at, r.loan_id, r.created_at, r.updated_at, t.name, t.size, t.category "
                           "FROM equipment_reservations r JOIN item_types t ON t.id = r.type_id "
                           "WHERE r.municipality_id = $1 AND r.status = $2 ORDER BY r.from_date, r.created_at, r.id",
                           {municipality_id, to_string(*status)})
                     : c.query(
                           "SELECT r.id, r.municipality_id, r.type_id, r.quantity, r.from_date, r.to_date, r.name, "
                           "r.phone, r.email, r.language, r.children, r.receipt, r.status, r.decided_by, "
                           "r.decided_at, r.loan_id, r.created_at, r.updated_at, t.name, t.size, t.category "
                           "FROM equipment_reservations r JOIN item_types t ON t.id = r.type_id "
                           "WHERE r.municipality_id = $1 ORDER BY r.from_date, r.created_at, r.id",
                           {municipality_id});
  if (!rows) return pass(rows);
  std::vector<Reservation> out;
  for (const auto& r : *rows) out.push_back(from_row(r));
  return out;
}

Status set_reservation_status(store::Conn& c, const std::string& municipality_id, const std::string& id,
                              ReservationStatus from, ReservationStatus to, const std::string& by, UnixSeconds now) {
  auto n = c.exec(
      "UPDATE equipment_reservations SET status = $1, decided_by = $2, decided_at = $3, updated_at = $3 "
      "WHERE municipality_id = $4 AND id = $5 AND status = $6",
      {to_string(to), by, now, municipality_id, id, to_string(from)});
  if (!n) return pass(n);
  if (*n != 1) return fail(ErrorKind::conflict, N_("Someone else has already answered this reservation."));
  return {};
}

Status mark_picked_up(store::Conn& c, const std::string& municipality_id, const std::string& id,
                      const std::string& loan_id, const std::string& by, UnixSeconds now) {
  auto n = c.exec(
      "UPDATE equipment_reservations SET status = 'picked_up', loan_id = $1, updated_at = $2 "
      "WHERE municipality_id = $3 AND id = $4 AND status = 'confirmed'",
      {loan_id, now, municipality_id, id});
  if (!n) return pass(n);
  if (*n != 1) return fail(ErrorKind::conflict, N_("This reservation is not confirmed, or it was picked up already."));
  return {};
}

}  // namespace kp::equipment
