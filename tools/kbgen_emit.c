/* kbgen_emit.c -- a loaded knowledge base written out as C data.
 *
 * Every string becomes its own `static char` array (no relocation inside
 * it, and a page of them is read from the file only when touched); every
 * list an array of pointers; every compiled condition its node and kid
 * arrays. The names are numbered in the order of the walk, so the output
 * depends only on the knowledge base's content: the same knowledge base,
 * loaded from JSON or compiled, gives the same text. */
#include "kbgen.h"

#include "expr_nodes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Every field of the knowledge base must be written out, or the built-in
 * knowledge base silently lacks it (test kb_compiled then sees the output
 * differ). These sizes make a new field fail the build here first: add it
 * to the writer below, then the new size. (x86-64 sizes; elsewhere the
 * test alone guards.) */
#if defined(__x86_64__) && defined(__LP64__)
_Static_assert(sizeof(kb_question) == 152, "kb_question changed: write its new field out below");
_Static_assert(sizeof(kb_flag) == 64, "kb_flag changed: write its new field out below");
_Static_assert(sizeof(kb_indicator) == 32, "kb_indicator changed: write its new field out below");
_Static_assert(sizeof(kb_cause) == 80, "kb_cause changed: write its new field out below");
_Static_assert(sizeof(kb_rec) == 120, "kb_rec changed: write its new field out below");
_Static_assert(sizeof(kb_exercise) == 96, "kb_exercise changed: write its new field out below");
_Static_assert(sizeof(kb_pose) == 112, "kb_pose changed: write its new field out below");
_Static_assert(sizeof(kb_figure) == 232, "kb_figure changed: write its new field out below");
_Static_assert(sizeof(kb_guard) == 16, "kb_guard changed: write its new field out below");
_Static_assert(sizeof(kb_source) == 24, "kb_source changed: write its new field out below");
_Static_assert(sizeof(struct bb_kb) == 320, "struct bb_kb changed: write its new field out below");
#endif

/* A string written out: where it was, and its name. */
typedef struct {
  const char *p;
  size_t len;
  unsigned name;
} written;

typedef struct {
  FILE *out;
  unsigned next; /* the next free name number */
  /* every string written, for the sentence guards, which point into them */
  written *strs;
  size_t nstrs, cap;
} gen;

static unsigned fresh(gen *g) {
  return g->next++;
}

/* A string literal longer than this is written as bytes: C17 promises
 * literals of only 4095 characters (-Woverlength-strings). */
#define LITERAL_MAX 4000

/* Writes `s` as `static char dN[]` and prints its name into `name`. */
static void emit_str(gen *g, const char *s, char *name, size_t size) {
  if (!s) {
    snprintf(name, size, "NULL");
    return;
  }
  unsigned n = fresh(g);
  snprintf(name, size, "d%u", n);
  size_t len = strlen(s);
  if (g->nstrs == g->cap) {
    size_t cap = g->cap ? 2 * g->cap : 1024;
    written *w = realloc(g->strs, cap * sizeof *w);
    if (w) {
      g->strs = w;
      g->cap = cap;
    }
  }
  if (g->nstrs < g->cap)
    g->strs[g->nstrs++] = (written){s, len, n};
  if (len > LITERAL_MAX) {
    fprintf(g->out, "static char d%u[] = {", n);
    for (size_t i = 0; i < len; i++)
      fprintf(g->out, "%s%d,", i % 24 == 0 ? "\n" : "", (int)(signed char)s[i]);
    fprintf(g->out, "0};\n");
    return;
  }
  fprintf(g->out, "static char d%u[] = \"", n);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(g->out, "\\%c", *p);
    else if (*p >= 0x20 && *p < 0x7f && *p != '?') /* '?': no trigraphs */
      fputc(*p, g->out);
    else
      fprintf(g->out, "\\%03o", *p);
  }
  fprintf(g->out, "\";\n");
}

/* A list of strings: NULL, or the name of an array of pointers (one
 * element more than n, so a non-NULL empty list stays non-NULL). */
static void emit_strs(gen *g, char *const *v, size_t n, char *name, size_t size) {
  if (!v) {
    snprintf(name, size, "NULL");
    return;
  }
  char(*names)[16] = calloc(n ? n : 1, sizeof *names);
  if (!names) {
    snprintf(name, size, "NULL");
    return;
  }
  for (size_t i = 0; i < n; i++)
    emit_str(g, v[i], names[i], sizeof names[i]);
  unsigned a = fresh(g);
  snprintf(name, size, "d%u", a);
  fprintf(g->out, "static char *d%u[] = {", a);
  for (size_t i = 0; i < n; i++)
    fprintf(g->out, "%s, ", names[i]);
  fprintf(g->out, "NULL};\n");
  free(names);
}

static void put_num(FILE *out, double v) {
  if (isnan(v))
    fprintf(out, "NAN");
  else if (isinf(v))
    fprintf(out, v < 0 ? "-HUGE_VAL" : "HUGE_VAL");
  else
    fprintf(out, "%a", v); /* exact */
}

/* A compiled condition: NULL, or `&dN`. */
static void emit_expr(gen *g, const expr *e, char *name, size_t size) {
  if (!e) {
    snprintf(name, size, "NULL");
    return;
  }
  unsigned nodes = fresh(g), kids = 0;
  fprintf(g->out, "static xnode d%u[] = {\n", nodes);
  for (size_t i = 0; i < e->n; i++) {
    const xnode *x = &e->nodes[i];
    fprintf(g->out, "  {%u, %u, %u, %d, %d, %d, %d, %d, ", x->op, x->type, x->nkids, x->a, x->b,
            x->ref, x->dom, x->slen);
    put_num(g->out, x->num);
    fprintf(g->out, "},\n");
  }
  fprintf(g->out, "};\n");
  if (e->nk) {
    kids = fresh(g);
    fprintf(g->out, "static int32_t d%u[] = {", kids);
    for (size_t i = 0; i < e->nk; i++)
      fprintf(g->out, "%d, ", e->kids[i]);
    fprintf(g->out, "};\n");
  }
  unsigned x = fresh(g);
  fprintf(g->out, "static struct expr d%u = {d%u, ", x, nodes);
  if (e->nk)
    fprintf(g->out, "d%u", kids);
  else
    fprintf(g->out, "NULL");
  fprintf(g->out, ", %d, %zu, %zu};\n", e->root, e->n, e->nk);
  snprintf(name, size, "&d%u", x);
}

static void emit_order(gen *g, const int32_t *v, size_t n, char *name, size_t size) {
  if (!v) {
    snprintf(name, size, "NULL");
    return;
  }
  unsigned a = fresh(g);
  snprintf(name, size, "d%u", a);
  fprintf(g->out, "static int32_t d%u[] = {", a);
  for (size_t i = 0; i < n; i++)
    fprintf(g->out, "%d, ", v[i]);
  fprintf(g->out, "0};\n");
}

/* Names of one item's parts, written before the item itself. */
#define NM 24
typedef char nm[NM];

static const char *b(bool v) {
  return v ? "true" : "false";
}

/* An array of n items of `stride` bytes: each item's parts first (`parts`
 * writes them and keeps their names in its slot of `names`), then the
 * array (`item` writes one initializer). NULL when `first` is. */
typedef void (*parts_fn)(gen *g, const void *item, nm *names);
typedef void (*item_fn)(gen *g, const void *item, nm *names);

#define MAXPARTS 12

static void emit_array(gen *g, const char *type, const void *first, size_t n, size_t stride,
                       parts_fn parts, item_fn item, char *name, size_t size) {
  if (!first) {
    snprintf(name, size, "NULL");
    return;
  }
  nm(*names)[MAXPARTS] = calloc(n ? n : 1, sizeof *names);
  if (!names) {
    snprintf(name, size, "NULL");
    return;
  }
  const char *base = first;
  for (size_t i = 0; i < n; i++)
    parts(g, base + i * stride, names[i]);
  unsigned a = fresh(g);
  snprintf(name, size, "d%u", a);
  fprintf(g->out, "static %s d%u[] = {\n", type, a);
  for (size_t i = 0; i < n; i++) {
    fprintf(g->out, "  {");
    item(g, base + i * stride, names[i]);
    fprintf(g->out, "},\n");
  }
  if (n == 0)
    fprintf(g->out, "  {0},\n");
  fprintf(g->out, "};\n");
  free(names);
}

static void question_parts(gen *g, const void *item, nm *p) {
  const kb_question *q = &((const struct bb_question *)item)->q;
  emit_str(g, q->id, p[0], NM);
  emit_strs(g, q->choices, q->nchoices, p[1], NM);
  emit_strs(g, q->labels, q->nlabels, p[2], NM);
  emit_str(g, q->section, p[3], NM);
  emit_str(g, q->text, p[4], NM);
  emit_str(g, q->help, p[5], NM);
  emit_str(g, q->unit, p[6], NM);
  emit_expr(g, q->ask_when, p[7], NM);
  emit_str(g, q->ask_when_src, p[8], NM);
  emit_strs(g, q->sources, q->nsources, p[9], NM);
  emit_str(g, q->label, p[10], NM);
}

static void question_item(gen *g, const void *item, nm *p) {
  const kb_question *q = &((const struct bb_question *)item)->q;
  FILE *o = g->out;
  fprintf(o, "{.id = %s, .type = %d, .min = ", p[0], (int)q->type);
  put_num(o, q->min);
  fprintf(o, ", .max = ");
  put_num(o, q->max);
  fprintf(
      o,
      ",\n    .choices = %s, .labels = %s, .nchoices = %zu, .nlabels = %zu, "
      ".unknown_choice = %d,\n    .section = %s, .text = %s, .help = %s, .unit = %s, .label = %s,\n"
      "    .warning = %s, .history = %s, .derived = %s, .ask_when = %s, .ask_when_src = %s,\n"
      "    .sources = %s, .nsources = %zu}",
      p[1], p[2], q->nchoices, q->nlabels, q->unknown_choice, p[3], p[4], p[5], p[6], p[10],
      b(q->warning), b(q->history), b(q->derived), p[7], p[8], p[9], q->nsources);
}

static void flag_parts(gen *g, const void *item, nm *p) {
  const kb_flag *f = item;
  emit_str(g, f->id, p[0], NM);
  emit_str(g, f->text, p[1], NM);
  emit_str(g, f->title, p[2], NM);
  emit_expr(g, f->when, p[3], NM);
  emit_str(g, f->when_src, p[4], NM);
  emit_strs(g, f->sources, f->nsources, p[5], NM);
}

static void flag_item(gen *g, const void *item, nm *p) {
  const kb_flag *f = item;
  fprintf(g->out,
          ".id = %s, .level = %d, .text = %s, .title = %s, .when = %s, .when_src = %s,\n"
          "    .sources = %s, .nsources = %zu",
          p[0], f->level, p[1], p[2], p[3], p[4], p[5], f->nsources);
}

static void indicator_parts(gen *g, const void *item, nm *p) {
  const kb_indicator *k = item;
  emit_expr(g, k->when, p[0], NM);
  emit_str(g, k->when_src, p[1], NM);
}

static void indicator_item(gen *g, const void *item, nm *p) {
  const kb_indicator *k = item;
  fprintf(g->out, ".when = %s, .when_src = %s, .strong = %s, .weight = ", p[0], p[1], b(k->strong));
  put_num(g->out, k->weight);
}

static void cause_parts(gen *g, const void *item, nm *p) {
  const kb_cause *c = item;
  emit_str(g, c->id, p[0], NM);
  emit_str(g, c->text, p[1], NM);
  emit_str(g, c->evidence, p[2], NM);
  emit_array(g, "kb_indicator", c->ind, c->nind, sizeof *c->ind, indicator_parts, indicator_item,
             p[3], NM);
  emit_strs(g, c->sources, c->nsources, p[4], NM);
  emit_str(g, c->title, p[5], NM);
  emit_expr(g, c->unless, p[6], NM);
  emit_str(g, c->unless_src, p[7], NM);
}

static void cause_item(gen *g, const void *item, nm *p) {
  const kb_cause *c = item;
  fprintf(g->out,
          ".id = %s, .text = %s, .evidence = %s, .ind = %s, .nind = %zu,\n"
          "    .sources = %s, .nsources = %zu, .title = %s, .unless = %s, .unless_src = %s",
          p[0], p[1], p[2], p[3], c->nind, p[4], c->nsources, p[5], p[6], p[7]);
}

static void rec_parts(gen *g, const void *item, nm *p) {
  const kb_rec *r = item;
  emit_str(g, r->id, p[0], NM);
  emit_str(g, r->text, p[1], NM);
  emit_str(g, r->why, p[2], NM);
  emit_str(g, r->evidence, p[3], NM);
  emit_expr(g, r->when, p[4], NM);
  emit_str(g, r->when_src, p[5], NM);
  emit_strs(g, r->for_causes, r->nfor, p[6], NM);
  emit_strs(g, r->positions, r->npositions, p[7], NM);
  emit_strs(g, r->sources, r->nsources, p[8], NM);
  emit_str(g, r->action, p[9], NM);
}

static void rec_item(gen *g, const void *item, nm *p) {
  const kb_rec *r = item;
  fprintf(g->out,
          ".id = %s, .category = %d, .text = %s, .why = %s, .evidence = %s,\n"
          "    .when = %s, .when_src = %s, .for_causes = %s, .nfor = %zu, .positions = %s,\n"
          "    .npositions = %zu, .activity = %s, .exercise = %d, .sources = %s, .nsources = %zu,\n"
          "    .action = %s",
          p[0], (int)r->category, p[1], p[2], p[3], p[4], p[5], p[6], r->nfor, p[7], r->npositions,
          b(r->activity), r->exercise, p[8], r->nsources, p[9]);
}

/* An exercise's figure: NULL, or `&dN`. */
static void emit_figure(gen *g, const kb_figure *f, char *name, size_t size) {
  if (!f) {
    snprintf(name, size, "NULL");
    return;
  }
  nm cap[2];
  for (int i = 0; i < 2; i++)
    emit_str(g, f->pose[i].caption, cap[i], NM);
  unsigned a = fresh(g);
  FILE *o = g->out;
  fprintf(o, "static kb_figure d%u = {.surface = %d, .pose = {\n", a, f->surface);
  for (int i = 0; i < 2; i++) {
    const kb_pose *q = &f->pose[i];
    fprintf(o, "  {.caption = %s, .trunk = ", cap[i]);
    put_num(o, q->trunk);
    fprintf(o, ", .head = ");
    put_num(o, q->head);
    fprintf(o, ",\n   .leg = {");
    for (int l = 0; l < 2; l++) {
      fprintf(o, "{");
      for (int k = 0; k < 3; k++) {
        put_num(o, q->leg[l][k]);
        fprintf(o, ", ");
      }
      fprintf(o, "}, ");
    }
    fprintf(o, "}, .arm = {");
    put_num(o, q->arm[0]);
    fprintf(o, ", ");
    put_num(o, q->arm[1]);
    fprintf(o, "},\n   .reach = %d, .props = %uu, .arrow_at = %d, .arrow_kind = %d, .arrow_dir = ",
            q->reach, q->props, q->arrow_at, q->arrow_kind);
    put_num(o, q->arrow_dir);
    fprintf(o, "},\n");
  }
  fprintf(o, "}};\n");
  snprintf(name, size, "&d%u", a);
}

static void exercise_parts(gen *g, const void *item, nm *p) {
  const kb_exercise *x = item;
  emit_str(g, x->id, p[0], NM);
  emit_str(g, x->title, p[1], NM);
  emit_strs(g, x->steps, x->nsteps, p[2], NM);
  emit_str(g, x->dosage, p[3], NM);
  emit_strs(g, x->cautions, x->ncautions, p[4], NM);
  emit_strs(g, x->sources, x->nsources, p[5], NM);
  emit_figure(g, x->figure, p[6], NM);
}

static void exercise_item(gen *g, const void *item, nm *p) {
  const kb_exercise *x = item;
  fprintf(g->out,
          ".id = %s, .title = %s, .steps = %s, .nsteps = %zu, .hold_seconds = %d,\n"
          "    .repetitions = %d, .minutes = %d, .each_side = %s, .dosage = %s, .cautions = %s,\n"
          "    .ncautions = %zu, .sources = %s, .nsources = %zu, .figure = %s",
          p[0], p[1], p[2], x->nsteps, x->hold_seconds, x->repetitions, x->minutes, b(x->each_side),
          p[3], p[4], x->ncautions, p[5], x->nsources, p[6]);
}

static void source_parts(gen *g, const void *item, nm *p) {
  const kb_source *s = item;
  emit_str(g, s->id, p[0], NM);
  emit_str(g, s->citation, p[1], NM);
  emit_str(g, s->url, p[2], NM);
}

static void source_item(gen *g, const void *item, nm *p) {
  (void)item;
  fprintf(g->out, ".id = %s, .citation = %s, .url = %s", p[0], p[1], p[2]);
}

int kbgen_emit(FILE *out, const bb_kb *kb) {
  gen gg = {out, 0, NULL, 0, 0}, *g = &gg;
  fprintf(out, "/* generated by tools/kbgen from kb/ (validated on the way); do not edit */\n"
               "#include \"internal.h\"\n#include \"expr_nodes.h\"\n\n#include <math.h>\n\n");
  nm version, headline[4], level_text[4], level_summary[4], nothing, unasked, notes, enotes,
      questions, flags, causes, recs, exercises, sources, forder, florder, corder;
  emit_str(g, kb->version, version, NM);
  for (int i = 0; i < 4; i++) {
    emit_str(g, kb->headline[i], headline[i], NM);
    emit_str(g, kb->level_text[i], level_text[i], NM);
    emit_str(g, kb->level_summary[i], level_summary[i], NM);
  }
  emit_str(g, kb->nothing_answered, nothing, NM);
  emit_str(g, kb->unasked_warning, unasked, NM);
  emit_strs(g, kb->notes, kb->nnotes, notes, NM);
  emit_strs(g, kb->emergency_notes, kb->nemergency_notes, enotes, NM);
  emit_array(g, "struct bb_question", kb->questions, kb->nfindings, sizeof *kb->questions,
             question_parts, question_item, questions, NM);
  emit_array(g, "kb_flag", kb->flags, kb->nflags, sizeof *kb->flags, flag_parts, flag_item, flags,
             NM);
  emit_array(g, "kb_cause", kb->causes, kb->ncauses, sizeof *kb->causes, cause_parts, cause_item,
             causes, NM);
  emit_array(g, "kb_rec", kb->recs, kb->nrecs, sizeof *kb->recs, rec_parts, rec_item, recs, NM);
  emit_array(g, "kb_exercise", kb->exercises, kb->nexercises, sizeof *kb->exercises, exercise_parts,
             exercise_item, exercises, NM);
  emit_array(g, "kb_source", kb->sources, kb->nsources, sizeof *kb->sources, source_parts,
             source_item, sources, NM);
  /* sentence guards: `at` points into a text written above */
  nm guards;
  snprintf(guards, NM, "NULL");
  if (kb->guards) {
    nm *gx = calloc(kb->nguards + 1, sizeof *gx);
    if (!gx)
      return -1;
    for (size_t i = 0; i < kb->nguards; i++)
      emit_expr(g, kb->guards[i].when, gx[i], NM);
    unsigned a = fresh(g);
    snprintf(guards, NM, "d%u", a);
    fprintf(out, "static kb_guard d%u[] = {\n", a);
    for (size_t i = 0; i < kb->nguards; i++) {
      const char *at = kb->guards[i].at;
      const written *w = NULL;
      for (size_t k = 0; !w && k < g->nstrs; k++)
        if (at >= g->strs[k].p && at < g->strs[k].p + g->strs[k].len)
          w = &g->strs[k];
      if (!w) {
        free(gx);
        free(g->strs);
        return -1; /* a guard outside every text: cannot happen after loading */
      }
      fprintf(out, "  {d%u + %zu, %s},\n", w->name, (size_t)(at - w->p), gx[i]);
    }
    fprintf(out, "  {0},\n};\n");
    free(gx);
  }
  free(g->strs);
  g->strs = NULL;
  emit_order(g, kb->finding_order, kb->nfindings, forder, NM);
  emit_order(g, kb->flag_order, kb->nflags, florder, NM);
  emit_order(g, kb->cause_order, kb->ncauses, corder, NM);
  fprintf(out,
          "\nbb_kb bb_compiled_kb = {\n  .version = %s,\n  .headline = {%s, %s, %s, %s},\n"
          "  .level_text = {%s, %s, %s, %s},\n  .level_summary = {%s, %s, %s, %s},\n"
          "  .nothing_answered = %s,\n  .unasked_warning = %s,\n"
          "  .notes = %s, .nnotes = %zu,\n  .emergency_notes = %s, .nemergency_notes = %zu,\n"
          "  .questions = %s, .nquestions = %zu, .nfindings = %zu,\n  .flags = %s, .nflags = %zu,\n"
          "  .causes = %s, .ncauses = %zu,\n  .recs = %s, .nrecs = %zu,\n"
          "  .exercises = %s, .nexercises = %zu,\n  .sources = %s, .nsources = %zu,\n"
          "  .idx_sleep_position = %d, .idx_height = %d, .idx_weight = %d, .idx_bmi = %d,\n"
          "  .guards = %s, .nguards = %zu,\n"
          "  .finding_order = %s, .flag_order = %s, .cause_order = %s,\n  .compiled = true,\n};\n",
          version, headline[0], headline[1], headline[2], headline[3], level_text[0], level_text[1],
          level_text[2], level_text[3], level_summary[0], level_summary[1], level_summary[2],
          level_summary[3], nothing, unasked, notes, kb->nnotes, enotes, kb->nemergency_notes,
          questions, kb->nquestions, kb->nfindings, flags, kb->nflags, causes, kb->ncauses, recs,
          kb->nrecs, exercises, kb->nexercises, sources, kb->nsources, kb->idx_sleep_position,
          kb->idx_height, kb->idx_weight, kb->idx_bmi, guards, kb->nguards, forder, florder,
          corder);
  return ferror(out) ? -1 : 0;
}
