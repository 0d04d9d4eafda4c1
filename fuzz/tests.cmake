# Bounded libFuzzer runs, one ctest test (label "fuzz") per target, included by
# tests/CMakeLists.txt. The targets are built by clang in build-fuzz/ (scripts/test.sh does it
# before ctest runs; see fuzz/CMakeLists.txt); a missing binary fails its test rather than
# skipping it. Each run lasts KP_FUZZ_SECONDS (default 20) seconds, read when the test runs:
# thirteen targets two at a time is a little over two minutes.
set(KP_FUZZ_BUILD ${CMAKE_SOURCE_DIR}/build-fuzz)
set(KP_FUZZ_DIR ${CMAKE_SOURCE_DIR}/fuzz)

foreach(target target form cookies rrule hsds_import multipart text search_query national_id money base64 phone image)
  set(name fuzz_${target})
  add_test(NAME ${name}
           COMMAND ${KP_FUZZ_DIR}/run-one.sh ${KP_FUZZ_BUILD}/${name} ${KP_FUZZ_DIR}/corpus/${name}
                   ${KP_FUZZ_DIR}/dict/${name}.dict)
  set_tests_properties(${name} PROPERTIES LABELS fuzz)
endforeach()

# The expected fallback as clang builds it (the g++ build tests it in test_core).
add_test(NAME fuzz_expected_fallback_clang COMMAND ${KP_FUZZ_BUILD}/expected_fallback_test)
set_tests_properties(fuzz_expected_fallback_clang PROPERTIES LABELS fuzz)
