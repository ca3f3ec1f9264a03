# zoo.cfg parser (core/config): pure parsing plus loadZooCfg on temp dirs.
zs_add_qtest(NAME tst_zoo_cfg LABEL unit
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tst_zoo_cfg.cpp
  LIBS zooscope_config)
