/* askwhen_dump.c -- what the library decides about every question's
 * ask_when, for tests/web/askwhen.js to compare with the browser's
 * evaluator (web/app.js). Prints one JSON document: the
 * questions (id, type, unknown choice, the condition tree of
 * bb_question_condition_json) and answer sets with the questions that
 * apply to each (bb_question_applies). The answer sets are every
 * combination of the answers the conditions read (unknown, the unknown
 * choice, each choice, yes/no, a number's ends and middle), or, where
 * that would be too many, a seeded random sample. */
#include "bedback.h"
#include "expr_nodes.h"
#include "internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int *used;
  size_t n;
} refs;

static void note_ref(void *ud, int f) {
  refs *r = ud;
  for (size_t i = 0; i < r->n; i++)
    if (r->used[i] == f)
      return;
  r->used[r->n++] = f;
}

/* The values tried for question q, as typed text; "" is "not answered". */
static size_t domain(const bb_question *q, char vals[][32], size_t max) {
  size_t n = 0;
  snprintf(vals[n++], 32, "%s", "");
  switch (bb_question_type(q)) {
  case BB_BOOLEAN:
    snprintf(vals[n++], 32, "yes");
    snprintf(vals[n++], 32, "no");
    break;
  case BB_CHOICE:
    for (size_t k = 0; k < bb_question_choice_count(q) && n < max; k++)
      snprintf(vals[n++], 32, "%s", bb_question_choice(q, k));
    break;
  default: {
    double lo = bb_question_min(q), hi = bb_question_max(q);
    double mid = bb_question_type(q) == BB_INTEGER ? (double)(long)((lo + hi) / 2) : (lo + hi) / 2;
    snprintf(vals[n++], 32, "%g", lo);
    snprintf(vals[n++], 32, "%g", mid);
    snprintf(vals[n++], 32, "%g", hi);
  }
  }
  return n;
}

static unsigned long long rng = 0x9e3779b97f4a7c15ull;
static unsigned next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng >> 32);
}

/* Conditions the knowledge base does not use yet, in the same language,
 * so that every operator of the browser's evaluator is compared too. */
static const char *const EXTRA[] = {
    "age >= 40 and not (tightness < 3)",
    "count(fever, rest_pain, weight_loss) >= 2",
    "-age + height_cm / 2 > 20 or weight_kg * 2 - 100 = 0",
    "stress != 5 and known(stress) or unknown(trend)",
    "trend = 'worse' or hip_flexor_test in ['tight']",
    "sitting_hours / (exercise_days - exercise_days) > 1 or not fever",
    "(age <= 60 or fever) and (tightness > 5 or not rest_pain) and true",
    "hip_flexor_test != 'normal' and false or count(fever) = 1",
    "not (fever or rest_pain) or not (weight_loss and trend in ['better', 'same'])",
};
#define NEXTRA (sizeof EXTRA / sizeof *EXTRA)

typedef struct {
  const bb_kb *kb;
  refs r;
  char (*vals)[8][32];
  size_t *nv;
} space;

static void space_init(space *sp, const bb_kb *kb, expr *const *ex, size_t nex, size_t cap) {
  sp->kb = kb;
  sp->r.used = calloc(cap, sizeof(int));
  sp->r.n = 0;
  for (size_t i = 0; i < nex; i++)
    expr_findings(ex[i], note_ref, &sp->r);
  sp->vals = calloc(sp->r.n ? sp->r.n : 1, sizeof *sp->vals);
  sp->nv = calloc(sp->r.n ? sp->r.n : 1, sizeof *sp->nv);
  for (size_t k = 0; k < sp->r.n; k++)
    sp->nv[k] = domain(bb_kb_question(kb, (size_t)sp->r.used[k]), sp->vals[k], 8);
}

/* Answers number c: the c-th combination (exhaustive) or a random one. */
static bb_answers *answers_at(const space *sp, size_t c, int exhaustive) {
  bb_error err;
  bb_answers *a = bb_answers_new(sp->kb);
  size_t rest = c;
  for (size_t k = 0; k < sp->r.n; k++) {
    size_t pick = exhaustive ? rest % sp->nv[k] : next_rand() % sp->nv[k];
    rest /= sp->nv[k];
    if (!*sp->vals[k][pick])
      continue;
    if (bb_answers_set_text(a, bb_question_id(bb_kb_question(sp->kb, (size_t)sp->r.used[k])),
                            sp->vals[k][pick], &err)) {
      fprintf(stderr, "askwhen_dump: %s\n", err.message);
      exit(1);
    }
  }
  return a;
}

int main(void) {
  bb_error err;
  bb_kb *kb = bb_kb_load_builtin(&err);
  if (!kb) {
    fprintf(stderr, "askwhen_dump: %s\n", err.message);
    return 1;
  }
  size_t nq = bb_kb_question_count(kb);
  json_t *root = json_object(), *qs = json_array(), *cases = json_array();
  expr **kbx = calloc(nq, sizeof *kbx), *ex[NEXTRA];
  size_t nkbx = 0;
  for (size_t i = 0; i < nq; i++) {
    const bb_question *q = bb_kb_question(kb, i);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(bb_question_id(q)));
    char *c = bb_question_condition_json(kb, q);
    json_object_set_new(o, "cond", c ? json_loads(c, JSON_DECODE_ANY, NULL) : json_null());
    free(c);
    if (q->q.unknown_choice >= 0)
      json_object_set_new(o, "unknown_choice",
                          json_string(bb_question_choice(q, (size_t)q->q.unknown_choice)));
    json_array_append_new(qs, o);
    if (q->q.ask_when)
      kbx[nkbx++] = q->q.ask_when;
  }
  /* the extra conditions, as questions "extra:N" asked only then; their
   * trees come from the same writer as the knowledge base's */
  for (size_t i = 0; i < NEXTRA; i++) {
    ex[i] = expr_compile(kb, EXTRA[i], EXPR_ALLOW_FINDINGS, &err);
    if (!ex[i]) {
      fprintf(stderr, "askwhen_dump: %s: %s\n", EXTRA[i], err.message);
      return 1;
    }
    kb_question fake = {0};
    fake.id = (char *)(uintptr_t) "extra";
    fake.ask_when = ex[i];
    fake.ask_when_src = (char *)(uintptr_t)EXTRA[i];
    char *c = bb_question_condition_json(kb, (const bb_question *)&fake);
    char id[32];
    snprintf(id, sizeof id, "extra:%zu", i);
    json_array_append_new(
        qs, json_pack("{s:s, s:o}", "id", id, "cond", json_loads(c, JSON_DECODE_ANY, NULL)));
    free(c);
  }
  /* every combination of what the knowledge base's conditions read, then
   * a sample of what all of them read */
  space all, kbs;
  space_init(&kbs, kb, kbx, nkbx, nq);
  space_init(&all, kb, ex, NEXTRA, nq);
  for (size_t k = 0; k < kbs.r.n; k++)
    note_ref(&all.r, kbs.r.used[k]);
  free(all.vals);
  free(all.nv);
  all.vals = calloc(all.r.n, sizeof *all.vals);
  all.nv = calloc(all.r.n, sizeof *all.nv);
  for (size_t k = 0; k < all.r.n; k++)
    all.nv[k] = domain(bb_kb_question(kb, (size_t)all.r.used[k]), all.vals[k], 8);
  size_t combos = 1;
  for (size_t k = 0; k < kbs.r.n; k++)
    combos *= kbs.nv[k];
  for (size_t c = 0; c < combos + 20000; c++) {
    bb_answers *a = c < combos ? answers_at(&kbs, c, 1) : answers_at(&all, c, 0);
    char *aj = bb_answers_to_json(a);
    json_t *o = json_object(), *ap = json_array();
    json_object_set_new(o, "answers", json_loads(aj, 0, NULL));
    free(aj);
    for (size_t i = 0; i < nq; i++)
      if (bb_question_applies(a, bb_kb_question(kb, i)))
        json_array_append_new(ap, json_string(bb_question_id(bb_kb_question(kb, i))));
    expr_env env = {a->v, NULL, NULL, NULL, -1, 0};
    for (size_t i = 0; i < NEXTRA; i++)
      if (expr_eval(ex[i], &env) == T_TRUE) {
        char id[32];
        snprintf(id, sizeof id, "extra:%zu", i);
        json_array_append_new(ap, json_string(id));
      }
    json_object_set_new(o, "applies", ap);
    json_array_append_new(cases, o);
    bb_answers_free(a);
  }
  json_object_set_new(root, "questions", qs);
  json_object_set_new(root, "cases", cases);
  json_dumpf(root, stdout, JSON_COMPACT);
  putchar('\n');
  json_decref(root);
  for (size_t i = 0; i < NEXTRA; i++)
    expr_free(ex[i]);
  free(kbx);
  free(kbs.vals), free(kbs.nv), free(kbs.r.used);
  free(all.vals), free(all.nv), free(all.r.used);
  bb_kb_free(kb);
  return 0;
}
