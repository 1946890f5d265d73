# The diary (issue 4): pure trend rules, the SQLite diary, and the commands
# driven end to end (bad input, unwritable diaries, killed and concurrent
# writers, exports, the routine and heat timer in tmux).
bb_unit_test(test_trend ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_trend.c)
bb_unit_test(test_diary ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_diary.c)

file(GLOB BB_DIARY_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/diary/*.sh)
list(FILTER BB_DIARY_SCRIPTS EXCLUDE REGEX "/lib\\.sh$")
list(SORT BB_DIARY_SCRIPTS)
foreach(script ${BB_DIARY_SCRIPTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME diary_${name}
    COMMAND sh ${script} $<TARGET_FILE:bedback_cli> ${CMAKE_CURRENT_BINARY_DIR}/diary-${name})
  set_tests_properties(diary_${name} PROPERTIES TIMEOUT 180 ENVIRONMENT "NO_COLOR=1")
endforeach()
