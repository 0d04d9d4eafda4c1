#include "activities/demo.hpp"

#include <fmt/format.h>

#include <array>
#include <set>

#include "activities/activity_store.hpp"
#include "activities/enrolment_store.hpp"
#include "activities/rules.hpp"
#include "auth/accounts.hpp"
#include "catalog/demo.hpp"
#include "catalog/store.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "families/demo.hpp"
#include "families/store.hpp"

namespace kp::activities {
namespace {

constexpr const char* kMun = catalog::kDemoMunicipalityId;

// Invented names, put together by index: nobody real.
constexpr std::array kChildNames = {"Emma",  "Noah",   "Sara",  "Amir",  "Ingrid", "Jonas", "Leah",   "Yusuf",
                                    "Nora",  "Elias",  "Hanna", "Ali",   "Maja",   "Oskar", "Fatima", "Filip",
                                    "Ella",  "Mikkel", "Aisha", "Tobias", "Sofie", "Omar",  "Live",   "Kasper"};
constexpr std::array kAdultNames = {"Kari",  "Ahmed", "Marte", "Piotr",  "Hodan", "Trond", "Olena", "Lise",
                                    "Samir", "Anne",  "Tesfay", "Mona",  "Geir",  "Amina", "Rune",  "Sigrid"};
constexpr std::array kFamilyNames = {"Berg",   "Haddad", "Nilsen", "Kowalski", "Warsame", "Lie",     "Kovalenko",
                                     "Dahl",   "Rahimi", "Solheim", "Tesfaye", "Aas",     "Hussein", "Strand",
                                     "Nguyen", "Moen",    "Ali",     "Lunde"};
constexpr std::array kNeeds = {"", "", "", "Nøtteallergi", "", "Trenger hjelp til å spise", "", "Glutenfri mat",
                               "", "", "Astma, har med medisin", "", "Bruker rullestol", "", "", "Laktosefri mat"};
constexpr std::array kLanguages = {"nb", "nb", "ar", "pl", "so", "nb", "uk", "nb", "ar", "nb", "ti", "nb", "so", "nb"};

std::string stable(std::string_view key) {
  return ids::uuid_from_name(catalog::kDemoIdNamespace, fmt::format("{}/activity/{}", kMun, key));
}

CivilDate day(int y, int m, int d) { return CivilDate{y, m, d}; }
CivilDate plus_days(CivilDate d, int n) { return civil_from_days(days_from_civil(d) + n); }
// The Monday of the week that holds `d`.
CivilDate monday_of(CivilDate d) { return plus_days(d, 1 - iso_weekday(d)); }

struct Plan {
  std::string key;
  std::vector<std::string> offer_keys;  // catalog offer keys to try, first that exists
  std::string title, description, bring, place;
  CivilDate starts, ends;
  int from_minute = 9 * 60, to_minute = 15 * 60;
  std::set<int> weekdays = {1, 2, 3, 4, 5};
  std::int64_t capacity = 15, reserved = 3, price_ore = 0;
  int age_min = 10, age_max = 13;
  UnixSeconds opens = 0, closes = 0;
  Allocation allocation = Allocation::first_come;
  // Who signs up, in order: public children (some siblings), then the waiting list follows
  // automatically when places run out (first come) or everyone applies (lottery).
  int public_children = 0;
  int reserved_bookings = 0;  // booked by "koordinator" for demo families
  int cancelled = 0;          // of the public children, the last ones cancelled again
  bool attendance = false;    // past activity: record attendance for every session
  int seed = 0;               // varies the names
};

struct Context {
  store::Database& db;
  const Clock& clock;
  std::string coordinator_id;
  std::vector<std::string> family_ids;  // demo families the coordinator follows, for reserved places
};

Result<std::optional<std::string>> find_offer(store::Conn& c, const std::vector<std::string>& keys) {
  for (const auto& k : keys) {
    const std::string id = ids::uuid_from_name(catalog::kDemoIdNamespace, fmt::format("{}/offer/{}", kMun, k));
    auto o = catalog::get_offer(c, id);
    if (!o) return pass(o);
    if (*o) return std::optional<std::string>{id};
  }
  return std::optional<std::string>{};
}

// Writes one activity with its sessions, sign-ups, referrals and attendance. Returns the number
// of participants added, or 0 when the activity exists already.
Result<int> write_activity(store::Conn& c, const Context& ctx, const Plan& plan) {
  const std::string id = stable(plan.key);
  auto existing = get_activity(c, kMun, id);
  if (!existing) return pass(existing);
  if (*existing) return 0;
  auto offer = find_offer(c, plan.offer_keys);
  if (!offer) return pass(offer);
  if (!*offer) return 0;  // the demo catalog changed: leave this one out
  const UnixSeconds now = ctx.clock.now();

  Activity a;
  a.id = id;
  a.municipality_id = kMun;
  a.offer_id = **offer;
  a.title = plan.title;
  a.description = plan.description;
  a.bring = plan.bring;
  a.place = plan.place;
  a.starts_on = format_iso_date(plan.starts);
  a.ends_on = format_iso_date(plan.ends);
  a.capacity = plan.capacity;
  a.reserved_places = plan.reserved;
  a.age_min = plan.age_min;
  a.age_max = plan.age_max;
  a.price_ore = plan.price_ore;
  a.signup_opens = plan.opens;
  a.signup_closes = plan.closes;
  a.allocation = plan.allocation;
  a.status = ActivityStatus::published;
  a.created_at = a.updated_at = std::min(now, plan.opens);
  KP_TRY(insert_activity(c, a));
  std::vector<Session> sessions;
  int n = 0;
  for (const auto& s : plan_sessions(plan.starts, plan.ends, plan.from_minute, plan.to_minute, plan.weekdays)) {
    Session se{stable(fmt::format("{}/session/{}", plan.key, n++)), kMun, id, s.starts_at, s.ends_at, ""};
    KP_TRY(insert_session(c, se));
    sessions.push_back(se);
  }

  // Public sign-ups: one or two children per guardian, in arrival order.
  std::int64_t queue = 0, public_taken = 0;
  const std::int64_t public_places = a.public_places();
  std::vector<Participant> placed;
  UnixSeconds at = plan.opens + 3600;
  int child = plan.seed * 5, signup_no = 0;
  for (int i = 0; i < plan.public_children; ++signup_no) {
    const int kids = (signup_no % 4 == 1 && i + 1 < plan.public_children) ? 2 : 1;  // every fourth: siblings
    const std::string family = kFamilyNames[(plan.seed * 3 + signup_no) % kFamilyNames.size()];
    Signup s;
    s.id = stable(fmt::format("{}/signup/{}", plan.key, signup_no));
    s.municipality_id = kMun;
    s.activity_id = id;
    s.guardian_name = fmt::format("{} {}", kAdultNames[(plan.seed + signup_no) % kAdultNames.size()], family);
    s.phone = fmt::format("400 {:02d} {:03d}", 50 + plan.seed, 100 + signup_no);
    if (signup_no % 3 != 2) s.email = fmt::format("foresatt.{}.{}@fjordvik-demo.example", plan.seed, signup_no);
    s.language = kLanguages[(plan.seed + signup_no) % kLanguages.size()];
    s.source = "public";
    s.created_at = std::min(at, now);
    KP_TRY(insert_signup(c, s, crypto::sha256_hex(crypto::random_token())));
    for (int k = 0; k < kids; ++k, ++i, ++child) {
      Participant p;
      p.id = stable(fmt::format("{}/participant/{}", plan.key, i));
      p.municipality_id = kMun;
      p.activity_id = id;
      p.signup_id = s.id;
      p.name = fmt::format("{} {}", kChildNames[child % kChildNames.size()], family);
      p.birth_year = plan.starts.year - plan.age_min - (child % (plan.age_max - plan.age_min + 1));
      p.needs = kNeeds[child % kNeeds.size()];
      if (i >= plan.public_children - plan.cancelled) p.status = ParticipantStatus::cancelled;
      else if (plan.allocation == Allocation::lottery) p.status = ParticipantStatus::applied;
      else if (public_taken < public_places) {
        p.status = ParticipantStatus::confirmed;
        ++public_taken;
      } else
        p.status = ParticipantStatus::waiting;
      p.queue_no = ++queue;
      p.created_at = p.updated_at = s.created_at;
      KP_TRY(insert_participant(c, p));
      if (p.status == ParticipantStatus::confirmed) placed.push_back(p);
    }
    at += 2 * 3600 + signup_no * 600;
  }

  // Quiet reserved places, booked by the coordinator for children of families they follow.
  int booked = 0;
  for (std::size_t i = 0; i < ctx.family_ids.size() && booked < plan.reserved_bookings && booked < plan.reserved; ++i) {
    const std::size_t f = i + static_cast<std::size_t>(plan.seed);
    const std::string& family_id = ctx.family_ids[f % ctx.family_ids.size()];
    auto fam = families::get_family(c, family_id);
    if (!fam) return pass(fam);
    if (!*fam || (*fam)->closed()) continue;
    const families::Person* kid = nullptr;
    const families::Person* adult = nullptr;
    for (const auto& m : (*fam)->members) {
      if (m.role == families::PersonRole::child && m.birth_date.size() >= 4 && !kid) {
        const int age = plan.starts.year - std::stoi(m.birth_date.substr(0, 4));
        if (age >= plan.age_min - 2 && age <= plan.age_max + 2) kid = &m;
      }
      if (m.role == families::PersonRole::guardian && !adult) adult = &m;
    }
    if (!kid || !adult) continue;
    Signup s;
    s.id = stable(fmt::format("{}/reserved-signup/{}", plan.key, booked));
    s.municipality_id = kMun;
    s.activity_id = id;
    s.guardian_name = adult->full_name();
    s.phone = adult->phone;
    s.email = adult->email;
    s.language = adult->language.empty() ? "nb" : adult->language;
    s.source = "staff";
    s.created_at = std::min(plan.opens + 86400, now);
    KP_TRY(insert_signup(c, s, crypto::sha256_hex(crypto::random_token())));
    Participant p;
    p.id = stable(fmt::format("{}/reserved/{}", plan.key, booked));
    p.municipality_id = kMun;
    p.activity_id = id;
    p.signup_id = s.id;
    p.name = kid->full_name();
    p.birth_year = std::stoll(kid->birth_date.substr(0, 4));
    p.status = ParticipantStatus::confirmed;
    p.queue_no = ++queue;
    p.created_at = p.updated_at = s.created_at;
    KP_TRY(insert_participant(c, p));
    KP_TRY(insert_activity_referral(c, kMun, id, p.id, family_id, ctx.coordinator_id, "reserved", s.created_at));
    placed.push_back(p);
    ++booked;
  }

  // Attendance of a finished activity: most come every day, one in seven never comes.
  if (plan.attendance) {
    int k = 0;
    for (const auto& se : sessions) {
      if (se.starts_at > now) break;
      std::vector<std::pair<std::string, bool>> marks;
      int j = 0;
      for (const auto& p : placed) {
        const bool no_show = j % 7 == 3;
        const bool away = !no_show && (j + k) % 5 == 0;
        marks.emplace_back(p.id, !no_show && !away);
        ++j;
      }
      KP_TRY(save_attendance(c, kMun, se.id, marks, ctx.coordinator_id, se.ends_at));
      ++k;
    }
  }
  return static_cast<int>(queue);
}

std::vector<Plan> plans(UnixSeconds now) {
  const CivilDate today = to_oslo(now).date;
  // The next summer whose sign-up is still ahead, and the last autumn holiday that is over.
  const int summer = today < day(today.year, 6, 1) ? today.year : today.year + 1;
  const int autumn = today > day(today.year, 10, 10) ? today.year : today.year - 1;
  const UnixSeconds open_since = from_oslo(LocalDateTime{plus_days(today, -10), 8, 0, 0});
  const auto end_of = [](CivilDate d) { return from_oslo(LocalDateTime{plus_days(d, 1), 0, 0, 0}); };
  const auto start_of = [](CivilDate d) { return from_oslo(LocalDateTime{d, 0, 0, 0}); };
  const std::string y = std::to_string(summer);
  const std::vector<std::string> week_offers = {"aktivitetsuke-10-13/sommer-" + y, "aktivitetsuke-10-13/sommer-2027",
                                                "aktivitetsuke-10-13/sommer-2026-uke26"};
  const std::string what =
      "En uke med turer og aktiviteter: klatring, bading, kino og matlaging. Mat hver dag. Ansatte fra Knutepunkt er "
      "med hele uka.";
  const std::string bring = "Klær etter været, badetøy og drikkeflaske. Lunsj får dere hos oss.";

  std::vector<Plan> out;
  const CivilDate w1 = monday_of(day(summer, 6, 24));
  for (int week = 0; week < 3; ++week) {
    Plan p;
    p.key = fmt::format("sommer-{}/uke-{}", summer, week + 1);
    p.offer_keys = week_offers;
    p.title = fmt::format("Aktivitetsuke {} – sommer {}", week + 1, summer);
    p.description = what;
    p.bring = bring;
    p.place = "Knutepunkt Fjordvik, Storgata 1";
    p.starts = week == 2 ? plus_days(w1, 7 * 6) : plus_days(w1, 7 * week);
    p.ends = plus_days(p.starts, 4);
    p.opens = open_since;
    p.closes = end_of(day(summer, 5, 31));
    p.seed = week + 1;
    if (week == 0) {
      p.public_children = 16;  // 12 public places: four on the waiting list
      p.reserved_bookings = 2;
    } else if (week == 1) {
      p.public_children = 7;
      p.reserved_bookings = 1;
    } else {
      // Week 3 is popular: places by lottery after a short application window.
      p.allocation = Allocation::lottery;
      p.closes = end_of(day(summer, 4, 30));
      p.public_children = 21;
      p.reserved = 2;
    }
    out.push_back(std::move(p));
  }

  const CivilDate autumn_week = monday_of(day(autumn, 10, 1));
  Plan week;
  week.key = fmt::format("host-{}/aktivitetsuke", autumn);
  week.offer_keys = {"aktivitetsuke-10-13/host-" + std::to_string(autumn), "aktivitetsuke-10-13/host-2026"};
  week.title = fmt::format("Aktivitetsuke i høstferien {}", autumn);
  week.description = what;
  week.bring = bring;
  week.place = "Knutepunkt Fjordvik, Storgata 1";
  week.starts = autumn_week;
  week.ends = plus_days(autumn_week, 4);
  week.reserved = 2;
  week.opens = start_of(day(autumn, 8, 20));
  week.closes = end_of(plus_days(autumn_week, -7));
  week.public_children = 14;
  week.reserved_bookings = 1;
  week.cancelled = 1;
  week.attendance = true;
  week.seed = 4;
  out.push_back(std::move(week));

  Plan climbing;
  climbing.key = fmt::format("host-{}/klatring", autumn);
  climbing.offer_keys = {"aktiv-hostferie/klatring"};
  climbing.title = fmt::format("Klatring i høstferien {}", autumn);
  climbing.description = "Vi klatrer inne med instruktør. Alle får låne sko og sele.";
  climbing.bring = "Treningstøy og drikkeflaske.";
  climbing.place = "Fjordvik klatresenter";
  climbing.starts = climbing.ends = plus_days(autumn_week, 2);
  climbing.weekdays = {1, 2, 3, 4, 5, 6, 7};
  climbing.from_minute = 11 * 60;
  climbing.to_minute = 14 * 60;
  climbing.capacity = 12;
  climbing.reserved = 0;
  climbing.age_min = 8;
  climbing.age_max = 16;
  climbing.price_ore = 5000;
  climbing.opens = start_of(day(autumn, 9, 1));
  climbing.closes = end_of(plus_days(autumn_week, 1));
  climbing.public_children = 10;
  climbing.attendance = true;
  climbing.seed = 5;
  out.push_back(std::move(climbing));
  return out;
}

}  // namespace

Result<DemoActivitiesReport> seed_demo_activities(store::Database& db, const Clock& clock) {
  auto coordinator = auth::find_user_by_username(db, "koordinator");
  if (!coordinator) return invalid("the demo users are missing: run seed-demo for the catalog and users first");
  Context ctx{db, clock, coordinator->id, {}};
  // Families "koordinator" follows (numbers ending in 0), except the one with a protected address.
  auto present = db.read([&](store::Conn& c) -> Result<std::vector<std::string>> {
    std::vector<std::string> ids;
    for (int n = 10; n < families::kDemoFamilies; n += 10) {
      if (n == families::kDemoClosedRecentFamily || n == families::kDemoClosedOldFamily) continue;
      auto f = families::load_facts(c, families::demo_family_id(n), coordinator->id, clock.now());
      if (!f) return pass(f);
      if (*f && (*f)->coordinator_id == coordinator->id && !(*f)->closed) ids.push_back((*f)->id);
    }
    return ids;
  });
  if (!present) return pass(present);
  ctx.family_ids = std::move(*present);

  DemoActivitiesReport report;
  for (const auto& plan : plans(clock.now())) {
    int added = 0;
    auto st = db.with_write([&](store::Conn& c) -> Status {
      auto n = write_activity(c, ctx, plan);
      if (!n) return pass(n);
      added = *n;
      return {};
    });
    if (!st) return pass(st);
    if (added > 0) {
      ++report.activities_added;
      report.participants_added += added;
    }
  }
  return report;
}

}  // namespace kp::activities
