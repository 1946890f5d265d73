# bedback batch (issue 13): order with many threads, errors with their
# lines, CSV (quoting, BOM, CRLF, blank lines), each record the same as
# assess --json, the fit and --no-fit, Ctrl-C. The checks read the NDJSON
# with jq: registered only where it is installed.
find_program(BB_JQ jq)
if(BB_JQ)
  foreach(case order errors csv same-as-assess fit interrupt usage)
    add_test(NAME batch:${case}
      COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/batch.sh $<TARGET_FILE:bedback_cli> ${CMAKE_SOURCE_DIR} ${case})
    set_tests_properties(batch:${case} PROPERTIES TIMEOUT 300)
  endforeach()
endif()
