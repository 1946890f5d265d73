/* test_answers.c -- parsing and validating answers (spec/answers.md),
 * typed-in answers, which questions apply, and the JSON round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* The example of spec/answers.md. */
static const char EXAMPLE[] =
    "{\n"
    "  \"age\": 38, \"sex\": \"female\", \"height_cm\": 168, \"weight_kg\": 64,\n"
    "  \"sleep_position\": \"side\", \"mattress_firmness\": 9, \"mattress_age_years\": 2,\n"
    "  \"pillow_height_cm\": 7, \"pillow_firmness\": \"soft\", \"pillow_between_knees\": false,\n"
    "  \"tightness\": 5, \"weeks_since_onset\": 3, \"pressure_points\": true, \"trend\": "
    "\"same\",\n"
    "  \"bladder_change\": false, \"bowel_change\": false, \"saddle_numbness\": false,\n"
    "  \"sexual_dysfunction\": false, \"leg_weakness\": \"none\", \"leg_numbness\": \"none\",\n"
    "  \"weakness_worsening\": false, \"major_trauma\": false, \"chest_pain\": false,\n"
    "  \"fever\": false, \"cancer_history\": false, \"weight_loss\": false,\n"
    "  \"steroid_use\": false, \"osteoporosis\": false,\n"
    "  \"sitting_hours\": 8, \"stress\": 4, \"water_litres\": 2\n"
    "}\n";

/* Collects every error passed to the callback. */
typedef struct {
  bb_error e[16];
  int n;
} diags;

static void on_diag(const bb_error *e, void *ud) {
  diags *d = ud;
  if (d->n < 16)
    d->e[d->n] = *e;
  d->n++;
}

static bb_answers *parse(const char *json, bb_error *err, diags *d) {
  return bb_answers_parse(kb, json, strlen(json), "answers.json", err, d ? on_diag : NULL, d);
}

static bb_answers *parse_ok(const char *json) {
  bb_error err;
  bb_answers *a = parse(json, &err, NULL);
  if (!a)
    fail_msg("did not parse: %d:%d: %s\n%s", err.line, err.column, err.message, json);
  assert_int_equal(err.status, 0);
  return a;
}

/* Parses `json`, expects exactly one error; returns it. */
static bb_error parse_err(const char *json) {
  bb_error err;
  diags d;
  memset(&d, 0, sizeof d);
  bb_answers *a = parse(json, &err, &d);
  if (a) {
    bb_answers_free(a);
    fail_msg("parsed but should not have: %s", json);
  }
  assert_int_equal(err.status, BB_EX_DATAERR);
  assert_int_equal(d.n, 1);
  assert_string_equal(d.e[0].message, err.message);
  assert_string_equal(err.file, "answers.json");
  return err;
}

static void mentions(const bb_error *e, const char *needle) {
  if (!strstr(e->message, needle))
    fail_msg("message \"%s\" does not mention \"%s\"", e->message, needle);
}

static const bb_value *value(const bb_answers *a, const char *id) {
  int i = kb_find_finding(kb, id, strlen(id));
  assert_true(i >= 0);
  return &a->v[i];
}

static char *assess_json(const bb_answers *a) {
  bb_error err;
  bb_assessment *as = bb_assess(kb, a, &err);
  assert_non_null(as);
  char *s = bb_render(as, BB_FORMAT_JSON, 0);
  assert_non_null(s);
  bb_assessment_free(as);
  return s;
}

/* ------------------------------------------------------------------ */

static void test_valid_example(void **state) {
  (void)state;
  bb_answers *a = parse_ok(EXAMPLE);
  assert_true(bb_answers_known(a, "age"));
  assert_true(bb_answers_known(a, "bladder_change"));
  assert_true(bb_answers_known(a, "leg_weakness"));
  assert_false(bb_answers_known(a, "leg_symptoms_new"));
  assert_false(bb_answers_known(a, "hip_flexor_test"));
  assert_false(bb_answers_known(a, "no_such_question"));
  assert_int_equal(value(a, "age")->kind, V_NUM);
  assert_true(value(a, "age")->num == 38.0);
  assert_true(value(a, "water_litres")->num == 2.0);
  assert_int_equal(value(a, "bladder_change")->kind, V_BOOL);
  assert_int_equal(value(a, "bladder_change")->b, 0);
  assert_int_equal(value(a, "pressure_points")->b, 1);
  assert_int_equal(value(a, "sleep_position")->kind, V_CHOICE);
  assert_string_equal(bb_question_choice(bb_kb_find_question(kb, "sleep_position"),
                                         (size_t)value(a, "sleep_position")->choice),
                      "side");
  bb_answers_clear(a, "age");
  assert_false(bb_answers_known(a, "age"));
  bb_answers_free(a);
  /* empty object, and a NULL callback and error */
  a = bb_answers_parse(kb, "{}", 2, NULL, NULL, NULL, NULL);
  assert_non_null(a);
  assert_false(bb_answers_known(a, "age"));
  bb_answers_free(a);
}

static void test_unknown_key_with_suggestion(void **state) {
  (void)state;
  bb_error e = parse_err("{\n  \"age\": 38,\n  \"bladder_chnage\": true\n}");
  mentions(&e, "bladder_chnage");
  mentions(&e, "bladder_change");
  assert_string_equal(e.key, "bladder_chnage");
  assert_int_equal(e.line, 3);
  assert_int_equal(e.column, 3);
  /* far from anything: no suggestion, but a pointer to the list */
  e = parse_err("{\"colour\": \"blue\"}");
  mentions(&e, "\"colour\" is not a known question");
  assert_null(strstr(e.message, "did you mean"));
  assert_int_equal(e.line, 1);
  assert_int_equal(e.column, 2);
}

static void test_key_given_twice(void **state) {
  (void)state;
  bb_error e = parse_err("{\n  \"bladder_change\": true,\n  \"age\": 40,\n"
                         "  \"bladder_change\": false\n}");
  mentions(&e, "bladder_change");
  mentions(&e, "twice");
  assert_string_equal(e.key, "bladder_change");
  assert_int_equal(e.line, 4);
}

static void test_wrong_type(void **state) {
  (void)state;
  bb_error e = parse_err("{\"age\": 40,\n \"bladder_change\": \"yes\"}");
  mentions(&e, "bladder_change");
  mentions(&e, "\"yes\"");
  mentions(&e, "true or false");
  assert_string_equal(e.key, "bladder_change");
  assert_int_equal(e.line, 2);
  assert_int_equal(e.column, 2);
  e = parse_err("{\"age\": \"38\"}");
  mentions(&e, "age");
  mentions(&e, "a string");
  mentions(&e, "16 to 110");
  e = parse_err("{\"leg_weakness\": true}");
  mentions(&e, "leg_weakness");
  mentions(&e, "one_leg");
  e = parse_err("{\"tightness\": [5]}");
  mentions(&e, "tightness");
  mentions(&e, "a list");
}

static void test_out_of_range(void **state) {
  (void)state;
  bb_error e = parse_err("{\"age\": 15}");
  mentions(&e, "age");
  mentions(&e, "15");
  mentions(&e, "16");
  mentions(&e, "110");
  mentions(&e, "out of range");
  assert_string_equal(e.key, "age");
  e = parse_err("{\"age\": 111}");
  mentions(&e, "111");
  mentions(&e, "16 to 110");
  e = parse_err("{\"tightness\": 11}");
  mentions(&e, "tightness");
  mentions(&e, "11");
  mentions(&e, "0 to 10");
  e = parse_err("{\"tightness\": -1}");
  mentions(&e, "-1");
  e = parse_err("{\"height_cm\": 119.5}");
  mentions(&e, "119.5");
  mentions(&e, "120 to 230");
  /* the bounds themselves are allowed */
  bb_answers *a = parse_ok("{\"age\": 16, \"tightness\": 0, \"height_cm\": 230, "
                           "\"weeks_since_onset\": 1040}");
  assert_true(value(a, "age")->num == 16.0);
  assert_true(value(a, "height_cm")->num == 230.0);
  bb_answers_free(a);
  a = parse_ok("{\"age\": 110, \"tightness\": 10}");
  bb_answers_free(a);
}

static void test_fraction_for_integer(void **state) {
  (void)state;
  bb_error e = parse_err("{\"age\": 38.5}");
  mentions(&e, "age");
  mentions(&e, "38.5");
  mentions(&e, "whole number");
  bb_answers *a = parse_ok("{\"age\": 38.0, \"tightness\": 5e0, \"stress\": 70e-1}");
  assert_true(value(a, "age")->num == 38.0);
  assert_true(value(a, "tightness")->num == 5.0);
  assert_true(value(a, "stress")->num == 7.0);
  bb_answers_free(a);
  /* fractions are fine for number questions */
  a = parse_ok("{\"weeks_since_onset\": 3.5, \"water_litres\": 1.25}");
  assert_true(value(a, "weeks_since_onset")->num == 3.5);
  bb_answers_free(a);
}

static void test_unknown_choice(void **state) {
  (void)state;
  bb_error e = parse_err("{\"leg_weakness\": \"one_lg\"}");
  mentions(&e, "leg_weakness");
  mentions(&e, "one_lg");
  mentions(&e, "none");
  mentions(&e, "both_legs");
  mentions(&e, "did you mean \"one_leg\"");
  e = parse_err("{\"sleep_position\": \"upside_down\"}");
  mentions(&e, "upside_down");
  assert_null(strstr(e.message, "did you mean"));
  /* choices are the lowercase strings listed */
  e = parse_err("{\"sleep_position\": \"Side\"}");
  mentions(&e, "sleep_position");
}

static void test_null_is_missing(void **state) {
  (void)state;
  bb_answers *a = parse_ok("{\"bladder_change\": null, \"age\": null}");
  assert_false(bb_answers_known(a, "bladder_change"));
  assert_false(bb_answers_known(a, "age"));
  bb_answers *b = parse_ok("{}");
  char *ja = assess_json(a), *jb = assess_json(b);
  assert_string_equal(ja, jb);
  assert_non_null(strstr(ja, "\"bladder_change\"")); /* listed as unasked */
  free(ja);
  free(jb);
  bb_answers_free(a);
  bb_answers_free(b);
  /* keys after a null are still read, and still checked */
  a = parse_ok("{\"bladder_change\": null, \"age\": 40, \"sex\": null, \"fever\": true}");
  assert_false(bb_answers_known(a, "bladder_change"));
  assert_true(bb_answers_known(a, "age"));
  assert_true(bb_answers_known(a, "fever"));
  bb_answers_free(a);
  bb_error e = parse_err("{\"bladder_change\": null, \"age\": 200}");
  assert_string_equal(e.key, "age");
}

static void test_version(void **state) {
  (void)state;
  bb_answers *a = parse_ok("{\"version\": 1, \"age\": 40}");
  assert_true(bb_answers_known(a, "age"));
  bb_answers_free(a);
  bb_error e = parse_err("{\"version\": 2, \"age\": 40}");
  mentions(&e, "version");
  assert_string_equal(e.key, "version");
  e = parse_err("{\"version\": \"1\"}");
  mentions(&e, "version");
}

static void test_top_level_not_object(void **state) {
  (void)state;
  bb_error e = parse_err("[{\"age\": 40}]");
  mentions(&e, "one JSON object");
  mentions(&e, "a list");
  /* a bare scalar is refused too (jansson stops at it before we look) */
  e = parse_err("42");
  assert_int_equal(e.status, BB_EX_DATAERR);
  e = parse_err("\"age\"");
  assert_int_equal(e.status, BB_EX_DATAERR);
}

static void test_invalid_json(void **state) {
  (void)state;
  bb_error e = parse_err("{\n  \"age\": 38,\n  \"sex\": }\n");
  mentions(&e, "not valid JSON");
  assert_int_equal(e.line, 3);
  assert_true(e.column >= 9 && e.column <= 11); /* at the '}' */
  e = parse_err("");
  mentions(&e, "not valid JSON");
  e = parse_err("{\"age\": 38");
  mentions(&e, "not valid JSON");
  assert_int_equal(e.line, 1);
}

static void test_derived_rejected(void **state) {
  (void)state;
  bb_error e = parse_err("{\"height_cm\": 180, \"bmi\": 22}");
  mentions(&e, "bmi");
  assert_string_equal(e.key, "bmi");
  assert_null(bb_kb_find_question(kb, "bmi"));
  bb_answers *a = bb_answers_new(kb);
  bb_error err;
  assert_int_equal(bb_answers_set_text(a, "bmi", "22", &err), -1);
  assert_false(bb_answers_known(a, "bmi"));
  bb_answers_free(a);
}

static void test_multiple_errors(void **state) {
  (void)state;
  const char *json = "{\n"
                     "  \"age\": 15,\n"
                     "  \"bladder_chnage\": true,\n"
                     "  \"tightness\": \"high\",\n"
                     "  \"sleep_position\": \"sideways\",\n"
                     "  \"sex\": \"female\",\n"
                     "  \"bmi\": 20\n"
                     "}";
  bb_error err;
  diags d;
  memset(&d, 0, sizeof d);
  assert_null(parse(json, &err, &d));
  assert_int_equal(d.n, 5);
  assert_int_equal(err.status, BB_EX_DATAERR);
  /* the first one is the one left in err */
  assert_string_equal(err.message, d.e[0].message);
  assert_string_equal(err.key, d.e[0].key);
  const char *keys[] = {"age", "bladder_chnage", "tightness", "sleep_position", "bmi"};
  int lines[] = {2, 3, 4, 5, 7};
  for (size_t k = 0; k < 5; k++) {
    int found = 0;
    for (int i = 0; i < d.n; i++)
      if (strcmp(d.e[i].key, keys[k]) == 0) {
        found++;
        assert_int_equal(d.e[i].line, lines[k]);
        assert_int_equal(d.e[i].status, BB_EX_DATAERR);
      }
    assert_int_equal(found, 1);
  }
  /* without a callback the first error still arrives */
  bb_error only;
  assert_null(parse(json, &only, NULL));
  assert_string_equal(only.message, err.message);
}

/* At most BB_ANSWERS_MAX_DIAGS problems one by one, then how many more;
 * each key placed at its own line, where searching the text placed keys
 * in quadratic time (issue 10). */
typedef struct {
  int n;
  int line[32];
  char key[32][64];
  char last[512];
} counted;

static void count_diag(const bb_error *e, void *ud) {
  counted *c = ud;
  if (c->n < 32) {
    c->line[c->n] = e->line;
    snprintf(c->key[c->n], sizeof c->key[c->n], "%s", e->key);
  }
  snprintf(c->last, sizeof c->last, "%s", e->message);
  c->n++;
}

static void test_many_problems_capped(void **state) {
  (void)state;
  /* 30,000 unknown keys, one a line; the last 5 lines: a bad version, a
   * valid answer, a wrong type, a null, a derived finding */
  size_t cap = 30000 * 24 + 256, n = 0;
  char *json = malloc(cap);
  assert_non_null(json);
  n += (size_t)snprintf(json + n, cap - n, "{\n");
  for (int i = 0; i < 30000; i++)
    n += (size_t)snprintf(json + n, cap - n, "  \"k%d\": %d,\n", i, i);
  n += (size_t)snprintf(json + n, cap - n,
                        "  \"version\": 2,\n  \"age\": 40,\n  \"fever\": \"no\",\n"
                        "  \"sex\": null,\n  \"bmi\": 20\n}\n");
  counted c;
  memset(&c, 0, sizeof c);
  bb_error err;
  assert_null(bb_answers_parse(kb, json, n, "many.json", &err, count_diag, &c));
  assert_int_equal(c.n, BB_ANSWERS_MAX_DIAGS + 1);
  for (int i = 0; i < BB_ANSWERS_MAX_DIAGS; i++) {
    char want[16];
    snprintf(want, sizeof want, "k%d", i);
    assert_string_equal(c.key[i], want);
    assert_int_equal(c.line[i], i + 2);
  }
  /* 30,000 - 20 unknown keys, the version, fever, bmi */
  assert_string_equal(c.last, "\u2026 and 29983 more problems");
  assert_int_equal(err.status, BB_EX_DATAERR);
  assert_string_equal(err.key, "k0");
  assert_int_equal(err.line, 2);
  free(json);
  /* exactly the limit: no count line */
  memset(&c, 0, sizeof c);
  char small[512];
  n = (size_t)snprintf(small, sizeof small, "{");
  for (int i = 0; i < BB_ANSWERS_MAX_DIAGS; i++)
    n += (size_t)snprintf(small + n, sizeof small - n, "%s\"k%d\": 1", i ? ", " : "", i);
  snprintf(small + n, sizeof small - n, "}");
  assert_null(parse(small, &err, NULL));
  assert_null(bb_answers_parse(kb, small, strlen(small), "a.json", &err, count_diag, &c));
  assert_int_equal(c.n, BB_ANSWERS_MAX_DIAGS);
  assert_non_null(strstr(c.last, "is not a known question"));
}

/* Larger than the limit: refused before parsing. */
static void test_size_limit(void **state) {
  (void)state;
  bb_error err;
  size_t n = (size_t)BB_ANSWERS_MAX_BYTES + 1;
  char *json = malloc(n);
  assert_non_null(json);
  memset(json, ' ', n);
  json[0] = '{';
  json[1] = '}';
  assert_null(bb_answers_parse(kb, json, n, "big.json", &err, NULL, NULL));
  assert_int_equal(err.status, BB_EX_DATAERR);
  assert_non_null(strstr(err.message, "at most 64 MiB"));
  /* at the limit: valid (white space) */
  bb_answers *a = bb_answers_parse(kb, json, n - 1, "big.json", &err, NULL, NULL);
  assert_non_null(a);
  bb_answers_free(a);
  free(json);
}

static void test_unknown_choice_kept(void **state) {
  (void)state;
  bb_answers *a = parse_ok("{\"hip_flexor_test\": \"unknown\", \"low_back_arch\": \"unknown\", "
                           "\"hamstring_test\": \"tight\", \"sitting_hours\": 7}");
  assert_false(bb_answers_known(a, "hip_flexor_test"));
  assert_false(bb_answers_known(a, "low_back_arch"));
  assert_true(bb_answers_known(a, "hamstring_test"));
  assert_int_equal(value(a, "hip_flexor_test")->kind, V_UNKNOWN);
  /* treated exactly like a missing answer ... */
  bb_answers *b = parse_ok("{\"hamstring_test\": \"tight\", \"sitting_hours\": 7}");
  char *ja = assess_json(a), *jb = assess_json(b);
  assert_string_equal(ja, jb);
  free(ja);
  free(jb);
  /* ... but preserved when written back */
  char *s = bb_answers_to_json(a);
  assert_non_null(s);
  json_error_t je;
  json_t *o = json_loads(s, 0, &je);
  assert_non_null(o);
  assert_string_equal(json_string_value(json_object_get(o, "hip_flexor_test")), "unknown");
  assert_string_equal(json_string_value(json_object_get(o, "low_back_arch")), "unknown");
  assert_string_equal(json_string_value(json_object_get(o, "hamstring_test")), "tight");
  assert_int_equal(json_object_size(o), 4);
  json_decref(o);
  free(s);
  /* the missing one is not written */
  s = bb_answers_to_json(b);
  assert_null(strstr(s, "hip_flexor_test"));
  free(s);
  bb_answers_free(a);
  bb_answers_free(b);
  /* a question without an unknown choice does not accept "unknown" */
  bb_error e = parse_err("{\"leg_weakness\": \"unknown\"}");
  mentions(&e, "leg_weakness");
}

/* ------------------------------------------------------------------ */
/* Typed-in answers */

static void set_ok(bb_answers *a, const char *id, const char *text) {
  bb_error err;
  if (bb_answers_set_text(a, id, text, &err) != 0)
    fail_msg("%s <- \"%s\": %s", id, text, err.message);
  assert_int_equal(err.status, 0);
}

static bb_error set_bad(bb_answers *a, const char *id, const char *text) {
  bb_error err;
  if (bb_answers_set_text(a, id, text, &err) != -1)
    fail_msg("%s <- \"%s\" was accepted", id, text);
  assert_true(err.status != 0);
  assert_true(err.message[0] != '\0');
  return err;
}

static const char *choice_of(const bb_answers *a, const char *id) {
  const bb_value *v = value(a, id);
  if (v->kind != V_CHOICE)
    return "(not a choice)";
  return bb_question_choice(bb_kb_find_question(kb, id), (size_t)v->choice);
}

static void test_set_text_booleans(void **state) {
  (void)state;
  bb_answers *a = bb_answers_new(kb);
  const char *yes[] = {"yes", "y", "Y", "YES", "true", "True", "  yes  "};
  const char *no[] = {"no", "n", "N", "No", "false", "FALSE", "\tno\n"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    set_ok(a, "bladder_change", no[i]);
    assert_int_equal(value(a, "bladder_change")->kind, V_BOOL);
    assert_int_equal(value(a, "bladder_change")->b, 0);
    set_ok(a, "bladder_change", yes[i]);
    assert_int_equal(value(a, "bladder_change")->b, 1);
  }
  bb_error e = set_bad(a, "bladder_change", "maybe");
  assert_int_equal(e.status, BB_EX_DATAERR);
  assert_non_null(strstr(e.message, "yes or no"));
  assert_string_equal(e.key, "bladder_change");
  /* a failed answer leaves the old one */
  assert_int_equal(value(a, "bladder_change")->b, 1);
  set_bad(a, "bladder_change", "");
  e = set_bad(a, "no_such_question", "yes");
  assert_int_equal(e.status, BB_EX_USAGE);
  bb_answers_free(a);
}

/* How people say yes and no (issue 12): "yeah", "nope" and the like, for
 * yes-or-no questions and for a choice whose one label says yes or no; a
 * "yes" that could mean two choices is refused with the menu. */
static void test_set_text_yeah_nope(void **state) {
  (void)state;
  bb_answers *a = bb_answers_new(kb);
  const char *yes[] = {"yeah", "Yep", "yup", "sure"};
  const char *no[] = {"nope", "Nah", "NOPE"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    set_ok(a, "night_cramps", yes[i]);
    assert_int_equal(value(a, "night_cramps")->b, 1);
  }
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
    set_ok(a, "night_cramps", no[i]);
    assert_int_equal(value(a, "night_cramps")->b, 0);
  }
  /* hip_flexor_test: "yes, it lifts (tight)" / "no, it stays flat (normal)" */
  set_ok(a, "hip_flexor_test", "yeah");
  assert_int_equal(value(a, "hip_flexor_test")->kind, V_CHOICE);
  int lifts = value(a, "hip_flexor_test")->choice;
  set_ok(a, "hip_flexor_test", "nope");
  assert_int_not_equal(value(a, "hip_flexor_test")->choice, lifts);
  set_ok(a, "hip_flexor_test", "yes");
  /* leg_numbness: "no", "yes, in one leg", "yes, in both legs" */
  set_ok(a, "leg_numbness", "nope");
  bb_error e = set_bad(a, "leg_numbness", "yeah");
  assert_non_null(strstr(e.message, "one leg"));
  bb_answers_free(a);
}

static void test_set_text_numbers(void **state) {
  (void)state;
  bb_answers *a = bb_answers_new(kb);
  set_ok(a, "age", "38");
  assert_true(value(a, "age")->num == 38.0);
  set_ok(a, "age", "38 years");
  assert_true(value(a, "age")->num == 38.0);
  set_ok(a, "age", " 40 ");
  assert_true(value(a, "age")->num == 40.0);
  set_ok(a, "height_cm", "170 cm");
  assert_true(value(a, "height_cm")->num == 170.0);
  set_ok(a, "water_litres", "1,5");
  assert_true(value(a, "water_litres")->num == 1.5);
  set_ok(a, "water_litres", "0.75");
  assert_true(value(a, "water_litres")->num == 0.75);
  set_ok(a, "weeks_since_onset", "2,5 weeks");
  assert_true(value(a, "weeks_since_onset")->num == 2.5);
  /* range and type errors say what is allowed */
  bb_error e = set_bad(a, "age", "15");
  assert_int_equal(e.status, BB_EX_DATAERR);
  assert_non_null(strstr(e.message, "16"));
  assert_non_null(strstr(e.message, "110"));
  e = set_bad(a, "age", "111");
  assert_non_null(strstr(e.message, "16 to 110"));
  e = set_bad(a, "age", "38.5");
  assert_non_null(strstr(e.message, "whole number"));
  e = set_bad(a, "tightness", "11");
  assert_non_null(strstr(e.message, "0 to 10"));
  set_bad(a, "age", "forty");
  set_bad(a, "age", "");
  set_bad(a, "age", "38 cm"); /* the wrong unit */
  set_bad(a, "age", "38 years old");
  set_bad(a, "water_litres", "nan");
  set_bad(a, "water_litres", "inf");
  /* the last good answer stays */
  assert_true(value(a, "age")->num == 40.0);
  bb_answers_free(a);
}

static void test_set_text_choices(void **state) {
  (void)state;
  bb_answers *a = bb_answers_new(kb);
  set_ok(a, "leg_weakness", "one_leg");
  assert_string_equal(choice_of(a, "leg_weakness"), "one_leg");
  set_ok(a, "leg_weakness", "1");
  assert_string_equal(choice_of(a, "leg_weakness"), "none");
  set_ok(a, "leg_weakness", "3");
  assert_string_equal(choice_of(a, "leg_weakness"), "both_legs");
  set_ok(a, "leg_weakness", "one leg");
  assert_string_equal(choice_of(a, "leg_weakness"), "one_leg");
  set_ok(a, "leg_weakness", "Both-Legs");
  assert_string_equal(choice_of(a, "leg_weakness"), "both_legs");
  set_ok(a, "leg_weakness", "yes, in one leg"); /* its label */
  assert_string_equal(choice_of(a, "leg_weakness"), "one_leg");
  set_ok(a, "leg_numbness", "no");
  assert_string_equal(choice_of(a, "leg_numbness"), "none");
  set_ok(a, "sleep_position", "on my back");
  assert_string_equal(choice_of(a, "sleep_position"), "back");
  set_ok(a, "sleep_position", "2");
  assert_string_equal(choice_of(a, "sleep_position"), "back");
  bb_error e = set_bad(a, "leg_weakness", "4");
  assert_int_equal(e.status, BB_EX_DATAERR);
  assert_non_null(strstr(e.message, "1 = no"));
  assert_non_null(strstr(e.message, "3 = yes, in both legs"));
  set_bad(a, "leg_weakness", "0");
  set_bad(a, "leg_weakness", "left leg");
  set_bad(a, "leg_weakness", "unknown"); /* no unknown choice here */
  assert_string_equal(choice_of(a, "leg_weakness"), "one_leg");
  /* the unknown choice: known() is false but it is kept */
  set_ok(a, "hip_flexor_test", "tight");
  assert_true(bb_answers_known(a, "hip_flexor_test"));
  set_ok(a, "hip_flexor_test", "unknown");
  assert_false(bb_answers_known(a, "hip_flexor_test"));
  char *s = bb_answers_to_json(a);
  assert_non_null(strstr(s, "\"hip_flexor_test\": \"unknown\""));
  free(s);
  set_ok(a, "hip_flexor_test", "tight");
  set_ok(a, "hip_flexor_test", "don't know");
  assert_false(bb_answers_known(a, "hip_flexor_test"));
  set_ok(a, "hamstring_test", "3");
  assert_false(bb_answers_known(a, "hamstring_test"));
  bb_answers_clear(a, "hip_flexor_test");
  s = bb_answers_to_json(a);
  assert_null(strstr(s, "hip_flexor_test"));
  assert_non_null(strstr(s, "\"hamstring_test\": \"unknown\""));
  free(s);
  bb_answers_free(a);
}

/* ------------------------------------------------------------------ */
/* Which questions apply */

static void test_question_applies(void **state) {
  (void)state;
  bb_answers *a = bb_answers_new(kb);
  const bb_question *lsn = bb_kb_find_question(kb, "leg_symptoms_new");
  const bb_question *worse = bb_kb_find_question(kb, "weakness_worsening");
  const bb_question *press = bb_kb_find_question(kb, "pressure_points");
  const bb_question *between = bb_kb_find_question(kb, "pillow_between_knees");
  const bb_question *under = bb_kb_find_question(kb, "pillow_under_knees");
  const bb_question *age = bb_kb_find_question(kb, "age");
  assert_non_null(lsn);
  assert_non_null(worse);
  assert_non_null(press);
  assert_non_null(between);
  assert_non_null(under);
  assert_true(bb_question_applies(a, age));
  /* The two leg follow-ups (leg_symptoms_new, weakness_worsening) are asked
   * when a leg symptom is present or either leg answer is unknown
   * (spec/assessment.md, "unasked"). */
  const struct {
    const char *weak, *numb; /* NULL: unanswered */
    bool asked;
  } legs[] = {{NULL, NULL, true},        {"none", NULL, true},        {NULL, "none", true},
              {"none", "none", false},   {"one_leg", "none", true},   {"both_legs", "none", true},
              {"none", "one_leg", true}, {"none", "both_legs", true}, {NULL, "one_leg", true}};
  for (size_t i = 0; i < sizeof legs / sizeof legs[0]; i++) {
    if (legs[i].weak)
      set_ok(a, "leg_weakness", legs[i].weak);
    else
      bb_answers_clear(a, "leg_weakness");
    if (legs[i].numb)
      set_ok(a, "leg_numbness", legs[i].numb);
    else
      bb_answers_clear(a, "leg_numbness");
    if (bb_question_applies(a, lsn) != legs[i].asked ||
        bb_question_applies(a, worse) != legs[i].asked)
      fail_msg("weakness %s, numbness %s: follow-ups %s", legs[i].weak ? legs[i].weak : "unknown",
               legs[i].numb ? legs[i].numb : "unknown", legs[i].asked ? "not asked" : "asked");
  }

  /* the side-lying ache question and the knee pillows follow the sleep
   * position; an unknown position asks all three */
  assert_true(bb_question_applies(a, press));
  assert_true(bb_question_applies(a, between));
  assert_true(bb_question_applies(a, under));
  const struct {
    const char *pos;
    bool press, between, under;
  } rows[] = {{"side", true, true, false},
              {"back", false, false, true},
              {"stomach", false, false, false},
              {"mixed", true, true, true}};
  for (size_t i = 0; i < 4; i++) {
    set_ok(a, "sleep_position", rows[i].pos);
    assert_int_equal(bb_question_applies(a, press), rows[i].press);
    assert_int_equal(bb_question_applies(a, between), rows[i].between);
    assert_int_equal(bb_question_applies(a, under), rows[i].under);
  }
  bb_answers_free(a);
}

/* ------------------------------------------------------------------ */
/* Round trip */

static void round_trip(const char *json) {
  bb_answers *a = parse_ok(json);
  char *out = bb_answers_to_json(a);
  assert_non_null(out);
  bb_answers *b = parse_ok(out);
  char *again = bb_answers_to_json(b);
  assert_string_equal(out, again);
  char *ja = assess_json(a), *jb = assess_json(b);
  assert_string_equal(ja, jb);
  /* every answered question is written, and only those */
  for (size_t i = 0; i < bb_kb_question_count(kb); i++) {
    const char *id = bb_question_id(bb_kb_question(kb, i));
    char needle[80];
    snprintf(needle, sizeof needle, "\"%s\":", id);
    int written = strstr(out, needle) != NULL;
    int answered = bb_answers_known(a, id) || a->said_unknown[i];
    assert_int_equal(written, answered);
  }
  free(ja);
  free(jb);
  free(out);
  free(again);
  bb_answers_free(a);
  bb_answers_free(b);
}

static void test_round_trip(void **state) {
  (void)state;
  round_trip(EXAMPLE);
  round_trip("{}");
  round_trip("{\"leg_numbness\": \"one_leg\", \"leg_symptoms_new\": false, \"age\": 38.0, "
             "\"weeks_since_onset\": 3.25, \"water_litres\": 0.1, \"hip_flexor_test\": "
             "\"unknown\", \"height_cm\": 180, \"weight_kg\": 108, \"mattress_firmness\": 4}");
  round_trip("{\"osteoporosis\": true, \"weeks_since_onset\": 1039.99, \"sleep_position\": "
             "\"mixed\", \"pillow_under_knees\": false, \"pillow_between_knees\": true}");
}

static void test_to_json_order(void **state) {
  (void)state;
  /* keys in question order, whatever the input order */
  bb_answers *a = parse_ok("{\"water_litres\": 2, \"age\": 40, \"bladder_change\": true}");
  char *s = bb_answers_to_json(a);
  const char *p1 = strstr(s, "\"bladder_change\""), *p2 = strstr(s, "\"age\""),
             *p3 = strstr(s, "\"water_litres\"");
  assert_non_null(p1);
  assert_non_null(p2);
  assert_non_null(p3);
  assert_true(p1 < p2 && p2 < p3);
  /* integers are written as integers */
  assert_non_null(strstr(s, "\"age\": 40"));
  assert_null(strstr(s, "40.0"));
  free(s);
  bb_answers_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid_example),     cmocka_unit_test(test_unknown_key_with_suggestion),
      cmocka_unit_test(test_key_given_twice),   cmocka_unit_test(test_wrong_type),
      cmocka_unit_test(test_out_of_range),      cmocka_unit_test(test_fraction_for_integer),
      cmocka_unit_test(test_unknown_choice),    cmocka_unit_test(test_null_is_missing),
      cmocka_unit_test(test_version),           cmocka_unit_test(test_top_level_not_object),
      cmocka_unit_test(test_invalid_json),      cmocka_unit_test(test_derived_rejected),
      cmocka_unit_test(test_multiple_errors),   cmocka_unit_test(test_many_problems_capped),
      cmocka_unit_test(test_size_limit),        cmocka_unit_test(test_unknown_choice_kept),
      cmocka_unit_test(test_set_text_booleans), cmocka_unit_test(test_set_text_yeah_nope),
      cmocka_unit_test(test_set_text_numbers),  cmocka_unit_test(test_set_text_choices),
      cmocka_unit_test(test_question_applies),  cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_to_json_order),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
