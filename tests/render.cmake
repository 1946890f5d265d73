# The printable HTML assessment (issue 11): well-formed for every bundled
# example. Registered only where xmllint exists, so that a passing run
# never holds a test that skipped itself.
find_program(BB_XMLLINT xmllint)
if(BB_XMLLINT)
  add_test(NAME assess_html_xml
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/html_xml.sh ${BB_XMLLINT} $<TARGET_FILE:bedback_cli>
      ${CMAKE_SOURCE_DIR}/examples)
else()
  message(STATUS "xmllint not found: assess_html_xml not registered")
endif()

# The text on a terminal: through $PAGER unless --full, never for an
# emergency; the closing block. Needs script(1) for a terminal.
find_program(BB_SCRIPT script)
if(BB_SCRIPT)
  add_test(NAME assess_pager
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/pager.sh $<TARGET_FILE:bedback_cli>
      ${CMAKE_SOURCE_DIR}/examples/side-sleeper.json)
else()
  message(STATUS "script not found: assess_pager not registered")
endif()
