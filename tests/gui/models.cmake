# ClientAdapter and ZnodeTreeModel (owner: UI-A). Both binaries start Apache
# ZooKeeper once and the in-process engine, and run every case on both.
# (zooscope_ui_models for the CreateModeCache the adapter's creates feed.)
zs_add_qtest(NAME tst_client_adapter LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_client_adapter.cpp
  LIBS zooscope_ui_adapter zooscope_ui_models zooscope_test_support)
# zookeeper_c_client: zoo_deterministic_conn_order puts the cuttable proxy first.
zs_add_qtest(NAME tst_znode_tree_model LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_znode_tree_model.cpp
  LIBS zooscope_ui_models zooscope_test_support zookeeper_c_client)
# LogModel and the log panel's LogLevelFilter under QAbstractItemModelTester; no server.
zs_add_qtest(NAME tst_log_model LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_log_model.cpp
  LIBS zooscope_ui_models)
