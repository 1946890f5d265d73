/* fuzz_fit.c -- the sleep-support model on arbitrary inputs. The bytes
 * choose every field of a bb_fit_input, mostly inside the documented
 * ranges (so the solver is what is exercised) and sometimes outside them
 * (so the validation is). A fit is either refused with an error status and
 * message, or it runs: every metric finite, contact force equal to body
 * weight within 0.5 %, verdicts and firmness in range, and the text, JSON
 * and SVG render. */
#include "bedback.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
  const uint8_t *p;
  size_t n;
} bytes;

static unsigned take(bytes *b) {
  if (!b->n)
    return 0;
  b->n--;
  return *b->p++;
}

/* A value in [lo, hi] from two bytes; one time in 16 a value outside it
 * (or NAN, "not given", when `nan_ok`). */
static double ranged(bytes *b, double lo, double hi, int nan_ok) {
  unsigned sel = take(b);
  unsigned hi8 = take(b);
  double v = (double)(hi8 << 8 | take(b));
  if ((sel & 15) == 0) {
    if (nan_ok && (sel & 16))
      return (double)NAN;
    return sel & 32 ? hi + v : lo - v;
  }
  return lo + (hi - lo) * v / 65535.0;
}

static void die(const char *what) {
  fprintf(stderr, "fuzz_fit: %s\n", what);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bytes b = {data, size};
  bb_fit_input in;
  bb_fit_input_init(&in);
  in.sex = (bb_sex)(take(&b) % 3);
  in.height_cm = ranged(&b, 120, 230, 0);
  in.weight_kg = ranged(&b, 30, 300, 0);
  in.shoulder_width_cm = ranged(&b, 25, 65, 1);
  in.hip_width_cm = ranged(&b, 20, 70, 1);
  in.head_width_cm = ranged(&b, 10, 25, 1);
  in.position = (bb_position)(take(&b) % 4);
  in.firmness = (int)(take(&b) % 12); /* 0 unknown, 11 out of range */
  if (take(&b) == 255)
    in.firmness -= 5;
  in.pillow_height_cm = ranged(&b, 0, 30, 1);
  in.pillow_firmness = (int)(take(&b) % 4) - 1;
  in.thickness_cm = ranged(&b, 5, 50, 1);
  unsigned mode = take(&b);
  if (mode % 4 == 1)
    in.stiffness_kpa_m = ranged(&b, 5, 1000, 0);
  if (mode % 4 == 2) {
    in.zone_shoulder = (int)(take(&b) % 11);
    in.zone_waist = (int)(take(&b) % 11);
    in.zone_hip = (int)(take(&b) % 11);
  }
  in.optimize_zones = mode & 4;

  bb_error err;
  memset(&err, 0, sizeof err);
  bb_fit *fit = bb_fit_run(&in, &err);
  if (!fit) {
    if (err.status == 0 || !err.message[0])
      die("a fit refused without an error");
    if (err.status == BB_EX_SOFTWARE)
      die(err.message); /* the solver failed on input it accepted */
    return 0;
  }
  static const char *const metrics[] = {"tilt_deg",
                                        "waist_sag_mm",
                                        "lumbar_gap_mm",
                                        "pelvis_drop_mm",
                                        "sink_shoulder_mm",
                                        "sink_waist_mm",
                                        "sink_hip_mm",
                                        "pressure_shoulder_kpa",
                                        "pressure_hip_kpa",
                                        "pressure_mean_kpa",
                                        "contact_force_ratio",
                                        "pillow_needed_cm",
                                        "pillow_needed_loaded_cm"};
  for (size_t i = 0; i < bb_fit_position_count(fit); i++) {
    for (size_t k = 0; k < sizeof metrics / sizeof metrics[0]; k++) {
      double v;
      if (bb_fit_metric(fit, i, metrics[k], &v) == 0 && !isfinite(v))
        die(metrics[k]);
    }
    double ratio;
    if (bb_fit_metric(fit, i, "contact_force_ratio", &ratio) == 0 && fabs(ratio - 1.0) > 0.005)
      die("contact force is not the body weight");
    int lo, hi, best = bb_fit_best_firmness(fit, i, &lo, &hi);
    if (best < 1 || best > 10 || (lo && (lo > best || hi < best || hi > 10)))
      die("best firmness or range out of 1-10");
    int z[3];
    bb_fit_verdict zv;
    if (bb_fit_zones(fit, i, z, &zv))
      for (int k = 0; k < 3; k++)
        if (z[k] < 1 || z[k] > 10)
          die("a zone out of 1-10");
  }
  char *text = bb_fit_render(fit, BB_FORMAT_TEXT, 0);
  char *json = bb_fit_render(fit, BB_FORMAT_JSON, 0);
  char *svg = bb_fit_svg(fit);
  if (!text || !json || (!svg && !bb_fit_not_modelled(fit)))
    die("rendering failed");
  if (strstr(json, "nan") || strstr(json, "inf"))
    die("a non-number in the JSON");
  free(text);
  free(json);
  free(svg);
  bb_fit_free(fit);
  return 0;
}
