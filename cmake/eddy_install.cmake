# Installs the exported targets so that users can write find_package(eddy) and link eddy::algorithms.
include(CMakePackageConfigHelpers)
set(EDDY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/eddy)
install(EXPORT eddyTargets NAMESPACE eddy:: DESTINATION ${EDDY_CMAKE_DIR})
configure_package_config_file(cmake/eddyConfig.cmake.in ${PROJECT_BINARY_DIR}/eddyConfig.cmake
  INSTALL_DESTINATION ${EDDY_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/eddyConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/eddyConfig.cmake ${PROJECT_BINARY_DIR}/eddyConfigVersion.cmake
  DESTINATION ${EDDY_CMAKE_DIR})
install(TARGETS eddy RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
