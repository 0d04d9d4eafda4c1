#include "app/jobs.hpp"

#include <chrono>
#include <cstdio>
#include <exception>

#include "app/app.hpp"

namespace kp::app {

void Jobs::add(std::string name, std::int64_t interval_seconds, JobFn fn) {
  std::lock_guard lock(mu_);
  if (interval_seconds < 1) interval_seconds = 1;
  for (auto& j : jobs_) {
    if (j.name == name) {
      j.interval = interval_seconds;
      j.fn = std::move(fn);
      return;
    }
  }
  jobs_.push_back(Job{std::move(name), interval_seconds, std::move(fn)});
}

std::vector<std::string> Jobs::names() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& j : jobs_) out.push_back(j.name);
  return out;
}

JobOutcome Jobs::run_one(App& app, Job& job) {
  JobOutcome out{job.name, true, {}};
  // Errors and exceptions carry msgids and details that never hold personal data
  // (Error::detail's contract), so they may go to the log.
  try {
    Status st = job.fn(app);
    if (!st) {
      out.ok = false;
      out.error = st.error().message;
      if (!st.error().detail.empty()) out.error += " (" + st.error().detail + ")";
    }
  } catch (const std::exception& e) {
    out.ok = false;
    out.error = std::string("exception: ") + e.what();
  } catch (...) {
    out.ok = false;
    out.error = "unknown exception";
  }
  return out;
}

std::vector<JobOutcome> Jobs::run_all(App& app) {
  std::lock_guard run_lock(run_mu_);
  std::vector<JobOutcome> out;
  std::vector<Job> snapshot;
  {
    std::lock_guard lock(mu_);
    snapshot = jobs_;
  }
  const std::int64_t now = app.clock.now();
  for (auto& j : snapshot) {
    out.push_back(run_one(app, j));
    std::lock_guard lock(mu_);
    for (auto& k : jobs_)
      if (k.name == j.name) k.last_run = now;
  }
  return out;
}

std::vector<JobOutcome> Jobs::run_due(App& app, std::int64_t now) {
  std::lock_guard run_lock(run_mu_);
  std::vector<JobOutcome> out;
  std::vector<Job> due;
  {
    std::lock_guard lock(mu_);
    for (auto& j : jobs_) {
      if (j.last_run == INT64_MIN || now - j.last_run >= j.interval || now < j.last_run) {
        due.push_back(j);
        j.last_run = now;
      }
    }
  }
  for (auto& j : due) {
    auto o = run_one(app, j);
    if (!o.ok) std::fprintf(stderr, "job %s failed: %s\n", o.name.c_str(), o.error.c_str());
    out.push_back(std::move(o));
  }
  return out;
}

JobRunner::JobRunner(App& app, int tick_seconds) : app_(app), tick_(tick_seconds < 1 ? 1 : tick_seconds) {}

JobRunner::~JobRunner() { stop(); }

void JobRunner::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void JobRunner::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JobRunner::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    app_.jobs.run_due(app_, app_.clock.now());
    std::fflush(stderr);
    lock.lock();
    cv_.wait_for(lock, std::chrono::seconds(tick_), [this] { return stopping_; });
  }
}

}  // namespace kp::app
