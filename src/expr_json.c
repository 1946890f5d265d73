/* expr_json.c -- a compiled condition written out as a JSON tree, for a
 * page that shows and hides questions as they are answered (the web
 * form's app.js) with the same three-valued logic as expr.c, instead of a
 * second parser of the condition language in another language. Names are
 * written as the knowledge base spells them; the tree is the compiled
 * one, so what the browser evaluates is what bb_question_applies
 * evaluates. */
#include "expr_nodes.h"
#include "internal.h"

#include <jansson.h>
#include <stdlib.h>

char *bbr_json_dump(json_t *root);

static const char *const OP_NAMES[] = {
    [OP_AND] = "and", [OP_OR] = "or", [OP_NOT] = "not", [OP_NEG] = "neg", [OP_ADD] = "+",
    [OP_SUB] = "-",   [OP_MUL] = "*", [OP_DIV] = "/",   [OP_EQ] = "==",   [OP_NE] = "!=",
    [OP_LT] = "<",    [OP_LE] = "<=", [OP_GT] = ">",    [OP_GE] = ">="};

static json_t *pair(const char *op, const char *name) {
  return json_pack("[ss]", op, name ? name : "");
}

/* Literal text of a string node: its span of the condition's source (the
 * compiler checked it names a choice or a level). */
static json_t *literal(const xnode *x, const char *src) {
  if (!src || x->dom < 0 || x->slen < 0)
    return json_null();
  return json_stringn(src + x->dom, (size_t)x->slen);
}

static json_t *node(const bb_kb *kb, const expr *e, const char *src, int32_t i, int depth) {
  if (i < 0 || (size_t)i >= e->n || depth > 200)
    return json_null();
  const xnode *x = &e->nodes[i];
  switch (x->op) {
  case OP_NUM: return json_real(x->num);
  case OP_BOOL: return json_boolean(x->ref);
  case OP_STR: return literal(x, src);
  case OP_FIND: return pair("q", kb->questions[x->ref].q.id);
  case OP_KNOWN: return pair("known", kb->questions[x->ref].q.id);
  case OP_UNKNOWN: return pair("unknown", kb->questions[x->ref].q.id);
  case OP_LEVEL: return json_pack("[s]", "level");
  case OP_FLAGCOUNT: return json_pack("[s]", "flag_count");
  case OP_FLAG: return pair("flag", kb->flags[x->ref].id);
  case OP_CAUSE: return pair("cause", kb->causes[x->ref].id);
  case OP_TOP3: return pair("top3", kb->causes[x->ref].id);
  case OP_COUNT:
  case OP_IN: {
    json_t *a = json_array();
    json_array_append_new(a, json_string(x->op == OP_IN ? "in" : "count"));
    if (x->op == OP_IN)
      json_array_append_new(a, node(kb, e, src, x->a, depth + 1));
    json_t *kids = x->op == OP_IN ? json_array() : a;
    for (uint16_t k = 0; k < x->nkids; k++)
      json_array_append_new(kids, node(kb, e, src, e->kids[x->b + k], depth + 1));
    if (kids != a)
      json_array_append_new(a, kids);
    return a;
  }
  case OP_NOT:
  case OP_NEG: return json_pack("[so]", OP_NAMES[x->op], node(kb, e, src, x->a, depth + 1));
  default:
    if (x->op >= sizeof OP_NAMES / sizeof *OP_NAMES || !OP_NAMES[x->op])
      return json_null();
    return json_pack("[soo]", OP_NAMES[x->op], node(kb, e, src, x->a, depth + 1),
                     node(kb, e, src, x->b, depth + 1));
  }
}

char *bb_question_condition_json(const bb_kb *kb, const bb_question *q) {
  if (!kb || !q || !q->q.ask_when)
    return NULL;
  json_t *root = node(kb, q->q.ask_when, q->q.ask_when_src, q->q.ask_when->root, 0);
  if (!root)
    return NULL;
  char *s = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(17) | JSON_ENCODE_ANY);
  json_decref(root);
  return s;
}
