// Shared HTML and labels of the staff activity pages: translated labels for the module's codes,
// the activity form, the participant table (with the "reserved place" mark only where the
// caller decided the actor may see it), the attendance list and the figures table.
#pragma once
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "activities/activity_store.hpp"
#include "activities/figures.hpp"
#include "activities/model.hpp"
#include "activities/rules.hpp"
#include "audit/audit.hpp"
#include "http/request.hpp"
#include "web/context.hpp"
#include "web/router.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace kp::activities {

// ---- the page kit every staff activity handler uses -------------------------------------------

// A staff page (staff navigation, "activities" active, not indexed).
web::Page staff_activity_page(std::string title);
using web::render_private;
// "/staff/activities/<id>" or "/staff/activities/<id>/<rest>".
std::string activity_path(const std::string& activity_id, std::string_view rest = {});
// The 404 page for an activity that does not exist or that the actor may not run.
http::Response activity_not_found(web::Context& ctx);
// The activity named by the {id} path parameter when the actor may run it
// (policy::can_manage_activity); nullopt otherwise. `failed` when the store did not answer.
std::optional<StaffActivity> load_manageable(web::Context& ctx, bool& failed);
// A route handler for one activity the actor runs: loads it with load_manageable and answers
// the busy page when the store fails and activity_not_found when there is no such activity or
// the actor may not run it, so `fn` only ever sees an activity it may change.
web::Handler for_manageable(http::Response (*fn)(web::Context&, const StaffActivity&));
// The activity named by {id} in the actor's municipality, whoever runs it (booking).
std::optional<StaffActivity> load_in_municipality(web::Context& ctx, bool& failed);
// An audit entry by the signed-in actor about an activity (ids and counts only in details).
audit::Entry activity_audit(const web::Context& ctx, const std::string& action, const std::string& activity_id,
                            const std::string& details = {});
// Records that the actor looked at the participants of an activity (names, needs, contacts),
// through the group-committed read log. Fail closed: false → do not show the list.
bool log_participant_view(const web::Context& ctx, const std::string& activity_id, std::size_t shown);
// (field, msgid) pairs from the rules as the form helpers' FieldErrors.
web::FieldErrors to_field_errors(const FieldErrorList& list);
// A success notice for ?saved=1 redirects, or empty.
web::Html saved_notice(const web::Context& ctx);
// A one-button POST form (CSRF included).
web::Html post_button(const web::Context& ctx, const std::string& action, const std::string& label,
                      bool primary = false, const std::string& name = {}, const std::string& value = {});

// ---- labels ------------------------------------------------------------------------------------

std::string status_label(const web::Context& ctx, ActivityStatus s);
const char* status_color(ActivityStatus s);
std::string participant_status_label(const web::Context& ctx, ParticipantStatus s);
std::string allocation_label(const web::Context& ctx, Allocation a);
// "29. juni – 3. juli 2027" style, from ISO dates.
std::string date_range_label(const web::Context& ctx, const std::string& starts_on, const std::string& ends_on);
// "Free" or "kr 200".
std::string price_label(const web::Context& ctx, std::int64_t ore);
// "10–13 years", "From 10 years", "" when open.
std::string age_label(const web::Context& ctx, const Activity& a);
// "Monday 29. June, 09:00–15:00".
std::string session_label(const web::Context& ctx, const Session& s);

// The form's choices: offers as (id, name) in name order.
struct ActivityFormChoices {
  std::vector<std::pair<std::string, std::string>> offers;
};
// The whole create/edit form (error summary, fields, hidden version, submit).
web::Html activity_form(const web::Context& ctx, const ActivityFormChoices& choices, const ActivityForm& f,
                        const web::FieldErrors& errors, const std::string& action, std::int64_t version);

// One row of the participant list.
struct ParticipantRow {
  Participant participant;
  std::string guardian_name, phone, email;
  bool show_reserved_mark = false;  // decided by policy::can_see_referral; false for almost everyone
  bool can_cancel = false;
};
// The table of children holding a place or applying, with needs and contacts, each with a
// cancel button when allowed.
web::Html participant_table(const web::Context& ctx, const std::string& activity_id, const std::string& caption,
                            const std::vector<ParticipantRow>& rows, bool waiting_list);

// The attendance checklist of one session: big toggles, one per child.
web::Html attendance_form(const web::Context& ctx, const std::string& activity_id, const Session& session,
                          const std::vector<Participant>& children, const std::map<std::string, bool>& marks);

// A figures table: one row per (label, link, figures), and a total row when `total` is given.
struct FiguresRow {
  std::string label, href;
  ActivityFigures figures;
};
web::Html figures_table(const web::Context& ctx, const std::string& caption, const std::vector<FiguresRow>& rows,
                        const ActivityFigures* total);

}  // namespace kp::activities
