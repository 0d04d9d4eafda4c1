// The running application: settings and the services every handler may use. Built once by
// make_app() and shared by all worker threads (every member is thread-safe).
#pragma once
#include <memory>
#include <string>

#include "activities/enrolment.hpp"
#include "families/caseload_cache.hpp"
#include "families/staff_directory.hpp"
#include "app/jobs.hpp"
#include "app/settings.hpp"
#include "audit/read_log.hpp"
#include "auth/sessions.hpp"
#include "auth/throttle.hpp"
#include "catalog/feed_cache.hpp"
#include "catalog/search.hpp"
#include "core/clock.hpp"
#include "http/metrics.hpp"
#include "i18n/i18n.hpp"
#include "store/database.hpp"
#include "web/assets.hpp"
#include "web/page_cache.hpp"
#include "web/router.hpp"

namespace kp::app {

struct App {
  App(Settings s, std::unique_ptr<store::Database> database, const Clock& c, const std::string& locale_dir);

  Settings settings;
  std::unique_ptr<store::Database> db;
  const Clock& clock;
  i18n::Catalogs catalogs;
  catalog::SnapshotCache catalog;
  catalog::FeedCache feeds;
  web::PageCache pages;
  auth::LoginThrottle throttle;
  audit::ReadLog reads;  // audit records of reads of personal data (group commit)
  auth::SessionPolicy session_policy;
  http::Metrics metrics;
  web::Assets assets;
  web::Router router;
  std::string secret;  // HMAC key for CSRF tokens
  Jobs jobs;           // background work; modules add() theirs in register_routes (app/jobs.hpp)
  // Public sign-ups for activities, group-committed (activities/enrolment.hpp).
  activities::Enroller enrolments{*db, clock, activities::Mailer{&catalogs, settings.base_url}};
  // Staff choice lists of the family pages, cached (families/staff_directory.hpp).
  families::StaffDirectory staff{clock};
  // Caseloads kept between page views while the family data is unchanged (families/caseload_cache.hpp).
  families::CaseloadCache caseloads{static_cast<std::size_t>(settings.caseload_cache_size)};
};

// Opens the database, migrates, loads languages and assets, registers every route.
// Fails with an Error naming the setting at fault.
Result<std::unique_ptr<App>> make_app(const Settings& settings, const Clock& clock);

// The one way in for every request: session, language, route, CSRF, policy, handler, errors.
// Thread-safe.
http::Response handle(App& app, http::Request& req);

// Registers the routes of every capability (defined in each capability's pages file).
void register_routes(App& app);

// Where the build put the compiled catalogs and where the assets are, found relative to the
// running binary unless settings say otherwise.
std::string default_locale_dir();
std::string default_assets_dir();

}  // namespace kp::app
