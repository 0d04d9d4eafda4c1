// A Conn over one sqlite3 handle. Internal to src/store/sqlite.
#pragma once
#include <sqlite3.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/database.hpp"

namespace kp::store::sqlite {

// Maps the last error on `db` to an Error. `sql` may go into the log-only detail; parameter
// values never do, because they may be personal data.
Error error_from(sqlite3* db, int rc, std::string_view sql);

// Owns a connection and its prepared-statement cache. Used by one thread at a time.
class SqliteConn final : public Conn {
 public:
  // Takes ownership of `db`.
  explicit SqliteConn(sqlite3* db) : db_(db) {}
  ~SqliteConn() override;
  SqliteConn(const SqliteConn&) = delete;
  SqliteConn& operator=(const SqliteConn&) = delete;

  using Conn::exec;
  using Conn::query;
  Result<Rows> query(std::string_view sql, std::span<const Value> params) override;
  Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params) override;
  Status exec_script(std::string_view sql) override;

  sqlite3* handle() { return db_; }

 private:
  struct Stmt {
    sqlite3_stmt* stmt = nullptr;
    std::vector<int> slots;  // slots[n-1] = bind index of "$n"
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  Result<Stmt*> prepare(std::string_view sql);
  // Binds and steps `sql`, appending rows to `out` when it is not null.
  Result<std::int64_t> run(std::string_view sql, std::span<const Value> params, Rows* out);

  sqlite3* db_;
  std::unordered_map<std::string, Stmt, Hash, std::equal_to<>> cache_;
};

}  // namespace kp::store::sqlite
