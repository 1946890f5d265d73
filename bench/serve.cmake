# bedback-serve: one request's cost without the network (bench_serve);
# bench/run-serve-bench drives the real server with wrk next to nginx.
add_executable(bench_serve ${CMAKE_CURRENT_SOURCE_DIR}/bench_serve.c)
target_link_libraries(bench_serve PRIVATE bb_serve)
