// A tiny SMTP server for tests: listens on 127.0.0.1 on an ephemeral port, serves one
// connection at a time on its own thread, answers like a relay, and records every command
// line and every message (as received on the wire, i.e. still dot-stuffed, and un-stuffed).
// Replies can be set per command to simulate refusals.
#pragma once
#include <boost/asio.hpp>
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kp::test {

class SmtpSink {
 public:
  struct Message {
    std::string mail_from, rcpt_to;
    std::string wire;     // between DATA's 354 and the final ".", CRLF line ends, dot-stuffed
    std::string content;  // the same, un-stuffed
  };

  // Replies the sink gives; change before the client connects.
  bool offer_8bitmime = true;
  std::string rcpt_reply = "250 2.1.5 OK";
  std::string data_end_reply = "250 2.0.0 queued";
  std::string mail_reply = "250 2.1.0 OK";

  SmtpSink() : acceptor_(io_, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { serve(); });
  }
  ~SmtpSink() {
    stopping_ = true;
    boost::system::error_code ec;
    // Wakes the blocking accept by connecting once.
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket s(io);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)}, ec);
    s.close(ec);
    thread_.join();
  }

  int port() const { return port_; }
  std::vector<Message> messages() const {
    std::lock_guard l(mu_);
    return messages_;
  }
  std::vector<std::string> commands() const {
    std::lock_guard l(mu_);
    return commands_;
  }

 private:
  void serve() {
    while (!stopping_) {
      boost::asio::ip::tcp::socket sock(io_);
      boost::system::error_code ec;
      acceptor_.accept(sock, ec);
      if (ec || stopping_) return;
      session(sock);
    }
  }

  // Reads one CRLF-terminated line (without the CRLF); false when the client went away.
  bool read_line(boost::asio::ip::tcp::socket& sock, std::string& buf, std::string& line) {
    boost::system::error_code ec;
    const std::size_t n = boost::asio::read_until(sock, boost::asio::dynamic_buffer(buf), "\r\n", ec);
    if (ec) return false;
    line = buf.substr(0, n - 2);
    buf.erase(0, n);
    return true;
  }
  void say(boost::asio::ip::tcp::socket& sock, const std::string& text) {
    boost::system::error_code ec;
    boost::asio::write(sock, boost::asio::buffer(text + "\r\n"), ec);
  }

  void session(boost::asio::ip::tcp::socket& sock) {
    std::string buf, line;
    Message current;
    say(sock, "220 sink.test ESMTP");
    while (read_line(sock, buf, line)) {
      {
        std::lock_guard l(mu_);
        commands_.push_back(line);
      }
      const std::string verb = line.substr(0, 4);
      if (verb == "EHLO") {
        if (offer_8bitmime) say(sock, "250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10000000");
        else say(sock, "250-sink.test\r\n250 SIZE 10000000");
      } else if (verb == "HELO") {
        say(sock, "250 sink.test");
      } else if (verb == "MAIL") {
        current = {};
        current.mail_from = line;
        say(sock, mail_reply);
      } else if (verb == "RCPT") {
        current.rcpt_to = line;
        say(sock, rcpt_reply);
      } else if (verb == "DATA") {
        say(sock, "354 go ahead");
        std::string data_line;
        while (read_line(sock, buf, data_line) && data_line != ".") {
          current.wire += data_line + "\r\n";
          current.content += (data_line.starts_with(".") ? data_line.substr(1) : data_line) + "\r\n";
        }
        say(sock, data_end_reply);
        if (data_end_reply.starts_with("250")) {
          std::lock_guard l(mu_);
          messages_.push_back(current);
        }
      } else if (verb == "QUIT") {
        say(sock, "221 bye");
        return;
      } else if (verb == "RSET" || verb == "NOOP") {
        say(sock, "250 OK");
      } else {
        say(sock, "502 not implemented");
      }
    }
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<Message> messages_;
  std::vector<std::string> commands_;
};

}  // namespace kp::test
