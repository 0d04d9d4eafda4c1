// The reads behind the export of a person and the family's access log. Each query goes
// through the family's own index (goals_family, measures_family, …, audit_entity), so an
// export costs what the family holds, not what the municipality holds.
#include <cstdint>
#include <map>
#include <set>

#include "families/export.hpp"
#include "families/store.hpp"

namespace kp::families {
namespace {

using store::Conn;
using store::Row;

// The route pattern in a read record's details ({"page":"/staff/…","grounds":…}); the details
// are written by guard.cpp and log_list_view, whose patterns hold no quotes.
std::string page_of(const std::string& details) {
  static constexpr std::string_view key = "\"page\":\"";
  const auto at = details.find(key);
  if (at == std::string::npos) return {};
  const auto start = at + key.size();
  const auto end = details.find('"', start);
  return end == std::string::npos ? std::string() : details.substr(start, end - start);
}

// Emergency looks carry no reason of their own: it was given once, for the grant. Fills it in
// from the grant the look was made under, so the family reads why.
Status add_grant_reasons(Conn& c, const std::string& family_id, std::vector<AccessRecord>& records) {
  std::set<std::string> actors;
  for (const auto& r : records)
    if (r.action == "family.view_emergency" && r.reason.empty()) actors.insert(r.actor_id);
  for (const auto& actor : actors) {
    // emergency_access_user: (user_id, family_id, …)
    auto grants = c.query(
        "SELECT reason, granted_at, expires_at FROM emergency_access WHERE user_id = $1 AND family_id = $2",
        {actor, family_id});
    if (!grants) return pass(grants);
    for (auto& r : records) {
      if (r.actor_id != actor || r.action != "family.view_emergency" || !r.reason.empty()) continue;
      for (const auto& g : *grants)
        if (g.integer(1) <= r.at && r.at <= g.integer(2)) r.reason = g.text(0);
    }
  }
  return {};
}

std::optional<std::int64_t> opt_int(const Row& r, size_t i) { return r.opt_integer(i); }

}  // namespace

Result<std::vector<AccessRecord>> access_log(Conn& c, const std::string& municipality_id, const std::string& family_id,
                                             std::int64_t before_seq, int limit) {
  auto rows = c.query(
      "SELECT a.seq, a.at, a.actor_id, COALESCE(u.display_name, ''), COALESCE(u.service, ''), a.action, a.reason, "
      "a.details FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id "
      "WHERE a.entity = 'family' AND a.entity_id = $1 AND a.municipality_id = $2 AND a.seq < $3 "
      "ORDER BY a.seq DESC LIMIT $4",
      {family_id, municipality_id, before_seq > 0 ? before_seq : INT64_MAX, static_cast<std::int64_t>(limit)});
  if (!rows) return pass(rows);
  std::vector<AccessRecord> out;
  out.reserve(rows->size());
  for (const auto& r : *rows)
    out.push_back({r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), page_of(r.text(7))});
  KP_TRY(add_grant_reasons(c, family_id, out));
  return out;
}

Result<std::optional<PersonExport>> load_person_export(Conn& c, const std::string& family_id,
                                                       const std::string& person_id, UnixSeconds now) {
  auto fam = get_family(c, family_id);
  if (!fam) return pass(fam);
  if (!*fam) return std::optional<PersonExport>();
  auto person = get_person(c, person_id);
  if (!person) return pass(person);
  if (!*person || (*person)->family_id != family_id) return std::optional<PersonExport>();

  PersonExport e;
  e.generated_at = now;
  e.person = std::move(**person);
  e.family = std::move(**fam);
  for (const auto& m : e.family.members)
    if (m.id != e.person.id) e.household.push_back({m.id, m.full_name(), m.role, m.birth_date});
  e.family.members.clear();
  const std::string& mun = e.family.municipality_id;

  auto t = team(c, family_id);
  if (!t) return pass(t);
  e.team = std::move(*t);
  auto k = consents(c, family_id);
  if (!k) return pass(k);
  for (auto& consent : *k)
    if (!consent.subject_person_id || *consent.subject_person_id == e.person.id) e.consents.push_back(std::move(consent));
  auto bti = bti_history(c, family_id);
  if (!bti) return pass(bti);
  e.bti_history = std::move(*bti);

  auto income = c.query(
      "SELECT year, income_after_tax, adults, children FROM family_income WHERE family_id = $1 ORDER BY year",
      {family_id});
  if (!income) return pass(income);
  for (const auto& r : *income) e.income.push_back({r.integer(0), r.integer(1), r.integer(2), r.integer(3)});

  auto goals = c.query(
      "SELECT id, area, own_area, text, status, created_at, updated_at FROM goals WHERE family_id = $1 "
      "ORDER BY position, created_at, id",
      {family_id});
  if (!goals) return pass(goals);
  for (const auto& r : *goals)
    e.goals.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.integer(5), r.integer(6)});

  auto measures = c.query(
      "SELECT m.id, m.goal_id, m.text, m.responsible, COALESCE(u.display_name, ''), m.deadline, m.status, "
      "COALESCE(m.offer_id, ''), m.referral_state, m.referral_reason, m.referral_changed_at, m.created_at, "
      "m.updated_at FROM measures m LEFT JOIN users u ON u.id = m.responsible_user_id WHERE m.family_id = $1 "
      "ORDER BY m.created_at, m.id",
      {family_id});
  if (!measures) return pass(measures);
  for (const auto& r : *measures)
    e.measures.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7),
                          r.text(8), r.text(9), r.opt_integer(10), r.integer(11), r.integer(12)});

  auto meetings = c.query(
      "SELECT id, held_on, starts_at, participants, agenda, minutes, decisions, reflections, family_present, "
      "created_at, updated_at FROM meetings WHERE family_id = $1 ORDER BY held_on, starts_at, id",
      {family_id});
  if (!meetings) return pass(meetings);
  for (const auto& r : *meetings)
    e.meetings.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7),
                          r.integer(8) != 0, r.integer(9), r.integer(10)});

  auto log = c.query(
      "SELECT l.id, l.happened_on, l.kind, l.text, COALESCE(u.display_name, ''), l.author_service, l.created_at "
      "FROM family_log l LEFT JOIN users u ON u.id = l.author_id WHERE l.family_id = $1 "
      "ORDER BY l.happened_on, l.created_at, l.id",
      {family_id});
  if (!log) return pass(log);
  for (const auto& r : *log)
    e.log.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.integer(6)});

  auto scores = c.query(
      "SELECT goal_id, assessed_on, family_score, coordinator_score, recorded_at FROM progress_scores "
      "WHERE family_id = $1 ORDER BY assessed_on, goal_id",
      {family_id});
  if (!scores) return pass(scores);
  for (const auto& r : *scores) e.scores.push_back({r.text(0), r.text(1), r.integer(2), opt_int(r, 3), r.integer(4)});

  auto indicators = c.query(
      "SELECT measured_on, moves_since_start, parents_in_work_or_activity, school_attendance_percent, recorded_at "
      "FROM progress_indicators WHERE family_id = $1 ORDER BY measured_on",
      {family_id});
  if (!indicators) return pass(indicators);
  for (const auto& r : *indicators)
    e.indicators.push_back({r.text(0), opt_int(r, 1), opt_int(r, 2), opt_int(r, 3), r.integer(4)});

  // referrals_status: (municipality_id, …) narrows to the municipality's referrals.
  auto referrals = c.query(
      "SELECT id, kind, status, from_service, contact_name, child_name, child_birth_date, phone, email, language, "
      "description, decision_reason, interpreter, decided_at, created_at FROM referrals "
      "WHERE municipality_id = $1 AND family_id = $2 ORDER BY created_at, id",
      {mun, family_id});
  if (!referrals) return pass(referrals);
  for (const auto& r : *referrals)
    e.referrals.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7),
                           r.text(8), r.text(9), r.text(10), r.text(11), r.integer(12) != 0, r.opt_integer(13),
                           r.integer(14)});

  // Attachments hang off the family's consents (attachments_owner); the contents stay out.
  for (const auto& consent : e.consents) {
    auto files = c.query(
        "SELECT owner_kind, filename, content_type, size, uploaded_at FROM attachments "
        "WHERE owner_kind = 'consent' AND owner_id = $1 AND family_id = $2 ORDER BY uploaded_at",
        {consent.id, family_id});
    if (!files) return pass(files);
    for (const auto& r : *files) e.attachments.push_back({r.text(0), r.text(1), r.text(2), r.integer(3), r.integer(4)});
  }

  auto access = access_log(c, mun, family_id, 0, 100000);
  if (!access) return pass(access);
  e.access = std::move(*access);
  return std::optional<PersonExport>(std::move(e));
}

}  // namespace kp::families
