# The coordination views (issue 19): their models headless, without a server;
# the views live in a cluster tab on both servers with the real Curator,
# ZooKeeper-recipe and kazoo contenders of tests/readers (its helpers, reused:
# the JVM's classes come from tests/readers' reader_interop_java), the watch
# budget, and screenshots of both views (under xvfb-run, like tst_screenshots).
zs_add_qtest(NAME tst_coordination_models LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_coordination_models.cpp
  LIBS zooscope_ui_models)

add_executable(tst_coordination_views ${CMAKE_CURRENT_LIST_DIR}/tst_coordination_views.cpp)
set_target_properties(tst_coordination_views PROPERTIES AUTOMOC ON)
target_link_libraries(tst_coordination_views PRIVATE Qt6::Core Qt6::Test Qt6::Widgets zooscope_ui_widgets
  zooscope_test_support zookeeper_c_client)
target_include_directories(tst_coordination_views PRIVATE ${CMAKE_SOURCE_DIR}/tests/readers
  ${CMAKE_SOURCE_DIR}/tests/clients ${CMAKE_SOURCE_DIR}/tests/ctl)
target_compile_definitions(tst_coordination_views PRIVATE
  ZS_READER_JAVA_CLASSES="${CMAKE_BINARY_DIR}/tests/readers/java"
  ZS_READERS_SOURCE_DIR="${CMAKE_SOURCE_DIR}/tests/readers" ZS_CLIENTS_SOURCE_DIR="${CMAKE_SOURCE_DIR}/tests/clients"
  ZS_LRELEASE="$<TARGET_FILE:Qt6::lrelease>")
add_dependencies(tst_coordination_views reader_interop_java zooscope-server zooscope-ctl)
add_test(NAME tst_coordination_views
  COMMAND ${ZS_XVFB_RUN} -a -s "-screen 0 1400x900x24" $<TARGET_FILE:tst_coordination_views>)
set_tests_properties(tst_coordination_views PROPERTIES LABELS gui TIMEOUT ${ZS_BUDGET_gui}
  ENVIRONMENT "QT_QPA_PLATFORM=xcb;ZS_SCREENSHOT_DIR=${CMAKE_BINARY_DIR}/screenshots;ZS_BIN_DIR=${CMAKE_BINARY_DIR}/bin;ZS_SOURCE_DIR=${CMAKE_SOURCE_DIR}")

# The Partitions view (its ring, the Kafka broker table) live on both servers
# with a stream job run by core's Workers, a real kazoo SetPartitioner and a
# Kafka layout the test writes; screenshots of the ring settled and moving.
add_executable(tst_partitions_view ${CMAKE_CURRENT_LIST_DIR}/tst_partitions_view.cpp)
set_target_properties(tst_partitions_view PROPERTIES AUTOMOC ON)
target_link_libraries(tst_partitions_view PRIVATE Qt6::Core Qt6::Test Qt6::Widgets zooscope_ui_widgets
  zooscope_test_support zooscope_stream zooscope_recipes)
target_include_directories(tst_partitions_view PRIVATE ${CMAKE_SOURCE_DIR}/tests/ctl ${CMAKE_CURRENT_LIST_DIR})
target_compile_definitions(tst_partitions_view PRIVATE ZS_LRELEASE="$<TARGET_FILE:Qt6::lrelease>")
add_dependencies(tst_partitions_view zooscope-server zooscope-ctl)
add_test(NAME tst_partitions_view
  COMMAND ${ZS_XVFB_RUN} -a -s "-screen 0 1400x900x24" $<TARGET_FILE:tst_partitions_view>)
set_tests_properties(tst_partitions_view PROPERTIES LABELS gui TIMEOUT ${ZS_BUDGET_gui}
  ENVIRONMENT "QT_QPA_PLATFORM=xcb;ZS_SCREENSHOT_DIR=${CMAKE_BINARY_DIR}/screenshots;ZS_BIN_DIR=${CMAKE_BINARY_DIR}/bin;ZS_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
zs_add_qtest(NAME tst_partitions_models LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_partitions_models.cpp
  LIBS zooscope_ui_widgets)
