/*
 * fit_case.c -- one pose: the beam for a body in a position (its profile,
 * computed once), the supports of one mattress and pillow under it, the
 * solve, and the metrics read off the solution (alignment, sink, pressure,
 * the pillow the body needs). The judge (fit_judge.c) turns the metrics
 * into a verdict; the sweep (fit_sweep.c) decides which poses to solve.
 */
#include "fit.h"

#include <math.h>
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

#define G 9.81
/* The supports' key (fit_profile.ckey): set, pillow, pillow firmness, the
 * three zones' foams (5 numbers each), the support surface's height. */
#define CKEY_LEN 19

/* The chord (m) along which a rounded section of breadth b (m) across the
 * bed touches a surface it has sunk d (m) into: 2 sqrt(d (b - d)), the
 * whole breadth from half of it on; never below a tenth of the breadth
 * (skin and cover flatten even on a rigid floor). */
static double contact_chord(double b, double d) {
  if (d >= 0.5 * b)
    return b;
  double c = 2.0 * sqrt(d * (b - d));
  return c > 0.1 * b ? c : 0.1 * b;
}

/* Which mattress zone (shoulder 0, waist 1, hip 2) supports the body at
 * x; the legs lie on the waist setting. */
static int zone_of(const fit_body *b, double x) {
  if (x < 0.5 * (b->x_shoulder + b->x_waist))
    return 0;
  if (x < 0.5 * (b->x_waist + b->x_hip))
    return 1;
  if (x < 0.5 * (b->x_hip + b->x_knee))
    return 2;
  return 1; /* legs: the middle setting */
}

/* Whether node i (at x = i h) lies in one of the three regions whose
 * peaks a screen reads, with a node to spare on each side (peak_in's
 * start). */
static bool node_read(size_t i, double h, double sh0, double sh1, double wa0, double wa1,
                      double hp0, double hp1) {
  double x = (double)i * h;
  return (x >= sh0 - h && x <= sh1 + h) || (x >= wa0 - h && x <= wa1 + h) ||
         (x >= hp0 - h && x <= hp1 + h);
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

void fit_case_profile_free(fit_profile *p) {
  free(p->mem);
  free(p->csp);
  p->mem = NULL;
  p->csp = NULL;
}

/* Everything about the body along the beam that does not depend on the
 * mattress: computed once per body, position and node count. */
int fit_case_profile_make(fit_profile *p, const fit_body *body, int pos, size_t n) {
  double L = body->height, h = L / (double)(n - 1);
  p->body = body;
  p->pos = pos;
  p->n = n;
  p->h = h;
  p->mem = calloc(n * 17 + CKEY_LEN + fit_solve_work_size(n), sizeof *p->mem);
  p->csp = calloc(n, sizeof *p->csp);
  if (!p->mem || !p->csp) {
    fit_case_profile_free(p);
    return -1;
  }
  p->cmem = p->mem + n * 12;
  p->ckey = p->mem + n * 17; /* zero: no supports set yet */
  p->work = p->mem + n * 17 + CKEY_LEN;
  p->ei = p->mem;
  p->load = p->mem + n;
  p->stand = p->mem + 2 * n;
  p->width = p->mem + 3 * n;
  p->lt = p->mem + 4 * n;
  p->la = p->mem + 5 * n;
  p->zone = p->mem + 6 * n;
  p->breadth = p->mem + 9 * n;
  p->bone = p->mem + 10 * n;
  p->arms = p->mem + 11 * n;
  for (size_t i = 0; i < n; i++) {
    double x = (double)i * h;
    fit_section s;
    fit_body_section(body, pos, x, &s);
    if (i + 1 < n) /* the element's stiffness at its midpoint */
      p->ei[i] = fit_body_ei(body, x + 0.5 * h);
    p->load[i] = fit_body_load(body, fmax(0.0, x - 0.5 * h), fmin(L, x + 0.5 * h));
    p->stand[i] = s.standoff;
    p->width[i] = s.width * ((i == 0 || i + 1 == n) ? 0.5 * h : h);
    /* The soft tissue over bone and the weight-driven layer act as one
     * saturating layer: their thicknesses add, and so do their compliances
     * at small load (t/a), so it starts as soft as the two in series and
     * saturates at their total. One layer instead of two halves the cost
     * of the support law, the solver's inner loop (docs/performance.md). */
    p->lt[i] = s.tissue_t + s.fat_t;
    p->la[i] = 0.0;
    if (p->lt[i] > 0.0) {
      double c = (s.tissue_t > 0.0 ? s.tissue_t / s.tissue_a : 0.0) +
                 (s.fat_t > 0.0 ? s.fat_t / s.fat_a : 0.0);
      p->la[i] = p->lt[i] / c;
    }
    p->breadth[i] = s.breadth;
    p->bone[i] = s.bone;
    p->arms[i] = s.arms;
    p->zone[i] = zone_of(body, x);
  }
  fit_body_section(body, pos, body->x_ear, &p->head);
  fit_beam bend = {n, h, p->ei, p->load, NULL, NULL, p->work, false, 0.0, false};
  fit_solve_prepare(&bend);
  return 0;
}

/* A foam as the five numbers of the supports' key. */
static void foam_key(const fit_foam *f, double *k) {
  k[0] = f->e_mod;
  k[1] = f->thick;
  k[2] = f->soft;
  k[3] = f->dens;
  k[4] = f->e_dens;
}

/* Every node's support for the zones' foams zfoam and the pillow (m,
 * unloaded) of firmness pf, the gaps to the support surface and the
 * pillow's top; returns the surface's height y0 (m above the axis'
 * lowest standoff). */
static double supports_set(const fit_profile *prof, const fit_foam zfoam[3], double pillow, int pf,
                           fit_spring *sp, double *gap, double *top) {
  const fit_body *body = prof->body;
  const double *stand = prof->stand;
  size_t n = prof->n;
  double y0 = 0.0;
  for (size_t i = 0; i < n; i++) {
    double x = (double)i * prof->h;
    fit_spring *q = &sp[i];
    top[i] = 0.0;
    q->nlayers = 0;
    q->area = prof->width[i];
    q->foam = zfoam[(int)prof->zone[i]];
    if (prof->lt[i] > 0.0) {
      q->lt[q->nlayers] = prof->lt[i];
      q->la[q->nlayers++] = prof->la[i];
    }
    if (pillow > 0.0 && x <= body->x_neck) {
      top[i] = pillow;
      fit_pillow_layer(pillow, pf, &q->lt[q->nlayers], &q->la[q->nlayers]);
      q->nlayers++;
      q->foam.e_mod *= PILLOW_SPREAD;
    }
    if (stand[i] + top[i] > y0)
      y0 = stand[i] + top[i];
  }
  for (size_t i = 0; i < n; i++)
    gap[i] = y0 - stand[i] - top[i];
  return y0;
}

int fit_case_solve(const fit_body *body, int pos, const fit_mattress *m, double pillow_cm,
                   int pillow_firmness, size_t n, bool keep, fit_case *c, double *u, bool warm,
                   bb_error *err) {
  fit_profile p;
  if (fit_case_profile_make(&p, body, pos, n) != 0) {
    fit_fail(err, BB_EX_SOFTWARE, "", "out of memory");
    return -1;
  }
  int rc = fit_case_solve_p(&p, m, pillow_cm, pillow_firmness, keep, c, u, warm, err);
  fit_case_profile_free(&p);
  return rc;
}

static int case_solve(const fit_profile *prof, const fit_mattress *m, double pillow_cm,
                      int pillow_firmness, bool keep, fit_case *c, double *u, bool warm, double tol,
                      bool screen, bb_error *err);

int fit_case_solve_p(const fit_profile *prof, const fit_mattress *m, double pillow_cm,
                     int pillow_firmness, bool keep, fit_case *c, double *u, bool warm,
                     bb_error *err) {
  return fit_case_solve_tol(prof, m, pillow_cm, pillow_firmness, keep, c, u, warm, 0.0, err);
}

int fit_case_solve_tol(const fit_profile *prof, const fit_mattress *m, double pillow_cm,
                       int pillow_firmness, bool keep, fit_case *c, double *u, bool warm,
                       double tol, bb_error *err) {
  return case_solve(prof, m, pillow_cm, pillow_firmness, keep, c, u, warm, tol, false, err);
}

int fit_case_screen(const fit_profile *prof, const fit_mattress *m, double pillow_cm,
                    int pillow_firmness, fit_case *c, double *u, double tol, bb_error *err) {
  return case_solve(prof, m, pillow_cm, pillow_firmness, false, c, u, true, tol, true, err);
}

/* One pose. `screen`: only what the zone search weighs (fit_case_screen):
 * the sinks and peak pressures in the shoulder, waist and hip regions,
 * tilt, sag, verdict and penalty; no reasons, mean pressure or pillow. */
static int case_solve(const fit_profile *prof, const fit_mattress *m, double pillow_cm,
                      int pillow_firmness, bool keep, fit_case *c, double *u, bool warm, double tol,
                      bool screen, bb_error *err) {
  const fit_body *body = prof->body;
  int pos = prof->pos;
  size_t n = prof->n;
  double L = body->height, h = prof->h;
  double pillow = pillow_cm > 0.0 ? pillow_cm / 100.0 : 0.0;
  int rc = -1;
  memset(c, 0, sizeof *c);
  if (n < 2) { /* a profile has at least two nodes; the solver checks too */
    fit_fail(err, BB_EX_SOFTWARE, "", "the beam needs at least two nodes");
    return -1;
  }
  double *mem = prof->cmem;
  fit_spring *sp = prof->csp;
  const double *ei = prof->ei, *load = prof->load, *stand = prof->stand;
  double *gap = mem, *top = mem + n, *pres = mem + 2 * n, *zf = mem + 3 * n, *dl = mem + 4 * n;
  fit_foam zfoam[3];
  double key[CKEY_LEN] = {1.0, pillow, (double)pillow_firmness};
  for (int k = 0; k < 3; k++) {
    zfoam[k] = m->ks > 0.0 ? fit_foam_for_modulus(m->ks, m->thick)
                           : fit_foam_for_firmness(m->zone[k], m->thick);
    foam_key(&zfoam[k], key + 3 + 5 * k);
  }
  /* The supports of the last pose on this profile are still in sp, gap
   * and top: on the same pillow, only the zones whose foam differs are
   * rewritten (a zone candidate differs from the last in one or two;
   * the gaps depend on the pillow alone). */
  double *ckey = prof->ckey;
  if (ckey[0] == 1.0 && ckey[1] == key[1] && ckey[2] == key[2]) {
    bool chg[3];
    for (int k = 0; k < 3; k++)
      chg[k] = memcmp(ckey + 3 + 5 * k, key + 3 + 5 * k, 5 * sizeof *key) != 0;
    for (size_t i = 0; i < n; i++) {
      int k = (int)prof->zone[i];
      if (chg[k]) {
        sp[i].foam = zfoam[k];
        if (top[i] > 0.0) /* under the pillow (below) */
          sp[i].foam.e_mod *= PILLOW_SPREAD;
      }
    }
    key[CKEY_LEN - 1] = ckey[CKEY_LEN - 1];
  } else {
    key[CKEY_LEN - 1] = supports_set(prof, zfoam, pillow, pillow_firmness, sp, gap, top);
  }
  memcpy(ckey, key, sizeof key);
  double y0 = ckey[CKEY_LEN - 1]; /* the support surface's height (supports_set) */

  fit_beam beam = {n, h, ei, load, gap, sp, prof->work, true, tol, screen};
  fit_solve_info info;
  if (fit_solve(&beam, u, warm, &info, err) != 0)
    goto done;
  c->iterations = info.iterations;

  /* read the solution */
  double force = 0.0, area = 0.0, wtot = 0.0;
  const double *sp_p = NULL, *sp_zf = NULL;
  bool solved_state = fit_solve_supports(&beam, &sp_p, &sp_zf);
  /* regions along the body */
  double sh0 = body->x_neck + h, sh1 = body->x_blade + 0.05 * L;
  double wa0 = body->x_waist - 0.04 * L, wa1 = body->x_waist + 0.04 * L;
  double hp0 = body->x_hip - 0.05 * L, hp1 = body->x_hip + 0.05 * L;
  c->quiet = screen;
  for (size_t i = 0; i < n; i++) {
    fit_state st;
    if (screen && pos == FIT_SIDE && !node_read(i, h, sh0, sh1, wa0, wa1, hp0, hp1)) {
      pres[i] = zf[i] = 0.0; /* only the regions' sinks and peaks are read */
      continue;
    }
    if (solved_state) { /* the solver's last evaluation: no second pass */
      st.p = sp_p[i];
      st.zf = sp_zf[i];
    } else { /* the state only: the energy is not read */
      fit_spring_eval_state(&sp[i], u[2 * i] - gap[i], NULL, &st);
    }
    /* The interface pressure: the node's force over the chord along which
     * the rounded section touches the foam at this immersion (it grows
     * with immersion: softer foam spreads the load), raised over bone
     * under thin padding (docs/model.md, Pressure). */
    double chord = contact_chord(prof->breadth[i], st.zf) + prof->arms[i];
    double pint = st.p > 0.0 ? st.p * prof->width[i] / (chord * prof->h) : 0.0;
    pres[i] = pint * prof->bone[i] / 1000.0;
    zf[i] = st.zf * 1000.0;
    dl[i] = u[2 * i] - gap[i];
    force += sp[i].area * st.p;
    if (st.p > 0.0)
      area += chord * (sp[i].area / prof->width[i]) * prof->h;
    wtot += load[i];
    if (st.zf > sp[i].foam.e_dens * sp[i].foam.thick && top[i] == 0.0)
      c->bottomed = true;
  }
  /* a screen read only part of the body: no totals */
  c->force_ratio = screen ? 1.0 : force / wtot;
  c->p_mean = !screen && area > 0.0 ? force / area / 1000.0 : 0.0;
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

  /* Pillow needed (biomech.md §6; not for a screen): the loaded pillow fills the distance
   * from the head's lower outline to where the spine axis at the base of
   * the neck (acromion level; the neck itself bends with the pillow under
   * the head) wants the head, plus the mattress sink under the pillow. */
  if (!screen) {
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
  fit_judge_case(c, pos, m->thick, c->tilt_deg > 0 ? -1 : 1, c->sag_mm > 0 ? -1 : 1, 0);

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
