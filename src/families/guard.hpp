// The per-family access check every family-record route passes (called by the dispatcher, so
// no handler can forget it), and the audit helpers family pages share.
#pragma once
#include <string>

#include "audit/audit.hpp"
#include "policy/policy.hpp"
#include "web/context.hpp"

namespace kp::families {

// For a route with a family-record permission: loads the facts of the family named by the
// {id} path parameter, asks policy::family_decision, and on allow stores facts and grounds in
// ctx and — for GET/HEAD — appends the audit record of the look (fail closed: no record, no
// page). Returns allow, hidden (→ 404) or, when the database is unavailable, forbidden.
policy::Decision guard(web::Context& ctx, policy::Permission p);

// Today's date in Oslo, ISO 'YYYY-MM-DD' (consent validity is by calendar day).
std::string today_iso(const Clock& clock);

// An audit entry for the signed-in actor about a family (entity "family").
audit::Entry family_audit(const web::Context& ctx, const std::string& action, const std::string& family_id,
                          const std::string& details = {});
// Queues read records for families a list page shows (one per family, so the family's own
// access log lists the look). Fail closed: the dispatcher holds the page until they are
// committed and sends a busy message instead if that fails.
Status log_list_view(const web::Context& ctx, const std::vector<std::string>& family_ids,
                     const std::string& page);

}  // namespace kp::families
