# AdminTask / AdminResultModel (owner: UI-D): signals on the GUI thread,
# cancel, result models under QAbstractItemModelTester. Apache ZooKeeper once
# per binary plus the in-process engine; every case runs on both.
zs_add_qtest(NAME tst_admin_task LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_admin_task.cpp
  LIBS zooscope_ui_session zooscope_test_support)

# Subtree operations end to end through the main window (batch and recursive
# delete, cancel, export/import/compare, the guard) on both servers.
find_package(Qt6 REQUIRED COMPONENTS Widgets)
zs_add_qtest(NAME tst_admin_window LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_admin_window.cpp
  LIBS zooscope_ui_widgets zooscope_test_support Qt6::Widgets)
