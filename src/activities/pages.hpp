// Route registration for activities. register_routes() (routes.cpp) calls every part.
#pragma once

namespace kp::app {
struct App;
}

namespace kp::activities {

void register_routes(app::App& app);         // routes.cpp: all of the below, and the jobs
void register_public_routes(app::App& app);  // public_pages.cpp: list, activity, sign-up, own sign-up, offers
void register_staff_routes(app::App& app);       // staff_pages.cpp (act-staff): list, create/edit, participants, lottery, booking, figures
void register_attendance_routes(app::App& app);  // attendance_pages.cpp (act-staff): attendance per session

}  // namespace kp::activities
