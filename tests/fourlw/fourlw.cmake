# Four-letter words: the engine's answers against Apache ZooKeeper 3.8's, by
# shape and by the counts that must agree.
zs_add_qtest(NAME tst_four_letter_words LABEL conformance
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_four_letter_words.cpp
  LIBS zooscope_test_support zookeeper_c_client)
