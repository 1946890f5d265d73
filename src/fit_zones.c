/*
 * fit_zones.c -- the zone search (side-lying): the shoulder, waist and hip
 * firmness that best aligns this body (docs/model.md, "Zone search").
 */
#include "fit.h"

#include <stdlib.h>
#include <string.h>

/* The zone search (side): the shoulder/waist/hip firmness that best aligns
 * this body. A pattern search from the best uniform firmness: poll the
 * eight moves (one zone one step, and the shoulder-hip swap) and take the
 * first that improves, and keep taking that move while it improves before
 * polling again (the optimum usually lies several steps along one zone).
 * A poll starts with the move taken last, the first with a firmer waist:
 * over the 6,068 ANSUR II bodies every zoning found has a waist firmer than
 * the best uniform firmness (and a softer hip). It stops at a zoning no
 * move improves, so the zoning is still a local optimum over the same
 * eight moves. Every zoning is solved at most once (memo); uniform zonings
 * are the sweep's.
 *
 * Taking the first improving move instead of the best of the eight halves
 * the candidates solved (33 -> 19 for the bundled example) and lands on a
 * different local optimum in 609 of the 6,068 bodies: better in 395, worse
 * in 133 (the rest equal to 1e-3), the mean objective the same (1.0924 ->
 * 1.0922); the zoning's verdict and whether the text shows it did not
 * change for any (bench/fit_agree, docs/performance.md). Taking the first
 * improving move starting from the first move in the table was tried too:
 * better zonings (mean 1.0871) but a fifth more candidates.
 *
 * The search is a screening (fit_case_screen): each candidate takes one
 * full Newton step from the shape of the zoning it steps from, and its
 * metrics are read there, in the regions the objective weighs only,
 * without reasons. A step after which other nodes touch the foam than
 * before is checked instead (line search, converged to ZONE_SCREEN_TOL,
 * force residual / body weight; the solver's own is 1e-10): without that
 * check the screen chose a worse zoning for 74 of the 6,068 ANSUR II
 * bodies; with it, the same zonings as the checked screen for every one.
 * The zoning it settles on is then solved to FIT_SWEEP_TOL, and that is
 * what is reported; if that solve is no better than the best uniform
 * firmness, the uniform firmness is reported. Screening on a mesh of half
 * the nodes was tried and dropped: peak pressure depends on the mesh, and
 * the zonings it chose were measurably worse. */
#define ZONE_SCREEN_TOL 1e-3

typedef struct {
  const fit_profile *prof;
  double thick;
  int pf;       /* pillow firmness */
  double guess; /* the pillow the sweep used */
  size_t n;
  double *u0;        /* scratch: one shape */
  const double *usw; /* the sweep's shapes, firmness 1..10 */
  const double *pen; /* the sweep's objective */
  struct zmemo {
    double obj;
    short slot;
    bool seen;
  } * memo;     /* 1000 zonings */
  double *pool; /* ZPOOL kept shapes */
  int npool;
} zsearch;

enum { ZPOOL = 16 };

static bool zone_valid(const int z[3]) {
  for (int k = 0; k < 3; k++)
    if (z[k] < 1 || z[k] > 10)
      return false;
  return true;
}

/* The memo entry of zoning z, solving it when new (starting from uc).
 * NULL with err on failure. */
static struct zmemo *zone_eval(zsearch *zs, const int z[3], const double *uc, bb_error *err) {
  size_t n = zs->n;
  struct zmemo *e = &zs->memo[(z[0] - 1) * 100 + (z[1] - 1) * 10 + z[2] - 1];
  if (e->seen)
    return e;
  if (z[0] == z[1] && z[1] == z[2]) { /* uniform: the sweep's */
    e->obj = zs->pen[z[0] - 1];
    e->slot = (short)(-z[0]); /* -f: the sweep's shape of f */
    e->seen = true;
    return e;
  }
  fit_mattress m = {zs->thick, 0.0, {z[0], z[1], z[2]}};
  fit_case c;
  memcpy(zs->u0, uc, 2 * n * sizeof *zs->u0);
  if (fit_case_screen(zs->prof, &m, zs->guess, zs->pf, &c, zs->u0, ZONE_SCREEN_TOL, err) != 0)
    return NULL;
  e->obj = fit_judge_objective(&c);
  e->slot = ZPOOL; /* no shape kept */
  if (zs->npool < ZPOOL) {
    memcpy(zs->pool + (size_t)zs->npool * 2 * n, zs->u0, 2 * n * sizeof *zs->u0);
    e->slot = (short)zs->npool++;
  }
  e->seen = true;
  return e;
}

/* pen: the uniform sweep's objective; usw: its shapes (full
 * mesh); u0: scratch for one full shape. */
int fit_zones_search(const fit_profile *prof, double thick, const double *pen, const double *usw,
                     double *u0, double guess, int pf, fit_position *P, bb_error *err) {
  static const int moves[8][3] = {{-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0},
                                  {0, 0, -1}, {0, 0, 1}, {-1, 0, 1}, {1, 0, -1}};
  size_t n = prof->n;
  int rc = -1;
  int z[3] = {P->best, P->best, P->best};
  zsearch zs = {prof,
                thick,
                pf,
                guess,
                n,
                u0,
                usw,
                pen,
                calloc(1000, sizeof(struct zmemo)),
                malloc((size_t)ZPOOL * 2 * n * sizeof(double)),
                0};
  if (!zs.memo || !zs.pool) {
    fit_fail(err, BB_EX_SOFTWARE, "", "out of memory");
    goto out;
  }
  const double *uc = usw + (size_t)(P->best - 1) * 2 * n; /* shape at z */
  double bestobj = pen[P->best - 1];
  int last = 3; /* the move to poll first: waist one firmer */
  for (int pass = 0; pass < 60; pass++) {
    int bm = -1;
    const struct zmemo *be = NULL;
    for (int j = 0; j < 8; j++) {
      int k = (j + last) % 8;
      int t[3] = {z[0] + moves[k][0], z[1] + moves[k][1], z[2] + moves[k][2]};
      if (!zone_valid(t))
        continue;
      const struct zmemo *e = zone_eval(&zs, t, uc, err);
      if (!e)
        goto out;
      if (e->obj < bestobj - 1e-9) { /* the first that improves */
        bm = k;
        be = e;
        break;
      }
    }
    last = bm >= 0 ? bm : last;
    if (bm < 0)
      break;
    /* take the move, and keep taking it while it improves */
    do {
      for (int j = 0; j < 3; j++)
        z[j] += moves[bm][j];
      bestobj = be->obj;
      if (be->slot < 0)
        uc = usw + (size_t)(-be->slot - 1) * 2 * n;
      else if (be->slot < ZPOOL)
        uc = zs.pool + (size_t)be->slot * 2 * n;
      int t[3] = {z[0] + moves[bm][0], z[1] + moves[bm][1], z[2] + moves[bm][2]};
      be = NULL;
      if (zone_valid(t)) {
        const struct zmemo *e = zone_eval(&zs, t, uc, err);
        if (!e)
          goto out;
        if (e->obj < bestobj - 1e-9)
          be = e;
      }
    } while (be);
  }
  /* the best uniform firmness, as the sweep judged it, unless a zoning
   * solved in full does better */
  P->zones[0] = P->zones[1] = P->zones[2] = P->best;
  P->zones_verdict = P->verdict_by_firmness[P->best - 1];
  P->zones_tilt = P->tilt_by_firmness[P->best - 1];
  P->zones_penalty = pen[P->best - 1];
  if (!(z[0] == z[1] && z[1] == z[2])) {
    fit_mattress m = {thick, 0.0, {z[0], z[1], z[2]}};
    fit_case c;
    memcpy(u0, uc, 2 * n * sizeof *u0);
    if (fit_case_solve_tol(prof, &m, guess, pf, false, &c, u0, true, FIT_SWEEP_TOL, err) != 0)
      goto out;
    double obj = fit_judge_objective(&c);
    if (obj < P->zones_penalty - 1e-9) {
      memcpy(P->zones, z, sizeof z);
      P->zones_penalty = obj;
      P->zones_verdict = c.verdict;
      P->zones_tilt = c.tilt_deg;
    }
  }
  P->zones_run = true;
  rc = 0;
out:
  free(zs.memo);
  free(zs.pool);
  return rc;
}
