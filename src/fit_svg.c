/*
 * fit_svg.c -- the side view: body outline on the deformed mattress, the
 * spine against a straight reference, the pillow, and the numbers written
 * where they belong, so the picture reads without a legend.
 */
#include "fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PANEL_W 960.0
#define PANEL_H 520.0
#define MARGIN 70.0
#define VEXAG 1.2 /* heights drawn 1.2x: sink and tilt are small */

typedef struct {
  double sx, sy, x0, base; /* px per m, left, mattress top (px) */
} frame;

static double px(const frame *f, double x) {
  return f->x0 + x * f->sx;
}
static double py(const frame *f, double y) {
  return f->base - y * f->sy;
}

/* verdicts in words: the picture is read, not parsed */
static const char *mattress_words(const fit_case *c) {
  switch (c->verdict) {
  case BB_FIT_OK: return "suits you";
  case BB_FIT_TOO_SOFT: return "too soft";
  case BB_FIT_TOO_FIRM: return "too firm";
  default: return "no verdict (firmness not given)";
  }
}

static const char *pillow_words(int v) {
  return v == BB_FIT_TOO_LOW ? "too low" : v == BB_FIT_TOO_HIGH ? "too high" : "about right";
}

/* XML-safe copy of a reason (they hold no markup, but '<', '>' and '&'
 * must never reach the SVG raw) */
static void text_escaped(fit_str *s, const char *t) {
  for (; *t; t++) {
    if (*t == '<')
      fit_str_printf(s, "&lt;");
    else if (*t == '>')
      fit_str_printf(s, "&gt;");
    else if (*t == '&')
      fit_str_printf(s, "&amp;");
    else
      fit_str_printf(s, "%c", *t);
  }
}

static double interp(const double (*t)[2], size_t n, double x) {
  if (x <= t[0][0])
    return t[0][1];
  for (size_t k = 1; k < n; k++)
    if (x <= t[k][0]) {
      double a = (x - t[k - 1][0]) / (t[k][0] - t[k - 1][0]);
      return t[k - 1][1] + a * (t[k][1] - t[k - 1][1]);
    }
  return t[n - 1][1];
}

/* Height of the upper outline above the spine axis (m). Side-lying, the
 * view is the body's front: left-right symmetric, so the upper half
 * mirrors the lower one. Back-lying, the view is the profile: the lower
 * outline is the back (with its lumbar hollow and the occiput), the upper
 * one the face, chest, belly, thighs and the feet pointing up, from the
 * body's depths (fit_body.c places the axis as there). */
static double upper_half(const fit_body *b, bool side, double x, double standoff) {
  if (side)
    return standoff;
  double L = b->height;
  double sb = b->chest_d / 2, socc = sb - 0.100;
  double sbt = b->buttock_d / 2;
  double fw = (b->x_waist - b->x_blade) / (b->x_hip - b->x_blade);
  double slum = sb + fw * (sbt - sb) - 0.030;
  const double fr[][2] = {
      {0.0, 0.45 * b->head_l - socc},
      {0.04 * L, 0.95 * b->head_l - socc},
      {0.08 * L, b->head_l - socc},
      {b->x_chin, 0.8 * b->head_l - socc},
      {b->x_chin + 0.02 * L, b->neck_d - socc + 0.01},
      {b->x_neck, b->neck_d - socc + 0.02},
      {b->x_blade, b->chest_d - sb},
      {b->x_waist, fmax(b->waist_d - slum, 0.5 * b->waist_d)},
      {b->x_hip, b->buttock_d - sbt},
      {b->x_hip + 0.12 * L, b->thigh_d / 2},
      {b->x_knee, 0.6 * b->calf_d},
      {b->x_knee + 0.07 * L, b->calf_d / 2},
      {b->x_ankle, 0.35 * b->calf_d},
      {L - 0.012 * L, 0.35 * b->calf_d},
      {L - 0.006 * L, 0.12 * L},
      {L, 0.12 * L},
  };
  return interp(fr, sizeof fr / sizeof fr[0], x);
}

static const char *verdict_colour(int v) {
  return v == BB_FIT_OK ? "#1b7f3b" : v == BB_FIT_NONE ? "#333333" : "#c0392b";
}

static void panel(const bb_fit *fit, size_t i, double top, fit_str *s) {
  const fit_position *P = &fit->pos[i];
  const fit_case *c = &P->cur;
  const fit_body *b = &fit->body;
  bool side = P->position == FIT_SIDE;
  size_t n = c->n;
  double L = b->height, T = fit->thick;
  frame f;
  if (n < 2 || !c->w)
    return;
  f.sx = (PANEL_W - 2 * MARGIN) / L;
  f.sy = fmin(f.sx * VEXAG, 560.0);
  f.x0 = MARGIN;
  /* the body's top edge sits under the header, the mattress under it */
  double ytop = 0.0;
  for (size_t k = 0; k < n; k++)
    ytop = fmax(ytop, c->y0 - c->w[k] + upper_half(b, side, (double)k * c->h, c->standoff[k]));
  f.base = top + 150.0 + ytop * f.sy;
  if (f.base + T * f.sy > top + PANEL_H - 55.0) /* very thick mattress */
    f.sy = (PANEL_H - 205.0) / (ytop + T), f.base = top + 150.0 + ytop * f.sy;

  /* title: the verdict first, in words; the first reason under it */
  char what[96];
  if (isfinite(fit->in.stiffness_kpa_m))
    snprintf(what, sizeof what, "mattress %.0f kPa/m", fit->in.stiffness_kpa_m);
  else if (fit->in.zone_shoulder > 0)
    snprintf(what, sizeof what, "zoned mattress %d/%d/%d", fit->in.zone_shoulder,
             fit->in.zone_waist, fit->in.zone_hip);
  else if (P->firmness)
    snprintf(what, sizeof what, "firmness %d of 10", P->firmness);
  else
    snprintf(what, sizeof what, "firmness %d of 10 (best for you)", P->best);
  fit_str_printf(s,
                 "<text x=\"%.1f\" y=\"%.1f\" font-size=\"20\" font-weight=\"bold\" "
                 "fill=\"%s\">Lying on the %s, %s: %s</text>\n",
                 MARGIN, top + 30.0, verdict_colour(c->verdict), side ? "side" : "back", what,
                 mattress_words(c));
  if (c->nreasons > 0) {
    fit_str_printf(s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" fill=\"%s\">", MARGIN,
                   top + 50.0, verdict_colour(c->verdict));
    text_escaped(s, c->reasons[0]);
    fit_str_printf(s, "</text>\n");
  }
  if (P->range_lo)
    fit_str_printf(s,
                   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" fill=\"#333\">best firmness "
                   "for this body: %d (%d to %d are fine)</text>\n",
                   MARGIN, top + 68.0, P->best, P->range_lo, P->range_hi);
  else
    fit_str_printf(s,
                   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" fill=\"#333\">no uniform "
                   "firmness suits this body; %d comes closest</text>\n",
                   MARGIN, top + 68.0, P->best);
  fit_str_printf(s,
                 "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#777\" "
                 "text-anchor=\"end\">head left, feet right; heights drawn x%.1f</text>\n",
                 PANEL_W - 10.0, top + PANEL_H - 8.0, f.sy / f.sx);

  /* mattress: deformed top surface, foam body */
  fit_str_printf(s, "<path d=\"M%.1f %.1f", px(&f, 0.0), py(&f, -T));
  for (size_t k = 0; k < n; k++)
    fit_str_printf(s, " L%.1f %.1f", px(&f, (double)k * c->h), py(&f, -c->zf[k]));
  fit_str_printf(s, " L%.1f %.1f Z\" fill=\"#dfe8f2\" stroke=\"#6d8fb3\" stroke-width=\"1.5\"/>\n",
                 px(&f, L), py(&f, -T));
  fit_str_printf(s,
                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#6d8fb3\" "
                 "stroke-dasharray=\"3 4\" stroke-width=\"1\"/>\n",
                 px(&f, 0.0), py(&f, 0.0), px(&f, L), py(&f, 0.0));
  fit_str_printf(s,
                 "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#4a6a8c\">mattress "
                 "%.0f cm</text>\n",
                 px(&f, L) - 90.0, py(&f, -T) - 6.0, T * 100.0);

  /* pillow: on the mattress under the head, squeezed where the head lies */
  bool any_pillow = false;
  for (size_t k = 0; k < n; k++)
    any_pillow = any_pillow || c->top[k] > 0.0;
  if (any_pillow) {
    size_t last = 0;
    fit_str_printf(s, "<path d=\"M%.1f %.1f", px(&f, 0.0), py(&f, -c->zf[0]));
    for (size_t k = 0; k < n && c->top[k] > 0.0; k++) {
      double out = c->y0 - c->w[k] - c->standoff[k];
      double surf = -c->zf[k];
      double t = fmin(surf + c->top[k], out);
      fit_str_printf(s, " L%.1f %.1f", px(&f, (double)k * c->h), py(&f, fmax(t, surf)));
      last = k;
    }
    for (size_t k = last + 1; k-- > 0;)
      fit_str_printf(s, " L%.1f %.1f", px(&f, (double)k * c->h), py(&f, -c->zf[k]));
    fit_str_printf(s, " Z\" fill=\"#f3e6c4\" stroke=\"#b59a57\" stroke-width=\"1.5\"/>\n");
  }

  /* body outline: lower side from the solution, upper side from the body */
  fit_str_printf(s, "<path d=\"");
  for (size_t k = 0; k < n; k++) {
    double ax = c->y0 - c->w[k];
    fit_str_printf(s, "%s%.1f %.1f", k ? " L" : "M", px(&f, (double)k * c->h),
                   py(&f, ax - c->standoff[k]));
  }
  /* the upper side is the body's outline, drawn smoothed: the landmark
   * table joins straight (a shoulder would be a spike); two passes of a
   * [1 2 1]/4 filter round it without moving it by more than a few mm */
  double *up = malloc(2 * n * sizeof *up);
  if (up) {
    double *tmp = up + n;
    for (size_t k = 0; k < n; k++)
      up[k] = upper_half(b, side, (double)k * c->h, c->standoff[k]);
    for (int pass = 0; pass < 2; pass++) {
      for (size_t k = 0; k < n; k++)
        tmp[k] = k == 0 || k + 1 == n ? up[k] : 0.25 * (up[k - 1] + 2.0 * up[k] + up[k + 1]);
      memcpy(up, tmp, n * sizeof *up);
    }
  }
  for (size_t k = n; k-- > 0;) {
    double ax = c->y0 - c->w[k];
    double hu = up ? up[k] : upper_half(b, side, (double)k * c->h, c->standoff[k]);
    fit_str_printf(s, " L%.1f %.1f", px(&f, (double)k * c->h), py(&f, ax + hu));
  }
  free(up);
  fit_str_printf(s, " Z\" fill=\"#f6d7c3\" fill-opacity=\"0.85\" stroke=\"#8a5a44\" "
                    "stroke-width=\"1.5\" stroke-linejoin=\"round\"/>\n");

  /* spine (neck to hip) and the straight reference through shoulder and hip */
  double xa = side ? b->x_shoulder : b->x_blade, xb = b->x_hip;
  size_t ka = (size_t)lround(xa / c->h), kb = (size_t)lround(xb / c->h);
  double ya = c->y0 - c->w[ka], yb = c->y0 - c->w[kb];
  double slope = (yb - ya) / ((double)kb * c->h - (double)ka * c->h);
  double r0 = b->x_neck - 0.05 * L, r1 = b->x_knee;
  fit_str_printf(s,
                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" "
                 "stroke-width=\"1.5\" stroke-dasharray=\"8 5\"/>\n",
                 px(&f, r0), py(&f, ya + slope * (r0 - (double)ka * c->h)), px(&f, r1),
                 py(&f, ya + slope * (r1 - (double)ka * c->h)));
  fit_str_printf(s,
                 "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#555\">straight "
                 "line</text>\n",
                 px(&f, r1) + 4.0, py(&f, ya + slope * (r1 - (double)ka * c->h)) + 4.0);
  /* a horizontal for the tilt */
  if (side)
    fit_str_printf(s,
                   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#aaa\" "
                   "stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n",
                   px(&f, xa), py(&f, yb), px(&f, xb), py(&f, yb));
  fit_str_printf(s, "<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"3\" points=\"");
  for (size_t k = 0; k < n; k++) {
    double x = (double)k * c->h;
    if (x < b->x_chin || x > b->x_hip + 0.03 * L)
      continue;
    fit_str_printf(s, "%.1f,%.1f ", px(&f, x), py(&f, c->y0 - c->w[k]));
  }
  fit_str_printf(s, "\"/>\n");
  fit_str_printf(s,
                 "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" fill=\"#c0392b\" "
                 "font-weight=\"bold\">spine</text>\n",
                 px(&f, 0.5 * (xa + xb)) - 20.0, py(&f, c->y0 - c->w[(ka + kb) / 2]) - 8.0);

  /* numbers where they happen */
  double lab_y = py(&f, -T) + 18.0;
  if (side)
    fit_str_printf(s,
                   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"15\" fill=\"%s\" "
                   "font-weight=\"bold\">spine tilt %.1f\302\260 (limit %.0f\302\260), waist "
                   "%s %.0f mm (limit %.0f mm)</text>\n",
                   MARGIN, top + 92.0,
                   fabs(c->tilt_deg) > FIT_TILT_TOL_DEG || fabs(c->sag_mm) > FIT_SAG_TOL_MM
                       ? "#c0392b"
                       : "#1b7f3b",
                   c->tilt_deg, FIT_TILT_TOL_DEG, c->sag_mm >= 0 ? "sags" : "bows up",
                   fabs(c->sag_mm), FIT_SAG_TOL_MM);
  else
    fit_str_printf(s,
                   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"15\" fill=\"%s\" "
                   "font-weight=\"bold\">lower-back gap %.0f mm (limit %.0f), pelvis %.0f mm "
                   "%s than the shoulder blades</text>\n",
                   MARGIN, top + 92.0,
                   c->lumbar_gap_mm > FIT_LUMBAR_GAP_MM || c->pelvis_drop_mm > FIT_PELVIS_DROP_MM
                       ? "#c0392b"
                       : "#1b7f3b",
                   c->lumbar_gap_mm, FIT_LUMBAR_GAP_MM, fabs(c->pelvis_drop_mm),
                   c->pelvis_drop_mm >= 0 ? "deeper" : "higher");
  const struct {
    double x, sink, p;
    const char *name;
  } marks[] = {{side ? b->x_shoulder : b->x_blade, c->sink_shoulder, c->p_shoulder,
                side ? "shoulder" : "shoulder blades"},
               {b->x_waist, c->sink_waist, -1.0, "waist"},
               {b->x_hip, c->sink_hip, c->p_hip, side ? "hip" : "pelvis"}};
  for (size_t k = 0; k < 3; k++) {
    double x = px(&f, marks[k].x);
    fit_str_printf(s,
                   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#6d8fb3\" "
                   "stroke-width=\"1\"/>\n",
                   x, py(&f, 0.0), x, py(&f, -marks[k].sink / 1000.0));
    fit_str_printf(s,
                   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#234\" "
                   "text-anchor=\"middle\">%s %s %.0f mm</text>\n",
                   x, lab_y + (k == 1 ? 32.0 : 0.0), marks[k].name,
                   strcmp(marks[k].name, "shoulder blades") == 0 ? "sink" : "sinks", marks[k].sink);
    if (marks[k].p >= 0.0)
      fit_str_printf(s,
                     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"%s\" "
                     "text-anchor=\"middle\">peak %.1f kPa</text>\n",
                     x, lab_y + 15.0, marks[k].p > FIT_PEAK_PRESSURE_KPA ? "#c0392b" : "#234",
                     marks[k].p);
  }
  /* pillow: the numbers beside it */
  {
    double xp = px(&f, 0.0);
    fit_str_printf(s,
                   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" fill=\"#7a5f1e\">pillow "
                   "needed %.1f cm</text>\n",
                   xp, top + 112.0, c->pillow_needed_cm);
    if (!isfinite(P->pillow_current_cm))
      fit_str_printf(s,
                     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" fill=\"#7a5f1e\">drawn on "
                     "that pillow (%.1f cm)</text>\n",
                     xp, top + 128.0, P->pillow_pose_cm);
    else if (P->pillow_verdict != BB_FIT_NONE)
      fit_str_printf(s,
                     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" fill=\"%s\">yours "
                     "%.0f cm: %s</text>\n",
                     xp, top + 128.0, verdict_colour(P->pillow_verdict), P->pillow_current_cm,
                     pillow_words(P->pillow_verdict));
  }
}

static char *document(const bb_fit *fit, size_t from, size_t to) {
  fit_str s = {0};
  double h = PANEL_H * (double)(to - from);
  fit_str_printf(&s,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                 "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">\n"
                 "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
                 PANEL_W, h, PANEL_W, h);
  for (size_t i = from; i < to; i++)
    panel(fit, i, PANEL_H * (double)(i - from), &s);
  fit_str_printf(&s, "</svg>\n");
  if (s.failed) {
    free(s.s);
    return NULL;
  }
  return s.s;
}

char *fit_svg_position(const bb_fit *fit, size_t i) {
  if (i >= fit->npos)
    return NULL;
  return document(fit, i, i + 1);
}

char *bb_fit_svg(const bb_fit *fit) {
  if (fit->npos == 0)
    return NULL;
  return document(fit, 0, fit->npos);
}
