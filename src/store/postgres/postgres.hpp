#pragma once
#include <memory>
#include <string>

#include "store/database.hpp"

namespace kp::store {
// Connects a pool of `options.readers` + 2 libpq connections to a PostgreSQL server.
Result<std::unique_ptr<Database>> open_postgres(const std::string& url, const OpenOptions& options);
}  // namespace kp::store
