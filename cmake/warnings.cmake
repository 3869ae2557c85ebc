# Warnings are errors for Parley's own targets; call parley_warnings(target) on each.
function(parley_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Werror
    -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough)
  # GCC 12 takes std::string's operator+ at -O2 for an access out of bounds or an overflow (GCC
  # bug 105651), and once the standard headers come from a precompiled header it no longer keeps
  # that quiet as a system header's: these two warnings are off there. ASan checks the bounds
  # in the test suite.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-stringop-overflow)
  endif()
endfunction()

# The headers that most files include, read once per target instead of once per file (a
# precompiled header; reading them was half of a file's compile time). Targets of several files
# call parley_precompile(target [their own common headers...]); a header listed here is
# included by every file of the target, so it must not depend on what a file defines first.
set(PARLEY_COMMON_HEADERS
  <algorithm> <chrono> <cstdint> <functional> <map> <memory> <mutex> <optional> <stdexcept>
  <string> <string_view> <utility> <vector> <boost/json.hpp>)
function(parley_precompile target)
  set(headers ${PARLEY_COMMON_HEADERS})
  foreach(header IN LISTS ARGN)
    if(header MATCHES "^<")
      list(APPEND headers ${header})
    else()
      list(APPEND headers "\"${header}\"")  # quoted: found on the include path, as in the code
    endif()
  endforeach()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

# A library for one layer: server/<layer>/ becomes parley_<layer>. PCH lists the headers its
# files share beyond PARLEY_COMMON_HEADERS.
function(parley_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PCH" ${ARGN})
  add_library(parley_${name} STATIC ${ARG_SOURCES})
  target_include_directories(parley_${name} PUBLIC ${PROJECT_SOURCE_DIR}/server)
  target_link_libraries(parley_${name} PUBLIC ${ARG_DEPS})
  parley_warnings(parley_${name})
  list(LENGTH ARG_SOURCES count)
  if(count GREATER 1)
    parley_precompile(parley_${name} ${ARG_PCH})
  endif()
endfunction()

# A unit test beside the code it tests; PCH as for parley_library.
function(parley_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PCH" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  parley_warnings(${name})
  list(LENGTH ARG_SOURCES count)
  if(count GREATER 1)
    parley_precompile(${name} <gtest/gtest.h> ${ARG_PCH})
  endif()
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
