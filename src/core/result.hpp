// Errors as values. Expected failures (bad input, missing rows, conflicts) travel as
// Result<T>; exceptions are reserved for bugs and only abort the current request.
#pragma once
#include <string>
#include <utility>

#include "core/expected.hpp"

namespace kp {

enum class ErrorKind { invalid, not_found, conflict, forbidden, unavailable, internal };

// An expected failure. `message` is an English msgid that pages translate; `field` names the
// form field or record the error concerns (empty when none); `detail` is for logs only and
// must never hold personal data.
struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  std::string field;
  std::string detail;
};

template <class T>
using Result = kp::expected<T, Error>;
using Status = Result<void>;

inline kp::unexpected<Error> fail(ErrorKind kind, std::string message, std::string field = {},
                                  std::string detail = {}) {
  return kp::unexpected<Error>(Error{kind, std::move(message), std::move(field), std::move(detail)});
}
inline kp::unexpected<Error> invalid(std::string message, std::string field = {}) {
  return fail(ErrorKind::invalid, std::move(message), std::move(field));
}
inline kp::unexpected<Error> not_found(std::string what = "Not found") {
  return fail(ErrorKind::not_found, std::move(what));
}
inline kp::unexpected<Error> internal_error(std::string detail) {
  return fail(ErrorKind::internal, "Something went wrong", {}, std::move(detail));
}
// Propagates an error from one Result type into another.
template <class T>
inline kp::unexpected<Error> pass(const Result<T>& r) {
  return kp::unexpected<Error>(r.error());
}

const char* to_string(ErrorKind kind);

}  // namespace kp

// Marks an English msgid for extraction into the .po catalogs without translating it here;
// the page that shows it translates it with the request's language.
#define N_(msgid) msgid

// Returns the error of `expr` from the enclosing function if it failed.
#define KP_TRY(expr)                                          \
  do {                                                        \
    auto kp_try_result_ = (expr);                             \
    if (!kp_try_result_) return ::kp::pass(kp_try_result_);   \
  } while (0)
