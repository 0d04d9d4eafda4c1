// Replaces gtest_main (the archive member is not linked once main is defined here) so that
// a PostgreSQL run without a server exits 77, which ctest reports as skipped.
#include <gtest/gtest.h>

#include <cstdio>

#include "store/test_db.hpp"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (kp::test::missing_postgres()) {
    std::fprintf(stderr, "KP_TEST_ENGINE=postgres but KP_TEST_PG_URL is not set: skipped\n");
    return kp::test::kSkipped;
  }
  return RUN_ALL_TESTS();
}
