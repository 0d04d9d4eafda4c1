// A small stand-in for C++23 std::expected / std::unexpected, for compilers whose standard
// library <expected> they cannot compile (clang 14 with libstdc++ 12 builds the libFuzzer
// targets). core/expected.hpp includes it only when __cpp_lib_expected is not defined; g++ 12
// always uses std::expected. The interface and the observable behaviour follow the standard
// ([expected.expected], [expected.void], [expected.unexpected]) for everything here; missing
// on purpose: the monadic operations (and_then, transform, …: libstdc++ 12 lacks them too, so
// no code can use them yet) and the strong exception guarantee of assignment when neither
// alternative is nothrow-move-constructible (then, as with std::expected, assignment is
// deleted).
//
// Everything lives in kp::fallback so that tests/core/expected_fallback_test.cpp can include
// this header directly next to std::expected; kp::expected and kp::unexpected name these
// templates only when the standard library has no <expected>.
#pragma once
#include <exception>
#include <initializer_list>
#include <memory>
#include <type_traits>
#include <utility>
#include <version>

namespace kp::fallback {

template <class E>
class unexpected;
template <class T, class E>
class expected;

namespace detail {
template <class X>
inline constexpr bool is_unexpected = false;
template <class E>
inline constexpr bool is_unexpected<unexpected<E>> = true;
template <class X>
inline constexpr bool is_expected = false;
template <class T, class E>
inline constexpr bool is_expected<expected<T, E>> = true;
// What the standard allows as an error type: a complete non-array object type, not
// cv-qualified, not an unexpected.
template <class E>
inline constexpr bool valid_error = std::is_object_v<E> && !std::is_array_v<E> &&
                                    !std::is_const_v<E> && !std::is_volatile_v<E> &&
                                    !is_unexpected<E>;
}  // namespace detail

// Thrown by expected::value() when there is an error; carries a copy of it.
template <class E>
class bad_expected_access;

template <>
class bad_expected_access<void> : public std::exception {
 public:
  const char* what() const noexcept override { return "bad access to expected without value"; }

 protected:
  bad_expected_access() noexcept = default;
  bad_expected_access(const bad_expected_access&) = default;
  bad_expected_access(bad_expected_access&&) = default;
  bad_expected_access& operator=(const bad_expected_access&) = default;
  bad_expected_access& operator=(bad_expected_access&&) = default;
  ~bad_expected_access() override = default;
};

template <class E>
class bad_expected_access : public bad_expected_access<void> {
 public:
  explicit bad_expected_access(E e) : error_(std::move(e)) {}
  E& error() & noexcept { return error_; }
  const E& error() const& noexcept { return error_; }
  E&& error() && noexcept { return std::move(error_); }
  const E&& error() const&& noexcept { return std::move(error_); }

 private:
  E error_;
};

struct unexpect_t {
  explicit unexpect_t() = default;
};
inline constexpr unexpect_t unexpect{};

// An error value on its way into an expected: `return unexpected<Error>(e);`.
template <class E>
class unexpected {
  static_assert(detail::valid_error<E>, "unexpected<E> needs a plain object type E");

 public:
  constexpr unexpected(const unexpected&) = default;
  constexpr unexpected(unexpected&&) = default;

  template <class Err = E>
    requires(!std::is_same_v<std::remove_cvref_t<Err>, unexpected> &&
             !std::is_same_v<std::remove_cvref_t<Err>, std::in_place_t> &&
             std::is_constructible_v<E, Err>)
  constexpr explicit unexpected(Err&& e) noexcept(std::is_nothrow_constructible_v<E, Err>)
      : error_(std::forward<Err>(e)) {}

  template <class... Args>
    requires std::is_constructible_v<E, Args...>
  constexpr explicit unexpected(std::in_place_t, Args&&... args) noexcept(
      std::is_nothrow_constructible_v<E, Args...>)
      : error_(std::forward<Args>(args)...) {}

  template <class U, class... Args>
    requires std::is_constructible_v<E, std::initializer_list<U>&, Args...>
  constexpr explicit unexpected(std::in_place_t, std::initializer_list<U> il, Args&&... args) noexcept(
      std::is_nothrow_constructible_v<E, std::initializer_list<U>&, Args...>)
      : error_(il, std::forward<Args>(args)...) {}

  constexpr unexpected& operator=(const unexpected&) = default;
  constexpr unexpected& operator=(unexpected&&) = default;

  constexpr const E& error() const& noexcept { return error_; }
  constexpr E& error() & noexcept { return error_; }
  constexpr const E&& error() const&& noexcept { return std::move(error_); }
  constexpr E&& error() && noexcept { return std::move(error_); }

  constexpr void swap(unexpected& other) noexcept(std::is_nothrow_swappable_v<E>)
    requires std::is_swappable_v<E>
  {
    using std::swap;
    swap(error_, other.error_);
  }
  friend constexpr void swap(unexpected& a, unexpected& b) noexcept(noexcept(a.swap(b)))
    requires std::is_swappable_v<E>
  {
    a.swap(b);
  }

  template <class E2>
  friend constexpr bool operator==(const unexpected& a, const unexpected<E2>& b) {
    return a.error() == b.error();
  }

 private:
  E error_;
};

template <class E>
unexpected(E) -> unexpected<E>;

namespace detail {
// When expected<T, E> can be swapped ([expected.object.swap]). A variable rather than a
// requires-expression on the members: clang 14 checks that too early, on the incomplete class.
template <class T, class E>
inline constexpr bool can_swap =
    std::is_swappable_v<T> && std::is_swappable_v<E> && std::is_move_constructible_v<T> &&
    std::is_move_constructible_v<E> &&
    (std::is_nothrow_move_constructible_v<T> || std::is_nothrow_move_constructible_v<E>);

// Replaces the active member `old` of an expected's union by a `New` built from `args`
// ([expected.object.assign]): when building `New` may throw, it is built first (or `old` is
// kept in a temporary) so that an exception leaves the expected holding its old value.
template <class New, class Old, class... Args>
constexpr void reinit(New* fresh, Old* old, Args&&... args) {
  if constexpr (std::is_nothrow_constructible_v<New, Args...>) {
    std::destroy_at(old);
    std::construct_at(fresh, std::forward<Args>(args)...);
  } else if constexpr (std::is_nothrow_move_constructible_v<New>) {
    New tmp(std::forward<Args>(args)...);
    std::destroy_at(old);
    std::construct_at(fresh, std::move(tmp));
  } else {
    Old saved(std::move(*old));
    std::destroy_at(old);
    try {
      std::construct_at(fresh, std::forward<Args>(args)...);
    } catch (...) {
      std::construct_at(old, std::move(saved));
      throw;
    }
  }
}
}  // namespace detail

// Either a T (the value) or an E (the error), never neither.
template <class T, class E>
class expected {
  static_assert(!std::is_reference_v<T> && !std::is_function_v<T> && !std::is_array_v<T> &&
                    !std::is_same_v<std::remove_cv_t<T>, std::in_place_t> &&
                    !std::is_same_v<std::remove_cv_t<T>, unexpect_t> &&
                    !detail::is_unexpected<std::remove_cv_t<T>>,
                "expected<T, E> needs an object type T");
  static_assert(detail::valid_error<E>, "expected<T, E> needs a plain object type E");

  // Is converting from expected<U, G> allowed, i.e. T and E are not built from the source
  // expected itself ([expected.object.cons] p18)?
  template <class U, class G>
  static constexpr bool converts_from =
      (std::is_same_v<std::remove_cv_t<T>, bool> ||
       (!std::is_constructible_v<T, expected<U, G>&> &&
        !std::is_constructible_v<T, expected<U, G>> &&
        !std::is_constructible_v<T, const expected<U, G>&> &&
        !std::is_constructible_v<T, const expected<U, G>> &&
        !std::is_convertible_v<expected<U, G>&, T> && !std::is_convertible_v<expected<U, G>&&, T> &&
        !std::is_convertible_v<const expected<U, G>&, T> &&
        !std::is_convertible_v<const expected<U, G>&&, T>)) &&
      !std::is_constructible_v<unexpected<E>, expected<U, G>&> &&
      !std::is_constructible_v<unexpected<E>, expected<U, G>> &&
      !std::is_constructible_v<unexpected<E>, const expected<U, G>&> &&
      !std::is_constructible_v<unexpected<E>, const expected<U, G>>;

 public:
  using value_type = T;
  using error_type = E;
  using unexpected_type = unexpected<E>;
  template <class U>
  using rebind = expected<U, error_type>;

  // ---- construction ------------------------------------------------------------------------

  // A value-initialised T.
  constexpr expected() noexcept(std::is_nothrow_default_constructible_v<T>)
    requires std::is_default_constructible_v<T>
      : value_(), has_value_(true) {}

  constexpr expected(const expected& other) noexcept(
      std::is_nothrow_copy_constructible_v<T> && std::is_nothrow_copy_constructible_v<E>)
    requires std::is_copy_constructible_v<T> && std::is_copy_constructible_v<E>
      : has_value_(other.has_value_) {
    if (has_value_)
      std::construct_at(std::addressof(value_), other.value_);
    else
      std::construct_at(std::addressof(error_), other.error_);
  }

  constexpr expected(expected&& other) noexcept(
      std::is_nothrow_move_constructible_v<T> && std::is_nothrow_move_constructible_v<E>)
    requires std::is_move_constructible_v<T> && std::is_move_constructible_v<E>
      : has_value_(other.has_value_) {
    if (has_value_)
      std::construct_at(std::addressof(value_), std::move(other.value_));
    else
      std::construct_at(std::addressof(error_), std::move(other.error_));
  }

  // From expected<U, G> whose value and error convert.
  template <class U, class G>
    requires std::is_constructible_v<T, const U&> && std::is_constructible_v<E, const G&> &&
             converts_from<U, G>
  constexpr explicit(!std::is_convertible_v<const U&, T> || !std::is_convertible_v<const G&, E>)
      expected(const expected<U, G>& other)
      : has_value_(other.has_value()) {
    if (has_value_)
      std::construct_at(std::addressof(value_), *other);
    else
      std::construct_at(std::addressof(error_), other.error());
  }

  template <class U, class G>
    requires std::is_constructible_v<T, U> && std::is_constructible_v<E, G> &&
             converts_from<U, G>
  constexpr explicit(!std::is_convertible_v<U, T> || !std::is_convertible_v<G, E>)
      expected(expected<U, G>&& other)
      : has_value_(other.has_value()) {
    if (has_value_)
      std::construct_at(std::addressof(value_), std::move(*other));
    else
      std::construct_at(std::addressof(error_), std::move(other.error()));
  }

  // From a value: `return value;`.
  template <class U = T>
    requires(!std::is_same_v<std::remove_cvref_t<U>, std::in_place_t> &&
             !std::is_same_v<std::remove_cvref_t<U>, expected> &&
             !detail::is_unexpected<std::remove_cvref_t<U>> &&
             !(std::is_same_v<std::remove_cv_t<T>, bool> &&
               detail::is_expected<std::remove_cvref_t<U>>) &&
             std::is_constructible_v<T, U>)
  constexpr explicit(!std::is_convertible_v<U, T>) expected(U&& v) noexcept(
      std::is_nothrow_constructible_v<T, U>)
      : value_(std::forward<U>(v)), has_value_(true) {}

  // From an error: `return unexpected<E>(e);`.
  template <class G>
    requires std::is_constructible_v<E, const G&>
  constexpr explicit(!std::is_convertible_v<const G&, E>) expected(const unexpected<G>& e) noexcept(
      std::is_nothrow_constructible_v<E, const G&>)
      : error_(e.error()), has_value_(false) {}

  template <class G>
    requires std::is_constructible_v<E, G>
  constexpr explicit(!std::is_convertible_v<G, E>) expected(unexpected<G>&& e) noexcept(
      std::is_nothrow_constructible_v<E, G>)
      : error_(std::move(e).error()), has_value_(false) {}

  template <class... Args>
    requires std::is_constructible_v<T, Args...>
  constexpr explicit expected(std::in_place_t, Args&&... args) noexcept(
      std::is_nothrow_constructible_v<T, Args...>)
      : value_(std::forward<Args>(args)...), has_value_(true) {}

  template <class U, class... Args>
    requires std::is_constructible_v<T, std::initializer_list<U>&, Args...>
  constexpr explicit expected(std::in_place_t, std::initializer_list<U> il, Args&&... args) noexcept(
      std::is_nothrow_constructible_v<T, std::initializer_list<U>&, Args...>)
      : value_(il, std::forward<Args>(args)...), has_value_(true) {}

  template <class... Args>
    requires std::is_constructible_v<E, Args...>
  constexpr explicit expected(unexpect_t, Args&&... args) noexcept(
      std::is_nothrow_constructible_v<E, Args...>)
      : error_(std::forward<Args>(args)...), has_value_(false) {}

  template <class U, class... Args>
    requires std::is_constructible_v<E, std::initializer_list<U>&, Args...>
  constexpr explicit expected(unexpect_t, std::initializer_list<U> il, Args&&... args) noexcept(
      std::is_nothrow_constructible_v<E, std::initializer_list<U>&, Args...>)
      : error_(il, std::forward<Args>(args)...), has_value_(false) {}

  constexpr ~expected() {
    if (has_value_)
      std::destroy_at(std::addressof(value_));
    else
      std::destroy_at(std::addressof(error_));
  }

  // ---- assignment (deleted, as in the standard, when it could leave neither alternative) --

  constexpr expected& operator=(const expected& other) noexcept(
      std::is_nothrow_copy_constructible_v<T> && std::is_nothrow_copy_assignable_v<T> &&
      std::is_nothrow_copy_constructible_v<E> && std::is_nothrow_copy_assignable_v<E>)
    requires std::is_copy_assignable_v<T> && std::is_copy_constructible_v<T> &&
             std::is_copy_assignable_v<E> && std::is_copy_constructible_v<E> &&
             (std::is_nothrow_move_constructible_v<T> || std::is_nothrow_move_constructible_v<E>)
  {
    if (other.has_value_)
      assign_value(other.value_);
    else
      assign_error(other.error_);
    return *this;
  }

  constexpr expected& operator=(expected&& other) noexcept(
      std::is_nothrow_move_constructible_v<T> && std::is_nothrow_move_assignable_v<T> &&
      std::is_nothrow_move_constructible_v<E> && std::is_nothrow_move_assignable_v<E>)
    requires std::is_move_constructible_v<T> && std::is_move_assignable_v<T> &&
             std::is_move_constructible_v<E> && std::is_move_assignable_v<E> &&
             (std::is_nothrow_move_constructible_v<T> || std::is_nothrow_move_constructible_v<E>)
  {
    if (other.has_value_)
      assign_value(std::move(other.value_));
    else
      assign_error(std::move(other.error_));
    return *this;
  }

  template <class U = T>
    requires(!std::is_same_v<expected, std::remove_cvref_t<U>> &&
             !detail::is_unexpected<std::remove_cvref_t<U>> && std::is_constructible_v<T, U> &&
             std::is_assignable_v<T&, U> &&
             (std::is_nothrow_constructible_v<T, U> || std::is_nothrow_move_constructible_v<T> ||
              std::is_nothrow_move_constructible_v<E>))
  constexpr expected& operator=(U&& v) {
    assign_value(std::forward<U>(v));
    return *this;
  }

  template <class G>
    requires std::is_constructible_v<E, const G&> && std::is_assignable_v<E&, const G&> &&
             (std::is_nothrow_constructible_v<E, const G&> ||
              std::is_nothrow_move_constructible_v<T> || std::is_nothrow_move_constructible_v<E>)
  constexpr expected& operator=(const unexpected<G>& e) {
    assign_error(e.error());
    return *this;
  }

  template <class G>
    requires std::is_constructible_v<E, G> && std::is_assignable_v<E&, G> &&
             (std::is_nothrow_constructible_v<E, G> || std::is_nothrow_move_constructible_v<T> ||
              std::is_nothrow_move_constructible_v<E>)
  constexpr expected& operator=(unexpected<G>&& e) {
    assign_error(std::move(e).error());
    return *this;
  }

  // Destroys what is held and builds a value in place; returns it.
  template <class... Args>
    requires std::is_nothrow_constructible_v<T, Args...>
  constexpr T& emplace(Args&&... args) noexcept {
    if (has_value_)
      std::destroy_at(std::addressof(value_));
    else
      std::destroy_at(std::addressof(error_));
    std::construct_at(std::addressof(value_), std::forward<Args>(args)...);
    has_value_ = true;
    return value_;
  }

  constexpr void swap(expected& other) noexcept(
      std::is_nothrow_move_constructible_v<T> && std::is_nothrow_swappable_v<T> &&
      std::is_nothrow_move_constructible_v<E> && std::is_nothrow_swappable_v<E>)
    requires detail::can_swap<T, E>
  {
    using std::swap;
    if (has_value_ && other.has_value_) {
      swap(value_, other.value_);
    } else if (!has_value_ && !other.has_value_) {
      swap(error_, other.error_);
    } else if (has_value_) {
      swap_value_with_error(*this, other);
    } else {
      swap_value_with_error(other, *this);
    }
  }
  friend constexpr void swap(expected& a, expected& b) noexcept(noexcept(a.swap(b)))
    requires detail::can_swap<T, E>
  {
    a.swap(b);
  }

  // ---- observers (unchecked ones are undefined behaviour in the wrong state, as in std) ----

  constexpr const T* operator->() const noexcept { return std::addressof(value_); }
  constexpr T* operator->() noexcept { return std::addressof(value_); }
  constexpr const T& operator*() const& noexcept { return value_; }
  constexpr T& operator*() & noexcept { return value_; }
  constexpr const T&& operator*() const&& noexcept { return std::move(value_); }
  constexpr T&& operator*() && noexcept { return std::move(value_); }

  constexpr explicit operator bool() const noexcept { return has_value_; }
  constexpr bool has_value() const noexcept { return has_value_; }

  // The value; throws bad_expected_access<E> holding a copy of the error when there is none.
  constexpr const T& value() const& {
    if (!has_value_) throw bad_expected_access<E>(error_);
    return value_;
  }
  constexpr T& value() & {
    if (!has_value_) throw bad_expected_access<E>(std::as_const(error_));
    return value_;
  }
  constexpr const T&& value() const&& {
    if (!has_value_) throw bad_expected_access<E>(std::move(error_));
    return std::move(value_);
  }
  constexpr T&& value() && {
    if (!has_value_) throw bad_expected_access<E>(std::move(error_));
    return std::move(value_);
  }

  constexpr const E& error() const& noexcept { return error_; }
  constexpr E& error() & noexcept { return error_; }
  constexpr const E&& error() const&& noexcept { return std::move(error_); }
  constexpr E&& error() && noexcept { return std::move(error_); }

  template <class U>
  constexpr T value_or(U&& fallback) const& {
    static_assert(std::is_copy_constructible_v<T> && std::is_convertible_v<U, T>);
    return has_value_ ? value_ : static_cast<T>(std::forward<U>(fallback));
  }
  template <class U>
  constexpr T value_or(U&& fallback) && {
    static_assert(std::is_move_constructible_v<T> && std::is_convertible_v<U, T>);
    return has_value_ ? std::move(value_) : static_cast<T>(std::forward<U>(fallback));
  }

  // ---- comparison --------------------------------------------------------------------------

  template <class T2, class E2>
    requires(!std::is_void_v<T2>)
  friend constexpr bool operator==(const expected& a, const expected<T2, E2>& b) {
    if (a.has_value() != b.has_value()) return false;
    return a.has_value() ? bool(*a == *b) : bool(a.error() == b.error());
  }
  template <class T2>
    requires(!detail::is_expected<T2>)
  friend constexpr bool operator==(const expected& a, const T2& v) {
    return a.has_value() && bool(*a == v);
  }
  template <class E2>
  friend constexpr bool operator==(const expected& a, const unexpected<E2>& e) {
    return !a.has_value() && bool(a.error() == e.error());
  }

 private:
  template <class U>
  constexpr void assign_value(U&& v) {
    if (has_value_) {
      value_ = std::forward<U>(v);
    } else {
      detail::reinit(std::addressof(value_), std::addressof(error_), std::forward<U>(v));
      has_value_ = true;
    }
  }
  template <class G>
  constexpr void assign_error(G&& e) {
    if (!has_value_) {
      error_ = std::forward<G>(e);
    } else {
      detail::reinit(std::addressof(error_), std::addressof(value_), std::forward<G>(e));
      has_value_ = false;
    }
  }
  // `with_value` holds a value and `with_error` an error; afterwards the other way round.
  static constexpr void swap_value_with_error(expected& with_value, expected& with_error) {
    if constexpr (std::is_nothrow_move_constructible_v<E>) {
      E tmp(std::move(with_error.error_));
      std::destroy_at(std::addressof(with_error.error_));
      try {
        std::construct_at(std::addressof(with_error.value_), std::move(with_value.value_));
      } catch (...) {
        std::construct_at(std::addressof(with_error.error_), std::move(tmp));
        throw;
      }
      std::destroy_at(std::addressof(with_value.value_));
      std::construct_at(std::addressof(with_value.error_), std::move(tmp));
    } else {
      T tmp(std::move(with_value.value_));
      std::destroy_at(std::addressof(with_value.value_));
      try {
        std::construct_at(std::addressof(with_value.error_), std::move(with_error.error_));
      } catch (...) {
        std::construct_at(std::addressof(with_value.value_), std::move(tmp));
        throw;
      }
      std::destroy_at(std::addressof(with_error.error_));
      std::construct_at(std::addressof(with_error.value_), std::move(tmp));
    }
    with_value.has_value_ = false;
    with_error.has_value_ = true;
  }

  union {
    T value_;
    E error_;
  };
  bool has_value_;
};

// Success without a value, or an error: `return {};` means success.
template <class T, class E>
  requires std::is_void_v<T>
class expected<T, E> {
  static_assert(detail::valid_error<E>, "expected<void, E> needs a plain object type E");

 public:
  using value_type = T;
  using error_type = E;
  using unexpected_type = unexpected<E>;
  template <class U>
  using rebind = expected<U, error_type>;

  constexpr expected() noexcept : has_value_(true) {}

  constexpr expected(const expected& other) noexcept(std::is_nothrow_copy_constructible_v<E>)
    requires std::is_copy_constructible_v<E>
      : has_value_(other.has_value_) {
    if (!has_value_) std::construct_at(std::addressof(error_), other.error_);
  }

  constexpr expected(expected&& other) noexcept(std::is_nothrow_move_constructible_v<E>)
    requires std::is_move_constructible_v<E>
      : has_value_(other.has_value_) {
    if (!has_value_) std::construct_at(std::addressof(error_), std::move(other.error_));
  }

  template <class U, class G>
    requires std::is_void_v<U> && std::is_constructible_v<E, const G&> &&
             (!std::is_constructible_v<unexpected<E>, expected<U, G>&>) &&
             (!std::is_constructible_v<unexpected<E>, expected<U, G>>) &&
             (!std::is_constructible_v<unexpected<E>, const expected<U, G>&>) &&
             (!std::is_constructible_v<unexpected<E>, const expected<U, G>>)
  constexpr explicit(!std::is_convertible_v<const G&, E>) expected(const expected<U, G>& other)
      : has_value_(other.has_value()) {
    if (!has_value_) std::construct_at(std::addressof(error_), other.error());
  }

  template <class U, class G>
    requires std::is_void_v<U> && std::is_constructible_v<E, G> &&
             (!std::is_constructible_v<unexpected<E>, expected<U, G>&>) &&
             (!std::is_constructible_v<unexpected<E>, expected<U, G>>) &&
             (!std::is_constructible_v<unexpected<E>, const expected<U, G>&>) &&
             (!std::is_constructible_v<unexpected<E>, const expected<U, G>>)
  constexpr explicit(!std::is_convertible_v<G, E>) expected(expected<U, G>&& other)
      : has_value_(other.has_value()) {
    if (!has_value_) std::construct_at(std::addressof(error_), std::move(other.error()));
  }

  template <class G>
    requires std::is_constructible_v<E, const G&>
  constexpr explicit(!std::is_convertible_v<const G&, E>) expected(const unexpected<G>& e) noexcept(
      std::is_nothrow_constructible_v<E, const G&>)
      : error_(e.error()), has_value_(false) {}

  template <class G>
    requires std::is_constructible_v<E, G>
  constexpr explicit(!std::is_convertible_v<G, E>) expected(unexpected<G>&& e) noexcept(
      std::is_nothrow_constructible_v<E, G>)
      : error_(std::move(e).error()), has_value_(false) {}

  constexpr explicit expected(std::in_place_t) noexcept : has_value_(true) {}

  template <class... Args>
    requires std::is_constructible_v<E, Args...>
  constexpr explicit expected(unexpect_t, Args&&... args) noexcept(
      std::is_nothrow_constructible_v<E, Args...>)
      : error_(std::forward<Args>(args)...), has_value_(false) {}

  template <class U, class... Args>
    requires std::is_constructible_v<E, std::initializer_list<U>&, Args...>
  constexpr explicit expected(unexpect_t, std::initializer_list<U> il, Args&&... args) noexcept(
      std::is_nothrow_constructible_v<E, std::initializer_list<U>&, Args...>)
      : error_(il, std::forward<Args>(args)...), has_value_(false) {}

  constexpr ~expected() {
    if (!has_value_) std::destroy_at(std::addressof(error_));
  }

  constexpr expected& operator=(const expected& other) noexcept(
      std::is_nothrow_copy_constructible_v<E> && std::is_nothrow_copy_assignable_v<E>)
    requires std::is_copy_assignable_v<E> && std::is_copy_constructible_v<E>
  {
    if (other.has_value_)
      emplace();
    else
      assign_error(other.error_);
    return *this;
  }

  constexpr expected& operator=(expected&& other) noexcept(
      std::is_nothrow_move_constructible_v<E> && std::is_nothrow_move_assignable_v<E>)
    requires std::is_move_assignable_v<E> && std::is_move_constructible_v<E>
  {
    if (other.has_value_)
      emplace();
    else
      assign_error(std::move(other.error_));
    return *this;
  }

  template <class G>
    requires std::is_constructible_v<E, const G&> && std::is_assignable_v<E&, const G&>
  constexpr expected& operator=(const unexpected<G>& e) {
    assign_error(e.error());
    return *this;
  }

  template <class G>
    requires std::is_constructible_v<E, G> && std::is_assignable_v<E&, G>
  constexpr expected& operator=(unexpected<G>&& e) {
    assign_error(std::move(e).error());
    return *this;
  }

  // Becomes success.
  constexpr void emplace() noexcept {
    if (!has_value_) {
      std::destroy_at(std::addressof(error_));
      has_value_ = true;
    }
  }

  constexpr void swap(expected& other) noexcept(
      std::is_nothrow_move_constructible_v<E> && std::is_nothrow_swappable_v<E>)
    requires std::is_swappable_v<E> && std::is_move_constructible_v<E>
  {
    using std::swap;
    if (has_value_ && other.has_value_) return;
    if (!has_value_ && !other.has_value_) {
      swap(error_, other.error_);
      return;
    }
    expected& with_error = has_value_ ? other : *this;
    expected& with_value = has_value_ ? *this : other;
    std::construct_at(std::addressof(with_value.error_), std::move(with_error.error_));
    std::destroy_at(std::addressof(with_error.error_));
    with_value.has_value_ = false;
    with_error.has_value_ = true;
  }
  friend constexpr void swap(expected& a, expected& b) noexcept(noexcept(a.swap(b)))
    requires std::is_swappable_v<E> && std::is_move_constructible_v<E>
  {
    a.swap(b);
  }

  constexpr explicit operator bool() const noexcept { return has_value_; }
  constexpr bool has_value() const noexcept { return has_value_; }
  constexpr void operator*() const noexcept {}

  // Throws bad_expected_access<E> holding a copy of the error when there is one.
  constexpr void value() const& {
    if (!has_value_) throw bad_expected_access<E>(error_);
  }
  constexpr void value() && {
    if (!has_value_) throw bad_expected_access<E>(std::move(error_));
  }

  constexpr const E& error() const& noexcept { return error_; }
  constexpr E& error() & noexcept { return error_; }
  constexpr const E&& error() const&& noexcept { return std::move(error_); }
  constexpr E&& error() && noexcept { return std::move(error_); }

  template <class T2, class E2>
    requires std::is_void_v<T2>
  friend constexpr bool operator==(const expected& a, const expected<T2, E2>& b) {
    if (a.has_value() != b.has_value()) return false;
    return a.has_value() || bool(a.error() == b.error());
  }
  template <class E2>
  friend constexpr bool operator==(const expected& a, const unexpected<E2>& e) {
    return !a.has_value() && bool(a.error() == e.error());
  }

 private:
  template <class G>
  constexpr void assign_error(G&& e) {
    if (has_value_) {
      std::construct_at(std::addressof(error_), std::forward<G>(e));
      has_value_ = false;
    } else {
      error_ = std::forward<G>(e);
    }
  }

  union {
    E error_;
  };
  bool has_value_;
};

}  // namespace kp::fallback

#if !defined(__cpp_lib_expected)
namespace kp {
using fallback::bad_expected_access;
using fallback::expected;
using fallback::unexpect;
using fallback::unexpect_t;
using fallback::unexpected;
}  // namespace kp
#endif
