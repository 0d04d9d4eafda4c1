// Indirection for std::expected so that the few parser files built by clang 14 for the
// libFuzzer targets (whose libstdc++ <expected> clang 14 cannot compile) can use a fallback.
#pragma once
#include <version>
#if defined(__cpp_lib_expected)
#include <expected>
namespace kp {
using std::expected;
using std::unexpected;
}  // namespace kp
#else
#include "core/expected_fallback.hpp"
#endif
