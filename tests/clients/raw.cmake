# Raw-socket client for tests (Qt-free), what servers did with its bytes
# (raw_observe.h), a well-formed body for every opcode (request_bodies.h),
# and the suites that need them: the opcodes the C client cannot send, every
# opcode number, and bad input, each against Apache ZooKeeper and the engine.
add_library(zooscope_raw_client STATIC ${CMAKE_CURRENT_SOURCE_DIR}/raw_client.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/raw_observe.cpp ${CMAKE_CURRENT_SOURCE_DIR}/request_bodies.cpp)
target_include_directories(zooscope_raw_client PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(zooscope_raw_client PUBLIC zooscope_core zooscope_core_internal spdlog::spdlog)

zs_add_qtest(NAME tst_raw_conformance LABEL conformance
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tst_raw_conformance.cpp
  LIBS zooscope_raw_client zooscope_test_support)
zs_add_qtest(NAME tst_bad_input LABEL conformance
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tst_bad_input.cpp
  LIBS zooscope_raw_client zooscope_test_support)
zs_add_qtest(NAME tst_opcode_sweep LABEL conformance
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tst_opcode_sweep.cpp
  LIBS zooscope_raw_client zooscope_test_support)
zs_add_qtest(NAME tst_garbage_stream LABEL conformance
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tst_garbage_stream.cpp
  LIBS zooscope_raw_client zooscope_test_support)
