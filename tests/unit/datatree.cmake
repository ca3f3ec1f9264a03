zs_add_qtest(NAME tst_data_tree LABEL unit SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_data_tree.cpp
  LIBS zooscope_core zooscope_core_internal)
