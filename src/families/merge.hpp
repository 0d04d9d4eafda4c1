// Merging a person registered twice (same national identity number, or same name and birth
// date — see find_duplicates in store.hpp) while keeping history: nothing is deleted.
#pragma once
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::families {

// Merges the person `duplicate_id` into `keep_id`, inside the caller's transaction:
//   - the duplicate's row stays, with merged_into = keep_id (get_family then leaves it out of
//     its family's members, find_duplicates out of its answers);
//   - consents given by or for the duplicate (subject_person_id) now name the kept person, and
//     records merged into the duplicate earlier now point to the kept person too;
//   - empty fields of the kept person (birth date, national id, phone, e-mail, school) are
//     filled from the duplicate; nothing already there is overwritten.
// Errors: invalid when merging a person into themselves or when either is already merged;
// not_found when either does not exist or they belong to different municipalities.
// `by` (the user merging) is not stored on the rows — persons has no column for it; the
// caller's audit record ("person.merge") says who merged.
Status merge_persons(store::Conn& c, const std::string& keep_id, const std::string& duplicate_id,
                     const std::string& by, UnixSeconds now);

}  // namespace kp::families
