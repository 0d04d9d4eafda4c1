// Request metrics in the Prometheus text exposition format.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace kp::http {

// A registry of request counters, per-route latency histograms and gauges read through
// callbacks. All members are thread-safe. observe() takes only a shared lock plus relaxed
// atomic increments once a series exists, so concurrent requests do not serialise on it.
class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Counts one finished request in knutepunkt_http_requests_total{route,method,status} and
  // its duration in knutepunkt_http_request_duration_seconds{route} (buckets 1 ms … 5 s).
  // `route` must be a route pattern (bounded cardinality), never a raw path.
  void observe(std::string_view route, Method method, int status, double seconds);

  // Registers (or replaces) gauge `name`, read by calling `fn` on every render(). `fn` is
  // called under the registry's gauge lock, so it must be thread-safe and must not call
  // back into this registry.
  void set_gauge_callback(std::string name, std::string help, std::function<double()> fn);

  // The exposition text, series sorted by labels so output is stable.
  std::string render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kp::http
