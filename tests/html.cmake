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
