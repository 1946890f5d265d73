/* fit_literature_test.c -- the sleep-support model against published
 * measurements (issue 9). Each test names its source and the result it
 * reproduces: the direction, and the magnitude where the source gives one,
 * with the tolerance justified beside it. None of these sources gives a
 * slope for body mass, so for body mass the goal is the sign and a
 * plausible size, not a fit to a curve (docs/model.md, Calibration).
 *
 * The ANSUR II requirement (rank correlation of BMI and best side firmness
 * over real bodies) needs ../shared and lives in fit_ansur_test.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ANSUR II averages (biomech.md §3) */
#define MAN_H 175.6
#define MAN_W 85.5
#define WOMAN_H 162.8
#define WOMAN_W 67.8
#define G 9.81

typedef struct {
  bb_sex sex;
  double h, w;
  bb_position pos;
  int firm;        /* 0: none */
  double stiff;    /* kPa/m, NAN: firmness */
  double thick;    /* cm, NAN: default */
  double shoulder; /* cm, NAN: estimated */
  int zones;       /* optimize zones */
  int zs, zw, zh;  /* a zoning, 0: none */
} body_in;

static bb_fit *fit(body_in b) {
  bb_fit_input in;
  bb_error err;
  bb_fit_input_init(&in);
  in.sex = b.sex;
  in.height_cm = b.h;
  in.weight_kg = b.w;
  in.position = b.pos;
  in.firmness = b.firm;
  if (b.stiff > 0)
    in.stiffness_kpa_m = b.stiff;
  if (b.thick > 0)
    in.thickness_cm = b.thick;
  if (b.shoulder > 0)
    in.shoulder_width_cm = b.shoulder;
  in.optimize_zones = b.zones != 0;
  in.zone_shoulder = b.zs;
  in.zone_waist = b.zw;
  in.zone_hip = b.zh;
  bb_fit *f = bb_fit_run(&in, &err);
  if (!f)
    fail_msg("fit: %s", err.message);
  return f;
}

static body_in body(bb_sex sex, double h, double w, bb_position pos, int firm) {
  body_in b = {sex, h, w, pos, firm, (double)NAN, (double)NAN, (double)NAN, 0, 0, 0, 0};
  return b;
}

static double metric(const bb_fit *f, size_t i, const char *name) {
  double v = (double)NAN;
  assert_int_equal(bb_fit_metric(f, i, name, &v), 0);
  assert_true(isfinite(v));
  return v;
}

/* One metric of one pose. */
static double m1(body_in b, const char *name) {
  bb_fit *f = fit(b);
  double v = metric(f, 0, name);
  bb_fit_free(f);
  return v;
}

static int best_of(body_in b) {
  bb_fit *f = fit(b);
  int best = bb_fit_best_firmness(f, 0, NULL, NULL);
  bb_fit_free(f);
  return best;
}

static double bmi_weight(double h, double bmi) {
  return bmi * (h / 100.0) * (h / 100.0);
}

/* Distance from neutral side-lying: tilt and waist sag over their
 * tolerances. */
static double off_neutral(body_in b) {
  bb_fit *f = fit(b);
  double t = metric(f, 0, "tilt_deg") / FIT_TILT_TOL_DEG;
  double s = metric(f, 0, "waist_sag_mm") / FIT_SAG_TOL_MM;
  bb_fit_free(f);
  return sqrt(t * t + s * s);
}

/* Shore, Richards & Chohan 2019 (conference abstract, 60 adults, side-lying
 * alignment by motion capture on soft / medium / firm; an industry
 * co-author, no published numbers): heavier people were most neutral on the
 * firmer mattress, lighter people on the softer one. Verhaert et al. 2011
 * (personalised bed systems): overall support made stiffer above BMI 25.
 * Direction only; the requirement sets the size: at the
 * ANSUR-average height of each sex an obese body (BMI 35) gets a best side
 * firmness at least one step above a lean one (BMI 18.5); lean at most 7,
 * obese at least 5. (Before issue 9: man lean 7 / obese 6, woman 9 / 6.) */
static void test_shore_heavier_firmer(void **state) {
  (void)state;
  const double h[2] = {MAN_H, WOMAN_H};
  const bb_sex s[2] = {BB_SEX_MALE, BB_SEX_FEMALE};
  for (int k = 0; k < 2; k++) {
    int lean = best_of(body(s[k], h[k], bmi_weight(h[k], 18.5), BB_POS_SIDE, 0));
    int obese = best_of(body(s[k], h[k], bmi_weight(h[k], 35.0), BB_POS_SIDE, 0));
    printf("Shore 2019 (%s): best side firmness lean %d, obese %d\n", k ? "woman" : "man", lean,
           obese);
    assert_true(obese >= lean + 1);
    assert_true(lean <= 7);
    assert_true(obese >= 5);
  }
}

/* The same firmness, heavier body of the same height and sex: at least as
 * far from neutral side-lying (the mechanism behind Shore 2019: a firmness
 * that suits a light body lets a heavy one sag). Checked on soft, medium
 * and firm foam, 55 vs 110 kg. */
static void test_heavier_further_from_neutral(void **state) {
  (void)state;
  const int firm[3] = {3, 5, 7};
  for (int k = 0; k < 3; k++)
    for (int sx = 0; sx < 2; sx++) {
      bb_sex s = sx ? BB_SEX_MALE : BB_SEX_FEMALE;
      double h = sx ? MAN_H : WOMAN_H;
      double light = off_neutral(body(s, h, 55, BB_POS_SIDE, firm[k]));
      double heavy = off_neutral(body(s, h, 110, BB_POS_SIDE, firm[k]));
      assert_true(heavy >= light);
    }
}

/* The waist of a heavier body hangs at least as far below the
 * shoulder-hip line as a lighter one's on a medium mattress (issue 9:
 * before, the heavier waist lay above the line, propped by a rigid
 * weight-driven breadth). Firmness 5 and 6, 60 vs 110 kg. */
static void test_heavier_waist_hangs(void **state) {
  (void)state;
  for (int f = 5; f <= 6; f++)
    for (int sx = 0; sx < 2; sx++) {
      bb_sex s = sx ? BB_SEX_MALE : BB_SEX_FEMALE;
      double h = sx ? MAN_H : WOMAN_H;
      double light = m1(body(s, h, 60, BB_POS_SIDE, f), "waist_sag_mm");
      double heavy = m1(body(s, h, 110, BB_POS_SIDE, f), "waist_sag_mm");
      printf("waist sag on %d (%s): 60 kg %.1f mm, 110 kg %.1f mm\n", f, sx ? "man" : "woman",
             light, heavy);
      assert_true(heavy >= light);
    }
}

/* Leilnahari et al. 2011 (25 men, lateral position, optical tracking): the
 * soft surface aligned worst. For the average man the softest firmness is
 * further from neutral than the best one. */
static void test_leilnahari_soft_worst(void **state) {
  (void)state;
  body_in b = body(BB_SEX_MALE, MAN_H, MAN_W, BB_POS_SIDE, 0);
  int best = best_of(b);
  b.firm = 1;
  double soft = off_neutral(b);
  b.firm = best;
  double at_best = off_neutral(b);
  b.firm = 10;
  double firm = off_neutral(b);
  printf("Leilnahari 2011: off neutral soft %.2f, best (%d) %.2f, firm %.2f\n", soft, best, at_best,
         firm);
  assert_true(soft > at_best);
  assert_true(soft > firm);
}

/* Verhaert et al. 2011; Leilnahari et al. 2011: softer under the shoulder
 * and firmer under the pelvis aligns a side sleeper better than uniform,
 * and the reversed ("hammock") zoning worse; the zoning the search suggests
 * is soft under the shoulder and firm under the hip, at least as aligned as
 * the best uniform firmness, and softer under the shoulder for broader
 * shoulders. */
static void test_verhaert_zoning(void **state) {
  (void)state;
  const double b[2][3] = {{BB_SEX_MALE, MAN_H, MAN_W}, {BB_SEX_FEMALE, WOMAN_H, WOMAN_W}};
  for (int k = 0; k < 2; k++) {
    body_in x = body((bb_sex)b[k][0], b[k][1], b[k][2], BB_POS_SIDE, 0);
    x.zs = 6, x.zw = 6, x.zh = 6;
    double uni = fabs(m1(x, "tilt_deg"));
    x.zs = 4, x.zh = 8;
    double good = fabs(m1(x, "tilt_deg"));
    x.zs = 8, x.zh = 4;
    double hammock = fabs(m1(x, "tilt_deg"));
    printf("Verhaert 2011 (%s): tilt uniform 6 %.2f, 4/6/8 %.2f, 8/6/4 %.2f\n", k ? "woman" : "man",
           uni, good, hammock);
    assert_true(good < uni && uni < hammock);

    /* the suggested zoning */
    x = body((bb_sex)b[k][0], b[k][1], b[k][2], BB_POS_SIDE, 0);
    x.zones = 1;
    bb_fit *f = fit(x);
    int z[3];
    assert_true(bb_fit_zones(f, 0, z, NULL));
    int best = bb_fit_best_firmness(f, 0, NULL, NULL);
    bb_fit_free(f);
    assert_true(z[0] <= z[2]);
    body_in zb = body((bb_sex)b[k][0], b[k][1], b[k][2], BB_POS_SIDE, 0);
    zb.zs = z[0], zb.zw = z[1], zb.zh = z[2];
    double tz = fabs(m1(zb, "tilt_deg"));
    double tb = fabs(m1(body((bb_sex)b[k][0], b[k][1], b[k][2], BB_POS_SIDE, best), "tilt_deg"));
    printf("  suggested %d/%d/%d tilt %.2f, best uniform %d tilt %.2f\n", z[0], z[1], z[2], tz,
           best, tb);
    assert_true(tz <= tb + 1e-9);
  }
  /* broader shoulders (biacromial 38 vs 46 cm, same 70 kg man): a softer
   * shoulder zone */
  int zs[2];
  for (int k = 0; k < 2; k++) {
    body_in x = body(BB_SEX_MALE, MAN_H, 70, BB_POS_SIDE, 0);
    x.shoulder = k ? 46.0 : 38.0;
    x.zones = 1;
    bb_fit *f = fit(x);
    int z[3];
    assert_true(bb_fit_zones(f, 0, z, NULL));
    zs[k] = z[0];
    bb_fit_free(f);
  }
  printf("  shoulder zone: 38 cm shoulders %d, 46 cm %d\n", zs[0], zs[1]);
  assert_true(zs[1] < zs[0]);
}

/* Moysidis et al. 2011; Defloor 2000: more conforming, pressure-
 * redistributing surfaces gave 20-30 % lower mean interface pressure and a
 * larger contact area. Those were different foams, not only softer ones:
 * the model claims the direction for firmness, not the size (docs/model.md).
 * Contact area = body weight / mean pressure. Side and back, firmness 2 vs
 * 8. */
static void test_softer_spreads_load(void **state) {
  (void)state;
  for (int pos = 0; pos < 2; pos++) {
    double pm[2], area[2];
    for (int k = 0; k < 2; k++) {
      pm[k] = m1(body(BB_SEX_MALE, MAN_H, MAN_W, (bb_position)pos, k ? 8 : 2), "pressure_mean_kpa");
      area[k] = MAN_W * G / (pm[k] * 1000.0);
    }
    printf("Moysidis/Defloor (%s): mean pressure soft %.2f kPa, firm %.2f kPa (%.0f %% lower); "
           "area %.3f vs %.3f m^2\n",
           pos ? "back" : "side", pm[0], pm[1], 100.0 * (1.0 - pm[0] / pm[1]), area[0], area[1]);
    assert_true(pm[0] < pm[1]);
    assert_true(area[0] > area[1]);
  }
}

/* Supine mean interface pressure within the measured 2-5 kPa (Moysidis
 * et al. 2011; biomech.md §5: mean 30-38 mmHg = 4-5 kPa on hospital
 * mattresses) for the average man and woman on firmness 3-8. */
static void test_moysidis_supine_mean(void **state) {
  (void)state;
  for (int f = 3; f <= 8; f++) {
    double a = m1(body(BB_SEX_MALE, MAN_H, MAN_W, BB_POS_BACK, f), "pressure_mean_kpa");
    double b = m1(body(BB_SEX_FEMALE, WOMAN_H, WOMAN_W, BB_POS_BACK, f), "pressure_mean_kpa");
    assert_true(a >= 2.0 && a <= 5.0);
    assert_true(b >= 2.0 && b <= 5.0);
  }
}

/* Supine, the sacral peak lies above the scapular one and is higher in
 * thin than in fatty people: 106 healthy young adults on two bed systems
 * (Journal of the Japanese Society of Nursing Research, vol. 10): occipital
 * and scapular pressure about 20 mmHg, sacral above 30 mmHg (so about
 * 1.5x), the thin group's sacral pressure usually higher than the fatty
 * group's (bone projection, little subcutaneous fat); Defloor 2000. The
 * ratio is held to 1.0-2.0 for the average man and woman on firmness 3-8:
 * "about 1.5" from two rounded mmHg figures. Thin vs fatty: 50 vs 110 kg at
 * the same height, firmness 5: not below. */
static void test_sacral_peak(void **state) {
  (void)state;
  for (int f = 3; f <= 8; f++)
    for (int k = 0; k < 2; k++) {
      bb_fit *x = fit(k ? body(BB_SEX_FEMALE, WOMAN_H, WOMAN_W, BB_POS_BACK, f)
                        : body(BB_SEX_MALE, MAN_H, MAN_W, BB_POS_BACK, f));
      double r = metric(x, 0, "pressure_hip_kpa") / metric(x, 0, "pressure_shoulder_kpa");
      bb_fit_free(x);
      if (f == 5)
        printf("sacral / scapular peak (%s, firmness 5): %.2f\n", k ? "woman" : "man", r);
      assert_true(r >= 1.0 && r <= 2.0);
    }
  for (int k = 0; k < 2; k++) {
    bb_sex s = k ? BB_SEX_FEMALE : BB_SEX_MALE;
    double h = k ? WOMAN_H : MAN_H;
    double thin = m1(body(s, h, 50, BB_POS_BACK, 5), "pressure_hip_kpa");
    double fatty = m1(body(s, h, 110, BB_POS_BACK, 5), "pressure_hip_kpa");
    printf("sacral peak thin %.2f kPa, fatty %.2f kPa\n", thin, fatty);
    assert_true(thin >= fatty);
  }
}

/* Side-lying gives higher interface pressures than supine (Defloor 2000),
 * the trochanter peak about twice the supine sacral one (Kawabata & Sugama
 * 2022). Held to 1.4-2.6x ("about twice", two studies, different mats) for
 * the average man and woman on firmness 3-8. */
static void test_kawabata_trochanter(void **state) {
  (void)state;
  for (int f = 3; f <= 8; f++)
    for (int k = 0; k < 2; k++) {
      bb_sex s = k ? BB_SEX_FEMALE : BB_SEX_MALE;
      double h = k ? WOMAN_H : MAN_H, w = k ? WOMAN_W : MAN_W;
      double troch = m1(body(s, h, w, BB_POS_SIDE, f), "pressure_hip_kpa");
      double sacr = m1(body(s, h, w, BB_POS_BACK, f), "pressure_hip_kpa");
      double side = m1(body(s, h, w, BB_POS_SIDE, f), "pressure_mean_kpa");
      double back = m1(body(s, h, w, BB_POS_BACK, f), "pressure_mean_kpa");
      if (f == 5)
        printf("trochanter / sacrum (%s, firmness 5): %.2f; mean side %.2f, back %.2f kPa\n",
               k ? "woman" : "man", troch / sacr, side, back);
      assert_true(troch / sacr >= 1.4 && troch / sacr <= 2.6);
      assert_true(side > back);
    }
}

/* Heavier bodies press harder on average: a Norwegian hospital mattress
 * study (2020) found mean interface pressure about 1.37x higher above 100
 * kg. Direction, and a size of 1.1-1.8x for 110 vs 70 kg (the study's groups
 * are wide weight bands, not two bodies), side and back on firmness 5. */
static void test_heavier_presses_harder(void **state) {
  (void)state;
  for (int pos = 0; pos < 2; pos++)
    for (int k = 0; k < 2; k++) {
      bb_sex s = k ? BB_SEX_FEMALE : BB_SEX_MALE;
      double h = k ? WOMAN_H : MAN_H;
      double a = m1(body(s, h, 70, (bb_position)pos, 5), "pressure_mean_kpa");
      double b = m1(body(s, h, 110, (bb_position)pos, 5), "pressure_mean_kpa");
      printf("mean pressure 110 / 70 kg (%s, %s): %.2f\n", k ? "woman" : "man",
             pos ? "back" : "side", b / a);
      assert_true(b / a >= 1.1 && b / a <= 1.8);
    }
}

/* Lying on the back, the first mechanism of the source article (Hong et al.
 * 2022 measured soft vs hard): on a very soft mattress the pelvis sinks
 * deeper than the shoulder blades, more than on a very firm one, and a very
 * soft mattress can be too soft for an average body. (Before issue 9: an 85
 * kg man's pelvis sat 7 mm higher than his shoulder blades on every
 * firmness, and every firmness suited him.) */
static void test_supine_pelvis_sinks_on_soft(void **state) {
  (void)state;
  const double b[2][3] = {{BB_SEX_MALE, MAN_H, MAN_W}, {BB_SEX_FEMALE, WOMAN_H, WOMAN_W}};
  for (int k = 0; k < 2; k++) {
    bb_fit *soft = fit(body((bb_sex)b[k][0], b[k][1], b[k][2], BB_POS_BACK, 1));
    bb_fit *firm = fit(body((bb_sex)b[k][0], b[k][1], b[k][2], BB_POS_BACK, 10));
    double ds = metric(soft, 0, "pelvis_drop_mm"), df = metric(firm, 0, "pelvis_drop_mm");
    printf("supine pelvis drop (%s): firmness 1 %.1f mm, 10 %.1f mm; verdict on 1: %s\n",
           k ? "woman" : "man", ds, df, bb_fit_verdict_name(bb_fit_mattress_verdict(soft, 0)));
    assert_true(ds > 0.0);
    assert_true(ds > df);
    assert_int_equal(bb_fit_mattress_verdict(soft, 0), BB_FIT_TOO_SOFT);
    bb_fit_free(soft);
    bb_fit_free(firm);
  }
}

/* Hong et al. 2022 (ILD 20 / 42 / 120 mattresses, supine): on the soft one
 * the head sat 30.5 mm higher relative to the trunk; on the hard one the
 * lumbar curve flattened (10.6 mm) and pressure rose. The model: with the
 * same 10 cm pillow, the pillow the body needs is lower on the soft foam
 * (the same pillow props the head higher relative to the trunk), by 1-6 cm
 * (Hong's 3 cm within a factor of two each way: one pillow, three
 * mattresses); on the hard surface the lower back is less supported (the
 * lumbar gap opens, it is filled on the soft one) and the peak pressure is
 * higher. ILD to stiffness: biomech.md §4 for a 20 cm layer. */
static void test_hong_soft_hard(void **state) {
  (void)state;
  const double ild[3] = {20, 42, 120};
  double need[3], gap[3], peak[3];
  for (int k = 0; k < 3; k++) {
    body_in b = body(BB_SEX_MALE, MAN_H, MAN_W, BB_POS_BACK, 0);
    b.stiff = ild[k] * 4.448 / 0.0323 / 0.25 / 0.20 / 1000.0;
    bb_fit *f = fit(b);
    need[k] = bb_fit_pillow_needed_cm(f, 0);
    gap[k] = metric(f, 0, "lumbar_gap_mm");
    peak[k] = fmax(metric(f, 0, "pressure_hip_kpa"), metric(f, 0, "pressure_shoulder_kpa"));
    bb_fit_free(f);
  }
  printf("Hong 2022: pillow needed soft %.1f / medium %.1f / hard %.1f cm; lumbar gap %.1f / "
         "%.1f / %.1f mm; peak %.1f / %.1f / %.1f kPa\n",
         need[0], need[1], need[2], gap[0], gap[1], gap[2], peak[0], peak[1], peak[2]);
  assert_true(need[2] - need[0] >= 1.0 && need[2] - need[0] <= 6.0);
  assert_true(gap[2] > gap[0]);
  assert_true(peak[2] > peak[0]);
}

/* Vitale et al. 2023 (MRI, 20 adults supine): a rigid surface leaves the
 * lumbar spine flatter than a mattress (L1-L5 lordosis 2.9 deg greater on
 * the mattress). The model: the lower back is unsupported (gap) only on
 * the rigid surface, i.e. the pelvis and thorax rest on their prominences
 * and the lumbar span cannot settle into the surface. Direction. */
static void test_vitale_rigid_flatter(void **state) {
  (void)state;
  body_in b = body(BB_SEX_MALE, MAN_H, MAN_W, BB_POS_BACK, 6);
  double mat = m1(b, "lumbar_gap_mm");
  b.firm = 0;
  b.stiff = 1000.0;
  b.thick = 5.0;
  bb_fit *f = fit(b);
  double rigid = metric(f, 0, "lumbar_gap_mm");
  printf("Vitale 2023: lumbar gap mattress %.1f mm, rigid %.1f mm\n", mat, rigid);
  assert_true(rigid > mat);
  /* and the back-lying verdict can say too firm as well as too soft
   * (test_supine_pelvis_sinks_on_soft): the rigid surface is too firm */
  assert_int_equal(bb_fit_mattress_verdict(f, 0), BB_FIT_TOO_FIRM);
  bb_fit_free(f);
}

/* Her, Ko, Woo & Choi 2014 (J Phys Ther Sci 26:377; 20 women and 20 men
 * aged 22.7): side-lying on the floor, the height from the face to the
 * shoulder was 9 cm on average (floor to mid-neck 11 cm). The model's
 * loaded pillow (the height under the head) on a near-rigid surface for a
 * 172 cm / 68 kg man and a 160 cm / 55 kg woman averages 9 cm within
 * 1.5 cm (the study gives one rounded figure for a mixed group). */
static void test_her_floor_pillow(void **state) {
  (void)state;
  double sum = 0.0;
  for (int k = 0; k < 2; k++) {
    body_in b = body(k ? BB_SEX_FEMALE : BB_SEX_MALE, k ? 160 : 172, k ? 55 : 68, BB_POS_SIDE, 0);
    b.stiff = 1000.0;
    b.thick = 5.0;
    double v = m1(b, "pillow_needed_loaded_cm");
    printf("Her 2014: floor, %s: loaded pillow %.1f cm\n", k ? "woman" : "man", v);
    sum += v;
  }
  assert_true(fabs(sum / 2.0 - 9.0) <= 1.5);
}

/* The back pillow: 7-11 cm (Radwan et al. review), 10 cm (Kim et al.
 * 2015), for the average man and woman on their best firmness. */
static void test_radwan_back_pillow(void **state) {
  (void)state;
  for (int k = 0; k < 2; k++) {
    bb_fit *f = fit(k ? body(BB_SEX_FEMALE, WOMAN_H, WOMAN_W, BB_POS_BACK, 0)
                      : body(BB_SEX_MALE, MAN_H, MAN_W, BB_POS_BACK, 0));
    double p = bb_fit_pillow_needed_cm(f, 0);
    bb_fit_free(f);
    printf("Radwan / Kim: back pillow (%s) %.1f cm\n", k ? "woman" : "man", p);
    assert_true(p >= 7.0 && p <= 11.0);
  }
}

/* The side pillow grows with shoulder breadth (biomech.md §6: the pillow
 * fills the gap between shoulder and head): same man, biacromial 36 vs 46
 * cm, firmness 6. */
static void test_side_pillow_with_shoulders(void **state) {
  (void)state;
  double p[2];
  for (int k = 0; k < 2; k++) {
    body_in b = body(BB_SEX_MALE, MAN_H, MAN_W, BB_POS_SIDE, 6);
    b.shoulder = k ? 46.0 : 36.0;
    p[k] = m1(b, "pillow_needed_cm");
  }
  assert_true(p[1] > p[0]);
}

/* Calibration (not validation): the ANSUR-average man and woman get a best
 * firmness in the medium to medium-firm band (5-7) lying on the side and on
 * the back, as the trials found (Kovacs 2003; the penalty weights were
 * chosen for this, docs/model.md). */
static void test_calibration(void **state) {
  (void)state;
  const double b[2][3] = {{BB_SEX_MALE, MAN_H, MAN_W}, {BB_SEX_FEMALE, WOMAN_H, WOMAN_W}};
  for (int k = 0; k < 2; k++) {
    bb_fit *f = fit(body((bb_sex)b[k][0], b[k][1], b[k][2], BB_POS_MIXED, 0));
    for (size_t i = 0; i < 2; i++) {
      int best = bb_fit_best_firmness(f, i, NULL, NULL);
      printf("calibration: %s %s best %d\n", k ? "woman" : "man", i ? "back" : "side", best);
      assert_true(best >= 5 && best <= 7);
    }
    bb_fit_free(f);
  }
}

/* The mattress is judged on the pillow the body needs (issue 9): a wrong
 * own pillow is a pillow problem, not a mattress problem. A light man with
 * a much too high pillow on a medium mattress: the same mattress verdict
 * and alignment as without his pillow, and the pillow is too high. */
static void test_wrong_pillow_is_a_pillow_problem(void **state) {
  (void)state;
  bb_fit_input in;
  bb_error err;
  bb_fit_input_init(&in);
  in.sex = BB_SEX_MALE;
  in.height_cm = 178;
  in.weight_kg = 55;
  in.firmness = 6;
  bb_fit *a = bb_fit_run(&in, &err);
  in.pillow_height_cm = 20;
  bb_fit *b = bb_fit_run(&in, &err);
  assert_non_null(a);
  assert_non_null(b);
  assert_int_equal(bb_fit_mattress_verdict(a, 0), bb_fit_mattress_verdict(b, 0));
  assert_true(metric(a, 0, "tilt_deg") == metric(b, 0, "tilt_deg"));
  assert_int_equal(bb_fit_pillow_verdict(b, 0), BB_FIT_TOO_HIGH);
  bb_fit_free(a);
  bb_fit_free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shore_heavier_firmer),
      cmocka_unit_test(test_heavier_further_from_neutral),
      cmocka_unit_test(test_heavier_waist_hangs),
      cmocka_unit_test(test_leilnahari_soft_worst),
      cmocka_unit_test(test_verhaert_zoning),
      cmocka_unit_test(test_softer_spreads_load),
      cmocka_unit_test(test_moysidis_supine_mean),
      cmocka_unit_test(test_sacral_peak),
      cmocka_unit_test(test_kawabata_trochanter),
      cmocka_unit_test(test_heavier_presses_harder),
      cmocka_unit_test(test_supine_pelvis_sinks_on_soft),
      cmocka_unit_test(test_hong_soft_hard),
      cmocka_unit_test(test_vitale_rigid_flatter),
      cmocka_unit_test(test_her_floor_pillow),
      cmocka_unit_test(test_radwan_back_pillow),
      cmocka_unit_test(test_side_pillow_with_shoulders),
      cmocka_unit_test(test_calibration),
      cmocka_unit_test(test_wrong_pillow_is_a_pillow_problem),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
