#include "store/sqlite/conn.hpp"

#include <charconv>

namespace kp::store::sqlite {

namespace {

// Statements come from code, so the cache stays small; the cap only guards against a caller
// that builds SQL text at run time.
constexpr size_t kMaxCachedStatements = 512;

std::string clip(std::string_view sql) {
  constexpr size_t kMax = 400;
  if (sql.size() <= kMax) return std::string(sql);
  return std::string(sql.substr(0, kMax)) + "…";
}

// Parses "$N" (N ≥ 1); 0 when `name` is anything else.
size_t placeholder_number(const char* name) {
  if (!name || name[0] != '$') return 0;
  std::string_view digits(name + 1);
  size_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return 0;
  return n;
}

Value column_value(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT: {
      auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
    }
    case SQLITE_BLOB: {
      auto p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
      return std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
    }
    default:
      return nullptr;
  }
}

int bind(sqlite3_stmt* stmt, int index, const Value& v) {
  if (auto i = std::get_if<std::int64_t>(&v)) return sqlite3_bind_int64(stmt, index, *i);
  if (auto d = std::get_if<double>(&v)) return sqlite3_bind_double(stmt, index, *d);
  if (auto s = std::get_if<std::string>(&v))
    // SQLITE_STATIC: the caller's values outlive the statement's use; bindings are cleared after.
    return sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
  return sqlite3_bind_null(stmt, index);
}

}  // namespace

Error error_from(sqlite3* db, int rc, std::string_view sql) {
  int code = db ? sqlite3_extended_errcode(db) : rc;
  if ((code & 0xff) != (rc & 0xff)) code = rc;
  std::string detail = "sqlite: ";
  detail += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  detail += " (" + std::to_string(code) + ")";
  if (!sql.empty()) detail += " in: " + clip(sql);
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Error{ErrorKind::conflict, "This already exists", {}, std::move(detail)};
      return Error{ErrorKind::invalid, "The change is not allowed by the stored data", {},
                   std::move(detail)};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error{ErrorKind::unavailable, "The database is busy. Please try again.", {},
                   std::move(detail)};
    default:
      return Error{ErrorKind::internal, "Something went wrong", {}, std::move(detail)};
  }
}

SqliteConn::~SqliteConn() {
  for (auto& [sql, s] : cache_) sqlite3_finalize(s.stmt);
  sqlite3_close_v2(db_);
}

Result<SqliteConn::Stmt*> SqliteConn::prepare(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return &it->second;
  if (cache_.size() >= kMaxCachedStatements) {
    for (auto& [text, s] : cache_) sqlite3_finalize(s.stmt);
    cache_.clear();
  }
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return kp::unexpected<Error>(error_from(db_, rc, sql));
  if (!stmt) return internal_error("sqlite: empty statement");
  std::string_view rest(tail, sql.data() + sql.size() - tail);
  Stmt s{stmt, {}};
  bool ok = rest.find_first_not_of(" \t\r\n;") == std::string_view::npos;
  for (int i = 1; ok && i <= sqlite3_bind_parameter_count(stmt); ++i) {
    size_t n = placeholder_number(sqlite3_bind_parameter_name(stmt, i));
    if (n == 0 || n > 999) { ok = false; break; }
    if (s.slots.size() < n) s.slots.resize(n, 0);
    s.slots[n - 1] = i;
  }
  for (int slot : s.slots) ok = ok && slot != 0;
  if (!ok) {
    sqlite3_finalize(stmt);
    return internal_error("sqlite: one statement with placeholders $1…$n expected in: " + clip(sql));
  }
  return &cache_.emplace(std::string(sql), std::move(s)).first->second;
}

Result<std::int64_t> SqliteConn::run(std::string_view sql, std::span<const Value> params,
                                     Rows* out) {
  auto prepared = prepare(sql);
  if (!prepared) return pass(prepared);
  const Stmt& s = **prepared;
  if (params.size() != s.slots.size())
    return internal_error("sqlite: " + std::to_string(params.size()) + " parameters for " +
                          std::to_string(s.slots.size()) + " placeholders in: " + clip(sql));
  struct Reset {
    sqlite3_stmt* stmt;
    ~Reset() {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    }
  } reset{s.stmt};
  for (size_t n = 0; n < params.size(); ++n) {
    int rc = bind(s.stmt, s.slots[n], params[n]);
    if (rc != SQLITE_OK) return kp::unexpected<Error>(error_from(db_, rc, sql));
  }
  const std::int64_t before = sqlite3_total_changes64(db_);
  const int ncols = sqlite3_column_count(s.stmt);
  for (;;) {
    int rc = sqlite3_step(s.stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return kp::unexpected<Error>(error_from(db_, rc, sql));
    if (!out) continue;
    std::vector<Value> cols;
    cols.reserve(static_cast<size_t>(ncols));
    for (int i = 0; i < ncols; ++i) cols.push_back(column_value(s.stmt, i));
    out->emplace_back(std::move(cols));
  }
  // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE, so a DDL statement
  // would report a stale number; the total only moves when this statement changed rows.
  return sqlite3_total_changes64(db_) == before ? 0 : sqlite3_changes64(db_);
}

Result<Rows> SqliteConn::query(std::string_view sql, std::span<const Value> params) {
  Rows rows;
  auto r = run(sql, params, &rows);
  if (!r) return pass(r);
  return rows;
}

Result<std::int64_t> SqliteConn::exec(std::string_view sql, std::span<const Value> params) {
  return run(sql, params, nullptr);
}

Status SqliteConn::exec_script(std::string_view sql) {
  char* msg = nullptr;
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &msg);
  sqlite3_free(msg);
  if (rc != SQLITE_OK) return kp::unexpected<Error>(error_from(db_, rc, sql));
  return {};
}

}  // namespace kp::store::sqlite
