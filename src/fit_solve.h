/*
 * fit_solve.h -- the solver's types: the support laws (fit_spring.c) and
 * the beam on a tension-free foundation (fit_solve.c). Nothing here knows
 * about bodies, mattresses or verdicts; the rest of the fit (fit.h) builds
 * on it, never the other way round.
 *
 * Units are SI (m, N, Pa).
 */
#ifndef BB_FIT_SOLVE_H
#define BB_FIT_SOLVE_H

#include "bedback.h"

#include <stdbool.h>
#include <stddef.h>

/* ------------------------------------------------------------------ */
/* Support laws (fit_spring.c) */

/* Foam: stress sigma(e) = E * f(e), e = compression / thickness,
 * f(e) = e - soft*e^2 + dens*(e - e_dens)+^2, monotone for e >= 0. */
typedef struct {
  double e_mod;  /* Pa: initial modulus E (k_s = E / thickness) */
  double thick;  /* m */
  double soft;   /* mid-range softening (0 = linear spring) */
  double dens;   /* densification stiffening (0 = none) */
  double e_dens; /* strain where densification starts */
} fit_foam;

/* A node's support: foam in series with a compliance C(p) made of
 * saturating layers (soft tissue, pillow): delta_j(p) = t_j p / (p + a_j). */
#define FIT_MAX_LAYERS 3
typedef struct {
  double area; /* m^2 of contact this node stands for (width x spacing) */
  fit_foam foam;
  int nlayers;
  double lt[FIT_MAX_LAYERS]; /* m: most a layer can compress */
  double la[FIT_MAX_LAYERS]; /* Pa: pressure at half of lt */
} fit_spring;

/* ILD (lbf) of consumer firmness 1..10; NAN outside. */
double fit_firmness_ild(int firmness);
/* Foam for firmness 1..10 and thickness (m). */
fit_foam fit_foam_for_firmness(int firmness, double thick);
/* Foam with a given initial Winkler modulus k_s (Pa/m). */
fit_foam fit_foam_for_modulus(double ks, double thick);
/* Linear spring k_s (Pa/m), for the analytical checks. */
fit_foam fit_foam_linear(double ks);
/* Initial Winkler modulus E / thickness (Pa/m). */
double fit_foam_ks(const fit_foam *f);
/* Foam stress (Pa) and tangent (Pa/m) at compression z >= 0 (m). */
double fit_foam_p(const fit_foam *f, double z, double *dpdz);
/* Pillow layer (t, a) for a pillow of unloaded height h (m) and firmness
 * 0 soft, 1 medium, 2 firm. */
void fit_pillow_layer(double h, int firmness, double *t, double *a);
/* Compressed thickness fraction of a pillow layer at pressure p. */
double fit_pillow_compression(int firmness, double p);

/* The series law: pressure p (Pa), tangent dp/ddelta, foam part of the
 * compression (m), stored energy per area (J/m^2) at total compression
 * delta (m). delta <= 0: all zero. */
typedef struct {
  double p, dp, zf, energy;
} fit_state;
void fit_spring_eval(const fit_spring *s, double delta, fit_state *out);
/* The same, starting the series solve from *zhint (the foam compression
 * of a nearby delta; ignored unless inside the bracket) and storing the
 * new one there. zhint NULL: no hint. */
void fit_spring_eval_hint(const fit_spring *s, double delta, double *zhint, fit_state *out);
/* The same without the energy (out->energy 0): returns the layers' part of
 * the compression, which with out->p and out->zf gives the energy through
 * fit_spring_energy (the solver needs the energy only for a line search). */
double fit_spring_eval_state(const fit_spring *s, double delta, double *zhint, fit_state *out);
double fit_spring_energy(const fit_spring *s, double zf, double p, double c);

/* ------------------------------------------------------------------ */
/* Solver (fit_solve.c) */

/* A beam of n nodes, uniform spacing h, on per-node supports. Unknowns per
 * node: downward displacement w and rotation. */
typedef struct {
  size_t n;
  double h;
  const double *ei;         /* n-1 element bending stiffnesses, N m^2 */
  const double *load;       /* n nodal loads, N (downward) */
  const double *gap;        /* n gaps, m (>= 0 where a support exists) */
  const fit_spring *spring; /* n supports (area 0: none) */
  double *work;             /* fit_solve_work_size(n) doubles reused across solves, or
                               NULL: allocated per solve */
  bool bend_ready;          /* work already holds the bending band of ei and h
                               (fit_solve_prepare): it depends on the body only */
  double tol;               /* force residual / total load to converge to; 0: the
                               solver's own (1e-10). Looser only for screening. */
  bool one_step;            /* a screen from a warm start: one full Newton step,
                               no line search and no evaluation after it (the
                               supports' states are then not the solution's:
                               fit_solve_supports says false) */
} fit_beam;

/* Doubles of scratch space fit_solve needs for n nodes. */
size_t fit_solve_work_size(size_t n);
/* Writes the bending band of b (n, h, ei) into b->work once, for every
 * later solve with bend_ready set on the same work, ei and h. */
void fit_solve_prepare(const fit_beam *b);
/* After a successful fit_solve with b->work: true, and each node's
 * support pressure (Pa) and foam compression (m) at the solution (the
 * solver's last evaluation is at the solution), in b->work; false without
 * b->work or after a one_step solve. */
bool fit_solve_supports(const fit_beam *b, const double **p, const double **zf);

typedef struct {
  int iterations;  /* Newton steps */
  int fallbacks;   /* projected Gauss-Seidel rescues */
  double residual; /* final max force residual over total load */
} fit_solve_info;

/* Solves for u (2n: w0, th0, w1, th1, ...). `u` holds a starting point
 * when `warm` is true (else it is zeroed and the full-contact solution is
 * the start). Returns 0, or -1 with `err` (BB_EX_SOFTWARE) when it did not
 * converge; never leaves NaN in u on success. */
int fit_solve(const fit_beam *b, double *u, bool warm, fit_solve_info *info, bb_error *err);

/* Bending moment EI w'' (N m) at node i (averaged over its elements). */
double fit_moment(const fit_beam *b, const double *u, size_t i);
/* w at x (m from node 0) by Hermite interpolation. */
double fit_interp_w(const fit_beam *b, const double *u, double x);
/* Symmetric banded Cholesky, half-bandwidth 3: a[i*4+k] = A(i, i-k).
 * Factors in place; 0 or -1 when not positive definite. */
int fit_band_factor(double *a, size_t n);
void fit_band_solve(const double *l, size_t n, double *x);

#endif
