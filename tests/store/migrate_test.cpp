// Migrations run once, are recorded, and are safe when several processes start together.
#include <gtest/gtest.h>

#include <future>
#include <vector>

#include "store/test_db.hpp"

namespace kp::store {
namespace {

using test::StoreTest;

class MigrateTest : public StoreTest {
 protected:
  static std::vector<Row> recorded(Database& db) {
    auto rows = db.read([](Conn& c) {
      return c.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
    });
    EXPECT_TRUE(rows) << rows.error().detail;
    return rows ? *rows : std::vector<Row>{};
  }
  // The foundation migration seeds exactly one row; a second run would add another or fail.
  static std::int64_t seeded(Database& db) {
    auto n = db.read([](Conn& c) -> Result<std::int64_t> {
      auto r = c.query_one("SELECT COUNT(*) FROM change_counters WHERE name = 'catalog'");
      if (!r) return pass(r);
      return (*r)->integer(0);
    });
    EXPECT_TRUE(n);
    return n ? *n : -1;
  }
};

TEST_F(MigrateTest, AppliesEveryMigrationOnceAndRecordsIt) {
  ASSERT_GE(latest_migration(), 1);
  auto db = open(/*migrated=*/false);
  ASSERT_TRUE(db);
  ASSERT_TRUE(migrate(*db));
  auto rows = recorded(*db);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.front().integer(0), 1);
  EXPECT_EQ(rows.front().text(1), "0001_foundation");
  EXPECT_EQ(rows.back().integer(0), latest_migration());
  for (const Row& r : rows) EXPECT_GT(r.integer(2), 1600000000);  // a plausible UTC time
  EXPECT_EQ(seeded(*db), 1);
}

TEST_F(MigrateTest, SecondRunChangesNothing) {
  auto db = open(false);
  ASSERT_TRUE(db);
  ASSERT_TRUE(migrate(*db));
  auto first = recorded(*db);
  ASSERT_TRUE(migrate(*db));
  auto again = open(false);  // as after a restart
  ASSERT_TRUE(again);
  ASSERT_TRUE(migrate(*again));
  auto second = recorded(*db);
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(first[i].integer(2), second[i].integer(2));
  EXPECT_EQ(seeded(*db), 1);
}

TEST_F(MigrateTest, ConcurrentStartsAreSafe) {
  constexpr int kProcesses = 4;
  std::vector<std::unique_ptr<Database>> dbs;
  for (int i = 0; i < kProcesses; ++i) {
    dbs.push_back(open(false));
    ASSERT_TRUE(dbs.back());
  }
  std::vector<std::future<Status>> runs;
  for (auto& db : dbs)
    runs.push_back(std::async(std::launch::async, [&db] { return migrate(*db); }));
  for (auto& r : runs) {
    Status st = r.get();
    EXPECT_TRUE(st) << st.error().message << " / " << st.error().detail;
  }
  EXPECT_EQ(static_cast<int>(recorded(*dbs[0]).back().integer(0)), latest_migration());
  EXPECT_EQ(seeded(*dbs[0]), 1);
}

TEST_F(MigrateTest, RefusesADatabaseFromANewerVersion) {
  auto db = open();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->with_write([](Conn& c) -> Status {
    KP_TRY(c.exec("INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1, $2, $3)",
                  {std::int64_t{latest_migration() + 1}, std::string("future"), std::int64_t{0}}));
    return {};
  }));
  Status st = migrate(*db);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind, ErrorKind::unavailable);
}

}  // namespace
}  // namespace kp::store
