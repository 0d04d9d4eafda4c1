// All data about one person (GDPR art. 15, innsyn), and the family's access log (innsyn i
// logg): what a family gets when it asks what the hub holds about them and who has looked.
// load_person_export and access_log (export_store.cpp) read; the rest (export.cpp) is pure:
// it turns the loaded data into the JSON file and into the lines of the printable PDF.
// Codes are kept as stored (the JSON is for machines too); the PDF translates them.
// A protected address is never loaded (the store blanks it) and the documents say so instead.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "families/model.hpp"
#include "families/store.hpp"
#include "i18n/i18n.hpp"
#include "pdf/person_export.hpp"
#include "store/database.hpp"
#include "web/context.hpp"

namespace kp::families {

// ---- the access log -------------------------------------------------------------------------

// One audit record about the family, as the family may read it.
struct AccessRecord {
  std::int64_t seq = 0;
  UnixSeconds at = 0;
  std::string actor_id;       // a user id, "system" or "public"
  std::string actor_name;     // the user's display name ("" for system and public)
  std::string actor_service;  // the user's service code
  std::string action;         // e.g. "family.view"
  std::string reason;         // the reason the actor gave; for emergency looks, the grant's reason
  std::string page;           // the route pattern looked at, from the record's details; "" if none
  bool emergency() const { return action == "family.view_emergency" || action == "family.emergency_access"; }
};
// Up to `limit` records about the family with seq below `before_seq` (0: from the newest),
// newest first. Uses the audit_entity index.
Result<std::vector<AccessRecord>> access_log(store::Conn& c, const std::string& municipality_id,
                                             const std::string& family_id, std::int64_t before_seq, int limit);

// The English msgid for an audit action ("family.view" → "Looked at the family"), or nullptr
// when there is none (then the code itself is shown).
const char* access_action_msgid(std::string_view action);
// The English msgid for the part of the family's pages a record's page is ("…/plan" → "The
// plan"), or nullptr.
const char* access_page_msgid(std::string_view page);
// "Looked at the family", translated; the code when unknown.
std::string access_action_label(const i18n::Translator& t, std::string_view action);
// Who: the display name, "The system" or "Someone without an account" (the public form).
std::string access_actor_label(const i18n::Translator& t, const AccessRecord& r);

// ---- closing ---------------------------------------------------------------------------------

// The common reasons for closing a follow-up as (code, English msgid), in the order the close
// form offers them. families.close_reason holds one of the codes, or the text written for
// "other".
const std::vector<std::pair<std::string, const char*>>& close_reasons();
// A stored close_reason for people: the code's label, translated, or the text as written.
std::string close_reason_label(const i18n::Translator& t, const std::string& stored);

// ---- the export of a person -----------------------------------------------------------------

struct ExportGoal {
  std::string id, area, own_area, text, status;
  UnixSeconds created_at = 0, updated_at = 0;
};
struct ExportMeasure {
  std::string id, goal_id, text, responsible, responsible_name, deadline, status;
  std::string offer_id, referral_state, referral_reason;
  std::optional<UnixSeconds> referral_changed_at;
  UnixSeconds created_at = 0, updated_at = 0;
};
struct ExportMeeting {
  std::string id, held_on, starts_at, participants, agenda, minutes, decisions, reflections;
  bool family_present = true;
  UnixSeconds created_at = 0, updated_at = 0;
};
struct ExportLogEntry {
  std::string id, happened_on, kind, text, author_name, author_service;
  UnixSeconds created_at = 0;
};
struct ExportScore {
  std::string goal_id, assessed_on;
  std::int64_t family_score = 0;
  std::optional<std::int64_t> coordinator_score;
  UnixSeconds recorded_at = 0;
};
struct ExportIndicators {
  std::string measured_on;
  std::optional<std::int64_t> moves_since_start, parents_in_work_or_activity, school_attendance_percent;
  UnixSeconds recorded_at = 0;
};
struct ExportIncome {
  std::int64_t year = 0, income_after_tax_ore = 0, adults = 0, children = 0;
};
// A concern, referral or request for help that became (or was attached to) the family.
struct ExportReferral {
  std::string id, kind, status, from_service, contact_name, child_name, child_birth_date, phone, email, language;
  std::string description, decision_reason;
  bool interpreter = false;
  std::optional<UnixSeconds> decided_at;
  UnixSeconds created_at = 0;
};
// What is stored about an attached file (the signed consent form); the file itself is handed
// over by the coordinator, not put into the export.
struct ExportAttachment {
  std::string owner_kind, filename, content_type;
  std::int64_t size = 0;
  UnixSeconds uploaded_at = 0;
};
// Other people of the household as far as they concern the person: name, role, birth date —
// not their identity numbers or contact details, which are theirs to ask for.
struct ExportMember {
  std::string id, name;
  PersonRole role = PersonRole::child;
  std::string birth_date;
};

struct PersonExport {
  UnixSeconds generated_at = 0;
  Person person;
  Family family;                            // members empty; protected address blanked by the store
  std::vector<ExportMember> household;      // everyone else in the family
  std::vector<TeamMember> team;
  std::vector<Consent> consents;            // the family's, and the person's own
  std::vector<BtiChange> bti_history;
  std::vector<ExportIncome> income;
  std::vector<ExportGoal> goals;
  std::vector<ExportMeasure> measures;
  std::vector<ExportMeeting> meetings;
  std::vector<ExportLogEntry> log;
  std::vector<ExportScore> scores;
  std::vector<ExportIndicators> indicators;
  std::vector<ExportReferral> referrals;
  std::vector<ExportAttachment> attachments;
  std::vector<AccessRecord> access;         // newest first
};

// Everything stored about `person_id` of `family_id`, at `now`. nullopt when the family does
// not exist (or is anonymised) or the person is not in it.
Result<std::optional<PersonExport>> load_person_export(store::Conn& c, const std::string& family_id,
                                                       const std::string& person_id, UnixSeconds now);

// The export as a JSON document (UTF-8, indented), times as ISO 8601 UTC. A protected address
// appears only as the protection level and the note "protected address — not included".
std::string person_export_json(const PersonExport& e);
// The export as the lines of the printable PDF (pdf::record_pdf), in the request's language
// (codes get the same labels as on the family's pages).
std::vector<pdf::RecordLine> person_export_lines(const PersonExport& e, const web::Context& ctx);
// The access log as the lines of its printable PDF: the family's name and case number, then
// every record, newest first.
std::vector<pdf::RecordLine> access_log_lines(const Family& f, const std::vector<AccessRecord>& records,
                                              UnixSeconds printed_at, const web::Context& ctx);

}  // namespace kp::families
