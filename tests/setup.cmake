# Setup and install (issue 12): tests/setup/*.sh but lib.sh.
#   recover.sh  a first `make` without the libraries, then `make run`, in a
#               fresh copy of the tree (builds the program there);
#   install.sh  make install / uninstall with DESTDIR, and a C program built
#               against the installed library with pkg-config.
# Both build plain (gcc) programs, so they run in the normal build only, not
# the sanitizer or fuzzing ones; they need git/tar and pkg-config, and
# install.sh a C compiler, all present where the project builds.
if(NOT BB_SANITIZE AND NOT BB_FUZZ)
  add_test(NAME setup_recover COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/setup/recover.sh
    ${CMAKE_SOURCE_DIR})
  set_tests_properties(setup_recover PROPERTIES TIMEOUT 600 RUN_SERIAL ON)
  add_test(NAME setup_install COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/setup/install.sh
    ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})
  set_tests_properties(setup_install PROPERTIES TIMEOUT 300 ENVIRONMENT "CC=${CMAKE_C_COMPILER}")
endif()
