#include "core/pending.hpp"

#include <atomic>

namespace kp {

void Pending::resolve(Status st) {
  std::vector<Callback> run;
  {
    std::lock_guard lock(mu_);
    if (result_) return;
    result_ = std::move(st);
    run.swap(callbacks_);
  }
  cv_.notify_all();
  // Outside the lock: a callback may take a long time or register more work.
  for (auto& fn : run) fn(*result_);
}

void Pending::then(Callback fn) {
  {
    std::lock_guard lock(mu_);
    if (!result_) {
      callbacks_.push_back(std::move(fn));
      return;
    }
  }
  fn(*result_);  // result_ never changes once set
}

Status Pending::wait() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return result_.has_value(); });
  return *result_;
}

std::shared_ptr<Pending> Pending::all(std::vector<std::shared_ptr<Pending>> parts) {
  auto out = std::make_shared<Pending>();
  std::erase(parts, nullptr);
  if (parts.empty()) {
    out->resolve({});
    return out;
  }
  struct Join {
    std::atomic<size_t> left;
    std::mutex mu;
    Status first_failure;
  };
  auto join = std::make_shared<Join>();
  join->left = parts.size();
  for (auto& p : parts)
    p->then([join, out](const Status& st) {
      if (!st) {
        std::lock_guard lock(join->mu);
        if (join->first_failure) join->first_failure = st;
      }
      if (--join->left == 0) {
        std::lock_guard lock(join->mu);
        out->resolve(join->first_failure);
      }
    });
  return out;
}

}  // namespace kp
