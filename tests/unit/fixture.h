/* fixture.h -- what the unit tests share: the built-in knowledge base as a
 * cmocka group fixture, and editable in-memory copies of its files (to
 * break one thing and check what the loader or the engine makes of it).
 * Include after <cmocka.h>. */
#ifndef BB_TEST_FIXTURE_H
#define BB_TEST_FIXTURE_H

#include <stddef.h>

#include "internal.h"

/* The built-in knowledge base, loaded by fx_setup and freed by
 * fx_teardown (cmocka group setup/teardown). */
extern bb_kb *kb;
int fx_setup(void **state);
int fx_teardown(void **state);

/* A copy of the built-in files that a test may edit. kbcopy_init fails the
 * test on allocation failure; kbcopy_free frees what the copy owns. */
#define KBCOPY_MAX 16
typedef struct {
  bb_kb_file files[KBCOPY_MAX];
  char *texts[KBCOPY_MAX];
  size_t n;
} kbcopy;

void kbcopy_init(kbcopy *c);
void kbcopy_free(kbcopy *c);
/* The index of file `name` (fails the test when there is none). */
size_t kbcopy_index(const kbcopy *c, const char *name);
/* Replaces the first `from` in file `name` with `to` (fails the test when
 * `from` is not there). */
void kbcopy_replace(kbcopy *c, const char *name, const char *from, const char *to);

#endif
