#include "activities/model.hpp"

#include <array>
#include <utility>

namespace kp::activities {
namespace {

template <class E, size_t N>
std::optional<E> lookup(const std::array<std::pair<E, const char*>, N>& table, std::string_view s) {
  for (const auto& [e, name] : table)
    if (s == name) return e;
  return std::nullopt;
}
template <class E, size_t N>
const char* name_of(const std::array<std::pair<E, const char*>, N>& table, E e) {
  for (const auto& [v, name] : table)
    if (v == e) return name;
  return "";
}

constexpr std::array<std::pair<ActivityStatus, const char*>, 3> kActivityStatus{{
    {ActivityStatus::draft, "draft"},
    {ActivityStatus::published, "published"},
    {ActivityStatus::cancelled, "cancelled"},
}};
constexpr std::array<std::pair<Allocation, const char*>, 2> kAllocation{{
    {Allocation::first_come, "first_come"},
    {Allocation::lottery, "lottery"},
}};
constexpr std::array<std::pair<ParticipantStatus, const char*>, 7> kParticipantStatus{{
    {ParticipantStatus::applied, "applied"},
    {ParticipantStatus::confirmed, "confirmed"},
    {ParticipantStatus::waiting, "waiting"},
    {ParticipantStatus::offered, "offered"},
    {ParticipantStatus::cancelled, "cancelled"},
    {ParticipantStatus::declined, "declined"},
    {ParticipantStatus::not_placed, "not_placed"},
}};

}  // namespace

const char* to_string(ActivityStatus s) { return name_of(kActivityStatus, s); }
std::optional<ActivityStatus> activity_status_from_string(std::string_view s) { return lookup(kActivityStatus, s); }
const char* to_string(Allocation a) { return name_of(kAllocation, a); }
std::optional<Allocation> allocation_from_string(std::string_view s) { return lookup(kAllocation, s); }
const char* to_string(ParticipantStatus s) { return name_of(kParticipantStatus, s); }
std::optional<ParticipantStatus> participant_status_from_string(std::string_view s) {
  return lookup(kParticipantStatus, s);
}
bool holds_place(ParticipantStatus s) {
  return s == ParticipantStatus::confirmed || s == ParticipantStatus::offered;
}

}  // namespace kp::activities
