/*
 * fit.c -- the sleep-support fit: assemble the beam for a body, a position
 * and a mattress, solve it, read alignment, sink, pressure and the pillow
 * off the solution, and judge (spec/fit.md).
 */
#include "fit.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Pillow model (docs/model.md). */

/* The pillow spreads the head's load over about three times the head's
 * own contact width, so the foam under it is that much stiffer. */
#define PILLOW_SPREAD 3.0
/* A foam layer carries a dip sideways over about half its thickness: the
 * mattress under the pillow sinks with the shoulder beside it by
 * exp(-distance / (COUPLE_LENGTH x thickness)) of the shoulder's sink (a
 * Winkler bed alone would leave it flat, biasing the pillow low on soft
 * mattresses, biomech.md §8). */
#define COUPLE_LENGTH 0.5
/* First guess of the pillow under the head before the needed one is
 * known, cm. */
#define PILLOW_GUESS_SIDE 12.0
#define PILLOW_GUESS_BACK 8.0

/* Weights of the combined penalty that picks the best firmness and the
 * best zoning: each term is a metric over its tolerance, squared.
 * Pressure weighs four times alignment: it is the metric that tracks the
 * trial evidence (medium-firm beat firm, Kovacs 2003). Supine has no tilt
 * to show the pelvis hanging (the whole back sinks evenly), so there the
 * pelvis sink enters directly; side-lying, tilt already carries it.
 * CALIBRATION, not validation: with these the ANSUR-average man and woman
 * come out in 5-7 (docs/model.md). */
#define W_ALIGN 1.0
#define W_PRESSURE 4.0
#define W_SINK_SIDE 0.0
#define W_SINK_BACK 1.0
/* A zoning or firmness that is not ok never beats one that is. */
#define NOT_OK_PENALTY 100.0

#define G 9.81

void fit_fail(bb_error *err, int status, const char *key, const char *fmt, ...) {
  va_list ap;
  if (!err)
    return;
  memset(err, 0, sizeof *err);
  err->status = status;
  snprintf(err->key, sizeof err->key, "%s", key ? key : "");
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
}

void fit_str_printf(fit_str *b, const char *fmt, ...) {
  va_list ap;
  int n;
  if (b->failed)
    return;
  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = true;
    return;
  }
  if (b->len + (size_t)n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + (size_t)n + 1)
      cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
      b->failed = true;
      return;
    }
    b->s = s;
    b->cap = cap;
  }
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

const char *bb_fit_verdict_name(bb_fit_verdict v) {
  switch (v) {
  case BB_FIT_OK: return "ok";
  case BB_FIT_TOO_SOFT: return "too_soft";
  case BB_FIT_TOO_FIRM: return "too_firm";
  case BB_FIT_TOO_LOW: return "too_low";
  case BB_FIT_TOO_HIGH: return "too_high";
  default: return NULL;
  }
}

void bb_fit_input_init(bb_fit_input *in) {
  memset(in, 0, sizeof *in);
  in->sex = BB_SEX_OTHER;
  in->height_cm = (double)NAN;
  in->weight_kg = (double)NAN;
  in->shoulder_width_cm = (double)NAN;
  in->hip_width_cm = (double)NAN;
  in->head_width_cm = (double)NAN;
  in->position = BB_POS_SIDE;
  in->pillow_height_cm = (double)NAN;
  in->pillow_firmness = -1;
  in->thickness_cm = (double)NAN;
  in->stiffness_kpa_m = (double)NAN;
}

/* ------------------------------------------------------------------ */
/* One case */

static int zone_of(const fit_body *b, double x) {
  if (x < 0.5 * (b->x_shoulder + b->x_waist))
    return 0;
  if (x < 0.5 * (b->x_waist + b->x_hip))
    return 1;
  if (x < 0.5 * (b->x_hip + b->x_knee))
    return 2;
  return 1; /* legs: the middle setting */
}

void fit_case_release(fit_case *c) {
  free(c->w);
  c->w = c->standoff = c->zf = c->top = NULL;
}

static double peak_in(const double *v, size_t n, double h, double x0, double x1) {
  double m = 0.0;
  /* x_i = i h grows with i: start a node below x0 / h (nodes further
   * below fail x >= x0 by far more than round-off) and stop past x1 */
  size_t i = 0;
  if (x0 > 0.0) {
    double q = x0 / h;
    i = q < (double)n ? (size_t)q : n;
    i = i > 0 ? i - 1 : 0;
  }
  for (; i < n; i++) {
    double x = (double)i * h;
    if (x > x1)
      break;
    if (x >= x0 && v[i] > m)
      m = v[i];
  }
  return m;
}

static void add_reason(fit_case *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_reason(fit_case *c, const char *fmt, ...) {
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
} fit_votes;

static void vote(fit_votes *v, double excess, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void vote(fit_votes *v, double excess, const char *fmt, ...) {
  va_list ap;
  if (excess > v->worst)
    v->worst = excess;
  if (v->n >= 3)
    return;
  va_start(ap, fmt);
  vsnprintf(v->text[v->n++], sizeof v->text[0], fmt, ap);
  va_end(ap);
}

void fit_case_judge_ex(fit_case *c, int pos, double thick, int dir_tilt, int dir_sag, int lean) {
  double limit = FIT_SINK_MAX_FRACTION * thick * 1000.0;
  double bottom = FIT_BOTTOM_FRACTION * thick * 1000.0;
  double pmax = fmax(c->p_shoulder, c->p_hip);
  const char *sh = pos == FIT_SIDE ? "shoulder" : "upper back";
  const char *hp = pos == FIT_SIDE ? "hip" : "pelvis";
  fit_votes soft = {{""}, 0, 0.0}, firm = {{""}, 0, 0.0};
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
  for (int k = 0; win && k < win->n; k++)
    add_reason(c, "%s", win->text[k]);
  for (int k = 0; lose && k < lose->n; k++)
    add_reason(c, "but %s (a %s mattress would make that worse)", lose->text[k],
               win == &soft ? "firmer" : "softer");

  double a1, a2, ws;
  if (pos == FIT_SIDE) {
    a1 = c->tilt_deg / FIT_TILT_TOL_DEG;
    a2 = c->sag_mm / FIT_SAG_TOL_MM;
    ws = W_SINK_SIDE;
  } else {
    a1 = c->pelvis_drop_mm / FIT_PELVIS_DROP_MM;
    a2 = c->lumbar_gap_mm / FIT_LUMBAR_GAP_MM;
    ws = W_SINK_BACK;
  }
  double pr = pmax / FIT_PEAK_PRESSURE_KPA, sk = c->sink_hip / limit;
  c->penalty = W_ALIGN * (a1 * a1 + a2 * a2) + W_PRESSURE * pr * pr + ws * sk * sk;
}

void fit_case_judge(fit_case *c, int pos, double thick, int dir_tilt, int dir_sag) {
  fit_case_judge_ex(c, pos, thick, dir_tilt, dir_sag, 0);
}

void fit_profile_free(fit_profile *p) {
  free(p->mem);
  free(p->csp);
  p->mem = NULL;
  p->csp = NULL;
}

/* Everything about the body along the beam that does not depend on the
 * mattress: computed once per body, position and node count. */
int fit_profile_make(fit_profile *p, const fit_body *body, int pos, size_t n) {
  double L = body->height, h = L / (double)(n - 1);
  p->body = body;
  p->pos = pos;
  p->n = n;
  p->h = h;
  p->mem = calloc(n * 12 + fit_solve_work_size(n), sizeof *p->mem);
  p->csp = calloc(n, sizeof *p->csp);
  if (!p->mem || !p->csp) {
    fit_profile_free(p);
    return -1;
  }
  p->cmem = p->mem + n * 7;
  p->work = p->mem + n * 12;
  p->ei = p->mem;
  p->load = p->mem + n;
  p->stand = p->mem + 2 * n;
  p->width = p->mem + 3 * n;
  p->tt = p->mem + 4 * n;
  p->ta = p->mem + 5 * n;
  p->zone = p->mem + 6 * n;
  for (size_t i = 0; i < n; i++) {
    double x = (double)i * h;
    fit_section s;
    fit_body_section(body, pos, x, &s);
    if (i + 1 < n) {
      fit_section mid;
      fit_body_section(body, pos, x + 0.5 * h, &mid);
      p->ei[i] = mid.ei;
    }
    p->load[i] = fit_body_load(body, fmax(0.0, x - 0.5 * h), fmin(L, x + 0.5 * h));
    p->stand[i] = s.standoff;
    p->width[i] = s.width * ((i == 0 || i + 1 == n) ? 0.5 * h : h);
    p->tt[i] = s.tissue_t;
    p->ta[i] = s.tissue_a;
    p->zone[i] = zone_of(body, x);
  }
  fit_body_section(body, pos, body->x_ear, &p->head);
  fit_beam bend = {n, h, p->ei, p->load, NULL, NULL, p->work, false, 0.0};
  fit_solve_prepare(&bend);
  return 0;
}

int fit_case_solve(const fit_body *body, int pos, const fit_mattress *m, double pillow_cm,
                   int pillow_firmness, size_t n, bool keep, fit_case *c, double *u, bool warm,
                   bb_error *err) {
  fit_profile p;
  if (fit_profile_make(&p, body, pos, n) != 0) {
    fit_fail(err, BB_EX_SOFTWARE, "", "out of memory");
    return -1;
  }
  int rc = fit_case_solve_p(&p, m, pillow_cm, pillow_firmness, keep, c, u, warm, err);
  fit_profile_free(&p);
  return rc;
}

int fit_case_solve_p(const fit_profile *prof, const fit_mattress *m, double pillow_cm,
                     int pillow_firmness, bool keep, fit_case *c, double *u, bool warm,
                     bb_error *err) {
  return fit_case_solve_tol(prof, m, pillow_cm, pillow_firmness, keep, c, u, warm, 0.0, err);
}

int fit_case_solve_tol(const fit_profile *prof, const fit_mattress *m, double pillow_cm,
                       int pillow_firmness, bool keep, fit_case *c, double *u, bool warm,
                       double tol, bb_error *err) {
  const fit_body *body = prof->body;
  int pos = prof->pos;
  size_t n = prof->n;
  double L = body->height, h = prof->h;
  double pillow = pillow_cm > 0.0 ? pillow_cm / 100.0 : 0.0;
  int rc = -1;
  memset(c, 0, sizeof *c);
  double *mem = prof->cmem;
  fit_spring *sp = prof->csp;
  const double *ei = prof->ei, *load = prof->load, *stand = prof->stand;
  double *gap = mem, *top = mem + n, *pres = mem + 2 * n, *zf = mem + 3 * n, *dl = mem + 4 * n;
  double y0 = 0.0;
  fit_foam zfoam[3];
  for (int k = 0; k < 3; k++)
    zfoam[k] = m->ks > 0.0 ? fit_foam_for_modulus(m->ks, m->thick)
                           : fit_foam_for_firmness(m->zone[k], m->thick);
  for (size_t i = 0; i < n; i++) {
    double x = (double)i * h;
    fit_spring *q = &sp[i];
    top[i] = 0.0;
    q->nlayers = 0;
    q->area = prof->width[i];
    q->foam = zfoam[(int)prof->zone[i]];
    if (prof->tt[i] > 0.0) {
      q->lt[q->nlayers] = prof->tt[i];
      q->la[q->nlayers++] = prof->ta[i];
    }
    if (pillow > 0.0 && x <= body->x_neck) {
      top[i] = pillow;
      fit_pillow_layer(pillow, pillow_firmness, &q->lt[q->nlayers], &q->la[q->nlayers]);
      q->nlayers++;
      q->foam.e_mod *= PILLOW_SPREAD;
    }
    if (stand[i] + top[i] > y0)
      y0 = stand[i] + top[i];
  }
  for (size_t i = 0; i < n; i++)
    gap[i] = y0 - stand[i] - top[i];

  fit_beam beam = {n, h, ei, load, gap, sp, prof->work, true, tol};
  fit_solve_info info;
  if (fit_solve(&beam, u, warm, &info, err) != 0)
    goto done;
  c->iterations = info.iterations;

  /* read the solution */
  double force = 0.0, area = 0.0, wtot = 0.0;
  const double *sp_p = NULL, *sp_zf = NULL;
  bool solved_state = fit_solve_supports(&beam, &sp_p, &sp_zf);
  for (size_t i = 0; i < n; i++) {
    fit_state st;
    if (solved_state) { /* the solver's last evaluation: no second pass */
      st.p = sp_p[i];
      st.zf = sp_zf[i];
    } else {
      fit_spring_eval(&sp[i], u[2 * i] - gap[i], &st);
    }
    pres[i] = st.p / 1000.0;
    zf[i] = st.zf * 1000.0;
    dl[i] = u[2 * i] - gap[i];
    force += sp[i].area * st.p;
    if (st.p > 0.0)
      area += sp[i].area;
    wtot += load[i];
    if (st.zf > sp[i].foam.e_dens * sp[i].foam.thick && top[i] == 0.0)
      c->bottomed = true;
  }
  c->force_ratio = force / wtot;
  c->p_mean = area > 0.0 ? force / area / 1000.0 : 0.0;
  /* regions along the body */
  double sh0 = body->x_neck + h, sh1 = body->x_blade + 0.05 * L;
  double wa0 = body->x_waist - 0.04 * L, wa1 = body->x_waist + 0.04 * L;
  double hp0 = body->x_hip - 0.05 * L, hp1 = body->x_hip + 0.05 * L;
  c->sink_shoulder = peak_in(zf, n, h, sh0, sh1);
  c->sink_waist = peak_in(zf, n, h, wa0, wa1);
  c->sink_hip = peak_in(zf, n, h, hp0, hp1);
  c->p_shoulder = peak_in(pres, n, h, sh0, sh1);
  c->p_hip = peak_in(pres, n, h, hp0, hp1);

#define Y(x) (y0 - fit_interp_w(&beam, u, (x)))
  if (pos == FIT_SIDE) {
    double xs = body->x_shoulder, xh = body->x_hip, xw = body->x_waist;
    double ys = Y(xs), yh = Y(xh), yw = Y(xw);
    c->tilt_deg = atan2(ys - yh, xh - xs) * 180.0 / FIT_PI;
    c->sag_mm = (ys + (yh - ys) * (xw - xs) / (xh - xs) - yw) * 1000.0;
  } else {
    double gmax = 0.0;
    for (size_t i = 0; i < n; i++) {
      double x = (double)i * h;
      if (x >= body->x_blade && x <= body->x_hip && -dl[i] > gmax)
        gmax = -dl[i];
    }
    c->lumbar_gap_mm = gmax * 1000.0;
    c->pelvis_drop_mm = c->sink_hip - c->sink_shoulder;
  }

  /* Pillow needed (biomech.md §6): the loaded pillow fills the distance
   * from the head's lower outline to where the spine axis at the base of
   * the neck (acromion level; the neck itself bends with the pillow under
   * the head) wants the head, plus the mattress sink under the pillow. */
  {
    const fit_section hs = prof->head;
    double dist = body->x_shoulder - body->x_ear; /* pillow edge at the shoulder */
    double couple = exp(-dist / (COUPLE_LENGTH * m->thick));
    double wh = body->mass_head * G;
    fit_foam fm = m->ks > 0.0 ? fit_foam_for_modulus(m->ks, m->thick)
                              : fit_foam_for_firmness(m->zone[0], m->thick);
    /* the pillow's own footprint: head contact width x spread, 0.15 m */
    double pm = wh / (hs.width * PILLOW_SPREAD * 0.15);
    double own = pm / fit_foam_ks(&fm);
    double d_p = own + couple * c->sink_shoulder / 1000.0;
    double loaded = Y(pos == FIT_SIDE ? body->x_shoulder : body->x_blade) - hs.standoff + d_p;
    if (loaded < 0.0)
      loaded = 0.0;
    double ph = wh / (hs.width * 0.08 * L);
    double squeeze = fit_pillow_compression(pillow_firmness, ph);
    c->pillow_loaded_cm = loaded * 100.0;
    c->pillow_needed_cm = loaded / (1.0 - squeeze) * 100.0;
  }
#undef Y
  fit_case_judge(c, pos, m->thick, c->tilt_deg > 0 ? -1 : 1, c->sag_mm > 0 ? -1 : 1);

  if (keep) {
    c->w = malloc(4 * n * sizeof *c->w);
    if (!c->w) {
      fit_fail(err, BB_EX_SOFTWARE, "", "out of memory");
      goto done;
    }
    c->standoff = c->w + n;
    c->zf = c->w + 2 * n;
    c->top = c->w + 3 * n;
    for (size_t i = 0; i < n; i++) {
      c->w[i] = u[2 * i];
      c->standoff[i] = stand[i];
      c->zf[i] = zf[i] / 1000.0;
      c->top[i] = top[i];
    }
    c->n = n;
    c->h = h;
    c->y0 = y0;
  }
  c->ok = true;
  rc = 0;
  /* every reported number must be finite */
  {
    const double v[] = {c->tilt_deg,      c->sag_mm,     c->lumbar_gap_mm, c->pelvis_drop_mm,
                        c->sink_shoulder, c->sink_waist, c->sink_hip,      c->p_shoulder,
                        c->p_hip,         c->p_mean,     c->force_ratio,   c->pillow_needed_cm,
                        c->penalty};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
      if (!isfinite(v[i])) {
        fit_fail(err, BB_EX_SOFTWARE, "", "the support model produced a non-finite number");
        fit_case_release(c);
        c->ok = false;
        rc = -1;
        break;
      }
  }
done:
  return rc;
}

/* ------------------------------------------------------------------ */
/* One position: firmness sweep, the person's mattress, pillow, zones */

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

static void sweep_dirs(const fit_case *sw, int f, int *dt, int *ds) {
  *dt = pivot_dir(sweep_pivot(sw, false), f);
  *ds = pivot_dir(sweep_pivot(sw, true), f);
}

/* Directions for a mattress that is not one of the uniform ten: one more
 * solve on a 20 % stiffer version of it. */
static int probe_dirs(const fit_profile *prof, const fit_mattress *m, const fit_case *c,
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

/* The zone search (side): the shoulder/waist/hip firmness that best aligns
 * this body. A pattern search from the best uniform firmness: poll the
 * eight moves (one zone one step, and the shoulder-hip swap), take the
 * best, and keep taking that move while it improves before polling again
 * (the optimum usually lies several steps along one zone). It stops at a
 * zoning no move improves. Every zoning is solved at most once (memo);
 * uniform zonings are the sweep's.
 *
 * The search is a screening: each candidate is converged only to
 * ZONE_SCREEN_TOL (force residual / body weight; the solver's own is
 * 1e-10), starting from the shape of the zoning it steps from: one Newton
 * step instead of two. The zoning it settles on is then solved to full
 * precision, and that is what is reported; if that full solve is no
 * better than the best uniform firmness, the uniform firmness is reported.
 * Together this is 40 % less work than full solves polled exhaustively,
 * with zonings as good (docs/performance.md). Screening on a mesh of half
 * the nodes was tried too and dropped: peak pressure depends on the mesh,
 * and the zonings it chose were measurably worse. */
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
  if (fit_case_solve_tol(zs->prof, &m, zs->guess, zs->pf, false, &c, zs->u0, true, ZONE_SCREEN_TOL,
                         err) != 0)
    return NULL;
  e->obj = c.penalty + (c.verdict == BB_FIT_OK ? 0.0 : NOT_OK_PENALTY);
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
static int zone_search(const fit_profile *prof, double thick, const double *pen, const double *usw,
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
  for (int pass = 0; pass < 60; pass++) {
    int bm = -1;
    const struct zmemo *be = NULL;
    double bo = bestobj;
    for (int k = 0; k < 8; k++) {
      int t[3] = {z[0] + moves[k][0], z[1] + moves[k][1], z[2] + moves[k][2]};
      if (!zone_valid(t))
        continue;
      const struct zmemo *e = zone_eval(&zs, t, uc, err);
      if (!e)
        goto out;
      if (e->obj < bo - 1e-9) {
        bo = e->obj;
        bm = k;
        be = e;
      }
    }
    if (bm < 0)
      break;
    /* take the best move, and keep taking it while it improves */
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
    if (fit_case_solve_p(prof, &m, guess, pf, false, &c, u0, true, err) != 0)
      goto out;
    double obj = c.penalty + (c.verdict == BB_FIT_OK ? 0.0 : NOT_OK_PENALTY);
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

static int run_position(bb_fit *fit, int pos, fit_position *P, bb_error *err) {
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
  if (!u || !u0 || !usw || fit_profile_make(&profile, body, pos, n) != 0) {
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
  /* Verdicts across the sweep (docs/model.md, Verdict). `best` is the
   * least penalty among the ok values (ok: every metric within
   * tolerance), or overall when none is; `pen` is what the zone search
   * starts from. A second pass settles values whose votes disagree on the
   * side of `best`. */
  for (int pass = 0; pass < 2; pass++) {
    for (int f = 1; f <= 10; f++) {
      int dt, ds;
      sweep_dirs(sw, f, &dt, &ds);
      fit_case_judge_ex(&sw[f - 1], pos, fit->thick, dt, ds,
                        pass ? (f < P->best   ? 1
                                : f > P->best ? -1
                                              : 0)
                             : 0);
      P->verdict_by_firmness[f - 1] = sw[f - 1].verdict;
      P->tilt_by_firmness[f - 1] = sw[f - 1].tilt_deg;
      pen[f - 1] = sw[f - 1].penalty + (sw[f - 1].verdict == BB_FIT_OK ? 0.0 : NOT_OK_PENALTY);
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
      sweep_dirs(sw, f, &dt, &ds);
    else if (probe_dirs(prof, &cur, &P->cur, guess, pf, u0, &dt, &ds, err) != 0)
      goto out;
    fit_case_judge_ex(&P->cur, pos, fit->thick, dt, ds,
                      !uniform      ? 0
                      : f < P->best ? 1
                      : f > P->best ? -1
                                    : 0);
  }
  bool cur_ok = P->cur.verdict == BB_FIT_OK; /* before an unknown firmness hides it */
  if (P->firmness == 0 && !isfinite(in->stiffness_kpa_m) && in->zone_shoulder == 0)
    P->cur.verdict = BB_FIT_NONE;

  /* zone search (side): see zone_search */
  if (pos == FIT_SIDE && in->optimize_zones) {
    if (zone_search(prof, fit->thick, pen, usw, u0, guess, pf, P, err) != 0)
      goto out;
  }

  /* no uniform firmness suits: said unless this very mattress (a zoning
   * or an explicit stiffness) is ok itself */
  if (P->range_lo == 0 && !cur_ok) {
    fit_case *c = &P->cur;
    if (c->nreasons < 3) {
      if (P->zones_run && P->zones_verdict == BB_FIT_OK)
        add_reason(c,
                   "no uniform firmness suits this body; a zoned mattress does "
                   "(shoulder %d, waist %d, hip %d)",
                   P->zones[0], P->zones[1], P->zones[2]);
      else
        add_reason(c, "no uniform firmness suits this body");
    }
  }
  rc = 0;
out:
  fit_profile_free(&profile);
  free(u);
  free(u0);
  free(usw);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Public API */

static int check_range(bb_error *err, const char *key, double v, double lo, double hi,
                       bool required) {
  if (isnan(v)) {
    if (!required)
      return 0;
    fit_fail(err, BB_EX_DATAERR, key, "%s is required for the fit", key);
    return -1;
  }
  if (!(v >= lo && v <= hi)) {
    fit_fail(err, BB_EX_DATAERR, key, "%s = %g is out of range: allowed %g to %g", key, v, lo, hi);
    return -1;
  }
  return 0;
}

static int check_zone(bb_error *err, const char *name, int v) {
  if (v < 1 || v > 10) {
    fit_fail(err, BB_EX_DATAERR, "zones", "zone %s = %d is out of range: allowed 1 to 10", name, v);
    return -1;
  }
  return 0;
}

typedef struct {
  bb_fit *fit;
  int pos;
  fit_position *P;
  bb_error err;
  int rc;
} pos_job;

static void *pos_thread(void *arg) {
  pos_job *j = arg;
  j->rc = run_position(j->fit, j->pos, j->P, &j->err);
  return NULL;
}

bb_fit *bb_fit_run(const bb_fit_input *in, bb_error *err) {
  if (err)
    memset(err, 0, sizeof *err);
  if (check_range(err, "height_cm", in->height_cm, 120, 230, true) ||
      check_range(err, "weight_kg", in->weight_kg, 30, 300, true) ||
      check_range(err, "shoulder_width_cm", in->shoulder_width_cm, 25, 65, false) ||
      check_range(err, "hip_width_cm", in->hip_width_cm, 20, 70, false) ||
      check_range(err, "head_width_cm", in->head_width_cm, 10, 25, false) ||
      check_range(err, "pillow_height_cm", in->pillow_height_cm, 0, 30, false) ||
      check_range(err, "thickness_cm", in->thickness_cm, 5, 50, false) ||
      check_range(err, "mattress_stiffness", in->stiffness_kpa_m, 5, 1000, false))
    return NULL;
  if (in->sex < BB_SEX_FEMALE || in->sex > BB_SEX_OTHER) {
    fit_fail(err, BB_EX_DATAERR, "sex", "sex must be female, male or other");
    return NULL;
  }
  if (in->position < BB_POS_SIDE || in->position > BB_POS_STOMACH) {
    fit_fail(err, BB_EX_DATAERR, "sleep_position",
             "sleep_position must be side, back, stomach or mixed");
    return NULL;
  }
  if (in->firmness != 0 && (in->firmness < 1 || in->firmness > 10)) {
    fit_fail(err, BB_EX_DATAERR, "mattress_firmness",
             "mattress_firmness = %d is out of range: allowed 1 to 10", in->firmness);
    return NULL;
  }
  if (in->pillow_firmness < -1 || in->pillow_firmness > 2) {
    fit_fail(err, BB_EX_DATAERR, "pillow_firmness", "pillow_firmness must be soft, medium or firm");
    return NULL;
  }
  if ((in->zone_shoulder || in->zone_waist || in->zone_hip) &&
      (check_zone(err, "shoulder", in->zone_shoulder) || check_zone(err, "waist", in->zone_waist) ||
       check_zone(err, "hip", in->zone_hip)))
    return NULL;
  bb_fit *fit = calloc(1, sizeof *fit);
  if (!fit) {
    fit_fail(err, BB_EX_SOFTWARE, "", "out of memory");
    return NULL;
  }
  fit->in = *in;
  fit->thick = isfinite(in->thickness_cm) ? in->thickness_cm / 100.0 : FIT_DEFAULT_THICKNESS;
  fit_body_make(&fit->body, (int)in->sex, in->height_cm, in->weight_kg, in->shoulder_width_cm,
                in->hip_width_cm, in->head_width_cm);
  if (in->position == BB_POS_STOMACH) {
    fit->stomach = true;
    return fit;
  }
  int order[2] = {in->position == BB_POS_BACK ? FIT_BACK : FIT_SIDE, FIT_BACK};
  fit->npos = in->position == BB_POS_MIXED ? 2 : 1;
  /* mixed: the two positions share nothing but the read-only body and
   * input, so the back runs on a second thread while this one runs the
   * side (the same results either way; one thread if none can start) */
  pos_job back = {fit, order[1], &fit->pos[1], {0}, -1};
  pthread_t th;
  bool threaded = fit->npos == 2 && pthread_create(&th, NULL, pos_thread, &back) == 0;
  int rc = run_position(fit, order[0], &fit->pos[0], err);
  if (threaded)
    pthread_join(th, NULL);
  else if (fit->npos == 2 && rc == 0)
    pos_thread(&back);
  if (rc == 0 && fit->npos == 2 && back.rc != 0) {
    if (err)
      *err = back.err;
    rc = -1;
  }
  if (rc != 0) {
    bb_fit_free(fit);
    return NULL;
  }
  return fit;
}

void bb_fit_free(bb_fit *fit) {
  if (!fit)
    return;
  for (size_t i = 0; i < fit->npos; i++)
    fit_case_release(&fit->pos[i].cur);
  free(fit);
}

bool bb_fit_not_modelled(const bb_fit *fit) {
  return fit->stomach;
}
size_t bb_fit_position_count(const bb_fit *fit) {
  return fit->npos;
}

bb_position bb_fit_position_at(const bb_fit *fit, size_t i) {
  return i < fit->npos && fit->pos[i].position == FIT_BACK ? BB_POS_BACK : BB_POS_SIDE;
}

bb_fit_verdict bb_fit_mattress_verdict(const bb_fit *fit, size_t i) {
  return i < fit->npos ? (bb_fit_verdict)fit->pos[i].cur.verdict : BB_FIT_NONE;
}

int bb_fit_best_firmness(const bb_fit *fit, size_t i, int *lo, int *hi) {
  if (i >= fit->npos)
    return 0;
  if (lo)
    *lo = fit->pos[i].range_lo;
  if (hi)
    *hi = fit->pos[i].range_hi;
  return fit->pos[i].best;
}

bb_fit_verdict bb_fit_pillow_verdict(const bb_fit *fit, size_t i) {
  return i < fit->npos ? (bb_fit_verdict)fit->pos[i].pillow_verdict : BB_FIT_NONE;
}

double bb_fit_pillow_needed_cm(const bb_fit *fit, size_t i) {
  return i < fit->npos ? fit->pos[i].cur.pillow_needed_cm : 0.0;
}

int bb_fit_metric(const bb_fit *fit, size_t i, const char *name, double *out) {
  if (i >= fit->npos)
    return -1;
  const fit_case *c = &fit->pos[i].cur;
  bool side = fit->pos[i].position == FIT_SIDE;
  const struct {
    const char *name;
    double v;
    int when; /* 0 any, 1 side, 2 back */
  } t[] = {
      {"tilt_deg", c->tilt_deg, 1},
      {"waist_sag_mm", c->sag_mm, 1},
      {"lumbar_gap_mm", c->lumbar_gap_mm, 2},
      {"pelvis_drop_mm", c->pelvis_drop_mm, 2},
      {"sink_shoulder_mm", c->sink_shoulder, 0},
      {"sink_waist_mm", c->sink_waist, 0},
      {"sink_hip_mm", c->sink_hip, 0},
      {"pressure_shoulder_kpa", c->p_shoulder, 0},
      {"pressure_hip_kpa", c->p_hip, 0},
      {"pressure_mean_kpa", c->p_mean, 0},
      {"contact_force_ratio", c->force_ratio, 0},
      {"pillow_needed_cm", c->pillow_needed_cm, 0},
      {"pillow_needed_loaded_cm", c->pillow_loaded_cm, 0},
  };
  for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
    if (strcmp(name, t[k].name) == 0) {
      if ((t[k].when == 1 && !side) || (t[k].when == 2 && side))
        return -1;
      *out = t[k].v;
      return 0;
    }
  return -1;
}

bool bb_fit_zones(const bb_fit *fit, size_t i, int zones[3], bb_fit_verdict *verdict) {
  if (i >= fit->npos || !fit->pos[i].zones_run)
    return false;
  memcpy(zones, fit->pos[i].zones, 3 * sizeof *zones);
  if (verdict)
    *verdict = (bb_fit_verdict)fit->pos[i].zones_verdict;
  return true;
}

bool fit_zoned_support(const bb_fit *fit, int zones[3]) {
  for (size_t i = 0; i < fit->npos; i++) {
    const fit_position *P = &fit->pos[i];
    if (!P->zones_run || P->zones_verdict != BB_FIT_OK)
      continue;
    /* a zoning with equal zones is the uniform mattress, not zoning */
    if (P->zones[0] == P->zones[1] && P->zones[1] == P->zones[2])
      continue;
    bool none_ok = P->range_lo == 0;
    bool tilt_out = fabs(P->tilt_by_firmness[P->best - 1]) > FIT_TILT_TOL_DEG;
    if (none_ok || tilt_out) {
      memcpy(zones, P->zones, 3 * sizeof *zones);
      return true;
    }
  }
  return false;
}

bool bb_fit_zoned_support(const bb_fit *fit, int zones[3]) {
  return fit_zoned_support(fit, zones);
}
