#include "families/caseload.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "families/store.hpp"

namespace kp::families {
namespace {

using store::Conn;
using store::Value;

std::string add_days(const std::string& iso, int days) {
  CivilDate d;
  if (!parse_iso_date(iso, d)) return iso;
  return format_iso_date(civil_from_days(days_from_civil(d) + days));
}

// The open families the actor ($1 user) coordinates or is on the team of: each caseload read
// below is one statement over all of them through the per-family indexes, so the page runs five
// statements whatever the size of the caseload. Only kFamilySql checks the municipality and
// the status; rows of other reads count only for families it returned and the actor may see
// that part of (a team member without consent for it). CROSS JOIN fixes SQLite's join order
// (the few families first) where it has no statistics to choose by.
#define KP_CASELOAD_MINE                                                                                     \
  "WITH mine AS (SELECT id AS family_id FROM families WHERE coordinator_id = $1 AND status = 'open' "        \
  "AND anonymised_at IS NULL UNION SELECT family_id FROM family_team WHERE user_id = $1) "

constexpr const char* kFamilySql = KP_CASELOAD_MINE
    "SELECT f.id, f.reference, f.name, f.name_sort, f.bti_level, f.opened_at, f.last_contact_at FROM mine "
    "CROSS JOIN families f WHERE f.id = mine.family_id AND f.municipality_id = $2 AND f.status = 'open' "
    "AND f.anonymised_at IS NULL";

// measures_family, then the goal by primary key.
constexpr const char* kOverdueSql = KP_CASELOAD_MINE
    "SELECT m.family_id, m.id, m.goal_id, m.text, m.responsible, m.deadline FROM mine "
    "CROSS JOIN measures m JOIN goals g ON g.id = m.goal_id WHERE m.family_id = mine.family_id "
    "AND m.status IN ('planned', 'in_progress') AND m.deadline <> '' AND m.deadline < $2 AND g.status = 'active'";

constexpr const char* kWaitingSql = KP_CASELOAD_MINE
    "SELECT m.family_id, m.id, COALESCE(m.offer_id, ''), m.text, m.referral_changed_at FROM mine "
    "CROSS JOIN measures m WHERE m.family_id = mine.family_id "
    "AND m.referral_state = 'requested' AND m.referral_changed_at < $2 AND m.status <> 'dropped'";

// A consent another given, later-ending whole-family consent already renews is not a warning:
// the coordinator has done what the warning asks.
constexpr const char* kExpiringSql = KP_CASELOAD_MINE
    "SELECT k.family_id, k.id, k.valid_to FROM mine CROSS JOIN consents k WHERE k.family_id = mine.family_id "
    "AND k.subject_person_id IS NULL "
    "AND k.refused = 0 AND k.withdrawn_at IS NULL AND k.valid_from <= $2 AND k.valid_to >= $2 AND k.valid_to <= $3 "
    "AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.family_id = k.family_id AND n.id <> k.id "
    "AND n.subject_person_id IS NULL AND n.refused = 0 AND n.withdrawn_at IS NULL AND n.valid_to > k.valid_to)";

constexpr const char* kMeetingsSql = KP_CASELOAD_MINE
    "SELECT t.family_id, t.id, t.held_on, t.starts_at, t.family_present FROM mine CROSS JOIN meetings t "
    "WHERE t.family_id = mine.family_id AND t.held_on >= $2 AND t.held_on <= $3";

#undef KP_CASELOAD_MINE

}  // namespace

CaseloadWindow caseload_window(UnixSeconds now, int consent_warning_days, int referral_warning_days,
                               int no_contact_weeks, int meeting_days) {
  CaseloadWindow w;
  w.today = format_iso_date(to_oslo(now).date);
  w.consent_until = add_days(w.today, consent_warning_days);
  w.meetings_until = add_days(w.today, meeting_days);
  w.referral_older_than = now - static_cast<UnixSeconds>(referral_warning_days) * 86400;
  w.contact_since = now - static_cast<UnixSeconds>(no_contact_weeks) * 7 * 86400;
  return w;
}

Result<std::vector<CaseloadAccess>> caseload_family_ids(Conn& c, const policy::Actor& actor, const std::string& today,
                                                        UnixSeconds now) {
  auto facts = facts_for_user(c, actor.municipality_id, actor.user_id, now);
  if (!facts) return pass(facts);
  std::vector<CaseloadAccess> out;
  for (const auto& f : *facts) {
    if (f.closed) continue;
    const auto g = policy::family_grounds(actor, f, today);
    if (g == policy::FamilyGrounds::coordinator) {
      out.push_back({f.id, true, true, true});
    } else if (g == policy::FamilyGrounds::team) {
      std::string service;
      for (const auto& m : f.team)
        if (m.user_id == actor.user_id) service = m.service;
      out.push_back({f.id, false, policy::consent_covers_info(f.consents, service, "plan", today),
                     policy::consent_covers_info(f.consents, service, "log", today)});
    }
  }
  return out;
}

Result<Caseload> load_caseload(Conn& c, const policy::Actor& actor, const std::vector<CaseloadAccess>& families,
                               const CaseloadWindow& w) {
  Caseload out;
  std::map<std::string, const CaseloadAccess*> access;
  for (const auto& f : families) access.emplace(f.family_id, &f);
  if (access.empty()) return out;
  const Value user = actor.user_id;

  std::map<std::string, std::pair<CaseloadFamily, std::string>> shown;  // family id → family, name_sort
  auto fams = c.query(kFamilySql, {user, actor.municipality_id});
  if (!fams) return pass(fams);
  for (const auto& r : *fams) {
    auto a = access.find(r.text(0));
    if (a == access.end()) continue;  // its grounds changed since the facts were read
    shown.emplace(a->first, std::pair{CaseloadFamily{a->first, r.text(1), r.text(2), a->second->coordinator,
                                                     static_cast<int>(r.integer(4)), r.integer(5), r.opt_integer(6)},
                                      r.text(3)});
  }
  // The family a row of a per-family read belongs to, when the actor may see that part of it.
  const auto visible = [&](const store::Row& r, bool CaseloadAccess::*part) -> const CaseloadFamily* {
    auto it = shown.find(r.text(0));
    if (it == shown.end()) return nullptr;
    return part == nullptr || access.at(it->first)->*part ? &it->second.first : nullptr;
  };

  auto overdue = c.query(kOverdueSql, {user, w.today});
  if (!overdue) return pass(overdue);
  for (const auto& m : *overdue)
    if (const auto* f = visible(m, &CaseloadAccess::plan))
      out.overdue.push_back({f->id, f->reference, f->name, m.text(1), m.text(2), m.text(3), m.text(4), m.text(5)});
  auto waiting = c.query(kWaitingSql, {user, w.referral_older_than});
  if (!waiting) return pass(waiting);
  for (const auto& m : *waiting)
    if (const auto* f = visible(m, &CaseloadAccess::plan))
      out.waiting.push_back({f->id, f->reference, f->name, m.text(1), m.text(2), m.text(3), m.integer(4)});
  auto expiring = c.query(kExpiringSql, {user, w.today, w.consent_until});
  if (!expiring) return pass(expiring);
  for (const auto& k : *expiring)
    if (const auto* f = visible(k, nullptr)) out.expiring.push_back({f->id, f->reference, f->name, k.text(1), k.text(2)});
  auto meetings = c.query(kMeetingsSql, {user, w.today, w.meetings_until});
  if (!meetings) return pass(meetings);
  for (const auto& m : *meetings)
    if (const auto* f = visible(m, &CaseloadAccess::log))
      out.meetings.push_back({f->id, f->reference, f->name, m.text(1), m.text(2), m.text(3), m.integer(4) != 0});

  std::map<std::string, std::string> sort_keys;  // family id → name_sort
  for (auto& [id, fam] : shown) {
    const CaseloadFamily& f = fam.first;
    if (f.last_contact_at.value_or(f.opened_at) < w.contact_since)
      out.quiet.push_back({id, f.reference, f.name, f.last_contact_at});
    sort_keys[id] = fam.second;
    out.families.push_back(std::move(fam.first));
  }
  // Ties are broken by the family's name order, so the page does not reshuffle between views.
  const auto name_of = [&](const std::string& id) -> const std::string& { return sort_keys[id]; };
  std::sort(out.families.begin(), out.families.end(), [&](const CaseloadFamily& a, const CaseloadFamily& b) {
    return std::tie(name_of(a.id), a.id) < std::tie(name_of(b.id), b.id);
  });
  std::sort(out.overdue.begin(), out.overdue.end(), [&](const OverdueMeasure& a, const OverdueMeasure& b) {
    return std::tie(a.deadline, name_of(a.family_id), a.measure_id) < std::tie(b.deadline, name_of(b.family_id), b.measure_id);
  });
  std::sort(out.expiring.begin(), out.expiring.end(), [&](const ExpiringConsent& a, const ExpiringConsent& b) {
    return std::tie(a.valid_to, name_of(a.family_id), a.consent_id) < std::tie(b.valid_to, name_of(b.family_id), b.consent_id);
  });
  std::sort(out.waiting.begin(), out.waiting.end(), [&](const WaitingReferral& a, const WaitingReferral& b) {
    return std::tie(a.requested_at, name_of(a.family_id), a.measure_id) <
           std::tie(b.requested_at, name_of(b.family_id), b.measure_id);
  });
  std::sort(out.meetings.begin(), out.meetings.end(), [&](const UpcomingMeeting& a, const UpcomingMeeting& b) {
    return std::tie(a.held_on, a.starts_at, name_of(a.family_id), a.meeting_id) <
           std::tie(b.held_on, b.starts_at, name_of(b.family_id), b.meeting_id);
  });
  std::sort(out.quiet.begin(), out.quiet.end(), [&](const QuietFamily& a, const QuietFamily& b) {
    // Never contacted sorts first: that family has been silent since it was opened.
    const auto at = [](const QuietFamily& q) { return q.last_contact_at.value_or(0); };
    return std::make_tuple(at(a), name_of(a.id), a.id) < std::make_tuple(at(b), name_of(b.id), b.id);
  });
  return out;
}

Result<std::int64_t> family_data_version(Conn& c, const std::string& municipality_id) {
  auto r = c.query_one("SELECT family_data_version FROM municipalities WHERE id = $1", {municipality_id});
  if (!r) return pass(r);
  return *r ? (*r)->integer(0) : 0;
}

Result<std::vector<CoordinatorLoad>> team_caseload(Conn& c, const std::string& municipality_id,
                                                   const CaseloadWindow& w) {
  std::map<std::string, CoordinatorLoad> load;
  // families_status: the municipality's open families.
  auto fam = c.query(
      "SELECT COALESCE(coordinator_id, ''), COUNT(*), "
      "COUNT(CASE WHEN COALESCE(last_contact_at, opened_at) < $2 THEN 1 END) FROM families "
      "WHERE municipality_id = $1 AND status = 'open' AND anonymised_at IS NULL GROUP BY COALESCE(coordinator_id, '')",
      {municipality_id, w.contact_since});
  if (!fam) return pass(fam);
  for (const auto& r : *fam) {
    auto& l = load[r.text(0)];
    l.open_families = r.integer(1);
    l.quiet_families = r.integer(2);
  }
  // measures_deadline: (municipality, status, deadline) ranges.
  auto overdue = c.query(
      "SELECT COALESCE(f.coordinator_id, ''), COUNT(*) FROM measures m JOIN goals g ON g.id = m.goal_id "
      "JOIN families f ON f.id = m.family_id WHERE m.municipality_id = $1 AND m.status IN ('planned', 'in_progress') "
      "AND m.deadline <> '' AND m.deadline < $2 AND g.status = 'active' AND f.status = 'open' "
      "AND f.anonymised_at IS NULL GROUP BY COALESCE(f.coordinator_id, '')",
      {municipality_id, w.today});
  if (!overdue) return pass(overdue);
  for (const auto& r : *overdue) load[r.text(0)].overdue_measures = r.integer(1);
  // families_status, then consents_family per family.
  auto expiring = c.query(
      "SELECT COALESCE(f.coordinator_id, ''), COUNT(*) FROM families f JOIN consents k ON k.family_id = f.id "
      "WHERE f.municipality_id = $1 AND f.status = 'open' AND f.anonymised_at IS NULL "
      "AND k.subject_person_id IS NULL AND k.refused = 0 AND k.withdrawn_at IS NULL AND k.valid_from <= $2 "
      "AND k.valid_to >= $2 AND k.valid_to <= $3 "
      "AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.family_id = k.family_id AND n.id <> k.id "
      "AND n.subject_person_id IS NULL AND n.refused = 0 AND n.withdrawn_at IS NULL AND n.valid_to > k.valid_to) "
      "GROUP BY COALESCE(f.coordinator_id, '')",
      {municipality_id, w.today, w.consent_until});
  if (!expiring) return pass(expiring);
  for (const auto& r : *expiring) load[r.text(0)].expiring_consents = r.integer(1);

  auto staff = family_staff(c, municipality_id);
  if (!staff) return pass(staff);
  std::vector<CoordinatorLoad> out;
  for (const auto& s : *staff) {
    if (!s.coordinator) continue;
    CoordinatorLoad l = load[s.id];
    l.coordinator_id = s.id;
    l.name = s.display_name;
    out.push_back(std::move(l));
    load.erase(s.id);
  }
  // Families whose coordinator is no longer a coordinator (role removed, account disabled) still
  // need someone: they are counted with those that have none.
  CoordinatorLoad none;
  for (const auto& [id, l] : load) {
    none.open_families += l.open_families;
    none.overdue_measures += l.overdue_measures;
    none.expiring_consents += l.expiring_consents;
    none.quiet_families += l.quiet_families;
  }
  if (none.open_families > 0) out.push_back(none);
  return out;
}

// ---- the leader's review of emergency access ------------------------------------------------

namespace {

constexpr const char* kGrantColumns =
    "e.id, e.family_id, f.reference, e.user_id, COALESCE(u.display_name, ''), COALESCE(u.service, ''), e.reason, "
    "e.granted_at, e.expires_at, e.reviewed_at, COALESCE(r.display_name, ''), e.review_note FROM emergency_access e "
    "JOIN families f ON f.id = e.family_id LEFT JOIN users u ON u.id = e.user_id "
    "LEFT JOIN users r ON r.id = e.reviewed_by";

Result<std::vector<EmergencyGrant>> grants_from(Conn& c, const store::Rows& rows) {
  std::vector<EmergencyGrant> out;
  for (const auto& r : rows) {
    EmergencyGrant g{r.text(0),    r.text(1),    r.text(2),        r.text(3),  r.text(4), r.text(5), r.text(6),
                     r.integer(7), r.integer(8), r.opt_integer(9), r.text(10), r.text(11), 0};
    // audit_entity: the family's records, narrowed to this user's emergency looks in the grant's time.
    auto n = c.query_one(
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'family' AND entity_id = $1 AND actor_id = $2 "
        "AND action = 'family.view_emergency' AND at >= $3 AND at <= $4",
        {g.family_id, g.user_id, g.granted_at, g.expires_at});
    if (!n) return pass(n);
    g.looks = *n ? (*n)->integer(0) : 0;
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

Result<std::vector<EmergencyGrant>> unreviewed_emergency_grants(Conn& c, const std::string& municipality_id) {
  auto rows = c.query(std::string("SELECT ") + kGrantColumns +
                          " WHERE e.municipality_id = $1 AND e.reviewed_at IS NULL ORDER BY e.granted_at, e.id",
                      {municipality_id});
  if (!rows) return pass(rows);
  return grants_from(c, *rows);
}

Result<std::vector<EmergencyGrant>> reviewed_emergency_grants(Conn& c, const std::string& municipality_id, int limit) {
  auto rows = c.query(std::string("SELECT ") + kGrantColumns +
                          " WHERE e.municipality_id = $1 AND e.reviewed_at IS NOT NULL "
                          "ORDER BY e.reviewed_at DESC, e.id LIMIT $2",
                      {municipality_id, static_cast<std::int64_t>(limit)});
  if (!rows) return pass(rows);
  return grants_from(c, *rows);
}

Result<std::string> review_emergency_grant(Conn& c, const std::string& municipality_id, const std::string& grant_id,
                                           const std::string& reviewer_id, const std::string& note, UnixSeconds now) {
  auto g = c.query_one(
      "SELECT family_id, user_id FROM emergency_access WHERE id = $1 AND municipality_id = $2 AND reviewed_at IS NULL",
      {grant_id, municipality_id});
  if (!g) return pass(g);
  if (!*g) return not_found(N_("This use of emergency access does not exist or has already been reviewed."));
  if ((*g)->text(1) == reviewer_id)
    return fail(ErrorKind::forbidden, N_("You cannot review your own use of emergency access. Another leader must do it."));
  auto n = c.exec("UPDATE emergency_access SET reviewed_by = $1, reviewed_at = $2, review_note = $3 WHERE id = $4",
                  {reviewer_id, now, note, grant_id});
  if (!n) return pass(n);
  return (*g)->text(0);
}

}  // namespace kp::families
