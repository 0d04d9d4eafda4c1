// The family's log (stafettlogg): dated entries — a call, a home visit, a meeting, a note —
// with their author, and who may read them. Plus the caseload's "no contact for N weeks",
// which the log feeds through families.last_contact_at.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "families/model.hpp"
#include "store/database.hpp"

namespace kp::families {

enum class LogKind { call, home_visit, meeting, note };
const char* to_string(LogKind k);
std::optional<LogKind> log_kind_from(std::string_view s);
// Every kind, in the order forms offer them.
const std::vector<LogKind>& log_kinds();

struct LogEntry {
  std::string id;
  std::string family_id;
  std::string happened_on;     // 'YYYY-MM-DD'
  LogKind kind = LogKind::note;
  std::string text;
  std::string author_id;
  std::string author_name;     // filled by reads
  std::string author_service;  // the author's service when they wrote it
  UnixSeconds created_at = 0;
};

// How many entries a log page shows.
inline constexpr int kLogPageSize = 50;

// Inserts `e` (id, family_id, happened_on, kind, text, author_id, author_service set).
Status insert_log_entry(store::Conn& c, const std::string& municipality_id, const LogEntry& e, UnixSeconds now);
// Up to `limit` entries of the family from `offset`, newest first (by date, then by when they
// were written). Uses the family_log_family index and LIMIT/OFFSET, so a page costs the same
// however long the log grows.
Result<std::vector<LogEntry>> log_entries(store::Conn& c, const std::string& family_id, int limit, int offset);
// The number of entries in the family's log.
Result<std::int64_t> count_log_entries(store::Conn& c, const std::string& family_id);

// An open family that nobody has logged contact with since a moment.
struct QuietFamily {
  std::string id;
  std::string reference;
  std::string name;
  std::optional<UnixSeconds> last_contact_at;  // nullopt: no contact since it was opened
};
// Open families of the municipality (only `coordinator_id`'s when given) whose last contact is
// before `since`, or that have had none and were opened before `since`. The longest silent
// first. Anonymised families are left out.
Result<std::vector<QuietFamily>> families_without_contact(store::Conn& c, const std::string& municipality_id,
                                                          const std::optional<std::string>& coordinator_id,
                                                          UnixSeconds since);

// "Visible to the team as consent allows": the coordinator and emergency access always read
// the log; a team member only when a whole-family consent valid on `today` covers their
// service AND includes the information kind "log". Other grounds: never. Pure.
// (policy::ConsentFacts carries no information kinds, so this takes the family's consents as
// read by families::consents().)
bool may_read_log(const std::vector<Consent>& consents, policy::FamilyGrounds grounds,
                  std::string_view actor_service, std::string_view today);

}  // namespace kp::families
