/* warnings.c -- the warning signs on record in a diary: the one place that
 * decides what opens every diary output (trend, export, log, the routine
 * and heat refusals) and what the routine and heat gate follows.
 *
 * Each warning sign has its records, oldest first: logged with a night,
 * answered in a saved assessment (as old as the answers), or withdrawn.
 * A withdrawal takes back the newest record logged for that night; the
 * sign's state is then its newest remaining record. The answers on record
 * are the latest saved answers with every warning sign set to that state;
 * their assessment is the level the gate follows, and the triage flags it
 * fires that rest on a standing sign are the warning signs on record.
 * Pure: no I/O, no clock. */
#include "internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

char *bbr_json_dump(json_t *root);

typedef struct {
  const kb_flag *flag;
  int since; /* the night the sign it rests on was first recorded, this time */
} w_item;

struct bb_warnings {
  const bb_kb *kb;
  bb_answers *answers;
  bb_assessment *as;
  w_item *items;
  size_t n;
  int *since;     /* per finding: the night a standing sign began, or 0 */
  uint8_t *stand; /* per finding: a warning sign that stands */
};

/* A value that says the sign is there: not "no", not the "none" choice,
 * not unknown. */
static bool positive(const kb_question *q, const char *value) {
  if (!value || !strcmp(value, "no") || !strcmp(value, "false") || !strcmp(value, "none") ||
      !strcmp(value, "unknown"))
    return false;
  return q->type == BB_BOOLEAN || q->type == BB_CHOICE;
}

static bool is(const char *s, const char *what) {
  return s && !strcmp(s, what);
}

/* The state of one sign: the newest record left once each withdrawal has
 * taken back the newest record logged for its night. Fills *since with
 * the night the current run of positive records began. NULL: no record
 * (or only withdrawn ones; *oom set when out of memory). */
static const bb_sign_record *sign_state(const bb_diary_view *v, const kb_question *q, int *since,
                                        bool *had, bool *oom) {
  size_t n = 0;
  for (size_t i = 0; i < v->nsigns; i++)
    n += is(v->signs[i].sign, q->id);
  *had = n > 0;
  *since = 0;
  if (!n)
    return NULL;
  /* the records of this sign still standing, by index, oldest first */
  size_t *live = calloc(n, sizeof(size_t));
  if (!live) {
    *oom = true;
    return NULL;
  }
  size_t k = 0;
  for (size_t i = 0; i < v->nsigns; i++) {
    const bb_sign_record *r = &v->signs[i];
    if (!is(r->sign, q->id))
      continue;
    if (!is(r->source, "withdraw")) {
      live[k++] = i;
      continue;
    }
    for (size_t j = k; j-- > 0;) {
      const bb_sign_record *l = &v->signs[live[j]];
      if (l->night == r->night && is(l->source, "log")) {
        memmove(&live[j], &live[j + 1], (k - j - 1) * sizeof(size_t));
        k--;
        break;
      }
    }
  }
  const bb_sign_record *state = k ? &v->signs[live[k - 1]] : NULL;
  if (state && positive(q, state->value)) {
    size_t j = k - 1;
    while (j > 0 && positive(q, v->signs[live[j - 1]].value))
      j--;
    *since = v->signs[live[j]].night;
  }
  free(live);
  return state;
}

struct since_ctx {
  const bb_warnings *w;
  int since;
  bool any;
};

static void flag_reads(void *ud, int finding) {
  struct since_ctx *c = ud;
  if (c->w->stand[finding]) {
    c->any = true;
    if (c->w->since[finding] > c->since)
      c->since = c->w->since[finding];
  }
}

bb_warnings *bb_warnings_new(const bb_kb *kb, const bb_diary_view *v, bb_error *err) {
  bb_error_clear(err);
  bb_warnings *w = calloc(1, sizeof *w);
  if (!w)
    goto oom;
  w->kb = kb;
  w->since = calloc(kb->nfindings + 1, sizeof *w->since);
  w->stand = calloc(kb->nfindings + 1, 1);
  if (!w->since || !w->stand)
    goto oom;
  const bb_saved_assessment *last = v ? v->assessment : NULL;
  if (last && last->answers_json)
    w->answers = bb_answers_parse(kb, last->answers_json, strlen(last->answers_json), "<diary>",
                                  NULL, NULL, NULL);
  if (!w->answers && !(w->answers = bb_answers_new(kb)))
    goto oom;
  for (size_t i = 0; i < kb->nquestions; i++) {
    const kb_question *q = &kb->questions[i].q;
    if (!q->warning)
      continue;
    int since = 0;
    bool had = false, oom = false;
    const bb_sign_record *r = v ? sign_state(v, q, &since, &had, &oom) : NULL;
    if (oom) /* never a sign dropped for want of memory */
      goto oom;
    /* Without a record of its own, the latest answers say what there is
     * (a sign in them stands from an unknown night). */
    if (had && (!r || !r->value || bb_answers_set_text(w->answers, q->id, r->value, NULL) != 0))
      bb_answers_clear(w->answers, q->id);
    char now[64] = "unknown";
    if (bb_answers_known(w->answers, q->id))
      bba_value_str(q, &w->answers->v[i], now, sizeof now);
    if (positive(q, now)) {
      w->stand[i] = 1;
      w->since[i] = since;
    }
  }
  if (!(w->as = bb_assess(kb, w->answers, err)))
    goto fail;
  w->items = calloc(w->as->nflags + 1, sizeof *w->items);
  if (!w->items)
    goto oom;
  for (size_t i = 0; i < w->as->nflags; i++) {
    const kb_flag *f = w->as->flags[i].flag;
    if (f->level < BB_CONSULT)
      continue;
    struct since_ctx c = {w, 0, false};
    expr_findings(f->when, flag_reads, &c);
    if (c.any)
      w->items[w->n++] = (w_item){f, c.since};
  }
  return w;
oom:
  bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory");
fail:
  bb_warnings_free(w);
  return NULL;
}

void bb_warnings_free(bb_warnings *w) {
  if (!w)
    return;
  bb_assessment_free(w->as);
  bb_answers_free(w->answers);
  free(w->items);
  free(w->since);
  free(w->stand);
  free(w);
}

bb_level bb_warnings_level(const bb_warnings *w) {
  return w ? bb_assessment_level(w->as) : BB_SELF_CARE;
}
size_t bb_warnings_count(const bb_warnings *w) {
  return w ? w->n : 0;
}
const char *bb_warnings_flag_id(const bb_warnings *w, size_t i) {
  return w->items[i].flag->id;
}
bb_level bb_warnings_flag_level(const bb_warnings *w, size_t i) {
  return (bb_level)w->items[i].flag->level;
}
int bb_warnings_date(const bb_warnings *w, size_t i) {
  return w->items[i].since;
}
const char *bb_warnings_flag_text(const bb_warnings *w, size_t i) {
  return w->items[i].flag->text;
}
const char *bb_warnings_title(const bb_warnings *w, size_t i) {
  return bbw_flag_title(w->items[i].flag);
}
const bb_answers *bb_warnings_answers(const bb_warnings *w) {
  return w->answers;
}
const bb_assessment *bb_warnings_assessment(const bb_warnings *w) {
  return w->as;
}
const bb_kb *bbw_kb(const bb_warnings *w) {
  return w ? w->kb : NULL;
}

const char *bbw_flag_title(const kb_flag *f) {
  return f->title && *f->title ? f->title : f->id;
}

/* ------------------------------------------------------------------ */
/* In words */

const char *bbw_title_of(const bb_kb *kb, const char *flag_id) {
  if (kb && flag_id) {
    int k = kb_find_flag(kb, flag_id, strlen(flag_id));
    if (k >= 0)
      return bbw_flag_title(&kb->flags[k]);
  }
  return flag_id;
}

void bbw_symptoms_words(bbu_buf *b, const bb_kb *kb, const char *symptoms_json) {
  json_t *root = symptoms_json ? json_loads(symptoms_json, 0, NULL) : NULL;
  const char *key;
  json_t *val;
  int first = 1;
  json_object_foreach(root, key, val) {
    if (json_is_null(val))
      continue;
    bbu_buf_add(b, first ? "" : "; ");
    first = 0;
    for (const char *p = key; *p; p++)
      bbu_buf_addn(b, *p == '_' ? " " : p, 1);
    const kb_question *q = NULL;
    for (size_t i = 0; kb && i < kb->nquestions; i++)
      if (!strcmp(kb->questions[i].q.id, key))
        q = &kb->questions[i].q;
    if (json_is_string(val)) {
      const char *label = json_string_value(val);
      for (size_t i = 0; q && i < q->nchoices && i < q->nlabels; i++)
        if (!strcmp(q->choices[i], label))
          label = q->labels[i];
      bbu_buf_printf(b, ": %s", label);
    } else if (json_is_false(val))
      bbu_buf_add(b, ": no");
  }
  json_decref(root);
}

/* ------------------------------------------------------------------ */
/* The block that opens every diary output */

static json_t *warnings_json(const bb_warnings *w) {
  json_t *arr = json_array();
  for (size_t i = 0; w && i < w->n; i++) {
    const kb_flag *f = w->items[i].flag;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(f->id));
    json_object_set_new(o, "level", json_string(bb_level_name((bb_level)f->level)));
    char d[11];
    bb_date_format(w->items[i].since, d);
    json_object_set_new(o, "date", w->items[i].since ? json_string(d) : json_null());
    json_object_set_new(o, "title", json_string(bbw_flag_title(f)));
    json_object_set_new(o, "what_to_do", json_string(w->kb->headline[f->level]));
    json_object_set_new(o, "text", json_string(f->text));
    json_array_append_new(arr, o);
  }
  return arr;
}

json_t *bbw_json(const bb_warnings *w) {
  return warnings_json(w);
}

static const char *level_color(bb_level l) {
  static const char *const lv[] = {"\033[1;32m", "\033[1;33m", "\033[1;31m", "\033[1;97;41m"};
  return lv[l];
}

void bbw_text(bbu_buf *b, const bb_warnings *w, unsigned flags, size_t width) {
  if (!w || !w->n)
    return;
  int color = (flags & BB_RENDER_COLOR) != 0;
  bb_level top = BB_SELF_CARE;
  for (size_t i = 0; i < w->n; i++)
    if ((bb_level)w->items[i].flag->level > top)
      top = (bb_level)w->items[i].flag->level;
  bbu_buf_printf(b, "%s !! WARNING SIGN%s ON RECORD: %s%s\n", color ? level_color(top) : "",
                 w->n == 1 ? "" : "S", BBR_LEVEL_LABEL[top], color ? " \033[0m" : "");
  bbr_item(b, width, 2, "", w->kb->headline[top]);
  for (size_t i = 0; i < w->n; i++) {
    const kb_flag *f = w->items[i].flag;
    char d[11] = "";
    if (w->items[i].since)
      bb_date_format(w->items[i].since, d);
    bbu_buf lst;
    bbu_buf_init(&lst);
    bbu_buf_printf(&lst, "%s%s%s, %s: %s.", d[0] ? "night of " : "", d, d[0] ? "" : "on record",
                   BBR_LEVEL_LABEL[f->level], bbw_flag_title(f));
    if (lst.buf)
      bbr_item(b, width, 2, "- ", lst.buf);
    bbu_buf_free(&lst);
    bbr_item(b, width, 4, "", f->text);
  }
  bbr_item(b, width, 2, "",
           "This stays at the top of every diary report until an assessment clears it "
           "(bedback assess --save) or you withdraw a sign logged by mistake (bedback log "
           "--withdraw ID --date YYYY-MM-DD).");
  bbu_buf_add(b, "\n");
}

char *bb_warnings_render(const bb_warnings *w, bb_format format, unsigned flags, int width) {
  if (format == BB_FORMAT_JSON)
    return bbr_json_dump(warnings_json(w));
  bbu_buf b;
  bbu_buf_init(&b);
  bbu_buf_add(&b, ""); /* an empty string, not NULL, when nothing stands */
  if (format == BB_FORMAT_HTML) {
    bbw_html(&b, w);
    return bbu_buf_take(&b);
  }
  bbw_text(&b, w, flags, width >= 40 ? (size_t)width : 80);
  return bbu_buf_take(&b);
}

bb_answers *bb_warnings_answers_new(const bb_kb *kb, const bb_warnings *w,
                                    const bb_answers *signs) {
  const bb_answers *on_record = w ? bb_warnings_answers(w) : NULL;
  bb_answers *a = bb_answers_new(kb);
  if (!a)
    return NULL;
  /* both sets are of this knowledge base (the diary's answers were read
   * with it), so a value is copied as it is, kind and all */
  if (on_record) {
    memcpy(a->v, on_record->v, (kb->nfindings + 1) * sizeof *a->v);
    memcpy(a->said_unknown, on_record->said_unknown, kb->nfindings + 1);
  }
  for (size_t i = 0; signs && i < kb->nquestions; i++)
    if (signs->v[i].kind != V_UNKNOWN || signs->said_unknown[i]) {
      a->v[i] = signs->v[i];
      a->said_unknown[i] = signs->said_unknown[i];
    }
  return a;
}

int bb_saved_texts_init(bb_saved_texts *t, const char *source, const bb_kb *kb, const bb_answers *a,
                        const bb_assessment *as, const char *answered) {
  memset(t, 0, sizeof *t);
  t->answers_json = bb_answers_to_json(a);
  t->assessment_json = bb_render(as, BB_FORMAT_JSON, 0);
  if (!t->answers_json || !t->assessment_json) {
    bb_saved_texts_clear(t);
    return -1;
  }
  t->rec = (bb_saved_assessment){source,
                                 bb_level_name(bb_assessment_level(as)),
                                 bb_kb_version(kb),
                                 t->answers_json,
                                 t->assessment_json,
                                 NULL,
                                 0,
                                 answered};
  return 0;
}

void bb_saved_texts_clear(bb_saved_texts *t) {
  free(t->answers_json);
  free(t->assessment_json);
  memset(t, 0, sizeof *t);
}
