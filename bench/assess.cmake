# The cost of one assessment (issue 4): in process, per phase (bench_assess),
# and as a whole process next to /bin/true and jq (proc_time, called by
# bench/run-process-bench). `make bench` runs both; never ctest.
add_executable(bench_assess ${CMAKE_CURRENT_SOURCE_DIR}/bench_assess.c)
target_link_libraries(bench_assess PRIVATE bedback)
target_include_directories(bench_assess PRIVATE ${CMAKE_SOURCE_DIR}/src)
add_executable(proc_time ${CMAKE_CURRENT_SOURCE_DIR}/proc_time.c)
set_target_properties(bench_assess proc_time PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
