#include "http/metrics.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstdint>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace kp::http {
namespace {

constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                          0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

struct CounterKey {
  std::string_view route;
  Method method;
  int status;
  bool operator==(const CounterKey&) const = default;
};

struct CounterKeyHash {
  std::size_t operator()(const CounterKey& k) const noexcept {
    const std::size_t h = std::hash<std::string_view>{}(k.route);
    return h ^ (static_cast<std::size_t>(k.status) * 31 + static_cast<std::size_t>(k.method)) *
                   0x9E3779B97F4A7C15ull;
  }
};

struct Histogram {
  std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};  // last is +Inf
  std::atomic<double> sum{0};
};

struct Gauge {
  std::string help;
  std::function<double()> fn;
};

void append_number(std::string& out, double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
}

void append_number(std::string& out, std::uint64_t v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void append_label_value(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

void append_help(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

}  // namespace

struct Metrics::Impl {
  mutable std::shared_mutex mu;
  // Keys are views into route names owned here, so a lookup with the caller's string_view
  // never allocates; unique_ptr keeps names and atomics at fixed addresses across rehashing.
  std::unordered_map<std::string_view, std::unique_ptr<std::string>> routes;
  std::unordered_map<CounterKey, std::unique_ptr<std::atomic<std::uint64_t>>, CounterKeyHash>
      counters;
  std::unordered_map<std::string_view, std::unique_ptr<Histogram>> histograms;

  mutable std::mutex gauge_mu;
  std::map<std::string, Gauge> gauges;

  // Requires the exclusive lock.
  std::string_view intern(std::string_view route) {
    auto it = routes.find(route);
    if (it != routes.end()) return it->first;
    auto owned = std::make_unique<std::string>(route);
    const std::string_view key = *owned;
    routes.emplace(key, std::move(owned));
    return key;
  }
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::observe(std::string_view route, Method method, int status, double seconds) {
  std::atomic<std::uint64_t>* counter = nullptr;
  Histogram* histogram = nullptr;
  {
    std::shared_lock lock(impl_->mu);
    auto c = impl_->counters.find(CounterKey{route, method, status});
    auto h = impl_->histograms.find(route);
    if (c != impl_->counters.end() && h != impl_->histograms.end()) {
      counter = c->second.get();
      histogram = h->second.get();
    }
  }
  if (counter == nullptr) {
    std::unique_lock lock(impl_->mu);
    const std::string_view key = impl_->intern(route);
    auto& c = impl_->counters[CounterKey{key, method, status}];
    if (!c) c = std::make_unique<std::atomic<std::uint64_t>>(0);
    auto& h = impl_->histograms[key];
    if (!h) h = std::make_unique<Histogram>();
    counter = c.get();
    histogram = h.get();
  }
  // Series are never removed, so the pointers stay valid after the lock is released.
  counter->fetch_add(1, std::memory_order_relaxed);
  const std::size_t bucket =
      std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin();
  histogram->buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  histogram->sum.fetch_add(seconds, std::memory_order_relaxed);
}

void Metrics::set_gauge_callback(std::string name, std::string help, std::function<double()> fn) {
  std::lock_guard lock(impl_->gauge_mu);
  impl_->gauges[std::move(name)] = Gauge{std::move(help), std::move(fn)};
}

std::string Metrics::render() const {
  std::string out;
  {
    std::shared_lock lock(impl_->mu);
    std::vector<std::pair<std::tuple<std::string_view, std::string_view, int>, std::uint64_t>>
        rows;
    rows.reserve(impl_->counters.size());
    for (const auto& [k, v] : impl_->counters)
      rows.push_back({{k.route, to_string(k.method), k.status}, v->load(std::memory_order_relaxed)});
    std::sort(rows.begin(), rows.end());
    out += "# HELP knutepunkt_http_requests_total Finished HTTP requests.\n";
    out += "# TYPE knutepunkt_http_requests_total counter\n";
    for (const auto& [k, v] : rows) {
      out += "knutepunkt_http_requests_total{route=\"";
      append_label_value(out, std::get<0>(k));
      out += "\",method=\"";
      out += std::get<1>(k);
      out += "\",status=\"";
      append_number(out, static_cast<std::uint64_t>(std::get<2>(k)));
      out += "\"} ";
      append_number(out, v);
      out += '\n';
    }

    std::vector<std::pair<std::string_view, const Histogram*>> hists;
    hists.reserve(impl_->histograms.size());
    for (const auto& [route, h] : impl_->histograms) hists.emplace_back(route, h.get());
    std::sort(hists.begin(), hists.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    out += "# HELP knutepunkt_http_request_duration_seconds Time from the first byte of a "
           "request to the last byte of its response.\n";
    out += "# TYPE knutepunkt_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : hists) {
      // _count is the +Inf bucket rather than a separate atomic, so a scrape racing with
      // observe() can never show the two disagreeing.
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i <= kBuckets.size(); ++i) {
        cumulative += h->buckets[i].load(std::memory_order_relaxed);
        out += "knutepunkt_http_request_duration_seconds_bucket{route=\"";
        append_label_value(out, route);
        out += "\",le=\"";
        if (i < kBuckets.size()) append_number(out, kBuckets[i]);
        else out += "+Inf";
        out += "\"} ";
        append_number(out, cumulative);
        out += '\n';
      }
      out += "knutepunkt_http_request_duration_seconds_sum{route=\"";
      append_label_value(out, route);
      out += "\"} ";
      append_number(out, h->sum.load(std::memory_order_relaxed));
      out += "\nknutepunkt_http_request_duration_seconds_count{route=\"";
      append_label_value(out, route);
      out += "\"} ";
      append_number(out, cumulative);
      out += '\n';
    }
  }
  std::lock_guard lock(impl_->gauge_mu);
  for (const auto& [name, g] : impl_->gauges) {
    out += "# HELP " + name + ' ';
    append_help(out, g.help);
    out += "\n# TYPE " + name + " gauge\n" + name + ' ';
    append_number(out, g.fn ? g.fn() : 0.0);
    out += '\n';
  }
  return out;
}

}  // namespace kp::http
