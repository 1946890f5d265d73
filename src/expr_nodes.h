/*
 * expr_nodes.h -- a compiled condition's layout (expr.c), shared with the
 * knowledge-base generator (tools/kbgen_emit.c), which writes compiled
 * conditions out as C data for the built-in knowledge base (kbcompiled.c).
 */
#ifndef BB_EXPR_NODES_H
#define BB_EXPR_NODES_H

#include <stddef.h>
#include <stdint.h>

/* The operators (xnode.op). */
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
  size_t n, nk; /* nodes and kids: what the generator writes out */
};

#endif
