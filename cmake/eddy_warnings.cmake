# Warning flags shared by every eddy target; EDDY_WERROR turns them into errors (CI does).
add_library(eddy_warnings INTERFACE)
target_compile_options(eddy_warnings INTERFACE
  $<BUILD_INTERFACE:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wnull-dereference $<$<BOOL:${EDDY_WERROR}>:-Werror>>)
install(TARGETS eddy_warnings EXPORT eddyTargets)

# eddy_add_layer(NAME SOURCES... DEPENDS targets...): one library per layer, exported as eddy::NAME.
function(eddy_add_layer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(eddy_${name} ${ARG_SOURCES})
  add_library(eddy::${name} ALIAS eddy_${name})
  set_target_properties(eddy_${name} PROPERTIES EXPORT_NAME ${name} POSITION_INDEPENDENT_CODE ON)
  target_include_directories(eddy_${name} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(eddy_${name} PUBLIC cxx_std_20)
  target_link_libraries(eddy_${name} PUBLIC ${ARG_DEPENDS} PRIVATE eddy_warnings)
  install(TARGETS eddy_${name} EXPORT eddyTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endfunction()
