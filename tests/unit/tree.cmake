# Tests of the self-contained pieces of core/tree (ACL/auth providers, the
# watch manager) and core/proto's path rules. Pure in-process, no server.
zs_add_qtest(NAME tst_path_utils LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_path_utils.cpp
  LIBS zooscope_proto)
zs_add_qtest(NAME tst_acl LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_acl.cpp
  LIBS zooscope_tree)
zs_add_qtest(NAME tst_watch_manager LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_watch_manager.cpp
  LIBS zooscope_tree)
