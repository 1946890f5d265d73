/* fuzz_fhir.c -- bb_fhir_read_response on arbitrary bytes, against the
 * built-in knowledge base (loaded once). A refusal must be status 65 with
 * a sentence; what is read must be answers the answers parser accepts as
 * they are written back, and the response bedback writes for them must
 * read back to the same answers; they are assessed and the assessment
 * Bundle written. */
#include "bedback.h"
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bb_kb *kb;

static void die(const char *what) {
  fprintf(stderr, "fuzz_fhir: %s\n", what);
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
  bb_answers *a = bb_fhir_read_response(kb, (const char *)data, size, "fuzz", &err);
  if (!a) {
    if (err.status != BB_EX_DATAERR && err.status != BB_EX_SOFTWARE)
      die("a refusal that is not status 65");
    if (!err.message[0])
      die("a refusal without a sentence");
    return 0;
  }
  char *json = bb_answers_to_json(a);
  if (!json)
    die("out of memory");
  bb_answers *again = bb_answers_parse(kb, json, strlen(json), "again", &err, NULL, NULL);
  if (!again)
    die("the answers read from a response are refused as answers");
  char *qr = bb_fhir_response(a, 20000);
  if (!qr)
    die("out of memory");
  bb_answers *back = bb_fhir_read_response(kb, qr, strlen(qr), "back", &err);
  if (!back)
    die("bedback's own response is refused");
  char *json2 = bb_answers_to_json(back);
  if (!json2 || strcmp(json, json2))
    die("the response written back reads as other answers");
  bb_assessment *as = bb_assess(kb, a, &err);
  if (!as)
    die("assessment failed");
  char *bundle = bb_fhir_assessment_bundle(as, 20000);
  if (!bundle)
    die("no bundle");
  free(bundle);
  bb_assessment_free(as);
  free(json2);
  free(qr);
  free(json);
  bb_answers_free(back);
  bb_answers_free(again);
  bb_answers_free(a);
  return 0;
}
