#include "messaging/smtp.hpp"

#include <boost/asio.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <vector>

#include "messaging/outbox.hpp"

namespace kp::messaging {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

bool has_line_break(std::string_view s) {
  return s.find('\r') != std::string_view::npos || s.find('\n') != std::string_view::npos;
}

std::string base64(std::string_view in) {
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += abc[(v >> 18) & 63];
    out += abc[(v >> 12) & 63];
    out += abc[(v >> 6) & 63];
    out += abc[v & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += abc[(v >> 18) & 63];
    out += abc[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += abc[(v >> 18) & 63];
    out += abc[(v >> 12) & 63];
    out += abc[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// Text with every line end as CRLF.
std::string crlf(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 40);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += "\r\n";
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (s[i] == '\n') {
      out += "\r\n";
    } else {
      out += s[i];
    }
  }
  return out;
}

bool has_long_line(std::string_view crlf_text) {
  size_t start = 0;
  while (start <= crlf_text.size()) {
    size_t end = crlf_text.find("\r\n", start);
    if (end == std::string_view::npos) end = crlf_text.size();
    if (end - start > 998) return true;
    start = end + 2;
  }
  return false;
}

// One SMTP conversation over a blocking-with-timeout socket: each step runs the io_context
// for at most the timeout and closes the socket when it did not finish.
class Session {
 public:
  explicit Session(int timeout_seconds) : timeout_(std::chrono::seconds(timeout_seconds)), socket_(io_) {}

  bool connect(const std::string& host, int port) {
    tcp::resolver resolver(io_);
    tcp::resolver::results_type endpoints;
    bool ok = step([&](bool& done, boost::system::error_code& ec) {
      resolver.async_resolve(host, std::to_string(port), [&](const boost::system::error_code& e, tcp::resolver::results_type r) {
        ec = e;
        endpoints = std::move(r);
        done = true;
      });
    }, [&] { resolver.cancel(); });
    if (!ok) return false;
    return step([&](bool& done, boost::system::error_code& ec) {
      asio::async_connect(socket_, endpoints, [&](const boost::system::error_code& e, const tcp::endpoint&) {
        ec = e;
        done = true;
      });
    }, [&] { close(); });
  }

  // Reads one reply (all its lines); returns its code, or 0 on a broken connection or garbage.
  int reply(std::vector<std::string>* lines = nullptr) {
    for (int n = 0; n < 100; ++n) {
      std::size_t len = 0;
      bool ok = step([&](bool& done, boost::system::error_code& ec) {
        asio::async_read_until(socket_, asio::dynamic_buffer(buf_, 64 * 1024), "\r\n",
                               [&](const boost::system::error_code& e, std::size_t l) {
                                 ec = e;
                                 len = l;
                                 done = true;
                               });
      }, [&] { close(); });
      if (!ok || len < 5) return 0;
      std::string line = buf_.substr(0, len - 2);
      buf_.erase(0, len);
      if (line.size() < 3 || line[0] < '2' || line[0] > '5' || !isdigit(static_cast<unsigned char>(line[1])) ||
          !isdigit(static_cast<unsigned char>(line[2])))
        return 0;
      if (lines) lines->push_back(line.size() > 4 ? line.substr(4) : std::string());
      if (line.size() == 3 || line[3] == ' ') return std::stoi(line.substr(0, 3));
      if (line[3] != '-') return 0;
    }
    return 0;
  }

  bool write(std::string_view data) {
    return step([&](bool& done, boost::system::error_code& ec) {
      asio::async_write(socket_, asio::buffer(data.data(), data.size()), [&](const boost::system::error_code& e, std::size_t) {
        ec = e;
        done = true;
      });
    }, [&] { close(); });
  }

  // Writes `command` + CRLF and reads the reply.
  int command(const std::string& line, std::vector<std::string>* lines = nullptr) {
    if (!write(line + "\r\n")) return 0;
    return reply(lines);
  }

  void close() {
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  template <class Start, class Cancel>
  bool step(Start start, Cancel cancel) {
    bool done = false;
    boost::system::error_code ec;
    io_.restart();
    start(done, ec);
    io_.run_for(timeout_);
    if (!done) {
      cancel();
      io_.restart();
      io_.run();  // lets the cancelled handler finish before its locals go away
      return false;
    }
    return !ec;
  }

  std::chrono::steady_clock::duration timeout_;
  asio::io_context io_;
  tcp::socket socket_;
  std::string buf_;
};

SmtpResult retry(std::string e) { return {SmtpResult::Outcome::retry, std::move(e)}; }

SmtpResult failure(int code, const char* stage, bool message_specific) {
  std::string e = code == 0 ? std::string("no reply at ") + stage : "smtp " + std::to_string(code) + " at " + stage;
  if (code >= 500 && message_specific) return {SmtpResult::Outcome::rejected, e};
  return {SmtpResult::Outcome::retry, e};
}

}  // namespace

std::string rfc5322_date(UnixSeconds t) {
  static const char* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  std::int64_t secs = t - day * 86400;
  const CivilDate d = civil_from_days(day);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[iso_weekday(d) - 1], d.day,
                months[d.month - 1], d.year, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

std::string encode_header_text(std::string_view s) {
  bool plain = s.size() <= 900;
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) plain = false;
  // "=?" inside plain text would be read as an encoded word; encode such subjects too.
  if (plain && s.find("=?") == std::string_view::npos) return std::string(s);
  // Encoded words of at most 75 characters ("=?UTF-8?B?" + 60 base64 + "?="), each holding
  // whole UTF-8 characters, folded onto continuation lines.
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t end = i;
    while (end < s.size()) {
      size_t len = 1;
      const auto c = static_cast<unsigned char>(s[end]);
      if (c >= 0xf0) len = 4;
      else if (c >= 0xe0) len = 3;
      else if (c >= 0xc0) len = 2;
      if (end + len - i > 45) break;
      end += len;
    }
    if (end == i) end = std::min(s.size(), i + 45);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(s.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string quoted_printable(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("\r\n", start);
    const bool has_end = end != std::string_view::npos;
    if (!has_end) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    size_t col = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      std::string piece;
      const bool last = i + 1 == line.size();
      if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
        piece = std::string(1, static_cast<char>(c));
      } else {
        piece = {'=', hex[c >> 4], hex[c & 15]};
      }
      if (col + piece.size() > 75) {
        out += "=\r\n";
        col = 0;
      }
      out += piece;
      col += piece.size();
    }
    if (has_end) out += "\r\n";
    start = end + 2;
  }
  return out;
}

std::string dot_stuff(std::string_view message) {
  const std::string text = crlf(message);
  std::string out;
  out.reserve(text.size() + 16);
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    if (line_start && text[i] == '.') out += '.';
    out += text[i];
    line_start = text[i] == '\n';
  }
  if (!out.empty() && !out.ends_with("\r\n")) out += "\r\n";
  return out;
}

Result<std::string> build_message(const Email& email, bool eight_bit) {
  if (!is_valid_email(email.from)) return invalid("The sender address is not valid", "smtp_from");
  if (!is_valid_email(email.to)) return invalid("Write a valid e-mail address", "recipient");
  if (has_line_break(email.subject)) return invalid("The subject must be one line", "subject");
  for (unsigned char c : email.message_id)
    if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>') return invalid("The message id is not valid", "message_id");
  std::string body = crlf(email.body);
  if (!body.empty() && !body.ends_with("\r\n")) body += "\r\n";
  if (eight_bit && has_long_line(body)) eight_bit = false;
  if (body.find('\0') != std::string::npos) eight_bit = false;
  std::string m;
  m += "Date: " + rfc5322_date(email.date) + "\r\n";
  m += "From: " + email.from + "\r\n";
  m += "To: " + email.to + "\r\n";
  m += "Subject: " + encode_header_text(email.subject) + "\r\n";
  if (!email.message_id.empty()) m += "Message-ID: <" + email.message_id + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\n";
  m += std::string("Content-Transfer-Encoding: ") + (eight_bit ? "8bit" : "quoted-printable") + "\r\n";
  m += "\r\n";
  m += eight_bit ? body : quoted_printable(body);
  return m;
}

SmtpResult send_email(const SmtpConfig& config, const Email& email) {
  if (config.host.empty()) return retry("no smtp_host");
  // Checked before connecting, so a bad address never reaches the server.
  auto probe = build_message(email, true);
  if (!probe) return {SmtpResult::Outcome::rejected, "invalid message: " + probe.error().field};
  Session s(config.timeout_seconds > 0 ? config.timeout_seconds : 30);
  if (!s.connect(config.host, config.port)) return retry("connect failed");
  int code = s.reply();
  if (code != 220) return failure(code, "greeting", false);
  std::vector<std::string> ehlo;
  code = s.command("EHLO " + config.helo_name, &ehlo);
  bool eight_bit = false;
  if (code == 250) {
    for (const auto& l : ehlo)
      if (l == "8BITMIME" || l.starts_with("8BITMIME ")) eight_bit = true;
  } else if (code >= 500) {
    code = s.command("HELO " + config.helo_name);
    if (code != 250) return failure(code, "HELO", false);
  } else {
    return failure(code, "EHLO", false);
  }
  auto message = build_message(email, eight_bit);
  if (!message) return {SmtpResult::Outcome::rejected, "invalid message: " + message.error().field};
  const bool body_is_8bit = message->find("Content-Transfer-Encoding: 8bit\r\n") != std::string::npos;
  code = s.command("MAIL FROM:<" + email.from + ">" + (body_is_8bit ? " BODY=8BITMIME" : ""));
  if (code != 250) return failure(code, "MAIL", false);
  code = s.command("RCPT TO:<" + email.to + ">");
  if (code != 250 && code != 251) return failure(code, "RCPT", true);
  code = s.command("DATA");
  if (code != 354) return failure(code, "DATA", true);
  if (!s.write(dot_stuff(*message) + ".\r\n")) return retry("connection lost at DATA");
  code = s.reply();
  if (code != 250) return failure(code, "end of DATA", true);
  s.command("QUIT");  // the message is accepted; the reply to QUIT does not matter
  s.close();
  return {SmtpResult::Outcome::sent, {}};
}

}  // namespace kp::messaging
