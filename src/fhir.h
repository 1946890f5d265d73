/*
 * fhir.h -- shared by the FHIR R4 modules (fhir_*.c, prefix fhir_), not
 * installed. docs/fhir.md says what is written where and from which
 * published source each code comes.
 */
#ifndef BB_FHIR_H
#define BB_FHIR_H

#include "internal.h"

#include <jansson.h>

/* Systems and extensions, each as published (docs/fhir.md lists the page). */
#define FHIR_UCUM "http://unitsofmeasure.org"
#define FHIR_LOINC "http://loinc.org"
#define FHIR_EXT_MIN "http://hl7.org/fhir/StructureDefinition/minValue"
#define FHIR_EXT_MAX "http://hl7.org/fhir/StructureDefinition/maxValue"
#define FHIR_EXT_UNIT "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
#define FHIR_EXT_ITEM_CONTROL "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
#define FHIR_ITEM_CONTROL "http://hl7.org/fhir/questionnaire-item-control"
#define FHIR_EXT_ENABLE_EXPR                                                                       \
  "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"

/* A Coding {system, code, display} (display left out when NULL). */
json_t *fhir_coding(const char *system, const char *code, const char *display);
/* {"url": url, key: value} (takes value). */
json_t *fhir_ext(const char *url, const char *key, json_t *value);
/* Appends `v` (taken) to the array o[key], creating it. */
void fhir_push(json_t *o, const char *key, json_t *v);
/* The resource as bedback writes every FHIR document: two-space indent,
 * keys in the order set, a final newline. NULL when out of memory. */
char *fhir_dump(json_t *resource);

/* Group linkIds: a section's ("section-warning") and a question's help
 * item ("age.help"). Finding ids are [a-z0-9_], so neither can be one. */
#define FHIR_SECTION_PREFIX "section-"
#define FHIR_HELP_SUFFIX ".help"

/* The group a question is in: "warning" for every warning-sign question,
 * else its section; and the groups in order, the warning signs first
 * (at most `cap`). */
const char *fhir_group_of(const kb_question *q);
size_t fhir_groups(const bb_kb *kb, const char **order, size_t cap);

/* The QuestionnaireResponse of `a` (authored on day `today`, 0: not
 * dated), answered items grouped as the Questionnaire groups them. */
json_t *fhir_response_json(const bb_answers *a, int today);
/* "urn:uuid:..." made from `seed` and `n`: the same input gives the same
 * bytes (the library reads no clock and draws no random numbers), and
 * different resources of one bundle get different ids. */
void fhir_urn(char out[46], const char *seed, unsigned n);

/* Bundle pieces (fhir_bundle.c): a collection Bundle; an entry with its
 * fullUrl; a Reference to a fullUrl; the subject (bedback knows no
 * patient: a Reference by display only); an Annotation. */
json_t *fhir_bundle_new(void);
void fhir_entry(json_t *bundle, const char *urn, json_t *resource);
json_t *fhir_ref(const char *urn);
json_t *fhir_subject(void);
json_t *fhir_note(const char *text);

/* bedback's own observation codes for the diary: {code, display,
 * definition} (fhir_questionnaire.c, in the CodeSystem). */
extern const char *const FHIR_DIARY_CODES[][3];
extern const size_t FHIR_NDIARY_CODES;

#endif
