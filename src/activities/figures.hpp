// Figures per activity and for all activities (tall): places, signed up, waiting, attended,
// no-shows and how many came from the target group — counts only, never names. Built from
// activity_store's ParticipantFacts, which carry no name, family or booker. Pure, thread-safe.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "activities/activity_store.hpp"
#include "activities/model.hpp"

namespace kp::activities {

struct ActivityFigures {
  std::int64_t places = 0;        // capacity
  std::int64_t signed_up = 0;     // holding a place: confirmed or offered
  std::int64_t applied = 0;       // lottery applications not yet decided
  std::int64_t waiting = 0;       // on the waiting list
  std::int64_t cancelled = 0;     // cancelled, declined or not placed
  std::int64_t attended = 0;      // holding a place and present at least once
  std::int64_t no_shows = 0;      // holding a place, attendance taken, never present
  std::int64_t target_group = 0;  // holding a place and referred by a service (reserved or priority)
  std::int64_t present_marks = 0; // child-sessions present, all sessions together

  ActivityFigures& operator+=(const ActivityFigures& o);
};

// Figures of each activity in `activities` (by id) from the facts of their participants;
// activities without participants get zeros and their places.
std::map<std::string, ActivityFigures> figures_by_activity(const std::vector<Activity>& activities,
                                                           const std::vector<ParticipantFacts>& facts);
// The sum over activities.
ActivityFigures total_of(const std::map<std::string, ActivityFigures>& figures);

}  // namespace kp::activities
