/* pages_form.c -- the knowledge base's questions as form fields, and the
 * answers back from a submitted form. The fields are named by question id
 * and their values spelt as typed answers are ("yes", "one_leg", "38"),
 * so that the library reads them as it reads a person typing
 * (bb_answers_set_text). */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void radio(sv_buf *b, const char *id, size_t k, const char *value, const char *label,
                  int checked) {
  sv_buf_puts(b, "<label class=\"opt\"><input type=\"radio\" name=\"");
  sv_buf_html(b, id);
  sv_buf_puts(b, "\" value=\"");
  sv_buf_html(b, value);
  sv_buf_puts(b, "\" id=\"f-");
  sv_buf_html(b, id);
  if (k)
    sv_buf_printf(b, "-%zu", k);
  sv_buf_printf(b, "\"%s/> <span>", checked ? " checked=\"checked\"" : "");
  sv_buf_html(b, label);
  sv_buf_puts(b, "</span></label>\n");
}

/* "yes, in one leg" -> "Yes, in one leg": labels begin a line here */
static void capitalised(char *out, size_t size, const char *s) {
  snprintf(out, size, "%s", s);
  if (*out >= 'a' && *out <= 'z')
    *out = (char)(*out - 'a' + 'A');
}

static void help(sv_buf *b, const bb_question *q) {
  const char *h = bb_question_help(q);
  if (!h || !*h)
    return;
  sv_buf_puts(b, "<details class=\"help\"><summary>More about this question</summary><p>");
  sv_buf_html(b, h);
  sv_buf_puts(b, "</p></details>\n");
}

static void number_text(char *out, size_t size, double v) {
  snprintf(out, size, "%.10g", v);
}

void pg_question(sv_buf *b, const bb_kb *kb, const bb_question *q, const char *value,
                 const char *problem) {
  const char *id = bb_question_id(q);
  bb_type type = bb_question_type(q);
  static const char *const TYPES[] = {"boolean", "integer", "number", "choice"};
  sv_buf_puts(b, "<div class=\"q");
  if (bb_question_is_warning(q))
    sv_buf_puts(b, " warning");
  if (problem)
    sv_buf_puts(b, " invalid");
  sv_buf_puts(b, "\" id=\"q-");
  sv_buf_html(b, id);
  sv_buf_puts(b, "\" data-q=\"");
  sv_buf_html(b, id);
  sv_buf_printf(b, "\" data-type=\"%s\"", TYPES[type]);
  if (bb_question_is_warning(q))
    sv_buf_puts(b, " data-warning=\"1\"");
  if (bb_question_unknown_choice(q) >= 0) {
    sv_buf_puts(b, " data-unknown=\"");
    sv_buf_html(b, bb_question_choice(q, (size_t)bb_question_unknown_choice(q)));
    sv_buf_puts(b, "\"");
  }
  char *cond = bb_question_condition_json(kb, q);
  if (cond) {
    sv_buf_puts(b, " data-ask-when=\"");
    sv_buf_html(b, cond);
    sv_buf_puts(b, "\"");
    free(cond);
  }
  sv_buf_puts(b, ">\n");
  const char *v = value ? value : "";
  if (type == BB_INTEGER || type == BB_NUMBER) {
    sv_buf_puts(b, "<label class=\"qtext\" for=\"f-");
    sv_buf_html(b, id);
    sv_buf_puts(b, "\">");
    sv_buf_html(b, bb_question_text(q));
    sv_buf_puts(b, "</label>\n");
    if (problem) {
      sv_buf_puts(b, "<p class=\"err\" id=\"e-");
      sv_buf_html(b, id);
      sv_buf_puts(b, "\">");
      sv_buf_html(b, problem);
      sv_buf_puts(b, "</p>\n");
    }
    char lo[32], hi[32];
    number_text(lo, sizeof lo, bb_question_min(q));
    number_text(hi, sizeof hi, bb_question_max(q));
    sv_buf_puts(b, "<div class=\"num\"><input type=\"number\" id=\"f-");
    sv_buf_html(b, id);
    sv_buf_puts(b, "\" name=\"");
    sv_buf_html(b, id);
    sv_buf_printf(b, "\" min=\"%s\" max=\"%s\" step=\"%s\" inputmode=\"%s\" value=\"", lo, hi,
                  type == BB_INTEGER ? "1" : "any", type == BB_INTEGER ? "numeric" : "decimal");
    sv_buf_html(b, v);
    sv_buf_puts(b, "\" aria-describedby=\"h-");
    sv_buf_html(b, id);
    if (problem) {
      sv_buf_puts(b, " e-");
      sv_buf_html(b, id);
      sv_buf_puts(b, "\" aria-invalid=\"true");
    }
    sv_buf_puts(b, "\"/>");
    if (*bb_question_unit(q)) {
      sv_buf_puts(b, " <span class=\"unit\">");
      sv_buf_html(b, bb_question_unit(q));
      sv_buf_puts(b, "</span>");
    }
    sv_buf_puts(b, "</div>\n<p class=\"hint\" id=\"h-");
    sv_buf_html(b, id);
    sv_buf_printf(b, "\">From %s to %s", lo, hi);
    if (*bb_question_unit(q)) {
      sv_buf_puts(b, " ");
      sv_buf_html(b, bb_question_unit(q));
    }
    sv_buf_puts(b, ". Leave it empty if you are not sure.</p>\n");
    help(b, q);
    sv_buf_puts(b, "</div>\n");
    return;
  }
  sv_buf_puts(b, "<fieldset");
  if (problem) {
    sv_buf_puts(b, " aria-describedby=\"e-");
    sv_buf_html(b, id);
    sv_buf_puts(b, "\"");
  }
  sv_buf_puts(b, "><legend class=\"qtext\">");
  sv_buf_html(b, bb_question_text(q));
  sv_buf_puts(b, "</legend>\n");
  if (problem) {
    sv_buf_puts(b, "<p class=\"err\" id=\"e-");
    sv_buf_html(b, id);
    sv_buf_puts(b, "\">");
    sv_buf_html(b, problem);
    sv_buf_puts(b, "</p>\n");
  }
  sv_buf_puts(b, "<div class=\"opts\">\n");
  char label[256];
  size_t k = 0;
  int have_unknown = 0;
  if (type == BB_BOOLEAN) {
    radio(b, id, k++, "yes", "Yes", !strcmp(v, "yes"));
    radio(b, id, k++, "no", "No", !strcmp(v, "no"));
  } else {
    for (size_t c = 0; c < bb_question_choice_count(q); c++) {
      const char *choice = bb_question_choice(q, c);
      /* the knowledge base's own "do not know" choice is the not-sure
       * option: it leaves the answer unknown, as the blank one does */
      capitalised(label, sizeof label, bb_question_choice_label(q, c));
      int is_unknown = bb_question_unknown_choice(q) == (int)c;
      if (is_unknown) {
        have_unknown = 1;
        radio(b, id, k++, choice, label, !strcmp(v, choice) || !*v);
      } else
        radio(b, id, k++, choice, label, !strcmp(v, choice));
    }
  }
  if (!have_unknown)
    radio(b, id, k, "", "Not sure", !*v);
  sv_buf_puts(b, "</div>\n");
  help(b, q);
  sv_buf_puts(b, "</fieldset>\n</div>\n");
}

bb_answers *pg_form_answers(const sv_request *rq, const bb_kb *kb, const char *const *ids,
                            size_t nids, pg_problems *ps) {
  bb_answers *a = bb_answers_new(kb);
  if (!a)
    return NULL;
  size_t n = ids ? nids : bb_kb_question_count(kb);
  for (size_t i = 0; i < n; i++) {
    const char *id = ids ? ids[i] : bb_question_id(bb_kb_question(kb, i));
    const char *v = sv_form(rq, id);
    if (!v || !*v)
      continue;
    bb_error err;
    if (bb_answers_set_text(a, id, v, &err) != 0) {
      const bb_question *q = bb_kb_find_question(kb, id);
      char msg[700];
      snprintf(msg, sizeof msg, "%s: %s", q ? bb_question_label(q) : id, err.message);
      if (msg[0] >= 'a' && msg[0] <= 'z')
        msg[0] = (char)(msg[0] - 'a' + 'A');
      pg_problem_add(ps, id, msg);
    }
  }
  return a;
}
