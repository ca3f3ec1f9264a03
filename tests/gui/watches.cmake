# The Watches view (issue 19): its model headless, the view live in a cluster
# tab on Apache ZooKeeper 3.8, the engine and a ZooKeeper that refuses the
# words (its AdminServer), compared with zooscope-ctl; screenshots under
# xvfb-run, like tst_coordination_views.
add_executable(tst_watches_view ${CMAKE_CURRENT_LIST_DIR}/tst_watches_view.cpp)
set_target_properties(tst_watches_view PROPERTIES AUTOMOC ON)
target_link_libraries(tst_watches_view PRIVATE Qt6::Core Qt6::Test Qt6::Widgets zooscope_ui_widgets
  zooscope_test_support)
target_include_directories(tst_watches_view PRIVATE ${CMAKE_SOURCE_DIR}/tests/ctl)
target_compile_definitions(tst_watches_view PRIVATE ZS_LRELEASE="$<TARGET_FILE:Qt6::lrelease>")
add_dependencies(tst_watches_view zooscope-ctl)
add_test(NAME tst_watches_view
  COMMAND ${ZS_XVFB_RUN} -a -s "-screen 0 1400x900x24" $<TARGET_FILE:tst_watches_view>)
set_tests_properties(tst_watches_view PROPERTIES LABELS gui TIMEOUT ${ZS_BUDGET_gui}
  ENVIRONMENT "QT_QPA_PLATFORM=xcb;ZS_SCREENSHOT_DIR=${CMAKE_BINARY_DIR}/screenshots;ZS_BIN_DIR=${CMAKE_BINARY_DIR}/bin;ZS_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
