/* render.c -- the assessment for people: text (80 columns) and Markdown;
 * the question list; the whole knowledge base for review. */
#include "fit.h"
#include "internal.h"
#include "jsonw.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *bbr_assessment_json(const bb_assessment *as);
json_t *bbr_questions_json(const bb_kb *kb);
char *bbr_json_dump(json_t *root);
char *bbr_render_html(const bb_assessment *as, const char *date);

#define WIDTH 80

int bb_format_parse(const char *name, bb_format *out) {
  if (!strcmp(name, "text"))
    *out = BB_FORMAT_TEXT;
  else if (!strcmp(name, "json"))
    *out = BB_FORMAT_JSON;
  else if (!strcmp(name, "markdown") || !strcmp(name, "md"))
    *out = BB_FORMAT_MARKDOWN;
  else if (!strcmp(name, "html"))
    *out = BB_FORMAT_HTML;
  else
    return -1;
  return 0;
}

/* Display columns of a UTF-8 string (one per code point: the knowledge
 * base uses no wide characters). */
static size_t cols(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      c++;
  return c;
}

/* Word-wraps `text` to `width` columns: the first line starts after what
 * is already written (`used` columns wide), the rest are indented by
 * `indent`. */
void bbr_wrap(bbu_buf *b, size_t width, const char *text, size_t used, size_t indent) {
  size_t col = used;
  const char *p = text;
  int first_word = 1;
  while (*p) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    const char *w = p;
    while (*p && *p != ' ' && *p != '\n')
      p++;
    size_t wl = (size_t)(p - w), wc = cols(w, wl);
    if (!first_word && col + 1 + wc > width) {
      bbu_buf_add(b, "\n");
      for (size_t i = 0; i < indent; i++)
        bbu_buf_add(b, " ");
      col = indent;
    } else if (!first_word) {
      bbu_buf_add(b, " ");
      col++;
    }
    bbu_buf_addn(b, w, wl);
    col += wc;
    first_word = 0;
    if (*p == '\n') {
      p++;
      bbu_buf_add(b, "\n");
      for (size_t i = 0; i < indent; i++)
        bbu_buf_add(b, " ");
      col = indent;
      first_word = 1;
    }
  }
  bbu_buf_add(b, "\n");
}

/* "  • " + wrapped text, continuation under the text. */
void bbr_item(bbu_buf *b, size_t width, size_t indent, const char *bullet, const char *text) {
  for (size_t i = 0; i < indent; i++)
    bbu_buf_add(b, " ");
  bbu_buf_add(b, bullet);
  size_t used = indent + cols(bullet, strlen(bullet));
  bbr_wrap(b, width, text, used, used);
}

typedef struct {
  const char *bold, *off, *level;
  size_t width; /* columns to wrap to */
} style;

static style make_style(bb_level level, unsigned flags, size_t width) {
  style s = {"", "", "", width};
  if (flags & BB_RENDER_COLOR) {
    static const char *const lv[] = {"\033[1;32m", "\033[1;33m", "\033[1;31m", "\033[1;97;41m"};
    s.bold = "\033[1m";
    s.off = "\033[0m";
    s.level = lv[level];
  }
  return s;
}

static const char *const CATEGORY_TITLE[] = {"See someone", "Your sleep setup", "Bedtime relief",
                                             "During the day"};
const char *const BBR_LEVEL_LABEL[4] = {"SELF-CARE", "SEE A CLINICIAN", "URGENT", "EMERGENCY"};
#define LEVEL_LABEL BBR_LEVEL_LABEL

/* Whether any question (not a derived finding) has an answer. */
static int anything_answered(const bb_assessment *as) {
  for (size_t i = 0; i < as->kb->nquestions; i++)
    if (as->answers->v[i].kind != V_UNKNOWN)
      return 1;
  return 0;
}

/* Whether the evidence of plan item i (category cat) was already given
 * with a cause or an item printed before it: an evidence sentence is said
 * once. */
static int evidence_said(const bb_assessment *as, int cat, size_t i) {
  const char *ev = as->recs[i].rec->evidence;
  if (!ev || !*ev)
    return 0;
  for (size_t k = 0; k < as->ncauses; k++) { /* the causes come before the plan */
    const char *other = as->causes[k].cause->evidence;
    if (as->level != BB_EMERGENCY && other && strstr(other, ev))
      return 1;
  }
  for (size_t k = 0; k < as->nrecs; k++) {
    int c = (int)as->recs[k].rec->category;
    const char *other = as->recs[k].rec->evidence;
    if ((c < cat || (c == cat && k < i)) && other && strstr(other, ev))
      return 1;
  }
  return 0;
}

static const char *const LEVEL_WORDS[] = {"Self-care", "See a clinician", "Urgent", "Emergency"};

/* An exercise is timed by holds or repetitions; heat by minutes. */
static int is_exercise(const kb_exercise *x) {
  return x->hold_seconds || x->repetitions;
}

/* The cautions every exercise of the routine carries (spec: printed once,
 * above the routine), when it has two or more exercises. */
static void shared_cautions(const bb_assessment *as, const char **out, size_t *n) {
  *n = 0;
  const kb_exercise *first = NULL;
  size_t nex = 0;
  for (size_t i = 0; i < as->nroutine; i++)
    if (is_exercise(as->routine[i])) {
      nex++;
      if (!first)
        first = as->routine[i];
    }
  if (nex < 2)
    return;
  for (size_t k = 0; k < first->ncautions && *n < 16; k++) {
    int all = 1;
    for (size_t i = 0; i < as->nroutine && all; i++) {
      const kb_exercise *x = as->routine[i];
      if (!is_exercise(x))
        continue;
      int has = 0;
      for (size_t c = 0; c < x->ncautions; c++)
        has |= !strcmp(x->cautions[c], first->cautions[k]);
      all = has;
    }
    if (all)
      out[(*n)++] = first->cautions[k];
  }
}

static int is_shared(const kb_exercise *x, const char *caution, const char *const *shared,
                     size_t n) {
  if (!is_exercise(x))
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(shared[i], caution))
      return 1;
  return 0;
}

static void dosage_line(bbu_buf *b, style st, const kb_exercise *x) {
  bbr_item(b, st.width, 5, "", x->dosage);
}

static void text_routine(bbu_buf *b, const bb_assessment *as, style st) {
  if (!as->nroutine)
    return;
  bbu_buf_printf(b, "\n%sYour bedtime routine%s\n", st.bold, st.off);
  const char *shared[16];
  size_t nshared = 0;
  shared_cautions(as, shared, &nshared);
  if (nshared) {
    bbu_buf_add(b, "  For every exercise below:\n");
    for (size_t k = 0; k < nshared; k++)
      bbr_item(b, st.width, 4, "! ", shared[k]);
  }
  for (size_t i = 0; i < as->nroutine; i++) {
    const kb_exercise *x = as->routine[i];
    char head[160];
    snprintf(head, sizeof head, "%zu. ", i + 1);
    bbu_buf_printf(b, "\n  %s%s%s%s\n", head, st.bold, x->title, st.off);
    dosage_line(b, st, x);
    for (size_t k = 0; k < x->nsteps; k++) {
      char num[32];
      snprintf(num, sizeof num, "%zu) ", k + 1);
      bbr_item(b, st.width, 5, num, x->steps[k]);
    }
    for (size_t k = 0; k < x->ncautions; k++)
      if (!is_shared(x, x->cautions[k], shared, nshared))
        bbr_item(b, st.width, 5, "! ", x->cautions[k]);
  }
}

/* The plan items of one category, with why and evidence. */
static void text_category(bbu_buf *b, const bb_assessment *as, style st, int cat) {
  int head = 0;
  for (size_t i = 0; i < as->nrecs; i++) {
    const as_rec *r = &as->recs[i];
    if ((int)r->rec->category != cat)
      continue;
    if (!head)
      bbu_buf_printf(b, "  %s%s%s\n", st.bold, CATEGORY_TITLE[cat], st.off);
    head = 1;
    bbr_item(b, st.width, 2, "* ", r->text);
    if (r->rec->why && *r->rec->why)
      bbr_item(b, st.width, 4, "Why: ", r->rec->why);
    if (r->rec->evidence && *r->rec->evidence)
      /* the same evidence for several items is said once */
      bbr_item(b, st.width, 4,
               "Evidence: ", evidence_said(as, cat, i) ? "as above." : r->rec->evidence);
  }
}

/* The closing block: the level in words, the first actions, and the
 * commands to run next as the person types them -- what is left on the
 * screen when the long text has scrolled by. */
static void text_closing(bbu_buf *b, const bb_assessment *as, style st, int nothing) {
  bbu_buf_printf(b, "\n%sIn short%s\n", st.bold, st.off);
  if (nothing) {
    bbr_item(b, st.width, 2, "", "Nothing was answered yet. Start with: bedback assess");
    return;
  }
  bbr_item(b, st.width, 2, "", as->kb->level_summary[as->level]);
  if (as->level == BB_EMERGENCY)
    return; /* that one sentence is all there is to do */
  size_t shown = 0;
  for (size_t i = 0; i < as->nrecs && shown < 3; i++) {
    const char *a = as->recs[i].rec->action;
    if (!a || !*a || as->recs[i].rec->category == CAT_DAYTIME)
      continue;
    char n[8];
    snprintf(n, sizeof n, "%zu. ", ++shown);
    bbr_item(b, st.width, 2, n, a);
  }
  /* spelled as typed, one a line: these fit in 80 columns */
  bbu_buf_add(b, "  Next:\n"
                 "    bedback log              each night: how tight your back was\n");
  if (as->nroutine)
    bbu_buf_add(b, "    bedback routine          the bedtime routine, with timers\n");
  bbu_buf_add(b, "    bedback trend            after a week or two: is it getting better?\n");
  if (as->fit)
    bbu_buf_add(b, "    bedback fit --svg FILE   your body on your mattress, as a picture\n");
  else
    bbu_buf_add(b, "    bedback fit --help       a mattress and pillow check for your body\n");
}

/* The notes that close the text: at an emergency only the knowledge
 * base's emergency notes (the general ones speak of cause scores and
 * stretching, which do not matter then). */
/* The closing notes: the emergency ones at an emergency (when the
 * knowledge base has them), otherwise the assessment's (guards applied). */
static void text_notes(bbu_buf *b, const bb_assessment *as, style st) {
  const bb_kb *kb = as->kb;
  int em = as->level == BB_EMERGENCY && kb->nemergency_notes;
  const char *const *notes = em ? (const char *const *)kb->emergency_notes : as->notes;
  size_t n = em ? kb->nemergency_notes : as->nnotes;
  for (size_t i = 0; i < n; i++)
    bbr_item(b, st.width, 0, "", notes[i]);
}

/* The triage part: the level banner and what to do, the warning signs not
 * asked, and why. What every command shows first. */
static void text_triage(bbu_buf *b, const bb_assessment *as, style st) {
  const bb_kb *kb = as->kb;
  /* 1. the headline; from no answers at all, say so (spec: the level
   * stays self_care in the JSON, but no self-care sentence is made up) */
  int nothing = !anything_answered(as);
  const char *label = nothing ? "NOTHING ANSWERED" : LEVEL_LABEL[as->level];
  bbu_buf_printf(b, "%s %s %s ", nothing ? st.bold : st.level, label, st.off);
  bbr_wrap(b, st.width, nothing ? kb->nothing_answered : kb->headline[as->level],
           cols(label, strlen(label)) + 3, 2);
  if (!nothing && kb->level_text[as->level] && *kb->level_text[as->level])
    bbr_item(b, st.width, 2, "", kb->level_text[as->level]);
  /* 2. unasked warning signs, right after the headline */
  if (as->nunasked) {
    bbu_buf_printf(b, "\n%s! Not ruled out:%s ", st.bold, st.off);
    bbr_wrap(b, st.width, kb->unasked_warning, 17, 2);
    if (as->level == BB_EMERGENCY) {
      /* Kept short here: what to do now does not depend on them, and the
       * emergency advice must not be pushed off the screen. */
      bbu_buf lst;
      bbu_buf_init(&lst);
      bbu_buf_add(&lst, "Not asked: ");
      for (size_t i = 0; i < as->nunasked; i++)
        bbu_buf_printf(&lst, "%s%s", i ? "; " : "", as->unasked[i]->label);
      bbu_buf_add(&lst, ".");
      if (lst.buf)
        bbr_item(b, st.width, 2, "", lst.buf);
      bbu_buf_free(&lst);
    } else {
      for (size_t i = 0; i < as->nunasked; i++)
        bbr_item(b, st.width, 2, "- ", as->unasked[i]->text);
    }
  }
  /* 3. why */
  if (as->nflags) {
    bbu_buf_printf(b, "\n%sWhy%s\n", st.bold, st.off);
    for (size_t i = 0; i < as->nflags; i++) {
      const as_flag *f = &as->flags[i];
      char bullet[64];
      snprintf(bullet, sizeof bullet, "[%s] ", bb_level_name((bb_level)f->flag->level));
      bbr_item(b, st.width, 2, bullet, f->flag->text);
      if (f->because.n) {
        bbu_buf lst;
        bbu_buf_init(&lst);
        bbu_buf_add(&lst, "You said: ");
        bbr_because_list(&lst, kb, f->because.items, f->because.n, "; ");
        if (lst.buf)
          bbr_item(b, st.width, 4 + strlen(bullet) - 2, "", lst.buf);
        bbu_buf_free(&lst);
      }
    }
  }
}

static char *render_text(const bb_assessment *as, unsigned flags, size_t width, int triage_only) {
  const bb_kb *kb = as->kb;
  style st = make_style(as->level, flags, width);
  bbu_buf b;
  bbu_buf_init(&b);
  text_triage(&b, as, st);
  if (triage_only) {
    /* who to see and what to tell them */
    bbu_buf_printf(&b, "\n%sYour plan%s\n", st.bold, st.off);
    text_category(&b, as, st, CAT_SEEK_CARE);
    return bbu_buf_take(&b);
  }
  /* At an emergency the text holds only what matters for it: the triage,
   * who to see and what to tell them, and the emergency notes. */
  int em = as->level == BB_EMERGENCY;
  /* 4. causes */
  if (as->ncauses && !em) {
    bbu_buf_printf(&b, "\n%sWhat may be feeding the tightness%s\n", st.bold, st.off);
    bbr_item(&b, st.width, 2, "",
             "(Scores are weighted evidence from your answers, from 0 to 1, not "
             "probabilities.)");
    for (size_t i = 0; i < as->ncauses; i++) {
      const as_cause *c = &as->causes[i];
      char bullet[32];
      snprintf(bullet, sizeof bullet, "%zu. ", i + 1);
      bbu_buf lst;
      bbu_buf_init(&lst);
      bbu_buf_printf(&lst, "%s (score %.2f). %s", c->cause->title, c->score, c->text);
      bbr_item(&b, st.width, 2, bullet, lst.buf ? lst.buf : "");
      bbu_buf_free(&lst);
      bbu_buf_init(&lst);
      /* not "You said": causes also rest on what bedback worked out (bmi,
       * the sleep-support model's fit_* findings) */
      bbu_buf_add(&lst, "Based on: ");
      bbr_because_list(&lst, kb, c->because.items, c->because.n, "; ");
      if (lst.buf)
        bbr_item(&b, st.width, 5, "", lst.buf);
      bbu_buf_free(&lst);
      bbr_item(&b, st.width, 5, "Evidence: ", c->cause->evidence);
    }
  }
  /* 5. the plan */
  if (as->nrecs) {
    bbu_buf_printf(&b, "\n%sYour plan%s\n", st.bold, st.off);
    for (int cat = 0; cat < (em ? CAT_SEEK_CARE + 1 : CAT_COUNT); cat++)
      text_category(&b, as, st, cat);
  }
  /* 6. routine */
  if (!em)
    text_routine(&b, as, st);
  /* the sleep-support model, when it ran: the numbers behind the advice */
  if (as->fit && !em) {
    char *fit = bb_fit_render(as->fit, BB_FORMAT_TEXT, 0);
    if (fit) {
      bbu_buf_printf(&b, "\n%sYour body on your mattress%s\n", st.bold, st.off);
      for (char *line = fit, *nl; *line; line = nl) {
        nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        size_t lead = strspn(line, " ");
        if (len > lead) {
          char *text = strndup(line + lead, len - lead);
          if (text)
            bbr_item(&b, st.width, 2 + lead, "", text);
          free(text);
        } else {
          bbu_buf_add(&b, "\n");
        }
        nl = nl ? nl + 1 : line + len;
      }
      free(fit);
    }
  }
  /* 7. not a diagnosis */
  bbu_buf_add(&b, "\n");
  text_notes(&b, as, st);
  /* 8. in short, and what to run next */
  text_closing(&b, as, st, !anything_answered(as));
  (void)kb;
  return bbu_buf_take(&b);
}

/* Markdown: the same content, for files and clinicians. */
static void md_because(bbu_buf *b, const bb_kb *kb, const char *label, const bb_strs *s) {
  if (!s->n)
    return;
  bbu_buf_printf(b, "  %s", label);
  bbr_because_list(b, kb, s->items, s->n, "; ");
  bbu_buf_add(b, "\n");
}

/* The answers in words, question and answer, for the doctor; warning-sign
 * questions not asked are listed as such. */
static void md_answers(bbu_buf *b, const bb_assessment *as) {
  const bb_kb *kb = as->kb;
  bbu_buf_add(b, "## Your answers\n\n");
  if (!anything_answered(as)) {
    bbu_buf_add(b, "No question was answered.\n\n");
    return;
  }
  char *aj = bb_answers_to_json(as->answers);
  json_t *answers = aj ? json_loads(aj, 0, NULL) : NULL;
  free(aj);
  for (size_t i = 0; i < kb->nquestions; i++) {
    const kb_question *q = &kb->questions[i].q;
    json_t *v = json_object_get(answers, q->id);
    int unasked = 0;
    for (size_t k = 0; k < as->nunasked; k++)
      unasked |= as->unasked[k] == q;
    if (!v && !unasked)
      continue;
    char w[256], qt[1024];
    bbu_buf_printf(b, "- %s **%s**\n", bbr_question_words(q, qt, sizeof qt),
                   v ? bbr_json_answer_words(q, v, w, sizeof w) : "not answered (not ruled out)");
  }
  bbu_buf_add(b, "\n");
  json_decref(answers);
}

static char *render_markdown(const bb_assessment *as, const char *date) {
  const bb_kb *kb = as->kb;
  int nothing = !anything_answered(as);
  /* at an emergency, only what matters for it (as in the text) */
  int em = as->level == BB_EMERGENCY;
  bbu_buf b;
  bbu_buf_init(&b);
  bbu_buf_add(&b, "# bedback assessment\n\n");
  if (date)
    bbu_buf_printf(&b, "Made on %s.\n\n", date);
  if (nothing)
    bbu_buf_printf(&b, "**NOTHING ANSWERED: %s**\n\n", kb->nothing_answered);
  else
    bbu_buf_printf(&b, "**%s: %s**\n\n", LEVEL_LABEL[as->level], kb->headline[as->level]);
  if (!nothing && kb->level_text[as->level] && *kb->level_text[as->level])
    bbu_buf_printf(&b, "%s\n\n", kb->level_text[as->level]);
  if (as->nunasked) {
    bbu_buf_printf(&b, "> **Not ruled out:** %s\n>\n", kb->unasked_warning);
    for (size_t i = 0; i < as->nunasked; i++)
      bbu_buf_printf(&b, "> - %s\n", as->unasked[i]->text);
    bbu_buf_add(&b, "\n");
  }
  if (as->nflags) {
    bbu_buf_add(&b, "## Why\n\n");
    for (size_t i = 0; i < as->nflags; i++) {
      const as_flag *f = &as->flags[i];
      if (f->flag->title && *f->flag->title)
        bbu_buf_printf(&b, "- **%s: %s.** %s\n", LEVEL_WORDS[f->flag->level], f->flag->title,
                       f->flag->text);
      else
        bbu_buf_printf(&b, "- **%s:** %s\n", LEVEL_WORDS[f->flag->level], f->flag->text);
      md_because(&b, kb, "You said: ", &f->because);
    }
    bbu_buf_add(&b, "\n");
  }
  md_answers(&b, as);
  if (as->ncauses && !em) {
    bbu_buf_add(&b, "## What may be feeding the tightness\n\n"
                    "Scores are weighted evidence from the answers (0–1), not probabilities.\n\n");
    for (size_t i = 0; i < as->ncauses; i++) {
      const as_cause *c = &as->causes[i];
      bbu_buf_printf(&b, "%zu. **%s** (score %.2f): %s\n", i + 1, c->cause->title, c->score,
                     c->text);
      md_because(&b, kb, "Based on: ", &c->because);
      bbu_buf_printf(&b, "  Evidence: %s\n", c->cause->evidence);
    }
    bbu_buf_add(&b, "\n");
  }
  if (as->nrecs) {
    bbu_buf_add(&b, "## Your plan\n\n");
    for (int cat = 0; cat < (em ? CAT_SEEK_CARE + 1 : CAT_COUNT); cat++) {
      int head = 0;
      for (size_t i = 0; i < as->nrecs; i++) {
        const as_rec *r = &as->recs[i];
        if ((int)r->rec->category != cat)
          continue;
        if (!head)
          bbu_buf_printf(&b, "### %s\n\n", CATEGORY_TITLE[cat]);
        head = 1;
        bbu_buf_printf(&b, "- %s\n", r->text);
        if (r->rec->why && *r->rec->why)
          bbu_buf_printf(&b, "  *Why:* %s\n", r->rec->why);
        if (r->rec->evidence && *r->rec->evidence) {
          bbu_buf_printf(&b, "  *Evidence:* %s\n",
                         evidence_said(as, cat, i) ? "as above." : r->rec->evidence);
        }
      }
      if (head)
        bbu_buf_add(&b, "\n");
    }
  }
  if (as->nroutine && !em) {
    bbu_buf_add(&b, "## Your bedtime routine\n\n");
    size_t nshared = 0;
    const char *shared[16];
    shared_cautions(as, shared, &nshared);
    if (nshared) {
      bbu_buf_add(&b, "For every exercise:\n\n");
      for (size_t k = 0; k < nshared; k++)
        bbu_buf_printf(&b, "- ⚠ %s\n", shared[k]);
      bbu_buf_add(&b, "\n");
    }
    for (size_t i = 0; i < as->nroutine; i++) {
      const kb_exercise *x = as->routine[i];
      bbu_buf_printf(&b, "### %zu. %s\n\n%s\n\n", i + 1, x->title, x->dosage);
      for (size_t k = 0; k < x->nsteps; k++)
        bbu_buf_printf(&b, "%zu. %s\n", k + 1, x->steps[k]);
      bbu_buf_add(&b, "\n");
      int any = 0;
      for (size_t k = 0; k < x->ncautions; k++)
        if (!is_shared(x, x->cautions[k], shared, nshared)) {
          bbu_buf_printf(&b, "- ⚠ %s\n", x->cautions[k]);
          any = 1;
        }
      if (any)
        bbu_buf_add(&b, "\n");
    }
  }
  if (as->fit && !em) {
    char *fit = bb_fit_render(as->fit, BB_FORMAT_TEXT, 0);
    if (fit)
      bbu_buf_printf(&b, "## Your body on your mattress\n\n```\n%s```\n\n", fit);
    free(fit);
  }
  bbu_buf_add(&b, "---\n\n");
  const char *const *notes =
      em && kb->nemergency_notes ? (const char *const *)kb->emergency_notes : as->notes;
  size_t nnotes = em && kb->nemergency_notes ? kb->nemergency_notes : as->nnotes;
  for (size_t i = 0; i < nnotes; i++)
    bbu_buf_printf(&b, "%s\n\n", notes[i]);
  bbu_buf_printf(&b, "*bedback %s, knowledge base %s*\n", BEDBACK_VERSION, kb->version);
  return bbu_buf_take(&b);
}

static char *render(const bb_assessment *as, bb_format format, unsigned flags, const char *date) {
  switch (format) {
  case BB_FORMAT_JSON: {
    /* written straight out, no jansson tree (jsonw.c; the same bytes) */
    bbu_buf b;
    bbu_buf_init(&b);
    jsonw_assessment(&b, as, 2);
    return bbu_buf_take(&b);
  }
  case BB_FORMAT_MARKDOWN: return render_markdown(as, date);
  case BB_FORMAT_HTML: return bbr_render_html(as, date);
  default: return render_text(as, flags, WIDTH, 0);
  }
}

char *bb_render(const bb_assessment *as, bb_format format, unsigned flags) {
  return render(as, format, flags, NULL);
}

char *bb_render_dated(const bb_assessment *as, bb_format format, unsigned flags, int today) {
  char date[11];
  bb_date_format(today, date);
  return render(as, format, flags, date);
}

char *bb_render_triage(const bb_assessment *as, unsigned flags, int width) {
  return render_text(as, flags, width >= 40 ? (size_t)width : WIDTH, 1);
}

/* ------------------------------------------------------------------ */

char *bb_render_questions(const bb_kb *kb, bb_format format) {
  if (format == BB_FORMAT_JSON)
    return bbr_json_dump(bbr_questions_json(kb));
  bbu_buf b;
  bbu_buf_init(&b);
  const char *section = "";
  for (size_t i = 0; i < kb->nquestions; i++) {
    const kb_question *q = &kb->questions[i].q;
    if (strcmp(section, q->section) != 0) {
      section = q->section;
      bbu_buf_printf(&b, "%s[%s]\n", i ? "\n" : "", section);
    }
    char allowed[256] = "yes/no";
    if (q->type == BB_INTEGER || q->type == BB_NUMBER) {
      char lo[32], hi[32];
      bbu_fmt_num(lo, sizeof lo, q->min);
      bbu_fmt_num(hi, sizeof hi, q->max);
      snprintf(allowed, sizeof allowed, "%s %s–%s%s%s",
               q->type == BB_INTEGER ? "integer" : "number", lo, hi, q->unit && *q->unit ? " " : "",
               q->unit ? q->unit : "");
    } else if (q->type == BB_CHOICE) {
      size_t n = 0;
      for (size_t k = 0; k < q->nchoices && n < sizeof allowed; k++)
        n += (size_t)snprintf(allowed + n, sizeof allowed - n, "%s%s", k ? " | " : "",
                              q->choices[k]);
    }
    bbu_buf_printf(&b, "%s (%s)\n", q->id, allowed);
    bbr_item(&b, WIDTH, 2, "", q->text);
  }
  return bbu_buf_take(&b);
}

/* ------------------------------------------------------------------ */
/* The whole knowledge base, for a clinician's review. */

static void md_sources(bbu_buf *b, char **v, size_t n) {
  bbu_buf_add(b, "Sources: ");
  for (size_t i = 0; i < n; i++)
    bbu_buf_printf(b, "%s[%s]", i ? ", " : "", v[i]);
  bbu_buf_add(b, "\n\n");
}

char *bb_render_advice(const bb_kb *kb, const char *id) {
  const kb_rec *r = NULL;
  for (size_t i = 0; i < kb->nrecs && !r; i++)
    if (strcmp(kb->recs[i].id, id) == 0)
      r = &kb->recs[i];
  if (!r)
    return NULL;
  bbu_buf b;
  bbu_buf_init(&b);
  bbr_item(&b, WIDTH, 2, "* ", r->text);
  if (r->why && *r->why)
    bbr_item(&b, WIDTH, 4, "Why: ", r->why);
  if (r->evidence && *r->evidence)
    bbr_item(&b, WIDTH, 4, "Evidence: ", r->evidence);
  return bbu_buf_take(&b);
}

char *bb_render_kb(const bb_kb *kb) {
  bbu_buf b;
  bbu_buf_init(&b);
  bbu_buf_printf(&b,
                 "# bedback knowledge base %s\n\n"
                 "Everything bedback asks, decides and advises, in one document for review. "
                 "Conditions are in the language of docs/knowledge-base.md; a rule fires only "
                 "when its condition is true, and an unanswered question is unknown, never "
                 "\"no\".\n\n",
                 kb->version);
  bbu_buf_add(&b, "## Triage levels\n\n| level | headline |\n|---|---|\n");
  for (int i = 3; i >= 0; i--)
    bbu_buf_printf(&b, "| %s | %s |\n", bb_level_name((bb_level)i), kb->headline[i]);
  bbu_buf_printf(&b, "\nWhen warning-sign questions are unanswered: %s\n\n", kb->unasked_warning);

  bbu_buf_add(&b, "## Questions\n\n");
  for (size_t i = 0; i < kb->nfindings; i++) {
    const kb_question *q = &kb->questions[i].q;
    bbu_buf_printf(&b, "### `%s`%s\n\n%s\n\n", q->id, q->derived ? " (derived)" : "", q->text);
    if (q->help && *q->help)
      bbu_buf_printf(&b, "Help: %s\n\n", q->help);
    bbu_buf_printf(&b, "Section: %s. Type: %s", q->section,
                   (const char *[]){"boolean", "integer", "number", "choice"}[q->type]);
    if (q->type == BB_INTEGER || q->type == BB_NUMBER) {
      char lo[32], hi[32];
      bbu_fmt_num(lo, sizeof lo, q->min);
      bbu_fmt_num(hi, sizeof hi, q->max);
      bbu_buf_printf(&b, ", %s to %s %s", lo, hi, q->unit ? q->unit : "");
    }
    for (size_t k = 0; k < q->nchoices; k++)
      bbu_buf_printf(&b, "%s`%s`", k ? ", " : ": ", q->choices[k]);
    bbu_buf_add(&b, ".\n\n");
    if (q->ask_when_src)
      bbu_buf_printf(&b, "Asked only when: `%s`\n\n", q->ask_when_src);
    md_sources(&b, q->sources, q->nsources);
  }

  bbu_buf_add(&b, "## Triage flags\n\n");
  for (size_t i = 0; i < kb->nflags; i++) {
    const kb_flag *f = &kb->flags[i];
    bbu_buf_printf(&b, "### `%s` — %s\n\nFires when: `%s`\n\n%s\n\n", f->id,
                   bb_level_name((bb_level)f->level), f->when_src ? f->when_src : "", f->text);
    md_sources(&b, f->sources, f->nsources);
  }
  bbu_buf_add(&b, "## Causes\n\n");
  for (size_t i = 0; i < kb->ncauses; i++) {
    const kb_cause *c = &kb->causes[i];
    bbu_buf_printf(
        &b, "### `%s`\n\n%s\n\nEvidence: %s\n\n| strength | weight | when |\n|---|---|---|\n",
        c->id, c->text, c->evidence);
    for (size_t k = 0; k < c->nind; k++)
      bbu_buf_printf(&b, "| %s | %.2f | `%s` |\n", c->ind[k].strong ? "strong" : "supporting",
                     c->ind[k].weight, c->ind[k].when_src);
    bbu_buf_add(&b, "\n");
    md_sources(&b, c->sources, c->nsources);
  }
  bbu_buf_add(&b, "## Recommendations\n\n");
  for (size_t i = 0; i < kb->nrecs; i++) {
    const kb_rec *r = &kb->recs[i];
    bbu_buf_printf(&b, "### `%s` (%s)\n\nGiven when: `%s`%s\n\n%s\n\nWhy: %s\n\nEvidence: %s\n\n",
                   r->id,
                   (const char *[]){"seek care", "sleep setup", "relief", "daytime"}[r->category],
                   r->when_src ? r->when_src : "",
                   r->activity ? " (an exercise or heat: never at urgent or emergency)" : "",
                   r->text, r->why, r->evidence);
    md_sources(&b, r->sources, r->nsources);
  }
  bbu_buf_add(&b, "## Exercises (routine order)\n\n");
  for (size_t i = 0; i < kb->nexercises; i++) {
    const kb_exercise *x = &kb->exercises[i];
    bbu_buf_printf(&b, "### %s (`%s`)\n\n%s\n\n", x->title, x->id, x->dosage);
    for (size_t k = 0; k < x->nsteps; k++)
      bbu_buf_printf(&b, "%zu. %s\n", k + 1, x->steps[k]);
    bbu_buf_add(&b, "\n");
    for (size_t k = 0; k < x->ncautions; k++)
      bbu_buf_printf(&b, "- Caution: %s\n", x->cautions[k]);
    bbu_buf_add(&b, "\n");
    md_sources(&b, x->sources, x->nsources);
  }
  bbu_buf_add(&b, "## Sources\n\n");
  for (size_t i = 0; i < kb->nsources; i++)
    bbu_buf_printf(&b, "- [%s] %s\n", kb->sources[i].id, kb->sources[i].citation);
  bbu_buf_add(&b, "\n## Notes shown with every assessment\n\n");
  for (size_t i = 0; i < kb->nnotes; i++)
    bbu_buf_printf(&b, "- %s\n", kb->notes[i]);
  return bbu_buf_take(&b);
}
