# Node panel (owner: UI-B). Format/merge/ACL logic headless; the panel and its
# dialogs against Apache ZooKeeper and the in-process engine (one binary, every
# case on both), with screenshots under build/screenshots.
zs_add_qtest(NAME tst_data_format LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_data_format.cpp
  LIBS zooscope_ui_text)
zs_add_qtest(NAME tst_three_way LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_three_way.cpp
  LIBS zooscope_ui_text)
zs_add_qtest(NAME tst_acl_model LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_acl_model.cpp
  LIBS zooscope_ui_models)
zs_add_qtest(NAME tst_node_panel LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_node_panel.cpp
  LIBS zooscope_ui_widgets zooscope_test_support)
target_compile_definitions(tst_node_panel PRIVATE ZS_SCREENSHOT_DIR="${CMAKE_BINARY_DIR}/screenshots")

# The main window's keychain fallback (sidebar -> keychain -> session-only
# password -> authenticated tab) on both servers. Same environment as the
# no-keychain run of tst_keychain (app.cmake): D-Bus unreachable and a
# throw-away HOME whose files the test scans for the password.
zs_add_qtest(NAME tst_window_keychain LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_window_keychain.cpp
  LIBS zooscope_ui_widgets zooscope_ui_logging zooscope_test_support)
set(_wkc_home ${CMAKE_CURRENT_BINARY_DIR}/window-keychain-none-home)
file(MAKE_DIRECTORY ${_wkc_home})
set_property(TEST tst_window_keychain APPEND PROPERTY ENVIRONMENT
  HOME=${_wkc_home} XDG_CONFIG_HOME=${_wkc_home}/.config XDG_DATA_HOME=${_wkc_home}/.local/share
  DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/zooscope-test-bus)
