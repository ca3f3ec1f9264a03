# Tests of core/storage and core/env's file layer: txn codec, log, snapshots,
# recovery, autopurge, and crash/fault injection. Pure in-process, no server.
zs_add_qtest(NAME tst_storage LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_storage.cpp ${CMAKE_CURRENT_LIST_DIR}/tst_storage_workload.cpp
  LIBS zooscope_storage)
zs_add_qtest(NAME tst_storage_crash LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_storage_crash.cpp ${CMAKE_CURRENT_LIST_DIR}/tst_storage_workload.cpp
  LIBS zooscope_storage)
