// The family follow-up's core SQL: households, people, team, consents, the BTI level and the
// facts the access policy needs. Functions take a store::Conn so callers compose them with the
// audit record in one transaction. Reads never return a protected address: the store blanks
// it, so no page, export or log further up can leak it by mistake.
// Feature stores (plan, meetings, log, progress, intake) live in their own files.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "families/model.hpp"
#include "store/database.hpp"

namespace kp::families {

using store::Conn;

// ---- access ---------------------------------------------------------------------------------

// The facts that decide who may see `family_id`, with the emergency grant of `user_id` that is
// unexpired at `now`. nullopt when the family does not exist (or is anonymised).
Result<std::optional<FamilyFacts>> load_facts(Conn& c, const std::string& family_id,
                                              const std::string& user_id, UnixSeconds now);
// Facts for every open or closed family of the municipality where the user is coordinator, on
// the team, or holds an unexpired emergency grant — what list pages filter with the policy.
Result<std::vector<FamilyFacts>> facts_for_user(Conn& c, const std::string& municipality_id,
                                                const std::string& user_id, UnixSeconds now);

// ---- families -------------------------------------------------------------------------------

Result<std::optional<Family>> get_family(Conn& c, const std::string& id);
struct FamilyQuery {
  std::string municipality_id;
  std::vector<std::string> ids;                 // empty: no restriction by id
  bool restrict_to_ids = false;                 // true with empty ids: nothing
  std::optional<FamilyStatus> status;
  std::optional<std::string> coordinator_id;
  int limit = 0;   // > 0: at most this many (ignored with restrict_to_ids, which is small by nature)
  int offset = 0;
};
// Families in Norwegian name order. Anonymised families are left out. With restrict_to_ids
// each family is looked up by its key, so a coordinator's list costs the same with 10 or
// 10,000 families in the municipality.
Result<std::vector<FamilySummary>> list_families(Conn& c, const FamilyQuery& q);
// Number of families list_families would return without limit/offset.
Result<std::int64_t> count_families(Conn& c, const FamilyQuery& q);

// Inserts a family and its members; gives it the next reference of the year ('F-2026-0001').
// Returns the reference. `f.id` and every member id must be set.
Result<std::string> insert_family(Conn& c, const Family& f, UnixSeconds now);
// Replaces the family's own fields (name, address and its protection, district) if its version
// is `expected_version`; otherwise conflict "changed by someone else". Keeps the stored address
// when `keep_address` (the form could not show it because it is protected).
Status update_family(Conn& c, const Family& f, std::int64_t expected_version, bool keep_address,
                     UnixSeconds now);
Status set_coordinator(Conn& c, const std::string& family_id, const std::string& user_id, UnixSeconds now);
Status set_bti_level(Conn& c, const std::string& municipality_id, const std::string& family_id,
                     int level, const std::string& note, const std::string& by, UnixSeconds now);
struct BtiChange {
  int level = 0;
  std::string note;
  std::string set_by_name;
  UnixSeconds set_at = 0;
};
Result<std::vector<BtiChange>> bti_history(Conn& c, const std::string& family_id);
// Records contact (log entry, meeting) so "no contact for N weeks" stays cheap to find.
Status touch_contact(Conn& c, const std::string& family_id, UnixSeconds at);
// Closes the family (read-only from then on) with a reason and an evaluation.
Status close_family(Conn& c, const std::string& family_id, const std::string& reason,
                    const std::string& evaluation, UnixSeconds now);

// ---- people ---------------------------------------------------------------------------------

Status insert_person(Conn& c, const std::string& municipality_id, const Person& p, UnixSeconds now);
Status update_person(Conn& c, const Person& p, UnixSeconds now);
Result<std::optional<Person>> get_person(Conn& c, const std::string& id);
// People of the municipality (not merged away) with the same national id, or the same name and
// birth date, as `p` — other than `p` itself. For duplicate warnings.
Result<std::vector<Person>> find_duplicates(Conn& c, const std::string& municipality_id, const Person& p);

// ---- team -----------------------------------------------------------------------------------

Result<std::vector<TeamMember>> team(Conn& c, const std::string& family_id);
Status add_team_member(Conn& c, const std::string& municipality_id, const std::string& family_id,
                       const std::string& user_id, const std::string& by, UnixSeconds now);
Status remove_team_member(Conn& c, const std::string& family_id, const std::string& user_id);
struct StaffChoice {
  std::string id;
  std::string display_name;
  std::string service;
  bool coordinator = false;
};
// Staff of the municipality who can work with families (coordinators, service employees,
// leaders), in name order, for team and coordinator choices.
Result<std::vector<StaffChoice>> family_staff(Conn& c, const std::string& municipality_id);

// ---- consent --------------------------------------------------------------------------------

Result<std::vector<Consent>> consents(Conn& c, const std::string& family_id);
Result<std::optional<Consent>> get_consent(Conn& c, const std::string& id);
Status insert_consent(Conn& c, const std::string& municipality_id, const Consent& k, UnixSeconds now);
// Withdrawal takes effect at once: from `now` the consent covers nothing. Fails (not_found)
// when the consent is not this family's or already withdrawn.
Status withdraw_consent(Conn& c, const std::string& family_id, const std::string& consent_id,
                        const std::string& by, const std::string& note, UnixSeconds now);

// ---- emergency access ------------------------------------------------------------------------

// The family with this case number, or with a member whose national id is the 11 digits in
// `text` (spaces ignored); open families first. "" when none in the municipality.
Result<std::string> find_family_by_reference_or_member(Conn& c, const std::string& municipality_id,
                                                       std::string_view text);

Status grant_emergency_access(Conn& c, const std::string& municipality_id, const std::string& family_id,
                              const std::string& user_id, const std::string& reason,
                              UnixSeconds now, UnixSeconds expires_at);

}  // namespace kp::families
