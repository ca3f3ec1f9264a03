# Apache's own clients against the engine (and Apache ZooKeeper for reference):
# zkCli.sh, Curator (tests/clients/java), kazoo (tests/clients/python), cli_mt.
# Each binary starts one client process per server, never one per test case.
foreach(zs_client zkcli curator kazoo cli_mt)
  zs_add_qtest(NAME tst_${zs_client} LABEL clients
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tst_${zs_client}.cpp
    LIBS zooscope_test_support zookeeper_c_client)
  target_compile_definitions(tst_${zs_client} PRIVATE
    ZS_CLIENTS_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
  # The tests run the real zooscope-server binary.
  add_dependencies(tst_${zs_client} zooscope-server)
endforeach()
