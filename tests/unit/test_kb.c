/* test_kb.c -- loading and validating the knowledge base: the built-in one,
 * question accessors, and every validator error, found by loading in-memory
 * copies of the built-in files with one change each. Directory loading is
 * tested in a temporary folder made at run time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"

/* ------------------------------------------------------------------ */
/* Diagnostics */

typedef struct {
  bb_error e[512];
  size_t n;
} diags;

static void on_diag(const bb_error *e, void *ud) {
  diags *d = ud;
  if (d->n < 512)
    d->e[d->n] = *e;
  d->n++;
}

static diags *new_diags(void) {
  diags *d = calloc(1, sizeof *d);
  assert_non_null(d);
  return d;
}

static void dump(const diags *d) {
  for (size_t i = 0; i < d->n && i < 512; i++) {
    char buf[1024];
    bb_error_format(&d->e[i], buf, sizeof buf);
    fprintf(stderr, "  [%zu] %s (key %s)\n", i, buf, d->e[i].key);
  }
}

/* The index of the first error whose message contains `needle`, or -1. */
static long find_diag(const diags *d, const char *needle) {
  for (size_t i = 0; i < d->n && i < 512; i++)
    if (strstr(d->e[i].message, needle))
      return (long)i;
  return -1;
}

/* ------------------------------------------------------------------ */
/* In-memory copies of the built-in files */

static void set_text(kbcopy *c, const char *name, const char *text) {
  size_t i = kbcopy_index(c, name);
  free(c->texts[i]);
  c->texts[i] = malloc(strlen(text) + 1);
  assert_non_null(c->texts[i]);
  memcpy(c->texts[i], text, strlen(text) + 1);
  c->files[i].text = c->texts[i];
  c->files[i].length = strlen(text);
}

static void drop_file(kbcopy *c, const char *name) {
  size_t i = kbcopy_index(c, name);
  free(c->texts[i]);
  for (size_t k = i + 1; k < c->n; k++) {
    c->files[k - 1] = c->files[k];
    c->texts[k - 1] = c->texts[k];
  }
  c->n--;
}

/* Line and column (1-based) of `needle` + `offset` in file `name`. */
static void locate(kbcopy *c, const char *name, const char *needle, size_t offset, int *line,
                   int *col) {
  size_t i = kbcopy_index(c, name);
  const char *hit = strstr(c->texts[i], needle);
  if (!hit)
    fail_msg("'%s' not found in %s", needle, name);
  hit += offset;
  *line = 1;
  *col = 1;
  for (const char *p = c->texts[i]; p < hit; p++) {
    if (*p == '\n') {
      (*line)++;
      *col = 1;
    } else {
      (*col)++;
    }
  }
}

static bb_kb *load(kbcopy *c, bb_error *err, diags *d) {
  return bb_kb_load_files(c->files, c->n, err, d ? on_diag : NULL, d);
}

/* ------------------------------------------------------------------ */
/* The built-in knowledge base */

static void test_builtin_loads(void **state) {
  (void)state;
  bb_error err;
  bb_kb *kbl = bb_kb_load_builtin(&err);
  assert_non_null(kbl);
  assert_int_equal(err.status, 0);
  assert_non_null(bb_kb_version(kbl));
  assert_true(strlen(bb_kb_version(kbl)) > 0);
  assert_non_null(strstr(bb_builtin_kb_files[0].text, "{"));
  bb_kb_free(kbl);
  diags *d = new_diags();
  size_t n = bb_kb_check(NULL, on_diag, d);
  if (n)
    dump(d);
  assert_int_equal(n, 0);
  assert_int_equal(d->n, 0);
  assert_int_equal(bb_kb_check(NULL, NULL, NULL), 0);
  free(d);
  /* an unmodified copy loads too: the copying below is faithful */
  kbcopy c;
  kbcopy_init(&c);
  kbl = load(&c, &err, NULL);
  assert_non_null(kbl);
  bb_kb_free(kbl);
  kbcopy_free(&c);
  bb_kb_free(NULL);
}

static const char *const WARNING_ORDER[] = {
    "bladder_change", "bowel_change", "saddle_numbness",  "sexual_dysfunction",
    "leg_weakness",   "leg_numbness", "leg_symptoms_new", "weakness_worsening",
    "rest_pain",      "major_trauma", "chest_pain",       "fever",
    "cancer_history", "weight_loss",  "steroid_use",      "osteoporosis"};

static void test_question_accessors(void **state) {
  (void)state;
  bb_error err;
  bb_kb *kbl = bb_kb_load_builtin(&err);
  assert_non_null(kbl);
  assert_int_equal(bb_kb_question_count(kbl), 50);
  assert_null(bb_kb_question(kbl, 50));
  /* warning signs first, in the order of answers.md */
  size_t nw = sizeof WARNING_ORDER / sizeof WARNING_ORDER[0];
  for (size_t i = 0; i < bb_kb_question_count(kbl); i++) {
    const bb_question *q = bb_kb_question(kbl, i);
    assert_non_null(q);
    assert_ptr_equal(bb_kb_find_question(kbl, bb_question_id(q)), q);
    if (i < nw) {
      assert_string_equal(bb_question_id(q), WARNING_ORDER[i]);
      assert_true(bb_question_is_warning(q));
      assert_string_equal(bb_question_section(q), "warning");
    } else {
      assert_false(bb_question_is_warning(q));
      assert_string_not_equal(bb_question_section(q), "warning");
    }
    assert_true(strlen(bb_question_text(q)) > 0);
    assert_non_null(bb_question_help(q));
    assert_non_null(bb_question_unit(q));
    if (bb_question_type(q) == BB_CHOICE) {
      assert_true(bb_question_choice_count(q) >= 2);
      for (size_t k = 0; k < bb_question_choice_count(q); k++) {
        assert_non_null(bb_question_choice(q, k));
        assert_non_null(bb_question_choice_label(q, k));
      }
      assert_null(bb_question_choice(q, bb_question_choice_count(q)));
      assert_null(bb_question_choice_label(q, bb_question_choice_count(q)));
    } else {
      assert_int_equal(bb_question_choice_count(q), 0);
    }
    if (bb_question_type(q) == BB_INTEGER || bb_question_type(q) == BB_NUMBER)
      assert_true(bb_question_min(q) <= bb_question_max(q));
  }
  const bb_question *age = bb_kb_find_question(kbl, "age");
  assert_int_equal(bb_question_type(age), BB_INTEGER);
  assert_true(bb_question_min(age) == 16.0 && bb_question_max(age) == 110.0);
  assert_string_equal(bb_question_unit(age), "years");
  assert_string_equal(bb_question_section(age), "tightness");
  const bb_question *lw = bb_kb_find_question(kbl, "leg_weakness");
  assert_int_equal(bb_question_type(lw), BB_CHOICE);
  assert_int_equal(bb_question_choice_count(lw), 3);
  assert_string_equal(bb_question_choice(lw, 0), "none");
  assert_string_equal(bb_question_choice(lw, 1), "one_leg");
  assert_string_equal(bb_question_choice(lw, 2), "both_legs");
  assert_string_equal(bb_question_choice_label(lw, 1), "yes, in one leg");
  assert_int_equal(bb_question_type(bb_kb_find_question(kbl, "bladder_change")), BB_BOOLEAN);
  assert_int_equal(bb_question_type(bb_kb_find_question(kbl, "water_litres")), BB_NUMBER);
  const bb_question *hip = bb_kb_find_question(kbl, "hip_flexor_test");
  assert_int_equal(bb_question_choice_count(hip), 3);
  assert_string_equal(bb_question_choice(hip, 2), "unknown");
  /* derived findings and unknown ids are not questions */
  assert_null(bb_kb_find_question(kbl, "bmi"));
  assert_null(bb_kb_find_question(kbl, "bladder_chnage"));
  assert_null(bb_kb_find_question(kbl, ""));
  bb_kb_free(kbl);
}

/* A label-less choice question shows its choices. */
static void test_label_fallback(void **state) {
  (void)state;
  kbcopy c;
  kbcopy_init(&c);
  kbcopy_replace(
      &c, "questions.json",
      "\"labels\": [\n        \"female\",\n        \"male\",\n        \"other\"\n      ],", "");
  bb_error err;
  bb_kb *kbl = load(&c, &err, NULL);
  if (!kbl)
    fail_msg("%s", err.message);
  const bb_question *q = bb_kb_find_question(kbl, "sex");
  assert_int_equal(bb_question_choice_count(q), 3);
  for (size_t i = 0; i < 3; i++)
    assert_string_equal(bb_question_choice_label(q, i), bb_question_choice(q, i));
  bb_kb_free(kbl);
  kbcopy_free(&c);
}

/* ------------------------------------------------------------------ */
/* Every validator error, one change at a time */

typedef struct {
  const char *name;
  const char *file, *from, *to; /* the change */
  const char *needle;           /* in the message of one reported error */
  const char *key;              /* that error's key, or NULL */
  size_t count;                 /* exact number of errors, or 0: any */
  const char *at;               /* where it points (in `file`), or NULL */
  size_t at_offset;
} broken;

static const broken CASES[] = {
    {"unknown finding in a sentence guard", "recommendations.json", "{?fit_range_side_only}",
     "{?fit_range_sid_only}", "did you mean 'fit_range_side_only'", "mattress_medium_firm", 1,
     "fit_range_sid_only", 0},
    {"a sentence guard never closed", "kb.json", "{?fit_mattress = 'ok' and pressure_points}",
     "{?fit_mattress = 'ok' and pressure_points", "has no closing", "notes", 0, NULL, 0},
    {"unknown finding in unless", "causes.json", "\"unless\": \"fit_mattress = 'too_soft'\"",
     "\"unless\": \"fit_matress = 'too_soft'\"", "did you mean 'fit_mattress'", "mattress_too_firm",
     1, "fit_matress", 0},
    {"unknown finding in a flag", "flags.json", "\"when\": \"bladder_change\"",
     "\"when\": \"bladder_chnage\"",
     "unknown finding 'bladder_chnage'; did you mean "
     "'bladder_change'",
     "bladder_dysfunction", 1, "bladder_chnage", 0},
    {"unknown finding in an indicator", "causes.json", "\"when\": \"mattress_sagging\"",
     "\"when\": \"mattress_sagged\"", "did you mean 'mattress_sagging'", "mattress_too_soft", 1,
     "mattress_sagged", 0},
    {"unknown finding in ask_when", "questions.json", "sleep_position in ['side', 'mixed']",
     "sleep_postion in ['side', 'mixed']", "did you mean 'sleep_position'", "pressure_points", 1,
     "sleep_postion", 0},
    {"unknown finding deep in a condition", "flags.json",
     "tightness >= 7 and weeks_since_onset >= 2", "tightness >= 7 and weeks_since_onest >= 2",
     "did you mean 'weeks_since_onset'", "severe_persistent_pain", 1, "weeks_since_onest", 0},
    {"unknown cause in cause()", "recommendations.json", "\"when\": \"cause(mattress_too_firm) and",
     "\"when\": \"cause(mattress_too_frim) and",
     "unknown cause 'mattress_too_frim'; did you mean "
     "'mattress_too_firm'",
     "mattress_topper", 1, "mattress_too_frim", 0},
    {"unknown flag in flag()", "recommendations.json", "flag(no_improvement)",
     "flag(no_improvment)", "unknown flag 'no_improvment'; did you mean 'no_improvement'",
     "see_physical_therapist", 1, "no_improvment", 0},
    {"flag() in a flag condition", "flags.json", "\"when\": \"bladder_change\"",
     "\"when\": \"flag(fever)\"", "can only be used in recommendations", "bladder_dysfunction", 1,
     "flag(fever)", 0},
    {"level in an indicator", "causes.json", "\"when\": \"mattress_sagging\"",
     "\"when\": \"level = 'urgent'\"", "can only be used in recommendations", "mattress_too_soft",
     1, "level = 'urgent'", 0},
    {"unknown source", "flags.json", "\"girft-ces-2023\"", "\"girft-ces-2032\"",
     "cites unknown source 'girft-ces-2032'; did you mean 'girft-ces-2023'", "bladder_dysfunction",
     1, "\"girft-ces-2032\"", 0},
    {"unused source", "sources.json", "\"sources\": [",
     "\"sources\": [\n    {\"id\": \"unused-src\", \"citation\": \"Nobody, 2020\"},",
     "source 'unused-src' is never cited", "unused-src", 1, "\"unused-src\"", 0},
    /* pointing at the repeat, not at the first one (located by item) */
    {"duplicate question", "questions.json", "\"id\": \"bowel_change\"",
     "\"id\": \"bladder_change\" ", "question 'bladder_change' is listed twice", "bladder_change",
     0, "\"bladder_change\" ", 0},
    {"duplicate flag", "flags.json", "\"id\": \"bowel_dysfunction\"",
     "\"id\": \"bladder_dysfunction\"", "flag 'bladder_dysfunction' is listed twice",
     "bladder_dysfunction", 0, NULL, 0},
    {"duplicate cause", "causes.json", "\"id\": \"mattress_too_firm\"",
     "\"id\": \"mattress_too_soft\"", "cause 'mattress_too_soft' is listed twice",
     "mattress_too_soft", 0, NULL, 0},
    {"duplicate recommendation", "recommendations.json", "\"id\": \"mattress_topper\"",
     "\"id\": \"mattress_medium_firm\"", "recommendation 'mattress_medium_firm' is listed twice",
     "mattress_medium_firm", 0, NULL, 0},
    {"duplicate exercise", "exercises.json", "\"id\": \"pelvic_tilts\"",
     "\"id\": \"knee_to_chest\"", "exercise 'knee_to_chest' is listed twice", "knee_to_chest", 0,
     NULL, 0},
    {"duplicate source", "sources.json", "\"id\": \"dionne-2019\"", "\"id\": \"nhs-back-pain\"",
     "source 'nhs-back-pain' is listed twice", "nhs-back-pain", 0, NULL, 0},
    {"boolean compared with a number", "flags.json", "\"when\": \"bladder_change\"",
     "\"when\": \"bladder_change = 1\"", "cannot compare a yes/no value with a number",
     "bladder_dysfunction", 1, "bladder_change = 1", 15},
    {"choice with an impossible value", "flags.json", "leg_weakness = 'both_legs'",
     "leg_weakness = 'both_leg'", "'both_leg' is not a choice of leg_weakness",
     "bilateral_leg_symptoms", 1, NULL, 0},
    {"ordering a choice", "flags.json", "trend = 'worse' and weeks_since_onset >= 1",
     "trend > 'same' and weeks_since_onset >= 1", "has no order", "worsening", 1, "trend > 'same'",
     6},
    {"the unknown choice as a literal", "causes.json", "hip_flexor_test = 'tight'",
     "hip_flexor_test = 'unknown'", "unknown(hip_flexor_test)", "tight_hip_flexors", 1, NULL, 0},
    {"syntax error in a condition", "flags.json", "\"when\": \"bladder_change\"",
     "\"when\": \"bladder_change and\"", "ends too early", "bladder_dysfunction", 1, NULL, 0},
    {"required flag missing", "flags.json", "\"id\": \"worsening\"", "\"id\": \"worsening_x\"",
     "triage flag 'worsening' of spec/assessment.md is missing", "worsening", 1, NULL, 0},
    {"required cause missing", "causes.json", "\"id\": \"dehydration\"",
     "\"id\": \"dehydration_x\"", "cause 'dehydration' of spec/assessment.md is missing",
     "dehydration", 0, NULL, 0},
    {"required recommendation missing", "recommendations.json", "\"id\": \"track_progress\"",
     "\"id\": \"track_progress_x\"",
     "recommendation 'track_progress' of spec/assessment.md is missing", "track_progress", 1, NULL,
     0},
    {"required exercise missing", "exercises.json", "\"id\": \"hamstring_stretch\"",
     "\"id\": \"hamstring_stretch_x\"", "exercise 'hamstring_stretch' of the routine", NULL, 0,
     NULL, 0},
    {"required warning question missing", "questions.json", "\"id\": \"weight_loss\"",
     "\"id\": \"weight_lost\"",
     "warning-sign question 'weight_loss' of spec/answers.md is "
     "missing",
     "weight_loss", 0, NULL, 0},
    {"flag with the wrong level", "flags.json",
     "\"id\": \"bladder_dysfunction\",\n      \"level\": \"emergency\"",
     "\"id\": \"bladder_dysfunction\",\n      \"level\": \"urgent\"",
     "flag 'bladder_dysfunction' must have level 'emergency'", "bladder_dysfunction", 1,
     "\"bladder_dysfunction\"", 0},
    {"flag with a level that does not exist", "flags.json", "\"level\": \"consult\"",
     "\"level\": \"soon\"", "use emergency, urgent, consult or self_care", "cancer_history", 0,
     NULL, 0},
    {"item with empty sources", "flags.json", "\"sources\": [\n        \"girft-ces-2023\"\n      ]",
     "\"sources\": []", "'saddle_numbness' cites no source", "saddle_numbness", 1,
     "\"saddle_numbness\"", 0},
    {"labels count mismatch", "questions.json", "\"no\",\n        \"yes, in one leg\",",
     "\"yes, in one leg\",", "question 'leg_weakness' has 2 labels for 3 choices", "leg_weakness",
     1, "\"leg_weakness\"", 0},
    {"choice listed twice", "questions.json", "\"better\",\n        \"same\",",
     "\"same\",\n        \"same\",", "lists the choice 'same' twice", "trend", 0, NULL, 0},
    {"unknown_choice not a choice", "questions.json", "\"unknown_choice\": \"unknown\"",
     "\"unknown_choice\": \"dunno\"", "\"unknown_choice\" of 'hip_flexor_test' is not one of",
     "hip_flexor_test", 1, NULL, 0},
    {"bad question type", "questions.json", "\"type\": \"boolean\"", "\"type\": \"bool\"",
     "has type 'bool'", "bladder_change", 1, NULL, 0},
    {"indicator weight out of range", "causes.json", "\"weight\": 0.65", "\"weight\": 1.5",
     "needs a \"weight\" between 0 and 1", "mattress_too_soft", 1, NULL, 0},
    {"indicator strength unknown", "causes.json", "\"strength\": \"supporting\"",
     "\"strength\": \"weak\"", "has strength 'weak'", "mattress_too_soft", 0, NULL, 0},
    {"unknown category", "recommendations.json", "\"category\": \"daytime\"",
     "\"category\": \"evening\"", "has category 'evening'", NULL, 0, NULL, 0},
    {"unknown cause in for", "recommendations.json",
     "\"for\": [\n        \"mattress_too_firm\"\n      ]",
     "\"for\": [\n        \"mattress_too_frm\"\n      ]",
     "is \"for\" unknown cause 'mattress_too_frm'", "mattress_topper", 1, NULL, 0},
    {"position that is not a sleep position", "recommendations.json",
     "\"positions\": [\n        \"side\",", "\"positions\": [\n        \"sid\",",
     "'sid', which is not a sleep position", "pillow_side_height", 1, NULL, 0},
    {"unknown exercise", "recommendations.json", "\"exercise\": \"pelvic_tilts\"",
     "\"exercise\": \"pelvic_tilt\"", "names unknown exercise 'pelvic_tilt'", "pelvic_tilts", 1,
     NULL, 0},
    /* ask_when may read only questions asked before it (issue 10: a
     * warning question reading itself vanished from the interview and from
     * the not-asked list) */
    {"ask_when reads its own question", "questions.json",
     "sleep_position in ['side', 'mixed'] or unknown(sleep_position)",
     "sleep_position in ['side', 'mixed'] or pressure_points", "reads its own answer",
     "pressure_points", 1, "or pressure_points\"", 3},
    {"ask_when reads a later question", "questions.json", "\"ask_when\": \"leg_weakness in",
     "\"ask_when\": \"age > 70 or leg_weakness in", "reads 'age', which is asked after it",
     "leg_symptoms_new", 1, "age > 70 or leg_weakness", 0},
    {"ask_when reads a derived finding", "questions.json", "\"ask_when\": \"leg_weakness in",
     "\"ask_when\": \"bmi > 30 or leg_weakness in", "reads 'bmi', which is worked out after",
     "leg_symptoms_new", 1, "bmi > 30 or leg_weakness", 0},
    {"two questions reading each other", "questions.json",
     "sleep_position in ['side', 'mixed'] or unknown(sleep_position)",
     "sleep_position in ['side', 'mixed'] or pillow_under_knees",
     "reads 'pillow_under_knees', which is asked after it", "pressure_points", 1,
     "or pillow_under_knees\"", 3},
    /* a file that does not parse is one problem, not one per reference
     * into it (one \u0000 gave 69, some at the wrong line) */
    {"NUL in a question", "questions.json",
     "\"Since this back trouble started, have you had any new difficulty passing urine",
     "\"\\u0000Since this back trouble started, have you had any new difficulty passing urine",
     "invalid JSON", NULL, 1, NULL, 0},
    {"no notes", "kb.json", "\"notes\": [", "\"notes_\": [", "has no \"notes\"", "notes", 0, NULL,
     0},
    {"no headline for a level", "kb.json", "\"urgent\": {", "\"urgnt\": {",
     "has no entry for 'urgent'", "urgent", 0, NULL, 0},
};

static void run_case(const broken *k) {
  kbcopy c;
  kbcopy_init(&c);
  kbcopy_replace(&c, k->file, k->from, k->to);
  bb_error err;
  diags *d = new_diags();
  bb_kb *kbl = load(&c, &err, d);
  if (kbl) {
    bb_kb_free(kbl);
    fail_msg("%s: the broken copy loaded", k->name);
  }
  assert_int_equal(err.status, BB_EX_CONFIG);
  if (d->n == 0)
    fail_msg("%s: no diagnostics", k->name);
  /* the first reported error is the one in err */
  assert_string_equal(err.message, d->e[0].message);
  assert_string_equal(err.file, d->e[0].file);
  assert_int_equal(err.line, d->e[0].line);
  assert_int_equal(err.column, d->e[0].column);
  long i = find_diag(d, k->needle);
  if (i < 0) {
    fprintf(stderr, "%s: nothing mentions \"%s\":\n", k->name, k->needle);
    dump(d);
    fail();
  }
  const bb_error *e = &d->e[i];
  assert_int_equal(e->status, BB_EX_CONFIG);
  if (k->count && d->n != k->count) {
    fprintf(stderr, "%s: %zu errors, wanted %zu:\n", k->name, d->n, k->count);
    dump(d);
    fail();
  }
  if (strcmp(k->needle, "invalid JSON") != 0)
    assert_string_equal(e->file, k->file);
  if (k->key && strcmp(e->key, k->key) != 0)
    fail_msg("%s: key '%s', wanted '%s'", k->name, e->key, k->key);
  if (k->at) {
    int line, col;
    locate(&c, k->file, k->at, k->at_offset, &line, &col);
    if (e->line != line || e->column != col)
      fail_msg("%s: at %d:%d, wanted %d:%d (%s)", k->name, e->line, e->column, line, col,
               e->message);
  } else {
    assert_true(e->line > 0 || e->file[0]);
  }
  free(d);
  kbcopy_free(&c);
}

static void test_validator_errors(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
    run_case(&CASES[i]);
}

static void test_json_syntax_error(void **state) {
  (void)state;
  kbcopy c;
  kbcopy_init(&c);
  kbcopy_replace(&c, "flags.json", "\"id\": \"bowel_dysfunction\",",
                 "\"id\": \"bowel_dysfunction\",,");
  int line, col;
  locate(&c, "flags.json", ",,", 1, &line, &col);
  bb_error err;
  diags *d = new_diags();
  assert_null(load(&c, &err, d));
  assert_int_equal(err.status, BB_EX_CONFIG);
  assert_string_equal(err.file, "flags.json");
  assert_non_null(strstr(err.message, "invalid JSON"));
  assert_int_equal(err.line, line);
  assert_true(err.column >= col && err.column <= col + 1);
  assert_true(d->n >= 1);
  assert_string_equal(d->e[0].message, err.message);
  free(d);
  kbcopy_free(&c);
  /* valid JSON that is not an object */
  kbcopy_init(&c);
  set_text(&c, "sources.json", "[1, 2]");
  d = new_diags();
  assert_null(load(&c, &err, d));
  assert_int_equal(err.status, BB_EX_CONFIG);
  assert_true(find_diag(d, "sources.json must hold one JSON object") >= 0);
  free(d);
  kbcopy_free(&c);
  /* a syntax error on the first line */
  kbcopy_init(&c);
  kbcopy_replace(&c, "kb.json", "{", "{{");
  assert_null(load(&c, &err, NULL));
  assert_string_equal(err.file, "kb.json");
  assert_int_equal(err.line, 1);
  assert_true(err.column >= 1 && err.column <= 3);
  kbcopy_free(&c);
}

static void test_missing_file(void **state) {
  (void)state;
  const char *names[] = {"sources.json",  "kb.json",     "questions.json",
                         "flags.json",    "causes.json", "recommendations.json",
                         "exercises.json"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    kbcopy c;
    kbcopy_init(&c);
    drop_file(&c, names[i]);
    bb_error err;
    diags *d = new_diags();
    assert_null(load(&c, &err, d));
    assert_true(err.status == BB_EX_CONFIG || err.status == BB_EX_NOINPUT);
    char want[64];
    snprintf(want, sizeof want, "has no %s", names[i]);
    if (!strstr(err.message, want))
      fail_msg("dropping %s: first error \"%s\"", names[i], err.message);
    assert_string_equal(err.file, names[i]);
    assert_true(d->n >= 1);
    free(d);
    kbcopy_free(&c);
  }
  /* no files at all */
  bb_error err;
  assert_null(bb_kb_load_files(NULL, 0, &err, NULL, NULL));
  assert_true(err.status != 0);
}

/* All errors are reported, in one pass; the first is in err. */
static void test_all_errors_reported(void **state) {
  (void)state;
  kbcopy c;
  kbcopy_init(&c);
  kbcopy_replace(&c, "flags.json", "\"when\": \"bladder_change\"", "\"when\": \"bladder_chnage\"");
  kbcopy_replace(&c, "sources.json", "\"sources\": [",
                 "\"sources\": [\n    {\"id\": \"unused-src\", \"citation\": \"Nobody, 2020\"},");
  kbcopy_replace(&c, "questions.json", "\"no\",\n        \"yes, in one leg\",",
                 "\"yes, in one leg\",");
  kbcopy_replace(&c, "flags.json",
                 "\"id\": \"bladder_dysfunction\",\n      \"level\": \"emergency\"",
                 "\"id\": \"bladder_dysfunction\",\n      \"level\": \"consult\"");
  kbcopy_replace(&c, "recommendations.json", "\"when\": \"cause(mattress_too_firm) and",
                 "\"when\": \"cause(mattress_too_frim) and");
  bb_error err;
  diags *d = new_diags();
  assert_null(load(&c, &err, d));
  const char *needles[] = {"bladder_chnage", "'unused-src' is never cited", "2 labels for 3",
                           "must have level 'emergency'", "mattress_too_frim"};
  if (d->n != 5)
    dump(d);
  assert_int_equal(d->n, 5);
  for (size_t i = 0; i < 5; i++)
    assert_true(find_diag(d, needles[i]) >= 0);
  assert_string_equal(err.message, d->e[0].message);
  assert_string_equal(err.file, d->e[0].file);
  /* bb_kb_load_files with no callback reports the same first error */
  bb_error first;
  assert_null(load(&c, &first, NULL));
  assert_string_equal(first.message, err.message);
  free(d);
  kbcopy_free(&c);
}

/* ------------------------------------------------------------------ */
/* Folders */

static char tmpdir[256];

static void write_file(const char *dir, const char *name, const char *text, size_t len) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

static void write_copy(const char *dir, kbcopy *c) {
  for (size_t i = 0; i < c->n; i++)
    write_file(dir, c->files[i].name, c->files[i].text, c->files[i].length);
}

static void remove_dir(const char *dir) {
  const char *names[] = {"kb.json",     "questions.json",       "flags.json",
                         "causes.json", "recommendations.json", "exercises.json",
                         "sources.json"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    unlink(path);
  }
  rmdir(dir);
}

static int make_tmpdir(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/bb_unit_kb_XXXXXX");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state) {
  (void)state;
  remove_dir(tmpdir);
  return 0;
}

static void test_load_dir(void **state) {
  (void)state;
  kbcopy c;
  kbcopy_init(&c);
  write_copy(tmpdir, &c);
  bb_error err;
  bb_kb *kbl = bb_kb_load_dir(tmpdir, &err);
  if (!kbl)
    fail_msg("%s: %s", err.file, err.message);
  assert_int_equal(bb_kb_question_count(kbl), 50);
  bb_kb_free(kbl);
  assert_int_equal(bb_kb_check(tmpdir, NULL, NULL), 0);

  /* a missing folder */
  char missing[512];
  snprintf(missing, sizeof missing, "%s/nope", tmpdir);
  assert_null(bb_kb_load_dir(missing, &err));
  assert_int_equal(err.status, BB_EX_NOINPUT);
  assert_string_equal(err.file, missing);
  assert_non_null(strstr(err.message, "not found"));
  diags *d = new_diags();
  assert_int_equal(bb_kb_check(missing, on_diag, d), 1);
  assert_int_equal(d->n, 1);
  assert_int_equal(d->e[0].status, BB_EX_NOINPUT);
  free(d);
  /* a file, not a folder */
  char file[512];
  snprintf(file, sizeof file, "%s/kb.json", tmpdir);
  assert_null(bb_kb_load_dir(file, &err));
  assert_int_equal(err.status, BB_EX_NOINPUT);

  /* one broken file: 78, its path with the folder in front */
  kbcopy_replace(&c, "flags.json", "\"when\": \"bladder_change\"", "\"when\": \"bladder_chnage\"");
  write_copy(tmpdir, &c);
  int line, col;
  locate(&c, "flags.json", "bladder_chnage", 0, &line, &col);
  assert_null(bb_kb_load_dir(tmpdir, &err));
  assert_int_equal(err.status, BB_EX_CONFIG);
  char want[512];
  snprintf(want, sizeof want, "%s/flags.json", tmpdir);
  assert_string_equal(err.file, want);
  assert_int_equal(err.line, line);
  assert_int_equal(err.column, col);
  assert_non_null(strstr(err.message, "did you mean 'bladder_change'"));
  char formatted[1024];
  bb_error_format(&err, formatted, sizeof formatted);
  char prefix[600];
  snprintf(prefix, sizeof prefix, "%s:%d:%d: ", want, line, col);
  assert_int_equal(strncmp(formatted, prefix, strlen(prefix)), 0);
  d = new_diags();
  assert_int_equal(bb_kb_check(tmpdir, on_diag, d), 1);
  assert_string_equal(d->e[0].file, want);
  free(d);

  /* a syntax error in a file of the folder */
  kbcopy_replace(&c, "causes.json", "{", "{,");
  write_copy(tmpdir, &c);
  d = new_diags();
  assert_true(bb_kb_check(tmpdir, on_diag, d) >= 2);
  snprintf(want, sizeof want, "%s/causes.json", tmpdir);
  long i = find_diag(d, "invalid JSON");
  assert_true(i >= 0);
  assert_string_equal(d->e[i].file, want);
  assert_int_equal(d->e[i].line, 1);
  free(d);

  /* a file missing from the folder */
  kbcopy_free(&c);
  kbcopy_init(&c);
  write_copy(tmpdir, &c);
  char path[512];
  snprintf(path, sizeof path, "%s/causes.json", tmpdir);
  assert_int_equal(unlink(path), 0);
  assert_null(bb_kb_load_dir(tmpdir, &err));
  assert_true(err.status == BB_EX_CONFIG || err.status == BB_EX_NOINPUT);
  assert_non_null(strstr(err.message, "causes.json"));
  assert_string_equal(err.file, path); /* the folder in front of the name */
  kbcopy_free(&c);
}

static void test_builtin_check_names(void **state) {
  (void)state;
  /* bb_kb_check(NULL) reports built-in files as <builtin>/name: check with
   * a copy broken the same way through load_files, which names the file */
  kbcopy c;
  kbcopy_init(&c);
  kbcopy_replace(&c, "flags.json", "\"when\": \"bladder_change\"", "\"when\": \"bladder_chnage\"");
  bb_error err;
  assert_null(load(&c, &err, NULL));
  assert_string_equal(err.file, "flags.json");
  char buf[16];
  size_t want = bb_error_format(&err, buf, sizeof buf);
  assert_true(want > sizeof buf - 1);
  assert_int_equal(strlen(buf), sizeof buf - 1); /* truncated, terminated */
  kbcopy_free(&c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_builtin_loads),
      cmocka_unit_test(test_question_accessors),
      cmocka_unit_test(test_label_fallback),
      cmocka_unit_test(test_validator_errors),
      cmocka_unit_test(test_json_syntax_error),
      cmocka_unit_test(test_missing_file),
      cmocka_unit_test(test_all_errors_reported),
      cmocka_unit_test_setup_teardown(test_load_dir, make_tmpdir, remove_tmpdir),
      cmocka_unit_test(test_builtin_check_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
