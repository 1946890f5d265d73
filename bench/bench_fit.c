/* bench_fit.c -- the cost of the sleep-support model: one solve, the
 * whole fit (ten firmness values, pillow, zone search), growth with the
 * number of nodes, and (given a bedback binary and an answers file without
 * body size) the fit as a fraction of one `bedback assess` process. */
#include "fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Seconds per solve (cold start, body profile built once) of the average
 * man lying on his side on firmness 6: the fastest of many batches, so
 * that other load on the machine does not count. */
static double time_solve(size_t nodes, double min_seconds) {
  fit_body b;
  fit_profile p;
  fit_body_make(&b, 1, 175.6, 85.5, (double)NAN, (double)NAN, (double)NAN);
  if (fit_profile_make(&p, &b, FIT_SIDE, nodes) != 0)
    exit(1);
  fit_mattress m = {FIT_DEFAULT_THICKNESS, 0.0, {6, 6, 6}};
  double *u = malloc(2 * nodes * sizeof *u), best = 1e9, t0 = now();
  bb_error err;
  do {
    double b0 = now();
    for (int r = 0; r < 10; r++) {
      fit_case c;
      if (fit_case_solve_p(&p, &m, 12.0, 1, false, &c, u, false, &err) != 0) {
        fprintf(stderr, "bench_fit: %s\n", err.message);
        exit(1);
      }
    }
    best = fmin(best, (now() - b0) / 10.0);
  } while (now() - t0 < min_seconds);
  free(u);
  fit_profile_free(&p);
  return best;
}

static double time_fit(double min_seconds) {
  bb_fit_input in;
  bb_fit_input_init(&in);
  in.sex = BB_SEX_MALE;
  in.height_cm = 175.6;
  in.weight_kg = 85.5;
  in.position = BB_POS_SIDE;
  in.firmness = 6;
  in.pillow_height_cm = 10;
  in.optimize_zones = true;
  double best = 1e9, t0 = now();
  do {
    bb_error err;
    double b0 = now();
    bb_fit *f = bb_fit_run(&in, &err);
    if (!f) {
      fprintf(stderr, "bench_fit: %s\n", err.message);
      exit(1);
    }
    bb_fit_free(f);
    best = fmin(best, now() - b0);
  } while (now() - t0 < min_seconds);
  return best;
}

int main(int argc, char **argv) {
  double one = time_solve(FIT_NODES, 0.5);
  double whole = time_fit(1.0);
  printf("fit: one solve (%d nodes, fastest batch) %.1f us; whole fit, one position (10 firmness values, "
         "pillow, zone search) %.2f ms\n",
         FIT_NODES, one * 1e6, whole * 1e3);
  static const size_t ns[] = {100, 200, 400, 800};
  double t100 = 0.0;
  for (size_t k = 0; k < 4; k++) {
    double t = time_solve(ns[k], 0.5);
    if (k == 0)
      t100 = t;
    printf("fit: solve at %4zu nodes %8.1f us  (x%.2f of 100 nodes)\n", ns[k], t * 1e6,
           t / t100);
  }
  if (argc >= 3) { /* bedback binary, answers file without body size */
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s assess --answers %s >/dev/null 2>&1", argv[1], argv[2]);
    double proc = 1e9;
    for (int i = 0; i < 40; i++) {
      double t0 = now();
      if (system(cmd) == -1)
        return 1;
      proc = fmin(proc, now() - t0);
    }
    printf("fit: one `bedback assess` process (fastest of 40, via sh) %.2f ms; the whole fit is %.0f %% of it\n",
           proc * 1e3, 100.0 * whole / proc);
  }
  return 0;
}
