// Write transactions are all-or-nothing, constraint failures have the right kind, readers
// see only committed data, and concurrent writers never lose an update.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/test_db.hpp"

namespace kp::store {
namespace {

using namespace std::chrono_literals;
using test::StoreTest;

class TransactionTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_ = open();
    ASSERT_TRUE(db_);
    ASSERT_TRUE(db_->with_write([](Conn& c) {
      return c.exec_script(
          "CREATE TABLE tx_items (id TEXT PRIMARY KEY, name TEXT NOT NULL);"
          "CREATE TABLE tx_parts (id TEXT PRIMARY KEY, item_id TEXT NOT NULL REFERENCES tx_items(id));"
          "CREATE TABLE tx_counter (id BIGINT PRIMARY KEY, value BIGINT NOT NULL);"
          "INSERT INTO tx_counter(id, value) VALUES (1, 0);");
    }));
  }

  std::int64_t count(Database& db, const char* table = "tx_items") {
    auto n = db.read([&](Conn& c) -> Result<std::int64_t> {
      auto r = c.query_one(std::string("SELECT COUNT(*) FROM ") + table);
      if (!r) return pass(r);
      return (*r)->integer(0);
    });
    EXPECT_TRUE(n);
    return n ? *n : -1;
  }
  Result<std::int64_t> insert(Conn& c, const std::string& id, const std::string& name) {
    return c.exec("INSERT INTO tx_items(id, name) VALUES ($1, $2)", {id, name});
  }

  std::unique_ptr<Database> db_;
};

TEST_F(TransactionTest, FailedCallbackLeavesNothingWritten) {
  Status st = db_->with_write([&](Conn& c) -> Status {
    KP_TRY(insert(c, "a", "first"));
    KP_TRY(insert(c, "b", "second"));
    return invalid("Name is required", "name");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind, ErrorKind::invalid);
  EXPECT_EQ(st.error().field, "name");
  EXPECT_EQ(count(*db_), 0);
}

TEST_F(TransactionTest, ThrowingCallbackRollsBackAndRethrows) {
  EXPECT_THROW(db_->with_write([&](Conn& c) -> Status {
    (void)insert(c, "a", "first");
    throw std::runtime_error("bug");
  }),
               std::runtime_error);
  EXPECT_EQ(count(*db_), 0);
  // The writer is usable again afterwards.
  ASSERT_TRUE(db_->with_write([&](Conn& c) -> Status {
    KP_TRY(insert(c, "a", "first"));
    return {};
  }));
  EXPECT_EQ(count(*db_), 1);
}

TEST_F(TransactionTest, CommittedWritesAreVisible) {
  auto n = db_->write([&](Conn& c) { return insert(c, "a", "første"); });
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(count(*db_), 1);
}

TEST_F(TransactionTest, UniqueViolationIsConflictAndRollsBackTheRest) {
  ASSERT_TRUE(db_->write([&](Conn& c) { return insert(c, "a", "x"); }));
  const std::string personal = "kari.nordmann@example.no";
  Status st = db_->with_write([&](Conn& c) -> Status {
    KP_TRY(insert(c, "b", "y"));
    KP_TRY(insert(c, "a", personal));
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind, ErrorKind::conflict);
  EXPECT_EQ(count(*db_), 1);
  // Parameter values may be personal data and never appear in errors or logs.
  EXPECT_EQ(st.error().message.find(personal), std::string::npos);
  EXPECT_EQ(st.error().detail.find(personal), std::string::npos);
}

TEST_F(TransactionTest, OtherConstraintsAreInvalidIncludingForeignKeys) {
  Status not_null = db_->with_write([&](Conn& c) -> Status {
    KP_TRY(c.exec("INSERT INTO tx_items(id, name) VALUES ($1, $2)", {std::string("a"), nullptr}));
    return {};
  });
  ASSERT_FALSE(not_null);
  EXPECT_EQ(not_null.error().kind, ErrorKind::invalid);
  Status fk = db_->with_write([&](Conn& c) -> Status {
    KP_TRY(c.exec("INSERT INTO tx_parts(id, item_id) VALUES ($1, $2)",
                  {std::string("p"), std::string("no-such-item")}));
    return {};
  });
  ASSERT_FALSE(fk);
  EXPECT_EQ(fk.error().kind, ErrorKind::invalid);
  EXPECT_EQ(count(*db_, "tx_parts"), 0);
}

TEST_F(TransactionTest, ReadersSeeCommittedButNotUncommittedData) {
  std::promise<void> inserted, checked;
  auto writer = std::async(std::launch::async, [&] {
    return db_->with_write([&](Conn& c) -> Status {
      KP_TRY(insert(c, "a", "pending"));
      inserted.set_value();
      checked.get_future().wait();
      return {};
    });
  });
  inserted.get_future().wait();
  EXPECT_EQ(count(*db_), 0);
  checked.set_value();
  ASSERT_TRUE(writer.get());
  EXPECT_EQ(count(*db_), 1);
}

TEST_F(TransactionTest, AReadIsOneSnapshot) {
  Status st = db_->with_read([&](Conn& c) -> Status {
    auto before = c.query_one("SELECT COUNT(*) FROM tx_items");
    if (!before) return pass(before);
    // Another thread commits while this read is open.
    auto w = std::async(std::launch::async, [&] {
      return db_->write([&](Conn& w) { return insert(w, "a", "concurrent"); });
    }).get();
    EXPECT_TRUE(w);
    auto after = c.query_one("SELECT COUNT(*) FROM tx_items");
    if (!after) return pass(after);
    EXPECT_EQ((*before)->integer(0), (*after)->integer(0));
    return {};
  });
  ASSERT_TRUE(st) << st.error().detail;
  EXPECT_EQ(count(*db_), 1);
}

TEST_F(TransactionTest, ConcurrentReadModifyWriteLosesNoUpdate) {
  constexpr int kThreads = 8, kIncrements = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        // Read, then write: only correct if write transactions are serializable.
        Status st = db_->with_write([](Conn& c) -> Status {
          auto v = c.query_one("SELECT value FROM tx_counter WHERE id = 1");
          if (!v) return pass(v);
          KP_TRY(c.exec("UPDATE tx_counter SET value = $1 WHERE id = 1", {(*v)->integer(0) + 1}));
          return {};
        });
        if (!st) {
          ++failures;
          ADD_FAILURE() << st.error().message << " / " << st.error().detail;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto total = db_->read([](Conn& c) -> Result<std::int64_t> {
    auto r = c.query_one("SELECT value FROM tx_counter WHERE id = 1");
    if (!r) return pass(r);
    return (*r)->integer(0);
  });
  ASSERT_TRUE(total);
  EXPECT_EQ(*total, kThreads * kIncrements);
}

TEST_F(TransactionTest, NestedWriteIsABug) {
  EXPECT_THROW(db_->with_write([&](Conn&) -> Status {
    return db_->with_write([](Conn&) -> Status { return {}; });
  }),
               std::logic_error);
  EXPECT_TRUE(db_->with_write([](Conn&) -> Status { return {}; }));
}

TEST_F(TransactionTest, PoolCountsReadersInUseAndWaits) {
  auto db = open(false, OpenOptions{.readers = 1});
  ASSERT_TRUE(db);
  const int total = db->stats().readers_total;
  EXPECT_EQ(total, is_postgres() ? 3 : 1);
  EXPECT_EQ(db->stats().readers_in_use, 0);

  // Hold every connection, then ask for one more.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> holding{0};
  std::vector<std::future<Status>> holders;
  for (int i = 0; i < total; ++i) {
    holders.push_back(std::async(std::launch::async, [&] {
      return db->with_read([&](Conn&) -> Status {
        ++holding;
        released.wait();
        return {};
      });
    }));
  }
  while (holding.load() < total) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(db->stats().readers_in_use, total);
  auto waiter = std::async(std::launch::async, [&] {
    return db->with_read([](Conn&) -> Status { return {}; });
  });
  for (int i = 0; i < 2000 && db->stats().waits == 0; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(db->stats().waits, 1);
  release.set_value();
  for (auto& h : holders) EXPECT_TRUE(h.get());
  EXPECT_TRUE(waiter.get());
  EXPECT_EQ(db->stats().readers_in_use, 0);
}

}  // namespace
}  // namespace kp::store
