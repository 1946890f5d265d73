# The manual page (issue 12): its SYNOPSIS is made from the commands' --help
# and every option is described (tests/man_check.sh). That groff renders it
# without warnings is interview:man-page (tests/interview.cmake).
add_test(NAME man_check COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/man_check.sh
  $<TARGET_FILE:bedback_cli> ${CMAKE_SOURCE_DIR})
