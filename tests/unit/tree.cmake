# Tests of core/tree's self-contained pieces: path validation, ACL/auth
# providers and the watch manager. Pure in-process, no server.
zs_add_qtest(NAME tst_path_utils LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_path_utils.cpp
  LIBS zooscope_core zooscope_core_internal)
zs_add_qtest(NAME tst_acl LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_acl.cpp
  LIBS zooscope_core zooscope_core_internal)
zs_add_qtest(NAME tst_watch_manager LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_watch_manager.cpp
  LIBS zooscope_core zooscope_core_internal)
