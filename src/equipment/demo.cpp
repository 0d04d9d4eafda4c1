#include "equipment/demo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "auth/accounts.hpp"
#include "catalog/demo.hpp"
#include "core/ids.hpp"
#include "equipment/loan_store.hpp"
#include "equipment/maintenance_store.hpp"
#include "equipment/pass_store.hpp"
#include "equipment/rules.hpp"
#include "equipment/store.hpp"

namespace kp::equipment {
namespace {

constexpr const char* kMun = catalog::kDemoMunicipalityId;
constexpr int kLoans = 200;
constexpr int kDays = 365;

std::string demo_id(const std::string& key) {
  return ids::uuid_from_name(catalog::kDemoIdNamespace, std::string(kMun) + "/equipment/" + key);
}

// One item type of the pool and how many items of each size.
struct TypeSpec {
  const char* key;
  const char* category;
  const char* name;
  std::vector<const char*> sizes;
  int per_size;
  const char* prefix;          // item numbers: PREFIX-001 …
  std::optional<int> every_months;
  bool after_each_loan;
  const char* description;
};

const std::vector<TypeSpec>& type_specs() {
  static const std::vector<TypeSpec> specs = {
      {"xc-ski", "ski", "Langrennski", {"110 cm", "120 cm", "130 cm", "140 cm", "150 cm", "160 cm", "170 cm", "180 cm"}, 4,
       "SKI", 12, false, "Med staver og støvler i passende størrelse."},
      {"alpine-ski", "ski", "Alpinski", {"100 cm", "120 cm", "140 cm"}, 3, "ALP", 12, false, "Med støvler."},
      {"skates", "skates", "Skøyter", {"30", "32", "34", "36", "38", "40", "42"}, 3, "SKO", std::nullopt, true,
       "Slipes etter hvert utlån."},
      {"helmet", "helmet", "Hjelm", {"S", "M", "L"}, 6, "HJE", 24, false, "Til sykkel, ski og skøyter."},
      {"bike", "bike", "Sykkel", {"16\"", "20\"", "24\"", "26\""}, 3, "SYK", 6, false, "Med lås."},
      {"tent-2", "tent", "Telt for 2", {""}, 5, "TEL", std::nullopt, true, "Tørkes og sjekkes etter hvert utlån."},
      {"tent-4", "tent", "Telt for 4", {""}, 4, "TEF", std::nullopt, true, "Tørkes og sjekkes etter hvert utlån."},
      {"sleeping-bag", "sleeping_bag", "Sovepose", {"Barn", "Voksen"}, 8, "SOV", std::nullopt, true,
       "Vaskes etter hvert utlån."},
      {"life-jacket", "life_jacket", "Redningsvest", {"15–30 kg", "30–40 kg", "40–60 kg", "Voksen"}, 5, "RED", 12,
       false, "Kontrolleres hvert år."},
      {"sledge", "outdoor", "Akebrett", {""}, 6, "AKE", std::nullopt, false, ""},
      {"snowshoes", "outdoor", "Truger", {"Barn", "Voksen"}, 2, "TRU", std::nullopt, false, ""},
      {"fishing-rod", "outdoor", "Fiskestang", {""}, 4, "FIS", 12, false, "Med snelle og sluk."},
  };
  return specs;
}

// Which categories families borrow in a month (1–12): winter gear in winter, summer gear in summer.
std::vector<std::string> season(int month) {
  if (month == 12 || month <= 3) return {"ski", "ski", "skates", "helmet", "outdoor"};
  if (month == 4 || month == 11) return {"ski", "bike", "helmet", "outdoor"};
  return {"bike", "helmet", "tent", "sleeping_bag", "life_jacket", "outdoor"};
}

const char* const kGiven[] = {"Kari", "Ola", "Amina", "Ali", "Marta", "Jonas", "Sara", "Yusuf", "Ingrid", "Tomasz",
                              "Leila", "Per", "Hanna", "Mohammed", "Olena", "Erik", "Fatima", "Nora", "Ahmad", "Liv"};
const char* const kFamily[] = {"Fjellheim", "Nordvik", "Hassan", "Kowalski", "Berg", "Rahimi", "Strand",
                               "Yilmaz", "Haugen", "Ibrahim", "Lund", "Petrenko", "Moen", "Osman", "Dahl"};
const char* const kChildren[] = {"Emma", "Noah", "Sofie", "Adam", "Maja", "Elias", "Zainab", "Filip", "Ella",
                                 "Omar", "Iben", "Mikael", "Nadia", "Lukas", "Alma", "Yara"};
const char* const kLanguages[] = {"nb", "nb", "nb", "nb", "en", "ar", "so", "pl", "uk", "ti"};

struct Pending {
  std::string loan_id;
  std::vector<std::string> items;
  std::int64_t return_day;  // day number; < 0: stays out
  std::string borrower_id;
};

UnixSeconds noon(std::int64_t day) { return from_oslo(LocalDateTime{civil_from_days(day), 12, 0, 0}); }
std::string iso(std::int64_t day) { return format_iso_date(civil_from_days(day)); }

class Seeder {
 public:
  Seeder(store::Conn& c, const std::string& user_id, std::int64_t today) : c_(c), user_(user_id), today_(today) {}

  Result<EquipmentDemoReport> run() {
    KP_TRY(stock());
    KP_TRY(passes());
    KP_TRY(borrowers());
    KP_TRY(loans());
    KP_TRY(autumn_service());
    return report_;
  }

 private:
  Status stock() {
    const std::int64_t registered = today_ - kDays - 30;
    for (const auto* site : {"Fjordvik frivilligsentral", "Fjordvik fritidsklubb"}) {
      Site s{demo_id(std::string("site/") + site), site};
      KP_TRY(insert_site(c_, kMun, s, noon(registered)));
      sites_.push_back(s.id);
    }
    int serial = 0;
    for (const auto& spec : type_specs()) {
      for (const char* size : spec.sizes) {
        ItemType t;
        t.id = demo_id(fmt::format("type/{}/{}", spec.key, size));
        t.category = spec.category;
        t.name = spec.name;
        t.size = size;
        t.maintenance_every_months = spec.every_months;
        t.maintenance_after_each_loan = spec.after_each_loan;
        t.description = spec.description;
        KP_TRY(insert_type(c_, kMun, t, noon(registered)));
        for (int n = 0; n < spec.per_size; ++n) {
          Item i;
          i.id = demo_id(fmt::format("item/{}/{}/{}", spec.key, size, n));
          i.type_id = t.id;
          i.number = fmt::format("{}-{:03}", spec.prefix, ++count_[spec.prefix]);
          i.site_id = sites_[(serial++) % sites_.size()];
          // A few were last checked more than a plan's period ago: due for maintenance now.
          if (spec.every_months && n == spec.per_size - 1 && std::string(spec.category) == "ski")
            i.last_maintained_on = iso(today_ - 400);
          KP_TRY(insert_item(c_, kMun, i, noon(registered)));
          items_by_category_[spec.category].push_back(i.id);
          ++report_.items_added;
        }
      }
    }
    return {};
  }

  Status passes() {
    struct Spec {
      const char* key;
      PassKind kind;
      const char* label;
      int quantity;
      int received_days_ago;
      int valid_days;
    };
    const Spec specs[] = {
        {"lift-season", PassKind::lift, "Dagskort Fjordvik alpinsenter", 40, 20, 150},
        {"lift-last", PassKind::lift, "Dagskort Fjordvik alpinsenter (i fjor)", 30, 300, 160},
        {"swim", PassKind::swimming, "Klippekort Fjordvikbadet", 100, 200, 400},
        {"climb", PassKind::climbing, "Klatrebillett Fjordvik klatresenter", 30, 90, 365},
        {"cinema", PassKind::cinema, "Kinobillett Fjordvik kino", 50, 60, 300},
        {"cinema-old", PassKind::cinema, "Kinobillett Fjordvik kino (gammel avtale)", 10, 400, 380},
    };
    for (const auto& s : specs) {
      PassBatch b;
      b.id = demo_id(std::string("passes/") + s.key);
      b.municipality_id = kMun;
      b.kind = s.kind;
      b.label = s.label;
      b.quantity = s.quantity;
      b.received_on = iso(today_ - s.received_days_ago);
      b.expires_on = iso(today_ - s.received_days_ago + s.valid_days);
      b.created_by = user_;
      KP_TRY(insert_pass_batch(c_, b, noon(today_ - s.received_days_ago)));
      ++report_.pass_batches_added;
    }
    return {};
  }

  Status borrowers() {
    for (int n = 0; n < 70; ++n) {
      Borrower b;
      b.id = demo_id(fmt::format("borrower/{}", n));
      b.name = std::string(kGiven[(n * 7) % std::size(kGiven)]) + " " + kFamily[(n * 5 + n / 15) % std::size(kFamily)];
      b.phone = fmt::format("400 {:02} {:03}", 50 + n / 10, 100 + n);
      b.email = n % 3 == 0 ? "" : fmt::format("laaner{}@example.no", n);
      b.language = kLanguages[n % std::size(kLanguages)];
      KP_TRY(insert_borrower(c_, kMun, b, noon(today_ - kDays - 10)));
      borrowers_.push_back(b.id);
    }
    return {};
  }

  // Makes the item lendable on `day` when only maintenance stands in the way: records it.
  Status maintain_if_needed(const Item& i, std::int64_t day, bool force = false) {
    const bool repair = i.condition == Condition::needs_repair;
    if (!force && !repair && !maintenance_due(i, iso(day))) return {};
    MaintenanceRecord m;
    m.id = demo_id(fmt::format("maintenance/{}/{}", i.id, day));
    m.item_id = i.id;
    m.done_on = iso(day);
    m.what = repair ? "Reparert" : i.maintenance_after_each_loan ? "Sjekket, tørket og vasket" : "Årlig kontroll";
    m.cost_ore = repair ? 45000 : i.category == "bike" ? 25000 : 0;
    m.done_by_name = repair ? "Fjordvik sykkelverksted" : "Frivilligsentralen";
    m.recorded_by = user_;
    return record_maintenance(c_, kMun, m, repair ? std::optional<Condition>(Condition::good) : std::nullopt,
                              noon(day) - 3600);
  }

  Status return_due(std::int64_t day) {
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->return_day < 0 || it->return_day > day) {
        ++it;
        continue;
      }
      std::vector<std::pair<std::string, Condition>> conds;
      for (const auto& id : it->items) {
        const int r = static_cast<int>(rng_() % 100);
        conds.emplace_back(id, r < 4 ? Condition::needs_repair : r < 15 ? Condition::worn : Condition::good);
      }
      KP_TRY(return_loan(c_, kMun, it->loan_id, conds, user_, noon(it->return_day) + 3600));
      busy_.erase(it->borrower_id);
      it = pending_.erase(it);
    }
    return {};
  }

  Status loans() {
    const std::int64_t first = today_ - kDays + 1;
    for (int n = 0; n < kLoans; ++n) {
      const std::int64_t day = first + static_cast<std::int64_t>(n) * (kDays - 1) / (kLoans - 1);
      KP_TRY(return_due(day));
      if (n % 3 == 0) KP_TRY(hand_out(day));
      const CivilDate date = civil_from_days(day);
      // Items to lend: one or two from the season's categories, lendable that day.
      ItemQuery q;
      q.municipality_id = kMun;
      auto items = list_items(c_, q);
      if (!items) return pass(items);
      const auto cats = season(date.month);
      std::vector<LoanLine> lines;
      std::vector<std::string> ids;
      const int wanted = 1 + static_cast<int>(rng_() % 2);
      for (int tries = 0; tries < 12 && static_cast<int>(lines.size()) < wanted; ++tries) {
        const std::string cat = cats[rng_() % cats.size()];
        std::vector<const Item*> pool;
        for (const auto& i : *items)
          if (i.category == cat && i.available() > 0 && i.condition != Condition::retired &&
              std::find(ids.begin(), ids.end(), i.id) == ids.end())
            pool.push_back(&i);
        if (pool.empty()) continue;
        const Item& pick = *pool[rng_() % pool.size()];
        KP_TRY(maintain_if_needed(pick, day));
        lines.push_back(LoanLine{pick.id, 1, "", "", "", ""});
        ids.push_back(pick.id);
      }
      if (lines.empty()) continue;
      std::string borrower;
      for (int tries = 0; tries < 100 && borrower.empty(); ++tries) {
        const std::string& b = borrowers_[rng_() % borrowers_.size()];
        if (!busy_.count(b)) borrower = b;
      }
      if (borrower.empty()) continue;
      LendRequest r;
      r.municipality_id = kMun;
      r.loan_id = demo_id(fmt::format("loan/{}", n));
      r.borrower_id = borrower;
      r.lines = lines;
      const int kids = static_cast<int>(rng_() % 3);
      for (int k = 0; k < kids; ++k)
        r.children.push_back(CoBorrower{kChildren[rng_() % std::size(kChildren)], date.year - 6 - static_cast<int>(rng_() % 9)});
      const int length = 3 + static_cast<int>(rng_() % 12);
      r.due_on = iso(day + length);
      r.created_by = user_;
      r.block_days = 14;  // never in the way: a borrower with a loan out gets no new one here
      KP_TRY(lend(c_, r, iso(day), noon(day)));
      ++report_.loans_added;
      busy_.insert(borrower);
      // Most come back on time or a little late; the newest are still out, and a few loans
      // from some weeks ago were never brought back (overdue).
      std::int64_t back = day + length + static_cast<int>(rng_() % 4) - 1;
      if (n % 37 == 5 && day < today_ - 20) back = -1;
      if (back >= today_) back = -1;
      pending_.push_back(Pending{r.loan_id, ids, back, borrower});
    }
    return {};
  }

  // Passes handed out at the counter on `day`, from batches that had come in by then: lift
  // passes in the winters, swimming all year, climbing and cinema lately.
  Status hand_out(std::int64_t day) {
    std::vector<PassKind> kinds;
    if (day >= today_ - 300 && day <= today_ - 141) kinds.push_back(PassKind::lift);
    if (day >= today_ - 19) kinds.insert(kinds.end(), {PassKind::lift, PassKind::cinema});
    if (day >= today_ - 200) kinds.push_back(PassKind::swimming);
    if (day >= today_ - 90) kinds.push_back(PassKind::climbing);
    if (kinds.empty()) return {};
    HandoutRequest r;
    r.municipality_id = kMun;
    r.kind = kinds[rng_() % kinds.size()];
    r.count = 1 + static_cast<int>(rng_() % 3);
    r.today = iso(day);
    r.borrower_id = borrowers_[rng_() % borrowers_.size()];
    r.by = user_;
    // Last winter's lift passes only while last winter's batch lasts (this winter's is not in yet).
    const bool last_winter = r.kind == PassKind::lift && day <= today_ - 141;
    if (last_winter && r.count > last_winter_lift_left_) return {};
    if (last_winter) last_winter_lift_left_ -= r.count;
    auto stock = pass_stock(c_, kMun, r.today);
    if (!stock) return pass(stock);
    for (const auto& s : *stock)
      if (s.kind == r.kind && s.available < r.count) return {};
    auto handed = hand_out_passes(c_, r, noon(day));
    if (!handed) return pass(handed);
    return {};
  }

  // The volunteers' autumn service: most items that are due for maintenance (or came back
  // broken) get it a few days ago; every fifth is left, so the pool always has some waiting.
  Status autumn_service() {
    ItemQuery q;
    q.municipality_id = kMun;
    auto items = list_items(c_, q);
    if (!items) return pass(items);
    int waiting = 0;
    for (const auto& i : *items) {
      if (i.available() <= 0 || (i.condition != Condition::needs_repair && !maintenance_due(i, iso(today_)))) continue;
      if (waiting++ % 5 == 0) continue;
      KP_TRY(maintain_if_needed(i, today_ - 3 - static_cast<int>(rng_() % 20), true));
    }
    return {};
  }

  store::Conn& c_;
  std::string user_;
  std::int64_t today_;
  std::mt19937 rng_{20261124};
  EquipmentDemoReport report_;
  std::vector<std::string> sites_;
  std::map<std::string, int> count_;
  std::map<std::string, std::vector<std::string>> items_by_category_;
  std::vector<std::string> borrowers_;
  std::vector<Pending> pending_;
  std::set<std::string> busy_;
  std::int64_t last_winter_lift_left_ = 30;  // the quantity of passes/lift-last
};

}  // namespace

Result<EquipmentDemoReport> seed_demo_equipment(store::Database& db, const Clock& clock) {
  auto user = auth::find_user_by_username(db, "koordinator");
  if (!user) return invalid("seed the demo users first (the demo loans are recorded by \"koordinator\")");
  const std::string user_id = user->id;
  const std::int64_t today = days_from_civil(to_oslo(clock.now()).date);
  EquipmentDemoReport report;
  auto st = db.with_write([&](store::Conn& c) -> Status {
    report = {};
    auto there = find_item_by_number(c, kMun, "SKI-001");
    if (!there) return pass(there);
    if (*there) return {};  // seeded before: change nothing
    Seeder s(c, user_id, today);
    auto r = s.run();
    if (!r) return pass(r);
    report = *r;
    return {};
  });
  if (!st) return pass(st);
  return report;
}

}  // namespace kp::equipment
