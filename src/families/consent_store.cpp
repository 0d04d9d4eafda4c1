#include "families/consent_store.hpp"

#include "core/base64.hpp"

namespace kp::families {

Status put_consent_scan(Conn& c, const std::string& municipality_id, const Attachment& a, UnixSeconds now) {
  KP_TRY(c.exec("DELETE FROM attachments WHERE owner_kind = 'consent' AND owner_id = $1 AND family_id = $2",
                {a.owner_id, a.family_id}));
  auto r = c.exec(
      "INSERT INTO attachments (id, municipality_id, family_id, owner_kind, owner_id, filename, content_type, size, "
      "content_base64, uploaded_by, uploaded_at) VALUES ($1, $2, $3, 'consent', $4, $5, $6, $7, $8, $9, $10)",
      {a.id, municipality_id, a.family_id, a.owner_id, a.filename, a.content_type,
       static_cast<std::int64_t>(a.content.size()), base64::encode(a.content), a.uploaded_by, now});
  if (!r) return pass(r);
  return {};
}

Result<std::optional<Attachment>> get_consent_scan(Conn& c, const std::string& family_id,
                                                   const std::string& consent_id) {
  auto r = c.query_one(
      "SELECT id, filename, content_type, size, content_base64, uploaded_by, uploaded_at FROM attachments "
      "WHERE owner_kind = 'consent' AND owner_id = $1 AND family_id = $2 ORDER BY uploaded_at DESC, id",
      {consent_id, family_id});
  if (!r) return pass(r);
  if (!*r) return std::optional<Attachment>();
  const store::Row& row = **r;
  auto content = base64::decode(row.text(4));
  if (!content) return internal_error("attachment content is not base64");
  Attachment a;
  a.id = row.text(0);
  a.family_id = family_id;
  a.owner_kind = "consent";
  a.owner_id = consent_id;
  a.filename = row.text(1);
  a.content_type = row.text(2);
  a.size = row.integer(3);
  a.content = std::move(*content);
  a.uploaded_by = row.text(5);
  a.uploaded_at = row.integer(6);
  return std::optional<Attachment>(std::move(a));
}

Result<std::set<std::string>> consents_with_scan(Conn& c, const std::string& family_id) {
  auto rows = c.query("SELECT DISTINCT owner_id FROM attachments WHERE owner_kind = 'consent' AND family_id = $1",
                      {family_id});
  if (!rows) return pass(rows);
  std::set<std::string> out;
  for (const auto& r : *rows) out.insert(r.text(0));
  return out;
}

Result<std::vector<ExpiringConsent>> expiring_consents(Conn& c, const std::string& municipality_id,
                                                       const std::optional<std::string>& coordinator_id,
                                                       std::string_view today, std::string_view until) {
  static constexpr std::string_view kAll =
      "SELECT f.id, f.reference, f.name, k.id, k.valid_to FROM consents k JOIN families f ON f.id = k.family_id "
      "WHERE k.municipality_id = $1 AND f.municipality_id = $1 AND f.status = 'open' AND f.anonymised_at IS NULL "
      "AND k.refused = 0 AND k.withdrawn_at IS NULL AND k.subject_person_id IS NULL "
      "AND k.valid_to >= $2 AND k.valid_to <= $3 ORDER BY k.valid_to, f.name_sort, f.reference, k.id";
  static constexpr std::string_view kMine =
      "SELECT f.id, f.reference, f.name, k.id, k.valid_to FROM consents k JOIN families f ON f.id = k.family_id "
      "WHERE k.municipality_id = $1 AND f.municipality_id = $1 AND f.status = 'open' AND f.anonymised_at IS NULL "
      "AND k.refused = 0 AND k.withdrawn_at IS NULL AND k.subject_person_id IS NULL "
      "AND k.valid_to >= $2 AND k.valid_to <= $3 AND f.coordinator_id = $4 "
      "ORDER BY k.valid_to, f.name_sort, f.reference, k.id";
  auto rows = coordinator_id
                  ? c.query(kMine, {municipality_id, std::string(today), std::string(until), *coordinator_id})
                  : c.query(kAll, {municipality_id, std::string(today), std::string(until)});
  if (!rows) return pass(rows);
  std::vector<ExpiringConsent> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4)});
  return out;
}

}  // namespace kp::families
