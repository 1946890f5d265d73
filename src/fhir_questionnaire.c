/* fhir_questionnaire.c -- the knowledge base's questions as an R4
 * Questionnaire and bedback's CodeSystem (docs/fhir.md).
 *
 * Nothing here is written per question: every item comes from the
 * knowledge base, and its enableWhen from the question's compiled
 * `ask_when` (src/expr.c). */
#include "expr_nodes.h"
#include "fhir.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Small JSON helpers, shared by the fhir_ modules */

json_t *fhir_coding(const char *system, const char *code, const char *display) {
  json_t *c = json_object();
  json_object_set_new(c, "system", json_string(system));
  json_object_set_new(c, "code", json_string(code));
  if (display && *display)
    json_object_set_new(c, "display", json_string(display));
  return c;
}

json_t *fhir_ext(const char *url, const char *key, json_t *value) {
  json_t *e = json_object();
  json_object_set_new(e, "url", json_string(url));
  json_object_set_new(e, key, value);
  return e;
}

void fhir_push(json_t *o, const char *key, json_t *v) {
  json_t *a = json_object_get(o, key);
  if (!a) {
    a = json_array();
    json_object_set_new(o, key, a);
  }
  json_array_append_new(a, v);
}

char *fhir_dump(json_t *resource) {
  if (!resource)
    return NULL;
  /* 17 digits: every decimal reads back as the same number (an answer of
   * 57.123456789012 kg must assess the same from the response) */
  char *s = json_dumps(resource, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  json_decref(resource);
  if (!s)
    return NULL;
  size_t n = strlen(s);
  char *out = realloc(s, n + 2);
  if (!out) {
    free(s);
    return NULL;
  }
  out[n] = '\n';
  out[n + 1] = '\0';
  return out;
}

/* ------------------------------------------------------------------ */
/* Units: the knowledge base's unit words as UCUM codes (unitsofmeasure.org,
 * the case-sensitive forms). A unit not listed gets no questionnaire-unit
 * rather than a guessed code. */

static const struct {
  const char *word, *ucum;
} UNITS[] = {{"cm", "cm"},   {"kg", "kg"},    {"years", "a"}, {"weeks", "wk"},   {"minutes", "min"},
             {"hours", "h"}, {"litres", "L"}, {"days", "d"},  {"kg/m²", "kg/m2"}};

static const char *ucum(const char *word) {
  for (size_t i = 0; word && i < sizeof UNITS / sizeof UNITS[0]; i++)
    if (!strcmp(UNITS[i].word, word))
      return UNITS[i].ucum;
  return NULL;
}

/* ------------------------------------------------------------------ */
/* ask_when -> enableWhen */

static const kb_question *finding_q(const bb_kb *kb, int32_t ref) {
  return &kb->questions[ref].q;
}

/* One enableWhen condition. */
static json_t *cond(const char *question, const char *op, const char *key, json_t *answer) {
  json_t *c = json_object();
  json_object_set_new(c, "question", json_string(question));
  json_object_set_new(c, "operator", json_string(op));
  json_object_set_new(c, key, answer);
  return c;
}

/* The answer[x] of a literal compared with question q: a Coding for a
 * choice, answerInteger for an integer question (whole literals only),
 * answerDecimal, answerBoolean. NULL when the literal cannot be written
 * as the question's type (x > 4.5 for an integer question). */
static json_t *literal(const kb_question *q, const xnode *lit, const char **key) {
  switch (lit->op) {
  case OP_STR:
    if (q->type != BB_CHOICE || lit->ref < 0 || (size_t)lit->ref >= q->nchoices)
      return NULL;
    *key = "answerCoding";
    return fhir_coding(BB_FHIR_CODESYSTEM_URL, q->choices[lit->ref], NULL);
  case OP_BOOL:
    if (q->type != BB_BOOLEAN)
      return NULL;
    *key = "answerBoolean";
    return json_boolean(lit->ref);
  case OP_NUM:
    if (q->type == BB_INTEGER) {
      if (lit->num != floor(lit->num) || fabs(lit->num) > 1e15)
        return NULL;
      *key = "answerInteger";
      return json_integer((json_int_t)lit->num);
    }
    if (q->type != BB_NUMBER)
      return NULL;
    *key = "answerDecimal";
    return json_real(lit->num);
  default: return NULL;
  }
}

/* Translates one atom of a condition into enableWhen entries appended to
 * `out`. `multi`: the atom may become several entries (inside "or", where
 * any one being true enables). Returns the number appended, 0 when the
 * atom is not one enableWhen can say with the knowledge base's meaning:
 * a question applies only when its condition is true, so every entry must
 * be true exactly when the atom is (an unanswered question makes "=" and
 * the comparisons false, as unknown is not true; "!=" would be true, so
 * it is not used). */
static size_t atom(const bb_kb *kb, const expr *e, int32_t i, int multi, json_t *out) {
  const xnode *x = &e->nodes[i];
  switch (x->op) {
  case OP_FIND: { /* a bare yes/no question: answered yes */
    const kb_question *q = finding_q(kb, x->ref);
    if (q->type != BB_BOOLEAN)
      return 0;
    json_array_append_new(out, cond(q->id, "=", "answerBoolean", json_true()));
    return 1;
  }
  case OP_NOT: {
    const xnode *k = &e->nodes[x->a];
    if (k->op != OP_FIND || finding_q(kb, k->ref)->type != BB_BOOLEAN)
      return 0;
    json_array_append_new(out, cond(finding_q(kb, k->ref)->id, "=", "answerBoolean", json_false()));
    return 1;
  }
  case OP_KNOWN:
  case OP_UNKNOWN: {
    const kb_question *q = finding_q(kb, x->ref);
    int known = x->op == OP_KNOWN;
    if (q->unknown_choice >= 0) {
      /* the choice "unknown" is an answer to FHIR but none to the rules:
       * unknown(x) is "no answer, or 'unknown'" (two entries, any) */
      if (known || !multi)
        return 0;
      json_array_append_new(out, cond(q->id, "exists", "answerBoolean", json_false()));
      json_array_append_new(
          out, cond(q->id, "=", "answerCoding",
                    fhir_coding(BB_FHIR_CODESYSTEM_URL, q->choices[q->unknown_choice], NULL)));
      return 2;
    }
    json_array_append_new(out, cond(q->id, "exists", "answerBoolean", json_boolean(known)));
    return 1;
  }
  case OP_IN: {
    const xnode *a = &e->nodes[x->a];
    if (a->op != OP_FIND || (x->nkids > 1 && !multi))
      return 0;
    const kb_question *q = finding_q(kb, a->ref);
    size_t start = json_array_size(out);
    for (uint16_t k = 0; k < x->nkids; k++) {
      const char *key = NULL;
      json_t *v = literal(q, &e->nodes[e->kids[x->b + k]], &key);
      if (!v) {
        while (json_array_size(out) > start)
          json_array_remove(out, json_array_size(out) - 1);
        return 0;
      }
      json_array_append_new(out, cond(q->id, "=", key, v));
    }
    return x->nkids;
  }
  case OP_EQ:
  case OP_LT:
  case OP_LE:
  case OP_GT:
  case OP_GE: {
    const xnode *a = &e->nodes[x->a], *b = &e->nodes[x->b];
    uint8_t op = x->op;
    if (a->op != OP_FIND) { /* 5 < x is x > 5 */
      const xnode *t = a;
      a = b;
      b = t;
      op = op == OP_LT   ? OP_GT
           : op == OP_GT ? OP_LT
           : op == OP_LE ? OP_GE
           : op == OP_GE ? OP_LE
                         : op;
    }
    if (a->op != OP_FIND)
      return 0;
    const kb_question *q = finding_q(kb, a->ref);
    const char *key = NULL;
    json_t *v = literal(q, b, &key);
    if (!v)
      return 0;
    static const char *const ops[] = {
        [OP_EQ] = "=", [OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">="};
    json_array_append_new(out, cond(q->id, ops[op], key, v));
    return 1;
  }
  default: return 0;
  }
}

/* Flattens a chain of `op` (OP_AND or OP_OR) into its terms. */
static void flatten(const expr *e, int32_t i, uint8_t op, int32_t *terms, size_t *n, size_t cap) {
  const xnode *x = &e->nodes[i];
  if (x->op == op) {
    flatten(e, x->a, op, terms, n, cap);
    flatten(e, x->b, op, terms, n, cap);
  } else if (*n < cap) {
    terms[(*n)++] = i;
  } else {
    *n = cap + 1; /* too many: not translated */
  }
}

/* enableWhen for `e` into item, with enableBehavior when there are several;
 * returns 0, or -1 when enableWhen cannot express it. */
static int enable_when(const bb_kb *kb, const expr *e, json_t *item) {
  enum { CAP = 256 };
  int32_t terms[CAP];
  size_t n = 0;
  uint8_t root = e->nodes[e->root].op;
  uint8_t op = root == OP_AND ? OP_AND : OP_OR;
  flatten(e, e->root, op, terms, &n, CAP);
  if (n > CAP)
    return -1;
  json_t *conds = json_array();
  for (size_t k = 0; k < n; k++) {
    if (atom(kb, e, terms[k], op == OP_OR, conds) == 0) {
      json_decref(conds);
      return -1;
    }
  }
  size_t nc = json_array_size(conds);
  json_object_set_new(item, "enableWhen", conds);
  if (nc > 1)
    json_object_set_new(item, "enableBehavior", json_string(op == OP_AND ? "all" : "any"));
  return 0;
}

/* ------------------------------------------------------------------ */
/* ask_when -> FHIRPath (the SDC enableWhenExpression), for what enableWhen
 * cannot say. FHIRPath's empty collection behaves as the rules' unknown:
 * and/or/not are three-valued the same way, comparisons and arithmetic on
 * an empty operand are empty, and the item is enabled only when the
 * expression is true. */

static void fp_answer(bbu_buf *b, const kb_question *q) {
  bbu_buf_printf(b, "%%resource.repeat(item).where(linkId = '%s').answer.value", q->id);
  if (q->type == BB_CHOICE) {
    if (q->unknown_choice >= 0)
      bbu_buf_printf(b, ".where(code != '%s')", q->choices[q->unknown_choice]);
    bbu_buf_add(b, ".code");
  }
}

static void fp_num(bbu_buf *b, double v) {
  char t[64];
  if (v == floor(v) && fabs(v) < 1e15)
    snprintf(t, sizeof t, "%.0f", v);
  else
    snprintf(t, sizeof t, "%.10f", v); /* FHIRPath has no exponent form */
  if (strchr(t, '.')) {
    size_t n = strlen(t);
    while (n > 0 && t[n - 1] == '0')
      t[--n] = '\0';
  }
  bbu_buf_add(b, t);
}

/* The finding a node reads when it is a choice question, else -1: a
 * string compared with it is one of its choices. */
static int32_t choice_ref(const bb_kb *kb, const xnode *x) {
  return x->op == OP_FIND && finding_q(kb, x->ref)->type == BB_CHOICE ? x->ref : -1;
}

/* Returns -1 for what cannot appear in an ask_when (results). */
static int fp(bbu_buf *b, const bb_kb *kb, const expr *e, int32_t i, int32_t dom) {
  const xnode *x = &e->nodes[i];
  static const char *const bin[] = {
      [OP_AND] = " and ", [OP_OR] = " or ", [OP_ADD] = " + ", [OP_SUB] = " - ",
      [OP_MUL] = " * ",   [OP_DIV] = " / ", [OP_EQ] = " = ",  [OP_NE] = " != ",
      [OP_LT] = " < ",    [OP_LE] = " <= ", [OP_GT] = " > ",  [OP_GE] = " >= "};
  switch (x->op) {
  case OP_NUM: fp_num(b, x->num); return 0;
  case OP_BOOL: bbu_buf_add(b, x->ref ? "true" : "false"); return 0;
  case OP_STR:
    if (dom < 0 || x->ref < 0)
      return -1;
    bbu_buf_printf(b, "'%s'", finding_q(kb, dom)->choices[x->ref]);
    return 0;
  case OP_FIND: fp_answer(b, finding_q(kb, x->ref)); return 0;
  case OP_KNOWN:
  case OP_UNKNOWN:
    bbu_buf_add(b, "(");
    fp_answer(b, finding_q(kb, x->ref));
    bbu_buf_add(b, x->op == OP_KNOWN ? ").exists()" : ").empty()");
    return 0;
  case OP_COUNT:
    bbu_buf_add(b, "(0");
    for (uint16_t k = 0; k < x->nkids; k++) {
      bbu_buf_add(b, " + iif(");
      if (fp(b, kb, e, e->kids[x->b + k], -1))
        return -1;
      bbu_buf_add(b, ", 1, 0)");
    }
    bbu_buf_add(b, ")");
    return 0;
  case OP_NOT:
  case OP_NEG:
    bbu_buf_add(b, x->op == OP_NOT ? "(" : "(-(");
    if (fp(b, kb, e, x->a, -1))
      return -1;
    bbu_buf_add(b, x->op == OP_NOT ? ").not()" : "))");
    return 0;
  case OP_IN: {
    int32_t d = choice_ref(kb, &e->nodes[x->a]);
    bbu_buf_add(b, "(");
    if (fp(b, kb, e, x->a, -1))
      return -1;
    bbu_buf_add(b, " in (");
    for (uint16_t k = 0; k < x->nkids; k++) {
      if (k)
        bbu_buf_add(b, " | ");
      if (fp(b, kb, e, e->kids[x->b + k], d))
        return -1;
    }
    bbu_buf_add(b, "))");
    return 0;
  }
  case OP_AND:
  case OP_OR:
  case OP_ADD:
  case OP_SUB:
  case OP_MUL:
  case OP_DIV:
  case OP_EQ:
  case OP_NE:
  case OP_LT:
  case OP_LE:
  case OP_GT:
  case OP_GE: {
    /* a choice compared with a literal: the literal is that choice's */
    const xnode *a = &e->nodes[x->a], *c = &e->nodes[x->b];
    int32_t da = choice_ref(kb, a), dc = choice_ref(kb, c);
    bbu_buf_add(b, "(");
    if (fp(b, kb, e, x->a, dc))
      return -1;
    bbu_buf_add(b, bin[x->op]);
    if (fp(b, kb, e, x->b, da))
      return -1;
    bbu_buf_add(b, ")");
    return 0;
  }
  default: return -1; /* level, flag(), cause(): results, never in ask_when */
  }
}

/* ------------------------------------------------------------------ */
/* The Questionnaire */

static json_t *help_item(const kb_question *q) {
  json_t *h = json_object();
  char id[128];
  snprintf(id, sizeof id, "%s%s", q->id, FHIR_HELP_SUFFIX);
  json_object_set_new(h, "linkId", json_string(id));
  json_object_set_new(h, "text", json_string(q->help));
  json_object_set_new(h, "type", json_string("display"));
  json_t *cc = json_object();
  json_t *codings = json_array();
  json_array_append_new(codings, fhir_coding(FHIR_ITEM_CONTROL, "help", "Help-Button"));
  json_object_set_new(cc, "coding", codings);
  json_object_set_new(cc, "text", json_string("Help-Button"));
  fhir_push(h, "extension", fhir_ext(FHIR_EXT_ITEM_CONTROL, "valueCodeableConcept", cc));
  return h;
}

static json_t *range_value(const kb_question *q, double v, const char **key) {
  if (q->type == BB_INTEGER) {
    *key = "valueInteger";
    return json_integer((json_int_t)v);
  }
  *key = "valueDecimal";
  return json_real(v);
}

static json_t *question_item(const bb_kb *kb, const kb_question *q, bb_fhir_note_fn note,
                             void *ud) {
  json_t *it = json_object();
  char text[2048];
  json_object_set_new(it, "linkId", json_string(q->id));
  json_object_set_new(it, "text", json_string(bbr_question_words(q, text, sizeof text)));
  static const char *const types[] = {[BB_BOOLEAN] = "boolean",
                                      [BB_INTEGER] = "integer",
                                      [BB_NUMBER] = "decimal",
                                      [BB_CHOICE] = "choice"};
  json_object_set_new(it, "type", json_string(types[q->type]));
  json_object_set_new(it, "required", json_false());
  if (q->type == BB_INTEGER || q->type == BB_NUMBER) {
    const char *key = NULL;
    json_t *v = range_value(q, q->min, &key);
    fhir_push(it, "extension", fhir_ext(FHIR_EXT_MIN, key, v));
    v = range_value(q, q->max, &key);
    fhir_push(it, "extension", fhir_ext(FHIR_EXT_MAX, key, v));
    const char *u = ucum(q->unit);
    if (u)
      fhir_push(it, "extension",
                fhir_ext(FHIR_EXT_UNIT, "valueCoding", fhir_coding(FHIR_UCUM, u, q->unit)));
  }
  if (q->ask_when && enable_when(kb, q->ask_when, it) != 0) {
    bbu_buf b;
    bbu_buf_init(&b);
    /* the SDC extension wants a boolean: iif() makes the rules' unknown
     * (FHIRPath's empty) false, as a question applies only when its
     * condition is true */
    bbu_buf_add(&b, "iif(");
    int ok = fp(&b, kb, q->ask_when, q->ask_when->root, -1) == 0;
    bbu_buf_add(&b, ", true, false)");
    if (ok && !b.failed) {
      json_t *ex = json_object();
      json_object_set_new(ex, "language", json_string("text/fhirpath"));
      json_object_set_new(ex, "expression", json_string(b.buf));
      fhir_push(it, "extension", fhir_ext(FHIR_EXT_ENABLE_EXPR, "valueExpression", ex));
      if (note)
        note(q->id, q->ask_when_src ? q->ask_when_src : "", b.buf, ud);
    }
    bbu_buf_free(&b);
  }
  for (size_t k = 0; q->type == BB_CHOICE && k < q->nchoices; k++) {
    json_t *opt = json_object();
    const char *label = q->labels && k < q->nlabels ? q->labels[k] : NULL;
    char words[128];
    if (!label)
      label = bbr_id_words(q->choices[k], ' ', words, sizeof words);
    json_object_set_new(opt, "valueCoding",
                        fhir_coding(BB_FHIR_CODESYSTEM_URL, q->choices[k], label));
    fhir_push(it, "answerOption", opt);
  }
  if (q->help && *q->help)
    fhir_push(it, "item", help_item(q));
  return it;
}

static json_t *group(const char *section, int warning) {
  json_t *g = json_object();
  char id[96], words[64];
  snprintf(id, sizeof id, "%s%s", FHIR_SECTION_PREFIX, section);
  json_object_set_new(g, "linkId", json_string(id));
  /* the same heading as the HTML report's answers table */
  if (warning) {
    json_object_set_new(g, "text", json_string("Warning signs"));
  } else {
    bbr_id_words(section, ' ', words, sizeof words);
    if (words[0] >= 'a' && words[0] <= 'z')
      words[0] = (char)(words[0] - 32);
    json_object_set_new(g, "text", json_string(words));
  }
  json_object_set_new(g, "type", json_string("group"));
  json_object_set_new(g, "required", json_false());
  return g;
}

char *bb_fhir_questionnaire(const bb_kb *kb, bb_fhir_note_fn note, void *userdata) {
  json_t *r = json_object();
  json_object_set_new(r, "resourceType", json_string("Questionnaire"));
  json_object_set_new(r, "id", json_string("bedback"));
  json_object_set_new(r, "url", json_string(BB_FHIR_QUESTIONNAIRE_URL));
  json_object_set_new(r, "version", json_string(kb->version));
  json_object_set_new(r, "name", json_string("Bedback"));
  json_object_set_new(r, "title", json_string("bedback: back tightness when lying down"));
  json_object_set_new(r, "status", json_string("active"));
  json_object_set_new(r, "publisher", json_string("bedback"));
  json_object_set_new(
      r, "description",
      json_string("The questions of bedback, a self-care guide for a back that feels tight "
                  "when lying down. Its answers give self-care guidance, not a diagnosis: it "
                  "cannot examine anyone and it can be wrong. The warning-sign questions come "
                  "first; no question is required, because an unanswered warning sign is "
                  "reported as not ruled out."));
  json_t *subject = json_array();
  json_array_append_new(subject, json_string("Patient"));
  json_object_set_new(r, "subjectType", subject);
  const char *order[64];
  size_t norder = fhir_groups(kb, order, 64);
  for (size_t k = 0; k < norder; k++) {
    json_t *g = group(order[k], k == 0);
    for (size_t i = 0; i < kb->nquestions; i++) {
      const kb_question *q = &kb->questions[i].q;
      if (!strcmp(fhir_group_of(q), order[k]))
        fhir_push(g, "item", question_item(kb, q, note, userdata));
    }
    if (json_object_get(g, "item"))
      fhir_push(r, "item", g);
    else
      json_decref(g);
  }
  return fhir_dump(r);
}

/* ------------------------------------------------------------------ */
/* The CodeSystem */

static int has_code(json_t *concepts, const char *code) {
  size_t i;
  json_t *c;
  json_array_foreach(concepts, i, c) {
    if (!strcmp(json_string_value(json_object_get(c, "code")), code))
      return 1;
  }
  return 0;
}

static void concept(json_t *concepts, const char *code, const char *display,
                    const char *definition) {
  json_t *c = json_object();
  json_object_set_new(c, "code", json_string(code));
  json_object_set_new(c, "display", json_string(display));
  json_object_set_new(c, "definition", json_string(definition));
  json_array_append_new(concepts, c);
}

/* The diary's observations without a published code (docs/fhir.md). */
const char *const FHIR_DIARY_CODES[][3] = {
    {"sleep-position", "Sleep position",
     "The position slept in most of that night (a choice code of sleep_position)."},
    {"bedtime-routine", "Bedtime routine done",
     "Whether bedback's bedtime routine (gentle stretches) was done that evening."},
    {"heat-minutes", "Heat applied", "Minutes of heat (a heat pad or wrap) that evening."},
    {"routine-rating", "Rating after the routine",
     "How tight or sore the back felt after the guided routine, 0-10."},
    {"warning-sign", "Warning sign on record",
     "A warning sign recorded in bedback's diary that has not been withdrawn."},
};
const size_t FHIR_NDIARY_CODES = sizeof FHIR_DIARY_CODES / sizeof FHIR_DIARY_CODES[0];

char *bb_fhir_codesystem(const bb_kb *kb) {
  json_t *r = json_object();
  json_object_set_new(r, "resourceType", json_string("CodeSystem"));
  json_object_set_new(r, "id", json_string("bedback"));
  json_object_set_new(r, "url", json_string(BB_FHIR_CODESYSTEM_URL));
  json_object_set_new(r, "version", json_string(kb->version));
  json_object_set_new(r, "name", json_string("Bedback"));
  json_object_set_new(r, "title", json_string("bedback's codes"));
  json_object_set_new(r, "status", json_string("active"));
  json_object_set_new(r, "publisher", json_string("bedback"));
  json_object_set_new(
      r, "description",
      json_string("Codes bedback uses where no published FHIR or LOINC code says the same: the "
                  "answers' choice values, the triage levels of its self-care guidance (not a "
                  "diagnosis) and its diary's observations."));
  json_object_set_new(r, "caseSensitive", json_true());
  json_object_set_new(r, "content", json_string("complete"));
  json_t *concepts = json_array();
  /* choice values: one concept per value, shared by the questions that
   * offer it (one_leg means the same in leg_weakness and leg_numbness) */
  for (size_t i = 0; i < kb->nfindings; i++) {
    const kb_question *q = &kb->questions[i].q;
    for (size_t k = 0; q->type == BB_CHOICE && k < q->nchoices; k++) {
      if (has_code(concepts, q->choices[k]))
        continue;
      bbu_buf d;
      bbu_buf_init(&d);
      bbu_buf_printf(&d, "The answer '%s' to", q->choices[k]);
      size_t uses = 0;
      for (size_t j = i; j < kb->nfindings; j++) {
        const kb_question *o = &kb->questions[j].q;
        if (o->type == BB_CHOICE && kb_choice_index(o, q->choices[k], strlen(q->choices[k])) >= 0)
          bbu_buf_printf(&d, "%s %s", uses++ ? "," : "", o->id);
      }
      bbu_buf_add(&d, ".");
      char words[128];
      concept(concepts, q->choices[k], bbr_id_words(q->choices[k], ' ', words, sizeof words),
              d.buf ? d.buf : "");
      bbu_buf_free(&d);
    }
  }
  for (int l = 0; l < 4; l++) {
    char code[64], words[64];
    snprintf(code, sizeof code, "triage-%s", bb_level_name((bb_level)l));
    /* "SEE A CLINICIAN" -> "See a clinician" */
    snprintf(words, sizeof words, "%s", BBR_LEVEL_LABEL[l]);
    for (char *p = words + 1; *p; p++)
      if (*p >= 'A' && *p <= 'Z')
        *p = (char)(*p + 32);
    concept(concepts, code, words, kb->level_summary[l]);
  }
  for (size_t i = 0; i < FHIR_NDIARY_CODES; i++)
  concept(concepts, FHIR_DIARY_CODES[i][0], FHIR_DIARY_CODES[i][1], FHIR_DIARY_CODES[i][2]);
  json_object_set_new(r, "count", json_integer((json_int_t)json_array_size(concepts)));
  json_object_set_new(r, "concept", concepts);
  return fhir_dump(r);
}
