# Browser tests (e2e/run.sh): Debian's Chromium driven by playwright-core, axe-core on every
# page, against the server of the build it is registered in (normal or sanitizer). Needs node
# and node_modules; reports "skipped" (77) when
# Chromium, node or node_modules are missing. Run alone with: ctest -L e2e
add_test(NAME browser COMMAND bash ${CMAKE_SOURCE_DIR}/e2e/run.sh ${CMAKE_BINARY_DIR})
set_tests_properties(browser PROPERTIES
  LABELS e2e
  TIMEOUT 600
  SKIP_RETURN_CODE 77
  RUN_SERIAL TRUE)
