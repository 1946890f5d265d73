/*
 * fit_agree.c -- the fit's answers over every ANSUR II body, one line per
 * body, so that two builds of the model can be compared with diff (run by
 * hand, docs/performance.md "Sleep-support fit"): a change to the
 * numerics that is meant to keep the answers is checked with it.
 *
 *   fit_agree DIR [zoned] > answers.txt   (DIR: ../shared/data/ansur2)
 *
 * Each body is fitted as `bedback assess` fits it: sleep position mixed
 * (side and back), the zone search on, breadths estimated from height and
 * weight; the mattress firmness and the pillow vary from body to body so
 * that every firmness and many pillows are exercised. A line holds, per
 * position: best firmness, range, the verdict at each firmness 1-10, the
 * verdict on the person's mattress and pillow, the zoning and its
 * verdict; then the shown numbers (tilt to 0.1 deg, pillow needed to
 * 0.5 cm) in a separate field, so that verdict differences and display
 * differences can be counted apart.
 */
#include "fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* zoned: the person's mattress is a zoning (or, every third body, an
 * explicit stiffness) instead of a uniform firmness, which takes the
 * paths the uniform sweep does not (the pose on the pillow needed on it,
 * the probe for its directions). */
static int zoned;

static int load(const char *dir, const char *file, int sex, int *count) {
  char path[1024], line[8192];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *fp = fopen(path, "r");
  if (!fp)
    return -1;
  int ist = -1, iwt = -1, col = 0;
  if (!fgets(line, sizeof line, fp)) {
    fclose(fp);
    return -1;
  }
  for (char *save = NULL, *t = strtok_r(line, ",\r\n", &save); t;
       t = strtok_r(NULL, ",\r\n", &save), col++) {
    if (!strcmp(t, "stature"))
      ist = col;
    if (!strcmp(t, "weightkg"))
      iwt = col;
  }
  if (ist < 0 || iwt < 0) {
    fclose(fp);
    return -1;
  }
  while (fgets(line, sizeof line, fp)) {
    double st = (double)NAN, wt = (double)NAN;
    int c = 0;
    for (char *s = line; s; c++) {
      char *comma = strchr(s, ',');
      if (c == ist)
        st = strtod(s, NULL) / 10.0;
      if (c == iwt)
        wt = strtod(s, NULL) / 10.0;
      s = comma ? comma + 1 : NULL;
    }
    int k = (*count)++;
    bb_fit_input in;
    bb_fit_input_init(&in);
    in.sex = sex ? BB_SEX_MALE : BB_SEX_FEMALE;
    in.height_cm = st;
    in.weight_kg = wt;
    in.position = BB_POS_MIXED;
    in.optimize_zones = true;
    in.firmness = k % 10 + 1;
    if (zoned && k % 3 == 0) {
      in.firmness = 0;
      in.stiffness_kpa_m = 10.0 + (double)((k * 37) % 300);
    } else if (zoned) {
      in.firmness = 0;
      in.zone_shoulder = k % 10 + 1;
      in.zone_waist = (k * 3) % 10 + 1;
      in.zone_hip = (k * 7) % 10 + 1;
    }
    in.pillow_height_cm = (double)(4 + (k * 7) % 15);
    in.pillow_firmness = k % 3;
    bb_error err;
    memset(&err, 0, sizeof err);
    bb_fit *fit = bb_fit_run(&in, &err);
    if (!fit) {
      printf("%d %s %.1f %.1f FAILED %s\n", k, sex ? "m" : "f", st, wt, err.message);
      continue;
    }
    char shown[512];
    size_t sl = 0;
    shown[0] = 0;
    printf("%d %s %.1f %.1f", k, sex ? "m" : "f", st, wt);
    for (size_t p = 0; p < fit->npos; p++) {
      const fit_position *P = &fit->pos[p];
      char v[11];
      for (int f = 0; f < 10; f++)
        v[f] = "?ost-"[P->verdict_by_firmness[f] >= 0 && P->verdict_by_firmness[f] < 4
                           ? P->verdict_by_firmness[f]
                           : 4];
      v[10] = 0;
      printf(" | %s best %d range %d-%d %s cur %d pil %d",
             P->position == FIT_SIDE ? "side" : "back", P->best, P->range_lo, P->range_hi, v,
             P->cur.verdict, P->pillow_verdict);
      if (P->zones_run) {
        double gain;
        printf(" zones %d/%d/%d %d shown %d", P->zones[0], P->zones[1], P->zones[2],
               P->zones_verdict, fit_zoning_worth_showing(P, &gain) ? 1 : 0);
      }
      sl += (size_t)snprintf(shown + sl, sizeof shown - sl, " tilt %.1f need %.1f", P->cur.tilt_deg,
                             round(P->cur.pillow_needed_cm * 2.0) / 2.0);
      if (P->zones_run) /* what the zone search found: its objective, to compare */
        sl += (size_t)snprintf(shown + sl, sizeof shown - sl, " zpen %.4f ztilt %.2f",
                               P->zones_penalty, P->zones_tilt);
    }
    printf(" ||%s\n", shown);
    bb_fit_free(fit);
  }
  fclose(fp);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "zoned") != 0)) {
    fprintf(stderr, "usage: fit_agree ANSUR_DIR [zoned]\n");
    return 64;
  }
  zoned = argc == 3;
  int count = 0;
  if (load(argv[1], "ANSUR_II_MALE_Public.csv", 1, &count) ||
      load(argv[1], "ANSUR_II_FEMALE_Public.csv", 0, &count)) {
    fprintf(stderr, "fit_agree: cannot read the ANSUR II files in %s\n", argv[1]);
    return 66;
  }
  return 0;
}
