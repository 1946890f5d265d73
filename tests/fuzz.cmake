# Fuzz corpora as regression tests: every file of fuzz/corpus/<t> is run
# through the fuzz target fuzz/fuzz_<t>.c by tests/fuzz_replay.c, built with
# the normal compiler (no libFuzzer), so they run in the gcc build and in
# the ASan + UBSan build of `make check`. A crash found by fuzzing is fixed
# and its input added to the corpus, and stays a test.
foreach(t answers expr kb fit date diary batch jsonw fhir)
  add_executable(fuzz_replay_${t} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_replay.c
    ${CMAKE_SOURCE_DIR}/fuzz/fuzz_${t}.c)
  target_include_directories(fuzz_replay_${t} PRIVATE ${CMAKE_SOURCE_DIR}/src ${JANSSON_INCLUDE_DIRS})
  target_link_libraries(fuzz_replay_${t} PRIVATE bedback)
  add_test(NAME fuzz_replay:${t}
    COMMAND fuzz_replay_${t} ${CMAKE_SOURCE_DIR}/fuzz/corpus/${t})
  set_tests_properties(fuzz_replay:${t} PROPERTIES TIMEOUT 600 LABELS fuzz)
endforeach()
# bedback-serve's request handling: the same, linked with serve/
add_executable(fuzz_replay_request ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_replay.c
  ${CMAKE_SOURCE_DIR}/fuzz/fuzz_request.c)
target_link_libraries(fuzz_replay_request PRIVATE bb_serve)
add_test(NAME fuzz_replay:request COMMAND fuzz_replay_request ${CMAKE_SOURCE_DIR}/fuzz/corpus/request)
set_tests_properties(fuzz_replay:request PROPERTIES TIMEOUT 600 LABELS fuzz)
