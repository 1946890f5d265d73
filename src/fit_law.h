/*
 * fit_law.h -- the support law's hot core, inline for the solver's
 * evaluation loop (fit_solve.c) and the public wrappers (fit_spring.c).
 * One copy of the arithmetic: both give bit-identical results.
 */
#ifndef BB_FIT_LAW_H
#define BB_FIT_LAW_H

#include "fit_solve.h"

#include <math.h>

/* Foam shape f(e) and f'(e) (fit.h, fit_foam). */
static inline double fit_law_foam_f(const fit_foam *f, double e, double *df) {
  double d = e - f->e_dens;
  double v = e - f->soft * e * e;
  double dv = 1.0 - 2.0 * f->soft * e;
  if (f->dens > 0.0 && d > 0.0) {
    v += f->dens * d * d;
    dv += 2.0 * f->dens * d;
  }
  *df = dv;
  return v;
}

/* Strain energy per area of the foam at compression z. */
static inline double fit_law_foam_energy(const fit_foam *f, double z) {
  double e = z / f->thick, d = e - f->e_dens;
  double F = 0.5 * e * e - f->soft * e * e * e / 3.0;
  if (f->dens > 0.0 && d > 0.0)
    F += f->dens * d * d * d / 3.0;
  return f->e_mod * f->thick * F;
}

/* Energy per area of the support at the state (zf, p, c): see
 * fit_spring_energy. */
static inline double fit_law_energy(const fit_spring *s, double zf, double p, double c) {
  double e = fit_law_foam_energy(&s->foam, zf);
  if (s->nlayers == 0)
    return e;
  /* complementary energy of the layers: p C(p) - integral of C */
  double ic = 0.0;
  for (int j = 0; j < s->nlayers; j++)
    ic += s->lt[j] * (p - s->la[j] * log1p(p / s->la[j]));
  return e + (p * c - ic);
}

/* The series law at total compression delta > 0 of a support with area
 * > 0: pressure *po, tangent *dpo, foam compression *zfo; returns the
 * layers' compression (fit_spring_eval_state). */
static inline double fit_law_state(const fit_spring *s, double delta, double *zhint, double *po,
                                   double *dpo, double *zfo) {
  const fit_foam *f = &s->foam;
  double ith = 1.0 / f->thick, ks = f->e_mod * ith;
  double z = delta, p, dp, df;
  if (s->nlayers == 0) {
    p = f->e_mod * fit_law_foam_f(f, z * ith, &df);
    *po = p;
    *dpo = ks * df;
    *zfo = z;
    if (zhint)
      *zhint = z;
    return 0.0;
  }
  if (s->nlayers == 1 && f->soft == 0.0) {
    /* One layer on foam in its linear range (the common case: soft tissue
     * on the body, the pillow under the head): z + t k z / (k z + a) =
     * delta is the quadratic k z^2 + (a + t k - k delta) z - a delta = 0,
     * solved in closed form (the cancellation-free root), instead of the
     * inner Newton below. Valid while z stays below the densification
     * strain; past it the general solve takes over. */
    double t = s->lt[0], a = s->la[0];
    double b = a + t * ks - ks * delta, q = sqrt(b * b + 4.0 * ks * a * delta);
    double zq = b >= 0.0 ? 2.0 * a * delta / (b + q) : (q - b) / (2.0 * ks);
    if (zq * ith <= f->e_dens || f->dens == 0.0) {
      double pq = ks * zq, den = pq + a;
      double cq = t * pq / den, dcq = t * a / (den * den);
      *po = pq;
      *zfo = zq;
      *dpo = 1.0 / (1.0 / ks + dcq);
      if (zhint)
        *zhint = zq;
      return cq;
    }
  }
  /* Series: find the foam compression z in (lo, delta] with
   * z + C(p_foam(z)) = delta. The left side increases with z, so Newton
   * safeguarded by bisection always converges. C < sum of t_j, so z >
   * delta - sum t_j. Start from the hint (the last solution at this node,
   * which moves little between Newton steps of the beam), else from the
   * small-load split of the compliances, which lies left of the root
   * (C is concave in p): Newton then climbs to it without overshoot while
   * the foam is linear. */
  double c = 0.0, dc = 0.0, tsum = 0.0;
  for (int j = 0; j < s->nlayers; j++)
    tsum += s->lt[j];
  double lo = delta > tsum ? delta - tsum : 0.0, hi = delta;
  bool fresh = false; /* p, dp, c, dc belong to z */
  if (zhint && *zhint > lo && *zhint < hi) {
    z = *zhint;
  } else {
    double c0 = 0.0;
    for (int j = 0; j < s->nlayers; j++)
      c0 += s->lt[j] / s->la[j];
    z = delta / (1.0 + ks * c0);
    if (!(z > lo && z < hi))
      z = 0.5 * (lo + hi);
  }
  for (int it = 0; it < 80; it++) {
    p = f->e_mod * fit_law_foam_f(f, z * ith, &df);
    dp = ks * df;
    c = dc = 0.0;
    for (int j = 0; j < s->nlayers; j++) {
      double inv = 1.0 / (p + s->la[j]);
      c += s->lt[j] * p * inv;
      dc += s->lt[j] * s->la[j] * inv * inv;
    }
    fresh = true;
    double fz = z + c - delta;
    if (fz > 0.0)
      hi = z;
    else
      lo = z;
    if (fabs(fz) <= 1e-15 + 1e-13 * delta)
      break;
    double fd = 1.0 + dc * dp;
    if (fabs(fz) <= 1e-8 * delta) {
      /* Newton's last step: z moves by fz/fd ~ 1e-8 delta and the error
       * after it is second order (~1e-16 delta), so the state follows to
       * first order instead of one more evaluation: the foam pressure and
       * tangent along the step, the layers' compression from the balance
       * z + C = delta (their tangent moves by a relative 1e-8, which only
       * touches the beam's Newton rate). */
      double dz = -fz / fd;
      z += dz;
      p += dp * dz;
      c = delta - z;
      break;
    }
    double zn = z - fz / fd;
    z = (zn > lo && zn < hi) ? zn : 0.5 * (lo + hi);
    fresh = false;
    if (hi - lo <= 1e-16)
      break;
  }
  if (!fresh) {
    p = f->e_mod * fit_law_foam_f(f, z * ith, &df);
    dp = ks * df;
    c = dc = 0.0;
    for (int j = 0; j < s->nlayers; j++) {
      double den = p + s->la[j];
      c += s->lt[j] * p / den;
      dc += s->lt[j] * s->la[j] / (den * den);
    }
  }
  *po = p;
  *zfo = z;
  *dpo = 1.0 / (1.0 / dp + dc);
  if (zhint)
    *zhint = z;
  return c;
}

#endif
