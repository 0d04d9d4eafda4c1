#include "families/merge.hpp"

#include "families/store.hpp"

namespace kp::families {
namespace {

// The person's municipality, or "" when there is no such person.
Result<std::string> municipality_of(store::Conn& c, const std::string& person_id) {
  auto row = c.query_one("SELECT municipality_id FROM persons WHERE id = $1", {person_id});
  if (!row) return pass(row);
  return *row ? (*row)->text(0) : std::string();
}

void fill(std::string& kept, const std::string& other) {
  if (kept.empty()) kept = other;
}

}  // namespace

Status merge_persons(store::Conn& c, const std::string& keep_id, const std::string& duplicate_id,
                     [[maybe_unused]] const std::string& by, UnixSeconds now) {
  if (keep_id == duplicate_id) return invalid(N_("A person cannot be merged with themselves."), "other");
  auto keep_mun = municipality_of(c, keep_id);
  if (!keep_mun) return pass(keep_mun);
  auto dup_mun = municipality_of(c, duplicate_id);
  if (!dup_mun) return pass(dup_mun);
  if (keep_mun->empty() || dup_mun->empty() || *keep_mun != *dup_mun)
    return not_found(N_("The person is not registered."));
  auto keep = get_person(c, keep_id);
  if (!keep) return pass(keep);
  auto dup = get_person(c, duplicate_id);
  if (!dup) return pass(dup);
  if (!*keep || !*dup) return not_found(N_("The person is not registered."));
  if ((*keep)->merged_into || (*dup)->merged_into)
    return invalid(N_("One of the two records has already been merged into another."), "other");

  Person kept = **keep;
  const Person& other = **dup;
  fill(kept.birth_date, other.birth_date);
  if (!kept.national_id && other.national_id) kept.national_id = other.national_id;
  fill(kept.phone, other.phone);
  fill(kept.email, other.email);
  fill(kept.school, other.school);
  KP_TRY(update_person(c, kept, now));

  auto n = c.exec("UPDATE persons SET merged_into = $1, updated_at = $2 WHERE id = $3 AND merged_into IS NULL",
                  {keep_id, now, duplicate_id});
  if (!n) return pass(n);
  if (*n != 1) return invalid(N_("One of the two records has already been merged into another."), "other");
  // Earlier merges into the duplicate follow it, so every old record points at the living one.
  KP_TRY(c.exec("UPDATE persons SET merged_into = $1, updated_at = $2 WHERE merged_into = $3",
                {keep_id, now, duplicate_id}));
  KP_TRY(c.exec("UPDATE consents SET subject_person_id = $1 WHERE subject_person_id = $2", {keep_id, duplicate_id}));
  return {};
}

}  // namespace kp::families
