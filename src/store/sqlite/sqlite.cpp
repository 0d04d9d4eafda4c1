// SQLite engine: WAL, one writer connection behind a mutex (BEGIN IMMEDIATE), a pool of
// query_only reader connections each reading in its own deferred transaction.
#include "store/sqlite/sqlite.hpp"

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

#include "store/sqlite/conn.hpp"

namespace kp::store {

namespace {

using sqlite::SqliteConn;

// The database whose write transaction the current thread is running, to turn a nested
// with_write (which would deadlock on the writer mutex) into a loud bug.
thread_local const void* tl_writing = nullptr;

Status ensure_parent_dir(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return {};
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec)
    return fail(ErrorKind::unavailable, "The database folder cannot be created", "db",
                parent.string() + ": " + ec.message());
  return {};
}

Result<std::unique_ptr<SqliteConn>> connect(const std::string& path, bool reader,
                                           const OpenOptions& options) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                    SQLITE_OPEN_EXRESCODE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  auto conn = std::make_unique<SqliteConn>(db);  // closes `db` even when opening failed
  if (rc != SQLITE_OK) {
    Error e = sqlite::error_from(db, rc, {});
    return fail(ErrorKind::unavailable, "The database cannot be opened", "db",
                path + ": " + e.detail);
  }
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  if (!reader) {
    // journal_mode is persistent in the file; the other pragmas are per connection.
    auto mode = conn->query_one("PRAGMA journal_mode=WAL");
    if (!mode) return pass(mode);
    if (!*mode || (*mode)->text(0) != "wal")
      return fail(ErrorKind::unavailable, "The database cannot be opened", "db",
                  path + ": WAL journal mode is not available");
  }
  // temp_store=MEMORY: sorts and GROUP BYs that outgrow SQLite's in-memory sorter never spill
  // personal data into a temporary file.
  KP_TRY(conn->exec_script("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"));
  if (reader) KP_TRY(conn->exec_script("PRAGMA query_only=ON;"));
  return conn;
}

void rollback(SqliteConn& c) {
  // SQLite may already have rolled back on its own (e.g. after an I/O error).
  if (!sqlite3_get_autocommit(c.handle())) (void)c.exec_script("ROLLBACK");
}

Status run_transaction(SqliteConn& c, const char* begin,
                       const std::function<Status(Conn&)>& fn) {
  KP_TRY(c.exec_script(begin));
  Status st;
  try {
    st = fn(c);
  } catch (...) {
    rollback(c);
    throw;
  }
  if (st) st = c.exec_script("COMMIT");
  if (!st) rollback(c);
  return st;
}

// Checkpoints the WAL on its own connection and thread. With SQLite's automatic checkpoint
// the commit that crosses the threshold copies the WAL into the database file and fsyncs it
// while holding the single writer, so every commit queued behind it (each page waiting for its
// read audit) waits too: the benchmark's p99 was twice its median. Here the writer only signals.
class Checkpointer {
 public:
  static constexpr int kPages = 1000;  // SQLite's default autocheckpoint threshold

  Checkpointer(std::unique_ptr<SqliteConn> conn, sqlite3* writer) : conn_(std::move(conn)) {
    sqlite3_wal_hook(writer, &Checkpointer::on_commit, this);  // replaces the autocheckpoint
    thread_ = std::thread([this] { run(); });
  }
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  // Called by SQLite on the writer's thread after each commit; must not touch the writer.
  static int on_commit(void* self, sqlite3*, const char*, int wal_pages) {
    auto* c = static_cast<Checkpointer*>(self);
    if (wal_pages >= kPages) {
      {
        std::lock_guard lock(c->mu_);
        c->due_ = true;
      }
      c->cv_.notify_one();
    }
    return SQLITE_OK;
  }
  void run() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return stop_ || due_; });
      if (stop_) return;
      due_ = false;
      lock.unlock();
      // PASSIVE, like the automatic checkpoint: never blocks readers or the writer. A failure
      // (busy) only leaves the WAL longer until the next commit signals again.
      (void)sqlite3_wal_checkpoint_v2(conn_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
    }
  }

  std::unique_ptr<SqliteConn> conn_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false;
  bool stop_ = false;
  std::thread thread_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::unique_ptr<SqliteConn> writer, std::vector<std::unique_ptr<SqliteConn>> readers,
                 std::unique_ptr<SqliteConn> checkpoint_conn)
      : writer_(std::move(writer)), readers_(std::move(readers)) {
    for (auto& r : readers_) free_.push_back(r.get());
    checkpointer_ = std::make_unique<Checkpointer>(std::move(checkpoint_conn), writer_->handle());
  }
  ~SqliteDatabase() override {
    checkpointer_.reset();  // before the writer whose hook points at it
    sqlite3_wal_hook(writer_->handle(), nullptr, nullptr);
  }

  Engine engine() const override { return Engine::sqlite; }

  Status with_read(const std::function<Status(Conn&)>& fn) override {
    Lease lease(*this);
    return run_transaction(*lease.conn, "BEGIN", fn);
  }

  Status with_write(const std::function<Status(Conn&)>& fn) override {
    if (tl_writing == this)
      throw std::logic_error("with_write called inside a write transaction on the same database");
    std::lock_guard lock(write_mu_);
    struct Mark {
      const void* outer = std::exchange(tl_writing, nullptr);
      ~Mark() { tl_writing = outer; }
    } mark;
    tl_writing = this;
    return run_transaction(*writer_, "BEGIN IMMEDIATE", fn);
  }

  PoolStats stats() const override {
    std::lock_guard lock(pool_mu_);
    PoolStats s;
    s.readers_total = static_cast<int>(readers_.size());
    s.readers_in_use = static_cast<int>(readers_.size() - free_.size());
    s.waits = waits_;
    return s;
  }

  Status backup(const std::string& path) override {
    KP_TRY(ensure_parent_dir(path));
    // Copy into a side file and rename, so a failed backup never leaves a torn file at `path`.
    const std::string partial = path + ".partial";
    std::error_code ec;
    std::filesystem::remove(partial, ec);
    sqlite3* dest = nullptr;
    int rc = sqlite3_open_v2(partial.c_str(), &dest,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    Status st;
    if (rc == SQLITE_OK) {
      Lease lease(*this);
      // One step copies every page under a single read transaction: a consistent snapshot.
      sqlite3_backup* b = sqlite3_backup_init(dest, "main", lease.conn->handle(), "main");
      if (b) {
        rc = sqlite3_backup_step(b, -1);
        if (rc == SQLITE_DONE) rc = SQLITE_OK;
        int finish = sqlite3_backup_finish(b);
        if (rc == SQLITE_OK) rc = finish;
      } else {
        rc = sqlite3_errcode(dest);
      }
    }
    if (rc != SQLITE_OK) st = kp::unexpected<Error>(sqlite::error_from(dest, rc, {}));
    if (sqlite3_close(dest) != SQLITE_OK && st)
      st = internal_error("sqlite: closing the backup file failed");
    if (st) {
      std::filesystem::rename(partial, path, ec);
      if (ec) st = internal_error("backup rename: " + ec.message());
    }
    if (!st) {
      std::filesystem::remove(partial, ec);
      st.error().message = "The backup could not be written";
      st.error().detail = path + ": " + st.error().detail;
    }
    return st;
  }

 private:
  // A reader borrowed from the pool for one scope.
  struct Lease {
    explicit Lease(SqliteDatabase& db) : db(db) {
      std::unique_lock lock(db.pool_mu_);
      if (db.free_.empty()) {
        ++db.waits_;
        db.pool_cv_.wait(lock, [&] { return !db.free_.empty(); });
      }
      conn = db.free_.back();
      db.free_.pop_back();
    }
    ~Lease() {
      {
        std::lock_guard lock(db.pool_mu_);
        db.free_.push_back(conn);
      }
      db.pool_cv_.notify_one();
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    SqliteDatabase& db;
    SqliteConn* conn = nullptr;
  };

  std::mutex write_mu_;
  std::unique_ptr<SqliteConn> writer_;
  std::unique_ptr<Checkpointer> checkpointer_;
  mutable std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<SqliteConn>> readers_;
  std::vector<SqliteConn*> free_;
  std::int64_t waits_ = 0;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, const OpenOptions& options) {
  // Memory statistics take one process-wide mutex on every SQLite allocation, which all
  // connections then contend for; nothing reads them. Must precede the first connection
  // (sqlite3_config refuses once SQLite is initialised, which is then harmless).
  static std::once_flag no_memstatus;
  std::call_once(no_memstatus, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  if (path.empty() || path.starts_with(":memory:") || path.starts_with("file:"))
    return invalid("The SQLite database must be a file path", "db");
  KP_TRY(ensure_parent_dir(path));
  auto writer = connect(path, false, options);
  if (!writer) return pass(writer);
  std::vector<std::unique_ptr<SqliteConn>> readers;
  for (int i = 0; i < std::max(1, options.readers); ++i) {
    auto r = connect(path, true, options);
    if (!r) return pass(r);
    readers.push_back(std::move(*r));
  }
  auto checkpoint_conn = connect(path, false, options);
  if (!checkpoint_conn) return pass(checkpoint_conn);
  return std::unique_ptr<Database>(
      std::make_unique<SqliteDatabase>(std::move(*writer), std::move(readers), std::move(*checkpoint_conn)));
}

}  // namespace kp::store
