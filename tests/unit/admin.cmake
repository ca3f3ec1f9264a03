# zooscope::admin (core/admin). tst_admin_format needs no server (unit: the
# export format, its JSON/base64 pieces, compare, the delete guard; it reads
# core/admin/json.h, the format's own codec on nlohmann_json). tst_admin runs
# every case on Apache ZooKeeper 3.8 and on the in-process engine, plus
# cross-server cases (conformance: one JVM per binary).
zs_add_qtest(NAME tst_admin_format LABEL unit SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_admin_format.cpp
  LIBS zooscope_admin)
zs_add_qtest(NAME tst_admin LABEL conformance SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_admin.cpp
  LIBS zooscope_admin zooscope_test_support)
