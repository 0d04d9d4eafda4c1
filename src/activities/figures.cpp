#include "activities/figures.hpp"

#include "activities/rules.hpp"

namespace kp::activities {

ActivityFigures& ActivityFigures::operator+=(const ActivityFigures& o) {
  places += o.places;
  signed_up += o.signed_up;
  applied += o.applied;
  waiting += o.waiting;
  cancelled += o.cancelled;
  attended += o.attended;
  no_shows += o.no_shows;
  target_group += o.target_group;
  present_marks += o.present_marks;
  return *this;
}

std::map<std::string, ActivityFigures> figures_by_activity(const std::vector<Activity>& activities,
                                                           const std::vector<ParticipantFacts>& facts) {
  std::map<std::string, ActivityFigures> out;
  for (const auto& a : activities) out[a.id].places = a.capacity;
  for (const auto& f : facts) {
    auto it = out.find(f.activity_id);
    if (it == out.end()) continue;
    ActivityFigures& g = it->second;
    switch (f.status) {
      case ParticipantStatus::applied: ++g.applied; break;
      case ParticipantStatus::waiting: ++g.waiting; break;
      case ParticipantStatus::cancelled:
      case ParticipantStatus::declined:
      case ParticipantStatus::not_placed: ++g.cancelled; break;
      case ParticipantStatus::confirmed:
      case ParticipantStatus::offered: break;
    }
    if (!takes_attendance(f.status)) continue;
    ++g.signed_up;
    if (f.target_group) ++g.target_group;
    g.present_marks += f.sessions_present;
    if (f.sessions_present > 0) ++g.attended;
    else if (f.sessions_absent > 0) ++g.no_shows;
  }
  return out;
}

ActivityFigures total_of(const std::map<std::string, ActivityFigures>& figures) {
  ActivityFigures t;
  for (const auto& [id, f] : figures) t += f;
  return t;
}

}  // namespace kp::activities
