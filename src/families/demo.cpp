// Generates the demo families (demo.hpp) as plain data from their number, then writes them with
// the family store's functions and, for the feature tables, plain SQL. Generation happens
// before a transaction opens, so a PostgreSQL retry re-runs only the writing.
#include "families/demo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_set>

#include "app/demo_users.hpp"
#include "catalog/demo.hpp"
#include "core/ids.hpp"
#include "core/national_id.hpp"
#include "families/low_income.hpp"
#include "families/store.hpp"

namespace kp::families {
namespace {

using namespace demo_tables;
using store::Value;

constexpr std::int64_t kDay = 86400;
constexpr int kBatchForScale = 200;

std::string demo_uuid(int n, std::string_view kind, int k) {
  return ids::uuid_from_name(catalog::kDemoIdNamespace, fmt::format("9999/family/{}/{}/{}", n, kind, k));
}

// A small deterministic generator (splitmix64), one per family, so family n is the same
// whatever was seeded before it.
class Rng {
 public:
  // The seed is mixed first: plain consecutive seeds would give overlapping streams (family n+1
  // repeating family n shifted by one draw).
  explicit Rng(std::uint64_t seed) : s_(mix(mix(seed ^ 0x632BE59BD9B4E019ULL))) {}
  std::uint64_t next() { return mix(s_ += 0x9E3779B97F4A7C15ULL); }
  // Uniform in [lo, hi].
  int range(int lo, int hi) {
    return hi <= lo ? lo : lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(int percent) { return range(0, 99) < percent; }
  template <class T>
  const T& pick(std::span<const T> items) {
    return items[static_cast<size_t>(range(0, static_cast<int>(items.size()) - 1))];
  }

 private:
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t s_;
};

std::string iso(std::int64_t day) { return format_iso_date(civil_from_days(day)); }
UnixSeconds moment(std::int64_t day, int hour, int minute = 0) {
  return from_oslo(LocalDateTime{civil_from_days(day), hour, minute, 0});
}
int year_of(std::int64_t day) { return civil_from_days(day).year; }

// Who and what exists before the families: staff ids by username and service, published offers.
struct World {
  UnixSeconds now = 0;
  std::int64_t today = 0;                                      // days since 1970-01-01, Oslo date
  std::vector<std::string> coordinators;                       // [0] is "koordinator"
  std::map<std::string, std::vector<std::string>> by_service;  // service employees
  std::map<std::string, std::string> service_of;               // user id → service
  std::string nurse, child_welfare, nav, teacher, leader;
  std::vector<std::pair<std::string, std::string>> offers;  // published: id, nb name
  std::vector<std::string> districts;
};

struct Referral {
  std::string id, kind, status, receipt, from_user_id, from_service, contact_name, child_name, child_birth_date, phone,
      language, description, decided_by, decision_reason;
  bool interpreter = false;
  int bti_level = 0;
  std::optional<std::string> family_id;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> decided_at;
};

struct GoalRow {
  std::string id, area, own_area, text, status;
  int position = 0;
  UnixSeconds created_at = 0, updated_at = 0;
};
struct MeasureRow {
  std::string id, goal_id, text, responsible, deadline, status, referral_state, referral_reason;
  std::optional<std::string> responsible_user_id, offer_id, meeting_id;
  std::optional<UnixSeconds> referral_changed_at;
  std::string created_by;
  UnixSeconds created_at = 0, updated_at = 0;
};
struct MeetingRow {
  std::string id, held_on, starts_at, participants, agenda, minutes, decisions, reflections, created_by;
  bool family_present = true;
  UnixSeconds created_at = 0;
};
struct LogRow {
  std::string id, happened_on, kind, text, author_id, author_service;
  UnixSeconds created_at = 0;
};
struct ScoreRow {
  std::string id, goal_id, assessed_on, recorded_by;
  int family_score = 0;
  std::optional<int> coordinator_score;
  UnixSeconds recorded_at = 0;
};
struct IndicatorRow {
  std::string id, measured_on, recorded_by;
  std::optional<std::int64_t> moves, parents_working, attendance;
  UnixSeconds recorded_at = 0;
};
struct IncomeRow {
  int year = 0;
  std::int64_t ore = 0;
  int adults = 1, children = 0;
};
struct TeamRow {
  std::string user_id;
  UnixSeconds added_at = 0;
};
struct Withdrawal {
  std::string consent_id, note;
  UnixSeconds at = 0;
};
struct Emergency {
  std::string id, user_id, reason, reviewed_by, review_note;
  UnixSeconds granted_at = 0, expires_at = 0;
  std::optional<UnixSeconds> reviewed_at;
};

// One family as it will be written.
struct DemoFamily {
  Family f;
  UnixSeconds opened_at = 0;
  std::vector<std::pair<int, UnixSeconds>> bti;  // level, when
  std::vector<std::string> bti_notes;
  Referral referral;
  std::vector<TeamRow> team;
  std::vector<Consent> consents;
  std::vector<UnixSeconds> consent_recorded_at;
  std::optional<Withdrawal> withdrawal;
  std::vector<IncomeRow> income;
  UnixSeconds income_recorded_at = 0;
  std::vector<GoalRow> goals;
  std::vector<MeasureRow> measures;
  std::vector<MeetingRow> meetings;
  std::vector<LogRow> log;
  std::vector<ScoreRow> scores;
  std::vector<IndicatorRow> indicators;
  std::optional<Emergency> emergency;
  std::optional<UnixSeconds> last_contact;
  std::optional<UnixSeconds> closed_at;
  std::string close_reason, close_evaluation;
};

// An 8-character receipt code from the intake alphabet, stable per name.
std::string demo_receipt(std::string_view name) {
  static constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  const std::string u = ids::uuid_from_name(catalog::kDemoIdNamespace, name);
  std::string hex;
  for (char ch : u)
    if (ch != '-') hex += ch;
  std::string out;
  for (size_t i = 0; out.size() < 8 && i + 1 < hex.size(); i += 2)
    out += kAlphabet[std::stoul(hex.substr(i, 2), nullptr, 16) % kAlphabet.size()];
  return out;
}

const char* service_word(std::string_view s) {
  if (s == "health") return "helsesykepleier";
  if (s == "nav") return "NAV-veileder";
  if (s == "school") return "kontaktlærer";
  if (s == "child_welfare") return "barnevernet";
  if (s == "ppt") return "PPT";
  if (s == "kindergarten") return "barnehagen";
  if (s == "culture") return "kulturskolen";
  if (s == "voluntary") return "frivilligsentralen";
  return "koordinator";
}

std::vector<std::string> info_kinds_for(const std::vector<std::string>& services) {
  std::vector<std::string> kinds = {"basic", "plan", "log"};
  auto add = [&](const char* k) {
    if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.emplace_back(k);
  };
  for (const auto& s : services) {
    if (s == "health") add("health");
    if (s == "nav") add("economy");
    if (s == "school" || s == "ppt" || s == "kindergarten") add("school");
    if (s == "child_welfare") add("welfare");
  }
  return kinds;
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

class Generator {
 public:
  Generator(const World& w, int log_entries) : w_(w), log_entries_(log_entries) {}

  DemoFamily build(int n) {
    Draft x(n);
    x.special = n < kDemoFamilies;
    x.youth = n == kDemoYouthConsentFamilies[0] || n == kDemoYouthConsentFamilies[1];
    when(x);
    household(x);
    address_and_level(x);
    referral(x);
    level_history(x);
    team(x);
    consents(x);
    income(x);
    meetings(x);
    plan(x);
    log(x);
    progress(x);
    emergency_and_closing(x);
    return std::move(x.d);
  }

 private:
  // What the steps of build() share about the family being made.
  struct Draft {
    explicit Draft(int number) : n(number), r(static_cast<std::uint64_t>(number) + 1) {}
    int n = 0;
    Rng r;
    bool special = false;  // one of the first hundred, the demo proper
    bool youth = false;    // a 16-year-old gives their own consent
    DemoFamily d;
    std::int64_t opened = 0, end = 0;  // days; end is today, or the day it was closed
    bool closed = false;
    int guardians = 1;
    std::vector<std::string> team_users, services;
    std::int64_t plan_day = 0;
    std::vector<std::string> areas;  // outcome areas, the plan's goals in the first goal_count
    int goal_count = 0;
  };

  // Coordinator and dates: opened within the last 13 months; the closed ones earlier.
  void when(Draft& x) {
    Rng& r = x.r;
    const int n = x.n;
    Family& f = x.d.f;
    f.id = demo_family_id(n);
    f.municipality_id = catalog::kDemoMunicipalityId;
    f.coordinator_id = x.special ? w_.coordinators[static_cast<size_t>(n % kDemoCoordinators)]
                                 : w_.coordinators[1 + static_cast<size_t>(n % (w_.coordinators.size() - 1))];

    std::int64_t& opened = x.opened;
    std::int64_t& end = x.end;
    opened = w_.today - r.range(30, 400);
    end = w_.today;
    if (n == kDemoClosedOldFamily) {
      opened = w_.today - 7 * 365 - r.range(0, 60);
      end = opened + 420;  // closed about six years ago: past the five-year retention
    } else if (n == kDemoClosedRecentFamily) {
      opened = w_.today - r.range(330, 420);
      end = w_.today - 40;
    }
    x.closed = end < w_.today;
    x.d.opened_at = moment(opened, 10);
  }

  // Who: the household, with synthetic identity numbers, languages and schools.
  void household(Draft& x) {
    Rng& r = x.r;
    const int n = x.n;
    Family& f = x.d.f;
    const Background* bg = backgrounds().front().background;
    if (n != kDemoDuplicateFamilies[0] && n != kDemoDuplicateFamilies[1]) {
      // A permutation of 0…99 rather than a draw: every hundred families has exactly the weights.
      int total = 0, roll = (n * 37) % 100;
      for (const auto& b : backgrounds()) {
        total += b.weight;
        if (roll < total) {
          bg = b.background;
          break;
        }
      }
    }
    const bool norwegian = std::string_view(bg->language) == "nb";
    const bool d_numbers = r.chance(bg->d_number_percent);
    std::string family_name = r.pick(bg->family);
    if (n == kDemoDuplicateFamilies[0]) family_name = "Strand";
    if (n == kDemoDuplicateFamilies[1]) family_name = "Lunde";
    f.name = "Familien " + family_name;
    const bool youth = x.youth;
    const int guardians = x.guardians = n == kDemoProtectedFamily ? 1 : r.chance(40) ? 1 : 2;
    const int mother_age = youth ? r.range(36, 46) : r.range(24, 48);
    int person_no = 0;
    auto add_person = [&](PersonRole role, const std::string& given, std::int64_t born, bool adult) {
      Person p;
      p.id = demo_uuid(n, "person", person_no++);
      p.role = role;
      p.given_name = given;
      p.family_name = family_name;
      p.birth_date = iso(born);
      p.national_id = national_id(r, born, d_numbers, adult ? 90 : 95);
      p.language = adult || norwegian ? bg->language : (r.chance(50) ? "nb" : bg->language);
      p.interpreter = adult && r.chance(bg->interpreter_percent);
      if (role == PersonRole::guardian)
        p.phone = fmt::format("400 {:02} {:03}", 10 + (n * 2 + person_no) / 1000 % 90, (n * 2 + person_no) % 1000);
      const int age = static_cast<int>((w_.today - born) / 365);
      if (!adult) p.school = school_for(r, age);
      f.members.push_back(std::move(p));
    };
    // First names are not repeated within a household.
    std::vector<std::string> taken;
    auto fresh = [&](std::span<const char* const> names) {
      std::string name = r.pick(names);
      for (int i = 0; i < 20 && std::find(taken.begin(), taken.end(), name) != taken.end(); ++i) name = r.pick(names);
      taken.push_back(name);
      return name;
    };
    if (n == kDemoDuplicateFamilies[0]) taken.emplace_back("Emma");
    const std::int64_t mother_born = w_.today - mother_age * 365 - r.range(0, 364);
    const bool single_father = guardians == 1 && r.chance(20);
    add_person(PersonRole::guardian, single_father ? fresh(bg->male) : fresh(bg->female),
               single_father ? mother_born - r.range(0, 1500) : mother_born, true);
    if (guardians == 2) add_person(PersonRole::guardian, fresh(bg->male), mother_born - r.range(-700, 2500), true);
    // Children from the eldest down, two to five years apart.
    const int max_child_age = std::min(17, mother_age - 19);
    const int children = r.range(1, 4);
    int age = youth ? 16 : n == kDemoDuplicateFamilies[0] ? 9 : r.range(std::min(3, max_child_age), max_child_age);
    for (int c = 0; c < children && age >= 0; ++c, age -= r.range(2, 5)) {
      std::int64_t born = w_.today - age * 365 - r.range(0, 180);
      std::string given = r.chance(50) ? fresh(bg->female) : fresh(bg->male);
      if (n == kDemoDuplicateFamilies[0] && c == 0) {
        given = "Emma";
        born = w_.today - 9 * 365 - 100;
      }
      add_person(PersonRole::child, given, born, false);
    }
    if (n == kDemoDuplicateFamilies[1]) {
      // Emma Strand lives half the week with her father here: registered twice, no number the
      // second time — the duplicate check finds her by name and birth date.
      Person p;
      p.id = demo_uuid(n, "person", person_no++);
      p.role = PersonRole::child;
      p.given_name = "Emma";
      p.family_name = "Strand";
      p.birth_date = iso(w_.today - 9 * 365 - 100);
      p.school = "Nordvika skole";
      f.members.push_back(std::move(p));
    }
    if (r.chance(8) && mother_age >= 40)
      add_person(PersonRole::adult, fresh(bg->male), w_.today - r.range(19, 21) * 365 - r.range(0, 300), true);
  }

  // Where they live (one strictly protected address), and the BTI level they start at.
  void address_and_level(Draft& x) {
    Rng& r = x.r;
    const int n = x.n;
    Family& f = x.d.f;
    if (n == kDemoProtectedFamily) {
      f.address_protection = AddressProtection::strict;
      f.address = kDemoProtectedAddress;
    } else {
      f.address = fmt::format("{} {}", r.pick(streets()), r.range(1, 80));
    }
    f.postal_code = "9999";
    f.city = "Fjordvik";
    if (!w_.districts.empty()) f.district_id = w_.districts[static_cast<size_t>(n) % w_.districts.size()];

    f.bti_level = r.range(1, 2);
  }

  // The concern or referral that led here, accepted by the coordinator.
  void referral(Draft& x) {
    Rng& r = x.r;
    const int n = x.n;
    DemoFamily& d = x.d;
    const Family& f = d.f;
    const auto& rt = r.pick(referral_texts());
    Referral& ref = d.referral;
    ref.id = demo_uuid(n, "referral", 0);
    ref.kind = rt.kind;
    ref.status = "accepted";
    ref.receipt = demo_receipt(fmt::format("9999/receipt/family/{}", n));
    ref.from_service = rt.service;
    if (std::string_view(rt.service) == "health")
      ref.from_user_id = w_.nurse;
    else if (auto it = w_.by_service.find(rt.service); it != w_.by_service.end() && !it->second.empty())
      ref.from_user_id = it->second[static_cast<size_t>(n) % it->second.size()];
    ref.contact_name = f.members.front().full_name();
    for (const auto& p : f.members)
      if (p.role == PersonRole::child) {
        ref.child_name = p.full_name();
        ref.child_birth_date = p.birth_date;
        break;
      }
    ref.phone = f.members.front().phone;
    ref.language = f.members.front().language;
    ref.interpreter = f.members.front().interpreter;
    ref.description = rt.text;
    ref.bti_level = f.bti_level;
    ref.family_id = f.id;
    ref.decided_by = f.coordinator_id;
    ref.decided_at = d.opened_at;
    ref.created_at = d.opened_at - r.range(2, 20) * kDay;
  }

  // The BTI level over time.
  void level_history(Draft& x) {
    Rng& r = x.r;
    DemoFamily& d = x.d;
    const std::int64_t opened = x.opened, end = x.end;
    d.bti.emplace_back(d.f.bti_level, d.opened_at);
    d.bti_notes.emplace_back("Ved oppstart");
    int level = d.f.bti_level;
    for (std::int64_t day = opened + 60; day < end; day += r.range(90, 160)) {
      const int next = std::clamp(level + (r.chance(75) ? 1 : -1), 1, 3);
      if (next == level) continue;
      d.bti.emplace_back(next, moment(day, 11));
      d.bti_notes.emplace_back(next > level ? "Flere tjenester samarbeider nå" : "Mindre behov nå");
      level = next;
    }
  }

  // The team, by what the family needs.
  void team(Draft& x) {
    Rng& r = x.r;
    DemoFamily& d = x.d;
    const int n = x.n;
    const std::int64_t opened = x.opened, end = x.end;
    std::vector<std::string>& team_users = x.team_users;
    auto add_team = [&](const std::string& id) {
      if (!id.empty() && std::find(team_users.begin(), team_users.end(), id) == team_users.end())
        team_users.push_back(id);
    };
    if (n == kDemoProtectedFamily) {
      add_team(w_.nurse);
      add_team(w_.child_welfare);
    } else if (n == kDemoNurseConsentFamily) {
      add_team(w_.nurse);
      add_team(w_.teacher);
    } else if (n == kDemoWithdrawnFamily) {
      add_team(w_.nurse);
    } else if (n == kDemoExpiredFamily) {
      add_team(w_.nav);
    } else {
      static constexpr const char* kPool[] = {"health", "nav",           "school",  "kindergarten",
                                              "ppt",    "child_welfare", "culture", "voluntary"};
      const int size = r.range(1, 3);
      for (int i = 0; i < size; ++i) {
        const std::string s = r.pick(std::span<const char* const>(kPool));
        if (s == "health")
          add_team(r.chance(80) ? w_.nurse : first_of("health", n));
        else
          add_team(first_of(s, n + i));
      }
    }
    for (size_t i = 0; i < team_users.size(); ++i)
      d.team.push_back({team_users[i], moment(std::min(end, opened + static_cast<std::int64_t>(i) * 3 + 1), 12)});
    std::vector<std::string>& services = x.services;
    services = {"hub"};
    for (const auto& u : team_users) {
      const std::string& s = w_.service_of.at(u);
      if (std::find(services.begin(), services.end(), s) == services.end()) services.push_back(s);
    }
  }

  // Consents: mostly valid for the team's services; the special cases of demo.hpp.
  void consents(Draft& x) {
    Rng& r = x.r;
    DemoFamily& d = x.d;
    const Family& f = d.f;
    const int n = x.n;
    const std::int64_t opened = x.opened, end = x.end;
    const bool closed = x.closed;
    std::string given_by;
    for (const auto& p : f.members)
      if (p.role == PersonRole::guardian) given_by += (given_by.empty() ? "" : " og ") + p.full_name();
    auto consent = [&](int k, std::int64_t from, std::int64_t to) {
      Consent c;
      c.id = demo_uuid(n, "consent", k);
      c.family_id = f.id;
      c.given_by = given_by;
      c.services = x.services;
      c.info_kinds = info_kinds_for(x.services);
      c.purpose = "Samarbeid om familiens plan og oppfølging gjennom familiehuset.";
      c.valid_from = iso(from);
      c.valid_to = iso(to);
      c.form = r.chance(80) ? ConsentForm::written : ConsentForm::oral;
      c.language = f.members.front().language;
      c.recorded_by = f.coordinator_id;
      d.consents.push_back(std::move(c));
      d.consent_recorded_at.push_back(moment(std::min(from, w_.today), 13));
      return d.consents.size() - 1;
    };
    if (closed) {
      consent(0, opened, end);
    } else if (n == kDemoExpiredFamily) {
      consent(0, opened, w_.today - 9);
    } else if (n == kDemoWithdrawnFamily) {
      const size_t i = consent(0, opened, w_.today + 200);
      d.withdrawal = Withdrawal{d.consents[i].id, "Familien ønsker ikke lenger at helsestasjonen får opplysninger.",
                                moment(w_.today - 21, 14)};
    } else {
      const bool expiring = n == kDemoExpiringFamily || (n % 10 == 3 && x.special);
      const std::int64_t to = n == kDemoExpiringFamily ? w_.today + 12
                              : expiring               ? w_.today + r.range(3, 27)
                                                       : w_.today + r.range(45, 330);
      if (n % 10 == 7 && opened + 181 < w_.today) {
        consent(0, opened, opened + 180);  // the first one ran out; renewed the next day
        consent(1, opened + 181, to);
      } else {
        consent(0, opened, to);
      }
      if (n == kDemoRefusedFamily) {
        const size_t i = consent(2, opened, opened + 365);
        Consent& c = d.consents[i];
        c.refused = true;
        c.services = {"child_welfare"};
        c.info_kinds = {"basic", "welfare"};
        c.purpose = "Deling av opplysninger med barnevernet.";
      }
      if (x.youth) {
        const Person& teen = f.members[static_cast<size_t>(x.guardians)];
        const size_t i = consent(3, w_.today - r.range(20, 90), w_.today + r.range(60, 300));
        Consent& c = d.consents[i];
        c.subject_person_id = teen.id;
        c.given_by = teen.full_name();
        c.services = {"health", "school"};
        c.info_kinds = {"basic", "health", "school"};
        c.purpose = "Samtaler med helsesykepleier og oppfølging på skolen.";
        c.language = "nb";
      }
    }
  }

  // Income after tax for the three years before the last year of follow-up.
  void income(Draft& x) {
    Rng& r = x.r;
    DemoFamily& d = x.d;
    const Family& f = d.f;
    const std::int64_t opened = x.opened, end = x.end;
    int adults = 0, kids = 0;
    for (const auto& p : f.members) (p.role == PersonRole::child ? kids : adults) += 1;
    const int profile = r.range(0, 99);  // < 60 persistently low, < 80 around the EU-60 line, else above
    const auto medians = default_medians();
    const double units = 1.0 + 0.5 * (adults - 1) + 0.3 * kids;
    for (int y = year_of(end) - 3; y < year_of(end); ++y) {
      auto it = medians.upper_bound(y);
      const std::int64_t median = it == medians.begin() ? medians.begin()->second : std::prev(it)->second;
      // Per cent of the year's EU-60 line per consumption unit.
      const int pct = profile < 60 ? r.range(60, 95) : profile < 80 ? r.range(85, 115) : r.range(115, 170);
      const double ore = median * 0.6 * units * pct / 100.0;
      d.income.push_back({y, static_cast<std::int64_t>(ore / 100000.0 + 0.5) * 100000, adults, kids});
    }
    d.income_recorded_at = moment(std::min(end, opened + 7), 12);
  }

  // Meetings: a planning meeting two weeks in, then every two months or so; one coming up.
  void meetings(Draft& x) {
    Rng& r = x.r;
    DemoFamily& d = x.d;
    const Family& f = d.f;
    const int n = x.n;
    const std::int64_t opened = x.opened, end = x.end;
    const bool closed = x.closed;
    const std::int64_t plan_day = x.plan_day = std::min(end, opened + 14);
    std::vector<std::string> participants_base;
    for (const auto& p : f.members)
      if (p.role == PersonRole::guardian) participants_base.emplace_back(p.given_name);
    std::string participants_text;
    for (const auto& s : participants_base) participants_text += s + ", ";
    participants_text += "koordinator";
    for (const auto& u : x.team_users) participants_text += std::string(", ") + service_word(w_.service_of.at(u));
    if (f.members.front().interpreter) participants_text += ", tolk";
    static constexpr const char* kStarts[] = {"09:00", "10:00", "13:00", "14:30"};
    int meeting_no = 0;
    for (std::int64_t day = plan_day; day <= end && meeting_no < 6; day += r.range(50, 80)) {
      MeetingRow m;
      m.id = demo_uuid(n, "meeting", meeting_no);
      m.held_on = iso(day);
      m.starts_at = r.pick(std::span<const char* const>(kStarts));
      m.participants = participants_text;
      m.family_present = meeting_no == 0 || r.chance(90);
      m.agenda = meeting_no == 0 ? "Bli kjent\nFamiliens mål\nHvem gjør hva"
                                 : "Hvordan har det gått siden sist?\nMålene i planen\nNeste steg";
      m.minutes = r.pick(meeting_minutes());
      m.reflections = fmt::format(
          R"({{"heard":"{}","worked_well":"{}","differently":"{}"}})",
          json_escape(r.chance(85) ? "Ja, familien sa at de følte seg hørt." : "Delvis. Mor sa at det gikk for fort."),
          json_escape("Det hjalp å ha tolk og god tid."),
          json_escape(r.chance(50) ? "Sende sakslisten på forhånd." : "Ha møtet hjemme hos familien."));
      m.created_by = f.coordinator_id;
      m.created_at = moment(day, 16);
      d.meetings.push_back(std::move(m));
      ++meeting_no;
    }
    if (!closed && (n % 10 == 0 || r.chance(60))) {
      const std::int64_t day = w_.today + (n == kDemoNurseConsentFamily ? 2 : r.range(1, 30));
      MeetingRow m;
      m.id = demo_uuid(n, "meeting", meeting_no);
      m.held_on = iso(day);
      m.starts_at = r.pick(std::span<const char* const>(kStarts));
      m.participants = participants_text;
      m.agenda = "Hvordan har det gått siden sist?\nMålene i planen\nNeste steg";
      m.created_by = f.coordinator_id;
      m.created_at = moment(w_.today - r.range(1, 10), 15);
      d.meetings.push_back(std::move(m));
    }
  }

  // The plan: goals in the family's words, measures with deadlines, some referrals to offers.
  void plan(Draft& x) {
    Rng& r = x.r;
    DemoFamily& d = x.d;
    const Family& f = d.f;
    const int n = x.n;
    const std::int64_t opened = x.opened, end = x.end;
    const bool closed = x.closed;
    static constexpr const char* kAreas[] = {"housing", "economy", "work", "health", "participation", "school", "own"};
    std::vector<std::string>& areas = x.areas;
    areas.assign(std::begin(kAreas), std::end(kAreas));
    for (size_t i = areas.size(); i > 1; --i)
      std::swap(areas[i - 1], areas[static_cast<size_t>(r.range(0, static_cast<int>(i) - 1))]);
    const int goal_count = x.goal_count = n == kDemoClosedOldFamily ? 2 : r.range(2, 5);
    if (std::find(areas.begin(), areas.begin() + goal_count, "participation") == areas.begin() + goal_count)
      areas[static_cast<size_t>(goal_count - 1)] =
          "participation";  // every family has a goal for the children's free time
    const std::int64_t plan_day = x.plan_day;
    const UnixSeconds plan_at = moment(plan_day, 15);
    const std::string first_meeting = d.meetings.empty() ? "" : d.meetings.front().id;
    std::string decisions;
    int measure_no = 0;
    for (int g = 0; g < goal_count; ++g) {
      const std::string area = areas[static_cast<size_t>(g)];
      std::vector<const GoalText*> texts;
      for (const auto& t : goals())
        if (area == t.area) texts.push_back(&t);
      const GoalText& gt = *texts[static_cast<size_t>(r.range(0, static_cast<int>(texts.size()) - 1))];
      GoalRow goal;
      goal.id = demo_uuid(n, "goal", g);
      goal.area = area;
      goal.own_area = gt.own_area;
      goal.text = gt.text;
      goal.status = closed                                 ? "reached"
                    : (end - opened > 180 && r.chance(15)) ? "reached"
                    : r.chance(4)                          ? "dropped"
                                                           : "active";
      goal.position = g;
      goal.created_at = plan_at;
      goal.updated_at = plan_at;
      std::vector<const MeasureText*> options;
      for (const auto& m : measures())
        if (area == m.area) options.push_back(&m);
      const int count = std::min<int>(r.range(1, 3), static_cast<int>(options.size()));
      for (int k = 0; k < count; ++k) {
        std::swap(options[static_cast<size_t>(k)],
                  options[static_cast<size_t>(r.range(k, static_cast<int>(options.size()) - 1))]);
        const MeasureText& mt = *options[static_cast<size_t>(k)];
        MeasureRow m;
        m.id = demo_uuid(n, "measure", measure_no++);
        m.goal_id = goal.id;
        m.text = mt.text;
        m.responsible = mt.responsible;
        if (std::string_view(mt.responsible) == "Koordinator") m.responsible_user_id = f.coordinator_id;
        for (const auto& u : x.team_users)
          if (*mt.service && w_.service_of.at(u) == mt.service) m.responsible_user_id = u;
        const std::int64_t deadline = plan_day + r.range(30, 240);
        m.deadline = iso(deadline);
        m.status = measure_status(r, closed, goal.status, deadline);
        if (k == 0 && !first_meeting.empty()) {
          m.meeting_id = first_meeting;
          decisions += (decisions.empty() ? "" : "\n") + m.text;
        }
        m.created_by = f.coordinator_id;
        m.created_at = plan_at;
        m.updated_at = plan_at;
        d.measures.push_back(std::move(m));
      }
      if ((area == "participation" || r.chance(15)) && !w_.offers.empty())
        add_offer_referral(r, d, n, goal.id, measure_no++, plan_day, end, closed);
      d.goals.push_back(std::move(goal));
    }
    if (!d.meetings.empty()) d.meetings.front().decisions = decisions;
    for (size_t i = 1; i < d.meetings.size(); ++i)
      if (!d.meetings[i].minutes.empty())
        d.meetings[i].decisions = "Fortsette med planen som den er\nNytt møte om to måneder";
  }

  // The log: an entry every two weeks or so (or exactly log_entries_ for the benchmark); a few
  // families have had no contact for some weeks.
  void log(Draft& x) {
    Rng& r = x.r;
    DemoFamily& d = x.d;
    const Family& f = d.f;
    const int n = x.n;
    const std::int64_t opened = x.opened, end = x.end;
    const bool closed = x.closed;
    const bool quiet = !closed && n % 13 == 5;
    const std::int64_t last_day = quiet ? w_.today - r.range(50, 70) : end - r.range(0, 6);
    const std::int64_t span_days = std::max<std::int64_t>(1, last_day - opened);
    const int entries = log_entries_ >= 0 ? log_entries_ : std::clamp(static_cast<int>(span_days / 14), 4, 40);
    for (int j = 0; j < entries; ++j) {
      const std::int64_t day = entries == 1 ? last_day : opened + span_days * j / (entries - 1);
      const auto& lt = r.pick(log_texts());
      LogRow e;
      e.id = demo_uuid(n, "log", j);
      e.happened_on = iso(day);
      e.kind = lt.kind;
      e.text = lt.text;
      if (!x.team_users.empty() && r.chance(25)) {
        e.author_id = x.team_users[static_cast<size_t>(r.range(0, static_cast<int>(x.team_users.size()) - 1))];
        e.author_service = w_.service_of.at(e.author_id);
      } else {
        e.author_id = f.coordinator_id;
        e.author_service = "hub";
      }
      e.created_at = moment(day, r.range(8, 15), r.range(0, 59));
      d.log.push_back(std::move(e));
    }
    std::int64_t last_contact_day = entries > 0 ? last_day : opened;
    for (const auto& m : d.meetings)
      if (!m.minutes.empty() && !quiet) {
        CivilDate cd;
        if (parse_iso_date(m.held_on, cd)) last_contact_day = std::max(last_contact_day, days_from_civil(cd));
      }
    if (entries > 0 || !d.meetings.empty()) d.last_contact = moment(std::min(last_contact_day, end), 12);
  }

  // Progress every three months: mostly rising, some flat, a few falling.
  void progress(Draft& x) {
    Rng& r = x.r;
    DemoFamily& d = x.d;
    const Family& f = d.f;
    const int n = x.n;
    const std::int64_t opened = x.opened, end = x.end;
    const int trend = r.range(0, 99);  // < 70 rising, < 90 flat, else falling
    const bool coordinator_scores = r.chance(50);
    const bool moves =
        std::find(x.areas.begin(), x.areas.begin() + x.goal_count, "housing") != x.areas.begin() + x.goal_count &&
        r.chance(40);
    bool school_children = false;
    for (const auto& p : f.members)
      if (p.role == PersonRole::child && !p.school.empty() && p.school.find("barnehage") == std::string::npos)
        school_children = true;
    std::vector<int> score(d.goals.size());
    for (auto& s : score) s = r.range(2, 5);
    int working = r.range(0, x.guardians > 1 ? 1 : 0);
    int attendance = r.range(70, 92), moved = 0, step = 0;
    for (std::int64_t day = std::min(end, opened + 21); day <= end; day += 91, ++step) {
      for (size_t g = 0; g < d.goals.size(); ++g) {
        if (d.goals[g].status == "dropped") continue;
        if (step > 0)
          score[g] = std::clamp(score[g] + (trend < 70   ? r.range(0, 2)
                                            : trend < 90 ? r.range(-1, 1)
                                                         : -r.range(0, 1)),
                                1, 10);
        ScoreRow s;
        s.id = demo_uuid(n, "score", step * 10 + static_cast<int>(g));
        s.goal_id = d.goals[g].id;
        s.assessed_on = iso(day);
        s.family_score = score[g];
        if (coordinator_scores) s.coordinator_score = std::clamp(score[g] + r.range(-1, 1), 1, 10);
        s.recorded_by = f.coordinator_id;
        s.recorded_at = moment(day, 14);
        d.scores.push_back(std::move(s));
      }
      if (step > 0 && trend < 70 && working < x.guardians && r.chance(35)) ++working;
      if (step > 0 && moves && r.chance(30)) ++moved;
      if (step > 0) attendance = std::min(100, attendance + (trend < 70 ? r.range(0, 5) : r.range(-4, 3)));
      IndicatorRow in;
      in.id = demo_uuid(n, "indicator", step);
      in.measured_on = iso(day);
      in.moves = moved;
      in.parents_working = working;
      if (school_children) in.attendance = attendance;
      in.recorded_by = f.coordinator_id;
      in.recorded_at = moment(day, 14, 30);
      d.indicators.push_back(std::move(in));
    }
  }

  // Emergency access (one waiting for a leader's review, one reviewed), and closing.
  void emergency_and_closing(Draft& x) {
    DemoFamily& d = x.d;
    const int n = x.n;
    const bool closed = x.closed;
    if (x.special && (n == 44 || n == 64)) {
      // Emergency access: one waiting for a leader's review, one reviewed.
      Emergency e;
      e.id = demo_uuid(n, "emergency", 0);
      e.user_id = n == 44 ? w_.child_welfare : w_.nav;
      e.reason = n == 44 ? "Skolen ringte: barnet er ikke hentet, og foreldrene svarer ikke på telefon."
                         : "Familien kom uanmeldt til NAV og trengte hjelp med husleien samme dag.";
      e.granted_at = moment(w_.today - (n == 44 ? 5 : 20), 15);
      e.expires_at = e.granted_at + 8 * 3600;
      if (n == 64) {
        e.reviewed_by = w_.leader;
        e.reviewed_at = e.granted_at + 2 * kDay;
        e.review_note = "Begrunnet. Koordinatoren var syk den dagen.";
      }
      d.emergency = std::move(e);
    }
    if (closed) {
      d.closed_at = moment(x.end, 15);
      d.close_reason = n == kDemoClosedOldFamily ? close_reasons()[1] : close_reasons()[0];
      d.close_evaluation = "Familien sier at det hjalp mest å ha én person å ringe til. Boligen er nå stabil.";
    }
  }

  std::string first_of(const std::string& service, int n) const {
    auto it = w_.by_service.find(service);
    if (it == w_.by_service.end() || it->second.empty()) return {};
    return it->second[static_cast<size_t>(n) % it->second.size()];
  }

  // A synthetic number nobody else in the demo has, or none (some people have no number yet).
  std::optional<std::string> national_id(Rng& r, std::int64_t born, bool d_number, int percent) {
    if (!r.chance(percent)) return std::nullopt;
    const CivilDate date = civil_from_days(born);
    const int lo = date.year >= 2000 ? 500 : 0;
    int start = r.range(0, 499);
    for (int i = 0; i < 500; ++i) {
      const std::string s = make_synthetic_national_id(date, lo + (start + i) % 500, d_number);
      if (!s.empty() && used_ids_.insert(s).second) return s;
    }
    return std::nullopt;
  }

  static std::string school_for(Rng& r, int age) {
    if (age < 1) return {};
    if (age < 6) return r.pick(kindergartens());
    if (age < 13) return r.pick(primary_schools());
    if (age < 16) return r.pick(lower_secondary_schools());
    return r.pick(upper_secondary_schools());
  }

  // Finished with the family or the goal; otherwise by deadline, with some overdue.
  std::string measure_status(Rng& r, bool closed, const std::string& goal_status, std::int64_t deadline_day) const {
    if (closed || goal_status == "reached") return r.chance(85) ? "done" : "not_done";
    if (goal_status == "dropped") return "dropped";
    if (deadline_day < w_.today) return r.chance(55) ? "done" : r.chance(50) ? "planned" : "in_progress";
    return r.chance(50) ? "planned" : r.chance(80) ? "in_progress" : "done";
  }

  // A measure that is a referral to a published offer of the demo catalog, in some state.
  void add_offer_referral(Rng& r, DemoFamily& d, int n, const std::string& goal_id, int k, std::int64_t plan_day,
                          std::int64_t end, bool closed) {
    const auto& offer = w_.offers[static_cast<size_t>(r.range(0, static_cast<int>(w_.offers.size()) - 1))];
    MeasureRow m;
    m.id = demo_uuid(n, "measure", k);
    m.goal_id = goal_id;
    m.text = "Bli med på «" + offer.second + "»";
    m.responsible = "Koordinator";
    m.responsible_user_id = d.f.coordinator_id;
    m.offer_id = offer.first;
    const std::int64_t asked = closed ? plan_day + 20 : std::max(plan_day, w_.today - r.range(3, 120));
    const int roll = closed ? 90 : r.range(0, 99);
    if (roll < 25)
      m.referral_state = "requested", m.status = "planned";
    else if (roll < 40)
      m.referral_state = "accepted", m.status = "planned";
    else if (roll < 50) {
      m.referral_state = "declined";
      m.status = "not_done";
      m.referral_reason = "Fullt denne sesongen. Barnet står på venteliste til høsten.";
    } else if (roll < 75)
      m.referral_state = "in_progress", m.status = "in_progress";
    else if (roll < 90)
      m.referral_state = "completed", m.status = "done";
    else {
      m.referral_state = "not_completed";
      m.status = "not_done";
      m.referral_reason = "Barnet ville ikke fortsette etter tre ganger. Vi prøver noe annet.";
    }
    m.referral_changed_at = moment(std::min(asked + (m.referral_state == "requested" ? 0 : 10), end), 12);
    m.deadline = iso(std::min(asked + 60, closed ? end : asked + 60));
    m.created_by = d.f.coordinator_id;
    m.created_at = moment(std::min(asked, end), 11);
    m.updated_at = *m.referral_changed_at;
    d.measures.push_back(std::move(m));
  }

  const World& w_;
  int log_entries_;
  std::unordered_set<std::string> used_ids_;
};

Result<World> load_world(store::Database& db, const Clock& clock) {
  World w;
  w.now = clock.now();
  w.today = days_from_civil(to_oslo(w.now).date);
  const std::string mun = catalog::kDemoMunicipalityId;
  auto st = db.with_read([&](store::Conn& c) -> Status {
    auto users = c.query("SELECT id, username, service FROM users WHERE municipality_id = $1", {mun});
    if (!users) return pass(users);
    std::map<std::string, std::pair<std::string, std::string>> by_name;  // username → id, service
    for (const auto& u : *users) by_name[u.text(1)] = {u.text(0), u.text(2)};
    auto id_of = [&](const std::string& name) { return by_name.count(name) ? by_name[name].first : std::string(); };
    w.coordinators.push_back(id_of("koordinator"));
    w.nurse = id_of("helsesykepleier");
    w.leader = id_of("leder");
    w.service_of[w.nurse] = "health";
    w.by_service["health"].push_back(w.nurse);
    for (const auto& s : app::demo_family_staff()) {
      const std::string id = id_of(s.username);
      if (id.empty()) return invalid("the demo staff are missing: run seed_demo_family_staff first");
      if (s.role == "coordinator")
        w.coordinators.push_back(id);
      else {
        w.by_service[s.service].push_back(id);
        w.service_of[id] = s.service;
      }
    }
    if (w.coordinators.front().empty() || w.nurse.empty() || w.leader.empty())
      return invalid("the demo users are missing: run seed_demo_users first");
    w.child_welfare = id_of("barnevern");
    w.nav = id_of("navveileder");
    w.teacher = id_of("laerer");
    auto offers = c.query(
        "SELECT o.id, t.value FROM offers o JOIN translations t ON t.entity = 'offer' AND t.entity_id = o.id "
        "AND t.field = 'name' AND t.lang = 'nb' WHERE o.municipality_id = $1 AND o.state = 'published' ORDER BY o.id",
        {mun});
    if (!offers) return pass(offers);
    for (const auto& o : *offers) w.offers.emplace_back(o.text(0), o.text(1));
    if (w.offers.empty()) return invalid("the demo catalog is missing: run seed_demo_catalog first");
    auto districts = c.query("SELECT id FROM districts WHERE municipality_id = $1 ORDER BY name_sort", {mun});
    if (!districts) return pass(districts);
    for (const auto& d : *districts) w.districts.push_back(d.text(0));
    return {};
  });
  if (!st) return pass(st);
  return w;
}

Value opt_text(const std::optional<std::string>& s) { return store::nullable(s); }
Value opt_int(const std::optional<std::int64_t>& v) { return store::nullable(v); }
Value opt_text_or_null(const std::string& s) { return s.empty() ? Value(nullptr) : Value(s); }

Status insert_referral(store::Conn& c, const Referral& r) {
  auto n = c.exec(
      "INSERT INTO referrals (id, municipality_id, kind, status, receipt, from_user_id, from_service, contact_name, "
      "child_name, child_birth_date, phone, email, language, interpreter, description, consent_to_contact, bti_level, "
      "family_id, decided_by, decided_at, decision_reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10, $11, '', $12, $13, $14, 1, $15, $16, $17, $18, $19, $20) ON CONFLICT (id) DO NOTHING",
      {r.id,
       std::string(catalog::kDemoMunicipalityId),
       r.kind,
       r.status,
       r.receipt,
       opt_text_or_null(r.from_user_id),
       r.from_service,
       r.contact_name,
       r.child_name,
       r.child_birth_date,
       r.phone,
       r.language,
       static_cast<std::int64_t>(r.interpreter),
       r.description,
       static_cast<std::int64_t>(r.bti_level),
       opt_text(r.family_id),
       opt_text_or_null(r.decided_by),
       store::nullable(r.decided_at),
       r.decision_reason,
       r.created_at});
  if (!n) return pass(n);
  return {};
}

// Writes one generated family. Returns false (nothing written) when it exists already.
Result<bool> write_family(store::Conn& c, const DemoFamily& d) {
  const std::string mun = catalog::kDemoMunicipalityId;
  const std::string& fid = d.f.id;
  auto exists = c.query_one("SELECT 1 FROM families WHERE id = $1", {fid});
  if (!exists) return pass(exists);
  if (*exists) return false;
  auto ref = insert_family(c, d.f, d.opened_at);
  if (!ref) return pass(ref);
  const std::string& coordinator = d.f.coordinator_id;
  for (size_t i = 0; i < d.bti.size(); ++i)
    KP_TRY(set_bti_level(c, mun, fid, d.bti[i].first, d.bti_notes[i], coordinator, d.bti[i].second));
  KP_TRY(insert_referral(c, d.referral));
  for (const auto& t : d.team) KP_TRY(add_team_member(c, mun, fid, t.user_id, coordinator, t.added_at));
  for (size_t i = 0; i < d.consents.size(); ++i)
    KP_TRY(insert_consent(c, mun, d.consents[i], d.consent_recorded_at[i]));
  if (d.withdrawal)
    KP_TRY(withdraw_consent(c, fid, d.withdrawal->consent_id, coordinator, d.withdrawal->note, d.withdrawal->at));
  for (const auto& y : d.income) {
    auto n = c.exec(
        "INSERT INTO family_income (family_id, year, municipality_id, income_after_tax, adults, children, recorded_by, "
        "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {fid, static_cast<std::int64_t>(y.year), mun, y.ore, static_cast<std::int64_t>(y.adults),
         static_cast<std::int64_t>(y.children), coordinator, d.income_recorded_at});
    if (!n) return pass(n);
  }
  for (const auto& m : d.meetings) {
    auto n = c.exec(
        "INSERT INTO meetings (id, municipality_id, family_id, held_on, starts_at, participants, family_present, "
        "agenda, "
        "minutes, decisions, reflections, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9, $10, $11, $12, $13, $13)",
        {m.id, mun, fid, m.held_on, m.starts_at, m.participants, static_cast<std::int64_t>(m.family_present), m.agenda,
         m.minutes, m.decisions, m.minutes.empty() ? std::string() : m.reflections, m.created_by, m.created_at});
    if (!n) return pass(n);
  }
  for (const auto& g : d.goals) {
    auto n = c.exec(
        "INSERT INTO goals (id, municipality_id, family_id, area, own_area, text, status, position, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {g.id, mun, fid, g.area, g.own_area, g.text, g.status, static_cast<std::int64_t>(g.position), g.created_at,
         g.updated_at});
    if (!n) return pass(n);
  }
  for (const auto& m : d.measures) {
    auto n = c.exec(
        "INSERT INTO measures (id, municipality_id, family_id, goal_id, text, responsible, responsible_user_id, "
        "deadline, status, offer_id, referral_state, referral_reason, referral_changed_at, meeting_id, created_by, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        {m.id, mun, fid, m.goal_id, m.text, m.responsible, opt_text(m.responsible_user_id), m.deadline, m.status,
         opt_text(m.offer_id), m.referral_state, m.referral_reason, store::nullable(m.referral_changed_at),
         opt_text(m.meeting_id), m.created_by, m.created_at, m.updated_at});
    if (!n) return pass(n);
  }
  for (const auto& e : d.log) {
    auto n = c.exec(
        "INSERT INTO family_log (id, municipality_id, family_id, happened_on, kind, text, author_id, author_service, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {e.id, mun, fid, e.happened_on, e.kind, e.text, e.author_id, e.author_service, e.created_at});
    if (!n) return pass(n);
  }
  for (const auto& s : d.scores) {
    auto n = c.exec(
        "INSERT INTO progress_scores (id, municipality_id, family_id, goal_id, assessed_on, family_score, "
        "coordinator_score, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {s.id, mun, fid, s.goal_id, s.assessed_on, static_cast<std::int64_t>(s.family_score),
         s.coordinator_score ? Value(static_cast<std::int64_t>(*s.coordinator_score)) : Value(nullptr), s.recorded_by,
         s.recorded_at});
    if (!n) return pass(n);
  }
  for (const auto& i : d.indicators) {
    auto n = c.exec(
        "INSERT INTO progress_indicators (id, municipality_id, family_id, measured_on, moves_since_start, "
        "parents_in_work_or_activity, school_attendance_percent, recorded_by, recorded_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {i.id, mun, fid, i.measured_on, opt_int(i.moves), opt_int(i.parents_working), opt_int(i.attendance),
         i.recorded_by, i.recorded_at});
    if (!n) return pass(n);
  }
  if (d.emergency) {
    const Emergency& e = *d.emergency;
    auto n = c.exec(
        "INSERT INTO emergency_access (id, municipality_id, family_id, user_id, reason, granted_at, expires_at, "
        "reviewed_by, reviewed_at, review_note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {e.id, mun, fid, e.user_id, e.reason, e.granted_at, e.expires_at, opt_text_or_null(e.reviewed_by),
         store::nullable(e.reviewed_at), e.review_note});
    if (!n) return pass(n);
  }
  if (d.last_contact) KP_TRY(touch_contact(c, fid, *d.last_contact));
  if (d.closed_at) KP_TRY(close_family(c, fid, d.close_reason, d.close_evaluation, *d.closed_at));
  return true;
}

// The hub's inbox: concerns and referrals not yet decided, one declined with a reason.
std::vector<Referral> inbox(const World& w) {
  struct Row {
    const char *kind, *service, *contact, *child, *language, *text;
    int days_ago, child_age;
    bool interpreter;
    const char* status;
  };
  static constexpr Row kRows[] = {
      {"concern", "health", "Hodan Abdi", "Ilyas Abdi", "so",
       "Mor sier at de må flytte igjen og ikke har penger til vinterklær. Ønsker kontakt med tolk.", 2, 4, true, "new"},
      {"referral", "school", "Marte Solberg", "Vilde Solberg", "nb",
       "Eleven har mye fravær og sier hun ikke har råd til å være med på aktiviteter. Foreldrene er enige i "
       "henvisningen.",
       5, 11, false, "new"},
      {"concern", "kindergarten", "Olena Boiko", "Sofiia Boiko", "uk",
       "Familien kom fra Ukraina i vinter. Mor er alene med to barn og vet ikke hvor hun skal spørre om hjelp.", 8, 3,
       true, "new"},
      {"self", "", "Yonas Tekle", "Luwam Tekle", "ti",
       "Vi trenger hjelp med bolig og jobb. Barna vil gjerne begynne på fotball.", 1, 9, true, "new"},
      {"referral", "nav", "Piotr Mazur", "Zofia Mazur", "pl",
       "Far ønsker hjelp med økonomien. Familien får allerede tett oppfølging fra NAV.", 30, 7, false, "declined"},
  };
  std::vector<Referral> out;
  int k = 0;
  for (const Row& row : kRows) {
    Referral r;
    r.id = ids::uuid_from_name(catalog::kDemoIdNamespace, fmt::format("9999/referral/inbox/{}", k));
    r.kind = row.kind;
    r.status = row.status;
    r.receipt = demo_receipt(fmt::format("9999/receipt/inbox/{}", k));
    r.from_service = row.service;
    if (std::string_view(row.service) == "health")
      r.from_user_id = w.nurse;
    else if (auto it = w.by_service.find(row.service); it != w.by_service.end() && !it->second.empty())
      r.from_user_id = it->second.front();
    r.contact_name = row.contact;
    r.child_name = row.child;
    r.child_birth_date = iso(w.today - row.child_age * 365 - 40 * k);
    r.language = row.language;
    r.interpreter = row.interpreter;
    r.description = row.text;
    r.bti_level = 1;
    r.created_at = moment(w.today - row.days_ago, 9 + k);
    if (r.status == "declined") {
      r.decided_by = w.coordinators.front();
      r.decided_at = r.created_at + 3 * kDay;
      r.decision_reason = "Familien får allerede den hjelpen de trenger fra NAV. Vi har sagt fra til familien.";
    }
    out.push_back(std::move(r));
    ++k;
  }
  return out;
}

}  // namespace

std::string demo_family_id(int n) {
  return ids::uuid_from_name(catalog::kDemoIdNamespace, fmt::format("9999/family/{}", n));
}

}  // namespace kp::families

namespace kp::families {

Result<DemoSeedReport> seed_demo_families(store::Database& db, const Clock& clock, int families_count,
                                          int log_entries_per_family) {
  if (families_count < 0 || families_count > 1000000)
    return invalid("the number of families must be 0 to 1,000,000", "families");
  if (log_entries_per_family > 100000) return invalid("at most 100,000 log entries per family", "log_entries");
  KP_TRY(app::seed_demo_family_staff(db, clock));
  auto world = load_world(db, clock);
  if (!world) return pass(world);
  DemoSeedReport report;
  const auto referrals = inbox(*world);
  KP_TRY(db.with_write([&](store::Conn& c) -> Status {
    for (const auto& r : referrals) KP_TRY(insert_referral(c, r));
    return {};
  }));
  Generator gen(*world, log_entries_per_family);
  const int batch = families_count > kDemoFamilies ? kBatchForScale : 1;
  for (int first = 0; first < families_count; first += batch) {
    std::vector<DemoFamily> families;
    for (int n = first; n < std::min(families_count, first + batch); ++n) families.push_back(gen.build(n));
    DemoSeedReport added;
    KP_TRY(db.with_write([&](store::Conn& c) -> Status {
      added = {};  // a PostgreSQL retry starts over
      for (const auto& d : families) {
        auto wrote = write_family(c, d);
        if (!wrote) return pass(wrote);
        if (*wrote) {
          ++added.families_added;
          added.log_entries_added += static_cast<std::int64_t>(d.log.size());
        }
      }
      return {};
    }));
    report.families_added += added.families_added;
    report.log_entries_added += added.log_entries_added;
  }
  return report;
}

}  // namespace kp::families
