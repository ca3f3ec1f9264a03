# Demo ensembles in the app (issue 17): started from the window's dialog, broken from the
# server cards and the workload page, screenshots in English and Chinese, and nothing left
# behind when the window goes or the app is killed -9. Under Xvfb (the screenshots; xvfb-run
# is found in app.cmake).
add_executable(tst_demo_window ${CMAKE_CURRENT_LIST_DIR}/tst_demo_window.cpp)
set_target_properties(tst_demo_window PROPERTIES AUTOMOC ON)
target_link_libraries(tst_demo_window PRIVATE Qt6::Core Qt6::Test Qt6::Widgets zooscope_ui_widgets)
target_compile_definitions(tst_demo_window PRIVATE ZS_LRELEASE="$<TARGET_FILE:Qt6::lrelease>")
add_dependencies(tst_demo_window zooscope zooscope-server zooscope-ctl)
add_test(NAME tst_demo_window
  COMMAND ${ZS_XVFB_RUN} -a -s "-screen 0 1400x900x24" $<TARGET_FILE:tst_demo_window>)
set_tests_properties(tst_demo_window PROPERTIES LABELS gui TIMEOUT ${ZS_BUDGET_gui}
  ENVIRONMENT "QT_QPA_PLATFORM=xcb;ZS_SCREENSHOT_DIR=${CMAKE_BINARY_DIR}/screenshots;ZS_BIN_DIR=${CMAKE_BINARY_DIR}/bin;ZS_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
