# Unit tests per module (tests/unit/) and the property test (tests/property.c).
# Each is a cmocka program linked with the static library; see bb_unit_test
# in tests/CMakeLists.txt.
find_package(Threads REQUIRED)

bb_unit_test(unit_expr ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_expr.c)
# Evaluation must never allocate: the test counts the library's calls to
# malloc/calloc/realloc through the linker's --wrap (the library is static,
# so its references are redirected too).
target_link_options(unit_expr PRIVATE
  -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc)

bb_unit_test(unit_answers ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_answers.c)
bb_unit_test(unit_kb ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_kb.c)
bb_unit_test(unit_assess ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_assess.c)
target_link_libraries(unit_assess PRIVATE Threads::Threads)
bb_unit_test(unit_render ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_render.c)
bb_unit_test(property ${CMAKE_CURRENT_SOURCE_DIR}/property.c)
# the same runs, each also assessed with kb/ loaded at run time: the same
# bytes as with the built-in knowledge base compiled at build time
add_test(NAME property_kb_dir COMMAND property ${CMAKE_SOURCE_DIR}/kb)
bb_unit_test(unit_svgfmt ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_svgfmt.c)
bb_unit_test(unit_figure ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_figure.c)
bb_unit_test(unit_entry_json ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_entry_json.c)
# FHIR (issue 15): enableWhen means what ask_when means, the Questionnaire's
# structure, the CodeSystem, the response round trip (tests/fhir.cmake has
# the command-line side)
bb_unit_test(unit_fhir ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_fhir.c)
# bedback-serve's decoding and guard (serve/request.c, guard.c)
add_executable(unit_serve ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_serve.c)
target_link_libraries(unit_serve PRIVATE bb_serve ${CMOCKA_LIB})
add_test(NAME unit_serve COMMAND unit_serve)
