# The shipped knowledge base is valid, and a broken one is refused.
add_test(NAME kb_check_builtin COMMAND bedback_cli kb check)
add_test(NAME kb_check_source COMMAND bedback_cli kb check ${CMAKE_SOURCE_DIR}/kb)
foreach(case unknown-finding syntax type-mismatch many-errors missing-folder missing-file valid-copy
             ask-when-cycle ask-when-later ask-when-undecided dev-zero fifo too-big nul-cascade many-choices many-problems)
  add_test(NAME kb_broken:${case}
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/kb_broken.sh $<TARGET_FILE:bedback_cli>
            ${CMAKE_SOURCE_DIR}/kb ${case})
endforeach()
