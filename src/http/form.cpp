#include "http/form.hpp"

#include "core/text.hpp"

namespace kp::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// is_clean_utf8 already rejects C0 controls (except tab/CR/LF) and DEL; C1 controls
// (U+0080–U+009F, encoded C2 80–C2 9F) are controls too and never typed by a person.
bool has_c1_control(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xC2) {
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return true;
    }
  }
  return false;
}

bool is_clean_value(std::string_view s) { return kp::text::is_clean_utf8(s) && !has_c1_control(s); }

bool is_clean_name(std::string_view s) {
  if (!is_clean_value(s)) return false;
  for (char c : s)
    if (c == '\t' || c == '\r' || c == '\n') return false;
  return true;
}

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool percent_decode(std::string_view in, bool plus_as_space, std::string& out) {
  out.reserve(out.size() + in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (in.size() - i < 3) return false;
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

kp::Result<Pairs> parse_form(std::string_view body) {
  Pairs out;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t amp = body.find('&', pos);
    if (amp == std::string_view::npos) amp = body.size();
    const std::string_view piece = body.substr(pos, amp - pos);
    pos = amp + 1;
    if (piece.empty()) continue;

    const std::size_t eq = piece.find('=');
    const std::string_view raw_name = piece.substr(0, eq);
    const std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);

    // A decoded byte needs at least one raw byte, so an over-long raw name is over-long
    // decoded too; checking first keeps hostile input from costing a large decode.
    if (raw_name.size() > 3 * kMaxFormNameBytes) return kp::invalid("Form field name is too long");
    std::string name;
    if (!percent_decode(raw_name, true, name) || !is_clean_name(name))
      return kp::invalid("Invalid characters in form field name");
    if (name.size() > kMaxFormNameBytes) return kp::invalid("Form field name is too long");
    // Browsers never send nameless fields, and no handler can ask for one.
    if (name.empty()) continue;

    if (out.size() == kMaxFormPairs) return kp::invalid("Too many form fields");
    if (raw_value.size() > 3 * kMaxFormValueBytes) return kp::invalid("Form field is too long", name);
    std::string value;
    if (!percent_decode(raw_value, true, value) || !is_clean_value(value))
      return kp::invalid("Invalid characters in form field", name);
    if (value.size() > kMaxFormValueBytes) return kp::invalid("Form field is too long", name);
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

Pairs parse_cookies(std::string_view header) {
  Pairs out;
  std::size_t pos = 0;
  while (pos < header.size() && out.size() < kMaxCookies) {
    std::size_t semi = header.find(';', pos);
    if (semi == std::string_view::npos) semi = header.size();
    const std::string_view piece = trim_ows(header.substr(pos, semi - pos));
    pos = semi + 1;

    const std::size_t eq = piece.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = trim_ows(piece.substr(0, eq));
    std::string_view value = trim_ows(piece.substr(eq + 1));
    if (name.empty()) continue;
    bool ok = true;
    for (char c : name) ok = ok && is_token_char(c);
    if (!ok) continue;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    for (char c : value) {
      const auto u = static_cast<unsigned char>(c);
      ok = ok && u >= 0x20 && u != 0x7F;
    }
    if (!ok) continue;
    out.emplace_back(std::string(name), std::string(value));
  }
  return out;
}

}  // namespace kp::http
