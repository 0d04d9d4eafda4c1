// Route registration for the family follow-up. register_routes() (routes.cpp) calls every
// feature's function; each lives in its own *_pages.cpp file.
#pragma once

namespace kp::app {
struct App;
}

namespace kp::families {

void register_routes(app::App& app);         // routes.cpp: all of the below
void register_family_routes(app::App& app);  // family_pages.cpp: list, new, overview, people, team, level, emergency

}  // namespace kp::families
