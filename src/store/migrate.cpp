// Applies the numbered SQL files from src/store/migrations/, embedded at build time.
#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <string_view>
#include <stdexcept>
#include <vector>

#include "store/database.hpp"

namespace kp::store {

namespace {

struct Migration {
  int number;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = [] {
    std::vector<Migration> v = {
#include "migrations.inc"
    };
    std::sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.number < b.number; });
    for (size_t i = 1; i < v.size(); ++i)
      if (v[i].number == v[i - 1].number)
        throw std::logic_error(std::string("two migrations share a number: ") + v[i].name);
    return v;
  }();
  return all;
}

// Key of the PostgreSQL advisory lock that serialises migrations across processes.
constexpr std::int64_t kMigrationLock = 74204;

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::set<std::int64_t>> applied_versions(Conn& c) {
  auto rows = c.query("SELECT version FROM schema_migrations");
  if (!rows) return pass(rows);
  std::set<std::int64_t> out;
  for (const Row& r : *rows) out.insert(r.integer(0));
  return out;
}

// The part of a migration for `engine`: the text before the first "-- @sqlite" or
// "-- @postgres" line runs on both engines; each marked section (up to the next marker) only on
// its engine. So schema stays in one file even where the two dialects differ (triggers).
std::string sql_for(std::string_view sql, Engine engine) {
  const std::string_view mine = engine == Engine::sqlite ? "-- @sqlite" : "-- @postgres";
  std::string out;
  bool keep = true;
  size_t pos = 0;
  while (pos < sql.size()) {
    size_t end = sql.find('\n', pos);
    if (end == std::string_view::npos) end = sql.size();
    const std::string_view line = sql.substr(pos, end - pos);
    if (line == "-- @sqlite" || line == "-- @postgres") {
      keep = line == mine;
    } else if (keep) {
      out.append(line);
      out.push_back('\n');
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace

int latest_migration() {
  const auto& all = migrations();
  return all.empty() ? 0 : all.back().number;
}

Status migrate(Database& db) {
  std::set<std::int64_t> applied;
  KP_TRY(db.with_exclusive_write(kMigrationLock, [&](Conn& c) -> Status {
    KP_TRY(c.exec(kCreateTable));
    auto v = applied_versions(c);
    if (!v) return pass(v);
    applied = std::move(*v);
    return {};
  }));
  if (!applied.empty() && *applied.rbegin() > latest_migration())
    return fail(ErrorKind::unavailable, "The database was upgraded by a newer Knutepunkt", "db",
                "schema version " + std::to_string(*applied.rbegin()) + " > " +
                    std::to_string(latest_migration()));

  for (const Migration& m : migrations()) {
    if (applied.contains(m.number)) continue;
    KP_TRY(db.with_exclusive_write(kMigrationLock, [&](Conn& c) -> Status {
      // Another process may have applied it while this one waited for the lock.
      auto done = c.query_one("SELECT 1 FROM schema_migrations WHERE version = $1",
                              {std::int64_t{m.number}});
      if (!done) return pass(done);
      if (*done) return {};
      if (Status st = c.exec_script(sql_for(m.sql, db.engine())); !st) {
        Error e = st.error();
        e.detail = std::string("migration ") + m.name + ": " + e.detail;
        return kp::unexpected<Error>(std::move(e));
      }
      KP_TRY(c.exec("INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1, $2, $3)",
                    {std::int64_t{m.number}, std::string(m.name), now_seconds()}));
      return {};
    }));
  }
  return {};
}

}  // namespace kp::store
