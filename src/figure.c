/* figure.c -- an exercise's figure: the start and the end pose of a person
 * on a bed (or the floor), side by side, drawn from the knowledge base's
 * joint angles (kb/exercises.json, "figure"; docs/knowledge-base.md).
 *
 * The person is thick rounded strokes (trunk, limbs) and a round head:
 * a figure that reads as a body at 360 px wide, with no detail to get
 * wrong. Segment lengths are fixed proportions of an adult; each pose
 * rests on its surface at its lowest point, the hip stays where it is
 * between the two panels, and both share one scale. What moves between
 * start and end is drawn in the accent colour in the end panel, over a
 * dashed ghost of where it started.
 *
 * Colours have a relative luminance between 0.1 and 0.3, so that each
 * keeps 3:1 against white and against black; every shape has a halo
 * (class bb-fig-halo, white unless the page sets its stroke to its own
 * background) that keeps overlapping limbs apart. Text is currentColor.
 * Self-contained: no external reference, no script, no id (several
 * figures share a page). Pure. */
#include "internal.h"
#include "svgfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const POINT_NAMES[FIG_NPOINTS] = {
    "hip",        "lower_back", "shoulder", "head",      "near_knee",
    "near_ankle", "near_foot",  "far_knee", "far_ankle", "hand"};

int fig_point_index(const char *name) {
  for (int i = 0; name && i < FIG_NPOINTS; i++)
    if (!strcmp(name, POINT_NAMES[i]))
      return i;
  return -1;
}

int fig_prop_bit(const char *name) {
  if (!name)
    return 0;
  if (!strcmp(name, "heat"))
    return FIG_PROP_HEAT;
  if (!strcmp(name, "towel"))
    return FIG_PROP_TOWEL;
  if (!strcmp(name, "cushion"))
    return FIG_PROP_CUSHION;
  return 0;
}

/* Appends to the figure (svgfmt.h: the coordinates without vsnprintf). */
static void fig_add(void *to, const char *p, size_t n) {
  bbu_buf_addn(to, p, n);
}

static void figf(bbu_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void figf(bbu_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (!svgfmt_v(fig_add, b, fmt, ap))
    b->failed = 1;
  va_end(ap);
}

/* body proportions (units of the drawing before scaling) */
#define TRUNK 58.0
#define NECK 7.0
#define HEAD_R 10.0
#define THIGH 44.0
#define SHIN 42.0
#define FOOT 13.0
#define UARM 30.0
#define FARM 28.0
/* stroke widths */
#define W_TRUNK 17.0
#define W_NECK 8.0
#define W_THIGH 12.0
#define W_SHIN 9.0
#define W_FOOT 6.0
#define W_UARM 8.0
#define W_FARM 7.0
#define HALO 3.0

/* the picture: two panels side by side */
#define PANEL_W 240.0
#define FIG_H 150.0
#define MARGIN 8.0
#define TOP 24.0 /* under the panel's label */
#define BED_TOP 112.0
#define BED_BOTTOM 128.0
#define FLOOR_Y 132.0

static const char *const C_BODY = "#64748b", *const C_FAR = "#7d8aa0", *const C_MOVE = "#1d6fd6",
                         *const C_HEAT = "#e8590c", *const C_TOWEL = "#a16207";

typedef struct {
  double x, y;
} pt;

static pt dir(double deg) {
  double r = deg * 3.14159265358979323846 / 180.0;
  return (pt){cos(r), sin(r)};
}
static pt add(pt a, pt b, double k) {
  return (pt){a.x + k * b.x, a.y + k * b.y};
}
static double dist(pt a, pt b) {
  return hypot(a.x - b.x, a.y - b.y);
}

/* One pose's joints (y up, the hip at the origin). */
typedef struct {
  pt p[FIG_NPOINTS];
  pt neck, arm_root, elbow, far_foot;
} body;

/* The hand on `target` (the arm straight towards it when out of reach),
 * the elbow bent downwards: towards the bed. */
static void reach(body *b, pt target) {
  pt r = b->arm_root;
  double d = dist(r, target), a = atan2(target.y - r.y, target.x - r.x);
  if (d >= UARM + FARM - 0.5 || d < 1e-6) {
    pt u = {cos(a), sin(a)};
    b->elbow = add(r, u, UARM);
    b->p[FIG_HAND] = add(r, u, UARM + FARM);
    return;
  }
  double c = (UARM * UARM + d * d - FARM * FARM) / (2.0 * UARM * d);
  double bend = acos(fmax(-1.0, fmin(1.0, c)));
  pt e1 = add(r, (pt){cos(a + bend), sin(a + bend)}, UARM);
  pt e2 = add(r, (pt){cos(a - bend), sin(a - bend)}, UARM);
  b->elbow = e1.y < e2.y ? e1 : e2;
  b->p[FIG_HAND] = target;
}

static body pose_body(const kb_pose *q) {
  body b;
  memset(&b, 0, sizeof b);
  pt h = {0.0, 0.0}, s = add(h, dir(q->trunk), TRUNK);
  b.p[FIG_HIP] = h;
  b.p[FIG_SHOULDER] = s;
  b.p[FIG_LOWER_BACK] = add(h, dir(q->trunk), 0.3 * TRUNK);
  b.neck = add(s, dir(q->head), NECK);
  b.p[FIG_HEAD] = add(b.neck, dir(q->head), HEAD_R);
  b.p[FIG_NEAR_KNEE] = add(h, dir(q->leg[0][0]), THIGH);
  b.p[FIG_NEAR_ANKLE] = add(b.p[FIG_NEAR_KNEE], dir(q->leg[0][1]), SHIN);
  b.p[FIG_NEAR_FOOT] = add(b.p[FIG_NEAR_ANKLE], dir(q->leg[0][2]), FOOT);
  b.p[FIG_FAR_KNEE] = add(h, dir(q->leg[1][0]), THIGH);
  b.p[FIG_FAR_ANKLE] = add(b.p[FIG_FAR_KNEE], dir(q->leg[1][1]), SHIN);
  b.far_foot = add(b.p[FIG_FAR_ANKLE], dir(q->leg[1][2]), FOOT);
  b.arm_root = add(s, dir(q->trunk), -5.0);
  if (q->reach >= 0 && q->reach != FIG_HAND) {
    reach(&b, b.p[q->reach]);
  } else {
    b.elbow = add(b.arm_root, dir(q->arm[0]), UARM);
    b.p[FIG_HAND] = add(b.elbow, dir(q->arm[1]), FARM);
  }
  return b;
}

/* The drawn segments of a body: from, to, width, far (behind). */
typedef struct {
  pt a, b;
  double w;
  int layer; /* 0 far leg, 1 trunk and head, 2 near leg, 3 arm */
} seg;

/* The arm lies along the body (the default): hidden behind the trunk
 * rather than drawn over it as a second, confusing trunk. */
static bool arm_along(const kb_pose *q) {
  return q->reach < 0 && fabs(fmod(q->arm[0] - q->trunk + 720.0, 360.0) - 180.0) < 1.0 &&
         fabs(q->arm[1] - q->arm[0]) < 1.0;
}

#define NSEG 10
static void segments(const body *b, seg out[NSEG]) {
  const pt *p = b->p;
  seg s[NSEG] = {
      {p[FIG_HIP], p[FIG_FAR_KNEE], W_THIGH, 0},
      {p[FIG_FAR_KNEE], p[FIG_FAR_ANKLE], W_SHIN, 0},
      {p[FIG_FAR_ANKLE], b->far_foot, W_FOOT, 0},
      {p[FIG_HIP], p[FIG_SHOULDER], W_TRUNK, 1},
      {p[FIG_SHOULDER], b->neck, W_NECK, 1},
      {p[FIG_HIP], p[FIG_NEAR_KNEE], W_THIGH, 2},
      {p[FIG_NEAR_KNEE], p[FIG_NEAR_ANKLE], W_SHIN, 2},
      {p[FIG_NEAR_ANKLE], p[FIG_NEAR_FOOT], W_FOOT, 2},
      {b->arm_root, b->elbow, W_UARM, 3},
      {b->elbow, p[FIG_HAND], W_FARM, 3},
  };
  memcpy(out, s, sizeof s);
}

/* Extent of a body (y up): x and y ranges including stroke widths. */
static void extent(const body *b, double *x0, double *x1, double *y0, double *y1) {
  seg s[NSEG];
  segments(b, s);
  *x0 = *y0 = HUGE_VAL;
  *x1 = *y1 = -HUGE_VAL;
  for (int i = 0; i < NSEG; i++) {
    double r = s[i].w / 2;
    *x0 = fmin(*x0, fmin(s[i].a.x, s[i].b.x) - r);
    *x1 = fmax(*x1, fmax(s[i].a.x, s[i].b.x) + r);
    *y0 = fmin(*y0, fmin(s[i].a.y, s[i].b.y) - r);
    *y1 = fmax(*y1, fmax(s[i].a.y, s[i].b.y) + r);
  }
  pt h = b->p[FIG_HEAD];
  *x0 = fmin(*x0, h.x - HEAD_R);
  *x1 = fmax(*x1, h.x + HEAD_R);
  *y0 = fmin(*y0, h.y - HEAD_R);
  *y1 = fmax(*y1, h.y + HEAD_R);
}

/* Where a panel's body goes on the page: x = ox + k*x, y = oy - k*y. */
typedef struct {
  double ox, oy, k;
} place;

static double X(const place *pl, pt p) {
  return pl->ox + pl->k * p.x;
}
static double Y(const place *pl, pt p) {
  return pl->oy - pl->k * p.y;
}

static void line(bbu_buf *o, const place *pl, pt a, pt b, double w, const char *colour,
                 const char *extra) {
  figf(o,
       "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
       "stroke-width=\"%.1f\"%s/>\n",
       X(pl, a), Y(pl, a), X(pl, b), Y(pl, b), colour, w * pl->k, extra);
}

static void halo_line(bbu_buf *o, const place *pl, pt a, pt b, double w) {
  figf(o,
       "<line class=\"bb-fig-halo\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
       "stroke=\"#fff\" stroke-width=\"%.1f\"/>\n",
       X(pl, a), Y(pl, a), X(pl, b), Y(pl, b), w * pl->k + 2 * HALO);
}

static int moved(pt a0, pt b0, pt a1, pt b1) {
  return dist(a0, a1) > 2.0 || dist(b0, b1) > 2.0;
}

static void arrow(bbu_buf *o, const place *pl, const body *b, const kb_pose *q) {
  pt j = b->p[q->arrow_at], u = dir(q->arrow_dir);
  double clear = 13.0, len = 22.0;
  pt tail, tip;
  if (q->arrow_kind == FIG_ARROW_PRESS) { /* from outside, pointing at the point */
    tail = add(j, u, -(clear + len));
    tip = add(j, u, -clear);
  } else { /* from the point, the way it moves */
    tail = add(j, u, clear);
    tip = add(j, u, clear + len);
  }
  pt back = add(tip, u, -7.0), n = {-u.y, u.x};
  pt l = add(back, n, 4.5), r = add(back, n, -4.5);
  figf(o,
       "<g stroke-linecap=\"round\"><line class=\"bb-fig-halo\" x1=\"%.1f\" y1=\"%.1f\" "
       "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#fff\" stroke-width=\"%.1f\"/>\n",
       X(pl, tail), Y(pl, tail), X(pl, back), Y(pl, back), 2.5 * pl->k + 2 * HALO);
  line(o, pl, tail, back, 2.5, C_MOVE, "");
  figf(o,
       "<path class=\"bb-fig-halo\" d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\" "
       "stroke=\"#fff\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/></g>\n",
       X(pl, tip), Y(pl, tip), X(pl, l), Y(pl, l), X(pl, r), Y(pl, r), C_MOVE);
}

/* One panel: the surface, the props, the body (what moved in the accent
 * colour, over its ghost, when `before` is the other pose), the arrow. */
static void panel(bbu_buf *o, const kb_figure *f, int which, const place *pl, const place *pl0,
                  double left) {
  const kb_pose *q = &f->pose[which];
  body b = pose_body(q), b0 = pose_body(&f->pose[0]);
  bool end = which == 1;
  /* the surface */
  if (f->surface == FIG_BED) {
    figf(o,
         "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"4\" "
         "fill=\"#64748b\" fill-opacity=\"0.22\" stroke=\"#64748b\" "
         "stroke-width=\"1.5\"/>\n",
         left + 4.0, BED_TOP, PANEL_W - 8.0, BED_BOTTOM - BED_TOP);
    figf(o,
         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#64748b\" "
         "stroke-width=\"3\" stroke-linecap=\"round\"/>\n",
         left + 6.0, BED_BOTTOM + 4.0, left + PANEL_W - 6.0, BED_BOTTOM + 4.0);
    /* the pillow, under the head of a person lying down */
    pt hd = b.p[FIG_HEAD];
    if (Y(pl, hd) > BED_TOP - 3.0 * HEAD_R * pl->k)
      figf(o,
           "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"7\" rx=\"3.5\" "
           "fill=\"#64748b\" fill-opacity=\"0.35\" stroke=\"#64748b\" "
           "stroke-width=\"1.2\"/>\n",
           X(pl, hd) - 16.0 * pl->k, BED_TOP - 6.0, 32.0 * pl->k);
  } else {
    figf(o,
         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#64748b\" "
         "stroke-width=\"3\" stroke-linecap=\"round\"/>\n",
         left + 6.0, FLOOR_Y, left + PANEL_W - 6.0, FLOOR_Y);
  }
  /* props under the body */
  if (q->props & FIG_PROP_CUSHION) {
    pt k = b.p[FIG_NEAR_KNEE];
    double surf = f->surface == FIG_BED ? BED_TOP : FLOOR_Y;
    figf(o,
         "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" rx=\"3\" "
         "fill=\"#64748b\" fill-opacity=\"0.35\" stroke=\"#64748b\" "
         "stroke-width=\"1.2\"/>\n",
         X(pl, k) - 13.0 * pl->k, surf - 6.0, 26.0 * pl->k);
  }
  /* the body, layer by layer, each part over its halo */
  seg s[NSEG], s0[NSEG];
  segments(&b, s);
  segments(&b0, s0);
  if (arm_along(q))
    s[8].layer = s[9].layer = -1; /* not drawn */
  bbu_buf_add(o, "<g stroke-linecap=\"round\">\n");
  for (int layer = 0; layer < 4; layer++) {
    for (int i = 0; i < NSEG; i++) {
      if (s[i].layer != layer)
        continue;
      halo_line(o, pl, s[i].a, s[i].b, s[i].w);
      /* what moved: the legs and the trunk; the arm only follows */
      bool mv = end && i < 8 && moved(s0[i].a, s0[i].b, s[i].a, s[i].b);
      line(o, pl, s[i].a, s[i].b, s[i].w, mv ? C_MOVE : layer == 0 ? C_FAR : C_BODY, "");
    }
    if (layer == 1 && (q->props & FIG_PROP_HEAT)) {
      /* the pad under the back, over the body's lower edge so it shows */
      pt lb = b.p[FIG_LOWER_BACK];
      double surf = f->surface == FIG_BED ? BED_TOP : FLOOR_Y;
      figf(o,
           "<rect class=\"bb-fig-halo\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
           "height=\"%.1f\" rx=\"3\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1.5\"/>\n",
           X(pl, lb) - 18.0 * pl->k, surf - 5.0, 36.0 * pl->k, 7.0, C_HEAT);
      /* warmth rising beside the body: three short waves */
      for (int i = 0; i < 3; i++) {
        double x = X(pl, lb) + (-10.0 + 10.0 * i) * pl->k, y = Y(pl, lb) - 14.0 * pl->k;
        figf(o,
             "<path d=\"M%.1f %.1fq-3 -4 0 -8q3 -4 0 -8\" fill=\"none\" stroke=\"%s\" "
             "stroke-width=\"2\" stroke-linecap=\"round\"/>\n",
             x, y, C_HEAT);
      }
    }
    if (layer == 1) {
      pt h = b.p[FIG_HEAD];
      bool mv = end && dist(h, b0.p[FIG_HEAD]) > 2.0;
      figf(o,
           "<circle class=\"bb-fig-halo\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" "
           "fill=\"%s\" stroke=\"#fff\" stroke-width=\"%.1f\"/>\n",
           X(pl, h), Y(pl, h), HEAD_R * pl->k, mv ? C_MOVE : C_BODY, HALO);
      /* the nose: which way the person faces (up, lying on the back) */
      pt nose = add(h, dir(q->head - 90.0), 0.9 * HEAD_R);
      figf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>\n", X(pl, nose),
           Y(pl, nose), 2.8 * pl->k, mv ? C_MOVE : C_BODY);
    }
  }
  /* where what moved started: a dashed ghost over the end pose */
  for (int i = 0; end && i < 8; i++)
    if (moved(s0[i].a, s0[i].b, s[i].a, s[i].b))
      line(o, pl0, s0[i].a, s0[i].b, 1.6, C_MOVE, " stroke-dasharray=\"3 3\" opacity=\"0.9\"");
  bbu_buf_add(o, "</g>\n");
  if (q->props & FIG_PROP_TOWEL) {
    halo_line(o, pl, b.p[FIG_HAND], b.p[FIG_NEAR_FOOT], 3.0);
    line(o, pl, b.p[FIG_HAND], b.p[FIG_NEAR_FOOT], 3.0, C_TOWEL, " stroke-linecap=\"round\"");
  }
  if (q->arrow_at >= 0)
    arrow(o, pl, &b, q);
  figf(o,
       "<text x=\"%.1f\" y=\"18\" font-size=\"16\" font-weight=\"bold\" "
       "fill=\"currentColor\">%s</text>\n",
       left + MARGIN, end ? "End" : "Start");
}

static const kb_figure *figure_of(const bb_exercise *x) {
  return x ? ((const kb_exercise *)(const void *)x)->figure : NULL;
}

char *bb_exercise_figure_text(const bb_exercise *x) {
  const kb_figure *f = figure_of(x);
  if (!f || !f->pose[0].caption || !f->pose[1].caption)
    return NULL;
  bbu_buf b;
  bbu_buf_init(&b);
  figf(&b, "Start: %s End: %s", f->pose[0].caption, f->pose[1].caption);
  return bbu_buf_take(&b);
}

char *bb_exercise_figure_svg(const bb_exercise *x, unsigned flags) {
  const kb_figure *f = figure_of(x);
  char *text = bb_exercise_figure_text(x);
  if (!f || !text) {
    free(text);
    return NULL;
  }
  const kb_exercise *e = (const kb_exercise *)(const void *)x;
  /* one scale for both poses: the taller and the wider one fit */
  body bs[2] = {pose_body(&f->pose[0]), pose_body(&f->pose[1])};
  double ex[2][4], ux0 = HUGE_VAL, ux1 = -HUGE_VAL, hmax = 0.0;
  for (int i = 0; i < 2; i++) {
    extent(&bs[i], &ex[i][0], &ex[i][1], &ex[i][2], &ex[i][3]);
    ux0 = fmin(ux0, ex[i][0]);
    ux1 = fmax(ux1, ex[i][1]);
    hmax = fmax(hmax, ex[i][3] - ex[i][2]);
  }
  double surf = f->surface == FIG_BED ? BED_TOP : FLOOR_Y;
  /* as large as the panel allows (a lying person fills its width), but
   * no larger than 1.3: a kneeling one would crowd the label */
  double k = fmin(1.3, fmin((surf - TOP) / hmax, (PANEL_W - 2 * MARGIN) / (ux1 - ux0)));
  bbu_buf o;
  bbu_buf_init(&o);
  figf(&o,
       "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bb-fig\" role=\"img\" "
       "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
       "font-family=\"sans-serif\">\n<title>",
       2 * PANEL_W, FIG_H, 2 * PANEL_W, FIG_H);
  bbr_html_esc(&o, e->title);
  bbu_buf_add(&o, ": start and end position</title>\n<desc>");
  bbr_html_esc(&o, text);
  bbu_buf_add(&o, "</desc>\n");
  free(text);
  if (flags & BB_FIGURE_BACKGROUND)
    figf(&o, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>\n", 2 * PANEL_W, FIG_H);
  /* each panel its own viewport, so nothing strays into the other; the
   * end panel's ghost is the start pose where the start panel has it */
  for (int i = 0; i < 2; i++) {
    double left = i * PANEL_W;
    place pl = {left + MARGIN + 0.5 * (PANEL_W - 2 * MARGIN - k * (ux1 - ux0)) - k * ux0,
                surf + k * ex[i][2], k};
    place pl0 = {pl.ox, surf + k * ex[0][2], k};
    figf(&o,
         "<svg x=\"%.0f\" y=\"0\" width=\"%.0f\" height=\"%.0f\" "
         "viewBox=\"%.0f 0 %.0f %.0f\">\n",
         left, PANEL_W, FIG_H, left, PANEL_W, FIG_H);
    panel(&o, f, i, &pl, &pl0, left);
    bbu_buf_add(&o, "</svg>\n");
  }
  /* the panels apart: a thin rule */
  figf(&o,
       "<line x1=\"%.0f\" y1=\"6\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#64748b\" "
       "stroke-width=\"1\" stroke-dasharray=\"2 4\"/>\n</svg>\n",
       PANEL_W, PANEL_W, FIG_H - 6.0);
  return bbu_buf_take(&o);
}

size_t bb_kb_exercise_count(const bb_kb *kb) {
  return kb ? kb->nexercises : 0;
}

const bb_exercise *bb_kb_exercise(const bb_kb *kb, size_t i) {
  return kb && i < kb->nexercises ? (const bb_exercise *)(const void *)&kb->exercises[i] : NULL;
}
