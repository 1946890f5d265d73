/* fhir_response.c -- a QuestionnaireResponse in (bb_fhir_read_response)
 * and out (bb_fhir_response), docs/fhir.md.
 *
 * Reading is as strict as answers files are: an unknown linkId, a value
 * of the wrong type, a value out of range and a question answered twice
 * are errors naming the linkId, never skipped -- a misspelt warning-sign
 * item must not vanish. */
#include "fhir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Groups: the Questionnaire's and the response's */

const char *fhir_group_of(const kb_question *q) {
  return q->warning ? "warning" : q->section;
}

size_t fhir_groups(const bb_kb *kb, const char **order, size_t cap) {
  size_t n = 0;
  order[n++] = "warning";
  for (size_t i = 0; i < kb->nquestions; i++) {
    const char *g = fhir_group_of(&kb->questions[i].q);
    int seen = 0;
    for (size_t k = 0; k < n; k++)
      seen |= !strcmp(order[k], g);
    if (!seen && n < cap)
      order[n++] = g;
  }
  return n;
}

/* ------------------------------------------------------------------ */
/* Reading */

typedef struct {
  const bb_kb *kb;
  bb_answers *a;
  bb_error *err;
  const char *name;
  uint8_t *seen; /* kb->nfindings: answered in an item already */
  int depth;
} reader;

static int fail(reader *r, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(reader *r, const char *key, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  bbu_error_set(r->err, BB_EX_DATAERR, r->name, 0, 0, key ? key : "", "%s", msg);
  return -1;
}

/* The name of the value[x] an answer holds ("valueCoding"), NULL with
 * *count 0 when none; *count tells how many it holds. */
static const char *value_key(json_t *ans, size_t *count) {
  const char *found = NULL, *k;
  json_t *v;
  *count = 0;
  json_object_foreach(ans, k, v) {
    if (!strncmp(k, "value", 5) && k[5] >= 'A' && k[5] <= 'Z') {
      if (!found)
        found = k;
      (*count)++;
    }
  }
  return found;
}

static const char *fhir_type_key(bb_type t) {
  switch (t) {
  case BB_BOOLEAN: return "valueBoolean";
  case BB_INTEGER: return "valueInteger";
  case BB_NUMBER: return "valueDecimal";
  default: return "valueCoding";
  }
}

/* Whether linkId is one of the Questionnaire's items that take no answer:
 * a group or a help text. */
static int no_answer_item(const bb_kb *kb, const char *id) {
  size_t pl = strlen(FHIR_SECTION_PREFIX), hl = strlen(FHIR_HELP_SUFFIX), n = strlen(id);
  if (!strncmp(id, FHIR_SECTION_PREFIX, pl)) {
    const char *order[64];
    size_t ng = fhir_groups(kb, order, 64);
    for (size_t k = 0; k < ng; k++)
      if (!strcmp(order[k], id + pl))
        return 1;
    return 0;
  }
  if (n > hl && !strcmp(id + n - hl, FHIR_HELP_SUFFIX)) {
    int idx = kb_find_finding(kb, id, n - hl);
    return idx >= 0 && !kb->questions[idx].q.derived && kb->questions[idx].q.help;
  }
  return 0;
}

static int read_items(reader *r, json_t *items, const char *where);

/* One answer of question idx. */
static int read_answer(reader *r, int idx, json_t *ans) {
  const kb_question *q = &r->kb->questions[idx].q;
  size_t count;
  const char *key = value_key(ans, &count);
  if (count == 0)
    return fail(r, q->id, "linkId '%s': the answer has no value (%s expected)", q->id,
                fhir_type_key(q->type));
  if (count > 1)
    return fail(r, q->id, "linkId '%s': one answer holds %zu values; give one %s", q->id, count,
                fhir_type_key(q->type));
  const char *want = fhir_type_key(q->type);
  if (strcmp(key, want))
    return fail(r, q->id, "linkId '%s': the answer is a %s, but the question takes a %s (%s)",
                q->id, key, want,
                q->type == BB_BOOLEAN   ? "yes or no"
                : q->type == BB_INTEGER ? "a whole number"
                : q->type == BB_NUMBER  ? "a number"
                                        : "one of its answerOption codings");
  json_t *v = json_object_get(ans, key), *plain = NULL;
  if (q->type == BB_CHOICE) {
    json_t *code = json_object_get(v, "code"), *system = json_object_get(v, "system");
    if (!json_is_object(v) || !json_is_string(code))
      return fail(r, q->id, "linkId '%s': the valueCoding has no code", q->id);
    if (system &&
        (!json_is_string(system) || strcmp(json_string_value(system), BB_FHIR_CODESYSTEM_URL)))
      return fail(r, q->id,
                  "linkId '%s': the code '%s' is from the system '%s', not bedback's (%s)", q->id,
                  json_string_value(code),
                  json_is_string(system) ? json_string_value(system) : "(not a string)",
                  BB_FHIR_CODESYSTEM_URL);
    plain = json_incref(code);
  } else if (q->type == BB_BOOLEAN) {
    if (!json_is_boolean(v))
      return fail(r, q->id, "linkId '%s': valueBoolean must be true or false", q->id);
    plain = json_incref(v);
  } else {
    if (!json_is_number(v))
      return fail(r, q->id, "linkId '%s': %s must be a number", q->id, key);
    plain = json_incref(v);
  }
  bb_error e;
  int rc = bba_set_value(r->a, idx, plain, &e, r->name);
  json_decref(plain);
  if (rc != 0) {
    /* the answers' sentence, said of the linkId: "age: 111 is out of
     * range; ..." becomes "linkId 'age': 111 is out of range; ..." */
    const char *m = e.message;
    size_t il = strlen(q->id);
    if (!strncmp(m, q->id, il) && m[il] == ':' && m[il + 1] == ' ')
      m += il + 2;
    return fail(r, q->id, "linkId '%s': %s", q->id, m);
  }
  return 0;
}

static int read_item(reader *r, json_t *item, const char *where) {
  if (!json_is_object(item))
    return fail(r, NULL, "%s holds an item that is not an object", where);
  json_t *lid = json_object_get(item, "linkId");
  if (!json_is_string(lid) || !json_string_length(lid))
    return fail(r, NULL, "%s holds an item without a linkId", where);
  const char *id = json_string_value(lid);
  if (strlen(id) != json_string_length(lid))
    return fail(r, NULL, "%s holds a linkId with a NUL character", where);
  json_t *answers = json_object_get(item, "answer");
  if (answers && !json_is_array(answers))
    return fail(r, id, "linkId '%s': answer must be a list", id);
  size_t nans = json_array_size(answers);
  int idx = kb_find_finding(r->kb, id, strlen(id));
  if (idx < 0 || r->kb->questions[idx].q.derived) {
    if (idx >= 0)
      return fail(r, id, "linkId '%s' is worked out by bedback and cannot be answered", id);
    if (!no_answer_item(r->kb, id)) {
      const char **names = malloc(r->kb->nquestions * sizeof *names);
      const char *sug = NULL;
      if (names) {
        for (size_t i = 0; i < r->kb->nquestions; i++)
          names[i] = r->kb->questions[i].q.id;
        sug = bbu_suggest(id, names, r->kb->nquestions);
      }
      char key[64];
      snprintf(key, sizeof key, "%s", id);
      int rc =
          fail(r, key, "unknown linkId '%s': it is not an item of bedback's Questionnaire%s%s%s",
               id, sug ? "; did you mean '" : "", sug ? sug : "", sug ? "'?" : "");
      free(names);
      return rc;
    }
    if (nans)
      return fail(r, id, "linkId '%s' is a %s and takes no answer", id,
                  strncmp(id, FHIR_SECTION_PREFIX, strlen(FHIR_SECTION_PREFIX)) ? "help text"
                                                                                : "group");
  } else if (nans) {
    if (r->seen[idx])
      return fail(r, id, "linkId '%s' is answered in two items; give each answer once", id);
    if (nans > 1)
      return fail(r, id, "linkId '%s' has %zu answers; the question takes one", id, nans);
    r->seen[idx] = 1;
    json_t *ans = json_array_get(answers, 0);
    if (!json_is_object(ans))
      return fail(r, id, "linkId '%s': the answer is not an object", id);
    if (read_answer(r, idx, ans))
      return -1;
  }
  char inside[128];
  snprintf(inside, sizeof inside, "item '%.100s'", id);
  json_t *kids = json_object_get(item, "item");
  if (kids && read_items(r, kids, inside))
    return -1;
  for (size_t k = 0; k < nans; k++) {
    json_t *ak = json_object_get(json_array_get(answers, k), "item");
    if (ak && read_items(r, ak, inside))
      return -1;
  }
  return 0;
}

static int read_items(reader *r, json_t *items, const char *where) {
  if (!json_is_array(items))
    return fail(r, NULL, "%s: item must be a list", where);
  /* jansson nests at most 2048 deep, so this recursion is bounded too */
  if (++r->depth > 4096)
    return fail(r, NULL, "%s: items are nested too deeply", where);
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    if (read_item(r, it, where))
      return -1;
  }
  r->depth--;
  return 0;
}

/* Whether `canonical` names bedback's Questionnaire, with or without a
 * version ("url|2026.11-1"). */
static int our_canonical(const char *canonical) {
  size_t n = strlen(BB_FHIR_QUESTIONNAIRE_URL);
  return !strncmp(canonical, BB_FHIR_QUESTIONNAIRE_URL, n) &&
         (canonical[n] == '\0' || (canonical[n] == '|' && canonical[n + 1]));
}

bb_answers *bb_fhir_read_response(const bb_kb *kb, const char *json, size_t len, const char *name,
                                  bb_error *err) {
  bb_error local;
  if (!err)
    err = &local;
  bb_error_clear(err);
  if (!name)
    name = "<response>";
  reader r = {kb, NULL, err, name, NULL, 0};
  if (len > BB_FHIR_MAX_BYTES) {
    fail(&r, NULL, "the response is %zu bytes; it may be at most %u MiB", len,
         BB_FHIR_MAX_BYTES >> 20);
    return NULL;
  }
  json_error_t je;
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
  if (!root) {
    bbu_error_set(err, BB_EX_DATAERR, name, je.line, je.column, "",
                  "not a QuestionnaireResponse: the JSON is invalid (%s)", je.text);
    return NULL;
  }
  bb_answers *out = NULL;
  json_t *rt = json_object_get(root, "resourceType");
  if (!json_is_object(root)) {
    fail(&r, NULL, "not a QuestionnaireResponse: the file holds %s, not a FHIR resource",
         json_is_array(root) ? "a list" : "a single value");
  } else if (!json_is_string(rt)) {
    fail(&r, NULL,
         "not a QuestionnaireResponse: it has no resourceType (an answers file is read "
         "with --answers)");
  } else if (strcmp(json_string_value(rt), "QuestionnaireResponse")) {
    char t[64];
    snprintf(t, sizeof t, "%s", json_string_value(rt));
    fail(&r, NULL, "not a QuestionnaireResponse: its resourceType is '%s'", t);
  } else {
    json_t *qn = json_object_get(root, "questionnaire"), *st = json_object_get(root, "status");
    if (qn && (!json_is_string(qn) || !our_canonical(json_string_value(qn)))) {
      char shown[160];
      snprintf(shown, sizeof shown, "%s", json_is_string(qn) ? json_string_value(qn) : "?");
      fail(&r, NULL,
           "the response answers another questionnaire ('%s'); bedback reads responses to %s "
           "(with or without |version)",
           shown, BB_FHIR_QUESTIONNAIRE_URL);
    } else if (json_is_string(st) && !strcmp(json_string_value(st), "entered-in-error")) {
      fail(&r, NULL,
           "the response's status is entered-in-error: it was withdrawn, so it is not "
           "assessed");
    } else {
      r.a = bb_answers_new(kb);
      r.seen = calloc(kb->nfindings + 1, 1);
      if (!r.a || !r.seen) {
        bbu_error_set(err, BB_EX_SOFTWARE, name, 0, 0, "", "out of memory");
      } else {
        json_t *items = json_object_get(root, "item");
        if (!items || read_items(&r, items, "the response") == 0) {
          out = r.a;
          r.a = NULL;
        }
      }
      free(r.seen);
      bb_answers_free(r.a);
    }
  }
  json_decref(root);
  return out;
}

/* ------------------------------------------------------------------ */
/* Writing */

static json_t *answer_value(const kb_question *q, const bb_answers *a, size_t i) {
  json_t *ans = json_object();
  const bb_value *v = &a->v[i];
  if (a->said_unknown[i]) {
    json_object_set_new(ans, "valueCoding",
                        fhir_coding(BB_FHIR_CODESYSTEM_URL, q->choices[q->unknown_choice],
                                    q->labels && (size_t)q->unknown_choice < q->nlabels
                                        ? q->labels[q->unknown_choice]
                                        : NULL));
  } else if (v->kind == V_BOOL) {
    json_object_set_new(ans, "valueBoolean", json_boolean(v->b));
  } else if (v->kind == V_NUM && q->type == BB_INTEGER) {
    json_object_set_new(ans, "valueInteger", json_integer((json_int_t)v->num));
  } else if (v->kind == V_NUM) {
    json_object_set_new(ans, "valueDecimal", json_real(v->num));
  } else if (v->kind == V_CHOICE) {
    size_t c = (size_t)v->choice;
    json_object_set_new(ans, "valueCoding",
                        fhir_coding(BB_FHIR_CODESYSTEM_URL, q->choices[c],
                                    q->labels && c < q->nlabels ? q->labels[c] : NULL));
  } else {
    json_decref(ans);
    return NULL;
  }
  return ans;
}

json_t *fhir_response_json(const bb_answers *a, int today) {
  const bb_kb *kb = a->kb;
  json_t *r = json_object();
  json_object_set_new(r, "resourceType", json_string("QuestionnaireResponse"));
  char canon[256];
  snprintf(canon, sizeof canon, "%s|%s", BB_FHIR_QUESTIONNAIRE_URL, kb->version);
  json_object_set_new(r, "questionnaire", json_string(canon));
  json_object_set_new(r, "status", json_string("completed"));
  if (today) {
    char d[11];
    bb_date_format(today, d);
    json_object_set_new(r, "authored", json_string(d));
  }
  const char *order[64];
  size_t ng = fhir_groups(kb, order, 64);
  for (size_t g = 0; g < ng; g++) {
    json_t *grp = json_object();
    char id[96];
    snprintf(id, sizeof id, "%s%s", FHIR_SECTION_PREFIX, order[g]);
    json_object_set_new(grp, "linkId", json_string(id));
    for (size_t i = 0; i < kb->nquestions; i++) {
      const kb_question *q = &kb->questions[i].q;
      if (strcmp(fhir_group_of(q), order[g]))
        continue;
      json_t *ans = answer_value(q, a, i);
      if (!ans)
        continue;
      json_t *it = json_object();
      char text[2048];
      json_object_set_new(it, "linkId", json_string(q->id));
      json_object_set_new(it, "text", json_string(bbr_question_words(q, text, sizeof text)));
      fhir_push(it, "answer", ans);
      fhir_push(grp, "item", it);
    }
    if (json_object_get(grp, "item"))
      fhir_push(r, "item", grp);
    else
      json_decref(grp);
  }
  return r;
}

char *bb_fhir_response(const bb_answers *a, int today) {
  return fhir_dump(fhir_response_json(a, today));
}

/* ------------------------------------------------------------------ */
/* Ids */

void fhir_urn(char out[46], const char *seed, unsigned n) {
  /* two 64-bit FNV-1a hashes of the seed and the number, laid out as an
   * RFC 9562 version 8 (custom) UUID: name-based, so the same bundle gets
   * the same ids, with no clock and no random numbers */
  uint64_t h1 = 0xcbf29ce484222325u, h2 = 0x84222325cbf29ce4u;
  for (const unsigned char *p = (const unsigned char *)seed; *p; p++) {
    h1 = (h1 ^ *p) * 0x100000001b3u;
    h2 = (h2 ^ (unsigned)(*p + 1u)) * 0x100000001b3u;
  }
  for (int k = 0; k < 4; k++) {
    unsigned char b = (unsigned char)(n >> (8 * k));
    h1 = (h1 ^ b) * 0x100000001b3u;
    h2 = (h2 ^ (unsigned)(b + 7u)) * 0x100000001b3u;
  }
  h1 ^= h2 >> 29;
  h2 ^= h1 >> 31;
  h2 = (h2 * 0x100000001b3u) ^ (h1 >> 17);
  snprintf(out, 46, "urn:uuid:%08x-%04x-8%03x-%04x-%012llx", (unsigned)(h1 >> 32),
           (unsigned)((h1 >> 16) & 0xffffu), (unsigned)(h1 & 0xfffu),
           (unsigned)(0x8000u | ((h2 >> 48) & 0x3fffu)),
           (unsigned long long)(h2 & 0xffffffffffffull));
}
