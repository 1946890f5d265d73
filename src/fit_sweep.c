/*
 * fit_sweep.c -- one position of a fit: the firmness sweep 1-10, the
 * person's mattress, the pillow needed, and the zone search when asked.
 */
#include "fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The pillow under the head when the person's is not known, cm. */
#define PILLOW_GUESS_SIDE 12.0
#define PILLOW_GUESS_BACK 8.0

int fit_sweep_position(const bb_fit *fit, int pos, fit_position *P, bb_error *err) {
  const bb_fit_input *in = &fit->in;
  const fit_body *body = &fit->body;
  size_t n = FIT_NODES;
  int rc = -1;
  int pf = in->pillow_firmness >= 0 && in->pillow_firmness <= 2 ? in->pillow_firmness : 1;
  bool pillow_known = isfinite(in->pillow_height_cm);
  double guess = pillow_known ? in->pillow_height_cm
                              : (pos == FIT_SIDE ? PILLOW_GUESS_SIDE : PILLOW_GUESS_BACK);
  double *u = calloc(2 * n, sizeof *u), *u0 = calloc(2 * n, sizeof *u0);
  /* the solved shape of every uniform firmness: warm starts for the
   * pillow solves and the zone search */
  double *usw = calloc(20 * n, sizeof *usw);
  double pen[10];
  fit_case cs;
  memset(P, 0, sizeof *P);
  P->position = pos;
  P->pillow_current_cm = pillow_known ? in->pillow_height_cm : (double)NAN;
  fit_profile profile = {0};
  const fit_profile *prof = &profile;
  if (!u || !u0 || !usw || fit_case_profile_make(&profile, body, pos, n) != 0) {
    fit_fail(err, BB_EX_SOFTWARE, "", "out of memory");
    goto out;
  }

  /* One pillow for every pose of this position, so that the sweep, the
   * person's mattress and the zone search judge the same body: the
   * person's own pillow, or a typical one (PILLOW_GUESS_*) when it is not
   * known. (The pillow this body needs was tried instead: it moves the
   * calibrated best firmness of the average man from 7 to 8, docs/model.md.)
   * The height needed is worked out separately and reported. */
  P->pillow_pose_cm = guess;

  /* every uniform firmness 1..10 (warm-started from the softer one) */
  fit_case sw[10];
  for (int f = 1; f <= 10; f++) {
    fit_mattress m = {fit->thick, 0.0, {f, f, f}};
    if (f > 1)
      memcpy(u, usw + (size_t)(f - 2) * 2 * n, 2 * n * sizeof *u);
    if (fit_case_solve_p(prof, &m, guess, pf, false, &sw[f - 1], u, f > 1, err) != 0)
      goto out;
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

  /* The person's mattress, on the position's one pillow (on a uniform
   * mattress the sweep solved this pose already: its shape is the start).
   * The height needed comes from a pose on roughly that height, solved
   * from there. */
  bool uniform = cur.ks == 0.0 && cur.zone[0] == cur.zone[1] && cur.zone[1] == cur.zone[2];
  const double *ucur = uniform ? usw + (size_t)(cur.zone[0] - 1) * 2 * n : NULL;
  if (ucur)
    memcpy(u0, ucur, 2 * n * sizeof *u0);
  if (fit_case_solve_p(prof, &cur, guess, pf, true, &P->cur, u0, ucur != NULL, err) != 0)
    goto out;
  double need = P->cur.pillow_needed_cm;
  if (fit_case_solve_p(prof, &cur, need, pf, false, &cs, u0, true, err) != 0)
    goto out;
  need = cs.pillow_needed_cm;
  P->cur.pillow_needed_cm = need;
  P->cur.pillow_loaded_cm = cs.pillow_loaded_cm;
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
    else if (fit_judge_probe_dirs(prof, &cur, &P->cur, guess, pf, u0, &dt, &ds, err) != 0)
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
    if (fit_zones_search(prof, fit->thick, pen, usw, u0, guess, pf, P, err) != 0)
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
