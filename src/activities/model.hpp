// Activities with limited places (aktiviteter og påmelding): plain data. An activity belongs to
// a catalog offer and has dates, sessions, places, an age range, a price and a sign-up window.
// A guardian's application is a Signup; each child on it is a Participant. No SQL, no HTTP.
//
// Places: `capacity` counts every place; `reserved_places` of them are kept for children that
// staff book on behalf of a referred family (quiet reserved places). Which participants were
// referred is stored apart (activity_referrals) and is not part of Participant on purpose.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace kp::activities {

enum class ActivityStatus { draft, published, cancelled };
const char* to_string(ActivityStatus s);
std::optional<ActivityStatus> activity_status_from_string(std::string_view s);

// first_come: places go in arrival order; lottery: applications during the window, then
// run_lottery() decides.
enum class Allocation { first_come, lottery };
const char* to_string(Allocation a);
std::optional<Allocation> allocation_from_string(std::string_view s);

// A child's place on an activity.
//   applied    – a lottery application, not yet decided
//   confirmed  – has a place
//   waiting    – on the waiting list (order: queue_no)
//   offered    – a freed place is held for the child until offer_expires_at
//   cancelled  – the guardian or staff cancelled
//   declined   – the guardian declined an offer, or it expired
//   not_placed – the activity started (or was closed) without a place for the child
enum class ParticipantStatus { applied, confirmed, waiting, offered, cancelled, declined, not_placed };
const char* to_string(ParticipantStatus s);
std::optional<ParticipantStatus> participant_status_from_string(std::string_view s);
// True for statuses that hold a place (confirmed, offered).
bool holds_place(ParticipantStatus s);

struct Activity {
  std::string id, municipality_id, offer_id;
  std::string title, description, bring, place;
  std::string starts_on, ends_on;  // 'YYYY-MM-DD'
  std::int64_t capacity = 0;
  std::int64_t reserved_places = 0;
  std::optional<std::int64_t> age_min, age_max;
  std::int64_t price_ore = 0;      // 0 = free
  UnixSeconds signup_opens = 0, signup_closes = 0;
  Allocation allocation = Allocation::first_come;
  ActivityStatus status = ActivityStatus::draft;
  std::int64_t version = 1;
  UnixSeconds created_at = 0, updated_at = 0;

  std::int64_t public_places() const { return capacity > reserved_places ? capacity - reserved_places : 0; }
  bool signup_open(UnixSeconds now) const {
    return status == ActivityStatus::published && now >= signup_opens && now < signup_closes;
  }
};

struct Session {
  std::string id, municipality_id, activity_id;
  UnixSeconds starts_at = 0, ends_at = 0;
  std::string note;
};

// How many places are taken. Safe to show publicly: only counts, reserved places not split out
// in public views (they show public_left()).
struct PlaceCounts {
  std::int64_t capacity = 0, reserved_places = 0;
  std::int64_t public_taken = 0;    // confirmed + offered on public places
  std::int64_t reserved_taken = 0;  // confirmed + offered on reserved places
  std::int64_t waiting = 0;
  std::int64_t applied = 0;
  // Never more than capacity in all: reserved holders beyond reserved_places (the number was
  // lowered after they were booked) take public places.
  std::int64_t public_left() const {
    const std::int64_t kept = reserved_places > reserved_taken ? reserved_places : reserved_taken;
    const std::int64_t pub = capacity > kept ? capacity - kept : 0;
    return pub > public_taken ? pub - public_taken : 0;
  }
  std::int64_t reserved_left() const {
    return reserved_places > reserved_taken ? reserved_places - reserved_taken : 0;
  }
};

struct Signup {
  std::string id, municipality_id, activity_id;
  std::string guardian_name, phone, email;
  std::string language = "nb";
  std::string source = "public";  // public, staff
  UnixSeconds created_at = 0;
};

struct Participant {
  std::string id, municipality_id, activity_id, signup_id;
  std::string name;
  std::int64_t birth_year = 0;
  std::string needs;
  ParticipantStatus status = ParticipantStatus::applied;
  std::int64_t queue_no = 0;
  std::optional<UnixSeconds> offer_expires_at;
  UnixSeconds created_at = 0, updated_at = 0;
};

// One child as typed on the sign-up form.
struct ChildInput {
  std::string name;
  std::int64_t birth_year = 0;
  std::string needs;
};

// A guardian's sign-up as typed (validated by validate_signup in enrolment.hpp).
struct SignupInput {
  std::string municipality_id, activity_id;
  std::string guardian_name, phone, email;
  std::string language = "nb";
  std::vector<ChildInput> children;  // 1–6
};

struct Attendance {
  std::string participant_id, session_id;
  bool present = false;
  std::string recorded_by;
  UnixSeconds recorded_at = 0;
};

struct LotteryRun {
  std::string id, municipality_id, activity_id;
  std::string seed;  // 16 lower-case hex digits
  UnixSeconds run_at = 0;
  std::string run_by;
  std::string explanation;  // counts only, no names
};

}  // namespace kp::activities
