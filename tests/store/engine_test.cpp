// Norwegian ordering, opening, backups and engine-specific guarantees.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/text.hpp"
#include "store/test_db.hpp"

namespace kp::store {
namespace {

using test::StoreTest;

class EngineTest : public StoreTest {};

std::vector<std::string> sorted_names(Database& db, const char* sql) {
  auto rows = db.read([&](Conn& c) { return c.query(sql); });
  EXPECT_TRUE(rows) << rows.error().detail;
  std::vector<std::string> out;
  if (rows)
    for (const Row& r : *rows) out.push_back(r.text(0));
  return out;
}

TEST_F(EngineTest, SortColumnsOrderNorwegian) {
  auto db = open();
  ASSERT_TRUE(db);
  const std::vector<std::string> expected = {"apal", "Bø", "Zebra", "Ærfugl", "Øya", "Åsen"};
  const std::vector<std::string> shuffled = {"Åsen", "Zebra", "Øya", "apal", "Ærfugl", "Bø"};
  ASSERT_TRUE(db->with_write([&](Conn& c) -> Status {
    KP_TRY(c.exec_script("CREATE TABLE places (name TEXT NOT NULL, name_sort TEXT NOT NULL)"));
    int n = 0;
    for (const std::string& name : shuffled) {
      const std::string id = std::to_string(++n);
      KP_TRY(c.exec("INSERT INTO places(name, name_sort) VALUES ($1, $2)",
                    {name, text::nb_sort_key(name)}));
      // The same through a table the migrations made.
      KP_TRY(c.exec("INSERT INTO municipalities(id, name, name_sort, created_at) "
                    "VALUES ($1, $2, $3, $4)",
                    {id, name, text::nb_sort_key(name), std::int64_t{0}}));
    }
    return {};
  }));
  EXPECT_EQ(sorted_names(*db, "SELECT name FROM places ORDER BY name_sort"), expected);
  EXPECT_EQ(sorted_names(*db, "SELECT name FROM municipalities ORDER BY name_sort"), expected);
  // Range comparisons follow the same order.
  auto after_z = db->read([](Conn& c) {
    return c.query("SELECT name FROM places WHERE name_sort > $1", {text::nb_sort_key("zz")});
  });
  ASSERT_TRUE(after_z);
  EXPECT_EQ(after_z->size(), 3u);
}

TEST_F(EngineTest, UnknownUrlIsInvalid) {
  auto db = store::open("mysql://x");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, ErrorKind::invalid);
}

TEST_F(EngineTest, UnreachableServerIsUnavailable) {
  auto db = store::open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, ErrorKind::unavailable);
}

TEST_F(EngineTest, BackupIsAWorkingCopyOrPointsToPgDump) {
  auto db = open();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->with_write([](Conn& c) -> Status {
    KP_TRY(c.exec("INSERT INTO municipalities(id, name, name_sort, created_at) "
                  "VALUES ($1, $2, $3, $4)",
                  {std::string("4204"), std::string("Kristiansand"),
                   text::nb_sort_key("Kristiansand"), std::int64_t{1}}));
    return {};
  }));
  if (is_postgres()) {
    Status st = db->backup("/tmp/unused");
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().kind, ErrorKind::invalid);
    EXPECT_NE(st.error().message.find("pg_dump"), std::string::npos);
    return;
  }
  const auto path = dir() / "backups" / "copy.sqlite";  // the folder does not exist yet
  ASSERT_TRUE(db->backup(path.string()));
  ASSERT_TRUE(db->backup(path.string()));  // overwrites an earlier backup
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".partial"));
  auto copy = store::open("sqlite:" + path.string());
  ASSERT_TRUE(copy);
  ASSERT_TRUE(migrate(**copy));
  auto row = (*copy)->read([](Conn& c) {
    return c.query_one("SELECT name FROM municipalities WHERE id = $1", {std::string("4204")});
  });
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->text(0), "Kristiansand");
}

TEST_F(EngineTest, SqliteCreatesTheFolderAndUsesWal) {
  if (is_postgres()) GTEST_SKIP() << "SQLite only";
  auto db = open(false);
  ASSERT_TRUE(db);
  EXPECT_TRUE(std::filesystem::exists(dir() / "db" / "test.sqlite"));
  auto mode = db->read([](Conn& c) { return c.query_one("PRAGMA journal_mode"); });
  ASSERT_TRUE(mode && *mode);
  EXPECT_EQ((*mode)->text(0), "wal");
  auto fk = db->write([](Conn& c) { return c.query_one("PRAGMA foreign_keys"); });
  ASSERT_TRUE(fk && *fk);
  EXPECT_EQ((*fk)->integer(0), 1);
  auto sync = db->write([](Conn& c) { return c.query_one("PRAGMA synchronous"); });
  ASSERT_TRUE(sync && *sync);
  EXPECT_EQ((*sync)->integer(0), 2);  // FULL: a commit survives power loss
  // Readers are read-only even if a callback tries to write.
  Status st = db->with_read([](Conn& c) -> Status {
    KP_TRY(c.exec_script("CREATE TABLE nope (x BIGINT)"));
    return {};
  });
  EXPECT_FALSE(st);
}

TEST_F(EngineTest, PostgresRefusesALinguisticCollation) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL only";
  // An ICU default collation sorts "B" before "a" and ignores the sort keys' bytes.
  const std::string name = "kp_icu_" + std::to_string(::getpid());
  const std::string admin_url = std::getenv("KP_TEST_PG_URL");
  PGconn* admin = PQconnectdb(admin_url.c_str());
  ASSERT_EQ(PQstatus(admin), CONNECTION_OK);
  auto run = [&](const std::string& sql) {
    PGresult* r = PQexec(admin, sql.c_str());
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok;
  };
  if (!run("CREATE DATABASE " + name +
           " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'nb-NO' LOCALE 'C'")) {
    PQfinish(admin);
    GTEST_SKIP() << "this server has no ICU";
  }
  auto db = store::open(test::with_database(admin_url, name));
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, ErrorKind::unavailable);
  EXPECT_NE(db.error().detail.find("LC_COLLATE 'C'"), std::string::npos) << db.error().detail;
  run("DROP DATABASE " + name + " WITH (FORCE)");
  PQfinish(admin);
}

}  // namespace
}  // namespace kp::store
