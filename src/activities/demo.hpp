// The demo activities of Fjordvik kommune (9999), as in Narvik's seed: a summer programme with
// three activity weeks for ages 10–13 (15 places, free; week 1 full with a waiting list, week 3
// given by lottery with applications waiting for the draw) and a past autumn programme (an
// activity week and a climbing day) with attendance, no-shows and a cancelled place. Quiet
// reserved places are booked by "koordinator" for children of demo families they follow.
//
// Everything is invented: children and guardians are first and family names put together,
// phone numbers use the demo's fictional 400 series, e-mail addresses end in .example.
// Dates are relative to the day the seed runs (the next summer, the last autumn holiday), so the
// demo always has an open sign-up and a finished week with attendance. Ids are stable
// (uuid_from_name(catalog::kDemoIdNamespace, "9999/activity/<key>/…")).
#pragma once
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::activities {

struct DemoActivitiesReport {
  int activities_added = 0;
  int participants_added = 0;
};

// Seeds the demo activities. Needs the demo catalog and demo users (invalid otherwise); uses
// the demo families for the reserved places when they exist (without them the reserved places
// stay free). Activities that exist are left alone, so running it again changes nothing. One
// write transaction per activity. Thread-safe.
Result<DemoActivitiesReport> seed_demo_activities(store::Database& db, const Clock& clock);

}  // namespace kp::activities
