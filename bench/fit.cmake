# The sleep-support model's cost (issue 3): `make bench` runs it.
add_executable(bench_fit ${CMAKE_CURRENT_SOURCE_DIR}/bench_fit.c)
target_include_directories(bench_fit PRIVATE ${CMAKE_SOURCE_DIR}/src ${JANSSON_INCLUDE_DIRS})
target_link_libraries(bench_fit PRIVATE bedback ${M_LIB})
# The fit's answers over every ANSUR II body, for comparing two builds of
# the model (run by hand: docs/performance.md).
add_executable(fit_agree ${CMAKE_CURRENT_SOURCE_DIR}/fit_agree.c)
target_include_directories(fit_agree PRIVATE ${CMAKE_SOURCE_DIR}/src ${JANSSON_INCLUDE_DIRS})
target_link_libraries(fit_agree PRIVATE bedback ${M_LIB})
