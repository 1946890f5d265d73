/* fhir_bundle.c -- an assessment as a FHIR R4 Bundle (QuestionnaireResponse,
 * RiskAssessment, CarePlan), docs/fhir.md.
 *
 * Built from the assessment's JSON (the contract, spec/assessment.md) so
 * that the Bundle says what `assess --json` says, with the knowledge
 * base's words for people. */
#include "fhir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *fhir_subject(void) {
  /* bedback knows no patient: a reference by description only (a
   * Reference may hold just a display) */
  json_t *s = json_object();
  json_object_set_new(s, "display", json_string("the person who answered bedback's questions"));
  return s;
}

json_t *fhir_ref(const char *urn) {
  json_t *s = json_object();
  json_object_set_new(s, "reference", json_string(urn));
  return s;
}

json_t *fhir_note(const char *text) {
  json_t *n = json_object();
  json_object_set_new(n, "text", json_string(text));
  return n;
}

void fhir_entry(json_t *bundle, const char *urn, json_t *resource) {
  json_t *e = json_object();
  json_object_set_new(e, "fullUrl", json_string(urn));
  json_object_set_new(e, "resource", resource);
  fhir_push(bundle, "entry", e);
}

json_t *fhir_bundle_new(void) {
  json_t *b = json_object();
  json_object_set_new(b, "resourceType", json_string("Bundle"));
  json_object_set_new(b, "type", json_string("collection"));
  return b;
}

/* The triage level as a CodeableConcept in bedback's CodeSystem. */
static json_t *level_concept(const bb_kb *kb, bb_level level) {
  char code[64], words[64];
  snprintf(code, sizeof code, "triage-%s", bb_level_name(level));
  snprintf(words, sizeof words, "%s", BBR_LEVEL_LABEL[level]);
  for (char *p = words + 1; *p; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p + 32);
  json_t *cc = json_object();
  json_t *codings = json_array();
  json_array_append_new(codings, fhir_coding(BB_FHIR_CODESYSTEM_URL, code, words));
  json_object_set_new(cc, "coding", codings);
  json_object_set_new(cc, "text", json_string(kb->level_summary[level]));
  return cc;
}

/* The reasons in words: each flag's title and what made it fire, then
 * the warning signs not answered (they are not ruled out). */
static char *rationale(const bb_kb *kb, json_t *triage) {
  bbu_buf b;
  bbu_buf_init(&b);
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(triage, "flags"), i, f) {
    const char *id = json_string_value(json_object_get(f, "id"));
    int k = id ? kb_find_flag(kb, id, strlen(id)) : -1;
    const char *title = k >= 0 && kb->flags[k].title[0] ? kb->flags[k].title : id;
    bbu_buf_printf(&b, "%s%s", b.len ? " " : "", title ? title : "");
    json_t *because = json_object_get(f, "because");
    size_t j;
    json_t *item;
    json_array_foreach(because, j, item) {
      char w[512];
      bbu_buf_printf(&b, "%s%s", j ? "; " : " (",
                     bbr_because_words(kb, json_string_value(item), w, sizeof w));
    }
    bbu_buf_add(&b, json_array_size(because) ? ")." : ".");
  }
  json_t *unasked = json_object_get(triage, "unasked");
  if (json_array_size(unasked)) {
    json_t *u = json_object_get(triage, "unasked_warning");
    bbu_buf_printf(&b, "%s%s", b.len ? " " : "",
                   json_is_string(u) ? json_string_value(u) : kb->unasked_warning);
    bbu_buf_add(&b, " Not answered:");
    json_t *id;
    json_array_foreach(unasked, i, id) {
      const char *s = json_string_value(id);
      int k = s ? kb_find_finding(kb, s, strlen(s)) : -1;
      bbu_buf_printf(&b, "%s %s", i ? ";" : "", k >= 0 ? kb->questions[k].q.label : s ? s : "");
    }
    bbu_buf_add(&b, ".");
  }
  if (!b.len)
    bbu_buf_add(&b, "No triage flag fired, and every warning-sign question was answered.");
  return bbu_buf_take(&b);
}

static json_t *activity(const char *code_text, const char *description) {
  json_t *a = json_object(), *d = json_object(), *code = json_object();
  json_object_set_new(code, "text", json_string(code_text));
  json_object_set_new(d, "code", code);
  json_object_set_new(d, "status", json_string("not-started"));
  json_object_set_new(d, "description", json_string(description));
  json_object_set_new(a, "detail", d);
  return a;
}

static json_t *risk_assessment(const bb_assessment *as, json_t *j, const char *qr, int today) {
  const bb_kb *kb = as->kb;
  json_t *triage = json_object_get(j, "triage");
  json_t *r = json_object();
  json_object_set_new(r, "resourceType", json_string("RiskAssessment"));
  json_object_set_new(r, "status", json_string("final"));
  json_t *code = json_object();
  json_object_set_new(code, "text", json_string("bedback triage: how urgently to seek care"));
  json_object_set_new(r, "code", code);
  json_object_set_new(r, "subject", fhir_subject());
  if (today) {
    char d[11];
    bb_date_format(today, d);
    json_object_set_new(r, "occurrenceDateTime", json_string(d));
  }
  json_t *basis = json_array();
  json_array_append_new(basis, fhir_ref(qr));
  json_object_set_new(r, "basis", basis);
  json_t *p = json_object();
  json_t *outcome = json_object();
  json_object_set_new(outcome, "text",
                      json_object_get(triage, "headline")
                          ? json_incref(json_object_get(triage, "headline"))
                          : json_string(""));
  json_object_set_new(p, "outcome", outcome);
  json_object_set_new(p, "qualitativeRisk", level_concept(kb, as->level));
  char *why = rationale(kb, triage);
  json_object_set_new(p, "rationale", json_string(why ? why : ""));
  free(why);
  fhir_push(r, "prediction", p);
  json_t *text = json_object_get(triage, "text");
  if (json_is_string(text))
    json_object_set_new(r, "mitigation", json_incref(text));
  size_t i;
  json_t *n;
  json_array_foreach(json_object_get(j, "notes"), i, n) {
    if (json_is_string(n))
      fhir_push(r, "note", fhir_note(json_string_value(n)));
  }
  return r;
}

static json_t *care_plan(json_t *j, const char *qr, const char *ra, int today) {
  json_t *r = json_object();
  json_object_set_new(r, "resourceType", json_string("CarePlan"));
  json_object_set_new(r, "status", json_string("active"));
  json_object_set_new(r, "intent", json_string("plan"));
  json_object_set_new(r, "title", json_string("bedback self-care plan"));
  json_t *triage = json_object_get(j, "triage");
  if (json_is_string(json_object_get(triage, "headline")))
    json_object_set_new(r, "description", json_incref(json_object_get(triage, "headline")));
  json_object_set_new(r, "subject", fhir_subject());
  if (today) {
    char d[11];
    bb_date_format(today, d);
    json_object_set_new(r, "created", json_string(d));
  }
  json_t *info = json_array();
  json_array_append_new(info, fhir_ref(qr));
  json_array_append_new(info, fhir_ref(ra));
  json_object_set_new(r, "supportingInfo", info);
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(j, "recommendations"), i, x) {
    const char *id = json_string_value(json_object_get(x, "id"));
    const char *text = json_string_value(json_object_get(x, "text"));
    const char *why = json_string_value(json_object_get(x, "why"));
    bbu_buf b;
    bbu_buf_init(&b);
    bbu_buf_add(&b, text ? text : "");
    if (why && *why)
      bbu_buf_printf(&b, " Why: %s", why);
    fhir_push(r, "activity", activity(id ? id : "", b.buf ? b.buf : ""));
    bbu_buf_free(&b);
  }
  json_array_foreach(json_object_get(j, "routine"), i, x) {
    const char *id = json_string_value(json_object_get(x, "id"));
    const char *title = json_string_value(json_object_get(x, "title"));
    const char *dosage = json_string_value(json_object_get(x, "dosage"));
    bbu_buf b;
    bbu_buf_init(&b);
    bbu_buf_printf(&b, "Bedtime routine: %s", title ? title : id ? id : "");
    if (dosage && *dosage)
      bbu_buf_printf(&b, " (%s)", dosage);
    bbu_buf_add(&b, ".");
    size_t k;
    json_t *s;
    json_array_foreach(json_object_get(x, "steps"), k, s) {
      bbu_buf_printf(&b, " %zu. %s", k + 1, json_string_value(s) ? json_string_value(s) : "");
    }
    json_array_foreach(json_object_get(x, "cautions"), k, s) {
      bbu_buf_printf(&b, " %s %s",
                     k ? "" : "Cautions:", json_string_value(s) ? json_string_value(s) : "");
    }
    fhir_push(r, "activity", activity(id ? id : "", b.buf ? b.buf : ""));
    bbu_buf_free(&b);
  }
  json_array_foreach(json_object_get(j, "notes"), i, x) {
    if (json_is_string(x))
      fhir_push(r, "note", fhir_note(json_string_value(x)));
  }
  return r;
}

char *bb_fhir_assessment_bundle(const bb_assessment *as, int today) {
  char *js = bb_render(as, BB_FORMAT_JSON, 0);
  json_t *j = js ? json_loads(js, 0, NULL) : NULL;
  if (!j) {
    free(js);
    return NULL;
  }
  char qr[46], ra[46], cp[46];
  unsigned seed = (unsigned)today * 4u;
  fhir_urn(qr, js, seed + 1);
  fhir_urn(ra, js, seed + 2);
  fhir_urn(cp, js, seed + 3);
  free(js);
  json_t *b = fhir_bundle_new();
  fhir_entry(b, qr, fhir_response_json(as->answers, today));
  fhir_entry(b, ra, risk_assessment(as, j, qr, today));
  fhir_entry(b, cp, care_plan(j, qr, ra, today));
  json_decref(j);
  return fhir_dump(b);
}
