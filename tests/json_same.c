/* json_same.c -- the direct JSON writer (src/jsonw.c) gives the bytes of
 * jansson's dump of the old renderer's tree (render_json.c):
 *
 *   json_same CASE_OR_ANSWERS.json...
 *
 *  1. every file named: a golden case ({"answers": {...}} or
 *     {"answers_text": "..."}) or a bare answers file (examples/) is
 *     assessed and rendered both ways, indented and compact (through
 *     fuzz/fuzz_jsonw.c's jsonw_same_check);
 *  2. the property test's seeded random answers (tests/property.c's
 *     generator), a third of them with the body's size so that the
 *     sleep-support model's part is compared too;
 *  3. the writer's strings and numbers one by one against jansson: random
 *     bytes (control characters, quotes, UTF-8 of every length, bytes that
 *     are not UTF-8, which both leave out) and doubles of every magnitude,
 *     whole numbers, negative zero, NaN and infinities.
 *
 * Exit 0 when all agree, 1 otherwise (the first differences on stderr). */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jsonw.h"

int jsonw_same_check(const bb_assessment *as, const char *what); /* fuzz/fuzz_jsonw.c */

#define CASES 3000
#define SEED 0x9E3779B97F4A7C15ull

static const bb_kb *kb;
static long failures, compared;

/* ------------------------------------------------------------------ */
/* xorshift64*, as tests/property.c */

static uint64_t rng = SEED;

static uint64_t next(void) {
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545F4914F6CDD1Dull;
}

static size_t below(size_t n) {
  return (size_t)(next() % (uint64_t)n);
}

static int chance(unsigned p) {
  return below(100) < p;
}

static void check(const bb_answers *a, const char *what) {
  bb_error err;
  bb_assessment *as = bb_assess(kb, a, &err);
  if (!as) {
    fprintf(stderr, "json_same: %s: bb_assess failed: %s\n", what, err.message);
    failures++;
    return;
  }
  compared++;
  if (jsonw_same_check(as, what) != 0)
    failures++;
  bb_assessment_free(as);
}

/* ------------------------------------------------------------------ */
/* 1. files */

static void check_text(const char *text, size_t len, const char *what) {
  bb_error err;
  bb_answers *a = bb_answers_parse(kb, text, len, what, &err, NULL, NULL);
  if (!a)
    return; /* a case about refused answers: nothing is rendered */
  check(a, what);
  bb_answers_free(a);
}

static void check_file(const char *path) {
  json_error_t je;
  json_t *root = json_load_file(path, 0, &je);
  if (!root) {
    fprintf(stderr, "json_same: %s: %s\n", path, je.text);
    failures++;
    return;
  }
  json_t *answers = json_object_get(root, "answers");
  json_t *text = json_object_get(root, "answers_text");
  if (json_is_string(text)) {
    check_text(json_string_value(text), json_string_length(text), path);
  } else if (answers || !json_object_get(root, "expect")) {
    char *s = json_dumps(answers ? answers : root, 0);
    if (s)
      check_text(s, strlen(s), path);
    free(s);
  }
  json_decref(root);
}

/* ------------------------------------------------------------------ */
/* 2. random answers */

static bb_answers *random_answers(void) {
  bb_answers *a = bb_answers_new(kb);
  if (!a) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  unsigned answered = (unsigned)(20 + below(80));
  int body = chance(33);
  for (size_t i = 0; i < bb_kb_question_count(kb); i++) {
    const bb_question *q = bb_kb_question(kb, i);
    const char *id = bb_question_id(q);
    int size_q = !strcmp(id, "sex") || !strcmp(id, "height_cm") || !strcmp(id, "weight_kg");
    if (size_q ? !body : !chance(answered))
      continue;
    char text[64];
    switch (bb_question_type(q)) {
    case BB_BOOLEAN:
      snprintf(text, sizeof text, "%s", chance(bb_question_is_warning(q) ? 4 : 50) ? "yes" : "no");
      break;
    case BB_INTEGER: {
      long lo = (long)bb_question_min(q), hi = (long)bb_question_max(q);
      snprintf(text, sizeof text, "%ld", lo + (long)below((size_t)(hi - lo + 1)));
      break;
    }
    case BB_NUMBER: {
      double lo = bb_question_min(q), hi = bb_question_max(q);
      long steps = (long)((hi - lo) * 10.0);
      snprintf(text, sizeof text, "%.1f", lo + (double)below((size_t)steps + 1) / 10.0);
      break;
    }
    case BB_CHOICE: {
      size_t n = bb_question_choice_count(q);
      size_t c = below(n);
      if (bb_question_is_warning(q))
        c = chance(80) ? 0 : 1 + below(n - 1);
      snprintf(text, sizeof text, "%s", bb_question_choice(q, c));
      break;
    }
    }
    bb_error err;
    (void)bb_answers_set_text(a, id, text, &err); /* a derived value out of range: unanswered */
  }
  return a;
}

/* ------------------------------------------------------------------ */
/* 3. strings and numbers */

/* jansson's dump of [v] against jsonw's, compact and indented. */
static void same_value(json_t *tree, void (*put)(jsonw *, const void *), const void *v,
                       const char *what) {
  json_t *arr = json_array();
  json_array_append_new(arr, tree); /* a refused value (NULL) leaves [] */
  for (int indent = 0; indent <= 2; indent += 2) {
    char *old = json_dumps(arr, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6) |
                                    (indent ? JSON_INDENT(2) : JSON_COMPACT));
    bbu_buf b;
    bbu_buf_init(&b);
    jsonw w;
    jsonw_init(&w, &b, indent);
    jsonw_arr_begin(&w, NULL);
    put(&w, v);
    jsonw_arr_end(&w);
    char *now = bbu_buf_take(&b);
    compared++;
    if (!old || !now || strcmp(old, now) != 0) {
      if (++failures <= 20)
        fprintf(stderr, "json_same: %s: jansson %s, jsonw %s\n", what, old ? old : "(null)",
                now ? now : "(null)");
    }
    free(old);
    free(now);
  }
  json_decref(arr);
}

static void put_str(jsonw *w, const void *v) {
  jsonw_str(w, NULL, v);
}

static void put_real(jsonw *w, const void *v) {
  jsonw_real(w, NULL, *(const double *)v);
}

static void strings_and_numbers(void) {
  /* bytes that matter most: controls, quote, backslash, slash, DEL, and
   * the lead and continuation bytes of UTF-8 */
  static const unsigned char pick[] = {0x01, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, '"',
                                       '\\', '/',  0x7F, 'a',  ' ',  0x80, 0xBF, 0xC2,
                                       0xC3, 0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4,
                                       0xF5, 0xA0, 0x9F, 0x90, 0x8F, 0xC0, 0xFF};
  static const char *const fixed[] = {"",
                                      "plain",
                                      "é ü —",
                                      "\xF0\x9F\x98\x80 emoji",
                                      "\xED\xA0\x80 surrogate",
                                      "\xC0\xAF overlong",
                                      "tab\there \"quoted\" back\\slash\x01\x1f"};
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    same_value(json_string(fixed[i]), put_str, fixed[i], "fixed string");
  for (int i = 0; i < 20000; i++) {
    char s[24];
    size_t n = below(sizeof s);
    for (size_t k = 0; k < n; k++)
      s[k] = chance(50) ? (char)pick[below(sizeof pick)] : (char)(1 + below(255));
    s[n] = '\0';
    same_value(json_string(s), put_str, s, "random string");
  }
  static const double fixed_d[] = {0.0,
                                   -0.0,
                                   1.0,
                                   -1.0,
                                   0.5,
                                   1e-5,
                                   1e-7,
                                   1e21,
                                   1e300,
                                   123456,
                                   1234567,
                                   0.1,
                                   2.5e-10,
                                   1e100,
                                   (double)NAN,
                                   (double)INFINITY,
                                   -(double)INFINITY,
                                   4.9e-324,
                                   1.7976931348623157e308};
  for (size_t i = 0; i < sizeof fixed_d / sizeof fixed_d[0]; i++)
    same_value(json_real(fixed_d[i]), put_real, &fixed_d[i], "fixed number");
  for (int i = 0; i < 20000; i++) {
    double d;
    if (chance(50)) {
      uint64_t bits = next();
      memcpy(&d, &bits, sizeof d);
    } else {
      d = (double)(int64_t)next() / pow(10.0, (double)below(30));
      if (chance(30))
        d = round(d);
    }
    same_value(json_real(d), put_real, &d, "random number");
  }
}

int main(int argc, char **argv) {
  bb_error err;
  kb = bb_kb_load_builtin(&err);
  if (!kb) {
    fprintf(stderr, "json_same: %s\n", err.message);
    return 1;
  }
  long files = 0;
  for (int i = 1; i < argc; i++, files++)
    check_file(argv[i]);
  long from_files = compared;
  for (int i = 0; i < CASES; i++) {
    bb_answers *a = random_answers();
    char what[32];
    snprintf(what, sizeof what, "random case %d", i);
    check(a, what);
    bb_answers_free(a);
  }
  long assessments = compared;
  strings_and_numbers();
  printf("json_same: %ld files (%ld assessed), %d random answers, %ld values: %ld differences\n",
         files, from_files, CASES, compared - assessments, failures);
  /* a run that compared nothing proves nothing */
  if (from_files == 0 && argc > 1) {
    fprintf(stderr, "json_same: no file gave an assessment\n");
    return 1;
  }
  return failures ? 1 : 0;
}
