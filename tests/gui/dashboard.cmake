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
# The UI's wordings of the monitor's notes and of a process exit, with the
# zh_CN catalogue compiled as the app embeds it.
zs_add_qtest(NAME tst_note_wording LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_note_wording.cpp
  LIBS zooscope_ui_text)
target_include_directories(tst_note_wording PRIVATE ${CMAKE_SOURCE_DIR}/tests/support)  # marking_translator.h
target_compile_definitions(tst_note_wording PRIVATE ZS_LRELEASE="$<TARGET_FILE:Qt6::lrelease>")
