// Sign-up with no overbooking, ever, and fast: the Enroller group-commits concurrent sign-ups.
//
// SQLite commits with synchronous=FULL, so one transaction (and fsync) per sign-up caps the rate
// at the disk's fsyncs per second. Like audit::ReadLog, the Enroller lets concurrent callers share
// one write transaction: the first caller that finds no flush running takes everything queued
// and decides each sign-up in arrival order inside that transaction, from counts read inside it
// (places held, people waiting, highest queue number). Others wait for that commit.
//
// Correctness does not depend on the batching: every decision is made from what the transaction
// itself read. On SQLite the single writer serialises transactions; on PostgreSQL with_write runs
// SERIALIZABLE, so two processes that read the same counts cannot both commit (one is re-run and
// sees the other's rows), and the unique index on (activity_id, queue_no) backs it up.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "activities/messages.hpp"
#include "activities/model.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::activities {

// What a sign-up became.
struct EnrolOutcome {
  std::string signup_id;
  std::string cancel_token;             // the private link's token; shown once, only its hash is stored
  std::vector<Participant> children;    // in form order, with status and queue number
};

class Enroller {
 public:
  // `mailer.catalogs` null: no messages (store tests).
  Enroller(store::Database& db, const Clock& clock, Mailer mailer = {}) : db_(db), clock_(clock), mailer_(std::move(mailer)) {}
  Enroller(const Enroller&) = delete;
  Enroller& operator=(const Enroller&) = delete;

  // Signs the children of `in` (already checked with check_signup) up for their activity and
  // returns once it is committed, with the receipt message and audit record in the same
  // transaction. First-come activities: each child is confirmed while public places are free and
  // nobody is waiting, else put on the waiting list with the next queue number; lottery
  // activities: 'applied'. Fails with invalid when the activity does not take sign-ups now,
  // not_found when it does not exist; unavailable/internal when the store failed (nothing of the
  // sign-up was written). `address` is the client address for the audit log. Thread-safe.
  Result<EnrolOutcome> enrol(const SignupInput& in, const std::string& address);

  const Mailer& mailer() const { return mailer_; }
  // Transactions written and sign-ups decided so far (benchmark, /metrics).
  std::int64_t batches() const;
  std::int64_t signups() const;

 private:
  struct Waiter {
    const SignupInput* input = nullptr;
    const std::string* address = nullptr;
    bool done = false;
    std::optional<Result<EnrolOutcome>> result;
  };
  void flush(const std::vector<Waiter*>& batch);

  store::Database& db_;
  const Clock& clock_;
  Mailer mailer_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Waiter*> queue_;  // guarded by mu_
  bool flushing_ = false;       // guarded by mu_
  std::int64_t batches_ = 0;    // guarded by mu_
  std::int64_t signups_ = 0;    // guarded by mu_
};

// Cancels one child's place, application or waiting-list entry (the guardian through the private
// link, or staff). A freed public place is offered to the first on the waiting list in the same
// transaction (see waitlist.hpp); a freed reserved place stays reserved. Already cancelled or
// declined: nothing changes. `actor_id` is the user id or "public". Thread-safe.
Status cancel_participant(store::Database& db, const Clock& clock, const Mailer& m, int offer_hold_hours,
                          const std::string& municipality_id, const std::string& participant_id,
                          const std::string& actor_id, const std::string& address);

// A reserved place booked by staff (koordinator/tjeneste) for a referred family's child.
struct ReservedBooking {
  std::string municipality_id, activity_id;
  std::optional<std::string> family_id;  // the family in follow-up, when there is one
  std::string booked_by;                 // user id
  std::string guardian_name, phone, email, language = "nb";
  ChildInput child;
};

// Books a quiet reserved place: confirmed at once on a free reserved place; when all reserved
// places are taken, on a free public place if nobody is waiting for it (first-come activities,
// or lottery activities after the draw) — the referral is recorded either way in
// activity_referrals only; otherwise conflict "No places are left". The guardian gets the
// ordinary receipt (which says nothing about the referral). The activity must be published and
// not started. Thread-safe.
Result<EnrolOutcome> book_reserved_place(store::Database& db, const Clock& clock, const Mailer& m,
                                         const ReservedBooking& b, const std::string& address);

// Gives an applicant of a lottery activity priority in the draw (a child in follow-up whose
// family applied themselves), recorded in activity_referrals with place_kind 'priority'.
// Conflict when the participant already has a referral. Thread-safe.
Status give_lottery_priority(store::Database& db, const Clock& clock, const std::string& municipality_id,
                             const std::string& participant_id, const std::optional<std::string>& family_id,
                             const std::string& booked_by, const std::string& address);

}  // namespace kp::activities
