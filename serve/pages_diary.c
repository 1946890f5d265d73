/* pages_diary.c -- the diary: the warning signs on record first, the
 * entry for last night (or the night being amended) with its warning-sign
 * checklist, the trend with its verdict and what to do, the history with
 * the earlier versions kept, the sleep-setup changes, and the exports.
 * The same library calls as `bedback log`, `trend`, `history`, `setup`
 * and `export`; a night logged with warning signs is assessed merged with
 * the answers on record, as `bedback log --symptom` does. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Setup-change kinds (docs/diary.md; `bedback setup KIND`). */
static const char *const KINDS[] = {"mattress", "pillow", "knee_pillow", "topper", "other"};
static const char *const KIND_WORDS[] = {"Mattress", "Pillow", "Knee pillow", "Topper", "Other"};
#define NKINDS (sizeof KINDS / sizeof *KINDS)

static const char *kind_words(const char *k) {
  for (size_t i = 0; i < NKINDS; i++)
    if (k && !strcmp(k, KINDS[i]))
      return KIND_WORDS[i];
  return k ? k : "";
}

/* The warning questions the nightly checklist asks: signs that can be new
 * (not a history), yes/no or a choice, that apply with nothing known. */
static int checklist_question(const bb_question *q, const bb_answers *none) {
  return bb_question_is_warning(q) && !bb_question_is_history(q) && bb_question_applies(none, q) &&
         bb_question_type(q) != BB_INTEGER && bb_question_type(q) != BB_NUMBER;
}

/* Whether answer `id` says the sign is there: yes, or a choice other than
 * "none" (as `bedback log --symptom`). */
static int sign_present(const bb_answers *a, const bb_question *q) {
  const char *id = bb_question_id(q);
  if (!bb_answers_known(a, id))
    return 0;
  if (bb_question_type(q) == BB_CHOICE) {
    const char *c = bb_answers_get_choice(a, id);
    return c && strcmp(c, "none") != 0;
  }
  char *json = bb_answers_to_json(a);
  /* a boolean answer is spelt true/false in the JSON */
  char key[96];
  snprintf(key, sizeof key, "\"%s\": true", id);
  int yes = json && strstr(json, key) != NULL;
  free(json);
  return yes;
}

static void choice_radio(sv_buf *b, const char *name, const char *value, const char *label,
                         const char *id, int checked) {
  sv_buf_printf(b, "<label class=\"opt\"><input type=\"radio\" name=\"%s\" value=\"", name);
  sv_buf_html(b, value);
  sv_buf_printf(b, "\" id=\"%s\"%s/> <span>", id, checked ? " checked=\"checked\"" : "");
  sv_buf_html(b, label);
  sv_buf_puts(b, "</span></label>\n");
}

typedef struct {
  const bb_entry *e; /* the night being amended, or NULL */
  int date;
  int prefill; /* from the posted form (after a problem) */
} entry_ctx;

static const char *posted(const sv_request *rq, const entry_ctx *c, const char *name) {
  return c->prefill ? sv_form(rq, name) : NULL;
}

static int posted_int(const sv_request *rq, const entry_ctx *c, const char *name, int stored) {
  const char *s = posted(rq, c, name);
  if (s)
    return *s ? atoi(s) : -1;
  return stored;
}

static void entry_form(const sv_request *rq, sv_buf *b, const entry_ctx *c, const pg_problems *ps) {
  const bb_kb *kb = rq->srv->kb;
  char ds[11];
  bb_date_format(c->date, ds);
  int night = pg_night();
  sv_buf_puts(b, "<section class=\"entry\" aria-labelledby=\"entry-h\">\n<h2 id=\"entry-h\">");
  if (c->date == night)
    sv_buf_printf(b, "Last night: the night of %s", ds);
  else
    sv_buf_printf(b, "The night of %s", ds);
  sv_buf_puts(b, "</h2>\n");
  if (c->e)
    sv_buf_printf(b, "<p class=\"hint\">This night is logged: what you change replaces it, "
                     "and the earlier version is kept in the history.</p>\n");
  sv_buf_puts(b, "<form method=\"post\" action=\"/diary/entry\" class=\"entry-form\">\n");
  sv_csrf_field(rq, b);
  const char *pd = posted(rq, c, "date");
  sv_buf_puts(b, "<div class=\"q\"><label class=\"qtext\" for=\"f-date\">Night of</label>\n");
  const char *dp = pg_problem_for(ps, "date");
  if (dp) {
    sv_buf_puts(b, "<p class=\"err\" id=\"e-date\">");
    sv_buf_html(b, dp);
    sv_buf_puts(b, "</p>\n");
  }
  sv_buf_puts(b, "<input type=\"date\" id=\"f-date\" name=\"date\" required=\"required\" "
                 "value=\"");
  sv_buf_html(b, pd ? pd : ds);
  sv_buf_puts(b, "\"/>\n<p class=\"hint\">The date of the evening the night began.</p></div>\n");

  sv_buf_puts(b, "<fieldset class=\"q\"><legend class=\"qtext\">How tight was your back in bed? "
                 "0 (not at all) to 10 (worst)</legend>\n");
  const char *tp = pg_problem_for(ps, "tightness");
  if (tp) {
    sv_buf_puts(b, "<p class=\"err\" id=\"e-tightness\">");
    sv_buf_html(b, tp);
    sv_buf_puts(b, "</p>\n");
  }
  pg_scale(b, "tightness", posted_int(rq, c, "tightness", c->e ? c->e->tightness : -1), 0);
  sv_buf_puts(b, "</fieldset>\n<fieldset class=\"q\"><legend class=\"qtext\">And on waking, "
                 "0 to 10?</legend>\n");
  pg_scale(b, "wake", posted_int(rq, c, "wake", c->e ? c->e->wake : -1), 1);
  sv_buf_puts(b, "</fieldset>\n");

  /* the position: the knowledge base's sleep positions and their words */
  const bb_question *sp = bb_kb_find_question(kb, "sleep_position");
  const char *pos = posted(rq, c, "position");
  if (!pos)
    pos = c->e && c->e->position ? c->e->position : "";
  sv_buf_puts(b, "<fieldset class=\"q\"><legend class=\"qtext\">How did you sleep?</legend>\n"
                 "<div class=\"opts\">\n");
  for (size_t k = 0; sp && k < bb_question_choice_count(sp); k++) {
    char id[48], label[128];
    snprintf(id, sizeof id, k ? "f-position-%zu" : "f-position", k);
    snprintf(label, sizeof label, "%s", bb_question_choice_label(sp, k));
    if (*label >= 'a' && *label <= 'z')
      *label = (char)(*label - 'a' + 'A');
    choice_radio(b, "position", bb_question_choice(sp, k), label, id,
                 !strcmp(pos, bb_question_choice(sp, k)));
  }
  choice_radio(b, "position", "", "Not said", "f-position-none", !*pos);
  sv_buf_puts(b, "</div></fieldset>\n");

  const char *rt = posted(rq, c, "routine");
  int routine = rt     ? (!strcmp(rt, "yes")  ? 1
                          : !strcmp(rt, "no") ? 0
                                              : -1)
                : c->e ? c->e->routine
                       : -1;
  sv_buf_puts(b, "<fieldset class=\"q\"><legend class=\"qtext\">Did you do the bedtime "
                 "routine?</legend>\n<div class=\"opts\">\n");
  choice_radio(b, "routine", "yes", "Yes", "f-routine", routine == 1);
  choice_radio(b, "routine", "no", "No", "f-routine-no", routine == 0);
  choice_radio(b, "routine", "", "Not said", "f-routine-none", routine < 0);
  sv_buf_puts(b, "</div></fieldset>\n");

  int heat = posted_int(rq, c, "heat_minutes", c->e ? c->e->heat_minutes : -1);
  sv_buf_puts(b, "<div class=\"q\"><label class=\"qtext\" for=\"f-heat_minutes\">Minutes of heat "
                 "before bed</label>\n");
  const char *hp = pg_problem_for(ps, "heat_minutes");
  if (hp) {
    sv_buf_puts(b, "<p class=\"err\" id=\"e-heat_minutes\">");
    sv_buf_html(b, hp);
    sv_buf_puts(b, "</p>\n");
  }
  sv_buf_puts(b, "<div class=\"num\"><input type=\"number\" id=\"f-heat_minutes\" "
                 "name=\"heat_minutes\" min=\"0\" max=\"120\" step=\"1\" inputmode=\"numeric\" "
                 "value=\"");
  if (heat >= 0)
    sv_buf_printf(b, "%d", heat);
  sv_buf_puts(b, "\"/> <span class=\"unit\">minutes</span></div></div>\n");

  const char *note = posted(rq, c, "note");
  if (!note)
    note = c->e && c->e->note ? c->e->note : "";
  sv_buf_printf(b, "<div class=\"q\"><label class=\"qtext\" for=\"f-note\">A note</label>\n");
  const char *np = pg_problem_for(ps, "note");
  if (np) {
    sv_buf_puts(b, "<p class=\"err\" id=\"e-note\">");
    sv_buf_html(b, np);
    sv_buf_puts(b, "</p>\n");
  }
  sv_buf_printf(b, "<textarea id=\"f-note\" name=\"note\" rows=\"3\" maxlength=\"%d\">",
                BB_NOTE_MAX);
  sv_buf_html(b, note);
  sv_buf_puts(b, "</textarea></div>\n");

  /* the warning-sign checklist */
  sv_buf_puts(b, "<fieldset class=\"q checklist\"><legend class=\"qtext\">Any of these "
                 "<strong>new</strong> since you last told bedback?</legend>\n"
                 "<p class=\"hint\">Tick only what is new. bedback tells you what to do "
                 "before anything else.</p>\n");
  bb_answers *none = bb_answers_new(kb);
  for (size_t i = 0; none && i < bb_kb_question_count(kb); i++) {
    const bb_question *q = bb_kb_question(kb, i);
    if (!checklist_question(q, none))
      continue;
    const char *id = bb_question_id(q);
    const char *v = posted(rq, c, id);
    if (bb_question_type(q) == BB_BOOLEAN) {
      sv_buf_printf(b,
                    "<div class=\"check-item\"><input type=\"checkbox\" name=\"%s\" "
                    "value=\"yes\" id=\"f-%s\"%s/> <label for=\"f-%s\">",
                    id, id, v && !strcmp(v, "yes") ? " checked=\"checked\"" : "", id);
      sv_buf_html(b, bb_question_text(q));
      sv_buf_puts(b, "</label></div>\n");
    } else {
      sv_buf_printf(b, "<fieldset class=\"check-item\"><legend>");
      sv_buf_html(b, bb_question_text(q));
      sv_buf_puts(b, "</legend>\n<div class=\"opts\">\n");
      for (size_t k = 0; k < bb_question_choice_count(q); k++) {
        char rid[96], label[128];
        snprintf(rid, sizeof rid, k ? "f-%s-%zu" : "f-%s", id, k);
        snprintf(label, sizeof label, "%s", bb_question_choice_label(q, k));
        if (*label >= 'a' && *label <= 'z')
          *label = (char)(*label - 'a' + 'A');
        const char *choice = bb_question_choice(q, k);
        choice_radio(b, id, choice, label, rid, v ? !strcmp(v, choice) : k == 0);
      }
      sv_buf_puts(b, "</div></fieldset>\n");
    }
  }
  bb_answers_free(none);
  sv_buf_puts(b, "</fieldset>\n<div class=\"actions\"><button type=\"submit\" "
                 "class=\"primary\">Save this night</button></div>\n</form>\n</section>\n");
}

static void status_line(const sv_request *rq, sv_buf *b) {
  const char *msg = NULL;
  char buf[160];
  const char *saved = sv_query(rq, "saved"), *logged = sv_query(rq, "logged");
  const char *night = sv_query(rq, "night");
  int day;
  if (saved && !strcmp(saved, "assessment"))
    msg = "Your result is saved in your diary.";
  else if (logged && !strcmp(logged, "routine"))
    msg = "The routine is logged for last night.";
  else if (logged && !strcmp(logged, "heat"))
    msg = "The heat is logged for last night.";
  else if (logged && !strcmp(logged, "setup"))
    msg = "The change to your sleep setup is saved.";
  else if (logged && !strcmp(logged, "withdrawn"))
    msg = "The warning sign is withdrawn; the entry as it was is kept in the history.";
  else if (logged && !strcmp(logged, "entry") && night && bb_date_parse(night, &day) == 0) {
    char ds[11];
    bb_date_format(day, ds);
    snprintf(buf, sizeof buf, "The night of %s is saved.", ds);
    msg = buf;
  }
  if (!msg)
    return;
  sv_buf_puts(b, "<p class=\"notice\" role=\"status\">");
  sv_buf_html(b, msg);
  sv_buf_puts(b, "</p>\n");
}

static void trend_section(sv_buf *b, const bb_diary_view *v, const bb_warnings *w) {
  sv_buf_puts(b, "<section class=\"trend\" aria-labelledby=\"trend-h\">\n<h2 id=\"trend-h\">"
                 "Your trend</h2>\n");
  if (!v || !v->nentries) {
    sv_buf_puts(b, "<p>No night is logged yet. Log a few nights: after two weeks bedback "
                   "can tell whether the tightness is easing.</p>\n</section>\n");
    return;
  }
  int today = 0, hour = 0;
  sv_now(&today, &hour);
  bb_trend t;
  if (bb_trend_compute(v->entries, v->nentries, 12, today, &t) != 0) {
    sv_buf_puts(b, "<p class=\"problem\">The trend could not be worked out from these "
                   "entries.</p>\n</section>\n");
    return;
  }
  char words[32];
  snprintf(words, sizeof words, "%s", bb_verdict_name(t.verdict));
  for (char *p = words; *p; p++)
    if (*p == '_')
      *p = ' ';
  if (*words >= 'a' && *words <= 'z')
    *words = (char)(*words - 'a' + 'A');
  bb_level sign = bb_warnings_level(w);
  sv_buf_printf(b, "<div class=\"verdict %s\"><p class=\"verdict-word\">%s</p>\n<p>",
                sign > BB_SELF_CARE ? "under-sign" : bb_verdict_name(t.verdict), words);
  sv_buf_html(b, bb_trend_advice_with(&t, sign));
  sv_buf_puts(b, "</p>\n");
  if (t.entries)
    sv_buf_printf(b,
                  "<dl class=\"nums\"><div><dt>First week</dt><dd>%.1f</dd></div><div><dt>Last "
                  "week</dt><dd>%.1f</dd></div><div><dt>Change</dt><dd>%+.1f</dd></div><div>"
                  "<dt>Nights</dt><dd>%zu</dd></div></dl>\n",
                  t.baseline, t.current, t.change, t.entries);
  sv_buf_puts(b, "</div>\n");
  /* a chart needs two nights at least */
  char *svg = v->nentries >= 2 ? bb_trend_svg(&t, v) : NULL;
  if (svg) {
    sv_buf_puts(b, "<figure class=\"chart\">");
    sv_buf_puts(b, svg);
    sv_buf_puts(b, "<figcaption>Tightness each night, 0 (none) to 10 (worst), and the weekly "
                   "average.</figcaption></figure>\n");
  }
  free(svg);
  bb_trend_clear(&t);
  sv_buf_puts(b, "</section>\n");
}

static void withdraw_button(const sv_request *rq, sv_buf *b, int date, const bb_question *q) {
  char ds[11];
  bb_date_format(date, ds);
  sv_buf_puts(b, "<form method=\"post\" action=\"/diary/withdraw\" class=\"inline\">");
  sv_csrf_field(rq, b);
  sv_buf_printf(b,
                "<input type=\"hidden\" name=\"date\" value=\"%s\"/><input type=\"hidden\" "
                "name=\"sign\" value=\"",
                ds);
  sv_buf_html(b, bb_question_id(q));
  sv_buf_puts(b, "\"/><button type=\"submit\" class=\"small\">Withdraw: logged by mistake"
                 "<span class=\"vh\"> (");
  sv_buf_html(b, bb_question_label(q));
  sv_buf_printf(b, ", %s)</span></button></form>", ds);
}

static void history_section(const sv_request *rq, sv_buf *b, const bb_diary_view *v,
                            const bb_history *h) {
  const bb_kb *kb = rq->srv->kb;
  sv_buf_puts(b, "<section class=\"history\" aria-labelledby=\"hist-h\">\n<h2 id=\"hist-h\">"
                 "History</h2>\n");
  if (!v || !v->nentries) {
    sv_buf_puts(b, "<p>Nothing logged yet.</p>\n</section>\n");
    return;
  }
  sv_buf_puts(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby="
                 "\"hist-h\"><table class=\"entries\">\n<thead><tr><th scope=\"col\">Night</th>"
                 "<th scope=\"col\">In bed</th><th scope=\"col\">On waking</th><th scope=\"col\">"
                 "Position</th><th scope=\"col\">Routine</th><th scope=\"col\">Heat</th><th "
                 "scope=\"col\">Note and signs</th><th scope=\"col\"><span class=\"vh\">Change"
                 "</span></th></tr></thead>\n<tbody>\n");
  for (size_t i = v->nentries; i-- > 0;) {
    const bb_entry *e = &v->entries[i];
    char ds[11];
    bb_date_format(e->date, ds);
    sv_buf_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"n\">%d</td><td class=\"n\">", ds,
                  e->tightness);
    if (e->wake >= 0)
      sv_buf_printf(b, "%d", e->wake);
    sv_buf_puts(b, "</td><td>");
    sv_buf_html(b, e->position ? e->position : "");
    sv_buf_printf(b, "</td><td>%s", e->routine < 0 ? "" : e->routine ? "done" : "not done");
    if (e->rating >= 0)
      sv_buf_printf(b, " (then %d)", e->rating);
    sv_buf_puts(b, "</td><td class=\"n\">");
    if (e->heat_minutes >= 0)
      sv_buf_printf(b, "%d min", e->heat_minutes);
    sv_buf_puts(b, "</td><td>");
    sv_buf_html(b, e->note ? e->note : "");
    if (e->symptoms) {
      bb_answers *s =
          bb_answers_parse(kb, e->symptoms, strlen(e->symptoms), "symptoms", NULL, NULL, NULL);
      for (size_t k = 0; s && k < bb_kb_question_count(kb); k++) {
        const bb_question *q = bb_kb_question(kb, k);
        if (!bb_question_is_warning(q) || !sign_present(s, q))
          continue;
        sv_buf_puts(b, "<p class=\"sign\"><span class=\"tag\">New sign</span> ");
        sv_buf_html(b, bb_question_label(q));
        sv_buf_puts(b, " ");
        withdraw_button(rq, b, e->date, q);
        sv_buf_puts(b, "</p>");
      }
      bb_answers_free(s);
    }
    if (e->versions)
      sv_buf_printf(b, " <span class=\"meta\">(amended; %d earlier version%s kept)</span>",
                    e->versions, e->versions == 1 ? "" : "s");
    sv_buf_printf(b,
                  "</td><td><a href=\"/diary?night=%s#entry-h\">Amend<span class=\"vh\"> the "
                  "night of %s</span></a></td></tr>\n",
                  ds, ds);
  }
  sv_buf_puts(b, "</tbody>\n</table></div>\n");
  /* the earlier versions, as `bedback history` keeps them */
  size_t old = 0;
  for (size_t i = 0; h && i < h->nversions; i++)
    old += h->versions[i].replaced != NULL;
  if (old) {
    sv_buf_printf(
        b, "<details class=\"versions\"><summary>Earlier versions (%zu)</summary>\n<ul>\n", old);
    for (size_t i = 0; i < h->nversions; i++) {
      const bb_entry_version *ver = &h->versions[i];
      if (!ver->replaced)
        continue;
      char ds[11];
      bb_date_format(ver->entry.date, ds);
      sv_buf_printf(b, "<li>Night of %s: tightness %d", ds, ver->entry.tightness);
      if (ver->entry.wake >= 0)
        sv_buf_printf(b, ", on waking %d", ver->entry.wake);
      if (ver->entry.note) {
        sv_buf_puts(b, ", note &#8220;");
        sv_buf_html(b, ver->entry.note);
        sv_buf_puts(b, "&#8221;");
      }
      sv_buf_puts(b, " <span class=\"meta\">(written ");
      sv_buf_html(b, ver->saved ? ver->saved : "");
      sv_buf_puts(b, ", replaced ");
      sv_buf_html(b, ver->replaced);
      sv_buf_puts(b, ")</span></li>\n");
    }
    sv_buf_puts(b, "</ul></details>\n");
  }
  sv_buf_puts(b, "</section>\n");
}

static void saved_checks(sv_buf *b, const bb_history *h) {
  if (!h || !h->nassessments)
    return;
  sv_buf_puts(b, "<section class=\"checks\" aria-labelledby=\"checks-h\">\n<h2 id=\"checks-h\">"
                 "Saved checks</h2>\n<ul>\n");
  for (size_t i = 0; i < h->nassessments && i < 20; i++) {
    const bb_saved_assessment *a = &h->assessments[i];
    char lw[32];
    snprintf(lw, sizeof lw, "%s", a->level ? a->level : "");
    for (char *p = lw; *p; p++)
      if (*p == '_')
        *p = ' ';
    sv_buf_puts(b, "<li>");
    sv_buf_html(b, a->created ? a->created : "");
    sv_buf_puts(b, ": <span class=\"level ");
    sv_buf_html(b, a->level ? a->level : "");
    sv_buf_puts(b, "\">");
    sv_buf_html(b, lw);
    sv_buf_puts(b, "</span>");
    if (a->source && !strcmp(a->source, "log"))
      sv_buf_puts(b, " (from warning signs logged with a night)");
    sv_buf_puts(b, "</li>\n");
  }
  sv_buf_puts(b, "</ul>\n</section>\n");
}

static void setup_section(const sv_request *rq, sv_buf *b, const bb_diary_view *v) {
  sv_buf_puts(b, "<section class=\"setup\" aria-labelledby=\"setup-h\">\n<h2 id=\"setup-h\">"
                 "Changes to your sleep setup</h2>\n");
  if (v && v->nevents) {
    sv_buf_puts(b, "<ul>\n");
    for (size_t i = 0; i < v->nevents; i++) {
      char ds[11];
      bb_date_format(v->events[i].date, ds);
      sv_buf_printf(b, "<li>%s: ", ds);
      sv_buf_html(b, kind_words(v->events[i].kind));
      if (v->events[i].note) {
        sv_buf_puts(b, " &#8212; ");
        sv_buf_html(b, v->events[i].note);
      }
      sv_buf_puts(b, "</li>\n");
    }
    sv_buf_puts(b, "</ul>\n");
  } else
    sv_buf_puts(b, "<p>None recorded. A change shows on the chart, so you can see what "
                   "happened after it.</p>\n");
  char ds[11];
  bb_date_format(pg_night(), ds);
  sv_buf_puts(b, "<form method=\"post\" action=\"/diary/setup\" class=\"setup-form\">\n");
  sv_csrf_field(rq, b);
  sv_buf_puts(b, "<div class=\"row\"><div class=\"q\"><label class=\"qtext\" for=\"f-kind\">What "
                 "changed</label>\n<select id=\"f-kind\" name=\"kind\">\n");
  for (size_t i = 0; i < NKINDS; i++)
    sv_buf_printf(b, "<option value=\"%s\">%s</option>\n", KINDS[i], KIND_WORDS[i]);
  sv_buf_printf(b,
                "</select></div>\n<div class=\"q\"><label class=\"qtext\" for=\"f-sdate\">From "
                "the night of</label>\n<input type=\"date\" id=\"f-sdate\" name=\"date\" "
                "value=\"%s\" required=\"required\"/></div></div>\n<div class=\"q\"><label "
                "class=\"qtext\" for=\"f-snote\">Note (optional)</label>\n<input type=\"text\" "
                "id=\"f-snote\" name=\"note\" maxlength=\"%d\"/></div>\n<div class=\"actions\">"
                "<button type=\"submit\">Add the change</button></div>\n</form>\n</section>\n",
                ds, BB_NOTE_MAX);
}

static void diary_page(sv_request *rq, sv_response *rs, int prefill, const pg_problems *ps) {
  bb_error err;
  bb_diary_view *v = NULL;
  bb_warnings *w = NULL;
  bb_history *h = NULL;
  bb_diary *d = sv_diary_open(rq->srv, BB_DIARY_READONLY, &err);
  if (!d && err.status != BB_EX_NOINPUT) {
    sv_fail_bb(rq, rs, &err);
    return;
  }
  if (d && (!(v = bb_diary_read(d, 0, &err)) || !(h = bb_diary_history(d, &err)))) {
    bb_diary_view_free(v);
    bb_diary_close(d);
    sv_fail_bb(rq, rs, &err);
    return;
  }
  bb_diary_close(d);
  if (!(w = bb_warnings_new(rq->srv->kb, v, &err))) {
    bb_history_free(h);
    bb_diary_view_free(v);
    sv_fail_bb(rq, rs, &err);
    return;
  }
  entry_ctx c = {NULL, pg_night(), prefill};
  const char *night = prefill ? sv_form(rq, "date") : sv_query(rq, "night");
  int day;
  if (night && bb_date_parse(night, &day) == 0)
    c.date = day;
  for (size_t i = 0; v && i < v->nentries; i++)
    if (v->entries[i].date == c.date)
      c.e = &v->entries[i];

  pg_begin(rs, ps && ps->n ? "Please check - your diary" : "Your diary", "/diary");
  sv_buf *b = &rs->body;
  sv_buf_puts(b, "<h1>Your diary</h1>\n");
  /* the warning signs on record open the diary, before anything else */
  char *signs = bb_warnings_render(w, BB_FORMAT_HTML, 0, 0);
  if (signs && *signs) {
    sv_buf_puts(b, "<div class=\"bb-a signs-block\" id=\"signs\">\n");
    sv_buf_puts(b, signs);
    sv_buf_puts(b, "</div>\n");
  }
  free(signs);
  status_line(rq, b);
  pg_problems_summary(b, ps);
  entry_form(rq, b, &c, ps);
  trend_section(b, v, w);
  history_section(rq, b, v, h);
  saved_checks(b, h);
  setup_section(rq, b, v);
  sv_buf_puts(b,
              "<section class=\"exports\" aria-labelledby=\"exp-h\">\n<h2 id=\"exp-h\">Take "
              "it with you</h2>\n<ul class=\"links\">\n"
              "<li><a href=\"/api/export?format=html\" download=\"\">The report for your "
              "clinician</a> (one page you can print or send)</li>\n"
              "<li><a href=\"/api/export?format=csv\" download=\"\">A spreadsheet (CSV)</a></li>\n"
              "<li><a href=\"/api/export?format=json\" download=\"\">Everything as JSON</a></li>\n"
              "</ul>\n</section>\n");
  sv_html_end(rs);
  bb_history_free(h);
  bb_warnings_free(w);
  bb_diary_view_free(v);
}

int pg_diary(sv_request *rq, sv_response *rs) {
  diary_page(rq, rs, 0, NULL);
  return 0;
}

/* A whole number in [min, max] from field `name`: -1 empty, -2 other. */
static int field_int(const sv_request *rq, const char *name, int min, int max) {
  const char *s = sv_form(rq, name);
  if (!s || !*s)
    return -1;
  char *end;
  long v = strtol(s, &end, 10);
  return *end || v < min || v > max ? -2 : (int)v;
}

int pg_diary_entry(sv_request *rq, sv_response *rs) {
  const bb_kb *kb = rq->srv->kb;
  pg_problems ps = {0};
  bb_entry e = {0, -1, -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1};
  const char *date = sv_form(rq, "date");
  if (!date || bb_date_parse(date, &e.date) != 0)
    pg_problem_add(&ps, "date", "Night of: give a date such as 2026-11-30");
  e.tightness = field_int(rq, "tightness", 0, 10);
  if (e.tightness < 0)
    pg_problem_add(&ps, "tightness", "How tight was your back: choose a number from 0 to 10");
  e.wake = field_int(rq, "wake", 0, 10);
  if (e.wake == -2)
    pg_problem_add(&ps, "wake", "On waking: choose a number from 0 to 10");
  const char *pos = sv_form(rq, "position");
  e.position = pos && *pos ? pos : NULL;
  const char *rt = sv_form(rq, "routine");
  e.routine = rt && !strcmp(rt, "yes") ? 1 : rt && !strcmp(rt, "no") ? 0 : -1;
  e.heat_minutes = field_int(rq, "heat_minutes", 0, 120);
  if (e.heat_minutes == -2)
    pg_problem_add(&ps, "heat_minutes", "Minutes of heat: a whole number from 0 to 120");
  const char *note = sv_form(rq, "note");
  e.note = note && *note ? note : NULL;
  bb_error err;
  if (!ps.n && bb_entry_check(&e, &err) != 0)
    pg_problem_add(&ps, !strcmp(err.key, "note") ? "note" : err.key, err.message);

  /* the checklist: the signs ticked, checked before anything is written */
  bb_answers *only = bb_answers_new(kb), *none = bb_answers_new(kb);
  size_t nsigns = 0;
  for (size_t i = 0; only && none && i < bb_kb_question_count(kb); i++) {
    const bb_question *q = bb_kb_question(kb, i);
    const char *v = sv_form(rq, bb_question_id(q));
    if (!checklist_question(q, none) || !v || !*v)
      continue;
    if (bb_answers_set_text(only, bb_question_id(q), v, &err) != 0)
      pg_problem_add(&ps, bb_question_id(q), err.message);
    else if (sign_present(only, q))
      nsigns++;
    else
      bb_answers_clear(only, bb_question_id(q)); /* "no": nothing to record */
  }
  bb_answers_free(none);
  if (!only) {
    return sv_fail(rq, rs, 500, NULL, "out of memory reading the entry");
  }
  if (ps.n) {
    bb_answers_free(only);
    diary_page(rq, rs, 1, &ps);
    rs->status = 422;
    return 0;
  }
  bb_diary *d = sv_diary_open(rq->srv, 0, &err);
  if (!d) {
    bb_answers_free(only);
    return sv_fail_bb(rq, rs, &err);
  }
  char *symjson = NULL;
  bb_saved_texts saved = {0};
  const bb_saved_assessment *recp = NULL;
  int status = 0;
  if (nsigns) {
    /* assessed at once, merged with the answers on record */
    bb_diary_view *v = bb_diary_read(d, 1, &err);
    bb_warnings *w = v ? bb_warnings_new(kb, v, &err) : NULL;
    symjson = bb_answers_to_json(only);
    bb_answers *merged = w ? bb_warnings_answers_new(kb, w, only) : NULL;
    bb_assessment *as = merged ? bb_assess(kb, merged, &err) : NULL;
    if (as && bb_saved_texts_init(&saved, "log", kb, merged, as, NULL) == 0)
      recp = &saved.rec;
    if (!v || !w || !as || !symjson || !recp)
      status = -1;
    bb_assessment_free(as);
    bb_answers_free(merged);
    bb_warnings_free(w);
    bb_diary_view_free(v);
    e.symptoms = symjson;
  }
  if (status == 0 && bb_diary_log(d, &e, recp, &err) != 0)
    status = -2;
  bb_diary_close(d);
  free(symjson);
  bb_saved_texts_clear(&saved);
  bb_answers_free(only);
  if (status == -1)
    return err.status ? sv_fail_bb(rq, rs, &err)
                      : sv_fail(rq, rs, 500, NULL, "out of memory assessing the warning signs");
  if (status == -2)
    return sv_fail_bb(rq, rs, &err);
  char where[96], ds[11];
  bb_date_format(e.date, ds);
  snprintf(where, sizeof where, "/diary?logged=entry&night=%s", ds);
  sv_redirect(rs, where);
  return 0;
}

int pg_diary_setup(sv_request *rq, sv_response *rs) {
  const char *kind = sv_form(rq, "kind"), *date = sv_form(rq, "date"), *note = sv_form(rq, "note");
  int day;
  size_t k = 0;
  while (k < NKINDS && (!kind || strcmp(kind, KINDS[k])))
    k++;
  if (k == NKINDS)
    return sv_fail(rq, rs, 422, "kind",
                   "what changed must be mattress, pillow, knee_pillow, topper or other");
  if (!date || bb_date_parse(date, &day) != 0)
    return sv_fail(rq, rs, 422, "date", "the date must be a date such as 2026-11-30");
  bb_error err;
  bb_diary *d = sv_diary_open(rq->srv, 0, &err);
  int rc = d ? bb_diary_add_event(d, day, KINDS[k], note && *note ? note : NULL, &err) : -1;
  bb_diary_close(d);
  if (rc != 0)
    return sv_fail_bb(rq, rs, &err);
  sv_redirect(rs, "/diary?logged=setup");
  return 0;
}

int pg_diary_withdraw(sv_request *rq, sv_response *rs) {
  const char *sign = sv_form(rq, "sign"), *date = sv_form(rq, "date");
  int day;
  const bb_question *q = sign ? bb_kb_find_question(rq->srv->kb, sign) : NULL;
  if (!q || !bb_question_is_warning(q))
    return sv_fail(rq, rs, 422, "sign", "that is not a warning sign");
  if (!date || bb_date_parse(date, &day) != 0)
    return sv_fail(rq, rs, 422, "date", "the date must be a date such as 2026-11-30");
  bb_error err;
  bb_diary *d = sv_diary_open(rq->srv, BB_DIARY_NOCREATE, &err);
  int rc = d ? bb_diary_withdraw(d, day, sign, &err) : -1;
  bb_diary_close(d);
  if (rc != 0)
    return sv_fail_bb(rq, rs, &err);
  sv_redirect(rs, "/diary?logged=withdrawn");
  return 0;
}
