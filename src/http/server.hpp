// The HTTP/1.1 server. The only header that mentions the server; server.cpp is the only file
// that includes Beast.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/request.hpp"

namespace kp::http {

struct ServerLimits {
  std::size_t header_bytes = 16 * 1024;     // larger header block → 431
  std::size_t body_bytes = 1024 * 1024;     // larger body → 413 (uploads set their own route limit)
  std::chrono::milliseconds header_timeout{10'000};  // slow headers → 408
  std::chrono::milliseconds body_timeout{30'000};    // slow body → 408
  std::chrono::milliseconds idle_timeout{60'000};    // idle keep-alive connection closed
  int requests_per_connection = 1000;
  int event_loops = 0;     // 0 → one per core
  int worker_threads = 0;  // 0 → 2 × cores; runs handlers (database, PDF) off the event loops
  bool trust_forwarded_for = false;  // take remote_addr from X-Forwarded-For (behind nginx)
};

// Called on a worker thread for every well-formed request; must not throw (the server turns
// an escaped exception into a 500 anyway). Thread-safe: called concurrently.
using Handler = std::function<Response(Request&)>;

// Observes every finished request (for metrics and the access log), called on an event loop
// after the response's last byte was written, so it must be thread-safe and cheap (no
// database); see access_log.hpp for the standard one.
struct RequestRecord {
  const Request* request;  // may be null for requests rejected before parsing finished
  int status;
  std::size_t bytes_out;
  double seconds;
  std::uint64_t request_id = 0;  // unique per process run; shown as 16 hex digits in logs
};
using Observer = std::function<void(const RequestRecord&)>;

class Server {
 public:
  Server(ServerLimits limits, Handler handler, Observer observer);
  // Must not run while run() is running; waits for handlers still running on workers.
  ~Server();
  // Binds and listens; returns the bound port (useful with port 0 in tests).
  // Throws std::system_error when the address cannot be bound.
  int listen(const std::string& host, int port);
  // Runs the event loops until stop(); blocks. SIGTERM/SIGINT call stop() when
  // `handle_signals` is true.
  void run(bool handle_signals = true);
  // Stops accepting, closes idle connections, lets in-flight requests finish (up to `grace`;
  // their responses carry Connection: close), then makes run() return. Returns at once; a
  // stop() before run() makes run() return as soon as it has started. Thread-safe, also from
  // a handler.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(10'000));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kp::http
