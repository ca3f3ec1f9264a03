# zooscope_server: the write pipeline is RequestProcessor (server) over DataTree (tree).
zs_add_qtest(NAME tst_data_tree LABEL unit SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_data_tree.cpp
  LIBS zooscope_server)
