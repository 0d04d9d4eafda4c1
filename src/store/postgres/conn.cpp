#include "store/postgres/conn.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace kp::store::postgres {

namespace {

// Type OIDs from pg_type.h, which is not part of the client headers.
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

constexpr size_t kMaxCachedStatements = 512;

std::string clip(std::string_view sql) {
  constexpr size_t kMax = 400;
  if (sql.size() <= kMax) return std::string(sql);
  return std::string(sql.substr(0, kMax)) + "…";
}

void ignore_notice(void*, const char*) {}

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest exact round trip
  return std::string(buf, end);
}

Value column_value(const PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col)) return nullptr;
  const char* p = PQgetvalue(r, row, col);
  const char* end = p + PQgetlength(r, row, col);
  switch (PQftype(r, col)) {
    case kBool:
      return std::int64_t{*p == 't' ? 1 : 0};
    case kInt2:
    case kInt4:
    case kInt8: {
      std::int64_t v = 0;
      if (auto res = std::from_chars(p, end, v); res.ec == std::errc() && res.ptr == end) return v;
      break;
    }
    case kFloat4:
    case kFloat8:
    case kNumeric: {
      char* stop = nullptr;
      double v = std::strtod(p, &stop);  // also reads NaN and ±Infinity
      if (stop == end) return v;
      break;
    }
    default:
      break;
  }
  return std::string(p, end);
}

}  // namespace

Result<PGconn*> connect(const std::string& url) {
  // The URL comes after the defaults so that it may override them; the encoding comes last
  // because every string we bind or read is UTF-8.
  const char* keys[] = {"application_name", "connect_timeout", "dbname", "client_encoding",
                        nullptr};
  const char* values[] = {"knutepunkt", "10", url.c_str(), "UTF8", nullptr};
  PGconn* pg = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!pg) return fail(ErrorKind::unavailable, "The database server cannot be reached", "db",
                       "postgres: out of memory");
  if (PQstatus(pg) != CONNECTION_OK) {
    std::string detail = std::string("postgres: ") + PQerrorMessage(pg);
    PQfinish(pg);
    return fail(ErrorKind::unavailable, "The database server cannot be reached", "db",
                std::move(detail));
  }
  PQsetNoticeProcessor(pg, ignore_notice, nullptr);
  return pg;
}

Error PgConn::error_from(const PGresult* r, std::string_view sql) {
  if (broken())
    return Error{ErrorKind::unavailable, "The database server cannot be reached", {},
                 std::string("postgres: connection lost: ") + PQerrorMessage(pg_)};
  const char* state_p = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view state = state_p ? state_p : "";
  std::string detail = "postgres " + std::string(state.empty() ? "?????" : state);
  if (const char* c = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : nullptr)
    detail += std::string(" constraint ") + c;
  // Data exceptions (class 22) quote the offending value, which may be personal data; other
  // primary messages name only objects and SQL.
  if (!state.starts_with("22")) {
    const char* m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    detail += std::string(": ") + (m ? m : PQerrorMessage(pg_));
  }
  if (!sql.empty()) detail += " in: " + clip(sql);

  if (state == "23505") return Error{ErrorKind::conflict, "This already exists", {}, detail};
  if (state.starts_with("23"))
    return Error{ErrorKind::invalid, "The change is not allowed by the stored data", {}, detail};
  if (state == "40001" || state == "40P01") {
    retryable_ = true;
    return Error{ErrorKind::unavailable, "The database is busy. Please try again.", {}, detail};
  }
  if (state.starts_with("08") || state.starts_with("53") || state.starts_with("57") ||
      state == "55P03")
    return Error{ErrorKind::unavailable, "The database is busy. Please try again.", {}, detail};
  return Error{ErrorKind::internal, "Something went wrong", {}, detail};
}

bool PgConn::reset() {
  cache_.clear();
  PQreset(pg_);
  if (broken()) return false;
  PQsetNoticeProcessor(pg_, ignore_notice, nullptr);
  return true;
}

Result<PgResult> PgConn::run(std::string_view sql, std::span<const Value> params) {
  if (broken()) return kp::unexpected<Error>(error_from(nullptr, sql));
  std::string key;
  key.reserve(params.size() + 1 + sql.size());
  std::vector<Oid> types;
  types.reserve(params.size());
  for (const Value& v : params) {
    // Typed numbers make `SELECT $1` and arithmetic behave as on SQLite; text and NULL stay
    // `unknown` so the server infers the column's type.
    if (std::holds_alternative<std::int64_t>(v)) key += 'i', types.push_back(kInt8);
    else if (std::holds_alternative<double>(v)) key += 'd', types.push_back(kFloat8);
    else key += std::holds_alternative<std::string>(v) ? 's' : 'n', types.push_back(0);
  }
  key += '\n';
  key += sql;

  auto it = cache_.find(key);
  if (it == cache_.end()) {
    if (cache_.size() >= kMaxCachedStatements) {
      PgResult d(PQexec(pg_, "DEALLOCATE ALL"));
      cache_.clear();
    }
    std::string name = "kp" + std::to_string(++next_id_);
    PgResult r(PQprepare(pg_, name.c_str(), std::string(sql).c_str(),
                         static_cast<int>(types.size()), types.data()));
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK)
      return kp::unexpected<Error>(error_from(r.get(), sql));
    it = cache_.emplace(std::move(key), std::move(name)).first;
  }

  std::vector<std::string> text(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    if (auto n = std::get_if<std::int64_t>(&v)) text[i] = std::to_string(*n);
    else if (auto d = std::get_if<double>(&v)) text[i] = format_double(*d);
    else if (auto s = std::get_if<std::string>(&v)) values[i] = s->c_str();
    else continue;  // NULL
    if (!values[i]) values[i] = text[i].c_str();
  }
  PgResult r(PQexecPrepared(pg_, it->second.c_str(), static_cast<int>(values.size()),
                            values.data(), nullptr, nullptr, 0));
  ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return r;
  Error e = error_from(r.get(), sql);
  // A plan invalidated by a schema change ("cached plan must not change result type") or a
  // statement the server no longer knows: prepare afresh next time.
  if (const char* st = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
      st && (std::string_view(st) == "0A000" || std::string_view(st) == "26000"))
    cache_.erase(it);
  return kp::unexpected<Error>(std::move(e));
}

Result<Rows> PgConn::query(std::string_view sql, std::span<const Value> params) {
  auto r = run(sql, params);
  if (!r) return pass(r);
  const PGresult* res = r->get();
  const int nrows = PQntuples(res), ncols = PQnfields(res);
  Rows rows;
  rows.reserve(static_cast<size_t>(nrows));
  for (int i = 0; i < nrows; ++i) {
    std::vector<Value> cols;
    cols.reserve(static_cast<size_t>(ncols));
    for (int c = 0; c < ncols; ++c) cols.push_back(column_value(res, i, c));
    rows.emplace_back(std::move(cols));
  }
  return rows;
}

Result<std::int64_t> PgConn::exec(std::string_view sql, std::span<const Value> params) {
  auto r = run(sql, params);
  if (!r) return pass(r);
  std::string_view n = PQcmdTuples(r->get());
  std::int64_t count = 0;
  std::from_chars(n.data(), n.data() + n.size(), count);
  return count;
}

Status PgConn::exec_script(std::string_view sql) {
  if (broken()) return kp::unexpected<Error>(error_from(nullptr, sql));
  PgResult r(PQexec(pg_, std::string(sql).c_str()));
  ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY)
    return {};
  return kp::unexpected<Error>(error_from(r.get(), sql));
}

Status PgConn::command(const char* sql) { return exec_script(sql); }

}  // namespace kp::store::postgres
