// Audit records for reads of personal data, with group commit. Every look at a family must be
// logged before the page is shown (fail closed), but one write transaction per page view would
// make the single writer — and its fsync — the bottleneck when many staff read at once. So
// records are queued and one flusher thread appends everything queued so far in one
// transaction, while the pages that wait for them are being rendered; a page leaves the
// server only when its records are committed (http::Response::hold_until).
#pragma once
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "audit/audit.hpp"
#include "core/pending.hpp"

namespace kp::audit {

class ReadLog {
 public:
  ReadLog(store::Database& db, const Clock& clock);
  // Commits what is queued, then stops the flusher.
  ~ReadLog();
  ReadLog(const ReadLog&) = delete;
  ReadLog& operator=(const ReadLog&) = delete;

  // Queues `entries` and returns at once; the result resolves when they are committed (or
  // failed: then nothing of this batch was written and the data must not be shown).
  // Thread-safe.
  std::shared_ptr<Pending> record_async(std::vector<Entry> entries);

  // As record_async, but returns once the entries are committed. Thread-safe.
  Status record(std::vector<Entry> entries);

  // Transactions written and records appended so far (for /metrics and the benchmark).
  std::int64_t batches() const;
  std::int64_t records() const;

 private:
  struct Queued {
    std::vector<Entry> entries;
    std::shared_ptr<Pending> done;
  };
  void flush_loop();

  store::Database& db_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Queued> queue_;
  bool stopping_ = false;
  std::int64_t batches_ = 0;
  std::int64_t records_ = 0;
  std::thread flusher_;  // last: started after everything it uses is constructed
};

}  // namespace kp::audit
