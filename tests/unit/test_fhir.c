/* test_fhir.c -- the FHIR module's meaning (docs/fhir.md):
 *
 *  - enableWhen says what ask_when says: for every question with a
 *    condition, every combination of the answers it reads (unanswered, each
 *    choice, "unknown", yes/no, numbers around each literal and at the
 *    ends) gives the same "enabled" by R4's enableWhen rules (=, exists,
 *    comparisons; enableBehavior any/all) as bb_question_applies -- for the
 *    built-in knowledge base and for one edited to hold and-chains,
 *    numeric comparisons, bare yes/no findings, known(), a choice with an
 *    "unknown" option; what enableWhen cannot say ("!=", not (...), mixed
 *    and/or) becomes an enableWhenExpression, reported, never both;
 *  - the Questionnaire's structure: groups, types, answerOption, ranges,
 *    units, help items, no derived finding, nothing required;
 *  - the CodeSystem holds every code the Questionnaire and Bundles use;
 *  - bb_fhir_response and bb_fhir_read_response are inverse, and the
 *    Bundles are the same bytes for the same input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr_nodes.h"
#include "fixture.h"

static json_t *load(char *text) {
  assert_non_null(text);
  json_error_t je;
  json_t *j = json_loads(text, 0, &je);
  free(text);
  if (!j)
    fail_msg("not JSON: %s", je.text);
  return j;
}

/* Every question item of a Questionnaire (depth-first), into out. */
static void items(json_t *list, json_t *out) {
  size_t i;
  json_t *it;
  json_array_foreach(list, i, it) {
    const char *type = json_string_value(json_object_get(it, "type"));
    if (strcmp(type, "group") && strcmp(type, "display"))
      json_array_append(out, it);
    items(json_object_get(it, "item"), out);
  }
}

static json_t *questionnaire(const bb_kb *k, bb_fhir_note_fn note, void *ud) {
  json_t *q = load(bb_fhir_questionnaire(k, note, ud));
  json_t *all = json_array();
  items(json_object_get(q, "item"), all);
  json_decref(q);
  return all;
}

static json_t *item_of(json_t *all, const char *id) {
  size_t i;
  json_t *it;
  json_array_foreach(all, i, it) {
    if (!strcmp(json_string_value(json_object_get(it, "linkId")), id))
      return it;
  }
  return NULL;
}

static json_t *extension(json_t *it, const char *url_end) {
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(it, "extension"), i, e) {
    const char *u = json_string_value(json_object_get(e, "url"));
    size_t n = strlen(u), m = strlen(url_end);
    if (n >= m && !strcmp(u + n - m, url_end))
      return e;
  }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* R4's enableWhen, evaluated on answers (the "unknown" choice is an answer
 * to FHIR: it exists, with its code) */

static int answered(const bb_answers *a, int idx) {
  return a->v[idx].kind != V_UNKNOWN || a->said_unknown[idx];
}

static int cond_true(const bb_kb *k, const bb_answers *a, json_t *c) {
  const char *qid = json_string_value(json_object_get(c, "question"));
  const char *op = json_string_value(json_object_get(c, "operator"));
  int idx = kb_find_finding(k, qid, strlen(qid));
  assert_true(idx >= 0);
  const kb_question *q = &k->questions[idx].q;
  int has = answered(a, idx);
  if (!strcmp(op, "exists"))
    return has == json_is_true(json_object_get(c, "answerBoolean"));
  int eq = 0, cmp = 0;
  if (has) {
    json_t *v;
    if ((v = json_object_get(c, "answerBoolean"))) {
      eq = a->v[idx].kind == V_BOOL && a->v[idx].b == json_is_true(v);
    } else if ((v = json_object_get(c, "answerCoding"))) {
      const char *code = json_string_value(json_object_get(v, "code"));
      int ch = a->said_unknown[idx] ? q->unknown_choice : a->v[idx].choice;
      eq = !strcmp(q->choices[ch], code);
      assert_string_equal(json_string_value(json_object_get(v, "system")), BB_FHIR_CODESYSTEM_URL);
    } else {
      v = json_object_get(c, "answerInteger");
      if (!v)
        v = json_object_get(c, "answerDecimal");
      assert_non_null(v);
      assert_true(
          q->type ==
          (json_is_integer(v) && json_object_get(c, "answerInteger") ? BB_INTEGER : BB_NUMBER));
      double x = a->v[idx].num, y = json_number_value(v);
      eq = x == y;
      cmp = x < y ? -1 : x > y ? 1 : 0;
    }
  }
  if (!strcmp(op, "="))
    return has && eq;
  if (!strcmp(op, "!="))
    return !has || !eq;
  if (!has)
    return 0;
  if (!strcmp(op, "<"))
    return cmp < 0;
  if (!strcmp(op, "<="))
    return cmp <= 0;
  if (!strcmp(op, ">"))
    return cmp > 0;
  if (!strcmp(op, ">="))
    return cmp >= 0;
  fail_msg("unknown operator %s", op);
  return 0;
}

static int enabled(const bb_kb *k, const bb_answers *a, json_t *it) {
  json_t *ew = json_object_get(it, "enableWhen");
  if (!ew)
    return 1;
  const char *beh = json_string_value(json_object_get(it, "enableBehavior"));
  size_t n = json_array_size(ew);
  if (n > 1)
    assert_non_null(beh); /* que-12 */
  int all = beh && !strcmp(beh, "all");
  size_t i;
  json_t *c;
  json_array_foreach(ew, i, c) {
    int t = cond_true(k, a, c);
    if (all && !t)
      return 0;
    if (!all && t)
      return 1;
  }
  return all;
}

/* ------------------------------------------------------------------ */
/* Every combination of the answers a condition reads */

typedef struct {
  int idx[8];
  size_t n;
  double lits[32]; /* numbers in the condition */
  size_t nlits;
} reads;

static void use(void *ud, int f) {
  reads *r = ud;
  for (size_t i = 0; i < r->n; i++)
    if (r->idx[i] == f)
      return;
  assert_true(r->n < 8);
  r->idx[r->n++] = f;
}

/* The values tried for question q: text for bb_answers_set_text, NULL for
 * unanswered. */
static size_t values(const kb_question *q, const reads *r, char vals[][32]) {
  size_t n = 0;
  vals[n++][0] = '\0'; /* unanswered */
  switch (q->type) {
  case BB_BOOLEAN:
    snprintf(vals[n++], 32, "yes");
    snprintf(vals[n++], 32, "no");
    break;
  case BB_CHOICE:
    for (size_t k = 0; k < q->nchoices; k++)
      snprintf(vals[n++], 32, "%s", q->choices[k]);
    break;
  default: {
    double cand[80];
    size_t nc = 0;
    cand[nc++] = q->min;
    cand[nc++] = q->max;
    for (size_t l = 0; l < r->nlits; l++) {
      cand[nc++] = r->lits[l];
      cand[nc++] = r->lits[l] - 1;
      cand[nc++] = r->lits[l] + 1;
      if (q->type == BB_NUMBER) {
        cand[nc++] = r->lits[l] - 0.5;
        cand[nc++] = r->lits[l] + 0.5;
      }
    }
    for (size_t c = 0; c < nc; c++)
      if (cand[c] >= q->min && cand[c] <= q->max)
        snprintf(vals[n++], 32, "%.17g", cand[c]);
  }
  }
  return n;
}

/* Checks every combination for question q of kb k; returns how many. */
static long check_question(const bb_kb *k, json_t *all, const bb_question *bq) {
  const kb_question *q = &bq->q;
  json_t *it = item_of(all, q->id);
  assert_non_null(it);
  reads r = {{0}, 0, {0}, 0};
  expr_findings(q->ask_when, use, &r);
  for (size_t i = 0; i < q->ask_when->n; i++)
    if (q->ask_when->nodes[i].op == OP_NUM && r.nlits < 32)
      r.lits[r.nlits++] = q->ask_when->nodes[i].num;
  static char vals[8][96][32];
  size_t nv[8], pos[8] = {0};
  long combos = 0;
  for (size_t i = 0; i < r.n; i++)
    nv[i] = values(&k->questions[r.idx[i]].q, &r, vals[i]);
  for (;;) {
    bb_answers *a = bb_answers_new(k);
    assert_non_null(a);
    for (size_t i = 0; i < r.n; i++) {
      if (!vals[i][pos[i]][0])
        continue;
      bb_error err;
      if (bb_answers_set_text(a, k->questions[r.idx[i]].q.id, vals[i][pos[i]], &err) != 0)
        fail_msg("%s = %s: %s", k->questions[r.idx[i]].q.id, vals[i][pos[i]], err.message);
    }
    int want = bb_question_applies(a, bq);
    int got = enabled(k, a, it);
    if (want != got) {
      char *js = bb_answers_to_json(a);
      fail_msg("%s (%s): applies %d but enableWhen says %d for %s", q->id, q->ask_when_src, want,
               got, js);
    }
    bb_answers_free(a);
    combos++;
    size_t i = 0;
    while (i < r.n && ++pos[i] == nv[i])
      pos[i++] = 0;
    if (i == r.n)
      break;
  }
  return combos;
}

static void note_count(const char *id, const char *cond, const char *fp, void *ud) {
  (void)cond;
  assert_true(strncmp(fp, "iif(", 4) == 0);
  json_array_append_new((json_t *)ud, json_string(id));
}

/* enableWhen of every question of k agrees with ask_when; returns the
 * ids that got an enableWhenExpression instead. */
static json_t *check_kb(const bb_kb *k, long *combos) {
  json_t *noted = json_array();
  json_t *all = questionnaire(k, note_count, noted);
  for (size_t i = 0; i < k->nquestions; i++) {
    const kb_question *q = &k->questions[i].q;
    json_t *it = item_of(all, q->id);
    assert_non_null(it);
    json_t *ex = extension(it, "sdc-questionnaire-enableWhenExpression");
    if (!q->ask_when) {
      assert_null(json_object_get(it, "enableWhen"));
      assert_null(ex);
      continue;
    }
    if (ex) {
      /* never both (the SDC extension's rule), and always reported */
      assert_null(json_object_get(it, "enableWhen"));
      int said = 0;
      size_t j;
      json_t *s;
      json_array_foreach(noted, j, s) {
        said |= !strcmp(json_string_value(s), q->id);
      }
      assert_true(said);
      continue;
    }
    *combos += check_question(k, all, &k->questions[i]);
  }
  json_decref(all);
  return noted;
}

static void test_enable_when_builtin(void **state) {
  (void)state;
  long combos = 0;
  json_t *noted = check_kb(kb, &combos);
  assert_int_equal(json_array_size(noted), 0); /* the shipped conditions all translate */
  assert_true(combos >= 5 * 5);
  json_decref(noted);
  /* the knee pillow between the knees: side or mixed, or position unknown */
  json_t *all = questionnaire(kb, NULL, NULL);
  json_t *it = item_of(all, "pillow_between_knees");
  char *s = json_dumps(json_object_get(it, "enableWhen"), JSON_COMPACT);
  assert_string_equal(
      s, "[{\"question\":\"sleep_position\",\"operator\":\"=\",\"answerCoding\":{\"system\":"
         "\"" BB_FHIR_CODESYSTEM_URL
         "\",\"code\":\"side\"}},{\"question\":\"sleep_position\",\"operator\":\"=\","
         "\"answerCoding\":{\"system\":\"" BB_FHIR_CODESYSTEM_URL
         "\",\"code\":\"mixed\"}},{\"question\":\"sleep_position\",\"operator\":\"exists\","
         "\"answerBoolean\":false}]");
  free(s);
  assert_string_equal(json_string_value(json_object_get(it, "enableBehavior")), "any");
  json_decref(all);
}

static const struct {
  const char *id, *cond;
  int fallback; /* enableWhen cannot say it */
} EDITS[] = {
    {"mattress_sagging", "mattress_age_years >= 8 and mattress_firmness < 5", 0},
    {"pillow_firmness", "not (pillow_height_cm = 0)", 1},
    {"eases_with_movement", "worse_on_waking", 0},
    {"buttock_pain", "not wakes_from_sleep", 0},
    {"self_care_weeks", "known(weeks_since_onset)", 0},
    {"morning_stiffness_minutes", "5 < tightness and unknown(trend)", 0},
    {"hamstring_test", "hip_flexor_test = 'tight' or unknown(hip_flexor_test)", 0},
    {"low_back_arch", "known(hamstring_test)", 1}, /* "unknown" is an answer to FHIR */
    {"physical_strain", "unknown(hip_flexor_test) and sitting_hours > 6", 1},
    {"stress", "sitting_hours != 8", 1},
    {"water_litres", "sitting_hours > 4.5 or (stress > 3 and physical_strain)", 1},
    {"night_cramps", "water_litres in [1, 2.5] or sitting_hours <= 0.5", 0},
    {"exercise_days", "stress in [0, 10] or count(night_cramps, physical_strain) >= 1", 1},
};

static void test_enable_when_edited(void **state) {
  (void)state;
  kbcopy c;
  kbcopy_init(&c);
  for (size_t i = 0; i < sizeof EDITS / sizeof EDITS[0]; i++) {
    char from[96], to[400];
    snprintf(from, sizeof from, "\"id\": \"%s\",", EDITS[i].id);
    snprintf(to, sizeof to, "\"id\": \"%s\", \"ask_when\": \"%s\",", EDITS[i].id, EDITS[i].cond);
    kbcopy_replace(&c, "questions.json", from, to);
  }
  bb_error err;
  bb_kb *k = bb_kb_load_files(c.files, c.n, &err, NULL, NULL);
  if (!k)
    fail_msg("edited kb: %s", err.message);
  long combos = 0;
  json_t *noted = check_kb(k, &combos);
  for (size_t i = 0; i < sizeof EDITS / sizeof EDITS[0]; i++) {
    int said = 0;
    size_t j;
    json_t *s;
    json_array_foreach(noted, j, s) {
      said |= !strcmp(json_string_value(s), EDITS[i].id);
    }
    if (said != EDITS[i].fallback)
      fail_msg("%s (%s): enableWhenExpression %d, wanted %d", EDITS[i].id, EDITS[i].cond, said,
               EDITS[i].fallback);
  }
  if (combos < 400)
    fail_msg("only %ld combinations", combos);
  json_decref(noted);
  bb_kb_free(k);
  kbcopy_free(&c);
}

/* ------------------------------------------------------------------ */

static void test_questionnaire_structure(void **state) {
  (void)state;
  json_t *q = load(bb_fhir_questionnaire(kb, NULL, NULL));
  assert_string_equal(json_string_value(json_object_get(q, "resourceType")), "Questionnaire");
  assert_string_equal(json_string_value(json_object_get(q, "url")), BB_FHIR_QUESTIONNAIRE_URL);
  assert_string_equal(json_string_value(json_object_get(q, "version")), bb_kb_version(kb));
  assert_string_equal(json_string_value(json_object_get(q, "status")), "active");
  assert_non_null(strstr(json_string_value(json_object_get(q, "description")), "not a diagnosis"));
  /* the warning signs first, all of them and nothing else */
  json_t *g0 = json_array_get(json_object_get(q, "item"), 0);
  assert_string_equal(json_string_value(json_object_get(g0, "linkId")), "section-warning");
  size_t nw = 0;
  for (size_t i = 0; i < kb->nquestions; i++) {
    const kb_question *x = &kb->questions[i].q;
    if (!x->warning)
      continue;
    json_t *it = json_array_get(json_object_get(g0, "item"), nw++);
    assert_string_equal(json_string_value(json_object_get(it, "linkId")), x->id);
  }
  assert_int_equal(json_array_size(json_object_get(g0, "item")), nw);
  /* every question once, in order; nothing derived; nothing required */
  json_t *all = json_array();
  items(json_object_get(q, "item"), all);
  assert_int_equal(json_array_size(all), kb->nquestions);
  static const char *const types[] = {"boolean", "integer", "decimal", "choice"};
  for (size_t i = 0; i < kb->nquestions; i++) {
    const kb_question *x = &kb->questions[i].q;
    json_t *it = item_of(all, x->id);
    assert_non_null(it);
    assert_string_equal(json_string_value(json_object_get(it, "type")), types[x->type]);
    assert_true(json_is_false(json_object_get(it, "required")));
    json_t *opts = json_object_get(it, "answerOption");
    assert_int_equal(json_array_size(opts), x->type == BB_CHOICE ? x->nchoices : 0);
    for (size_t k = 0; k < json_array_size(opts); k++) {
      json_t *vc = json_object_get(json_array_get(opts, k), "valueCoding");
      assert_string_equal(json_string_value(json_object_get(vc, "code")), x->choices[k]);
      assert_string_equal(json_string_value(json_object_get(vc, "system")), BB_FHIR_CODESYSTEM_URL);
    }
    json_t *mn = extension(it, "/minValue"), *mx = extension(it, "/maxValue");
    if (x->type == BB_INTEGER || x->type == BB_NUMBER) {
      const char *key = x->type == BB_INTEGER ? "valueInteger" : "valueDecimal";
      assert_non_null(mn);
      assert_non_null(mx);
      assert_true(json_number_value(json_object_get(mn, key)) == x->min);
      assert_true(json_number_value(json_object_get(mx, key)) == x->max);
    } else {
      assert_null(mn);
      assert_null(mx);
    }
    /* help: a child display item with itemControl help */
    json_t *h = json_array_get(json_object_get(it, "item"), 0);
    if (x->help && *x->help) {
      assert_non_null(h);
      assert_string_equal(json_string_value(json_object_get(h, "type")), "display");
      assert_string_equal(json_string_value(json_object_get(h, "text")), x->help);
      json_t *ic = extension(h, "questionnaire-itemControl");
      assert_non_null(ic);
      json_t *cd =
          json_array_get(json_object_get(json_object_get(ic, "valueCodeableConcept"), "coding"), 0);
      assert_string_equal(json_string_value(json_object_get(cd, "code")), "help");
      assert_string_equal(json_string_value(json_object_get(cd, "system")),
                          "http://hl7.org/fhir/questionnaire-item-control");
    }
  }
  for (size_t i = kb->nquestions; i < kb->nfindings; i++)
    assert_null(item_of(all, kb->questions[i].q.id));
  /* units in UCUM */
  static const char *const units[][2] = {
      {"height_cm", "cm"}, {"weight_kg", "kg"}, {"age", "a"}, {"weeks_since_onset", "wk"}};
  for (size_t i = 0; i < 4; i++) {
    json_t *u = extension(item_of(all, units[i][0]), "questionnaire-unit");
    assert_non_null(u);
    json_t *vc = json_object_get(u, "valueCoding");
    assert_string_equal(json_string_value(json_object_get(vc, "system")),
                        "http://unitsofmeasure.org");
    assert_string_equal(json_string_value(json_object_get(vc, "code")), units[i][1]);
  }
  assert_null(extension(item_of(all, "tightness"), "questionnaire-unit"));
  json_decref(all);
  json_decref(q);
}

static int concept_has(json_t *cs, const char *code) {
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(cs, "concept"), i, c) {
    if (!strcmp(json_string_value(json_object_get(c, "code")), code))
      return 1;
  }
  return 0;
}

static void test_codesystem(void **state) {
  (void)state;
  json_t *cs = load(bb_fhir_codesystem(kb));
  assert_string_equal(json_string_value(json_object_get(cs, "url")), BB_FHIR_CODESYSTEM_URL);
  json_t *concepts = json_object_get(cs, "concept");
  assert_int_equal(json_integer_value(json_object_get(cs, "count")), json_array_size(concepts));
  /* codes are unique */
  for (size_t i = 0; i < json_array_size(concepts); i++)
    for (size_t j = i + 1; j < json_array_size(concepts); j++)
      assert_string_not_equal(
          json_string_value(json_object_get(json_array_get(concepts, i), "code")),
          json_string_value(json_object_get(json_array_get(concepts, j), "code")));
  for (size_t i = 0; i < kb->nfindings; i++) {
    const kb_question *x = &kb->questions[i].q;
    for (size_t k = 0; x->type == BB_CHOICE && k < x->nchoices; k++)
      assert_true(concept_has(cs, x->choices[k]));
  }
  for (int l = 0; l < 4; l++) {
    char code[64];
    snprintf(code, sizeof code, "triage-%s", bb_level_name((bb_level)l));
    assert_true(concept_has(cs, code));
  }
  static const char *const diary[] = {"sleep-position", "bedtime-routine", "heat-minutes",
                                      "routine-rating", "warning-sign"};
  for (size_t i = 0; i < 5; i++)
    assert_true(concept_has(cs, diary[i]));
  json_decref(cs);
}

/* xorshift64* for the random answers */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) {
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545F4914F6CDD1Dull;
}

static void test_response_round_trip(void **state) {
  (void)state;
  for (int n = 0; n < 2000; n++) {
    bb_answers *a = bb_answers_new(kb);
    for (size_t i = 0; i < kb->nquestions; i++) {
      const kb_question *x = &kb->questions[i].q;
      if (next() % 3 == 0)
        continue;
      char t[64];
      switch (x->type) {
      case BB_BOOLEAN: snprintf(t, sizeof t, "%s", next() % 2 ? "yes" : "no"); break;
      case BB_CHOICE: snprintf(t, sizeof t, "%s", x->choices[next() % x->nchoices]); break;
      case BB_INTEGER:
        snprintf(t, sizeof t, "%.0f", x->min + (double)(next() % (uint64_t)(x->max - x->min + 1)));
        break;
      case BB_NUMBER:
        snprintf(t, sizeof t, "%.17g",
                 x->min + (x->max - x->min) * (double)(next() % 1000001) / 1e6);
        break;
      }
      bb_error err;
      if (bb_answers_set_text(a, x->id, t, &err) != 0)
        fail_msg("%s = %s: %s", x->id, t, err.message);
    }
    char *qr = bb_fhir_response(a, n % 2 ? 20000 + n : 0);
    bb_error err;
    bb_answers *b = bb_fhir_read_response(kb, qr, strlen(qr), "qr", &err);
    if (!b)
      fail_msg("case %d: %s\n%s", n, err.message, qr);
    char *ja = bb_answers_to_json(a), *jb = bb_answers_to_json(b);
    assert_string_equal(ja, jb);
    /* the same values exactly, not only as 10 digits print them */
    for (size_t i = 0; i < kb->nquestions; i++) {
      assert_int_equal(a->v[i].kind, b->v[i].kind);
      assert_true(a->v[i].num == b->v[i].num);
      assert_int_equal(a->said_unknown[i], b->said_unknown[i]);
    }
    free(ja);
    free(jb);
    free(qr);
    bb_answers_free(a);
    bb_answers_free(b);
  }
}

static void test_bundles_deterministic(void **state) {
  (void)state;
  const char *text = "{\"leg_weakness\": \"both_legs\", \"sleep_position\": \"side\"}";
  bb_error err;
  bb_answers *a = bb_answers_parse(kb, text, strlen(text), "t", &err, NULL, NULL);
  assert_non_null(a);
  bb_assessment *as = bb_assess(kb, a, &err);
  assert_non_null(as);
  char *b1 = bb_fhir_assessment_bundle(as, 20000), *b2 = bb_fhir_assessment_bundle(as, 20000);
  char *b3 = bb_fhir_assessment_bundle(as, 20001);
  assert_string_equal(b1, b2);
  json_t *j1 = load(b1), *j3 = load(b3);
  const char *u1 = json_string_value(
      json_object_get(json_array_get(json_object_get(j1, "entry"), 0), "fullUrl"));
  const char *u3 = json_string_value(
      json_object_get(json_array_get(json_object_get(j3, "entry"), 0), "fullUrl"));
  assert_string_not_equal(u1, u3); /* another day, another bundle */
  json_t *ra = json_object_get(json_array_get(json_object_get(j1, "entry"), 1), "resource");
  json_t *p = json_array_get(json_object_get(ra, "prediction"), 0);
  assert_string_equal(
      json_string_value(json_object_get(
          json_array_get(json_object_get(json_object_get(p, "qualitativeRisk"), "coding"), 0),
          "code")),
      "triage-emergency");
  /* the reason names the finding in words */
  assert_non_null(strstr(json_string_value(json_object_get(p, "rationale")), "yes, in both legs"));
  json_decref(j1);
  json_decref(j3);
  free(b2);
  bb_assessment_free(as);
  bb_answers_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_questionnaire_structure), cmocka_unit_test(test_enable_when_builtin),
      cmocka_unit_test(test_enable_when_edited),      cmocka_unit_test(test_codesystem),
      cmocka_unit_test(test_response_round_trip),     cmocka_unit_test(test_bundles_deterministic),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
