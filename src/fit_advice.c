/*
 * fit_advice.c -- what the fit's results add up to for the person: one
 * firmness answer for every position modelled, and whether a zoning is
 * worth showing. Shared by the text (fit_render.c), the picture and the
 * assessment's findings, so that all of them say the same thing.
 * Reads the judged results only; changes nothing in the model.
 */
#include "fit.h"

#include <math.h>
#include <stdlib.h>

/* The contiguous run of firmness values ok in every position modelled
 * that holds (or lies nearest to) `near`; false when there is none. */
static bool run_ok_everywhere(const bb_fit *fit, int near, int *lo, int *hi) {
  bool ok[11] = {false};
  bool any = false;
  for (int f = 1; f <= 10; f++) {
    ok[f] = true;
    for (size_t i = 0; i < fit->npos; i++)
      ok[f] = ok[f] && fit->pos[i].verdict_by_firmness[f - 1] == BB_FIT_OK;
    any |= ok[f];
  }
  if (!any)
    return false;
  int c = 0;
  for (int d = 0; d <= 10 && !c; d++) /* the ok value nearest to `near` */
    if (near - d >= 1 && ok[near - d])
      c = near - d;
    else if (near + d <= 10 && ok[near + d])
      c = near + d;
  *lo = *hi = c;
  while (*lo > 1 && ok[*lo - 1])
    (*lo)--;
  while (*hi < 10 && ok[*hi + 1])
    (*hi)++;
  return true;
}

int bb_fit_firmness_advice(const bb_fit *fit, int *lo, int *hi, int *side_only) {
  *lo = *hi = 0;
  *side_only = 0;
  if (!fit || fit->npos == 0)
    return 0;
  const fit_position *first = &fit->pos[0];
  if (fit->npos == 1 || first->range_lo == 0) {
    /* one position, or the side-lying one has no ok value at all: the
     * side-lying answer is the answer (a mixed sleeper then hears it is
     * for the side, as no value suits both) */
    *lo = first->range_lo;
    *hi = first->range_hi;
    *side_only = fit->npos > 1;
    return first->best;
  }
  int best = first->best;
  if (!run_ok_everywhere(fit, best, lo, hi)) {
    *lo = first->range_lo;
    *hi = first->range_hi;
    *side_only = 1;
    return best;
  }
  /* the side-lying best when it suits both, otherwise the shared value
   * nearest to it */
  if (best < *lo)
    best = *lo;
  if (best > *hi)
    best = *hi;
  return best;
}

/* The tilt the person is shown without a zoning: on their own mattress,
 * and on the best uniform firmness the text recommends. */
static double shown_tilt(const fit_position *P) {
  double t = P->best >= 1 && P->best <= 10 ? fabs(P->tilt_by_firmness[P->best - 1]) : HUGE_VAL;
  if (P->cur.verdict != BB_FIT_NONE && fabs(P->cur.tilt_deg) < t)
    t = fabs(P->cur.tilt_deg);
  return t;
}

bool fit_zoning_worth_showing(const fit_position *P, double *gain_deg) {
  *gain_deg = 0.0;
  if (!P->zones_run || P->zones_verdict != BB_FIT_OK || P->position != FIT_SIDE)
    return false;
  /* The person's mattress suits them: nothing to improve on. */
  if (P->cur.verdict == BB_FIT_OK)
    return false;
  double before = shown_tilt(P);
  /* No uniform firmness is ok: the zoning is the answer when it is not
   * worse than the closest uniform one. */
  if (P->range_lo == 0) {
    *gain_deg = isfinite(before) ? before - fabs(P->zones_tilt) : 0.0;
    return *gain_deg >= 0.0;
  }
  *gain_deg = before - fabs(P->zones_tilt);
  return *gain_deg >= FIT_ZONE_GAIN_DEG;
}
