#include "http/request.hpp"

namespace kp::http {

const char* to_string(Method m) {
  switch (m) {
    case Method::GET: return "GET";
    case Method::HEAD: return "HEAD";
    case Method::POST: return "POST";
    case Method::PUT: return "PUT";
    case Method::PATCH: return "PATCH";
    case Method::DELETE: return "DELETE";
    case Method::OPTIONS: return "OPTIONS";
    case Method::OTHER: return "OTHER";
  }
  return "OTHER";
}

Method method_from_string(std::string_view s) {
  if (s == "GET") return Method::GET;
  if (s == "HEAD") return Method::HEAD;
  if (s == "POST") return Method::POST;
  if (s == "PUT") return Method::PUT;
  if (s == "PATCH") return Method::PATCH;
  if (s == "DELETE") return Method::DELETE;
  if (s == "OPTIONS") return Method::OPTIONS;
  return Method::OTHER;
}

std::optional<std::string_view> find(const Pairs& pairs, std::string_view name) {
  for (const auto& [k, v] : pairs)
    if (k == name) return std::string_view(v);
  return std::nullopt;
}

std::string_view Request::header(std::string_view lower_name) const {
  return find(headers, lower_name).value_or(std::string_view());
}

std::string_view Request::path_param(std::string_view name) const {
  return find(path_params, name).value_or(std::string_view());
}

Response settled(Response r, const Status& hold_result) {
  r.hold_until.reset();
  if (hold_result) {
    r.hold_failed.reset();
    return r;
  }
  if (r.hold_failed) {
    Response f = std::move(*r.hold_failed);
    f.hold_until.reset();
    f.hold_failed.reset();
    return f;
  }
  return Response::text(503, "The service is busy. Please try again in a moment.\n");
}

void settle(Response& r) {
  if (!r.hold_until) return;
  auto hold = r.hold_until;
  r = settled(std::move(r), hold->wait());
}

Response Response::text(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::json(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

Response Response::redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

}  // namespace kp::http
