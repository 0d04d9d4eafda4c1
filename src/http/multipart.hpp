// Parser for multipart/form-data request bodies (RFC 7578 over RFC 2046 §5.1), used for file
// uploads such as the admin's HSDS import. A pure function over untrusted bytes (a fuzz
// target): no Beast, no globals, no exceptions, every error a value.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace kp::http {

// One form field or file of a multipart/form-data body.
struct Part {
  std::string name;  // the Content-Disposition name: clean UTF-8, 1–kMaxFormNameBytes bytes
  // Present for a file field: the file's name as the browser sent it (may be empty when no
  // file was chosen). Only for display and logs: it is attacker-chosen, never a path.
  std::optional<std::string> filename;
  // The part's Content-Type as sent (e.g. "application/json"), "" when absent; RFC 7578 §4.4
  // says that then means text/plain.
  std::string content_type;
  // The bytes between the part's headers and the next delimiter: raw for a file, text
  // parse_form would accept for a field (no filename).
  std::string body;

  bool operator==(const Part&) const = default;
};

struct MultipartLimits {
  std::size_t max_parts = 50;
  std::size_t max_header_bytes = 2 * 1024;  // the header block of one part
  // The whole body. The caller knows what the form carries (an HSDS file is far larger than
  // a login form), so there is no one right default; this one suits small forms.
  std::size_t max_total_bytes = 1024 * 1024;
};

// Parses a multipart/form-data body. `content_type` is the request's Content-Type header
// value; its boundary parameter (quoted or not, 1–70 characters of RFC 2046's bchars) splits
// `body`. A preamble before the first delimiter and an epilogue after the close delimiter's
// line are ignored; padding of spaces and tabs after a delimiter is allowed; line ends must be
// CRLF, and a delimiter line holds nothing else.
// Every part needs exactly one `Content-Disposition: form-data` header with a non-empty
// `name`, and may have a `filename` and one Content-Type; other headers are ignored except a
// Content-Transfer-Encoding other than 7bit/8bit/binary, which is refused rather than
// misread. Parameter values are not unescaped (browsers send '"' as %22 and never use
// backslash escapes, so a backslash is an ordinary character). A part without a filename is
// a form field and meets parse_form's rules (form.hpp): clean UTF-8 without controls other
// than tab/CR/LF, at most kMaxFormValueBytes; every name at most kMaxFormNameBytes.
// Returns the parts in order.
// Fails with ErrorKind::invalid (English message; `field` = the part's name once known) on
// any malformation, a missing close delimiter (a truncated upload), or a limit exceeded.
// Pure and thread-safe; never reads outside `content_type` and `body`.
kp::Result<std::vector<Part>> parse_multipart(std::string_view content_type, std::string_view body,
                                              const MultipartLimits& limits = {});

// The first part named `name`, or nullptr. Pure.
const Part* find_part(const std::vector<Part>& parts, std::string_view name);

}  // namespace kp::http
