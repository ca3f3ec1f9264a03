# The console page of a cluster tab (issue 16): zooscope-ctl's commands and
# four-letter words on the tab's connection, the guard, completion, history;
# offscreen, on Apache ZooKeeper and the in-process engine.
find_package(Qt6 REQUIRED COMPONENTS Network)
zs_add_qtest(NAME tst_console LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_console.cpp
  LIBS zooscope_ui_widgets zooscope_test_support Qt6::Network)  # Network: a silent server
