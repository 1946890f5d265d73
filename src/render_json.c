/* render_json.c -- the assessment as JSON: the contract (spec/assessment.md)
 * and the question list for other front ends. */
#include "fit.h"
#include "internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *strs(const char *const *v, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++)
    json_array_append_new(a, json_string(v[i]));
  return a;
}

static json_t *cstrs(char **v, size_t n) {
  return strs((const char *const *)v, n);
}

static json_t *exercise_json(const kb_exercise *x) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(x->id));
  json_object_set_new(o, "title", json_string(x->title));
  json_object_set_new(o, "steps", cstrs(x->steps, x->nsteps));
  if (x->minutes)
    json_object_set_new(o, "minutes", json_integer(x->minutes));
  if (x->hold_seconds)
    json_object_set_new(o, "hold_seconds", json_integer(x->hold_seconds));
  if (x->repetitions)
    json_object_set_new(o, "repetitions", json_integer(x->repetitions));
  json_object_set_new(o, "each_side", json_boolean(x->each_side));
  json_object_set_new(o, "dosage", json_string(x->dosage));
  json_object_set_new(o, "cautions", cstrs(x->cautions, x->ncautions));
  json_object_set_new(o, "sources", cstrs(x->sources, x->nsources));
  return o;
}

static const char *const CATEGORY[] = {"seek_care", "sleep_setup", "relief", "daytime"};

json_t *bbr_assessment_json(const bb_assessment *as);
json_t *bbr_assessment_json(const bb_assessment *as) {
  const bb_kb *kb = as->kb;
  json_t *root = json_object();
  json_object_set_new(root, "bedback", json_string(BEDBACK_VERSION));
  json_object_set_new(root, "knowledge_base", json_string(kb->version));

  json_t *tri = json_object();
  json_object_set_new(tri, "level", json_string(bb_level_name(as->level)));
  json_object_set_new(tri, "headline", json_string(kb->headline[as->level]));
  if (kb->level_text[as->level] && *kb->level_text[as->level])
    json_object_set_new(tri, "text", json_string(kb->level_text[as->level]));
  json_t *flags = json_array();
  for (size_t i = 0; i < as->nflags; i++) {
    const as_flag *f = &as->flags[i];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(f->flag->id));
    json_object_set_new(o, "level", json_string(bb_level_name((bb_level)f->flag->level)));
    json_object_set_new(o, "text", json_string(f->flag->text));
    json_object_set_new(o, "because", strs(f->because.items, f->because.n));
    json_object_set_new(o, "sources", cstrs(f->flag->sources, f->flag->nsources));
    json_array_append_new(flags, o);
  }
  json_object_set_new(tri, "flags", flags);
  json_t *un = json_array();
  for (size_t i = 0; i < as->nunasked; i++)
    json_array_append_new(un, json_string(as->unasked[i]->id));
  json_object_set_new(tri, "unasked", un);
  if (as->nunasked)
    json_object_set_new(tri, "unasked_warning", json_string(kb->unasked_warning));
  json_object_set_new(root, "triage", tri);

  json_t *causes = json_array();
  for (size_t i = 0; i < as->ncauses; i++) {
    const as_cause *c = &as->causes[i];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(c->cause->id));
    json_object_set_new(o, "score", json_real(c->score));
    json_object_set_new(o, "text", json_string(c->text));
    json_object_set_new(o, "because", strs(c->because.items, c->because.n));
    json_object_set_new(o, "evidence", json_string(c->cause->evidence));
    json_object_set_new(o, "sources", cstrs(c->cause->sources, c->cause->nsources));
    json_array_append_new(causes, o);
  }
  json_object_set_new(root, "causes", causes);

  json_t *recs = json_array();
  for (size_t i = 0; i < as->nrecs; i++) {
    const as_rec *r = &as->recs[i];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(r->rec->id));
    json_object_set_new(o, "category", json_string(CATEGORY[r->rec->category]));
    json_object_set_new(o, "text", json_string(r->text));
    json_object_set_new(o, "why", json_string(r->rec->why));
    json_object_set_new(o, "for", strs(r->for_causes.items, r->for_causes.n));
    json_object_set_new(o, "evidence", json_string(r->rec->evidence));
    json_object_set_new(o, "sources", cstrs(r->rec->sources, r->rec->nsources));
    json_array_append_new(recs, o);
  }
  json_object_set_new(root, "recommendations", recs);

  json_t *routine = json_array();
  for (size_t i = 0; i < as->nroutine; i++)
    json_array_append_new(routine, exercise_json(as->routine[i]));
  json_object_set_new(root, "routine", routine);
  if (as->fit)
    json_object_set_new(root, "fit", fit_to_json(as->fit));
  json_t *notes = strs(as->notes, as->nnotes);
  if (as->fit_error)
    json_array_append_new(notes,
                          json_sprintf("The sleep-support model could not run: %s", as->fit_error));
  json_object_set_new(root, "notes", notes);
  return root;
}

char *bbr_json_dump(json_t *root);
char *bbr_json_dump(json_t *root) {
  if (!root)
    return NULL;
  char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
  json_decref(root);
  if (!s)
    return NULL;
  /* one trailing newline, as a file should end */
  size_t n = strlen(s);
  char *t = realloc(s, n + 2);
  if (!t) {
    free(s);
    return NULL;
  }
  t[n] = '\n';
  t[n + 1] = '\0';
  return t;
}

static const char *const TYPE_NAMES[] = {"boolean", "integer", "number", "choice"};

json_t *bbr_questions_json(const bb_kb *kb);
json_t *bbr_questions_json(const bb_kb *kb) {
  json_t *root = json_object();
  json_object_set_new(root, "knowledge_base", json_string(kb->version));
  json_t *list = json_array();
  for (size_t i = 0; i < kb->nquestions; i++) {
    const kb_question *q = &kb->questions[i].q;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(q->id));
    json_object_set_new(o, "section", json_string(q->section));
    json_object_set_new(o, "warning_sign", json_boolean(q->warning));
    json_object_set_new(o, "type", json_string(TYPE_NAMES[q->type]));
    if (q->type == BB_INTEGER || q->type == BB_NUMBER) {
      json_object_set_new(o, "min", json_real(q->min));
      json_object_set_new(o, "max", json_real(q->max));
    }
    if (q->unit && *q->unit)
      json_object_set_new(o, "unit", json_string(q->unit));
    if (q->type == BB_CHOICE) {
      json_object_set_new(o, "choices", cstrs(q->choices, q->nchoices));
      json_t *labels = json_array();
      for (size_t k = 0; k < q->nchoices; k++)
        json_array_append_new(labels, json_string(k < q->nlabels ? q->labels[k] : q->choices[k]));
      json_object_set_new(o, "labels", labels);
      if (q->unknown_choice >= 0)
        json_object_set_new(o, "unknown_choice", json_string(q->choices[q->unknown_choice]));
    }
    json_object_set_new(o, "text", json_string(q->text));
    json_object_set_new(o, "help", json_string(q->help ? q->help : ""));
    if (q->ask_when_src)
      json_object_set_new(o, "ask_when", json_string(q->ask_when_src));
    json_array_append_new(list, o);
  }
  json_object_set_new(root, "questions", list);
  return root;
}
