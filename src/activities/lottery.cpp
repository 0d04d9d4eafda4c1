#include "activities/lottery.hpp"

#include <fmt/format.h>

#include <cstring>
#include <map>

#include "activities/enrolment_rules.hpp"
#include "activities/enrolment_store.hpp"
#include "audit/audit.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"

namespace kp::activities {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

// Keys under which a child is recognised across activities: name + birth year + one contact.
std::vector<std::string> person_keys(std::string_view name, std::int64_t birth_year, std::string_view phone,
                                     std::string_view email) {
  std::vector<std::string> keys;
  std::string folded;
  for (const auto& w : text::words(text::fold(name))) folded += (folded.empty() ? "" : " ") + w;
  const std::string base = folded + "|" + std::to_string(birth_year) + "|";
  std::string digits = phone_digits(phone);
  // A Norwegian number with or without the country code is the same number.
  if (digits.starts_with("+47") && digits.size() == 11) digits.erase(0, 3);
  if (digits.starts_with("0047") && digits.size() == 12) digits.erase(0, 4);
  if (!digits.empty()) keys.push_back(base + "p:" + digits);
  const std::string mail = lower(text::trim(email));
  if (!mail.empty()) keys.push_back(base + "e:" + mail);
  return keys;
}

std::uint64_t fresh_seed() {
  const std::string b = crypto::random_bytes(8);
  std::uint64_t v = 0;
  std::memcpy(&v, b.data(), 8);
  return v;
}

}  // namespace

Result<LotteryRun> run_lottery(store::Database& db, const Clock& clock, const Mailer& m,
                               const std::string& municipality_id, const std::string& activity_id,
                               const std::string& run_by, const std::string& address,
                               std::optional<std::uint64_t> seed) {
  const std::uint64_t the_seed = seed ? *seed : fresh_seed();
  return db.write([&](store::Conn& c) -> Result<LotteryRun> {
    KP_TRY(lock_activity(c, municipality_id, activity_id));
    auto a = get_activity(c, municipality_id, activity_id);
    if (!a) return pass(a);
    if (!*a) return not_found(N_("There is no such activity."));
    const Activity& act = **a;
    const UnixSeconds now = clock.now();
    if (act.allocation != Allocation::lottery) return invalid(N_("This activity gives places in order of sign-up."));
    if (now < act.signup_closes) return invalid(N_("The lottery can be run when the sign-up has closed."));
    auto ran = has_lottery_run(c, municipality_id, activity_id);
    if (!ran) return pass(ran);
    if (*ran) return fail(ErrorKind::conflict, N_("The lottery for this activity has already been run."));

    auto applied = participants_with_status(c, municipality_id, activity_id, ParticipantStatus::applied);
    if (!applied) return pass(applied);
    auto referred = referred_participants(c, municipality_id, activity_id);
    if (!referred) return pass(referred);
    auto misses = earlier_misses(c, municipality_id, act.offer_id, act.starts_on);
    if (!misses) return pass(misses);
    std::set<std::string> missed_keys;
    for (const auto& e : *misses)
      for (auto& k : person_keys(e.name, e.birth_year, e.phone, e.email)) missed_keys.insert(std::move(k));

    std::map<std::string, Signup> signups;
    std::vector<LotteryEntry> entries;
    std::int64_t n_referred = 0, n_missed = 0;
    for (const Participant& p : *applied) {
      auto it = signups.find(p.signup_id);
      if (it == signups.end()) {
        auto s = get_signup(c, municipality_id, p.signup_id);
        if (!s) return pass(s);
        if (!*s) continue;
        it = signups.emplace(p.signup_id, **s).first;
      }
      LotteryEntry e{p.id, p.signup_id, p.queue_no, LotteryTier::ordinary};
      if (referred->count(p.id)) {
        e.tier = LotteryTier::referred;
        ++n_referred;
      } else {
        for (const auto& k : person_keys(p.name, p.birth_year, it->second.phone, it->second.email))
          if (missed_keys.count(k)) e.tier = LotteryTier::missed_last_time;
        if (e.tier == LotteryTier::missed_last_time) ++n_missed;
      }
      entries.push_back(std::move(e));
    }
    auto counts = place_counts(c, municipality_id, act);
    if (!counts) return pass(counts);
    const std::int64_t places = counts->public_left();
    const LotteryDraw d = draw_lottery(entries, places, the_seed);

    auto max = max_queue_no(c, municipality_id, activity_id);
    if (!max) return pass(max);
    std::int64_t q = *max;
    std::map<std::string, ParticipantStatus> decided;
    for (const auto& pid : d.order) {
      const auto st = d.placed.count(pid) ? ParticipantStatus::confirmed : ParticipantStatus::waiting;
      KP_TRY(set_status_and_queue(c, municipality_id, pid, st, ++q, now));
      decided[pid] = st;
    }

    LotteryRun run;
    run.id = ids::new_uuid();
    run.municipality_id = municipality_id;
    run.activity_id = activity_id;
    run.seed = seed_to_hex(the_seed);
    run.run_at = now;
    run.run_by = run_by;
    const std::int64_t n = static_cast<std::int64_t>(entries.size());
    const std::int64_t placed = static_cast<std::int64_t>(d.placed.size());
    run.explanation = fmt::format(
        "{} children applied on {} sign-ups for {} places. Priority went first to {} children referred by a service "
        "or in follow-up, then to {} children who got no place last time, then to the others. Within each group "
        "the order was drawn by lot with seed {}, keeping siblings together; {} sibling groups did not fit into the "
        "places left and were put on the waiting list. {} children got a place; {} are on the waiting list in the "
        "order drawn.",
        n, d.units, places, n_referred, n_missed, run.seed, d.skipped_units, placed, n - placed);
    KP_TRY(insert_lottery_run(c, run));

    for (const auto& [sid, s] : signups) {
      auto kids = participants_of_signup(c, municipality_id, sid);
      if (!kids) return pass(kids);
      KP_TRY(send_lottery_result(c, clock, m, act, s, *kids));
    }
    KP_TRY(audit::append(c, clock,
                         audit::Entry{municipality_id, run_by, "activity.lottery", "activity", activity_id, address, "",
                                      fmt::format(R"({{"seed":"{}","applicants":{},"placed":{}}})", run.seed, n,
                                                  placed)}));
    return run;
  });
}

}  // namespace kp::activities
