// The project's own HTTP request and response types. Handlers see only these; Beast stays
// in server.cpp.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/pending.hpp"

namespace kp::http {

enum class Method { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, OTHER };
const char* to_string(Method m);
Method method_from_string(std::string_view s);

using Pairs = std::vector<std::pair<std::string, std::string>>;

// Returns the first value for `name`, or nullopt.
std::optional<std::string_view> find(const Pairs& pairs, std::string_view name);

struct Request {
  Method method = Method::GET;
  std::string target;         // raw request-target as received
  std::string path;           // percent-decoded path, always starting with '/'
  Pairs query;                // decoded query parameters, in order
  Pairs headers;              // header names in lower case
  std::string body;
  std::string remote_addr;    // client address (from X-Forwarded-For only when trusted)
  Pairs path_params;          // filled by the router
  std::string route_name;     // the matched route pattern, for metrics and logs

  std::string_view header(std::string_view lower_name) const;
  std::optional<std::string_view> query_param(std::string_view name) const {
    return find(query, name);
  }
  std::string_view path_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  Pairs headers;  // extra headers (Set-Cookie may repeat)
  std::string body;
  bool gzip_ok = true;  // may the server compress this body
  // When set, the response may leave the server only once `hold_until` resolved ok (the read
  // audit of the personal data it shows is committed); if it fails, `hold_failed` is sent
  // instead. The server waits without blocking a thread; other callers use settle().
  std::shared_ptr<Pending> hold_until;
  std::shared_ptr<Response> hold_failed;

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  static Response text(int status, std::string body);
  static Response json(int status, std::string body);
  static Response redirect(std::string location, int status = 303);
};

// Blocks until `r.hold_until` resolves and, if it failed, replaces `r` by `r.hold_failed` (a
// plain 503 when there is none). Leaves `r` without a hold. For callers outside the server.
void settle(Response& r);

// Replaces a held response by what must be sent given the hold's result. Thread-safe.
Response settled(Response r, const Status& hold_result);

}  // namespace kp::http
