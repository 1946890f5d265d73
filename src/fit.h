/*
 * fit.h -- the sleep-support model (internal). See docs/model.md.
 *
 * Files, one job each, each with its own prefix:
 *   fit_spring.c  fit_foam_, fit_spring_, fit_pillow_: the support laws:
 *                 foam firmness table, pillow, soft tissue in series
 *   fit_solve.c   fit_solve: beam on a tension-free foundation, banded
 *                 Newton solver (types in fit_solve.h: it needs nothing
 *                 of the rest)
 *   fit_body.c    fit_body_: masses, landmarks, outline, bending stiffness
 *   fit_case.c    fit_case_: one pose: the beam for a body (its profile),
 *                 the supports of a mattress and pillow, the solve, and the
 *                 metrics read off it (alignment, sink, pressure, pillow)
 *   fit_judge.c   fit_judge_: verdicts, pivots, reasons, penalty; the
 *                 verdicts, best and range across a sweep
 *   fit_sweep.c   fit_sweep_: one position: the firmness sweep, the
 *                 person's mattress, the pillow needed
 *   fit_zones.c   fit_zones_: the zone search
 *   fit.c         bb_fit_: the public API: input checks, positions,
 *                 accessors
 *   fit_render.c  text and JSON
 *   fit_advice.c  one firmness answer for all positions; zoning worth showing
 *   fit_svg.c     the side-view picture
 *   fit_answers.c the bridge from validated answers to a fit
 *
 * Units inside the model are SI (m, N, Pa); the public API speaks cm, kg,
 * kPa and mm like fit.md.
 */
#ifndef BB_FIT_H
#define BB_FIT_H

#include "bedback.h"
#include "fit_solve.h"
#include "internal.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>

/* ------------------------------------------------------------------ */
/* Thresholds and calibration: every number a verdict depends on.
 * No validated clinical threshold exists (biomech.md §5, Wong 2019); each
 * value is a documented choice (docs/model.md). */

/* Side-lying tilt beyond which the spine is "not straight". 5 degrees is
 * about 4.4 cm over the 50 cm between shoulder and hip; the rigid-floor
 * geometry alone forces 5.6-8.7 (biomech.md §3), so a support that keeps
 * the tilt under 5 does part of the levelling. The prototype's choice. */
#define FIT_TILT_TOL_DEG 5.0
/* Waist sag (side) beyond which the waist hangs (+) or bulges (-). 10 mm
 * is a third of the waist-to-line distance seen on a rigid floor. */
#define FIT_SAG_TOL_MM 10.0
/* Pelvis or waist sink beyond this fraction of the thickness: the hips
 * hang in the mattress (biomech.md §8). The shoulder of a side sleeper is
 * meant to sink in; it only counts when it bottoms out. */
#define FIT_SINK_MAX_FRACTION 0.5
/* Any region compressing the foam past this fraction has reached the
 * foam's densification knee (70-80 %): it bottoms out. */
#define FIT_BOTTOM_FRACTION 0.7
/* Peak interface pressure above which the surface counts as too firm:
 * 80 mmHg, about 2.5 x capillary closing pressure (32 mmHg); side-lying
 * trochanter peaks run about twice the supine sacral ones (biomech §5). */
#define FIT_PEAK_PRESSURE_KPA 10.7
/* Supine: pelvis sinking this much deeper than the shoulder blades bends
 * the lower back into extension (Hong 2022 saw 10.6 mm flattening between
 * soft and hard mattresses; 30 mm is three times that). */
#define FIT_PELVIS_DROP_MM 10.0
/* Supine: a lower back hanging this far above the surface is unsupported
 * (the lumbar hollow is about 30 mm; half of it unfilled). */
#define FIT_LUMBAR_GAP_MM 15.0
/* Pillow verdict tolerance (fit.md): +-2 cm. */
#define FIT_PILLOW_TOL_CM 2.0
/* A pillow height to buy or fold, in advice: to the nearest half
 * centimetre, as the assessment's pillow advice says it (assess.c), so that
 * "about 5.5 cm" never sits beside "pillow needed 5.5 cm" as "about 5". */
static inline double fit_half_cm(double cm) {
  return round(cm * 2.0) / 2.0;
}
/* A number the person gave (height, weight, their pillow, a stiffness),
 * echoed to one decimal as the JSON has it and printed with %g ("8",
 * "6.5"): never "%.0f", which makes 6.5 cm "6 cm" (a half rounds to even). */
static inline double fit_as_given(double v) {
  return round(v * 10.0) / 10.0;
}

#define FIT_PI 3.14159265358979323846

/* Default mattress thickness, m (fit.md). */
#define FIT_DEFAULT_THICKNESS 0.20
/* The sweep's solves, and the zoning the zone search settles on, converge
 * to this force residual / body weight (the solver's own is 1e-10): a
 * node's force balance good to 1e-7 x 800 N leaves its sink wrong by well
 * under a micrometre (the foam under a node yields ~0.5 N/mm), a
 * millionth of the 0.1 deg and 1 mm the metrics are shown to. Over every
 * ANSUR II body not one answer or shown number moved (bench/fit_agree;
 * the zoning's penalty in its 4th digit in 12); 1e-6 moved five answers,
 * by ties of the best firmness. */
#define FIT_SWEEP_TOL 1e-7
/* Nodes along the body for the product solve (h = H/(n-1), ~1.5 cm). */
#define FIT_NODES 121

/* ------------------------------------------------------------------ */
/* Body (fit_body.c) */

enum { FIT_SIDE = 0, FIT_BACK = 1 };
enum { FIT_EST_SHOULDER = 1, FIT_EST_HIP = 2, FIT_EST_HEAD = 4 };

typedef struct {
  int sex;               /* 0 female, 1 male, 2 other */
  double height, weight; /* m, kg */
  /* breadths and depths, m */
  double biacromial, bideltoid, chest_b, waist_b, hip_b, head_b;
  double chest_d, waist_d, buttock_d, head_l, ankle_b, thigh_d, calf_d, neck_d;
  unsigned estimated; /* FIT_EST_* */
  /* landmarks, m from the vertex along the body */
  double x_ear, x_chin, x_neck, x_shoulder, x_blade, x_waist, x_hip, x_knee, x_ankle;
  double mass_head; /* kg the pillow carries: head + neck */
  /* The part of each breadth (side) or depth (back) that grows with weight
   * over a lean outline of the same height (BMI FIT_LEAN_BMI), halved: the
   * thickness of soft tissue, mostly fat, that lies between bone and
   * mattress and yields in series with the foam (docs/model.md), m. */
  double fat_shoulder, fat_chest, fat_waist, fat_hip, fat_thigh; /* side */
  double fat_blade, fat_back, fat_buttock;                       /* back */
  /* side: half the weight-driven waist depth, the belly: lying on the
   * side it rests on the mattress by itself and does not prop the spine,
   * so the waist's contact width is the lean one */
  double fat_belly;
  double seg[10]; /* de Leva segment fractions of body mass (fit_body.c) */
} fit_body;

/* Builds the body from sex, height (cm), weight (kg) and optional widths
 * (cm, NAN = estimate). */
void fit_body_make(fit_body *b, int sex, double height_cm, double weight_kg, double shoulder_cm,
                   double hip_cm, double head_cm);
/* Weight (N) resting on the span [x0, x1] of the body (m). */
double fit_body_load(const fit_body *b, double x0, double x1);
/* Regression estimates (cm) for ANSUR comparisons: which = "biacromial",
 * "bideltoid", "hip", "head", "waist", "chest". NAN if unknown. */
double fit_body_estimate(int sex, double height_cm, double weight_kg, const char *which);
/* The BMI of the lean outline the weight-driven soft tissue is measured
 * from (fit_body.c). */
#define FIT_LEAN_BMI 20.0
/* Per-position shape at x (m): standoff of the outline below the axis
 * (m), contact width (m), weight per length (N/m), EI (N m^2), the soft
 * tissue over bone (t, a) and the weight-driven soft layer (fat_t,
 * fat_a), each a saturating layer in series with the foam (fit_solve.h),
 * the body's breadth across the bed (m, the rounded section whose chord
 * touches the foam; arms: the arms' own contact width beside it, supine)
 * and the factor by which the pressure peaks over a bony
 * prominence under this padding (1 elsewhere). */
typedef struct {
  double standoff, width, q, ei, tissue_t, tissue_a, fat_t, fat_a, breadth, arms, bone;
} fit_section;
void fit_body_section(const fit_body *b, int pos, double x, fit_section *s);
/* The section's bending stiffness alone (N m^2; fit_body_section's ei),
 * for the elements' midpoints. */
double fit_body_ei(const fit_body *b, double x);

/* ------------------------------------------------------------------ */
/* The fit (fit.c) and its pieces */

/* One mattress configuration: per-zone firmness or explicit modulus. */
typedef struct {
  double thick; /* m */
  double ks;    /* Pa/m explicit (uniform), or 0 */
  int zone[3];  /* shoulder, waist, hip firmness 1..10 */
} fit_mattress;

typedef struct {
  bool ok;                                    /* solved */
  double tilt_deg, sag_mm;                    /* side */
  double lumbar_gap_mm, pelvis_drop_mm;       /* back */
  double sink_shoulder, sink_waist, sink_hip; /* mm */
  double p_shoulder, p_hip, p_mean;           /* kPa */
  double force_ratio;
  double pillow_needed_cm, pillow_loaded_cm;
  int verdict; /* bb_fit_verdict */
  char reasons[3][160];
  int nreasons;
  bool quiet; /* a screen (fit_case_screen): the judge writes no reasons */
  double penalty;
  bool bottomed;
  int iterations;
  /* the solved shape for the picture, nodes along the body */
  size_t n;
  double h;
  double *w, *standoff, *zf, *top; /* top: support surface (pillow) m */
  double y0;
} fit_case;

typedef struct {
  int position;                 /* FIT_SIDE / FIT_BACK */
  int firmness;                 /* the person's (0 unknown / explicit stiffness) */
  fit_case cur;                 /* on the person's mattress (or best when unknown) */
  int best, range_lo, range_hi; /* range 0,0 when none ok */
  double tilt_by_firmness[10];
  int verdict_by_firmness[10]; /* the verdict at each uniform firmness */
  bool zones_run;
  int zones[3];
  int zones_verdict;
  double zones_tilt, zones_penalty;
  double pillow_current_cm;      /* NAN unknown */
  double pillow_pose_cm;         /* the pillow under the head of `cur`: the one the
                                   body needs on that mattress (docs/model.md) */
  double pillow_by_firmness[10]; /* the pillow each uniform firmness is judged on */
  int pillow_verdict;            /* BB_FIT_NONE when unknown */
} fit_position;

struct bb_fit {
  bb_fit_input in;
  fit_body body;
  double thick;
  bool stomach;
  size_t npos;
  fit_position pos[2];
};

/* ------------------------------------------------------------------ */
/* One pose (fit_case.c) */

/* The body along the beam for one position and node count (mattress-
 * independent), computed once and shared by the solves of a fit. */
typedef struct {
  const fit_body *body;
  int pos;
  size_t n;
  double h;
  double *mem, *ei, *load, *stand, *width, *zone, *breadth, *arms, *bone;
  double *lt, *la;  /* the node's soft layer (tissue and fat as one), t and a */
  double *work;     /* solver scratch, shared by the solves */
  double *cmem;     /* 5n: a case's gap, top, pressure, sink, compression */
  fit_spring *csp;  /* n: a case's supports */
  double *ckey;     /* what csp, gap and top were last set for (fit_case.c) */
  fit_section head; /* the section at the ear (pillow) */
} fit_profile;
int fit_case_profile_make(fit_profile *p, const fit_body *body, int pos, size_t n);
void fit_case_profile_free(fit_profile *p);
int fit_case_solve_p(const fit_profile *prof, const fit_mattress *m, double pillow_cm,
                     int pillow_firmness, bool keep, fit_case *c, double *u, bool warm,
                     bb_error *err);
/* The same converged only to `tol` (force residual / total load; 0: the
 * solver's 1e-10): a screening solve whose metrics are good to about
 * tol x the sink. */
int fit_case_solve_tol(const fit_profile *prof, const fit_mattress *m, double pillow_cm,
                       int pillow_firmness, bool keep, fit_case *c, double *u, bool warm,
                       double tol, bb_error *err);

/* A screening solve for the zone search: from u (warm), to `tol`, reading
 * only what fit_judge_objective weighs (sinks and peak pressures in the
 * shoulder, waist and hip regions, tilt, sag), judged without reasons;
 * no mean pressure, force balance or pillow needed. */
int fit_case_screen(const fit_profile *prof, const fit_mattress *m, double pillow_cm,
                    int pillow_firmness, fit_case *c, double *u, double tol, bb_error *err);

/* Solves one case: body in position on mattress with a pillow of height
 * pillow_cm (unloaded) and firmness. `keep` keeps the shape for drawing.
 * `u` (2n) may carry a warm start. The case comes judged as on its own
 * (fit_judge_case with the directions its signs suggest, lean 0). */
int fit_case_solve(const fit_body *body, int pos, const fit_mattress *m, double pillow_cm,
                   int pillow_firmness, size_t nodes, bool keep, fit_case *c, double *u, bool warm,
                   bb_error *err);
void fit_case_release(fit_case *c);

/* ------------------------------------------------------------------ */
/* The judge (fit_judge.c) */

/* Verdict, reasons and penalty of a solved case (docs/model.md, Verdict);
 * dir_* +1 when a firmer surface corrects that alignment metric, -1 when a
 * softer one does, +2 / -2 the same beyond the end of the scale, 0 when no
 * firmness improves it (it then votes by the sign of the misalignment); `lean`
 * settles disagreeing votes: +1 too soft, -1 too firm, 0 the larger
 * excess. */
void fit_judge_case(fit_case *c, int pos, double thick, int dir_tilt, int dir_sag, int lean);
/* Adds a reason to a judged case (at most three are kept). */
void fit_judge_reason(fit_case *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* What the best firmness and the zone search minimise: the penalty, plus
 * a constant that keeps every case that is not ok behind every ok one. */
double fit_judge_objective(const fit_case *c);
/* Directions of tilt and sag for uniform firmness f from the whole sweep
 * sw[0..9] (each metric points toward its pivot, the firmness where it is
 * least). */
void fit_judge_sweep_dirs(const fit_case *sw, int f, int *dt, int *ds);
/* Directions for a mattress that is not one of the uniform ten (a zoning
 * or an explicit stiffness): one more solve, 20 % stiffer, from u. */
int fit_judge_probe_dirs(const fit_profile *prof, const fit_mattress *m, const fit_case *c,
                         double pillow, int pf, const double *u, int *dt, int *ds, bb_error *err);
/* Judges the ten cases of a sweep; fills P's verdict_by_firmness,
 * tilt_by_firmness, best and range, and pen (each firmness's objective). */
void fit_judge_sweep(fit_case sw[10], int pos, double thick, fit_position *P, double pen[10]);

/* ------------------------------------------------------------------ */
/* One position (fit_sweep.c) and the zone search (fit_zones.c) */

/* Fills P for position pos (FIT_SIDE / FIT_BACK) of the fit's body and
 * input: the sweep, the person's mattress, the pillow, the zones. */
int fit_sweep_position(const bb_fit *fit, int pos, fit_position *P, bb_error *err);
/* The zone search (side) from the sweep's objective pen and solved shapes
 * usw (firmness 1..10, 2n each); u0 is scratch for one shape; guess and pf
 * the pillow of every pose. Fills P's zones. */
int fit_zones_search(const fit_profile *prof, double thick, const double *pen, const double *usw,
                     double *u0, double guess, int pf, fit_position *P, bb_error *err);

/* What the results add up to (fit_advice.c). */
/* A zoning is shown in the text only when it levels the spine this much
 * better than what the person is already shown (their mattress, the best
 * uniform firmness): half a degree is about 4 mm over the 50 cm between
 * shoulder and hip, the least worth buying a different bed for. */
#define FIT_ZONE_GAIN_DEG 0.5
/* True when position P's zoning improves on what the person is shown
 * (a side position, the zoning ok, their mattress not ok, and the tilt at
 * least FIT_ZONE_GAIN_DEG lower -- or no uniform firmness ok and the
 * zoning no worse); *gain_deg how much lower its tilt is. */
bool fit_zoning_worth_showing(const fit_position *P, double *gain_deg);

json_t *fit_to_json(const bb_fit *fit);
char *fit_svg_position(const bb_fit *fit, size_t i);

struct bb_answers;
/* Fills `in` from answers (sex, height_cm, weight_kg, widths, position,
 * mattress_firmness, pillow_height_cm, pillow_firmness); false when sex,
 * height or weight is unknown. */
bool fit_input_from_answers(const struct bb_answers *a, bb_fit_input *in);
/* The fit for validated answers: NULL with no error when sex, height or
 * weight is unknown; NULL with `err` set when it cannot be solved. */
bb_fit *fit_from_answers(const struct bb_answers *a, bool optimize_zones, bb_error *err);
/* Whether zoned_support applies (fit.md / assessment.md): some position
 * with a zoning that is ok while no uniform firmness is ok or the best
 * uniform leaves the side tilt outside FIT_TILT_TOL_DEG. Fills zones. */
bool fit_zoned_support(const bb_fit *fit, int zones[3]);

/* Minimal growable string (the fit does not depend on util.c). */
typedef struct {
  char *s;
  size_t len, cap;
  bool failed;
} fit_str;
void fit_str_printf(fit_str *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Fills err (may be NULL) with a status, the key concerned and a message
 * (the project's error setter, no location). */
#define fit_fail(err, status, key, ...)                                                            \
  bbu_error_set((err), (status), NULL, 0, 0, (key), __VA_ARGS__)

#endif
