/*
 * fit_render.c -- the fit as fit.md's JSON and as text for people.
 */
#include "fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const sex_names[] = {"female", "male", "other"};

/* Numbers as people read them: one decimal (three for the force ratio). */
static json_t *num1(double v) {
  return json_real(round(v * 10.0) / 10.0);
}

static const char *pos_name(int pos) {
  return pos == FIT_SIDE ? "side" : "back";
}

static json_t *position_json(const bb_fit *fit, size_t i) {
  const fit_position *P = &fit->pos[i];
  const fit_case *c = &P->cur;
  json_t *o = json_object(), *m = json_object(), *r = json_array();
  json_object_set_new(o, "position", json_string(pos_name(P->position)));

  if (isfinite(fit->in.stiffness_kpa_m)) {
    json_object_set_new(m, "firmness", json_null());
    json_object_set_new(m, "stiffness_kpa_m", num1(fit->in.stiffness_kpa_m));
  } else if (fit->in.zone_shoulder > 0) {
    json_t *z = json_object();
    json_object_set_new(m, "firmness", json_null());
    json_object_set_new(z, "shoulder", json_integer(fit->in.zone_shoulder));
    json_object_set_new(z, "waist", json_integer(fit->in.zone_waist));
    json_object_set_new(z, "hip", json_integer(fit->in.zone_hip));
    json_object_set_new(m, "zones", z);
  } else {
    json_object_set_new(m, "firmness", P->firmness ? json_integer(P->firmness) : json_null());
  }
  json_object_set_new(m, "thickness_cm", num1(fit->thick * 100.0));
  const char *vn = bb_fit_verdict_name((bb_fit_verdict)c->verdict);
  json_object_set_new(m, "verdict", vn ? json_string(vn) : json_null());
  if (!vn) {
    char buf[160];
    snprintf(buf, sizeof buf,
             "mattress firmness not given: the numbers are for firmness %d, the best for "
             "this body",
             P->best);
    json_array_append_new(r, json_string(buf));
  }
  for (int k = 0; k < c->nreasons; k++)
    json_array_append_new(r, json_string(c->reasons[k]));
  json_object_set_new(m, "reasons", r);
  json_t *rec = json_object();
  json_object_set_new(rec, "best", json_integer(P->best));
  if (P->range_lo)
    json_object_set_new(rec, "range", json_pack("[ii]", P->range_lo, P->range_hi));
  else
    json_object_set_new(rec, "range", json_null());
  json_object_set_new(m, "recommended_firmness", rec);
  json_object_set_new(o, "mattress", m);

  json_t *al = json_object();
  if (P->position == FIT_SIDE) {
    json_object_set_new(al, "tilt_deg", num1(c->tilt_deg));
    json_object_set_new(al, "waist_sag_mm", num1(c->sag_mm));
  } else {
    json_object_set_new(al, "lumbar_gap_mm", num1(c->lumbar_gap_mm));
    json_object_set_new(al, "pelvis_drop_mm", num1(c->pelvis_drop_mm));
  }
  json_object_set_new(o, "alignment", al);
  json_object_set_new(o, "sink_mm",
                      json_pack("{s:o,s:o,s:o}", "shoulder", num1(c->sink_shoulder), "waist",
                                num1(c->sink_waist), "hip", num1(c->sink_hip)));
  json_object_set_new(o, "pressure_kpa",
                      json_pack("{s:o,s:o,s:o}", "shoulder_peak", num1(c->p_shoulder), "hip_peak",
                                num1(c->p_hip), "mean", num1(c->p_mean)));
  json_t *pl = json_object();
  json_object_set_new(pl, "current_cm",
                      isfinite(P->pillow_current_cm) ? num1(P->pillow_current_cm) : json_null());
  json_object_set_new(pl, "needed_cm", num1(c->pillow_needed_cm));
  json_object_set_new(pl, "needed_loaded_cm", num1(c->pillow_loaded_cm));
  /* extension: the pillow under the head in the pose the numbers are from */
  json_object_set_new(pl, "pose_cm", num1(P->pillow_pose_cm));
  vn = bb_fit_verdict_name((bb_fit_verdict)P->pillow_verdict);
  json_object_set_new(pl, "verdict", vn ? json_string(vn) : json_null());
  json_object_set_new(o, "pillow", pl);
  if (P->zones_run) {
    json_t *z = json_object();
    json_object_set_new(z, "shoulder", json_integer(P->zones[0]));
    json_object_set_new(z, "waist", json_integer(P->zones[1]));
    json_object_set_new(z, "hip", json_integer(P->zones[2]));
    vn = bb_fit_verdict_name((bb_fit_verdict)P->zones_verdict);
    json_object_set_new(z, "verdict", vn ? json_string(vn) : json_null());
    json_object_set_new(z, "tilt_deg", num1(P->zones_tilt));
    json_object_set_new(o, "zones", z);
  }
  json_object_set_new(o, "contact_force_ratio", json_real(round(c->force_ratio * 1000.0) / 1000.0));
  char *svg = fit_svg_position(fit, i);
  json_object_set_new(o, "picture", svg ? json_string(svg) : json_null());
  free(svg);
  return o;
}

json_t *fit_to_json(const bb_fit *fit) {
  const fit_body *b = &fit->body;
  json_t *o = json_object(), *body = json_object(), *est = json_array(), *ps = json_array();
  if (!o || !body || !est || !ps) {
    json_decref(o);
    json_decref(body);
    json_decref(est);
    json_decref(ps);
    return NULL;
  }
  json_object_set_new(o, "model", json_string("beam-on-elastic-foundation/1"));
  json_object_set_new(body, "sex", json_string(sex_names[fit->in.sex]));
  json_object_set_new(body, "height_cm", num1(fit->in.height_cm));
  json_object_set_new(body, "weight_kg", num1(fit->in.weight_kg));
  json_object_set_new(body, "shoulder_width_cm", num1(b->biacromial * 100.0));
  json_object_set_new(body, "hip_width_cm", num1(b->hip_b * 100.0));
  json_object_set_new(body, "head_width_cm", num1(b->head_b * 100.0));
  if (b->estimated & FIT_EST_SHOULDER)
    json_array_append_new(est, json_string("shoulder_width_cm"));
  if (b->estimated & FIT_EST_HIP)
    json_array_append_new(est, json_string("hip_width_cm"));
  if (b->estimated & FIT_EST_HEAD)
    json_array_append_new(est, json_string("head_width_cm"));
  json_object_set_new(body, "estimated", est);
  json_object_set_new(o, "body", body);
  for (size_t i = 0; i < fit->npos; i++)
    json_array_append_new(ps, position_json(fit, i));
  json_object_set_new(o, "positions", ps);
  if (fit->stomach)
    json_object_set_new(o, "note",
                        json_string("stomach-lying is not modelled: it twists the neck and "
                                    "arches the lower back whatever the mattress; see the "
                                    "avoid_stomach_sleeping advice"));
  return o;
}

static const char *verdict_words(int v) {
  switch (v) {
  case BB_FIT_OK: return "suits you";
  case BB_FIT_TOO_SOFT: return "is too soft for you";
  case BB_FIT_TOO_FIRM: return "is too firm for you";
  default: return "";
  }
}

/* When the pillow is wrong, the pillow comes first: a pillow that is too
 * low or too high tilts the trunk the way a wrong mattress does. Says
 * what follows from the verdict above: when the model judged the mattress
 * on the pillow the body needs (pose_cm, not the person's own), the
 * verdict is what follows; otherwise the mattress is to be judged again. */
static void text_pillow_first(const bb_fit *fit, const fit_position *P, fit_str *s) {
  if (P->pillow_verdict != BB_FIT_TOO_LOW && P->pillow_verdict != BB_FIT_TOO_HIGH)
    return;
  const fit_case *c = &P->cur;
  fit_str_printf(s, "    first the pillow: about %g cm high (unloaded) instead of %g cm\n",
                 fit_half_cm(c->pillow_needed_cm), fit_as_given(P->pillow_current_cm));
  if (c->verdict == BB_FIT_NONE)
    return;
  bool judged_on_needed = fabs(P->pillow_pose_cm - P->pillow_current_cm) > 0.25;
  if (judged_on_needed)
    fit_str_printf(s, "    then the mattress: with that pillow, your mattress %s\n",
                   verdict_words(c->verdict));
  else
    fit_str_printf(s,
                   "    then the mattress: the verdict above is with your present pillow and\n"
                   "      may change with the right one: check again with bedback fit --pillow "
                   "%g\n",
                   fit_half_cm(c->pillow_needed_cm));
  (void)fit;
}

static void text_position(const bb_fit *fit, size_t i, fit_str *s) {
  const fit_position *P = &fit->pos[i];
  const fit_case *c = &P->cur;
  bool side = P->position == FIT_SIDE;
  fit_str_printf(s, "\n%s\n", side ? "LYING ON YOUR SIDE" : "LYING ON YOUR BACK");
  /* verdict first */
  if (c->verdict != BB_FIT_NONE) {
    if (isfinite(fit->in.stiffness_kpa_m))
      fit_str_printf(s, "  Your mattress (%g kPa/m) %s.\n", fit_as_given(fit->in.stiffness_kpa_m),
                     verdict_words(c->verdict));
    else if (fit->in.zone_shoulder > 0)
      fit_str_printf(s, "  Your zoned mattress (shoulder %d, waist %d, hip %d) %s.\n",
                     fit->in.zone_shoulder, fit->in.zone_waist, fit->in.zone_hip,
                     verdict_words(c->verdict));
    else
      fit_str_printf(s, "  Your mattress (firmness %d of 10) %s.\n", P->firmness,
                     verdict_words(c->verdict));
  } else {
    fit_str_printf(s, "  Mattress firmness not given: numbers below are for firmness %d.\n",
                   P->best);
  }
  for (int k = 0; k < c->nreasons; k++)
    fit_str_printf(s, "    - %s\n", c->reasons[k]);
  if (P->pillow_verdict != BB_FIT_NONE)
    fit_str_printf(s, "  Your %g cm pillow is %s.\n", fit_as_given(P->pillow_current_cm),
                   P->pillow_verdict == BB_FIT_OK        ? "about right"
                   : P->pillow_verdict == BB_FIT_TOO_LOW ? "too low"
                                                         : "too high");
  /* the numbers */
  /* the mattress is judged on the pillow this body needs on it (pose_cm),
   * whatever the person's own (docs/model.md) */
  char pose[16], need[16];
  snprintf(pose, sizeof pose, "%.1f", P->pillow_pose_cm);
  snprintf(need, sizeof need, "%.1f", c->pillow_needed_cm);
  /* the pose's pillow is the need to within the fixed point's tolerance
   * (fit_sweep.c): when the two differ as shown, say so rather than call
   * 7.4 cm "the pillow this body needs" above "pillow needed 7.3 cm" */
  if (!strcmp(pose, need))
    fit_str_printf(s, "  Numbers (on the %s cm pillow this body needs on this mattress):\n", pose);
  else
    /* within 80 columns: "on this mattress" goes, the need is this
     * mattress's as the heading's section says */
    fit_str_printf(s, "  Numbers (on a %s cm pillow, close to the %s cm this body needs):\n", pose,
                   need);
  if (side)
    fit_str_printf(s, "    spine tilt %.1f deg (shoulder end %s), waist %.1f mm %s the line\n",
                   fabs(c->tilt_deg), c->tilt_deg >= 0 ? "higher" : "lower", fabs(c->sag_mm),
                   c->sag_mm >= 0 ? "below" : "above");
  else
    fit_str_printf(s, "    lower-back gap %.1f mm, pelvis %.1f mm %s than the shoulder blades\n",
                   c->lumbar_gap_mm, fabs(c->pelvis_drop_mm),
                   c->pelvis_drop_mm >= 0 ? "deeper" : "higher");
  fit_str_printf(s, "    sink: shoulder %.0f mm, waist %.0f mm, hip %.0f mm of %.0f mm\n",
                 c->sink_shoulder, c->sink_waist, c->sink_hip, fit->thick * 1000.0);
  fit_str_printf(s, "    pressure: shoulder peak %.1f kPa, hip peak %.1f kPa, mean %.1f kPa\n",
                 c->p_shoulder, c->p_hip, c->p_mean);
  fit_str_printf(s, "    pillow needed %.1f cm (%.1f cm under the head)\n", c->pillow_needed_cm,
                 c->pillow_loaded_cm);
  /* the solver's equilibrium check, said as what it means */
  fit_str_printf(s, "    the mattress carries %.1f%% of your weight (a check of the model)\n",
                 c->force_ratio * 100.0);
  /* what to change */
  fit_str_printf(s, "  What to change:\n");
  text_pillow_first(fit, P, s);
  /* for side and back both, the answer for the two together is above:
   * this one is for the position alone, and says so */
  const char *alone =
      fit->npos == 2 ? (side ? "on your side alone, " : "on your back alone, ") : "";
  if (P->range_lo)
    fit_str_printf(s, "    %sfirmness %d suits you best (%d to %d are fine)\n", alone, P->best,
                   P->range_lo, P->range_hi);
  else
    fit_str_printf(s, "    %sno uniform firmness suits this body; %d comes closest\n", alone,
                   P->best);
  /* A zoning only when it improves on what the person is already shown,
   * and by how much; fit.md's JSON `zones` keeps the search's result. */
  double gain;
  if (fit_zoning_worth_showing(P, &gain))
    fit_str_printf(s,
                   "    a zoned or adjustable bed (shoulder %d, waist %d, hip %d of 10):\n"
                   "      spine tilt %.1f deg, %.1f deg straighter than %s\n",
                   P->zones[0], P->zones[1], P->zones[2], fabs(P->zones_tilt), gain,
                   P->range_lo ? "on the best single firmness" : "the closest single firmness");
  else if (P->zones_run && P->range_lo == 0 && P->zones_verdict != BB_FIT_OK)
    fit_str_printf(s, "    a zoned bed cannot line you up either\n");
  if (P->pillow_verdict == BB_FIT_NONE)
    fit_str_printf(s, "    a pillow about %g cm high (unloaded)\n",
                   fit_half_cm(c->pillow_needed_cm));
}

/* Mixed sleepers (and a position not given): the verdict on the person's
 * mattress in both positions, then one firmness answer for side and back
 * together (the values ok in both; when none, the side-lying range, said
 * so). */
static void text_combined(const bb_fit *fit, fit_str *s) {
  const fit_position *side = &fit->pos[0], *back = &fit->pos[1];
  int lo, hi, side_only;
  int best = bb_fit_firmness_advice(fit, &lo, &hi, &side_only);
  fit_str_printf(s, "\n");
  if (side->cur.verdict != BB_FIT_NONE && side->firmness) {
    if (side->cur.verdict == back->cur.verdict)
      fit_str_printf(s, "Your mattress (firmness %d of 10) %s on your side and on your back.\n",
                     side->firmness, verdict_words(side->cur.verdict));
    else
      fit_str_printf(s, "Your mattress (firmness %d of 10) %s on your side and %s on your back.\n",
                     side->firmness, verdict_words(side->cur.verdict),
                     verdict_words(back->cur.verdict));
  }
  if (!side_only)
    fit_str_printf(s,
                   "Firmness %d suits you best: %d to %d are fine both on your side and on your "
                   "back.\n",
                   best, lo, hi);
  else if (lo)
    fit_str_printf(s,
                   "No firmness is fine both on your side and on your back; lying on your side "
                   "(which counts first) firmness %d suits you best and %d to %d are fine.\n",
                   best, lo, hi);
  else
    fit_str_printf(s,
                   "No firmness is fine both on your side and on your back, nor on your side "
                   "alone; on your side, %d comes closest.\n",
                   best);
}

/* The text within 80 columns, as every text output: a longer line (a
 * reason naming two metrics, a verdict on two positions) is wrapped at
 * words, the rest of it indented under its text (two more than its own
 * indent; none at the margin). */
static char *wrap_lines(const char *text) {
  enum { WIDTH = 80 };
  bbu_buf b;
  bbu_buf_init(&b);
  for (const char *p = text; *p;) {
    size_t len = strcspn(p, "\n"), n = strspn(p, " "), c = 0;
    for (size_t i = 0; i < len; i++)
      c += ((unsigned char)p[i] & 0xC0) != 0x80;
    if (c <= WIDTH || n >= len) {
      bbu_buf_addn(&b, p, len);
      bbu_buf_add(&b, "\n");
    } else {
      char *line = malloc(len - n + 1);
      if (!line) {
        bbu_buf_free(&b);
        return NULL;
      }
      memcpy(line, p + n, len - n);
      line[len - n] = '\0';
      bbu_buf_addn(&b, p, n);
      bbr_wrap(&b, WIDTH, line, n, n ? n + 2 : 0); /* with its line end */
      free(line);
    }
    p += len + (p[len] == '\n'); /* the text ends with a line end */
  }
  return bbu_buf_take(&b);
}

char *bb_fit_render(const bb_fit *fit, bb_format format, unsigned flags) {
  (void)flags;
  if (format == BB_FORMAT_JSON) {
    json_t *j = fit_to_json(fit);
    if (!j)
      return NULL;
    char *out = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(j);
    if (!out)
      return NULL;
    size_t n = strlen(out);
    char *r = realloc(out, n + 2);
    if (!r) {
      free(out);
      return NULL;
    }
    r[n] = '\n';
    r[n + 1] = '\0';
    return r;
  }
  fit_str s = {0};
  const fit_body *b = &fit->body;
  /* the body as given (178.5 cm is not "178 cm") */
  fit_str_printf(&s, "Sleep-support fit: %s, %g cm, %g kg", sex_names[fit->in.sex],
                 fit_as_given(fit->in.height_cm), fit_as_given(fit->in.weight_kg));
  fit_str_printf(&s, "\n  (shoulders %.1f cm, hips %.1f cm, head %.1f cm%s)\n",
                 b->biacromial * 100.0, b->hip_b * 100.0, b->head_b * 100.0,
                 b->estimated ? "; estimated where not given" : "");
  if (fit->stomach)
    fit_str_printf(&s, "\nLying on the stomach is not modelled: it twists the neck and arches "
                       "the lower back whatever the mattress. See the advice on avoiding "
                       "stomach sleeping.\n");
  if (fit->npos == 2)
    text_combined(fit, &s);
  if (fit->in.position_unknown && fit->npos == 2)
    fit_str_printf(&s, "(Your sleep position was not given, so lying on your side and on your "
                       "back are both modelled, as for someone who sleeps both ways.)\n");
  for (size_t i = 0; i < fit->npos; i++)
    text_position(fit, i, &s);
  fit_str_printf(&s, "\nA mechanical model of one body on one mattress, not a diagnosis.\n");
  if (s.failed) {
    free(s.s);
    return NULL;
  }
  char *text = wrap_lines(s.s);
  free(s.s);
  return text;
}
