/* kb_builtin.c -- the built-in knowledge base.
 *
 * kb/ is validated by the same loader as `--kb DIR` and compiled to C data
 * at build time (tools/kbgen, kbcompiled.c), so a process starts with its
 * knowledge base ready: no parsing, no allocation, only the pages it reads.
 * Kept apart from kb.c because the generator links the loader but cannot
 * link what it generates. */
#include "internal.h"

bb_kb *bb_kb_load_builtin(bb_error *err) {
  bb_error_clear(err);
  return &bb_compiled_kb;
}
