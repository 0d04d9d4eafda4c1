// Retention (sletting etter saksslutt): closed families are anonymised a set time after they
// were closed, by `knutepunkt retention run`. Their personal data — people, consents, the plan,
// meetings, the log, progress, referrals, files, team and emergency grants — is deleted; the
// family row stays as a case number with its level and dates, so statistics still count it.
// The audit log is not touched (it is append-only and holds no personal data by design); each
// anonymisation adds a "family.anonymise" record by "system".
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::families {

struct RetentionReport {
  bool dry_run = false;
  UnixSeconds closed_before = 0;        // families closed before this moment were due
  std::int64_t families_anonymised = 0; // in a dry run: that would be
  // Rows removed per table, in the order they are removed ("family_bti" rows are kept for
  // statistics with their notes cleared; they are counted here as cleared).
  std::vector<std::pair<std::string, std::int64_t>> rows;

  // Rows of `table` (0 when none or unknown).
  std::int64_t count(std::string_view table) const;
  std::int64_t persons_removed() const { return count("persons"); }
};

// Anonymises every closed, not yet anonymised family (in every municipality) whose closed_at is
// more than `retention_days` days before now — one transaction per family, together with its
// audit record, so a failure leaves each family either untouched or fully anonymised. With
// `dry_run` nothing is changed and the report counts what would be removed. Fails (invalid)
// for retention_days < 1.
Result<RetentionReport> run_retention(store::Database& db, const Clock& clock, int retention_days, bool dry_run);

}  // namespace kp::families
