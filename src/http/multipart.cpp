#include "http/multipart.hpp"

#include "core/text.hpp"
#include "http/form.hpp"

// Strictness is deliberate: an upload is sent by a browser, which produces only the plain
// shape, so anything unusual is refused instead of guessed at. Two parsers (a proxy, a WAF,
// this one) reading one body differently is how request-smuggling style bugs happen, so
// ambiguous input (duplicate parameters or headers, a delimiter followed by junk, bare LF)
// is an error, never a choice.

namespace kp::http {
namespace {

constexpr std::size_t kMaxBoundary = 70;  // RFC 2046 §5.1.1

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

// RFC 2046 bchars; a space may not be the last one.
bool is_valid_boundary(std::string_view b) {
  if (b.empty() || b.size() > kMaxBoundary || b.back() == ' ') return false;
  for (char c : b) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '\'' || c == '(' || c == ')' || c == '+' || c == '_' || c == ',' ||
                    c == '-' || c == '.' || c == '/' || c == ':' || c == '=' || c == '?' || c == ' ';
    if (!ok) return false;
  }
  return true;
}

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// A header value may hold UTF-8 (browsers send file names raw) but no control character
// other than tab: a CR or LF inside would mean the line split went wrong.
bool is_clean_header_value(std::string_view v) {
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F) return false;
  }
  return true;
}

// C1 controls (U+0080–U+009F, encoded C2 80–C2 9F) are never typed by a person.
bool has_c1_control(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]), next = static_cast<unsigned char>(s[i + 1]);
    if (u == 0xC2 && next >= 0x80 && next <= 0x9F) return true;
  }
  return false;
}

// What parse_form accepts as a value: clean UTF-8; tab, CR and LF are the only controls.
bool is_clean_value(std::string_view s) { return kp::text::is_clean_utf8(s) && !has_c1_control(s); }

// Names and file names end up in pages and logs: clean UTF-8 without any control.
bool is_clean_text(std::string_view s) {
  return is_clean_value(s) && s.find_first_of("\t\r\n") == std::string_view::npos;
}

struct Param {
  std::string_view name, value;
};

// Splits the `; name=value` list after a media type or disposition type. A value is a run of
// visible characters up to ';' or whitespace, or a quoted string that ends at the next '"'
// (no backslash escapes, see the header). Returns false on malformed syntax, more than
// `max_params` parameters, or a parameter name given twice.
bool parse_params(std::string_view s, std::vector<Param>& out, std::size_t max_params = 16) {
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && is_ows(s[i])) ++i;
    if (i == s.size()) return true;
    if (s[i] != ';') return false;
    ++i;
    while (i < s.size() && is_ows(s[i])) ++i;
    if (i == s.size()) return true;  // a trailing ';' is harmless and some clients send one
    const std::size_t name_start = i;
    while (i < s.size() && is_tchar(s[i])) ++i;
    const std::string_view name = s.substr(name_start, i - name_start);
    if (name.empty() || i == s.size() || s[i] != '=') return false;
    ++i;
    std::string_view value;
    if (i < s.size() && s[i] == '"') {
      const std::size_t close = s.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      value = s.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      const std::size_t value_start = i;
      while (i < s.size() && s[i] != ';' && !is_ows(s[i]) && s[i] != '"') ++i;
      value = s.substr(value_start, i - value_start);
      if (value.empty()) return false;
    }
    for (const Param& p : out)
      if (iequals(p.name, name)) return false;
    if (out.size() == max_params) return false;
    out.push_back({name, value});
  }
}

const Param* find_param(const std::vector<Param>& params, std::string_view name) {
  for (const Param& p : params)
    if (iequals(p.name, name)) return &p;
  return nullptr;
}

// The boundary of a multipart/form-data Content-Type, or "" when there is none usable.
kp::Result<std::string_view> boundary_of(std::string_view content_type) {
  content_type = trim_ows(content_type);
  const std::size_t semi = content_type.find(';');
  const std::string_view media = trim_ows(content_type.substr(0, semi));
  if (!iequals(media, "multipart/form-data"))
    return kp::invalid("The upload must be sent as multipart/form-data.");
  std::vector<Param> params;
  if (semi == std::string_view::npos || !parse_params(content_type.substr(semi), params))
    return kp::invalid("The upload's Content-Type is malformed.");
  const Param* b = find_param(params, "boundary");
  if (!b || !is_valid_boundary(b->value))
    return kp::invalid("The upload's Content-Type has no valid boundary.");
  return b->value;
}

// Reads one part's header block (without the blank line that ends it) into `part`.
kp::Status parse_part_headers(std::string_view block, Part& part) {
  bool have_disposition = false, have_type = false;
  while (!block.empty()) {
    const std::size_t eol = block.find("\r\n");
    const std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    // Obsolete line folding (RFC 9112 §5.2) is not sent by browsers; a line starting with
    // whitespace is refused like every other oddity.
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
      return kp::invalid("A part of the upload has a malformed header.", part.name);
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (!is_clean_header_value(value))
      return kp::invalid("A part of the upload has a malformed header.", part.name);

    if (iequals(name, "Content-Disposition")) {
      if (have_disposition)
        return kp::invalid("A part of the upload has two Content-Disposition headers.", part.name);
      have_disposition = true;
      const std::size_t semi = value.find(';');
      if (!iequals(trim_ows(value.substr(0, semi)), "form-data"))
        return kp::invalid("A part of the upload is not form data.");
      std::vector<Param> params;
      if (semi == std::string_view::npos || !parse_params(value.substr(semi), params))
        return kp::invalid("A part of the upload has a malformed Content-Disposition.");
      const Param* n = find_param(params, "name");
      if (!n || n->value.empty()) return kp::invalid("A part of the upload has no field name.");
      if (!is_clean_text(n->value))
        return kp::invalid("A part of the upload has invalid characters in its field name.");
      part.name = std::string(n->value);
      // filename* (RFC 5987) is ignored: RFC 7578 §4.2 forbids senders to use it.
      if (const Param* f = find_param(params, "filename")) {
        if (!is_clean_text(f->value))
          return kp::invalid("The uploaded file's name has invalid characters.", part.name);
        part.filename = std::string(f->value);
      }
    } else if (iequals(name, "Content-Type")) {
      if (have_type)
        return kp::invalid("A part of the upload has two Content-Type headers.", part.name);
      have_type = true;
      for (char c : value)
        if (static_cast<unsigned char>(c) >= 0x80)
          return kp::invalid("A part of the upload has a malformed Content-Type.", part.name);
      part.content_type = std::string(value);
    } else if (iequals(name, "Content-Transfer-Encoding")) {
      // Deprecated by RFC 7578 §4.7; anything but identity would be read as the wrong bytes.
      if (!iequals(value, "7bit") && !iequals(value, "8bit") && !iequals(value, "binary"))
        return kp::invalid("A part of the upload uses an unsupported transfer encoding.", part.name);
    }
  }
  if (!have_disposition) return kp::invalid("A part of the upload has no Content-Disposition.");
  return {};
}

// After a delimiter "--boundary" at `pos`: skips transport padding and the CRLF. Returns the
// offset of the next line, or npos when the delimiter is followed by anything else.
std::size_t after_delimiter_line(std::string_view body, std::size_t pos) {
  while (pos < body.size() && is_ows(body[pos])) ++pos;
  if (body.size() - pos >= 2 && body[pos] == '\r' && body[pos + 1] == '\n') return pos + 2;
  return std::string_view::npos;
}

}  // namespace

kp::Result<std::vector<Part>> parse_multipart(std::string_view content_type, std::string_view body,
                                              const MultipartLimits& limits) {
  if (body.size() > limits.max_total_bytes) return kp::invalid("The upload is too large.");
  auto boundary = boundary_of(content_type);
  if (!boundary) return kp::pass(boundary);

  // dash = "--boundary"; every delimiter after the first is CRLF + dash.
  std::string delimiter = "\r\n--";
  delimiter += *boundary;
  const std::string_view dash = std::string_view(delimiter).substr(2);

  // The first delimiter opens the body or follows a preamble.
  std::size_t pos;
  if (body.starts_with(dash)) {
    pos = dash.size();
  } else {
    const std::size_t at = body.find(delimiter);
    if (at == std::string_view::npos) return kp::invalid("The upload is empty or malformed.");
    pos = at + delimiter.size();
  }

  std::vector<Part> parts;
  while (true) {
    // `pos` is just past a delimiter: "--" closes the body. The epilogue after its line is
    // ignored, but the line itself must end there, as a delimiter's line must.
    if (body.size() - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-') {
      std::size_t end = pos + 2;
      while (end < body.size() && is_ows(body[end])) ++end;
      if (end == body.size() || after_delimiter_line(body, end) != std::string_view::npos)
        return parts;
      return kp::invalid("The upload is malformed.");
    }
    pos = after_delimiter_line(body, pos);
    if (pos == std::string_view::npos) return kp::invalid("The upload is malformed.");
    if (parts.size() == limits.max_parts) return kp::invalid("The upload has too many parts.");

    // The part runs to the next delimiter. Searching from the CRLF that ended this
    // delimiter's line catches a line that starts with the boundary right away, which RFC
    // 2046 forbids inside a part and other parsers would read as a delimiter.
    const std::size_t next = body.find(delimiter, pos - 2);
    if (next == std::string_view::npos) return kp::invalid("The upload is incomplete.");
    if (next < pos) return kp::invalid("The upload is malformed.");
    const std::string_view content = body.substr(pos, next - pos);

    // Headers, an empty line, the body. The empty line may be missing when the body is
    // empty ("headers CRLF" then the delimiter); a header line cut off by the delimiter is not.
    std::string_view headers, data;
    if (content.starts_with("\r\n")) {
      data = content.substr(2);
    } else {
      // Looking no further than the limit keeps a huge part from being scanned twice.
      const std::size_t window = limits.max_header_bytes + 4;
      const std::size_t end = content.substr(0, window).find("\r\n\r\n");
      if (end != std::string_view::npos) {
        headers = content.substr(0, end);
        data = content.substr(end + 4);
      } else if (content.size() < window && content.ends_with("\r\n")) {
        headers = content.substr(0, content.size() - 2);
      } else if (content.size() >= window) {
        return kp::invalid("A part of the upload has too much header data.");
      } else {
        return kp::invalid("A part of the upload has malformed headers.");
      }
    }
    if (headers.size() > limits.max_header_bytes)
      return kp::invalid("A part of the upload has too much header data.");
    Part part;
    KP_TRY(parse_part_headers(headers, part));
    if (part.name.size() > kMaxFormNameBytes) return kp::invalid("Form field name is too long");
    if (!part.filename) {
      // A part without a file name is a form field, and handlers read it like one from
      // parse_form, so it meets the same rules.
      if (data.size() > kMaxFormValueBytes) return kp::invalid("Form field is too long", part.name);
      if (!is_clean_value(data)) return kp::invalid("Invalid characters in form field", part.name);
    }
    part.body = std::string(data);
    parts.push_back(std::move(part));
    pos = next + delimiter.size();
  }
}

const Part* find_part(const std::vector<Part>& parts, std::string_view name) {
  for (const Part& p : parts)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace kp::http
