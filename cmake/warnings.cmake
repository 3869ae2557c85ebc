# Warnings are errors for Parley's own targets; call parley_warnings(target) on each.
function(parley_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Werror
    -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough)
endfunction()

# A library for one layer: server/<layer>/ becomes parley_<layer>.
function(parley_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(parley_${name} STATIC ${ARG_SOURCES})
  target_include_directories(parley_${name} PUBLIC ${PROJECT_SOURCE_DIR}/server)
  target_link_libraries(parley_${name} PUBLIC ${ARG_DEPS})
  parley_warnings(parley_${name})
endfunction()

# A unit test beside the code it tests.
function(parley_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  parley_warnings(${name})
  gtest_discover_tests(${name} PROPERTIES LABELS unit DISCOVERY_TIMEOUT 60)
endfunction()

# A text file built into a target as `const std::string_view <name>` in <namespace>
# (cmake/embed_text.cmake); regenerated when the file changes.
function(parley_embed_text target input namespace name)
  get_filename_component(stem "${input}" NAME_WE)
  set(output "${CMAKE_CURRENT_BINARY_DIR}/${stem}_embedded.cpp")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DNAMESPACE=${namespace} -DNAME=${name}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake
    DEPENDS "${input}" ${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake
    COMMENT "Embedding ${stem}"
    VERBATIM)
  # One long literal is the point here; -Wpedantic would flag it past 4095 characters.
  set_source_files_properties("${output}" PROPERTIES COMPILE_OPTIONS -Wno-overlength-strings)
  target_sources(${target} PRIVATE "${output}")
endfunction()
