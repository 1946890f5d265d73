# The interactive interview, driven through a pseudo-terminal: one test per
# script in tests/interview/*.pty (see tests/pty_drive.c for the steps), the
# answers read from standard input when it is not a terminal, and the man page.
add_executable(pty_drive ${CMAKE_CURRENT_SOURCE_DIR}/pty_drive.c)
target_link_libraries(pty_drive PRIVATE util)

file(GLOB BB_INTERVIEW_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/interview/*.pty)
list(SORT BB_INTERVIEW_SCRIPTS)
foreach(script ${BB_INTERVIEW_SCRIPTS})
  get_filename_component(name ${script} NAME_WE)
  # -t: generous per-step limit for loaded CI machines and sanitizer builds;
  # a step that succeeds returns as soon as its text appears.
  add_test(NAME interview:${name}
    COMMAND pty_drive -t 30 -T 240 ${script} $<TARGET_FILE:bedback_cli>)
  # the assessment's text goes through $PAGER on a terminal: cat here
  set_tests_properties(interview:${name} PROPERTIES TIMEOUT 300 ENVIRONMENT "PAGER=cat")
endforeach()

# (k) Standard input that is not a terminal is read as answers: no interview.
add_test(NAME interview:stdin-answers
  COMMAND sh -c "\"$1\" assess < \"$2\"" sh $<TARGET_FILE:bedback_cli>
          ${CMAKE_SOURCE_DIR}/examples/side-sleeper.json)
set_tests_properties(interview:stdin-answers PROPERTIES
  PASS_REGULAR_EXPRESSION "Your plan"
  FAIL_REGULAR_EXPRESSION "warning signs\\. These matter most|\\[1/")
add_test(NAME interview:stdin-answers-json
  COMMAND sh -c "\"$1\" assess --json < \"$2\"" sh $<TARGET_FILE:bedback_cli>
          ${CMAKE_SOURCE_DIR}/examples/emergency.json)
set_tests_properties(interview:stdin-answers-json PROPERTIES
  PASS_REGULAR_EXPRESSION "\"level\": *\"emergency\"")
# Invalid answers on standard input: exit 65, nothing asked.
add_test(NAME interview:stdin-invalid
  COMMAND sh -c "printf '{\"bladder_chnage\": true}' | \"$1\" assess; test $? -eq 65"
          sh $<TARGET_FILE:bedback_cli>)
# An empty standard input (e.g. </dev/null) is not a terminal either: it is
# read as answers and refused, never interviewed.
add_test(NAME interview:stdin-devnull
  COMMAND sh -c "\"$1\" assess < /dev/null; test $? -eq 65" sh $<TARGET_FILE:bedback_cli>)

# The man page renders without warnings. Registered only when a renderer
# exists at configure time (a test never skips itself at run time).
find_program(BB_GROFF groff)
if(BB_GROFF)
  add_test(NAME interview:man-page
    COMMAND sh -c "out=$(\"$1\" -man -Tutf8 -ww -z \"$2\" 2>&1); if [ -n \"$out\" ]; then printf '%s\\n' \"$out\"; exit 1; fi"
            sh ${BB_GROFF} ${CMAKE_SOURCE_DIR}/man/bedback.1)
endif()

# Line editing (cli/cli_line.c) in tmux: arrows, history, Ctrl-D, Ctrl-C,
# Ctrl-Z and fg, SIGTERM, libedit missing, and libedit loaded only at the
# first question on a terminal. Registered only where tmux and bash (a
# shell with job control, for Ctrl-Z) exist.
find_program(BB_TMUX tmux)
find_program(BB_BASH bash)
if(BB_TMUX AND BB_BASH)
  if(BB_LIBEDIT_STATIC)
    set(bb_line_mode static)
  else()
    set(bb_line_mode shared)
  endif()
  add_test(NAME interview:line-editing
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/interview/line.sh $<TARGET_FILE:bedback_cli>
            ${CMAKE_CURRENT_BINARY_DIR}/interview-line ${bb_line_mode})
  set_tests_properties(interview:line-editing PROPERTIES TIMEOUT 300)
else()
  message(STATUS "tmux or bash not found: interview:line-editing not registered")
endif()

# A Ctrl-C that lands between the wait for a key and the read of it
# (tests/interview/race/*.pty): strace holds the terminal's reads back so
# that it always does. Registered only where strace can trace here (a
# container may forbid ptrace); install-deps installs it.
find_program(BB_STRACE strace)
if(BB_STRACE)
  execute_process(COMMAND ${BB_STRACE} -o /dev/null true
    RESULT_VARIABLE bb_strace_rc OUTPUT_QUIET ERROR_QUIET)
endif()
if(BB_STRACE AND bb_strace_rc EQUAL 0)
  file(GLOB BB_RACE_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/interview/race/*.pty)
  foreach(script ${BB_RACE_SCRIPTS})
    get_filename_component(name ${script} NAME_WE)
    add_test(NAME interview:race:${name}
      COMMAND pty_drive -t 30 -T 240 ${script} $<TARGET_FILE:bedback_cli>)
    set_tests_properties(interview:race:${name} PROPERTIES TIMEOUT 300 ENVIRONMENT "PAGER=cat")
  endforeach()
else()
  message(STATUS "strace missing or cannot trace: interview:race:* not registered")
endif()
