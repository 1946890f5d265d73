# FHIR R4 (issue 15, docs/fhir.md): the Questionnaire and CodeSystem, every
# refusal of a QuestionnaireResponse with its exit status and sentence, the
# round trip answers -> response -> assess --fhir-response == assess --json
# for every golden case and example and for random answers, the assessment
# Bundle and the diary's. tests/fhir_qr.c writes responses with code of its
# own. The checks read JSON with jq: registered only where it is installed.
add_executable(fhir_qr ${CMAKE_CURRENT_SOURCE_DIR}/fhir_qr.c)
target_include_directories(fhir_qr PRIVATE ${JANSSON_INCLUDE_DIRS})
target_link_libraries(fhir_qr PRIVATE bedback)
find_program(BB_JQ jq)
if(BB_JQ)
  foreach(case cli errors roundtrip random bundle diary)
    add_test(NAME fhir:${case}
      COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/fhir.sh $<TARGET_FILE:bedback_cli>
              $<TARGET_FILE:fhir_qr> ${CMAKE_SOURCE_DIR} ${case}
              $<$<BOOL:${BB_HAVE_SHARED}>:${BB_SHARED_DIR}/examples>)
    set_tests_properties(fhir:${case} PROPERTIES TIMEOUT 600)
  endforeach()
endif()
