/*
 * fit.h -- the sleep-support model (internal). See docs/model.md.
 *
 * Files, one job each (prefix fit_):
 *   fit_body.c    the body: masses, landmarks, outline, bending stiffness
 *   fit_spring.c  the support: foam firmness table, pillow, soft tissue
 *   fit_solve.c   beam on a tension-free foundation: banded Newton solver
 *   fit.c         problem assembly, metrics, verdicts, firmness and zones
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

#include <jansson.h>
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
#define FIT_PELVIS_DROP_MM 30.0
/* Supine: a lower back hanging this far above the surface is unsupported
 * (the lumbar hollow is about 30 mm; half of it unfilled). */
#define FIT_LUMBAR_GAP_MM 15.0
/* Pillow verdict tolerance (fit.md): +-2 cm. */
#define FIT_PILLOW_TOL_CM 2.0

#define FIT_PI 3.14159265358979323846

/* Default mattress thickness, m (fit.md). */
#define FIT_DEFAULT_THICKNESS 0.20
/* Nodes along the body for the product solve (h = H/(n-1), ~1.5 cm). */
#define FIT_NODES 121

/* ------------------------------------------------------------------ */
/* Support laws (fit_spring.c) */

/* Foam: stress sigma(e) = E * f(e), e = compression / thickness,
 * f(e) = e - soft*e^2 + dens*(e - e_dens)+^2, monotone for e >= 0. */
typedef struct {
  double e_mod;  /* Pa: initial modulus E (k_s = E / thickness) */
  double thick;  /* m */
  double soft;   /* mid-range softening (0 = linear spring) */
  double dens;   /* densification stiffening (0 = none) */
  double e_dens; /* strain where densification starts */
} fit_foam;

/* A node's support: foam in series with a compliance C(p) made of
 * saturating layers (soft tissue, pillow): delta_j(p) = t_j p / (p + a_j). */
#define FIT_MAX_LAYERS 2
typedef struct {
  double area; /* m^2 of contact this node stands for (width x spacing) */
  fit_foam foam;
  int nlayers;
  double lt[FIT_MAX_LAYERS]; /* m: most a layer can compress */
  double la[FIT_MAX_LAYERS]; /* Pa: pressure at half of lt */
} fit_spring;

/* ILD (lbf) of consumer firmness 1..10; NAN outside. */
double fit_firmness_ild(int firmness);
/* Foam for firmness 1..10 and thickness (m). */
fit_foam fit_foam_for_firmness(int firmness, double thick);
/* Foam with a given initial Winkler modulus k_s (Pa/m). */
fit_foam fit_foam_for_modulus(double ks, double thick);
/* Linear spring k_s (Pa/m), for the analytical checks. */
fit_foam fit_foam_linear(double ks);
/* Initial Winkler modulus E / thickness (Pa/m). */
double fit_foam_ks(const fit_foam *f);
/* Foam stress (Pa) and tangent (Pa/m) at compression z >= 0 (m). */
double fit_foam_p(const fit_foam *f, double z, double *dpdz);
/* Pillow layer (t, a) for a pillow of unloaded height h (m) and firmness
 * 0 soft, 1 medium, 2 firm. */
void fit_pillow_layer(double h, int firmness, double *t, double *a);
/* Compressed thickness fraction of a pillow layer at pressure p. */
double fit_pillow_compression(int firmness, double p);

/* The series law: pressure p (Pa), tangent dp/ddelta, foam part of the
 * compression (m), stored energy per area (J/m^2) at total compression
 * delta (m). delta <= 0: all zero. */
typedef struct {
  double p, dp, zf, energy;
} fit_state;
void fit_spring_eval(const fit_spring *s, double delta, fit_state *out);
/* The same, starting the series solve from *zhint (the foam compression
 * of a nearby delta; ignored unless inside the bracket) and storing the
 * new one there. zhint NULL: no hint. */
void fit_spring_eval_hint(const fit_spring *s, double delta, double *zhint, fit_state *out);
/* The same without the energy (out->energy 0): returns the layers' part of
 * the compression, which with out->p and out->zf gives the energy through
 * fit_spring_energy (the solver needs the energy only for a line search). */
double fit_spring_eval_state(const fit_spring *s, double delta, double *zhint, fit_state *out);
double fit_spring_energy(const fit_spring *s, double zf, double p, double c);

/* ------------------------------------------------------------------ */
/* Solver (fit_solve.c) */

/* A beam of n nodes, uniform spacing h, on per-node supports. Unknowns per
 * node: downward displacement w and rotation. */
typedef struct {
  size_t n;
  double h;
  const double *ei;         /* n-1 element bending stiffnesses, N m^2 */
  const double *load;       /* n nodal loads, N (downward) */
  const double *gap;        /* n gaps, m (>= 0 where a support exists) */
  const fit_spring *spring; /* n supports (area 0: none) */
  double *work;             /* fit_solve_work_size(n) doubles reused across solves, or
                               NULL: allocated per solve */
  bool bend_ready;          /* work already holds the bending band of ei and h
                               (fit_solve_prepare): it depends on the body only */
  double tol;               /* force residual / total load to converge to; 0: the
                               solver's own (1e-10). Looser only for screening. */
} fit_beam;

/* Doubles of scratch space fit_solve needs for n nodes. */
size_t fit_solve_work_size(size_t n);
/* Writes the bending band of b (n, h, ei) into b->work once, for every
 * later solve with bend_ready set on the same work, ei and h. */
void fit_solve_prepare(const fit_beam *b);
/* After a successful fit_solve with b->work: true, and each node's
 * support pressure (Pa) and foam compression (m) at the solution (the
 * solver's last evaluation is at the solution), in b->work; false without
 * b->work. */
bool fit_solve_supports(const fit_beam *b, const double **p, const double **zf);

typedef struct {
  int iterations;  /* Newton steps */
  int fallbacks;   /* projected Gauss-Seidel rescues */
  double residual; /* final max force residual over total load */
} fit_solve_info;

/* Solves for u (2n: w0, th0, w1, th1, ...). `u` holds a starting point
 * when `warm` is true (else it is zeroed and the full-contact solution is
 * the start). Returns 0, or -1 with `err` (BB_EX_SOFTWARE) when it did not
 * converge; never leaves NaN in u on success. */
int fit_solve(const fit_beam *b, double *u, bool warm, fit_solve_info *info, bb_error *err);

/* Bending moment EI w'' (N m) at node i (averaged over its elements). */
double fit_moment(const fit_beam *b, const double *u, size_t i);
/* w at x (m from node 0) by Hermite interpolation. */
double fit_interp_w(const fit_beam *b, const double *u, double x);
/* Symmetric banded Cholesky, half-bandwidth 3: a[i*4+k] = A(i, i-k).
 * Factors in place; 0 or -1 when not positive definite. */
int fit_band_factor(double *a, size_t n);
void fit_band_solve(const double *l, size_t n, double *x);

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
  double seg[10];   /* de Leva segment fractions of body mass (fit_body.c) */
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
/* Per-position shape at x (m): standoff of the outline below the axis
 * (m), contact width (m), weight per length (N/m), EI (N m^2) and
 * soft-tissue layer (t, a). */
typedef struct {
  double standoff, width, q, ei, tissue_t, tissue_a;
} fit_section;
void fit_body_section(const fit_body *b, int pos, double x, fit_section *s);

/* ------------------------------------------------------------------ */
/* The fit (fit.c) */

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
  double pillow_current_cm; /* NAN unknown */
  double pillow_pose_cm;    /* the pillow under the head in every pose of this
                              position: the person's, or a typical one */
  int pillow_verdict;       /* BB_FIT_NONE when unknown */
} fit_position;

struct bb_fit {
  bb_fit_input in;
  fit_body body;
  double thick;
  bool stomach;
  size_t npos;
  fit_position pos[2];
};

/* The body along the beam for one position and node count (mattress-
 * independent), computed once and shared by the solves of a fit. */
typedef struct {
  const fit_body *body;
  int pos;
  size_t n;
  double h;
  double *mem, *ei, *load, *stand, *width, *tt, *ta, *zone;
  double *work;     /* solver scratch, shared by the solves */
  double *cmem;     /* 5n: a case's gap, top, pressure, sink, compression */
  fit_spring *csp;  /* n: a case's supports */
  fit_section head; /* the section at the ear (pillow) */
} fit_profile;
int fit_profile_make(fit_profile *p, const fit_body *body, int pos, size_t n);
void fit_profile_free(fit_profile *p);
int fit_case_solve_p(const fit_profile *prof, const fit_mattress *m, double pillow_cm,
                     int pillow_firmness, bool keep, fit_case *c, double *u, bool warm,
                     bb_error *err);
/* The same converged only to `tol` (force residual / total load; 0: the
 * solver's 1e-10): a screening solve whose metrics are good to about
 * tol x the sink. */
int fit_case_solve_tol(const fit_profile *prof, const fit_mattress *m, double pillow_cm,
                       int pillow_firmness, bool keep, fit_case *c, double *u, bool warm,
                       double tol, bb_error *err);

/* Solves one case: body in position on mattress with a pillow of height
 * pillow_cm (unloaded) and firmness. `keep` keeps the shape for drawing.
 * `u` (2n) may carry a warm start. */
int fit_case_solve(const fit_body *body, int pos, const fit_mattress *m, double pillow_cm,
                   int pillow_firmness, size_t nodes, bool keep, fit_case *c, double *u, bool warm,
                   bb_error *err);
void fit_case_release(fit_case *c);
/* Verdict, reasons and penalty of a solved case (docs/model.md, Verdict);
 * dir_* +1 when a firmer surface corrects that alignment metric, -1 when a
 * softer one does, +2 / -2 the same beyond the end of the scale, 0 when no
 * firmness improves it (it then votes by the sign of the misalignment); `lean`
 * settles disagreeing votes: +1 too soft, -1 too firm, 0 the larger
 * excess. fit_case_judge is fit_case_judge_ex with lean 0. */
void fit_case_judge_ex(fit_case *c, int pos, double thick, int dir_tilt, int dir_sag, int lean);
void fit_case_judge(fit_case *c, int pos, double thick, int dir_tilt, int dir_sag);

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
void fit_fail(bb_error *err, int status, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
