// The access log: one JSON object per line. It deliberately holds no IP address, user,
// raw path or query string, because those can identify people (search words, ids).
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

#include "http/server.hpp"

namespace kp::http {

class Metrics;

// `id` as 16 lower-case hex digits. Pure.
std::string request_id_hex(std::uint64_t id);

// One line ending in '\n': {"time":"2024-05-01T12:00:00.123Z","method":"GET",
// "route":"/families/{id}","status":200,"bytes":512,"ms":1.25,"id":"…"}. The route is
// Request::route_name, or "-" when no route matched or the request never parsed. Pure.
std::string format_access_log_line(const RequestRecord& record,
                                   std::chrono::system_clock::time_point when);

// Writes access-log lines to a file descriptor with one write(2) per line, so lines from
// concurrent requests never interleave. Thread-safe. Does not own the descriptor.
class AccessLog {
 public:
  explicit AccessLog(int fd = 1) : fd_(fd) {}
  void write(const RequestRecord& record) const;

 private:
  int fd_;
};

// An Observer feeding `metrics` and `log`; either may be null. Both must outlive the
// observer. Thread-safe.
Observer make_observer(Metrics* metrics, const AccessLog* log);

}  // namespace kp::http
