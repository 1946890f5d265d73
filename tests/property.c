/* property.c -- properties of the engine over thousands of seeded random
 * answer sets (a fixed-seed xorshift generator, so every run checks the
 * same cases and a failure can be reproduced by its case number).
 *
 *  1. adding any one emergency finding gives level emergency, exactly one
 *     recommendation (seek_emergency_care) and an empty routine;
 *  2. removing every warning-sign answer lists all of them in
 *     triage.unasked, in the order of answers.md (leg_symptoms_new and
 *     weakness_worsening only when a leg symptom is present or a leg answer
 *     is unknown);
 *  3. no recommendation contradicts the sleep position;
 *  4. urgent: no exercise or heat recommendation, empty routine;
 *  5. the output is deterministic (the same bytes twice);
 *  6. the level is the highest level of the listed flags, self_care when
 *     none fired;
 *  7. every unasked id is a warning question with no answer (and every
 *     such question that applies is listed);
 *  8. with a folder argument (property KBDIR): the same answers assessed
 *     with the knowledge base loaded from KBDIR give the same bytes, in
 *     JSON, text and Markdown, as with the built-in one, which is compiled
 *     to C data at build time (tools/kbgen).
 *
 * Plain C with its own CHECK (assert() vanishes under NDEBUG). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define CASES 5000
#define SEED 0x9E3779B97F4A7C15ull

static const bb_kb *kb;
static const bb_kb *kb_dir; /* property 8, or NULL */
static long failures, checks, assessments;
static int case_no;

#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    checks++;                                                                                      \
    if (!(cond)) {                                                                                 \
      failures++;                                                                                  \
      if (failures <= 25) {                                                                        \
        fprintf(stderr, "case %d: %s: ", case_no, #cond);                                          \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
      }                                                                                            \
    }                                                                                              \
  } while (0)

/* ------------------------------------------------------------------ */
/* xorshift64* */

static uint64_t rng = SEED;

static uint64_t next(void) {
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545F4914F6CDD1Dull;
}

/* 0 <= r < n */
static size_t below(size_t n) {
  return (size_t)(next() % (uint64_t)n);
}

/* true with probability p percent */
static int chance(unsigned p) {
  return below(100) < p;
}

/* ------------------------------------------------------------------ */
/* The spec's lists */

static const char *const WARNINGS[] = {
    "bladder_change", "bowel_change", "saddle_numbness",  "sexual_dysfunction",
    "leg_weakness",   "leg_numbness", "leg_symptoms_new", "weakness_worsening",
    "rest_pain",      "major_trauma", "chest_pain",       "fever",
    "cancer_history", "weight_loss",  "steroid_use",      "osteoporosis"};
#define NWARN (sizeof WARNINGS / sizeof WARNINGS[0])

/* Exercise and heat advice (spec/assessment.md, "relief" and the stretches). */
static const char *const ACTIVITY[] = {"knee_to_chest",      "pelvic_tilts",
                                       "rotational_stretch", "heat_before_bed",
                                       "hip_flexor_stretch", "hamstring_stretch"};

/* ------------------------------------------------------------------ */
/* Answers */

static void set(bb_answers *a, const char *id, const char *text) {
  bb_error err;
  if (bb_answers_set_text(a, id, text, &err) != 0) {
    fprintf(stderr, "case %d: cannot set %s = %s: %s\n", case_no, id, text, err.message);
    failures++;
  }
}

static bb_answers *random_answers(void) {
  bb_answers *a = bb_answers_new(kb);
  if (!a) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  unsigned answered = (unsigned)(20 + below(80)); /* how complete this set is */
  for (size_t i = 0; i < bb_kb_question_count(kb); i++) {
    const bb_question *q = bb_kb_question(kb, i);
    const char *id = bb_question_id(q);
    if (!chance(answered))
      continue;
    /* Body size switches on the sleep-support model, which these triage
     * properties do not depend on and which costs a few milliseconds: keep
     * it to a few percent of the sets (the fit has its own property test). */
    if (!strcmp(id, "sex") && !chance(3))
      continue;
    char text[64];
    switch (bb_question_type(q)) {
    case BB_BOOLEAN:
      /* warning signs are rare, so every level shows up */
      snprintf(text, sizeof text, "%s", chance(bb_question_is_warning(q) ? 4 : 50) ? "yes" : "no");
      break;
    case BB_INTEGER: {
      long lo = (long)bb_question_min(q), hi = (long)bb_question_max(q);
      long v = lo + (long)below((size_t)(hi - lo + 1));
      if (chance(5))
        v = chance(50) ? lo : hi;
      snprintf(text, sizeof text, "%ld", v);
      break;
    }
    case BB_NUMBER: {
      double lo = bb_question_min(q), hi = bb_question_max(q);
      /* tenths, within the range */
      long steps = (long)((hi - lo) * 10.0);
      double v = lo + (double)below((size_t)steps + 1) / 10.0;
      if (chance(5))
        v = chance(50) ? lo : hi;
      snprintf(text, sizeof text, "%.1f", v);
      break;
    }
    case BB_CHOICE: {
      size_t n = bb_question_choice_count(q);
      size_t c = below(n);
      if (bb_question_is_warning(q)) /* leg symptoms: mostly none */
        c = chance(80) ? 0 : 1 + below(n - 1);
      snprintf(text, sizeof text, "%s", bb_question_choice(q, c));
      break;
    }
    }
    set(a, id, text);
  }
  return a;
}

static bb_answers *clone(const bb_answers *a) {
  bb_answers *b = bb_answers_new(kb);
  if (!b) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  memcpy(b->v, a->v, kb->nfindings * sizeof *b->v);
  memcpy(b->said_unknown, a->said_unknown, kb->nfindings);
  return b;
}

/* The choice answered for `id`, or NULL. */
static const char *choice(const bb_answers *a, const char *id) {
  int i = kb_find_finding(kb, id, strlen(id));
  if (i < 0 || a->v[i].kind != V_CHOICE)
    return NULL;
  return kb->questions[i].q.choices[a->v[i].choice];
}

/* The spec's condition for the two leg follow-ups (leg_symptoms_new,
 * weakness_worsening): a leg symptom present, or either leg answer unknown. */
static int legs_open(const bb_answers *a) {
  const char *w = choice(a, "leg_weakness"), *n = choice(a, "leg_numbness");
  return !w || !n || strcmp(w, "none") != 0 || strcmp(n, "none") != 0;
}

static int leg_follow_up(const char *id) {
  return strcmp(id, "leg_symptoms_new") == 0 || strcmp(id, "weakness_worsening") == 0;
}

/* ------------------------------------------------------------------ */
/* Assessments */

static bb_assessment *assess(const bb_answers *a) {
  bb_error err;
  bb_assessment *as = bb_assess(kb, a, &err);
  if (!as) {
    fprintf(stderr, "case %d: bb_assess failed: %s\n", case_no, err.message);
    exit(1);
  }
  assessments++;
  return as;
}

static int has_rec(const bb_assessment *as, const char *id) {
  for (size_t i = 0; i < bb_assessment_recommendation_count(as); i++)
    if (strcmp(bb_assessment_recommendation_id(as, i), id) == 0)
      return 1;
  return 0;
}

static int in_list(const char *s, const char *const *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(s, v[i]) == 0)
      return 1;
  return 0;
}

/* The unasked list the spec asks for, from the answers alone. */
static size_t expected_unasked(const bb_answers *a, const char **out) {
  size_t n = 0;
  for (size_t i = 0; i < NWARN; i++) {
    if (bb_answers_known(a, WARNINGS[i]))
      continue;
    if (leg_follow_up(WARNINGS[i]) && !legs_open(a))
      continue;
    out[n++] = WARNINGS[i];
  }
  return n;
}

static void check_unasked_exact(const bb_assessment *as, const bb_answers *a, const char *what) {
  const char *want[NWARN];
  size_t n = expected_unasked(a, want);
  CHECK(bb_assessment_unasked_count(as) == n, "%s: %zu unasked, wanted %zu", what,
        bb_assessment_unasked_count(as), n);
  for (size_t i = 0; i < n && i < bb_assessment_unasked_count(as); i++)
    CHECK(strcmp(bb_assessment_unasked_id(as, i), want[i]) == 0, "%s: unasked[%zu] = %s, wanted %s",
          what, i, bb_assessment_unasked_id(as, i), want[i]);
}

/* Properties 3, 4, 6, 7 (and the emergency limit), for any assessment. */
static void check_invariants(const bb_assessment *as, const bb_answers *a, const char *what) {
  bb_level level = bb_assessment_level(as);
  /* 6. level = max of the flags; flags highest level first */
  int max = BB_SELF_CARE, prev = BB_EMERGENCY;
  for (size_t i = 0; i < bb_assessment_flag_count(as); i++) {
    const char *id = bb_assessment_flag_id(as, i);
    int f = kb_find_flag(kb, id, strlen(id));
    CHECK(f >= 0, "%s: unknown flag %s", what, id);
    if (f < 0)
      continue;
    int lv = kb->flags[f].level;
    if (lv > max)
      max = lv;
    CHECK(lv <= prev, "%s: flag %s out of level order", what, id);
    prev = lv;
  }
  CHECK((int)level == max, "%s: level %s, highest flag level %s", what, bb_level_name(level),
        bb_level_name((bb_level)max));
  if (bb_assessment_flag_count(as) == 0)
    CHECK(level == BB_SELF_CARE, "%s: no flags but level %s", what, bb_level_name(level));

  /* 7. unasked: warning questions without an answer, all of them, in order */
  for (size_t i = 0; i < bb_assessment_unasked_count(as); i++) {
    const char *id = bb_assessment_unasked_id(as, i);
    const bb_question *q = bb_kb_find_question(kb, id);
    CHECK(q && bb_question_is_warning(q), "%s: unasked %s is not a warning question", what, id);
    CHECK(!bb_answers_known(a, id), "%s: unasked %s has an answer", what, id);
  }
  check_unasked_exact(as, a, what);

  /* 3. sleep position */
  const char *pos = choice(a, "sleep_position");
  if (pos) {
    int side = !strcmp(pos, "side") || !strcmp(pos, "mixed");
    int back = !strcmp(pos, "back") || !strcmp(pos, "mixed");
    if (!side) {
      CHECK(!has_rec(as, "pillow_between_knees"), "%s: pillow_between_knees for a %s sleeper", what,
            pos);
      CHECK(!has_rec(as, "pillow_side_height"), "%s: pillow_side_height for a %s sleeper", what,
            pos);
    }
    if (!back)
      CHECK(!has_rec(as, "pillow_under_knees"), "%s: pillow_under_knees for a %s sleeper", what,
            pos);
  }

  /* 4. urgent: no exercise or heat, empty routine */
  if (level >= BB_URGENT) {
    CHECK(bb_assessment_routine_count(as) == 0, "%s: routine at %s", what, bb_level_name(level));
    for (size_t i = 0; i < as->nrecs; i++) {
      const kb_rec *r = as->recs[i].rec;
      CHECK(!r->activity, "%s: activity %s at %s", what, r->id, bb_level_name(level));
      CHECK(!in_list(r->id, ACTIVITY, sizeof ACTIVITY / sizeof ACTIVITY[0]),
            "%s: exercise %s at %s", what, r->id, bb_level_name(level));
    }
  }
  if (level == BB_EMERGENCY) {
    CHECK(bb_assessment_recommendation_count(as) == 1 &&
              strcmp(bb_assessment_recommendation_id(as, 0), "seek_emergency_care") == 0,
          "%s: emergency with %zu recommendations", what, bb_assessment_recommendation_count(as));
  }
  if (level == BB_URGENT)
    CHECK(has_rec(as, "seek_urgent_care"), "%s: urgent without seek_urgent_care", what);
}

/* 5. the same bytes, twice from one assessment and once from another */
static void check_deterministic(const bb_assessment *as, const bb_answers *a) {
  char *j1 = bb_render(as, BB_FORMAT_JSON, 0);
  char *j2 = bb_render(as, BB_FORMAT_JSON, 0);
  bb_assessment *again = assess(a);
  char *j3 = bb_render(again, BB_FORMAT_JSON, 0);
  CHECK(j1 && j2 && j3, "render failed");
  if (j1 && j2 && j3) {
    CHECK(strcmp(j1, j2) == 0, "JSON differs between two renderings");
    CHECK(strcmp(j1, j3) == 0, "JSON differs between two assessments");
  }
  free(j1);
  free(j2);
  free(j3);
  bb_assessment_free(again);
}

/* 8. the same bytes with the knowledge base loaded from a folder. The
 * answers are the built-in knowledge base's values given to the other:
 * both number their findings alike when they are the same knowledge base,
 * which kb_compiled_test checks field by field. */
static void check_same_kb(const bb_assessment *as, const bb_answers *a) {
  if (!kb_dir)
    return;
  struct bb_answers other = *a;
  other.kb = kb_dir;
  bb_error err;
  bb_assessment *as2 = bb_assess(kb_dir, &other, &err);
  CHECK(as2 != NULL, "--kb folder: bb_assess failed: %s", err.message);
  if (!as2)
    return;
  static const bb_format formats[] = {BB_FORMAT_JSON, BB_FORMAT_TEXT, BB_FORMAT_MARKDOWN};
  for (size_t i = 0; i < 3; i++) {
    char *x = bb_render(as, formats[i], 0), *y = bb_render(as2, formats[i], 0);
    CHECK(x && y && strcmp(x, y) == 0,
          "format %zu differs between the built-in knowledge base "
          "and the folder",
          i);
    free(x);
    free(y);
  }
  bb_assessment_free(as2);
}

/* ------------------------------------------------------------------ */
/* 1. one emergency finding */

typedef struct {
  const char *id, *value;
  int one_leg; /* also set a one-leg symptom */
} emergency;

static const emergency EMERGENCIES[] = {
    {"bladder_change", "yes", 0},
    {"bowel_change", "yes", 0},
    {"saddle_numbness", "yes", 0},
    {"sexual_dysfunction", "yes", 0},
    {"leg_weakness", "both_legs", 0},
    {"leg_numbness", "both_legs", 0},
    {"weakness_worsening", "yes", 0},
    {"major_trauma", "yes", 0},
    {"chest_pain", "yes", 0},
    {"cancer_history", "yes", 1},
    {"fever", "yes", 1},
};

static void check_emergencies(const bb_answers *base) {
  for (size_t k = 0; k < sizeof EMERGENCIES / sizeof EMERGENCIES[0]; k++) {
    const emergency *e = &EMERGENCIES[k];
    bb_answers *a = clone(base);
    set(a, e->id, e->value);
    if (e->one_leg)
      set(a, chance(50) ? "leg_weakness" : "leg_numbness", "one_leg");
    bb_assessment *as = assess(a);
    char what[96];
    snprintf(what, sizeof what, "with %s = %s%s", e->id, e->value,
             e->one_leg ? " and a one-leg symptom" : "");
    CHECK(bb_assessment_level(as) == BB_EMERGENCY, "%s: level %s", what,
          bb_level_name(bb_assessment_level(as)));
    CHECK(bb_assessment_recommendation_count(as) == 1, "%s: %zu recommendations", what,
          bb_assessment_recommendation_count(as));
    CHECK(bb_assessment_recommendation_count(as) >= 1 &&
              strcmp(bb_assessment_recommendation_id(as, 0), "seek_emergency_care") == 0,
          "%s: not seek_emergency_care", what);
    CHECK(bb_assessment_routine_count(as) == 0, "%s: routine not empty", what);
    check_invariants(as, a, what);
    bb_assessment_free(as);
    bb_answers_free(a);
  }
}

/* 2. warning-sign answers removed */
static void check_removed(const bb_answers *base) {
  bb_answers *a = clone(base);
  for (size_t i = 0; i < NWARN; i++)
    bb_answers_clear(a, WARNINGS[i]);
  bb_assessment *as = assess(a);
  CHECK(bb_assessment_unasked_count(as) == NWARN, "all removed: %zu unasked",
        bb_assessment_unasked_count(as));
  for (size_t i = 0, k = 0; i < NWARN; i++) {
    const char *got = bb_assessment_unasked_id(as, k++);
    CHECK(got && strcmp(got, WARNINGS[i]) == 0, "all removed: unasked[%zu] = %s, wanted %s", k - 1,
          got ? got : "(none)", WARNINGS[i]);
  }
  check_invariants(as, a, "all warnings removed");
  bb_assessment_free(as);

  /* leg answers kept, the rest removed: one leg weakness (numbness
   * unknown), one leg numbness (weakness unknown), both one leg -- the two
   * follow-ups listed; both none -- neither follow-up listed */
  size_t which = below(4); /* weakness, numbness, both, both none */
  if (which != 1)
    set(a, "leg_weakness", which == 3 ? "none" : "one_leg");
  if (which != 0)
    set(a, "leg_numbness", which == 3 ? "none" : "one_leg");
  as = assess(a);
  size_t k = 0;
  for (size_t i = 0; i < NWARN; i++) {
    if ((which != 1 && !strcmp(WARNINGS[i], "leg_weakness")) ||
        (which != 0 && !strcmp(WARNINGS[i], "leg_numbness")) ||
        (which == 3 && leg_follow_up(WARNINGS[i])))
      continue;
    const char *got = bb_assessment_unasked_id(as, k++);
    CHECK(got && strcmp(got, WARNINGS[i]) == 0, "legs kept: unasked[%zu] = %s, wanted %s", k - 1,
          got ? got : "(none)", WARNINGS[i]);
  }
  CHECK(bb_assessment_unasked_count(as) == k, "legs kept: %zu unasked, wanted %zu",
        bb_assessment_unasked_count(as), k);
  CHECK(k == NWARN - (which == 3 ? 4 : which == 2 ? 2 : 1), "legs kept: the spec list has %zu", k);
  check_invariants(as, a, "legs kept, other warnings removed");
  bb_assessment_free(as);
  bb_answers_free(a);
}

/* Text fits 80 columns (code points), for a sample of cases. */
static void check_text_width(const bb_assessment *as) {
  char *t = bb_render(as, BB_FORMAT_TEXT, 0);
  CHECK(t != NULL, "text render failed");
  if (!t)
    return;
  size_t cols = 0, worst = 0;
  for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
    if (*p == '\n')
      cols = 0;
    else if ((*p & 0xC0) != 0x80 && ++cols > worst)
      worst = cols;
  }
  CHECK(worst <= 80, "a text line is %zu columns wide", worst);
  free(t);
}

int main(int argc, char **argv) {
  bb_error err;
  bb_kb *k = bb_kb_load_builtin(&err);
  if (!k) {
    fprintf(stderr, "built-in kb: %s\n", err.message);
    return 1;
  }
  kb = k;
  bb_kb *kd = NULL;
  if (argc > 1) {
    kd = bb_kb_load_dir(argv[1], &err);
    if (!kd) {
      fprintf(stderr, "%s: %s\n", argv[1], err.message);
      return 1;
    }
    kb_dir = kd;
  }
  long levels[4] = {0, 0, 0, 0};
  for (case_no = 0; case_no < CASES; case_no++) {
    bb_answers *a = random_answers();
    bb_assessment *as = assess(a);
    levels[bb_assessment_level(as)]++;
    check_invariants(as, a, "random answers");
    check_deterministic(as, a);
    check_same_kb(as, a);
    if (case_no % 10 == 0)
      check_text_width(as);
    bb_assessment_free(as);
    check_emergencies(a);
    check_removed(a);
    bb_answers_free(a);
  }
  bb_kb_free(k);
  bb_kb_free(kd);
  printf("property: %d random answer sets, %ld assessments, %ld checks "
         "(base levels: %ld self_care, %ld consult, %ld urgent, %ld emergency), %ld failed\n",
         CASES, assessments, checks, levels[0], levels[1], levels[2], levels[3], failures);
  /* the generator must reach every level, or the properties prove little */
  for (int i = 0; i < 4; i++)
    if (levels[i] < CASES / 50) {
      fprintf(stderr, "level %s reached only %ld times\n", bb_level_name((bb_level)i), levels[i]);
      failures++;
    }
  return failures ? 1 : 0;
}
