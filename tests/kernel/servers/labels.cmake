# Read by ctest after the discovered servers tests are defined: labels them
# `kernel` and `servers` (a list cannot pass through gtest_discover_tests'
# PROPERTIES, which splits it).
foreach(t IN LISTS servers_tests_TESTS)
  set_tests_properties("${t}" PROPERTIES LABELS "kernel;servers" TIMEOUT 120)
endforeach()
