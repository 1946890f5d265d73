/* fhir_diary.c -- the diary as a FHIR R4 Bundle of Observations
 * (`export --format fhir`, docs/fhir.md).
 *
 * Like every diary output it opens with the warning signs on record
 * (src/warnings.c decides which), then each night: the tightness as LOINC
 * 72514-3 (pain severity 0-10, the published code closest to a 0-10
 * tightness rating, with a note saying that tightness was rated), the
 * wake-up rating as a second Observation of the next morning, the routine,
 * heat and position as components in bedback's CodeSystem. */
#include "fhir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOINC_PAIN "72514-3"
#define LOINC_PAIN_DISPLAY "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
#define OBS_CATEGORY "http://terminology.hl7.org/CodeSystem/observation-category"

static json_t *concept(const char *system, const char *code, const char *display,
                       const char *text) {
  json_t *cc = json_object(), *codings = json_array();
  json_array_append_new(codings, fhir_coding(system, code, display));
  json_object_set_new(cc, "coding", codings);
  if (text)
    json_object_set_new(cc, "text", json_string(text));
  return cc;
}

static const char *diary_display(const char *code) {
  for (size_t i = 0; i < FHIR_NDIARY_CODES; i++)
    if (!strcmp(FHIR_DIARY_CODES[i][0], code))
      return FHIR_DIARY_CODES[i][1];
  return code;
}

static json_t *observation(const char *status, int day) {
  json_t *o = json_object();
  json_object_set_new(o, "resourceType", json_string("Observation"));
  json_object_set_new(o, "status", json_string(status));
  json_t *cat = json_array();
  json_array_append_new(cat, concept(OBS_CATEGORY, "survey", "Survey", NULL));
  json_object_set_new(o, "category", cat);
  json_object_set_new(o, "subject", fhir_subject());
  (void)day;
  return o;
}

static void effective(json_t *o, int day) {
  char d[11];
  bb_date_format(day, d);
  json_object_set_new(o, "effectiveDateTime", json_string(d));
}

static void component(json_t *o, const char *code, const char *key, json_t *value) {
  json_t *c = json_object();
  json_object_set_new(c, "code", concept(BB_FHIR_CODESYSTEM_URL, code, diary_display(code), NULL));
  json_object_set_new(c, key, value);
  fhir_push(o, "component", c);
}

static json_t *minutes(int m) {
  json_t *q = json_object();
  json_object_set_new(q, "value", json_integer(m));
  json_object_set_new(q, "unit", json_string("min"));
  json_object_set_new(q, "system", json_string(FHIR_UCUM));
  json_object_set_new(q, "code", json_string("min"));
  return q;
}

/* The new warning signs logged with a night, in words ("new weakness in a
 * leg or foot: yes, in one leg"), or NULL. */
static char *symptoms_words(const bb_kb *kb, const char *symptoms) {
  json_t *o = symptoms ? json_loads(symptoms, 0, NULL) : NULL;
  if (!json_is_object(o)) {
    json_decref(o);
    return NULL;
  }
  bbu_buf b;
  bbu_buf_init(&b);
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v) {
    int i = kb_find_finding(kb, k, strlen(k));
    char w[256];
    if (i < 0)
      continue;
    bbu_buf_printf(&b, "%s%s: %s", b.len ? "; " : "Warning-sign answers logged this night: ",
                   kb->questions[i].q.label,
                   bbr_json_answer_words(&kb->questions[i].q, v, w, sizeof w));
  }
  json_decref(o);
  if (b.len)
    bbu_buf_add(&b, ".");
  return bbu_buf_take(&b);
}

char *bb_fhir_diary_bundle(const bb_kb *kb, const bb_diary_view *v, const bb_warnings *w,
                           int today) {
  json_t *b = fhir_bundle_new();
  char urn[46], seed[64];
  unsigned n = 0;
  snprintf(seed, sizeof seed, "bedback diary %d %zu", today, v ? v->nentries : 0);
  /* first, the warning signs on record: what opens every diary output */
  for (size_t i = 0; i < bb_warnings_count(w); i++) {
    json_t *o = observation("final", 0);
    bb_level level = bb_warnings_flag_level(w, i);
    json_object_set_new(o, "code",
                        concept(BB_FHIR_CODESYSTEM_URL, "warning-sign",
                                diary_display("warning-sign"), bb_warnings_title(w, i)));
    if (bb_warnings_date(w, i))
      effective(o, bb_warnings_date(w, i));
    char code[64], words[64];
    snprintf(code, sizeof code, "triage-%s", bb_level_name(level));
    snprintf(words, sizeof words, "%s", BBR_LEVEL_LABEL[level]);
    for (char *p = words + 1; *p; p++)
      if (*p >= 'A' && *p <= 'Z')
        *p = (char)(*p + 32);
    json_object_set_new(o, "valueCodeableConcept",
                        concept(BB_FHIR_CODESYSTEM_URL, code, words, kb->level_summary[level]));
    fhir_push(o, "note", fhir_note(bb_warnings_flag_text(w, i)));
    fhir_urn(urn, seed, n++);
    fhir_entry(b, urn, o);
  }
  int tq = kb_find_finding(kb, "tightness", 9);
  char qtext[1024] = "How tight or sore the back feels when lying down, 0-10";
  if (tq >= 0)
    bbr_question_words(&kb->questions[tq].q, qtext, sizeof qtext);
  for (size_t i = 0; v && i < v->nentries; i++) {
    const bb_entry *e = &v->entries[i];
    /* an amended night is its current version, marked as amended */
    const char *status = e->versions > 0 ? "amended" : "final";
    char d[11];
    bb_date_format(e->date, d);
    json_t *o = observation(status, e->date);
    json_object_set_new(o, "code", concept(FHIR_LOINC, LOINC_PAIN, LOINC_PAIN_DISPLAY, qtext));
    effective(o, e->date);
    json_object_set_new(o, "valueInteger", json_integer(e->tightness));
    bbu_buf nt;
    bbu_buf_init(&nt);
    bbu_buf_printf(&nt,
                   "Back tightness when lying down on the night of %s, as rated in bedback's "
                   "diary (0 none, 10 the worst imaginable): tightness was rated, not pain "
                   "severity as such; LOINC " LOINC_PAIN " is the closest published code.",
                   d);
    fhir_push(o, "note", fhir_note(nt.buf ? nt.buf : ""));
    bbu_buf_free(&nt);
    if (e->note && *e->note)
      fhir_push(o, "note", fhir_note(e->note));
    char *sym = symptoms_words(kb, e->symptoms);
    if (sym)
      fhir_push(o, "note", fhir_note(sym));
    free(sym);
    if (e->position)
      component(o, "sleep-position", "valueCodeableConcept",
                concept(BB_FHIR_CODESYSTEM_URL, e->position, e->position, NULL));
    if (e->routine >= 0)
      component(o, "bedtime-routine", "valueBoolean", json_boolean(e->routine));
    if (e->heat_minutes >= 0)
      component(o, "heat-minutes", "valueQuantity", minutes(e->heat_minutes));
    if (e->rating >= 0)
      component(o, "routine-rating", "valueInteger", json_integer(e->rating));
    fhir_urn(urn, seed, n++);
    fhir_entry(b, urn, o);
    if (e->wake >= 0) {
      /* the morning after: the same scale, told apart by its time and text */
      json_t *m = observation(status, e->date + 1);
      char wtext[1200];
      snprintf(wtext, sizeof wtext, "On waking after the night of %s: %s", d, qtext);
      json_object_set_new(m, "code", concept(FHIR_LOINC, LOINC_PAIN, LOINC_PAIN_DISPLAY, wtext));
      effective(m, e->date + 1);
      json_object_set_new(m, "valueInteger", json_integer(e->wake));
      char wn[400];
      snprintf(wn, sizeof wn,
               "Back tightness on waking after the night of %s, as rated in bedback's diary: "
               "tightness was rated, not pain severity as such.",
               d);
      fhir_push(m, "note", fhir_note(wn));
      fhir_urn(urn, seed, n++);
      fhir_entry(b, urn, m);
    }
  }
  return fhir_dump(b);
}
