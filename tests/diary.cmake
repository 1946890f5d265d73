# The diary (issue 4): pure trend rules, the SQLite diary, and the commands
# driven end to end (bad input, unwritable diaries, killed and concurrent
# writers, exports, the routine and heat timer in tmux).
bb_unit_test(test_trend ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_trend.c)
bb_unit_test(test_diary ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_diary.c)

# Every tests/diary/*.sh but lib.sh and report_xml.sh (below) is a test.
# A test whose tool may be missing is registered only where the tool exists
# at configure time, so a passing run never contains a test that skipped
# itself:
#   tty.sh, narrow.sh  need tmux;
#   terminal.sh, bell.sh  need util-linux script (a terminal of a chosen width);
#   full.sh      needs /dev/full;
#   shared_default.sh needs root (a folder owned by another user);
#   readonly.sh  needs file permissions to bite: not root, or root with a
#                setpriv that can drop the capabilities bypassing them.
file(GLOB BB_DIARY_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/diary/*.sh)
list(FILTER BB_DIARY_SCRIPTS EXCLUDE REGEX "/(lib|report_xml)\\.sh$")
find_program(BB_SCRIPT script)
if(NOT BB_SCRIPT)
  message(STATUS "script not found: diary_terminal and diary_bell (on a terminal) not registered")
  list(FILTER BB_DIARY_SCRIPTS EXCLUDE REGEX "/(terminal|bell)\\.sh$")
endif()
if(NOT EXISTS /dev/full)
  message(STATUS "/dev/full not found: diary_full (write errors) not registered")
  list(FILTER BB_DIARY_SCRIPTS EXCLUDE REGEX "/full\\.sh$")
endif()
find_program(BB_TMUX tmux)
if(NOT BB_TMUX)
  message(STATUS "tmux not found: diary_tty (routine and heat timer) not registered")
  list(FILTER BB_DIARY_SCRIPTS EXCLUDE REGEX "/(tty|narrow)\\.sh$")
endif()
execute_process(COMMAND id -u OUTPUT_VARIABLE BB_UID OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT BB_UID STREQUAL "0")
  message(STATUS "not root: diary_shared_default (a folder of another user) not registered")
  list(FILTER BB_DIARY_SCRIPTS EXCLUDE REGEX "/shared_default\\.sh$")
endif()
if(BB_UID STREQUAL "0")
  execute_process(COMMAND setpriv --bounding-set=-dac_override,-dac_read_search,-fowner true
    RESULT_VARIABLE BB_SETPRIV_RC OUTPUT_QUIET ERROR_QUIET)
  if(NOT BB_SETPRIV_RC EQUAL 0)
    message(STATUS "root without a working setpriv: diary_readonly not registered")
    list(FILTER BB_DIARY_SCRIPTS EXCLUDE REGEX "/readonly\\.sh$")
  endif()
endif()
list(SORT BB_DIARY_SCRIPTS)
foreach(script ${BB_DIARY_SCRIPTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME diary_${name}
    COMMAND sh ${script} $<TARGET_FILE:bedback_cli> ${CMAKE_CURRENT_BINARY_DIR}/diary-${name})
  set_tests_properties(diary_${name} PROPERTIES TIMEOUT 180 ENVIRONMENT "NO_COLOR=1")
endforeach()

# The clinician's HTML report that diary_cli exports: well-formed XML, one
# inline SVG chart, one table row per entry (22).
find_program(BB_XMLLINT xmllint)
if(BB_XMLLINT)
  set_tests_properties(diary_cli PROPERTIES FIXTURES_SETUP diary_report)
  set(report ${CMAKE_CURRENT_BINARY_DIR}/diary-cli/report.html)
  add_test(NAME diary_report_xml
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/diary/report_xml.sh ${BB_XMLLINT} ${report})
  set_tests_properties(diary_report_xml PROPERTIES FIXTURES_REQUIRED diary_report)
else()
  message(STATUS "xmllint not found: diary_report_xml not registered")
endif()
