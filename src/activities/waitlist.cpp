#include "activities/waitlist.hpp"

#include <fmt/format.h>

#include "activities/enrolment_store.hpp"
#include "app/settings.hpp"
#include "core/crypto.hpp"

namespace kp::activities {
namespace {

std::string today_in_oslo(UnixSeconds now) { return format_iso_date(to_oslo(now).date); }

std::string activity_details(const std::string& activity_id) {
  return fmt::format(R"({{"activity":"{}"}})", activity_id);
}

}  // namespace

Result<std::int64_t> offer_free_places(store::Conn& c, const Clock& clock, const Mailer& m, int hold_hours,
                                       const std::string& municipality_id, const std::string& activity_id,
                                       std::vector<audit::Entry>& audits) {
  const UnixSeconds now = clock.now();
  KP_TRY(lock_activity(c, municipality_id, activity_id));
  auto a = get_activity(c, municipality_id, activity_id);
  if (!a) return pass(a);
  if (!*a) return std::int64_t{0};
  const Activity& act = **a;

  auto offered = participants_with_status(c, municipality_id, activity_id, ParticipantStatus::offered);
  if (!offered) return pass(offered);
  for (const Participant& p : *offered) {
    if (!p.offer_expires_at || *p.offer_expires_at > now) continue;
    KP_TRY(change_status(c, municipality_id, p.id, ParticipantStatus::offered, ParticipantStatus::declined,
                         std::nullopt, std::nullopt, now));
    audits.push_back(audit::Entry{municipality_id, "system", "activity.offer_expired", "participant", p.id, "", "",
                                  activity_details(activity_id)});
  }
  if (act.status != ActivityStatus::published || act.starts_on <= today_in_oslo(now)) return std::int64_t{0};

  auto counts = place_counts(c, municipality_id, act);
  if (!counts) return pass(counts);
  std::int64_t free = counts->public_left();
  if (free <= 0 || counts->waiting == 0) return std::int64_t{0};
  auto waiting = participants_with_status(c, municipality_id, activity_id, ParticipantStatus::waiting);
  if (!waiting) return pass(waiting);
  std::int64_t made = 0;
  const UnixSeconds expires = now + static_cast<UnixSeconds>(hold_hours) * 3600;
  for (const Participant& p : *waiting) {
    if (made >= free) break;
    const std::string token = crypto::random_token();
    KP_TRY(change_status(c, municipality_id, p.id, ParticipantStatus::waiting, ParticipantStatus::offered,
                         crypto::sha256_hex(token), expires, now));
    auto sg = get_signup(c, municipality_id, p.signup_id);
    if (!sg) return pass(sg);
    if (*sg) KP_TRY(send_offer(c, clock, m, act, **sg, p, token, expires));
    audits.push_back(audit::Entry{municipality_id, "system", "activity.offer", "participant", p.id, "", "",
                                  activity_details(activity_id)});
    ++made;
  }
  return made;
}

Result<std::int64_t> advance_waiting_lists(store::Database& db, const Clock& clock, const app::Settings& settings,
                                           const Mailer& m) {
  auto munis = db.read([](store::Conn& c) { return municipality_ids(c); });
  if (!munis) return pass(munis);
  std::int64_t total = 0;
  for (const auto& mid : *munis) {
    KP_TRY(db.with_write([&](store::Conn& c) -> Status {
      auto n = close_started_activities(c, mid, today_in_oslo(clock.now()), clock.now());
      if (!n) return pass(n);
      return {};
    }));
    auto acts = db.read([&](store::Conn& c) { return activities_with_queue(c, mid); });
    if (!acts) return pass(acts);
    for (const auto& aid : *acts) {
      std::int64_t made = 0;
      KP_TRY(db.with_write([&](store::Conn& c) -> Status {
        std::vector<audit::Entry> audits;
        auto n = offer_free_places(c, clock, m, settings.offer_hold_hours, mid, aid, audits);
        if (!n) return pass(n);
        made = *n;
        return audit::append_all(c, clock, audits);
      }));
      total += made;
    }
  }
  return total;
}

Status answer_offer(store::Database& db, const Clock& clock, const Mailer& m, int hold_hours,
                    const std::string& municipality_id, const std::string& participant_id, bool accept,
                    const std::string& actor_id, const std::string& address) {
  bool expired = false;
  Status st = db.with_write([&](store::Conn& c) -> Status {
    expired = false;
    auto p = get_participant(c, municipality_id, participant_id);
    if (!p) return pass(p);
    if (!*p) return not_found(N_("There is no such place."));
    if ((*p)->status != ParticipantStatus::offered)
      return fail(ErrorKind::conflict, N_("There is no open offer for this child."));
    KP_TRY(lock_activity(c, municipality_id, (*p)->activity_id));
    const UnixSeconds now = clock.now();
    std::vector<audit::Entry> audits;
    if (accept && (*p)->offer_expires_at && *(*p)->offer_expires_at <= now) {
      // Too late: the expiry is written now and the place moves on; the guardian is told.
      expired = true;
      auto n = offer_free_places(c, clock, m, hold_hours, municipality_id, (*p)->activity_id, audits);
      if (!n) return pass(n);
      return audit::append_all(c, clock, audits);
    }
    const auto to = accept ? ParticipantStatus::confirmed : ParticipantStatus::declined;
    KP_TRY(change_status(c, municipality_id, participant_id, ParticipantStatus::offered, to, std::nullopt,
                         std::nullopt, now));
    audits.push_back(audit::Entry{municipality_id, actor_id, accept ? "activity.offer_accept" : "activity.offer_decline",
                                  "participant", participant_id, address, "", activity_details((*p)->activity_id)});
    if (!accept) {
      auto n = offer_free_places(c, clock, m, hold_hours, municipality_id, (*p)->activity_id, audits);
      if (!n) return pass(n);
    }
    return audit::append_all(c, clock, audits);
  });
  if (!st) return st;
  if (expired) return invalid(N_("The offer has run out, and the place has gone to the next on the waiting list."));
  return {};
}

}  // namespace kp::activities
