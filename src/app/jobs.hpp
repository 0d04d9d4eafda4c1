// Background work (bakgrunnsjobber): due work that no request triggers — sending the outbox,
// expiring held places on the waiting list, reminders the day before, overdue loans, purging
// old message contents. Modules register jobs once, from their register_routes(App&):
//
//   app.jobs.add("activities.expire_offers", 60, [](app::App& a) -> Status { … });
//
// `serve` runs them on one background thread (JobRunner); `knutepunkt jobs run` runs every job
// once, which is also how tests drive them. A job must be idempotent and decide what is due
// from the database and a.clock (not from how often it runs): it may run late, twice in a row,
// or on several servers at once. It does its writes through a.db->with_write.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.hpp"

namespace kp::app {

struct App;

using JobFn = std::function<Status(App&)>;

// The result of one job run, for logs and `jobs run` output (no personal data).
struct JobOutcome {
  std::string name;
  bool ok = true;
  std::string error;  // Error::message + detail when !ok
};

// The registry of jobs. add() is called during start-up (before the runner starts); the
// run_* functions are thread-safe against each other (one job run at a time).
class Jobs {
 public:
  // Registers `fn` to run every `interval_seconds` (≥ 1). `name` is a short stable code
  // ("outbox.send"); adding a name twice replaces the earlier job.
  void add(std::string name, std::int64_t interval_seconds, JobFn fn);
  // Names of the registered jobs, in registration order.
  std::vector<std::string> names() const;

  // Runs every job once, regardless of its interval, each even if an earlier one failed or
  // threw. Returns one outcome per job.
  std::vector<JobOutcome> run_all(App& app);
  // Runs the jobs whose interval has passed since their last run at `now` (wall seconds from
  // app.clock). Failures are logged to stderr by name and message only.
  std::vector<JobOutcome> run_due(App& app, std::int64_t now);

 private:
  struct Job {
    std::string name;
    std::int64_t interval = 60;
    JobFn fn;
    std::int64_t last_run = INT64_MIN;
  };
  JobOutcome run_one(App& app, Job& job);
  mutable std::mutex mu_;      // guards jobs_ (registration and last_run)
  std::mutex run_mu_;          // one run at a time
  std::vector<Job> jobs_;
};

// The background thread of `serve`: every `tick_seconds` calls jobs.run_due(). stop() (and
// the destructor) wake it and wait for the job in progress to finish.
class JobRunner {
 public:
  explicit JobRunner(App& app, int tick_seconds = 15);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;
  void start();
  void stop();

 private:
  void loop();
  App& app_;
  int tick_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kp::app
