// kp::fallback::expected (core/expected_fallback.hpp, what clang 14 builds the fuzz targets
// with) must behave like std::expected (what g++ builds everything else with). Every typed
// test below runs the same body against both when the standard library has <expected>; the
// fuzz build (clang) compiles this file too and then runs it against the fallback alone.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>
#include <version>

#include "core/expected_fallback.hpp"
#if defined(__cpp_lib_expected)
#include <expected>
#endif

namespace {

// The two implementations behind one name each, so a test body reads like ordinary code.
struct Fallback {
  template <class T, class E>
  using expected = kp::fallback::expected<T, E>;
  template <class E>
  using unexpected = kp::fallback::unexpected<E>;
  template <class E>
  using bad_access = kp::fallback::bad_expected_access<E>;
  static constexpr const auto& unexpect = kp::fallback::unexpect;
};
#if defined(__cpp_lib_expected)
struct Std {
  template <class T, class E>
  using expected = std::expected<T, E>;
  template <class E>
  using unexpected = std::unexpected<E>;
  template <class E>
  using bad_access = std::bad_expected_access<E>;
  static constexpr const auto& unexpect = std::unexpect;
};
using Impls = ::testing::Types<Std, Fallback>;
#else
using Impls = ::testing::Types<Fallback>;
#endif

// Shaped like kp::Error: an aggregate with strings, built with braces.
struct Err {
  int code = 0;
  std::string message;
  bool operator==(const Err&) const = default;
};

// Counts live objects and how they came to be, to catch leaks, double destruction and a
// copy where a move was due.
struct Tracked {
  static inline int live = 0, copies = 0, moves = 0;
  static void reset() { live = copies = moves = 0; }
  int v = 0;
  explicit Tracked(int x) : v(x) { ++live; }
  Tracked(const Tracked& o) : v(o.v) { ++live; ++copies; }
  Tracked(Tracked&& o) noexcept : v(o.v) { o.v = -1; ++live; ++moves; }
  Tracked& operator=(const Tracked& o) { v = o.v; ++copies; return *this; }
  Tracked& operator=(Tracked&& o) noexcept { v = o.v; o.v = -1; ++moves; return *this; }
  ~Tracked() { --live; }
};

// Copying throws when asked to; moving never does.
struct CopyThrows {
  static inline bool armed = false;
  int v = 0;
  explicit CopyThrows(int x) : v(x) {}
  CopyThrows(const CopyThrows& o) : v(o.v) {
    if (armed) throw std::runtime_error("copy");
  }
  CopyThrows(CopyThrows&&) noexcept = default;
  CopyThrows& operator=(const CopyThrows& o) {
    if (armed) throw std::runtime_error("copy");
    v = o.v;
    return *this;
  }
  CopyThrows& operator=(CopyThrows&&) noexcept = default;
};

template <class I>
class Expected : public ::testing::Test {
 protected:
  void SetUp() override { Tracked::reset(); }
  void TearDown() override { EXPECT_EQ(Tracked::live, 0) << "an object leaked or died twice"; }
};
TYPED_TEST_SUITE(Expected, Impls);

// ---- the type traits code relies on (overload resolution, containers, Result<T>) ----------

template <class I>
constexpr bool traits_hold() {
  using EI = typename I::template expected<int, Err>;
  using ES = typename I::template expected<std::string, Err>;
  using EU = typename I::template expected<std::unique_ptr<int>, Err>;
  using EV = typename I::template expected<void, Err>;
  using UE = typename I::template unexpected<Err>;
  static_assert(std::is_default_constructible_v<EI> && std::is_default_constructible_v<EV>);
  static_assert(std::is_copy_constructible_v<ES> && std::is_copy_assignable_v<ES>);
  static_assert(!std::is_copy_constructible_v<EU> && !std::is_copy_assignable_v<EU>);
  static_assert(std::is_move_constructible_v<EU> && std::is_move_assignable_v<EU>);
  static_assert(std::is_nothrow_move_constructible_v<ES>);  // so vector<Result> moves
  static_assert(std::is_convertible_v<const char*, ES>);    // return "text";
  static_assert(std::is_convertible_v<UE, ES> && std::is_convertible_v<UE, EV>);
  static_assert(std::is_convertible_v<typename I::template unexpected<const char*>,
                                      typename I::template expected<int, std::string>>);
  // unexpected's constructor from the error is explicit; an int is not a Result<string>'s
  // error and a string is not convertible to an int value.
  static_assert(!std::is_convertible_v<Err, UE> && std::is_constructible_v<UE, Err>);
  static_assert(!std::is_constructible_v<EI, std::string>);
  static_assert(!std::is_convertible_v<Err, EI>);
  // explicit(…) follows the value's conversion: unique_ptr from a raw pointer is explicit.
  static_assert(std::is_constructible_v<EU, int*> && !std::is_convertible_v<int*, EU>);
  static_assert(!std::is_convertible_v<ES, bool> && std::is_constructible_v<bool, ES>);
  static_assert(std::is_same_v<typename ES::value_type, std::string> &&
                std::is_same_v<typename ES::error_type, Err> &&
                std::is_same_v<typename ES::unexpected_type, UE>);
  static_assert(std::is_same_v<decltype(*std::declval<ES&&>()), std::string&&>);
  static_assert(std::is_same_v<decltype(std::declval<const ES&>().error()), const Err&>);
  return true;
}
static_assert(traits_hold<Fallback>());
#if defined(__cpp_lib_expected)
static_assert(traits_hold<Std>());
#endif

// Usable in constant expressions, as std::expected is.
constexpr int constexpr_roundtrip() {
  kp::fallback::expected<int, int> a = 4;
  kp::fallback::expected<int, int> b = kp::fallback::unexpected(7);
  a = b;
  b = 5;
  kp::fallback::expected<void, int> v;
  v = kp::fallback::unexpected(1);
  v.emplace();
  return (a ? 0 : a.error()) + *b + (v ? 100 : 0);
}
static_assert(constexpr_roundtrip() == 112);

// ---- construction and observers ------------------------------------------------------------

TYPED_TEST(Expected, DefaultConstructsAValueInitialisedValue) {
  typename TypeParam::template expected<int, Err> e;
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(static_cast<bool>(e));
  EXPECT_EQ(*e, 0);
  EXPECT_EQ(e.value(), 0);
}

TYPED_TEST(Expected, HoldsAValueFromAnImplicitConversion) {
  auto make = []() -> typename TypeParam::template expected<std::string, Err> { return "hei"; };
  auto e = make();
  ASSERT_TRUE(e);
  EXPECT_EQ(*e, "hei");
  EXPECT_EQ(e->size(), 3u);
  EXPECT_EQ(e.value(), "hei");
  e->append("!");
  EXPECT_EQ(*e, "hei!");
}

TYPED_TEST(Expected, HoldsAnErrorFromUnexpectedLvalueAndRvalue) {
  using E = typename TypeParam::template expected<int, Err>;
  using U = typename TypeParam::template unexpected<Err>;
  const U u(Err{3, "bad"});
  E from_lvalue = u;
  E from_rvalue = U(Err{4, "worse"});
  ASSERT_FALSE(from_lvalue.has_value());
  EXPECT_FALSE(static_cast<bool>(from_rvalue));
  EXPECT_EQ(from_lvalue.error(), (Err{3, "bad"}));
  EXPECT_EQ(from_rvalue.error().message, "worse");
  EXPECT_EQ(u.error().message, "bad");  // copying from a const unexpected leaves it alone
}

TYPED_TEST(Expected, ConvertsUnexpectedOfAnotherErrorType) {
  typename TypeParam::template expected<int, std::string> e =
      typename TypeParam::template unexpected<const char*>("nope");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error(), "nope");
}

TYPED_TEST(Expected, ConvertsFromExpectedOfOtherTypes) {
  typename TypeParam::template expected<const char*, const char*> v = "value";
  typename TypeParam::template expected<const char*, const char*> u =
      typename TypeParam::template unexpected<const char*>("error");
  typename TypeParam::template expected<std::string, std::string> sv = v, su = std::move(u);
  EXPECT_EQ(*sv, "value");
  EXPECT_EQ(su.error(), "error");
}

TYPED_TEST(Expected, InPlaceAndUnexpectTagsBuildInPlace) {
  using E = typename TypeParam::template expected<std::string, Err>;
  E v(std::in_place, 3, 'x');
  // Err{…}: clang 14 has no parenthesised aggregate initialisation (P0960), g++ 12 has.
  E e(TypeParam::unexpect, Err{9, "nine"});
  E l(std::in_place, {'a', 'b'});
  EXPECT_EQ(*v, "xxx");
  EXPECT_EQ(*l, "ab");
  EXPECT_EQ(e.error(), (Err{9, "nine"}));
}

TYPED_TEST(Expected, ValueThrowsBadExpectedAccessCarryingTheError) {
  using E = typename TypeParam::template expected<int, Err>;
  E e = typename TypeParam::template unexpected<Err>(Err{5, "five"});
  try {
    (void)e.value();
    FAIL() << "value() did not throw";
  } catch (const typename TypeParam::template bad_access<Err>& ex) {
    EXPECT_EQ(ex.error(), (Err{5, "five"}));
    EXPECT_NE(std::string(ex.what()), "");
  }
  EXPECT_EQ(e.error().message, "five");  // the lvalue overload copies
  try {
    (void)std::move(e).value();
    FAIL() << "value() did not throw";
  } catch (const std::exception&) {
  }
  const E c = typename TypeParam::template unexpected<Err>(Err{6, "six"});
  EXPECT_THROW((void)c.value(), typename TypeParam::template bad_access<Err>);
}

TYPED_TEST(Expected, ValueOrCopiesFromLvaluesAndMovesFromRvalues) {
  using E = typename TypeParam::template expected<std::string, Err>;
  E v = std::string(40, 'v');
  E e = typename TypeParam::template unexpected<Err>(Err{});
  EXPECT_EQ(v.value_or("other"), std::string(40, 'v'));
  EXPECT_EQ(e.value_or("other"), "other");
  EXPECT_EQ(*v, std::string(40, 'v'));
  EXPECT_EQ(std::move(v).value_or("other"), std::string(40, 'v'));
  EXPECT_TRUE(v->empty());  // moved from
}

TYPED_TEST(Expected, RvalueObserversMoveOut) {
  using E = typename TypeParam::template expected<std::string, std::string>;
  E v = std::string(40, 'v');
  std::string taken = *std::move(v);
  EXPECT_EQ(taken.size(), 40u);
  EXPECT_TRUE(v->empty());
  E e = typename TypeParam::template unexpected<std::string>(std::string(40, 'e'));
  std::string err = std::move(e).error();
  EXPECT_EQ(err.size(), 40u);
  EXPECT_TRUE(e.error().empty());
}

TYPED_TEST(Expected, MoveOnlyValuesMove) {
  using E = typename TypeParam::template expected<std::unique_ptr<int>, Err>;
  E a(std::make_unique<int>(7));
  E b = std::move(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(**b, 7);
  EXPECT_EQ(a->get(), nullptr);
  std::vector<E> many;
  for (int i = 0; i < 20; ++i) many.emplace_back(std::make_unique<int>(i));
  EXPECT_EQ(*many[19].value(), 19);
}

// ---- copy, move, assignment across the two states -----------------------------------------

TYPED_TEST(Expected, CopiesAndMovesKeepTheStateAndDestroyEverything) {
  using E = typename TypeParam::template expected<Tracked, Tracked>;
  using U = typename TypeParam::template unexpected<Tracked>;
  {
    E v(std::in_place, 1);
    E e(U(Tracked(2)));
    E v2 = v;
    E e2 = e;
    E v3 = std::move(v);
    E e3 = std::move(e);
    EXPECT_EQ(v2->v, 1);
    EXPECT_EQ(e2.error().v, 2);
    EXPECT_EQ(v3->v, 1);
    EXPECT_EQ(e3.error().v, 2);
    EXPECT_EQ(v->v, -1);  // moved from, still a value
    EXPECT_EQ(e.error().v, -1);
    EXPECT_EQ(Tracked::live, 6);
  }
  EXPECT_EQ(Tracked::live, 0);
}

TYPED_TEST(Expected, AssignmentSwitchesStateWithoutLeaking) {
  using E = typename TypeParam::template expected<Tracked, Tracked>;
  using U = typename TypeParam::template unexpected<Tracked>;
  E a(std::in_place, 1);
  E b(U(Tracked(2)));
  a = b;  // value ← error (copy)
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().v, 2);
  a = Tracked(3);  // error ← value
  ASSERT_TRUE(a);
  EXPECT_EQ(a->v, 3);
  a = U(Tracked(4));  // value ← unexpected
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().v, 4);
  const U u(Tracked(5));
  a = u;  // error ← error (assign, no state change)
  EXPECT_EQ(a.error().v, 5);
  E c(std::in_place, 6);
  a = std::move(c);  // error ← value (move)
  ASSERT_TRUE(a);
  EXPECT_EQ(a->v, 6);
  E& same = a;
  a = same;  // self-assignment keeps the value
  EXPECT_EQ(a->v, 6);
  EXPECT_EQ(Tracked::live, 4);  // a, b's error, u's error, c (moved-from value)
}

TYPED_TEST(Expected, AssignmentThatThrowsKeepsTheOldState) {
  using E = typename TypeParam::template expected<CopyThrows, Err>;
  const CopyThrows source(8);
  E e = typename TypeParam::template unexpected<Err>(Err{1, "old"});
  CopyThrows::armed = true;
  EXPECT_THROW(e = source, std::runtime_error);
  CopyThrows::armed = false;
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error(), (Err{1, "old"}));
}

TYPED_TEST(Expected, EmplaceReplacesWhateverIsHeld) {
  using E = typename TypeParam::template expected<Tracked, Tracked>;
  E e(TypeParam::unexpect, 1);
  Tracked& t = e.emplace(Tracked(2));
  EXPECT_EQ(t.v, 2);
  ASSERT_TRUE(e);
  e.emplace(Tracked(3));
  EXPECT_EQ(e->v, 3);
  EXPECT_EQ(Tracked::live, 1);
}

TYPED_TEST(Expected, SwapCoversAllFourStateCombinations) {
  using E = typename TypeParam::template expected<Tracked, Tracked>;
  E v1(std::in_place, 1), v2(std::in_place, 2), e1(TypeParam::unexpect, 3),
      e2(TypeParam::unexpect, 4);
  swap(v1, v2);
  EXPECT_EQ(v1->v, 2);
  EXPECT_EQ(v2->v, 1);
  swap(e1, e2);
  EXPECT_EQ(e1.error().v, 4);
  EXPECT_EQ(e2.error().v, 3);
  v1.swap(e1);
  ASSERT_FALSE(v1);
  ASSERT_TRUE(e1);
  EXPECT_EQ(v1.error().v, 4);
  EXPECT_EQ(e1->v, 2);
  e2.swap(v2);
  ASSERT_TRUE(e2);
  ASSERT_FALSE(v2);
  EXPECT_EQ(e2->v, 1);
  EXPECT_EQ(v2.error().v, 3);
  EXPECT_EQ(Tracked::live, 4);
}

TYPED_TEST(Expected, ComparesWithExpectedValuesAndUnexpected) {
  using E = typename TypeParam::template expected<int, std::string>;
  using L = typename TypeParam::template expected<long, std::string>;
  using U = typename TypeParam::template unexpected<std::string>;
  const E one = 1, also_one = 1, two = 2, bad = U("bad");
  const L long_one = 1L;
  EXPECT_TRUE(one == also_one);
  EXPECT_FALSE(one == two);
  EXPECT_TRUE(one != two);
  EXPECT_TRUE(one == long_one);
  EXPECT_FALSE(one == bad);
  EXPECT_TRUE(bad == E(U("bad")));
  EXPECT_TRUE(one == 1);
  EXPECT_TRUE(1 == one);
  EXPECT_FALSE(bad == 1);
  EXPECT_TRUE(bad == U("bad"));
  EXPECT_TRUE(U("bad") == bad);
  EXPECT_FALSE(one == U("bad"));
  EXPECT_TRUE(U("x") == U("x"));
  EXPECT_TRUE(U("x") != U("y"));
}

TYPED_TEST(Expected, UnexpectedDeducesSwapsAndMovesItsError) {
  using U = typename TypeParam::template unexpected<std::string>;
  U a(std::string(30, 'a')), b(std::string(30, 'b'));
  swap(a, b);
  EXPECT_EQ(a.error()[0], 'b');
  std::string taken = std::move(a).error();
  EXPECT_EQ(taken.size(), 30u);
  EXPECT_TRUE(a.error().empty());
  U in_place(std::in_place, 3, 'z');
  EXPECT_EQ(in_place.error(), "zzz");
}

// ---- expected<void, E>: what Status is -----------------------------------------------------

TYPED_TEST(Expected, VoidIsSuccessByDefaultAndFromEmptyBraces) {
  using S = typename TypeParam::template expected<void, Err>;
  auto ok = []() -> S { return {}; };
  S a;
  S b = ok();
  EXPECT_TRUE(a.has_value());
  EXPECT_TRUE(static_cast<bool>(b));
  EXPECT_NO_THROW(b.value());
  *b;  // a no-op, as in std
  S c(std::in_place);
  EXPECT_TRUE(c == a);
}

TYPED_TEST(Expected, VoidHoldsAndThrowsItsError) {
  using S = typename TypeParam::template expected<void, Err>;
  using U = typename TypeParam::template unexpected<Err>;
  auto fail = [](bool really) -> S {
    if (really) return U(Err{2, "two"});
    return {};
  };
  S s = fail(true);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), (Err{2, "two"}));
  EXPECT_TRUE(s == U(Err{2, "two"}));
  EXPECT_FALSE(s == S());
  EXPECT_TRUE(fail(false));
  EXPECT_THROW(s.value(), typename TypeParam::template bad_access<Err>);
  EXPECT_EQ(s.error().message, "two");  // the lvalue overload copies
  EXPECT_THROW(std::move(s).value(), typename TypeParam::template bad_access<Err>);
  EXPECT_EQ(s.error().message, "");  // the rvalue overload moves the error out
}

TYPED_TEST(Expected, VoidCopiesAssignsEmplacesAndSwaps) {
  using S = typename TypeParam::template expected<void, Tracked>;
  using U = typename TypeParam::template unexpected<Tracked>;
  S ok;
  S bad = U(Tracked(1));
  S bad2 = bad;
  S moved = std::move(bad2);
  EXPECT_EQ(moved.error().v, 1);
  EXPECT_EQ(bad2.error().v, -1);
  ok = bad;  // success ← error
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().v, 1);
  ok = S();  // error ← success
  EXPECT_TRUE(ok);
  ok = U(Tracked(2));
  EXPECT_EQ(ok.error().v, 2);
  ok.emplace();
  EXPECT_TRUE(ok);
  swap(ok, bad);
  ASSERT_FALSE(ok);
  EXPECT_TRUE(bad);
  EXPECT_EQ(ok.error().v, 1);
  EXPECT_EQ(Tracked::live, 3);  // ok, bad2 (moved from), moved
}

TYPED_TEST(Expected, VoidConvertsFromVoidOfAnotherErrorType) {
  typename TypeParam::template expected<void, const char*> e =
      typename TypeParam::template unexpected<const char*>("x");
  typename TypeParam::template expected<void, std::string> s = e;
  EXPECT_EQ(s.error(), "x");
  typename TypeParam::template expected<void, std::string> t =
      typename TypeParam::template expected<void, const char*>();
  EXPECT_TRUE(t);
}

// ---- the project's patterns: Result<T>, KP_TRY-style propagation ---------------------------

template <class I>
typename I::template expected<int, Err> parse_digit(char c) {
  if (c < '0' || c > '9') return typename I::template unexpected<Err>(Err{1, "not a digit"});
  return c - '0';
}
template <class I>
typename I::template expected<int, Err> sum_digits(const std::string& s) {
  int sum = 0;
  for (char c : s) {
    auto d = parse_digit<I>(c);
    if (!d) return typename I::template unexpected<Err>(d.error());
    sum += *d;
  }
  return sum;
}

TYPED_TEST(Expected, ErrorsPropagateThroughCallers) {
  EXPECT_EQ(*sum_digits<TypeParam>("123"), 6);
  auto bad = sum_digits<TypeParam>("1x3");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "not a digit");
}

#if defined(__cpp_lib_expected)
// The same program produces the same observable results with both implementations.
TEST(ExpectedSideBySide, SameResultsForTheSameInputs) {
  for (const std::string s : {"", "0", "42", "4x2", "x", "99999"}) {
    auto a = sum_digits<Std>(s);
    auto b = sum_digits<Fallback>(s);
    ASSERT_EQ(a.has_value(), b.has_value()) << s;
    if (a)
      EXPECT_EQ(*a, *b) << s;
    else
      EXPECT_EQ(a.error(), b.error()) << s;
    EXPECT_EQ(a.value_or(-1), b.value_or(-1)) << s;
  }
}
#endif

}  // namespace
