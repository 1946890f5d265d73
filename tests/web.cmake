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

# The pages in a browser (tests/web/browser/): Debian's chromium driven by
# playwright-core from node_modules (npm ci; never a downloaded browser),
# one browser per file, each with its own bedback-serve on its own port
# (19021-19027) and a fresh diary. Screenshots of every page at 360 px
# and at a desktop width, and the printed handout, go to
# build/screenshots. Registered where node, playwright-core and chromium
# are; the ASan build runs them too (the server is the program under
# test; chromium is not instrumented).
set(BB_CHROMIUM /usr/bin/chromium)
if(BB_NODE AND EXISTS ${CMAKE_SOURCE_DIR}/node_modules/playwright-core
    AND EXISTS ${CMAKE_SOURCE_DIR}/node_modules/@axe-core/playwright AND EXISTS ${BB_CHROMIUM})
  set(port 19021)
  foreach(t core emergency nojs keyboard routine pages dark)
    add_test(NAME web_browser_${t}
      COMMAND ${BB_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/web/browser/${t}.js
        $<TARGET_FILE:bedback_serve> ${port} ${CMAKE_BINARY_DIR}/screenshots)
    set_tests_properties(web_browser_${t} PROPERTIES TIMEOUT 120
      ENVIRONMENT "BB_CHROMIUM=${BB_CHROMIUM}")
    math(EXPR port "${port} + 1")
  endforeach()
else()
  message(STATUS "node, playwright-core, @axe-core/playwright or chromium missing: the browser tests are not registered")
endif()

# The printed handout: `assess --format html` of every golden case and
# bundled example (and the shared worked cases where they exist) printed
# to A4 by chromium is at most two pages, with the triage and every warning
# sign on paper. The PDFs of the first and the longest go to
# build/screenshots for review.
if(BB_NODE AND EXISTS ${CMAKE_SOURCE_DIR}/node_modules/playwright-core AND EXISTS ${BB_CHROMIUM})
  add_test(NAME web_handout
    COMMAND ${BB_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/web/handout.js $<TARGET_FILE:bedback_cli>
      ${CMAKE_CURRENT_SOURCE_DIR}/cases ${CMAKE_SOURCE_DIR}/examples)
  set_tests_properties(web_handout PROPERTIES TIMEOUT 300
    ENVIRONMENT "BB_CHROMIUM=${BB_CHROMIUM};BB_HANDOUT_DIR=${CMAKE_BINARY_DIR}/screenshots")
  # The fullest answer set the check allows a self-care plan for (six
  # "see a clinician" signs, nine causes, eighteen pieces of advice, six
  # exercises, two positions): paper keeps every sign, step and caution,
  # so it takes three pages (README, "The printed handout").
  add_test(NAME web_handout_fullest
    COMMAND ${BB_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/web/handout.js --max 3
      $<TARGET_FILE:bedback_cli> ${CMAKE_CURRENT_SOURCE_DIR}/handout)
  set_tests_properties(web_handout_fullest PROPERTIES TIMEOUT 120
    ENVIRONMENT "BB_CHROMIUM=${BB_CHROMIUM}")
  if(BB_HAVE_SHARED)
    add_test(NAME web_handout_shared
      COMMAND ${BB_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/web/handout.js $<TARGET_FILE:bedback_cli>
        ${BB_SHARED_DIR}/examples)
    set_tests_properties(web_handout_shared PROPERTIES TIMEOUT 120
      ENVIRONMENT "BB_CHROMIUM=${BB_CHROMIUM}")
  endif()
endif()

# The pages over HTTP with curl: headers, nothing inline, CSRF, 422 naming
# the field, downloads, a diary that cannot be written gives a page that
# says so (never a bare 500).
find_program(BB_CURL curl)
if(BB_CURL)
  add_test(NAME web_pages_http
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/web/pages_http.sh $<TARGET_FILE:bedback_serve> 19031)
else()
  message(STATUS "curl not found: web_pages_http not registered")
endif()
