#include "audit/read_log.hpp"

#include <exception>
#include <typeinfo>

namespace kp::audit {

Status ReadLog::record(std::vector<Entry> entries) {
  if (entries.empty()) return {};
  Waiter me;
  me.entries = std::move(entries);
  std::unique_lock lock(mu_);
  queue_.push_back(&me);
  // Wait while another caller flushes; it may take our records with it.
  cv_.wait(lock, [&] { return me.done || !flushing_; });
  if (me.done) return me.result;

  // Become the flusher for everything queued now, ourselves included.
  flushing_ = true;
  std::vector<Waiter*> batch;
  batch.swap(queue_);
  lock.unlock();
  Status st;
  try {
    std::vector<Entry> all;
    for (const Waiter* w : batch) all.insert(all.end(), w->entries.begin(), w->entries.end());
    st = db_.with_write([&](store::Conn& c) -> Status { return append_all(c, clock_, all); });
  } catch (const std::exception& ex) {
    st = internal_error(std::string("audit flush: ") + typeid(ex).name());
  }
  lock.lock();
  ++batches_;
  for (Waiter* w : batch) {
    if (st) records_ += static_cast<std::int64_t>(w->entries.size());
    w->result = st;
    w->done = true;
  }
  flushing_ = false;
  cv_.notify_all();
  return me.result;
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
