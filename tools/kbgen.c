/* kbgen: the built-in knowledge base, validated and compiled to C data
 * (build step, run by CMake).
 * usage: kbgen OUT.c KBDIR
 * Loads KBDIR with the loader `bedback kb check` and `--kb DIR` use; a
 * broken knowledge base fails the build with every problem as
 * file:line:col: message (exit 78, nothing written). Otherwise writes
 * OUT.c (kbgen_emit.c) through a temporary file, so a failed run leaves no
 * half-written source behind. */
#include "kbgen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The library's core refers to the built-in knowledge base in places this
 * program never reaches (the diary's HTML report); the built-in one is
 * what this program makes, so here there is none. */
bb_kb *bb_kb_load_builtin(bb_error *err) {
  bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "the generator has no built-in knowledge base");
  return NULL;
}

static void print_diag(const bb_error *e, void *ud) {
  (void)ud;
  char buf[1024];
  bb_error_format(e, buf, sizeof buf);
  fprintf(stderr, "%s\n", buf);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: kbgen OUT.c KBDIR\n");
    return 64;
  }
  const char *path = argv[1], *dir = argv[2];
  size_t n = bb_kb_check(dir, print_diag, NULL);
  if (n) {
    fprintf(stderr,
            "kbgen: the knowledge base in %s is broken (%zu problem%s above); "
            "`bedback kb check %s` lists them\n",
            dir, n, n == 1 ? "" : "s", dir);
    return 78;
  }
  bb_error err;
  bb_kb *kb = bb_kb_load_dir(dir, &err);
  if (!kb) {
    print_diag(&err, NULL);
    return err.status ? err.status : 78;
  }
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *out = fopen(tmp, "w");
  if (!out) {
    fprintf(stderr, "kbgen: %s: %s\n", tmp, strerror(errno));
    bb_kb_free(kb);
    return 74;
  }
  int bad = kbgen_emit(out, kb);
  bb_kb_free(kb);
  if (fclose(out) != 0 || bad || rename(tmp, path) != 0) {
    fprintf(stderr, "kbgen: writing %s failed: %s\n", path, strerror(errno));
    remove(tmp);
    return 74;
  }
  return 0;
}
