// Route registration for the family follow-up. register_routes() (routes.cpp) calls every
// feature's function; each lives in its own *_pages.cpp file.
#pragma once

namespace kp::app {
struct App;
}

namespace kp::families {

void register_routes(app::App& app);         // routes.cpp: all of the below
void register_family_routes(app::App& app);  // family_pages.cpp: list, new, overview, people, team, level, emergency
void register_plan_routes(app::App& app);     // plan_pages.cpp: the plan, goals, measures, referrals to offers
void register_meeting_routes(app::App& app);  // meeting_pages.cpp: meetings, decisions to measures, reflections
void register_progress_routes(app::App& app);  // log_pages.cpp + progress_pages.cpp: log, progress, scores, indicators, income
void register_intake_routes(app::App& app);  // intake_pages.cpp: concerns, referrals, the hub's inbox, accept/decline
void register_help_routes(app::App& app);    // help_pages.cpp: the public "I want help" form
void register_merge_routes(app::App& app);   // merge_pages.cpp: a person's duplicates and merging them
void register_consent_routes(app::App& app); // consent_pages.cpp: consents, refusals, withdrawal, the form PDF, scans
void register_caseload_routes(app::App& app);  // caseload_pages.cpp: my caseload, the leader's view per coordinator
void register_records_routes(app::App& app);   // records_pages.cpp: access log, export, closing, emergency review

}  // namespace kp::families
