/*
 * fit_judge.c -- the judge: a solved pose's verdict, reasons and penalty
 * (docs/model.md, "Verdict"), the direction each alignment metric points
 * across the firmness sweep (its pivot), and the verdicts, best firmness
 * and range of a whole sweep (spec/fit.md).
 */
#include "fit.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Weights of the combined penalty that picks the best firmness and the
 * best zoning: each term is a metric over its tolerance, squared.
 * Pressure weighs four times alignment: it is the metric that tracks the
 * trial evidence (medium-firm beat firm, Kovacs 2003). The sink enters
 * neither: side-lying the tilt carries it, supine the pelvis drop.
 * CALIBRATION, not validation: with these the ANSUR-average man and woman
 * come out in 5-7 (docs/model.md). */
#define W_ALIGN 1.0
#define W_PRESSURE 4.0
#define W_SINK_SIDE 0.0
#define W_SINK_BACK 0.0
/* Supine, the pelvis drop enters the penalty over 15 mm (its verdict
 * threshold is FIT_PELVIS_DROP_MM, 10 mm): the landscape of the supine
 * penalty is flat, and this is the scale with which the ANSUR-average man
 * and woman come out in 5-7 (calibration, docs/model.md). Now that the
 * pelvis drop shows the pelvis hanging (the pelvis presses harder than the
 * shoulder blades), the pelvis sink no longer enters directly. */
#define PEN_DROP_MM 15.0
/* A zoning or firmness that is not ok never beats one that is. */
#define NOT_OK_PENALTY 100.0

double fit_judge_objective(const fit_case *c) {
  return c->penalty + (c->verdict == BB_FIT_OK ? 0.0 : NOT_OK_PENALTY);
}

void fit_judge_reason(fit_case *c, const char *fmt, ...) {
  va_list ap;
  if (c->nreasons >= 3)
    return;
  va_start(ap, fmt);
  vsnprintf(c->reasons[c->nreasons++], sizeof c->reasons[0], fmt, ap);
  va_end(ap);
}

/* The verdict (docs/model.md, "Verdict"). Each metric out of tolerance
 * votes for the direction in which a change of firmness brings it back:
 * sinking past half the mattress, bottoming out and (back) the pelvis
 * dropping can only be cured by a firmer surface, so they always vote
 * too soft (even at firmness 10: then a firmer or thicker mattress than
 * the scale offers is needed); peak pressure and (back) the unsupported
 * lower back only by a softer one, so they vote too firm. Side-lying tilt
 * and waist sag have no fixed direction (tilt grows both on very soft
 * foam, where the heavy pelvis sinks, and on near-rigid surfaces, where
 * the shoulder stands proud): dir_tilt / dir_sag say where they improve,
 * +1 toward firmer, -1 toward softer, +2 / -2 the same off the end of the
 * scale (at 10 a firmer one would help, but there is none; at 1 a softer
 * one), 0 when no uniform firmness does better and none would beyond the
 * scale either. Such a metric still votes, by the sign of the misalignment
 * (shoulder end high: the shoulder cannot sink in, too firm for it; waist
 * below the line: too soft under it), and the reasons say that no uniform
 * mattress lessens it. So a threshold crossed is never `ok` (spec/fit.md:
 * `ok` values make the range), and too soft at 10 or too firm at 1 comes
 * only from sinking or pressure or from what "even the firmest / softest
 * uniform mattress" leaves.
 * When votes disagree (a firmer mattress would cure one metric and worsen
 * another) `lean` decides: +1 too soft, -1 too firm (the side of the best
 * firmness of the sweep, which keeps verdicts monotone across it), 0 the
 * side whose worst metric lies further past its threshold. */
typedef struct {
  char text[3][160];
  int n;
  double worst; /* largest metric / threshold among the votes */
  bool quiet;   /* count the votes, write no text (a screen) */
} fit_votes;

static void vote(fit_votes *v, double excess, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void vote(fit_votes *v, double excess, const char *fmt, ...) {
  va_list ap;
  if (excess > v->worst)
    v->worst = excess;
  if (v->n >= 3)
    return;
  if (v->quiet) {
    v->n++;
    return;
  }
  va_start(ap, fmt);
  vsnprintf(v->text[v->n++], sizeof v->text[0], fmt, ap);
  va_end(ap);
}

void fit_judge_case(fit_case *c, int pos, double thick, int dir_tilt, int dir_sag, int lean) {
  double limit = FIT_SINK_MAX_FRACTION * thick * 1000.0;
  double bottom = FIT_BOTTOM_FRACTION * thick * 1000.0;
  double pmax = fmax(c->p_shoulder, c->p_hip);
  const char *sh = pos == FIT_SIDE ? "shoulder" : "upper back";
  const char *hp = pos == FIT_SIDE ? "hip" : "pelvis";
  fit_votes soft = {{""}, 0, 0.0, c->quiet}, firm = {{""}, 0, 0.0, c->quiet};
  c->nreasons = 0;
  if (fmax(c->sink_hip, c->sink_waist) > limit)
    vote(&soft, fmax(c->sink_hip, c->sink_waist) / limit,
         "the %s sinks %.0f mm, more than half of the %.0f mm mattress",
         c->sink_hip >= c->sink_waist ? hp : "waist", fmax(c->sink_hip, c->sink_waist),
         thick * 1000.0);
  if (c->sink_shoulder > bottom)
    vote(&soft, c->sink_shoulder / bottom,
         "the %s sinks %.0f mm and bottoms out (%.0f %% of the %.0f mm mattress)", sh,
         c->sink_shoulder, 100.0 * c->sink_shoulder / (thick * 1000.0), thick * 1000.0);
  if (pos == FIT_BACK && c->pelvis_drop_mm > FIT_PELVIS_DROP_MM)
    vote(&soft, c->pelvis_drop_mm / FIT_PELVIS_DROP_MM,
         "the pelvis sinks %.0f mm deeper than the shoulder blades (limit %.0f mm)",
         c->pelvis_drop_mm, FIT_PELVIS_DROP_MM);
  /* Alignment votes the way firmness lessens it. At its pivot (no uniform
   * firmness does better) it still votes: off the end of the scale, the
   * way that would help ("even the firmest ..."); inside it, by what the
   * sign says of the body (shoulder end high: the shoulder cannot sink in,
   * too firm for it; low: it sinks in too far), and the reasons say no
   * uniform mattress lessens it. A threshold crossed is never `ok`. */
  static const char *const beyond[5] = {"; even the softest uniform mattress leaves that", "", "",
                                        "", "; even the firmest uniform mattress leaves that"};
  if (pos == FIT_SIDE && fabs(c->tilt_deg) > FIT_TILT_TOL_DEG) {
    double t = fabs(c->tilt_deg), ex = t / FIT_TILT_TOL_DEG;
    const char *hl = c->tilt_deg > 0 ? "higher" : "lower";
    int d = dir_tilt ? dir_tilt : (c->tilt_deg > 0 ? -1 : 1);
    const char *tail =
        dir_tilt ? beyond[dir_tilt + 2] : "; no firmer or softer uniform mattress lessens that";
    if (d > 0)
      vote(&soft, ex, "%s: the shoulder end lies %.1f deg %s than the hip (tolerance %.0f deg)%s",
           c->tilt_deg > 0 ? "the hips sink in" : "the shoulder sinks in too far", t, hl,
           FIT_TILT_TOL_DEG, tail);
    else
      vote(&firm, ex, "%s: the shoulder end lies %.1f deg %s than the hip (tolerance %.0f deg)%s",
           c->tilt_deg > 0 ? "the shoulder cannot sink in" : "the hip cannot sink in", t, hl,
           FIT_TILT_TOL_DEG, tail);
  }
  if (pos == FIT_SIDE && fabs(c->sag_mm) > FIT_SAG_TOL_MM) {
    double s = fabs(c->sag_mm), ex = s / FIT_SAG_TOL_MM;
    const char *ba = c->sag_mm > 0 ? "below" : "above";
    int d = dir_sag ? dir_sag : (c->sag_mm > 0 ? 1 : -1);
    const char *tail =
        dir_sag ? beyond[dir_sag + 2] : "; no firmer or softer uniform mattress lessens that";
    vote(d > 0 ? &soft : &firm, ex,
         "the waist lies %.0f mm %s the shoulder-hip line (tolerance %.0f mm)%s", s, ba,
         FIT_SAG_TOL_MM, tail);
  }
  if (pos == FIT_BACK && c->lumbar_gap_mm > FIT_LUMBAR_GAP_MM)
    vote(&firm, c->lumbar_gap_mm / FIT_LUMBAR_GAP_MM,
         "the lower back hangs %.0f mm above the surface (limit %.0f mm)", c->lumbar_gap_mm,
         FIT_LUMBAR_GAP_MM);
  if (pmax > FIT_PEAK_PRESSURE_KPA)
    vote(&firm, pmax / FIT_PEAK_PRESSURE_KPA,
         "peak pressure at the %s is %.1f kPa, above %.1f kPa (80 mmHg)",
         c->p_shoulder >= c->p_hip ? sh : hp, pmax, FIT_PEAK_PRESSURE_KPA);

  const fit_votes *win = NULL, *lose = NULL;
  if (soft.n && firm.n) {
    bool s = lean > 0 || (lean == 0 && soft.worst >= firm.worst);
    win = s ? &soft : &firm;
    lose = s ? &firm : &soft;
  } else if (soft.n || firm.n) {
    win = soft.n ? &soft : &firm;
  }
  c->verdict = !win ? BB_FIT_OK : win == &soft ? BB_FIT_TOO_SOFT : BB_FIT_TOO_FIRM;
  for (int k = 0; win && !c->quiet && k < win->n; k++)
    fit_judge_reason(c, "%s", win->text[k]);
  for (int k = 0; lose && !c->quiet && k < lose->n; k++)
    fit_judge_reason(c, "but %s (a %s mattress would make that worse)", lose->text[k],
                     win == &soft ? "firmer" : "softer");

  double a1, a2, ws;
  if (pos == FIT_SIDE) {
    a1 = c->tilt_deg / FIT_TILT_TOL_DEG;
    a2 = c->sag_mm / FIT_SAG_TOL_MM;
    ws = W_SINK_SIDE;
  } else {
    a1 = c->pelvis_drop_mm / PEN_DROP_MM;
    a2 = c->lumbar_gap_mm / FIT_LUMBAR_GAP_MM;
    ws = W_SINK_BACK;
  }
  double pr = pmax / FIT_PEAK_PRESSURE_KPA, sk = c->sink_hip / limit;
  c->penalty = W_ALIGN * (a1 * a1 + a2 * a2) + W_PRESSURE * pr * pr + ws * sk * sk;
}

/* Directions for firmness f from the whole sweep: each alignment metric
 * points toward the firmness of the 1-10 range where it is least (its
 * pivot): +1 when that is firmer than f, -1 when softer, 0 at the pivot
 * itself (no other uniform firmness improves it). One pivot per metric
 * makes the verdicts monotone across the sweep. */
static int sweep_pivot(const fit_case *sw, bool sag) {
  int p = 1;
  for (int f = 2; f <= 10; f++) {
    double a = sag ? fabs(sw[f - 1].sag_mm) : fabs(sw[f - 1].tilt_deg);
    double b = sag ? fabs(sw[p - 1].sag_mm) : fabs(sw[p - 1].tilt_deg);
    if (a < b)
      p = f;
  }
  return p;
}

/* +1: a firmer mattress lessens the metric, -1: a softer one does; at the
 * metric's pivot 0, except at the ends of the scale: 2 at firmness 10 when
 * the metric would keep shrinking beyond it (firmer helps, but there is no
 * firmer), -2 likewise at 1. */
static int pivot_dir(int pivot, int f) {
  if (pivot != f)
    return pivot > f ? 1 : -1;
  return f == 10 ? 2 : f == 1 ? -2 : 0;
}

void fit_judge_sweep_dirs(const fit_case *sw, int f, int *dt, int *ds) {
  *dt = pivot_dir(sweep_pivot(sw, false), f);
  *ds = pivot_dir(sweep_pivot(sw, true), f);
}

/* Directions for a mattress that is not one of the uniform ten: one more
 * solve on a 20 % stiffer version of it. */
int fit_judge_probe_dirs(const fit_profile *prof, const fit_mattress *m, const fit_case *c,
                         double pillow, int pf, const double *u, int *dt, int *ds, bb_error *err) {
  size_t n = prof->n;
  fit_mattress s = *m;
  fit_case p;
  double *w = malloc(2 * n * sizeof *w);
  int sign = 1;
  if (!w) {
    fit_fail(err, BB_EX_SOFTWARE, "", "out of memory");
    return -1;
  }
  memcpy(w, u, 2 * n * sizeof *w);
  if (s.ks > 0.0) {
    s.ks *= 1.2;
  } else {
    bool all10 = true;
    for (int k = 0; k < 3; k++) {
      all10 = all10 && s.zone[k] >= 10;
      s.zone[k] = s.zone[k] < 10 ? s.zone[k] + 1 : 10;
    }
    if (all10) { /* probe softer instead */
      sign = -1;
      for (int k = 0; k < 3; k++)
        s.zone[k] = 9;
    }
  }
  int rc = fit_case_solve_p(prof, &s, pillow, pf, false, &p, w, true, err);
  free(w);
  if (rc != 0)
    return -1;
  *dt = (fabs(p.tilt_deg) < fabs(c->tilt_deg) ? 1 : -1) * sign;
  *ds = (fabs(p.sag_mm) < fabs(c->sag_mm) ? 1 : -1) * sign;
  /* every zone at 10 (or at 1) and the way out of the scale is the one
   * that helps: the direction stands, marked as off the scale (2, -2) */
  bool top = s.ks == 0.0 && sign < 0, low = s.ks == 0.0;
  for (int k = 0; low && k < 3; k++)
    low = m->zone[k] <= 1;
  if ((top && *dt > 0) || (low && *dt < 0))
    *dt *= 2;
  if ((top && *ds > 0) || (low && *ds < 0))
    *ds *= 2;
  return 0;
}

void fit_judge_sweep(fit_case sw[10], int pos, double thick, fit_position *P, double pen[10]) {
  /* Verdicts across the sweep (docs/model.md, Verdict). `best` is the
   * least penalty among the ok values (ok: every metric within
   * tolerance), or overall when none is. A second pass settles values
   * whose votes disagree on the side of `best`. */
  for (int pass = 0; pass < 2; pass++) {
    for (int f = 1; f <= 10; f++) {
      int dt, ds;
      fit_judge_sweep_dirs(sw, f, &dt, &ds);
      fit_judge_case(&sw[f - 1], pos, thick, dt, ds,
                     pass ? (f < P->best   ? 1
                             : f > P->best ? -1
                                           : 0)
                          : 0);
      P->verdict_by_firmness[f - 1] = sw[f - 1].verdict;
      P->tilt_by_firmness[f - 1] = sw[f - 1].tilt_deg;
      pen[f - 1] = fit_judge_objective(&sw[f - 1]);
    }
    P->best = 1;
    for (int f = 2; f <= 10; f++)
      if (pen[f - 1] < pen[P->best - 1])
        P->best = f;
  }
  /* the range: the ok values around best (fit.md) */
  if (P->verdict_by_firmness[P->best - 1] == BB_FIT_OK) {
    P->range_lo = P->range_hi = P->best;
    while (P->range_lo > 1 && P->verdict_by_firmness[P->range_lo - 2] == BB_FIT_OK)
      P->range_lo--;
    while (P->range_hi < 10 && P->verdict_by_firmness[P->range_hi] == BB_FIT_OK)
      P->range_hi++;
  }
}
