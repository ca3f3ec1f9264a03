# AdminTask / AdminResultModel (owner: UI-D): signals on the GUI thread,
# cancel, result models under QAbstractItemModelTester. Apache ZooKeeper once
# per binary plus the in-process engine; every case runs on both.
zs_add_qtest(NAME tst_admin_task LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_admin_task.cpp
  LIBS zooscope_ui_models zooscope_test_support)
