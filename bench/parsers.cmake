# The parsers stay linear in their input (issue 10): answers up to the
# 64 MiB limit, knowledge-base files up to 1 MiB. `make bench`; never ctest.
add_executable(bench_parsers ${CMAKE_CURRENT_SOURCE_DIR}/bench_parsers.c)
target_include_directories(bench_parsers PRIVATE ${CMAKE_SOURCE_DIR}/src ${JANSSON_INCLUDE_DIRS})
target_link_libraries(bench_parsers PRIVATE bedback)
set_target_properties(bench_parsers PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
