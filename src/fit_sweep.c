/*
 * fit_sweep.c -- one position of a fit: the firmness sweep 1-10, the
 * person's mattress, the pillow needed, and the zone search when asked.
 */
#include "fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Where the search for the pillow a body needs starts, cm: a typical
 * pillow. */
#define PILLOW_GUESS_SIDE 12.0
#define PILLOW_GUESS_BACK 8.0
/* The pose's pillow is the one it needs to within this, cm: 0.15 cm moves
 * the side tilt by about 0.06 deg (0.35-0.45 deg per cm), a sixth of the
 * 0.1 deg the tilt is shown to; 0.05 cm cost a second solve at most
 * firmness values (22 instead of 16 solves in a side sweep). */
#define PILLOW_FIX_TOL_CM 0.15
#define PILLOW_FIX_STEPS 4

/* The pose of the body on mattress m on the pillow it needs there: the
 * needed height N(p) depends on the pose, and the pose on the pillow p
 * under the head (a little: dN/dp is about 0.1-0.2), so p = N(p) is found
 * by iteration from the predicted height *pillow (fixed-point step, then
 * secant), each solve warm-started from the last; usually one or two
 * solves. On return c is the pose on *pillow, whose need
 * c->pillow_needed_cm is within PILLOW_FIX_TOL_CM of it (or the last of
 * PILLOW_FIX_STEPS). */
static int pose_on_needed(const fit_profile *prof, const fit_mattress *m, double *pillow, int pf,
                          bool keep, fit_case *c, double *u, bool warm, bb_error *err) {
  double p = *pillow, pp = 0.0, gp = 0.0;
  for (int k = 0; k < PILLOW_FIX_STEPS; k++) {
    if (k > 0)
      fit_case_release(c);
    if (fit_case_solve_tol(prof, m, p, pf, keep, c, u, warm || k > 0, FIT_SWEEP_TOL, err) != 0)
      return -1;
    double g = c->pillow_needed_cm - p;
    if (fabs(g) <= PILLOW_FIX_TOL_CM || k + 1 == PILLOW_FIX_STEPS)
      break;
    double next = c->pillow_needed_cm;
    if (k > 0 && fabs(g - gp) > 1e-9) { /* secant on g(p) = N(p) - p */
      double s = p - g * (p - pp) / (g - gp);
      if (isfinite(s) && s > 0.0)
        next = s;
    }
    pp = p;
    gp = g;
    p = next < 0.0 ? 0.0 : next;
  }
  *pillow = p;
  return 0;
}

int fit_sweep_position(const bb_fit *fit, int pos, fit_position *P, bb_error *err) {
  const bb_fit_input *in = &fit->in;
  const fit_body *body = &fit->body;
  size_t n = FIT_NODES;
  int rc = -1;
  int pf = in->pillow_firmness >= 0 && in->pillow_firmness <= 2 ? in->pillow_firmness : 1;
  bool pillow_known = isfinite(in->pillow_height_cm);
  /* the search for the needed pillow starts from a typical one, never from
   * the person's: their pillow must not move the pose */
  double guess = pos == FIT_SIDE ? PILLOW_GUESS_SIDE : PILLOW_GUESS_BACK;
  double *u = calloc(2 * n, sizeof *u), *u0 = calloc(2 * n, sizeof *u0);
  /* the solved shape of every uniform firmness: warm starts for the
   * pillow solves and the zone search */
  double *usw = calloc(20 * n, sizeof *usw);
  double pen[10];
  memset(P, 0, sizeof *P);
  P->position = pos;
  P->pillow_current_cm = pillow_known ? in->pillow_height_cm : (double)NAN;
  fit_profile profile = {0};
  const fit_profile *prof = &profile;
  if (!u || !u0 || !usw || fit_case_profile_make(&profile, body, pos, n) != 0) {
    fit_fail(err, BB_EX_SOFTWARE, "", "out of memory");
    goto out;
  }

  /* Every mattress is judged on the pillow this body needs on it
   * (docs/model.md, "The pillow"): a pillow that does not fit tilts the
   * trunk by about 0.4 deg per cm, and judged on one pillow for all bodies
   * a light body's propped head read as hips sinking (firmer) and a heavy
   * body's hanging head as the opposite (softer). The person's own pillow
   * is judged by the pillow verdict; it does not pose the body.
   * Every uniform firmness 1..10, warm-started from the softer one, the
   * pillow predicted from the two before it (the need grows smoothly with
   * firmness). */
  fit_case sw[10];
  for (int f = 1; f <= 10; f++) {
    fit_mattress m = {fit->thick, 0.0, {f, f, f}};
    double pil = guess;
    if (f > 2) {
      /* the shape extrapolated from the two softer ones: the sweep's
       * shapes change smoothly with firmness, and a start on the line
       * through the last two saves a Newton step at most firmness values */
      const double *u1 = usw + (size_t)(f - 2) * 2 * n, *u2 = usw + (size_t)(f - 3) * 2 * n;
      for (size_t j = 0; j < 2 * n; j++)
        u[j] = 2.0 * u1[j] - u2[j];
    } else if (f > 1) {
      memcpy(u, usw + (size_t)(f - 2) * 2 * n, 2 * n * sizeof *u);
    }
    if (f > 1) {
      pil = sw[f - 2].pillow_needed_cm;
      if (f > 2)
        pil += sw[f - 2].pillow_needed_cm - sw[f - 3].pillow_needed_cm;
    }
    if (pose_on_needed(prof, &m, &pil, pf, false, &sw[f - 1], u, f > 1, err) != 0)
      goto out;
    P->pillow_by_firmness[f - 1] = pil;
    memcpy(usw + (size_t)(f - 1) * 2 * n, u, 2 * n * sizeof *u);
  }
  /* verdicts, best and range across the sweep; pen is what the zone
   * search starts from */
  fit_judge_sweep(sw, pos, fit->thick, P, pen);

  /* the person's mattress (or the best one when not known) */
  fit_mattress cur = {fit->thick, 0.0, {P->best, P->best, P->best}};
  if (isfinite(in->stiffness_kpa_m)) {
    cur.ks = in->stiffness_kpa_m * 1000.0;
  } else if (in->zone_shoulder > 0) {
    cur.zone[0] = in->zone_shoulder;
    cur.zone[1] = in->zone_waist;
    cur.zone[2] = in->zone_hip;
  } else if (in->firmness >= 1) {
    cur.zone[0] = cur.zone[1] = cur.zone[2] = in->firmness;
  }
  P->firmness = (!isfinite(in->stiffness_kpa_m) && in->zone_shoulder == 0) ? in->firmness : 0;

  /* The person's mattress on the pillow the body needs on it (on a
   * uniform mattress the sweep solved this very pose: same pillow, its
   * shape the start, so the verdicts agree with the sweep's). */
  bool uniform = cur.ks == 0.0 && cur.zone[0] == cur.zone[1] && cur.zone[1] == cur.zone[2];
  const double *ucur = uniform ? usw + (size_t)(cur.zone[0] - 1) * 2 * n : NULL;
  double pose =
      uniform ? P->pillow_by_firmness[cur.zone[0] - 1] : P->pillow_by_firmness[P->best - 1];
  if (ucur) {
    memcpy(u0, ucur, 2 * n * sizeof *u0);
    if (fit_case_solve_p(prof, &cur, pose, pf, true, &P->cur, u0, true, err) != 0)
      goto out;
    P->cur.pillow_needed_cm = sw[cur.zone[0] - 1].pillow_needed_cm;
    P->cur.pillow_loaded_cm = sw[cur.zone[0] - 1].pillow_loaded_cm;
  } else {
    memcpy(u0, usw + (size_t)(P->best - 1) * 2 * n, 2 * n * sizeof *u0);
    if (pose_on_needed(prof, &cur, &pose, pf, true, &P->cur, u0, true, err) != 0)
      goto out;
  }
  P->pillow_pose_cm = pose;
  double need = P->cur.pillow_needed_cm;
  if (pillow_known) {
    double d = in->pillow_height_cm - need;
    P->pillow_verdict = d < -FIT_PILLOW_TOL_CM  ? BB_FIT_TOO_LOW
                        : d > FIT_PILLOW_TOL_CM ? BB_FIT_TOO_HIGH
                                                : BB_FIT_OK;
  }
  {
    int dt, ds, f = cur.zone[0];
    if (uniform)
      fit_judge_sweep_dirs(sw, f, &dt, &ds);
    else if (fit_judge_probe_dirs(prof, &cur, &P->cur, pose, pf, u0, &dt, &ds, err) != 0)
      goto out;
    fit_judge_case(&P->cur, pos, fit->thick, dt, ds,
                   !uniform      ? 0
                   : f < P->best ? 1
                   : f > P->best ? -1
                                 : 0);
  }
  bool cur_ok = P->cur.verdict == BB_FIT_OK; /* before an unknown firmness hides it */
  if (P->firmness == 0 && !isfinite(in->stiffness_kpa_m) && in->zone_shoulder == 0)
    P->cur.verdict = BB_FIT_NONE;

  /* zone search (side): fit_zones.c */
  if (pos == FIT_SIDE && in->optimize_zones) {
    if (fit_zones_search(prof, fit->thick, pen, usw, u0, P->pillow_by_firmness[P->best - 1], pf, P,
                         err) != 0)
      goto out;
  }

  /* no uniform firmness suits: said unless this very mattress (a zoning
   * or an explicit stiffness) is ok itself */
  if (P->range_lo == 0 && !cur_ok) {
    fit_case *c = &P->cur;
    if (c->nreasons < 3) {
      if (P->zones_run && P->zones_verdict == BB_FIT_OK)
        fit_judge_reason(c,
                         "no uniform firmness suits this body; a zoned mattress does "
                         "(shoulder %d, waist %d, hip %d)",
                         P->zones[0], P->zones[1], P->zones[2]);
      else
        fit_judge_reason(c, "no uniform firmness suits this body");
    }
  }
  rc = 0;
out:
  fit_case_profile_free(&profile);
  free(u);
  free(u0);
  free(usw);
  return rc;
}
