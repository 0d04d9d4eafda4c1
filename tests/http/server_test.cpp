// End-to-end tests of the server over real sockets on 127.0.0.1, with small limits and
// 200 ms timeouts so the suite stays fast.
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/server.hpp"

namespace kp::http {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool has(const std::string& name) const { return headers.count(name) > 0; }
  std::string get(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// A blocking HTTP/1.1 client just smart enough for these tests.
class Client {
 public:
  explicit Client(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    timeval tv{3, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  bool send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response; `head` means the request was HEAD (no body follows the headers).
  std::optional<Reply> read(bool head = false) {
    std::size_t end;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) return std::nullopt;
    Reply r;
    const std::string block = pending_.substr(0, end);
    pending_.erase(0, end + 4);
    std::size_t line_end = block.find("\r\n");
    const std::string status_line = block.substr(0, line_end);
    if (status_line.rfind("HTTP/1.1 ", 0) != 0) return std::nullopt;
    r.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      const std::size_t start = line_end + 2;
      line_end = block.find("\r\n", start);
      const std::string line = block.substr(start, line_end - start);
      const std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      if (r.headers.count(name)) ADD_FAILURE() << "duplicate header " << name;
      r.headers[name] = value;
    }
    if (r.status == 100) return r;
    std::size_t length = 0;
    if (r.has("content-length")) length = std::stoul(r.get("content-length"));
    if (head) return r;
    while (pending_.size() < length)
      if (!fill()) return std::nullopt;
    r.body = pending_.substr(0, length);
    pending_.erase(0, length);
    return r;
  }

  // True if response bytes arrive within `wait` (without consuming them).
  bool readable_within(std::chrono::milliseconds wait) {
    if (!pending_.empty()) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(wait.count())) > 0;
  }

  // True if the server closes the connection (without sending anything more) in time.
  bool closed_by_server() {
    if (!pending_.empty()) return false;
    char c;
    const ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  bool fill() {
    char buf[8192];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    pending_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string pending_;
};

// Responses held until the test releases them (the read audit's commit in the real server).
struct Holds {
  std::mutex mu;
  std::vector<std::shared_ptr<Pending>> list;
  void add(std::shared_ptr<Pending> p) {
    std::lock_guard lock(mu);
    list.push_back(std::move(p));
  }
  size_t size() {
    std::lock_guard lock(mu);
    return list.size();
  }
  void resolve_all(const Status& st) {
    std::vector<std::shared_ptr<Pending>> all;
    {
      std::lock_guard lock(mu);
      all.swap(list);
    }
    for (auto& p : all) p->resolve(st);
  }
};
Holds g_holds;

std::string get(std::string_view path, std::string_view extra = "") {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra) + "\r\n";
}

std::string gunzip(const std::string& in) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string("<corrupt>");
}

void expect_security_headers(const Reply& r) {
  EXPECT_EQ(r.get("content-security-policy").rfind("default-src 'none';", 0), 0u) << r.status;
  EXPECT_EQ(r.get("x-content-type-options"), "nosniff") << r.status;
  EXPECT_EQ(r.get("referrer-policy"), "strict-origin-when-cross-origin") << r.status;
  EXPECT_EQ(r.get("x-frame-options"), "DENY") << r.status;
  EXPECT_EQ(r.get("cross-origin-opener-policy"), "same-origin") << r.status;
  EXPECT_EQ(r.get("permissions-policy"), "camera=(), microphone=(), geolocation=()") << r.status;
  EXPECT_TRUE(r.has("date"));
  EXPECT_FALSE(r.has("server"));
}

struct Seen {
  int status;
  std::string route;
  bool had_request;
};

class ServerTest : public ::testing::Test {
 protected:
  static ServerLimits small_limits() {
    ServerLimits l;
    l.header_bytes = 8 * 1024;
    l.body_bytes = 1024;
    l.header_timeout = 200ms;
    l.body_timeout = 200ms;
    l.idle_timeout = 400ms;
    l.requests_per_connection = 100;
    l.event_loops = 2;
    l.worker_threads = 2;
    return l;
  }

  static Response handle(Request& req) {
    req.route_name = req.path;
    if (req.path == "/hello") return Response::text(200, "hello");
    if (req.path == "/echo") {
      std::string out = std::string(to_string(req.method)) + " " + req.path;
      for (const auto& [k, v] : req.query) out += " " + k + "=" + v;
      out += " body=" + req.body + " ua=" + std::string(req.header("user-agent"));
      return Response::text(200, out);
    }
    if (req.path == "/missing") return Response::text(404, "nothing here");
    if (req.path == "/throw") throw std::runtime_error("Kari Nordmann's secret");
    if (req.path == "/sleep") {
      std::this_thread::sleep_for(300ms);
      return Response::text(200, "slept");
    }
    if (req.path == "/stuck") {
      std::this_thread::sleep_for(1500ms);
      return Response::text(200, "late");
    }
    if (req.path == "/big" || req.path == "/big-raw") {
      Response r = Response::text(200, std::string(4096, 'k'));
      r.gzip_ok = req.path == "/big";
      return r;
    }
    if (req.path == "/own") {
      Response r = Response::text(200, "own");
      r.header("Content-Security-Policy", "default-src 'self'")
          .header("Cache-Control", "max-age=60")
          .header("Set-Cookie", "a=1")
          .header("Bad\r\nName", "x")
          .header("X-Split", "a\r\nInjected: yes")
          .header("Content-Length", "999");
      return r;
    }
    if (req.path == "/remote") return Response::text(200, req.remote_addr);
    if (req.path == "/held") {
      Response r = Response::text(200, "personal data");
      r.hold_until = std::make_shared<Pending>();
      r.hold_failed = std::make_shared<Response>(Response::text(503, "busy"));
      g_holds.add(r.hold_until);
      return r;
    }
    if (req.path == "/empty") {
      Response r;
      r.status = 204;
      return r;
    }
    return Response::text(404, "no route");
  }

  void start(ServerLimits limits = small_limits()) {
    server_ = std::make_unique<Server>(
        limits, &ServerTest::handle, [this](const RequestRecord& r) {
          std::lock_guard lock(mu_);
          seen_.push_back(Seen{r.status, r.request ? r.request->route_name : "", r.request != nullptr});
        });
    port_ = server_->listen("127.0.0.1", 0);
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_->run(false); });
  }

  void TearDown() override {
    if (server_) server_->stop(1000ms);
    if (thread_.joinable()) thread_.join();
  }

  std::vector<Seen> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::vector<Seen> seen_;
};

// More held pages than worker threads, and the server still answers others: a held page
// waits for its audit commit without occupying a thread, and is not sent before it.
TEST_F(ServerTest, HeldResponsesAreSentOnlyWhenReleasedWithoutBlockingWorkers) {
  start();  // two worker threads
  std::vector<std::unique_ptr<Client>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<Client>(port_));
    ASSERT_TRUE(held.back()->send(get("/held")));
  }
  for (int i = 0; i < 200 && g_holds.size() < 3; ++i) std::this_thread::sleep_for(5ms);
  ASSERT_EQ(g_holds.size(), 3u);
  Client other(port_);
  ASSERT_TRUE(other.send(get("/hello")));
  auto hello = other.read();
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->body, "hello");
  for (auto& c : held) EXPECT_FALSE(c->readable_within(50ms)) << "a held page left before its hold resolved";
  g_holds.resolve_all({});
  for (auto& c : held) {
    auto r = c->read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "personal data");
  }
}

TEST_F(ServerTest, HeldResponseWhoseHoldFailsIsReplacedByTheFallback) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(get("/held")));
  for (int i = 0; i < 200 && g_holds.size() < 1; ++i) std::this_thread::sleep_for(5ms);
  ASSERT_EQ(g_holds.size(), 1u);
  g_holds.resolve_all(fail(ErrorKind::unavailable, "audit failed"));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->body, "busy");
  EXPECT_EQ(r->body.find("personal data"), std::string::npos);
}

TEST_F(ServerTest, TwoRequestsOnOneKeepAliveConnection) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.send(get("/hello")));
  auto a = c.read();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, 200);
  EXPECT_EQ(a->body, "hello");
  EXPECT_EQ(a->get("content-length"), "5");
  EXPECT_EQ(a->get("content-type"), "text/plain; charset=utf-8");
  EXPECT_FALSE(a->has("connection"));
  expect_security_headers(*a);

  ASSERT_TRUE(c.send(get("/echo?q=a+b&x=%C3%A6", "User-Agent: t\r\n")));
  auto b = c.read();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->body, "GET /echo q=a b x=æ body= ua=t");
}

TEST_F(ServerTest, PipelinedRequestsAndPostBody) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(get("/hello") +
                     "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde" +
                     "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "3\r\nxyz\r\n0\r\n\r\n"));
  EXPECT_EQ(c.read()->body, "hello");
  EXPECT_EQ(c.read()->body, "POST /echo body=abcde ua=");
  EXPECT_EQ(c.read()->body, "POST /echo body=xyz ua=");
}

TEST_F(ServerTest, MalformedRequestLineIs400AndCloses) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send("GARBAGE\r\n\r\n"));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->get("connection"), "close");
  expect_security_headers(*r);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, BadTargetsAndMissingHostAre400) {
  start();
  for (std::string req :
       {get("/a/%2e%2e/b"), get("/x%zz"), get("/x?q=%C3"), std::string("GET / HTTP/1.1\r\n\r\n"),
        std::string("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
        std::string("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nabc"),
        std::string("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n"
                    "Content-Length: 4\r\n\r\nabcd")}) {
    Client c(port_);
    ASSERT_TRUE(c.send(req));
    auto r = c.read();
    ASSERT_TRUE(r) << req;
    EXPECT_EQ(r->status, 400) << req;
    EXPECT_EQ(r->get("connection"), "close");
    EXPECT_TRUE(c.closed_by_server());
  }
}

TEST_F(ServerTest, HugeHeaderIs431) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(get("/hello", "X-Big: " + std::string(20 * 1024, 'a') + "\r\n")));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(r->get("connection"), "close");
  expect_security_headers(*r);
  EXPECT_TRUE(c.closed_by_server());
  auto s = seen();
  for (int i = 0; i < 100 && s.empty(); ++i) {
    std::this_thread::sleep_for(10ms);
    s = seen();
  }
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s.back().status, 431);
  EXPECT_FALSE(s.back().had_request);
}

TEST_F(ServerTest, ContentLengthOverLimitIs413WithoutReadingTheBody) {
  start();
  Client c(port_);
  // Only the header is sent: a server waiting for the 100 MB body would answer 408 instead.
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000\r\n\r\n"));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->get("connection"), "close");
  expect_security_headers(*r);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
  start();
  Client c(port_);
  std::string req = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) req += "200\r\n" + std::string(512, 'x') + "\r\n";
  req += "0\r\n\r\n";
  ASSERT_TRUE(c.send(req));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, SlowHeaderIs408ThenClose) {
  start();
  Client c(port_);
  const auto t0 = SteadyClock::now();
  ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: t\r\n"));  // and never the blank line
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
  EXPECT_GE(SteadyClock::now() - t0, 190ms);
  EXPECT_EQ(r->get("connection"), "close");
  expect_security_headers(*r);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, SlowBodyIs408) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly a bit"));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedSilently) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(get("/hello")));
  ASSERT_TRUE(c.read());
  const auto t0 = SteadyClock::now();
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_GE(SteadyClock::now() - t0, 350ms);
  EXPECT_LT(SteadyClock::now() - t0, 2000ms);
}

TEST_F(ServerTest, SilentNewConnectionIsClosedWithoutResponse) {
  start();
  Client c(port_);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, RequestsPerConnectionHonoured) {
  ServerLimits l = small_limits();
  l.requests_per_connection = 2;
  start(l);
  Client c(port_);
  ASSERT_TRUE(c.send(get("/hello")));
  auto a = c.read();
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->has("connection"));
  ASSERT_TRUE(c.send(get("/hello")));
  auto b = c.read();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->status, 200);
  EXPECT_EQ(b->get("connection"), "close");
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, ClientConnectionCloseAndHttp10) {
  start();
  {
    Client c(port_);
    ASSERT_TRUE(c.send(get("/hello", "Connection: close\r\n")));
    EXPECT_EQ(c.read()->get("connection"), "close");
    EXPECT_TRUE(c.closed_by_server());
  }
  {
    Client c(port_);
    ASSERT_TRUE(c.send("GET /hello HTTP/1.0\r\n\r\n"));
    auto r = c.read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "hello");
    EXPECT_TRUE(c.closed_by_server());
  }
  {
    Client c(port_);
    ASSERT_TRUE(c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    EXPECT_EQ(c.read()->get("connection"), "keep-alive");
    ASSERT_TRUE(c.send("GET /hello HTTP/1.0\r\n\r\n"));
    EXPECT_EQ(c.read()->body, "hello");
  }
}

TEST_F(ServerTest, HeadHasGetHeadersButNoBody) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(get("/big-raw")));
  auto g = c.read();
  ASSERT_TRUE(c.send("HEAD /big-raw HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto h = c.read(/*head=*/true);
  ASSERT_TRUE(g && h);
  EXPECT_EQ(h->status, 200);
  EXPECT_EQ(h->get("content-length"), "4096");
  h->headers.erase("date");
  g->headers.erase("date");
  EXPECT_EQ(h->headers, g->headers);
  // Had the server sent a body after the HEAD response, this would read it as garbage.
  ASSERT_TRUE(c.send(get("/hello")));
  auto next = c.read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello");
}

TEST_F(ServerTest, NoContentHasNoLengthOrBody) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(get("/empty") + get("/hello")));
  auto e = c.read();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->status, 204);
  EXPECT_FALSE(e->has("content-length"));
  EXPECT_EQ(c.read()->body, "hello");
}

TEST_F(ServerTest, ThrowingHandlerIs500AndServerKeepsServing) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(get("/throw")));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_NE(r->body.find("Incident "), std::string::npos);
  EXPECT_EQ(r->body.find("Kari"), std::string::npos);
  expect_security_headers(*r);
  ASSERT_TRUE(c.send(get("/hello")));
  auto next = c.read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, SecurityHeadersOnHandlerResponses) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(get("/missing")));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  expect_security_headers(*r);

  ASSERT_TRUE(c.send(get("/own")));
  auto own = c.read();
  ASSERT_TRUE(own);
  EXPECT_EQ(own->get("content-security-policy"), "default-src 'self'");
  EXPECT_EQ(own->get("cache-control"), "max-age=60");
  EXPECT_EQ(own->get("set-cookie"), "a=1");
  EXPECT_EQ(own->get("x-frame-options"), "DENY");
  EXPECT_EQ(own->get("content-length"), "3");  // the handler cannot override framing
  EXPECT_FALSE(own->has("x-split"));
  EXPECT_FALSE(own->has("injected"));
  EXPECT_EQ(own->body, "own");
}

TEST_F(ServerTest, GzipOnAndOff) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(get("/big", "Accept-Encoding: gzip, br\r\n")));
  auto z = c.read();
  ASSERT_TRUE(z);
  EXPECT_EQ(z->get("content-encoding"), "gzip");
  EXPECT_EQ(z->get("vary"), "Accept-Encoding");
  EXPECT_LT(z->body.size(), 4096u);
  EXPECT_EQ(gunzip(z->body), std::string(4096, 'k'));

  ASSERT_TRUE(c.send(get("/big")));
  auto plain = c.read();
  EXPECT_FALSE(plain->has("content-encoding"));
  EXPECT_EQ(plain->body, std::string(4096, 'k'));

  ASSERT_TRUE(c.send(get("/big-raw", "Accept-Encoding: gzip\r\n")));
  EXPECT_FALSE(c.read()->has("content-encoding"));
  ASSERT_TRUE(c.send(get("/hello", "Accept-Encoding: gzip\r\n")));
  EXPECT_FALSE(c.read()->has("content-encoding"));  // under 1 KiB
  ASSERT_TRUE(c.send(get("/big", "Accept-Encoding: gzip;q=0\r\n")));
  EXPECT_FALSE(c.read()->has("content-encoding"));
}

TEST_F(ServerTest, ExpectContinue) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"));
  auto cont = c.read();
  ASSERT_TRUE(cont);
  EXPECT_EQ(cont->status, 100);
  ASSERT_TRUE(c.send("abc"));
  EXPECT_EQ(c.read()->body, "POST /echo body=abc ua=");
}

TEST_F(ServerTest, RemoteAddressAndForwardedFor) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(get("/remote", "X-Forwarded-For: 10.0.0.1, 192.0.2.7\r\n")));
  EXPECT_EQ(c.read()->body, "127.0.0.1");
  server_->stop(0ms);
  thread_.join();

  ServerLimits l = small_limits();
  l.trust_forwarded_for = true;
  start(l);
  Client t(port_);
  ASSERT_TRUE(t.send(get("/remote", "X-Forwarded-For: 10.0.0.1, 192.0.2.7\r\n")));
  EXPECT_EQ(t.read()->body, "192.0.2.7");
  ASSERT_TRUE(t.send(get("/remote", "X-Forwarded-For: not-an-ip\r\n")));
  EXPECT_EQ(t.read()->body, "127.0.0.1");
  ASSERT_TRUE(t.send(get("/remote")));
  EXPECT_EQ(t.read()->body, "127.0.0.1");
}

TEST_F(ServerTest, ObserverSeesEveryRequest) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(get("/hello") + get("/missing")));
  c.read();
  c.read();
  // The observer runs after the last byte is written, so it may trail the client a little.
  auto s = seen();
  for (int i = 0; i < 100 && s.size() < 2; ++i) {
    std::this_thread::sleep_for(10ms);
    s = seen();
  }
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].status, 200);
  EXPECT_EQ(s[0].route, "/hello");
  EXPECT_EQ(s[1].status, 404);
}

TEST_F(ServerTest, StopLetsInFlightRequestFinishThenRefusesConnections) {
  start();
  Client busy(port_);
  Client idle(port_);
  ASSERT_TRUE(idle.send(get("/hello")));
  ASSERT_TRUE(idle.read());
  ASSERT_TRUE(busy.send(get("/sleep")));
  std::this_thread::sleep_for(50ms);  // let the handler start
  const auto t0 = SteadyClock::now();
  server_->stop(5000ms);
  EXPECT_TRUE(idle.closed_by_server());
  auto r = busy.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "slept");
  EXPECT_EQ(r->get("connection"), "close");
  EXPECT_TRUE(busy.closed_by_server());
  thread_.join();
  EXPECT_LT(SteadyClock::now() - t0, 2000ms);  // finished well within the grace period
  Client late(port_);
  EXPECT_FALSE(late.connected());
}

TEST_F(ServerTest, StopAfterGraceAbandonsStuckRequests) {
  start();
  Client busy(port_);
  ASSERT_TRUE(busy.send(get("/stuck")));
  std::this_thread::sleep_for(50ms);
  const auto t0 = SteadyClock::now();
  server_->stop(50ms);
  thread_.join();
  EXPECT_LT(SteadyClock::now() - t0, 1000ms);  // run() did not wait for the 1.5 s handler
  EXPECT_FALSE(busy.read());
}

TEST_F(ServerTest, ManyConcurrentClients) {
  start();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      Client c(port_);
      for (int i = 0; i < 50; ++i) {
        if (!c.send(get("/hello"))) return;
        auto r = c.read();
        if (r && r->body == "hello") ++ok;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 400);
}

TEST(ServerListen, BindFailureThrowsSystemError) {
  Server a(ServerLimits{}, [](Request&) { return Response::text(200, ""); }, nullptr);
  const int port = a.listen("127.0.0.1", 0);
  Server b(ServerLimits{}, [](Request&) { return Response::text(200, ""); }, nullptr);
  EXPECT_THROW(b.listen("127.0.0.1", port), std::system_error);
}

}  // namespace
}  // namespace kp::http

namespace kp::http {
namespace {

TEST(ServerSignals, SigtermStopsRun) {
  ServerLimits l;
  l.event_loops = 1;
  l.worker_threads = 1;
  Server s(l, [](Request&) { return Response::text(200, "up"); }, nullptr);
  const int port = s.listen("127.0.0.1", 0);
  std::thread t([&] { s.run(true); });
  {
    // A served request proves run() has installed its signal handler.
    Client c(port);
    ASSERT_TRUE(c.send(get("/")));
    auto r = c.read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "up");
  }
  ::kill(::getpid(), SIGTERM);
  t.join();
  Client late(port);
  EXPECT_FALSE(late.connected());
}

}  // namespace
}  // namespace kp::http
