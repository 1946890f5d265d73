# The web pages (issue 14, the pages half): what the browser decides and
# shows. Node.js runs the browser-side checks; where there is no `node`
# these tests are not registered (scripts/install-deps provides it).
find_program(BB_NODE node)

# The browser's ask_when evaluator (web/app.js) decides as the
# library's bb_question_applies for every answer set askwhen_dump prints.
add_executable(askwhen_dump ${CMAKE_CURRENT_SOURCE_DIR}/web/askwhen_dump.c)
target_include_directories(askwhen_dump PRIVATE ${CMAKE_SOURCE_DIR}/src ${JANSSON_INCLUDE_DIRS})
target_link_libraries(askwhen_dump PRIVATE bedback)
if(BB_NODE)
  add_test(NAME web_askwhen
    COMMAND ${BB_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/web/askwhen.js
      ${CMAKE_SOURCE_DIR}/web/app.js $<TARGET_FILE:askwhen_dump>)
else()
  message(STATUS "node not found: the web tests are not registered")
endif()

# The assessment's HTML fragment for the pages (BB_RENDER_FRAGMENT).
bb_unit_test(web_fragment ${CMAKE_CURRENT_SOURCE_DIR}/web/test_fragment.c)
