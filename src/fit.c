/*
 * fit.c -- the fit's public face (include/bedback.h): input checks, the
 * positions of a fit (a mixed sleeper's two on two threads), and the
 * accessors. The work is in fit_sweep.c and the files it uses (fit.h).
 */
#include "fit.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  j->rc = fit_sweep_position(j->fit, j->pos, j->P, &j->err);
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
  int rc = fit_sweep_position(fit, order[0], &fit->pos[0], err);
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
