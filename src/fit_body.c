/*
 * fit_body.c -- the body as a beam: masses, landmarks, the outline that
 * faces the mattress, bending stiffness, soft tissue.
 *
 * Sizes not given are estimated from sex, height and weight with least-
 * squares fits to ANSUR II (biomech.md §3; the ones marked "derived here"
 * were fitted the same way for this model), clamped to the range ANSUR II
 * saw for that sex, because a straight line extrapolated to a 230 cm,
 * 30 kg body gives nonsense.
 */
#include "fit.h"

#include <math.h>
#include <string.h>

#define G 9.81

enum {
  M_BIACROMIAL,
  M_BIDELTOID,
  M_CHEST_B,
  M_WAIST_B,
  M_HIP_B,
  M_HEAD_B,
  M_WAIST_D,
  M_BUTTOCK_D,
  M_CHEST_D,
  M_HEAD_L,
  M_ANKLE_B,
  M_THIGH_C,
  M_CALF_C,
  M_NECK_C,
  M_ACROMION_H,
  M_TROCHANTER_H,
  M_OMPHALION_H,
  M_COUNT
};

/* cm = a + bh H(cm) + bw W(kg), clamped to [lo, hi]; heights clamp as a
 * fraction of stature instead. [0] female, [1] male. */
typedef struct {
  double a, bh, bw, lo, hi;
} reg;

static const reg regs[M_COUNT][2] = {
    /* biomech.md §3 */
    [M_BIACROMIAL] = {{13.20, 0.1283, 0.0361, 28.3, 42.2}, {20.46, 0.0917, 0.0586, 33.7, 48.9}},
    [M_BIDELTOID] = {{38.68, -0.0627, 0.2443, 35.7, 55.8}, {43.35, -0.0610, 0.2153, 37.4, 63.7}},
    [M_CHEST_B] = {{20.64, -0.0129, 0.1238, 21.3, 34.8}, {20.62, 0.0036, 0.0900, 23.1, 36.3}},
    [M_WAIST_B] = {{29.59, -0.1138, 0.2793, 21.1, 46.1}, {30.60, -0.1033, 0.2359, 23.2, 45.9}},
    [M_HIP_B] = {{26.24, -0.0316, 0.2108, 27.6, 47.3}, {23.26, -0.0065, 0.1456, 26.4, 45.2}},
    [M_HEAD_B] = {{13.51, 0.0037, 0.0098, 13.1, 16.7}, {15.66, -0.0086, 0.0151, 13.5, 18.0}},
    [M_WAIST_D] = {{31.71, -0.1810, 0.2815, 13.8, 36.7}, {30.24, -0.1533, 0.2392, 15.1, 40.6}},
    [M_BUTTOCK_D] = {{26.36, -0.1113, 0.2222, 16.8, 34.9}, {25.90, -0.0981, 0.1860, 17.1, 34.3}},
    /* derived here from ANSUR II, same method */
    [M_CHEST_D] = {{27.78, -0.1163, 0.2347, 17.0, 35.3}, {25.81, -0.0894, 0.1785, 17.6, 38.3}},
    [M_HEAD_L] = {{13.43, 0.0279, 0.0150, 16.8, 21.5}, {14.47, 0.0245, 0.0137, 17.2, 22.5}},
    [M_ANKLE_B] = {{2.76, 0.0201, 0.0099, 5.5, 8.3}, {3.04, 0.0206, 0.0095, 5.9, 9.1}},
    [M_THIGH_C] = {{58.40, -0.1942, 0.5142, 44.8, 87.0}, {59.47, -0.1836, 0.4125, 41.2, 84.3}},
    [M_CALF_C] = {{30.59, -0.0514, 0.2230, 28.2, 48.2}, {35.10, -0.0684, 0.1888, 26.6, 52.3}},
    [M_NECK_C] = {{30.58, -0.0469, 0.1480, 27.5, 42.4}, {40.78, -0.0851, 0.1629, 31.1, 51.4}},
    /* landmark heights: lo/hi are fractions of stature */
    [M_ACROMION_H] = {{-7.42, 0.8537, 0.0281, 0.78, 0.86}, {-9.18, 0.8526, 0.0411, 0.78, 0.86}},
    [M_TROCHANTER_H] = {{-12.13, 0.5907, 0.0069, 0.47, 0.56},
                        {-18.90, 0.6315, -0.0224, 0.47, 0.56}},
    [M_OMPHALION_H] = {{-22.36, 0.7652, -0.0624, 0.56, 0.64},
                       {-20.44, 0.7448, -0.0551, 0.56, 0.64}},
};

static double clampd(double v, double lo, double hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

static double est1(int m, int sex, double H, double W) {
  const reg *r = &regs[m][sex];
  double v = r->a + r->bh * H + r->bw * W;
  if (m >= M_ACROMION_H)
    return H * clampd(v / H, r->lo, r->hi);
  return clampd(v, r->lo, r->hi);
}

/* cm; sex 2 (other) averages the two */
static double est(int m, int sex, double H, double W) {
  if (sex == 2)
    return 0.5 * (est1(m, 0, H, W) + est1(m, 1, H, W));
  return est1(m, sex, H, W);
}

double fit_body_estimate(int sex, double height_cm, double weight_kg, const char *which) {
  static const struct {
    const char *name;
    int m;
  } names[] = {{"biacromial", M_BIACROMIAL}, {"bideltoid", M_BIDELTOID}, {"hip", M_HIP_B},
               {"head", M_HEAD_B},           {"waist", M_WAIST_B},       {"chest", M_CHEST_B}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(which, names[i].name) == 0)
      return est(names[i].m, sex, height_cm, weight_kg);
  return (double)NAN;
}

/* de Leva (1996) segment masses, fraction of body mass: head+neck, upper,
 * middle, lower trunk, upper arm, forearm, hand, thigh, shank, foot.
 * [0] female (renormalised: it sums to 0.9999), [1] male. */
static const double seg_mass[2][10] = {
    {0.0668, 0.1545, 0.1465, 0.1247, 0.0255, 0.0138, 0.0056, 0.1478, 0.0481, 0.0129},
    {0.0694, 0.1596, 0.1633, 0.1117, 0.0271, 0.0162, 0.0061, 0.1416, 0.0433, 0.0137}};

static double seg_frac(int sex, int k) {
  double tot[2] = {0, 0};
  for (int s = 0; s < 2; s++)
    for (int j = 0; j < 10; j++)
      tot[s] += seg_mass[s][j] * (j >= 4 ? 2 : 1);
  if (sex == 2)
    return 0.5 * (seg_mass[0][k] / tot[0] + seg_mass[1][k] / tot[1]);
  return seg_mass[sex][k] / tot[sex];
}

static void body_make(fit_body *b, int sex, double height_cm, double weight_kg, double shoulder_cm,
                      double hip_cm, double head_cm) {
  double H = height_cm, W = weight_kg;
  memset(b, 0, sizeof *b);
  b->sex = sex;
  b->height = H / 100.0;
  b->weight = W;
  double biac = est(M_BIACROMIAL, sex, H, W), bidel = est(M_BIDELTOID, sex, H, W);
  if (isfinite(shoulder_cm)) {
    /* given bone breadth: the outer breadth keeps this body's estimated
     * deltoid thickness on top of it (biomech.md §3) */
    bidel = shoulder_cm + (bidel - biac);
    biac = shoulder_cm;
  } else {
    b->estimated |= FIT_EST_SHOULDER;
  }
  b->biacromial = biac / 100.0;
  b->bideltoid = bidel / 100.0;
  if (isfinite(hip_cm)) {
    b->hip_b = hip_cm / 100.0;
  } else {
    b->hip_b = est(M_HIP_B, sex, H, W) / 100.0;
    b->estimated |= FIT_EST_HIP;
  }
  if (isfinite(head_cm)) {
    b->head_b = head_cm / 100.0;
  } else {
    b->head_b = est(M_HEAD_B, sex, H, W) / 100.0;
    b->estimated |= FIT_EST_HEAD;
  }
  b->chest_b = est(M_CHEST_B, sex, H, W) / 100.0;
  b->waist_b = est(M_WAIST_B, sex, H, W) / 100.0;
  b->chest_d = est(M_CHEST_D, sex, H, W) / 100.0;
  b->waist_d = est(M_WAIST_D, sex, H, W) / 100.0;
  b->buttock_d = est(M_BUTTOCK_D, sex, H, W) / 100.0;
  b->head_l = est(M_HEAD_L, sex, H, W) / 100.0;
  b->ankle_b = est(M_ANKLE_B, sex, H, W) / 100.0;
  /* depths of round-ish limbs from their circumference */
  b->thigh_d = est(M_THIGH_C, sex, H, W) / FIT_PI / 100.0;
  b->calf_d = est(M_CALF_C, sex, H, W) / FIT_PI / 100.0;
  b->neck_d = est(M_NECK_C, sex, H, W) / FIT_PI / 100.0;

  double L = b->height;
  b->x_shoulder = L - est(M_ACROMION_H, sex, H, W) / 100.0;
  b->x_hip = L - est(M_TROCHANTER_H, sex, H, W) / 100.0;
  b->x_waist = L - est(M_OMPHALION_H, sex, H, W) / 100.0;
  b->x_ear = 0.075 * L;                  /* tragion to vertex, ANSUR ~13 cm */
  b->x_chin = 0.130 * L;                 /* Drillis & Contini: chin at 0.870 H */
  b->x_neck = b->x_shoulder - 0.02 * L;  /* C7, just above the acromion */
  b->x_blade = b->x_shoulder + 0.09 * L; /* mid scapula */
  b->x_knee = (1.0 - 0.285) * L;
  b->x_ankle = (1.0 - 0.039) * L;
  for (int k = 0; k < 10; k++)
    b->seg[k] = seg_frac(sex, k);
  b->mass_head = b->seg[0] * W;
}

/* The weight-driven soft layer: each breadth (depth) minus that of a lean
 * body of the same sex and height (BMI FIT_LEAN_BMI, estimated), halved,
 * never negative. The regressions grow a breadth with weight (bideltoid
 * 0.22-0.24 cm/kg, waist 0.24-0.28) mostly by adding fat and muscle over
 * the same skeleton (the biacromial bone breadth grows 0.04-0.06 cm/kg):
 * that part is soft, as soft as the foam or softer (docs/model.md), not
 * part of a rigid outline. */
static double excess(double v, double lean) {
  return v > lean ? 0.5 * (v - lean) : 0.0;
}

void fit_body_make(fit_body *b, int sex, double height_cm, double weight_kg, double shoulder_cm,
                   double hip_cm, double head_cm) {
  fit_body lean;
  double h = height_cm / 100.0, wl = FIT_LEAN_BMI * h * h;
  body_make(b, sex, height_cm, weight_kg, shoulder_cm, hip_cm, head_cm);
  body_make(&lean, sex, height_cm, wl < weight_kg ? wl : weight_kg, (double)NAN, (double)NAN,
            (double)NAN);
  b->fat_shoulder = excess(b->bideltoid, lean.bideltoid);
  b->fat_chest = excess(b->chest_b, lean.chest_b);
  b->fat_waist = excess(b->waist_b, lean.waist_b);
  b->fat_hip = excess(b->hip_b, lean.hip_b);
  b->fat_thigh = excess(b->thigh_d, lean.thigh_d);
  b->fat_blade = excess(b->chest_d, lean.chest_d);
  b->fat_buttock = excess(b->buttock_d, lean.buttock_d);
  b->fat_back = 0.5 * (b->fat_blade + b->fat_buttock);
  b->fat_belly = excess(b->waist_d, lean.waist_d);
}

/* Linear interpolation in a table of (x, v) points with x ascending. */
static double interp(const double (*t)[2], size_t n, double x) {
  if (x <= t[0][0])
    return t[0][1];
  for (size_t i = 1; i < n; i++)
    if (x <= t[i][0]) {
      double d = t[i][0] - t[i - 1][0];
      double f = d > 0.0 ? (x - t[i - 1][0]) / d : 1.0;
      return t[i - 1][1] + f * (t[i][1] - t[i - 1][1]);
    }
  return t[n - 1][1];
}

/* Supine: the occiput lies this far forward of the line of the shoulder
 * blades (thoracic kyphosis plus the relaxed forward head; calibrated so
 * that average bodies need the 7-11 cm back pillows of Radwan's review on
 * medium foam, whose shoulders sink 6-7 cm), and the lumbar
 * hollow this far above the line from shoulder blades to buttocks when
 * lying (a standing lordosis of 4-5 cm flattens to about 3 cm). */
#define OCCIPUT_FORWARD 0.100
#define LUMBAR_HOLLOW 0.030

/* Side-lying, the lower shoulder rolls forward (the shoulder girdle
 * protracts): the deltoid stands out from the spine axis by less than half
 * the standing bideltoid breadth. 0.88 puts the pillow the model needs on a
 * floor-hard surface for young adults of average build at the 9 cm
 * face-to-shoulder distance Her et al. 2014 measured
 * (fit_literature_test). */
#define SHOULDER_ROLL 0.9

/* Contact width as a fraction of the local body dimension across the bed
 * (only the middle of a rounded section bears on the foam). */
#define CONTACT_FRACTION 0.6
/* Supine, the pelvis bears on the sacrum and the two rounded buttocks:
 * over less of the hip breadth than the flat upper back over its breadth.
 * With it the pelvis presses harder than the shoulder blades, as measured
 * (sacral peak above the scapular one, about 1.5x; Defloor 2000, and the
 * Japanese study of 106 young adults), and sinks deeper into soft foam:
 * the mattress's first mechanism (spec/fit.md) lying on the back. */
#define SUPINE_PELVIS_CONTACT 0.4
/* Bony prominences: how much the pressure over the bone exceeds the
 * section's (gain x BONE_PAD / (BONE_PAD + padding)): thin padding, a high
 * peak; a fatty one spreads it (the Japanese study of 106 young adults:
 * the sacral peak is higher in thin than in fatty people). Sharper
 * prominences gain more: sacrum and trochanter 1, acromion 0.6, the flat
 * scapula 0.2, so that lying on the back the sacral peak lies above the
 * scapular one (about 1.5x measured) and lying on the side the trochanter
 * about twice the supine sacrum (Defloor 2000; Kawabata 2022). Choices
 * that reproduce those orderings, not fitted to a curve. */
#define BONE_PAD 0.02
/* Skin, the iliotibial band and the least fat over the trochanter of a
 * lean body, m (the sacrum of a thin body has next to nothing over it). */
#define BONE_SKIN 0.01
#define BONE_SACRUM 1.5
#define BONE_TROCHANTER 3.0
#define BONE_ACROMION 0.6
#define BONE_SCAPULA 0.2

/* Depth of an arm as a fraction of stature (upper arm about 9 cm). */
#define SUPINE_ARM_DEPTH 0.05
/* Supine, round limbs bear over less of their breadth than the flat back. */
#define SUPINE_LIMB_CONTACT 0.4

/* Soft tissue in series with the foam, where it is thick over bone:
 * side-lying deltoid and trochanter, supine shoulder blades and buttocks.
 * Layer: delta = t p / (p + a); initial stiffness a / t = 300 kPa/m
 * (biomech.md §8: 4-5 cm compressible at about 300 kPa/m). */
#define TISSUE_K0 200e3

/* The weight-driven soft layer (fit_body_make): a layer of thickness e
 * compresses by up to FAT_SQUEEZE e, delta = t p / (p + a) with
 * t = FAT_SQUEEZE e and a = FAT_SQUEEZE FAT_E, so its initial stiffness is
 * FAT_E / e: a thicker layer is softer, not equally stiff. FAT_E = 10 kPa
 * lies between the in-vivo small-strain modulus of gluteal fat by MR
 * elastography (shear 0.75 kPa, about 2.3 kPa in Young's terms, stiffening
 * with strain; J Mech Behav Biomed Mater 2023) and the 26 +- 19 kPa that
 * Isogai et al. 2022 measured for gluteal subcutaneous tissue under a 1 N
 * probe (2.2 MPa at 30 N: it stiffens steeply once squeezed, which the
 * saturation stands for). A choice inside the measured range. */
#define FAT_E 3e3
#define FAT_SQUEEZE 0.8
#define ABDOMEN_E 0.3e3

static double bump(double x, double c, double hw) {
  double d = fabs(x - c) / hw;
  return d >= 1.0 ? 0.0 : 1.0 - d;
}

/* The segment table as spans along the body: each segment's weight
 * spread evenly over its span. Arms lie along the trunk (their weight
 * rests on it). */
typedef struct {
  double x0, x1, frac;
} span;

static size_t body_spans(const fit_body *b, span *sp) {
  double L = b->height;
  double x_xiph = fmin(b->x_neck + 0.098 * L, b->x_waist - 0.05 * L);
  double x_elbow = b->x_shoulder + 0.16 * L, x_finger = x_elbow + 0.20 * L;
  const span s[] = {
      {0.0, b->x_chin, 0.85 * b->seg[0]},
      {b->x_chin, b->x_neck, 0.15 * b->seg[0]},
      {b->x_neck, x_xiph, b->seg[1]},
      {x_xiph, b->x_waist, b->seg[2]},
      {b->x_waist, b->x_hip, b->seg[3]},
      {b->x_shoulder, x_elbow, 2 * b->seg[4]},
      {x_elbow, x_finger, 2 * (b->seg[5] + b->seg[6])},
      {b->x_hip, b->x_knee, 2 * b->seg[7]},
      {b->x_knee, b->x_ankle, 2 * b->seg[8]},
      {b->x_ankle, L, 2 * b->seg[9]},
  };
  memcpy(sp, s, sizeof s);
  return sizeof s / sizeof s[0];
}

static double body_q(const fit_body *b, double x) {
  span sp[10];
  size_t n = body_spans(b, sp);
  double q = 0.0;
  for (size_t i = 0; i < n; i++)
    if (x >= sp[i].x0 && x < sp[i].x1)
      q += b->weight * G * sp[i].frac / (sp[i].x1 - sp[i].x0);
  return q;
}

double fit_body_load(const fit_body *b, double x0, double x1) {
  span sp[10];
  size_t n = body_spans(b, sp);
  double f = 0.0;
  for (size_t i = 0; i < n; i++) {
    double a = fmax(x0, sp[i].x0), c = fmin(x1, sp[i].x1);
    if (c > a)
      f += b->weight * G * sp[i].frac * (c - a) / (sp[i].x1 - sp[i].x0);
  }
  return f;
}

double fit_body_ei(const fit_body *b, double x) {
  double L = b->height;
  /* Bending stiffness, N m^2 (biomech.md §3, §8): rigid head and pelvis,
   * soft neck, stiff rib cage, lumbar 6 (in vivo 3-8), stiff legs. */
  if (x < b->x_chin)
    return 500.0;
  if (x < b->x_neck)
    return 2.0;
  if (x < b->x_waist - 0.06 * L)
    return 40.0;
  if (x < b->x_hip - 0.04 * L)
    return 6.0;
  if (x < b->x_knee - 0.02 * L)
    return 500.0;
  if (x < b->x_knee + 0.02 * L)
    return 100.0;
  return 300.0;
}

void fit_body_section(const fit_body *b, int pos, double x, fit_section *s) {
  double L = b->height;
  memset(s, 0, sizeof *s);
  s->q = body_q(b, x);
  s->ei = fit_body_ei(b, x);

  if (pos == FIT_SIDE) {
    /* half-breadths: the lower side's outline below the mid-line */
    double rh = b->head_b / 2;
    const double st[][2] = {
        {0.0, 0.6 * rh},
        {0.04 * L, rh},
        {0.10 * L, rh},
        {b->x_chin, 0.75 * rh},
        {b->x_chin + 0.02 * L, b->neck_d / 2},
        {b->x_neck, b->neck_d / 2 + 0.01},
        /* the deltoid: a rounded plateau about 10 cm long, the lower
         * shoulder rolled forward (SHOULDER_ROLL) */
        {b->x_shoulder - 0.005 * L, 0.85 * SHOULDER_ROLL * b->bideltoid / 2},
        {b->x_shoulder + 0.015 * L, SHOULDER_ROLL * b->bideltoid / 2},
        {b->x_shoulder + 0.045 * L, 0.95 * SHOULDER_ROLL * b->bideltoid / 2},
        {b->x_blade + 0.03 * L, b->chest_b / 2},
        {b->x_waist, b->waist_b / 2},
        {b->x_hip, b->hip_b / 2},
        {b->x_hip + 0.10 * L, 0.9 * b->hip_b / 2},
        {b->x_knee, 0.3 * b->hip_b},
        {b->x_ankle, b->ankle_b},
        {L, 0.8 * b->ankle_b},
    };
    /* contact width: the body's depth front to back */
    const double wd[][2] = {
        {0.0, 0.5 * b->head_l},        {0.06 * L, b->head_l},
        {b->x_chin, 0.8 * b->head_l},  {b->x_chin + 0.02 * L, b->neck_d},
        {b->x_shoulder, b->chest_d},   {b->x_waist, b->waist_d - 2.0 * b->fat_belly},
        {b->x_hip, b->buttock_d},      {b->x_hip + 0.10 * L, b->thigh_d},
        {b->x_knee, 0.6 * b->thigh_d}, {b->x_ankle, 0.6 * b->ankle_b},
        {L, 0.6 * b->ankle_b},
    };
    s->standoff = interp(st, sizeof st / sizeof st[0], x);
    s->width = CONTACT_FRACTION * interp(wd, sizeof wd / sizeof wd[0], x);
    double ts = 0.045 * bump(x, b->x_shoulder + 0.015 * L, 0.05 * L);
    double th = 0.030 * bump(x, b->x_hip, 0.04 * L);
    s->tissue_t = ts + th;
    const double ft[][2] = {
        {b->x_neck, 0.0},
        {b->x_shoulder - 0.005 * L, 0.85 * b->fat_shoulder},
        {b->x_shoulder + 0.015 * L, b->fat_shoulder},
        {b->x_shoulder + 0.045 * L, 0.95 * b->fat_shoulder},
        {b->x_blade + 0.03 * L, b->fat_chest},
        {b->x_waist, b->fat_waist},
        {b->x_hip, b->fat_hip},
        {b->x_hip + 0.10 * L, b->fat_thigh},
        {b->x_knee, 0.5 * b->fat_thigh},
        {b->x_ankle, 0.0},
    };
    s->fat_t = x < b->x_neck ? 0.0 : interp(ft, sizeof ft / sizeof ft[0], x);
  } else {
    double sb = b->chest_d / 2, sbt = b->buttock_d / 2;
    double socc = sb - OCCIPUT_FORWARD;
    double f = (b->x_waist - b->x_blade) / (b->x_hip - b->x_blade);
    /* Supine's own treatment of the soft layer: the fat over the shoulder
     * blades and buttocks squeezes under load, the fat in the unloaded
     * hollow does not; so that the loaded back keeps the lean hollow that
     * Hong 2022's measurements rest on (lumbar flattening on hard foam),
     * the outline's hollow is deeper by that squeeze. */
    double slum = sb + f * (sbt - sb) - LUMBAR_HOLLOW -
                  FAT_SQUEEZE * (b->fat_blade + f * (b->fat_buttock - b->fat_blade));
    const double st[][2] = {
        {0.0, socc - 0.04},
        {0.06 * L, socc},
        {b->x_chin, socc - 0.02},
        {b->x_neck - 0.01 * L, socc - 0.03},
        {b->x_blade, sb},
        {b->x_waist, slum},
        {b->x_hip, sbt},
        {b->x_hip + 0.12 * L, b->thigh_d / 2},
        {b->x_knee, 0.4 * b->calf_d},
        {b->x_knee + 0.07 * L, b->calf_d / 2},
        {b->x_ankle - 0.01 * L, 0.3 * b->calf_d},
        {b->x_ankle + 0.012 * L, 0.4 * b->calf_d},
        {L, 0.0},
    };
    const double wd[][2] = {
        {0.0, 0.5 * b->head_b},
        {0.06 * L, b->head_b},
        {b->x_chin, 0.8 * b->head_b},
        {b->x_chin + 0.02 * L, b->neck_d},
        {b->x_blade, b->biacromial},
        {b->x_waist, b->waist_b},
        {b->x_hip, SUPINE_PELVIS_CONTACT / CONTACT_FRACTION * b->hip_b},
        {b->x_hip + 0.12 * L, SUPINE_LIMB_CONTACT / CONTACT_FRACTION * 2 * b->thigh_d},
        {b->x_knee, SUPINE_LIMB_CONTACT / CONTACT_FRACTION * 2 * 0.5 * b->thigh_d},
        {b->x_knee + 0.07 * L, SUPINE_LIMB_CONTACT / CONTACT_FRACTION * 2 * b->calf_d},
        {b->x_ankle, SUPINE_LIMB_CONTACT / CONTACT_FRACTION * 2 * b->ankle_b},
        {L, SUPINE_LIMB_CONTACT / CONTACT_FRACTION * 2 * b->ankle_b},
    };
    s->standoff = interp(st, sizeof st / sizeof st[0], x);
    s->width = CONTACT_FRACTION * interp(wd, sizeof wd / sizeof wd[0], x);
    /* Supine the arms lie on the mattress beside the trunk: their own
     * contact (two rounded limbs, SUPINE_ARM_DEPTH of stature across,
     * tapering to the hands) takes their weight beside the upper back
     * instead of on it. The upper back then presses less than the pelvis,
     * as measured. */
    double xe = b->x_shoulder + 0.16 * L, xf = xe + 0.20 * L;
    s->breadth = s->width / CONTACT_FRACTION;
    if (x >= b->x_shoulder && x < xf) {
      double d =
          x < xe ? SUPINE_ARM_DEPTH * L : SUPINE_ARM_DEPTH * L * (1.0 - 0.4 * (x - xe) / (xf - xe));
      s->arms = 2.0 * CONTACT_FRACTION * d;
      s->width += s->arms;
    }
    double tb = 0.015 * bump(x, b->x_blade, 0.05 * L);
    double tt = 0.040 * bump(x, b->x_hip - 0.01 * L, 0.05 * L);
    s->tissue_t = tb + tt;
    const double ft[][2] = {
        {b->x_neck, 0.0},
        {b->x_blade, b->fat_blade},
        {b->x_waist, b->fat_back},
        {b->x_hip, b->fat_buttock},
        {b->x_hip + 0.12 * L, b->fat_thigh},
        {b->x_knee, 0.5 * b->fat_thigh},
        {b->x_ankle, 0.0},
    };
    s->fat_t = x < b->x_neck ? 0.0 : interp(ft, sizeof ft / sizeof ft[0], x);
  }
  s->tissue_a = TISSUE_K0 * s->tissue_t;
  /* side-lying, the abdomen's weight-driven bulk (visceral and
   * subcutaneous) slumps onto the mattress rather than propping the spine:
   * around the waist the layer is softer (ABDOMEN_E) */
  double ab = pos == FIT_SIDE ? bump(x, b->x_waist, 0.06 * L) : 0.0;
  double fe = FAT_E + ab * (ABDOMEN_E - FAT_E);
  s->fat_a = FAT_SQUEEZE * fe;
  /* Peak pressure over a bony prominence (docs/model.md, Pressure): the
   * section's pressure is raised by gain x BONE_PAD / (BONE_PAD + padding)
   * near the bone, padding being the soft tissue and fat over it. */
  double pad = s->tissue_t + s->fat_t;
  if (pos == FIT_SIDE) {
    /* the greater trochanter lies under the skin and its fat (the iliotibial
     * band over it is thin); the acromion under the deltoid too */
    double ga = BONE_ACROMION * bump(x, b->x_shoulder, 0.03 * L);
    double gt = BONE_TROCHANTER * bump(x, b->x_hip, 0.03 * L);
    s->bone =
        1.0 + ga * BONE_PAD / (BONE_PAD + pad) + gt * BONE_PAD / (BONE_PAD + BONE_SKIN + s->fat_t);
  } else {
    /* the sacrum lies in the midline between the buttocks' muscle: only
     * skin and fat cover it */
    double gs = BONE_SCAPULA * bump(x, b->x_blade, 0.04 * L);
    double gc = BONE_SACRUM * bump(x, b->x_hip - 0.02 * L, 0.04 * L);
    s->bone = 1.0 + gs * BONE_PAD / (BONE_PAD + pad) + gc * BONE_PAD / (BONE_PAD + s->fat_t);
  }
  if (pos == FIT_SIDE)
    s->breadth = s->width / CONTACT_FRACTION;
  s->fat_t *= FAT_SQUEEZE + ab * (1.0 - FAT_SQUEEZE);
}
