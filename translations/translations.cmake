# Translations of the desktop app (included from app/CMakeLists.txt).
#
# - Build: lrelease turns every .ts here into a .qm embedded in `zooscope`
#   under :/i18n; main.cpp loads the one for the configured or system locale.
# - Update after changing strings: `cmake --build <build> --target update_translations`
#   (lupdate over every source in ui/ and app/main.cpp, no line numbers so the
#   .ts only changes when strings do), then translate what is new.
file(GLOB_RECURSE _zs_tr_sources CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/ui/*.cpp ${CMAKE_SOURCE_DIR}/ui/*.h ${CMAKE_SOURCE_DIR}/app/main.cpp)
set(ZS_TS_FILES ${CMAKE_SOURCE_DIR}/translations/zooscope_zh_CN.ts)
qt_add_translations(zooscope
  TS_FILES ${ZS_TS_FILES}
  SOURCES ${_zs_tr_sources}
  INCLUDE_DIRECTORIES ${CMAKE_SOURCE_DIR}/ui
  RESOURCE_PREFIX /i18n
  LUPDATE_OPTIONS -no-obsolete -locations none)
