/*
 * fit_spring.c -- what the body rests on: foam, pillow, soft tissue.
 *
 * One table maps bedback's consumer firmness 1..10 to foam ILD; one
 * formula turns ILD into a nonlinear foam law; soft tissue and the pillow
 * are saturating layers in series with the foam.
 */
#include "fit.h"

#include <math.h>

/* Consumer firmness 1..10 -> ILD (lbf, 25 % indentation, 323 cm^2 disc).
 * Geometric from 14 (soft end of the industry's soft band) to 45 (extra
 * firm); 5..7 land on 23.5-30.5, medium to medium-firm (biomech.md §4).
 * THE table: nothing else in bedback maps firmness to stiffness. */
static const double firmness_ild[10] = {14.0, 15.9, 18.1, 20.7, 23.5,
                                        26.8, 30.5, 34.7, 39.5, 45.0};

/* Foam shape: sigma = E f(e). FOAM_SOFT = 0 gives a support factor (stress
 * at 65 % over 25 %) of 2.6, the stiff end of the 1.5-2.6 measured for
 * mattress foams: a homogeneous block of the top foam would otherwise sink
 * deeper than a real mattress, whose deeper layers are firmer. A positive
 * FOAM_SOFT (0.351 gives 2.2) models the mid-range plateau. Densification from 70 % compression with a
 * quadratic stop: at 80 % the tangent is 20x the initial one, at 90 % 40x,
 * so a heavy body bottoms out instead of sinking through. */
#define FOAM_SOFT 0.0
#define FOAM_DENS 100.0
#define FOAM_E_DENS 0.70

/* ILD is measured with a 323 cm^2 indenter: 1 lbf = 4.44822 N. */
#define ILD_AREA 0.0323
#define LBF 4.44822

/* Pillow: up to 80 % of its height can be squeezed out; the pressure at
 * which half of that is gone sets its firmness (soft, medium, firm). A
 * 5.5 kg head on a 12 x 14 cm patch (3.4 kPa) then flattens a soft pillow
 * by 42 %, a medium one by 29 %, a firm one by 18 %. */
#define PILLOW_MAX_SQUEEZE 0.8
static const double pillow_half_pa[3] = {3000.0, 6000.0, 12000.0};

double fit_firmness_ild(int firmness) {
  if (firmness < 1 || firmness > 10)
    return (double)NAN;
  return firmness_ild[firmness - 1];
}

static inline double foam_f(const fit_foam *f, double e, double *df) {
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

fit_foam fit_foam_for_firmness(int firmness, double thick) {
  double ild = fit_firmness_ild(firmness < 1 ? 1 : firmness > 10 ? 10 : firmness);
  fit_foam f = {0.0, thick, FOAM_SOFT, FOAM_DENS, FOAM_E_DENS};
  double sigma25 = ild * LBF / ILD_AREA, df;
  f.e_mod = sigma25 / foam_f(&f, 0.25, &df);
  return f;
}

fit_foam fit_foam_for_modulus(double ks, double thick) {
  fit_foam f = {ks * thick, thick, FOAM_SOFT, FOAM_DENS, FOAM_E_DENS};
  return f;
}

fit_foam fit_foam_linear(double ks) {
  /* thickness 1 m: p = ks * z exactly, no softening, no stop */
  fit_foam f = {ks, 1.0, 0.0, 0.0, 1.0};
  return f;
}

double fit_foam_ks(const fit_foam *f) { return f->e_mod / f->thick; }

double fit_foam_p(const fit_foam *f, double z, double *dpdz) {
  double df, v;
  if (z <= 0.0) {
    *dpdz = f->e_mod / f->thick;
    return 0.0;
  }
  v = foam_f(f, z / f->thick, &df);
  *dpdz = f->e_mod * df / f->thick;
  return f->e_mod * v;
}

/* Strain energy per area of the foam at compression z. */
static inline double foam_energy(const fit_foam *f, double z) {
  double e = z / f->thick, d = e - f->e_dens;
  double F = 0.5 * e * e - f->soft * e * e * e / 3.0;
  if (f->dens > 0.0 && d > 0.0)
    F += f->dens * d * d * d / 3.0;
  return f->e_mod * f->thick * F;
}

void fit_pillow_layer(double h, int firmness, double *t, double *a) {
  if (firmness < 0 || firmness > 2)
    firmness = 1;
  *t = PILLOW_MAX_SQUEEZE * h;
  *a = pillow_half_pa[firmness];
}

double fit_pillow_compression(int firmness, double p) {
  double t, a;
  fit_pillow_layer(1.0, firmness, &t, &a);
  return t * p / (p + a);
}

/* Compliance of the layers: C(p) and C'(p). */
static double layers_c(const fit_spring *s, double p, double *dc) {
  double c = 0.0, d = 0.0;
  for (int j = 0; j < s->nlayers; j++) {
    double den = p + s->la[j];
    c += s->lt[j] * p / den;
    d += s->lt[j] * s->la[j] / (den * den);
  }
  *dc = d;
  return c;
}

void fit_spring_eval(const fit_spring *s, double delta, fit_state *out) {
  fit_spring_eval_hint(s, delta, NULL, out);
}

void fit_spring_eval_hint(const fit_spring *s, double delta, double *zhint,
                          fit_state *out) {
  double c = fit_spring_eval_state(s, delta, zhint, out);
  if (delta > 0.0 && s->area > 0.0)
    out->energy = fit_spring_energy(s, out->zf, out->p, c);
}

double fit_spring_energy(const fit_spring *s, double zf, double p, double c) {
  double e = foam_energy(&s->foam, zf);
  if (s->nlayers == 0)
    return e;
  /* complementary energy of the layers: p C(p) - integral of C */
  double ic = 0.0;
  for (int j = 0; j < s->nlayers; j++)
    ic += s->lt[j] * (p - s->la[j] * log1p(p / s->la[j]));
  return e + (p * c - ic);
}

double fit_spring_eval_state(const fit_spring *s, double delta, double *zhint,
                             fit_state *out) {
  const fit_foam *f = &s->foam;
  out->p = out->dp = out->zf = out->energy = 0.0;
  if (delta <= 0.0 || s->area <= 0.0)
    return 0.0;
  double ith = 1.0 / f->thick, ks = f->e_mod * ith;
  double z = delta, p, dp, df;
  if (s->nlayers == 0) {
    p = f->e_mod * foam_f(f, z * ith, &df);
    dp = ks * df;
    out->p = p;
    out->dp = dp;
    out->zf = z;
    if (zhint)
      *zhint = z;
    return 0.0;
  }
  /* Series: find the foam compression z in (lo, delta] with
   * z + C(p_foam(z)) = delta. The left side increases with z, so Newton
   * safeguarded by bisection always converges. C < sum of t_j, so z >
   * delta - sum t_j. Start from the hint (the last solution at this node,
   * which moves little between Newton steps of the beam), else from the
   * small-load split of the compliances, which lies left of the root
   * (C is concave in p): Newton then climbs to it without overshoot while
   * the foam is linear. */
  double c = 0.0, dc = 0.0, tsum = 0.0, c0 = 0.0;
  for (int j = 0; j < s->nlayers; j++) {
    tsum += s->lt[j];
    c0 += s->lt[j] / s->la[j];
  }
  double lo = delta > tsum ? delta - tsum : 0.0, hi = delta;
  bool fresh = false; /* p, dp, c, dc belong to z */
  if (zhint && *zhint > lo && *zhint < hi)
    z = *zhint;
  else
    z = delta / (1.0 + ks * c0);
  if (!(z > lo && z < hi))
    z = 0.5 * (lo + hi);
  for (int it = 0; it < 80; it++) {
    p = f->e_mod * foam_f(f, z * ith, &df);
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
    p = f->e_mod * foam_f(f, z * ith, &df);
    dp = ks * df;
    c = layers_c(s, p, &dc);
  }
  out->p = p;
  out->zf = z;
  out->dp = 1.0 / (1.0 / dp + dc);
  if (zhint)
    *zhint = z;
  return c;
}
