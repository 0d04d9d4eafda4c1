// A read-only store::Database for the fuzz build whose reads see the fixed catalog of
// search_fake_store.cpp (through the catalog/store.hpp functions defined there).
#pragma once
#include "store/database.hpp"

namespace kp::fuzz {

class FakeDatabase final : public store::Database {
 public:
  store::Engine engine() const override;
  Status with_read(const std::function<Status(store::Conn&)>& fn) override;
  Status with_write(const std::function<Status(store::Conn&)>& fn) override;
  store::PoolStats stats() const override;
  Status backup(const std::string& path) override;
};

}  // namespace kp::fuzz
