// Every activities route and background job, in one list.
#include "activities/enrolment.hpp"
#include "activities/messages.hpp"
#include "activities/pages.hpp"
#include "activities/waitlist.hpp"
#include "app/app.hpp"

namespace kp::activities {

void register_routes(app::App& app) {
  register_public_routes(app);
  register_staff_routes(app);       // act-staff
  register_attendance_routes(app);  // act-staff

  // Offers that ran out move on to the next child; queues of started activities close.
  app.jobs.add("activities.waiting_lists", 300, [](app::App& a) -> Status {
    auto n = advance_waiting_lists(*a.db, a.clock, a.settings, a.enrolments.mailer());
    if (!n) return pass(n);
    return {};
  });
  // The day-before reminders (idempotent: each sign-up is reminded once).
  app.jobs.add("activities.reminders", 3600, [](app::App& a) -> Status {
    auto n = enqueue_due_reminders(*a.db, a.clock, a.enrolments.mailer());
    if (!n) return pass(n);
    return {};
  });
}

}  // namespace kp::activities
