# Exercise figures (issue 14): every exercise of the knowledge base has one,
# well-formed, accessible and self-contained; a broken figure is refused
# with its place; the HTML renderers show one per routine exercise.
add_executable(figure_dump ${CMAKE_CURRENT_SOURCE_DIR}/figure_dump.c)
target_link_libraries(figure_dump PRIVATE bedback)
find_program(BB_XMLLINT xmllint)
if(BB_XMLLINT)
  add_test(NAME figures
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/figures.sh ${BB_XMLLINT} $<TARGET_FILE:figure_dump>
            $<TARGET_FILE:bedback_cli> ${CMAKE_SOURCE_DIR})
else()
  message(STATUS "xmllint not found: figures not registered (scripts/install-deps installs it)")
endif()
