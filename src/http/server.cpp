// The HTTP/1.1 server: Boost.Beast's parser over Asio, one io_context per event loop, handlers
// on a separate thread pool. The only file that includes Beast.
//
// Each connection is one coroutine on one loop. Timeouts use a per-connection deadline
// checked by a single steady_timer: moving the deadline later (the common case) is a plain
// store, and only an earlier deadline re-arms the timer. On expiry the timer cancels the
// socket's pending operation instead of closing it, so the coroutine can still answer 408.

#include "http/server.hpp"

#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <limits>
#include <list>
#include <mutex>
#include <optional>
#include <random>
#include <system_error>
#include <thread>
#include <typeinfo>
#include <vector>

#include "http/access_log.hpp"
#include "http/gzip.hpp"
#include "http/security_headers.hpp"
#include "http/target.hpp"

namespace kp::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using error_code = boost::system::error_code;
// Concrete io_context executors avoid any_io_executor's type erasure on every operation.
using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Acceptor = asio::basic_socket_acceptor<tcp, Executor>;
using Timer = asio::basic_waitable_timer<SteadyClock, asio::wait_traits<SteadyClock>, Executor>;
using Parser = bhttp::request_parser<bhttp::string_body>;

namespace {

constexpr auto kTok = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 4096;
// After an error response: how long to keep reading (and discarding) what the client is
// still sending, so closing with unread data does not reset the connection before the
// client has read our answer.
constexpr std::chrono::milliseconds kMaxLinger{2000};
// A connection's read buffer is shrunk back after a large request.
constexpr std::size_t kShrinkAbove = 64 * 1024;
constexpr auto kNever = SteadyClock::time_point::max();

// Writes one line to stderr with a single write(2) so concurrent lines never interleave.
void log_line(std::string line) {
  line += '\n';
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(2, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

// Where a connection is, so shutdown knows whom it may close at once.
enum class Phase { idle, reading, busy, writing, closing };

struct Conn;

struct Loop {
  Loop(int i, std::uint64_t s) : index(i), salt(s) {}
  ~Loop() { work.reset(); }

  const int index;
  const std::uint64_t salt;
  // Below: touched only on this loop's thread.
  std::uint64_t seq = 0;
  bool stopping = false;
  std::list<Conn*> conns;
  std::time_t date_second = -1;
  std::array<char, 32> date{};
  std::size_t date_len = 0;
  // Declared last so it is destroyed first, while `conns` still exists for the coroutine
  // frames it destroys.
  asio::io_context ioc{1};
  std::optional<asio::executor_work_guard<Executor>> work;
};

struct Conn {
  Conn(Socket s, Loop& l) : sock(std::move(s)), timer(l.ioc.get_executor()), loop(l) {}
  Socket sock;
  Timer timer;
  Loop& loop;
  beast::flat_buffer buf;
  std::string head;  // response head, reused across requests
  Phase phase = Phase::idle;
  SteadyClock::time_point deadline = kNever;
  std::uint64_t timer_gen = 0;
  bool timer_armed = false;
  bool timed_out = false;
  bool closed = false;
};

void arm_timer(const std::shared_ptr<Conn>& c);

void on_timer(const std::shared_ptr<Conn>& c, std::uint64_t gen, const error_code& ec) {
  if (gen != c->timer_gen) return;  // superseded by a re-arm
  c->timer_armed = false;
  if (ec || c->closed || c->deadline == kNever) return;
  if (SteadyClock::now() < c->deadline) {
    arm_timer(c);
    return;
  }
  c->timed_out = true;
  c->deadline = kNever;
  error_code ignored;
  c->sock.cancel(ignored);
}

void arm_timer(const std::shared_ptr<Conn>& c) {
  c->timer.expires_at(c->deadline);
  c->timer_armed = true;
  const std::uint64_t gen = ++c->timer_gen;
  c->timer.async_wait([c, gen](const error_code& ec) { on_timer(c, gen, ec); });
}

void set_deadline(const std::shared_ptr<Conn>& c, std::chrono::milliseconds d) {
  c->timed_out = false;
  c->deadline = SteadyClock::now() + d;
  if (c->timer_armed && c->timer.expiry() <= c->deadline) return;  // it re-checks on expiry
  arm_timer(c);
}

void clear_deadline(Conn& c) { c.deadline = kNever; }

bool is_beast_http_error(const error_code& ec) {
  static const auto& category = make_error_code(bhttp::error::bad_target).category();
  return ec.category() == category;
}

// The status for a failed read, or 0 when the connection should just close (the peer went
// away or shutdown cancelled the read).
int status_for_read_error(const error_code& ec, bool timed_out) {
  if (timed_out) return 408;
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return 0;
  if (is_beast_http_error(ec)) return 400;
  return 0;
}

bool has_no_body(int status) { return status == 204 || status == 304; }

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return false;
    if (std::string_view("\"(),/:;<=>?@[\\]{}").find(c) != std::string_view::npos) return false;
  }
  return true;
}

bool is_field_value(std::string_view s) {
  for (char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

// Headers the server owns; a handler setting them would corrupt framing.
bool is_reserved_header(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
         iequals(name, "Connection") || iequals(name, "Date") || iequals(name, "Content-Type") ||
         iequals(name, "Keep-Alive") || iequals(name, "Upgrade");
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

void append_number(std::string& out, std::uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

std::string_view http_date(Loop& loop) {
  const std::time_t now = std::time(nullptr);
  if (now != loop.date_second) {
    // Formatted by hand: strftime's %a and %b follow the C locale, which the app may change.
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&now, &tm);
    const int n = std::snprintf(loop.date.data(), loop.date.size(),
                                "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7],
                                tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900,
                                tm.tm_hour, tm.tm_min, tm.tm_sec);
    loop.date_len = n > 0 ? std::min<std::size_t>(n, loop.date.size() - 1) : 0;
    loop.date_second = now;
  }
  return {loop.date.data(), loop.date_len};
}

// Serialises the status line and headers of `r` into `out`. Invalid or server-owned headers
// from a handler are dropped rather than sent: they would allow response splitting.
void build_head(Loop& loop, std::string& out, const Response& r, bool send_length, bool close,
                bool keep_alive_http10) {
  out.clear();
  out += "HTTP/1.1 ";
  append_number(out, static_cast<std::uint64_t>(r.status));
  out += ' ';
  const std::string_view reason = bhttp::obsolete_reason(bhttp::int_to_status(r.status));
  if (!reason.starts_with('<')) out += reason;  // Beast's "<unknown-status>"
  out += "\r\n";
  append_header(out, "Date", http_date(loop));
  if (!has_no_body(r.status) && !r.content_type.empty() && is_field_value(r.content_type))
    append_header(out, "Content-Type", r.content_type);
  if (send_length) {
    out += "Content-Length: ";
    append_number(out, r.body.size());
    out += "\r\n";
  }
  if (close) {
    out += "Connection: close\r\n";
  } else if (keep_alive_http10) {
    out += "Connection: keep-alive\r\n";
  }
  for (const auto& [name, value] : r.headers)
    if (is_token(name) && is_field_value(value) && !is_reserved_header(name))
      append_header(out, name, value);
  for (const auto& [name, value] : security_header_list())
    if (find_header(r.headers, name) == nullptr) append_header(out, name, value);
  out += "\r\n";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// splitmix64: a bijection, so distinct (salt, loop, sequence) inputs give distinct ids that
// do not reveal the request count.
std::uint64_t next_request_id(Loop& loop) {
  std::uint64_t z = loop.salt + (static_cast<std::uint64_t>(loop.index) << 48) + ++loop.seq;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

struct Server::Impl {
  Impl(ServerLimits l, Handler h, Observer o);
  ~Impl();

  struct Listener {
    Loop* loop;
    Acceptor acceptor;
  };

  ServerLimits limits;
  Handler handler;
  Observer observer;
  std::vector<std::unique_ptr<Loop>> loops;
  std::vector<std::unique_ptr<Listener>> listeners;  // fixed once run() starts
  std::optional<asio::thread_pool> workers;

  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;            // guarded by mu
  std::chrono::milliseconds grace{0};     // guarded by mu
  std::size_t loops_running = 0;          // guarded by mu

  void run_loop(Loop& loop);
  void begin_shutdown(Loop& loop);
  void force_close(Loop& loop);

  asio::awaitable<void> accept_loop(Listener& l);
  asio::awaitable<void> session(Loop& loop, Socket sock);
  asio::awaitable<void> serve(Loop& loop, std::shared_ptr<Conn> c);
  asio::awaitable<std::tuple<error_code, std::size_t>> write_all(std::shared_ptr<Conn> c,
                                                                 std::string_view a,
                                                                 std::string_view b);
  asio::awaitable<void> send_error(std::shared_ptr<Conn> c, int status,
                                   SteadyClock::time_point start, std::uint64_t id);
  asio::awaitable<void> linger_close(std::shared_ptr<Conn> c);

  template <class Token>
  auto async_call_handler(Request& req, std::uint64_t id, Token&& token);
  Response call_handler(Request& req, std::uint64_t id) noexcept;
  std::string client_address(const std::string& peer, const Request& req) const;
  void notify(const Request* req, int status, std::size_t bytes, SteadyClock::time_point start,
              std::uint64_t id) const;
};

Server::Impl::Impl(ServerLimits l, Handler h, Observer o)
    : limits(l), handler(std::move(h)), observer(std::move(o)) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const int n_loops = limits.event_loops > 0 ? limits.event_loops : static_cast<int>(cores);
  // Workers also wait on the disk, so there are more of them than cores — but not many more:
  // pages held for their audit commit wait without a worker, and every extra thread competes
  // for the same cores (measured: 4 × cores gave a longer tail than 2 ×).
  const int n_workers = limits.worker_threads > 0 ? limits.worker_threads
                                                  : static_cast<int>(2 * cores);
  std::random_device rd;
  const std::uint64_t salt = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  for (int i = 0; i < n_loops; ++i) loops.push_back(std::make_unique<Loop>(i, salt));
  workers.emplace(static_cast<std::size_t>(n_workers));
}

Server::Impl::~Impl() {
  // Worker tasks hold coroutine handlers whose frames own sockets on the loops' contexts, so
  // the pool goes first and the loops last.
  workers->stop();
  workers->join();
  workers.reset();
  listeners.clear();
  loops.clear();
}

void Server::Impl::run_loop(Loop& loop) {
  for (;;) {
    try {
      loop.ioc.run();
      break;
    } catch (const std::exception& e) {
      log_line(std::string("{\"level\":\"error\",\"msg\":\"event loop exception\",\"type\":\"") +
               typeid(e).name() + "\"}");
    }
  }
  std::lock_guard lock(mu);
  if (--loops_running == 0) cv.notify_all();
}

void Server::Impl::begin_shutdown(Loop& loop) {
  loop.stopping = true;
  error_code ignored;
  for (auto& l : listeners)
    if (l->loop == &loop) l->acceptor.close(ignored);
  // Busy and reading connections finish their request and then close (loop.stopping makes
  // the response carry Connection: close).
  for (Conn* c : loop.conns)
    if (c->phase == Phase::idle || c->phase == Phase::closing) c->sock.cancel(ignored);
}

void Server::Impl::force_close(Loop& loop) {
  error_code ignored;
  for (Conn* c : loop.conns) {
    c->closed = true;
    c->timer.cancel();
    c->sock.close(ignored);
  }
}

asio::awaitable<void> Server::Impl::accept_loop(Listener& l) {
  std::size_t next = static_cast<std::size_t>(l.loop->index);
  Timer backoff(l.loop->ioc.get_executor());
  for (;;) {
    Loop& target = *loops[next++ % loops.size()];
    auto [ec, sock] = co_await l.acceptor.async_accept(target.ioc, kTok);
    if (ec) {
      if (!l.acceptor.is_open() || l.loop->stopping) co_return;
      // Out of descriptors or memory: back off instead of spinning on the error. Anything
      // else (a client that reset before accept) concerns only that client.
      if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
          ec == asio::error::no_memory || ec.value() == ENFILE) {
        backoff.expires_after(std::chrono::milliseconds(50));
        co_await backoff.async_wait(kTok);
      }
      continue;
    }
    error_code ignored;
    sock.set_option(tcp::no_delay(true), ignored);
    asio::co_spawn(target.ioc, session(target, std::move(sock)), asio::detached);
  }
}

asio::awaitable<void> Server::Impl::session(Loop& loop, Socket sock) {
  auto c = std::make_shared<Conn>(std::move(sock), loop);
  loop.conns.push_front(c.get());
  struct Unregister {
    Loop& loop;
    std::list<Conn*>::iterator it;
    ~Unregister() { loop.conns.erase(it); }
  } unregister{loop, loop.conns.begin()};
  try {
    co_await serve(loop, c);
  } catch (const std::exception& e) {
    // Only bad_alloc and Asio/Beast bugs land here; the connection is dropped.
    log_line(std::string("{\"level\":\"error\",\"msg\":\"connection aborted\",\"type\":\"") +
             typeid(e).name() + "\"}");
  }
  c->closed = true;
  c->timer.cancel();
  error_code ignored;
  c->sock.close(ignored);
}

template <class Token>
auto Server::Impl::async_call_handler(Request& req, std::uint64_t id, Token&& token) {
  return asio::async_initiate<Token, void(Response)>(
      [this](auto completion, Request* req, std::uint64_t id) {
        // Tracked work keeps the loop's run() from returning while the handler runs, which
        // matters during shutdown when nothing else holds the loop open.
        auto home = asio::prefer(asio::get_associated_executor(completion),
                                 asio::execution::outstanding_work.tracked);
        asio::post(*workers, [this, req, id, completion = std::move(completion),
                              home = std::move(home)]() mutable {
          Response r = call_handler(*req, id);
          if (auto hold = r.hold_until) {
            // The page waits for its audit commit; the worker thread goes on to other requests.
            hold->then([completion = std::move(completion), home = std::move(home),
                        r = std::move(r)](const Status& st) mutable {
              asio::post(home, [completion = std::move(completion), r = settled(std::move(r), st)]() mutable {
                std::move(completion)(std::move(r));
              });
            });
            return;
          }
          asio::post(home, [completion = std::move(completion), r = std::move(r)]() mutable {
            std::move(completion)(std::move(r));
          });
        });
      },
      token, &req, id);
}

asio::awaitable<void> Server::Impl::serve(Loop& loop, std::shared_ptr<Conn> c) {
  std::string peer;
  {
    error_code ec;
    const auto ep = c->sock.remote_endpoint(ec);
    if (!ec) peer = ep.address().to_string();
  }
  std::optional<Parser> parser;
  int served = 0;
  for (;;) {
    if (c->buf.size() == 0) {
      c->phase = Phase::idle;
      if (loop.stopping) co_return;
      if (c->buf.capacity() > kShrinkAbove) c->buf.shrink_to_fit();
      // A fresh connection gets header_timeout to start talking; an idle keep-alive one
      // gets idle_timeout. Either way it is closed silently: no request, no response.
      set_deadline(c, served == 0 ? limits.header_timeout : limits.idle_timeout);
      auto [ec, n] = co_await c->sock.async_read_some(c->buf.prepare(kReadChunk), kTok);
      if (ec) co_return;
      c->buf.commit(n);
    }
    const auto start = SteadyClock::now();
    const std::uint64_t id = next_request_id(loop);
    c->phase = Phase::reading;
    parser.emplace();
    parser->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(limits.header_bytes, std::numeric_limits<std::uint32_t>::max())));
    parser->body_limit(limits.body_bytes);

    set_deadline(c, limits.header_timeout);
    if (auto [ec, n] = co_await bhttp::async_read_header(c->sock, c->buf, *parser, kTok); ec) {
      if (int status = status_for_read_error(ec, c->timed_out)) co_await send_error(c, status, start, id);
      co_return;
    }
    auto& msg = parser->get();
    // Beast accepts a final coding other than chunked and then reads no body, which would
    // let the body pass as the next request; RFC 9112 §6.3 says to reject it.
    if (!parser->chunked() && msg.find(bhttp::field::transfer_encoding) != msg.end()) {
      co_await send_error(c, 400, start, id);
      co_return;
    }
    if (!parser->is_done()) {
      if (msg.version() >= 11) {
        auto expect = msg.find(bhttp::field::expect);
        if (expect != msg.end() && iequals(expect->value(), "100-continue")) {
          set_deadline(c, limits.body_timeout);
          auto [ec, n] = co_await write_all(c, "HTTP/1.1 100 Continue\r\n\r\n", {});
          if (ec) co_return;
        }
      }
      set_deadline(c, limits.body_timeout);
      if (auto [ec, n] = co_await bhttp::async_read(c->sock, c->buf, *parser, kTok); ec) {
        if (int status = status_for_read_error(ec, c->timed_out)) co_await send_error(c, status, start, id);
        co_return;
      }
    }
    clear_deadline(*c);

    Request req;
    req.method = method_from_string(msg.method_string());
    req.target.assign(msg.target().data(), msg.target().size());
    auto target = parse_target(req.target);
    // RFC 9112 §3.2: an HTTP/1.1 request without Host must be answered with 400.
    if (!target || (msg.version() >= 11 && msg.find(bhttp::field::host) == msg.end())) {
      co_await send_error(c, 400, start, id);
      co_return;
    }
    req.path = std::move(target->path);
    req.query = std::move(target->query);
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (char& ch : name)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      req.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    req.body = std::move(msg.body());
    req.remote_addr = client_address(peer, req);
    const bool keep_alive = msg.keep_alive();
    const bool http10 = msg.version() < 11;
    parser.reset();

    c->phase = Phase::busy;
    ++served;
    Response resp = co_await async_call_handler(req, id, asio::use_awaitable);

    const bool close = !keep_alive || loop.stopping ||
                       (limits.requests_per_connection > 0 &&
                        served >= limits.requests_per_connection);
    const bool no_body = has_no_body(resp.status);
    c->phase = Phase::writing;
    build_head(loop, c->head, resp, !no_body, close, http10);
    const std::string_view body =
        no_body || req.method == Method::HEAD ? std::string_view() : std::string_view(resp.body);
    set_deadline(c, limits.body_timeout);
    auto [ec, bytes] = co_await write_all(c, c->head, body);
    clear_deadline(*c);
    notify(&req, resp.status, bytes, start, id);
    if (ec) co_return;
    if (close) {
      co_await linger_close(c);
      co_return;
    }
  }
}

// Writes `a` then `b`, re-arming the deadline after every partial write so that a slow but
// progressing client (a large PDF on a poor line) is not cut off.
asio::awaitable<std::tuple<error_code, std::size_t>> Server::Impl::write_all(
    std::shared_ptr<Conn> c, std::string_view a, std::string_view b) {
  std::size_t total = 0;
  while (!a.empty() || !b.empty()) {
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(a.data(), a.size()),
                                                    asio::buffer(b.data(), b.size())};
    auto [ec, n] = co_await c->sock.async_write_some(buffers, kTok);
    if (ec) co_return std::tuple{ec, total};
    total += n;
    const std::size_t from_a = std::min(n, a.size());
    a.remove_prefix(from_a);
    b.remove_prefix(n - from_a);
    if (!a.empty() || !b.empty()) set_deadline(c, limits.body_timeout);
  }
  co_return std::tuple{error_code(), total};
}

asio::awaitable<void> Server::Impl::send_error(std::shared_ptr<Conn> c, int status,
                                               SteadyClock::time_point start, std::uint64_t id) {
  c->phase = Phase::writing;
  const std::string_view reason = bhttp::obsolete_reason(bhttp::int_to_status(status));
  Response r = Response::text(status, std::string(reason) + "\n");
  build_head(c->loop, c->head, r, true, true, false);
  set_deadline(c, limits.body_timeout);
  auto [ec, bytes] = co_await write_all(c, c->head, r.body);
  clear_deadline(*c);
  notify(nullptr, status, bytes, start, id);
  if (!ec) co_await linger_close(c);
}

asio::awaitable<void> Server::Impl::linger_close(std::shared_ptr<Conn> c) {
  c->phase = Phase::closing;
  error_code ignored;
  c->sock.shutdown(Socket::shutdown_send, ignored);
  if (c->loop.stopping) co_return;
  set_deadline(c, std::min(kMaxLinger, std::max(limits.header_timeout, limits.body_timeout)));
  for (;;) {
    auto [ec, n] = co_await c->sock.async_read_some(c->buf.prepare(kReadChunk), kTok);
    if (ec) break;
  }
  clear_deadline(*c);
}

Response Server::Impl::call_handler(Request& req, std::uint64_t id) noexcept {
  const char* failure = nullptr;
  std::string type;
  try {
    Response r = handler(req);
    if (r.status >= 200 && r.status <= 599) {
      maybe_gzip(req, r);
      return r;
    }
    failure = "handler returned an invalid status";
  } catch (const std::exception& e) {
    // what() is not logged: exception texts can carry user input (names, search words).
    failure = "handler threw";
    type = typeid(e).name();
  } catch (...) {
    failure = "handler threw a non-standard exception";
  }
  const std::string incident = request_id_hex(id);
  log_line("{\"level\":\"error\",\"msg\":\"" + std::string(failure) + "\",\"incident\":\"" +
           incident + "\",\"method\":\"" + to_string(req.method) + "\",\"route\":\"" +
           (req.route_name.empty() ? std::string("-") : req.route_name) + "\",\"type\":\"" +
           type + "\"}");
  return Response::text(500, "Internal Server Error\nIncident " + incident + "\n");
}

std::string Server::Impl::client_address(const std::string& peer, const Request& req) const {
  if (!limits.trust_forwarded_for) return peer;
  std::string_view forwarded;
  for (const auto& [name, value] : req.headers)
    if (name == "x-forwarded-for") forwarded = value;  // the last header holds the last hop
  if (forwarded.empty()) return peer;
  const std::size_t comma = forwarded.rfind(',');
  const std::string_view last =
      trim(comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1));
  error_code ec;
  const auto address = asio::ip::make_address(last, ec);
  return ec ? peer : address.to_string();
}

void Server::Impl::notify(const Request* req, int status, std::size_t bytes,
                          SteadyClock::time_point start, std::uint64_t id) const {
  if (!observer) return;
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  try {
    observer(RequestRecord{req, status, bytes, seconds, id});
  } catch (...) {
    // Metrics and logging must never take a connection down.
  }
}

Server::Server(ServerLimits limits, Handler handler, Observer observer)
    : impl_(std::make_unique<Impl>(limits, std::move(handler), std::move(observer))) {}

Server::~Server() = default;

int Server::listen(const std::string& host, int port) {
  Impl& im = *impl_;
  Loop& loop = *im.loops[im.listeners.size() % im.loops.size()];
  error_code ec;
  tcp::endpoint endpoint;
  const auto address = asio::ip::make_address(host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, static_cast<unsigned short>(port));
  } else {
    tcp::resolver resolver(loop.ioc);
    const auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec || results.empty())
      throw std::system_error(static_cast<std::error_code>(ec), "cannot resolve " + host);
    endpoint = *results.begin();
  }
  auto listener = std::make_unique<Impl::Listener>(Impl::Listener{&loop, Acceptor(loop.ioc)});
  Acceptor& a = listener->acceptor;
  auto check = [&](const char* what) {
    if (ec) throw std::system_error(static_cast<std::error_code>(ec), std::string(what) + " " + host + ":" + std::to_string(port));
  };
  a.open(endpoint.protocol(), ec);
  check("open");
  a.set_option(Acceptor::reuse_address(true), ec);
  check("setsockopt");
  a.bind(endpoint, ec);
  check("bind");
  a.listen(Acceptor::max_listen_connections, ec);
  check("listen");
  const int bound = a.local_endpoint(ec).port();
  check("getsockname");
  asio::co_spawn(loop.ioc, im.accept_loop(*listener), asio::detached);
  im.listeners.push_back(std::move(listener));
  return bound;
}

void Server::run(bool handle_signals) {
  Impl& im = *impl_;
  std::optional<asio::signal_set> signals;
  if (handle_signals) {
    signals.emplace(im.loops.front()->ioc, SIGINT, SIGTERM);
    signals->async_wait([this](const error_code& ec, int) {
      if (!ec) stop();
    });
  }
  {
    std::lock_guard lock(im.mu);
    im.loops_running = im.loops.size();
  }
  std::vector<std::thread> threads;
  threads.reserve(im.loops.size());
  for (auto& loop : im.loops) {
    loop->work.emplace(loop->ioc.get_executor());
    threads.emplace_back([&im, l = loop.get()] { im.run_loop(*l); });
  }

  std::unique_lock lock(im.mu);
  im.cv.wait(lock, [&] { return im.stop_requested; });
  const auto deadline = SteadyClock::now() + im.grace;
  lock.unlock();

  for (auto& loop : im.loops) {
    asio::post(loop->ioc, [&im, &signals, l = loop.get()] {
      im.begin_shutdown(*l);
      if (signals && l == im.loops.front().get()) {
        error_code ignored;
        signals->cancel(ignored);
      }
    });
    loop->work.reset();  // each loop's run() now returns once its connections are done
  }

  lock.lock();
  const bool drained = im.cv.wait_until(lock, deadline, [&] { return im.loops_running == 0; });
  lock.unlock();
  if (!drained) {
    for (auto& loop : im.loops) {
      asio::post(loop->ioc, [&im, l = loop.get()] {
        im.force_close(*l);
        l->ioc.stop();
      });
    }
  }
  for (auto& t : threads) t.join();
}

void Server::stop(std::chrono::milliseconds grace) {
  std::lock_guard lock(impl_->mu);
  if (impl_->stop_requested) return;
  impl_->stop_requested = true;
  impl_->grace = grace;
  impl_->cv.notify_all();
}

}  // namespace kp::http
