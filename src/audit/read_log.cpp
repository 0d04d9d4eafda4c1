#include "audit/read_log.hpp"

#include <exception>
#include <typeinfo>

namespace kp::audit {

ReadLog::ReadLog(store::Database& db, const Clock& clock)
    : db_(db), clock_(clock), flusher_([this] { flush_loop(); }) {}

ReadLog::~ReadLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  flusher_.join();
}

std::shared_ptr<Pending> ReadLog::record_async(std::vector<Entry> entries) {
  auto done = std::make_shared<Pending>();
  if (entries.empty()) {
    done->resolve({});
    return done;
  }
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      done->resolve(fail(ErrorKind::unavailable, "The audit log is shutting down"));
      return done;
    }
    queue_.push_back({std::move(entries), done});
  }
  cv_.notify_one();
  return done;
}

Status ReadLog::record(std::vector<Entry> entries) { return record_async(std::move(entries))->wait(); }

void ReadLog::flush_loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything is written
    std::vector<Queued> batch;
    batch.swap(queue_);
    lock.unlock();
    Status st;
    try {
      std::vector<Entry> all;
      for (const auto& q : batch) all.insert(all.end(), q.entries.begin(), q.entries.end());
      st = db_.with_write([&](store::Conn& c) -> Status { return append_all(c, clock_, all); });
    } catch (const std::exception& ex) {
      st = internal_error(std::string("audit flush: ") + typeid(ex).name());
    }
    std::int64_t n = 0;
    for (const auto& q : batch) n += static_cast<std::int64_t>(q.entries.size());
    lock.lock();
    ++batches_;
    if (st) records_ += n;
    lock.unlock();
    // Resolving posts the waiting pages back to their connections (or wakes record()).
    for (auto& q : batch) q.done->resolve(st);
    lock.lock();
  }
}

std::int64_t ReadLog::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

std::int64_t ReadLog::records() const {
  std::lock_guard lock(mu_);
  return records_;
}

}  // namespace kp::audit
