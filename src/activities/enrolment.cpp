#include "activities/enrolment.hpp"

#include <fmt/format.h>

#include <exception>
#include <map>
#include <typeinfo>

#include "activities/enrolment_store.hpp"
#include "activities/waitlist.hpp"
#include "audit/audit.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"

namespace kp::activities {
namespace {

// What one batch knows about an activity: read once per transaction, then kept up to date in
// memory as the batch decides, so the 64th sign-up in a batch does not re-count.
struct ActivityState {
  Activity activity;
  std::int64_t public_left = 0;
  std::int64_t waiting = 0;
  std::int64_t next_queue = 1;
};

Result<ActivityState*> state_of(store::Conn& c, std::map<std::string, ActivityState>& states,
                                const std::string& municipality_id, const std::string& activity_id) {
  auto it = states.find(activity_id);
  if (it != states.end()) return &it->second;
  KP_TRY(lock_activity(c, municipality_id, activity_id));
  auto es = enrol_state(c, municipality_id, activity_id);
  if (!es) return pass(es);
  if (!*es) return not_found(N_("There is no such activity."));
  ActivityState st;
  st.activity = std::move((*es)->activity);
  st.public_left = (*es)->counts.public_left();
  st.waiting = (*es)->counts.waiting + (*es)->counts.applied;
  st.next_queue = (*es)->max_queue_no + 1;
  return &states.emplace(activity_id, std::move(st)).first->second;
}

std::string details_json(const std::string& activity_id, size_t children) {
  return fmt::format(R"({{"activity":"{}","children":{}}})", activity_id, children);
}

// Decides and writes one sign-up inside the batch's transaction. A refusal (closed, not found)
// is returned as the sign-up's result with `refused` set, without failing the batch; any other
// error is a statement that failed, which fails (and on PostgreSQL may re-run) the batch.
Result<EnrolOutcome> enrol_one(store::Conn& c, const Clock& clock, const Mailer& m,
                               std::map<std::string, ActivityState>& states, const SignupInput& in,
                               const std::string& address, std::vector<audit::Entry>& audits, bool& refused) {
  refused = true;
  if (in.children.empty() || in.children.size() > 6) return invalid(N_("Write the name of at least one child."));
  refused = false;
  auto st = state_of(c, states, in.municipality_id, in.activity_id);
  if (!st) {
    refused = st.error().kind == ErrorKind::not_found;
    return pass(st);
  }
  ActivityState& s = **st;
  const UnixSeconds now = clock.now();
  if (!s.activity.signup_open(now)) {
    refused = true;
    return invalid(N_("Sign-up for this activity is not open."));
  }

  EnrolOutcome out;
  out.signup_id = ids::new_uuid();
  out.cancel_token = crypto::random_token();
  Signup sg;
  sg.id = out.signup_id;
  sg.municipality_id = in.municipality_id;
  sg.activity_id = in.activity_id;
  sg.guardian_name = in.guardian_name;
  sg.phone = in.phone;
  sg.email = in.email;
  sg.language = in.language;
  sg.created_at = now;
  KP_TRY(insert_signup(c, sg, crypto::sha256_hex(out.cancel_token)));
  for (const ChildInput& ch : in.children) {
    Participant p;
    p.id = ids::new_uuid();
    p.municipality_id = in.municipality_id;
    p.activity_id = in.activity_id;
    p.signup_id = sg.id;
    p.name = ch.name;
    p.birth_year = ch.birth_year;
    p.needs = ch.needs;
    if (s.activity.allocation == Allocation::lottery) {
      p.status = ParticipantStatus::applied;
      ++s.waiting;
    } else if (s.public_left > 0 && s.waiting == 0) {
      p.status = ParticipantStatus::confirmed;
      --s.public_left;
    } else {
      p.status = ParticipantStatus::waiting;
      ++s.waiting;
    }
    p.queue_no = s.next_queue++;
    p.created_at = p.updated_at = now;
    KP_TRY(insert_participant(c, p));
    out.children.push_back(std::move(p));
  }
  KP_TRY(send_receipt(c, clock, m, s.activity, sg, out.children, out.cancel_token));
  audits.push_back(audit::Entry{in.municipality_id, "public", "activity.signup", "signup", sg.id, address, "",
                                details_json(in.activity_id, in.children.size())});
  return out;
}

}  // namespace

Result<EnrolOutcome> Enroller::enrol(const SignupInput& in, const std::string& address) {
  Waiter me;
  me.input = &in;
  me.address = &address;
  std::unique_lock lock(mu_);
  queue_.push_back(&me);
  cv_.wait(lock, [&] { return me.done || !flushing_; });
  if (me.done) return std::move(*me.result);

  flushing_ = true;
  std::vector<Waiter*> batch;
  batch.swap(queue_);
  lock.unlock();
  flush(batch);
  lock.lock();
  ++batches_;
  for (Waiter* w : batch) {
    if (*w->result) ++signups_;
    w->done = true;
  }
  flushing_ = false;
  cv_.notify_all();
  return std::move(*me.result);
}

void Enroller::flush(const std::vector<Waiter*>& batch) {
  std::vector<Result<EnrolOutcome>> results;
  auto run = [&](const std::vector<Waiter*>& ws) -> Status {
    return db_.with_write([&](store::Conn& c) -> Status {
      results.clear();
      std::map<std::string, ActivityState> states;
      std::vector<audit::Entry> audits;
      for (const Waiter* w : ws) {
        bool refused = false;
        auto r = enrol_one(c, clock_, mailer_, states, *w->input, *w->address, audits, refused);
        if (!r && !refused) return pass(r);
        results.push_back(std::move(r));
      }
      return audit::append_all(c, clock_, audits);
    });
  };
  auto guarded = [&](const std::vector<Waiter*>& ws) -> Status {
    try {
      return run(ws);
    } catch (const std::exception& ex) {
      return internal_error(std::string("enrol flush: ") + typeid(ex).name());
    }
  };
  Status st = guarded(batch);
  if (st) {
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->result.emplace(std::move(results[i]));
    return;
  }
  if (batch.size() == 1) {
    batch[0]->result.emplace(kp::unexpected<Error>(st.error()));
    return;
  }
  // One sign-up's failure must not fail the others: decide each alone.
  for (Waiter* w : batch) {
    Status one = guarded({w});
    if (one)
      w->result.emplace(std::move(results.at(0)));
    else
      w->result.emplace(kp::unexpected<Error>(one.error()));
  }
}

std::int64_t Enroller::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

std::int64_t Enroller::signups() const {
  std::lock_guard lock(mu_);
  return signups_;
}

Status cancel_participant(store::Database& db, const Clock& clock, const Mailer& m, int offer_hold_hours,
                          const std::string& municipality_id, const std::string& participant_id,
                          const std::string& actor_id, const std::string& address) {
  return db.with_write([&](store::Conn& c) -> Status {
    auto p = get_participant(c, municipality_id, participant_id);
    if (!p) return pass(p);
    if (!*p) return not_found(N_("There is no such place."));
    KP_TRY(lock_activity(c, municipality_id, (*p)->activity_id));
    const ParticipantStatus was = (*p)->status;
    if (was == ParticipantStatus::cancelled || was == ParticipantStatus::declined ||
        was == ParticipantStatus::not_placed)
      return {};
    const UnixSeconds now = clock.now();
    KP_TRY(change_status(c, municipality_id, participant_id, was, ParticipantStatus::cancelled, std::nullopt,
                         std::nullopt, now));
    std::vector<audit::Entry> audits;
    audits.push_back(audit::Entry{municipality_id, actor_id, "activity.cancel", "participant", participant_id, address,
                                  "", fmt::format(R"({{"activity":"{}","was":"{}"}})", (*p)->activity_id, to_string(was))});
    auto a = get_activity(c, municipality_id, (*p)->activity_id);
    if (!a) return pass(a);
    auto sg = get_signup(c, municipality_id, (*p)->signup_id);
    if (!sg) return pass(sg);
    if (*a && *sg) {
      Participant done = **p;
      done.status = ParticipantStatus::cancelled;
      KP_TRY(send_cancellation(c, clock, m, **a, **sg, {done}));
    }
    if (holds_place(was)) {
      auto offered = offer_free_places(c, clock, m, offer_hold_hours, municipality_id, (*p)->activity_id, audits);
      if (!offered) return pass(offered);
    }
    return audit::append_all(c, clock, audits);
  });
}

Result<EnrolOutcome> book_reserved_place(store::Database& db, const Clock& clock, const Mailer& m,
                                         const ReservedBooking& b, const std::string& address) {
  return db.write([&](store::Conn& c) -> Result<EnrolOutcome> {
    KP_TRY(lock_activity(c, b.municipality_id, b.activity_id));
    auto a = get_activity(c, b.municipality_id, b.activity_id);
    if (!a) return pass(a);
    if (!*a) return not_found(N_("There is no such activity."));
    const Activity& act = **a;
    const UnixSeconds now = clock.now();
    const std::string today = format_iso_date(to_oslo(now).date);
    if (act.status != ActivityStatus::published || act.starts_on <= today)
      return invalid(N_("Places can only be booked on a published activity that has not started."));
    auto counts = place_counts(c, b.municipality_id, act);
    if (!counts) return pass(counts);
    std::string kind;
    if (counts->reserved_left() > 0) {
      kind = "reserved";
    } else if (counts->public_left() > 0 && counts->waiting == 0 && counts->applied == 0) {
      kind = "public";
    } else {
      return fail(ErrorKind::conflict, N_("No places are left on this activity."));
    }
    auto max = max_queue_no(c, b.municipality_id, b.activity_id);
    if (!max) return pass(max);

    EnrolOutcome out;
    out.signup_id = ids::new_uuid();
    out.cancel_token = crypto::random_token();
    Signup sg;
    sg.id = out.signup_id;
    sg.municipality_id = b.municipality_id;
    sg.activity_id = b.activity_id;
    sg.guardian_name = b.guardian_name;
    sg.phone = b.phone;
    sg.email = b.email;
    sg.language = b.language;
    sg.source = "staff";
    sg.created_at = now;
    KP_TRY(insert_signup(c, sg, crypto::sha256_hex(out.cancel_token)));
    Participant p;
    p.id = ids::new_uuid();
    p.municipality_id = b.municipality_id;
    p.activity_id = b.activity_id;
    p.signup_id = sg.id;
    p.name = b.child.name;
    p.birth_year = b.child.birth_year;
    p.needs = b.child.needs;
    p.status = ParticipantStatus::confirmed;
    p.queue_no = *max + 1;
    p.created_at = p.updated_at = now;
    KP_TRY(insert_participant(c, p));
    KP_TRY(insert_activity_referral(c, b.municipality_id, b.activity_id, p.id, b.family_id, b.booked_by, kind, now));
    out.children.push_back(p);
    KP_TRY(send_receipt(c, clock, m, act, sg, out.children, out.cancel_token));
    KP_TRY(audit::append(c, clock,
                         audit::Entry{b.municipality_id, b.booked_by, "activity.book", "participant", p.id, address, "",
                                      fmt::format(R"({{"activity":"{}"}})", b.activity_id)}));
    return out;
  });
}

Status give_lottery_priority(store::Database& db, const Clock& clock, const std::string& municipality_id,
                             const std::string& participant_id, const std::optional<std::string>& family_id,
                             const std::string& booked_by, const std::string& address) {
  return db.with_write([&](store::Conn& c) -> Status {
    auto p = get_participant(c, municipality_id, participant_id);
    if (!p) return pass(p);
    if (!*p) return not_found(N_("There is no such place."));
    auto kind = referral_kind(c, municipality_id, participant_id);
    if (!kind) return pass(kind);
    if (*kind) return fail(ErrorKind::conflict, N_("This child already has priority."));
    KP_TRY(insert_activity_referral(c, municipality_id, (*p)->activity_id, participant_id, family_id, booked_by,
                                    "priority", clock.now()));
    return audit::append(c, clock,
                         audit::Entry{municipality_id, booked_by, "activity.priority", "participant", participant_id,
                                      address, "", fmt::format(R"({{"activity":"{}"}})", (*p)->activity_id)});
  });
}

}  // namespace kp::activities
