# bedback-serve (issue 14): tests/serve/. A CTest fixture starts the server
# on a free port of 18000-18999 with a temporary diary (start.sh), the
# HTTP tests run against it, stop.sh stops it (SIGTERM: exit 0, nothing
# personal printed). token.sh and reliability.sh start servers of their own.
set(BB_SERVE_STATE ${CMAKE_CURRENT_BINARY_DIR}/serve-fixture)
add_test(NAME serve_start COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/serve/start.sh
  ${CMAKE_BINARY_DIR} ${BB_SERVE_STATE})
add_test(NAME serve_stop COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/serve/stop.sh ${BB_SERVE_STATE})
set_tests_properties(serve_start PROPERTIES FIXTURES_SETUP serve TIMEOUT 60)
set_tests_properties(serve_stop PROPERTIES FIXTURES_CLEANUP serve TIMEOUT 60)
add_test(NAME serve_http COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/serve/http.sh
  ${CMAKE_BINARY_DIR} ${BB_SERVE_STATE} ${CMAKE_SOURCE_DIR})
set_tests_properties(serve_http PROPERTIES FIXTURES_REQUIRED serve TIMEOUT 300)
foreach(t token reliability)
  add_test(NAME serve_${t} COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/serve/${t}.sh
    ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
  set_tests_properties(serve_${t} PROPERTIES TIMEOUT 300)
endforeach()
