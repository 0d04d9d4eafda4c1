#include "activities/enrolment_store.hpp"

#include "core/text.hpp"

namespace kp::activities {
namespace {

using store::Row;
using store::Value;

constexpr const char* kActivitySelect =
    "SELECT id, municipality_id, offer_id, title, description, bring, place, starts_on, ends_on, capacity, "
    "reserved_places, age_min, age_max, price_ore, signup_opens, signup_closes, allocation, status, version, "
    "created_at, updated_at FROM activities ";


constexpr const char* kParticipantSelect =
    "SELECT id, municipality_id, activity_id, signup_id, name, birth_year, needs, status, queue_no, "
    "offer_expires_at, created_at, updated_at FROM participants ";

Participant participant_from_row(const Row& r) {
  Participant p;
  p.id = r.text(0);
  p.municipality_id = r.text(1);
  p.activity_id = r.text(2);
  p.signup_id = r.text(3);
  p.name = r.text(4);
  p.birth_year = r.integer(5);
  p.needs = r.text(6);
  p.status = participant_status_from_string(r.text(7)).value_or(ParticipantStatus::cancelled);
  p.queue_no = r.integer(8);
  p.offer_expires_at = r.opt_integer(9);
  p.created_at = r.integer(10);
  p.updated_at = r.integer(11);
  return p;
}

constexpr const char* kSignupSelect =
    "SELECT id, municipality_id, activity_id, guardian_name, phone, email, language, source, created_at "
    "FROM signups ";

Signup signup_from_row(const Row& r) {
  Signup s;
  s.id = r.text(0);
  s.municipality_id = r.text(1);
  s.activity_id = r.text(2);
  s.guardian_name = r.text(3);
  s.phone = r.text(4);
  s.email = r.text(5);
  s.language = r.text(6);
  s.source = r.text(7);
  s.created_at = r.integer(8);
  return s;
}

template <class T, class F>
Result<std::vector<T>> rows_to(Result<store::Rows> rows, F from) {
  if (!rows) return pass(rows);
  std::vector<T> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) out.push_back(from(r));
  return out;
}

template <class T, class F>
Result<std::optional<T>> one_to(Result<std::optional<Row>> row, F from) {
  if (!row) return pass(row);
  if (!*row) return std::optional<T>{};
  return std::optional<T>(from(**row));
}

Value opt_int(std::optional<std::int64_t> v) { return store::nullable(v); }

// Adds one grouped count row (status, count, reserved count) to `pc`.
void add_count(PlaceCounts& pc, std::string_view status, std::int64_t n, std::int64_t reserved) {
  const auto s = participant_status_from_string(status);
  if (!s) return;
  if (holds_place(*s)) {
    pc.reserved_taken += reserved;
    pc.public_taken += n - reserved;
  } else if (*s == ParticipantStatus::waiting) {
    pc.waiting += n;
  } else if (*s == ParticipantStatus::applied) {
    pc.applied += n;
  }
}

}  // namespace

Activity activity_from_row(const store::Row& r) {
  Activity a;
  a.id = r.text(0);
  a.municipality_id = r.text(1);
  a.offer_id = r.text(2);
  a.title = r.text(3);
  a.description = r.text(4);
  a.bring = r.text(5);
  a.place = r.text(6);
  a.starts_on = r.text(7);
  a.ends_on = r.text(8);
  a.capacity = r.integer(9);
  a.reserved_places = r.integer(10);
  a.age_min = r.opt_integer(11);
  a.age_max = r.opt_integer(12);
  a.price_ore = r.integer(13);
  a.signup_opens = r.integer(14);
  a.signup_closes = r.integer(15);
  a.allocation = allocation_from_string(r.text(16)).value_or(Allocation::first_come);
  a.status = activity_status_from_string(r.text(17)).value_or(ActivityStatus::draft);
  a.version = r.integer(18);
  a.created_at = r.integer(19);
  a.updated_at = r.integer(20);
  return a;
}

Status insert_activity(store::Conn& c, const Activity& a) {
  auto r = c.exec(
      "INSERT INTO activities (id, municipality_id, offer_id, title, title_sort, description, bring, place, "
      "starts_on, ends_on, capacity, reserved_places, age_min, age_max, price_ore, signup_opens, signup_closes, "
      "allocation, status, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
      "$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)",
      {a.id, a.municipality_id, a.offer_id, a.title, text::nb_sort_key(a.title), a.description, a.bring, a.place,
       a.starts_on, a.ends_on, a.capacity, a.reserved_places, opt_int(a.age_min), opt_int(a.age_max), a.price_ore,
       a.signup_opens, a.signup_closes, std::string(to_string(a.allocation)), std::string(to_string(a.status)),
       a.version, a.created_at, a.updated_at});
  if (!r) return pass(r);
  return {};
}

Status insert_session(store::Conn& c, const Session& s) {
  auto r = c.exec(
      "INSERT INTO activity_sessions (id, municipality_id, activity_id, starts_at, ends_at, note) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {s.id, s.municipality_id, s.activity_id, s.starts_at, s.ends_at, s.note});
  if (!r) return pass(r);
  return {};
}

Result<std::optional<Activity>> get_activity(store::Conn& c, const std::string& municipality_id,
                                             const std::string& id) {
  static const std::string sql = std::string(kActivitySelect) + "WHERE id = $1 AND municipality_id = $2";
  return one_to<Activity>(c.query_one(sql, {id, municipality_id}), activity_from_row);
}

Result<std::vector<Activity>> list_public_activities(store::Conn& c, const std::string& municipality_id,
                                                     const std::string& today) {
  static const std::string sql = std::string(kActivitySelect) +
                                 "WHERE municipality_id = $1 AND status = 'published' AND ends_on >= $2 "
                                 "ORDER BY starts_on, title_sort, id";
  return rows_to<Activity>(c.query(sql, {municipality_id, today}), activity_from_row);
}

Result<std::vector<Session>> list_sessions(store::Conn& c, const std::string& municipality_id,
                                           const std::string& activity_id) {
  return rows_to<Session>(c.query("SELECT id, municipality_id, activity_id, starts_at, ends_at, note "
                                  "FROM activity_sessions WHERE activity_id = $1 AND municipality_id = $2 "
                                  "ORDER BY starts_at, id",
                                  {activity_id, municipality_id}),
                          [](const Row& r) {
                            return Session{r.text(0), r.text(1), r.text(2), r.integer(3), r.integer(4), r.text(5)};
                          });
}

Status lock_activity(store::Conn& c, const std::string& municipality_id, const std::string& activity_id) {
  auto n = c.exec("UPDATE activities SET updated_at = updated_at WHERE id = $1 AND municipality_id = $2",
                  {activity_id, municipality_id});
  if (!n) return pass(n);
  return {};
}

// Counts come from two small queries instead of one join, so that the big one is an index-only
// scan of participants_status (no table rows read however long the waiting list is); the
// reserved ones are few.
Result<PlaceCounts> place_counts(store::Conn& c, const std::string& municipality_id, const Activity& a) {
  auto rows = c.query(
      "SELECT status, COUNT(*) FROM participants WHERE municipality_id = $1 AND activity_id = $2 GROUP BY status",
      {municipality_id, a.id});
  if (!rows) return pass(rows);
  auto reserved = c.query(
      "SELECT p.status, COUNT(*) FROM activity_referrals r JOIN participants p ON p.id = r.participant_id "
      "WHERE r.municipality_id = $1 AND r.activity_id = $2 AND r.place_kind = 'reserved' GROUP BY p.status",
      {municipality_id, a.id});
  if (!reserved) return pass(reserved);
  std::map<std::string, std::int64_t> held_reserved;
  for (const Row& r : *reserved) held_reserved[r.text(0)] = r.integer(1);
  PlaceCounts pc;
  pc.capacity = a.capacity;
  pc.reserved_places = a.reserved_places;
  for (const Row& r : *rows) add_count(pc, r.text(0), r.integer(1), held_reserved[r.text(0)]);
  return pc;
}

Result<PlaceCounts> place_counts_quick(store::Conn& c, const std::string& municipality_id, const Activity& a) {
  auto rows = c.query(
      "SELECT status, COUNT(*) FROM participants WHERE municipality_id = $1 AND activity_id = $2 "
      "AND status IN ('confirmed', 'offered') GROUP BY status",
      {municipality_id, a.id});
  if (!rows) return pass(rows);
  auto queued = c.query(
      "SELECT status FROM participants WHERE municipality_id = $1 AND activity_id = $2 "
      "AND status IN ('waiting', 'applied') LIMIT 1",
      {municipality_id, a.id});
  if (!queued) return pass(queued);
  // Without reserved places nobody can hold one (a holder left after the reserved places were
  // reduced to 0 then counts as public: fewer public places, never more).
  std::map<std::string, std::int64_t> held_reserved;
  if (a.reserved_places > 0) {
    auto reserved = c.query(
        "SELECT p.status, COUNT(*) FROM activity_referrals r JOIN participants p ON p.id = r.participant_id "
        "WHERE r.municipality_id = $1 AND r.activity_id = $2 AND r.place_kind = 'reserved' GROUP BY p.status",
        {municipality_id, a.id});
    if (!reserved) return pass(reserved);
    for (const Row& r : *reserved) held_reserved[r.text(0)] = r.integer(1);
  }
  PlaceCounts pc;
  pc.capacity = a.capacity;
  pc.reserved_places = a.reserved_places;
  for (const Row& r : *rows) add_count(pc, r.text(0), r.integer(1), held_reserved[r.text(0)]);
  if (!queued->empty()) ((*queued)[0].text(0) == "applied" ? pc.applied : pc.waiting) = 1;
  return pc;
}

Result<std::optional<EnrolState>> enrol_state(store::Conn& c, const std::string& municipality_id,
                                              const std::string& activity_id) {
  static const std::string sql =
      "SELECT id, municipality_id, offer_id, title, description, bring, place, starts_on, ends_on, capacity, "
      "reserved_places, age_min, age_max, price_ore, signup_opens, signup_closes, allocation, status, version, "
      "created_at, updated_at, "
      "(SELECT COUNT(*) FROM participants WHERE municipality_id = $2 AND activity_id = $1 "
      "AND status IN ('confirmed', 'offered')), "
      "(SELECT COUNT(*) FROM (SELECT 1 FROM participants WHERE municipality_id = $2 AND activity_id = $1 "
      "AND status IN ('waiting', 'applied') LIMIT 1) q), "
      "(SELECT COALESCE(MAX(queue_no), 0) FROM participants WHERE activity_id = $1 AND municipality_id = $2) "
      "FROM activities WHERE id = $1 AND municipality_id = $2";
  auto row = c.query_one(sql, {activity_id, municipality_id});
  if (!row) return pass(row);
  if (!*row) return std::optional<EnrolState>{};
  EnrolState st;
  st.activity = activity_from_row(**row);
  const std::int64_t holders = (*row)->integer(21);
  st.counts.capacity = st.activity.capacity;
  st.counts.reserved_places = st.activity.reserved_places;
  st.counts.waiting = (*row)->integer(22) > 0 ? 1 : 0;
  st.max_queue_no = (*row)->integer(23);
  std::int64_t reserved = 0;
  if (st.activity.reserved_places > 0) {
    auto r = c.query_one(
        "SELECT COUNT(*) FROM activity_referrals r JOIN participants p ON p.id = r.participant_id "
        "WHERE r.municipality_id = $1 AND r.activity_id = $2 AND r.place_kind = 'reserved' "
        "AND p.status IN ('confirmed', 'offered')",
        {municipality_id, activity_id});
    if (!r) return pass(r);
    reserved = *r ? (**r).integer(0) : 0;
  }
  st.counts.reserved_taken = reserved;
  st.counts.public_taken = holders - reserved;
  return std::optional<EnrolState>(std::move(st));
}

Result<std::map<std::string, PlaceCounts>> place_counts_all(store::Conn& c, const std::string& municipality_id) {
  auto rows = c.query(
      "SELECT activity_id, status, COUNT(*) FROM participants WHERE municipality_id = $1 "
      "GROUP BY activity_id, status",
      {municipality_id});
  if (!rows) return pass(rows);
  auto reserved = c.query(
      "SELECT r.activity_id, p.status, COUNT(*) FROM activity_referrals r JOIN participants p "
      "ON p.id = r.participant_id WHERE r.municipality_id = $1 AND r.place_kind = 'reserved' "
      "GROUP BY r.activity_id, p.status",
      {municipality_id});
  if (!reserved) return pass(reserved);
  std::map<std::pair<std::string, std::string>, std::int64_t> held_reserved;
  for (const Row& r : *reserved) held_reserved[{r.text(0), r.text(1)}] = r.integer(2);
  std::map<std::string, PlaceCounts> out;
  for (const Row& r : *rows)
    add_count(out[r.text(0)], r.text(1), r.integer(2), held_reserved[{r.text(0), r.text(1)}]);
  return out;
}

Result<std::int64_t> max_queue_no(store::Conn& c, const std::string& municipality_id,
                                  const std::string& activity_id) {
  auto row = c.query_one(
      "SELECT COALESCE(MAX(queue_no), 0) FROM participants WHERE activity_id = $1 AND municipality_id = $2",
      {activity_id, municipality_id});
  if (!row) return pass(row);
  return *row ? (*row)->integer(0) : 0;
}

Status insert_signup(store::Conn& c, const Signup& s, const std::string& cancel_token_hash) {
  auto r = c.exec(
      "INSERT INTO signups (id, municipality_id, activity_id, guardian_name, phone, email, language, "
      "cancel_token_hash, source, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {s.id, s.municipality_id, s.activity_id, s.guardian_name, s.phone, s.email, s.language, cancel_token_hash,
       s.source, s.created_at});
  if (!r) return pass(r);
  return {};
}

Status insert_participant(store::Conn& c, const Participant& p) {
  auto r = c.exec(
      "INSERT INTO participants (id, municipality_id, activity_id, signup_id, name, name_sort, birth_year, needs, "
      "status, queue_no, offer_token_hash, offer_expires_at, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL, $11, $12)",
      {p.id, p.municipality_id, p.activity_id, p.signup_id, p.name, text::nb_sort_key(p.name), p.birth_year,
       p.needs, std::string(to_string(p.status)), p.queue_no, p.created_at, p.updated_at});
  if (!r) return pass(r);
  return {};
}

Result<std::optional<Signup>> signup_by_cancel_hash(store::Conn& c, const std::string& token_hash) {
  static const std::string sql = std::string(kSignupSelect) + "WHERE cancel_token_hash = $1";
  return one_to<Signup>(c.query_one(sql, {token_hash}), signup_from_row);
}

Result<std::optional<Signup>> get_signup(store::Conn& c, const std::string& municipality_id, const std::string& id) {
  static const std::string sql = std::string(kSignupSelect) + "WHERE id = $1 AND municipality_id = $2";
  return one_to<Signup>(c.query_one(sql, {id, municipality_id}), signup_from_row);
}

Result<std::vector<Participant>> participants_of_signup(store::Conn& c, const std::string& municipality_id,
                                                        const std::string& signup_id) {
  static const std::string sql =
      std::string(kParticipantSelect) + "WHERE signup_id = $1 AND municipality_id = $2 ORDER BY created_at, queue_no";
  return rows_to<Participant>(c.query(sql, {signup_id, municipality_id}), participant_from_row);
}

Result<std::optional<Participant>> get_participant(store::Conn& c, const std::string& municipality_id,
                                                   const std::string& id) {
  static const std::string sql = std::string(kParticipantSelect) + "WHERE id = $1 AND municipality_id = $2";
  return one_to<Participant>(c.query_one(sql, {id, municipality_id}), participant_from_row);
}

Result<std::optional<Participant>> participant_by_offer_hash(store::Conn& c, const std::string& token_hash) {
  static const std::string sql = std::string(kParticipantSelect) + "WHERE offer_token_hash = $1";
  return one_to<Participant>(c.query_one(sql, {token_hash}), participant_from_row);
}

Result<std::vector<Participant>> participants_of_activity(store::Conn& c, const std::string& municipality_id,
                                                          const std::string& activity_id) {
  static const std::string sql =
      std::string(kParticipantSelect) + "WHERE activity_id = $1 AND municipality_id = $2 ORDER BY queue_no";
  return rows_to<Participant>(c.query(sql, {activity_id, municipality_id}), participant_from_row);
}

Result<std::vector<Participant>> participants_with_status(store::Conn& c, const std::string& municipality_id,
                                                          const std::string& activity_id, ParticipantStatus status) {
  static const std::string sql = std::string(kParticipantSelect) +
                                 "WHERE activity_id = $1 AND municipality_id = $2 AND status = $3 ORDER BY queue_no";
  return rows_to<Participant>(c.query(sql, {activity_id, municipality_id, std::string(to_string(status))}),
                              participant_from_row);
}

Status change_status(store::Conn& c, const std::string& municipality_id, const std::string& participant_id,
                     ParticipantStatus from, ParticipantStatus to, const std::optional<std::string>& offer_token_hash,
                     std::optional<UnixSeconds> offer_expires_at, UnixSeconds now) {
  auto n = c.exec(
      "UPDATE participants SET status = $1, offer_token_hash = $2, offer_expires_at = $3, updated_at = $4 "
      "WHERE id = $5 AND municipality_id = $6 AND status = $7",
      {std::string(to_string(to)), store::nullable(offer_token_hash), opt_int(offer_expires_at), now, participant_id,
       municipality_id, std::string(to_string(from))});
  if (!n) return pass(n);
  if (*n == 0) return fail(ErrorKind::conflict, N_("This place has already been changed. Look at it again."));
  return {};
}

Status set_status_and_queue(store::Conn& c, const std::string& municipality_id, const std::string& participant_id,
                            ParticipantStatus to, std::int64_t queue_no, UnixSeconds now) {
  auto n = c.exec(
      "UPDATE participants SET status = $1, queue_no = $2, updated_at = $3 WHERE id = $4 AND municipality_id = $5",
      {std::string(to_string(to)), queue_no, now, participant_id, municipality_id});
  if (!n) return pass(n);
  return {};
}

Status insert_activity_referral(store::Conn& c, const std::string& municipality_id, const std::string& activity_id,
                                const std::string& participant_id, const std::optional<std::string>& family_id,
                                const std::string& booked_by, const std::string& place_kind, UnixSeconds now) {
  auto r = c.exec(
      "INSERT INTO activity_referrals (participant_id, municipality_id, activity_id, family_id, booked_by, "
      "place_kind, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {participant_id, municipality_id, activity_id, store::nullable(family_id), booked_by, place_kind, now});
  if (!r) return pass(r);
  return {};
}

Result<std::optional<std::string>> referral_kind(store::Conn& c, const std::string& municipality_id,
                                                 const std::string& participant_id) {
  auto row = c.query_one(
      "SELECT place_kind FROM activity_referrals WHERE participant_id = $1 AND municipality_id = $2",
      {participant_id, municipality_id});
  if (!row) return pass(row);
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>((*row)->text(0));
}

Result<std::set<std::string>> referred_participants(store::Conn& c, const std::string& municipality_id,
                                                    const std::string& activity_id) {
  auto rows = c.query("SELECT participant_id FROM activity_referrals WHERE activity_id = $1 AND municipality_id = $2",
                      {activity_id, municipality_id});
  if (!rows) return pass(rows);
  std::set<std::string> out;
  for (const Row& r : *rows) out.insert(r.text(0));
  return out;
}

Result<std::vector<std::string>> municipality_ids(store::Conn& c) {
  return rows_to<std::string>(c.query("SELECT id FROM municipalities ORDER BY id"),
                              [](const Row& r) { return r.text(0); });
}

Result<std::vector<std::string>> activities_with_queue(store::Conn& c, const std::string& municipality_id) {
  return rows_to<std::string>(
      c.query("SELECT DISTINCT activity_id FROM participants WHERE municipality_id = $1 "
              "AND status IN ('waiting', 'offered') ORDER BY activity_id",
              {municipality_id}),
      [](const Row& r) { return r.text(0); });
}

Result<std::int64_t> close_started_activities(store::Conn& c, const std::string& municipality_id,
                                              const std::string& today, UnixSeconds now) {
  return c.exec(
      "UPDATE participants SET status = 'not_placed', offer_token_hash = NULL, offer_expires_at = NULL, "
      "updated_at = $1 WHERE municipality_id = $2 AND status IN ('applied', 'waiting', 'offered') "
      "AND activity_id IN (SELECT id FROM activities WHERE municipality_id = $2 AND starts_on < $3)",
      {now, municipality_id, today});
}

Result<std::vector<Signup>> signups_to_remind(store::Conn& c, const std::string& municipality_id,
                                              const std::string& day) {
  return rows_to<Signup>(
      c.query("SELECT s.id, s.municipality_id, s.activity_id, s.guardian_name, s.phone, s.email, s.language, "
              "s.source, s.created_at FROM signups s JOIN activities a ON a.id = s.activity_id "
              "WHERE s.municipality_id = $1 AND a.municipality_id = $1 AND a.starts_on = $2 "
              "AND a.status = 'published' AND s.reminded_at IS NULL AND EXISTS (SELECT 1 FROM participants p "
              "WHERE p.signup_id = s.id AND p.status = 'confirmed') ORDER BY s.created_at, s.id",
              {municipality_id, day}),
      signup_from_row);
}

Status mark_reminded(store::Conn& c, const std::string& municipality_id, const std::string& signup_id,
                     UnixSeconds now) {
  auto r = c.exec("UPDATE signups SET reminded_at = $1 WHERE id = $2 AND municipality_id = $3",
                  {now, signup_id, municipality_id});
  if (!r) return pass(r);
  return {};
}

Result<std::vector<EarlierMiss>> earlier_misses(store::Conn& c, const std::string& municipality_id,
                                                const std::string& offer_id, const std::string& before) {
  return rows_to<EarlierMiss>(
      c.query("SELECT p.name, s.phone, s.email, p.birth_year FROM participants p "
              "JOIN signups s ON s.id = p.signup_id JOIN activities a ON a.id = p.activity_id "
              "WHERE p.municipality_id = $1 AND a.municipality_id = $1 AND a.offer_id = $2 AND a.starts_on < $3 "
              "AND a.allocation = 'lottery' AND p.status IN ('not_placed', 'waiting')",
              {municipality_id, offer_id, before}),
      [](const Row& r) { return EarlierMiss{r.text(0), r.text(1), r.text(2), r.integer(3)}; });
}

Result<bool> has_lottery_run(store::Conn& c, const std::string& municipality_id, const std::string& activity_id) {
  auto row = c.query_one("SELECT COUNT(*) FROM lottery_runs WHERE activity_id = $1 AND municipality_id = $2",
                         {activity_id, municipality_id});
  if (!row) return pass(row);
  return *row && (*row)->integer(0) > 0;
}

Status insert_lottery_run(store::Conn& c, const LotteryRun& r) {
  auto n = c.exec(
      "INSERT INTO lottery_runs (id, municipality_id, activity_id, seed, run_at, run_by, explanation) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {r.id, r.municipality_id, r.activity_id, r.seed, r.run_at, r.run_by, r.explanation});
  if (!n) return pass(n);
  return {};
}

Result<std::vector<LotteryRun>> lottery_runs(store::Conn& c, const std::string& municipality_id,
                                             const std::string& activity_id) {
  return rows_to<LotteryRun>(
      c.query("SELECT id, municipality_id, activity_id, seed, run_at, run_by, explanation FROM lottery_runs "
              "WHERE activity_id = $1 AND municipality_id = $2 ORDER BY run_at, id",
              {activity_id, municipality_id}),
      [](const Row& r) {
        return LotteryRun{r.text(0), r.text(1), r.text(2), r.text(3), r.integer(4), r.text(5), r.text(6)};
      });
}

}  // namespace kp::activities
