/* test_expr.c -- the condition language (docs/knowledge-base.md): every
 * construct of the grammar, Kleene's three-valued logic, arithmetic, the
 * compile errors (column and message), explanations, and that evaluation
 * never allocates. Expressions are compiled against the built-in knowledge
 * base; findings are set directly in a bb_value array. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ------------------------------------------------------------------ */
/* Allocation counting (linked with -Wl,--wrap=malloc,calloc,realloc). */

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

static int counting;
static long allocations;

void *__wrap_malloc(size_t size) {
  if (counting)
    allocations++;
  return __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size) {
  if (counting)
    allocations++;
  return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size) {
  if (counting)
    allocations++;
  return __real_realloc(p, size);
}

/* ------------------------------------------------------------------ */
/* Fixture: the built-in knowledge base and one array of findings. */

static bb_kb *kb;
static bb_value *vals;
static uint8_t flag_fired[64];
static uint8_t cause_listed[64];
static int cause_rank[64];
static expr_env env;

static int group_setup(void **state) {
  (void)state;
  bb_error err;
  kb = bb_kb_load_builtin(&err);
  if (!kb) {
    fprintf(stderr, "built-in kb: %s\n", err.message);
    return -1;
  }
  if (kb->nflags > 64 || kb->ncauses > 64)
    return -1;
  vals = calloc(kb->nfindings, sizeof *vals);
  return vals ? 0 : -1;
}

static int group_teardown(void **state) {
  (void)state;
  free(vals);
  bb_kb_free(kb);
  return 0;
}

/* Every test starts with all findings unknown and no results. */
static int reset(void **state) {
  (void)state;
  memset(vals, 0, kb->nfindings * sizeof *vals);
  memset(flag_fired, 0, sizeof flag_fired);
  memset(cause_listed, 0, sizeof cause_listed);
  for (size_t i = 0; i < 64; i++)
    cause_rank[i] = -1;
  env.findings = vals;
  env.flag_fired = NULL;
  env.cause_listed = NULL;
  env.cause_rank = NULL;
  env.level = -1;
  env.flag_count = 0;
  return 0;
}

static int fidx(const char *id) {
  int i = kb_find_finding(kb, id, strlen(id));
  if (i < 0)
    fail_msg("no finding '%s' in the built-in kb", id);
  return i;
}

static void set_bool(const char *id, int b) {
  bb_value *v = &vals[fidx(id)];
  v->kind = V_BOOL;
  v->b = (uint8_t)(b != 0);
}

static void set_num(const char *id, double d) {
  bb_value *v = &vals[fidx(id)];
  v->kind = V_NUM;
  v->num = d;
}

static void set_choice(const char *id, const char *choice) {
  int i = fidx(id);
  const kb_question *q = &kb->questions[i].q;
  int c = kb_choice_index(q, choice, strlen(choice));
  if (c < 0)
    fail_msg("'%s' is not a choice of %s", choice, id);
  vals[i].kind = V_CHOICE;
  vals[i].choice = (int16_t)c;
}

static void set_unknown(const char *id) {
  vals[fidx(id)].kind = V_UNKNOWN;
}

/* 0 = false, 1 = true, 2 = unknown */
static void set_tri(const char *id, int t) {
  if (t == 2)
    set_unknown(id);
  else
    set_bool(id, t);
}

static expr *compile_ok(const char *src, unsigned allow) {
  bb_error err;
  bb_error_clear(&err);
  expr *e = expr_compile(kb, src, allow, &err);
  if (!e)
    fail_msg("'%s' did not compile: column %d: %s", src, err.column, err.message);
  return e;
}

static bb_tri eval_allow(const char *src, unsigned allow) {
  expr *e = compile_ok(src, allow);
  bb_tri t = expr_eval(e, &env);
  expr_free(e);
  return t;
}

static bb_tri eval(const char *src) {
  return eval_allow(src, EXPR_ALLOW_FINDINGS);
}

#define ASSERT_EVAL(src, want)                                                                     \
  do {                                                                                             \
    bb_tri got_ = eval(src);                                                                       \
    if (got_ != (want))                                                                            \
      fail_msg("%s: got %d, wanted %d", src, (int)got_, (int)(want));                              \
  } while (0)

/* Compiles `src`, expects failure; returns the error. */
static bb_error compile_err(const char *src, unsigned allow) {
  bb_error err;
  bb_error_clear(&err);
  expr *e = expr_compile(kb, src, allow, &err);
  if (e) {
    expr_free(e);
    fail_msg("'%s' compiled but should not have", src);
  }
  if (err.status != BB_EX_CONFIG)
    fail_msg("'%s': status %d, wanted %d", src, err.status, BB_EX_CONFIG);
  if (!err.message[0])
    fail_msg("'%s': no message", src);
  return err;
}

static void expect_error(const char *src, unsigned allow, int column, const char *needle) {
  bb_error err = compile_err(src, allow);
  if (!strstr(err.message, needle))
    fail_msg("'%s': message \"%s\" does not mention \"%s\"", src, err.message, needle);
  if (column > 0 && err.column != column)
    fail_msg("'%s': column %d, wanted %d (%s)", src, err.column, column, err.message);
}

/* ------------------------------------------------------------------ */
/* Literals, names, comparisons */

static void test_literals(void **state) {
  (void)state;
  ASSERT_EVAL("true", T_TRUE);
  ASSERT_EVAL("false", T_FALSE);
  ASSERT_EVAL("1 = 1", T_TRUE);
  ASSERT_EVAL("1 = 2", T_FALSE);
  ASSERT_EVAL("1.5 = 1.5", T_TRUE);
  ASSERT_EVAL("0.5 < 1", T_TRUE);
  ASSERT_EVAL(".5 = 0.5", T_TRUE);
  ASSERT_EVAL("10 > 9.99", T_TRUE);
  ASSERT_EVAL("true = true", T_TRUE);
  ASSERT_EVAL("true != false", T_TRUE);
  ASSERT_EVAL("  1  =  1  ", T_TRUE);
  ASSERT_EVAL("1\n=\t1", T_TRUE);
}

static void test_comparison_operators(void **state) {
  (void)state;
  set_num("age", 40);
  ASSERT_EVAL("age = 40", T_TRUE);
  ASSERT_EVAL("age = 41", T_FALSE);
  ASSERT_EVAL("age != 40", T_FALSE);
  ASSERT_EVAL("age != 39", T_TRUE);
  ASSERT_EVAL("age < 40", T_FALSE);
  ASSERT_EVAL("age < 41", T_TRUE);
  ASSERT_EVAL("age <= 40", T_TRUE);
  ASSERT_EVAL("age <= 39", T_FALSE);
  ASSERT_EVAL("age > 40", T_FALSE);
  ASSERT_EVAL("age > 39", T_TRUE);
  ASSERT_EVAL("age >= 40", T_TRUE);
  ASSERT_EVAL("age >= 41", T_FALSE);
  ASSERT_EVAL("40 = age", T_TRUE);
  ASSERT_EVAL("39 < age", T_TRUE);
  set_num("tightness", 7);
  ASSERT_EVAL("age > tightness", T_TRUE);
  ASSERT_EVAL("age = tightness", T_FALSE);
}

static void test_booleans_and_choices(void **state) {
  (void)state;
  set_bool("bladder_change", 1);
  set_bool("bowel_change", 0);
  ASSERT_EVAL("bladder_change", T_TRUE);
  ASSERT_EVAL("bowel_change", T_FALSE);
  ASSERT_EVAL("bladder_change = true", T_TRUE);
  ASSERT_EVAL("bowel_change = false", T_TRUE);
  ASSERT_EVAL("bowel_change != false", T_FALSE);
  ASSERT_EVAL("bladder_change = bowel_change", T_FALSE);

  set_choice("leg_weakness", "one_leg");
  ASSERT_EVAL("leg_weakness = 'one_leg'", T_TRUE);
  ASSERT_EVAL("leg_weakness = \"one_leg\"", T_TRUE);
  ASSERT_EVAL("'one_leg' = leg_weakness", T_TRUE);
  ASSERT_EVAL("leg_weakness = 'both_legs'", T_FALSE);
  ASSERT_EVAL("leg_weakness != 'none'", T_TRUE);
  ASSERT_EVAL("leg_weakness != \"one_leg\"", T_FALSE);

  /* the unknown choice of a self-test is stored as unknown */
  set_unknown("hip_flexor_test");
  ASSERT_EVAL("hip_flexor_test = 'tight'", T_UNKNOWN);
  set_choice("hip_flexor_test", "normal");
  ASSERT_EVAL("hip_flexor_test = 'tight'", T_FALSE);
}

static void test_in_lists(void **state) {
  (void)state;
  set_choice("leg_numbness", "both_legs");
  ASSERT_EVAL("leg_numbness in ['one_leg', 'both_legs']", T_TRUE);
  ASSERT_EVAL("leg_numbness in [\"one_leg\", \"both_legs\"]", T_TRUE);
  ASSERT_EVAL("leg_numbness in ['none']", T_FALSE);
  ASSERT_EVAL("leg_numbness in ['none', 'one_leg']", T_FALSE);
  set_num("tightness", 3);
  ASSERT_EVAL("tightness in [1, 2, 3]", T_TRUE);
  ASSERT_EVAL("tightness in [4, 5]", T_FALSE);
  ASSERT_EVAL("tightness + 1 in [4]", T_TRUE);
  set_unknown("tightness");
  set_unknown("leg_numbness");
  ASSERT_EVAL("tightness in [1, 2, 3]", T_UNKNOWN);
  ASSERT_EVAL("leg_numbness in ['none', 'one_leg', 'both_legs']", T_UNKNOWN);
}

/* ------------------------------------------------------------------ */
/* Kleene's logic, exhaustively */

static int k_and(int a, int b) {
  if (a == 0 || b == 0)
    return 0;
  if (a == 1 && b == 1)
    return 1;
  return 2;
}

static int k_or(int a, int b) {
  if (a == 1 || b == 1)
    return 1;
  if (a == 0 && b == 0)
    return 0;
  return 2;
}

static int k_not(int a) {
  return a == 2 ? 2 : !a;
}

static void test_kleene_truth_tables(void **state) {
  (void)state;
  expr *e_and = compile_ok("bladder_change and bowel_change", EXPR_ALLOW_FINDINGS);
  expr *e_or = compile_ok("bladder_change or bowel_change", EXPR_ALLOW_FINDINGS);
  expr *e_not = compile_ok("not bladder_change", EXPR_ALLOW_FINDINGS);
  expr *e_nn = compile_ok("not not bladder_change", EXPR_ALLOW_FINDINGS);
  expr *e_and3 =
      compile_ok("bladder_change and bowel_change and saddle_numbness", EXPR_ALLOW_FINDINGS);
  expr *e_or3 =
      compile_ok("bladder_change or bowel_change or saddle_numbness", EXPR_ALLOW_FINDINGS);
  int checked = 0;
  for (int a = 0; a < 3; a++) {
    for (int b = 0; b < 3; b++) {
      set_tri("bladder_change", a);
      set_tri("bowel_change", b);
      assert_int_equal(expr_eval(e_and, &env), k_and(a, b));
      assert_int_equal(expr_eval(e_or, &env), k_or(a, b));
      assert_int_equal(expr_eval(e_not, &env), k_not(a));
      assert_int_equal(expr_eval(e_nn, &env), a);
      for (int c = 0; c < 3; c++) {
        set_tri("saddle_numbness", c);
        assert_int_equal(expr_eval(e_and3, &env), k_and(k_and(a, b), c));
        assert_int_equal(expr_eval(e_or3, &env), k_or(k_or(a, b), c));
        checked++;
      }
    }
  }
  assert_int_equal(checked, 27);
  expr_free(e_and);
  expr_free(e_or);
  expr_free(e_not);
  expr_free(e_nn);
  expr_free(e_and3);
  expr_free(e_or3);
}

static void test_kleene_named_cases(void **state) {
  (void)state;
  /* bladder_change stays unknown throughout */
  ASSERT_EVAL("false and bladder_change", T_FALSE);
  ASSERT_EVAL("bladder_change and false", T_FALSE);
  ASSERT_EVAL("true or bladder_change", T_TRUE);
  ASSERT_EVAL("bladder_change or true", T_TRUE);
  ASSERT_EVAL("not bladder_change", T_UNKNOWN);
  ASSERT_EVAL("bladder_change and true", T_UNKNOWN);
  ASSERT_EVAL("true and bladder_change", T_UNKNOWN);
  ASSERT_EVAL("bladder_change or false", T_UNKNOWN);
  ASSERT_EVAL("false or bladder_change", T_UNKNOWN);
  ASSERT_EVAL("bladder_change and bladder_change", T_UNKNOWN);
  ASSERT_EVAL("bladder_change or not bladder_change", T_UNKNOWN);
  /* the cautious reading written out */
  ASSERT_EVAL("bladder_change or unknown(bladder_change)", T_TRUE);
  set_bool("bladder_change", 0);
  ASSERT_EVAL("bladder_change or unknown(bladder_change)", T_FALSE);
}

static void test_precedence_of_logic(void **state) {
  (void)state;
  /* and binds tighter than or; not tighter than and */
  set_bool("bladder_change", 1);
  set_bool("bowel_change", 0);
  set_bool("saddle_numbness", 0);
  ASSERT_EVAL("bladder_change or bowel_change and saddle_numbness", T_TRUE);
  ASSERT_EVAL("(bladder_change or bowel_change) and saddle_numbness", T_FALSE);
  ASSERT_EVAL("not bowel_change and saddle_numbness", T_FALSE);
  ASSERT_EVAL("not (bowel_change and saddle_numbness)", T_TRUE);
  ASSERT_EVAL("not bladder_change or true", T_TRUE);
  ASSERT_EVAL("not (bladder_change or true)", T_FALSE);
  /* a comparison binds tighter than not */
  set_num("age", 30);
  ASSERT_EVAL("not age > 40", T_TRUE);
  ASSERT_EVAL("((((bladder_change))))", T_TRUE);
}

static void test_comparisons_with_unknown(void **state) {
  (void)state;
  /* everything unknown */
  ASSERT_EVAL("age < 30", T_UNKNOWN);
  ASSERT_EVAL("age >= 30", T_UNKNOWN);
  ASSERT_EVAL("age = 30", T_UNKNOWN);
  ASSERT_EVAL("age != 30", T_UNKNOWN);
  ASSERT_EVAL("age <= 30", T_UNKNOWN);
  ASSERT_EVAL("age > 30", T_UNKNOWN);
  ASSERT_EVAL("not age > 30", T_UNKNOWN);
  ASSERT_EVAL("age = age", T_UNKNOWN);
  ASSERT_EVAL("leg_weakness = 'none'", T_UNKNOWN);
  ASSERT_EVAL("leg_weakness != 'none'", T_UNKNOWN);
  ASSERT_EVAL("bladder_change = true", T_UNKNOWN);
  ASSERT_EVAL("bladder_change = false", T_UNKNOWN);
  ASSERT_EVAL("bladder_change != false", T_UNKNOWN);
  set_num("age", 50);
  ASSERT_EVAL("age > tightness", T_UNKNOWN);
  ASSERT_EVAL("age + tightness > 0", T_UNKNOWN);
  ASSERT_EVAL("age * tightness = 0", T_UNKNOWN);
  ASSERT_EVAL("-tightness < 0", T_UNKNOWN);
  /* ... but known()/unknown() are always true or false */
  ASSERT_EVAL("known(age)", T_TRUE);
  ASSERT_EVAL("unknown(age)", T_FALSE);
  ASSERT_EVAL("known(tightness)", T_FALSE);
  ASSERT_EVAL("unknown(tightness)", T_TRUE);
  ASSERT_EVAL("not known(tightness)", T_TRUE);
  ASSERT_EVAL("unknown(leg_weakness) and unknown(bladder_change)", T_TRUE);
}

/* ------------------------------------------------------------------ */
/* Arithmetic */

static void test_arithmetic_and_precedence(void **state) {
  (void)state;
  ASSERT_EVAL("2 + 3 * 4 = 14", T_TRUE);
  ASSERT_EVAL("(2 + 3) * 4 = 20", T_TRUE);
  ASSERT_EVAL("2 * 3 + 4 = 10", T_TRUE);
  ASSERT_EVAL("10 - 4 - 3 = 3", T_TRUE); /* left-associative */
  ASSERT_EVAL("10 - (4 - 3) = 9", T_TRUE);
  ASSERT_EVAL("12 / 3 / 2 = 2", T_TRUE); /* left-associative */
  ASSERT_EVAL("12 / (3 / 2) = 8", T_TRUE);
  ASSERT_EVAL("1 + 6 / 2 = 4", T_TRUE);
  ASSERT_EVAL("7 / 2 = 3.5", T_TRUE);
  ASSERT_EVAL("-2 * 3 = -6", T_TRUE);
  ASSERT_EVAL("-(2 + 3) = -5", T_TRUE);
  ASSERT_EVAL("- -2 = 2", T_TRUE);
  ASSERT_EVAL("2 - -3 = 5", T_TRUE);
  ASSERT_EVAL("-2 < -1", T_TRUE);
  ASSERT_EVAL("2 + 2 > 3 * 1", T_TRUE);
  set_num("age", 40);
  set_num("tightness", 4);
  ASSERT_EVAL("age / tightness = 10", T_TRUE);
  ASSERT_EVAL("age - tightness * 2 = 32", T_TRUE);
  ASSERT_EVAL("-age = -40", T_TRUE);
  ASSERT_EVAL("-age < 0", T_TRUE);
  ASSERT_EVAL("age * 0.5 = 20", T_TRUE);
}

static void test_division_by_zero(void **state) {
  (void)state;
  set_num("age", 40);
  set_num("tightness", 0);
  ASSERT_EVAL("1 / 0 > 0", T_UNKNOWN);
  ASSERT_EVAL("1 / 0 < 0", T_UNKNOWN);
  ASSERT_EVAL("1 / 0 = 1 / 0", T_UNKNOWN);
  ASSERT_EVAL("age / tightness > 1", T_UNKNOWN);
  ASSERT_EVAL("age / (tightness - tightness) > 1", T_UNKNOWN);
  ASSERT_EVAL("not (age / tightness > 1)", T_UNKNOWN);
  ASSERT_EVAL("age / tightness > 1 or true", T_TRUE);
  ASSERT_EVAL("age / tightness > 1 and false", T_FALSE);
  ASSERT_EVAL("count(age / tightness > 1) = 0", T_TRUE);
  ASSERT_EVAL("0 / age = 0", T_TRUE); /* zero divided is fine */
}

/* age - weeks_since_onset / 52 < 35: age at onset under 35 */
static void test_inflammatory_age_boundary(void **state) {
  (void)state;
  const char *src = "age - weeks_since_onset / 52 < 35";
  set_num("age", 40);
  set_num("weeks_since_onset", 260); /* onset at exactly 35 */
  ASSERT_EVAL(src, T_FALSE);
  set_num("weeks_since_onset", 261); /* just under 35 */
  ASSERT_EVAL(src, T_TRUE);
  set_num("weeks_since_onset", 259);
  ASSERT_EVAL(src, T_FALSE);
  set_num("age", 35);
  set_num("weeks_since_onset", 0);
  ASSERT_EVAL(src, T_FALSE);
  set_num("age", 34);
  ASSERT_EVAL(src, T_TRUE);
  /* if it were (age - weeks) / 52 < 35 this would be true */
  set_num("age", 60);
  set_num("weeks_since_onset", 52);
  ASSERT_EVAL(src, T_FALSE);
  set_unknown("weeks_since_onset");
  ASSERT_EVAL(src, T_UNKNOWN);
  set_num("weeks_since_onset", 52);
  set_unknown("age");
  ASSERT_EVAL(src, T_UNKNOWN);
}

/* ------------------------------------------------------------------ */
/* count(), known(), unknown() */

static void test_count(void **state) {
  (void)state;
  set_bool("bladder_change", 1);
  set_bool("bowel_change", 0);
  /* saddle_numbness unknown */
  set_num("age", 40);
  ASSERT_EVAL("count(bladder_change) = 1", T_TRUE);
  ASSERT_EVAL("count(bowel_change) = 0", T_TRUE);
  ASSERT_EVAL("count(saddle_numbness) = 0", T_TRUE); /* unknown does not count */
  ASSERT_EVAL("count(bladder_change, bowel_change, saddle_numbness, age > 30) = 2", T_TRUE);
  ASSERT_EVAL("count(bladder_change, bowel_change, saddle_numbness, age > 30) >= 3", T_FALSE);
  ASSERT_EVAL("count(bladder_change, bladder_change) = 2", T_TRUE);
  ASSERT_EVAL("count(bladder_change or saddle_numbness, not bowel_change) = 2", T_TRUE);
  ASSERT_EVAL("count(age > tightness) = 0", T_TRUE);
  ASSERT_EVAL("count(bladder_change) + count(true, true) = 3", T_TRUE);
  ASSERT_EVAL("count(saddle_numbness) >= 0", T_TRUE); /* never unknown */
}

static void test_known_unknown(void **state) {
  (void)state;
  ASSERT_EVAL("unknown(leg_symptoms_new)", T_TRUE);
  ASSERT_EVAL("known(leg_symptoms_new)", T_FALSE);
  set_bool("leg_symptoms_new", 0);
  ASSERT_EVAL("unknown(leg_symptoms_new)", T_FALSE);
  ASSERT_EVAL("known(leg_symptoms_new)", T_TRUE);
  /* a derived finding can be read */
  ASSERT_EVAL("unknown(bmi)", T_TRUE);
  set_num("bmi", 31);
  ASSERT_EVAL("bmi >= 30", T_TRUE);
}

/* ------------------------------------------------------------------ */
/* level, flag_count, flag(), cause(), top3() (recommendations only) */

static const unsigned ALL = EXPR_ALLOW_FINDINGS | EXPR_ALLOW_RESULTS;

static void test_results(void **state) {
  (void)state;
  int fever = kb_find_flag(kb, "fever", 5);
  int chronic = kb_find_flag(kb, "chronic_tightness", 17);
  int dehyd = kb_find_cause(kb, "dehydration", 11);
  int hip = kb_find_cause(kb, "tight_hip_flexors", 17);
  assert_true(fever >= 0 && chronic >= 0 && dehyd >= 0 && hip >= 0);
  /* before results are known, they are unknown */
  assert_int_equal(eval_allow("level = 'urgent'", ALL), T_UNKNOWN);
  assert_int_equal(eval_allow("flag_count > 0", ALL), T_UNKNOWN);
  assert_int_equal(eval_allow("flag(fever)", ALL), T_UNKNOWN);
  assert_int_equal(eval_allow("cause(dehydration)", ALL), T_UNKNOWN);
  assert_int_equal(eval_allow("top3(dehydration)", ALL), T_UNKNOWN);

  env.flag_fired = flag_fired;
  env.cause_listed = cause_listed;
  env.cause_rank = cause_rank;
  env.level = BB_URGENT;
  env.flag_count = 1;
  flag_fired[fever] = 1;
  cause_listed[dehyd] = 1;
  cause_rank[dehyd] = 2;
  cause_listed[hip] = 1;
  cause_rank[hip] = 3;
  assert_int_equal(eval_allow("level = 'urgent'", ALL), T_TRUE);
  assert_int_equal(eval_allow("level = \"consult\"", ALL), T_FALSE);
  assert_int_equal(eval_allow("level != 'emergency'", ALL), T_TRUE);
  assert_int_equal(eval_allow("level in ['self_care', 'consult']", ALL), T_FALSE);
  assert_int_equal(eval_allow("level in ['urgent', 'emergency']", ALL), T_TRUE);
  assert_int_equal(eval_allow("flag_count = 1", ALL), T_TRUE);
  assert_int_equal(eval_allow("flag_count > count(flag(chronic_tightness))", ALL), T_TRUE);
  assert_int_equal(eval_allow("flag(fever)", ALL), T_TRUE);
  assert_int_equal(eval_allow("flag(chronic_tightness)", ALL), T_FALSE);
  assert_int_equal(eval_allow("cause(dehydration)", ALL), T_TRUE);
  assert_int_equal(eval_allow("cause(low_activity)", ALL), T_FALSE);
  assert_int_equal(eval_allow("top3(dehydration)", ALL), T_TRUE);        /* rank 2: third */
  assert_int_equal(eval_allow("top3(tight_hip_flexors)", ALL), T_FALSE); /* fourth */
  assert_int_equal(eval_allow("cause(tight_hip_flexors)", ALL), T_TRUE);
  assert_int_equal(eval_allow("top3(low_activity)", ALL), T_FALSE);
  env.level = BB_CONSULT;
  flag_fired[fever] = 0;
  flag_fired[chronic] = 1;
  assert_int_equal(
      eval_allow("level = 'consult' and flag_count > count(flag(chronic_tightness))", ALL),
      T_FALSE);
}

/* ------------------------------------------------------------------ */
/* Compile errors */

static void test_error_unknown_finding(void **state) {
  (void)state;
  expect_error("bladder_chnage", EXPR_ALLOW_FINDINGS, 1, "bladder_chnage");
  expect_error("bladder_chnage", EXPR_ALLOW_FINDINGS, 1, "did you mean 'bladder_change'");
  expect_error("age > 30 and bladder_chnage", EXPR_ALLOW_FINDINGS, 14,
               "did you mean 'bladder_change'");
  expect_error("known(tightnes)", EXPR_ALLOW_FINDINGS, 7, "did you mean 'tightness'");
  bb_error e = compile_err("zzzzzzzz", EXPR_ALLOW_FINDINGS);
  assert_non_null(strstr(e.message, "unknown finding 'zzzzzzzz'"));
  assert_null(strstr(e.message, "did you mean")); /* nothing close */
}

static void test_error_types(void **state) {
  (void)state;
  /* boolean with number */
  expect_error("bladder_change = 1", EXPR_ALLOW_FINDINGS, 16, "cannot compare");
  expect_error("age = true", EXPR_ALLOW_FINDINGS, 5, "cannot compare");
  expect_error("age < leg_weakness", EXPR_ALLOW_FINDINGS, 5, "cannot compare");
  expect_error("leg_weakness = 2", EXPR_ALLOW_FINDINGS, 14, "cannot compare");
  /* a choice with a value it cannot take */
  bb_error e = compile_err("leg_weakness = 'left_leg'", EXPR_ALLOW_FINDINGS);
  assert_non_null(strstr(e.message, "'left_leg' is not a choice of leg_weakness"));
  assert_non_null(strstr(e.message, "none, one_leg, both_legs"));
  assert_true(e.column == 16 || e.column == 17); /* the literal */
  expect_error("leg_weakness = 'one_lg'", EXPR_ALLOW_FINDINGS, 0, "did you mean 'one_leg'");
  expect_error("leg_numbness in ['one_leg', 'both_leg']", EXPR_ALLOW_FINDINGS, 0,
               "did you mean 'both_legs'");
  expect_error("level = 'urgnt'", ALL, 0, "not a triage level");
  /* ordering choices */
  expect_error("leg_weakness < 'one_leg'", EXPR_ALLOW_FINDINGS, 14, "no order");
  expect_error("trend >= 'same'", EXPR_ALLOW_FINDINGS, 7, "no order");
  expect_error("bladder_change > false", EXPR_ALLOW_FINDINGS, 16, "no order");
  /* 'unknown' as a choice literal */
  expect_error("hip_flexor_test = 'unknown'", EXPR_ALLOW_FINDINGS, 0, "unknown(hip_flexor_test)");
  expect_error("low_back_arch in ['flat', 'unknown']", EXPR_ALLOW_FINDINGS, 0,
               "unknown(low_back_arch)");
  /* logic and arithmetic need the right types */
  expect_error("age and bladder_change", EXPR_ALLOW_FINDINGS, 5, "needs conditions");
  expect_error("bladder_change or 3", EXPR_ALLOW_FINDINGS, 16, "needs conditions");
  expect_error("not age", EXPR_ALLOW_FINDINGS, 1, "'not' needs a condition");
  expect_error("bladder_change + 1 > 0", EXPR_ALLOW_FINDINGS, 16, "needs numbers");
  expect_error("age * leg_weakness > 0", EXPR_ALLOW_FINDINGS, 5, "needs numbers");
  expect_error("-bladder_change", EXPR_ALLOW_FINDINGS, 1, "'-' needs a number");
  expect_error("count(age) > 0", EXPR_ALLOW_FINDINGS, 7, "count() takes conditions");
  expect_error("age", EXPR_ALLOW_FINDINGS, 1, "must be true or false");
  expect_error("leg_weakness", EXPR_ALLOW_FINDINGS, 1, "must be true or false");
  expect_error("'one_leg' = 'one_leg'", EXPR_ALLOW_FINDINGS, 11, "string");
  expect_error("bladder_change in [true]", EXPR_ALLOW_FINDINGS, 16, "'in' needs");
  expect_error("leg_weakness in ['one_leg', 3]", EXPR_ALLOW_FINDINGS, 29, "quoted choice");
  e = compile_err("age in ['one_leg']", EXPR_ALLOW_FINDINGS);
  assert_non_null(strstr(e.message, "a number"));
  assert_true(e.column == 9 || e.column == 10); /* the quote or the text after it */
}

static void test_error_results_not_allowed(void **state) {
  (void)state;
  expect_error("flag(fever)", EXPR_ALLOW_FINDINGS, 1, "only be used in recommendations");
  expect_error("bladder_change and cause(dehydration)", EXPR_ALLOW_FINDINGS, 20,
               "only be used in recommendations");
  expect_error("top3(dehydration)", EXPR_ALLOW_FINDINGS, 1, "only be used in recommendations");
  expect_error("level = 'urgent'", EXPR_ALLOW_FINDINGS, 1, "only be used in recommendations");
  expect_error("flag_count > 0", EXPR_ALLOW_FINDINGS, 1, "only be used in recommendations");
  /* the same are fine where results are allowed */
  expr_free(compile_ok("flag(fever) or level = 'urgent' or flag_count > 0", ALL));
  /* and unknown ids are caught with a suggestion */
  expect_error("flag(fevr)", ALL, 6, "did you mean 'fever'");
  expect_error("cause(dehydratoin)", ALL, 7, "did you mean 'dehydration'");
  expect_error("top3(low_activty)", ALL, 6, "unknown cause 'low_activty'");
  expect_error("flag(1)", ALL, 6, "expected a flag id");
}

static void test_error_syntax(void **state) {
  (void)state;
  /* trailing garbage */
  expect_error("bladder_change bowel_change", EXPR_ALLOW_FINDINGS, 16,
               "after the end of the condition");
  expect_error("bladder_change)", EXPR_ALLOW_FINDINGS, 15, "after the end");
  expect_error("age > 3 4", EXPR_ALLOW_FINDINGS, 9, "after the end");
  /* unbalanced parentheses */
  expect_error("(bladder_change", EXPR_ALLOW_FINDINGS, 16, "expected ')'");
  expect_error("((bladder_change)", EXPR_ALLOW_FINDINGS, 18, "expected ')'");
  expect_error("count(bladder_change", EXPR_ALLOW_FINDINGS, 21, "expected ')'");
  expect_error("known(age", EXPR_ALLOW_FINDINGS, 10, "expected ')'");
  /* ends too early, unexpected tokens */
  expect_error("", EXPR_ALLOW_FINDINGS, 1, "ends too early");
  expect_error("bladder_change and", EXPR_ALLOW_FINDINGS, 19, "ends too early");
  expect_error("age >", EXPR_ALLOW_FINDINGS, 6, "ends too early");
  expect_error("age > > 3", EXPR_ALLOW_FINDINGS, 7, "unexpected '>'");
  expect_error("bladder_change && bowel_change", EXPR_ALLOW_FINDINGS, 16, "");
  expect_error("! bladder_change", EXPR_ALLOW_FINDINGS, 1, "unexpected '!'");
  expect_error("age > 3abc", EXPR_ALLOW_FINDINGS, 7, "");
  expect_error("leg_weakness = 'one_leg", EXPR_ALLOW_FINDINGS, 16, "");
  bb_error e = compile_err("leg_weakness in 'one_leg'", EXPR_ALLOW_FINDINGS);
  assert_non_null(strstr(e.message, "expected '['"));
  assert_true(e.column == 17 || e.column == 18); /* the quote or the text after it */
  expect_error("leg_weakness in ['one_leg'", EXPR_ALLOW_FINDINGS, 27, "expected ',' or ']'");
  expect_error("foo(bladder_change)", EXPR_ALLOW_FINDINGS, 1, "unknown function 'foo'");
  expect_error("known(3)", EXPR_ALLOW_FINDINGS, 7, "takes a finding id");
  expect_error("unknown(bladder_chnage)", EXPR_ALLOW_FINDINGS, 9, "did you mean 'bladder_change'");
}

static void test_error_nesting(void **state) {
  (void)state;
  char src[512];
  /* 100 parentheses: too deep */
  size_t n = 0;
  for (int i = 0; i < 100; i++)
    src[n++] = '(';
  memcpy(src + n, "true", 4);
  n += 4;
  for (int i = 0; i < 100; i++)
    src[n++] = ')';
  src[n] = '\0';
  expect_error(src, EXPR_ALLOW_FINDINGS, 0, "nested too deeply");
  /* 100 nots */
  n = 0;
  for (int i = 0; i < 100; i++) {
    memcpy(src + n, "not ", 4);
    n += 4;
  }
  memcpy(src + n, "true", 5);
  expect_error(src, EXPR_ALLOW_FINDINGS, 0, "nested too deeply");
  /* 200 unary minuses */
  n = 0;
  for (int i = 0; i < 200; i++)
    src[n++] = '-';
  memcpy(src + n, "1 < 0", 6);
  expect_error(src, EXPR_ALLOW_FINDINGS, 0, "nested too deeply");
  /* a long chain nests nothing but is as deep a tree as it is long: 2,000
   * terms overflowed the stack of ev()/explain() under ASan */
  char *chain = malloc(2000 * 10 + 16);
  assert_non_null(chain);
  n = 0;
  for (int i = 0; i < 2000; i++)
    n += (size_t)sprintf(chain + n, "%sfever", i ? " and " : "");
  expect_error(chain, EXPR_ALLOW_FINDINGS, 0, "nested too deeply");
  n = 0;
  for (int i = 0; i < 2000; i++)
    n += (size_t)sprintf(chain + n, "%s1", i ? " + " : "age < ");
  expect_error(chain, EXPR_ALLOW_FINDINGS, 0, "nested too deeply");
  /* count() conditions count too: 64 of them each 63 deep is 65 levels */
  n = (size_t)sprintf(chain, "count(");
  for (int k = 0; k < 2; k++) {
    for (int i = 0; i < 63; i++)
      n += (size_t)sprintf(chain + n, "%sfever", i ? " or " : "");
    n += (size_t)sprintf(chain + n, "%s", k ? ") > 0" : ", ");
  }
  expect_error(chain, EXPR_ALLOW_FINDINGS, 0, "nested too deeply");
  /* 64 levels is the limit, and such a chain still evaluates */
  n = 0;
  for (int i = 0; i < 64; i++)
    n += (size_t)sprintf(chain + n, "%sfever", i ? " or " : "");
  vals[kb_find_finding(kb, "fever", 5)] = (bb_value){V_BOOL, 1, 0, 0.0};
  ASSERT_EVAL(chain, T_TRUE);
  free(chain);
  /* a moderate depth is fine */
  n = 0;
  for (int i = 0; i < 10; i++)
    src[n++] = '(';
  memcpy(src + n, "true", 4);
  n += 4;
  for (int i = 0; i < 10; i++)
    src[n++] = ')';
  src[n] = '\0';
  ASSERT_EVAL(src, T_TRUE);
}

/* The first error is the one reported; err may be NULL. */
static void test_error_leaves_no_partial_state(void **state) {
  (void)state;
  bb_error err;
  bb_error_clear(&err);
  /* the first error is the one reported, not a later one */
  expr *e = expr_compile(kb, "bladder_chnage and bowel_chnage", EXPR_ALLOW_FINDINGS, &err);
  assert_null(e);
  assert_int_equal(err.column, 1);
  assert_non_null(strstr(err.message, "bladder_chnage"));
  /* NULL err is allowed */
  assert_null(expr_compile(kb, "bladder_chnage", EXPR_ALLOW_FINDINGS, NULL));
}

/* ------------------------------------------------------------------ */
/* Explanations */

typedef struct {
  int items[64];
  int n;
} explained;

static void collect(void *ud, int finding) {
  explained *x = ud;
  for (int i = 0; i < x->n; i++)
    if (x->items[i] == finding)
      return; /* the caller keeps them unique */
  if (x->n < 64)
    x->items[x->n++] = finding;
}

static explained explain(const char *src, unsigned allow) {
  explained x;
  memset(&x, 0, sizeof x);
  expr *e = compile_ok(src, allow);
  if (expr_eval(e, &env) != T_TRUE)
    fail_msg("'%s' is not true: explanations are for true conditions", src);
  expr_explain(e, &env, collect, &x);
  expr_free(e);
  return x;
}

static int has(const explained *x, const char *id) {
  int f = fidx(id);
  for (int i = 0; i < x->n; i++)
    if (x->items[i] == f)
      return 1;
  return 0;
}

static void test_explain(void **state) {
  (void)state;
  set_bool("bladder_change", 1);
  set_bool("bowel_change", 0);
  set_bool("saddle_numbness", 1);
  set_num("age", 40);
  set_num("tightness", 8);

  /* or: only the parts that are true */
  explained x = explain("bladder_change or bowel_change", EXPR_ALLOW_FINDINGS);
  assert_int_equal(x.n, 1);
  assert_true(has(&x, "bladder_change"));
  x = explain("bowel_change or bladder_change or saddle_numbness", EXPR_ALLOW_FINDINGS);
  assert_int_equal(x.n, 2);
  assert_true(has(&x, "bladder_change") && has(&x, "saddle_numbness"));
  assert_false(has(&x, "bowel_change"));
  /* or with an unknown side: the unknown side is not a reason */
  x = explain("bladder_change or sexual_dysfunction", EXPR_ALLOW_FINDINGS);
  assert_int_equal(x.n, 1);
  assert_true(has(&x, "bladder_change"));

  /* and: both sides */
  x = explain("bladder_change and age > 30", EXPR_ALLOW_FINDINGS);
  assert_int_equal(x.n, 2);
  assert_true(has(&x, "bladder_change") && has(&x, "age"));
  x = explain("(bowel_change or saddle_numbness) and tightness >= 7", EXPR_ALLOW_FINDINGS);
  assert_int_equal(x.n, 2);
  assert_true(has(&x, "saddle_numbness") && has(&x, "tightness"));

  /* a comparison: every finding it reads */
  x = explain("age > tightness", EXPR_ALLOW_FINDINGS);
  assert_int_equal(x.n, 2);
  assert_true(has(&x, "age") && has(&x, "tightness"));
  /* not: the finding it reads */
  x = explain("not bowel_change", EXPR_ALLOW_FINDINGS);
  assert_int_equal(x.n, 1);
  assert_true(has(&x, "bowel_change"));

  /* count: the conditions that counted, not all it reads */
  x = explain("count(bladder_change, bowel_change, saddle_numbness, sexual_dysfunction, "
              "age > 30) >= 3",
              EXPR_ALLOW_FINDINGS);
  assert_int_equal(x.n, 3);
  assert_true(has(&x, "bladder_change") && has(&x, "saddle_numbness") && has(&x, "age"));
  assert_false(has(&x, "bowel_change"));
  assert_false(has(&x, "sexual_dysfunction"));

  /* unknown(x): x (its value shown as unknown by the engine) */
  set_choice("leg_numbness", "one_leg");
  x = explain("leg_numbness = 'one_leg' and (leg_symptoms_new or unknown(leg_symptoms_new))",
              EXPR_ALLOW_FINDINGS);
  assert_int_equal(x.n, 2);
  assert_true(has(&x, "leg_numbness") && has(&x, "leg_symptoms_new"));
  x = explain("(steroid_use or bladder_change) and (weeks_since_onset <= 6 or "
              "unknown(weeks_since_onset))",
              EXPR_ALLOW_FINDINGS);
  assert_int_equal(x.n, 2);
  assert_true(has(&x, "bladder_change") && has(&x, "weeks_since_onset"));
  assert_false(has(&x, "steroid_use"));

  /* results are not findings */
  env.flag_fired = flag_fired;
  env.cause_listed = cause_listed;
  env.cause_rank = cause_rank;
  env.level = BB_CONSULT;
  x = explain("level = 'consult' and bladder_change", ALL);
  assert_int_equal(x.n, 1);
  assert_true(has(&x, "bladder_change"));
}

/* expr_findings lists every finding read, for the validator */
static void count_use(void *ud, int finding) {
  (void)finding;
  (*(int *)ud)++;
}

static void test_findings_listing(void **state) {
  (void)state;
  expr *e = compile_ok("bladder_change or (age - weeks_since_onset / 52 < 35 and "
                       "leg_weakness in ['one_leg']) or known(tightness)",
                       EXPR_ALLOW_FINDINGS);
  explained x;
  memset(&x, 0, sizeof x);
  expr_findings(e, collect, &x);
  assert_int_equal(x.n, 5);
  assert_true(has(&x, "bladder_change") && has(&x, "age") && has(&x, "weeks_since_onset") &&
              has(&x, "leg_weakness") && has(&x, "tightness"));
  expr_free(e);
  e = compile_ok("true and 1 < 2", EXPR_ALLOW_FINDINGS);
  int n = 0;
  expr_findings(e, count_use, &n);
  assert_int_equal(n, 0);
  expr_free(e);
}

/* ------------------------------------------------------------------ */
/* Evaluation never allocates */

static void test_eval_does_not_allocate(void **state) {
  (void)state;
  set_bool("bladder_change", 1);
  set_num("age", 40);
  set_num("weeks_since_onset", 300);
  set_choice("leg_numbness", "one_leg");
  const char *srcs[] = {
      ("age - weeks_since_onset / 52 < 45 and weeks_since_onset >= 12 and "
       "count(age - weeks_since_onset / 52 < 35, wakes_from_sleep, eases_with_movement, "
       "buttock_pain, morning_stiffness_minutes >= 30) >= 1"),
      "leg_numbness = 'one_leg' and (leg_symptoms_new or unknown(leg_symptoms_new))",
      "leg_numbness in ['one_leg', 'both_legs'] or not bladder_change",
      ("level = 'consult' and flag_count > count(flag(chronic_tightness)) or top3(dehydration) "
       "or cause(low_activity)"),
      "1 / 0 > 1 or -age < 0"};
  env.flag_fired = flag_fired;
  env.cause_listed = cause_listed;
  env.cause_rank = cause_rank;
  env.level = BB_CONSULT;
  /* sanity: the counter does see the library's allocations */
  allocations = 0;
  counting = 1;
  expr *probe = expr_compile(kb, "bladder_change", EXPR_ALLOW_FINDINGS, NULL);
  counting = 0;
  assert_non_null(probe);
  assert_true(allocations > 0);
  expr_free(probe);
  for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
    expr *e = compile_ok(srcs[i], ALL);
    allocations = 0;
    counting = 1;
    bb_tri t = expr_eval(e, &env);
    counting = 0;
    assert_int_equal(allocations, 0);
    assert_true(t == T_TRUE || t == T_FALSE || t == T_UNKNOWN);
    expr_free(e);
  }
}

/* Every condition of the built-in knowledge base compiles again, with the
 * same permissions, and evaluates with everything unknown. */
static void test_builtin_conditions_recompile(void **state) {
  (void)state;
  size_t n = 0;
  for (size_t i = 0; i < kb->nflags; i++) {
    expr_free(compile_ok(kb->flags[i].when_src, EXPR_ALLOW_FINDINGS));
    n++;
  }
  for (size_t i = 0; i < kb->ncauses; i++)
    for (size_t k = 0; k < kb->causes[i].nind; k++) {
      expr *e = compile_ok(kb->causes[i].ind[k].when_src, EXPR_ALLOW_FINDINGS);
      /* no indicator holds when nothing is known */
      assert_int_not_equal(expr_eval(e, &env), T_TRUE);
      expr_free(e);
      n++;
    }
  for (size_t i = 0; i < kb->nrecs; i++) {
    expr_free(compile_ok(kb->recs[i].when_src, ALL));
    n++;
  }
  assert_true(n > 50);
}

#define T(f) cmocka_unit_test_setup(f, reset)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(test_literals),
      T(test_comparison_operators),
      T(test_booleans_and_choices),
      T(test_in_lists),
      T(test_kleene_truth_tables),
      T(test_kleene_named_cases),
      T(test_precedence_of_logic),
      T(test_comparisons_with_unknown),
      T(test_arithmetic_and_precedence),
      T(test_division_by_zero),
      T(test_inflammatory_age_boundary),
      T(test_count),
      T(test_known_unknown),
      T(test_results),
      T(test_error_unknown_finding),
      T(test_error_types),
      T(test_error_results_not_allowed),
      T(test_error_syntax),
      T(test_error_nesting),
      T(test_error_leaves_no_partial_state),
      T(test_explain),
      T(test_findings_listing),
      T(test_eval_does_not_allocate),
      T(test_builtin_conditions_recompile),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
