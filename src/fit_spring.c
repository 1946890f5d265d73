/*
 * fit_spring.c -- what the body rests on: foam, pillow, soft tissue.
 *
 * One table maps bedback's consumer firmness 1..10 to foam ILD; one
 * formula turns ILD into a nonlinear foam law; soft tissue and the pillow
 * are saturating layers in series with the foam.
 */
#include "fit_law.h"
#include "fit_solve.h"

#include <math.h>

/* Consumer firmness 1..10 -> ILD (lbf, 25 % indentation, 323 cm^2 disc).
 * Geometric from 14 (soft end of the industry's soft band) to 45 (extra
 * firm); 5..7 land on 23.5-30.5, medium to medium-firm (biomech.md §4).
 * THE table: nothing else in bedback maps firmness to stiffness. */
static const double firmness_ild[10] = {14.0, 15.9, 18.1, 20.7, 23.5, 26.8, 30.5, 34.7, 39.5, 45.0};

/* Foam shape: sigma = E f(e). FOAM_SOFT = 0 gives a support factor (stress
 * at 65 % over 25 %) of 2.6, the stiff end of the 1.5-2.6 measured for
 * mattress foams: a homogeneous block of the top foam would otherwise sink
 * deeper than a real mattress, whose deeper layers are firmer. A positive
 * FOAM_SOFT (0.351 gives 2.2) models the mid-range plateau. Densification from 70 % compression
 * with a quadratic stop: at 80 % the tangent is 20x the initial one, at 90 % 40x, so a heavy body
 * bottoms out instead of sinking through. */
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
  return fit_law_foam_f(f, e, df);
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

double fit_foam_ks(const fit_foam *f) {
  return f->e_mod / f->thick;
}

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

void fit_spring_eval(const fit_spring *s, double delta, fit_state *out) {
  fit_spring_eval_hint(s, delta, NULL, out);
}

void fit_spring_eval_hint(const fit_spring *s, double delta, double *zhint, fit_state *out) {
  double c = fit_spring_eval_state(s, delta, zhint, out);
  if (delta > 0.0 && s->area > 0.0)
    out->energy = fit_spring_energy(s, out->zf, out->p, c);
}

double fit_spring_energy(const fit_spring *s, double zf, double p, double c) {
  return fit_law_energy(s, zf, p, c);
}

double fit_spring_eval_state(const fit_spring *s, double delta, double *zhint, fit_state *out) {
  out->p = out->dp = out->zf = out->energy = 0.0;
  if (delta <= 0.0 || s->area <= 0.0)
    return 0.0;
  return fit_law_state(s, delta, zhint, &out->p, &out->dp, &out->zf);
}
