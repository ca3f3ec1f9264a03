# How ZooScope declares its tests: included once by the top-level
# CMakeLists.txt when ZOOSCOPE_BUILD_TESTS is on, so tests/ and bench/ share
# one zs_add_qtest.
#
# Every test is a QtTest binary run by CTest. Tests link library targets (the
# layer they test); they never re-list source files.
#
# Labels and their time budgets (per test, enforced by the TIMEOUT property;
# the whole default run, i.e. everything but `slow`, is budgeted at 15 min):
#   unit         pure in-process tests            60 s each
#   conformance  engine vs Apache ZooKeeper 3.8   420 s each (one JVM per binary)
#   clients      zkCli.sh, Curator, kazoo, cli_mt 420 s each
#   gui          offscreen / Xvfb                 300 s each
#   ensemble     real-process ensemble faults,    600 s each (3 rounds per fault)
#                both kinds of node
#   stream       the stream workload's worker     300 s each (one round of faults)
#                processes under faults
#   slow         soaks and packaging; outside the default run
find_package(Qt6 REQUIRED COMPONENTS Core Test)

set(ZS_BUDGET_unit 60)
set(ZS_BUDGET_conformance 420)
set(ZS_BUDGET_clients 420)
set(ZS_BUDGET_gui 300)
set(ZS_BUDGET_ensemble 600)
set(ZS_BUDGET_stream 300)
set(ZS_BUDGET_slow 3600)

# What every test process sees: offscreen Qt, where the built executables are
# (the harness runs $ZS_BIN_DIR/zooscope-server) and the source tree.
set(ZS_TEST_ENVIRONMENT "QT_QPA_PLATFORM=offscreen;ZS_BIN_DIR=${CMAKE_BINARY_DIR}/bin;ZS_SOURCE_DIR=${CMAKE_SOURCE_DIR}")

# zs_add_qtest(NAME name LABEL label SOURCES ... LIBS ...)
function(zs_add_qtest)
  cmake_parse_arguments(T "" "NAME;LABEL" "SOURCES;LIBS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  set_target_properties(${T_NAME} PROPERTIES AUTOMOC ON)
  target_link_libraries(${T_NAME} PRIVATE Qt6::Core Qt6::Test ${T_LIBS})
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  set_tests_properties(${T_NAME} PROPERTIES
    LABELS ${T_LABEL}
    TIMEOUT ${ZS_BUDGET_${T_LABEL}}
    ENVIRONMENT "${ZS_TEST_ENVIRONMENT}")
endfunction()
