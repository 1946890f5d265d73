/*
 * fit_answers.c -- from validated answers to a fit: the bridge the
 * assessment engine and `bedback fit --answers` share.
 */
#include "fit.h"
#include "internal.h"

#include <math.h>
#include <string.h>

static double num_or_nan(const bb_answers *a, const char *id) {
  double v;
  return bb_answers_get_number(a, id, &v) == 0 ? v : (double)NAN;
}

/* The answers' part of a fit input, all that is known; false when sex,
 * height or weight is unknown (the fit cannot run). */
bool fit_input_from_answers(const struct bb_answers *a, bb_fit_input *in) {
  const char *sex = bb_answers_get_choice(a, "sex");
  const char *pos = bb_answers_get_choice(a, "sleep_position");
  const char *pf = bb_answers_get_choice(a, "pillow_firmness");
  double firm;
  bb_fit_input_init(in);
  in->height_cm = num_or_nan(a, "height_cm");
  in->weight_kg = num_or_nan(a, "weight_kg");
  in->sex = !sex                     ? BB_SEX_OTHER
            : !strcmp(sex, "male")   ? BB_SEX_MALE
            : !strcmp(sex, "female") ? BB_SEX_FEMALE
                                     : BB_SEX_OTHER;
  in->shoulder_width_cm = num_or_nan(a, "shoulder_width_cm");
  in->hip_width_cm = num_or_nan(a, "hip_width_cm");
  in->head_width_cm = num_or_nan(a, "head_width_cm");
  /* an unknown position: side and back both, and the text says so */
  in->position_unknown = !pos;
  in->position = !pos                      ? BB_POS_MIXED
                 : !strcmp(pos, "back")    ? BB_POS_BACK
                 : !strcmp(pos, "mixed")   ? BB_POS_MIXED
                 : !strcmp(pos, "stomach") ? BB_POS_STOMACH
                                           : BB_POS_SIDE;
  if (bb_answers_get_number(a, "mattress_firmness", &firm) == 0)
    in->firmness = (int)firm;
  in->pillow_height_cm = num_or_nan(a, "pillow_height_cm");
  in->pillow_firmness = !pf ? -1 : !strcmp(pf, "soft") ? 0 : !strcmp(pf, "firm") ? 2 : 1;
  return sex && !isnan(in->height_cm) && !isnan(in->weight_kg);
}

bb_fit *fit_from_answers(const struct bb_answers *a, bool optimize_zones, bb_error *err) {
  bb_fit_input in;
  if (err)
    memset(err, 0, sizeof *err);
  if (!fit_input_from_answers(a, &in))
    return NULL;
  in.optimize_zones = optimize_zones;
  return bb_fit_run(&in, err);
}

bool bb_fit_input_from_answers(const bb_answers *a, bb_fit_input *in) {
  return fit_input_from_answers(a, in);
}
