/* pages_fit.c -- the sleep-support fit: body and mattress in, the side
 * view, the verdict, the numbers and the zones out (bb_fit_run, its
 * picture and its text: the same as `bedback fit`). The fields are the
 * knowledge base's questions that bb_fit_input_from_answers reads. */
#include "pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What bb_fit_input_from_answers reads (include/bedback.h). */
static const char *const FIT_IDS[] = {
    "sex",           "height_cm",      "weight_kg",         "shoulder_width_cm", "hip_width_cm",
    "head_width_cm", "sleep_position", "mattress_firmness", "pillow_height_cm",  "pillow_firmness"};
#define NFIT (sizeof FIT_IDS / sizeof *FIT_IDS)

static void fit_form(const sv_request *rq, sv_response *rs, int prefill, const pg_problems *ps) {
  const bb_kb *kb = rq->srv->kb;
  sv_buf *b = &rs->body;
  sv_buf_puts(b, "<form method=\"post\" action=\"/fit\" class=\"fit-form\" id=\"fit-form\">\n");
  sv_csrf_field(rq, b);
  sv_buf_puts(b, "<section class=\"sect\" aria-labelledby=\"fit-body\"><h2 id=\"fit-body\">"
                 "Your body</h2>\n<p class=\"sect-intro\">Sex, height and weight are needed; "
                 "the widths are estimated when you leave them empty.</p>\n");
  for (size_t i = 0; i < NFIT; i++) {
    const bb_question *q = bb_kb_find_question(kb, FIT_IDS[i]);
    if (!q)
      continue;
    if (!strcmp(FIT_IDS[i], "sleep_position"))
      sv_buf_puts(b, "</section>\n<section class=\"sect\" aria-labelledby=\"fit-bed\"><h2 "
                     "id=\"fit-bed\">Your bed</h2>\n");
    pg_question(b, kb, q, prefill ? sv_form(rq, FIT_IDS[i]) : NULL, pg_problem_for(ps, FIT_IDS[i]));
  }
  const char *t = prefill ? sv_form(rq, "thickness_cm") : NULL;
  sv_buf_puts(b, "<div class=\"q\"><label class=\"qtext\" for=\"f-thickness_cm\">How thick is "
                 "your mattress?</label>\n");
  const char *tp = pg_problem_for(ps, "thickness_cm");
  if (tp) {
    sv_buf_puts(b, "<p class=\"err\" id=\"e-thickness_cm\">");
    sv_buf_html(b, tp);
    sv_buf_puts(b, "</p>\n");
  }
  sv_buf_puts(b, "<div class=\"num\"><input type=\"number\" id=\"f-thickness_cm\" "
                 "name=\"thickness_cm\" min=\"5\" max=\"50\" step=\"any\" inputmode=\"decimal\" "
                 "aria-describedby=\"h-thickness_cm\" value=\"");
  sv_buf_html(b, t ? t : "");
  sv_buf_puts(b, "\"/> <span class=\"unit\">cm</span></div>\n<p class=\"hint\" "
                 "id=\"h-thickness_cm\">Leave it empty for 20 cm.</p></div>\n</section>\n"
                 "<div class=\"actions\"><button type=\"submit\" class=\"primary\">Show how I "
                 "lie</button></div>\n</form>\n");
}

int pg_fit(sv_request *rq, sv_response *rs) {
  pg_begin(rs, "How you lie on your mattress", "/fit");
  sv_buf_puts(&rs->body, "<h1>How you lie on your mattress</h1>\n<p class=\"lead\">A mechanical "
                         "model of your body on your mattress: whether your spine lies "
                         "straight, which firmness suits you, and how high your pillow should "
                         "be. It is a model, not a diagnosis.</p>\n");
  fit_form(rq, rs, 0, NULL);
  sv_html_end(rs);
  return 0;
}

int pg_fit_post(sv_request *rq, sv_response *rs) {
  const bb_kb *kb = rq->srv->kb;
  pg_problems ps = {0};
  bb_answers *a = pg_form_answers(rq, kb, FIT_IDS, NFIT, &ps);
  if (!a)
    return sv_fail(rq, rs, 500, NULL, "out of memory reading the answers");
  bb_fit_input in;
  bb_fit_input_init(&in);
  int ok = bb_fit_input_from_answers(a, &in);
  bb_answers_free(a);
  const char *t = sv_form(rq, "thickness_cm");
  if (t && *t) {
    char *end;
    double v = strtod(t, &end);
    if (*end || !isfinite(v))
      pg_problem_add(&ps, "thickness_cm", "Mattress thickness: type a number of centimetres");
    else
      in.thickness_cm = v;
  }
  if (!ok && !ps.n)
    pg_problem_add(&ps, "sex", "Give your sex, height and weight: the model needs them");
  bb_fit *fit = NULL;
  bb_error err;
  if (!ps.n && !(fit = bb_fit_run(&in, &err))) {
    if (err.status != BB_EX_DATAERR)
      return sv_fail_bb(rq, rs, &err);
    pg_problem_add(&ps, *err.key ? err.key : "", err.message);
  }
  pg_begin(rs, ps.n ? "Please check - how you lie" : "How you lie on your mattress", "/fit");
  sv_buf *b = &rs->body;
  sv_buf_puts(b, "<h1>How you lie on your mattress</h1>\n");
  pg_problems_summary(b, &ps);
  if (fit) {
    char *svg = bb_fit_svg(fit);
    char *text = bb_fit_render(fit, BB_FORMAT_TEXT, 0);
    sv_buf_puts(b, "<section class=\"fit-result\" aria-labelledby=\"fit-h\">\n<h2 id=\"fit-h\">"
                   "What the model finds</h2>\n");
    if (svg) {
      sv_buf_puts(b, "<figure class=\"fit-picture\">\n");
      sv_buf_puts(b, svg); /* the library's SVG: XML, escaped there */
      sv_buf_puts(b, "<figcaption>Side view: your body on your mattress, the spine line "
                     "against a straight line.</figcaption>\n</figure>\n");
    }
    if (text) {
      sv_buf_puts(b, "<pre class=\"fit-text\">");
      sv_buf_html(b, text);
      sv_buf_puts(b, "</pre>\n");
    }
    sv_buf_puts(b, "</section>\n<h2>Try other values</h2>\n");
    free(svg);
    free(text);
    bb_fit_free(fit);
  }
  fit_form(rq, rs, 1, &ps);
  if (ps.n)
    rs->status = 422;
  sv_html_end(rs);
  return 0;
}
