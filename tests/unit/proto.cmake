# Tests of core/proto (the ZooKeeper wire codec): round trips, golden bytes
# checked against Java's encoding, damaged input, and framing.
zs_add_qtest(NAME tst_proto LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_proto.cpp
  LIBS zooscope_proto)
