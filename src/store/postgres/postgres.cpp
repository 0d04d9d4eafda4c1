// PostgreSQL engine: a pool of libpq connections shared by readers and writers. Reads run in
// REPEATABLE READ READ ONLY transactions (one snapshot); writes run SERIALIZABLE and are
// retried after serialization failures, so code written for SQLite's single writer stays
// correct here.
//
// Under heavy contention on the same rows optimistic retries can starve, so after
// kOptimisticAttempts failures a write escalates: it takes the writers' advisory lock
// exclusively and runs alone, READ COMMITTED (every statement sees the latest commits, and
// no other with_write runs, since each holds the lock shared). That bounds the retries.
#include "store/postgres/postgres.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "store/postgres/conn.hpp"

namespace kp::store {

namespace {

using postgres::PgConn;

constexpr int kMaxRetries = 5;
constexpr int kOptimisticAttempts = 3;
// Advisory lock every with_write holds shared, and an escalated one exclusively. One round
// trip: the lock statement travels with BEGIN.
constexpr const char* kBeginWrite =
    "BEGIN ISOLATION LEVEL SERIALIZABLE; SELECT pg_advisory_xact_lock_shared(74205)";
constexpr const char* kBeginEscalated =
    "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(74205)";

// The database whose write transaction the current thread is running (see with_write).
thread_local const void* tl_writing = nullptr;

void rollback(PgConn& c) {
  if (!c.broken() && PQtransactionStatus(c.handle()) != PQTRANS_IDLE) (void)c.command("ROLLBACK");
}

// `begin` starts the transaction and may take locks; nothing in it may read data.
Status run_transaction(PgConn& c, const std::string& begin,
                       const std::function<Status(Conn&)>& fn) {
  c.clear_retryable();
  Status st = c.command(begin.c_str());
  // The server may have restarted since this connection was last used; nothing has run yet,
  // so reconnecting once is safe.
  if (!st && c.broken() && c.reset()) st = c.command(begin.c_str());
  if (!st) {
    rollback(c);
    return st;
  }
  try {
    st = fn(c);
  } catch (...) {
    rollback(c);
    throw;
  }
  // A callback that ignored a failed statement must not commit: the server would silently
  // turn COMMIT into ROLLBACK.
  if (st && PQtransactionStatus(c.handle()) != PQTRANS_INTRANS)
    st = internal_error("postgres: a statement failed but the transaction callback succeeded");
  if (st) st = c.command("COMMIT");
  if (!st) rollback(c);
  return st;
}

void backoff(int attempt) {
  thread_local std::minstd_rand rng(std::random_device{}());
  const int max_ms = 2 << std::min(attempt, 5);  // 2, 4, … 64 ms
  std::this_thread::sleep_for(std::chrono::milliseconds(1 + rng() % max_ms));
}

class PgDatabase final : public Database {
 public:
  explicit PgDatabase(std::vector<std::unique_ptr<PgConn>> conns) : conns_(std::move(conns)) {
    for (auto& c : conns_) free_.push_back(c.get());
  }

  Engine engine() const override { return Engine::postgres; }

  Status with_read(const std::function<Status(Conn&)>& fn) override {
    Lease lease(*this);
    return run_transaction(*lease.conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
  }

  Status with_write(const std::function<Status(Conn&)>& fn) override {
    return write_with_retries(kBeginWrite, kBeginEscalated, fn);
  }

  Status with_exclusive_write(std::int64_t key, const std::function<Status(Conn&)>& fn) override {
    // READ COMMITTED: each statement after the lock sees what earlier holders committed,
    // which a SERIALIZABLE snapshot taken by the lock statement itself would not.
    const std::string begin =
        "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" +
        std::to_string(key) + ")";
    return write_with_retries(begin, begin, fn);
  }

  PoolStats stats() const override {
    std::lock_guard lock(mu_);
    PoolStats s;
    s.readers_total = static_cast<int>(conns_.size());
    s.readers_in_use = static_cast<int>(conns_.size() - free_.size());
    s.waits = waits_;
    return s;
  }

  Status backup(const std::string&) override {
    return invalid("Back up a PostgreSQL database with pg_dump", "backup");
  }

 private:
  Status write_with_retries(const std::string& begin, const std::string& escalated,
                            const std::function<Status(Conn&)>& fn) {
    // Forbidden as on SQLite, where it would deadlock: the inner transaction would commit on
    // its own, and nested leases can exhaust the pool.
    if (tl_writing == this)
      throw std::logic_error("with_write called inside a write transaction on the same database");
    struct Mark {
      const void* outer = std::exchange(tl_writing, nullptr);
      ~Mark() { tl_writing = outer; }
    } mark;
    tl_writing = this;
    for (int attempt = 0;; ++attempt) {
      bool retry = false;
      Status st;
      {
        Lease lease(*this);
        st = run_transaction(*lease.conn, attempt < kOptimisticAttempts ? begin : escalated, fn);
        retry = !st && lease.conn->retryable() && attempt < kMaxRetries;
      }
      if (!retry) return st;
      backoff(attempt);
    }
  }

  // A connection borrowed from the pool for one transaction.
  struct Lease {
    explicit Lease(PgDatabase& db) : db(db) {
      std::unique_lock lock(db.mu_);
      if (db.free_.empty()) {
        ++db.waits_;
        db.cv_.wait(lock, [&] { return !db.free_.empty(); });
      }
      conn = db.free_.back();
      db.free_.pop_back();
    }
    ~Lease() {
      if (conn->broken()) conn->reset();
      {
        std::lock_guard lock(db.mu_);
        db.free_.push_back(conn);
      }
      db.cv_.notify_one();
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    PgDatabase& db;
    PgConn* conn = nullptr;
  };

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConn>> conns_;
  std::vector<PgConn*> free_;
  std::int64_t waits_ = 0;
};

// Sort keys from text::nb_sort_key() are ordered bytewise; a linguistic default collation
// (en_US.UTF-8, nb_NO.UTF-8, ICU) ignores case and punctuation first and breaks that order.
Status check_server(PgConn& c) {
  auto row = c.query_one(
      "SELECT current_setting('server_encoding'), "
      "('B' < 'a' AND 'z' < '{' AND '{' < '|' AND '}' < 'é')::int, "
      "(SELECT datcollate FROM pg_database WHERE datname = current_database())");
  if (!row) return pass(row);
  if ((*row)->text(0) != "UTF8")
    return fail(ErrorKind::unavailable, "The database must use UTF-8 encoding", "db",
                "server_encoding is " + (*row)->text(0));
  if ((*row)->integer(1) != 1)
    return fail(ErrorKind::unavailable, "The database must use the C collation", "db",
                "datcollate is " + (*row)->text(2) +
                    "; create it with: CREATE DATABASE … ENCODING 'UTF8' LC_COLLATE 'C' "
                    "LC_CTYPE 'C' TEMPLATE template0 (or initdb --locale=C -E UTF8)");
  return {};
}

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const std::string& url, const OpenOptions& options) {
  std::vector<std::unique_ptr<PgConn>> conns;
  const int size = std::max(1, options.readers) + 2;
  for (int i = 0; i < size; ++i) {
    auto pg = postgres::connect(url);
    if (!pg) return pass(pg);
    conns.push_back(std::make_unique<PgConn>(*pg));
    if (i == 0) KP_TRY(check_server(*conns.front()));
  }
  return std::unique_ptr<Database>(std::make_unique<PgDatabase>(std::move(conns)));
}

}  // namespace kp::store
