// A result that arrives later, exactly once. The read audit hands one to the HTTP layer so a page
// with personal data leaves the server only after its audit record is committed — without a
// thread sitting blocked while the commit (and its fsync) runs.
#pragma once
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/result.hpp"

namespace kp {

class Pending {
 public:
  using Callback = std::move_only_function<void(const Status&)>;

  // Sets the result and runs the registered callbacks (on this thread). A second call is ignored.
  // Thread-safe.
  void resolve(Status st);

  // Runs `fn(result)` once the result is set: at once (on this thread) if it already is,
  // otherwise on the thread that calls resolve(). Thread-safe.
  void then(Callback fn);

  // Blocks until the result is set and returns it. For callers outside the server (tests,
  // the command line). Thread-safe.
  Status wait();

  // A pending that resolves when all of `parts` have: ok if all were ok, else the first
  // failure. Empty `parts` resolves at once. Null entries are ignored.
  static std::shared_ptr<Pending> all(std::vector<std::shared_ptr<Pending>> parts);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<Status> result_;
  std::vector<Callback> callbacks_;
};

}  // namespace kp
