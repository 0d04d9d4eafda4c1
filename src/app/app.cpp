#include "app/app.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.hpp"

namespace kp::app {
namespace {

std::string binary_dir() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : p.parent_path().string();
}

// The CSRF key survives restarts so open forms stay valid; created with 0600 when missing.
Result<std::string> load_or_create_secret(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    if (s.size() < 32) return invalid("the secret file is too short; delete it to make a new one", "secret_file");
    return s;
  }
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::string s = crypto::random_bytes(32);
  const mode_t old = umask(077);
  std::ofstream out(path, std::ios::binary);
  umask(old);
  if (!out) return invalid("cannot create the secret file " + path, "secret_file");
  out.write(s.data(), static_cast<std::streamsize>(s.size()));
  return s;
}

}  // namespace

std::string default_locale_dir() { return binary_dir() + "/locale"; }

std::string default_assets_dir() {
  // The binary lives in <source>/build*/; the assets in <source>/assets and node_modules.
  return std::filesystem::path(binary_dir()).parent_path().string();
}

App::App(Settings s, std::unique_ptr<store::Database> database, const Clock& c, const std::string& locale_dir)
    : settings(std::move(s)),
      db(std::move(database)),
      clock(c),
      catalogs(locale_dir, settings.languages),
      catalog(*db, c),
      pages(static_cast<std::size_t>(settings.page_cache_entries)),
      throttle(c),
      reads(*db, c) {
  session_policy.idle_seconds = settings.session_idle_minutes * 60;
  session_policy.absolute_seconds = settings.session_absolute_hours * 3600;
}

Result<std::unique_ptr<App>> make_app(const Settings& settings, const Clock& clock) {
  crypto::init();
  store::OpenOptions opts;
  opts.readers = settings.db_readers;
  auto db = store::open(settings.db, opts);
  if (!db) {
    Error e = db.error();
    if (e.field.empty()) e.field = "db";
    return kp::unexpected<Error>(e);
  }
  KP_TRY(store::migrate(**db));
  auto secret = load_or_create_secret(settings.secret_file);
  if (!secret) return pass(secret);
  const std::string locale_dir = settings.locale_dir.empty() ? default_locale_dir() : settings.locale_dir;
  auto app = std::make_unique<App>(settings, std::move(*db), clock, locale_dir);
  app->secret = std::move(*secret);
  KP_TRY(app->assets.load(settings.assets_dir.empty() ? default_assets_dir() : settings.assets_dir));
  store::Database* dbp = app->db.get();
  app->metrics.set_gauge_callback("knutepunkt_db_readers_in_use", "Database read connections in use",
                                  [dbp] { return static_cast<double>(dbp->stats().readers_in_use); });
  app->metrics.set_gauge_callback("knutepunkt_db_readers_total", "Database read connections in the pool",
                                  [dbp] { return static_cast<double>(dbp->stats().readers_total); });
  app->metrics.set_gauge_callback("knutepunkt_db_pool_waits_total", "Times a request waited for a database connection",
                                  [dbp] { return static_cast<double>(dbp->stats().waits); });
  register_routes(*app);
  return app;
}

}  // namespace kp::app
