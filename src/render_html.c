/* render_html.c -- the assessment as one printable, self-contained HTML
 * page for the person and their doctor: the date, the triage with its
 * reasons, the answers in words, causes, plan, routine, the sleep-support
 * fit and the notes. One rendering, made from the assessment's JSON form
 * (the contract), so that `bedback assess --format html`, the diary's
 * report (from a stored assessment) and a web front end show the same.
 * XHTML-compatible syntax: any XML parser accepts it. Pure. */
#include "internal.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *bbr_json_dump(json_t *root);
json_t *bbr_assessment_json(const bb_assessment *as);

void bbr_html_esc(bbu_buf *b, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&': bbu_buf_add(b, "&amp;"); break;
    case '<': bbu_buf_add(b, "&lt;"); break;
    case '>': bbu_buf_add(b, "&gt;"); break;
    case '"': bbu_buf_add(b, "&quot;"); break;
    default:
      if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
        break; /* control characters are not allowed in XML */
      bbu_buf_addn(b, s, 1);
    }
  }
}

#define esc bbr_html_esc

/* BBR_HTML_CSS, the style of the section: src/report.css, embedded at
 * build time (tools/embed.c --css). */

static const char PAGE_CSS[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;"
    "max-width:860px;margin:24px auto;padding:0 16px}"
    "h1{font-size:1.5em;margin:0 0 4px}h2{font-size:1.15em;border-bottom:1px solid #ccc;"
    "padding-bottom:2px;margin-top:24px}h3{font-size:1em;margin:14px 0 4px}"
    "@media print{body{margin:0;max-width:none;padding:0}}";

static const char *const LEVELS[] = {"self_care", "consult", "urgent", "emergency"};
static const char *const LEVEL_WORDS[] = {"Self-care", "See a clinician", "Urgent", "Emergency"};
static const char *const CATEGORIES[] = {"seek_care", "sleep_setup", "relief", "daytime"};
static const char *const CATEGORY_TITLES[] = {"See someone", "Your sleep setup", "Bedtime relief",
                                              "During the day"};

static const kb_rec *find_rec(const bb_kb *kb, const char *id) {
  for (size_t i = 0; i < kb->nrecs; i++)
    if (!strcmp(kb->recs[i].id, id))
      return &kb->recs[i];
  return NULL;
}

static int level_index(const char *name) {
  for (int i = 0; i < 4; i++)
    if (name && !strcmp(name, LEVELS[i]))
      return i;
  return 0;
}

static const char *str(const json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : "";
}

/* "<p class=...>label items in words</p>" for a because list. */
static void because(bbu_buf *b, const bb_kb *kb, const char *label, const json_t *arr) {
  if (!json_array_size(arr))
    return;
  bbu_buf_add(b, "<p class=\"because\">");
  esc(b, label);
  for (size_t i = 0; i < json_array_size(arr); i++) {
    char w[512];
    if (i)
      bbu_buf_add(b, "; ");
    esc(b, bbr_because_words(kb, json_string_value(json_array_get(arr, i)), w, sizeof w));
  }
  bbu_buf_add(b, "</p>\n");
}

static size_t answered_count(const bb_kb *kb, const json_t *answers) {
  size_t n = 0;
  for (size_t i = 0; i < kb->nquestions; i++) {
    const json_t *v = json_object_get(answers, kb->questions[i].q.id);
    if (v && !json_is_null(v))
      n++;
  }
  return n;
}

static int in_array(const json_t *arr, const char *s) {
  for (size_t i = 0; i < json_array_size(arr); i++)
    if (!strcmp(json_string_value(json_array_get(arr, i))
                    ? json_string_value(json_array_get(arr, i))
                    : "",
                s))
      return 1;
  return 0;
}

/* At the end of the warning signs' rows, on paper only: the rows not
 * answered are left out there (report.css), as the handout lists them at
 * the top under "Not ruled out"; this row says so. */
static void paper_unasked_row(bbu_buf *b, const char *section, const json_t *unasked) {
  if (section && !strcmp(section, "warning") && json_array_size(unasked))
    bbu_buf_add(b,
                "<tr class=\"paper\" hidden=\"\"><td colspan=\"2\">Not answered: the signs under "
                "\"Not ruled out\" above.</td></tr>\n");
}

static void answers_table(bbu_buf *b, const bb_kb *kb, const json_t *answers, const json_t *unasked,
                          int h) {
  bbu_buf_printf(b, "<h%d>Your answers</h%d>\n", h + 1, h + 1);
  if (!answers) {
    bbu_buf_add(b, "<p>The answers were not kept with this assessment.</p>\n");
    return;
  }
  if (!answered_count(kb, answers)) {
    bbu_buf_add(b, "<p>No question was answered.</p>\n");
    return;
  }
  bbu_buf_add(b, "<table class=\"answers\">\n<thead><tr><th>Question</th><th>Answer</th></tr>"
                 "</thead>\n<tbody>\n");
  const char *section = NULL;
  for (size_t i = 0; i < kb->nquestions; i++) {
    const kb_question *q = &kb->questions[i].q;
    const json_t *v = json_object_get(answers, q->id);
    int have = v && !json_is_null(v);
    if (!have && !in_array(unasked, q->id))
      continue;
    if (!section || strcmp(section, q->section)) {
      paper_unasked_row(b, section, unasked);
      section = q->section;
      bbu_buf_add(b, "<tr class=\"sect\"><td colspan=\"2\">");
      esc(b, q->warning ? "Warning signs" : NULL);
      if (!q->warning) {
        char w[64];
        bbr_id_words(q->section, ' ', w, sizeof w);
        if (*w)
          w[0] = (char)(w[0] - 32 * (w[0] >= 'a' && w[0] <= 'z'));
        esc(b, w);
      }
      bbu_buf_add(b, "</td></tr>\n");
    }
    char w[256], qt[1024];
    /* the question's words on screen, its short label on paper; on paper
     * a warning sign not answered is left to the list at the top */
    bbu_buf_add(b, have ? "<tr><td><span class=\"screen\">"
                        : "<tr class=\"na\"><td><span class=\"screen\">");
    esc(b, bbr_question_words(q, qt, sizeof qt));
    bbu_buf_add(b, "</span><span class=\"paper\" hidden=\"\">");
    esc(b, q->label && *q->label ? q->label : q->id);
    bbu_buf_add(b, have ? "</span></td><td class=\"ans\">" : "</span></td><td class=\"ans na\">");
    esc(b, have ? bbr_json_answer_words(q, v, w, sizeof w) : "not answered (not ruled out)");
    bbu_buf_add(b, "</td></tr>\n");
  }
  paper_unasked_row(b, section, unasked);
  bbu_buf_add(b, "</tbody>\n</table>\n");
}

/* The cautions every exercise of the routine shares (a caution string
 * found in every item with a hold): printed once, above the routine. */
static int shared_caution(const json_t *routine, const char *c) {
  size_t holds = 0;
  for (size_t i = 0; i < json_array_size(routine); i++) {
    const json_t *x = json_array_get(routine, i);
    if (!json_object_get(x, "hold_seconds") && !json_object_get(x, "repetitions"))
      continue;
    holds++;
    if (!in_array(json_object_get(x, "cautions"), c))
      return 0;
  }
  return holds >= 2;
}

static int is_exercise(const json_t *x) {
  return json_object_get(x, "hold_seconds") || json_object_get(x, "repetitions");
}

/* The exercise's figure (figure.c), inline, from the knowledge base the
 * assessment was made with; nothing when it has none. */
static void figure_html(bbu_buf *b, const bb_kb *kb, const char *id) {
  char *svg = bb_exercise_figure_svg(bb_kb_find_exercise(kb, id), 0);
  if (!svg)
    return;
  bbu_buf_add(b, "<div class=\"ex-fig\">");
  bbu_buf_add(b, svg);
  bbu_buf_add(b, "</div>\n");
  free(svg);
}

static void routine_html(bbu_buf *b, const bb_kb *kb, const json_t *routine, int h) {
  if (!json_array_size(routine))
    return;
  bbu_buf_printf(b, "<h%d>Your bedtime routine</h%d>\n", h + 1, h + 1);
  /* shared cautions once */
  const json_t *first = NULL;
  for (size_t i = 0; i < json_array_size(routine) && !first; i++)
    if (is_exercise(json_array_get(routine, i)))
      first = json_array_get(routine, i);
  int any = 0;
  const json_t *fc = json_object_get(first, "cautions");
  for (size_t k = 0; k < json_array_size(fc); k++) {
    const char *c = json_string_value(json_array_get(fc, k));
    if (!c || !shared_caution(routine, c))
      continue;
    if (!any)
      bbu_buf_add(b,
                  "<p class=\"caution\"><b>For every exercise:</b></p>\n<ul class=\"caution\">\n");
    any = 1;
    bbu_buf_add(b, "<li>");
    esc(b, c);
    bbu_buf_add(b, "</li>\n");
  }
  if (any)
    bbu_buf_add(b, "</ul>\n");
  bbu_buf_add(b, "<div class=\"routine\">\n");
  for (size_t i = 0; i < json_array_size(routine); i++) {
    const json_t *x = json_array_get(routine, i);
    bbu_buf_printf(b, "<div class=\"ex\">\n<h%d>%zu. ", h + 2, i + 1);
    esc(b, str(x, "title"));
    bbu_buf_printf(b, "</h%d>\n", h + 2);
    figure_html(b, kb, str(x, "id"));
    bbu_buf_add(b, "<p class=\"dose\"><i>");
    esc(b, str(x, "dosage"));
    bbu_buf_add(b, "</i></p>\n<ol>\n");
    const json_t *steps = json_object_get(x, "steps");
    for (size_t k = 0; k < json_array_size(steps); k++) {
      bbu_buf_add(b, "<li>");
      esc(b, json_string_value(json_array_get(steps, k)));
      bbu_buf_add(b, "</li>\n");
    }
    bbu_buf_add(b, "</ol>\n");
    const json_t *cs = json_object_get(x, "cautions");
    int open = 0;
    for (size_t k = 0; k < json_array_size(cs); k++) {
      const char *c = json_string_value(json_array_get(cs, k));
      if (!c || (is_exercise(x) && shared_caution(routine, c)))
        continue;
      if (!open)
        bbu_buf_add(b, "<ul class=\"caution\">\n");
      open = 1;
      /* heat is not an exercise, so the screen repeats the exercises'
       * shared cautions for it; paper, short of room, says them once */
      bbu_buf_add(b, any && shared_caution(routine, c) ? "<li class=\"screen\">" : "<li>");
      esc(b, c);
      bbu_buf_add(b, "</li>\n");
    }
    if (open)
      bbu_buf_add(b, "</ul>\n");
    bbu_buf_add(b, "</div>\n");
  }
  bbu_buf_add(b, "</div>\n");
}

static const char *verdict_words(const char *v) {
  if (!v)
    return NULL;
  if (!strcmp(v, "ok"))
    return "suits you";
  if (!strcmp(v, "too_soft"))
    return "is too soft for you";
  if (!strcmp(v, "too_firm"))
    return "is too firm for you";
  if (!strcmp(v, "too_low"))
    return "is too low";
  if (!strcmp(v, "too_high"))
    return "is too high";
  return v;
}

static void fit_html(bbu_buf *b, const json_t *fit, int h) {
  const json_t *pos = json_object_get(fit, "positions");
  if (!json_array_size(pos))
    return;
  bbu_buf_printf(b, "<h%d>Your body on your mattress</h%d>\n<div class=\"fit\">\n", h + 1, h + 1);
  for (size_t i = 0; i < json_array_size(pos); i++) {
    const json_t *p = json_array_get(pos, i);
    const json_t *m = json_object_get(p, "mattress"), *pl = json_object_get(p, "pillow");
    const json_t *rf = json_object_get(m, "recommended_firmness");
    const json_t *range = json_object_get(rf, "range");
    bbu_buf_printf(b, "<div class=\"pos\">\n<p><b>Lying on your %s.</b> ", str(p, "position"));
    const char *mv = verdict_words(json_string_value(json_object_get(m, "verdict")));
    if (mv && json_is_integer(json_object_get(m, "firmness")))
      bbu_buf_printf(b, "Your mattress (firmness %lld of 10) %s. ",
                     (long long)json_integer_value(json_object_get(m, "firmness")), mv);
    if (json_is_integer(json_object_get(rf, "best"))) {
      /* with side and back both, each best is the position's alone (the
       * plan's mattress advice gives the one answer for the two): two
       * "for this body" with different numbers would contradict it */
      if (json_array_size(pos) > 1)
        bbu_buf_printf(b, "On your %s alone the model finds firmness %lld best", str(p, "position"),
                       (long long)json_integer_value(json_object_get(rf, "best")));
      else
        bbu_buf_printf(b, "For this body the model finds firmness %lld best",
                       (long long)json_integer_value(json_object_get(rf, "best")));
      if (json_array_size(range) == 2)
        bbu_buf_printf(b, " (%lld to %lld are fine)",
                       (long long)json_integer_value(json_array_get(range, 0)),
                       (long long)json_integer_value(json_array_get(range, 1)));
      bbu_buf_add(b, ". ");
    }
    const char *pv = verdict_words(json_string_value(json_object_get(pl, "verdict")));
    double cur = json_number_value(json_object_get(pl, "current_cm"));
    double need = json_number_value(json_object_get(pl, "needed_cm"));
    if (pv && json_is_number(json_object_get(pl, "current_cm")))
      bbu_buf_printf(b, "Your %g cm pillow %s. ", cur, pv);
    if (json_is_number(json_object_get(pl, "needed_cm")))
      bbu_buf_printf(b,
                     "A pillow about %g cm high (as it lies on the bed) keeps your head in "
                     "line.",
                     round(need * 2.0) / 2.0);
    bbu_buf_add(b, "</p>\n");
    const char *pic = json_string_value(json_object_get(p, "picture"));
    if (pic && !strncmp(pic, "<svg", 4))
      bbu_buf_add(b, pic); /* made by fit_svg.c, already XML */
    bbu_buf_add(b, "</div>\n");
  }
  bbu_buf_add(b, "<p class=\"meta\">A mechanical model of one body on one mattress, not a "
                 "diagnosis.</p>\n</div>\n");
}

void bbr_html_assessment(bbu_buf *b, const bb_kb *kb, const json_t *as, const json_t *answers,
                         const char *date, int h) {
  const json_t *tri = json_object_get(as, "triage");
  int lv = level_index(str(tri, "level"));
  bbu_buf_add(b, "<section class=\"bb-a\">\n");
  bbu_buf_printf(b, "<h%d>%s</h%d>\n<p class=\"meta\">", h,
                 h == 1 ? "Back tightness assessment" : "Latest assessment", h);
  if (date && *date) {
    bbu_buf_add(b, "Made on ");
    esc(b, date);
    bbu_buf_add(b, " by ");
  } else
    bbu_buf_add(b, "Made by ");
  bbu_buf_add(b, "bedback ");
  esc(b, str(as, "bedback"));
  bbu_buf_add(b, ", knowledge base ");
  esc(b, str(as, "knowledge_base"));
  bbu_buf_add(b,
              ". Self-care guidance from the person's own answers, not a diagnosis.</p>\n"
              /* said on paper only: the print leaves these lines out */
              "<p class=\"meta paper\" hidden=\"\">This printout leaves out the reasons and the "
              "evidence given "
              "for each piece of advice; the page on screen and the saved file have them.</p>\n");

  /* 1. the triage, then what was not asked, then why: before anything */
  int nothing = answers && !answered_count(kb, answers);
  bbu_buf_printf(b, "<div class=\"triage %s\">\n<p class=\"lvl\">%s</p>\n<p class=\"headline\">",
                 LEVELS[lv], LEVEL_WORDS[lv]);
  esc(b, nothing && lv == BB_SELF_CARE && kb->nothing_answered ? kb->nothing_answered
                                                               : str(tri, "headline"));
  bbu_buf_add(b, "</p>\n");
  if (*str(tri, "text") && !nothing) {
    bbu_buf_add(b, "<p>");
    esc(b, str(tri, "text"));
    bbu_buf_add(b, "</p>\n");
  }
  bbu_buf_add(b, "</div>\n");
  const json_t *unasked = json_object_get(tri, "unasked");
  if (json_array_size(unasked)) {
    bbu_buf_add(b, "<div class=\"unasked\">\n<p><b>Not ruled out:</b> ");
    esc(b, *str(tri, "unasked_warning") ? str(tri, "unasked_warning") : kb->unasked_warning);
    bbu_buf_add(b, "</p>\n");
    if (lv == BB_EMERGENCY) {
      /* kept short, as in the text: what to do now does not depend on
       * them, and the reasons must not be pushed off the page */
      bbu_buf_add(b, "<p>Not asked: ");
      for (size_t i = 0; i < json_array_size(unasked); i++) {
        const char *id = json_string_value(json_array_get(unasked, i));
        const bb_question *q = id ? bb_kb_find_question(kb, id) : NULL;
        if (i)
          bbu_buf_add(b, "; ");
        esc(b, q ? q->q.label : id);
      }
      bbu_buf_add(b, ".</p>\n</div>\n");
    } else {
      bbu_buf_add(b, "<ul>\n");
      for (size_t i = 0; i < json_array_size(unasked); i++) {
        const char *id = json_string_value(json_array_get(unasked, i));
        const bb_question *q = id ? bb_kb_find_question(kb, id) : NULL;
        /* the question's words on screen, its short label on paper */
        bbu_buf_add(b, "<li><span class=\"screen\">");
        esc(b, q ? q->q.text : id);
        bbu_buf_add(b, "</span><span class=\"paper\" hidden=\"\">");
        esc(b, q && q->q.label ? q->q.label : id);
        bbu_buf_add(b, "</span></li>\n");
      }
      bbu_buf_add(b, "</ul>\n</div>\n");
    }
  }
  const json_t *flags = json_object_get(tri, "flags");
  if (json_array_size(flags)) {
    bbu_buf_printf(b, "<h%d>Warning signs and reasons</h%d>\n", h + 1, h + 1);
    for (size_t i = 0; i < json_array_size(flags); i++) {
      const json_t *f = json_array_get(flags, i);
      int fl = level_index(str(f, "level"));
      bbu_buf_printf(b, "<div class=\"flag\"><p><span class=\"tag %s\">%s</span>", LEVELS[fl],
                     LEVEL_WORDS[fl]);
      int fi = kb_find_flag(kb, str(f, "id"), strlen(str(f, "id")));
      if (fi >= 0 && kb->flags[fi].title && *kb->flags[fi].title) {
        bbu_buf_add(b, "<b>");
        esc(b, kb->flags[fi].title);
        bbu_buf_add(b, ".</b> ");
      }
      esc(b, str(f, "text"));
      bbu_buf_add(b, "</p>\n");
      because(b, kb, "You said: ", json_object_get(f, "because"));
      bbu_buf_add(b, "</div>\n");
    }
  }
  int em = lv == BB_EMERGENCY;
  /* 2. causes (not at an emergency: they do not matter then) */
  const json_t *causes = json_object_get(as, "causes");
  if (json_array_size(causes) && !em) {
    bbu_buf_printf(
        b,
        "<h%d>What may be feeding the tightness</h%d>\n<p class=\"meta screen\">Scores are "
        "weighted evidence from the answers, from 0 to 1, not probabilities.</p>\n"
        "<ol>\n",
        h + 1, h + 1);
    for (size_t i = 0; i < json_array_size(causes); i++) {
      const json_t *c = json_array_get(causes, i);
      int ci = kb_find_cause(kb, str(c, "id"), strlen(str(c, "id")));
      bbu_buf_add(b, "<li><p><b>");
      esc(b, ci >= 0 ? kb->causes[ci].title : "");
      bbu_buf_printf(b, "</b> (score %.2f). ", json_number_value(json_object_get(c, "score")));
      /* on paper the first three in full, the rest by title and score;
       * a text that answers for the sleep-support model is always kept
       * (without it, a cause and the model's verdict would read as two
       * voices) */
      const char *ct = str(c, "text");
      int brief = i >= 3 && !strstr(ct, "sleep-support model");
      bbu_buf_add(b, brief ? "<span class=\"screen\">" : "<span>");
      esc(b, ct);
      bbu_buf_add(b, "</span></p>\n");
      if (brief)
        bbu_buf_add(b, "<div class=\"screen\">");
      because(b, kb, "Based on: ", json_object_get(c, "because"));
      if (brief)
        bbu_buf_add(b, "</div>");
      bbu_buf_add(b, "<p class=\"ev\">Evidence: ");
      esc(b, str(c, "evidence"));
      bbu_buf_add(b, "</p></li>\n");
    }
    bbu_buf_add(b, "</ol>\n");
  }
  /* 3. the plan, by category; an evidence sentence said once */
  const json_t *recs = json_object_get(as, "recommendations");
  if (json_array_size(recs)) {
    bbu_buf_printf(b, "<h%d>Your plan</h%d>\n", h + 1, h + 1);
    for (int cat = 0; cat < 4; cat++) {
      int head = 0;
      for (size_t i = 0; i < json_array_size(recs); i++) {
        const json_t *r = json_array_get(recs, i);
        if (strcmp(str(r, "category"), CATEGORIES[cat]))
          continue;
        if (!head)
          bbu_buf_printf(b, "<h%d>%s</h%d>\n<ul>\n", h + 2, CATEGORY_TITLES[cat], h + 2);
        head = 1;
        const kb_rec *kr = find_rec(kb, str(r, "id"));
        if (kr && kr->exercise >= 0 && kr->action && *kr->action) {
          /* on paper an exercise's one line: its steps follow, in the routine */
          bbu_buf_add(b, "<li><p class=\"screen\">");
          esc(b, str(r, "text"));
          bbu_buf_add(b, "</p>\n<p class=\"paper\" hidden=\"\">");
          esc(b, kr->action);
          bbu_buf_add(b, " The steps are in your bedtime routine.</p>\n");
        } else {
          bbu_buf_add(b, "<li><p>");
          esc(b, str(r, "text"));
          bbu_buf_add(b, "</p>\n");
        }
        if (*str(r, "why")) {
          bbu_buf_add(b, "<p class=\"why\">Why: ");
          esc(b, str(r, "why"));
          bbu_buf_add(b, "</p>\n");
        }
        const char *ev = str(r, "evidence");
        if (*ev) {
          bbu_buf_add(b, "<p class=\"ev\">Evidence: ");
          /* said once: an item printed before (earlier category, or
           * earlier in this one) had the same evidence */
          int said = 0;
          for (size_t k = 0; k < json_array_size(causes) && !em && !said; k++)
            said = strstr(str(json_array_get(causes, k), "evidence"), ev) != NULL;
          for (size_t k = 0; k < json_array_size(recs) && !said; k++) {
            const json_t *o = json_array_get(recs, k);
            int oc = 0;
            while (oc < 4 && strcmp(str(o, "category"), CATEGORIES[oc]))
              oc++;
            said = (oc < cat || (oc == cat && k < i)) && strstr(str(o, "evidence"), ev);
          }
          if (said)
            bbu_buf_add(b, "as above.");
          else
            esc(b, ev);
          bbu_buf_add(b, "</p>\n");
        }
        bbu_buf_add(b, "</li>\n");
      }
      if (head)
        bbu_buf_add(b, "</ul>\n");
    }
  }
  /* 4. the routine, 5. the fit */
  routine_html(b, kb, json_object_get(as, "routine"), h);
  if (!em)
    fit_html(b, json_object_get(as, "fit"), h);
  /* 6. the answers in words, for the doctor: after what to do (the
   * warning signs among them are above, in the triage) */
  answers_table(b, kb, answers, unasked, h);
  /* 7. not a diagnosis; at an emergency the emergency notes instead, as
   * in the text and Markdown (the general ones speak of cause scores and
   * stretches, which do not matter then) */
  const json_t *notes = json_object_get(as, "notes");
  size_t nnotes = em && kb->nemergency_notes ? kb->nemergency_notes : json_array_size(notes);
  for (size_t i = 0; i < nnotes; i++) {
    bbu_buf_add(b, i ? "<p>" : "<div class=\"notes\">\n<p>");
    esc(b, em && kb->nemergency_notes ? kb->emergency_notes[i]
                                      : json_string_value(json_array_get(notes, i)));
    bbu_buf_add(b, i + 1 < nnotes ? "</p>\n" : "</p>\n</div>\n");
  }
  bbu_buf_add(b, "</section>\n");
}

const char *bb_render_html_css(void) {
  return BBR_HTML_CSS;
}

char *bbr_render_html(const bb_assessment *as, const char *date, unsigned flags);
char *bbr_render_html(const bb_assessment *as, const char *date, unsigned flags) {
  json_t *root = bbr_assessment_json(as);
  char *aj = bb_answers_to_json(as->answers);
  json_t *answers = aj ? json_loads(aj, 0, NULL) : NULL;
  free(aj);
  bbu_buf b;
  bbu_buf_init(&b);
  if (flags & BB_RENDER_FRAGMENT) {
    /* the section alone: the page around it brings the style */
    if (root)
      bbr_html_assessment(&b, as->kb, root, answers, date, 1);
    else
      b.failed = 1;
    json_decref(root);
    json_decref(answers);
    return bbu_buf_take(&b);
  }
  bbu_buf_add(&b, "<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n"
                  "<head>\n<meta charset=\"utf-8\"/>\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                  "<title>Back tightness assessment");
  if (date && *date) {
    bbu_buf_add(&b, ", ");
    esc(&b, date);
  }
  bbu_buf_add(&b, " - bedback</title>\n<style>");
  bbu_buf_add(&b, PAGE_CSS);
  bbu_buf_add(&b, BBR_HTML_CSS);
  bbu_buf_add(&b, "</style>\n</head>\n<body>\n");
  if (root)
    bbr_html_assessment(&b, as->kb, root, answers, date, 1);
  else
    b.failed = 1;
  bbu_buf_add(&b, "</body>\n</html>\n");
  json_decref(root);
  json_decref(answers);
  return bbu_buf_take(&b);
}
