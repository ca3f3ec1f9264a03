# Node panel (owner: UI-B). Format/merge/ACL logic headless; the panel and its
# dialogs against Apache ZooKeeper and the in-process engine (one binary, every
# case on both), with screenshots under build/screenshots.
zs_add_qtest(NAME tst_data_format LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_data_format.cpp
  LIBS zooscope_ui_models)
zs_add_qtest(NAME tst_three_way LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_three_way.cpp
  LIBS zooscope_ui_models)
zs_add_qtest(NAME tst_acl_model LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_acl_model.cpp
  LIBS zooscope_ui_models)
zs_add_qtest(NAME tst_node_panel LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_node_panel.cpp
  LIBS zooscope_ui_widgets zooscope_test_support)
target_compile_definitions(tst_node_panel PRIVATE ZS_SCREENSHOT_DIR="${CMAKE_BINARY_DIR}/screenshots")
