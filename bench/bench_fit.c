/* bench_fit.c -- the cost of the sleep-support model: one solve, the
 * whole fit per position (ten firmness values, pillow, zone search),
 * growth with the number of nodes, and the whole fit as a fraction of one
 * `bedback assess` process on answers without body size (so without a
 * fit).
 *
 * usage: bench_fit [BEDBACK [ANSWERS]]
 *   BEDBACK  the bedback binary to spawn (no process figures without it)
 *   ANSWERS  answers without sex, height and weight; when absent a
 *            temporary file with such answers is written */
#define _POSIX_C_SOURCE 200809L
#include "fit.h"

#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Seconds per solve (cold start, body profile built once) of the average
 * man lying on his side on firmness 6: the fastest of many batches, so
 * that other load on the machine does not count. */
static double time_solve(size_t nodes, double min_seconds) {
  fit_body b;
  fit_profile p;
  fit_body_make(&b, 1, 175.6, 85.5, (double)NAN, (double)NAN, (double)NAN);
  if (fit_case_profile_make(&p, &b, FIT_SIDE, nodes) != 0)
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
  fit_case_profile_free(&p);
  return best;
}

/* Seconds of the whole fit (what `bedback assess` runs: zone search on),
 * fastest of repeated runs. */
static double time_fit(bb_sex sex, double h, double w, bb_position pos, double min_seconds) {
  bb_fit_input in;
  bb_fit_input_init(&in);
  in.sex = sex;
  in.height_cm = h;
  in.weight_kg = w;
  in.position = pos;
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

/* Answers without sex, height and weight (so `assess` runs no fit). */
static const char no_body[] =
    "{\"age\": 38, \"sleep_position\": \"side\", \"mattress_firmness\": 9,\n"
    " \"mattress_age_years\": 2, \"pillow_height_cm\": 7, \"pillow_firmness\": \"soft\",\n"
    " \"pillow_between_knees\": false, \"tightness\": 5, \"weeks_since_onset\": 3,\n"
    " \"pressure_points\": true, \"trend\": \"same\", \"bladder_change\": false,\n"
    " \"bowel_change\": false, \"saddle_numbness\": false, \"sexual_dysfunction\": false,\n"
    " \"leg_weakness\": \"none\", \"leg_numbness\": \"none\", \"weakness_worsening\": false,\n"
    " \"rest_pain\": false, \"major_trauma\": false, \"chest_pain\": false, \"fever\": false,\n"
    " \"cancer_history\": false, \"weight_loss\": false, \"steroid_use\": false,\n"
    " \"osteoporosis\": false, \"sitting_hours\": 8, \"stress\": 4, \"water_litres\": 2}\n";

/* Median seconds of `BEDBACK assess --answers FILE --json`, spawned
 * directly (no shell), output to /dev/null; -1 when it cannot run. */
static double time_process(const char *bin, const char *answers, int runs) {
  double *t = malloc((size_t)runs * sizeof *t);
  static char a_assess[] = "assess", a_answers[] = "--answers", a_json[] = "--json";
  char *a_bin = strdup(bin), *a_file = strdup(answers);
  char *argv[] = {a_bin, a_assess, a_answers, a_file, a_json, NULL};
  posix_spawn_file_actions_t fa;
  if (!t || !a_bin || !a_file || posix_spawn_file_actions_init(&fa) != 0) {
    free(t);
    free(a_bin);
    free(a_file);
    return -1.0;
  }
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  for (int i = 0; i < runs; i++) {
    pid_t pid;
    int st;
    double t0 = now();
    if (posix_spawn(&pid, bin, &fa, NULL, argv, environ) != 0 || waitpid(pid, &st, 0) < 0 ||
        !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
      posix_spawn_file_actions_destroy(&fa);
      free(t);
      free(a_bin);
      free(a_file);
      return -1.0;
    }
    t[i] = now() - t0;
  }
  posix_spawn_file_actions_destroy(&fa);
  free(a_bin);
  free(a_file);
  qsort(t, (size_t)runs, sizeof *t, cmpd);
  double med = t[runs / 2];
  free(t);
  return med;
}

int main(int argc, char **argv) {
  double one = time_solve(FIT_NODES, 0.5);
  printf("fit: one solve (%d nodes, cold start, fastest batch) %.1f us\n", FIT_NODES, one * 1e6);
  static const struct {
    const char *name;
    bb_sex sex;
    double h, w;
    bb_position pos;
  } fits[] = {
      {"average man, side ", BB_SEX_MALE, 175.6, 85.5, BB_POS_SIDE},
      {"average man, back ", BB_SEX_MALE, 175.6, 85.5, BB_POS_BACK},
      {"average man, mixed", BB_SEX_MALE, 175.6, 85.5, BB_POS_MIXED},
      {"average woman, side", BB_SEX_FEMALE, 162.8, 67.8, BB_POS_SIDE},
  };
  double whole[4];
  for (size_t k = 0; k < 4; k++) {
    whole[k] = time_fit(fits[k].sex, fits[k].h, fits[k].w, fits[k].pos, 1.0);
    printf("fit: whole fit (10 firmness values, pillow, zone search), %s: %.0f us\n", fits[k].name,
           whole[k] * 1e6);
  }
  static const size_t ns[] = {100, 200, 400, 800};
  double t100 = 0.0;
  for (size_t k = 0; k < 4; k++) {
    double t = time_solve(ns[k], 0.5);
    if (k == 0)
      t100 = t;
    printf("fit: solve at %4zu nodes %8.1f us  (x%.2f of 100 nodes)\n", ns[k], t * 1e6, t / t100);
  }
  if (argc >= 2) { /* bedback binary [answers file without body size] */
    char tmp[] = "/tmp/bench_fit_answers_XXXXXX";
    const char *answers = argc >= 3 ? argv[2] : NULL;
    if (!answers) {
      int fd = mkstemp(tmp);
      if (fd < 0 || write(fd, no_body, sizeof no_body - 1) != (ssize_t)(sizeof no_body - 1)) {
        perror("bench_fit: temporary answers");
        return 1;
      }
      close(fd);
      answers = tmp;
    }
    enum { RUNS = 41 };
    double proc = time_process(argv[1], answers, RUNS);
    if (answers == tmp)
      unlink(tmp);
    if (proc < 0.0) {
      fprintf(stderr, "bench_fit: could not run %s assess --answers %s --json\n", argv[1], answers);
      return 1;
    }
    printf("fit: one `bedback assess --json` process without body size (median of %d, "
           "spawned directly) %.2f ms\n",
           RUNS, proc * 1e3);
    for (size_t k = 0; k < 4; k++)
      printf("fit: whole fit, %s = %.1f %% of that process (target < 10 %%)\n", fits[k].name,
             100.0 * whole[k] / proc);
  }
  return 0;
}
