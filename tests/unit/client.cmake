# zooscope::client. tst_client_text needs no server (unit). tst_client builds
# twice with the same cases: against Apache ZooKeeper and against the engine
# (conformance: each starts its own servers; one JVM per binary).
zs_add_qtest(NAME tst_client_text LABEL unit SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_client_text.cpp
  LIBS zooscope_client)
foreach(_server zookeeper engine)
  # zookeeper_c_client: the test calls zoo_deterministic_conn_order to put
  # dead or proxied hosts first in multi-host connect strings.
  zs_add_qtest(NAME tst_client_${_server} LABEL conformance SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_client.cpp
    LIBS zooscope_client zooscope_test_support zookeeper_c_client)
  target_compile_definitions(tst_client_${_server} PRIVATE ZS_CLIENT_SERVER="${_server}")
endforeach()
# The kill -9 case runs the engine as a process (with its data dir, so it
# restarts with the sessions and nodes it had).
add_dependencies(tst_client_engine zooscope-server)
