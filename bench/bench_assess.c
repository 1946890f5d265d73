/* bench_assess.c -- where the time of one assessment goes, in process:
 * loading the built-in knowledge base (done at every start), parsing the
 * answers, evaluating them (bb_assess, which also runs the sleep-support
 * fit when the body is given) and rendering the JSON contract.
 *
 * usage: bench_assess ANSWERS.json...
 * Every figure is a mean over many iterations (CLOCK_MONOTONIC around a
 * batch, divided by its size), after a warm-up. */
#include "bedback.h"
#include "expr_nodes.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void die(const char *what, const bb_error *err) {
  fprintf(stderr, "bench_assess: %s: %s\n", what, err ? err->message : "failed");
  exit(1);
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(66);
  }
  size_t cap = 4096, n = 0, got;
  char *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *p = realloc(buf, cap *= 2);
      if (!p)
        free(buf);
      buf = p;
    }
  }
  fclose(f);
  if (!buf) {
    fprintf(stderr, "bench_assess: out of memory\n");
    exit(1);
  }
  *len = n;
  return buf;
}

/* What one timed operation works on. */
typedef struct {
  const bb_kb *kb;
  const char *text;
  size_t len;
  const char *name;
  const bb_answers *answers;
  const bb_assessment *as;
} ctx;

typedef void (*op_fn)(const ctx *c);

static void op_load(const ctx *c) {
  (void)c;
  bb_error err;
  bb_kb *kb = bb_kb_load_builtin(&err);
  if (!kb)
    die("loading the knowledge base", &err);
  bb_kb_free(kb);
}

/* The knowledge base as it was loaded before issue 13, and as `--kb DIR`
 * still is: the embedded JSON text parsed, validated and compiled. */
static void op_load_json(const ctx *c) {
  (void)c;
  bb_error err;
  bb_kb *kb = bb_kb_load_files(bb_builtin_kb_files, bb_builtin_kb_nfiles, &err, NULL, NULL);
  if (!kb)
    die("loading the knowledge base from its JSON", &err);
  bb_kb_free(kb);
}

/* Reads a byte of every string and condition of the knowledge base, as an
 * assessment's first use does: in a fresh process, what makes the compiled
 * knowledge base's pages resident. */
static size_t byte(const char *s) {
  return s ? (size_t)(unsigned char)s[0] : 0;
}

static size_t touch_kb(const bb_kb *kb) {
  size_t sum = 0;
  for (size_t i = 0; i < kb->nfindings; i++) {
    const kb_question *q = &kb->questions[i].q;
    sum += byte(q->id) + byte(q->text) + (q->ask_when ? q->ask_when->nodes[0].op : 0u);
    for (size_t k = 0; k < q->nchoices; k++)
      sum += byte(q->choices[k]);
  }
  for (size_t i = 0; i < kb->nflags; i++)
    sum += byte(kb->flags[i].id) + byte(kb->flags[i].text) +
           (kb->flags[i].when ? kb->flags[i].when->nodes[0].op : 0u);
  for (size_t i = 0; i < kb->ncauses; i++)
    sum += byte(kb->causes[i].id) + kb->causes[i].nind;
  for (size_t i = 0; i < kb->nrecs; i++)
    sum += byte(kb->recs[i].id) + byte(kb->recs[i].text);
  return sum;
}

static void op_parse(const ctx *c) {
  bb_error err;
  bb_answers *a = bb_answers_parse(c->kb, c->text, c->len, c->name, &err, NULL, NULL);
  if (!a)
    die(c->name, &err);
  bb_answers_free(a);
}

static void op_assess(const ctx *c) {
  bb_error err;
  bb_assessment *as = bb_assess(c->kb, c->answers, &err);
  if (!as)
    die("bb_assess", &err);
  bb_assessment_free(as);
}

static void op_fit(const ctx *c) {
  bb_fit_input in;
  bb_fit_input_init(&in);
  if (!bb_fit_input_from_answers(c->answers, &in))
    return;
  in.optimize_zones = true; /* as bb_assess runs it */
  bb_error err;
  bb_fit *f = bb_fit_run(&in, &err);
  bb_fit_free(f);
}

static void op_render(const ctx *c) {
  char *s = bb_render(c->as, BB_FORMAT_JSON, 0);
  if (!s)
    die("bb_render", NULL);
  free(s);
}

/* Mean seconds per call of `op`: batches of doubling size until one takes
 * `min_seconds`; that batch's mean is the figure. */
static double mean_time(op_fn op, const ctx *c, double min_seconds, long *iters) {
  for (int i = 0; i < 3; i++) /* warm-up */
    op(c);
  for (long n = 1;; n *= 2) {
    double t0 = now();
    for (long i = 0; i < n; i++)
      op(c);
    double t = now() - t0;
    if (t >= min_seconds || n >= (1L << 24)) {
      *iters = n;
      return t / (double)n;
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_assess ANSWERS.json...\n");
    return 64;
  }
  double budget = 0.25;
  const char *env = getenv("BENCH_SECONDS");
  if (env && atof(env) > 0)
    budget = atof(env);
  /* first, while this process has touched nothing of it: the built-in
   * knowledge base made ready and every part of it read once */
  bb_error err;
  double t0 = now();
  bb_kb *kb = bb_kb_load_builtin(&err);
  if (!kb)
    die("loading the knowledge base", &err);
  size_t touched = touch_kb(kb);
  double cold = now() - t0;
  ctx c;
  memset(&c, 0, sizeof c);
  long n;
  double load = mean_time(op_load, &c, budget, &n);
  long nj;
  double json = mean_time(op_load_json, &c, budget, &nj);
  printf("bench_assess: bedback %s, knowledge base %s\n", bb_version(), bb_kb_version(kb));
  printf("knowledge-base load (bb_kb_load_builtin, compiled at build time): %9.3f us  (mean of "
         "%ld)\n",
         load * 1e6, n);
  printf("  ready in a fresh process, every part read once (cold pages): %9.1f us  (%s the 50 us "
         "goal; %zu)\n",
         cold * 1e6, cold < 50e-6 ? "within" : "NOT within", touched % 10);
  printf(
      "  the same knowledge base parsed from its JSON (as --kb DIR): %9.1f us  (mean of %ld)\n\n",
      json * 1e6, nj);
  printf("%-34s %10s %10s %10s %10s %10s  %s\n", "answers", "parse us", "eval us", "(fit us)",
         "(rules us)", "json us", "eval < parse?");
  int all_met = 1;
  for (int i = 1; i < argc; i++) {
    c.kb = kb;
    c.name = argv[i];
    char *text = read_all(argv[i], &c.len);
    c.text = text;
    bb_answers *a = bb_answers_parse(kb, c.text, c.len, argv[i], &err, NULL, NULL);
    if (!a)
      die(argv[i], &err);
    c.answers = a;
    bb_assessment *as = bb_assess(kb, a, &err);
    if (!as)
      die("bb_assess", &err);
    c.as = as;
    long np, ne, nf, nr;
    double parse = mean_time(op_parse, &c, budget, &np);
    double eval = mean_time(op_assess, &c, budget, &ne);
    double fit = mean_time(op_fit, &c, budget, &nf);
    double render = mean_time(op_render, &c, budget, &nr);
    double rules = eval - fit > 0.0 ? eval - fit : 0.0;
    const char *base = strrchr(argv[i], '/');
    int met = eval < parse;
    all_met &= met;
    printf("%-34s %10.2f %10.2f %10.2f %10.2f %10.2f  %s\n", base ? base + 1 : argv[i], parse * 1e6,
           eval * 1e6, fit * 1e6, rules * 1e6, render * 1e6,
           met ? "yes" : (rules < parse ? "no (rules alone: yes)" : "no"));
    bb_assessment_free(as);
    bb_answers_free(a);
    free(text);
  }
  printf("\ntarget: evaluation faster than parsing the answers: %s\n"
         "(eval = bb_assess, including the sleep-support fit when the body is given;\n"
         " fit = bb_fit_run alone; rules = eval - fit)\n",
         all_met ? "met" : "not met for every file");
  bb_kb_free(kb);
  return 0;
}
