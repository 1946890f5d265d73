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
# The CLIPS program of the rule-engine race (bench/clips/, docs/performance.md)
# gives bedback's level, flags and causes on every golden case and example
# without body size, and on 2,000 random records. Registered where CLIPS is
# installed (scripts/install-deps installs it).
find_program(BB_CLIPS clips)
if(BB_JQ AND BB_CLIPS)
  add_test(NAME clips_same
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/clips_same.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR}
            $<$<BOOL:${BB_HAVE_SHARED}>:${BB_SHARED_DIR}/examples>)
  set_tests_properties(clips_same PROPERTIES TIMEOUT 600)
endif()
