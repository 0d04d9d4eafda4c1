#include "families/consent_store.hpp"

#include <array>

namespace kp::families {
namespace {

using store::Value;

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Standard base64 (RFC 4648 §4) with padding.
std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v = static_cast<unsigned char>(in[i]) << 16 | static_cast<unsigned char>(in[i + 1]) << 8 |
                            static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
    out += kAlphabet[v & 63];
  }
  if (const std::size_t rest = in.size() - i; rest > 0) {
    std::uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += rest == 2 ? kAlphabet[v >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view in) {
  static const std::array<int, 256> table = [] {
    std::array<int, 256> t{};
    t.fill(-1);
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = i;
    return t;
  }();
  if (in.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(in.size() / 4 * 3);
  for (std::size_t i = 0; i < in.size(); i += 4) {
    const bool last = i + 4 == in.size();
    const int pad = last ? (in[i + 3] == '=') + (in[i + 2] == '=') : 0;
    if (pad == 1 && in[i + 2] == '=') return std::nullopt;
    std::uint32_t v = 0;
    for (int j = 0; j < 4 - pad; ++j) {
      const int d = table[static_cast<unsigned char>(in[i + j])];
      if (d < 0) return std::nullopt;
      v |= static_cast<std::uint32_t>(d) << (18 - 6 * j);
    }
    out += static_cast<char>(v >> 16 & 0xFF);
    if (pad < 2) out += static_cast<char>(v >> 8 & 0xFF);
    if (pad < 1) out += static_cast<char>(v & 0xFF);
  }
  return out;
}

}  // namespace

Status put_consent_scan(Conn& c, const std::string& municipality_id, const Attachment& a, UnixSeconds now) {
  KP_TRY(c.exec("DELETE FROM attachments WHERE owner_kind = 'consent' AND owner_id = $1 AND family_id = $2",
                {a.owner_id, a.family_id}));
  auto r = c.exec(
      "INSERT INTO attachments (id, municipality_id, family_id, owner_kind, owner_id, filename, content_type, size, "
      "content_base64, uploaded_by, uploaded_at) VALUES ($1, $2, $3, 'consent', $4, $5, $6, $7, $8, $9, $10)",
      {a.id, municipality_id, a.family_id, a.owner_id, a.filename, a.content_type,
       static_cast<std::int64_t>(a.content.size()), base64_encode(a.content), a.uploaded_by, now});
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
  auto content = base64_decode(row.text(4));
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
