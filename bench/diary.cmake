# The diary: log one entry; trend and export over 30, 3,650 and 36,500 nights.
add_executable(bench_diary ${CMAKE_CURRENT_SOURCE_DIR}/bench_diary.c)
target_include_directories(bench_diary PRIVATE ${SQLITE_INCLUDE_DIRS})
target_link_libraries(bench_diary PRIVATE bedback)
