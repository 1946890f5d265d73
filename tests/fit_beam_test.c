/* fit_beam_test.c -- the solver against the closed forms of biomech.md §7:
 * Hetenyi's infinite beam, tension-free contact, lift-off of a free beam at
 * alpha L = pi, a rigid block, equilibrium; and the banded Cholesky. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  size_t n;
  double h;
  double *ei, *load, *gap, *u;
  fit_spring *sp;
  fit_beam b;
} rig;

/* A uniform beam of n nodes over length L on linear springs k (N/m per m). */
static rig *rig_new(size_t n, double L, double EI, double k) {
  rig *r = calloc(1, sizeof *r);
  r->n = n;
  r->h = L / (double)(n - 1);
  r->ei = calloc(n, sizeof *r->ei);
  r->load = calloc(n, sizeof *r->load);
  r->gap = calloc(n, sizeof *r->gap);
  r->u = calloc(2 * n, sizeof *r->u);
  r->sp = calloc(n, sizeof *r->sp);
  for (size_t i = 0; i < n; i++) {
    r->ei[i] = EI;
    r->sp[i].area = (i == 0 || i + 1 == n) ? 0.5 * r->h : r->h;
    r->sp[i].foam = fit_foam_linear(k);
  }
  fit_beam b = {n, r->h, r->ei, r->load, r->gap, r->sp, NULL, false, 0.0, false};
  r->b = b;
  return r;
}

static void rig_free(rig *r) {
  free(r->ei);
  free(r->load);
  free(r->gap);
  free(r->u);
  free(r->sp);
  free(r);
}

static void solve_ok(rig *r) {
  bb_error err;
  fit_solve_info info;
  int rc = fit_solve(&r->b, r->u, false, &info, &err);
  if (rc != 0)
    fail_msg("solver: %s", err.message);
  assert_true(info.iterations <= 60);
}

static double contact_force(const rig *r) {
  double f = 0.0;
  for (size_t i = 0; i < r->n; i++) {
    fit_state s;
    fit_spring_eval(&r->sp[i], r->u[2 * i] - r->gap[i], &s);
    f += r->sp[i].area * s.p;
  }
  return f;
}

/* 1. Infinite beam, point load, two-way springs: keep every spring in
 * contact with a uniform preload and subtract its uniform sink. */
static void test_hetenyi(void **state) {
  (void)state;
  double EI = 10.0, k = 1e4, P = 100.0;
  double alpha = pow(k / (4 * EI), 0.25), L = 16.0 / alpha;
  rig *r = rig_new(801, L, EI, k);
  double q0 = 0.2 * P * alpha; /* uniform sink q0/k = 0.4 w_max > the 4 % uplift */
  for (size_t i = 0; i < r->n; i++)
    r->load[i] = q0 * r->sp[i].area;
  r->load[r->n / 2] += P;
  solve_ok(r);
  double w0 = q0 / k, wmax = P * alpha / (2 * k);
  double w = r->u[2 * (r->n / 2)] - w0;
  printf("hetenyi: w_max %.6g exact %.6g ratio %.5f\n", w, wmax, w / wmax);
  assert_true(fabs(w / wmax - 1.0) < 0.01);
  /* the shape at alpha x = 1 */
  size_t i1 = r->n / 2 + (size_t)lround(1.0 / alpha / r->h);
  double x = (double)(i1 - r->n / 2) * r->h;
  double we = wmax * exp(-alpha * x) * (cos(alpha * x) + sin(alpha * x));
  assert_true(fabs((r->u[2 * i1] - w0) - we) < 0.01 * wmax);
  /* moment under the load: P / (4 alpha) */
  double M = fabs(fit_moment(&r->b, r->u, r->n / 2)), Me = P / (4 * alpha);
  printf("hetenyi: M_max %.6g exact %.6g ratio %.5f\n", M, Me, M / Me);
  assert_true(fabs(M / Me - 1.0) < 0.02);
  /* 5. equilibrium */
  double W = q0 * L + P;
  assert_true(fabs(contact_force(r) / W - 1.0) < 1e-8);
  rig_free(r);
}

/* 2. Tension-free springs: contact half-length about pi/(2 alpha), peak
 * sink about 9 % above the two-way value. */
static void test_tension_free(void **state) {
  (void)state;
  double EI = 10.0, k = 1e4, P = 100.0;
  double alpha = pow(k / (4 * EI), 0.25), L = 16.0 / alpha;
  rig *r = rig_new(1601, L, EI, k);
  size_t mid = r->n / 2;
  r->load[mid] = P;
  solve_ok(r);
  double wmax = P * alpha / (2 * k), ratio = r->u[2 * mid] / wmax;
  size_t j = mid;
  while (j + 1 < r->n && r->u[2 * (j + 1)] > 0.0)
    j++;
  /* interpolate the zero crossing between j and j+1 */
  double w0 = r->u[2 * j], w1 = r->u[2 * (j + 1)];
  double a = ((double)(j - mid) + w0 / (w0 - w1)) * r->h;
  printf("tension-free: alpha a %.4f (pi/2 = %.4f), peak %.4f x two-way\n", alpha * a, (FIT_PI / 2),
         ratio);
  assert_true(fabs(alpha * a - (FIT_PI / 2)) < 0.03);
  assert_true(fabs(ratio - 1.09) < 0.01);
  assert_true(fabs(contact_force(r) / P - 1.0) < 1e-8);
  rig_free(r);
}

/* 3. Free beam of length L, tension-free, loaded F at both ends: lifts off
 * in the middle once alpha L > pi; at alpha L = pi the mid moment is
 * 0.4 F / alpha. */
static double free_beam(double aL, double *mid_moment) {
  double EI = 10.0, k = 1e4, F = 50.0;
  double alpha = pow(k / (4 * EI), 0.25), L = aL / alpha;
  rig *r = rig_new(801, L, EI, k);
  r->load[0] = F;
  r->load[r->n - 1] = F;
  solve_ok(r);
  assert_true(fabs(contact_force(r) / (2 * F) - 1.0) < 1e-6);
  double wmid = r->u[2 * (r->n / 2)];
  if (mid_moment)
    *mid_moment = fabs(fit_moment(&r->b, r->u, r->n / 2)) * alpha / F;
  rig_free(r);
  return wmid;
}

static void test_liftoff(void **state) {
  (void)state;
  double m;
  double below = free_beam(0.98 * FIT_PI, NULL);
  double above = free_beam(1.02 * FIT_PI, NULL);
  free_beam(FIT_PI, &m);
  printf("lift-off: w_mid %.3g at 0.98 pi, %.3g at 1.02 pi; mid moment %.4f F/alpha\n", below,
         above, m);
  assert_true(below > 0.0);
  assert_true(above < 0.0);
  assert_true(fabs(m - 0.4) < 0.01);
}

/* 4. A uniform rigid block on uniform springs sinks W / (k L), level. */
static void test_rigid_block(void **state) {
  (void)state;
  double k = 5e4, L = 1.8, q = 400.0;
  rig *r = rig_new(121, L, 1e4, k); /* any EI: uniform sink bends nothing */
  for (size_t i = 0; i < r->n; i++)
    r->load[i] = q * r->sp[i].area;
  solve_ok(r);
  double expect = q * L / (k * L);
  for (size_t i = 0; i < r->n; i++) {
    assert_true(fabs(r->u[2 * i] / expect - 1.0) < 1e-8);
    assert_true(fabs(r->u[2 * i + 1]) < 1e-9);
  }
  rig_free(r);
}

/* The banded factor against a dense product. */
static void test_band(void **state) {
  (void)state;
  size_t n = 12;
  double a[48] = {0}, x[12], b[12];
  for (size_t i = 0; i < n; i++) {
    a[i * 4] = 10.0 + (double)i;
    for (size_t k = 1; k <= 3 && k <= i; k++)
      a[i * 4 + k] = 1.0 / (double)(k + i);
  }
  double full[12][12] = {{0}};
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k <= 3 && k <= i; k++)
      full[i][i - k] = full[i - k][i] = a[i * 4 + k];
  for (size_t i = 0; i < n; i++)
    x[i] = (double)i - 3.5;
  for (size_t i = 0; i < n; i++) {
    b[i] = 0;
    for (size_t j = 0; j < n; j++)
      b[i] += full[i][j] * x[j];
  }
  assert_int_equal(fit_band_factor(a, n), 0);
  fit_band_solve(a, n, b);
  for (size_t i = 0; i < n; i++)
    assert_true(fabs(b[i] - x[i]) < 1e-12);
  /* not positive definite: refused */
  double bad[8] = {1, 0, 0, 0, -1, 0, 0, 0};
  assert_int_equal(fit_band_factor(bad, 2), -1);
}

/* Foam: monotone, support factor, firmness table monotone. */
static void test_foam(void **state) {
  (void)state;
  for (int f = 1; f <= 10; f++) {
    fit_foam fm = fit_foam_for_firmness(f, 0.2);
    double prev = -1.0, d;
    for (double z = 0.0; z <= 0.25; z += 0.001) {
      double p = fit_foam_p(&fm, z, &d);
      assert_true(p > prev && d > 0.0);
      prev = p;
    }
    double d25, d65;
    double sf = fit_foam_p(&fm, 0.65 * 0.2, &d65) / fit_foam_p(&fm, 0.25 * 0.2, &d25);
    assert_true(sf >= 1.5 && sf <= 2.61);
    if (f > 1)
      assert_true(fit_firmness_ild(f) > fit_firmness_ild(f - 1));
  }
  /* the 20 cm Winkler modulus of firmness 5-7 is medium to medium-firm foam */
  fit_foam f5 = fit_foam_for_firmness(5, 0.2), f7 = fit_foam_for_firmness(7, 0.2);
  assert_true(fit_foam_ks(&f5) > 55e3 && fit_foam_ks(&f7) < 95e3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hetenyi), cmocka_unit_test(test_tension_free),
      cmocka_unit_test(test_liftoff), cmocka_unit_test(test_rigid_block),
      cmocka_unit_test(test_band),    cmocka_unit_test(test_foam),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
