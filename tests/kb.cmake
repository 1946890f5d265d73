# The shipped knowledge base is valid, and a broken one is refused.
add_test(NAME kb_check_builtin COMMAND bedback_cli kb check)
add_test(NAME kb_check_source COMMAND bedback_cli kb check ${CMAKE_SOURCE_DIR}/kb)
foreach(case unknown-finding syntax type-mismatch many-errors missing-folder missing-file valid-copy
             ask-when-cycle ask-when-later ask-when-undecided dev-zero fifo too-big nul-cascade many-choices many-problems
             figure-missing figure-bad-angle figure-typo figure-bad-reach)
  add_test(NAME kb_broken:${case}
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/kb_broken.sh $<TARGET_FILE:bedback_cli>
            ${CMAKE_SOURCE_DIR}/kb ${case})
endforeach()
# The knowledge base compiled at build time (tools/kbgen) is kb/ loaded at
# run time: the same structure, and the same output for every golden case
# and example (the shared ones when they exist) with the built-in one and
# with --kb kb.
add_executable(kb_compiled_test ${CMAKE_CURRENT_SOURCE_DIR}/kb_compiled_test.c
  ${CMAKE_SOURCE_DIR}/tools/kbgen_emit.c)
target_include_directories(kb_compiled_test PRIVATE ${CMAKE_SOURCE_DIR}/src
  ${CMAKE_SOURCE_DIR}/tools ${JANSSON_INCLUDE_DIRS})
target_link_libraries(kb_compiled_test PRIVATE bedback)
file(GLOB BB_KB_SAME_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/cases/*.json
  ${CMAKE_SOURCE_DIR}/examples/*.json)
if(BB_HAVE_SHARED)
  file(GLOB BB_KB_SAME_SHARED CONFIGURE_DEPENDS ${BB_SHARED_DIR}/examples/*.json)
  list(APPEND BB_KB_SAME_FILES ${BB_KB_SAME_SHARED})
endif()
list(SORT BB_KB_SAME_FILES)
add_test(NAME kb_compiled
  COMMAND kb_compiled_test $<TARGET_FILE:bedback_cli> ${CMAKE_SOURCE_DIR}/kb
          ${CMAKE_BINARY_DIR}/kbcompiled.c ${BB_KB_SAME_FILES})
set_tests_properties(kb_compiled PROPERTIES TIMEOUT 300)
# A broken kb/ fails the build: the generator refuses it with file:line:col.
add_test(NAME kbgen_broken
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/kbgen_broken.sh $<TARGET_FILE:bb_kbgen> ${CMAKE_SOURCE_DIR}/kb)
