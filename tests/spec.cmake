# The project's copy of the contracts (docs/spec/) is the shared one word for
# word: the spec changes only when an issue says so, and then both change
# together. Registered only where ../shared exists (CI has it; a user's
# clone does not).
if(BB_HAVE_SHARED AND EXISTS ${BB_SHARED_DIR}/spec)
  add_test(NAME spec_copy COMMAND diff -r ${BB_SHARED_DIR}/spec ${CMAKE_SOURCE_DIR}/docs/spec)
endif()
