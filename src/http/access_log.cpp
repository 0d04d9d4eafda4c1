#include "http/access_log.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>

#include "http/metrics.hpp"

namespace kp::http {
namespace {

constexpr std::size_t kMaxRouteBytes = 200;

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

std::string request_id_hex(std::uint64_t id) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, id >>= 4) out[i] = kHex[id & 0xF];
  return out;
}

std::string format_access_log_line(const RequestRecord& record,
                                   std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto ms_since_epoch = duration_cast<milliseconds>(when.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms_since_epoch / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);

  std::string_view route = "-";
  std::string_view method = "-";
  if (record.request != nullptr) {
    method = to_string(record.request->method);
    if (!record.request->route_name.empty()) route = record.request->route_name;
  }
  // Route names come from the router's table, but a bound keeps a line within PIPE_BUF so
  // a single write(2) to a pipe stays atomic.
  if (route.size() > kMaxRouteBytes) route = route.substr(0, kMaxRouteBytes);

  char buf[160];
  std::string out;
  out.reserve(160 + route.size());
  std::snprintf(buf, sizeof buf, "{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03dZ\",\"method\":",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms_since_epoch % 1000));
  out += buf;
  append_json_string(out, method);
  out += ",\"route\":";
  append_json_string(out, route);
  std::snprintf(buf, sizeof buf, ",\"status\":%d,\"bytes\":%zu,\"ms\":%.3f,\"id\":\"",
                record.status, record.bytes_out, record.seconds * 1000.0);
  out += buf;
  out += request_id_hex(record.request_id);
  out += "\"}\n";
  return out;
}

void AccessLog::write(const RequestRecord& record) const {
  const std::string line = format_access_log_line(record, std::chrono::system_clock::now());
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // a full disk or closed stdout must not take requests down with it
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

Observer make_observer(Metrics* metrics, const AccessLog* log) {
  return [metrics, log](const RequestRecord& r) {
    if (metrics != nullptr) {
      std::string_view route = "-";
      Method method = Method::OTHER;
      if (r.request != nullptr) {
        method = r.request->method;
        if (!r.request->route_name.empty()) route = r.request->route_name;
      }
      metrics->observe(route, method, r.status, r.seconds);
    }
    if (log != nullptr) log->write(r);
  };
}

}  // namespace kp::http
