// The escaping HTML writer. Views cannot forget to escape: every string argument is escaped,
// and only markup written in a format-string literal (checked at compile time) or wrapped in
// `Html` — which only views build — reaches the page unescaped.
#pragma once
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace kp::web {

// Appends `s` to `out` with &, <, >, " and ' escaped.
void escape_into(std::string& out, std::string_view s);
std::string escape(std::string_view s);

class Html;
namespace detail {
struct Escaped {
  std::string_view s;
};
struct Raw {
  const std::string* s;
};
template <class T, class = void>
struct Wrap {
  using type = T;
  static T wrap(T v) { return v; }
};
template <class T>
struct Wrap<T, std::enable_if_t<std::is_convertible_v<T, std::string_view> &&
                                !std::is_same_v<std::decay_t<T>, Html>>> {
  using type = Escaped;
  static Escaped wrap(const std::string_view v) { return Escaped{v}; }
};
template <class T>
struct Wrap<T, std::enable_if_t<std::is_same_v<std::decay_t<T>, Html>>> {
  using type = Raw;
  static Raw wrap(const Html& h);
};
}  // namespace detail

// Trusted markup. Build it with Html::format/append; never from user input.
class Html {
 public:
  Html() = default;

  // Formats a compile-time literal with escaped arguments: strings are escaped, Html is
  // inserted as is, numbers are written plainly.
  template <class... Args>
  static Html format(fmt::format_string<typename detail::Wrap<Args>::type...> f, Args&&... args) {
    Html h;
    h.append(f, std::forward<Args>(args)...);
    return h;
  }
  template <class... Args>
  Html& append(fmt::format_string<typename detail::Wrap<Args>::type...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(s_), f, detail::Wrap<Args>::wrap(std::forward<Args>(args))...);
    return *this;
  }
  Html& append(const Html& other) {
    s_ += other.s_;
    return *this;
  }
  // Appends escaped text.
  Html& text(std::string_view t) {
    escape_into(s_, t);
    return *this;
  }
  const std::string& str() const { return s_; }
  std::string release() { return std::move(s_); }
  bool empty() const { return s_.empty(); }

  // Only for markup produced by our own code (e.g. an SVG the server generated).
  static Html trusted(std::string markup) {
    Html h;
    h.s_ = std::move(markup);
    return h;
  }

 private:
  std::string s_;
};

namespace detail {
template <class T>
inline Raw Wrap<T, std::enable_if_t<std::is_same_v<std::decay_t<T>, Html>>>::wrap(const Html& h) {
  return Raw{&h.str()};
}
}  // namespace detail

}  // namespace kp::web

template <>
struct fmt::formatter<kp::web::detail::Escaped> : fmt::formatter<std::string_view> {
  // Written in one call, not byte by byte through the output iterator (which profiling
  // showed to be half of a page's cost).
  // Most texts need no escaping at all; they are written without a copy.
  template <class Ctx>
  auto format(const kp::web::detail::Escaped& e, Ctx& ctx) const {
    size_t i = 0;
    for (const char c : e.s) {
      if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') break;
      ++i;
    }
    if (i == e.s.size()) return fmt::formatter<std::string_view>::format(e.s, ctx);
    std::string tmp(e.s.substr(0, i));
    kp::web::escape_into(tmp, e.s.substr(i));
    return fmt::formatter<std::string_view>::format(std::string_view(tmp), ctx);
  }
};
template <>
struct fmt::formatter<kp::web::detail::Raw> : fmt::formatter<std::string_view> {
  template <class Ctx>
  auto format(const kp::web::detail::Raw& r, Ctx& ctx) const {
    return fmt::formatter<std::string_view>::format(std::string_view(*r.s), ctx);
  }
};
