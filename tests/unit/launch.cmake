# core/launch (processes, loopback helpers, relays, temp dirs), in-process
# against sockets of its own. The harness, the ensemble launcher and the demo
# ensembles are built on it.
zs_add_qtest(NAME tst_launch LABEL unit SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_launch.cpp
  LIBS zooscope_launch zooscope_env)
