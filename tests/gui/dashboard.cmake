# The ensemble dashboard (issue 16): its poller and models headless, without a
# server; the dashboard end to end on 3-node ensembles the launcher starts
# (the engine, and Apache ZooKeeper with the default whitelist and an
# AdminServer).
zs_add_qtest(NAME tst_ensemble_poller LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_ensemble_poller.cpp
  LIBS zooscope_ui_monitor)
zs_add_qtest(NAME tst_ensemble_model LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_ensemble_model.cpp
  LIBS zooscope_ui_session)
target_include_directories(tst_ensemble_model PRIVATE ${CMAKE_SOURCE_DIR}/tests/monitor  # monitor_fixtures.h
  ${CMAKE_SOURCE_DIR}/tests/support)  # marking_translator.h (header-only)
zs_add_qtest(NAME tst_dashboard LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_dashboard.cpp
  LIBS zooscope_ui_widgets zooscope_ensemble)
add_dependencies(tst_dashboard zooscope-server)
