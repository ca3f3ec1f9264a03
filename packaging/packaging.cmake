# Install rules for the desktop integration and the CPack DEB package
# (included from app/CMakeLists.txt, after the zooscope, zooscope-server and zooscope-ctl targets).
#
#   cmake --build build && (cd build && cpack -G DEB)
#
# The package: /usr/bin/zooscope, /usr/bin/zooscope-server and /usr/bin/zooscope-ctl, the SVG icon,
# the desktop entry and the AppStream metainfo. Depends are computed by
# dpkg-shlibdeps from the binaries; gnome-keyring (a Secret Service) is
# recommended so passwords can be kept.
install(FILES ${CMAKE_SOURCE_DIR}/resources/zooscope.svg
        DESTINATION share/icons/hicolor/scalable/apps)
install(FILES ${CMAKE_SOURCE_DIR}/resources/io.github.zooscope.ZooScope.desktop
        DESTINATION share/applications)
install(FILES ${CMAKE_SOURCE_DIR}/resources/io.github.zooscope.ZooScope.metainfo.xml
        DESTINATION share/metainfo)

set(CPACK_PACKAGE_NAME zooscope)
set(CPACK_PACKAGE_VENDOR "ZooScope")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Desktop client for Apache ZooKeeper, with an embedded compatible engine")
set(CPACK_PACKAGE_DESCRIPTION "ZooScope browses and safely edits Apache ZooKeeper 3.8 clusters: lazy loading of\n very large nodes, live updates, version-checked saves with a three-way conflict\n view, profiles with keychain-held passwords and a read-only guard.\n zooscope-server runs ZooScope's ZooKeeper-compatible engine; zooscope-ctl reads\n and writes znodes from scripts and runs commands under a lock or leadership\n shared with Curator and kazoo services.")
set(CPACK_PACKAGE_CONTACT "ZooScope maintainers <zooscope@users.noreply.github.com>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager, libsecret-1-0, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6, libisal2")
# The Chinese translation needs a CJK font, which most desktops have.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "fonts-noto-cjk | fonts-wqy-microhei")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/zooscope/zooscope")
include(CPack)
