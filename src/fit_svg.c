/*
 * fit_svg.c -- the side view: body outline on the deformed mattress, the
 * spine against a straight reference, the pillow, and the numbers written
 * where they belong, so the picture reads without a legend.
 */
#include "fit.h"
#include "svgfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* 720 wide: at 360 px on a phone the verdict band's words are 13 px and
 * the numbers 7-9 px; on a desktop page of 860 px, 1.2 times that. The
 * height follows what each panel holds. */
#define PANEL_W 720.0
#define MARGIN 36.0
#define BAND_H 60.0
#define VEXAG 1.2 /* heights drawn 1.2x: sink and tilt are small */

/* Appends to the picture (svgfmt.h: the coordinates without vsnprintf). */
static void svg_add(void *to, const char *p, size_t n) {
  fit_str *b = to;
  if (b->failed)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *t = realloc(b->s, cap);
    if (!t) {
      b->failed = true;
      return;
    }
    b->s = t;
    b->cap = cap;
  }
  memcpy(b->s + b->len, p, n);
  b->len += n;
  b->s[b->len] = '\0';
}

static void svgf(fit_str *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void svgf(fit_str *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (!svgfmt_v(svg_add, s, fmt, ap))
    s->failed = true;
  va_end(ap);
}

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
  const char *run = t;
  for (; *t; t++) {
    const char *e = *t == '<' ? "&lt;" : *t == '>' ? "&gt;" : *t == '&' ? "&amp;" : NULL;
    if (!e)
      continue;
    svg_add(s, run, (size_t)(t - run));
    svg_add(s, e, strlen(e));
    run = t + 1;
  }
  svg_add(s, run, (size_t)(t - run));
}

/* A smooth curve through the landmark table: monotone cubic (Fritsch-
 * Carlson) interpolation, so the outline is rounded between landmarks
 * without overshooting them (a straight join makes a shoulder a spike). */
static double smooth(const double (*t)[2], size_t n, double x) {
  if (x <= t[0][0])
    return t[0][1];
  if (x >= t[n - 1][0])
    return t[n - 1][1];
  size_t k = 1;
  while (k < n - 1 && x > t[k][0])
    k++;
  /* segment [k-1, k]; secant slopes around it */
  double h = t[k][0] - t[k - 1][0];
  if (h <= 0.0)
    return t[k][1];
  double d = (t[k][1] - t[k - 1][1]) / h;
  double m0 = d, m1 = d;
  if (k >= 2 && t[k - 1][0] > t[k - 2][0]) {
    double dl = (t[k - 1][1] - t[k - 2][1]) / (t[k - 1][0] - t[k - 2][0]);
    m0 = dl * d <= 0.0 ? 0.0 : 2.0 / (1.0 / dl + 1.0 / d);
  }
  if (k + 1 < n && t[k + 1][0] > t[k][0]) {
    double dr = (t[k + 1][1] - t[k][1]) / (t[k + 1][0] - t[k][0]);
    m1 = dr * d <= 0.0 ? 0.0 : 2.0 / (1.0 / dr + 1.0 / d);
  }
  if (d == 0.0)
    m0 = m1 = 0.0;
  double u = (x - t[k - 1][0]) / h, u2 = u * u, u3 = u2 * u;
  return (2 * u3 - 3 * u2 + 1) * t[k - 1][1] + (u3 - 2 * u2 + u) * h * m0 +
         (-2 * u3 + 3 * u2) * t[k][1] + (u3 - u2) * h * m1;
}

/* Half an ellipse over [x0, x1] of height r: the round of a head. */
static double dome(double x, double x0, double x1, double r) {
  double c = 0.5 * (x0 + x1), a = 0.5 * (x1 - x0), u = (x - c) / a;
  return fabs(u) >= 1.0 ? 0.0 : r * sqrt(1.0 - u * u);
}

/* The top arm of a side-lying body lies along its flank from the shoulder
 * to the hand on the thigh: where it starts and ends (m from the vertex)
 * and how thick it is there (m). */
#define ARM_FROM(b) ((b)->x_shoulder + 0.02 * (b)->height)
#define ARM_HAND(b) ((b)->x_hip + 0.10 * (b)->height)
static double arm_thick(const fit_body *b, double x) {
  double u = (x - ARM_FROM(b)) / (ARM_HAND(b) - ARM_FROM(b));
  double cap = sqrt(fmin(fmax((x - ARM_FROM(b)) / 0.04, 0.0), 1.0)); /* round at the shoulder */
  return cap * (0.085 - 0.03 * fmin(fmax(u, 0.0), 1.0));
}

/* The feet end rounded over their last 4 cm, not cut square. */
static double toe_round(double L, double x) {
  double r = 0.04, u = (x - (L - r)) / r;
  return u <= 0.0 ? 1.0 : sqrt(fmax(0.0, 1.0 - u * u));
}

/* Height of the upper outline above the spine axis (m); the lower one is
 * the solved body's (what rests on the mattress). Side-lying, the view is
 * the body's front, so the upper outline is the front silhouette: a round
 * head on a narrower neck, rounded shoulders, waist, hips, the two legs
 * together down to the feet. Back-lying, the view is the profile: face
 * with a nose, chest, belly, thighs, knees and shins (the feet, pointing
 * up, are drawn on their own). From the body's breadths and depths
 * (fit_body.c); a drawing, not a model input. */
static double upper_half(const fit_body *b, bool side, double x) {
  double L = b->height;
  if (side) {
    double rh = b->head_b / 2, nk = b->neck_d / 2, bd = b->bideltoid / 2;
    const double fr[][2] = {
        {b->x_chin - 0.02 * L, 0.3 * nk},
        {b->x_chin, 0.85 * nk},
        {b->x_neck - 0.01 * L, nk},
        {b->x_neck + 0.4 * (b->x_shoulder - b->x_neck), 0.72 * bd},
        {b->x_shoulder + 0.01 * L, 0.97 * bd},
        {b->x_shoulder + 0.035 * L, bd},
        {b->x_blade + 0.04 * L, fmin(b->chest_b / 2, 0.92 * bd)},
        {b->x_waist, b->waist_b / 2},
        {b->x_hip, b->hip_b / 2},
        {b->x_hip + 0.10 * L, 0.88 * b->hip_b / 2},
        {b->x_knee, 0.28 * b->hip_b},
        {b->x_knee + 0.07 * L, 0.3 * b->hip_b},
        {b->x_ankle, 1.1 * b->ankle_b},
        {L, 1.3 * b->ankle_b},
    };
    double body = x < fr[0][0] ? 0.0 : smooth(fr, sizeof fr / sizeof fr[0], x);
    return fmax(body, dome(x, 0.0, b->x_chin, rh)) * toe_round(L, x);
  }
  double sb = b->chest_d / 2, socc = sb - 0.100;
  double sbt = b->buttock_d / 2, hl = b->head_l;
  double fw = (b->x_waist - b->x_blade) / (b->x_hip - b->x_blade);
  double slum = sb + fw * (sbt - sb) - 0.030;
  const double fr[][2] = {
      {0.0, 0.30 * hl - socc},
      {0.02 * L, 0.74 * hl - socc},
      {0.045 * L, 0.86 * hl - socc}, /* brow */
      {0.055 * L, 0.84 * hl - socc}, /* eye */
      {0.068 * L, 0.94 * hl - socc}, /* nose tip */
      {0.075 * L, 0.87 * hl - socc}, /* under the nose */
      {0.08 * L, 0.88 * hl - socc},  /* lips */
      {b->x_chin - 0.006 * L, 0.87 * hl - socc},
      {b->x_chin + 0.004 * L, 0.62 * hl - socc},
      {b->x_chin + 0.02 * L, b->neck_d - socc},
      {b->x_neck, b->neck_d - socc + 0.02},
      {b->x_blade, b->chest_d - sb},
      {b->x_waist, fmax(b->waist_d - slum, 0.5 * b->waist_d)},
      {b->x_hip, b->buttock_d - sbt},
      {b->x_hip + 0.12 * L, b->thigh_d / 2},
      {b->x_knee, 0.6 * b->calf_d},
      {b->x_knee + 0.07 * L, b->calf_d / 2},
      {b->x_ankle, 0.35 * b->calf_d},
      {L - 0.02 * L, 0.3 * b->calf_d},
      {L, 0.0},
  };
  return smooth(fr, sizeof fr / sizeof fr[0], x);
}

static const char *verdict_colour(int v) {
  return v == BB_FIT_OK ? "#1b7f3b" : v == BB_FIT_NONE ? "#333333" : "#c0392b";
}

/* Foam colour by firmness: lighter is softer. */
static void foam_colour(int firmness, char out[8]) {
  double t = (firmness - 1) / 9.0;
  int r = (int)lround(236 - t * (236 - 150)), g = (int)lround(242 - t * (242 - 178)),
      bl = (int)lround(249 - t * (249 - 212));
  snprintf(out, 8, "#%02x%02x%02x", r, g, bl);
}

/* The mattress: the deformed top surface over the foam, one region per
 * zone when the mattress is zoned (the zones fit.c solves with: shoulder
 * to half-way to the waist, waist to half-way to the hip, hip to half-way
 * to the knee, the legs on the waist setting), each labelled. */
static void draw_mattress(const bb_fit *fit, const fit_case *c, const frame *f, fit_str *s) {
  const fit_body *b = &fit->body;
  double L = b->height, T = fit->thick;
  size_t n = c->n;
  bool zoned = fit->in.zone_shoulder > 0;
  double cut[4] = {0.5 * (b->x_shoulder + b->x_waist), 0.5 * (b->x_waist + b->x_hip),
                   0.5 * (b->x_hip + b->x_knee), L};
  int zf[4] = {fit->in.zone_shoulder, fit->in.zone_waist, fit->in.zone_hip, fit->in.zone_waist};
  size_t nreg = zoned ? 4 : 1;
  double from = 0.0;
  for (size_t r = 0; r < nreg; r++) {
    double to = zoned ? cut[r] : L;
    char fill[8] = "#dfe8f2";
    if (zoned)
      foam_colour(zf[r], fill);
    svgf(s, "<path d=\"M%.1f %.1f", px(f, from), py(f, -T));
    for (size_t k = 0; k < n; k++) {
      double x = (double)k * c->h;
      if (x >= from - c->h && x <= to + c->h)
        svgf(s, " L%.1f %.1f", px(f, fmin(fmax(x, from), to)), py(f, -c->zf[k]));
    }
    svgf(s, " L%.1f %.1f Z\" fill=\"%s\" stroke=\"#6d8fb3\" stroke-width=\"1.5\"/>\n", px(f, to),
         py(f, -T), fill);
    /* each zone named under the mattress, one line, in two staggered
     * rows: the waist and hip zones are too narrow for their words */
    if (zoned) {
      char zl[64];
      snprintf(zl, sizeof zl, "%s: firmness %d of 10",
               r == 0   ? "shoulder zone"
               : r == 1 ? "waist zone"
               : r == 2 ? "hip zone"
                        : "legs",
               zf[r]);
      double half = 0.55 * 13.0 * (double)strlen(zl) / 2;
      double zx = fmin(fmax(px(f, 0.5 * (from + to)), 4.0 + half), PANEL_W - 4.0 - half);
      svgf(s,
           "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" fill=\"#234\" "
           "text-anchor=\"middle\">%s</text>\n",
           zx, py(f, -T) + (r % 2 ? 56.0 : 38.0), zl);
    }
    from = to;
  }
  svgf(s,
       "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#6d8fb3\" "
       "stroke-dasharray=\"3 4\" stroke-width=\"1\"/>\n",
       px(f, 0.0), py(f, 0.0), px(f, L), py(f, 0.0));
  /* the thickness as given: 22.5 cm is not "22 cm" */
  bool whole = fabs(T * 100.0 - round(T * 100.0)) < 0.05;
  svgf(s,
       whole ? "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" fill=\"#3d5d80\" "
               "text-anchor=\"end\">mattress %.0f cm thick</text>\n"
             : "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" fill=\"#3d5d80\" "
               "text-anchor=\"end\">mattress %.1f cm thick</text>\n",
       px(f, L), py(f, -T) + 18.0, T * 100.0);
}

/* Where the heel rests, just past the ankle (m from the vertex). */
static double heel_x_of(double x_ankle) {
  return x_ankle + 0.03;
}

/* The spine axis (m, up) at x, from the solution. */
static double axis_at(const fit_case *c, double x) {
  double kf = x / c->h;
  if (kf <= 0.0)
    return c->y0 - c->w[0];
  size_t k = (size_t)kf;
  if (k + 1 >= c->n)
    return c->y0 - c->w[c->n - 1];
  double u = kf - (double)k;
  return c->y0 - ((1.0 - u) * c->w[k] + u * c->w[k + 1]);
}

static const char *const SKIN = "fill=\"#f6d7c3\" stroke=\"#8a5a44\" stroke-width=\"1.5\" "
                                "stroke-linejoin=\"round\"";

/* The body: lower outline from the solution (what rests on the mattress
 * and pillow), upper outline a human one (upper_half); then what makes it
 * read as a person: the arm lying along the body, the legs apart at the
 * seam, the ear, and (on the back) the feet pointing up. */
static void draw_body(const bb_fit *fit, const fit_case *c, bool side, const frame *f, fit_str *s) {
  const fit_body *b = &fit->body;
  double L = b->height;
  size_t n = c->n;
  /* the solved lower outline rounded at the crown the way the head is */
  double rlow = c->standoff[(size_t)lround(0.5 * b->x_chin / c->h)];
  svgf(s, "<path %s d=\"", SKIN);
  for (size_t k = 0; k < n; k++) {
    double x = (double)k * c->h, lo = c->standoff[k];
    if (x < 0.5 * b->x_chin)
      lo = fmin(lo, dome(x, 0.0, b->x_chin, rlow));
    if (side)
      lo *= toe_round(L, x);
    svgf(s, "%s%.1f %.1f", k ? " L" : "M", px(f, x), py(f, axis_at(c, x) - lo));
  }
  for (size_t k = n; k-- > 0;) {
    double x = (double)k * c->h;
    svgf(s, " L%.1f %.1f", px(f, x), py(f, axis_at(c, x) + upper_half(b, side, x)));
  }
  svgf(s, " Z\"/>\n");

  /* ear: a small oval on the side of the head */
  double xe = 0.55 * b->x_chin;
  svgf(s,
       "<ellipse cx=\"%.1f\" cy=\"%.1f\" rx=\"%.1f\" ry=\"%.1f\" fill=\"#eebfa6\" "
       "stroke=\"#8a5a44\" stroke-width=\"1\"/>\n",
       px(f, xe), py(f, axis_at(c, xe) + (side ? 0.0 : 0.01)), 0.030 * f->sx, 0.020 * f->sy);
  if (side) {
    /* the top arm along the flank, shoulder to the hand on the thigh */
    svgf(s, "<path fill=\"#f1cbb4\" stroke=\"#8a5a44\" stroke-width=\"1.2\" "
            "stroke-linejoin=\"round\" d=\"");
    double x0 = ARM_FROM(b), x1 = ARM_HAND(b), step = 0.01;
    bool first = true;
    for (int i = 0; x0 + i * step <= x1 + 1e-9; i++) { /* whole steps: no float counter */
      double x = x0 + i * step;
      svgf(s, "%s%.1f %.1f", first ? "M" : " L", px(f, x),
           py(f, axis_at(c, x) + upper_half(b, true, x) - 0.004));
      first = false;
    }
    /* the hand: a round end */
    double th = arm_thick(b, x1), yo = axis_at(c, x1) + upper_half(b, true, x1) - 0.004;
    svgf(s, " A%.1f %.1f 0 0 1 %.1f %.1f", 0.5 * th * f->sx, 0.5 * th * f->sy, px(f, x1),
         py(f, yo - th));
    for (int i = 0; x1 - i * step >= x0 - 1e-9; i++) {
      double x = x1 - i * step;
      svgf(s, " L%.1f %.1f", px(f, x),
           py(f, axis_at(c, x) + upper_half(b, true, x) - 0.004 - arm_thick(b, x)));
    }
    svgf(s, " Z\"/>\n");
    /* the two legs: the seam from the crotch to the feet */
    svgf(s, "<path fill=\"none\" stroke=\"#8a5a44\" stroke-width=\"1.2\" d=\"");
    for (int i = 0; b->x_hip + 0.05 * L + i * 0.02 <= L - 0.004 * L; i++) {
      double x = b->x_hip + 0.05 * L + i * 0.02;
      svgf(s, "%s%.1f %.1f", i ? " L" : "M", px(f, x), py(f, axis_at(c, x)));
    }
    svgf(s, "\"/>\n");
  } else {
    /* feet pointing up and a little outward, from the heel */
    double xa = b->x_ankle, ya = axis_at(c, xa), foot = 0.15 * L;
    size_t kh = (size_t)lround(heel_x_of(xa) / c->h);
    double heel_x = heel_x_of(xa), heel_y = ya - c->standoff[kh < n ? kh : n - 1];
    double ang = 70.0 * FIT_PI / 180.0;
    double tx = heel_x + foot * cos(ang), ty = heel_y + foot * sin(ang);
    svgf(s,
         "<path %s d=\"M%.1f %.1f Q%.1f %.1f %.1f %.1f Q%.1f %.1f %.1f %.1f "
         "Q%.1f %.1f %.1f %.1f Z\"/>\n",
         SKIN, px(f, xa - 0.01), py(f, ya + 0.3 * b->calf_d),
         /* instep up to the toes */
         px(f, tx - 0.05), py(f, ty - 0.06), px(f, tx - 0.02), py(f, ty),
         /* round the toes, down the sole */
         px(f, tx + 0.03), py(f, ty + 0.01), px(f, tx + 0.02), py(f, ty - 0.03),
         /* the sole to the heel */
         px(f, heel_x + 0.05), py(f, heel_y), px(f, heel_x - 0.01), py(f, heel_y));
    /* the arm beside the body: shoulder to the hand by the thigh, a
     * rounded band a little above the axis */
    double x1 = b->x_blade - 0.01 * L, x3 = b->x_hip + 0.06 * L, step = 0.01;
    double t1 = 0.085, t3 = 0.06, lift = 0.035;
    svgf(s, "<path fill=\"#f1cbb4\" stroke=\"#8a5a44\" stroke-width=\"1.2\" d=\"");
    bool first = true;
    for (int i = 0; x1 + i * step <= x3 + 1e-9; i++) {
      double x = x1 + i * step;
      double t = t1 + (t3 - t1) * (x - x1) / (x3 - x1);
      svgf(s, "%s%.1f %.1f", first ? "M" : " L", px(f, x), py(f, axis_at(c, x) + lift + 0.5 * t));
      first = false;
    }
    svgf(s, " A%.1f %.1f 0 0 1 %.1f %.1f", 0.5 * t3 * f->sx, 0.5 * t3 * f->sy, px(f, x3),
         py(f, axis_at(c, x3) + lift - 0.5 * t3));
    for (int i = 0; x3 - i * step >= x1 - 1e-9; i++) {
      double x = x3 - i * step;
      double t = t1 + (t3 - t1) * (x - x1) / (x3 - x1);
      svgf(s, " L%.1f %.1f", px(f, x), py(f, axis_at(c, x) + lift - 0.5 * t));
    }
    svgf(s, " A%.1f %.1f 0 0 1 %.1f %.1f Z\"/>\n", 0.5 * t1 * f->sx, 0.5 * t1 * f->sy, px(f, x1),
         py(f, axis_at(c, x1) + lift + 0.5 * t1));
  }
}

/* Header text at *y, wrapped at words to the panel's width (an estimate
 * of the glyphs' width: sans-serif averages about 0.55 em, bold 0.6),
 * each line `step` below the last; *y ends under the last line. The
 * words also go to `desc`, the picture's text alternative. */
static void wrapped_line(fit_str *s, fit_str *desc, double *y, double size, bool bold, double em,
                         const char *fill, const char *text) {
  double per = size * em, width = PANEL_W - 2 * MARGIN;
  size_t max = (size_t)(width / per), len = strlen(text), at = 0;
  while (at < len) {
    size_t take = len - at;
    if (take > max) { /* break at the last space that fits */
      take = max;
      while (take > 0 && text[at + take] != ' ')
        take--;
      if (take == 0)
        take = max;
    }
    char part[400];
    snprintf(part, sizeof part, "%.*s", (int)(take < sizeof part ? take : sizeof part - 1),
             text + at);
    svgf(s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\"%s fill=\"%s\">", MARGIN, *y, size,
         bold ? " font-weight=\"bold\"" : "", fill);
    text_escaped(s, part);
    svgf(s, "</text>\n");
    *y += size * 1.3;
    at += take;
    while (at < len && text[at] == ' ')
      at++;
  }
  if (desc) {
    text_escaped(desc, text);
    svgf(desc, "%s", ". ");
  }
}

static void header_line(fit_str *s, fit_str *desc, double *y, double size, bool bold,
                        const char *fill, const char *text) {
  wrapped_line(s, desc, y, size, bold, bold ? 0.6 : 0.55, fill, text);
}

static const char *verdict_tint(int v) {
  return v == BB_FIT_OK ? "#e7f4ea" : v == BB_FIT_NONE ? "#efefef" : "#fbe9e7";
}

/* A round sign: a tick when it suits, a cross when it does not, a dash
 * without a verdict -- read by its shape and the words beside it, never
 * by its colour alone. */
static void sign(fit_str *s, double cx, double cy, double r, int v) {
  svgf(s, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>\n", cx, cy, r,
       verdict_colour(v));
  const char *pen = "fill=\"none\" stroke=\"#fff\" stroke-linecap=\"round\" "
                    "stroke-linejoin=\"round\"";
  if (v == BB_FIT_OK)
    svgf(s, "<path %s stroke-width=\"%.1f\" d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1f\"/>\n", pen,
         0.22 * r, cx - 0.45 * r, cy + 0.02 * r, cx - 0.12 * r, cy + 0.36 * r, cx + 0.47 * r,
         cy - 0.34 * r);
  else if (v == BB_FIT_NONE)
    svgf(s, "<path %s stroke-width=\"%.1f\" d=\"M%.1f %.1fH%.1f\"/>\n", pen, 0.22 * r,
         cx - 0.45 * r, cy, cx + 0.45 * r);
  else
    svgf(s,
         "<path %s stroke-width=\"%.1f\" d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f "
         "%.1f\"/>\n",
         pen, 0.22 * r, cx - 0.38 * r, cy - 0.38 * r, cx + 0.38 * r, cy + 0.38 * r, cx + 0.38 * r,
         cy - 0.38 * r, cx - 0.38 * r, cy + 0.38 * r);
}

/* The verdict band: the mattress's verdict, and the pillow's when the
 * person gave theirs, in large words a phone shows at 13 px. */
static void verdict_band(fit_str *s, const bb_fit *fit, const fit_position *P, double top) {
  const fit_case *c = &P->cur;
  svgf(s,
       "<rect x=\"10\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"10\" fill=\"%s\" "
       "stroke=\"%s\" stroke-width=\"2.5\"/>\n",
       top + 8.0, PANEL_W - 20.0, BAND_H, verdict_tint(c->verdict), verdict_colour(c->verdict));
  double cy = top + 8.0 + BAND_H / 2;
  char words[96];
  if (c->verdict == BB_FIT_NONE)
    snprintf(words, sizeof words, "Mattress: no verdict");
  else
    snprintf(words, sizeof words, "Mattress %s", mattress_words(c));
  sign(s, MARGIN + 4.0, cy, 16.0, c->verdict);
  svgf(s,
       "<text x=\"%.1f\" y=\"%.1f\" font-size=\"26\" font-weight=\"bold\" "
       "fill=\"#1a1a1a\">%s</text>\n",
       MARGIN + 28.0, cy + 9.0, words);
  if (isfinite(P->pillow_current_cm) && P->pillow_verdict != BB_FIT_NONE) {
    double x = MARGIN + 352.0;
    (void)fit;
    sign(s, x, cy, 16.0, P->pillow_verdict);
    svgf(s,
         "<text x=\"%.1f\" y=\"%.1f\" font-size=\"26\" font-weight=\"bold\" "
         "fill=\"#1a1a1a\">Pillow %s</text>\n",
         x + 24.0, cy + 9.0, pillow_words(P->pillow_verdict));
  }
}

/* One position's panel from `top`: the verdict band, the sentence and
 * its reasons, the side view, the numbers under it. Returns its bottom. */
static double panel(const bb_fit *fit, size_t i, double top, fit_str *s, fit_str *desc) {
  const fit_position *P = &fit->pos[i];
  const fit_case *c = &P->cur;
  const fit_body *b = &fit->body;
  bool side = P->position == FIT_SIDE;
  size_t n = c->n;
  double L = b->height, T = fit->thick;
  frame f;
  if (n < 2 || !c->w)
    return top;

  verdict_band(s, fit, P, top);
  /* under the band: the verdict as a sentence; every reason; the best
   * firmness; the alignment; the pillow */
  char line[320];
  double y = top + 8.0 + BAND_H + 28.0;
  if (isfinite(fit->in.stiffness_kpa_m))
    snprintf(line, sizeof line, "Lying on the %s, mattress %g kPa/m: %s", side ? "side" : "back",
             fit_as_given(fit->in.stiffness_kpa_m), mattress_words(c));
  else if (fit->in.zone_shoulder > 0)
    snprintf(line, sizeof line, "Lying on the %s, zoned mattress (zones drawn below): %s",
             side ? "side" : "back", mattress_words(c));
  else if (P->firmness)
    snprintf(line, sizeof line, "Lying on the %s, firmness %d of 10: %s", side ? "side" : "back",
             P->firmness, mattress_words(c));
  else
    snprintf(line, sizeof line, "Lying on the %s, firmness %d of 10 (best for you): %s",
             side ? "side" : "back", P->best, mattress_words(c));
  header_line(s, desc, &y, 20.0, true, "#1a1a1a", line);
  for (int k = 0; k < c->nreasons; k++) {
    snprintf(line, sizeof line, "\342\200\242 %s", c->reasons[k]);
    header_line(s, desc, &y, 16.0, false, verdict_colour(c->verdict), line);
  }
  /* with two panels each best is for its position only: two "best for
   * this body" lines with different numbers would contradict each other
   * (the text gives the one answer for both) */
  char who[32];
  if (fit->npos == 2)
    snprintf(who, sizeof who, "lying on the %s", side ? "side" : "back");
  else
    snprintf(who, sizeof who, "for this body");
  if (P->range_lo)
    snprintf(line, sizeof line, "best firmness %s: %d of 10 (%d to %d are fine)", who, P->best,
             P->range_lo, P->range_hi);
  else
    snprintf(line, sizeof line, "no uniform firmness suits this body%s%s; %d of 10 comes closest",
             fit->npos == 2 ? " " : "", fit->npos == 2 ? who : "", P->best);
  header_line(s, desc, &y, 16.0, false, "#333", line);
  bool out;
  if (side) {
    out = fabs(c->tilt_deg) > FIT_TILT_TOL_DEG || fabs(c->sag_mm) > FIT_SAG_TOL_MM;
    snprintf(line, sizeof line,
             "spine tilt %.1f\302\260 (limit %.0f\302\260), waist %s %.0f mm (limit %.0f mm)",
             c->tilt_deg, FIT_TILT_TOL_DEG, c->sag_mm >= 0 ? "sags" : "bows up", fabs(c->sag_mm),
             FIT_SAG_TOL_MM);
  } else {
    out = c->lumbar_gap_mm > FIT_LUMBAR_GAP_MM || c->pelvis_drop_mm > FIT_PELVIS_DROP_MM;
    snprintf(line, sizeof line,
             "lower-back gap %.0f mm (limit %.0f mm), pelvis %.0f mm %s than the shoulder "
             "blades (limit %.0f mm)",
             c->lumbar_gap_mm, FIT_LUMBAR_GAP_MM, fabs(c->pelvis_drop_mm),
             c->pelvis_drop_mm >= 0 ? "deeper" : "higher", FIT_PELVIS_DROP_MM);
  }
  header_line(s, desc, &y, 16.0, true, out ? "#c0392b" : "#1b7f3b", line);
  /* the pose is on the pillow the mattress is judged on (pose_cm) */
  snprintf(line, sizeof line, "pillow needed %.1f cm high (unloaded); drawn on a %.1f cm pillow",
           c->pillow_needed_cm, P->pillow_pose_cm);
  header_line(s, desc, &y, 15.0, false, "#6b5318", line);
  if (isfinite(P->pillow_current_cm) && P->pillow_verdict != BB_FIT_NONE) {
    snprintf(line, sizeof line, "yours %g cm: %s", fit_as_given(P->pillow_current_cm),
             pillow_words(P->pillow_verdict));
    header_line(s, desc, &y, 15.0, false, verdict_colour(P->pillow_verdict), line);
  }
  y -= 10.0;

  /* the frame: the body's top edge under the header, the mattress under it */
  f.sx = (PANEL_W - 2 * MARGIN) / L;
  f.sy = fmin(f.sx * VEXAG, 560.0);
  f.x0 = MARGIN;
  double ytop = 0.0;
  for (size_t k = 0; k < n; k++) {
    double x = (double)k * c->h;
    ytop = fmax(ytop, axis_at(c, x) + upper_half(b, side, x));
  }
  if (!side) /* the feet */
    ytop = fmax(ytop, axis_at(c, b->x_ankle) + 0.15 * L);
  double body_top = y + 8.0;
  if ((ytop + T) * f.sy > 320.0) /* a tall picture: heights scaled down to fit */
    f.sy = 320.0 / (ytop + T);
  f.base = body_top + ytop * f.sy;

  draw_mattress(fit, c, &f, s);

  /* pillow: on the mattress under the head, squeezed where the head lies */
  bool any_pillow = false;
  for (size_t k = 0; k < n; k++)
    any_pillow = any_pillow || c->top[k] > 0.0;
  if (any_pillow) {
    size_t last = 0;
    svgf(s, "<path d=\"M%.1f %.1f", px(&f, 0.0), py(&f, -c->zf[0]));
    for (size_t k = 0; k < n && c->top[k] > 0.0; k++) {
      double outl = c->y0 - c->w[k] - c->standoff[k];
      double surf = -c->zf[k];
      double t = fmin(surf + c->top[k], outl);
      svgf(s, " L%.1f %.1f", px(&f, (double)k * c->h), py(&f, fmax(t, surf)));
      last = k;
    }
    for (size_t k = last + 1; k-- > 0;)
      svgf(s, " L%.1f %.1f", px(&f, (double)k * c->h), py(&f, -c->zf[k]));
    svgf(s, " Z\" fill=\"#f3e6c4\" stroke=\"#b59a57\" stroke-width=\"1.5\"/>\n");
  }

  draw_body(fit, c, side, &f, s);

  /* spine (neck to hip) and the straight reference through shoulder and hip */
  double xa = side ? b->x_shoulder : b->x_blade, xb = b->x_hip;
  size_t ka = (size_t)lround(xa / c->h), kb = (size_t)lround(xb / c->h);
  double ya = c->y0 - c->w[ka], yb = c->y0 - c->w[kb];
  double slope = (yb - ya) / ((double)kb * c->h - (double)ka * c->h);
  double r0 = b->x_neck - 0.05 * L, r1 = b->x_knee;
  svgf(s,
       "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\" "
       "stroke-width=\"2\" stroke-dasharray=\"8 5\"/>\n",
       px(&f, r0), py(&f, ya + slope * (r0 - (double)ka * c->h)), px(&f, r1),
       py(&f, ya + slope * (r1 - (double)ka * c->h)));
  svgf(s,
       "<text x=\"%.1f\" y=\"%.1f\" font-size=\"16\" fill=\"#333\">straight "
       "line</text>\n",
       px(&f, r1) + 6.0, py(&f, ya + slope * (r1 - (double)ka * c->h)) + 5.0);
  /* a horizontal for the tilt */
  if (side)
    svgf(s,
         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#aaa\" "
         "stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n",
         px(&f, xa), py(&f, yb), px(&f, xb), py(&f, yb));
  svgf(s, "<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"4\" "
          "stroke-linejoin=\"round\" points=\"");
  for (size_t k = 0; k < n; k++) {
    double x = (double)k * c->h;
    if (x < b->x_chin || x > b->x_hip + 0.03 * L)
      continue;
    svgf(s, "%.1f,%.1f ", px(&f, x), py(&f, c->y0 - c->w[k]));
  }
  svgf(s, "\"/>\n");
  svgf(s,
       "<text x=\"%.1f\" y=\"%.1f\" font-size=\"17\" fill=\"#c0392b\" "
       "font-weight=\"bold\">spine</text>\n",
       px(&f, 0.5 * (xa + xb)) - 22.0, py(&f, c->y0 - c->w[(ka + kb) / 2]) - 10.0);

  /* numbers where they happen, under the mattress */
  double lab_y = py(&f, -T) + 38.0 + (fit->in.zone_shoulder > 0 ? 44.0 : 0.0);
  const struct {
    double x, sink, p;
    const char *name;
  } marks[] = {{side ? b->x_shoulder : b->x_blade, c->sink_shoulder, c->p_shoulder,
                side ? "shoulder" : "shoulder blades"},
               {b->x_waist, c->sink_waist, -1.0, "waist"},
               {b->x_hip, c->sink_hip, c->p_hip, side ? "hip" : "pelvis"}};
  /* the shoulder and hip labels share a row: pushed apart when they
   * would overlap (a short body, "shoulder blades sink ..." is long) */
  char lab[3][64];
  double lx[3];
  for (size_t k = 0; k < 3; k++) {
    snprintf(lab[k], sizeof lab[k], "%s %s %.0f mm", marks[k].name,
             strcmp(marks[k].name, "shoulder blades") == 0 ? "sink" : "sinks", marks[k].sink);
    lx[k] = px(&f, marks[k].x);
  }
  double w0 = 0.55 * 14.0 * (double)strlen(lab[0]), w2 = 0.55 * 14.0 * (double)strlen(lab[2]);
  double over = (lx[0] + w0 / 2 + 12.0) - (lx[2] - w2 / 2);
  if (over > 0.0) {
    lx[0] -= over / 2;
    lx[2] += over / 2;
  }
  if (lx[0] - w0 / 2 < 4.0) {
    lx[2] += 4.0 - (lx[0] - w0 / 2);
    lx[0] = 4.0 + w0 / 2;
  }
  for (size_t k = 0; k < 3; k++) {
    double x = px(&f, marks[k].x);
    svgf(s,
         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#6d8fb3\" "
         "stroke-width=\"1\"/>\n",
         x, py(&f, 0.0), x, py(&f, -marks[k].sink / 1000.0));
    x = lx[k];
    svgf(s,
         "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" fill=\"#234\" "
         "text-anchor=\"middle\">%s</text>\n",
         x, lab_y + (k == 1 ? 36.0 : 0.0), lab[k]);
    if (marks[k].p >= 0.0)
      svgf(s,
           "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" fill=\"%s\" "
           "text-anchor=\"middle\">peak %.1f kPa</text>\n",
           x, lab_y + 17.0, marks[k].p > FIT_PEAK_PRESSURE_KPA ? "#c0392b" : "#234", marks[k].p);
  }
  double bottom = lab_y + 36.0 + 22.0;
  svgf(s,
       "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" fill=\"#666\" "
       "text-anchor=\"end\">head left, feet right; heights drawn x%.1f</text>\n",
       PANEL_W - 10.0, bottom, f.sy / f.sx);
  return bottom + 14.0;
}

/* A notice above the panels (a warning sign the answers hold: it comes
 * before anything about the bed), in a red-edged box sized to its lines.
 * Returns its bottom. */
static double notice_band(const char *notice, fit_str *s, fit_str *desc) {
  fit_str words = {0};
  double y = 8.0 + 34.0;
  /* wrapped for capitals and long words at their widest: it must not
   * run out of its box */
  wrapped_line(&words, desc, &y, 22.0, true, 0.7, "#1a1a1a", notice);
  double bottom = y - 22.0 * 1.3 + 22.0;
  svgf(s,
       "<rect x=\"10\" y=\"8\" width=\"%.1f\" height=\"%.1f\" rx=\"10\" fill=\"#fbe9e7\" "
       "stroke=\"#b3261e\" stroke-width=\"4\"/>\n",
       PANEL_W - 20.0, bottom + 4.0);
  svgf(s, "%s", words.s ? words.s : "");
  s->failed |= words.failed;
  free(words.s);
  return bottom + 20.0;
}

static char *document(const bb_fit *fit, size_t from, size_t to, const char *notice) {
  fit_str body = {0}, desc = {0}, s = {0};
  double h = notice && *notice ? notice_band(notice, &body, &desc) : 0.0;
  for (size_t i = from; i < to; i++)
    h = panel(fit, i, h, &body, &desc);
  /* role="img" with a title and the words of every panel as its
   * description: a screen reader reads the verdicts and the numbers */
  svgf(&s,
       "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%.0f\" "
       "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">\n"
       "<title>How the body lies on the mattress (side view)</title>\n<desc>%s</desc>\n"
       "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n%s</svg>\n",
       PANEL_W, h, PANEL_W, h, desc.s ? desc.s : "", body.s ? body.s : "");
  free(body.s);
  free(desc.s);
  if (s.failed || body.failed || desc.failed) {
    free(s.s);
    return NULL;
  }
  return s.s;
}

char *fit_svg_position(const bb_fit *fit, size_t i) {
  if (i >= fit->npos)
    return NULL;
  return document(fit, i, i + 1, NULL);
}

char *bb_fit_svg(const bb_fit *fit) {
  return bb_fit_svg_notice(fit, NULL);
}

char *bb_fit_svg_notice(const bb_fit *fit, const char *notice) {
  if (fit->npos == 0)
    return NULL;
  return document(fit, 0, fit->npos, notice);
}
