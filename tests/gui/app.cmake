# UI-C: the application shell (profiles, keychain, app start, screenshots, packaging).

zs_add_qtest(NAME tst_profiles LABEL gui SOURCES tst_profiles.cpp LIBS zooscope_ui_settings zooscope_ui_logging)

# Keychain: one binary, two runs.
# - tst_keychain: no D-Bus at all (an unreachable bus address, a throw-away
#   HOME): the store must fall back to session-only secrets and no file may
#   hold the secret.
# - tst_keychain_secret_service: a private D-Bus session with an unlocked
#   gnome-keyring (the real Secret Service) for the round trip.
zs_add_qtest(NAME tst_keychain LABEL gui SOURCES tst_keychain.cpp LIBS zooscope_ui_settings)
set(_kc_none_home ${CMAKE_CURRENT_BINARY_DIR}/keychain-none-home)
set(_kc_real_home ${CMAKE_CURRENT_BINARY_DIR}/keychain-real-home)
file(MAKE_DIRECTORY ${_kc_none_home} ${_kc_real_home})
set_property(TEST tst_keychain APPEND PROPERTY ENVIRONMENT
  ZS_KEYCHAIN_EXPECT=none HOME=${_kc_none_home} XDG_CONFIG_HOME=${_kc_none_home}/.config
  XDG_DATA_HOME=${_kc_none_home}/.local/share DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/zooscope-test-bus)
zs_secret_service_command(_kc_command tst_keychain)
add_test(NAME tst_keychain_secret_service COMMAND ${_kc_command})
set_tests_properties(tst_keychain_secret_service PROPERTIES LABELS gui TIMEOUT ${ZS_BUDGET_gui}
  ENVIRONMENT "QT_QPA_PLATFORM=offscreen;ZS_KEYCHAIN_EXPECT=real;HOME=${_kc_real_home};XDG_DATA_HOME=${_kc_real_home}/.local/share;XDG_CONFIG_HOME=${_kc_real_home}/.config")

# The app shell against both servers, the executable and the translation.
find_package(Qt6 REQUIRED COMPONENTS Widgets Xml LinguistTools)
zs_add_qtest(NAME tst_app LABEL gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_app.cpp
  LIBS zooscope_ui_widgets zooscope_test_support Qt6::Widgets Qt6::Xml)
target_compile_definitions(tst_app PRIVATE ZS_LUPDATE="$<TARGET_FILE:Qt6::lupdate>")
add_dependencies(tst_app zooscope zooscope-server)

# Packaging: the .deb builds and its desktop entry / metainfo validate; the
# slow variant installs it into a fresh Debian 12 root (debootstrap).
add_test(NAME package_deb_validate
  COMMAND ${CMAKE_SOURCE_DIR}/packaging/check_package.sh validate ${CMAKE_BINARY_DIR})
set_tests_properties(package_deb_validate PROPERTIES LABELS gui TIMEOUT ${ZS_BUDGET_gui})
add_test(NAME package_deb_debootstrap
  COMMAND ${CMAKE_SOURCE_DIR}/packaging/check_package.sh debootstrap ${CMAKE_BINARY_DIR})
set_tests_properties(package_deb_debootstrap PROPERTIES LABELS slow TIMEOUT ${ZS_BUDGET_slow})

# Screenshots under Xvfb: PNGs in <build>/screenshots. Its own target (not
# zs_add_qtest) because the test command runs under xvfb-run.
add_executable(tst_screenshots ${CMAKE_CURRENT_LIST_DIR}/tst_screenshots.cpp)
set_target_properties(tst_screenshots PROPERTIES AUTOMOC ON)
target_link_libraries(tst_screenshots PRIVATE Qt6::Core Qt6::Test Qt6::Widgets zooscope_ui_widgets zooscope_test_support
  zooscope_ensemble)
target_compile_definitions(tst_screenshots PRIVATE ZS_LRELEASE="$<TARGET_FILE:Qt6::lrelease>")
find_program(ZS_XVFB_RUN xvfb-run REQUIRED)
add_test(NAME tst_screenshots
  COMMAND ${ZS_XVFB_RUN} -a -s "-screen 0 1400x900x24" $<TARGET_FILE:tst_screenshots>)
set_tests_properties(tst_screenshots PROPERTIES LABELS gui TIMEOUT ${ZS_BUDGET_gui}
  ENVIRONMENT "QT_QPA_PLATFORM=xcb;ZS_SCREENSHOT_DIR=${CMAKE_BINARY_DIR}/screenshots;ZS_BIN_DIR=${CMAKE_BINARY_DIR}/bin;ZS_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
