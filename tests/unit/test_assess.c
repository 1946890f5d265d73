/* test_assess.c -- the engine's semantics (spec/assessment.md) beyond the
 * shipped examples: triage level and order, `because`, unasked warning
 * signs, cause listing and ranking, recommendation order and the safety
 * limits (also with a knowledge base whose conditions were loosened, to
 * show they are enforced in C), derived findings, determinism and
 * thread safety. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* ------------------------------------------------------------------ */
/* Helpers */

static bb_answers *answers_for(const bb_kb *k, const char *json) {
  bb_error err;
  bb_answers *a = bb_answers_parse(k, json, strlen(json), "test", &err, NULL, NULL);
  if (!a)
    fail_msg("answers did not parse: %s\n%s", err.message, json);
  return a;
}

typedef struct {
  bb_answers *a;
  bb_assessment *as;
} run;

static run assess_with(const bb_kb *k, const char *json) {
  run r;
  r.a = answers_for(k, json);
  bb_error err;
  r.as = bb_assess(k, r.a, &err);
  if (!r.as)
    fail_msg("assess failed: %s", err.message);
  assert_int_equal(err.status, 0);
  return r;
}

static run assess(const char *json) {
  return assess_with(kb, json);
}

static void done(run *r) {
  bb_assessment_free(r->as);
  bb_answers_free(r->a);
}

static long index_of_flag(const bb_assessment *as, const char *id) {
  for (size_t i = 0; i < bb_assessment_flag_count(as); i++)
    if (strcmp(bb_assessment_flag_id(as, i), id) == 0)
      return (long)i;
  return -1;
}

static long index_of_cause(const bb_assessment *as, const char *id) {
  for (size_t i = 0; i < bb_assessment_cause_count(as); i++)
    if (strcmp(bb_assessment_cause_id(as, i), id) == 0)
      return (long)i;
  return -1;
}

static long index_of_rec(const bb_assessment *as, const char *id) {
  for (size_t i = 0; i < bb_assessment_recommendation_count(as); i++)
    if (strcmp(bb_assessment_recommendation_id(as, i), id) == 0)
      return (long)i;
  return -1;
}

static const bb_strs *flag_because(const bb_assessment *as, const char *id) {
  long i = index_of_flag(as, id);
  if (i < 0)
    fail_msg("flag %s did not fire", id);
  return &as->flags[i].because;
}

static const bb_strs *cause_because(const bb_assessment *as, const char *id) {
  long i = index_of_cause(as, id);
  if (i < 0)
    fail_msg("cause %s is not listed", id);
  return &as->causes[i].because;
}

static int strs_has(const bb_strs *s, const char *item) {
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->items[i], item) == 0)
      return 1;
  return 0;
}

static void assert_because(const bb_strs *s, const char *const *want, size_t n) {
  if (s->n != n) {
    for (size_t i = 0; i < s->n; i++)
      fprintf(stderr, "  because[%zu] = %s\n", i, s->items[i]);
    fail_msg("%zu because items, wanted %zu", s->n, n);
  }
  for (size_t i = 0; i < n; i++)
    if (!strs_has(s, want[i]))
      fail_msg("because lacks \"%s\"", want[i]);
}

static int flag_level(const char *id) {
  int i = kb_find_flag(kb, id, strlen(id));
  assert_true(i >= 0);
  return kb->flags[i].level;
}

static size_t flag_table_index(const char *id) {
  int i = kb_find_flag(kb, id, strlen(id));
  assert_true(i >= 0);
  return (size_t)i;
}

static const kb_cause *cause_of(const char *id) {
  int i = kb_find_cause(kb, id, strlen(id));
  assert_true(i >= 0);
  return &kb->causes[i];
}

static char *render_json(const bb_assessment *as) {
  char *s = bb_render(as, BB_FORMAT_JSON, 0);
  assert_non_null(s);
  return s;
}

/* ------------------------------------------------------------------ */
/* Triage */

static void test_level_is_max_of_flags(void **state) {
  (void)state;
  const struct {
    const char *json;
    bb_level level;
  } rows[] = {
      {"{}", BB_SELF_CARE},
      {"{\"wakes_from_sleep\": true}", BB_CONSULT},
      {"{\"wakes_from_sleep\": true, \"weight_loss\": true}", BB_URGENT},
      {"{\"wakes_from_sleep\": true, \"weight_loss\": true, \"chest_pain\": true}", BB_EMERGENCY},
      {"{\"chest_pain\": true}", BB_EMERGENCY},
      {"{\"bladder_change\": false, \"wakes_from_sleep\": false}", BB_SELF_CARE},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    run r = assess(rows[i].json);
    assert_int_equal(bb_assessment_level(r.as), rows[i].level);
    int max = BB_SELF_CARE;
    for (size_t k = 0; k < bb_assessment_flag_count(r.as); k++) {
      int lv = flag_level(bb_assessment_flag_id(r.as, k));
      if (lv > max)
        max = lv;
    }
    assert_int_equal(bb_assessment_level(r.as), max);
    static const char *const names[] = {"self_care", "consult", "urgent", "emergency"};
    assert_string_equal(bb_level_name(bb_assessment_level(r.as)), names[rows[i].level]);
    done(&r);
  }
  assert_string_equal(bb_level_name((bb_level)7), "unknown");
}

static void test_flags_ordered(void **state) {
  (void)state;
  /* consult, urgent and emergency flags from all over the table */
  run r = assess("{\"wakes_from_sleep\": true, \"cancer_history\": true, \"fever\": true, "
                 "\"weight_loss\": true, \"chest_pain\": true, \"bladder_change\": true, "
                 "\"leg_weakness\": \"none\", \"leg_numbness\": \"none\", "
                 "\"trend\": \"worse\", \"weeks_since_onset\": 20, \"tightness\": 8, "
                 "\"age\": 75}");
  const char *want[] = {"bladder_dysfunction",
                        "chest_pain",
                        "fever",
                        "possible_spinal_metastasis",
                        "unexplained_weight_loss",
                        "cancer_history",
                        "severe_persistent_pain",
                        "night_waking",
                        "worsening",
                        "chronic_tightness"};
  size_t n = bb_assessment_flag_count(r.as);
  assert_int_equal(n, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < n; i++)
    assert_string_equal(bb_assessment_flag_id(r.as, i), want[i]);
  /* the general rule: level descending, table order within a level */
  for (size_t i = 1; i < n; i++) {
    const char *a = bb_assessment_flag_id(r.as, i - 1), *b = bb_assessment_flag_id(r.as, i);
    assert_true(flag_level(a) >= flag_level(b));
    if (flag_level(a) == flag_level(b))
      assert_true(flag_table_index(a) < flag_table_index(b));
  }
  assert_null(bb_assessment_flag_id(r.as, n));
  done(&r);
}

static void test_because(void **state) {
  (void)state;
  /* one leg numbness with leg_symptoms_new unknown: the or-unknown reading */
  run r = assess("{\"leg_numbness\": \"one_leg\", \"leg_weakness\": \"none\"}");
  assert_int_equal(bb_assessment_level(r.as), BB_URGENT);
  const char *rad[] = {"leg_numbness = one_leg", "leg_symptoms_new = unknown"};
  assert_because(flag_because(r.as, "radiating_numbness"), rad, 2);
  assert_true(index_of_flag(r.as, "persistent_sciatica") < 0);
  done(&r);

  /* answered false: persistent_sciatica instead */
  r = assess("{\"leg_numbness\": \"one_leg\", \"leg_weakness\": \"none\", "
             "\"leg_symptoms_new\": false}");
  assert_true(index_of_flag(r.as, "radiating_numbness") < 0);
  const char *ps[] = {"leg_numbness = one_leg", "leg_symptoms_new = false"};
  assert_because(flag_because(r.as, "persistent_sciatica"), ps, 2);
  assert_int_equal(bb_assessment_level(r.as), BB_CONSULT);
  done(&r);

  /* fracture risk with weeks unknown */
  r = assess("{\"steroid_use\": true}");
  const char *fr[] = {"steroid_use = true", "weeks_since_onset = unknown"};
  assert_because(flag_because(r.as, "fracture_risk"), fr, 2);
  assert_true(index_of_flag(r.as, "bone_health") < 0);
  done(&r);
  /* ... and with weeks known and long: bone health, not fracture risk */
  r = assess("{\"osteoporosis\": true, \"steroid_use\": false, \"weeks_since_onset\": 10}");
  assert_true(index_of_flag(r.as, "fracture_risk") < 0);
  const char *bh[] = {"osteoporosis = true", "weeks_since_onset = 10"};
  assert_because(flag_because(r.as, "bone_health"), bh, 2);
  done(&r);
  r = assess("{\"osteoporosis\": true, \"weeks_since_onset\": 2.5}");
  const char *fr2[] = {"osteoporosis = true", "weeks_since_onset = 2.5"};
  assert_because(flag_because(r.as, "fracture_risk"), fr2, 2);
  done(&r);

  /* bilateral: only the side that is true */
  r = assess("{\"leg_weakness\": \"both_legs\", \"leg_numbness\": \"none\"}");
  const char *bl[] = {"leg_weakness = both_legs"};
  assert_because(flag_because(r.as, "bilateral_leg_symptoms"), bl, 1);
  done(&r);

  /* inflammatory pattern: findings read twice are listed once; only the
   * conditions that counted */
  r = assess("{\"age\": 30, \"weeks_since_onset\": 52, \"wakes_from_sleep\": true, "
             "\"eases_with_movement\": true, \"buttock_pain\": false, "
             "\"morning_stiffness_minutes\": 10}");
  const char *inf[] = {"age = 30", "weeks_since_onset = 52", "wakes_from_sleep = true",
                       "eases_with_movement = true"};
  assert_because(flag_because(r.as, "inflammatory_pattern"), inf, 4);
  done(&r);
  /* onset at exactly 35: the count needs a third condition */
  r = assess("{\"age\": 40, \"weeks_since_onset\": 260, \"wakes_from_sleep\": true, "
             "\"eases_with_movement\": true}");
  assert_true(index_of_flag(r.as, "inflammatory_pattern") < 0);
  done(&r);
  r = assess("{\"age\": 40, \"weeks_since_onset\": 261, \"wakes_from_sleep\": true, "
             "\"eases_with_movement\": true}");
  assert_true(index_of_flag(r.as, "inflammatory_pattern") >= 0);
  done(&r);
}

static const char *const WARNINGS[] = {
    "bladder_change", "bowel_change", "saddle_numbness",  "sexual_dysfunction",
    "leg_weakness",   "leg_numbness", "leg_symptoms_new", "weakness_worsening",
    "rest_pain",      "major_trauma", "chest_pain",       "fever",
    "cancer_history", "weight_loss",  "steroid_use",      "osteoporosis"};

/* legs_open: leg_weakness or leg_numbness is one_leg, both_legs or unknown,
 * so the two follow-up questions (leg_symptoms_new, weakness_worsening) are
 * open too (spec/assessment.md, "unasked") */
static void assert_unasked(const bb_assessment *as, const char *const *skip, size_t nskip,
                           int legs_open) {
  size_t k = 0;
  for (size_t i = 0; i < sizeof WARNINGS / sizeof WARNINGS[0]; i++) {
    int skipped = 0;
    for (size_t s = 0; s < nskip; s++)
      skipped |= strcmp(WARNINGS[i], skip[s]) == 0;
    if (skipped || (!legs_open && (strcmp(WARNINGS[i], "leg_symptoms_new") == 0 ||
                                   strcmp(WARNINGS[i], "weakness_worsening") == 0)))
      continue;
    const char *got = bb_assessment_unasked_id(as, k);
    if (!got || strcmp(got, WARNINGS[i]) != 0)
      fail_msg("unasked[%zu] = %s, wanted %s", k, got ? got : "(none)", WARNINGS[i]);
    k++;
  }
  assert_int_equal(bb_assessment_unasked_count(as), k);
  assert_null(bb_assessment_unasked_id(as, k));
}

static void test_unasked(void **state) {
  (void)state;
  /* no leg answer: both follow-ups stay open, all 16 listed */
  run r = assess("{\"age\": 40, \"tightness\": 5}");
  assert_int_equal(bb_assessment_unasked_count(r.as), 16);
  assert_unasked(r.as, NULL, 0, 1);
  done(&r);

  const char *legs_known[] = {"leg_weakness", "leg_numbness"};
  const char *legs_and_new[] = {"leg_weakness", "leg_numbness", "leg_symptoms_new"};
  /* no leg symptom at all: neither follow-up is asked, so neither is open */
  r = assess("{\"leg_weakness\": \"none\", \"leg_numbness\": \"none\"}");
  assert_int_equal(bb_assessment_unasked_count(r.as), 12);
  assert_unasked(r.as, legs_known, 2, 0);
  done(&r);
  /* one leg answer unknown: both follow-ups open */
  r = assess("{\"leg_weakness\": \"none\"}");
  const char *only_weak[] = {"leg_weakness"};
  assert_unasked(r.as, only_weak, 1, 1);
  done(&r);
  r = assess("{\"leg_numbness\": \"none\"}");
  const char *only_numb_none[] = {"leg_numbness"};
  assert_unasked(r.as, only_numb_none, 1, 1);
  done(&r);
  r = assess("{\"leg_weakness\": \"one_leg\", \"leg_numbness\": \"none\", "
             "\"weakness_worsening\": false}");
  const char *legs_worse[] = {"leg_weakness", "leg_numbness", "weakness_worsening"};
  assert_unasked(r.as, legs_worse, 3, 1);
  done(&r);
  r = assess("{\"leg_weakness\": \"one_leg\", \"leg_numbness\": \"none\"}");
  assert_unasked(r.as, legs_known, 2, 1);
  done(&r);
  r = assess("{\"leg_weakness\": \"none\", \"leg_numbness\": \"both_legs\"}");
  assert_unasked(r.as, legs_known, 2, 1);
  done(&r);
  r = assess("{\"leg_numbness\": \"one_leg\"}");
  const char *only_numb[] = {"leg_numbness"};
  assert_unasked(r.as, only_numb, 1, 1);
  done(&r);
  r = assess("{\"leg_weakness\": \"one_leg\", \"leg_numbness\": \"none\", "
             "\"leg_symptoms_new\": true}");
  assert_unasked(r.as, legs_and_new, 3, 1);
  done(&r);

  /* all answered: nothing unasked */
  r = assess("{\"bladder_change\": false, \"bowel_change\": false, \"saddle_numbness\": false, "
             "\"sexual_dysfunction\": false, \"leg_weakness\": \"none\", \"leg_numbness\": "
             "\"none\", \"weakness_worsening\": false, \"rest_pain\": false, \"major_trauma\": "
             "false, \"chest_pain\": false, \"fever\": false, \"cancer_history\": false, "
             "\"weight_loss\": false, \"steroid_use\": false, \"osteoporosis\": false}");
  assert_int_equal(bb_assessment_unasked_count(r.as), 0);
  assert_int_equal(bb_assessment_level(r.as), BB_SELF_CARE);
  done(&r);
  /* the same without weakness_worsening: with no leg symptom it is not asked,
   * so still nothing unasked */
  r = assess("{\"bladder_change\": false, \"bowel_change\": false, \"saddle_numbness\": false, "
             "\"sexual_dysfunction\": false, \"leg_weakness\": \"none\", \"leg_numbness\": "
             "\"none\", \"rest_pain\": false, \"major_trauma\": "
             "false, \"chest_pain\": false, \"fever\": false, \"cancer_history\": false, "
             "\"weight_loss\": false, \"steroid_use\": false, \"osteoporosis\": false}");
  assert_int_equal(bb_assessment_unasked_count(r.as), 0);
  done(&r);
  /* an answer of true is not unasked either, even at emergency */
  r = assess("{\"bladder_change\": true}");
  assert_int_equal(bb_assessment_unasked_count(r.as), 15);
  const char *bl[] = {"bladder_change"};
  assert_unasked(r.as, bl, 1, 1);
  done(&r);
}

/* ------------------------------------------------------------------ */
/* Causes */

static double noisy_or(const kb_cause *c, const size_t *idx, size_t n) {
  double keep = 1.0;
  for (size_t i = 0; i < n; i++)
    keep *= 1.0 - c->ind[idx[i]].weight;
  return 1.0 - keep;
}

/* The index of the indicator with condition `src`. */
static size_t ind(const kb_cause *c, const char *src) {
  for (size_t i = 0; i < c->nind; i++)
    if (strcmp(c->ind[i].when_src, src) == 0)
      return i;
  fail_msg("cause %s has no indicator '%s'", c->id, src);
  return 0;
}

static void test_cause_listing_rule(void **state) {
  (void)state;
  const kb_cause *dh = cause_of("dehydration");
  /* one supporting indicator alone: not listed */
  run r = assess("{\"water_litres\": 1.2}");
  assert_true(index_of_cause(r.as, "dehydration") < 0);
  done(&r);
  /* two supporting: listed, scored by noisy-OR */
  r = assess("{\"water_litres\": 1.2, \"night_cramps\": true}");
  long i = index_of_cause(r.as, "dehydration");
  assert_true(i >= 0);
  size_t two[] = {ind(dh, "water_litres < 1.5"), ind(dh, "night_cramps")};
  assert_true(fabs(bb_assessment_cause_score(r.as, (size_t)i) - noisy_or(dh, two, 2)) < 0.006);
  assert_false(r.as->causes[i].strong);
  const char *b2[] = {"water_litres = 1.2", "night_cramps = true"};
  assert_because(cause_because(r.as, "dehydration"), b2, 2);
  done(&r);
  /* one strong (with its supporting one): listed */
  r = assess("{\"water_litres\": 0.8}");
  i = index_of_cause(r.as, "dehydration");
  assert_true(i >= 0);
  size_t st[] = {ind(dh, "water_litres < 1.0"), ind(dh, "water_litres < 1.5")};
  assert_true(fabs(bb_assessment_cause_score(r.as, (size_t)i) - noisy_or(dh, st, 2)) < 0.006);
  assert_true(r.as->causes[i].strong);
  done(&r);
  /* a strong indicator alone */
  const kb_cause *ss = cause_of("stomach_sleeping");
  r = assess("{\"sleep_position\": \"stomach\"}");
  i = index_of_cause(r.as, "stomach_sleeping");
  assert_true(i >= 0);
  size_t one[] = {ind(ss, "sleep_position = 'stomach'")};
  assert_true(fabs(bb_assessment_cause_score(r.as, (size_t)i) - noisy_or(ss, one, 1)) < 0.006);
  done(&r);
  /* mixed sleeping is one supporting indicator of stomach_sleeping: not listed */
  r = assess("{\"sleep_position\": \"mixed\"}");
  assert_true(index_of_cause(r.as, "stomach_sleeping") < 0);
  done(&r);
  /* nothing known: nothing listed */
  r = assess("{}");
  assert_int_equal(bb_assessment_cause_count(r.as), 0);
  assert_null(bb_assessment_cause_id(r.as, 0));
  done(&r);
}

static void test_cause_score_all_indicators(void **state) {
  (void)state;
  /* every indicator of mattress_too_soft true: 1 - prod(1 - w) over all */
  const kb_cause *c = cause_of("mattress_too_soft");
  run r = assess("{\"mattress_sagging\": true, \"mattress_firmness\": 2, "
                 "\"mattress_age_years\": 10, \"height_cm\": 160, \"weight_kg\": 100, "
                 "\"worse_on_waking\": true}");
  /* every indicator that does not need the sleep-support model (no sex
   * given, so it does not run; those that stand in for it when it does
   * not, "unknown(fit_...) and ...", count) */
  size_t all[16], n = 0;
  for (size_t k = 0; k < c->nind; k++)
    if (!strstr(c->ind[k].when_src, "fit_") || strstr(c->ind[k].when_src, "unknown(fit_"))
      all[n++] = k;
  assert_true(n >= 5);
  long i = index_of_cause(r.as, "mattress_too_soft");
  assert_true(i >= 0);
  double want = round(noisy_or(c, all, n) * 100.0) / 100.0;
  assert_true(fabs(bb_assessment_cause_score(r.as, (size_t)i) - want) < 1e-9);
  assert_true(bb_assessment_cause_score(r.as, (size_t)i) < 1.0);
  assert_true(bb_assessment_cause_score(r.as, 99) == 0.0);
  done(&r);
}

static void test_cause_ranking(void **state) {
  (void)state;
  /* mattress_too_soft: three supporting indicators (a high score, no
   * strong one); knees_unsupported_side: one strong (a lower score) */
  run r = assess("{\"mattress_age_years\": 9, \"worse_on_waking\": true, \"height_cm\": 180, "
                 "\"weight_kg\": 108, \"mattress_firmness\": 5, \"sleep_position\": \"side\", "
                 "\"pillow_between_knees\": false}");
  long soft = index_of_cause(r.as, "mattress_too_soft");
  long knees = index_of_cause(r.as, "knees_unsupported_side");
  assert_true(soft >= 0 && knees >= 0);
  assert_true(bb_assessment_cause_score(r.as, (size_t)soft) >
              bb_assessment_cause_score(r.as, (size_t)knees));
  assert_true(knees < soft); /* strong before supporting, whatever the score */
  done(&r);

  /* ties keep table order; higher score first among strong ones */
  r = assess("{\"sleep_position\": \"mixed\", \"pillow_between_knees\": false, "
             "\"pillow_under_knees\": false, \"night_cramps\": true}");
  long side = index_of_cause(r.as, "knees_unsupported_side");
  long back = index_of_cause(r.as, "knees_unsupported_back");
  long mt = index_of_cause(r.as, "muscle_tension");
  assert_true(side >= 0 && back >= 0 && mt >= 0);
  assert_true(bb_assessment_cause_score(r.as, (size_t)side) ==
              bb_assessment_cause_score(r.as, (size_t)back));
  assert_true(kb_find_cause(kb, "knees_unsupported_side", 22) <
              kb_find_cause(kb, "knees_unsupported_back", 22));
  assert_true(side < back);
  assert_true(bb_assessment_cause_score(r.as, (size_t)mt) >
              bb_assessment_cause_score(r.as, (size_t)side));
  assert_true(kb_find_cause(kb, "muscle_tension", 14) >
              kb_find_cause(kb, "knees_unsupported_back", 22));
  assert_true(mt < side);
  /* the general rule over the whole list */
  for (size_t i = 1; i < bb_assessment_cause_count(r.as); i++) {
    const as_cause *a = &r.as->causes[i - 1], *b = &r.as->causes[i];
    assert_true(a->strong >= b->strong);
    if (a->strong == b->strong) {
      assert_true(a->score >= b->score);
      if (a->score == b->score)
        assert_true(a->cause < b->cause);
    }
  }
  done(&r);
}

/* ------------------------------------------------------------------ */
/* Recommendations */

static void assert_rec_order(const bb_assessment *as) {
  for (size_t i = 1; i < as->nrecs; i++) {
    const kb_rec *a = as->recs[i - 1].rec, *b = as->recs[i].rec;
    assert_true(a->category <= b->category);
    if (a->category == b->category)
      assert_true(a < b); /* table order */
  }
}

static void test_recommendation_order(void **state) {
  (void)state;
  run r = assess("{\"wakes_from_sleep\": true, \"sleep_position\": \"side\", "
                 "\"pillow_between_knees\": false, \"mattress_firmness\": 9, "
                 "\"pressure_points\": true, \"sitting_hours\": 9, \"stress\": 8, "
                 "\"water_litres\": 0.5, \"hip_flexor_test\": \"tight\"}");
  assert_int_equal(bb_assessment_level(r.as), BB_CONSULT);
  assert_rec_order(r.as);
  assert_string_equal(bb_assessment_recommendation_id(r.as, 0), "see_doctor");
  const char *want[] = {"mattress_medium_firm", "mattress_topper",   "pillow_between_knees",
                        "knee_to_chest",        "heat_before_bed",   "hip_flexor_stretch",
                        "break_up_sitting",     "stress_relaxation", "hydration",
                        "track_progress"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    if (index_of_rec(r.as, want[i]) < 0)
      fail_msg("%s not recommended", want[i]);
  assert_true(index_of_rec(r.as, "mattress_topper") < index_of_rec(r.as, "knee_to_chest"));
  assert_true(index_of_rec(r.as, "knee_to_chest") < index_of_rec(r.as, "hydration"));
  /* the routine: exercises of the advice given, in routine order */
  size_t n = bb_assessment_routine_count(r.as);
  assert_true(n >= 5);
  assert_string_equal(bb_assessment_routine_id(r.as, 0), "heat_before_bed");
  assert_string_equal(bb_assessment_routine_id(r.as, 1), "knee_to_chest");
  for (size_t i = 1; i < n; i++)
    assert_true(r.as->routine[i - 1] < r.as->routine[i]);
  assert_null(bb_assessment_routine_id(r.as, n));
  /* "for" lists only listed causes */
  long mm = index_of_rec(r.as, "mattress_medium_firm");
  assert_int_equal(r.as->recs[mm].for_causes.n, 1);
  assert_string_equal(r.as->recs[mm].for_causes.items[0], "mattress_too_firm");
  done(&r);

  /* self_care: no seek-care advice at all */
  r = assess("{\"sleep_position\": \"back\", \"pillow_under_knees\": false}");
  assert_int_equal(bb_assessment_level(r.as), BB_SELF_CARE);
  assert_rec_order(r.as);
  for (size_t i = 0; i < r.as->nrecs; i++)
    assert_int_not_equal(r.as->recs[i].rec->category, CAT_SEEK_CARE);
  assert_true(index_of_rec(r.as, "pillow_under_knees") >= 0);
  done(&r);
}

static void test_emergency_limits(void **state) {
  (void)state;
  run r = assess("{\"saddle_numbness\": true, \"sleep_position\": \"side\", "
                 "\"pillow_between_knees\": false, \"sitting_hours\": 10, \"stress\": 9, "
                 "\"water_litres\": 0.5}");
  assert_int_equal(bb_assessment_level(r.as), BB_EMERGENCY);
  assert_int_equal(bb_assessment_recommendation_count(r.as), 1);
  assert_string_equal(bb_assessment_recommendation_id(r.as, 0), "seek_emergency_care");
  assert_int_equal(bb_assessment_routine_count(r.as), 0);
  assert_true(bb_assessment_cause_count(r.as) > 0); /* causes still listed */
  done(&r);
}

static void test_urgent_limits(void **state) {
  (void)state;
  run r = assess("{\"fever\": true, \"sleep_position\": \"side\", \"pillow_between_knees\": "
                 "false, \"sitting_hours\": 10, \"hip_flexor_test\": \"tight\", "
                 "\"exercise_days\": 0}");
  assert_int_equal(bb_assessment_level(r.as), BB_URGENT);
  assert_string_equal(bb_assessment_recommendation_id(r.as, 0), "seek_urgent_care");
  assert_int_equal(bb_assessment_routine_count(r.as), 0);
  for (size_t i = 0; i < r.as->nrecs; i++)
    if (r.as->recs[i].rec->activity)
      fail_msg("activity %s given at urgent", r.as->recs[i].rec->id);
  const char *none[] = {"knee_to_chest",   "pelvic_tilts",       "rotational_stretch",
                        "heat_before_bed", "hip_flexor_stretch", "stay_active"};
  for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
    assert_true(index_of_rec(r.as, none[i]) < 0);
  /* sleep-setup and daytime advice may follow */
  assert_true(index_of_rec(r.as, "pillow_between_knees") > 0);
  assert_true(index_of_rec(r.as, "break_up_sitting") > 0);
  assert_true(index_of_rec(r.as, "track_progress") > 0);
  assert_rec_order(r.as);
  done(&r);
}

static void test_position_filter(void **state) {
  (void)state;
  const char *positions[] = {"side", "back", "stomach", "mixed"};
  for (size_t p = 0; p < 4; p++) {
    char json[256];
    snprintf(json, sizeof json,
             "{\"sleep_position\": \"%s\", \"pillow_between_knees\": false, "
             "\"pillow_under_knees\": false, \"pillow_height_cm\": 5}",
             positions[p]);
    run r = assess(json);
    int side_ok = p == 0 || p == 3, back_ok = p == 1 || p == 3;
    assert_int_equal(index_of_rec(r.as, "pillow_between_knees") >= 0, side_ok);
    assert_int_equal(index_of_rec(r.as, "pillow_under_knees") >= 0, back_ok);
    if (index_of_rec(r.as, "pillow_side_height") >= 0)
      assert_true(side_ok);
    done(&r);
  }
}

/* ------------------------------------------------------------------ */
/* The limits are enforced in C: a knowledge base whose conditions were
 * loosened to "true" still cannot give what spec/assessment.md forbids. */

static void test_limits_enforced_in_c(void **state) {
  (void)state;
  kbcopy c;
  kbcopy_init(&c);
  kbcopy_replace(&c, "recommendations.json", "\"when\": \"level in ['self_care', 'consult']\"",
                 "\"when\": \"true\""); /* knee_to_chest: always */
  kbcopy_replace(&c, "recommendations.json", "\"when\": \"cause(knees_unsupported_side)\"",
                 "\"when\": \"true\""); /* pillow_between_knees: always */
  kbcopy_replace(&c, "recommendations.json", "\"when\": \"cause(knees_unsupported_back)\"",
                 "\"when\": \"true\""); /* pillow_under_knees: always */
  kbcopy_replace(&c, "recommendations.json", "\"when\": \"level != 'emergency'\"",
                 "\"when\": \"true\""); /* track_progress: always */
  bb_error err;
  bb_kb *loose = bb_kb_load_files(c.files, c.n, &err, NULL, NULL);
  if (!loose)
    fail_msg("loosened kb: %s", err.message);

  /* self_care, no position: everything loosened is given */
  run r = assess_with(loose, "{}");
  assert_true(index_of_rec(r.as, "knee_to_chest") >= 0);
  assert_true(index_of_rec(r.as, "pillow_between_knees") >= 0);
  assert_true(index_of_rec(r.as, "pillow_under_knees") >= 0);
  assert_int_equal(bb_assessment_routine_count(r.as) > 0, 1);
  done(&r);
  /* back sleeper: never the between-knees pillow */
  r = assess_with(loose, "{\"sleep_position\": \"back\"}");
  assert_true(index_of_rec(r.as, "pillow_between_knees") < 0);
  assert_true(index_of_rec(r.as, "pillow_under_knees") >= 0);
  done(&r);
  /* side sleeper: never the under-knees pillow */
  r = assess_with(loose, "{\"sleep_position\": \"side\"}");
  assert_true(index_of_rec(r.as, "pillow_under_knees") < 0);
  assert_true(index_of_rec(r.as, "pillow_between_knees") >= 0);
  done(&r);
  /* stomach sleeper: neither */
  r = assess_with(loose, "{\"sleep_position\": \"stomach\"}");
  assert_true(index_of_rec(r.as, "pillow_under_knees") < 0);
  assert_true(index_of_rec(r.as, "pillow_between_knees") < 0);
  done(&r);
  /* urgent: no activity, empty routine */
  r = assess_with(loose, "{\"rest_pain\": true}");
  assert_int_equal(bb_assessment_level(r.as), BB_URGENT);
  assert_true(index_of_rec(r.as, "knee_to_chest") < 0);
  assert_int_equal(bb_assessment_routine_count(r.as), 0);
  assert_true(index_of_rec(r.as, "pillow_between_knees") >= 0);
  done(&r);
  /* emergency: only seek_emergency_care */
  r = assess_with(loose, "{\"major_trauma\": true}");
  assert_int_equal(bb_assessment_recommendation_count(r.as), 1);
  assert_string_equal(bb_assessment_recommendation_id(r.as, 0), "seek_emergency_care");
  assert_int_equal(bb_assessment_routine_count(r.as), 0);
  done(&r);
  bb_kb_free(loose);
  kbcopy_free(&c);
}

/* ------------------------------------------------------------------ */
/* Derived findings */

static void test_bmi_derived(void **state) {
  (void)state;
  run r = assess("{\"height_cm\": 180, \"weight_kg\": 108, \"mattress_firmness\": 5, "
                 "\"worse_on_waking\": true}");
  assert_true(kb->idx_bmi >= 0);
  const bb_value *bmi = &r.as->findings[kb->idx_bmi];
  assert_int_equal(bmi->kind, V_NUM);
  /* exact, not rounded: the thresholds compare the true value */
  assert_true(fabs(bmi->num - 108.0 / (1.8 * 1.8)) < 1e-9);
  /* the answers themselves are not changed */
  assert_int_equal(r.a->v[kb->idx_bmi].kind, V_UNKNOWN);
  const kb_cause *c = cause_of("mattress_too_soft");
  long i = index_of_cause(r.as, "mattress_too_soft");
  assert_true(i >= 0);
  assert_false(r.as->causes[i].strong);
  /* the BMI rule stands in for the model, which did not run (no sex) */
  const char *b[] = {"fit_mattress = unknown", "bmi = 33.33", "mattress_firmness = 5",
                     "worse_on_waking = true"};
  assert_because(cause_because(r.as, "mattress_too_soft"), b, 4);
  size_t two[] = {ind(c, "unknown(fit_mattress) and bmi >= 30 and mattress_firmness <= 5"),
                  ind(c, "worse_on_waking")};
  assert_true(fabs(bb_assessment_cause_score(r.as, (size_t)i) - noisy_or(c, two, 2)) < 0.006);
  done(&r);
  /* under 30: the indicator does not hold, one supporting is not enough */
  r = assess("{\"height_cm\": 180, \"weight_kg\": 90, \"mattress_firmness\": 5, "
             "\"worse_on_waking\": true}");
  assert_true(fabs(r.as->findings[kb->idx_bmi].num - 90.0 / (1.8 * 1.8)) < 1e-9);
  assert_true(index_of_cause(r.as, "mattress_too_soft") < 0);
  done(&r);
  /* the model ran (sex given) and found the mattress ok: the BMI proxy
   * gives way, so one supporting indicator is left and nothing is listed */
  r = assess("{\"sex\": \"male\", \"height_cm\": 180, \"weight_kg\": 108, "
             "\"sleep_position\": \"side\", \"mattress_firmness\": 5, "
             "\"worse_on_waking\": true}");
  assert_true(index_of_cause(r.as, "mattress_too_soft") < 0 ||
              r.as->causes[index_of_cause(r.as, "mattress_too_soft")].strong);
  done(&r);
  /* no height: no BMI */
  r = assess("{\"weight_kg\": 108, \"mattress_firmness\": 5, \"worse_on_waking\": true}");
  assert_int_equal(r.as->findings[kb->idx_bmi].kind, V_UNKNOWN);
  assert_true(index_of_cause(r.as, "mattress_too_soft") < 0);
  done(&r);
  /* thin: BMI < 20 with a firm mattress supports too-firm */
  r = assess("{\"height_cm\": 180, \"weight_kg\": 60, \"mattress_firmness\": 7, "
             "\"pressure_points\": true}");
  assert_true(fabs(r.as->findings[kb->idx_bmi].num - 60.0 / (1.8 * 1.8)) < 1e-9);
  const char *f[] = {"pressure_points = true", "fit_mattress = unknown", "bmi = 18.52",
                     "mattress_firmness = 7"};
  assert_because(cause_because(r.as, "mattress_too_firm"), f, 4);
  done(&r);
}

/* ------------------------------------------------------------------ */
/* Determinism and threads */

static const char *const SAMPLES[] = {
    "{}",
    "{\"leg_numbness\": \"one_leg\", \"sleep_position\": \"mixed\", \"pillow_between_knees\": "
    "false, \"pillow_under_knees\": false, \"stress\": 8, \"physical_strain\": true}",
    "{\"age\": 72, \"weeks_since_onset\": 2, \"tightness\": 8, \"cancer_history\": true, "
    "\"height_cm\": 170, \"weight_kg\": 95, \"mattress_firmness\": 3}",
    "{\"bowel_change\": true, \"water_litres\": 0.5}",
    "{\"age\": 38, \"sex\": \"female\", \"height_cm\": 168, \"weight_kg\": 64, "
    "\"sleep_position\": \"side\", \"mattress_firmness\": 9, \"pillow_height_cm\": 7, "
    "\"pillow_firmness\": \"soft\", \"pillow_between_knees\": false, \"tightness\": 5, "
    "\"weeks_since_onset\": 3, \"pressure_points\": true, \"trend\": \"same\", "
    "\"sitting_hours\": 8, \"stress\": 4, \"water_litres\": 2, \"exercise_days\": 0}",
};
#define NSAMPLES (sizeof SAMPLES / sizeof SAMPLES[0])

static void test_deterministic(void **state) {
  (void)state;
  for (size_t i = 0; i < NSAMPLES; i++) {
    run r1 = assess(SAMPLES[i]);
    char *a = render_json(r1.as), *b = render_json(r1.as);
    assert_string_equal(a, b);
    run r2 = assess(SAMPLES[i]);
    char *c = render_json(r2.as);
    assert_string_equal(a, c);
    char *t1 = bb_render(r1.as, BB_FORMAT_TEXT, 0), *t2 = bb_render(r2.as, BB_FORMAT_TEXT, 0);
    assert_string_equal(t1, t2);
    free(a);
    free(b);
    free(c);
    free(t1);
    free(t2);
    done(&r1);
    done(&r2);
  }
}

typedef struct {
  const char *expected[NSAMPLES];
  int mismatches;
  int failures;
  int offset;
} thread_job;

static void *worker(void *ud) {
  thread_job *job = ud;
  bb_answers *answers[NSAMPLES];
  for (size_t i = 0; i < NSAMPLES; i++) {
    answers[i] = bb_answers_parse(kb, SAMPLES[i], strlen(SAMPLES[i]), "t", NULL, NULL, NULL);
    if (!answers[i])
      job->failures++;
  }
  for (int round = 0; round < 50; round++) {
    for (size_t k = 0; k < NSAMPLES; k++) {
      size_t i = (k + (size_t)job->offset) % NSAMPLES;
      if (!answers[i])
        continue;
      bb_assessment *as = bb_assess(kb, answers[i], NULL);
      if (!as) {
        job->failures++;
        continue;
      }
      char *s = bb_render(as, BB_FORMAT_JSON, 0);
      if (!s || strcmp(s, job->expected[i]) != 0)
        job->mismatches++;
      free(s);
      bb_assessment_free(as);
    }
  }
  for (size_t i = 0; i < NSAMPLES; i++)
    bb_answers_free(answers[i]);
  return NULL;
}

static void test_thread_safe(void **state) {
  (void)state;
  char *expected[NSAMPLES];
  for (size_t i = 0; i < NSAMPLES; i++) {
    run r = assess(SAMPLES[i]);
    expected[i] = render_json(r.as);
    done(&r);
  }
  pthread_t th[4];
  thread_job jobs[4];
  for (int t = 0; t < 4; t++) {
    memset(&jobs[t], 0, sizeof jobs[t]);
    for (size_t i = 0; i < NSAMPLES; i++)
      jobs[t].expected[i] = expected[i];
    jobs[t].offset = t;
    assert_int_equal(pthread_create(&th[t], NULL, worker, &jobs[t]), 0);
  }
  for (int t = 0; t < 4; t++) {
    assert_int_equal(pthread_join(th[t], NULL), 0);
    assert_int_equal(jobs[t].failures, 0);
    assert_int_equal(jobs[t].mismatches, 0);
  }
  for (size_t i = 0; i < NSAMPLES; i++)
    free(expected[i]);
}

/* ------------------------------------------------------------------ */
/* One voice about the mattress (spec/assessment.md, "When the fit gave a
 * verdict, it decides the mattress's firmness") */

/* 120 variations of examples/side-sleeper.json: sex x weight x firmness x
 * pressure points. Counts the ones where the model calls the mattress ok
 * while a too-firm or too-soft cause is listed (none of them reports a
 * sagging mattress, the one thing the model cannot see), and the ones
 * where the cause opposite to the model's verdict is listed. Both must be
 * 0; the counts are printed for the record (issue 9: 59 of 120 before). */
static void test_one_voice_variations(void **state) {
  (void)state;
  static const char *const sexes[] = {"female", "male"};
  static const int weights[] = {48, 64, 85, 110, 130};
  static const int firmness[] = {2, 4, 6, 8, 9, 10};
  int n = 0, ok_and_cause = 0, opposite = 0;
  for (size_t s = 0; s < 2; s++)
    for (size_t w = 0; w < 5; w++)
      for (size_t f = 0; f < 6; f++)
        for (int pp = 0; pp < 2; pp++) {
          char json[1024];
          snprintf(json, sizeof json,
                   "{\"age\": 38, \"sex\": \"%s\", \"height_cm\": 168, \"weight_kg\": %d, "
                   "\"sleep_position\": \"side\", \"mattress_firmness\": %d, "
                   "\"mattress_age_years\": 2, \"pillow_height_cm\": 7, "
                   "\"pillow_firmness\": \"soft\", \"pillow_between_knees\": false, "
                   "\"tightness\": 5, \"weeks_since_onset\": 3, \"pressure_points\": %s, "
                   "\"trend\": \"same\", \"sitting_hours\": 8, \"stress\": 4, "
                   "\"water_litres\": 2}",
                   sexes[s], weights[w], firmness[f], pp ? "true" : "false");
          run r = assess(json);
          assert_non_null(r.as->fit);
          bb_fit_verdict v = bb_fit_mattress_verdict(r.as->fit, 0);
          bool soft = index_of_cause(r.as, "mattress_too_soft") >= 0;
          bool firm = index_of_cause(r.as, "mattress_too_firm") >= 0;
          if (v == BB_FIT_OK && (soft || firm))
            ok_and_cause++;
          if ((v == BB_FIT_TOO_SOFT && firm) || (v == BB_FIT_TOO_FIRM && soft))
            opposite++;
          n++;
          done(&r);
        }
  printf("one voice: %d variations; fit ok with a mattress cause listed: %d; opposite cause "
         "listed: %d\n",
         n, ok_and_cause, opposite);
  assert_int_equal(n, 120);
  assert_int_equal(ok_and_cause, 0);
  assert_int_equal(opposite, 0);
}

static const char *rec_text(const bb_assessment *as, const char *id) {
  long i = index_of_rec(as, id);
  return i < 0 ? NULL : as->recs[i].text;
}

static const char *cause_text(const bb_assessment *as, const char *id) {
  long i = index_of_cause(as, id);
  return i < 0 ? NULL : as->causes[i].text;
}

static bool notes_say(const bb_assessment *as, const char *what) {
  for (size_t i = 0; i < as->nnotes; i++)
    if (strstr(as->notes[i], what))
      return true;
  return false;
}

/* Every bullet of the rule, whatever verdict the model gives: bodies,
 * firmness values and the answers the model cannot see or that may
 * disagree with it, in every combination. Written against the verdict the
 * model gave, so it holds as the model's physics changes. */
static void test_one_voice_rule(void **state) {
  (void)state;
  static const char *const sexes[] = {"female", "male"};
  static const int weights[] = {50, 55, 85, 130};
  static const int firmness[] = {2, 6, 10};
  int seen[4] = {0};
  for (size_t s = 0; s < 2; s++)
    for (size_t w = 0; w < 4; w++)
      for (size_t f = 0; f < 3; f++)
        for (int m = 0; m < 8; m++) {
          bool pp = m & 1, sag = m & 2, worn = m & 4;
          char json[1024];
          snprintf(json, sizeof json,
                   "{\"sex\": \"%s\", \"height_cm\": 168, \"weight_kg\": %d, "
                   "\"sleep_position\": \"side\", \"mattress_firmness\": %d, "
                   "\"pressure_points\": %s, \"mattress_sagging\": %s, "
                   "\"mattress_age_years\": %d, \"worse_on_waking\": %s, "
                   "\"pillow_height_cm\": 12, \"pillow_between_knees\": true}",
                   sexes[s], weights[w], firmness[f], pp ? "true" : "false", sag ? "true" : "false",
                   worn ? 10 : 2, worn ? "true" : "false");
          run r = assess(json);
          bb_fit_verdict v = bb_fit_mattress_verdict(r.as->fit, 0);
          seen[v == BB_FIT_OK ? 1 : v == BB_FIT_TOO_SOFT ? 2 : v == BB_FIT_TOO_FIRM ? 3 : 0]++;
          bool soft = index_of_cause(r.as, "mattress_too_soft") >= 0;
          bool firm = index_of_cause(r.as, "mattress_too_firm") >= 0;
          /* the firmness number and BMI give way: a cause is listed only on
           * the verdict or on what the model cannot see */
          assert_int_equal(firm, v == BB_FIT_TOO_FIRM);
          assert_int_equal(soft, v == BB_FIT_TOO_SOFT || sag || (v == BB_FIT_OK && worn));
          /* no topper for a sagging mattress */
          if (sag)
            assert_true(index_of_rec(r.as, "mattress_topper") < 0);
          /* a disagreeing answer is named */
          if (v == BB_FIT_OK && pp)
            assert_true(notes_say(r.as, "You report pressure points"));
          else
            assert_false(notes_say(r.as, "You report pressure points"));
          if (v == BB_FIT_TOO_SOFT && pp)
            assert_non_null(strstr(cause_text(r.as, "mattress_too_soft"), "pressure points"));
          if (v == BB_FIT_TOO_FIRM && sag)
            assert_non_null(
                strstr(cause_text(r.as, "mattress_too_soft"), "too firm for your body"));
          if (v == BB_FIT_OK && sag)
            assert_non_null(strstr(cause_text(r.as, "mattress_too_soft"), "cannot see"));
          /* mattress_medium_firm quotes the model, never the generic 5-7 */
          const char *mf = rec_text(r.as, "mattress_medium_firm");
          if (mf) {
            int lo, hi;
            int best = bb_fit_best_firmness(r.as->fit, 0, &lo, &hi);
            char want[96];
            assert_null(strstr(mf, "about 5 to 7"));
            if (lo) {
              snprintf(want, sizeof want, "finds firmness %d best and %d to %d within range", best,
                       lo, hi);
              assert_non_null(strstr(mf, want));
              assert_int_equal(strstr(mf, "Kovacs 2003") != NULL, hi > 7);
              assert_null(strstr(mf, "no single firmness"));
            } else {
              assert_non_null(strstr(mf, "no single firmness"));
              assert_non_null(strstr(mf, bb_fit_zoned_support(r.as->fit, (int[3]){0})
                                             ? "see the advice on zoned support"
                                             : "may still come closer"));
            }
          }
          done(&r);
        }
  /* the variations reach every verdict, or the test proves less */
  printf("one voice rule: verdicts ok %d, too soft %d, too firm %d\n", seen[1], seen[2], seen[3]);
  assert_int_equal(seen[0], 0);
  assert_true(seen[1] > 0 && seen[2] > 0 && seen[3] > 0);
}

/* Without a verdict (stomach, firmness unknown, no body size) the answer
 * rules apply unchanged, and mattress_medium_firm gives the generic range
 * when the model did not run at all. */
static void test_one_voice_without_verdict(void **state) {
  (void)state;
  run r = assess("{\"sex\": \"female\", \"height_cm\": 168, \"weight_kg\": 64, "
                 "\"sleep_position\": \"stomach\", \"mattress_firmness\": 9, "
                 "\"pressure_points\": true}");
  assert_true(index_of_cause(r.as, "mattress_too_firm") >= 0);
  assert_true(index_of_rec(r.as, "mattress_topper") >= 0);
  assert_non_null(strstr(rec_text(r.as, "mattress_medium_firm"), "about 5 to 7"));
  done(&r);
  r = assess("{\"sleep_position\": \"side\", \"mattress_firmness\": 2}");
  assert_true(index_of_cause(r.as, "mattress_too_soft") >= 0);
  assert_non_null(strstr(rec_text(r.as, "mattress_medium_firm"), "about 5 to 7"));
  done(&r);
  /* firmness unknown: the model runs, gives no verdict, the BMI rule and
   * the other answers count; its best firmness is still quoted */
  r = assess("{\"sex\": \"male\", \"height_cm\": 170, \"weight_kg\": 100, "
             "\"sleep_position\": \"side\", \"mattress_age_years\": 9, "
             "\"worse_on_waking\": true}");
  assert_non_null(r.as->fit);
  assert_true(index_of_cause(r.as, "mattress_too_soft") >= 0);
  assert_non_null(strstr(rec_text(r.as, "mattress_medium_firm"), "sleep-support model finds"));
  done(&r);
  /* both causes on the answers alone, no verdict: the lower-ranked goes */
  r = assess("{\"sleep_position\": \"side\", \"mattress_firmness\": 9, "
             "\"mattress_sagging\": true, \"pressure_points\": true}");
  assert_int_equal((index_of_cause(r.as, "mattress_too_soft") >= 0) +
                       (index_of_cause(r.as, "mattress_too_firm") >= 0),
                   1);
  done(&r);
}

/* Mixed sleepers: one firmness answer, the values ok both on the side and
 * on the back, or the side-lying range said so. */
static void test_one_voice_mixed(void **state) {
  (void)state;
  static const int weights[] = {50, 64, 80, 100, 130};
  int both = 0, side_only = 0;
  for (size_t w = 0; w < 5; w++) {
    char json[512];
    snprintf(json, sizeof json,
             "{\"sex\": \"male\", \"height_cm\": 178, \"weight_kg\": %d, "
             "\"sleep_position\": \"mixed\", \"mattress_firmness\": 6, "
             "\"mattress_sagging\": true, \"pillow_height_cm\": 12}",
             weights[w]);
    run r = assess(json);
    assert_int_equal(bb_fit_position_count(r.as->fit), 2);
    int slo, shi, blo, bhi, lo, hi, so;
    bb_fit_best_firmness(r.as->fit, 0, &slo, &shi);
    bb_fit_best_firmness(r.as->fit, 1, &blo, &bhi);
    int best = bb_fit_firmness_advice(r.as->fit, &lo, &hi, &so);
    const char *mf = rec_text(r.as, "mattress_medium_firm");
    assert_non_null(mf);
    if (!so) {
      /* every value of the range is ok in both positions, and the best in it */
      assert_true(lo >= slo && hi <= shi && lo >= blo && hi <= bhi && lo > 0);
      assert_true(best >= lo && best <= hi);
      assert_null(strstr(mf, "so that range is for lying on your side"));
      both++;
    } else {
      assert_true(slo == 0 || shi < blo || bhi < slo || blo == 0);
      assert_int_equal(lo, slo);
      assert_int_equal(hi, shi);
      if (lo)
        assert_non_null(strstr(mf, "so that range is for lying on your side"));
      side_only++;
    }
    done(&r);
  }
  printf("one voice mixed: a shared range for %d bodies, the side range for %d\n", both, side_only);
}

/* The pillow advice gives the height the fit needs in every position it
 * modelled: for side and back both, the two heights (the side's alone
 * stood against the fit's back-lying need); for one, the one height. */
static void test_one_voice_pillow(void **state) {
  (void)state;
  static const char *positions[] = {"mixed", "side", "back"};
  for (size_t p = 0; p < 3; p++) {
    char json[512];
    snprintf(json, sizeof json,
             "{\"sex\": \"male\", \"height_cm\": 178, \"weight_kg\": 95, "
             "\"sleep_position\": \"%s\", \"mattress_firmness\": 3, "
             "\"pillow_height_cm\": 20}",
             positions[p]);
    run r = assess(json);
    const char *t = rec_text(r.as, "pillow_lower");
    assert_non_null(t);
    char want[160];
    double side = round(bb_fit_pillow_needed_cm(r.as->fit, 0) * 2.0) / 2.0;
    if (p == 0) {
      double back = round(bb_fit_pillow_needed_cm(r.as->fit, 1) * 2.0) / 2.0;
      assert_true(back != side); /* else the check could not tell them apart */
      snprintf(want, sizeof want, "about %g cm lying on your side and %g cm lying on your back",
               side, back);
    } else {
      snprintf(want, sizeof want, "the pillow you need at about %g cm as it lies on the bed", side);
      assert_null(strstr(t, "lying on your back,"));
    }
    if (!strstr(t, want))
      fail_msg("%s: '%s' not in: %s", positions[p], want, t);
    done(&r);
  }
}

/* Placeholders are filled from findings; with the value unknown the
 * sentence is left out. Shown on every recommendation text given. */
static void test_texts_have_no_placeholders(void **state) {
  (void)state;
  for (size_t i = 0; i < NSAMPLES; i++) {
    run r = assess(SAMPLES[i]);
    for (size_t k = 0; k < r.as->nrecs; k++) {
      assert_null(strchr(r.as->recs[k].text, '{'));
      assert_true(strlen(r.as->recs[k].text) > 0);
    }
    done(&r);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_level_is_max_of_flags),
      cmocka_unit_test(test_flags_ordered),
      cmocka_unit_test(test_because),
      cmocka_unit_test(test_unasked),
      cmocka_unit_test(test_cause_listing_rule),
      cmocka_unit_test(test_cause_score_all_indicators),
      cmocka_unit_test(test_cause_ranking),
      cmocka_unit_test(test_recommendation_order),
      cmocka_unit_test(test_emergency_limits),
      cmocka_unit_test(test_urgent_limits),
      cmocka_unit_test(test_position_filter),
      cmocka_unit_test(test_limits_enforced_in_c),
      cmocka_unit_test(test_bmi_derived),
      cmocka_unit_test(test_deterministic),
      cmocka_unit_test(test_thread_safe),
      cmocka_unit_test(test_texts_have_no_placeholders),
      cmocka_unit_test(test_one_voice_variations),
      cmocka_unit_test(test_one_voice_rule),
      cmocka_unit_test(test_one_voice_without_verdict),
      cmocka_unit_test(test_one_voice_mixed),
      cmocka_unit_test(test_one_voice_pillow),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
