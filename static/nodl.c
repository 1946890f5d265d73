/*
 * nodl.c -- dlopen for the program linked as a static PIE (CMakeLists.txt,
 * BB_STATIC_PIE): it always fails.
 *
 * Only SQLite's archive calls dlopen, to load extensions at run time, which
 * bedback never does (extension loading stays off). glibc's dlopen cannot
 * work in a static program anyway -- it would need, at run time, the shared
 * libraries of the very glibc the program was linked with -- and the linker
 * warns about every reference to it. The program is linked with
 * --wrap=dlopen, so that every call goes here instead and fails as dlopen
 * does when it cannot load (NULL; dlerror then says nothing useful, which
 * SQLite copes with).
 */
#include <stddef.h>

void *__wrap_dlopen(const char *file, int mode);

void *__wrap_dlopen(const char *file, int mode) {
  (void)file;
  (void)mode;
  return NULL;
}
