# The manual page (issue 12): its SYNOPSIS is made from the commands' --help
# and every option is described (tests/man_check.sh); groff finds no problem
# in it (registered only where groff is installed).
add_test(NAME man_check COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/man_check.sh
  $<TARGET_FILE:bedback_cli> ${CMAKE_SOURCE_DIR})
find_program(BB_GROFF groff)
if(BB_GROFF)
  add_test(NAME man_lint COMMAND sh -c "out=$(\"$0\" -man -Tutf8 -ww -z \"$1\" 2>&1); echo \"$out\"; test -z \"$out\""
    ${BB_GROFF} ${CMAKE_SOURCE_DIR}/man/bedback.1)
endif()
