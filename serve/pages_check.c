/* pages_check.c -- the check (the knowledge base's questions as one form,
 * warning signs first), its result (the library's HTML rendering of the
 * assessment, as a fragment), saving it to the diary and downloading it.
 *
 * Without JavaScript, questions that do not apply follow the answers in
 * a second step: the form lists the questions it showed, and when the
 * answers make a question apply that was not shown, the form comes back
 * with it (answers kept). Answers to questions that no longer apply are
 * dropped, as the interview would not have asked them. An emergency
 * answer shows the result at once, whatever else is unanswered. With
 * JavaScript (web/app.js) questions are shown and hidden as the form is
 * answered and an emergency answer submits the form at once. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is `id` one of the space-separated words of `list`? */
static int listed(const char *list, const char *id) {
  size_t n = strlen(id);
  for (const char *p = list ? list : ""; *p;) {
    while (*p == ' ')
      p++;
    const char *e = p;
    while (*e && *e != ' ')
      e++;
    if ((size_t)(e - p) == n && !strncmp(p, id, n))
      return 1;
    p = e;
  }
  return 0;
}

/* The form. `rq` prefills from what it posted when `prefill`; `a` decides
 * which questions apply (NULL: as with nothing answered); `shown` marks
 * questions new to this step. */
static void check_form(const sv_request *rq, sv_response *rs, int prefill, const bb_answers *a,
                       const char *shown, const pg_problems *ps, const char *notice) {
  const bb_kb *kb = rq->srv->kb;
  sv_buf *b = &rs->body;
  pg_begin(rs, ps && ps->n ? "Please check your answers - the check" : "The check", "/check");
  sv_buf_puts(b, "<h1>The check</h1>\n");
  pg_problems_summary(b, ps);
  if (notice) {
    sv_buf_puts(b, "<p class=\"notice\" role=\"status\">");
    sv_buf_html(b, notice);
    sv_buf_puts(b, "</p>\n");
  }
  sv_buf_puts(b, "<p class=\"lead\">Answer what you can. If you are not sure, leave "
                 "&#8220;Not sure&#8221;: bedback never takes a question you skipped as a "
                 "&#8220;no&#8221;. The warning signs come first.</p>\n"
                 "<form method=\"post\" action=\"/check\" class=\"check\" id=\"check\">\n");
  sv_csrf_field(rq, b);
  bb_answers *none = a ? NULL : bb_answers_new(kb);
  const bb_answers *by = a ? a : none;
  sv_buf sh = {0};
  const char *section = NULL;
  size_t nq = bb_kb_question_count(kb);
  for (size_t i = 0; i < nq; i++) {
    const bb_question *q = bb_kb_question(kb, i);
    /* a question that does not apply is in the page, hidden: app.js shows
     * it as soon as it applies; without JavaScript the second step does */
    int applies = by && bb_question_applies(by, q);
    if (!section || strcmp(section, bb_question_section(q))) {
      if (section)
        sv_buf_puts(b, "</section>\n");
      section = bb_question_section(q);
      char title[64];
      pg_section_title(section, title, sizeof title);
      sv_buf_puts(b, "<section class=\"sect");
      if (bb_question_is_warning(q))
        sv_buf_puts(b, " warning");
      sv_buf_puts(b, "\" aria-labelledby=\"s-");
      sv_buf_html(b, section);
      sv_buf_puts(b, "\">\n<h2 id=\"s-");
      sv_buf_html(b, section);
      sv_buf_puts(b, "\">");
      sv_buf_html(b, title);
      sv_buf_puts(b, "</h2>\n");
      if (bb_question_is_warning(q))
        sv_buf_puts(b, "<p class=\"sect-intro\">These come first. If one of them is new, "
                       "bedback tells you at once what to do.</p>\n");
    }
    if (!applies) {
      /* kept in the page, hidden and disabled, for app.js to show */
      sv_buf_puts(b, "<div class=\"later\" hidden=\"hidden\">\n");
    } else {
      sv_buf_printf(&sh, "%s%s", sh.n ? " " : "", bb_question_id(q));
    }
    const char *v = prefill ? sv_form(rq, bb_question_id(q)) : NULL;
    if (shown && applies && !listed(shown, bb_question_id(q)))
      sv_buf_puts(b, "<div class=\"new\">\n<p class=\"new-tag\">New question</p>\n");
    pg_question(b, kb, q, v, pg_problem_for(ps, bb_question_id(q)));
    if (shown && applies && !listed(shown, bb_question_id(q)))
      sv_buf_puts(b, "</div>\n");
    if (!applies)
      sv_buf_puts(b, "</div>\n");
  }
  if (section)
    sv_buf_puts(b, "</section>\n");
  sv_buf_puts(b, "<input type=\"hidden\" name=\"shown\" value=\"");
  sv_buf_html(b, sh.p ? sh.p : "");
  sv_buf_puts(b, "\"/>\n<div class=\"actions\"><button type=\"submit\" class=\"primary\">"
                 "See my result</button></div>\n</form>\n");
  sv_buf_free(&sh);
  bb_answers_free(none);
  sv_html_end(rs);
}

int pg_check(sv_request *rq, sv_response *rs) {
  check_form(rq, rs, 0, NULL, NULL, NULL, NULL);
  return 0;
}

/* The hidden field that carries the answers to the next form. */
static void answers_field(sv_buf *b, const char *json) {
  sv_buf_puts(b, "<input type=\"hidden\" name=\"answers\" value=\"");
  sv_buf_html(b, json);
  sv_buf_puts(b, "\"/>\n");
}

static void result_page(const sv_request *rq, sv_response *rs, const bb_assessment *as,
                        const bb_answers *a) {
  int today = 0, hour = 0;
  sv_now(&today, &hour);
  char *frag = bb_render_dated(as, BB_FORMAT_HTML, BB_RENDER_FRAGMENT, today);
  char *json = bb_answers_to_json(a);
  if (!frag || !json) {
    free(frag);
    free(json);
    sv_fail(rq, rs, 500, NULL, "out of memory rendering the result");
    return;
  }
  bb_level lv = bb_assessment_level(as);
  pg_begin(rs, lv == BB_EMERGENCY ? "Emergency - your result" : "Your result", "/check");
  sv_buf *b = &rs->body;
  sv_buf_printf(b, "<div class=\"result level-%s\">\n", bb_level_name(lv));
  sv_buf_puts(b, frag);
  sv_buf_puts(b, "</div>\n<section class=\"keep no-print\" aria-labelledby=\"keep-h\">\n"
                 "<h2 id=\"keep-h\">Keep this result</h2>\n"
                 "<form method=\"post\" action=\"/result/save\" class=\"inline\">\n");
  sv_csrf_field(rq, b);
  answers_field(b, json);
  sv_buf_puts(b, "<button type=\"submit\" class=\"primary\">Save to my diary</button>\n</form>\n"
                 "<form method=\"post\" action=\"/result/download\" class=\"inline\">\n");
  sv_csrf_field(rq, b);
  answers_field(b, json);
  sv_buf_puts(b, "<button type=\"submit\" name=\"format\" value=\"html\">Download the handout"
                 "</button>\n<button type=\"submit\" name=\"format\" value=\"markdown\">Download "
                 "as Markdown</button>\n<button type=\"submit\" name=\"format\" value=\"json\">"
                 "Download as JSON</button>\n</form>\n"
                 "<p><button type=\"button\" class=\"js-only\" data-print=\"1\" hidden=\"hidden\">"
                 "Print the handout</button> To print it, use your browser&#8217;s Print: the "
                 "page prints as a one- or two-page handout without the buttons.</p>\n"
                 "<p><a href=\"/check\">Start the check again</a></p>\n</section>\n");
  free(frag);
  free(json);
  sv_html_end(rs);
}

int pg_check_post(sv_request *rq, sv_response *rs) {
  const bb_kb *kb = rq->srv->kb;
  pg_problems ps = {0};
  bb_answers *a = pg_form_answers(rq, kb, NULL, 0, &ps);
  if (!a)
    return sv_fail(rq, rs, 500, NULL, "out of memory reading the answers");
  if (ps.n) {
    bb_answers_free(a);
    check_form(rq, rs, 1, NULL, NULL, &ps, NULL);
    rs->status = 422;
    return 0;
  }
  /* answers to questions that no longer apply are dropped; a condition
   * reads only questions before its own, so one pass in order settles */
  size_t nq = bb_kb_question_count(kb);
  for (size_t i = 0; i < nq; i++) {
    const bb_question *q = bb_kb_question(kb, i);
    if (!bb_question_applies(a, q))
      bb_answers_clear(a, bb_question_id(q));
  }
  bb_error err;
  bb_assessment *as = bb_assess(kb, a, &err);
  if (!as) {
    bb_answers_free(a);
    return sv_fail_bb(rq, rs, &err);
  }
  const char *shown = sv_form(rq, "shown");
  int more = 0;
  for (size_t i = 0; shown && i < nq && bb_assessment_level(as) != BB_EMERGENCY; i++) {
    const bb_question *q = bb_kb_question(kb, i);
    if (bb_question_applies(a, q) && !bb_answers_known(a, bb_question_id(q)) &&
        !listed(shown, bb_question_id(q)))
      more = 1;
  }
  if (more)
    check_form(rq, rs, 1, a, shown, NULL,
               "Your answers bring a few more questions, marked \u201cNew question\u201d. "
               "Answer what you can and press \u201cSee my result\u201d again.");
  else
    result_page(rq, rs, as, a);
  bb_assessment_free(as);
  bb_answers_free(a);
  return 0;
}

/* The answers a result page carried (its hidden field); NULL after
 * filling `rs` with the error. */
static bb_answers *carried_answers(sv_request *rq, sv_response *rs) {
  const char *json = sv_form(rq, "answers");
  bb_error err;
  if (!json) {
    sv_fail(rq, rs, 400, "answers", "the form has no answers: start the check again");
    return NULL;
  }
  bb_answers *a = bb_answers_parse(rq->srv->kb, json, strlen(json), "answers", &err, NULL, NULL);
  if (!a)
    sv_fail_bb(rq, rs, &err);
  return a;
}

int pg_result_download(sv_request *rq, sv_response *rs) {
  bb_answers *a = carried_answers(rq, rs);
  if (!a)
    return 0;
  const char *fmt = sv_form(rq, "format");
  bb_format f;
  if (!fmt || bb_format_parse(fmt, &f) != 0 || f == BB_FORMAT_TEXT) {
    bb_answers_free(a);
    return sv_fail(rq, rs, 400, "format", "the download format must be html, markdown or json");
  }
  bb_error err;
  bb_assessment *as = bb_assess(rq->srv->kb, a, &err);
  if (!as) {
    bb_answers_free(a);
    return sv_fail_bb(rq, rs, &err);
  }
  int today = 0, hour = 0;
  sv_now(&today, &hour);
  /* the assessment reads its answers while rendering: freed after */
  char *out = bb_render_dated(as, f, 0, today);
  bb_assessment_free(as);
  bb_answers_free(a);
  if (!out)
    return sv_fail(rq, rs, 500, NULL, "out of memory rendering the result");
  char date[11];
  bb_date_format(today, date);
  static const char *const EXT[] = {"txt", "json", "md", "html"};
  static const char *const TYPE[] = {"text/plain; charset=utf-8", "application/json",
                                     "text/markdown; charset=utf-8", "text/html; charset=utf-8"};
  snprintf(rs->filename, sizeof rs->filename, "bedback-assessment-%s.%s", date, EXT[f]);
  rs->type = TYPE[f];
  rs->flags |= SV_ATTACHMENT | SV_PERSONAL;
  sv_buf_adopt(&rs->body, out);
  return 0;
}

int pg_result_save(sv_request *rq, sv_response *rs) {
  bb_answers *a = carried_answers(rq, rs);
  if (!a)
    return 0;
  const bb_kb *kb = rq->srv->kb;
  bb_error err;
  bb_assessment *as = bb_assess(kb, a, &err);
  bb_saved_texts saved;
  int made = as ? bb_saved_texts_init(&saved, "assess", kb, a, as, NULL) : -1;
  bb_answers_free(a);
  if (made != 0) {
    bb_assessment_free(as);
    return as ? sv_fail(rq, rs, 500, NULL, "out of memory saving the result")
              : sv_fail_bb(rq, rs, &err);
  }
  bb_diary *d = sv_diary_open(rq->srv, 0, &err);
  int rc = d ? bb_diary_save_assessment(d, &saved.rec, &err) : -1;
  bb_diary_close(d);
  bb_saved_texts_clear(&saved);
  bb_assessment_free(as);
  if (rc != 0)
    return sv_fail_bb(rq, rs, &err);
  sv_redirect(rs, "/diary?saved=assessment");
  return 0;
}
