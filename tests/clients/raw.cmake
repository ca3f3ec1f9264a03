# Raw-socket client for tests (Qt-free) and the suites that need it: the
# opcodes the C client cannot send, and bad input, each against Apache
# ZooKeeper and the engine.
add_library(zooscope_raw_client STATIC ${CMAKE_CURRENT_SOURCE_DIR}/raw_client.cpp)
target_include_directories(zooscope_raw_client PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(zooscope_raw_client PUBLIC zooscope_proto spdlog::spdlog)

zs_add_qtest(NAME tst_raw_conformance LABEL conformance
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tst_raw_conformance.cpp
  LIBS zooscope_raw_client zooscope_test_support)
zs_add_qtest(NAME tst_bad_input LABEL conformance
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tst_bad_input.cpp
  LIBS zooscope_raw_client zooscope_test_support)
