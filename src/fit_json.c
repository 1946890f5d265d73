/* fit_json.c -- the fit's input as one JSON object: answers, with the
 * `fit` command's flags in "options" (bedback serve's POST /api/fit). */
#include "internal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(key, ...) (bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, (key), __VA_ARGS__), -1)

static int number(json_t *v, const char *key, double lo, double hi, bool whole, double *out,
                  bb_error *err) {
  double d = json_number_value(v);
  if (!json_is_number(v) || d < lo || d > hi || (whole && d != floor(d)))
    return FAIL(key, "options.%s must be a %s from %g to %g", key,
                whole ? "whole number" : "number", lo, hi);
  *out = d;
  return 0;
}

static int read_options(json_t *o, bb_fit_input *in, bb_error *err) {
  static const char *const positions[] = {"side", "back", "mixed", "stomach"};
  static const bb_position pos[] = {BB_POS_SIDE, BB_POS_BACK, BB_POS_MIXED, BB_POS_STOMACH};
  if (!json_is_object(o))
    return FAIL("options", "options is an object ({\"position\": \"side\", ...})");
  const char *key;
  json_t *v;
  double d;
  json_object_foreach(o, key, v) {
    if (json_is_null(v))
      continue;
    if (!strcmp(key, "position")) {
      const char *s = json_string_value(v);
      size_t i = 0;
      while (s && i < 4 && strcmp(s, positions[i]))
        i++;
      if (!s || i == 4)
        return FAIL(key, "options.position is side, back, mixed or stomach");
      in->position = pos[i];
      in->position_unknown = false;
    } else if (!strcmp(key, "firmness")) {
      if (number(v, key, 1, 10, true, &d, err))
        return -1;
      in->firmness = (int)d;
    } else if (!strcmp(key, "pillow_cm")) {
      if (number(v, key, 0, 30, false, &in->pillow_height_cm, err))
        return -1;
    } else if (!strcmp(key, "thickness_cm")) {
      if (number(v, key, 5, 50, false, &in->thickness_cm, err))
        return -1;
    } else if (!strcmp(key, "mattress_stiffness")) {
      if (number(v, key, 5, 1000, false, &in->stiffness_kpa_m, err))
        return -1;
    } else if (!strcmp(key, "optimize_zones")) {
      if (!json_is_boolean(v))
        return FAIL(key, "options.optimize_zones is true or false");
      in->optimize_zones = json_is_true(v);
    } else if (!strcmp(key, "zones")) {
      static const char *const names[3] = {"shoulder", "waist", "hip"};
      int *z[3] = {&in->zone_shoulder, &in->zone_waist, &in->zone_hip};
      if (!json_is_object(v) || json_object_size(v) != 3)
        return FAIL(key, "options.zones is {\"shoulder\": N, \"waist\": N, \"hip\": N}, each 1-10");
      for (size_t i = 0; i < 3; i++) {
        json_t *n = json_object_get(v, names[i]);
        if (!n || number(n, "zones", 1, 10, true, &d, err))
          return FAIL(key,
                      "options.zones is {\"shoulder\": N, \"waist\": N, \"hip\": N}, each 1-10");
        *z[i] = (int)d;
      }
    } else {
      return FAIL(key,
                  "options.%s is not an option of the fit (position, firmness, pillow_cm, "
                  "thickness_cm, mattress_stiffness, zones, optimize_zones)",
                  key);
    }
  }
  return 0;
}

int bb_fit_input_from_json(const bb_kb *kb, const char *json, size_t len, bb_fit_input *in,
                           bb_error *err) {
  bb_error local;
  if (!err)
    err = &local;
  bb_error_clear(err);
  bb_fit_input_init(in);
  json_error_t je;
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &je);
  if (!root) {
    bbu_error_set(err, BB_EX_DATAERR, "", je.line, je.column, "", "the body is not valid JSON: %s",
                  je.text);
    return -1;
  }
  if (!json_is_object(root)) {
    json_decref(root);
    bbu_error_set(err, BB_EX_DATAERR, "", 1, 1, "",
                  "the body must be one JSON object: answers, with the fit's options in "
                  "\"options\"");
    return -1;
  }
  json_t *opts = json_object_get(root, "options");
  json_incref(opts);
  json_object_del(root, "options");
  char *answers = json_dumps(root, JSON_COMPACT);
  json_decref(root);
  if (!answers) {
    json_decref(opts);
    bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory");
    return -1;
  }
  bb_error e;
  bb_answers *a = bb_answers_parse(kb, answers, strlen(answers), "<fit>", &e, NULL, NULL);
  free(answers);
  int rc = 0;
  if (!a) {
    /* the position was in the re-written text: only the message counts */
    bbu_error_set(err, e.status, "", 0, 0, e.key, "%s", e.message);
    rc = -1;
  } else {
    bool can = bb_fit_input_from_answers(a, in);
    bb_answers_free(a);
    if (opts && read_options(opts, in, err) != 0)
      rc = -1;
    else if (!can)
      rc = FAIL(isnan(in->height_cm)   ? "height_cm"
                : isnan(in->weight_kg) ? "weight_kg"
                                       : "sex",
                "the fit needs sex, height_cm and weight_kg among the answers");
  }
  json_decref(opts);
  return rc;
}
