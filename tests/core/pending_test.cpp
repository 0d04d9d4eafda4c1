#include "core/pending.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace kp {
namespace {

TEST(Pending, CallbackRegisteredBeforeTheResultRunsWhenItArrives) {
  Pending p;
  int calls = 0;
  bool ok = false;
  p.then([&](const Status& st) {
    ++calls;
    ok = st.has_value();
  });
  EXPECT_EQ(calls, 0);
  p.resolve({});
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(ok);
  p.resolve(fail(ErrorKind::internal, "late"));  // ignored: the result is set once
  EXPECT_EQ(calls, 1);
}

TEST(Pending, CallbackRegisteredAfterTheResultRunsAtOnceWithIt) {
  Pending p;
  p.resolve(fail(ErrorKind::unavailable, "disk full"));
  bool failed = false;
  p.then([&](const Status& st) { failed = !st.has_value(); });
  EXPECT_TRUE(failed);
  EXPECT_FALSE(p.wait().has_value());
}

TEST(Pending, WaitReturnsWhenAnotherThreadResolves) {
  Pending p;
  std::thread t([&] { p.resolve({}); });
  EXPECT_TRUE(p.wait().has_value());
  t.join();
}

TEST(Pending, AllResolvesAfterEveryPartWithTheFirstFailure) {
  auto a = std::make_shared<Pending>(), b = std::make_shared<Pending>(), c = std::make_shared<Pending>();
  auto joined = Pending::all({a, nullptr, b, c});
  bool done = false;
  Status result;
  joined->then([&](const Status& st) {
    done = true;
    result = st;
  });
  a->resolve({});
  b->resolve(fail(ErrorKind::unavailable, "first"));
  EXPECT_FALSE(done);
  c->resolve(fail(ErrorKind::internal, "second"));
  ASSERT_TRUE(done);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().message, "first");
  EXPECT_TRUE(Pending::all({})->wait().has_value());
}

}  // namespace
}  // namespace kp
