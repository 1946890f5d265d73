/*
 * fit_solve.c -- a beam on a tension-free, nonlinear Winkler foundation.
 *
 * Hermite beam elements (w and w' per node) give a symmetric banded
 * stiffness of half-bandwidth 3 whose null space holds the rigid-body
 * modes exactly, so equilibrium (contact force = weight) holds to
 * round-off at convergence. Springs are lumped at the nodes.
 *
 * The solution minimises the convex energy
 *     Pi(u) = 1/2 u'Ku + sum_i A_i U_i(w_i - g_i) - f'u,
 * U_i the stored energy of node i's support (zero when not in contact).
 * Semismooth Newton (active set = nodes with w > g) with an Armijo line
 * search on Pi, switching to the residual norm when Pi's decrease falls
 * below round-off; an iteration cap; 2-cycle detection; and projected
 * (nonlinear) Gauss-Seidel as the fallback. Each Newton step is one banded
 * Cholesky: O(n).
 */
#include "fit_solve.h"
#include "fit_law.h"
#include "internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NEWTON 300
#define MAX_FALLBACKS 3
#define PGS_SWEEPS 400
#define TOL 1e-10 /* force residual / total load */
/* Near a node just touching, the semismooth step can stall a hair above
 * TOL (the kink of the contact law meets round-off). Five steps without a
 * 10 % gain below this level count as converged: the force balance is then
 * still good to n x 1e-7, far inside the 0.5 % contract. */
#define TOL_STALL 1e-7
#define STALL_STEPS 5
/* A full Newton step is taken without the energy when the residual
 * drops to this fraction (see the line search). */
#define RES_ACCEPT 0.5

int fit_band_factor(double *a, size_t n) {
  for (size_t i = 0; i < n; i++) {
    size_t k0 = i < 3 ? i : 3;
    for (size_t k = k0; k >= 1; k--) {
      size_t j = i - k;
      double s = a[i * 4 + k];
      /* l runs over columns shared by rows i and j, below j */
      for (size_t l = (i >= 3 ? i - 3 : 0); l < j; l++)
        s -= a[i * 4 + (i - l)] * a[j * 4 + (j - l)];
      a[i * 4 + k] = s / a[j * 4];
    }
    double d = a[i * 4];
    for (size_t l = (i >= 3 ? i - 3 : 0); l < i; l++)
      d -= a[i * 4 + (i - l)] * a[i * 4 + (i - l)];
    if (!(d > 1e-14 * fabs(a[i * 4]) && d > 0.0))
      return -1;
    a[i * 4] = sqrt(d);
  }
  return 0;
}

void fit_band_solve(const double *l, size_t n, double *x) {
  for (size_t i = 0; i < n; i++) {
    double s = x[i];
    for (size_t l0 = (i >= 3 ? i - 3 : 0); l0 < i; l0++)
      s -= l[i * 4 + (i - l0)] * x[l0];
    x[i] = s / l[i * 4];
  }
  for (size_t i = n; i-- > 0;) {
    double s = x[i];
    for (size_t r = i + 1; r <= i + 3 && r < n; r++)
      s -= l[r * 4 + (r - i)] * x[r];
    x[i] = s / l[i * 4];
  }
}

/* The same matrix factored for the solver as a block tridiagonal one: a
 * node's two dofs (w, theta) couple only to the neighbouring nodes', so
 * A = L D L' with D = diag(S_i) (2 x 2) and L unit block lower bidiagonal
 * with sub-blocks M_i. Per node, with B_i = A(node i, node i-1):
 *     S_i = D_i - B_i S_{i-1}^-1 B_i',   M_i = B_i S_{i-1}^-1.
 * One division per node and no square root: the serial chain of the
 * scalar Cholesky (a square root and a division per dof) was the largest
 * cost of a Newton step. S_{i-1}^-1 is its adjugate over its determinant,
 * so B adj B' runs while the division does. The positive-definiteness test
 * is the Cholesky one: both pivots of S_i, s00 and det / s00, above 1e-14
 * of the diagonal they come from.
 *
 * A is the bending band k (8 doubles per node, band rows 2i and 2i+1)
 *      [0] K(2i,2i) [1] K(2i,2i-1) [2] K(2i,2i-2) [3] 0
 *      [4] K(2i+1,2i+1) [5] K(2i+1,2i) [6] K(2i+1,2i-1) [7] K(2i+1,2i-2)
 * plus kt_i + dw on the w diagonal and dt on the rotation one, read as
 * the factor goes (no copy of the band); the factor goes to a:
 *      [0..2] S_i^-1 (00, 01, 11), [4..7] M_i (00, 01, 10, 11). */
static int block_factor(const double *k, const double *kt, double dw, double dt, double *a,
                        size_t n) {
  double s00 = k[0] + (kt[0] + dw), s01 = k[5], s11 = k[4] + dt;
  for (size_t i = 0;; i++) {
    double *ai = a + 8 * i;
    const double *ki = k + 8 * i;
    double det = s00 * s11 - s01 * s01;
    /* each pivot against the diagonal it comes from (the rotation's is
     * K(2i+1,2i+1) + dt; det / s00 is the second pivot) */
    if (!(s00 > 1e-14 * fabs(ki[0] + (kt[i] + dw)) && det > 1e-14 * fabs(ki[4] + dt) * s00))
      return -1;
    double g00 = s11, g01 = -s01, g11 = s00; /* adjugate of S_i */
    double id = 1.0 / det;
    ai[0] = g00 * id;
    ai[1] = g01 * id;
    ai[2] = g11 * id;
    if (i + 1 == n)
      return 0;
    double *an = ai + 8;
    const double *kn = ki + 8;
    double b00 = kn[2], b01 = kn[1], b10 = kn[7], b11 = kn[6];
    double e0 = b00 * g00 + b01 * g01, e1 = b00 * g01 + b01 * g11; /* B adj */
    double e2 = b10 * g00 + b11 * g01, e3 = b10 * g01 + b11 * g11;
    double q00 = e0 * b00 + e1 * b01, q01 = e0 * b10 + e1 * b11;
    double q11 = e2 * b10 + e3 * b11;
    s00 = (kn[0] + (kt[i + 1] + dw)) - q00 * id;
    s01 = kn[5] - q01 * id;
    s11 = (kn[4] + dt) - q11 * id;
    an[4] = e0 * id;
    an[5] = e1 * id;
    an[6] = e2 * id;
    an[7] = e3 * id;
  }
}

/* false when a component of x is not finite (0 * x is NaN exactly then) */
static bool block_solve(const double *l, size_t n, double *x) {
  double chk = 0.0;
  double y0 = x[0], y1 = x[1];
  for (size_t i = 1; i < n; i++) {
    const double *m = l + 8 * i + 4;
    double p0 = y0, p1 = y1;
    y0 = x[2 * i] - (m[0] * p0 + m[1] * p1);
    y1 = x[2 * i + 1] - (m[2] * p0 + m[3] * p1);
    x[2 * i] = y0;
    x[2 * i + 1] = y1;
  }
  for (size_t i = n; i-- > 0;) {
    const double *p = l + 8 * i;
    double w0 = p[0] * x[2 * i] + p[1] * x[2 * i + 1];
    double w1 = p[1] * x[2 * i] + p[2] * x[2 * i + 1];
    if (i + 1 < n) {
      const double *m = l + 8 * (i + 1) + 4;
      double z0 = x[2 * i + 2], z1 = x[2 * i + 3];
      w0 -= m[0] * z0 + m[2] * z1;
      w1 -= m[1] * z0 + m[3] * z1;
    }
    x[2 * i] = w0;
    x[2 * i + 1] = w1;
    chk += 0.0 * w0 + 0.0 * w1;
  }
  return chk == 0.0;
}

/* Element stiffness (EI/h^3 times this) for dofs w1 th1 w2 th2. */
static void elem_k(double h, double k[4][4]) {
  double h2 = h * h;
  double m[4][4] = {{12, 6 * h, -12, 6 * h},
                    {6 * h, 4 * h2, -6 * h, 2 * h2},
                    {-12, -6 * h, 12, -6 * h},
                    {6 * h, 2 * h2, -6 * h, 4 * h2}};
  memcpy(k, m, sizeof m);
}

/* y = K_bending u. Per element, with dw = w1 - w2, c = EI / h^3 (ce) and
 * ch = c h (che), the rows of K_e u_e are
 *   c (12 dw + 6h (th1 + th2)),  ch (6 dw + 4h th1 + 2h th2),
 *   minus the first,             ch (6 dw + 2h th1 + 4h th2). */
static void bend_mul(const fit_beam *b, const double *ce, const double *che, const double *u,
                     double *y) {
  double h = b->h;
  size_t n = b->n;
  y[0] = y[1] = 0.0;
  for (size_t e = 0; e + 1 < n; e++) {
    double c = ce[e], ch = che[e];
    const double *ue = u + 2 * e;
    double dw = ue[0] - ue[2], ts = ue[1] + ue[3];
    double f0 = c * (12.0 * dw + 6.0 * h * ts);
    double m1 = ch * (6.0 * dw + h * (4.0 * ue[1] + 2.0 * ue[3]));
    double m2 = ch * (6.0 * dw + h * (2.0 * ue[1] + 4.0 * ue[3]));
    y[2 * e] += f0;
    y[2 * e + 1] += m1;
    y[2 * e + 2] = -f0;
    y[2 * e + 3] = m2;
  }
}

/* The largest sum of |K_jq u_q| over rows j: the scale of the round-off
 * in K_bending u. */
static double bend_mag(const fit_beam *b, const double *ce, const double *u) {
  double h = b->h, m = 0.0;
  for (size_t e = 0; e + 1 < b->n; e++) {
    const double *ue = u + 2 * e;
    double aw = fabs(ue[0]) + fabs(ue[2]), at = fabs(ue[1]) + fabs(ue[3]);
    double a0 = 12.0 * aw + 6.0 * h * at, a1 = h * (6.0 * aw + 4.0 * h * at);
    double a = ce[e] * (a0 > a1 ? a0 : a1);
    if (a > m)
      m = a;
  }
  return m;
}

/* The per-element factors of bend_mul: ce = EI / h^3, che = ce h. */
static void bend_coef(const fit_beam *b, double *ce, double *che) {
  double h = b->h, h3 = h * h * h;
  for (size_t e = 0; e + 1 < b->n; e++) {
    ce[e] = b->ei[e] / h3;
    che[e] = ce[e] * h;
  }
}

/* band = K_bending (lower band) */
static void bend_band(const fit_beam *b, double *band) {
  double k[4][4], h3 = b->h * b->h * b->h;
  elem_k(b->h, k);
  memset(band, 0, 2 * b->n * 4 * sizeof *band);
  for (size_t e = 0; e + 1 < b->n; e++) {
    double c = b->ei[e] / h3;
    for (size_t r = 0; r < 4; r++)
      for (size_t q = 0; q <= r; q++)
        band[(2 * e + r) * 4 + (r - q)] += c * k[r][q];
  }
}

typedef struct {
  const fit_beam *b;
  size_t N;
  double *r, *d, *band, *bend, *ut, *kt, *trial_r, *trial_kt;
  double *zh;                     /* per node: the foam compression of the last evaluation */
  double *sp_p, *sp_zf, *sp_c;    /* per node: pressure, foam and layer
                                    compression there */
  double *tsp_p, *tsp_zf, *tsp_c; /* the same of the other point of a line
                                     search (the base or the trial) */
  double load, scale_t, kref;     /* kref < 0: not yet computed */
  const double *ce, *che;         /* bend_coef */
  double floor_w;                 /* round-off floor of the residual at the iterate; < 0
                                     until a convergence test needs it */
} ctx;

/* Two work arrays change places (no copy). */
static void swap_arrays(double **a, double **b) {
  double *t = *a;
  *a = *b;
  *b = t;
}

/* The trial point of a line search becomes the iterate: its shape into u,
 * and its residual and tangent (evaluated in full) swapped in, without a
 * copy. */
static void take_trial(ctx *c, double *u) {
  memcpy(u, c->ut, c->N * sizeof *u);
  swap_arrays(&c->r, &c->trial_r);
  swap_arrays(&c->kt, &c->trial_kt);
}

/* Residual r, nodal tangent stiffness kt and active-set signature at u; false when a value is not
 * finite. Each node's support state stays in sp_p, sp_zf, sp_c (sp_c < 0: no contact) and *pi_rest
 * gets the bending and load part of the energy, so that energy() can finish the energy at u: it is
 * needed only for a line search, never at a point that already passes the convergence test. A trial
 * point of the line search is evaluated in full, so that once accepted it is the next iterate
 * without another evaluation. */
static bool evaluate(ctx *c, const double *u, double *r, double *kt, uint64_t *sig,
                     double *pi_rest) {
  const fit_beam *b = c->b;
  const double *gap = b->gap, *load = b->load;
  const fit_spring *spring = b->spring;
  double *sp_p = c->sp_p, *sp_zf = c->sp_zf, *sp_c = c->sp_c, *zh = c->zh;
  double pi = 0.0;
  uint64_t hsh = 1469598103934665603ull;
  double chk = 0.0; /* 0 * r is NaN exactly when r is not finite */
  bend_mul(b, c->ce, c->che, u, r);
  for (size_t i = 0; i < b->n; i++) {
    const fit_spring *sp = &spring[i];
    double w = u[2 * i], delta = w - gap[i];
    bool act = sp->area > 0.0 && delta > 0.0;
    pi += 0.5 * (w * r[2 * i] + u[2 * i + 1] * r[2 * i + 1]) - load[i] * w;
    if (act) {
      double p, dp;
      sp_c[i] = fit_law_state(sp, delta, &zh[i], &p, &dp, &sp_zf[i]);
      sp_p[i] = p;
      r[2 * i] += sp->area * p - load[i];
      kt[i] = sp->area * dp;
    } else {
      r[2 * i] -= load[i];
      kt[i] = 0.0;
      sp_p[i] = sp_zf[i] = 0.0;
      sp_c[i] = -1.0;
    }
    chk += 0.0 * r[2 * i] + 0.0 * r[2 * i + 1];
    hsh = (hsh ^ (act ? 1u : 0u) ^ (uint64_t)i) * 1099511628211ull;
  }
  *sig = hsh;
  *pi_rest = pi;
  return chk == 0.0;
}

/* The energy Pi at the point whose supports' states are sp_p, sp_zf,
 * sp_c, from evaluate()'s pi_rest there: +inf when not finite. */
static double energy_at(const ctx *c, const double *sp_p, const double *sp_zf, const double *sp_c,
                        double pi_rest) {
  const fit_beam *b = c->b;
  double pi = pi_rest;
  for (size_t i = 0; i < b->n; i++)
    if (sp_c[i] >= 0.0)
      pi += b->spring[i].area * fit_law_energy(&b->spring[i], sp_zf[i], sp_p[i], sp_c[i]);
  return isfinite(pi) ? pi : (double)INFINITY;
}

/* The same at the point evaluate() saw last. */
static double energy(const ctx *c, double pi_rest) {
  return energy_at(c, c->sp_p, c->sp_zf, c->sp_c, pi_rest);
}

/* Swaps the supports' states with the other set. */
static void swap_states(ctx *c) {
  swap_arrays(&c->sp_p, &c->tsp_p);
  swap_arrays(&c->sp_zf, &c->tsp_zf);
  swap_arrays(&c->sp_c, &c->tsp_c);
}

/* The residual r at u passes the test: |r| within tol of the load (of
 * the load's moment for rotations) plus the round-off floor *floor_w of
 * K_bending u (computed here when < 0). The test without the floor comes
 * first: when it passes, the floor (>= 0) cannot fail it. */
static bool converged_at(const ctx *c, const double *r, double tol, const double *u,
                         double *floor_w) {
  double tw = tol * c->load, tt = tol * c->scale_t;
  size_t i = 0;
  for (; i < c->b->n; i++)
    if (fabs(r[2 * i]) > tw || fabs(r[2 * i + 1]) > tt)
      break;
  if (i == c->b->n)
    return true;
  if (*floor_w < 0.0)
    *floor_w = 64.0 * 2.2e-16 * 2.0 * bend_mag(c->b, c->ce, u);
  double fw = *floor_w;
  for (i = 0; i < c->b->n; i++)
    if (fabs(r[2 * i]) > tw + fw || fabs(r[2 * i + 1]) > tt + fw * c->b->h)
      return false;
  return true;
}

static bool converged(ctx *c, const double *r, double tol, const double *u) {
  return converged_at(c, r, tol, u, &c->floor_w);
}

static double rnorm(const ctx *c, const double *r) {
  double s = 0.0;
  for (size_t i = 0; i < c->b->n; i++) {
    double a = r[2 * i] / c->load, m = r[2 * i + 1] / c->scale_t;
    s += a * a + m * m;
  }
  return sqrt(s);
}

/* Solves (K + diag kt + reg) d = rhs; regularisation grows until the
 * factor succeeds (a free beam with fewer than two contacts is singular).
 * The regularised matrix stays positive definite, so d is still a descent
 * direction for Pi. */
static int newton_dir(ctx *c, const double *kt, const double *rhs, double *d) {
  const fit_beam *b = c->b;
  static const double regs[] = {0.0, 1e-9, 1e-6, 1e-3, 1.0};
  for (size_t t = 0; t < sizeof regs / sizeof regs[0]; t++) {
    if (t > 0 && c->kref < 0.0) { /* first needed: the stiffest support */
      c->kref = 0.0;
      for (size_t i = 0; i < b->n; i++) {
        const fit_foam *f = &b->spring[i].foam;
        double k0 = b->spring[i].area * (f->e_mod / f->thick); /* fit_foam_ks */
        if (k0 > c->kref)
          c->kref = k0;
      }
      if (c->kref <= 0.0)
        c->kref = 1.0;
    }
    double kref = c->kref;
    double dw = t > 0 ? regs[t] * kref : 0.0, dt = t > 0 ? regs[t] * kref * b->h * b->h : 0.0;
    if (block_factor(c->bend, kt, dw, dt, c->band, b->n) == 0) {
      if (d != rhs)
        memcpy(d, rhs, c->N * sizeof *d);
      return block_solve(c->band, b->n, d) ? 0 : -1;
    }
  }
  return -1;
}

/* Local residual and curvature of one dof, from its two elements. */
static double dof_residual(ctx *c, const double *u, size_t j, double *curv) {
  const fit_beam *b = c->b;
  double k[4][4], h3 = b->h * b->h * b->h, s = 0.0, cv = 0.0;
  size_t node = j / 2, loc = j % 2;
  elem_k(b->h, k);
  if (node > 0) { /* element node-1: this dof is local 2+loc */
    size_t e = node - 1;
    double ce = b->ei[e] / h3;
    for (int q = 0; q < 4; q++)
      s += ce * k[2 + loc][q] * u[2 * e + (size_t)q];
    cv += ce * k[2 + loc][2 + loc];
  }
  if (node + 1 < b->n) {
    size_t e = node;
    double ce = b->ei[e] / h3;
    for (int q = 0; q < 4; q++)
      s += ce * k[loc][q] * u[2 * e + (size_t)q];
    cv += ce * k[loc][loc];
  }
  if (loc == 0) {
    fit_state st;
    const fit_spring *sp = &b->spring[node];
    fit_spring_eval(sp, u[j] - b->gap[node], &st);
    s += sp->area * st.p - b->load[node];
    /* curvature from the contact side as well: never overshoots into
     * contact (descent lemma with the larger curvature) */
    fit_spring_eval(sp, fmax(u[j] - b->gap[node], 0.0) + 1e-9, &st);
    cv += sp->area * st.dp;
  }
  *curv = cv;
  return s;
}

/* Projected Gauss-Seidel on the energy: coordinate by coordinate. Slow but
 * monotone; used to leave a cycling or stalled active set. */
static void pgs(ctx *c, double *u) {
  for (int sweep = 0; sweep < PGS_SWEEPS; sweep++) {
    for (size_t j = 0; j < c->N; j++) {
      double cv, g = dof_residual(c, u, j, &cv);
      if (cv > 0.0)
        u[j] -= g / cv;
    }
  }
}

void fit_solve_prepare(const fit_beam *b) {
  if (b->work && b->n >= 2) {
    bend_band(b, b->work + 9 * 2 * b->n);
    bend_coef(b, b->work + 33 * b->n, b->work + 34 * b->n);
  }
}

size_t fit_solve_work_size(size_t n) {
  return 2 * n * 15 + 5 * n;
}

bool fit_solve_supports(const fit_beam *b, const double **p, const double **zf) {
  if (!b->work || b->one_step)
    return false;
  *p = b->work + 14 * 2 * b->n;
  *zf = *p + b->n;
  return true;
}

int fit_solve(const fit_beam *b, double *u, bool warm, fit_solve_info *info, bb_error *err) {
  ctx c = {0};
  size_t N = 2 * b->n;
  int status = -1, fallbacks = 0, it = 0, cycles = 0, stall = 0;
  double best_rn = (double)INFINITY, pi = 0.0, rest = 0.0;
  bool have = false;    /* r, kt, sig[0], floor_w belong to u */
  bool have_pi = false; /* pi is the energy at u; else it is due from the
                           supports' states of u and rest */
  const double tol = b->tol > 0.0 ? b->tol : TOL;
  uint64_t sig[3] = {0, 0, 0};
  fit_solve_info dummy;
  if (!info)
    info = &dummy;
  memset(info, 0, sizeof *info);
  if (b->n < 2) {
    bbu_error_set(err, BB_EX_SOFTWARE, NULL, 0, 0, "", "the beam needs at least two nodes");
    return -1;
  }
  c.b = b;
  c.N = N;
  /* scratch: every array below is written before it is read */
  double *own = b->work ? NULL : malloc(fit_solve_work_size(b->n) * sizeof *own);
  double *mem = b->work ? b->work : own;
  if (!mem) {
    bbu_error_set(err, BB_EX_SOFTWARE, NULL, 0, 0, "", "out of memory");
    return -1;
  }
  c.r = mem;
  c.d = mem + N;
  c.ut = mem + 2 * N;
  c.tsp_p = mem + 3 * N;         /* n used */
  c.tsp_zf = mem + 3 * N + b->n; /* n used */
  c.trial_r = mem + 4 * N;
  c.band = mem + 5 * N;
  c.bend = mem + 9 * N;
  c.kt = mem + 13 * N;                       /* n used */
  c.trial_kt = mem + 13 * N + b->n;          /* n used */
  c.sp_p = mem + 14 * N;                     /* n used */
  c.sp_zf = mem + 14 * N + b->n;             /* n used */
  c.zh = mem + 15 * N;                       /* n used */
  c.sp_c = mem + 15 * N + b->n;              /* n used */
  c.tsp_c = mem + 15 * N + 2 * b->n;         /* n used */
  double *sp_p0 = c.sp_p, *sp_zf0 = c.sp_zf; /* where fit_solve_supports looks */
  /* the supports' states of the previous solve on this scratch space
   * (a neighbouring mattress or pillow, the same body) start the series
   * solves of the first evaluation */
  if (own)
    for (size_t i = 0; i < b->n; i++)
      c.zh[i] = -1.0;
  for (size_t i = 0; i < b->n; i++)
    c.load += b->load[i];
  if (!(c.load > 0.0)) {
    bbu_error_set(err, BB_EX_SOFTWARE, NULL, 0, 0, "", "the beam carries no load");
    free(own);
    return -1;
  }
  c.kref = -1.0; /* the regularisation's scale: only when a factor fails (newton_dir) */
  c.scale_t = c.load * b->h * (double)(b->n - 1);
  c.ce = mem + 33 * b->n;  /* n - 1 used */
  c.che = mem + 34 * b->n; /* n - 1 used */
  if (!(b->bend_ready && b->work)) {
    bend_band(b, c.bend);
    bend_coef(b, mem + 33 * b->n, mem + 34 * b->n);
  }

  if (!warm) {
    /* Full contact: every support linear at its initial stiffness. */
    double *rhs = c.r;
    for (size_t j = 0; j < N; j++)
      rhs[j] = 0.0;
    for (size_t i = 0; i < b->n; i++) {
      fit_state s;
      fit_spring_eval(&b->spring[i], 1e-9, &s);
      c.kt[i] = b->spring[i].area * s.dp;
      rhs[2 * i] = b->load[i] + c.kt[i] * b->gap[i];
    }
    if (newton_dir(&c, c.kt, rhs, u) != 0) {
      memset(u, 0, N * sizeof *u);
    }
  }

  if (warm && b->one_step) {
    /* A screen (fit_case_screen): the full Newton step from a converged
     * neighbour's shape. Its metrics differ from those after a checked step
     * only in the second order of the step; a step that cannot be made
     * falls through to the ordinary solve. */
    bool fin = evaluate(&c, u, c.r, c.kt, &sig[0], &rest);
    if (fin) {
      for (size_t j = 0; j < N; j++)
        c.ut[j] = -c.r[j];
      if (newton_dir(&c, c.kt, c.ut, c.d) == 0) {
        bool ok = true;
        for (size_t j = 0; j < N; j++) {
          c.ut[j] = u[j] + c.d[j];
          ok = ok && isfinite(c.ut[j]);
        }
        /* the same nodes in contact after the step as before it: else the
         * step crossed the kink of the contact law, and is checked */
        for (size_t i = 0; ok && i < b->n; i++)
          if (b->spring[i].area > 0.0 && (u[2 * i] > b->gap[i]) != (c.ut[2 * i] > b->gap[i]))
            ok = false;
        if (ok) {
          memcpy(u, c.ut, N * sizeof *u);
          info->iterations = 1;
          free(own);
          return 0;
        }
      }
    }
  }

  for (it = 0; it <= MAX_NEWTON; it++) {
    if (!have) {
      bool fin = evaluate(&c, u, c.r, c.kt, &sig[0], &rest);
      c.floor_w = -1.0;
      have = true;
      have_pi = false;
      if (fin && converged(&c, c.r, tol, u)) {
        status = 0;
        break;
      }
      /* the energy only when a line search needs it: a first trial that
       * passes the convergence test does not */
      if (!fin)
        break;
    } else if (converged(&c, c.r, tol, u)) {
      /* an accepted trial that did not pass the test: pi is finite */
      status = 0;
      break;
    }
    double rn = rnorm(&c, c.r);
    if (rn < 0.9 * best_rn) {
      best_rn = rn;
      stall = 0;
    } else if (++stall >= STALL_STEPS) {
      if (converged(&c, c.r, TOL_STALL, u)) {
        status = 0;
        break;
      }
      if (fallbacks >= MAX_FALLBACKS)
        break;
      fallbacks++;
      pgs(&c, u);
      have = false;
      stall = 0;
      best_rn = (double)INFINITY;
      continue;
    }
    if (it == MAX_NEWTON)
      break;
    /* 2-cycle: the active set returns to the one of two steps ago */
    cycles = (it >= 2 && sig[0] == sig[2] && sig[0] != sig[1]) ? cycles + 1 : 0;
    sig[2] = sig[1];
    sig[1] = sig[0];

    for (size_t j = 0; j < N; j++)
      c.ut[j] = -c.r[j];
    bool stepped = false, done = false, bad = false;
    if (cycles < 3 && newton_dir(&c, c.kt, c.ut, c.d) == 0) {
      double slope = 0.0, r0 = rn, escale = 0.0;
      for (size_t j = 0; j < N; j++)
        slope += c.r[j] * c.d[j];
      swap_states(&c); /* u's supports' states stay in tsp_* */
      for (double t = 1.0; slope < 0.0 && t > 1e-12; t *= 0.5) {
        double fl = -1.0, trest;
        uint64_t sg;
        for (size_t j = 0; j < N; j++)
          c.ut[j] = u[j] + t * c.d[j];
        if (!evaluate(&c, c.ut, c.trial_r, c.trial_kt, &sg, &trest))
          continue;
        /* a trial that passes the convergence test is the solution: no
         * energy needed (the test the next iteration would make) */
        done = converged_at(&c, c.trial_r, tol, c.ut, &fl);
        /* A full step that at least halves the residual is taken without
         * the energy: near the solution Newton does far better than that,
         * and the energy (a log1p per node, twice) was a tenth of a fit.
         * The line search on Pi stays for every other step, so a step
         * that does not make clear progress is still judged by Pi. */
        if (!done && t == 1.0 && rnorm(&c, c.trial_r) <= RES_ACCEPT * r0) {
          take_trial(&c, u);
          rest = trest;
          have_pi = false;
          c.floor_w = fl;
          sig[0] = sg;
          stepped = true;
          break;
        }
        if (!done && !have_pi) { /* the energy at u, due now */
          pi = energy_at(&c, c.tsp_p, c.tsp_zf, c.tsp_c, rest);
          have_pi = true;
          if (!isfinite(pi)) {
            bad = true;
            break;
          }
        }
        if (!done)
          escale = 1e-12 * (fabs(pi) + c.load * 1e-3);
        double pt = done ? pi : energy(&c, trest);
        if (!isfinite(pt))
          continue;
        bool ok = done || pt <= pi + 1e-4 * t * slope;
        /* near convergence Pi's decrease is below round-off: judge the
         * step by the residual instead */
        if (!ok && fabs(pt - pi) <= escale)
          ok = rnorm(&c, c.trial_r) < (1.0 - 1e-4 * t) * r0;
        if (ok) { /* the trial point is the next iterate, evaluated */
          take_trial(&c, u);
          pi = pt;
          have_pi = !done;
          c.floor_w = fl;
          sig[0] = sg;
          stepped = true;
          break;
        }
      }
      if (!stepped)
        swap_states(&c); /* back to u's */
    }
    if (bad)
      break;
    if (done && stepped) {
      it++; /* counted as the iteration that finds it converged */
      status = 0;
      break;
    }
    if (!stepped) {
      if (fallbacks >= MAX_FALLBACKS)
        break;
      fallbacks++;
      pgs(&c, u);
      have = false;
      cycles = 0;
    }
  }
  info->iterations = it;
  info->fallbacks = fallbacks;
  if (status == 0) {
    double m = 0.0;
    for (size_t i = 0; i < b->n; i++) {
      double a = fabs(c.r[2 * i]) / c.load; /* finite: converged */
      m = a > m ? a : m;
    }
    if (c.sp_p != sp_p0) { /* the solution's states where fit_solve_supports looks */
      memcpy(sp_p0, c.sp_p, b->n * sizeof *sp_p0);
      memcpy(sp_zf0, c.sp_zf, b->n * sizeof *sp_zf0);
    }
    info->residual = m;
    for (size_t j = 0; j < N; j++)
      if (!isfinite(u[j]))
        status = -1;
  }
  if (status != 0)
    bbu_error_set(err, BB_EX_SOFTWARE, NULL, 0, 0, "",
                  "the support model did not converge (%d Newton steps, %d "
                  "fallbacks)",
                  it, fallbacks);
  free(own);
  return status;
}

double fit_moment(const fit_beam *b, const double *u, size_t i) {
  double h = b->h, s = 0.0;
  int k = 0;
  if (i + 1 < b->n) { /* start of element i */
    const double *e = u + 2 * i;
    s += b->ei[i] * (-6 * e[0] - 4 * h * e[1] + 6 * e[2] - 2 * h * e[3]) / (h * h);
    k++;
  }
  if (i > 0) { /* end of element i-1 */
    const double *e = u + 2 * (i - 1);
    s += b->ei[i - 1] * (6 * e[0] + 2 * h * e[1] - 6 * e[2] + 4 * h * e[3]) / (h * h);
    k++;
  }
  return k ? s / k : 0.0;
}

double fit_interp_w(const fit_beam *b, const double *u, double x) {
  double pos = x / b->h;
  size_t e;
  if (pos <= 0.0)
    return u[0];
  e = (size_t)pos;
  if (e >= b->n - 1)
    return u[2 * (b->n - 1)];
  double xi = pos - (double)e, h = b->h;
  double x2 = xi * xi, x3 = x2 * xi;
  const double *q = u + 2 * e;
  return (1 - 3 * x2 + 2 * x3) * q[0] + h * (xi - 2 * x2 + x3) * q[1] + (3 * x2 - 2 * x3) * q[2] +
         h * (x3 - x2) * q[3];
}
