/* fuzz_expr.c -- the condition compiler on arbitrary text, with both allow
 * masks, against the built-in knowledge base (loaded once). A condition
 * that compiles is evaluated with everything unknown and with values
 * derived from the input, explained, and its findings listed. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bb_kb *kb;

typedef struct {
  size_t n, nfindings;
} visit;

static void seen(void *ud, int finding) {
  visit *v = ud;
  if (finding < 0 || (size_t)finding >= v->nfindings) {
    fprintf(stderr, "fuzz_expr: finding %d out of range\n", finding);
    abort();
  }
  v->n++;
}

/* A small deterministic generator seeded from the input. */
static uint64_t next(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static void fill(bb_value *v, uint8_t *fired, uint8_t *listed, int *rank, expr_env *env,
                 uint64_t *s) {
  for (size_t i = 0; i < kb->nfindings; i++) {
    const kb_question *q = &kb->questions[i].q;
    uint64_t r = next(s);
    memset(&v[i], 0, sizeof v[i]);
    if (r % 4 == 0)
      continue; /* unknown */
    switch (q->type) {
    case BB_BOOLEAN:
      v[i].kind = V_BOOL;
      v[i].b = (uint8_t)((r >> 8) & 1u);
      break;
    case BB_CHOICE:
      if (q->nchoices == 0)
        break;
      v[i].kind = V_CHOICE;
      v[i].choice = (int16_t)((r >> 8) % q->nchoices);
      break;
    default: {
      v[i].kind = V_NUM;
      double span = q->max - q->min;
      double f = (double)((r >> 11) % 1001u) / 1000.0;
      v[i].num = (r >> 40) % 8u == 0 ? 0.0 : q->min + f * span;
      if (q->type == BB_INTEGER)
        v[i].num = (double)(long long)v[i].num;
    }
    }
  }
  int nfired = 0;
  for (size_t i = 0; i < kb->nflags; i++) {
    fired[i] = (uint8_t)(next(s) % 5u == 0);
    nfired += fired[i];
  }
  int r = 0;
  for (size_t i = 0; i < kb->ncauses; i++) {
    listed[i] = (uint8_t)(next(s) % 2u);
    rank[i] = listed[i] ? r++ : -1;
  }
  env->findings = v;
  env->flag_fired = fired;
  env->cause_listed = listed;
  env->cause_rank = rank;
  env->level = (int)(next(s) % 5u) - 1;
  env->flag_count = nfired;
}

static void run(const expr *e, const expr_env *env) {
  bb_tri t = expr_eval(e, env);
  if (t != T_TRUE && t != T_FALSE && t != T_UNKNOWN)
    abort();
  visit v = {0, kb->nfindings};
  if (t == T_TRUE)
    expr_explain(e, env, seen, &v);
  expr_findings(e, seen, &v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!kb) {
    bb_error err;
    kb = bb_kb_load_builtin(&err);
    if (!kb) {
      fprintf(stderr, "fuzz_expr: %s\n", err.message);
      abort();
    }
  }
  if (size > 4096)
    return 0;
  char *src = malloc(size + 1);
  if (!src)
    return 0;
  memcpy(src, data, size);
  src[size] = '\0';
  uint64_t seed = 0x9e3779b97f4a7c15u;
  for (size_t i = 0; i < size; i++)
    seed = (seed ^ data[i]) * 0x100000001b3u;
  if (!seed)
    seed = 1;

  bb_value *vals = calloc(kb->nfindings + 1, sizeof *vals);
  uint8_t *fired = calloc(kb->nflags + 1, 1);
  uint8_t *listed = calloc(kb->ncauses + 1, 1);
  int *rank = calloc(kb->ncauses + 1, sizeof *rank);
  static const unsigned masks[] = {EXPR_ALLOW_FINDINGS, EXPR_ALLOW_FINDINGS | EXPR_ALLOW_RESULTS};
  for (size_t m = 0; vals && fired && listed && rank && m < 2; m++) {
    bb_error err;
    bb_error_clear(&err);
    expr *e = expr_compile(kb, src, masks[m], &err);
    if (!e) {
      if (err.status != BB_EX_CONFIG || err.column < 1 || (size_t)err.column > size + 1) {
        fprintf(stderr, "fuzz_expr: bad error (status %d, column %d): %s\n", err.status, err.column,
                err.message);
        abort();
      }
      continue;
    }
    /* everything unknown, results not known yet */
    for (size_t i = 0; i < kb->nfindings; i++)
      memset(&vals[i], 0, sizeof vals[i]);
    expr_env env = {vals, NULL, NULL, NULL, -1, 0};
    run(e, &env);
    /* values derived from the input */
    uint64_t s = seed;
    for (int k = 0; k < 4; k++) {
      fill(vals, fired, listed, rank, &env, &s);
      run(e, &env);
    }
    expr_free(e);
  }
  free(vals);
  free(fired);
  free(listed);
  free(rank);
  free(src);
  return 0;
}
