# Raw-socket client for tests (Qt-free), what servers did with its bytes
# (raw_observe.h), a well-formed body for every opcode (request_bodies.h),
# the reference and candidate servers (server_pair.h), and the suites that
# need them: the opcodes the C client cannot send, every opcode number, bad
# input and a stream of garbage, each against Apache ZooKeeper and the engine.
add_library(zooscope_raw_client STATIC ${CMAKE_CURRENT_SOURCE_DIR}/raw_client.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/raw_observe.cpp ${CMAKE_CURRENT_SOURCE_DIR}/request_bodies.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/server_pair.cpp)
target_include_directories(zooscope_raw_client PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(zooscope_raw_client PUBLIC zooscope_proto zooscope_test_support spdlog::spdlog)

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
