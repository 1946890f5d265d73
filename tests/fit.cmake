# Sleep-support fit (issue 3): solver checks, model checks, real bodies,
# the command line.
bb_unit_test(fit_beam_test ${CMAKE_CURRENT_SOURCE_DIR}/fit_beam_test.c)
target_link_libraries(fit_beam_test PRIVATE ${M_LIB})
bb_unit_test(fit_model_test ${CMAKE_CURRENT_SOURCE_DIR}/fit_model_test.c)
target_link_libraries(fit_model_test PRIVATE ${M_LIB})
