#include "families/retention.hpp"

#include <fmt/format.h>

#include "audit/audit.hpp"
#include "core/text.hpp"

namespace kp::families {
namespace {

using store::Conn;

// What is removed from each table, children before the rows they reference (consents before
// persons, measures and scores before goals). $1 is the family, $2 its municipality.
struct Step {
  const char* table;
  const char* where;
  bool clear_notes = false;  // keep the rows, blank their free text
};
constexpr Step kSteps[] = {
    {"progress_scores", "family_id = $1 AND municipality_id = $2"},
    {"progress_indicators", "family_id = $1 AND municipality_id = $2"},
    {"attachments", "family_id = $1 AND municipality_id = $2"},
    {"measures", "family_id = $1 AND municipality_id = $2"},
    {"goals", "family_id = $1 AND municipality_id = $2"},
    {"meetings", "family_id = $1 AND municipality_id = $2"},
    {"family_log", "family_id = $1 AND municipality_id = $2"},
    {"consents", "family_id = $1 AND municipality_id = $2"},
    {"family_income", "family_id = $1 AND municipality_id = $2"},
    // The level's history counts in statistics; only the note may say something personal.
    {"family_bti", "family_id = $1 AND municipality_id = $2 AND note <> ''", true},
    {"emergency_access", "family_id = $1 AND municipality_id = $2"},
    {"family_team", "family_id = $1 AND municipality_id = $2"},
    {"referrals", "family_id = $1 AND municipality_id = $2"},
    {"persons", "family_id = $1 AND municipality_id = $2"},
};

// A person of another family merged into one of this family's people keeps its own record;
// only the link goes (the merge itself stays in the audit log).
constexpr const char* kUnlinkMerged =
    "UPDATE persons SET merged_into = NULL WHERE municipality_id = $2 AND family_id <> $1 "
    "AND merged_into IN (SELECT id FROM persons WHERE family_id = $1)";

constexpr const char* kAnonymiseFamily =
    "UPDATE families SET name = $3, name_sort = $4, address = '', postal_code = '', city = '', "
    "address_protection = 'none', close_reason = '', close_evaluation = '', anonymised_at = $5, "
    "updated_at = $5, version = version + 1 WHERE id = $1 AND municipality_id = $2 AND anonymised_at IS NULL";

constexpr const char* kAnonymisedName = "Anonymised";

// Counts (dry run) or removes one family's rows; adds them to `counts` (same order as kSteps).
Status process_family(Conn& c, const std::string& family_id, const std::string& municipality_id, bool dry_run,
                      std::vector<std::int64_t>& counts) {
  const std::string fid = family_id, mid = municipality_id;
  for (size_t i = 0; i < std::size(kSteps); ++i) {
    const Step& s = kSteps[i];
    if (dry_run) {
      auto n = c.query_one(fmt::format("SELECT COUNT(*) FROM {} WHERE {}", s.table, s.where), {fid, mid});
      if (!n) return pass(n);
      counts[i] += *n ? (*n)->integer(0) : 0;
      continue;
    }
    if (std::string_view(s.table) == "persons") KP_TRY(c.exec(kUnlinkMerged, {fid, mid}));
    auto n = s.clear_notes ? c.exec(fmt::format("UPDATE {} SET note = '' WHERE {}", s.table, s.where), {fid, mid})
                           : c.exec(fmt::format("DELETE FROM {} WHERE {}", s.table, s.where), {fid, mid});
    if (!n) return pass(n);
    counts[i] += *n;
  }
  return {};
}

}  // namespace

std::int64_t RetentionReport::count(std::string_view table) const {
  for (const auto& [t, n] : rows)
    if (t == table) return n;
  return 0;
}

Result<RetentionReport> run_retention(store::Database& db, const Clock& clock, int retention_days, bool dry_run) {
  if (retention_days < 1) return invalid("retention_days must be at least 1", "retention_days");
  RetentionReport rep;
  rep.dry_run = dry_run;
  const UnixSeconds now = clock.now();
  rep.closed_before = now - static_cast<UnixSeconds>(retention_days) * 86400;

  // Which families are due, per municipality (families_status: municipality, status).
  std::vector<std::pair<std::string, std::string>> due;  // (family id, municipality id)
  KP_TRY(db.with_read([&](Conn& c) -> Status {
    due.clear();
    auto ms = c.query("SELECT id FROM municipalities ORDER BY id");
    if (!ms) return pass(ms);
    for (const auto& m : *ms) {
      auto fs = c.query(
          "SELECT id FROM families WHERE municipality_id = $1 AND status = 'closed' AND anonymised_at IS NULL "
          "AND closed_at < $2 ORDER BY closed_at, id",
          {m.text(0), rep.closed_before});
      if (!fs) return pass(fs);
      for (const auto& f : *fs) due.emplace_back(f.text(0), m.text(0));
    }
    return {};
  }));

  std::vector<std::int64_t> totals(std::size(kSteps), 0);
  for (const auto& [fid, mid] : due) {
    std::vector<std::int64_t> counts;
    bool anonymised = false;
    const auto one = [&](Conn& c) -> Status {
      counts.assign(std::size(kSteps), 0);  // PostgreSQL may run this again after a conflict
      anonymised = false;
      KP_TRY(process_family(c, fid, mid, dry_run, counts));
      if (dry_run) {
        anonymised = true;
        return {};
      }
      auto n = c.exec(kAnonymiseFamily, {fid, mid, std::string(kAnonymisedName), text::nb_sort_key(kAnonymisedName), now});
      if (!n) return pass(n);
      if (*n == 0) return {};  // anonymised by a run at the same time
      anonymised = true;
      // Numbers only: which family the record is about is its entity id.
      std::string details = "{";
      for (size_t i = 0; i < counts.size(); ++i)
        details += fmt::format("{}\"{}\":{}", i ? "," : "", kSteps[i].table, counts[i]);
      details += "}";
      return audit::append(c, clock, audit::Entry{mid, "system", "family.anonymise", "family", fid, "cli", "", details});
    };
    KP_TRY(dry_run ? db.with_read(one) : db.with_write(one));
    if (!anonymised) continue;
    for (size_t i = 0; i < counts.size(); ++i) totals[i] += counts[i];
    ++rep.families_anonymised;
  }
  for (size_t i = 0; i < std::size(kSteps); ++i) rep.rows.emplace_back(kSteps[i].table, totals[i]);
  return rep;
}

}  // namespace kp::families
