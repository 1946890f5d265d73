# The cost of one assessment (issue 4): in process, per phase (bench_assess),
# and as a whole process next to /bin/true and jq (proc_time, called by
# bench/run-process-bench). `make bench` runs both; never ctest.
add_executable(bench_assess ${CMAKE_CURRENT_SOURCE_DIR}/bench_assess.c)
target_link_libraries(bench_assess PRIVATE bedback)
target_include_directories(bench_assess PRIVATE ${CMAKE_SOURCE_DIR}/src)
add_executable(proc_time ${CMAKE_CURRENT_SOURCE_DIR}/proc_time.c)
set_target_properties(bench_assess proc_time PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
# The rule-engine race (issue 13): clips_gen writes the knowledge base's
# flags and cause indicators as CLIPS rules and answers as CLIPS facts;
# gen_records writes seeded random answers.
add_executable(clips_gen ${CMAKE_CURRENT_SOURCE_DIR}/clips_gen.c)
target_include_directories(clips_gen PRIVATE ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(clips_gen PRIVATE bedback)
set_target_properties(clips_gen PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
add_executable(gen_records ${CMAKE_CURRENT_SOURCE_DIR}/gen_records.c)
target_include_directories(gen_records PRIVATE ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(gen_records PRIVATE bedback ${M_LIB})
add_executable(peak_rss ${CMAKE_CURRENT_SOURCE_DIR}/peak_rss.c)
set_target_properties(gen_records peak_rss PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
