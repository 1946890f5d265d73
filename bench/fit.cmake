# The sleep-support model's cost (issue 3): `make bench` runs it.
add_executable(bench_fit ${CMAKE_CURRENT_SOURCE_DIR}/bench_fit.c)
target_include_directories(bench_fit PRIVATE ${CMAKE_SOURCE_DIR}/src ${JANSSON_INCLUDE_DIRS})
target_link_libraries(bench_fit PRIVATE bedback ${M_LIB})
