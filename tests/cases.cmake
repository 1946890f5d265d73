# Golden cases, data-driven: adding a clinical case is adding a file.
# tests/run_case.c runs `bedback assess --answers FILE --json` for one case file
# and checks its "expect" (format: ../shared/examples/README.md, plus the keys
# listed at the top of run_case.c). One CTest test per file:
#   case:<name>     tests/cases/<name>.json, the project's own cases
#   example:<name>  ${BB_SHARED_DIR}/examples/<name>.json, the shared worked cases
# Run them with: ctest -R 'case:|example:' --output-on-failure
add_executable(run_case ${CMAKE_CURRENT_SOURCE_DIR}/run_case.c)
target_include_directories(run_case PRIVATE ${JANSSON_INCLUDE_DIRS})
target_link_libraries(run_case PRIVATE ${JANSSON_LINK_LIBRARIES})

# bb_golden_cases(PREFIX FILES...): one test PREFIX:<file name without .json>.
function(bb_golden_cases prefix)
  foreach(file ${ARGN})
    get_filename_component(name ${file} NAME)
    string(REGEX REPLACE "\\.json$" "" name "${name}")
    add_test(NAME ${prefix}:${name}
      COMMAND run_case $<TARGET_FILE:bedback_cli> ${file})
    set_tests_properties(${prefix}:${name} PROPERTIES TIMEOUT 60 LABELS golden)
  endforeach()
endfunction()

file(GLOB BB_CASE_FILES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/*.json)
list(SORT BB_CASE_FILES)
bb_golden_cases(case ${BB_CASE_FILES})

# The shared examples live outside this repository; they are registered only
# when they exist at configure time (a test never skips itself at run time).
if(BB_HAVE_SHARED)
  file(GLOB BB_EXAMPLE_FILES CONFIGURE_DEPENDS ${BB_SHARED_DIR}/examples/*.json)
  list(SORT BB_EXAMPLE_FILES)
  bb_golden_cases(example ${BB_EXAMPLE_FILES})
endif()
