// The one store interface both engines implement. Capability stores (catalog/store.cpp, …)
// write portable SQL with $1, $2 … placeholders and run it through a Conn; nothing outside
// src/store/ includes sqlite3.h or libpq-fe.h.
//
// Portable SQL rules: integers are BIGINT (booleans are 0/1 BIGINT), times are BIGINT UTC
// seconds, ids are TEXT UUIDs, names that are sorted carry a `*_sort` column from
// text::nb_sort_key() so ORDER BY is Norwegian on both engines with a binary collation.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace kp::store {

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// A result row. Accessors never throw: a NULL or mistyped column reads as 0 / "".
class Row {
 public:
  explicit Row(std::vector<Value> cols) : cols_(std::move(cols)) {}
  size_t size() const { return cols_.size(); }
  bool is_null(size_t i) const { return std::holds_alternative<std::nullptr_t>(cols_.at(i)); }
  std::int64_t integer(size_t i) const;
  double real(size_t i) const;
  const std::string& text(size_t i) const;
  std::optional<std::string> opt_text(size_t i) const;
  std::optional<std::int64_t> opt_integer(size_t i) const;

 private:
  std::vector<Value> cols_;
};

using Rows = std::vector<Row>;
using Params = std::initializer_list<Value>;

// Converts optional values to a NULL-able parameter.
inline Value nullable(const std::optional<std::string>& s) {
  return s ? Value(*s) : Value(nullptr);
}
inline Value nullable(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(nullptr);
}

// One connection, used by one thread at a time. Statements are prepared once per connection
// and cached by their SQL text, so SQL must be constant text: values go in parameters.
// Errors never quote parameter values (they may be personal data).
class Conn {
 public:
  virtual ~Conn() = default;
  // Runs a statement and returns all rows.
  virtual Result<Rows> query(std::string_view sql, std::span<const Value> params) = 0;
  // Runs a statement and returns the number of rows it changed.
  virtual Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params) = 0;
  // Runs several statements without parameters (migrations).
  virtual Status exec_script(std::string_view sql) = 0;

  Result<Rows> query(std::string_view sql, Params params = {}) {
    return query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  Result<std::int64_t> exec(std::string_view sql, Params params = {}) {
    return exec(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // The first row, or nullopt when there is none.
  Result<std::optional<Row>> query_one(std::string_view sql, Params params = {});
};

enum class Engine { sqlite, postgres };

struct PoolStats {
  int readers_total = 0;
  int readers_in_use = 0;
  std::int64_t waits = 0;  // times a caller had to wait for a connection
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Engine engine() const = 0;

  // Runs `fn` on a pooled read connection (a consistent snapshot for its duration).
  // Thread-safe; blocks while all readers are busy.
  virtual Status with_read(const std::function<Status(Conn&)>& fn) = 0;
  // Runs `fn` inside a write transaction (SQLite: BEGIN IMMEDIATE on the single writer;
  // PostgreSQL: BEGIN on a pooled connection). Commits when `fn` succeeds, rolls back when it
  // fails or throws, so nothing is half-written. Thread-safe.
  // PostgreSQL runs it SERIALIZABLE, so read-then-write code is as safe as under SQLite's
  // single writer, and re-runs the whole of `fn` (up to 5 more times; from the 4th attempt on
  // alone, under an exclusive lock) after a serialization failure or deadlock. So `fn` must be
  // safe to re-run: no side effects outside `Conn` except state it resets itself, and no
  // results kept from a failed attempt. Calling with_write inside `fn` is a bug (throws).
  virtual Status with_write(const std::function<Status(Conn&)>& fn) = 0;
  // Like with_write, but first takes the exclusive lock `key` (held until commit or rollback)
  // before anything is read, so `fn` sees all that earlier holders committed. PostgreSQL runs
  // it READ COMMITTED under pg_advisory_xact_lock(key); on SQLite the write lock already is
  // exclusive. migrate() uses it; use it only for data every writer reaches through this lock.
  virtual Status with_exclusive_write(std::int64_t key, const std::function<Status(Conn&)>& fn) {
    return with_write(fn);
  }
  virtual PoolStats stats() const = 0;
  // Writes a consistent copy of the database to `path` (SQLite file; PostgreSQL: error
  // telling the operator to use pg_dump).
  virtual Status backup(const std::string& path) = 0;

  // Checks that a read connection answers (for /healthz).
  Status ping();

  // Convenience wrappers that return a value from the callback.
  template <class F>
  auto read(F&& fn) -> decltype(fn(std::declval<Conn&>())) {
    using R = decltype(fn(std::declval<Conn&>()));
    std::optional<R> out;
    Status st = with_read([&](Conn& c) -> Status {
      out.emplace(fn(c));
      if (!out->has_value()) return kp::unexpected<Error>(out->error());
      return {};
    });
    if (!st) return kp::unexpected<Error>(st.error());
    return std::move(*out);
  }
  template <class F>
  auto write(F&& fn) -> decltype(fn(std::declval<Conn&>())) {
    using R = decltype(fn(std::declval<Conn&>()));
    std::optional<R> out;
    Status st = with_write([&](Conn& c) -> Status {
      out.emplace(fn(c));
      if (!out->has_value()) return kp::unexpected<Error>(out->error());
      return {};
    });
    if (!st) return kp::unexpected<Error>(st.error());
    return std::move(*out);
  }
};

struct OpenOptions {
  int readers = 4;           // size of the read pool
  int busy_timeout_ms = 5000;
};

// Opens "sqlite:PATH" or a "postgresql://…" / "postgres://…" URL. Does not migrate.
Result<std::unique_ptr<Database>> open(std::string_view url, const OpenOptions& options = {});

// Applies every migration not yet recorded in schema_migrations, in order, each in its own
// transaction, under a lock so that concurrent starts are safe.
Status migrate(Database& db);
// Number of the newest migration compiled into this binary.
int latest_migration();

}  // namespace kp::store
