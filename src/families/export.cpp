// The export documents: JSON for machines (and for moving to another system), PDF lines for
// the family. nlohmann/json is included here only.
#include "families/export.hpp"

#include <nlohmann/json.hpp>

#include "families/views.hpp"

namespace kp::families {
namespace {

using Json = nlohmann::ordered_json;
using pdf::RecordLine;
using pdf::RecordPart;

// The note that takes a protected address's place in every document. The English text is
// also what the JSON says, so a program reading the file sees the same words in any language.
constexpr const char* kProtectedAddress = N_("protected address — not included");

Json when(UnixSeconds t) { return format_utc_iso(t); }
Json when(const std::optional<UnixSeconds>& t) { return t ? Json(format_utc_iso(*t)) : Json(nullptr); }
Json number(const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); }

// Labels for the codes of the plan, the log and intake, with the msgids their own pages use,
// so the translations are shared.
const char* code_msgid(std::string_view kind, std::string_view code) {
  struct Label {
    std::string_view kind, code;
    const char* msgid;
  };
  static constexpr Label labels[] = {
      {"area", "housing", N_("Housing")},
      {"area", "economy", N_("Economy")},
      {"area", "work", N_("Work or activity for the parents")},
      {"area", "health", N_("Health")},
      {"area", "participation", N_("The children's social participation")},
      {"area", "school", N_("School and education")},
      {"area", "own", N_("The family's own areas")},
      {"goal", "active", N_("Working on it")},
      {"goal", "reached", N_("Reached")},
      {"goal", "dropped", N_("No longer a goal")},
      {"measure", "planned", N_("Planned")},
      {"measure", "in_progress", N_("In progress")},
      {"measure", "done", N_("Done")},
      {"measure", "not_done", N_("Not done")},
      {"measure", "dropped", N_("Dropped")},
      {"referral", "requested", N_("Requested")},
      {"referral", "accepted", N_("Accepted by the offer")},
      {"referral", "declined", N_("Declined by the offer")},
      {"referral", "in_progress", N_("The family takes part")},
      {"referral", "completed", N_("Completed")},
      {"referral", "not_completed", N_("Not completed")},
      {"log", "call", N_("Phone call")},
      {"log", "home_visit", N_("Home visit")},
      {"log", "meeting", N_("Meeting")},
      {"log", "note", N_("Note")},
      {"intake", "concern", N_("Concern about a child")},
      {"intake", "referral", N_("Referral of a family")},
      {"intake", "self", N_("The family asks for help")},
      {"decision", "new", N_("Waiting")},
      {"decision", "accepted", N_("Accepted")},
      {"decision", "declined", N_("Declined")},
  };
  for (const auto& l : labels)
    if (l.kind == kind && l.code == code) return l.msgid;
  return nullptr;
}

std::string label(const web::Context& ctx, std::string_view kind, const std::string& code) {
  const char* msgid = code_msgid(kind, code);
  return msgid ? ctx.tr(msgid) : code;
}

std::string joined(const web::Context& ctx, const std::vector<std::string>& codes,
                   std::string (*label_of)(const web::Context&, std::string_view)) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ", ") + label_of(ctx, c);
  return out;
}

// ---- JSON -----------------------------------------------------------------------------------

Json person_json(const Person& p) {
  return Json{{"id", p.id},
              {"role", to_string(p.role)},
              {"given_name", p.given_name},
              {"family_name", p.family_name},
              {"birth_date", p.birth_date},
              {"national_id", p.national_id ? Json(*p.national_id) : Json(nullptr)},
              {"language", p.language},
              {"interpreter", p.interpreter},
              {"phone", p.phone},
              {"email", p.email},
              {"school", p.school},
              {"merged_into", p.merged_into ? Json(*p.merged_into) : Json(nullptr)},
              {"created_at", when(p.created_at)},
              {"updated_at", when(p.updated_at)}};
}

Json household_json(const PersonExport& e) {
  const Family& f = e.family;
  Json h{{"reference", f.reference},
         {"name", f.name},
         {"status", to_string(f.status)},
         {"bti_level", f.bti_level},
         {"opened_at", when(f.opened_at)},
         {"closed_at", when(f.closed_at)},
         {"close_reason", f.close_reason},
         {"close_evaluation", f.close_evaluation},
         {"address_protection", to_string(f.address_protection)}};
  // The store already blanked a protected address; the document says why it is missing.
  if (f.address_hidden()) h["address"] = kProtectedAddress;
  else h["address"] = Json{{"street", f.address}, {"postal_code", f.postal_code}, {"city", f.city}};
  h["coordinator"] = f.coordinator_name;
  Json members = Json::array();
  for (const auto& m : e.household)
    members.push_back({{"id", m.id}, {"name", m.name}, {"role", to_string(m.role)}, {"birth_date", m.birth_date}});
  h["other_members"] = std::move(members);
  Json team = Json::array();
  for (const auto& t : e.team) team.push_back({{"name", t.display_name}, {"service", t.service}, {"added_at", when(t.added_at)}});
  h["team"] = std::move(team);
  return h;
}

Json consent_json(const Consent& k) {
  return Json{{"id", k.id},
              {"whole_family", !k.subject_person_id.has_value()},
              {"given_by", k.given_by},
              {"refused", k.refused},
              {"services", k.services},
              {"info_kinds", k.info_kinds},
              {"purpose", k.purpose},
              {"valid_from", k.valid_from},
              {"valid_to", k.valid_to},
              {"form", to_string(k.form)},
              {"language", k.language},
              {"recorded_by", k.recorded_by_name},
              {"recorded_at", when(k.recorded_at)},
              {"withdrawn_at", when(k.withdrawn_at)},
              {"withdrawn_note", k.withdrawn_note}};
}

Json access_json(const AccessRecord& r) {
  return Json{{"at", when(r.at)},
              {"who", r.actor_name.empty() ? r.actor_id : r.actor_name},
              {"service", r.actor_service},
              {"action", r.action},
              {"page", r.page},
              {"reason", r.reason}};
}

// ---- PDF lines --------------------------------------------------------------------------------

struct Lines {
  std::vector<RecordLine> out;
  void add(RecordPart part, std::string text) { out.push_back({part, std::move(text), {}}); }
  // A labelled value; empty values are left out, so the paper lists what is stored.
  void fact(std::string label, std::string value) {
    if (!value.empty()) out.push_back({RecordPart::fact, std::move(value), std::move(label)});
  }
};

std::string yes_no(const web::Context& ctx, bool v) { return v ? ctx.tr("Yes") : ctx.tr("No"); }

std::string opt_number(const web::Context& ctx, const std::optional<std::int64_t>& v) {
  return v ? ctx.t.number(*v) : std::string();
}

void person_lines(Lines& l, const web::Context& ctx, const Person& p) {
  l.add(RecordPart::heading, ctx.tr("About you"));
  l.fact(ctx.tr("Name"), p.full_name());
  l.fact(ctx.tr("Place in the family"), role_label(ctx, p.role));
  l.fact(ctx.tr("Birth date"), date_label(ctx, p.birth_date));
  l.fact(ctx.tr("National identity number"), p.national_id.value_or(""));
  const auto* lang = i18n::find_language(p.language);
  l.fact(ctx.tr("Preferred language"), lang ? lang->native_name : p.language);
  l.fact(ctx.tr("Needs an interpreter"), yes_no(ctx, p.interpreter));
  l.fact(ctx.tr("Phone"), p.phone);
  l.fact(ctx.tr("E-mail"), p.email);
  l.fact(ctx.tr("School or kindergarten"), p.school);
  l.fact(ctx.tr("Registered"), date_label(ctx, p.created_at));
}

void household_lines(Lines& l, const web::Context& ctx, const PersonExport& e) {
  const Family& f = e.family;
  l.add(RecordPart::heading, ctx.tr("The household"));
  l.fact(ctx.tr("Name of the family"), f.name);
  l.fact(ctx.tr("Case number"), f.reference);
  l.fact(ctx.tr("Status"), f.closed() ? ctx.tr("Case closed") : ctx.tr("Active"));
  l.fact(ctx.tr("Followed since"), date_label(ctx, f.opened_at));
  if (f.closed_at) l.fact(ctx.tr("Closed on"), date_label(ctx, *f.closed_at));
  l.fact(ctx.tr("Reason for closing"), close_reason_label(ctx.t, f.close_reason));
  l.fact(ctx.tr("Evaluation"), f.close_evaluation);
  l.fact(ctx.tr("Level of follow-up (BTI)"), bti_label(ctx, f.bti_level));
  if (f.address_hidden())
    l.fact(ctx.tr("Address"), ctx.tr(kProtectedAddress));
  else
    l.fact(ctx.tr("Address"), f.address + (f.address.empty() ? "" : "\n") + f.postal_code + " " + f.city);
  l.fact(ctx.tr("Coordinator"), f.coordinator_name);
  for (const auto& m : e.household) {
    std::string v = role_label(ctx, m.role);
    if (!m.birth_date.empty()) v += ", " + date_label(ctx, m.birth_date);
    l.fact(m.name, v);
  }
  for (const auto& t : e.team) l.fact(t.display_name, service_label(ctx, t.service));
}

void consent_lines(Lines& l, const web::Context& ctx, const PersonExport& e) {
  l.add(RecordPart::heading, ctx.tr("Consent"));
  if (e.consents.empty()) l.add(RecordPart::text, ctx.tr("No consent is recorded."));
  for (const auto& k : e.consents) {
    l.add(RecordPart::item, (k.refused ? ctx.tr("Refusal") : ctx.tr("Consent")) + " · " + date_label(ctx, k.valid_from) +
                                " – " + date_label(ctx, k.valid_to));
    l.fact(ctx.tr("Given by"), k.given_by);
    l.fact(ctx.tr("Services"), joined(ctx, k.services, service_label));
    l.fact(ctx.tr("Information"), joined(ctx, k.info_kinds, info_kind_label));
    l.fact(ctx.tr("Purpose"), k.purpose);
    l.fact(ctx.tr("Form"), k.form == ConsentForm::oral ? ctx.tr("Oral") : ctx.tr("Written"));
    l.fact(ctx.tr("Recorded by"), k.recorded_by_name);
    if (k.withdrawn_at) l.fact(ctx.tr("Withdrawn"), date_label(ctx, *k.withdrawn_at) + (k.withdrawn_note.empty() ? "" : "\n" + k.withdrawn_note));
  }
}

void plan_lines(Lines& l, const web::Context& ctx, const PersonExport& e) {
  l.add(RecordPart::heading, ctx.tr("The family's plan"));
  if (e.goals.empty()) l.add(RecordPart::text, ctx.tr("No goals are written yet."));
  for (const auto& g : e.goals) {
    l.add(RecordPart::item, (g.area == "own" && !g.own_area.empty() ? g.own_area : label(ctx, "area", g.area)) + ": " + g.text);
    l.fact(ctx.tr("Status"), label(ctx, "goal", g.status));
    for (const auto& m : e.measures) {
      if (m.goal_id != g.id) continue;
      std::string v = m.text + "\n" + label(ctx, "measure", m.status);
      const std::string who = m.responsible_name.empty() ? m.responsible : m.responsible_name;
      if (!who.empty()) v += " · " + who;
      if (!m.deadline.empty()) v += " · " + date_label(ctx, m.deadline);
      if (!m.referral_state.empty()) v += "\n" + ctx.tr("Referral to an offer") + ": " + label(ctx, "referral", m.referral_state);
      if (!m.referral_reason.empty()) v += " (" + m.referral_reason + ")";
      l.fact(ctx.tr("Measure"), v);
    }
  }
  for (const auto& s : e.scores) {
    std::string goal;
    for (const auto& g : e.goals)
      if (g.id == s.goal_id) goal = g.text;
    std::string v = goal + "\n" + ctx.t.tr_args("The family: {score} of 10", {{"score", ctx.t.number(s.family_score)}});
    if (s.coordinator_score)
      v += " · " + ctx.t.tr_args("The coordinator: {score} of 10", {{"score", ctx.t.number(*s.coordinator_score)}});
    l.fact(date_label(ctx, s.assessed_on), v);
  }
  for (const auto& i : e.indicators) {
    std::string v;
    if (i.moves_since_start) v += ctx.tr("Moves to a new home since the start") + ": " + opt_number(ctx, i.moves_since_start) + "\n";
    if (i.parents_in_work_or_activity)
      v += ctx.tr("Parents in work or activity") + ": " + opt_number(ctx, i.parents_in_work_or_activity) + "\n";
    if (i.school_attendance_percent)
      v += ctx.tr("School attendance") + ": " + opt_number(ctx, i.school_attendance_percent) + " %";
    if (!v.empty() && v.back() == '\n') v.pop_back();
    l.fact(date_label(ctx, i.measured_on), v);
  }
  for (const auto& i : e.income)
    l.fact(ctx.t.number(i.year), ctx.t.tr_args("Income after tax: {amount} kr · {adults} adults, {children} children",
                                               {{"amount", ctx.t.number(i.income_after_tax_ore / 100)},
                                                {"adults", ctx.t.number(i.adults)},
                                                {"children", ctx.t.number(i.children)}}));
  for (const auto& b : e.bti_history)
    l.fact(date_label(ctx, b.set_at), bti_label(ctx, b.level) + (b.note.empty() ? "" : "\n" + b.note));
}

// Stored as a JSON object; kept as text if it somehow is not one.
Json reflections_json(const std::string& text) {
  if (text.empty()) return nullptr;
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json(text) : j;
}

// A meeting's reflections are a JSON object of question → answer; printed as lines.
std::string reflections_text(const std::string& json) {
  if (json.empty()) return {};
  const Json j = Json::parse(json, nullptr, false);
  if (!j.is_object()) return json;
  std::string out;
  for (const auto& [q, a] : j.items())
    if (a.is_string() && !a.get<std::string>().empty()) out += (out.empty() ? "" : "\n") + q + ": " + a.get<std::string>();
  return out;
}

void meeting_lines(Lines& l, const web::Context& ctx, const PersonExport& e) {
  l.add(RecordPart::heading, ctx.tr("Meetings"));
  if (e.meetings.empty()) l.add(RecordPart::text, ctx.tr("No meetings are recorded."));
  for (const auto& m : e.meetings) {
    l.add(RecordPart::item, date_label(ctx, m.held_on) + (m.starts_at.empty() ? "" : " " + m.starts_at));
    l.fact(ctx.tr("Participants"), m.participants);
    l.fact(ctx.tr("The family takes part"), yes_no(ctx, m.family_present));
    l.fact(ctx.tr("Agenda"), m.agenda);
    l.fact(ctx.tr("Minutes"), m.minutes);
    l.fact(ctx.tr("Decisions"), m.decisions);
    l.fact(ctx.tr("Reflections"), reflections_text(m.reflections));
  }
}

void log_lines(Lines& l, const web::Context& ctx, const PersonExport& e) {
  l.add(RecordPart::heading, ctx.tr("Log"));
  if (e.log.empty()) l.add(RecordPart::text, ctx.tr("The log is empty."));
  for (const auto& entry : e.log) {
    l.add(RecordPart::item, date_label(ctx, entry.happened_on) + " · " + label(ctx, "log", entry.kind));
    l.fact(ctx.tr("Written by"), entry.author_name + (entry.author_service.empty() ? "" : ", " + service_label(ctx, entry.author_service)));
    l.fact(ctx.tr("Text"), entry.text);
  }
}

void referral_lines(Lines& l, const web::Context& ctx, const PersonExport& e) {
  if (e.referrals.empty() && e.attachments.empty()) return;
  l.add(RecordPart::heading, ctx.tr("Concerns, referrals and files"));
  for (const auto& r : e.referrals) {
    l.add(RecordPart::item, label(ctx, "intake", r.kind) + " · " + date_label(ctx, r.created_at));
    l.fact(ctx.tr("From"), r.from_service.empty() ? std::string() : service_label(ctx, r.from_service));
    l.fact(ctx.tr("Contact person"), r.contact_name);
    l.fact(ctx.tr("Child"), r.child_name + (r.child_birth_date.empty() ? "" : ", " + r.child_birth_date));
    l.fact(ctx.tr("Phone"), r.phone);
    l.fact(ctx.tr("E-mail"), r.email);
    l.fact(ctx.tr("Description"), r.description);
    l.fact(ctx.tr("Status"), label(ctx, "decision", r.status));
    l.fact(ctx.tr("Reason for the decision"), r.decision_reason);
  }
  for (const auto& a : e.attachments)
    l.fact(ctx.tr("Attached file"), a.filename + " · " + date_label(ctx, a.uploaded_at));
}

void access_lines(Lines& l, const web::Context& ctx, const std::vector<AccessRecord>& records) {
  for (const auto& r : records) {
    std::string v = access_actor_label(ctx.t, r) + " · " + access_action_label(ctx.t, r.action);
    if (const char* part = access_page_msgid(r.page)) v += " (" + ctx.tr(part) + ")";
    if (!r.reason.empty()) v += "\n" + ctx.tr("Reason") + ": " + r.reason;
    l.fact(ctx.t.date_time(r.at), v);
  }
}

}  // namespace

// ---- closing ---------------------------------------------------------------------------------------

const std::vector<std::pair<std::string, const char*>>& close_reasons() {
  static const std::vector<std::pair<std::string, const char*>> reasons = {
      {"goals_reached", N_("The family's goals are reached")},
      {"no_longer_needed", N_("The family no longer needs the hub's follow-up")},
      {"family_declined", N_("The family does not want follow-up any more")},
      {"moved", N_("The family has moved away")},
      {"transferred", N_("Another service follows the family up now")},
  };
  return reasons;
}

std::string close_reason_label(const i18n::Translator& t, const std::string& stored) {
  for (const auto& [code, msgid] : close_reasons())
    if (code == stored) return t.tr(msgid);
  return stored;
}

// ---- the access log's words ---------------------------------------------------------------------

const char* access_action_msgid(std::string_view action) {
  struct Label {
    std::string_view action;
    const char* msgid;
  };
  static constexpr Label labels[] = {
      {"family.view", N_("Looked at the family")},
      {"family.view_emergency", N_("Opened with emergency access")},
      {"family.view_status", N_("Saw that the family exists and its status")},
      {"family.list", N_("Saw the family in a list")},
      {"family.emergency_access", N_("Asked for emergency access")},
      {"family.emergency_review", N_("A leader reviewed an emergency access")},
      {"family.create", N_("Registered the family")},
      {"family.update", N_("Changed the family's name or address")},
      {"family.coordinator", N_("Chose the coordinator")},
      {"family.team_add", N_("Added someone to the team")},
      {"family.team_remove", N_("Removed someone from the team")},
      {"family.bti", N_("Changed the level of follow-up")},
      {"family.income", N_("Recorded the household's income")},
      {"family.referral_attached", N_("Added a referral to the family")},
      {"family.export", N_("Exported a person's data")},
      {"family.close", N_("Closed the follow-up")},
      {"family.anonymise", N_("Deleted the personal data (retention)")},
      {"person.create", N_("Added a person")},
      {"person.update", N_("Changed a person's details")},
      {"person.merge", N_("Merged a person registered twice")},
      {"consent.record", N_("Recorded a consent")},
      {"consent.refusal", N_("Recorded a refusal of consent")},
      {"consent.withdraw", N_("Recorded that consent was withdrawn")},
      {"consent.scan", N_("Attached the signed consent form")},
      {"plan.goal_create", N_("Wrote a goal in the plan")},
      {"plan.goal_update", N_("Changed a goal in the plan")},
      {"plan.measure_create", N_("Added a measure to the plan")},
      {"plan.measure_update", N_("Changed a measure in the plan")},
      {"plan.referral", N_("Changed a referral to an offer")},
      {"meeting.create", N_("Recorded a meeting")},
      {"meeting.update", N_("Changed a meeting")},
      {"meeting.decision_to_measure", N_("Made a meeting's decision a measure")},
      {"meeting.reflections", N_("Wrote the meeting's reflections")},
      {"log.create", N_("Wrote in the log")},
      {"progress.scores", N_("Recorded progress scores")},
      {"progress.indicators", N_("Recorded progress indicators")},
  };
  for (const auto& l : labels)
    if (l.action == action) return l.msgid;
  return nullptr;
}

const char* access_page_msgid(std::string_view page) {
  if (page.empty()) return nullptr;
  if (page == "/staff/caseload") return N_("list: my caseload");
  if (page == "/staff/families") return N_("list: families");
  if (page == "/staff/families/{id:uuid}") return N_("the family's overview");
  const auto has = [&](std::string_view part) { return page.find(part) != std::string_view::npos; };
  if (has("/export")) return N_("export of a person's data");
  if (has("/access-log")) return N_("who has looked");
  if (has("/plan")) return N_("the plan");
  if (has("/meetings")) return N_("meetings");
  if (has("/log")) return N_("the log");
  if (has("/progress") || has("/income")) return N_("progress");
  if (has("/consent")) return N_("consent");
  if (has("/members")) return N_("the people in the family");
  return nullptr;
}

std::string access_action_label(const i18n::Translator& t, std::string_view action) {
  const char* msgid = access_action_msgid(action);
  return msgid ? t.tr(msgid) : std::string(action);
}

std::string access_actor_label(const i18n::Translator& t, const AccessRecord& r) {
  if (r.actor_id == "system") return t.tr("The system");
  if (r.actor_id == "public") return t.tr("Someone without an account");
  return r.actor_name.empty() ? t.tr("A former staff member") : r.actor_name;
}

// ---- the documents --------------------------------------------------------------------------------

std::string person_export_json(const PersonExport& e) {
  Json j;
  j["format"] = "knutepunkt-person-export/1";
  j["generated_at"] = when(e.generated_at);
  j["person"] = person_json(e.person);
  j["household"] = household_json(e);
  Json consents = Json::array();
  for (const auto& k : e.consents) consents.push_back(consent_json(k));
  j["consents"] = std::move(consents);
  Json bti = Json::array();
  for (const auto& b : e.bti_history)
    bti.push_back({{"level", b.level}, {"note", b.note}, {"set_by", b.set_by_name}, {"set_at", when(b.set_at)}});
  j["bti_history"] = std::move(bti);
  Json income = Json::array();
  for (const auto& i : e.income)
    income.push_back({{"year", i.year}, {"income_after_tax_nok", i.income_after_tax_ore / 100.0}, {"adults", i.adults},
                      {"children", i.children}});
  j["income"] = std::move(income);
  Json goals = Json::array();
  for (const auto& g : e.goals) {
    Json measures = Json::array();
    for (const auto& m : e.measures)
      if (m.goal_id == g.id)
        measures.push_back({{"id", m.id},
                            {"text", m.text},
                            {"responsible", m.responsible_name.empty() ? m.responsible : m.responsible_name},
                            {"deadline", m.deadline},
                            {"status", m.status},
                            {"offer_id", m.offer_id.empty() ? Json(nullptr) : Json(m.offer_id)},
                            {"referral_state", m.referral_state},
                            {"referral_reason", m.referral_reason},
                            {"referral_changed_at", when(m.referral_changed_at)},
                            {"created_at", when(m.created_at)},
                            {"updated_at", when(m.updated_at)}});
    goals.push_back({{"id", g.id},
                     {"area", g.area},
                     {"own_area", g.own_area},
                     {"text", g.text},
                     {"status", g.status},
                     {"created_at", when(g.created_at)},
                     {"updated_at", when(g.updated_at)},
                     {"measures", std::move(measures)}});
  }
  j["plan"] = {{"goals", std::move(goals)}};
  Json meetings = Json::array();
  for (const auto& m : e.meetings)
    meetings.push_back({{"id", m.id},
                        {"held_on", m.held_on},
                        {"starts_at", m.starts_at},
                        {"participants", m.participants},
                        {"family_present", m.family_present},
                        {"agenda", m.agenda},
                        {"minutes", m.minutes},
                        {"decisions", m.decisions},
                        {"reflections", reflections_json(m.reflections)},
                        {"created_at", when(m.created_at)},
                        {"updated_at", when(m.updated_at)}});
  j["meetings"] = std::move(meetings);
  Json log = Json::array();
  for (const auto& l : e.log)
    log.push_back({{"id", l.id},
                   {"happened_on", l.happened_on},
                   {"kind", l.kind},
                   {"text", l.text},
                   {"author", l.author_name},
                   {"author_service", l.author_service},
                   {"created_at", when(l.created_at)}});
  j["log"] = std::move(log);
  Json scores = Json::array();
  for (const auto& s : e.scores)
    scores.push_back({{"goal_id", s.goal_id},
                      {"assessed_on", s.assessed_on},
                      {"family_score", s.family_score},
                      {"coordinator_score", number(s.coordinator_score)},
                      {"recorded_at", when(s.recorded_at)}});
  Json indicators = Json::array();
  for (const auto& i : e.indicators)
    indicators.push_back({{"measured_on", i.measured_on},
                          {"moves_since_start", number(i.moves_since_start)},
                          {"parents_in_work_or_activity", number(i.parents_in_work_or_activity)},
                          {"school_attendance_percent", number(i.school_attendance_percent)},
                          {"recorded_at", when(i.recorded_at)}});
  j["progress"] = {{"scores", std::move(scores)}, {"indicators", std::move(indicators)}};
  Json referrals = Json::array();
  for (const auto& r : e.referrals)
    referrals.push_back({{"id", r.id},
                         {"kind", r.kind},
                         {"status", r.status},
                         {"from_service", r.from_service},
                         {"contact_name", r.contact_name},
                         {"child_name", r.child_name},
                         {"child_birth_date", r.child_birth_date},
                         {"phone", r.phone},
                         {"email", r.email},
                         {"language", r.language},
                         {"interpreter", r.interpreter},
                         {"description", r.description},
                         {"decision_reason", r.decision_reason},
                         {"decided_at", when(r.decided_at)},
                         {"created_at", when(r.created_at)}});
  j["referrals"] = std::move(referrals);
  Json files = Json::array();
  for (const auto& a : e.attachments)
    files.push_back({{"attached_to", a.owner_kind},
                     {"filename", a.filename},
                     {"content_type", a.content_type},
                     {"size", a.size},
                     {"uploaded_at", when(a.uploaded_at)}});
  j["attachments"] = std::move(files);
  Json access = Json::array();
  for (const auto& r : e.access) access.push_back(access_json(r));
  j["access_log"] = std::move(access);
  // Invalid UTF-8 typed into a free-text field is replaced rather than failing the export.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::vector<RecordLine> person_export_lines(const PersonExport& e, const web::Context& ctx) {
  Lines l;
  l.add(RecordPart::title, ctx.t.tr_args("All data about {name}", {{"name", e.person.full_name()}}));
  l.add(RecordPart::subtitle, ctx.t.tr_args("Case number {reference} · made {date}",
                                            {{"reference", e.family.reference}, {"date", date_label(ctx, e.generated_at)}}));
  l.add(RecordPart::text, ctx.tr("This is everything the hub's family follow-up stores about you and your family: "
                                 "your own details, the household, consents, the family's plan, meetings, the log, "
                                 "progress, referrals, and who has looked at the family's data."));
  person_lines(l, ctx, e.person);
  household_lines(l, ctx, e);
  consent_lines(l, ctx, e);
  plan_lines(l, ctx, e);
  meeting_lines(l, ctx, e);
  log_lines(l, ctx, e);
  referral_lines(l, ctx, e);
  l.add(RecordPart::heading, ctx.tr("Who has looked at the family's data"));
  access_lines(l, ctx, e.access);
  return std::move(l.out);
}

std::vector<RecordLine> access_log_lines(const Family& f, const std::vector<AccessRecord>& records,
                                         UnixSeconds printed_at, const web::Context& ctx) {
  Lines l;
  l.add(RecordPart::title, ctx.tr("Who has looked at the family's data"));
  l.add(RecordPart::subtitle, ctx.t.tr_args("{family} · case number {reference} · printed {date}",
                                            {{"family", f.name}, {"reference", f.reference},
                                             {"date", date_label(ctx, printed_at)}}));
  l.add(RecordPart::text, ctx.tr("Every time someone opens, lists or changes the family's data, it is written to a log "
                                 "that cannot be changed afterwards. This is that log, newest first."));
  l.add(RecordPart::heading, ctx.tr("The log"));
  if (records.empty()) l.add(RecordPart::text, ctx.tr("Nobody has looked at the family's data yet."));
  access_lines(l, ctx, records);
  return std::move(l.out);
}

}  // namespace kp::families
