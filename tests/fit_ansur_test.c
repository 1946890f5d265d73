/* fit_ansur_test.c -- the model across real bodies (ANSUR II, read from the
 * shared data folder given as argv[1]): every sampled body on every
 * firmness, side and back, converges, balances and stays plausible; and
 * the estimated breadths are compared with the measured ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dir;

enum { C_STATURE, C_WEIGHT, C_BIAC, C_BIDEL, C_HIP, C_HEAD, C_WAIST, C_CHEST, NCOL };
static const char *const colnames[NCOL] = {"stature",          "weightkg",    "biacromialbreadth",
                                           "bideltoidbreadth", "hipbreadth",  "headbreadth",
                                           "waistbreadth",     "chestbreadth"};
typedef struct {
  int sex;
  double v[NCOL]; /* cm, kg */
} person;

static person *people;
static size_t npeople;

static int load(const char *file, int sex) {
  char path[1024], line[8192];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  int idx[NCOL];
  for (int k = 0; k < NCOL; k++)
    idx[k] = -1;
  if (!fgets(line, sizeof line, f)) {
    fclose(f);
    return -1;
  }
  int col = 0;
  for (char *save = NULL, *t = strtok_r(line, ",\r\n", &save); t;
       t = strtok_r(NULL, ",\r\n", &save), col++)
    for (int k = 0; k < NCOL; k++)
      if (strcmp(t, colnames[k]) == 0)
        idx[k] = col;
  for (int k = 0; k < NCOL; k++)
    if (idx[k] < 0) {
      fclose(f);
      return -1;
    }
  while (fgets(line, sizeof line, f)) {
    person p = {sex, {0}};
    int c = 0;
    /* fields may be empty: walk commas by hand */
    char *s = line;
    while (s) {
      char *comma = strchr(s, ',');
      for (int k = 0; k < NCOL; k++)
        if (idx[k] == c)
          p.v[k] = strtod(s, NULL);
      c++;
      s = comma ? comma + 1 : NULL;
    }
    for (int k = 0; k < NCOL; k++)
      p.v[k] /= 10.0; /* mm -> cm, tenths of kg -> kg */
    people = realloc(people, (npeople + 1) * sizeof *people);
    people[npeople++] = p;
  }
  fclose(f);
  return 0;
}

static int setup(void **state) {
  (void)state;
  if (load("ANSUR_II_MALE_Public.csv", 1) || load("ANSUR_II_FEMALE_Public.csv", 0))
    return -1;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  free(people);
  return 0;
}

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Estimated minus measured, per sex and measure: the distribution. */
static void test_breadth_estimates(void **state) {
  (void)state;
  static const struct {
    const char *name;
    int col;
  } m[] = {{"biacromial", C_BIAC}, {"bideltoid", C_BIDEL}, {"hip", C_HIP},
           {"head", C_HEAD},       {"waist", C_WAIST},     {"chest", C_CHEST}};
  double *e = malloc(npeople * sizeof *e);
  assert_true(npeople > 6000);
  printf("estimated - measured breadth (cm), ANSUR II, all %zu bodies:\n", npeople);
  printf("  %-6s %-10s %6s %6s %6s %6s %6s %6s\n", "sex", "measure", "mean", "sd", "mae", "p5",
         "p50", "p95");
  for (int sex = 1; sex >= 0; sex--)
    for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
      size_t n = 0;
      double sum = 0, sq = 0, ab = 0;
      for (size_t i = 0; i < npeople; i++) {
        const person *p = &people[i];
        if (p->sex != sex)
          continue;
        double est = fit_body_estimate(sex, p->v[C_STATURE], p->v[C_WEIGHT], m[k].name);
        e[n] = est - p->v[m[k].col];
        sum += e[n];
        sq += e[n] * e[n];
        ab += fabs(e[n]);
        n++;
      }
      qsort(e, n, sizeof *e, cmpd);
      double mean = sum / (double)n, sd = sqrt(sq / (double)n - mean * mean);
      printf("  %-6s %-10s %6.2f %6.2f %6.2f %6.2f %6.2f %6.2f\n", sex ? "men" : "women", m[k].name,
             mean, sd, ab / (double)n, e[n / 20], e[n / 2], e[n - 1 - n / 20]);
      /* unbiased (least squares) and no worse than the spread of ANSUR II */
      assert_true(fabs(mean) < 0.3);
      assert_true(sd < 3.6);
    }
  free(e);
}

/* >= 500 bodies x firmness 1-10 x side and back. */
static void test_bodies(void **state) {
  (void)state;
  size_t step = 10, bodies = 0, cases = 0;
  double worst = 0.0, pil[2][2] = {{1e9, -1e9}, {1e9, -1e9}}, sink_max = 0.0;
  int maxit = 0;
  for (size_t i = 0; i < npeople; i += step) {
    const person *p = &people[i];
    fit_body b;
    fit_body_make(&b, p->sex, p->v[C_STATURE], p->v[C_WEIGHT], p->v[C_BIAC], p->v[C_HIP],
                  p->v[C_HEAD]);
    bodies++;
    for (int pos = 0; pos < 2; pos++) {
      double u[2 * FIT_NODES];
      for (int f = 1; f <= 10; f++) {
        fit_mattress m = {FIT_DEFAULT_THICKNESS, 0.0, {f, f, f}};
        fit_case c;
        bb_error err;
        if (fit_case_solve(&b, pos, &m, pos == FIT_SIDE ? 12.0 : 8.0, 1, FIT_NODES, false, &c, u,
                           f > 1, &err) != 0)
          fail_msg("body %zu firmness %d pos %d: %s", i, f, pos, err.message);
        cases++;
        double r = fabs(c.force_ratio - 1.0);
        worst = fmax(worst, r);
        maxit = c.iterations > maxit ? c.iterations : maxit;
        assert_true(r <= 0.005);
        const double v[] = {c.tilt_deg, c.sag_mm, c.sink_shoulder,
                            c.sink_hip, c.p_mean, c.pillow_needed_cm};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
          assert_true(isfinite(v[k]));
        /* plausible: sinks inside the mattress, pressures of a few kPa,
         * pillows of a few cm, tilts of a few degrees */
        assert_true(c.sink_shoulder >= 0 && c.sink_shoulder <= 200.0);
        assert_true(c.sink_hip >= 0 && c.sink_hip <= 200.0);
        sink_max = fmax(sink_max, fmax(c.sink_shoulder, c.sink_hip));
        assert_true(c.p_mean > 1.0 && c.p_mean < 10.0);
        assert_true(c.pillow_needed_cm >= 0.0 && c.pillow_needed_cm <= 25.0);
        assert_true(fabs(c.tilt_deg) < 15.0);
        pil[pos][0] = fmin(pil[pos][0], c.pillow_needed_cm);
        pil[pos][1] = fmax(pil[pos][1], c.pillow_needed_cm);
      }
    }
  }
  printf("ANSUR II: %zu bodies x 10 firmness x side/back = %zu cases solved; worst |force "
         "ratio - 1| %.1e; most Newton steps %d; deepest sink %.0f mm; pillow needed side "
         "%.1f-%.1f cm, back %.1f-%.1f cm\n",
         bodies, cases, worst, maxit, sink_max, pil[0][0], pil[0][1], pil[1][0], pil[1][1]);
  assert_true(bodies >= 500);
}

/* Spearman rank correlation of x and y (n values; ties get their mean
 * rank). */
static void ranks(const double *v, size_t n, double *r) {
  size_t *ix = malloc(n * sizeof *ix);
  assert_non_null(ix);
  for (size_t i = 0; i < n; i++)
    ix[i] = i;
  for (size_t i = 1; i < n; i++) /* insertion sort by value: n is ~600 */
    for (size_t j = i; j > 0 && v[ix[j - 1]] > v[ix[j]]; j--) {
      size_t t = ix[j];
      ix[j] = ix[j - 1];
      ix[j - 1] = t;
    }
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j + 1 < n && v[ix[j + 1]] == v[ix[i]])
      j++;
    for (size_t k = i; k <= j; k++)
      r[ix[k]] = 0.5 * (double)(i + j);
    i = j + 1;
  }
  free(ix);
}

static double spearman(const double *x, const double *y, size_t n) {
  double *rx = malloc(2 * n * sizeof *rx), *ry = rx + n;
  assert_non_null(rx);
  ranks(x, n, rx);
  ranks(y, n, ry);
  double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; i++) {
    mx += rx[i] / (double)n;
    my += ry[i] / (double)n;
  }
  for (size_t i = 0; i < n; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) * (rx[i] - mx);
    syy += (ry[i] - my) * (ry[i] - my);
  }
  free(rx);
  return sxy / sqrt(sxx * syy);
}

/* Issue 9 (Shore et al. 2019, conference abstract; Verhaert et al. 2011):
 * heavier people are most neutral on firmer mattresses. Over every 10th
 * ANSUR II body of each sex (a deterministic sample; sex, height and weight
 * given, the breadths estimated as for a user who gives no widths), the
 * rank correlation of BMI and the best side firmness is positive. (Before
 * issue 9: about -0.6 for men and -0.8 for women.) */
static void test_bmi_firmness_rank(void **state) {
  (void)state;
  for (int sex = 1; sex >= 0; sex--) {
    double *bmi = malloc(npeople * sizeof *bmi), *best = malloc(npeople * sizeof *best);
    assert_non_null(bmi);
    assert_non_null(best);
    size_t n = 0, seen = 0;
    for (size_t i = 0; i < npeople; i++) {
      const person *p = &people[i];
      if (p->sex != sex || seen++ % 10 != 0)
        continue;
      bb_fit_input in;
      bb_error err;
      bb_fit_input_init(&in);
      in.sex = sex ? BB_SEX_MALE : BB_SEX_FEMALE;
      in.height_cm = p->v[C_STATURE];
      in.weight_kg = p->v[C_WEIGHT];
      bb_fit *f = bb_fit_run(&in, &err);
      if (!f)
        fail_msg("body %zu: %s", i, err.message);
      double h = p->v[C_STATURE] / 100.0;
      bmi[n] = p->v[C_WEIGHT] / (h * h);
      best[n] = bb_fit_best_firmness(f, 0, NULL, NULL);
      n++;
      bb_fit_free(f);
    }
    double r = spearman(bmi, best, n);
    printf("ANSUR II %s: %zu bodies, rank correlation of BMI and best side firmness %.3f\n",
           sex ? "men" : "women", n, r);
    assert_true(n >= 190);
    assert_true(r > 0.0);
    free(bmi);
    free(best);
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: fit_ansur_test ANSUR_DIR\n");
    return 2;
  }
  dir = argv[1];
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_breadth_estimates),
      cmocka_unit_test(test_bodies),
      cmocka_unit_test(test_bmi_firmness_rank),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
