#pragma once
#include <memory>
#include <string>

#include "store/database.hpp"

namespace kp::store {
// Opens (creating if needed) a SQLite database file in WAL mode with synchronous=FULL,
// foreign keys on, one writer connection and `options.readers` reader connections.
Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, const OpenOptions& options);
}  // namespace kp::store
