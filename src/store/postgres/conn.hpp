// A Conn over one libpq connection. Internal to src/store/postgres.
#pragma once
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/database.hpp"

namespace kp::store::postgres {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// Connects to `url` (a libpq URI) with UTF-8 client encoding and silenced notices. The caller
// owns the returned connection. Errors are unavailable and never quote the URL (it may hold
// a password).
Result<PGconn*> connect(const std::string& url);

// Owns a connection and its prepared-statement cache. Used by one thread at a time.
class PgConn final : public Conn {
 public:
  // Takes ownership of `pg`.
  explicit PgConn(PGconn* pg) : pg_(pg) {}
  ~PgConn() override { PQfinish(pg_); }
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  using Conn::exec;
  using Conn::query;
  Result<Rows> query(std::string_view sql, std::span<const Value> params) override;
  Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params) override;
  Status exec_script(std::string_view sql) override;

  // Runs a parameterless command (BEGIN, COMMIT, …) without preparing it.
  Status command(const char* sql);
  PGconn* handle() { return pg_; }
  // True once the server connection is gone; every statement then fails as unavailable.
  bool broken() const { return PQstatus(pg_) == CONNECTION_BAD; }
  // Reconnects a broken connection, forgetting its prepared statements (they died with the
  // session). Returns whether the connection is usable again. Blocks.
  bool reset();
  // Whether a statement since the last clear_retryable() failed with a serialization
  // failure or deadlock, i.e. re-running the transaction may succeed.
  bool retryable() const { return retryable_; }
  void clear_retryable() { retryable_ = false; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  Result<PgResult> run(std::string_view sql, std::span<const Value> params);
  Error error_from(const PGresult* r, std::string_view sql);

  PGconn* pg_;
  // Key: one type letter per parameter, '\n', then the SQL text. Parameter types are part of
  // the key because the statement is prepared with them (int8/float8/unknown).
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> cache_;
  std::uint64_t next_id_ = 0;
  bool retryable_ = false;
};

}  // namespace kp::store::postgres
