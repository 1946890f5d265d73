/*
 * expr_nodes.h -- a compiled condition's layout (expr.c), shared with the
 * knowledge-base generator (tools/kbgen_emit.c), which writes compiled
 * conditions out as C data for the built-in knowledge base (kbcompiled.c).
 */
#ifndef BB_EXPR_NODES_H
#define BB_EXPR_NODES_H

#include <stddef.h>
#include <stdint.h>

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
