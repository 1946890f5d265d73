# Answers in bulk: the parse stays linear, lists at most 20 problems, and
# the size limit is the documented one.
foreach(case many-keys nested-key at-limit over-limit)
  add_test(NAME answers_limits:${case}
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/answers_limits.sh $<TARGET_FILE:bedback_cli> ${case})
endforeach()
