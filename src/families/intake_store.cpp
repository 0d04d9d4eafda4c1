#include "families/intake_store.hpp"

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "families/intake_rules.hpp"

namespace kp::families {
namespace {

using store::Row;
using store::Value;

constexpr const char* kReferralColumns =
    "r.id, r.municipality_id, r.kind, r.status, r.receipt, r.from_user_id, COALESCE(fu.display_name, ''), "
    "r.from_service, r.contact_name, r.child_name, r.child_birth_date, r.phone, r.email, r.language, "
    "r.interpreter, r.description, r.consent_to_contact, r.bti_level, r.family_id, r.decided_by, "
    "COALESCE(du.display_name, ''), r.decided_at, r.decision_reason, r.created_at";
constexpr const char* kReferralJoins =
    "referrals r LEFT JOIN users fu ON fu.id = r.from_user_id LEFT JOIN users du ON du.id = r.decided_by";

// The referrals table has no column for the children's ages the public form asks for, so a
// self referral keeps them as a labelled first line of its description. The label is in
// Norwegian, the hub's working language, so the text also reads well where the description is
// shown as it is stored (the person's data export).
constexpr std::string_view kAgesLabel = "Barnas alder: ";

std::string stored_description(const Referral& r) {
  if (r.kind != ReferralKind::self || r.children_ages.empty()) return r.description;
  std::string out = std::string(kAgesLabel) + r.children_ages;
  if (!r.description.empty()) out += "\n\n" + r.description;
  return out;
}

void split_description(Referral& r) {
  if (r.kind != ReferralKind::self || !r.description.starts_with(kAgesLabel)) return;
  const size_t nl = r.description.find('\n');
  r.children_ages = r.description.substr(kAgesLabel.size(), nl == std::string::npos ? std::string::npos : nl - kAgesLabel.size());
  size_t rest = nl == std::string::npos ? r.description.size() : nl + 1;
  if (rest < r.description.size() && r.description[rest] == '\n') ++rest;
  r.description.erase(0, rest);
}

Referral referral_from_row(const Row& row) {
  Referral r;
  r.id = row.text(0);
  r.municipality_id = row.text(1);
  r.kind = referral_kind_from(row.text(2)).value_or(ReferralKind::concern);
  r.status = referral_status_from(row.text(3)).value_or(ReferralStatus::new_);
  r.receipt = row.text(4);
  r.from_user_id = row.opt_text(5);
  r.from_user_name = row.text(6);
  r.from_service = row.text(7);
  r.contact_name = row.text(8);
  r.child_name = row.text(9);
  r.child_birth_date = row.text(10);
  r.phone = row.text(11);
  r.email = row.text(12);
  r.language = row.text(13);
  r.interpreter = row.integer(14) != 0;
  r.description = row.text(15);
  split_description(r);
  r.consent_to_contact = row.integer(16) != 0;
  r.bti_level = static_cast<int>(row.integer(17));
  r.family_id = row.opt_text(18);
  r.decided_by = row.opt_text(19);
  r.decided_by_name = row.text(20);
  r.decided_at = row.opt_integer(21);
  r.decision_reason = row.text(22);
  r.created_at = row.integer(23);
  return r;
}

Status decide(store::Conn& c, const std::string& referral_id, ReferralStatus status,
              const std::optional<std::string>& family_id, const std::string& reason, const std::string& by,
              UnixSeconds now) {
  auto n = c.exec(
      "UPDATE referrals SET status = $1, family_id = $2, decision_reason = $3, decided_by = $4, decided_at = $5 "
      "WHERE id = $6 AND status = 'new'",
      {std::string(to_string(status)), store::nullable(family_id), reason, by, now, referral_id});
  if (!n) return pass(n);
  if (*n == 1) return {};
  auto exists = c.query_one("SELECT 1 FROM referrals WHERE id = $1", {referral_id});
  if (!exists) return pass(exists);
  if (!*exists) return not_found(N_("The referral does not exist."));
  return fail(ErrorKind::conflict, N_("Someone else has already decided this referral."));
}

}  // namespace

Result<std::string> insert_referral(store::Conn& c, Referral& r, UnixSeconds now) {
  // A clash is about one in 10^11 per pair; a few draws make a failure practically impossible.
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string code = make_receipt_code([](size_t n) { return crypto::random_bytes(n); });
    auto taken = c.query_one("SELECT 1 FROM referrals WHERE municipality_id = $1 AND receipt = $2",
                             {r.municipality_id, code});
    if (!taken) return pass(taken);
    if (*taken) continue;
    r.receipt = code;
    r.created_at = now;
    auto ins = c.exec(
        "INSERT INTO referrals (id, municipality_id, kind, status, receipt, from_user_id, from_service, "
        "contact_name, child_name, child_birth_date, phone, email, language, interpreter, description, "
        "consent_to_contact, bti_level, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        {r.id, r.municipality_id, std::string(to_string(r.kind)), std::string(to_string(r.status)), code,
         store::nullable(r.from_user_id), r.from_service, r.contact_name, r.child_name, r.child_birth_date, r.phone,
         r.email, r.language, static_cast<std::int64_t>(r.interpreter), stored_description(r),
         static_cast<std::int64_t>(r.consent_to_contact), static_cast<std::int64_t>(r.bti_level), now});
    if (!ins) return pass(ins);
    return code;
  }
  return internal_error("no free receipt code");
}

Result<std::optional<Referral>> get_referral(store::Conn& c, const std::string& id) {
  auto row = c.query_one(fmt::format("SELECT {} FROM {} WHERE r.id = $1", kReferralColumns, kReferralJoins), {id});
  if (!row) return pass(row);
  if (!*row) return std::optional<Referral>();
  return std::optional<Referral>(referral_from_row(**row));
}

Result<std::vector<Referral>> list_inbox(store::Conn& c, const std::string& municipality_id,
                                         UnixSeconds decided_since) {
  auto waiting = c.query(fmt::format("SELECT {} FROM {} WHERE r.municipality_id = $1 AND r.status = 'new' "
                                     "ORDER BY r.created_at, r.id",
                                     kReferralColumns, kReferralJoins),
                         {municipality_id});
  if (!waiting) return pass(waiting);
  auto decided = c.query(fmt::format("SELECT {} FROM {} WHERE r.municipality_id = $1 AND r.status <> 'new' "
                                     "AND r.decided_at >= $2 ORDER BY r.decided_at DESC, r.id",
                                     kReferralColumns, kReferralJoins),
                         {municipality_id, decided_since});
  if (!decided) return pass(decided);
  std::vector<Referral> out;
  out.reserve(waiting->size() + decided->size());
  for (const auto& row : *waiting) out.push_back(referral_from_row(row));
  for (const auto& row : *decided) out.push_back(referral_from_row(row));
  return out;
}

Result<std::int64_t> count_waiting_referrals(store::Conn& c, const std::string& municipality_id) {
  auto row = c.query_one("SELECT COUNT(*) FROM referrals WHERE municipality_id = $1 AND status = 'new'",
                         {municipality_id});
  if (!row) return pass(row);
  return *row ? (*row)->integer(0) : 0;
}

Status accept_referral(store::Conn& c, const std::string& referral_id, const std::string& family_id,
                       const std::string& by, UnixSeconds now) {
  return decide(c, referral_id, ReferralStatus::accepted, family_id, "", by, now);
}

Status decline_referral(store::Conn& c, const std::string& referral_id, const std::string& reason,
                        const std::string& by, UnixSeconds now) {
  return decide(c, referral_id, ReferralStatus::declined, std::nullopt, reason, by, now);
}

Result<std::string> family_id_by_reference(store::Conn& c, const std::string& municipality_id,
                                           const std::string& reference) {
  auto row = c.query_one(
      "SELECT id FROM families WHERE municipality_id = $1 AND reference = $2 AND anonymised_at IS NULL",
      {municipality_id, reference});
  if (!row) return pass(row);
  return *row ? (*row)->text(0) : std::string();
}

}  // namespace kp::families
