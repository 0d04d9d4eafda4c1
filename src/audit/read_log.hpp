// Audit records for reads of personal data, with group commit. Every look at a family must be
// logged before the page is shown (fail closed), but one write transaction per page view would
// make the single writer — and its fsync — the bottleneck when many staff read at once. So
// concurrent callers' records are appended together in one transaction: the first caller to
// find no flush running writes everything queued so far; the others wait for that commit.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <vector>

#include "audit/audit.hpp"

namespace kp::audit {

class ReadLog {
 public:
  ReadLog(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  ReadLog(const ReadLog&) = delete;
  ReadLog& operator=(const ReadLog&) = delete;

  // Appends `entries` to the audit log and returns once they are committed (or failed: then
  // nothing of this batch was written and the caller must not show the data). Thread-safe.
  Status record(std::vector<Entry> entries);

  // Transactions written and records appended so far (for /metrics and the benchmark).
  std::int64_t batches() const;
  std::int64_t records() const;

 private:
  struct Waiter {
    std::vector<Entry> entries;
    bool done = false;
    Status result;
  };
  store::Database& db_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Waiter*> queue_;
  bool flushing_ = false;
  std::int64_t batches_ = 0;
  std::int64_t records_ = 0;
};

}  // namespace kp::audit
