// Security headers the server adds to every response, its own error pages included.
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "http/request.hpp"

namespace kp::http {

// True when the ASCII strings are equal ignoring case (header names). Pure.
bool iequals(std::string_view a, std::string_view b);

// The value of the first header named `name` (any case) in `headers`, or nullptr. Pure.
const std::string* find_header(const Pairs& headers, std::string_view name);
std::string* find_header(Pairs& headers, std::string_view name);

// The headers apply_security_headers adds, as static (name, value) pairs; lets the server
// write them straight into a response head without allocating. Thread-safe.
std::span<const std::pair<std::string_view, std::string_view>> security_header_list();

// Adds Content-Security-Policy, X-Content-Type-Options, Referrer-Policy, X-Frame-Options,
// Cross-Origin-Opener-Policy and Permissions-Policy to `r`; a header `r` already carries
// (any case) keeps its own value. Pure; thread-safe for distinct responses.
void apply_security_headers(Response& r);

}  // namespace kp::http
