/* expr.c -- the condition language of the knowledge base.
 *
 * A condition is compiled once, at load, into a flat array of nodes whose
 * names are resolved to indices and whose types are checked; evaluation
 * walks that array with Kleene's three-valued logic and never allocates.
 * The grammar is in docs/knowledge-base.md. */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  OP_NUM,   /* num */
  OP_BOOL,  /* ref: 0/1 */
  OP_STR,   /* ref: choice index once resolved */
  OP_FIND,  /* ref: finding */
  OP_LEVEL, /* the triage level */
  OP_FLAGCOUNT,
  OP_FLAG,  /* ref: flag */
  OP_CAUSE, /* ref: cause */
  OP_TOP3,  /* ref: cause */
  OP_KNOWN, /* ref: finding */
  OP_UNKNOWN,
  OP_COUNT, /* kids */
  OP_AND,
  OP_OR,
  OP_NOT,
  OP_NEG,
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_DIV,
  OP_EQ,
  OP_NE,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
  OP_IN /* a: the value; kids: the literals */
};

enum { TY_BOOL, TY_NUM, TY_CHOICE, TY_STR };

/* Choice domains: a question's index, or DOM_LEVEL for the triage level. */
#define DOM_LEVEL (-2)
#define MAX_DEPTH 48
/* How deep the compiled tree may be. Evaluation and explanation recurse
 * once per level, and a chain `a and b and ... z` is a tree as deep as it
 * is long although it nests no parentheses: bounding the tree, not only
 * the parser's nesting, bounds the stack every later walk needs. */
#define MAX_TREE_DEPTH 64

typedef struct {
  uint8_t op;
  uint8_t type;
  uint16_t nkids;
  int32_t a, b; /* children; for COUNT/IN: a = lhs (IN), b = first kid */
  int32_t ref;
  int32_t dom;  /* TY_CHOICE: domain; TY_STR: offset of the text in src */
  int32_t slen; /* TY_STR: length of the text */
  double num;
} xnode;

struct expr {
  xnode *nodes;
  int32_t *kids;
  int32_t root;
};

static const char *const level_names[] = {"self_care", "consult", "urgent", "emergency"};

/* ------------------------------------------------------------------ */
/* Compiler */

typedef struct {
  const struct bb_kb *kb;
  const char *src;
  size_t pos;
  unsigned allow;
  bb_error *err;
  int failed;
  int depth;
  xnode *nodes;
  size_t n, cap;
  int32_t *kids;
  size_t nk, kcap;
} cc;

typedef enum { K_END, K_NUM, K_STR, K_NAME, K_LP, K_RP, K_LB, K_RB, K_COMMA, K_OP, K_BAD } tkind;

typedef struct {
  tkind kind;
  size_t start, len; /* in src; for K_STR the text between the quotes */
  double num;
} token;

static void cc_error(cc *c, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void cc_error(cc *c, size_t at, const char *fmt, ...) {
  if (c->failed)
    return;
  c->failed = 1;
  if (!c->err)
    return;
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  bbu_error_set(c->err, BB_EX_CONFIG, "", 0, (int)at + 1, "", "%s", msg);
}

static int is_name_char(char ch, int first) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
         (!first && ch >= '0' && ch <= '9');
}

static token peek(cc *c) {
  const char *s = c->src;
  size_t p = c->pos;
  while (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r')
    p++;
  token t = {K_END, p, 0, 0};
  char ch = s[p];
  if (!ch)
    return t;
  if ((ch >= '0' && ch <= '9') || (ch == '.' && s[p + 1] >= '0' && s[p + 1] <= '9')) {
    char *end;
    t.kind = K_NUM;
    t.num = strtod(s + p, &end);
    t.len = (size_t)(end - (s + p));
    if (is_name_char(*end, 0)) {
      t.kind = K_BAD;
    }
    return t;
  }
  if (ch == '\'' || ch == '"') {
    size_t q = p + 1;
    while (s[q] && s[q] != ch)
      q++;
    if (!s[q]) {
      t.kind = K_BAD;
      t.len = 1;
      return t;
    }
    t.kind = K_STR;
    t.start = p + 1;
    t.len = q - p - 1;
    return t;
  }
  if (is_name_char(ch, 1)) {
    size_t q = p;
    while (is_name_char(s[q], 0))
      q++;
    t.kind = K_NAME;
    t.len = q - p;
    return t;
  }
  t.len = 1;
  switch (ch) {
  case '(': t.kind = K_LP; return t;
  case ')': t.kind = K_RP; return t;
  case '[': t.kind = K_LB; return t;
  case ']': t.kind = K_RB; return t;
  case ',': t.kind = K_COMMA; return t;
  case '=':
  case '+':
  case '-':
  case '*':
  case '/': t.kind = K_OP; return t;
  case '<':
  case '>':
    t.kind = K_OP;
    if (s[p + 1] == '=')
      t.len = 2;
    return t;
  case '!':
    if (s[p + 1] == '=') {
      t.kind = K_OP;
      t.len = 2;
      return t;
    }
    t.kind = K_BAD;
    return t;
  default: t.kind = K_BAD; return t;
  }
}

/* The end offset of a token, for the stream position. */
static void advance(cc *c, token t) {
  c->pos = t.start + t.len + (t.kind == K_STR ? 1 : 0);
}

static int tok_is(cc *c, token t, const char *word) {
  size_t n = strlen(word);
  return (t.kind == K_NAME || t.kind == K_OP) && t.len == n &&
         memcmp(c->src + t.start, word, n) == 0;
}

static int32_t new_node(cc *c, uint8_t op, uint8_t type) {
  if (c->failed)
    return -1;
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 16;
    if (cap > INT16_MAX) {
      cc_error(c, c->pos, "condition is too long");
      return -1;
    }
    xnode *p = realloc(c->nodes, cap * sizeof *p);
    if (!p) {
      cc_error(c, c->pos, "out of memory");
      return -1;
    }
    c->nodes = p;
    c->cap = cap;
  }
  xnode *x = &c->nodes[c->n];
  memset(x, 0, sizeof *x);
  x->op = op;
  x->type = type;
  x->a = x->b = x->ref = -1;
  x->dom = -1;
  return (int32_t)c->n++;
}

static int push_kid(cc *c, int32_t kid) {
  if (c->nk == c->kcap) {
    size_t cap = c->kcap ? c->kcap * 2 : 8;
    int32_t *p = realloc(c->kids, cap * sizeof *p);
    if (!p) {
      cc_error(c, c->pos, "out of memory");
      return -1;
    }
    c->kids = p;
    c->kcap = cap;
  }
  c->kids[c->nk++] = kid;
  return 0;
}

static int32_t parse_or(cc *c);

static const char *type_name(uint8_t t) {
  switch (t) {
  case TY_BOOL: return "a yes/no value";
  case TY_NUM: return "a number";
  case TY_CHOICE: return "a choice";
  default: return "a string";
  }
}

static const kb_question *dom_question(cc *c, int32_t dom) {
  return dom >= 0 ? &c->kb->questions[dom].q : NULL;
}

/* Resolves string literal node `s` against choice domain `dom`. */
static void resolve_choice(cc *c, int32_t s, int32_t dom) {
  if (c->failed)
    return;
  xnode *x = &c->nodes[s];
  const char *txt = c->src + x->dom;
  size_t len = (size_t)x->slen;
  if (dom == DOM_LEVEL) {
    for (int i = 0; i < 4; i++) {
      if (strlen(level_names[i]) == len && memcmp(level_names[i], txt, len) == 0) {
        x->ref = i;
        return;
      }
    }
    cc_error(c, (size_t)x->dom,
             "'%.*s' is not a triage level (self_care, consult, urgent, emergency)", (int)len, txt);
    return;
  }
  const kb_question *q = dom_question(c, dom);
  int i = kb_choice_index(q, txt, len);
  if (i >= 0 && i == q->unknown_choice) {
    cc_error(c, (size_t)x->dom,
             "'%.*s' means the answer is not known, so it never compares true; write unknown(%s)",
             (int)len, txt, q->id);
    return;
  }
  if (i < 0) {
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)(len < 63 ? len : 63), txt);
    const char *sug = bbu_suggest(word, (const char *const *)q->choices, q->nchoices);
    bbu_buf b;
    bbu_buf_init(&b);
    for (size_t k = 0; k < q->nchoices; k++)
      bbu_buf_printf(&b, "%s%s", k ? ", " : "", q->choices[k]);
    cc_error(c, (size_t)x->dom, "'%s' is not a choice of %s (%s)%s%s%s", word, q->id,
             b.buf ? b.buf : "", sug ? "; did you mean '" : "", sug ? sug : "", sug ? "'?" : "");
    bbu_buf_free(&b);
    return;
  }
  x->ref = i;
}

static int32_t parse_name_ref(cc *c, const char *what) {
  token t = peek(c);
  if (t.kind != K_NAME) {
    cc_error(c, t.start, "expected %s id", what);
    return -1;
  }
  advance(c, t);
  return (int32_t)t.start; /* caller resolves; returns offset */
}

static void unknown_name(cc *c, token t, const char *what, const char *const *names, size_t n) {
  char word[64];
  snprintf(word, sizeof word, "%.*s", (int)(t.len < 63 ? t.len : 63), c->src + t.start);
  const char *sug = bbu_suggest(word, names, n);
  cc_error(c, t.start, "unknown %s '%s'%s%s%s", what, word, sug ? "; did you mean '" : "",
           sug ? sug : "", sug ? "'?" : "");
}

static const char **finding_names(const struct bb_kb *kb) {
  if (kb->nfindings > BBU_SUGGEST_MAX)
    return NULL; /* no suggestion among so many: not worth a list per error */
  const char **v = malloc((kb->nfindings + 1) * sizeof *v);
  if (v)
    for (size_t i = 0; i < kb->nfindings; i++)
      v[i] = kb->questions[i].q.id;
  return v;
}

static int32_t resolve_finding(cc *c, token t) {
  int i = kb_find_finding(c->kb, c->src + t.start, t.len);
  if (i < 0) {
    const char **names = finding_names(c->kb);
    unknown_name(c, t, "finding", names, names ? c->kb->nfindings : 0);
    free(names);
  }
  return i;
}

static int32_t parse_call(cc *c, token name) {
  advance(c, peek(c)); /* '(' */
  int32_t n = -1;
  if (tok_is(c, name, "count")) {
    int32_t local[64];
    int nl = 0;
    for (;;) {
      token at = peek(c);
      int32_t k = parse_or(c);
      if (c->failed)
        return -1;
      if (c->nodes[k].type != TY_BOOL) {
        cc_error(c, at.start, "count() takes conditions, not %s", type_name(c->nodes[k].type));
        return -1;
      }
      if (nl == 64) {
        cc_error(c, at.start, "count() takes at most 64 conditions");
        return -1;
      }
      local[nl++] = k;
      token t = peek(c);
      if (t.kind == K_COMMA) {
        advance(c, t);
        continue;
      }
      break;
    }
    /* created after its conditions, like every node: depth_ok() relies on it */
    n = new_node(c, OP_COUNT, TY_NUM);
    if (n < 0)
      return -1;
    c->nodes[n].b = (int32_t)c->nk;
    for (int i = 0; i < nl; i++)
      push_kid(c, local[i]);
    c->nodes[n].nkids = (uint16_t)nl;
  } else if (tok_is(c, name, "known") || tok_is(c, name, "unknown")) {
    token t = peek(c);
    if (t.kind != K_NAME) {
      cc_error(c, t.start, "%.*s() takes a finding id", (int)name.len, c->src + name.start);
      return -1;
    }
    advance(c, t);
    int32_t f = resolve_finding(c, t);
    if (f < 0)
      return -1;
    n = new_node(c, tok_is(c, name, "known") ? OP_KNOWN : OP_UNKNOWN, TY_BOOL);
    c->nodes[n].ref = f;
  } else if (tok_is(c, name, "flag") || tok_is(c, name, "cause") || tok_is(c, name, "top3")) {
    if (!(c->allow & EXPR_ALLOW_RESULTS)) {
      cc_error(c, name.start, "%.*s() can only be used in recommendations", (int)name.len,
               c->src + name.start);
      return -1;
    }
    token t = peek(c);
    if (parse_name_ref(c, tok_is(c, name, "flag") ? "a flag" : "a cause") < 0)
      return -1;
    if (tok_is(c, name, "flag")) {
      int f = kb_find_flag(c->kb, c->src + t.start, t.len);
      if (f < 0) {
        const char **names =
            c->kb->nflags <= BBU_SUGGEST_MAX ? malloc((c->kb->nflags + 1) * sizeof *names) : NULL;
        for (size_t i = 0; names && i < c->kb->nflags; i++)
          names[i] = c->kb->flags[i].id;
        unknown_name(c, t, "flag", names, names ? c->kb->nflags : 0);
        free(names);
        return -1;
      }
      n = new_node(c, OP_FLAG, TY_BOOL);
      c->nodes[n].ref = f;
    } else {
      int f = kb_find_cause(c->kb, c->src + t.start, t.len);
      if (f < 0) {
        const char **names =
            c->kb->ncauses <= BBU_SUGGEST_MAX ? malloc((c->kb->ncauses + 1) * sizeof *names) : NULL;
        for (size_t i = 0; names && i < c->kb->ncauses; i++)
          names[i] = c->kb->causes[i].id;
        unknown_name(c, t, "cause", names, names ? c->kb->ncauses : 0);
        free(names);
        return -1;
      }
      n = new_node(c, tok_is(c, name, "cause") ? OP_CAUSE : OP_TOP3, TY_BOOL);
      c->nodes[n].ref = f;
    }
  } else {
    cc_error(c, name.start, "unknown function '%.*s' (count, known, unknown, flag, cause, top3)",
             (int)name.len, c->src + name.start);
    return -1;
  }
  token t = peek(c);
  if (t.kind != K_RP) {
    cc_error(c, t.start, "expected ')'");
    return -1;
  }
  advance(c, t);
  return n;
}

static int32_t parse_primary(cc *c) {
  token t = peek(c);
  switch (t.kind) {
  case K_NUM: {
    advance(c, t);
    int32_t n = new_node(c, OP_NUM, TY_NUM);
    if (n >= 0)
      c->nodes[n].num = t.num;
    return n;
  }
  case K_STR: {
    advance(c, t);
    int32_t n = new_node(c, OP_STR, TY_STR);
    if (n >= 0) {
      c->nodes[n].dom = (int32_t)t.start;
      c->nodes[n].slen = (int32_t)t.len;
    }
    return n;
  }
  case K_LP: {
    advance(c, t);
    int32_t n = parse_or(c);
    token r = peek(c);
    if (!c->failed && r.kind != K_RP) {
      cc_error(c, r.start, "expected ')'");
      return -1;
    }
    advance(c, r);
    return n;
  }
  case K_NAME: {
    advance(c, t);
    if (tok_is(c, t, "true") || tok_is(c, t, "false")) {
      int32_t n = new_node(c, OP_BOOL, TY_BOOL);
      if (n >= 0)
        c->nodes[n].ref = tok_is(c, t, "true");
      return n;
    }
    if (peek(c).kind == K_LP)
      return parse_call(c, t);
    if (tok_is(c, t, "level") || tok_is(c, t, "flag_count")) {
      if (!(c->allow & EXPR_ALLOW_RESULTS)) {
        cc_error(c, t.start, "'%.*s' can only be used in recommendations", (int)t.len,
                 c->src + t.start);
        return -1;
      }
      if (tok_is(c, t, "level")) {
        int32_t n = new_node(c, OP_LEVEL, TY_CHOICE);
        if (n >= 0)
          c->nodes[n].dom = DOM_LEVEL;
        return n;
      }
      return new_node(c, OP_FLAGCOUNT, TY_NUM);
    }
    int32_t f = resolve_finding(c, t);
    if (f < 0)
      return -1;
    const kb_question *q = &c->kb->questions[f].q;
    uint8_t ty = q->type == BB_BOOLEAN ? TY_BOOL : q->type == BB_CHOICE ? TY_CHOICE : TY_NUM;
    int32_t n = new_node(c, OP_FIND, ty);
    if (n >= 0) {
      c->nodes[n].ref = f;
      c->nodes[n].dom = ty == TY_CHOICE ? f : -1;
    }
    return n;
  }
  case K_END: cc_error(c, t.start, "the condition ends too early"); return -1;
  default:
    cc_error(c, t.start, "unexpected '%.*s'", (int)(t.len ? t.len : 1), c->src + t.start);
    return -1;
  }
}

static int32_t parse_unary(cc *c) {
  token t = peek(c);
  if (tok_is(c, t, "-")) {
    advance(c, t);
    if (++c->depth > MAX_DEPTH) {
      cc_error(c, t.start, "condition is nested too deeply");
      return -1;
    }
    int32_t k = parse_unary(c);
    c->depth--;
    if (c->failed)
      return -1;
    if (c->nodes[k].type != TY_NUM) {
      cc_error(c, t.start, "'-' needs a number, not %s", type_name(c->nodes[k].type));
      return -1;
    }
    int32_t n = new_node(c, OP_NEG, TY_NUM);
    if (n >= 0)
      c->nodes[n].a = k;
    return n;
  }
  return parse_primary(c);
}

static int32_t binary(cc *c, uint8_t op, uint8_t ty, int32_t a, int32_t b) {
  int32_t n = new_node(c, op, ty);
  if (n >= 0) {
    c->nodes[n].a = a;
    c->nodes[n].b = b;
  }
  return n;
}

static int32_t parse_product(cc *c) {
  int32_t a = parse_unary(c);
  for (;;) {
    token t = peek(c);
    if (c->failed || !(tok_is(c, t, "*") || tok_is(c, t, "/")))
      return a;
    advance(c, t);
    int32_t b = parse_unary(c);
    if (c->failed)
      return -1;
    if (c->nodes[a].type != TY_NUM || c->nodes[b].type != TY_NUM) {
      cc_error(c, t.start, "'%c' needs numbers on both sides", c->src[t.start]);
      return -1;
    }
    a = binary(c, tok_is(c, t, "*") ? OP_MUL : OP_DIV, TY_NUM, a, b);
  }
}

static int32_t parse_sum(cc *c) {
  int32_t a = parse_product(c);
  for (;;) {
    token t = peek(c);
    if (c->failed || !(tok_is(c, t, "+") || tok_is(c, t, "-")))
      return a;
    advance(c, t);
    int32_t b = parse_product(c);
    if (c->failed)
      return -1;
    if (c->nodes[a].type != TY_NUM || c->nodes[b].type != TY_NUM) {
      cc_error(c, t.start, "'%c' needs numbers on both sides", c->src[t.start]);
      return -1;
    }
    a = binary(c, tok_is(c, t, "+") ? OP_ADD : OP_SUB, TY_NUM, a, b);
  }
}

/* Checks that a and b may be compared with `op` and resolves strings. */
static void check_compare(cc *c, token t, uint8_t op, int32_t a, int32_t b) {
  uint8_t ta = c->nodes[a].type, tb = c->nodes[b].type;
  int ordering = op != OP_EQ && op != OP_NE;
  if (ta == TY_STR && tb == TY_CHOICE) {
    resolve_choice(c, a, c->nodes[b].dom);
    ta = TY_CHOICE;
  } else if (tb == TY_STR && ta == TY_CHOICE) {
    resolve_choice(c, b, c->nodes[a].dom);
    tb = TY_CHOICE;
  } else if (ta == TY_CHOICE && tb == TY_CHOICE && c->nodes[a].dom != c->nodes[b].dom) {
    cc_error(c, t.start, "these two choices have different values and cannot be compared");
    return;
  }
  if (ta != tb) {
    cc_error(c, t.start, "cannot compare %s with %s", type_name(ta), type_name(tb));
    return;
  }
  if (ta == TY_STR) {
    cc_error(c, t.start, "a string can only be compared with a choice");
    return;
  }
  if (ordering && ta != TY_NUM)
    cc_error(c, t.start, "'%.*s' needs numbers; %s has no order", (int)t.len, c->src + t.start,
             type_name(ta));
}

static int32_t parse_compare(cc *c) {
  int32_t a = parse_sum(c);
  if (c->failed)
    return -1;
  token t = peek(c);
  static const struct {
    const char *s;
    uint8_t op;
  } ops[] = {{"=", OP_EQ}, {"!=", OP_NE}, {"<", OP_LT}, {"<=", OP_LE}, {">", OP_GT}, {">=", OP_GE}};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    if (t.kind == K_OP && tok_is(c, t, ops[i].s)) {
      advance(c, t);
      int32_t b = parse_sum(c);
      if (c->failed)
        return -1;
      check_compare(c, t, ops[i].op, a, b);
      return binary(c, ops[i].op, TY_BOOL, a, b);
    }
  }
  if (tok_is(c, t, "in")) {
    advance(c, t);
    token lb = peek(c);
    if (lb.kind != K_LB) {
      cc_error(c, lb.start, "expected '[' after 'in'");
      return -1;
    }
    advance(c, lb);
    uint8_t ta = c->nodes[a].type;
    if (ta != TY_CHOICE && ta != TY_NUM) {
      cc_error(c, t.start, "'in' needs a choice or a number on its left, not %s", type_name(ta));
      return -1;
    }
    int32_t local[64];
    int nl = 0;
    for (;;) {
      token lit = peek(c);
      int32_t k;
      if (lit.kind == K_STR && ta == TY_CHOICE) {
        k = parse_primary(c);
        resolve_choice(c, k, c->nodes[a].dom);
      } else if (lit.kind == K_NUM && ta == TY_NUM) {
        k = parse_primary(c);
      } else {
        cc_error(c, lit.start, "expected %s in the list",
                 ta == TY_CHOICE ? "a quoted choice" : "a number");
        return -1;
      }
      if (c->failed)
        return -1;
      if (nl == 64) {
        cc_error(c, lit.start, "a list holds at most 64 values");
        return -1;
      }
      local[nl++] = k;
      token sep = peek(c);
      advance(c, sep);
      if (sep.kind == K_COMMA)
        continue;
      if (sep.kind == K_RB)
        break;
      cc_error(c, sep.start, "expected ',' or ']'");
      return -1;
    }
    int32_t n = new_node(c, OP_IN, TY_BOOL);
    if (n < 0)
      return -1;
    c->nodes[n].a = a;
    c->nodes[n].b = (int32_t)c->nk;
    c->nodes[n].nkids = (uint16_t)nl;
    for (int i = 0; i < nl; i++)
      push_kid(c, local[i]);
    return n;
  }
  return a;
}

static int32_t parse_not(cc *c) {
  token t = peek(c);
  if (tok_is(c, t, "not")) {
    advance(c, t);
    if (++c->depth > MAX_DEPTH) {
      cc_error(c, t.start, "condition is nested too deeply");
      return -1;
    }
    int32_t k = parse_not(c);
    c->depth--;
    if (c->failed)
      return -1;
    if (c->nodes[k].type != TY_BOOL) {
      cc_error(c, t.start, "'not' needs a condition, not %s", type_name(c->nodes[k].type));
      return -1;
    }
    int32_t n = new_node(c, OP_NOT, TY_BOOL);
    if (n >= 0)
      c->nodes[n].a = k;
    return n;
  }
  return parse_compare(c);
}

static int32_t parse_logic(cc *c, int is_or) {
  int32_t a = is_or ? parse_logic(c, 0) : parse_not(c);
  for (;;) {
    token t = peek(c);
    if (c->failed || !tok_is(c, t, is_or ? "or" : "and"))
      return a;
    advance(c, t);
    int32_t b = is_or ? parse_logic(c, 0) : parse_not(c);
    if (c->failed)
      return -1;
    if (c->nodes[a].type != TY_BOOL || c->nodes[b].type != TY_BOOL) {
      cc_error(c, t.start, "'%s' needs conditions on both sides, not %s", is_or ? "or" : "and",
               type_name(c->nodes[c->nodes[a].type != TY_BOOL ? a : b].type));
      return -1;
    }
    a = binary(c, is_or ? OP_OR : OP_AND, TY_BOOL, a, b);
  }
}

static int32_t parse_or(cc *c) {
  if (++c->depth > MAX_DEPTH) {
    cc_error(c, c->pos, "condition is nested too deeply");
    return -1;
  }
  int32_t n = parse_logic(c, 1);
  c->depth--;
  return n;
}

/* Whether the tree stays within MAX_TREE_DEPTH. Every node is created
 * after its children, so one pass in creation order sees each child's depth
 * before its parent's: no recursion, whatever the input. */
static int depth_ok(cc *c) {
  uint8_t *d = malloc(c->n ? c->n : 1);
  if (!d) {
    cc_error(c, 0, "out of memory");
    return 0;
  }
  int ok = 1;
  for (size_t i = 0; ok && i < c->n; i++) {
    const xnode *x = &c->nodes[i];
    unsigned deepest = 0;
    int32_t kid[2] = {x->a, x->op == OP_COUNT || x->op == OP_IN ? -1 : x->b};
    for (int k = 0; k < 2; k++)
      if (kid[k] >= 0 && d[kid[k]] > deepest)
        deepest = d[kid[k]];
    for (uint16_t k = 0; (x->op == OP_COUNT || x->op == OP_IN) && k < x->nkids; k++)
      if (d[c->kids[x->b + k]] > deepest)
        deepest = d[c->kids[x->b + k]];
    d[i] = (uint8_t)(deepest + 1);
    if (deepest + 1 > MAX_TREE_DEPTH) {
      cc_error(c, 0,
               "condition is nested too deeply: more than %d levels, counting each 'and', "
               "'or' and operator of a chain as one; use count(...) >= n or split it",
               MAX_TREE_DEPTH);
      ok = 0;
    }
  }
  free(d);
  return ok;
}

expr *expr_compile(const struct bb_kb *kb, const char *src, unsigned allow, bb_error *err) {
  cc c;
  memset(&c, 0, sizeof c);
  c.kb = kb;
  c.src = src;
  c.allow = allow;
  c.err = err;
  int32_t root = parse_or(&c);
  if (!c.failed) {
    token t = peek(&c);
    if (t.kind != K_END)
      cc_error(&c, t.start, "unexpected '%.*s' after the end of the condition",
               (int)(t.len ? t.len : 1), src + t.start);
  }
  if (!c.failed && c.nodes[root].type != TY_BOOL)
    cc_error(&c, 0, "a condition must be true or false, not %s", type_name(c.nodes[root].type));
  if (!c.failed)
    depth_ok(&c);
  expr *e = NULL;
  if (!c.failed)
    e = malloc(sizeof *e);
  if (!e) {
    if (!c.failed)
      cc_error(&c, 0, "out of memory");
    free(c.nodes);
    free(c.kids);
    return NULL;
  }
  e->nodes = c.nodes;
  e->kids = c.kids;
  e->root = root;
  return e;
}

void expr_free(expr *e) {
  if (!e)
    return;
  free(e->nodes);
  free(e->kids);
  free(e);
}

/* ------------------------------------------------------------------ */
/* Evaluation */

static const bb_value UNK = {V_UNKNOWN, 0, 0, 0.0};

static bb_value vbool(int b) {
  bb_value v = {V_BOOL, (uint8_t)(b != 0), 0, 0.0};
  return v;
}

static bb_value vnum(double d) {
  bb_value v = {V_NUM, 0, 0, d};
  return v;
}

static bb_value ev(const expr *e, int32_t i, const expr_env *env);

static bb_tri tri(bb_value v) {
  return v.kind == V_BOOL ? (v.b ? T_TRUE : T_FALSE) : T_UNKNOWN;
}

static int values_equal(bb_value a, bb_value b) {
  switch (a.kind) {
  case V_BOOL: return a.b == b.b;
  case V_NUM: return a.num == b.num;
  default: return a.choice == b.choice;
  }
}

static bb_value ev(const expr *e, int32_t i, const expr_env *env) {
  const xnode *x = &e->nodes[i];
  switch (x->op) {
  case OP_NUM: return vnum(x->num);
  case OP_BOOL: return vbool(x->ref);
  case OP_STR: {
    bb_value v = {V_CHOICE, 0, (int16_t)x->ref, 0.0};
    return v;
  }
  case OP_FIND: return env->findings[x->ref];
  case OP_LEVEL: {
    if (env->level < 0)
      return UNK;
    bb_value v = {V_CHOICE, 0, (int16_t)env->level, 0.0};
    return v;
  }
  case OP_FLAGCOUNT: return env->level < 0 ? UNK : vnum(env->flag_count);
  case OP_FLAG: return env->flag_fired ? vbool(env->flag_fired[x->ref]) : UNK;
  case OP_CAUSE: return env->cause_listed ? vbool(env->cause_listed[x->ref]) : UNK;
  case OP_TOP3:
    return env->cause_rank ? vbool(env->cause_rank[x->ref] >= 0 && env->cause_rank[x->ref] < 3)
                           : UNK;
  case OP_KNOWN: return vbool(env->findings[x->ref].kind != V_UNKNOWN);
  case OP_UNKNOWN: return vbool(env->findings[x->ref].kind == V_UNKNOWN);
  case OP_COUNT: {
    int n = 0;
    for (uint16_t k = 0; k < x->nkids; k++)
      n += tri(ev(e, e->kids[x->b + k], env)) == T_TRUE;
    return vnum(n);
  }
  case OP_AND: {
    bb_tri a = tri(ev(e, x->a, env));
    if (a == T_FALSE)
      return vbool(0);
    bb_tri b = tri(ev(e, x->b, env));
    if (b == T_FALSE)
      return vbool(0);
    return a == T_TRUE && b == T_TRUE ? vbool(1) : UNK;
  }
  case OP_OR: {
    bb_tri a = tri(ev(e, x->a, env));
    if (a == T_TRUE)
      return vbool(1);
    bb_tri b = tri(ev(e, x->b, env));
    if (b == T_TRUE)
      return vbool(1);
    return a == T_FALSE && b == T_FALSE ? vbool(0) : UNK;
  }
  case OP_NOT: {
    bb_tri a = tri(ev(e, x->a, env));
    return a == T_UNKNOWN ? UNK : vbool(a == T_FALSE);
  }
  case OP_NEG: {
    bb_value a = ev(e, x->a, env);
    return a.kind == V_NUM ? vnum(-a.num) : UNK;
  }
  case OP_ADD:
  case OP_SUB:
  case OP_MUL:
  case OP_DIV: {
    bb_value a = ev(e, x->a, env), b = ev(e, x->b, env);
    if (a.kind != V_NUM || b.kind != V_NUM)
      return UNK;
    switch (x->op) {
    case OP_ADD: return vnum(a.num + b.num);
    case OP_SUB: return vnum(a.num - b.num);
    case OP_MUL: return vnum(a.num * b.num);
    default: return b.num == 0.0 ? UNK : vnum(a.num / b.num);
    }
  }
  case OP_IN: {
    bb_value a = ev(e, x->a, env);
    if (a.kind == V_UNKNOWN)
      return UNK;
    for (uint16_t k = 0; k < x->nkids; k++)
      if (values_equal(a, ev(e, e->kids[x->b + k], env)))
        return vbool(1);
    return vbool(0);
  }
  default: { /* comparisons */
    bb_value a = ev(e, x->a, env), b = ev(e, x->b, env);
    if (a.kind == V_UNKNOWN || b.kind == V_UNKNOWN)
      return UNK;
    switch (x->op) {
    case OP_EQ: return vbool(values_equal(a, b));
    case OP_NE: return vbool(!values_equal(a, b));
    case OP_LT: return vbool(a.num < b.num);
    case OP_LE: return vbool(a.num <= b.num);
    case OP_GT: return vbool(a.num > b.num);
    default: return vbool(a.num >= b.num);
    }
  }
  }
}

bb_tri expr_eval(const expr *e, const expr_env *env) {
  return tri(ev(e, e->root, env));
}

/* ------------------------------------------------------------------ */
/* Explanations and references */

static void each_finding(const expr *e, int32_t i, void (*use)(void *, int), void *ud) {
  if (i < 0)
    return;
  const xnode *x = &e->nodes[i];
  switch (x->op) {
  case OP_FIND:
  case OP_KNOWN:
  case OP_UNKNOWN: use(ud, x->ref); return;
  case OP_COUNT:
    for (uint16_t k = 0; k < x->nkids; k++)
      each_finding(e, e->kids[x->b + k], use, ud);
    return;
  case OP_IN: each_finding(e, x->a, use, ud); return;
  case OP_NUM:
  case OP_BOOL:
  case OP_STR:
  case OP_LEVEL:
  case OP_FLAGCOUNT:
  case OP_FLAG:
  case OP_CAUSE:
  case OP_TOP3: return;
  default: each_finding(e, x->a, use, ud); each_finding(e, x->b, use, ud);
  }
}

void expr_findings(const expr *e, void (*use)(void *ud, int finding), void *ud) {
  each_finding(e, e->root, use, ud);
}

static void explain(const expr *e, int32_t i, const expr_env *env, void (*add)(void *, int),
                    void *ud) {
  const xnode *x = &e->nodes[i];
  switch (x->op) {
  case OP_AND:
    explain(e, x->a, env, add, ud);
    explain(e, x->b, env, add, ud);
    return;
  case OP_OR:
    if (tri(ev(e, x->a, env)) == T_TRUE)
      explain(e, x->a, env, add, ud);
    if (tri(ev(e, x->b, env)) == T_TRUE)
      explain(e, x->b, env, add, ud);
    return;
  case OP_COUNT:
    for (uint16_t k = 0; k < x->nkids; k++)
      if (tri(ev(e, e->kids[x->b + k], env)) == T_TRUE)
        explain(e, e->kids[x->b + k], env, add, ud);
    return;
  case OP_LT:
  case OP_LE:
  case OP_GT:
  case OP_GE:
  case OP_EQ:
  case OP_NE:
    /* count(...) >= 3: the conditions that counted, not all it reads */
    if (e->nodes[x->a].op == OP_COUNT || e->nodes[x->b].op == OP_COUNT) {
      explain(e, x->a, env, add, ud);
      explain(e, x->b, env, add, ud);
      return;
    }
    each_finding(e, i, add, ud);
    return;
  default:
    /* a bare finding, known()/unknown(), not, arithmetic, a comparison:
     * every finding it reads */
    each_finding(e, i, add, ud);
  }
}

void expr_explain(const expr *e, const expr_env *env, void (*add)(void *ud, int finding),
                  void *ud) {
  explain(e, e->root, env, add, ud);
}
