#include "store/database.hpp"

#include "store/postgres/postgres.hpp"
#include "store/sqlite/sqlite.hpp"

namespace kp::store {

namespace {
const std::string kEmpty;
}

std::int64_t Row::integer(size_t i) const {
  const Value& v = cols_.at(i);
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (auto d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  return 0;
}
double Row::real(size_t i) const {
  const Value& v = cols_.at(i);
  if (auto d = std::get_if<double>(&v)) return *d;
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  return 0;
}
const std::string& Row::text(size_t i) const {
  if (auto s = std::get_if<std::string>(&cols_.at(i))) return *s;
  return kEmpty;
}
std::optional<std::string> Row::opt_text(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}
std::optional<std::int64_t> Row::opt_integer(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

Result<std::optional<Row>> Conn::query_one(std::string_view sql, Params params) {
  auto rows = query(sql, params);
  if (!rows) return pass(rows);
  if (rows->empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows->front()));
}

Status Database::ping() {
  return with_read([](Conn& c) -> Status {
    auto r = c.query("SELECT 1");
    if (!r) return pass(r);
    return {};
  });
}

Result<std::unique_ptr<Database>> open(std::string_view url, const OpenOptions& options) {
  if (url.starts_with("sqlite:")) return open_sqlite(std::string(url.substr(7)), options);
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return open_postgres(std::string(url), options);
  return invalid("The database URL must start with sqlite: or postgresql://", "db");
}

}  // namespace kp::store
