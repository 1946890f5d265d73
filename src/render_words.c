/* render_words.c -- findings and answers in words for people: the text,
 * Markdown and HTML renderings speak in the knowledge base's labels
 * ("new weakness in a leg or foot: yes, in one leg"); ids are for JSON. */
#include "internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A choice of `q` in words: its label, else the choice with spaces. */
static void choice_words(const kb_question *q, int i, char *buf, size_t size) {
  const char *s = (size_t)i < q->nlabels ? q->labels[i] : q->choices[i];
  snprintf(buf, size, "%s", s);
  if ((size_t)i >= q->nlabels)
    for (char *p = buf; *p; p++)
      if (*p == '_')
        *p = ' ';
}

static void number_words(const kb_question *q, double v, char *buf, size_t size) {
  char n[32];
  if (q->derived && v != (double)(long long)v)
    snprintf(n, sizeof n, "%.1f", v);
  else
    bbu_fmt_num(n, sizeof n, v);
  if ((!q->unit || !*q->unit) && q->type == BB_INTEGER && q->max == 10 && q->min <= 1)
    snprintf(buf, size, "%s out of 10", n); /* the 0-10 and 1-10 scales */
  else
    snprintf(buf, size, "%s%s%s", n, q->unit && *q->unit ? " " : "", q->unit ? q->unit : "");
}

/* The value text of a because-item ("true", "9", "one_leg", "unknown")
 * in words. */
static void value_text_words(const kb_question *q, const char *v, char *buf, size_t size) {
  if (!strcmp(v, "unknown")) {
    /* a finding bedback works out (bmi, the fit's) is not a question the
     * person left: it could not be worked out (no height or weight, or a
     * position the model does not cover) */
    snprintf(buf, size, "%s", q->derived ? "not worked out" : "not answered");
  } else if (q->type == BB_BOOLEAN) {
    snprintf(buf, size, "%s", !strcmp(v, "true") ? "yes" : !strcmp(v, "false") ? "no" : v);
  } else if (q->type == BB_CHOICE) {
    int i = kb_choice_index(q, v, strlen(v));
    if (i >= 0)
      choice_words(q, i, buf, size);
    else
      snprintf(buf, size, "%s", v);
  } else {
    char *end;
    double d = strtod(v, &end);
    if (end != v && !*end)
      number_words(q, d, buf, size);
    else
      snprintf(buf, size, "%s", v);
  }
}

const char *bbr_because_words(const bb_kb *kb, const char *item, char *buf, size_t size) {
  const char *eq = strstr(item, " = ");
  int i = eq ? kb_find_finding(kb, item, (size_t)(eq - item)) : -1;
  if (i < 0) {
    /* not a finding (a knowledge base newer than this program): say it
     * as it is rather than drop it */
    snprintf(buf, size, "%s", item);
    return buf;
  }
  const kb_question *q = &kb->questions[i].q;
  char v[128];
  value_text_words(q, eq + 3, v, sizeof v);
  snprintf(buf, size, "%s: %s", q->label && *q->label ? q->label : q->text, v);
  return buf;
}

void bbr_because_list(bbu_buf *b, const bb_kb *kb, const char *const *items, size_t n,
                      const char *sep) {
  for (size_t i = 0; i < n; i++) {
    char w[512];
    if (i)
      bbu_buf_add(b, sep);
    bbu_buf_add(b, bbr_because_words(kb, items[i], w, sizeof w));
  }
}

const char *bbr_json_answer_words(const kb_question *q, const json_t *v, char *buf, size_t size) {
  if (!v || json_is_null(v))
    snprintf(buf, size, "not answered");
  else if (json_is_boolean(v))
    snprintf(buf, size, "%s", json_is_true(v) ? "yes" : "no");
  else if (json_is_number(v))
    number_words(q, json_number_value(v), buf, size);
  else if (json_is_string(v)) {
    const char *s = json_string_value(v);
    int i = kb_choice_index(q, s, strlen(s));
    if (i >= 0)
      choice_words(q, i, buf, size);
    else
      snprintf(buf, size, "%s", s);
  } else
    snprintf(buf, size, "?");
  return buf;
}

/* The end of the sentence that starts at `p`: after its '.' or '?'
 * followed by a space or the end ("2.5 cm" does not end one), or NULL. */
static char *sentence_end(char *p) {
  for (; *p; p++)
    if ((*p == '.' || *p == '?') && (p[1] == ' ' || !p[1]))
      return p + 1;
  return NULL;
}

const char *bbr_question_words(const kb_question *q, char *buf, size_t size) {
  snprintf(buf, size, "%s", q->text);
  /* the interview's typing instruction ("Type a number from 0 ...") is for
   * the person at the keyboard, not for the reader of a report */
  char *p = buf;
  while ((p = strstr(p, " Type ")) != NULL) {
    if (p == buf || (p[-1] != '.' && p[-1] != '?')) {
      p++;
      continue;
    }
    char *end = sentence_end(p + 1);
    if (!end)
      break;
    memmove(p, end, strlen(end) + 1);
  }
  return buf;
}

const char *bbr_id_words(const char *id, char sep, char *buf, size_t size) {
  snprintf(buf, size, "%s", id ? id : "");
  for (char *p = buf; *p; p++)
    if (*p == '_')
      *p = sep;
  return buf;
}
