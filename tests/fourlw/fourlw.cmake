# Four-letter words: the engine's answers against Apache ZooKeeper 3.8's, by
# shape and by the counts that must agree.
zs_add_qtest(NAME tst_four_letter_words LABEL conformance
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_four_letter_words.cpp
  LIBS zooscope_test_support zookeeper_c_client)
# The engine's own word wchk (every watch with its kinds) next to ZooKeeper's
# wchs/wchc, the same watches set on both through raw sockets.
zs_add_qtest(NAME tst_watch_kinds_word LABEL conformance
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_watch_kinds_word.cpp
  LIBS zooscope_raw_client zooscope_test_support zooscope_monitor)
