# The direct JSON writer (src/jsonw.c) against jansson's dump of the old
# renderer's tree: every golden case, the bundled examples (and the shared
# ones where ../shared exists), the property test's random answers, and
# strings and numbers one by one (tests/json_same.c). The comparison itself
# is fuzz/fuzz_jsonw.c's, whose corpus is replayed by tests/fuzz.cmake.
add_executable(json_same ${CMAKE_CURRENT_SOURCE_DIR}/json_same.c
  ${CMAKE_SOURCE_DIR}/fuzz/fuzz_jsonw.c)
target_include_directories(json_same PRIVATE ${CMAKE_SOURCE_DIR}/src ${JANSSON_INCLUDE_DIRS})
target_link_libraries(json_same PRIVATE bedback m)
file(GLOB BB_JSONW_FILES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/*.json
  ${CMAKE_SOURCE_DIR}/examples/*.json)
if(BB_HAVE_SHARED)
  file(GLOB BB_JSONW_SHARED CONFIGURE_DEPENDS ${BB_SHARED_DIR}/examples/*.json)
  list(APPEND BB_JSONW_FILES ${BB_JSONW_SHARED})
endif()
list(SORT BB_JSONW_FILES)
add_test(NAME json_same COMMAND json_same ${BB_JSONW_FILES})
set_tests_properties(json_same PROPERTIES TIMEOUT 600)
