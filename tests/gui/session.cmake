# One cluster's session without widgets (offscreen, headless): the probes
# (four-letter words per server, latency), the session supervisor (backoff,
# probes, refusals), the write guard and the subtree-operations controller.
# Apache ZooKeeper once per binary where a case runs on both servers, and the
# in-process engine. (Qt6::Network: tst_probes' silent server.)
find_package(Qt6 REQUIRED COMPONENTS Network)
zs_add_qtest(NAME tst_probes LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_probes.cpp
  LIBS zooscope_ui_monitor zooscope_test_support Qt6::Network)
zs_add_qtest(NAME tst_session LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_session.cpp
  LIBS zooscope_ui_session zooscope_test_support)
zs_add_qtest(NAME tst_subtree_operations LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_subtree_operations.cpp
  LIBS zooscope_ui_session zooscope_test_support)
