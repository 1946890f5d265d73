/* kbgen.h -- writes a loaded knowledge base out as C data (kbgen_emit.c).
 * Used by the generator (tools/kbgen.c) at build time and by the test that
 * checks the compiled knowledge base against kb/ loaded at run time
 * (tests/kb_compiled_test.c): the same walk over the same structure, so the
 * text it writes is the structural dump both are compared by. */
#ifndef BB_KBGEN_H
#define BB_KBGEN_H

#include "internal.h"

#include <stdio.h>

/* Writes `kb` as a C file defining `bb_compiled_kb`. 0, or -1 when a write
 * failed (errno set). */
int kbgen_emit(FILE *out, const bb_kb *kb);

#endif
