/* fhir_qr.c -- a test tool: writes a FHIR R4 QuestionnaireResponse to
 * bedback's Questionnaire from answers JSON, on its own (jansson and the
 * library's public question list only, not bb_fhir_response), so that the
 * round trip `answers -> response -> assess --fhir-response` checks the
 * reader against a writer it does not share code with.
 *
 *   fhir_qr LAYOUT ANSWERS.json   the response on standard output
 *   fhir_qr --random SEED         random answers JSON (every question may
 *                                 be left out; values cover each type's
 *                                 range, its ends and the "unknown" choice)
 *
 * LAYOUT: groups (items in the Questionnaire's groups, as a renderer
 * writes them), flat (every item at the top) or nested (each answered item
 * inside the previous answer's item list, as FHIR nests follow-ups).
 * Exit status 0, 2 on misuse or unreadable input. */
#include "bedback.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bb_kb *kb;

static json_t *value(const bb_question *q, json_t *v) {
  json_t *ans = json_object();
  switch (bb_question_type(q)) {
  case BB_BOOLEAN: json_object_set(ans, "valueBoolean", v); break;
  case BB_INTEGER:
    json_object_set_new(ans, "valueInteger", json_integer((json_int_t)json_number_value(v)));
    break;
  case BB_NUMBER: json_object_set_new(ans, "valueDecimal", json_real(json_number_value(v))); break;
  case BB_CHOICE: {
    json_t *c = json_object();
    json_object_set_new(c, "system", json_string(BB_FHIR_CODESYSTEM_URL));
    json_object_set(c, "code", v);
    json_object_set_new(ans, "valueCoding", c);
    break;
  }
  }
  json_t *list = json_array();
  json_array_append_new(list, ans);
  return list;
}

static int write_response(const char *layout, const char *path) {
  json_error_t je;
  json_t *answers = json_load_file(path, JSON_DECODE_ANY, &je);
  if (!json_is_object(answers)) {
    fprintf(stderr, "fhir_qr: %s: not an answers object\n", path);
    return 2;
  }
  json_t *r = json_object();
  json_object_set_new(r, "resourceType", json_string("QuestionnaireResponse"));
  json_object_set_new(r, "questionnaire", json_string(BB_FHIR_QUESTIONNAIRE_URL));
  json_object_set_new(r, "status", json_string("completed"));
  json_t *top = json_array(), *groups = json_object();
  json_t *tail = top; /* nested: where the next item goes */
  for (size_t i = 0; i < bb_kb_question_count(kb); i++) {
    const bb_question *q = bb_kb_question(kb, i);
    json_t *v = json_object_get(answers, bb_question_id(q));
    if (!v || json_is_null(v))
      continue;
    json_t *it = json_object();
    json_object_set_new(it, "linkId", json_string(bb_question_id(q)));
    json_object_set_new(it, "answer", value(q, v));
    if (!strcmp(layout, "flat")) {
      json_array_append_new(top, it);
    } else if (!strcmp(layout, "nested")) {
      json_array_append_new(tail, it);
      json_t *kids = json_array();
      json_object_set_new(json_array_get(json_object_get(it, "answer"), 0), "item", kids);
      tail = kids;
    } else {
      const char *g = bb_question_is_warning(q) ? "warning" : bb_question_section(q);
      json_t *grp = json_object_get(groups, g);
      if (!grp) {
        char id[96];
        snprintf(id, sizeof id, "section-%s", g);
        grp = json_object();
        json_object_set_new(grp, "linkId", json_string(id));
        json_object_set_new(grp, "item", json_array());
        json_object_set(groups, g, grp);
        json_array_append_new(top, grp);
      }
      json_array_append_new(json_object_get(grp, "item"), it);
    }
  }
  json_object_set_new(r, "item", top);
  char *s = json_dumps(r, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  puts(s);
  free(s);
  json_decref(r);
  json_decref(groups);
  json_decref(answers);
  return 0;
}

/* ---- random answers (xorshift64*, fixed by the seed) ---- */

static uint64_t rng;
static uint64_t next(void) {
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545F4914F6CDD1Dull;
}
static size_t below(size_t n) {
  return (size_t)(next() % n);
}

static int random_answers(unsigned long seed) {
  rng = 0x9E3779B97F4A7C15ull ^ (seed * 0x100000001B3ull);
  if (!rng)
    rng = 1;
  json_t *o = json_object();
  for (size_t i = 0; i < bb_kb_question_count(kb); i++) {
    const bb_question *q = bb_kb_question(kb, i);
    if (below(4) == 0)
      continue; /* not answered */
    double lo = bb_question_min(q), hi = bb_question_max(q);
    json_t *v = NULL;
    switch (bb_question_type(q)) {
    case BB_BOOLEAN: v = json_boolean(below(2)); break;
    case BB_INTEGER: {
      size_t span = (size_t)(hi - lo) + 1, pick = below(5);
      double x = pick == 0 ? lo : pick == 1 ? hi : lo + (double)below(span);
      v = json_integer((json_int_t)x);
      break;
    }
    case BB_NUMBER: {
      size_t pick = below(5);
      double x = pick == 0   ? lo
                 : pick == 1 ? hi
                             : lo + round((hi - lo) * (double)below(10001) / 10000.0 * 100) / 100;
      if (x > hi)
        x = hi;
      v = json_real(x);
      break;
    }
    case BB_CHOICE:
      v = json_string(bb_question_choice(q, below(bb_question_choice_count(q))));
      break;
    }
    json_object_set_new(o, bb_question_id(q), v);
  }
  char *s = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  puts(s);
  free(s);
  json_decref(o);
  return 0;
}

int main(int argc, char **argv) {
  bb_error err;
  kb = bb_kb_load_builtin(&err);
  if (!kb || argc != 3) {
    fprintf(stderr, "usage: fhir_qr groups|flat|nested ANSWERS.json | fhir_qr --random SEED\n");
    return 2;
  }
  if (!strcmp(argv[1], "--random"))
    return random_answers(strtoul(argv[2], NULL, 10));
  if (strcmp(argv[1], "groups") && strcmp(argv[1], "flat") && strcmp(argv[1], "nested")) {
    fprintf(stderr, "fhir_qr: unknown layout '%s'\n", argv[1]);
    return 2;
  }
  return write_response(argv[1], argv[2]);
}
