#include "app/cli.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "activities/demo.hpp"
#include "app/app.hpp"
#include "app/demo_users.hpp"
#include "audit/audit.hpp"
#include "auth/accounts.hpp"
#include "catalog/demo.hpp"
#include "catalog/hsds.hpp"
#include "catalog/store.hpp"
#include "equipment/demo.hpp"
#include "families/retention.hpp"
#include "core/crypto.hpp"
#include "families/demo.hpp"
#include "http/access_log.hpp"
#include "http/server.hpp"

namespace kp::app {
namespace {

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;
  bool help = false;
};

// Accepts `--key value`, `--key=value` and bare `--flag` (value "1").
Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--help" || s == "-h") {
      a.help = true;
    } else if (s.starts_with("--")) {
      std::string key = s.substr(2), value = "1";
      if (auto eq = key.find('='); eq != std::string::npos) {
        value = key.substr(eq + 1);
        key = key.substr(0, eq);
      } else if (i + 1 < argc && !std::string(argv[i + 1]).starts_with("--")) {
        value = argv[++i];
      }
      for (auto& c : key)
        if (c == '-') c = '_';
      a.flags[key] = value;
    } else if (a.command.empty()) {
      a.command = s;
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

int fail_with(const Error& e) {
  if (!e.field.empty()) std::fprintf(stderr, "error: setting %s: %s\n", e.field.c_str(), e.message.c_str());
  else std::fprintf(stderr, "error: %s\n", e.message.c_str());
  if (!e.detail.empty()) std::fprintf(stderr, "  (%s)\n", e.detail.c_str());
  return 1;
}

const char* kUsage = R"(knutepunkt — the hub against child poverty: catalog, family follow-up, activities.

Usage: knutepunkt COMMAND [options]

Commands:
  serve               run the web server (--listen HOST:PORT, --db URL)
  migrate             create or upgrade the database schema
  seed-demo           add the fictional demo municipality, its catalog, demo logins and 100 families
                      (--families N --log-entries N: more families, for the benchmark)
                      (--scale N: add N benchmark municipalities, ~140 offers each)
  user add USERNAME --name NAME --role ROLE [--municipality NUMBER] [--email E]
  user set-role USERNAME ROLE[,ROLE…]
  user set-service USERNAME SERVICE (hub, health, nav, child_welfare, ppt, school, kindergarten, culture, voluntary)
  user reset-password USERNAME      (reads the new password from standard input)
  user require-2fa USERNAME on|off
  import-hsds FILE [--municipality NUMBER] [--lang CODE]
  export-hsds PATH [--municipality NUMBER] [--lang CODE]
  audit verify        check that the audit log is complete and unchanged
  retention run       anonymise families closed longer ago than retention_days (--dry-run: only report)
  backup PATH         write a consistent copy of the SQLite database
  jobs run            run all background work once: send the outbox, expire offers, reminders…

Common options (also KNUTEPUNKT_<NAME> environment variables or a --config FILE of name = value lines):
  --db sqlite:PATH | postgresql://…   (default sqlite:var/knutepunkt.db)
)";

// One paragraph of help per command, for `knutepunkt COMMAND --help`.
const std::map<std::string, const char*>& command_help() {
  static const std::map<std::string, const char*> h = {
      {"serve", "knutepunkt serve [--listen HOST:PORT] [--db URL] [--config FILE]\n\n"
                "Runs the web server until SIGTERM or Ctrl+C; in-flight requests finish first.\n"
                "Migrates the database at start-up. Behind nginx, set --trust-forwarded-for true.\n"},
      {"migrate", "knutepunkt migrate [--db URL]\n\nCreates or upgrades the database schema; safe to run while servers start.\n"},
      {"seed-demo", "knutepunkt seed-demo [--db URL] [--scale N] [--families N] [--log-entries N]\n\n"
                    "Adds the fictional demo municipality Fjordvik kommune (9999), its catalog and demo logins, and\n"
                    "100 fictional families followed by 10 coordinators (synthetic identity numbers only).\n"
                    "With --families N: N families instead (the benchmark uses 10000); with --log-entries N: exactly\n"
                    "N log entries per family (the benchmark uses 100) instead of an entry every two weeks or so.\n"
                    "With --scale N: adds N fictional benchmark municipalities (9001 …) with ~140 offers each.\n"
                    "Running it again changes nothing.\n"},
      {"user", "knutepunkt user add USERNAME --name NAME --role ROLE [--email E] [--municipality NUMBER]\n"
               "knutepunkt user set-role USERNAME ROLE[,ROLE…]\n"
               "knutepunkt user set-service USERNAME SERVICE\n"
               "knutepunkt user reset-password USERNAME\n"
               "knutepunkt user require-2fa USERNAME on|off\n\n"
               "Roles: admin, editor, coordinator, service_employee, leader. Passwords are read as one line\n"
               "from standard input (at least 15 characters). Every change is written to the audit log.\n"},
      {"import-hsds", "knutepunkt import-hsds FILE [--municipality NUMBER] [--lang CODE] [--db URL]\n\n"
                      "Imports Open Referral HSDS 3.0 services (an array of service documents, or a /services page).\n"
                      "All or nothing: a bad file is rejected with errors naming the record and field.\n"
                      "Importing the same file twice changes nothing.\n"},
      {"export-hsds", "knutepunkt export-hsds PATH [--municipality NUMBER] [--lang CODE] [--db URL]\n\n"
                      "Writes every published offer of the municipality as an HSDS 3.0 JSON array.\n"},
      {"audit", "knutepunkt audit verify [--db URL]\n\n"
                "Recomputes the hash chain of the audit log; exits 1 if any record was changed, removed or cut off.\n"
                "Prints the newest hash: keep it somewhere else to detect a rewritten end of the log.\n"},
      {"backup", "knutepunkt backup PATH [--db URL]\n\nWrites a consistent copy of the SQLite database (for PostgreSQL use pg_dump).\n"},
      {"jobs", "knutepunkt jobs run [--db URL]\n\n"
               "Runs every background job once (sending queued e-mails and SMS, expiring offered places,\n"
               "reminders, overdue loans, purging contents of old messages) and prints one line per job.\n"
               "`serve` runs them by itself; use this from cron when no server runs, or to send at once.\n"
               "Exits 1 if a job failed.\n"},
      {"retention", "knutepunkt retention run [--dry-run] [--db URL] [--retention-days N]\n\n"
                    "Anonymises every family whose follow-up was closed more than retention_days days ago (default\n"
                    "1825, five years): deletes its people, consents, plan, meetings, log, progress, referrals, files,\n"
                    "team and emergency grants, and keeps the family row without name or address (case number, level\n"
                    "and dates stay, so statistics still count it). One transaction per family; each anonymisation is\n"
                    "written to the audit log by \"system\" (the audit log itself is never changed). Prints how many rows\n"
                    "were removed per table, never names. With --dry-run nothing is changed and the report shows what\n"
                    "would be removed. Run it daily, e.g. from a systemd timer or cron.\n"},
  };
  return h;
}

Result<std::unique_ptr<store::Database>> open_db(const Settings& s) {
  auto db = store::open(s.db, {s.db_readers, 5000});
  if (!db) return db;
  KP_TRY(store::migrate(**db));
  return db;
}

// The municipality a command acts on: --municipality, or the only one in the database.
Result<std::string> pick_municipality(store::Database& db, const Args& a) {
  if (auto it = a.flags.find("municipality"); it != a.flags.end()) return it->second;
  auto ms = db.read([](store::Conn& c) { return catalog::list_municipalities(c); });
  if (!ms) return pass(ms);
  if (ms->size() == 1) return ms->front().id;
  return invalid(ms->empty() ? "there is no municipality in the database yet (run seed-demo, or add one)"
                             : "there are several municipalities; choose one with --municipality NUMBER",
                 "municipality");
}

int cmd_serve(const Settings& s) {
  SystemClock clock;
  auto app = make_app(s, clock);
  if (!app) return fail_with(app.error());
  App& a = **app;
  // The public search works from an in-memory snapshot; build it before taking requests so
  // the first visitor does not wait for it.
  if (auto snap = a.catalog.get(); !snap) return fail_with(snap.error());
  http::ServerLimits limits;
  limits.worker_threads = s.worker_threads;
  limits.trust_forwarded_for = s.trust_forwarded_for;
  limits.body_bytes = static_cast<std::size_t>(s.max_upload_mb) * 1024 * 1024;
  http::AccessLog log(1);
  http::Server server(limits, [&a](http::Request& r) { return handle(a, r); },
                      http::make_observer(&a.metrics, s.access_log ? &log : nullptr));
  int port = 0;
  try {
    port = server.listen(s.listen_host, s.listen_port);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: setting listen: cannot listen on %s (%s)\n", s.listen.c_str(), e.what());
    return 1;
  }
  std::fprintf(stderr, "Knutepunkt is running on http://%s:%d/ (database %s). Stop with Ctrl+C.\n",
               s.listen_host.c_str(), port, s.db.starts_with("sqlite:") ? s.db.c_str() : "postgresql");
  std::fflush(stderr);
  JobRunner jobs(a);  // sends the outbox and runs the modules' due work (app/jobs.hpp)
  jobs.start();
  server.run(true);
  jobs.stop();
  std::fprintf(stderr, "Knutepunkt stopped.\n");
  return 0;
}

int cmd_seed(const Settings& s, const Args& a) {
  auto db = open_db(s);
  if (!db) return fail_with(db.error());
  SystemClock clock;
  if (auto it = a.flags.find("scale"); it != a.flags.end()) {
    int n = -1;
    auto [ptr, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), n);
    if (ec != std::errc() || ptr != it->second.data() + it->second.size() || n < 1)
      return fail_with(Error{ErrorKind::invalid, "--scale must be a whole number of municipalities, e.g. 357", "scale", ""});
    auto st = catalog::seed_scale_catalog(**db, clock, n);
    if (!st) return fail_with(st.error());
    std::printf("Added %d benchmark municipalities.\n", n);
    return 0;
  }
  auto st = catalog::seed_demo_catalog(**db, clock);
  if (!st) return fail_with(st.error());
  auto us = seed_demo_users(**db, clock);
  if (!us) return fail_with(us.error());
  int family_count = families::kDemoFamilies, log_entries = -1;
  for (auto [flag, out] : {std::pair<const char*, int*>{"families", &family_count}, {"log_entries", &log_entries}}) {
    auto it = a.flags.find(flag);
    if (it == a.flags.end()) continue;
    auto [ptr, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), *out);
    if (ec != std::errc() || ptr != it->second.data() + it->second.size() || *out < 0)
      return fail_with(Error{ErrorKind::invalid, "--families and --log-entries take a whole number, e.g. 10000", flag, ""});
  }
  auto fam = families::seed_demo_families(**db, clock, family_count, log_entries);
  if (!fam) return fail_with(fam.error());
  std::printf("Demo families: %d added (%lld log entries).\n", fam->families_added,
              static_cast<long long>(fam->log_entries_added));
  // Activities (act-staff): the summer and autumn programmes, after the families they book for.
  auto acts = activities::seed_demo_activities(**db, clock);
  if (!acts) return fail_with(acts.error());
  std::printf("Demo activities: %d added (%d children signed up).\n", acts->activities_added, acts->participants_added);
  // Equipment (equip-public): ~150 items, passes and a year of loans.
  auto equip = equipment::seed_demo_equipment(**db, clock);
  if (!equip) return fail_with(equip.error());
  std::printf("Demo equipment: %d items, %d pass batches, %d loans added.\n", equip->items_added,
              equip->pass_batches_added, equip->loans_added);
  std::printf("Demo data is in place: Fjordvik kommune (9999).\nDemo logins (password \"%s\"):\n", kDemoPassword);
  for (const auto& d : demo_logins())
    std::printf("  %-16s %s, %s\n", d.username.c_str(), d.display_name.c_str(), d.description.c_str());
  std::printf("  (and the families' other staff, same password: koordinator2 … koordinator10, navveileder, laerer, "
              "barnevern, ppt …)\n");
  return 0;
}

std::string read_password_from_stdin() {
  std::string pw;
  std::getline(std::cin, pw);
  return pw;
}

int cmd_user(const Settings& s, const Args& a) {
  if (a.positional.size() < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  auto db = open_db(s);
  if (!db) return fail_with(db.error());
  SystemClock clock;
  const std::string& sub = a.positional[0];
  const std::string& username = a.positional[1];
  if (sub == "add") {
    auto mun = pick_municipality(**db, a);
    if (!mun) return fail_with(mun.error());
    auth::NewUser u;
    u.municipality_id = *mun;
    u.username = username;
    u.display_name = a.flags.count("name") ? a.flags.at("name") : username;
    u.email = a.flags.count("email") ? a.flags.at("email") : "";
    if (auto r = auth::role_from_string(a.flags.count("role") ? a.flags.at("role") : "")) u.roles = {*r};
    else return fail_with(Error{ErrorKind::invalid, "--role must be admin, editor, coordinator, service_employee or leader", "role", ""});
    std::fprintf(stderr, "Password for %s (one line on standard input): ", username.c_str());
    u.password = read_password_from_stdin();
    auto created = auth::create_user(**db, clock, u);
    if (!created) return fail_with(created.error());
    std::printf("Created %s.\n", created->username.c_str());
    return 0;
  }
  auto user = auth::find_user_by_username(**db, username);
  if (!user) return fail_with(user.error());
  if (sub == "set-role" && a.positional.size() >= 3) {
    std::vector<auth::Role> roles;
    std::stringstream ss(a.positional[2]);
    std::string item;
    while (std::getline(ss, item, ','))
      if (auto r = auth::role_from_string(item)) roles.push_back(*r);
      else return fail_with(Error{ErrorKind::invalid, "unknown role " + item, "role", ""});
    auto st = auth::set_roles(**db, user->id, roles);
    if (!st) return fail_with(st.error());
  } else if (sub == "set-service" && a.positional.size() >= 3) {
    // Consent is given per service, so this decides which families a team member may open.
    auto st = auth::set_service(**db, user->id, a.positional[2]);
    if (!st) return fail_with(st.error());
  } else if (sub == "reset-password") {
    std::fprintf(stderr, "New password (one line on standard input): ");
    auto st = auth::set_password(**db, clock, user->id, read_password_from_stdin());
    if (!st) return fail_with(st.error());
  } else if (sub == "require-2fa" && a.positional.size() >= 3) {
    auto st = auth::set_totp_required(**db, user->id, a.positional[2] == "on");
    if (!st) return fail_with(st.error());
  } else {
    std::fputs(kUsage, stderr);
    return 2;
  }
  (void)(*db)->with_write([&](store::Conn& c) {
    return audit::append(c, clock, {user->municipality_id, "system", "user." + sub, "user", user->id, "cli", "", ""});
  });
  std::printf("Done.\n");
  return 0;
}

int cmd_import(const Settings& s, const Args& a) {
  if (a.positional.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::ifstream in(a.positional[0], std::ios::binary);
  if (!in) return fail_with(Error{ErrorKind::invalid, "cannot read " + a.positional[0], "", ""});
  std::stringstream ss;
  ss << in.rdbuf();
  auto db = open_db(s);
  if (!db) return fail_with(db.error());
  auto mun = pick_municipality(**db, a);
  if (!mun) return fail_with(mun.error());
  SystemClock clock;
  catalog::hsds::ImportOptions opt;
  if (a.flags.count("lang")) opt.lang = a.flags.at("lang");
  std::vector<catalog::hsds::ImportError> errors;
  auto rep = catalog::hsds::import_services(**db, clock, ss.str(), *mun, "system", opt, &errors);
  if (!rep) {
    std::fprintf(stderr, "The file was not imported; nothing was changed.\n");
    for (const auto& e : errors) std::fprintf(stderr, "  %s\n", e.to_string().c_str());
    if (errors.empty()) return fail_with(rep.error());
    return 1;
  }
  std::printf("Imported: %d new, %d changed, %d unchanged offers.\n", rep->services.created,
              rep->services.updated, rep->services.unchanged);
  for (const auto& w : rep->warnings) std::printf("  note: %s\n", w.c_str());
  return 0;
}

int cmd_export(const Settings& s, const Args& a) {
  if (a.positional.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  auto db = open_db(s);
  if (!db) return fail_with(db.error());
  auto mun = pick_municipality(**db, a);
  if (!mun) return fail_with(mun.error());
  auto json = catalog::hsds::export_all(**db, *mun, a.flags.count("lang") ? a.flags.at("lang") : "nb");
  if (!json) return fail_with(json.error());
  std::ofstream out(a.positional[0], std::ios::binary);
  out << *json;
  if (!out) return fail_with(Error{ErrorKind::invalid, "cannot write " + a.positional[0], "", ""});
  std::printf("Wrote %s (%zu bytes).\n", a.positional[0].c_str(), json->size());
  return 0;
}

int cmd_audit(const Settings& s, const Args& a) {
  if (a.positional.empty() || a.positional[0] != "verify") {
    std::fputs(kUsage, stderr);
    return 2;
  }
  auto db = open_db(s);
  if (!db) return fail_with(db.error());
  auto rep = audit::verify(**db);
  if (!rep) return fail_with(rep.error());
  if (!rep->ok) {
    std::printf("The audit log is NOT intact: %s (record %lld).\n", rep->problem.c_str(),
                static_cast<long long>(rep->first_bad_seq));
    return 1;
  }
  std::printf("The audit log is intact: %lld records. Newest hash: %s\n", static_cast<long long>(rep->records),
              rep->head_hash.c_str());
  return 0;
}

int cmd_retention(const Settings& s, const Args& a) {
  if (a.positional.empty() || a.positional[0] != "run") {
    std::fputs(kUsage, stderr);
    return 2;
  }
  auto db = open_db(s);
  if (!db) return fail_with(db.error());
  SystemClock clock;
  const bool dry_run = a.flags.count("dry_run") > 0;
  auto rep = families::run_retention(**db, clock, s.retention_days, dry_run);
  if (!rep) return fail_with(rep.error());
  const std::string before = format_utc_iso(rep->closed_before);
  if (dry_run)
    std::printf("Dry run, nothing was changed. %lld families closed before %s would be anonymised; rows:\n",
                static_cast<long long>(rep->families_anonymised), before.c_str());
  else
    std::printf("Anonymised %lld families closed before %s; rows removed:\n",
                static_cast<long long>(rep->families_anonymised), before.c_str());
  for (const auto& [table, n] : rep->rows)
    std::printf("  %-22s %lld%s\n", table.c_str(), static_cast<long long>(n), table == "family_bti" ? " (notes cleared)" : "");
  return 0;
}

// `jobs run`: every registered job once (messaging, activities, equipment…), for cron and tests.
int cmd_jobs(const Settings& s, const Args& a) {
  if (a.positional.empty() || a.positional[0] != "run") {
    std::fputs(command_help().at("jobs"), stderr);
    return 2;
  }
  SystemClock clock;
  auto app = make_app(s, clock);
  if (!app) return fail_with(app.error());
  int failed = 0;
  for (const auto& o : (*app)->jobs.run_all(**app)) {
    if (o.ok) std::printf("%s: ok\n", o.name.c_str());
    else std::printf("%s: failed: %s\n", o.name.c_str(), o.error.c_str()), ++failed;
  }
  return failed ? 1 : 0;
}

int cmd_backup(const Settings& s, const Args& a) {
  if (a.positional.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  auto db = open_db(s);
  if (!db) return fail_with(db.error());
  auto st = (*db)->backup(a.positional[0]);
  if (!st) return fail_with(st.error());
  std::printf("Backup written to %s.\n", a.positional[0].c_str());
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
  crypto::init();
  Args a = parse_args(argc, argv);
  if (a.command.empty() || a.command == "help") {
    std::fputs(kUsage, a.command.empty() && !a.help ? stderr : stdout);
    return a.help || a.command == "help" ? 0 : 2;
  }
  if (a.help) {
    if (auto it = command_help().find(a.command); it != command_help().end()) {
      std::fputs(it->second, stdout);
      return 0;
    }
    std::fputs(kUsage, stdout);
    std::printf("\nSettings: ");
    for (const auto& n : setting_names()) std::printf("--%s ", n.c_str());
    std::printf("\n");
    return 0;
  }
  auto settings = load_settings(a.flags);
  if (!settings) return fail_with(settings.error());
  const Settings& s = *settings;
  if (a.command == "serve") return cmd_serve(s);
  if (a.command == "migrate") {
    auto db = open_db(s);
    if (!db) return fail_with(db.error());
    std::printf("The database is at schema version %d.\n", store::latest_migration());
    return 0;
  }
  if (a.command == "seed-demo") return cmd_seed(s, a);
  if (a.command == "user") return cmd_user(s, a);
  if (a.command == "import-hsds") return cmd_import(s, a);
  if (a.command == "export-hsds") return cmd_export(s, a);
  if (a.command == "audit") return cmd_audit(s, a);
  if (a.command == "backup") return cmd_backup(s, a);
  if (a.command == "retention") return cmd_retention(s, a);
  if (a.command == "jobs") return cmd_jobs(s, a);
  std::fprintf(stderr, "Unknown command %s.\n\n%s", a.command.c_str(), kUsage);
  return 2;
}

}  // namespace kp::app
