#include "families/log_store.hpp"

#include <algorithm>

namespace kp::families {
namespace {

using store::Row;

LogEntry entry_from_row(const Row& r) {
  LogEntry e;
  e.id = r.text(0);
  e.family_id = r.text(1);
  e.happened_on = r.text(2);
  e.kind = log_kind_from(r.text(3)).value_or(LogKind::note);
  e.text = r.text(4);
  e.author_id = r.text(5);
  e.author_name = r.text(6);
  e.author_service = r.text(7);
  e.created_at = r.integer(8);
  return e;
}

QuietFamily quiet_from_row(const Row& r) {
  return QuietFamily{r.text(0), r.text(1), r.text(2), r.opt_integer(3)};
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

const char* to_string(LogKind k) {
  switch (k) {
    case LogKind::call: return "call";
    case LogKind::home_visit: return "home_visit";
    case LogKind::meeting: return "meeting";
    case LogKind::note: return "note";
  }
  return "note";
}

std::optional<LogKind> log_kind_from(std::string_view s) {
  for (LogKind k : log_kinds())
    if (s == to_string(k)) return k;
  return std::nullopt;
}

const std::vector<LogKind>& log_kinds() {
  static const std::vector<LogKind> kinds = {LogKind::call, LogKind::home_visit, LogKind::meeting, LogKind::note};
  return kinds;
}

Status insert_log_entry(store::Conn& c, const std::string& municipality_id, const LogEntry& e, UnixSeconds now) {
  auto n = c.exec(
      "INSERT INTO family_log (id, municipality_id, family_id, happened_on, kind, text, author_id, author_service, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {e.id, municipality_id, e.family_id, e.happened_on, std::string(to_string(e.kind)), e.text, e.author_id,
       e.author_service, now});
  if (!n) return pass(n);
  return {};
}

Result<std::vector<LogEntry>> log_entries(store::Conn& c, const std::string& family_id, int limit, int offset) {
  auto rows = c.query(
      "SELECT l.id, l.family_id, l.happened_on, l.kind, l.text, l.author_id, COALESCE(u.display_name, ''), "
      "l.author_service, l.created_at FROM family_log l LEFT JOIN users u ON u.id = l.author_id "
      "WHERE l.family_id = $1 ORDER BY l.happened_on DESC, l.created_at DESC, l.id DESC LIMIT $2 OFFSET $3",
      {family_id, std::int64_t{limit}, std::int64_t{offset}});
  if (!rows) return pass(rows);
  std::vector<LogEntry> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(entry_from_row(r));
  return out;
}

Result<std::int64_t> count_log_entries(store::Conn& c, const std::string& family_id) {
  auto r = c.query_one("SELECT COUNT(*) FROM family_log WHERE family_id = $1", {family_id});
  if (!r) return pass(r);
  return *r ? (*r)->integer(0) : 0;
}

Result<std::vector<QuietFamily>> families_without_contact(store::Conn& c, const std::string& municipality_id,
                                                          const std::optional<std::string>& coordinator_id,
                                                          UnixSeconds since) {
  // Two constant statements rather than "$2 IS NULL OR …", so each engine plans with the
  // index that fits (families_coordinator or families_status).
  Result<store::Rows> rows =
      coordinator_id
          ? c.query("SELECT id, reference, name, last_contact_at FROM families "
                    "WHERE coordinator_id = $2 AND status = 'open' AND municipality_id = $1 "
                    "AND anonymised_at IS NULL AND (last_contact_at < $3 OR (last_contact_at IS NULL AND opened_at < $3)) "
                    "ORDER BY COALESCE(last_contact_at, opened_at), name_sort, id",
                    {municipality_id, *coordinator_id, since})
          : c.query("SELECT id, reference, name, last_contact_at FROM families "
                    "WHERE municipality_id = $1 AND status = 'open' "
                    "AND anonymised_at IS NULL AND (last_contact_at < $2 OR (last_contact_at IS NULL AND opened_at < $2)) "
                    "ORDER BY COALESCE(last_contact_at, opened_at), name_sort, id",
                    {municipality_id, since});
  if (!rows) return pass(rows);
  std::vector<QuietFamily> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(quiet_from_row(r));
  return out;
}

bool may_read_log(const std::vector<Consent>& consents, policy::FamilyGrounds grounds,
                  std::string_view actor_service, std::string_view today) {
  if (grounds == policy::FamilyGrounds::coordinator || grounds == policy::FamilyGrounds::emergency) return true;
  if (grounds != policy::FamilyGrounds::team || actor_service.empty()) return false;
  return std::any_of(consents.begin(), consents.end(), [&](const Consent& k) {
    // A young person's own consent covers only them, not the family's shared log.
    return !k.subject_person_id && k.valid_on(today) && contains(k.services, actor_service) &&
           contains(k.info_kinds, "log");
  });
}

}  // namespace kp::families
