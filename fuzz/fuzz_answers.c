/* fuzz_answers.c -- bb_answers_parse on arbitrary bytes, against the
 * built-in knowledge base (loaded once). What parses is assessed, rendered
 * in every format and written back out; the written answers must parse
 * again to the same answers. */
#include "bedback.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bb_kb *kb;

static void diag(const bb_error *e, void *ud) {
  size_t *n = ud;
  char buf[1024];
  bb_error_format(e, buf, sizeof buf);
  (*n)++;
}

static void die(const char *what) {
  fprintf(stderr, "fuzz_answers: %s\n", what);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!kb) {
    bb_error err;
    kb = bb_kb_load_builtin(&err);
    if (!kb)
      die(err.message);
  }
  bb_error err;
  size_t ndiag = 0;
  bb_answers *a = bb_answers_parse(kb, (const char *)data, size, "fuzz.json", &err, diag, &ndiag);
  if (!a) {
    if (err.status == 0 || ndiag == 0)
      die("answers refused without an error");
    if (ndiag > BB_ANSWERS_MAX_DIAGS + 1)
      die("more problems listed than BB_ANSWERS_MAX_DIAGS and the count line");
    return 0;
  }
  bb_assessment *as = bb_assess(kb, a, &err);
  if (!as)
    die("bb_assess failed on valid answers");
  static const bb_format formats[] = {BB_FORMAT_TEXT, BB_FORMAT_JSON, BB_FORMAT_MARKDOWN};
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
    char *out = bb_render(as, formats[i], i == 0 ? BB_RENDER_COLOR : 0u);
    if (!out)
      die("bb_render failed");
    free(out);
  }
  bb_assessment_free(as);

  /* round trip: the answers written out read back as the same answers */
  char *json = bb_answers_to_json(a);
  if (!json)
    die("bb_answers_to_json failed");
  bb_answers *b = bb_answers_parse(kb, json, strlen(json), "roundtrip.json", &err, NULL, NULL);
  if (!b) {
    fprintf(stderr, "fuzz_answers: written answers do not parse: %s\n%s\n", err.message, json);
    abort();
  }
  char *again = bb_answers_to_json(b);
  if (!again || strcmp(json, again) != 0) {
    fprintf(stderr, "fuzz_answers: round trip changed the answers:\n%s\n%s\n", json,
            again ? again : "(null)");
    abort();
  }
  free(again);
  free(json);
  bb_answers_free(b);
  bb_answers_free(a);
  return 0;
}
