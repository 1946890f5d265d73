# Sleep-support fit (issue 3): solver checks, model checks, real bodies,
# the command line.
bb_unit_test(fit_beam_test ${CMAKE_CURRENT_SOURCE_DIR}/fit_beam_test.c)
target_link_libraries(fit_beam_test PRIVATE ${M_LIB})
bb_unit_test(fit_model_test ${CMAKE_CURRENT_SOURCE_DIR}/fit_model_test.c)
target_link_libraries(fit_model_test PRIVATE ${M_LIB})
# Published measurements the model reproduces, each test naming its source
# (issue 9).
bb_unit_test(fit_literature_test ${CMAKE_CURRENT_SOURCE_DIR}/fit_literature_test.c)
target_link_libraries(fit_literature_test PRIVATE ${M_LIB})
# Real bodies: only where ../shared holds the ANSUR II data.
if(BB_HAVE_SHARED)
  add_executable(fit_ansur_test ${CMAKE_CURRENT_SOURCE_DIR}/fit_ansur_test.c)
  target_include_directories(fit_ansur_test PRIVATE ${CMAKE_SOURCE_DIR}/src ${JANSSON_INCLUDE_DIRS})
  target_link_libraries(fit_ansur_test PRIVATE bedback ${CMOCKA_LIB} ${M_LIB})
  add_test(NAME fit_ansur_test COMMAND fit_ansur_test ${BB_SHARED_DIR}/data/ansur2)
endif()
# The command line: bad input, exit statuses, same bytes twice.
add_test(NAME fit_cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/fit_cli.sh $<TARGET_FILE:bedback_cli>)
# The picture reads at a glance, at 360 px too: the verdict band (issue 14).
find_program(BB_XMLLINT xmllint)
if(BB_XMLLINT)
  add_test(NAME fit_picture
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/fit_picture.sh ${BB_XMLLINT} $<TARGET_FILE:bedback_cli>)
endif()
