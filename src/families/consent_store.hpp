// SQL for consent beyond the consent rows themselves (those are in store.hpp): the signed scan
// of a consent form, kept in `attachments` as base64 (one portable column type on both
// engines), and the consents that run out soon, for the caseload.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "families/model.hpp"
#include "store/database.hpp"

namespace kp::families {

using store::Conn;

// A stored file. `content` holds the decoded bytes (only when read with get_consent_scan).
struct Attachment {
  std::string id;
  std::string family_id;
  std::string owner_kind;     // "consent"
  std::string owner_id;
  std::string filename;       // as the uploader's browser named it, cleaned (clean_filename)
  std::string content_type;   // from the file's first bytes (scan_content_type)
  std::int64_t size = 0;
  std::string content;
  std::string uploaded_by;
  UnixSeconds uploaded_at = 0;
};

// Stores `a` (id, family_id, owner_id, filename, content_type, content, uploaded_by set) as the
// signed scan of consent a.owner_id, replacing any earlier scan of that consent — a wrong or
// unreadable scan should not linger next to the right one.
Status put_consent_scan(Conn& c, const std::string& municipality_id, const Attachment& a, UnixSeconds now);
// The scan of consent `consent_id` of family `family_id`, with its content; nullopt when none.
// Internal error when the stored content is not valid base64.
Result<std::optional<Attachment>> get_consent_scan(Conn& c, const std::string& family_id,
                                                   const std::string& consent_id);
// The ids of the family's consents that have a scan (for the consent page, without contents).
Result<std::set<std::string>> consents_with_scan(Conn& c, const std::string& family_id);

// A whole-family consent that runs out soon: what the caseload lists.
struct ExpiringConsent {
  std::string family_id;
  std::string reference;
  std::string family_name;
  std::string consent_id;
  std::string valid_to;  // 'YYYY-MM-DD', inclusive
};
// Consents of open (not anonymised) families of the municipality — only the families whose
// coordinator is `coordinator_id`, when given — that are given (not refused), not withdrawn,
// for the whole family (not a young person's own), and whose last day lies in
// [today, until] (ISO dates, both inclusive). Ordered by valid_to, then family name order.
// Young people's own consents are left out because they do not open the family to a team.
Result<std::vector<ExpiringConsent>> expiring_consents(Conn& c, const std::string& municipality_id,
                                                       const std::optional<std::string>& coordinator_id,
                                                       std::string_view today, std::string_view until);

}  // namespace kp::families
