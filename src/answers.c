/* answers.c -- parses and validates answers (spec/answers.md).
 *
 * The rules are strict on purpose: a misspelt red-flag key must never be
 * dropped silently, and a later key must never overwrite an earlier one. */
#include "internal.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bb_answers *bb_answers_new(const bb_kb *kb) {
  bb_answers *a = calloc(1, sizeof *a);
  if (!a)
    return NULL;
  a->kb = kb;
  a->v = calloc(kb->nfindings + 1, sizeof *a->v);
  a->said_unknown = calloc(kb->nfindings + 1, 1);
  if (!a->v || !a->said_unknown) {
    bb_answers_free(a);
    return NULL;
  }
  return a;
}

void bb_answers_free(bb_answers *a) {
  if (!a)
    return;
  free(a->v);
  free(a->said_unknown);
  free(a);
}

/* "a whole number from 16 to 110", "one of none, one_leg, both_legs". */
static void allowed(const kb_question *q, char *buf, size_t size) {
  char lo[32], hi[32];
  switch (q->type) {
  case BB_BOOLEAN: snprintf(buf, size, "true or false"); return;
  case BB_INTEGER:
  case BB_NUMBER:
    bbu_fmt_num(lo, sizeof lo, q->min);
    bbu_fmt_num(hi, sizeof hi, q->max);
    snprintf(buf, size, "%s from %s to %s%s%s",
             q->type == BB_INTEGER ? "a whole number" : "a number", lo, hi,
             q->unit && *q->unit ? " " : "", q->unit ? q->unit : "");
    return;
  case BB_CHOICE: {
    size_t n = (size_t)snprintf(buf, size, "one of ");
    for (size_t i = 0; i < q->nchoices && n < size; i++)
      n += (size_t)snprintf(buf + n, size - n, "%s\"%s\"", i ? ", " : "", q->choices[i]);
    return;
  }
  }
}

void bba_value_str(const kb_question *q, const bb_value *v, char *buf, size_t size) {
  switch (v->kind) {
  case V_BOOL: snprintf(buf, size, "%s", v->b ? "true" : "false"); return;
  case V_NUM:
    if (q->derived && v->num != floor(v->num))
      snprintf(buf, size, "%.4g", v->num); /* bmi = 33.33, not 33.3333 */
    else
      bbu_fmt_num(buf, size, v->num);
    return;
  case V_CHOICE:
    snprintf(buf, size, "%s",
             v->choice >= 0 && (size_t)v->choice < q->nchoices ? q->choices[v->choice] : "?");
    return;
  default: snprintf(buf, size, "unknown");
  }
}

/* Checks a number against question q; on success stores it. */
static int set_number(bb_answers *a, int idx, double d, const char *shown, bb_error *err,
                      const char *file, int line, int col) {
  const kb_question *q = &a->kb->questions[idx].q;
  char al[256] = "";
  if (err && (!isfinite(d) || d < q->min || d > q->max || (q->type == BB_INTEGER && d != floor(d))))
    allowed(q, al, sizeof al);
  if (!isfinite(d) || d < q->min || d > q->max) {
    bbu_error_set(err, BB_EX_DATAERR, file, line, col, q->id, "%s: %s is out of range; allowed: %s",
                  q->id, shown, al);
    return -1;
  }
  if (q->type == BB_INTEGER && d != floor(d)) {
    bbu_error_set(err, BB_EX_DATAERR, file, line, col, q->id,
                  "%s: %s is not a whole number; allowed: %s", q->id, shown, al);
    return -1;
  }
  a->v[idx].kind = V_NUM;
  a->v[idx].num = d;
  return 0;
}

static int set_choice(bb_answers *a, int idx, int choice) {
  const kb_question *q = &a->kb->questions[idx].q;
  if (choice == q->unknown_choice) {
    a->v[idx].kind = V_UNKNOWN; /* rules treat "unknown" as no answer */
    a->said_unknown[idx] = 1;
  } else {
    a->v[idx].kind = V_CHOICE;
    a->v[idx].choice = (int16_t)choice;
    a->said_unknown[idx] = 0;
  }
  return 0;
}

/* ------------------------------------------------------------------ */
/* JSON */

/* Where each key of the top-level object starts (line and column), in
 * the order of the text, which is the order jansson iterates the object in.
 * One pass over text jansson has already accepted as JSON: searching the
 * text once per key made 16,000 unknown keys take seconds and a million
 * hours. NULL when out of memory (the keys are then reported without a
 * place). */
typedef struct {
  int line, col;
} keypos;

static keypos *key_positions(const char *text, size_t len, size_t nkeys) {
  keypos *kp = calloc(nkeys + 1, sizeof *kp);
  if (!kp)
    return NULL;
  size_t k = 0;
  int depth = 0, want_key = 0, line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < len && k < nkeys; i++) {
    char ch = text[i];
    if (ch == '\n') {
      line++;
      line_start = i + 1;
    } else if (ch == '"') {
      if (depth == 1 && want_key) {
        kp[k].line = line;
        kp[k].col = (int)(i - line_start) + 1;
        k++;
        want_key = 0;
      }
      for (i++; i < len && text[i] != '"'; i++) /* JSON strings hold no newline */
        if (text[i] == '\\')
          i++;
    } else if (ch == '{' || ch == '[') {
      if (++depth == 1)
        want_key = 1;
    } else if (ch == '}' || ch == ']') {
      depth--;
    } else if (ch == ',' && depth == 1) {
      want_key = 1;
    }
  }
  for (; k < nkeys; k++)
    kp[k].line = kp[k].col = 0;
  return kp;
}

typedef struct {
  bb_error *first;
  bb_diag_fn each;
  void *ud;
  size_t n;
} errs;

/* Past BB_ANSWERS_MAX_DIAGS problems are only counted (full() tells the
 * parser to skip writing them), and one last report says how many. */
static int full(const errs *E) {
  return E->n >= BB_ANSWERS_MAX_DIAGS;
}

static void emit(errs *E, const bb_error *e) {
  if (E->n == 0 && E->first)
    *E->first = *e;
  if (!full(E) && E->each)
    E->each(e, E->ud);
  E->n++;
}

static void emit_rest(errs *E, const char *name) {
  if (E->n <= BB_ANSWERS_MAX_DIAGS || !E->each)
    return;
  bb_error e;
  size_t more = E->n - BB_ANSWERS_MAX_DIAGS;
  bbu_error_set(&e, BB_EX_DATAERR, name, 0, 0, "", "\u2026 and %zu more problem%s", more,
                more == 1 ? "" : "s");
  E->each(&e, E->ud);
}

static const char *json_type_name(json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "an object";
  case JSON_ARRAY: return "a list";
  case JSON_STRING: return "a string";
  case JSON_INTEGER:
  case JSON_REAL: return "a number";
  case JSON_TRUE:
  case JSON_FALSE: return "a boolean";
  default: return "null";
  }
}

static int set_json(bb_answers *a, int idx, json_t *v, bb_error *err, const char *file, int line,
                    int col) {
  const kb_question *q = &a->kb->questions[idx].q;
  if (q->type == BB_BOOLEAN && json_is_boolean(v)) {
    a->v[idx].kind = V_BOOL;
    a->v[idx].b = json_is_true(v);
    return 0;
  }
  if (q->type == BB_CHOICE && json_is_string(v)) {
    int c = kb_choice_index(q, json_string_value(v), json_string_length(v));
    if (c >= 0)
      return set_choice(a, idx, c);
  }
  if (!err) /* past the diagnostics reported: whether it is wrong is all that counts */
    return (q->type == BB_INTEGER || q->type == BB_NUMBER) && json_is_number(v)
               ? set_number(a, idx, json_number_value(v), "", NULL, file, line, col)
               : -1;
  char al[256];
  allowed(q, al, sizeof al);
  char *shown = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
  char sh[80];
  snprintf(sh, sizeof sh, "%s", shown ? shown : "?");
  if (shown && strlen(shown) > 60)
    snprintf(sh + 56, sizeof sh - 56, "...");
  free(shown);
  if (json_is_number(v))
    bbu_fmt_num(sh, sizeof sh, json_number_value(v)); /* 150, not 150.0 */
  switch (q->type) {
  case BB_BOOLEAN: break;
  case BB_INTEGER:
  case BB_NUMBER:
    if (json_is_number(v))
      return set_number(a, idx, json_number_value(v), sh, err, file, line, col);
    break;
  case BB_CHOICE:
    if (json_is_string(v)) {
      const char *sug =
          bbu_suggest(json_string_value(v), (const char *const *)q->choices, q->nchoices);
      bbu_error_set(err, BB_EX_DATAERR, file, line, col, q->id,
                    "%s: %s is not a choice; allowed: %s%s%s%s", q->id, sh, al,
                    sug ? " (did you mean \"" : "", sug ? sug : "", sug ? "\"?)" : "");
      return -1;
    }
    break;
  }
  bbu_error_set(err, BB_EX_DATAERR, file, line, col, q->id, "%s: %s is %s; allowed: %s", q->id, sh,
                json_type_name(v), al);
  return -1;
}

/* ------------------------------------------------------------------ */
/* One pass, no tree: the answers as they almost always come */

/* The fast reader takes the answers as they almost always come -- one
 * object of known keys, each given once, with values of the right type and
 * range, written without escapes -- in one pass over the bytes, filling
 * the answers as it goes: no JSON tree, no allocation but the answers.
 * jansson needed ~11 us for such a record, this ~1 us (issue 13; batch
 * reads millions). Whatever it does not accept -- any problem, and
 * anything unusual (escapes, non-ASCII, nesting, unknown keys, a BOM) --
 * goes to the jansson reader below, which is the reference: it accepts
 * or refuses the same text and words every problem, so the checks and
 * messages are the same whichever reader ran. The fast reader only has to
 * be sure that what it accepts, jansson accepts with the same values. */

typedef struct {
  const char *p, *end;
} fcur;

static void fws(fcur *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

/* A string without escapes and of printable ASCII only; its body in
 * [*s, *s + *n). 0 when it is anything else. */
static int fstr(fcur *c, const char **s, size_t *n) {
  if (c->p >= c->end || *c->p != '"')
    return 0;
  const char *q = ++c->p;
  while (q < c->end && *q != '"') {
    if (*q == '\\' || (unsigned char)*q < 0x20 || (unsigned char)*q > 0x7e)
      return 0;
    q++;
  }
  if (q >= c->end)
    return 0;
  *s = c->p;
  *n = (size_t)(q - c->p);
  c->p = q + 1;
  return 1;
}

/* A number of JSON's grammar, converted as jansson converts it (strtod on
 * the token, with DECODE_INT_AS_REAL); 0 when not a number, or one jansson
 * would refuse (overflow) or that is too long to copy. */
static int fnum(fcur *c, double *out) {
  const char *q = c->p + bbu_json_number_len(c->p, c->end), *e = c->end;
  if (q == c->p)
    return 0;
  /* the token must end where JSON says a value ends */
  if (q < e && !(*q == ',' || *q == '}' || *q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
    return 0;
  size_t n = (size_t)(q - c->p);
  /* The common answer, a short decimal (-?digits, at most one fraction,
   * no exponent, at most 15 digits), without strtod: the digits as an
   * integer m (exact below 2^53) divided by 10^k (exact for k <= 22) is
   * one correctly rounded division, the double nearest the decimal, which
   * is what strtod returns. */
  {
    static const double POW10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const char *p = c->p;
    int neg = *p == '-', digits = 0, frac = -1;
    uint64_t m = 0;
    for (p += neg; p < q; p++) {
      if (*p == '.' && frac < 0) {
        frac = 0;
        continue;
      }
      if (*p < '0' || *p > '9' || ++digits > 15)
        break;
      m = m * 10u + (uint64_t)(*p - '0');
      if (frac >= 0)
        frac++;
    }
    if (p == q) {
      double d = (double)m / POW10[frac > 0 ? frac : 0];
      *out = neg ? -d : d;
      c->p = q;
      return 1;
    }
  }
  char buf[64];
  if (n >= sizeof buf)
    return 0;
  memcpy(buf, c->p, n);
  buf[n] = '\0';
  double d = strtod(buf, NULL);
  if (!isfinite(d))
    return 0;
  *out = d;
  c->p = q;
  return 1;
}

static int fword(fcur *c, const char *w, size_t n) {
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0)
    return 0;
  c->p += n;
  return 1;
}

bb_answers *bba_parse_fast(const bb_kb *kb, const char *json, size_t len) {
  fcur c = {json, json + len};
  fws(&c);
  if (c.p >= c.end || *c.p != '{')
    return NULL;
  c.p++;
  bb_answers *a = bb_answers_new(kb);
  if (!a)
    return NULL;
  uint8_t seen_version = 0;
  size_t next = 0; /* where the next key is looked for first */
  uint8_t *seen = calloc(kb->nfindings + 1, 1);
  if (!seen)
    goto slow;
  fws(&c);
  if (c.p < c.end && *c.p == '}') {
    c.p++;
    goto done;
  }
  for (;;) {
    const char *k;
    size_t kn;
    fws(&c);
    if (!fstr(&c, &k, &kn))
      goto slow;
    fws(&c);
    if (c.p >= c.end || *c.p != ':')
      goto slow;
    c.p++;
    fws(&c);
    if (c.p >= c.end)
      goto slow;
    if (kn == 7 && memcmp(k, "version", 7) == 0) {
      double d;
      if (seen_version++ || !fnum(&c, &d) || d != 1.0)
        goto slow;
    } else {
      /* answers usually come in the questions' order, some left out: the
       * few questions after the last one found first, then the lookup */
      int idx = -1;
      for (size_t i = next; idx < 0 && i < next + 8 && i < kb->nfindings; i++) {
        const char *id = kb->questions[i].q.id;
        if (id[0] == k[0] && strncmp(id, k, kn) == 0 && id[kn] == '\0')
          idx = (int)i;
      }
      if (idx < 0)
        idx = kb_find_finding(kb, k, kn);
      if (idx >= 0)
        next = (size_t)idx + 1;
      if (idx < 0 || seen[idx] || kb->questions[idx].q.derived)
        goto slow;
      seen[idx] = 1;
      const kb_question *q = &kb->questions[idx].q;
      if (fword(&c, "null", 4)) {
        /* the same as a missing key */
      } else if (q->type == BB_BOOLEAN) {
        if (fword(&c, "true", 4))
          a->v[idx].b = 1;
        else if (fword(&c, "false", 5))
          a->v[idx].b = 0;
        else
          goto slow;
        a->v[idx].kind = V_BOOL;
      } else if (q->type == BB_CHOICE) {
        const char *s;
        size_t n;
        int ch;
        if (!fstr(&c, &s, &n) || (ch = kb_choice_index(q, s, n)) < 0)
          goto slow;
        set_choice(a, idx, ch);
      } else {
        double d;
        if (!fnum(&c, &d) || set_number(a, idx, d, "", NULL, "", 0, 0) != 0)
          goto slow;
      }
    }
    fws(&c);
    if (c.p < c.end && *c.p == ',') {
      c.p++;
      continue;
    }
    if (c.p < c.end && *c.p == '}') {
      c.p++;
      break;
    }
    goto slow;
  }
done:
  fws(&c);
  if (c.p != c.end)
    goto slow;
  free(seen);
  return a;
slow:
  free(seen);
  bb_answers_free(a);
  return NULL;
}

bb_answers *bb_answers_parse(const bb_kb *kb, const char *json, size_t len, const char *name,
                             bb_error *err, bb_diag_fn each, void *userdata) {
  return bba_parse(kb, json, len, name, err, each, userdata, 1);
}

bb_answers *bba_parse(const bb_kb *kb, const char *json, size_t len, const char *name,
                      bb_error *err, bb_diag_fn each, void *userdata, int fast_first) {
  errs E = {err, each, userdata, 0};
  bb_error e;
  bb_error_clear(err);
  if (!name)
    name = "<answers>";
  if (len > BB_ANSWERS_MAX_BYTES) {
    bbu_error_set(&e, BB_EX_DATAERR, name, 0, 0, "",
                  "the answers are %zu bytes; answers may be at most %u MiB", len,
                  BB_ANSWERS_MAX_BYTES >> 20);
    emit(&E, &e);
    return NULL;
  }
  bb_answers *fast = fast_first ? bba_parse_fast(kb, json, len) : NULL;
  if (fast)
    return fast;
  json_error_t je;
  /* Numbers as reals: 38 and 38.0 are the same answer; the integer check
   * is ours. Duplicates are rejected by the parser itself. */
  json_t *root = json_loadb(
      json, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL | JSON_DECODE_ANY, &je);
  if (!root) {
    const char *dup = strstr(je.text, "duplicate object key");
    if (dup) {
      /* find which key: jansson's position is just after it */
      char key[64] = "";
      size_t pos = (size_t)(je.position > 0 ? je.position : 0);
      if (pos > len)
        pos = len;
      size_t end = pos;
      while (end > 0 && json[end - 1] != '"')
        end--;
      size_t start = end > 0 ? end - 1 : 0;
      while (start > 0 && json[start - 1] != '"')
        start--;
      if (end > start + 1 && end - start - 1 < sizeof key)
        snprintf(key, sizeof key, "%.*s", (int)(end - start - 1), json + start);
      bbu_error_set(&e, BB_EX_DATAERR, name, je.line, je.column, key,
                    "%s%s%s is given twice; give each answer once", key[0] ? "\"" : "the key", key,
                    key[0] ? "\"" : "");
    } else {
      bbu_error_set(&e, BB_EX_DATAERR, name, je.line, je.column, "",
                    "the answers are not valid JSON: %s", je.text);
    }
    emit(&E, &e);
    return NULL;
  }
  if (!json_is_object(root)) {
    bbu_error_set(&e, BB_EX_DATAERR, name, 1, 1, "",
                  "the answers must be one JSON object ({\"key\": value, ...}), not %s",
                  json_type_name(root));
    emit(&E, &e);
    json_decref(root);
    return NULL;
  }
  bb_answers *a = bb_answers_new(kb);
  if (!a) {
    bbu_error_set(&e, BB_EX_SOFTWARE, name, 0, 0, "", "out of memory");
    emit(&E, &e);
    json_decref(root);
    return NULL;
  }
  const char **names = malloc((kb->nquestions + 2) * sizeof *names);
  for (size_t i = 0; names && i < kb->nquestions; i++)
    names[i] = kb->questions[i].q.id;
  size_t nkeys = json_object_size(root), k = 0;
  keypos *kp = key_positions(json, len, nkeys);
  const char *key;
  json_t *v;
  json_object_foreach(root, key, v) {
    int line = kp && k < nkeys ? kp[k].line : 0, col = kp && k < nkeys ? kp[k].col : 0;
    k++;
    if (full(&E)) { /* only count: no message is written any more */
      if (strcmp(key, "version") == 0) {
        E.n += !json_is_number(v) || json_number_value(v) != 1.0;
        continue;
      }
      int idx = kb_find_finding(kb, key, strlen(key));
      if (idx < 0 || kb->questions[idx].q.derived ||
          (!json_is_null(v) && set_json(a, idx, v, NULL, name, line, col) != 0))
        E.n++;
      continue;
    }
    if (strcmp(key, "version") == 0) {
      if (!json_is_number(v) || json_number_value(v) != 1.0) {
        char *shown = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        bbu_error_set(&e, BB_EX_DATAERR, name, line, col, key,
                      "version: %s is not a version of the answers format; allowed: 1",
                      shown ? shown : "?");
        free(shown);
        emit(&E, &e);
      }
      continue;
    }
    int idx = kb_find_finding(kb, key, strlen(key));
    if (idx >= 0 && kb->questions[idx].q.derived) {
      bbu_error_set(&e, BB_EX_DATAERR, name, line, col, key,
                    "\"%s\" is worked out by bedback and cannot be given as an answer", key);
      emit(&E, &e);
      continue;
    }
    if (idx < 0) {
      const char *sug = names ? bbu_suggest(key, names, kb->nquestions) : NULL;
      bbu_error_set(&e, BB_EX_DATAERR, name, line, col, key, "\"%s\" is not a known question%s%s%s",
                    key, sug ? "; did you mean \"" : " (bedback questions lists them)",
                    sug ? sug : "", sug ? "\"?" : "");
      emit(&E, &e);
      continue;
    }
    if (json_is_null(v))
      continue; /* null is the same as a missing key */
    if (set_json(a, idx, v, &e, name, line, col) != 0)
      emit(&E, &e);
  }
  free(names);
  free(kp);
  json_decref(root);
  emit_rest(&E, name);
  if (E.n) {
    bb_answers_free(a);
    return NULL;
  }
  return a;
}

/* ------------------------------------------------------------------ */
/* Typed-in answers (the interview) */

static int word_eq(const char *typed, const char *choice) {
  /* "one leg", "One-Leg" and "one_leg" are the same */
  for (; *typed && *choice; typed++, choice++) {
    char t = (char)tolower((unsigned char)*typed);
    if (t == ' ' || t == '-')
      t = '_';
    if (t != *choice)
      return 0;
  }
  return !*typed && !*choice;
}

int bb_answers_set_text(bb_answers *a, const char *id, const char *text, bb_error *err) {
  bb_error_clear(err);
  int idx = kb_find_finding(a->kb, id, strlen(id));
  if (idx < 0 || a->kb->questions[idx].q.derived) {
    bbu_error_set(err, BB_EX_USAGE, "", 0, 0, id, "\"%s\" is not a question", id);
    return -1;
  }
  const kb_question *q = &a->kb->questions[idx].q;
  char t[128] = "";
  size_t n = 0;
  while (isspace((unsigned char)*text))
    text++;
  while (*text && n < sizeof t - 1)
    t[n++] = *text++;
  while (n > 0 && isspace((unsigned char)t[n - 1]))
    n--;
  t[n] = '\0';
  char al[256];
  allowed(q, al, sizeof al);
  /* How people say yes and no ("yeah", "nope"): the same as yes and no. */
  static const char *const YES[] = {"y", "yeah", "yep", "yup", "yea", "sure", "true"};
  static const char *const NO[] = {"n", "nope", "nah", "false"};
  for (size_t i = 0; i < sizeof YES / sizeof YES[0]; i++)
    if (!strcasecmp(t, YES[i]))
      snprintf(t, sizeof t, "yes");
  for (size_t i = 0; i < sizeof NO / sizeof NO[0]; i++)
    if (!strcasecmp(t, NO[i]))
      snprintf(t, sizeof t, "no");
  switch (q->type) {
  case BB_BOOLEAN:
    if (!strcasecmp(t, "y") || !strcasecmp(t, "yes") || !strcasecmp(t, "true")) {
      a->v[idx].kind = V_BOOL;
      a->v[idx].b = 1;
      return 0;
    }
    if (!strcasecmp(t, "n") || !strcasecmp(t, "no") || !strcasecmp(t, "false")) {
      a->v[idx].kind = V_BOOL;
      a->v[idx].b = 0;
      return 0;
    }
    bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, q->id, "Please answer yes or no.");
    return -1;
  case BB_INTEGER:
  case BB_NUMBER: {
    char *end;
    for (char *p = t; *p; p++)
      if (*p == ',')
        *p = '.'; /* 1,5 litres */
    double d = strtod(t, &end);
    while (end && isspace((unsigned char)*end))
      end++;
    /* allow the unit after the number: "38 years", "170 cm" */
    if (end && *end && q->unit && *q->unit && strcasecmp(end, q->unit) == 0)
      end += strlen(end);
    if (!*t || !end || *end) {
      bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, q->id, "Please type %s.", al);
      return -1;
    }
    if (set_number(a, idx, d, t, err, "", 0, 0) != 0) {
      bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, q->id, "%s is not allowed here; please type %s.",
                    t, al);
      return -1;
    }
    return 0;
  }
  case BB_CHOICE: {
    char *end;
    long k = strtol(t, &end, 10);
    if (*t && !*end && k >= 1 && (size_t)k <= q->nchoices)
      return set_choice(a, idx, (int)k - 1);
    for (size_t i = 0; i < q->nchoices; i++) {
      if (word_eq(t, q->choices[i]) || (i < q->nlabels && !strcasecmp(t, q->labels[i])))
        return set_choice(a, idx, (int)i);
    }
    /* "yes" or "no" for a choice whose labels say yes or no ("no", "yes, in
     * one leg"): the one choice that says it; when several do, the menu. */
    if (!strcmp(t, "yes") || !strcmp(t, "no")) {
      int found = -1, count = 0;
      size_t tl = strlen(t);
      for (size_t i = 0; i < q->nlabels; i++)
        if (!strncasecmp(q->labels[i], t, tl) && !isalpha((unsigned char)q->labels[i][tl])) {
          found = (int)i;
          count++;
        }
      if (count == 1)
        return set_choice(a, idx, found);
    }
    if (q->unknown_choice >= 0 &&
        (!strcasecmp(t, "don't know") || !strcasecmp(t, "dont know") || !strcasecmp(t, "not sure")))
      return set_choice(a, idx, q->unknown_choice);
    bbu_buf b;
    bbu_buf_init(&b);
    for (size_t i = 0; i < q->nchoices; i++)
      bbu_buf_printf(&b, "%s%zu = %s", i ? ", " : "", i + 1,
                     i < q->nlabels ? q->labels[i] : q->choices[i]);
    bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, q->id, "Please type one of: %s.",
                  b.buf ? b.buf : "");
    bbu_buf_free(&b);
    return -1;
  }
  }
  return -1;
}

void bb_answers_clear(bb_answers *a, const char *id) {
  int idx = kb_find_finding(a->kb, id, strlen(id));
  if (idx >= 0) {
    a->v[idx].kind = V_UNKNOWN;
    a->said_unknown[idx] = 0;
  }
}

bool bb_answers_known(const bb_answers *a, const char *id) {
  int idx = kb_find_finding(a->kb, id, strlen(id));
  return idx >= 0 && a->v[idx].kind != V_UNKNOWN;
}

bool bb_question_applies(const bb_answers *a, const bb_question *q) {
  if (!q->q.ask_when)
    return true;
  expr_env env = {a->v, NULL, NULL, NULL, -1, 0};
  return expr_eval(q->q.ask_when, &env) == T_TRUE;
}

char *bb_answers_to_json(const bb_answers *a) {
  json_t *o = json_object();
  if (!o)
    return NULL;
  for (size_t i = 0; i < a->kb->nquestions; i++) {
    const kb_question *q = &a->kb->questions[i].q;
    const bb_value *v = &a->v[i];
    json_t *j = NULL;
    if (a->said_unknown[i])
      j = json_string(q->choices[q->unknown_choice]);
    else if (v->kind == V_BOOL)
      j = json_boolean(v->b);
    else if (v->kind == V_NUM)
      j = q->type == BB_INTEGER ? json_integer((json_int_t)v->num) : json_real(v->num);
    else if (v->kind == V_CHOICE)
      j = json_string(q->choices[v->choice]);
    if (j)
      json_object_set_new(o, q->id, j);
  }
  char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
  json_decref(o);
  return s;
}

int bba_set_value(bb_answers *a, int idx, struct json_t *v, bb_error *err, const char *file) {
  return set_json(a, idx, v, err, file, 0, 0);
}
