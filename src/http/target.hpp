// Parser for the HTTP request-target. Pure function over untrusted bytes (a fuzz target).
#pragma once
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/request.hpp"

namespace kp::http {

struct ParsedTarget {
  std::string path;  // percent-decoded, starts with '/'
  Pairs query;       // decoded like a form body ('+' is a space)
};

// Parses an origin-form ("/a/b?x=1") or absolute-form ("http://host/a?x=1") target.
// Nothing is normalised: fails with ErrorKind::invalid on bad percent-encoding, a raw
// space/control/'#' byte, a decoded path that is not clean UTF-8 or holds any control
// character, a "." or ".." segment after decoding, or a query parse_form rejects.
// Pure and thread-safe.
kp::Result<ParsedTarget> parse_target(std::string_view target);

}  // namespace kp::http
