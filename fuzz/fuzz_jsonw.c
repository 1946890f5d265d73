/* fuzz_jsonw.c -- the direct JSON writer (src/jsonw.c) against jansson's
 * dump of the old renderer's tree (render_json.c): fuzzed answers are
 * assessed and rendered both ways, indented (`assess --json`) and compact
 * (`bedback batch`), and the bytes must be the same.
 *
 * The input is read as a recipe rather than as JSON, so that nearly every
 * input is a valid set of answers: one byte per question in the knowledge
 * base's order (below 64: unanswered; otherwise the value, a second byte
 * for numbers), then the rest of the input, if any, as a string put into
 * the assessment in the places the knowledge base's vetted text usually
 * fills (the fit's error, a cause's text and score, a note), so that the
 * escaping of control characters, quotes, UTF-8 and what jansson refuses
 * (bytes that are not UTF-8, numbers that are not finite) is compared too.
 *
 * jsonw_same_check is also used by tests/json_same.c. */
#include "bedback.h"
#include "internal.h"
#include "jsonw.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int jsonw_same_check(const bb_assessment *as, const char *what);

json_t *bbr_assessment_json(const bb_assessment *as); /* render_json.c */
char *bbr_json_dump(json_t *root);

static void show_difference(const char *what, const char *mode, const char *a, const char *b) {
  size_t i = 0;
  while (a[i] && a[i] == b[i])
    i++;
  size_t from = i > 60 ? i - 60 : 0;
  fprintf(stderr,
          "jsonw: %s: %s output differs at byte %zu:\n  jansson: %.120s\n  jsonw:   %.120s\n", what,
          mode, i, a + from, b + from);
}

/* 0 when jsonw writes the bytes jansson dumps, indented and compact. */
int jsonw_same_check(const bb_assessment *as, const char *what) {
  int rc = 0;
  /* indented, with bb_render's final newline */
  char *old = bbr_json_dump(bbr_assessment_json(as));
  char *now = bb_render(as, BB_FORMAT_JSON, 0);
  if (!old || !now) {
    fprintf(stderr, "jsonw: %s: rendering failed\n", what);
    rc = -1;
  } else if (strcmp(old, now) != 0) {
    show_difference(what, "indented", old, now);
    rc = -1;
  }
  free(old);
  free(now);
  /* compact, as a batch line holds it */
  json_t *tree = bbr_assessment_json(as);
  old = tree ? json_dumps(tree, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) : NULL;
  json_decref(tree);
  bbu_buf b;
  bbu_buf_init(&b);
  jsonw_assessment(&b, as, 0);
  now = bbu_buf_take(&b);
  if (!old || !now) {
    fprintf(stderr, "jsonw: %s: compact rendering failed\n", what);
    rc = -1;
  } else if (strcmp(old, now) != 0) {
    show_difference(what, "compact", old, now);
    rc = -1;
  }
  free(old);
  free(now);
  return rc;
}

static bb_kb *kb;

typedef struct {
  const uint8_t *p, *end;
} cursor;

static unsigned take(cursor *c) {
  return c->p < c->end ? *c->p++ : 0u;
}

static void answer(bb_answers *a, const bb_question *q, cursor *c) {
  unsigned b = take(c);
  if (b < 64)
    return;
  char text[64];
  switch (bb_question_type(q)) {
  case BB_BOOLEAN: snprintf(text, sizeof text, "%s", b & 1 ? "yes" : "no"); break;
  case BB_INTEGER:
  case BB_NUMBER: {
    double lo = bb_question_min(q), hi = bb_question_max(q);
    double v = lo + (hi - lo) * (double)(((b - 64u) << 8) | take(c)) / (191.0 * 256.0 + 255.0);
    if (bb_question_type(q) == BB_INTEGER)
      snprintf(text, sizeof text, "%.0f", floor(v));
    else
      snprintf(text, sizeof text, "%.1f", v);
    break;
  }
  case BB_CHOICE: {
    size_t n = bb_question_choice_count(q);
    snprintf(text, sizeof text, "%s", bb_question_choice(q, (size_t)b % n));
    break;
  }
  }
  bb_error err;
  (void)bb_answers_set_text(a, bb_question_id(q), text, &err); /* out of range: unanswered */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!kb) {
    bb_error err;
    kb = bb_kb_load_builtin(&err);
    if (!kb)
      abort();
  }
  cursor c = {data, data + size};
  bb_answers *a = bb_answers_new(kb);
  if (!a)
    abort();
  for (size_t i = 0; i < bb_kb_question_count(kb); i++)
    answer(a, bb_kb_question(kb, i), &c);
  bb_error err;
  bb_assessment *as = bb_assess(kb, a, &err);
  if (!as)
    abort();
  if (jsonw_same_check(as, "fuzzed answers") != 0)
    abort();

  /* the rest of the input as text where vetted text usually is */
  size_t n = (size_t)(c.end - c.p);
  if (n) {
    char *s = malloc(n + 1);
    if (!s)
      abort();
    memcpy(s, c.p, n);
    s[n] = '\0';
    as->fit_error = s;
    if (as->ncauses) {
      as->causes[0].text = s;
      double d;
      if (n >= sizeof d) {
        memcpy(&d, s, sizeof d);
        as->causes[0].score = d;
      }
    }
    if (as->nnotes)
      as->notes[0] = s;
    if (jsonw_same_check(as, "fuzzed text") != 0)
      abort();
    as->fit_error = NULL;
    free(s);
  }
  bb_assessment_free(as);
  bb_answers_free(a);
  return 0;
}
