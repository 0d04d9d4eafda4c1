#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "http/access_log.hpp"
#include "http/metrics.hpp"

namespace kp::http {
namespace {

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

TEST(Metrics, RendersCountersHistogramsAndGauges) {
  Metrics m;
  m.observe("/families/{id}", Method::GET, 200, 0.002);
  m.observe("/families/{id}", Method::GET, 200, 0.3);
  m.observe("/families/{id}", Method::POST, 303, 7.0);
  m.observe("-", Method::GET, 404, 0.0001);
  double readers = 3;
  m.set_gauge_callback("knutepunkt_db_readers_in_use", "Database readers checked out.",
                       [&] { return readers; });
  const std::string out = m.render();
  EXPECT_TRUE(contains(out, "# TYPE knutepunkt_http_requests_total counter\n"));
  EXPECT_TRUE(contains(
      out, "knutepunkt_http_requests_total{route=\"/families/{id}\",method=\"GET\",status=\"200\"} 2\n"));
  EXPECT_TRUE(contains(
      out, "knutepunkt_http_requests_total{route=\"/families/{id}\",method=\"POST\",status=\"303\"} 1\n"));
  EXPECT_TRUE(contains(out, "knutepunkt_http_requests_total{route=\"-\",method=\"GET\",status=\"404\"} 1\n"));
  EXPECT_TRUE(contains(out, "# TYPE knutepunkt_http_request_duration_seconds histogram\n"));
  EXPECT_TRUE(contains(out, "knutepunkt_http_request_duration_seconds_bucket{route=\"/families/{id}\",le=\"0.001\"} 0\n"));
  EXPECT_TRUE(contains(out, "knutepunkt_http_request_duration_seconds_bucket{route=\"/families/{id}\",le=\"0.0025\"} 1\n"));
  EXPECT_TRUE(contains(out, "knutepunkt_http_request_duration_seconds_bucket{route=\"/families/{id}\",le=\"0.5\"} 2\n"));
  EXPECT_TRUE(contains(out, "knutepunkt_http_request_duration_seconds_bucket{route=\"/families/{id}\",le=\"5\"} 2\n"));
  EXPECT_TRUE(contains(out, "knutepunkt_http_request_duration_seconds_bucket{route=\"/families/{id}\",le=\"+Inf\"} 3\n"));
  EXPECT_TRUE(contains(out, "knutepunkt_http_request_duration_seconds_count{route=\"/families/{id}\"} 3\n"));
  EXPECT_TRUE(contains(out, "knutepunkt_http_request_duration_seconds_sum{route=\"/families/{id}\"} 7.30"));
  EXPECT_TRUE(contains(out, "# TYPE knutepunkt_db_readers_in_use gauge\nknutepunkt_db_readers_in_use 3\n"));
  readers = 1.5;
  EXPECT_TRUE(contains(m.render(), "knutepunkt_db_readers_in_use 1.5\n"));
  m.set_gauge_callback("knutepunkt_db_readers_in_use", "Replaced.", [] { return 0.0; });
  EXPECT_TRUE(contains(m.render(), "# HELP knutepunkt_db_readers_in_use Replaced.\n"
                                   "# TYPE knutepunkt_db_readers_in_use gauge\n"
                                   "knutepunkt_db_readers_in_use 0\n"));
}

TEST(Metrics, EscapesLabels) {
  Metrics m;
  m.observe("/a\"b\\c\nd", Method::GET, 200, 0.01);
  EXPECT_TRUE(contains(m.render(), "route=\"/a\\\"b\\\\c\\nd\""));
}

TEST(Metrics, ConcurrentObserveCountsExactly) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 20000; ++i)
        m.observe(i % 2 ? "/a" : "/b", Method::GET, t % 2 ? 200 : 500, 0.01);
    });
  for (int i = 0; i < 20; ++i) m.render();  // scrapes race with observers
  for (auto& th : threads) th.join();
  const std::string out = m.render();
  EXPECT_TRUE(contains(out, "knutepunkt_http_requests_total{route=\"/a\",method=\"GET\",status=\"200\"} 20000\n"));
  EXPECT_TRUE(contains(out, "knutepunkt_http_requests_total{route=\"/b\",method=\"GET\",status=\"500\"} 20000\n"));
  EXPECT_TRUE(contains(out, "knutepunkt_http_request_duration_seconds_count{route=\"/a\"} 40000\n"));
}

TEST(AccessLog, LineHasRouteButNeverPathOrQuery) {
  Request req;
  req.method = Method::GET;
  req.target = "/families/1234?q=Kari+Nordmann";
  req.path = "/families/1234";
  req.query = {{"q", "Kari Nordmann"}};
  req.remote_addr = "192.0.2.7";
  req.route_name = "/families/{id}";
  const RequestRecord rec{&req, 200, 512, 0.00125, 0x00ab00cd00ef0012ull};
  const auto when = std::chrono::system_clock::time_point(std::chrono::milliseconds(1714564800123));
  const std::string line = format_access_log_line(rec, when);
  EXPECT_EQ(line,
            "{\"time\":\"2024-05-01T12:00:00.123Z\",\"method\":\"GET\",\"route\":\"/families/{id}\","
            "\"status\":200,\"bytes\":512,\"ms\":1.250,\"id\":\"00ab00cd00ef0012\"}\n");
  for (const char* secret : {"Kari", "Nordmann", "q=", "1234", "192.0.2.7", "?"})
    EXPECT_FALSE(contains(line, secret)) << secret;
}

TEST(AccessLog, UnmatchedAndUnparsedRequests) {
  Request req;
  req.method = Method::POST;
  req.target = "/search?q=secret";
  const auto now = std::chrono::system_clock::now();
  std::string line = format_access_log_line(RequestRecord{&req, 404, 10, 0.001, 1}, now);
  EXPECT_TRUE(contains(line, "\"method\":\"POST\",\"route\":\"-\""));
  EXPECT_FALSE(contains(line, "secret"));
  line = format_access_log_line(RequestRecord{nullptr, 431, 10, 0.001, 2}, now);
  EXPECT_TRUE(contains(line, "\"method\":\"-\",\"route\":\"-\",\"status\":431"));
  // "time":"YYYY-MM-DDTHH:MM:SS.mmmZ"
  const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  ASSERT_EQ(line.rfind("{\"time\":\"", 0), 0u);
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const char c = line[9 + i];
    EXPECT_TRUE(shape[i] == 'd' ? (c >= '0' && c <= '9') : c == shape[i]) << line;
  }
  req.route_name = "/odd\"route";
  EXPECT_TRUE(contains(format_access_log_line(RequestRecord{&req, 200, 0, 0, 3}, now),
                       "\"route\":\"/odd\\\"route\""));
}

TEST(AccessLog, WriterAndObserver) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  AccessLog log(fds[1]);
  Metrics metrics;
  Observer observe = make_observer(&metrics, &log);
  Request req;
  req.route_name = "/x";
  observe(RequestRecord{&req, 200, 1, 0.01, 7});
  observe(RequestRecord{nullptr, 400, 1, 0.01, 8});
  close(fds[1]);
  std::string got;
  char buf[1024];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) got.append(buf, n);
  close(fds[0]);
  EXPECT_EQ(std::count(got.begin(), got.end(), '\n'), 2);
  EXPECT_TRUE(contains(got, "\"id\":\"0000000000000007\""));
  const std::string m = metrics.render();
  EXPECT_TRUE(contains(m, "route=\"/x\",method=\"GET\",status=\"200\"} 1"));
  EXPECT_TRUE(contains(m, "route=\"-\",method=\"OTHER\",status=\"400\"} 1"));
}

}  // namespace
}  // namespace kp::http
