/*
 * answers_get.c -- read one answer by question id (for the fit and any
 * other client that needs a typed value rather than a rule's view).
 */
#include "internal.h"

#include <string.h>

int bb_answers_get_number(const bb_answers *a, const char *id, double *out) {
  int idx = kb_find_finding(a->kb, id, strlen(id));
  if (idx < 0 || a->v[idx].kind != V_NUM)
    return -1;
  *out = a->v[idx].num;
  return 0;
}

const char *bb_answers_get_choice(const bb_answers *a, const char *id) {
  int idx = kb_find_finding(a->kb, id, strlen(id));
  if (idx < 0 || a->v[idx].kind != V_CHOICE)
    return NULL;
  const kb_question *q = &a->kb->questions[idx].q;
  int c = a->v[idx].choice;
  if (c < 0 || (size_t)c >= q->nchoices || c == q->unknown_choice)
    return NULL;
  return q->choices[c];
}
