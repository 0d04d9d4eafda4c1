// Gives each test a fresh, empty database on the engine chosen by KP_TEST_ENGINE:
//   sqlite (default)  a new file in a new temporary folder, removed afterwards;
//   postgres          KP_TEST_PG_URL's server: one private database per test process
//                     (so test programs may run in parallel), its public schema dropped and
//                     re-created for every test.
// Header-only so that other test folders can include "store/test_db.hpp". Not thread-safe:
// call from the test's main thread.
#pragma once
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "store/database.hpp"

namespace kp::test {

inline bool postgres_run() {
  const char* e = std::getenv("KP_TEST_ENGINE");
  return e && std::string_view(e) == "postgres";
}

// The exit code ctest reports as "skipped" (SKIP_RETURN_CODE 77).
constexpr int kSkipped = 77;

// True when the run must be skipped: postgres was asked for but no server was given.
// A test main() returns kSkipped then.
inline bool missing_postgres() {
  const char* url = std::getenv("KP_TEST_PG_URL");
  return postgres_run() && (!url || !*url);
}

// `url` with its database name replaced by `db`.
inline std::string with_database(const std::string& url, const std::string& db) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t slash = url.find('/', start);
  size_t query = url.find('?', start);
  std::string head = url.substr(0, std::min(slash, query));
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return head + "/" + db + tail;
}

namespace detail {

// An admin connection to this process's private database, created on first use and
// dropped at exit.
class PgScratch {
 public:
  static PgScratch& get() {
    static PgScratch s;
    return s;
  }
  const std::string& url() const { return url_; }
  // Leaves the private database empty. Returns an error text, or "" on success.
  std::string reset() {
    return run(conn_, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  }
  ~PgScratch() {
    if (conn_) PQfinish(conn_);
    if (!name_.empty()) {
      PGconn* admin = PQconnectdb(base_.c_str());
      run(admin, ("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)").c_str());
      PQfinish(admin);
    }
  }

 private:
  PgScratch() {
    base_ = std::getenv("KP_TEST_PG_URL");
    name_ = "kp_t_" + std::to_string(::getpid());
    PGconn* admin = PQconnectdb(base_.c_str());
    run(admin, ("DROP DATABASE IF EXISTS " + name_).c_str());
    // Explicit encoding and collation: the store requires them even on a server whose
    // defaults differ.
    std::string err = run(admin, ("CREATE DATABASE " + name_ +
                                  " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
                                     .c_str());
    PQfinish(admin);
    if (!err.empty()) {
      ADD_FAILURE() << "cannot create the test database: " << err;
      name_.clear();
      return;
    }
    url_ = with_database(base_, name_);
    conn_ = PQconnectdb(url_.c_str());
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  }
  static std::string run(PGconn* c, const char* sql) {
    if (!c || PQstatus(c) != CONNECTION_OK) return c ? PQerrorMessage(c) : "no connection";
    PGresult* r = PQexec(c, sql);
    std::string err = PQresultStatus(r) == PGRES_COMMAND_OK ? "" : PQresultErrorMessage(r);
    PQclear(r);
    return err;
  }

  std::string base_, name_, url_;
  PGconn* conn_ = nullptr;
};

}  // namespace detail

// Base fixture: url() is a fresh empty database for this test; open() connects to it.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (postgres_run()) {
      auto& pg = detail::PgScratch::get();
      ASSERT_FALSE(pg.url().empty());
      std::string err = pg.reset();
      ASSERT_EQ(err, "");
      url_ = pg.url();
    } else {
      std::string tmpl = (std::filesystem::temp_directory_path() / "kp-store-XXXXXX").string();
      ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
      dir_ = tmpl;
      url_ = "sqlite:" + (dir_ / "db" / "test.sqlite").string();
    }
  }
  void TearDown() override {
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  const std::string& url() const { return url_; }
  bool is_postgres() const { return postgres_run(); }
  // A scratch folder (SQLite runs only; empty for PostgreSQL).
  const std::filesystem::path& dir() const { return dir_; }

  // Opens the test database, migrated unless `migrated` is false. Fails the test on error.
  std::unique_ptr<store::Database> open(bool migrated = true, store::OpenOptions options = {}) {
    auto db = store::open(url_, options);
    EXPECT_TRUE(db) << db.error().message << " / " << db.error().detail;
    if (!db) return nullptr;
    if (migrated) {
      Status st = store::migrate(**db);
      EXPECT_TRUE(st) << st.error().message << " / " << st.error().detail;
      if (!st) return nullptr;
    }
    return std::move(*db);
  }

 private:
  std::string url_;
  std::filesystem::path dir_;
};

}  // namespace kp::test
