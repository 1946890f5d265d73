/* assess.c -- the assessment engine.
 *
 * Pure: reads the knowledge base and the answers, allocates the result,
 * and does nothing else (no I/O, no globals, no clock). The safety limits
 * of spec/assessment.md -- only emergency advice at `emergency`, no
 * exercise or heat at `urgent`, nothing that contradicts the sleep
 * position -- are enforced here in C as well as in the knowledge base's
 * conditions, so that an editing slip in kb/ cannot undo them. */
#include "fit.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  bb_assessment *as;
  const char **items;
  size_t n, cap;
  int failed;
} because_acc;

static void because_add(void *ud, int finding) {
  because_acc *b = ud;
  const bb_kb *kb = b->as->kb;
  const kb_question *q = &kb->questions[finding].q;
  char val[64];
  bba_value_str(q, &b->as->findings[finding], val, sizeof val);
  char *s = bbu_arena_printf(b->as->arena, "%s = %s", q->id, val);
  if (!s) {
    b->failed = 1;
    return;
  }
  for (size_t i = 0; i < b->n; i++)
    if (strcmp(b->items[i], s) == 0)
      return;
  if (b->n == b->cap) {
    const char **p = bbu_arena_grow(b->as->arena, b->items, b->n, &b->cap, sizeof *p);
    if (!p) {
      b->failed = 1;
      return;
    }
    b->items = p;
  }
  b->items[b->n++] = s;
}

static void because_init(because_acc *b, bb_assessment *as) {
  memset(b, 0, sizeof *b);
  b->as = as;
}

static bb_strs because_done(because_acc *b) {
  bb_strs s = {b->items, b->n};
  return s;
}

/* Fills "{finding}" placeholders; a sentence whose placeholder is unknown
 * is left out rather than printed half-empty, and so is one whose
 * "{?condition}" guard is not true (docs/knowledge-base.md). */
static const char *fill_text(bb_assessment *as, const expr_env *env, const char *text) {
  if (!strchr(text, '{'))
    return text;
  bbu_buf out, sentence;
  bbu_buf_init(&out);
  bbu_buf_init(&sentence);
  int drop = 0;
  for (const char *p = text; *p; p++) {
    if (*p == '{') {
      const char *end = strchr(p, '}');
      if (end && p[1] == '?') {
        const kb_guard *g = kb_find_guard(as->kb, p);
        if (!g || expr_eval(g->when, env) != T_TRUE)
          drop = 1;
        p = end;
        continue;
      }
      if (end) {
        int idx = kb_find_finding(as->kb, p + 1, (size_t)(end - p - 1));
        if (idx >= 0 && as->findings[idx].kind != V_UNKNOWN) {
          char val[64];
          bba_value_str(&as->kb->questions[idx].q, &as->findings[idx], val, sizeof val);
          bbu_buf_add(&sentence, val);
        } else {
          drop = 1;
        }
        p = end;
        continue;
      }
    }
    /* the plain text up to the next placeholder or sentence end at once
     * (a byte at a time was a quarter of `bedback batch`'s instructions) */
    size_t run = strcspn(p, "{.!?");
    if (run) {
      bbu_buf_addn(&sentence, p, run);
      p += run - 1;
      continue;
    }
    bbu_buf_addn(&sentence, p, 1);
    if ((*p == '.' || *p == '!' || *p == '?') && (p[1] == ' ' || p[1] == '\0')) {
      if (!drop && sentence.buf) {
        if (out.len)
          bbu_buf_add(&out, " ");
        bbu_buf_add(&out, sentence.buf);
      }
      sentence.len = 0;
      if (sentence.buf)
        sentence.buf[0] = '\0';
      drop = 0;
      if (p[1] == ' ')
        p++;
    }
  }
  if (!drop && sentence.buf && sentence.len) {
    if (out.len)
      bbu_buf_add(&out, " ");
    bbu_buf_add(&out, sentence.buf);
  }
  bbu_buf_free(&sentence);
  if (!out.failed && !out.buf)
    return ""; /* every sentence was left out */ /* every sentence was left out (or nothing could be
                                                    allocated) */
  char *s = bbu_buf_take(&out);
  if (!s)
    return text;
  const char *r = bbu_arena_strdup(as->arena, s);
  free(s);
  return r ? r : text;
}

static int has_str(char **v, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(v[i], s) == 0)
      return 1;
  return 0;
}

static void set_num(bb_assessment *as, const char *id, double v) {
  int i = kb_find_finding(as->kb, id, strlen(id));
  if (i >= 0 && as->kb->questions[i].q.derived) {
    as->findings[i].kind = V_NUM;
    as->findings[i].num = v;
  }
}

static void set_bool(bb_assessment *as, const char *id, int b) {
  int i = kb_find_finding(as->kb, id, strlen(id));
  if (i >= 0 && as->kb->questions[i].q.derived) {
    as->findings[i].kind = V_BOOL;
    as->findings[i].b = (uint8_t)(b != 0);
  }
}

static void set_choice(bb_assessment *as, const char *id, const char *choice) {
  int i = kb_find_finding(as->kb, id, strlen(id));
  if (!choice || i < 0 || !as->kb->questions[i].q.derived)
    return;
  int c = kb_choice_index(&as->kb->questions[i].q, choice, strlen(choice));
  if (c >= 0) {
    as->findings[i].kind = V_CHOICE;
    as->findings[i].choice = (int16_t)c;
  }
}

/* The sleep-support model's verdicts become findings the knowledge base
 * can use (spec/assessment.md, causes): for a mixed sleeper the side-lying
 * verdict counts, and the back-lying one only where the side is ok. */
static void derive_fit(bb_assessment *as) {
  const bb_kb *kb = as->kb;
  if (kb->idx_sleep_position < 0 || as->findings[kb->idx_sleep_position].kind != V_CHOICE)
    return; /* which body position to judge is unknown */
  size_t n = bb_fit_position_count(as->fit);
  if (n == 0)
    return;
  bb_fit_verdict mattress = bb_fit_mattress_verdict(as->fit, 0);
  bb_fit_verdict pillow = bb_fit_pillow_verdict(as->fit, 0);
  if (n > 1 && mattress == BB_FIT_OK)
    mattress = bb_fit_mattress_verdict(as->fit, 1);
  if (n > 1 && (pillow == BB_FIT_OK || pillow == BB_FIT_NONE))
    pillow = bb_fit_pillow_verdict(as->fit, 1) == BB_FIT_NONE ? pillow
                                                              : bb_fit_pillow_verdict(as->fit, 1);
  set_choice(as, "fit_mattress", bb_fit_verdict_name(mattress));
  set_choice(as, "fit_pillow", bb_fit_verdict_name(pillow));
  /* pillow height and best firmness of the first (side for mixed) position,
   * rounded the way a person measures: half centimetres */
  set_num(as, "fit_pillow_needed_cm", round(bb_fit_pillow_needed_cm(as->fit, 0) * 2.0) / 2.0);
  /* side and back both: the back's too, or the advice's one height (the
   * side's) would stand against the fit's back-lying need */
  if (n > 1)
    set_num(as, "fit_pillow_needed_back_cm",
            round(bb_fit_pillow_needed_cm(as->fit, 1) * 2.0) / 2.0);
  /* best firmness and ok range: for a mixed sleeper the values ok both on
   * the side and on the back, or the side-lying ones when there are none */
  int lo, hi, side_only;
  int best = bb_fit_firmness_advice(as->fit, &lo, &hi, &side_only);
  if (best >= 1 && best <= 10)
    set_num(as, "fit_best_firmness", best);
  if (lo >= 1 && hi <= 10) {
    set_num(as, "fit_range_low", lo);
    set_num(as, "fit_range_high", hi);
    if (n > 1)
      set_bool(as, "fit_range_side_only", side_only);
  }
  int zones[3];
  int zoned = bb_fit_zoned_support(as->fit, zones);
  set_bool(as, "fit_zoned_support", zoned);
  if (zoned) {
    set_num(as, "fit_zone_shoulder", zones[0]);
    set_num(as, "fit_zone_waist", zones[1]);
    set_num(as, "fit_zone_hip", zones[2]);
  }
}

/* A mattress cannot be too soft and too firm for the same body: when
 * both causes would be listed, one goes. When the sleep-support model gave
 * a verdict, the knowledge base decides (each mattress cause's `unless`:
 * the cause opposite to the verdict is never listed, but a sagging
 * mattress is too soft whatever firmness the model finds right, so both
 * may stand -- spec/assessment.md, "When the fit gave a verdict");
 * otherwise the lower-ranked one goes. */
static void drop_opposite_mattress(bb_assessment *as) {
  const bb_kb *kb = as->kb;
  int soft = kb_find_cause(kb, "mattress_too_soft", 17);
  int firm = kb_find_cause(kb, "mattress_too_firm", 17);
  size_t is = as->ncauses, ifm = as->ncauses;
  for (size_t i = 0; i < as->ncauses; i++) {
    int ci = (int)(as->causes[i].cause - kb->causes);
    if (ci == soft)
      is = i;
    else if (ci == firm)
      ifm = i;
  }
  if (is == as->ncauses || ifm == as->ncauses)
    return;
  int fm = kb_find_finding(kb, "fit_mattress", 12);
  if (fm >= 0 && as->findings[fm].kind != V_UNKNOWN)
    return;
  size_t drop = is > ifm ? is : ifm; /* the lower-ranked one */
  memmove(&as->causes[drop], &as->causes[drop + 1], (as->ncauses - drop - 1) * sizeof *as->causes);
  as->ncauses--;
}

static void derive(bb_assessment *as) {
  const bb_kb *kb = as->kb;
  bb_value *f = as->findings;
  if (kb->idx_bmi >= 0 && kb->idx_height >= 0 && kb->idx_weight >= 0 &&
      f[kb->idx_height].kind == V_NUM && f[kb->idx_weight].kind == V_NUM) {
    /* exact: the thresholds (30, 20) are compared with the true value */
    double h = f[kb->idx_height].num / 100.0;
    f[kb->idx_bmi].kind = V_NUM;
    f[kb->idx_bmi].num = f[kb->idx_weight].num / (h * h);
  }
  if (as->fit)
    derive_fit(as);
}

#define ARENA_ARRAY(as, type, n) ((type *)bbu_arena_alloc((as)->arena, ((n) + 1) * sizeof(type)))

bb_assessment *bb_assess(const bb_kb *kb, const bb_answers *answers, bb_error *err) {
  return bba_assess(kb, answers, 0, err);
}

bb_assessment *bba_assess(const bb_kb *kb, const bb_answers *answers, unsigned opts,
                          bb_error *err) {
  bb_error_clear(err);
  bbu_arena *arena = bbu_arena_new();
  bb_assessment *as = arena ? bbu_arena_alloc(arena, sizeof *as) : NULL;
  if (!as) {
    bbu_arena_free(arena);
    bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory while assessing");
    return NULL;
  }
  as->arena = arena;
  as->kb = kb;
  as->answers = answers;
  as->findings = ARENA_ARRAY(as, bb_value, kb->nfindings);
  uint8_t *fired = ARENA_ARRAY(as, uint8_t, kb->nflags);
  uint8_t *listed = ARENA_ARRAY(as, uint8_t, kb->ncauses);
  int *rank = ARENA_ARRAY(as, int, kb->ncauses);
  as->flags = ARENA_ARRAY(as, as_flag, kb->nflags);
  as->unasked = ARENA_ARRAY(as, const kb_question *, kb->nfindings);
  as->causes = ARENA_ARRAY(as, as_cause, kb->ncauses);
  as->recs = ARENA_ARRAY(as, as_rec, kb->nrecs);
  as->routine = ARENA_ARRAY(as, const kb_exercise *, kb->nexercises);
  if (!as->findings || !fired || !listed || !rank || !as->flags || !as->unasked || !as->causes ||
      !as->recs || !as->routine)
    goto oom;
  memcpy(as->findings, answers->v, kb->nfindings * sizeof(bb_value));
  /* The fit runs whenever sex, height and weight are known; the zone
   * search always runs inside the assessment (spec/fit.md). A solver
   * failure leaves the assessment without a fit rather than failing it. */
  bb_error fit_err;
  bb_error_clear(&fit_err);
  as->fit = opts & BBA_NO_FIT ? NULL : fit_from_answers(answers, true, &fit_err);
  if (!as->fit && fit_err.status)
    as->fit_error = bbu_arena_strdup(arena, fit_err.message);
  derive(as);

  expr_env env = {as->findings, NULL, NULL, NULL, -1, 0};

  /* Triage: every flag whose condition is true, highest level first,
   * table order within a level. */
  as->level = BB_SELF_CARE;
  for (int lv = BB_EMERGENCY; lv >= BB_SELF_CARE; lv--) {
    for (size_t i = 0; i < kb->nflags; i++) {
      const kb_flag *f = &kb->flags[i];
      if (f->level != lv || expr_eval(f->when, &env) != T_TRUE)
        continue;
      because_acc b;
      because_init(&b, as);
      if (!(opts & BBA_NO_BECAUSE))
        expr_explain(f->when, &env, because_add, &b);
      if (b.failed)
        goto oom;
      as->flags[as->nflags].flag = f;
      as->flags[as->nflags].because = because_done(&b);
      as->nflags++;
      fired[i] = 1;
      if ((bb_level)lv > as->level)
        as->level = (bb_level)lv;
    }
  }

  /* Unasked warning signs: never reported as "no". A conditional warning
   * question drops out only when its condition is known to be false: a
   * condition that cannot be decided (its inputs unanswered) leaves the sign
   * open, so it is listed. */
  for (size_t i = 0; i < kb->nquestions; i++) {
    const kb_question *q = &kb->questions[i].q;
    if (!q->warning || as->findings[i].kind != V_UNKNOWN)
      continue;
    if (q->ask_when && expr_eval(q->ask_when, &env) == T_FALSE)
      continue;
    as->unasked[as->nunasked++] = q;
  }

  /* Causes: listed on one strong or two supporting indicators. */
  for (size_t i = 0; i < kb->ncauses; i++) {
    const kb_cause *c = &kb->causes[i];
    if (c->unless && expr_eval(c->unless, &env) == T_TRUE)
      continue;
    int strong = 0, supporting = 0;
    double keep = 1.0;
    because_acc b;
    because_init(&b, as);
    for (size_t k = 0; k < c->nind; k++) {
      if (expr_eval(c->ind[k].when, &env) != T_TRUE)
        continue;
      if (c->ind[k].strong)
        strong++;
      else
        supporting++;
      keep *= 1.0 - c->ind[k].weight;
      if (!(opts & BBA_NO_BECAUSE))
        expr_explain(c->ind[k].when, &env, because_add, &b);
    }
    if (b.failed)
      goto oom;
    if (!strong && supporting < 2)
      continue;
    as_cause *ac = &as->causes[as->ncauses++];
    ac->cause = c;
    ac->strong = strong > 0;
    ac->score = round((1.0 - keep) * 100.0) / 100.0;
    ac->because = because_done(&b);
  }
  /* Rank: strong before not, then score, then table order (insertion sort
   * is stable and n is tiny). */
  for (size_t i = 1; i < as->ncauses; i++) {
    as_cause tmp = as->causes[i];
    size_t j = i;
    while (j > 0 &&
           (tmp.strong > as->causes[j - 1].strong ||
            (tmp.strong == as->causes[j - 1].strong && tmp.score > as->causes[j - 1].score))) {
      as->causes[j] = as->causes[j - 1];
      j--;
    }
    as->causes[j] = tmp;
  }
  drop_opposite_mattress(as);
  for (size_t i = 0; i < kb->ncauses; i++)
    rank[i] = -1;
  for (size_t i = 0; i < as->ncauses; i++) {
    size_t ci = (size_t)(as->causes[i].cause - kb->causes);
    listed[ci] = 1;
    rank[ci] = (int)i;
  }

  /* Recommendations, in category order then file order. */
  env.flag_fired = fired;
  env.cause_listed = listed;
  env.cause_rank = rank;
  env.level = (int)as->level;
  env.flag_count = (int)as->nflags;
  const kb_question *posq =
      kb->idx_sleep_position >= 0 ? &kb->questions[kb->idx_sleep_position].q : NULL;
  const bb_value *pos = posq ? &as->findings[kb->idx_sleep_position] : NULL;
  for (int cat = 0; cat < CAT_COUNT; cat++) {
    for (size_t i = 0; i < kb->nrecs; i++) {
      const kb_rec *r = &kb->recs[i];
      if ((int)r->category != cat || expr_eval(r->when, &env) != T_TRUE)
        continue;
      if (as->level == BB_EMERGENCY && strcmp(r->id, "seek_emergency_care") != 0)
        continue;
      if (as->level >= BB_URGENT && r->activity)
        continue;
      if (r->npositions && pos && pos->kind == V_CHOICE &&
          !has_str(r->positions, r->npositions, posq->choices[pos->choice]))
        continue;
      as_rec *ar = &as->recs[as->nrecs++];
      ar->rec = r;
      ar->text = opts & BBA_NO_TEXT ? r->text : fill_text(as, &env, r->text);
      ar->for_causes.items = ARENA_ARRAY(as, const char *, r->nfor);
      if (!ar->for_causes.items)
        goto oom;
      for (size_t k = 0; k < r->nfor; k++) {
        int ci = kb_find_cause(kb, r->for_causes[k], strlen(r->for_causes[k]));
        if (ci >= 0 && listed[ci])
          ar->for_causes.items[ar->for_causes.n++] = r->for_causes[k];
      }
    }
  }

  /* Texts that may hold placeholders and guards, read with everything
   * known: the causes' and the closing notes. */
  for (size_t i = 0; i < as->ncauses; i++)
    as->causes[i].text = opts & BBA_NO_TEXT ? as->causes[i].cause->text
                                            : fill_text(as, &env, as->causes[i].cause->text);
  as->notes = ARENA_ARRAY(as, const char *, kb->nnotes);
  if (!as->notes)
    goto oom;
  for (size_t i = 0; i < kb->nnotes; i++) {
    const char *t = fill_text(as, &env, kb->notes[i]);
    if (*t)
      as->notes[as->nnotes++] = t;
  }

  /* Routine: the exercises of the advice given, in routine order. */
  for (size_t x = 0; x < kb->nexercises; x++)
    for (size_t i = 0; i < as->nrecs; i++)
      if (as->recs[i].rec->exercise == (int)x) {
        as->routine[as->nroutine++] = &kb->exercises[x];
        break;
      }
  return as;

oom:
  bb_fit_free(as->fit);
  bbu_arena_free(arena);
  bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory while assessing");
  return NULL;
}

void bb_assessment_free(bb_assessment *as) {
  if (as) {
    bb_fit_free(as->fit);
    bbu_arena_free(as->arena);
  }
}

const char *bb_level_name(bb_level level) {
  static const char *const names[] = {"self_care", "consult", "urgent", "emergency"};
  return (unsigned)level < 4 ? names[level] : "unknown";
}

bb_level bb_assessment_level(const bb_assessment *as) {
  return as->level;
}
const char *bb_assessment_headline(const bb_assessment *as) {
  return as->kb->headline[as->level];
}
size_t bb_assessment_flag_count(const bb_assessment *as) {
  return as->nflags;
}
const char *bb_assessment_flag_id(const bb_assessment *as, size_t i) {
  return i < as->nflags ? as->flags[i].flag->id : NULL;
}
size_t bb_assessment_unasked_count(const bb_assessment *as) {
  return as->nunasked;
}
const char *bb_assessment_unasked_id(const bb_assessment *as, size_t i) {
  return i < as->nunasked ? as->unasked[i]->id : NULL;
}
size_t bb_assessment_cause_count(const bb_assessment *as) {
  return as->ncauses;
}
const char *bb_assessment_cause_id(const bb_assessment *as, size_t i) {
  return i < as->ncauses ? as->causes[i].cause->id : NULL;
}
double bb_assessment_cause_score(const bb_assessment *as, size_t i) {
  return i < as->ncauses ? as->causes[i].score : 0.0;
}
size_t bb_assessment_recommendation_count(const bb_assessment *as) {
  return as->nrecs;
}
const char *bb_assessment_recommendation_id(const bb_assessment *as, size_t i) {
  return i < as->nrecs ? as->recs[i].rec->id : NULL;
}
size_t bb_assessment_routine_count(const bb_assessment *as) {
  return as->nroutine;
}
const char *bb_assessment_routine_id(const bb_assessment *as, size_t i) {
  return i < as->nroutine ? as->routine[i]->id : NULL;
}
