/* pages_routine.c -- the guided bedtime routine and the heat timer.
 *
 * Both follow the command line's rule (`bedback routine`, `bedback heat`):
 * the routine is built on the answers on record in the diary (the last
 * saved ones with each warning sign as its newest record has it), else
 * the general relief set; and both refuse, showing the warning signs and
 * what to do, when those answers or the warning signs on record are
 * urgent or an emergency. Without JavaScript the routine is a list and
 * the rating a form; web/app.js guides it one exercise at a time with
 * its countdowns. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  bb_diary_view *v;
  bb_warnings *w;
  bb_answers *a;
  bb_assessment *as;
  const char *source; /* what the routine is built on, for people */
  int refused;
} plan;

static void plan_free(plan *p) {
  bb_assessment_free(p->as);
  bb_answers_free(p->a);
  bb_warnings_free(p->w);
  bb_diary_view_free(p->v);
}

static int plan_make(const sv_request *rq, plan *p, bb_error *err) {
  memset(p, 0, sizeof *p);
  const bb_kb *kb = rq->srv->kb;
  if (pg_read_signs(rq, &p->v, &p->w, err) != 0)
    return -1;
  if (p->v && (p->v->assessment || p->v->nsigns)) {
    char *json = bb_answers_to_json(bb_warnings_answers(p->w));
    p->a = json ? bb_answers_parse(kb, json, strlen(json), "<diary>", err, NULL, NULL) : NULL;
    free(json);
    p->source = bb_warnings_count(p->w) ? "your saved answers with the warning signs on record"
                                        : "your last saved check";
  } else {
    p->a = bb_answers_new(kb);
    p->source = "the general relief set: no check has been saved yet";
  }
  if (!p->a || !(p->as = bb_assess(kb, p->a, err))) {
    if (!err->status)
      bb_error_clear(err), err->status = BB_EX_SOFTWARE;
    return -1;
  }
  p->refused = bb_assessment_level(p->as) >= BB_URGENT || bb_warnings_level(p->w) >= BB_URGENT;
  return 0;
}

/* The warning signs on record, as the diary shows them. */
static void signs_block(sv_buf *b, const bb_warnings *w) {
  char *signs = bb_warnings_render(w, BB_FORMAT_HTML, 0, 0);
  if (signs) {
    sv_buf_puts(b, "<div class=\"bb-a signs-block\">\n");
    sv_buf_puts(b, signs);
    sv_buf_puts(b, "</div>\n");
  }
  free(signs);
}

/* The refusal: the warning signs on record first, then (when the answers
 * themselves are urgent and no sign on record says so) their result. */
static void refusal(const sv_request *rq, sv_response *rs, const plan *p, const char *what) {
  (void)rq;
  sv_buf *b = &rs->body;
  sv_buf_printf(b, "<h1>The %s is not for now</h1>\n", what);
  if (bb_warnings_count(p->w)) {
    signs_block(b, p->w);
  } else {
    char *frag = bb_render(p->as, BB_FORMAT_HTML, BB_RENDER_FRAGMENT);
    if (frag) {
      sv_buf_printf(b, "<div class=\"result level-%s\">\n",
                    bb_level_name(bb_assessment_level(p->as)));
      sv_buf_puts(b, frag);
      sv_buf_puts(b, "</div>\n");
    }
    free(frag);
  }
  sv_buf_printf(b,
                "<p class=\"notice\">%s says to get medical advice first. Once a clinician has "
                "seen you, <a href=\"/check\">do the check again</a> and save it. A warning sign "
                "logged by mistake can be withdrawn in <a href=\"/diary\">your diary</a>.</p>\n",
                bb_warnings_level(p->w) >= BB_URGENT ? "A warning sign on record"
                                                     : "Your saved check");
}

/* Not refused, but someone should see them (consult): the signs on
 * record, or the saved check's advice, before the exercises -- as the
 * command line's routine and heat -- with what the self-care is meanwhile. */
static void reminder(sv_buf *b, const plan *p, const char *what) {
  int signs = bb_warnings_count(p->w) > 0;
  if (!signs && bb_assessment_level(p->as) != BB_CONSULT)
    return;
  if (signs)
    signs_block(b, p->w);
  sv_buf_puts(b, "<div class=\"notice seek\" role=\"note\">\n");
  if (!signs) {
    sv_buf_puts(b, "<p><strong>See a clinician.</strong> ");
    sv_buf_html(b, bb_assessment_headline(p->as));
    sv_buf_puts(b, "</p>\n");
  }
  sv_buf_printf(
      b,
      "<p>The %s is self-care to keep going while you wait; it does not take the place of "
      "seeing someone.</p>\n</div>\n",
      what);
}

/* The exercise's figure from the knowledge base, when it has one. */
static void figure(sv_buf *b, const bb_exercise *x) {
  char *svg = bb_exercise_figure_svg(x, 0);
  if (svg) {
    sv_buf_puts(b, "<div class=\"ex-fig\">");
    sv_buf_puts(b, svg); /* the library's SVG: XML, escaped there */
    sv_buf_puts(b, "</div>\n");
    free(svg);
  }
}

static void exercise_card(sv_buf *b, const bb_exercise *x, size_t n) {
  int hold = bb_exercise_hold_seconds(x), minutes = bb_exercise_minutes(x);
  int reps = bb_exercise_repetitions(x);
  sv_buf_puts(b, "<li class=\"exercise\" id=\"x-");
  sv_buf_html(b, bb_exercise_id(x));
  sv_buf_printf(b,
                "\" data-hold=\"%d\" data-reps=\"%d\" data-sides=\"%d\" data-minutes=\"%d\">\n"
                "<h2 class=\"ex-title\"><span class=\"ex-n\">%zu.</span> ",
                hold, reps > 0 ? reps : 1, bb_exercise_each_side(x) ? 2 : 1, minutes, n);
  sv_buf_html(b, bb_exercise_title(x));
  sv_buf_puts(b, "</h2>\n");
  figure(b, x);
  sv_buf_puts(b, "<p class=\"dosage\">");
  sv_buf_html(b, bb_exercise_dosage(x));
  sv_buf_puts(b, "</p>\n<ol class=\"steps\">\n");
  for (size_t k = 0; k < bb_exercise_step_count(x); k++) {
    sv_buf_puts(b, "<li>");
    sv_buf_html(b, bb_exercise_step(x, k));
    sv_buf_puts(b, "</li>\n");
  }
  sv_buf_puts(b, "</ol>\n");
  if (bb_exercise_caution_count(x)) {
    sv_buf_puts(b, "<ul class=\"cautions\" aria-label=\"Take care\">\n");
    for (size_t k = 0; k < bb_exercise_caution_count(x); k++) {
      sv_buf_puts(b, "<li>");
      sv_buf_html(b, bb_exercise_caution(x, k));
      sv_buf_puts(b, "</li>\n");
    }
    sv_buf_puts(b, "</ul>\n");
  }
  sv_buf_puts(b, "</li>\n");
}

void pg_scale(sv_buf *b, const char *name, int checked, int optional) {
  sv_buf_puts(b, "<div class=\"scale\">\n");
  for (int i = 0; i <= 10; i++) {
    char id[48];
    if (i)
      snprintf(id, sizeof id, "f-%s-%d", name, i);
    else
      snprintf(id, sizeof id, "f-%s", name);
    sv_buf_printf(b,
                  "<label class=\"opt\"><input type=\"radio\" name=\"%s\" value=\"%d\" "
                  "id=\"%s\"%s%s/> <span>%d</span></label>\n",
                  name, i, id, i == checked ? " checked=\"checked\"" : "",
                  !optional && i == 0 ? " required=\"required\"" : "", i);
  }
  if (optional)
    sv_buf_printf(b,
                  "<label class=\"opt wide\"><input type=\"radio\" name=\"%s\" value=\"\"%s/> "
                  "<span>Not said</span></label>\n",
                  name, checked < 0 ? " checked=\"checked\"" : "");
  sv_buf_puts(b, "</div>\n");
}

int pg_routine(sv_request *rq, sv_response *rs) {
  plan p;
  bb_error err;
  if (plan_make(rq, &p, &err) != 0) {
    plan_free(&p);
    return sv_fail_bb(rq, rs, &err);
  }
  pg_begin(rs, "Your bedtime routine", "/routine");
  sv_buf *b = &rs->body;
  if (p.refused) {
    refusal(rq, rs, &p, "routine");
    sv_html_end(rs);
    plan_free(&p);
    return 0;
  }
  const bb_kb *kb = rq->srv->kb;
  sv_buf_puts(b, "<h1>Your bedtime routine</h1>\n");
  reminder(b, &p, "routine");
  sv_buf_puts(b, "<p class=\"lead\">Built on ");
  sv_buf_html(b, p.source);
  sv_buf_puts(b, ".</p>\n"
                 "<section class=\"guide\" id=\"guide\" aria-labelledby=\"guide-h\" "
                 "hidden=\"hidden\">\n<h2 id=\"guide-h\">Guided, one exercise at a time</h2>\n"
                 "<p>bedback counts each hold and the repetitions for you. Keys: "
                 "<kbd>Space</kbd> pauses, <kbd>N</kbd> or <kbd>&#8594;</kbd> goes to the next "
                 "exercise, <kbd>B</kbd> or <kbd>&#8592;</kbd> back.</p>\n"
                 "<p><button type=\"button\" class=\"primary\" id=\"guide-start\">Start the "
                 "guided routine</button></p>\n</section>\n"
                 "<ol class=\"exercises\" id=\"exercises\">\n");
  size_t n = 0;
  for (size_t i = 0; i < bb_assessment_routine_count(p.as); i++) {
    const bb_exercise *x = bb_kb_find_exercise(kb, bb_assessment_routine_id(p.as, i));
    if (x)
      exercise_card(b, x, ++n);
  }
  sv_buf_puts(b, "</ol>\n<section class=\"rate\" id=\"rate\" aria-labelledby=\"rate-h\">\n"
                 "<h2 id=\"rate-h\" tabindex=\"-1\">Done? Log it in your diary</h2>\n"
                 "<form method=\"post\" action=\"/routine/done\">\n");
  sv_csrf_field(rq, b);
  sv_buf_puts(b, "<fieldset><legend>How does your back feel now? 0 (not tight) to 10 "
                 "(worst)</legend>\n");
  pg_scale(b, "rating", -1, 1);
  sv_buf_puts(b, "</fieldset>\n<div class=\"actions\"><button type=\"submit\" "
                 "class=\"primary\">Log the routine</button></div>\n</form>\n</section>\n");
  sv_html_end(rs);
  plan_free(&p);
  return 0;
}

/* A whole number from `min` to `max` in form field `name`; -1 when empty,
 * -2 when it is something else. */
static int form_int(const sv_request *rq, const char *name, int min, int max) {
  const char *s = sv_form(rq, name);
  if (!s || !*s)
    return -1;
  char *end;
  long v = strtol(s, &end, 10);
  return *end || v < min || v > max ? -2 : (int)v;
}

/* Logs a session after checking the gate again: a sign logged in another
 * tab since the page was shown still stops it. */
static int log_session(sv_request *rq, sv_response *rs, const char *kind, int minutes, int rating,
                       const char *what) {
  plan p;
  bb_error err;
  if (plan_make(rq, &p, &err) != 0) {
    plan_free(&p);
    return sv_fail_bb(rq, rs, &err);
  }
  if (p.refused) {
    pg_begin(rs, what, NULL);
    refusal(rq, rs, &p, what);
    sv_html_end(rs);
    rs->status = 403; /* refused: a warning sign stands */
    plan_free(&p);
    return 0;
  }
  plan_free(&p);
  bb_diary *d = sv_diary_open(rq->srv, 0, &err);
  int rc = d ? bb_diary_log_session(d, pg_night(), kind, minutes, rating, &err) : -1;
  bb_diary_close(d);
  if (rc != 0)
    return sv_fail_bb(rq, rs, &err);
  char where[64];
  snprintf(where, sizeof where, "/diary?logged=%s", kind);
  sv_redirect(rs, where);
  return 0;
}

int pg_routine_done(sv_request *rq, sv_response *rs) {
  int rating = form_int(rq, "rating", 0, 10);
  if (rating == -2)
    return sv_fail(rq, rs, 422, "rating", "the rating is a whole number from 0 to 10");
  return log_session(rq, rs, "routine", 0, rating, "routine");
}

/* The heat pad: the knowledge base's heat step (a duration, no hold). */
static const bb_exercise *heat_exercise(const bb_kb *kb) {
  return bb_kb_find_exercise(kb, "heat_before_bed");
}

int pg_heat(sv_request *rq, sv_response *rs) {
  plan p;
  bb_error err;
  if (plan_make(rq, &p, &err) != 0) {
    plan_free(&p);
    return sv_fail_bb(rq, rs, &err);
  }
  pg_begin(rs, "Heat timer", "/heat");
  sv_buf *b = &rs->body;
  if (p.refused) {
    refusal(rq, rs, &p, "heat timer");
    sv_html_end(rs);
    plan_free(&p);
    return 0;
  }
  const bb_exercise *x = heat_exercise(rq->srv->kb);
  int minutes = x && bb_exercise_minutes(x) > 0 ? bb_exercise_minutes(x) : 20;
  sv_buf_puts(b, "<h1>Heat timer</h1>\n");
  reminder(b, &p, "heat timer");
  plan_free(&p);
  if (x) {
    sv_buf_puts(b, "<section class=\"safety\" aria-labelledby=\"safety-h\">\n<h2 "
                   "id=\"safety-h\">Before you start</h2>\n<ul class=\"cautions\">\n");
    for (size_t k = 0; k < bb_exercise_caution_count(x); k++) {
      sv_buf_puts(b, "<li>");
      sv_buf_html(b, bb_exercise_caution(x, k));
      sv_buf_puts(b, "</li>\n");
    }
    sv_buf_puts(b, "</ul>\n<h2>How</h2>\n<ol class=\"steps\">\n");
    for (size_t k = 0; k < bb_exercise_step_count(x); k++) {
      sv_buf_puts(b, "<li>");
      sv_buf_html(b, bb_exercise_step(x, k));
      sv_buf_puts(b, "</li>\n");
    }
    sv_buf_puts(b, "</ol>\n</section>\n");
  }
  sv_buf_printf(b,
                "<section class=\"timer\" id=\"heat\" data-minutes=\"%d\" "
                "aria-labelledby=\"timer-h\" hidden=\"hidden\">\n<h2 id=\"timer-h\">Timer</h2>\n"
                "<p class=\"clock\" role=\"timer\" aria-live=\"off\" id=\"heat-clock\">%d:00</p>\n"
                "<p class=\"phase\" role=\"status\" id=\"heat-status\"></p>\n"
                "<p id=\"heat-done\" hidden=\"hidden\">Time is up: take the heat away now and "
                "switch it off.</p>\n"
                "<p><button type=\"button\" class=\"primary\" id=\"heat-start\">Start %d "
                "minutes</button> <button type=\"button\" id=\"heat-pause\" disabled=\"disabled\">"
                "Pause</button> <button type=\"button\" id=\"heat-stop\" disabled=\"disabled\">"
                "Stop</button></p>\n</section>\n",
                minutes, minutes, minutes);
  sv_buf_puts(b, "<section class=\"rate\" id=\"heat-log\" aria-labelledby=\"heatlog-h\">\n"
                 "<h2 id=\"heatlog-h\" tabindex=\"-1\">Log it in your diary</h2>\n"
                 "<form method=\"post\" action=\"/heat/done\">\n");
  sv_csrf_field(rq, b);
  sv_buf_printf(b,
                "<div class=\"q\"><label class=\"qtext\" for=\"f-minutes\">Minutes of heat"
                "</label>\n<div class=\"num\"><input type=\"number\" id=\"f-minutes\" "
                "name=\"minutes\" min=\"1\" max=\"120\" step=\"1\" inputmode=\"numeric\" "
                "required=\"required\" value=\"%d\"/> <span class=\"unit\">minutes</span>"
                "</div></div>\n<div class=\"actions\"><button type=\"submit\" "
                "class=\"primary\">Log the heat</button></div>\n</form>\n</section>\n",
                minutes);
  sv_html_end(rs);
  return 0;
}

int pg_heat_done(sv_request *rq, sv_response *rs) {
  int minutes = form_int(rq, "minutes", 1, 120);
  if (minutes < 0)
    return sv_fail(rq, rs, 422, "minutes", "the minutes of heat are a whole number from 1 to 120");
  return log_session(rq, rs, "heat", minutes, -1, "heat timer");
}
