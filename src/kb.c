/* kb.c -- loads and validates the knowledge base.
 *
 * Loading and checking are one pass: every problem is reported with its
 * file, line and column and the pass goes on, so `bedback kb check` lists
 * them all while a broken --kb is refused with the first. jansson gives
 * positions only for syntax errors, so each file is indexed once (where
 * its lines and its list's items start) and a problem is located within
 * the item it belongs to: the work per problem is bounded by the item, not
 * the file, and a repeated id points at the repeat, not the first one. */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The ids spec/assessment.md makes normative. */
static const char *const REQUIRED_FLAGS[] = {"bladder_dysfunction",
                                             "bowel_dysfunction",
                                             "saddle_numbness",
                                             "sexual_dysfunction",
                                             "bilateral_leg_symptoms",
                                             "progressive_weakness",
                                             "major_trauma",
                                             "chest_pain",
                                             "spinal_cord_compression_risk",
                                             "spinal_infection_risk",
                                             "new_leg_weakness",
                                             "radiating_numbness",
                                             "fever",
                                             "possible_spinal_metastasis",
                                             "unexplained_weight_loss",
                                             "rest_pain",
                                             "fracture_risk",
                                             "cancer_history",
                                             "persistent_sciatica",
                                             "bone_health",
                                             "severe_persistent_pain",
                                             "night_waking",
                                             "no_improvement",
                                             "worsening",
                                             "inflammatory_pattern",
                                             "chronic_tightness",
                                             "new_pain_older_age"};
static const int REQUIRED_FLAG_LEVELS[] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2,
                                           2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static const char *const REQUIRED_CAUSES[] = {
    "mattress_too_soft",      "mattress_too_firm",      "pillow_too_low",   "pillow_too_high",
    "knees_unsupported_side", "knees_unsupported_back", "stomach_sleeping", "tight_hip_flexors",
    "tight_hamstrings",       "muscle_tension",         "dehydration",      "low_activity"};
static const char *const REQUIRED_RECS[] = {"seek_emergency_care",
                                            "seek_urgent_care",
                                            "see_doctor",
                                            "see_physical_therapist",
                                            "mattress_medium_firm",
                                            "mattress_replace_or_support",
                                            "mattress_topper",
                                            "zoned_support",
                                            "pillow_side_height",
                                            "pillow_lower",
                                            "pillow_between_knees",
                                            "pillow_under_knees",
                                            "avoid_stomach_sleeping",
                                            "knee_to_chest",
                                            "pelvic_tilts",
                                            "rotational_stretch",
                                            "heat_before_bed",
                                            "hip_flexor_stretch",
                                            "hamstring_stretch",
                                            "break_up_sitting",
                                            "stress_relaxation",
                                            "hydration",
                                            "stay_active",
                                            "track_progress"};
static const char *const REQUIRED_EXERCISES[] = {"heat_before_bed",    "knee_to_chest",
                                                 "pelvic_tilts",       "rotational_stretch",
                                                 "hip_flexor_stretch", "hamstring_stretch"};
/* The warning-sign questions of spec/answers.md, in its order. */
static const char *const WARNING_QUESTIONS[] = {
    "bladder_change", "bowel_change", "saddle_numbness",  "sexual_dysfunction",
    "leg_weakness",   "leg_numbness", "leg_symptoms_new", "weakness_worsening",
    "rest_pain",      "major_trauma", "chest_pain",       "fever",
    "cancer_history", "weight_loss",  "steroid_use",      "osteoporosis"};

static const char *const LEVEL_NAMES[] = {"self_care", "consult", "urgent", "emergency"};
static const char *const CATEGORY_NAMES[] = {"seek_care", "sleep_setup", "relief", "daytime"};
static const char *const FILE_NAMES[] = {"kb.json",     "questions.json",       "flags.json",
                                         "causes.json", "recommendations.json", "exercises.json",
                                         "sources.json"};
enum { F_KB, F_QUESTIONS, F_FLAGS, F_CAUSES, F_RECS, F_EXERCISES, F_SOURCES, F_COUNT };

/* The largest knowledge-base file read. The largest real one
 * (questions.json) is 29 KB; 1 MiB leaves room for thirty times that while
 * bounding what a hostile or broken file can cost (docs/security.md). */
#define BB_KB_FILE_MAX (1u << 20)

/* The list each file holds ("questions": [...]); kb.json holds none. */
static const char *const LIST_NAMES[] = {
    NULL, "questions", "flags", "causes", "recommendations", "exercises", "sources"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef struct {
  const bb_kb_file *file;
  json_t *root;
  size_t *lines, nlines; /* where each line starts */
  size_t *items, nitems; /* where each element of the file's list starts */
  int last_item;         /* the item searched last, and where it matched */
  size_t last_hit;
} kfile;

typedef struct {
  bb_kb *kb;
  bb_error *first;
  bb_diag_fn each;
  void *ud;
  size_t nerr;
  kfile f[F_COUNT];
  uint8_t *source_used;
  int item; /* the list element being read: its index in the file's list, or -1 */
  /* the list element each question, flag and cause was read from */
  size_t *qitem, *fitem, *citem;
} loader;

/* ------------------------------------------------------------------ */
/* Locations and reports */

/* Indexes a file that parsed (so is valid JSON): where its lines start,
 * and where each element of its top-level list `list` starts. One pass. */
static void index_file(kfile *kf, const char *list) {
  const char *t = kf->file->text;
  size_t len = kf->file->length, lcap = 64, icap = 16;
  kf->lines = malloc(lcap * sizeof *kf->lines);
  kf->items = malloc(icap * sizeof *kf->items);
  kf->last_item = -2;
  if (!kf->lines || !kf->items)
    goto fail;
  kf->lines[kf->nlines++] = 0;
  int depth = 0, want_key = 0, list_next = 0, want_item = 0;
  size_t list_depth = 0, key_start = 0;
  for (size_t i = 0; i < len; i++) {
    char ch = t[i];
    if (ch == '\n') {
      if (kf->nlines == lcap) {
        size_t *p = realloc(kf->lines, (lcap *= 2) * sizeof *p);
        if (!p)
          goto fail;
        kf->lines = p;
      }
      kf->lines[kf->nlines++] = i + 1;
      continue;
    }
    if (ch == ' ' || ch == '\t' || ch == '\r')
      continue;
    if (want_item && (size_t)depth == list_depth && ch != ']') {
      if (kf->nitems == icap) {
        size_t *p = realloc(kf->items, (icap *= 2) * sizeof *p);
        if (!p)
          goto fail;
        kf->items = p;
      }
      kf->items[kf->nitems++] = i;
      want_item = 0;
    }
    if (ch == '"') { /* a string: skip it (it holds no newline: JSON forbids it) */
      size_t s0 = i + 1;
      for (i++; i < len && t[i] != '"'; i++)
        if (t[i] == '\\')
          i++;
      if (depth == 1 && want_key) {
        key_start = s0;
        list_next = list && i - key_start == strlen(list) && memcmp(t + s0, list, i - s0) == 0;
        want_key = 0;
      }
      continue;
    }
    if (ch == '{' || ch == '[') {
      depth++;
      if (depth == 1)
        want_key = 1;
      if (depth == 2 && ch == '[' && list_next) {
        list_depth = 2;
        want_item = 1;
      }
    } else if (ch == '}' || ch == ']') {
      if ((size_t)depth == list_depth)
        list_depth = 0, want_item = 0;
      depth--;
    } else if (ch == ',') {
      if (depth == 1)
        want_key = 1, list_next = 0;
      if (list_depth && (size_t)depth == list_depth)
        want_item = 1;
    }
  }
  return;
fail: /* without an index, problems are reported without a line */
  free(kf->lines);
  free(kf->items);
  kf->lines = kf->items = NULL;
  kf->nlines = kf->nitems = 0;
}

/* Line and column of `needle` (+ `extra` bytes) in the item being read,
 * else in the whole file. The search goes on from the item's last match,
 * so that the problems of one item, reported in the order of its text,
 * cost the item's length once between them rather than once each. */
static void locate(loader *L, int fi, const char *needle, size_t extra, int *line, int *col) {
  *line = 0;
  *col = 0;
  kfile *kf = fi >= 0 ? &L->f[fi] : NULL;
  if (!kf || !kf->file || !kf->lines || !needle || !*needle)
    return;
  const char *t = kf->file->text;
  size_t from = 0, to = kf->file->length, nlen = strlen(needle);
  int item = L->item >= 0 && (size_t)L->item < kf->nitems ? L->item : -1;
  if (item >= 0) {
    from = kf->items[item];
    if ((size_t)item + 1 < kf->nitems)
      to = kf->items[item + 1];
  }
  size_t start =
      kf->last_item == item && kf->last_hit >= from && kf->last_hit < to ? kf->last_hit : from;
  size_t hit = (size_t)-1;
  for (int pass = 0; pass < 2 && hit == (size_t)-1; pass++) {
    size_t a = pass ? from : start, b = pass ? start + nlen : to;
    if (b > to)
      b = to;
    for (size_t i = a; i + nlen <= b; i++)
      if (t[i] == needle[0] && memcmp(t + i, needle, nlen) == 0) {
        hit = i;
        break;
      }
    if (start == from)
      break;
  }
  if (hit == (size_t)-1)
    return;
  kf->last_item = item;
  kf->last_hit = hit;
  hit += extra;
  size_t lo = 0, hi = kf->nlines; /* the last line start <= hit */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (kf->lines[mid] <= hit)
      lo = mid;
    else
      hi = mid;
  }
  *line = (int)lo + 1;
  *col = (int)(hit - kf->lines[lo]) + 1;
}

static void report(loader *L, int fi, const char *near, size_t extra, const char *key,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void report(loader *L, int fi, const char *near, size_t extra, const char *key,
                   const char *fmt, ...) {
  bb_error e;
  bb_error_clear(&e);
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  int line = 0, col = 0;
  const bb_kb_file *file = fi >= 0 ? L->f[fi].file : NULL;
  locate(L, fi, near, extra, &line, &col);
  bbu_error_set(&e, BB_EX_CONFIG, file ? file->name : (fi >= 0 ? FILE_NAMES[fi] : ""), line, col,
                key, "%s", msg);
  if (L->nerr == 0 && L->first)
    *L->first = e;
  L->nerr++;
  if (L->each)
    L->each(&e, L->ud);
}

/* The text `"id": "x"` as it most likely appears, to locate an item. */
static const char *id_needle(char *buf, size_t size, const char *id) {
  snprintf(buf, size, "\"%s\"", id ? id : "");
  return buf;
}

/* ------------------------------------------------------------------ */
/* Small JSON readers that report what is wrong */

static char *get_str(loader *L, int fi, json_t *obj, const char *key, const char *owner,
                     int required) {
  json_t *v = json_object_get(obj, key);
  char nb[96];
  if (!v || json_is_null(v)) {
    if (required)
      report(L, fi, id_needle(nb, sizeof nb, owner), 0, owner ? owner : "", "'%s' has no \"%s\"",
             owner ? owner : "an item", key);
    return required ? NULL : bbu_strdup("");
  }
  if (!json_is_string(v)) {
    report(L, fi, id_needle(nb, sizeof nb, owner), 0, owner ? owner : "",
           "\"%s\" of '%s' must be a string", key, owner ? owner : "an item");
    return NULL;
  }
  if (required && json_string_length(v) == 0) {
    report(L, fi, id_needle(nb, sizeof nb, owner), 0, owner ? owner : "", "\"%s\" of '%s' is empty",
           key, owner ? owner : "an item");
  }
  return bbu_strdup(json_string_value(v));
}

static char **get_strs(loader *L, int fi, json_t *obj, const char *key, const char *owner,
                       size_t *n) {
  *n = 0;
  json_t *v = json_object_get(obj, key);
  if (!v)
    return NULL;
  char nb[96];
  if (!json_is_array(v)) {
    report(L, fi, id_needle(nb, sizeof nb, owner), 0, owner, "\"%s\" of '%s' must be a list", key,
           owner);
    return NULL;
  }
  size_t cnt = json_array_size(v);
  char **out = calloc(cnt + 1, sizeof *out);
  if (!out)
    return NULL;
  for (size_t i = 0; i < cnt; i++) {
    json_t *s = json_array_get(v, i);
    if (!json_is_string(s)) {
      report(L, fi, id_needle(nb, sizeof nb, owner), 0, owner,
             "\"%s\" of '%s' must hold only strings", key, owner);
      continue;
    }
    out[(*n)++] = bbu_strdup(json_string_value(s));
  }
  return out;
}

static void free_strs(char **v, size_t n) {
  if (!v)
    return;
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

static json_t *get_list(loader *L, int fi, const char *key) {
  json_t *root = L->f[fi].root;
  if (!root)
    return NULL;
  json_t *v = json_object_get(root, key);
  if (!json_is_array(v)) {
    report(L, fi, "{", 0, key, "%s must hold a list \"%s\"", FILE_NAMES[fi], key);
    return NULL;
  }
  return v;
}

static int find_name(const char *const *names, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(names[i], s) == 0)
      return (int)i;
  return -1;
}

typedef struct {
  const char *s;
  size_t i;
} sidx;

static int sidx_cmp(const void *a, const void *b) {
  const sidx *x = a, *y = b;
  int c = strcmp(x->s, y->s);
  return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Marks each of the n strings that repeats an earlier one (NULL entries
 * never do). Sorting makes this n log n where comparing every pair made a
 * list of 100,000 choices take 20 s. NULL when out of memory. */
static uint8_t *find_repeats(const char *const *s, size_t n) {
  uint8_t *rep = calloc(n + 1, 1);
  sidx *v = malloc((n + 1) * sizeof *v);
  if (!rep || !v) {
    free(rep);
    free(v);
    return NULL;
  }
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i])
      v[m++] = (sidx){s[i], i};
  qsort(v, m, sizeof *v, sidx_cmp);
  for (size_t k = 1; k < m; k++)
    if (strcmp(v[k - 1].s, v[k].s) == 0)
      rep[v[k].i] = 1;
  free(v);
  return rep;
}

/* Reports each id listed a second time, at that item: "flag 'x' is listed
 * twice". `stride` steps from one id pointer to the next in an array of
 * structs; items[k] is the list element the k-th one was read from. */
static void report_repeats(loader *L, int fi, const char *what, char *const *first, size_t stride,
                           size_t n, const size_t *items) {
  const char **ids = calloc(n + 1, sizeof *ids);
  if (!ids)
    return;
  for (size_t k = 0; k < n; k++)
    ids[k] = *(char *const *)((const char *)first + k * stride);
  uint8_t *rep = find_repeats(ids, n);
  char nb[96];
  for (size_t k = 0; rep && k < n; k++) {
    if (!rep[k])
      continue;
    L->item = items ? (int)items[k] : (int)k;
    report(L, fi, id_needle(nb, sizeof nb, ids[k]), 0, ids[k], "%s '%s' is listed twice", what,
           ids[k]);
  }
  L->item = -1;
  free(rep);
  free(ids);
}

/* ------------------------------------------------------------------ */
/* Lookups used by the condition compiler */

/* `s` against the `len` bytes at `id`, in the order strcmp gives. */
static int cmp_id(const char *s, const char *id, size_t len) {
  size_t sl = strlen(s);
  int c = memcmp(s, id, sl < len ? sl : len);
  return c ? c : (sl > len) - (sl < len);
}

/* The n ids at first, first + stride, ... sorted (equal ids by position),
 * as indices; NULL when out of memory. Lookups are then a binary search:
 * a linear one per name made checking 12,000 conditions quadratic. */
static int32_t *order_ids(const void *first, size_t stride, size_t n) {
  if (!first || n > INT32_MAX)
    return NULL;
  sidx *v = malloc((n + 1) * sizeof *v);
  int32_t *order = malloc((n + 1) * sizeof *order);
  if (!v || !order) {
    free(v);
    free(order);
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    const char *id = *(char *const *)((const char *)first + i * stride);
    v[i] = (sidx){id ? id : "", i};
  }
  qsort(v, n, sizeof *v, sidx_cmp);
  for (size_t i = 0; i < n; i++)
    order[i] = (int32_t)v[i].i;
  free(v);
  return order;
}

/* The id at position i of an array of structs whose first id is at `first`. */
static const char *id_at(const void *first, size_t stride, size_t i) {
  return *(char *const *)((const char *)first + i * stride);
}

static int find_id(const int32_t *order, const void *first, size_t stride, size_t n, const char *id,
                   size_t len) {
  if (!first)
    return -1;
  if (!order) {
    char c0 = len ? id[0] : '\0'; /* the first byte first: cheap */
    for (size_t i = 0; i < n; i++) {
      const char *s = id_at(first, stride, i);
      if (s && s[0] == c0 && cmp_id(s, id, len) == 0)
        return (int)i;
    }
    return -1;
  }
  size_t lo = 0, hi = n; /* the first in order not below id */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const char *s = id_at(first, stride, (size_t)order[mid]);
    if (cmp_id(s ? s : "", id, len) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < n) {
    const char *s = id_at(first, stride, (size_t)order[lo]);
    if (s && cmp_id(s, id, len) == 0)
      return order[lo];
  }
  return -1;
}

/* The address of the first id, or NULL for an empty list. */
#define FIRST_ID(arr, member) ((arr) ? (const void *)&(arr)[0].member : NULL)

int kb_find_finding(const bb_kb *kb, const char *id, size_t len) {
  return find_id(kb->finding_order, FIRST_ID(kb->questions, q.id), sizeof(struct bb_question),
                 kb->nfindings, id, len);
}

int kb_find_flag(const bb_kb *kb, const char *id, size_t len) {
  return find_id(kb->flag_order, FIRST_ID(kb->flags, id), sizeof(kb_flag), kb->nflags, id, len);
}

int kb_find_cause(const bb_kb *kb, const char *id, size_t len) {
  return find_id(kb->cause_order, FIRST_ID(kb->causes, id), sizeof(kb_cause), kb->ncauses, id, len);
}

int kb_choice_index(const kb_question *q, const char *s, size_t len) {
  for (size_t i = 0; i < q->nchoices; i++)
    if (strlen(q->choices[i]) == len && memcmp(q->choices[i], s, len) == 0)
      return (int)i;
  return -1;
}

/* ------------------------------------------------------------------ */
/* Conditions and sources */

static expr *compile(loader *L, int fi, const char *owner, const char *field, const char *src,
                     unsigned allow) {
  bb_error e;
  bb_error_clear(&e);
  expr *x = expr_compile(L->kb, src, allow, &e);
  if (!x) {
    /* e.column is the offset into the condition; place it in the file */
    report(L, fi, src, e.column > 0 ? (size_t)e.column - 1 : 0, owner, "in \"%s\" of '%s': %s",
           field, owner, e.message);
  }
  return x;
}

/* Whether the files a condition with `allow` refers to parsed: when one
 * did not, every name in it would be "unknown", a cascade of errors that
 * all say the one thing already reported. */
static int refs_parsed(const loader *L, unsigned allow) {
  return L->f[F_QUESTIONS].root &&
         (!(allow & EXPR_ALLOW_RESULTS) || (L->f[F_FLAGS].root && L->f[F_CAUSES].root));
}

static void check_sources(loader *L, int fi, const char *owner, char **src, size_t n) {
  char nb[96];
  if (!L->f[F_SOURCES].root)
    return; /* sources.json did not parse: that was reported */
  if (n == 0)
    report(L, fi, id_needle(nb, sizeof nb, owner), 0, owner,
           "'%s' cites no source; every item needs at least one", owner);
  for (size_t i = 0; i < n; i++) {
    size_t k;
    for (k = 0; k < L->kb->nsources; k++)
      if (strcmp(L->kb->sources[k].id, src[i]) == 0)
        break;
    if (k < L->kb->nsources) {
      L->source_used[k] = 1;
      continue;
    }
    const char **names =
        L->kb->nsources <= BBU_SUGGEST_MAX ? malloc((L->kb->nsources + 1) * sizeof *names) : NULL;
    for (size_t j = 0; names && j < L->kb->nsources; j++)
      names[j] = L->kb->sources[j].id;
    const char *sug = names ? bbu_suggest(src[i], names, L->kb->nsources) : NULL;
    report(L, fi, id_needle(nb, sizeof nb, src[i]), 0, owner,
           "'%s' cites unknown source '%s'%s%s%s", owner, src[i], sug ? "; did you mean '" : "",
           sug ? sug : "", sug ? "'?" : "");
    free(names);
  }
}

/* ------------------------------------------------------------------ */
/* Each file */

static void load_sources(loader *L) {
  json_t *list = get_list(L, F_SOURCES, "sources");
  if (!list)
    return;
  size_t n = json_array_size(list);
  L->kb->sources = calloc(n + 1, sizeof(kb_source));
  L->source_used = calloc(n + 1, 1);
  size_t *items = calloc(n + 1, sizeof *items);
  if (!L->kb->sources || !L->source_used || !items) {
    free(items);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(list, i);
    kb_source *s = &L->kb->sources[L->kb->nsources];
    L->item = (int)i;
    s->id = get_str(L, F_SOURCES, o, "id", "a source", 1);
    if (!s->id)
      continue;
    items[L->kb->nsources] = i;
    s->citation = get_str(L, F_SOURCES, o, "citation", s->id, 1);
    s->url = get_str(L, F_SOURCES, o, "url", s->id, 0);
    L->kb->nsources++;
  }
  L->item = -1;
  report_repeats(L, F_SOURCES, "source", &L->kb->sources[0].id, sizeof(kb_source), L->kb->nsources,
                 items);
  free(items);
}

static void load_meta(loader *L) {
  json_t *root = L->f[F_KB].root;
  if (!root)
    return;
  L->kb->version = get_str(L, F_KB, root, "version", "kb.json", 1);
  json_t *levels = json_object_get(root, "levels");
  for (int i = 0; i < 4; i++) {
    json_t *lv = json_object_get(levels, LEVEL_NAMES[i]);
    if (!json_is_object(lv)) {
      report(L, F_KB, "\"levels\"", 0, LEVEL_NAMES[i], "kb.json \"levels\" has no entry for '%s'",
             LEVEL_NAMES[i]);
      continue;
    }
    L->kb->headline[i] = get_str(L, F_KB, lv, "headline", LEVEL_NAMES[i], 1);
    L->kb->level_text[i] = get_str(L, F_KB, lv, "text", LEVEL_NAMES[i], 0);
    L->kb->level_summary[i] = get_str(L, F_KB, lv, "summary", LEVEL_NAMES[i], 1);
  }
  L->kb->unasked_warning = get_str(L, F_KB, root, "unasked_warning", "kb.json", 1);
  L->kb->nothing_answered = get_str(L, F_KB, root, "nothing_answered", "kb.json", 1);
  L->kb->notes = get_strs(L, F_KB, root, "notes", "kb.json", &L->kb->nnotes);
  if (L->kb->nnotes == 0)
    report(L, F_KB, "{", 0, "notes",
           "kb.json has no \"notes\"; it must at least say that bedback does not diagnose");
  /* At an emergency only what matters then is shown: these notes instead
   * of the general ones (which speak of cause scores and stretching). */
  L->kb->emergency_notes =
      get_strs(L, F_KB, root, "emergency_notes", "kb.json", &L->kb->nemergency_notes);
}

static const char *const TYPE_NAMES[] = {"boolean", "integer", "number", "choice"};

/* Pass 1 for questions: ids, types, choices (conditions need them all). */
static void load_questions(loader *L) {
  json_t *list = get_list(L, F_QUESTIONS, "questions");
  if (!list)
    return;
  size_t n = json_array_size(list);
  bb_kb *kb = L->kb;
  kb->questions = calloc(n + 1, sizeof(struct bb_question));
  L->qitem = calloc(n + 1, sizeof *L->qitem);
  if (!kb->questions || !L->qitem)
    return;
  char nb[96];
  int seen_derived = 0;
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(list, i);
    kb_question *q = &kb->questions[kb->nfindings].q;
    q->unknown_choice = -1;
    L->item = (int)i;
    q->id = get_str(L, F_QUESTIONS, o, "id", "a question", 1);
    if (!q->id)
      continue;
    L->qitem[kb->nfindings] = i;
    char *type = get_str(L, F_QUESTIONS, o, "type", q->id, 1);
    int t = type ? find_name(TYPE_NAMES, 4, type) : -1;
    if (type && t < 0)
      report(L, F_QUESTIONS, id_needle(nb, sizeof nb, q->id), 0, q->id,
             "question '%s' has type '%s'; use boolean, integer, number or choice", q->id, type);
    free(type);
    q->type = t < 0 ? BB_BOOLEAN : (bb_type)t;
    q->derived = json_is_true(json_object_get(o, "derived"));
    if (q->derived)
      seen_derived = 1;
    else if (seen_derived)
      report(L, F_QUESTIONS, id_needle(nb, sizeof nb, q->id), 0, q->id,
             "question '%s' comes after a derived finding; list derived findings last", q->id);
    if (q->type == BB_INTEGER || q->type == BB_NUMBER) {
      json_t *mn = json_object_get(o, "min"), *mx = json_object_get(o, "max");
      if (!json_is_number(mn) || !json_is_number(mx) ||
          json_number_value(mn) > json_number_value(mx))
        report(L, F_QUESTIONS, id_needle(nb, sizeof nb, q->id), 0, q->id,
               "question '%s' needs numbers \"min\" <= \"max\"", q->id);
      q->min = json_number_value(mn);
      q->max = json_number_value(mx);
    }
    if (q->type == BB_CHOICE) {
      q->choices = get_strs(L, F_QUESTIONS, o, "choices", q->id, &q->nchoices);
      if (q->nchoices == 0)
        report(L, F_QUESTIONS, id_needle(nb, sizeof nb, q->id), 0, q->id,
               "choice question '%s' has no \"choices\"", q->id);
      uint8_t *rep = find_repeats((const char *const *)q->choices, q->nchoices);
      for (size_t a = 0; rep && a < q->nchoices; a++)
        if (rep[a])
          report(L, F_QUESTIONS, id_needle(nb, sizeof nb, q->id), 0, q->id,
                 "question '%s' lists the choice '%s' twice", q->id, q->choices[a]);
      free(rep);
      q->labels = get_strs(L, F_QUESTIONS, o, "labels", q->id, &q->nlabels);
      if (q->labels && q->nlabels != q->nchoices)
        report(L, F_QUESTIONS, id_needle(nb, sizeof nb, q->id), 0, q->id,
               "question '%s' has %zu labels for %zu choices", q->id, q->nlabels, q->nchoices);
      json_t *uc = json_object_get(o, "unknown_choice");
      if (json_is_string(uc)) {
        q->unknown_choice = kb_choice_index(q, json_string_value(uc), json_string_length(uc));
        if (q->unknown_choice < 0)
          report(L, F_QUESTIONS, id_needle(nb, sizeof nb, q->id), 0, q->id,
                 "\"unknown_choice\" of '%s' is not one of its choices", q->id);
      }
    }
    q->section = get_str(L, F_QUESTIONS, o, "section", q->id, 1);
    q->text = get_str(L, F_QUESTIONS, o, "text", q->id, 1);
    q->label = get_str(L, F_QUESTIONS, o, "label", q->id, 1);
    q->help = get_str(L, F_QUESTIONS, o, "help", q->id, 0);
    q->unit = get_str(L, F_QUESTIONS, o, "unit", q->id, 0);
    q->warning = q->section && strcmp(q->section, "warning") == 0;
    q->history = json_is_true(json_object_get(o, "history"));
    q->sources = get_strs(L, F_QUESTIONS, o, "sources", q->id, &q->nsources);
    kb->nfindings++;
    if (!q->derived)
      kb->nquestions++;
  }
  L->item = -1;
  report_repeats(L, F_QUESTIONS, "question", &kb->questions[0].q.id, sizeof(struct bb_question),
                 kb->nfindings, L->qitem);
  kb->finding_order =
      order_ids(FIRST_ID(kb->questions, q.id), sizeof(struct bb_question), kb->nfindings);
}

typedef struct {
  loader *L;
  const kb_question *q;
  size_t i;
  const char *src;
} asked_check;

/* An ask_when may read only questions asked before its own: the interview
 * asks in order, so a later (or derived) answer is still unknown when the
 * condition is evaluated, and a question reading its own answer is never
 * asked. Either makes a question vanish from the interview, and a warning
 * question with it. */
static void check_asked_before(void *ud, int finding) {
  asked_check *c = ud;
  if (finding >= 0 && (size_t)finding < c->i)
    return;
  const kb_question *r = &c->L->kb->questions[finding].q;
  /* point at the name in the condition */
  size_t at = 0, rl = strlen(r->id);
  for (const char *p = c->src; (p = strstr(p, r->id)) != NULL; p += rl)
    if ((p == c->src || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
        !(isalnum((unsigned char)p[rl]) || p[rl] == '_')) {
      at = (size_t)(p - c->src);
      break;
    }
  if ((size_t)finding == c->i)
    report(c->L, F_QUESTIONS, c->src, at, c->q->id,
           "\"ask_when\" of '%s' reads its own answer, so it would never be asked", c->q->id);
  else
    report(c->L, F_QUESTIONS, c->src, at, c->q->id,
           "\"ask_when\" of '%s' reads '%s', which is %s; it may read only questions asked "
           "before it",
           c->q->id, r->id, r->derived ? "worked out after the interview" : "asked after it");
}

/* Pass 2 for questions: conditions, sources, the spec's vocabulary. */
static void finish_questions(loader *L) {
  json_t *list =
      L->f[F_QUESTIONS].root ? json_object_get(L->f[F_QUESTIONS].root, "questions") : NULL;
  bb_kb *kb = L->kb;
  char nb[96];
  for (size_t i = 0; L->qitem && i < kb->nfindings; i++) {
    kb_question *q = &kb->questions[i].q;
    L->item = (int)L->qitem[i];
    json_t *o = json_array_get(list, L->qitem[i]);
    json_t *aw = json_object_get(o, "ask_when");
    if (json_is_string(aw))
      q->ask_when_src = bbu_strdup(json_string_value(aw));
    if (json_is_string(aw))
      q->ask_when =
          compile(L, F_QUESTIONS, q->id, "ask_when", json_string_value(aw), EXPR_ALLOW_FINDINGS);
    if (q->ask_when) {
      asked_check ac = {L, q, i, json_string_value(aw)};
      expr_findings(q->ask_when, check_asked_before, &ac);
    }
    check_sources(L, F_QUESTIONS, q->id, q->sources, q->nsources);
  }
  L->item = -1;
  /* Warning questions, present and in the spec's order. */
  int last = -1;
  if (!L->f[F_QUESTIONS].root)
    return; /* the file itself is broken: that was reported once */
  for (size_t i = 0; i < N(WARNING_QUESTIONS); i++) {
    int k = kb_find_finding(kb, WARNING_QUESTIONS[i], strlen(WARNING_QUESTIONS[i]));
    if (k < 0) {
      report(L, F_QUESTIONS, "\"questions\"", 0, WARNING_QUESTIONS[i],
             "warning-sign question '%s' of spec/answers.md is missing", WARNING_QUESTIONS[i]);
      continue;
    }
    if (!kb->questions[k].q.warning)
      report(L, F_QUESTIONS, id_needle(nb, sizeof nb, WARNING_QUESTIONS[i]), 0,
             WARNING_QUESTIONS[i], "question '%s' must be in section \"warning\"",
             WARNING_QUESTIONS[i]);
    if (k < last)
      report(L, F_QUESTIONS, id_needle(nb, sizeof nb, WARNING_QUESTIONS[i]), 0,
             WARNING_QUESTIONS[i], "warning question '%s' is out of the order of spec/answers.md",
             WARNING_QUESTIONS[i]);
    last = k;
  }
  for (size_t i = 0; i < kb->nfindings; i++) {
    kb_question *q = &kb->questions[i].q;
    if (q->warning && find_name(WARNING_QUESTIONS, N(WARNING_QUESTIONS), q->id) < 0)
      report(L, F_QUESTIONS, id_needle(nb, sizeof nb, q->id), 0, q->id,
             "'%s' is in section \"warning\" but is not a warning sign of spec/answers.md", q->id);
    if (q->warning && (size_t)last > i)
      continue;
  }
  /* Warning signs are asked first: no other question before the last one. */
  for (size_t i = 0; last >= 0 && i < (size_t)last; i++)
    if (!kb->questions[i].q.warning)
      report(L, F_QUESTIONS, id_needle(nb, sizeof nb, kb->questions[i].q.id), 0,
             kb->questions[i].q.id,
             "question '%s' comes before the warning signs; they are asked first",
             kb->questions[i].q.id);
  kb->idx_sleep_position = kb_find_finding(kb, "sleep_position", 14);
  kb->idx_height = kb_find_finding(kb, "height_cm", 9);
  kb->idx_weight = kb_find_finding(kb, "weight_kg", 9);
  kb->idx_bmi = kb_find_finding(kb, "bmi", 3);
}

static int parse_level(const char *s) {
  return s ? find_name(LEVEL_NAMES, 4, s) : -1;
}

static void load_flag_ids(loader *L) {
  json_t *list = get_list(L, F_FLAGS, "flags");
  if (!list)
    return;
  size_t n = json_array_size(list);
  L->kb->flags = calloc(n + 1, sizeof(kb_flag));
  L->fitem = calloc(n + 1, sizeof *L->fitem);
  if (!L->kb->flags || !L->fitem)
    return;
  char nb[96];
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(list, i);
    kb_flag *f = &L->kb->flags[L->kb->nflags];
    L->item = (int)i;
    f->id = get_str(L, F_FLAGS, o, "id", "a flag", 1);
    if (!f->id)
      continue;
    L->fitem[L->kb->nflags] = i;
    char *lv = get_str(L, F_FLAGS, o, "level", f->id, 1);
    f->level = parse_level(lv);
    if (lv && f->level < 0)
      report(L, F_FLAGS, id_needle(nb, sizeof nb, f->id), 0, f->id,
             "flag '%s' has level '%s'; use emergency, urgent, consult or self_care", f->id, lv);
    free(lv);
    if (f->level < 0)
      f->level = BB_EMERGENCY; /* fail safe if ever used */
    f->text = get_str(L, F_FLAGS, o, "text", f->id, 1);
    /* What the sign is, in a few words, for the diary's reports; "" when
     * the file gives none (the reports then show the id in words). */
    f->title = get_str(L, F_FLAGS, o, "title", f->id, 0);
    f->sources = get_strs(L, F_FLAGS, o, "sources", f->id, &f->nsources);
    L->kb->nflags++;
  }
  L->item = -1;
  report_repeats(L, F_FLAGS, "flag", &L->kb->flags[0].id, sizeof(kb_flag), L->kb->nflags, L->fitem);
  L->kb->flag_order = order_ids(FIRST_ID(L->kb->flags, id), sizeof(kb_flag), L->kb->nflags);
}

static void finish_flags(loader *L) {
  json_t *list = L->f[F_FLAGS].root ? json_object_get(L->f[F_FLAGS].root, "flags") : NULL;
  char nb[96];
  for (size_t i = 0; L->fitem && i < L->kb->nflags; i++) {
    kb_flag *f = &L->kb->flags[i];
    L->item = (int)L->fitem[i];
    char *when = get_str(L, F_FLAGS, json_array_get(list, L->fitem[i]), "when", f->id, 1);
    if (when && refs_parsed(L, EXPR_ALLOW_FINDINGS))
      f->when = compile(L, F_FLAGS, f->id, "when", when, EXPR_ALLOW_FINDINGS);
    f->when_src = when;
    check_sources(L, F_FLAGS, f->id, f->sources, f->nsources);
  }
  L->item = -1;
  for (size_t i = 0; L->f[F_FLAGS].root && i < N(REQUIRED_FLAGS); i++) {
    int k = kb_find_flag(L->kb, REQUIRED_FLAGS[i], strlen(REQUIRED_FLAGS[i]));
    if (k < 0)
      report(L, F_FLAGS, "\"flags\"", 0, REQUIRED_FLAGS[i],
             "triage flag '%s' of spec/assessment.md is missing", REQUIRED_FLAGS[i]);
    else if (L->kb->flags[k].level != REQUIRED_FLAG_LEVELS[i])
      report(L, F_FLAGS, id_needle(nb, sizeof nb, REQUIRED_FLAGS[i]), 0, REQUIRED_FLAGS[i],
             "flag '%s' must have level '%s' (spec/assessment.md)", REQUIRED_FLAGS[i],
             LEVEL_NAMES[REQUIRED_FLAG_LEVELS[i]]);
  }
}

static void load_cause_ids(loader *L) {
  json_t *list = get_list(L, F_CAUSES, "causes");
  if (!list)
    return;
  size_t n = json_array_size(list);
  L->kb->causes = calloc(n + 1, sizeof(kb_cause));
  L->citem = calloc(n + 1, sizeof *L->citem);
  if (!L->kb->causes || !L->citem)
    return;
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(list, i);
    kb_cause *c = &L->kb->causes[L->kb->ncauses];
    L->item = (int)i;
    c->id = get_str(L, F_CAUSES, o, "id", "a cause", 1);
    if (!c->id)
      continue;
    L->citem[L->kb->ncauses] = i;
    c->text = get_str(L, F_CAUSES, o, "text", c->id, 1);
    c->title = get_str(L, F_CAUSES, o, "title", c->id, 1);
    c->evidence = get_str(L, F_CAUSES, o, "evidence", c->id, 1);
    c->sources = get_strs(L, F_CAUSES, o, "sources", c->id, &c->nsources);
    L->kb->ncauses++;
  }
  L->item = -1;
  report_repeats(L, F_CAUSES, "cause", &L->kb->causes[0].id, sizeof(kb_cause), L->kb->ncauses,
                 L->citem);
  L->kb->cause_order = order_ids(FIRST_ID(L->kb->causes, id), sizeof(kb_cause), L->kb->ncauses);
}

static void finish_causes(loader *L) {
  json_t *list = L->f[F_CAUSES].root ? json_object_get(L->f[F_CAUSES].root, "causes") : NULL;
  char nb[96];
  for (size_t i = 0; L->citem && i < L->kb->ncauses; i++) {
    kb_cause *c = &L->kb->causes[i];
    L->item = (int)L->citem[i];
    json_t *inds = json_object_get(json_array_get(list, L->citem[i]), "indicators");
    size_t n = json_array_size(inds);
    if (n == 0)
      report(L, F_CAUSES, id_needle(nb, sizeof nb, c->id), 0, c->id,
             "cause '%s' has no \"indicators\"", c->id);
    c->ind = calloc(n + 1, sizeof(kb_indicator));
    int strong = 0;
    for (size_t k = 0; c->ind && k < n; k++) {
      json_t *o = json_array_get(inds, k);
      kb_indicator *in = &c->ind[c->nind];
      char *when = get_str(L, F_CAUSES, o, "when", c->id, 1);
      char *st = get_str(L, F_CAUSES, o, "strength", c->id, 1);
      json_t *w = json_object_get(o, "weight");
      if (st && strcmp(st, "strong") != 0 && strcmp(st, "supporting") != 0)
        report(L, F_CAUSES, when ? when : c->id, 0, c->id,
               "an indicator of '%s' has strength '%s'; use strong or supporting", c->id, st);
      if (!json_is_number(w) || json_number_value(w) <= 0 || json_number_value(w) >= 1)
        report(L, F_CAUSES, when ? when : c->id, 0, c->id,
               "an indicator of '%s' needs a \"weight\" between 0 and 1 (exclusive)", c->id);
      in->strong = st && strcmp(st, "strong") == 0;
      strong |= in->strong;
      in->weight = json_number_value(w);
      if (when && refs_parsed(L, EXPR_ALLOW_FINDINGS))
        in->when = compile(L, F_CAUSES, c->id, "when", when, EXPR_ALLOW_FINDINGS);
      free(st);
      if (in->when) {
        in->when_src = when;
        c->nind++;
      } else {
        free(when);
      }
    }
    if (n > 0 && !strong)
      report(L, F_CAUSES, id_needle(nb, sizeof nb, c->id), 0, c->id,
             "cause '%s' has no strong indicator", c->id);
    c->unless_src = get_str(L, F_CAUSES, json_array_get(list, i), "unless", c->id, 0);
    if (c->unless_src && !*c->unless_src) {
      free(c->unless_src); /* absent: the cause has no exception */
      c->unless_src = NULL;
    }
    if (c->unless_src && refs_parsed(L, EXPR_ALLOW_FINDINGS))
      c->unless = compile(L, F_CAUSES, c->id, "unless", c->unless_src, EXPR_ALLOW_FINDINGS);
    check_sources(L, F_CAUSES, c->id, c->sources, c->nsources);
  }
  L->item = -1;
  for (size_t i = 0; L->f[F_CAUSES].root && i < N(REQUIRED_CAUSES); i++)
    if (kb_find_cause(L->kb, REQUIRED_CAUSES[i], strlen(REQUIRED_CAUSES[i])) < 0)
      report(L, F_CAUSES, "\"causes\"", 0, REQUIRED_CAUSES[i],
             "cause '%s' of spec/assessment.md is missing", REQUIRED_CAUSES[i]);
}

/* An exercise's figure (docs/knowledge-base.md, "figure"). Each problem
 * is reported at the member it is about: the search for it starts at the
 * pose's key, so a fault in "end" is not reported in "start". */
static const char *const POSE_KEYS[] = {"caption", "trunk", "head",  "near_leg", "far_leg",
                                        "arm",     "reach", "props", "arrow"};

static void pose_report(loader *L, const char *id, const char *pose, const char *member,
                        const char *msg) {
  char nb[96];
  int line, col;
  locate(L, F_EXERCISES, "\"figure\"", 0, &line, &col);
  snprintf(nb, sizeof nb, "\"%s\"", pose);
  locate(L, F_EXERCISES, nb, 0, &line, &col);
  snprintf(nb, sizeof nb, "\"%s\"", member);
  report(L, F_EXERCISES, nb, 0, id, "figure of '%s', \"%s\" pose: \"%s\" %s", id, pose, member,
         msg);
}

static int get_angle(json_t *v, double *out) {
  if (!json_is_number(v))
    return -1;
  double a = json_number_value(v);
  if (!(a >= -360.0 && a <= 360.0))
    return -1;
  *out = a;
  return 0;
}

/* An angle list of 2..max numbers into out (missing ones keep theirs). */
static int get_angles(json_t *v, double *out, size_t min, size_t max) {
  if (!json_is_array(v) || json_array_size(v) < min || json_array_size(v) > max)
    return -1;
  for (size_t i = 0; i < json_array_size(v); i++)
    if (get_angle(json_array_get(v, i), &out[i]) < 0)
      return -1;
  return 0;
}

static void load_pose(loader *L, const char *id, const char *name, json_t *o, kb_pose *p) {
  if (!json_is_object(o)) {
    pose_report(L, id, name, name, "must be an object (caption, trunk, near_leg, ...)");
    return;
  }
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) {
    if (find_name(POSE_KEYS, N(POSE_KEYS), key) < 0)
      pose_report(L, id, name, key,
                  "is not a member of a pose (caption, trunk, head, near_leg, far_leg, arm, "
                  "reach, props, arrow)");
  }
  v = json_object_get(o, "caption");
  if (!json_is_string(v) || json_string_length(v) == 0)
    pose_report(L, id, name, "caption", "must be a sentence: the pose in words");
  else
    p->caption = bbu_strdup(json_string_value(v));
  if (get_angle(json_object_get(o, "trunk"), &p->trunk) < 0)
    pose_report(L, id, name, "trunk", "must be an angle in degrees from -360 to 360");
  p->head = p->trunk;
  if (json_object_get(o, "head") && get_angle(json_object_get(o, "head"), &p->head) < 0)
    pose_report(L, id, name, "head", "must be an angle in degrees from -360 to 360");
  /* a leg: thigh and shin, the foot square to the shin unless given */
  const char *legs[2] = {"near_leg", "far_leg"};
  for (int k = 0; k < 2; k++) {
    double a[3] = {(double)NAN, (double)NAN, (double)NAN};
    json_t *lv = json_object_get(o, legs[k]);
    if (!lv && k == FIG_LEG_FAR) { /* the far leg behind the near one */
      memcpy(p->leg[k], p->leg[FIG_LEG_NEAR], sizeof p->leg[k]);
      continue;
    }
    if (get_angles(lv, a, 2, 3) < 0) {
      pose_report(L, id, name, legs[k],
                  "must be [thigh, shin] or [thigh, shin, foot], angles from -360 to 360");
      continue;
    }
    p->leg[k][0] = a[0];
    p->leg[k][1] = a[1];
    p->leg[k][2] = isnan(a[2]) ? a[1] + 90.0 : a[2];
  }
  /* the near arm: along the body unless given or reaching */
  p->arm[0] = p->arm[1] = p->trunk + 180.0;
  if ((v = json_object_get(o, "arm")) && get_angles(v, p->arm, 2, 2) < 0)
    pose_report(L, id, name, "arm", "must be [upper arm, forearm], angles from -360 to 360");
  p->reach = -1;
  if ((v = json_object_get(o, "reach"))) {
    p->reach = json_is_string(v) ? fig_point_index(json_string_value(v)) : -1;
    if (p->reach < 0 || p->reach == FIG_HAND)
      pose_report(L, id, name, "reach",
                  "must name a point the hand holds: hip, lower_back, shoulder, head, near_knee, "
                  "near_ankle, near_foot, far_knee or far_ankle");
  }
  if ((v = json_object_get(o, "props"))) {
    int ok = json_is_array(v);
    for (size_t i = 0; ok && i < json_array_size(v); i++) {
      json_t *e = json_array_get(v, i);
      int bit = json_is_string(e) ? fig_prop_bit(json_string_value(e)) : 0;
      if (!bit)
        ok = 0;
      p->props |= (unsigned)bit;
    }
    if (!ok)
      pose_report(L, id, name, "props", "must be a list of heat, towel or cushion");
  }
  p->arrow_at = -1;
  if ((v = json_object_get(o, "arrow"))) {
    json_t *at = json_object_get(v, "at"), *kind = json_object_get(v, "kind");
    p->arrow_at = json_is_string(at) ? fig_point_index(json_string_value(at)) : -1;
    const char *ks = json_string_value(kind);
    p->arrow_kind = ks && !strcmp(ks, "press") ? FIG_ARROW_PRESS : FIG_ARROW_MOVE;
    if (!json_is_object(v) || p->arrow_at < 0 ||
        get_angle(json_object_get(v, "dir"), &p->arrow_dir) < 0 ||
        (kind && (!ks || (strcmp(ks, "press") && strcmp(ks, "move")))) ||
        json_object_size(v) != (kind ? 3u : 2u)) {
      pose_report(L, id, name, "arrow",
                  "must be {\"at\": a point, \"dir\": an angle, \"kind\": \"move\" or \"press\"}");
      p->arrow_at = -1;
    }
  }
}

static void load_figure(loader *L, json_t *o, kb_exercise *x) {
  json_t *f = json_object_get(o, "figure");
  char nb[96];
  if (!f) {
    report(L, F_EXERCISES, id_needle(nb, sizeof nb, x->id), 0, x->id,
           "exercise '%s' has no \"figure\"; every exercise shows its start and end pose", x->id);
    return;
  }
  if (!json_is_object(f)) {
    report(L, F_EXERCISES, "\"figure\"", 0, x->id,
           "\"figure\" of '%s' must be an object with \"surface\", \"start\" and \"end\"", x->id);
    return;
  }
  x->figure = calloc(1, sizeof *x->figure);
  if (!x->figure)
    return;
  const char *key;
  json_t *v;
  json_object_foreach(f, key, v) {
    if (strcmp(key, "surface") && strcmp(key, "start") && strcmp(key, "end")) {
      snprintf(nb, sizeof nb, "\"%s\"", key);
      int line, col;
      locate(L, F_EXERCISES, "\"figure\"", 0, &line, &col);
      report(L, F_EXERCISES, nb, 0, x->id,
             "figure of '%s': \"%s\" is not a member of a figure (surface, start, end)", x->id,
             key);
    }
  }
  const char *sf = json_string_value(json_object_get(f, "surface"));
  if (sf && !strcmp(sf, "bed"))
    x->figure->surface = FIG_BED;
  else if (sf && !strcmp(sf, "floor"))
    x->figure->surface = FIG_FLOOR;
  else {
    int line, col;
    locate(L, F_EXERCISES, "\"figure\"", 0, &line, &col);
    report(L, F_EXERCISES, "\"surface\"", 0, x->id,
           "figure of '%s': \"surface\" must be \"bed\" or \"floor\"", x->id);
  }
  load_pose(L, x->id, "start", json_object_get(f, "start"), &x->figure->pose[0]);
  load_pose(L, x->id, "end", json_object_get(f, "end"), &x->figure->pose[1]);
}

static void load_exercises(loader *L) {
  json_t *list = get_list(L, F_EXERCISES, "exercises");
  if (!list)
    return;
  size_t n = json_array_size(list);
  L->kb->exercises = calloc(n + 1, sizeof(kb_exercise));
  size_t *items = calloc(n + 1, sizeof *items);
  if (!L->kb->exercises || !items) {
    free(items);
    return;
  }
  char nb[96];
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(list, i);
    kb_exercise *x = &L->kb->exercises[L->kb->nexercises];
    L->item = (int)i;
    x->id = get_str(L, F_EXERCISES, o, "id", "an exercise", 1);
    if (!x->id)
      continue;
    items[L->kb->nexercises] = i;
    x->title = get_str(L, F_EXERCISES, o, "title", x->id, 1);
    x->dosage = get_str(L, F_EXERCISES, o, "dosage", x->id, 1);
    x->steps = get_strs(L, F_EXERCISES, o, "steps", x->id, &x->nsteps);
    x->cautions = get_strs(L, F_EXERCISES, o, "cautions", x->id, &x->ncautions);
    if (x->nsteps == 0)
      report(L, F_EXERCISES, id_needle(nb, sizeof nb, x->id), 0, x->id,
             "exercise '%s' has no \"steps\"", x->id);
    if (x->ncautions == 0)
      report(L, F_EXERCISES, id_needle(nb, sizeof nb, x->id), 0, x->id,
             "exercise '%s' has no \"cautions\"; every exercise says when to stop", x->id);
    const char *ints[] = {"hold_seconds", "repetitions", "minutes"};
    int *dst[] = {&x->hold_seconds, &x->repetitions, &x->minutes};
    for (size_t k = 0; k < 3; k++) {
      json_t *v = json_object_get(o, ints[k]);
      if (!v)
        continue;
      if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 3600)
        report(L, F_EXERCISES, id_needle(nb, sizeof nb, x->id), 0, x->id,
               "\"%s\" of '%s' must be a whole number from 0 to 3600", ints[k], x->id);
      else
        *dst[k] = (int)json_integer_value(v);
    }
    x->each_side = json_is_true(json_object_get(o, "each_side"));
    x->sources = get_strs(L, F_EXERCISES, o, "sources", x->id, &x->nsources);
    check_sources(L, F_EXERCISES, x->id, x->sources, x->nsources);
    load_figure(L, o, x);
    L->kb->nexercises++;
  }
  L->item = -1;
  report_repeats(L, F_EXERCISES, "exercise", &L->kb->exercises[0].id, sizeof(kb_exercise),
                 L->kb->nexercises, items);
  free(items);
  for (size_t i = 0; L->f[F_EXERCISES].root && i < N(REQUIRED_EXERCISES); i++) {
    size_t k;
    for (k = 0; k < L->kb->nexercises; k++)
      if (L->kb->exercises[k].id && strcmp(L->kb->exercises[k].id, REQUIRED_EXERCISES[i]) == 0)
        break;
    if (k == L->kb->nexercises)
      report(L, F_EXERCISES, "\"exercises\"", 0, REQUIRED_EXERCISES[i],
             "exercise '%s' of the routine (spec/assessment.md) is missing", REQUIRED_EXERCISES[i]);
  }
}

static void load_recs(loader *L) {
  json_t *list = get_list(L, F_RECS, "recommendations");
  if (!list)
    return;
  size_t n = json_array_size(list);
  bb_kb *kb = L->kb;
  kb->recs = calloc(n + 1, sizeof(kb_rec));
  size_t *items = calloc(n + 1, sizeof *items);
  if (!kb->recs || !items) {
    free(items);
    return;
  }
  char nb[96];
  int last_cat = 0;
  const kb_question *pos =
      kb->idx_sleep_position >= 0 ? &kb->questions[kb->idx_sleep_position].q : NULL;
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(list, i);
    kb_rec *r = &kb->recs[kb->nrecs];
    r->exercise = -1;
    L->item = (int)i;
    r->id = get_str(L, F_RECS, o, "id", "a recommendation", 1);
    if (!r->id)
      continue;
    items[kb->nrecs] = i;
    char *cat = get_str(L, F_RECS, o, "category", r->id, 1);
    int c = cat ? find_name(CATEGORY_NAMES, CAT_COUNT, cat) : -1;
    if (cat && c < 0)
      report(L, F_RECS, id_needle(nb, sizeof nb, r->id), 0, r->id,
             "recommendation '%s' has category '%s'; use seek_care, sleep_setup, relief or daytime",
             r->id, cat);
    free(cat);
    r->category = c < 0 ? CAT_DAYTIME : (kb_category)c;
    if (c >= 0 && c < last_cat)
      report(
          L, F_RECS, id_needle(nb, sizeof nb, r->id), 0, r->id,
          "recommendation '%s' is out of category order (seek_care, sleep_setup, relief, daytime)",
          r->id);
    if (c >= 0)
      last_cat = c;
    r->text = get_str(L, F_RECS, o, "text", r->id, 1);
    r->action = get_str(L, F_RECS, o, "action", r->id, 1);
    r->why = get_str(L, F_RECS, o, "why", r->id, 1);
    r->evidence = get_str(L, F_RECS, o, "evidence", r->id, 1);
    r->activity = json_is_true(json_object_get(o, "activity"));
    r->for_causes = get_strs(L, F_RECS, o, "for", r->id, &r->nfor);
    for (size_t k = 0; L->f[F_CAUSES].root && k < r->nfor; k++)
      if (kb_find_cause(kb, r->for_causes[k], strlen(r->for_causes[k])) < 0)
        report(L, F_RECS, id_needle(nb, sizeof nb, r->for_causes[k]), 0, r->id,
               "recommendation '%s' is \"for\" unknown cause '%s'", r->id, r->for_causes[k]);
    r->positions = get_strs(L, F_RECS, o, "positions", r->id, &r->npositions);
    for (size_t k = 0; pos && k < r->npositions; k++)
      if (kb_choice_index(pos, r->positions[k], strlen(r->positions[k])) < 0)
        report(L, F_RECS, id_needle(nb, sizeof nb, r->id), 0, r->id,
               "recommendation '%s' lists '%s', which is not a sleep position", r->id,
               r->positions[k]);
    json_t *ex = json_object_get(o, "exercise");
    if (json_is_string(ex) && L->f[F_EXERCISES].root) {
      for (size_t k = 0; k < kb->nexercises; k++)
        if (strcmp(kb->exercises[k].id, json_string_value(ex)) == 0)
          r->exercise = (int)k;
      if (r->exercise < 0)
        report(L, F_RECS, id_needle(nb, sizeof nb, r->id), 0, r->id,
               "recommendation '%s' names unknown exercise '%s'", r->id, json_string_value(ex));
      else if (!r->activity)
        report(
            L, F_RECS, id_needle(nb, sizeof nb, r->id), 0, r->id,
            "recommendation '%s' puts an exercise in the routine, so it needs \"activity\": true",
            r->id);
    }
    char *when = get_str(L, F_RECS, o, "when", r->id, 1);
    if (when && refs_parsed(L, EXPR_ALLOW_FINDINGS | EXPR_ALLOW_RESULTS))
      r->when = compile(L, F_RECS, r->id, "when", when, EXPR_ALLOW_FINDINGS | EXPR_ALLOW_RESULTS);
    r->when_src = when;
    r->sources = get_strs(L, F_RECS, o, "sources", r->id, &r->nsources);
    check_sources(L, F_RECS, r->id, r->sources, r->nsources);
    kb->nrecs++;
  }
  L->item = -1;
  report_repeats(L, F_RECS, "recommendation", &kb->recs[0].id, sizeof(kb_rec), kb->nrecs, items);
  free(items);
  for (size_t i = 0; L->f[F_RECS].root && i < N(REQUIRED_RECS); i++) {
    size_t k;
    for (k = 0; k < kb->nrecs; k++)
      if (kb->recs[k].id && strcmp(kb->recs[k].id, REQUIRED_RECS[i]) == 0)
        break;
    if (k == kb->nrecs)
      report(L, F_RECS, "\"recommendations\"", 0, REQUIRED_RECS[i],
             "recommendation '%s' of spec/assessment.md is missing", REQUIRED_RECS[i]);
  }
}

/* Sentence guards: "{?condition}" in a text keeps the sentence only when
 * the condition is true. Compiled here, once, like every other condition,
 * so that `kb check` finds a misspelt name in one. */
static void compile_guards_in(loader *L, int fi, const char *owner, const char *text) {
  bb_kb *kb = L->kb;
  for (const char *p = text ? strstr(text, "{?") : NULL; p; p = strstr(p + 2, "{?")) {
    const char *end = strchr(p, '}');
    if (!end) {
      report(L, fi, p, 0, owner, "a \"{?\" guard in the text of '%s' has no closing \"}\"", owner);
      return;
    }
    char *src = strndup(p + 2, (size_t)(end - p - 2));
    kb_guard *g = src ? realloc(kb->guards, (kb->nguards + 1) * sizeof *g) : NULL;
    if (!g) {
      free(src);
      return;
    }
    kb->guards = g;
    expr *x = compile(L, fi, owner, "text", src, EXPR_ALLOW_FINDINGS | EXPR_ALLOW_RESULTS);
    free(src);
    if (x) {
      kb->guards[kb->nguards].at = p;
      kb->guards[kb->nguards].when = x;
      kb->nguards++;
    }
  }
}

static void compile_guards(loader *L) {
  bb_kb *kb = L->kb;
  if (!refs_parsed(L, EXPR_ALLOW_FINDINGS | EXPR_ALLOW_RESULTS))
    return; /* the names they use are unknown: that was reported */
  for (size_t i = 0; i < kb->nnotes; i++)
    compile_guards_in(L, F_KB, "notes", kb->notes[i]);
  for (size_t i = 0; i < kb->ncauses; i++)
    compile_guards_in(L, F_CAUSES, kb->causes[i].id, kb->causes[i].text);
  for (size_t i = 0; i < kb->nrecs; i++)
    compile_guards_in(L, F_RECS, kb->recs[i].id, kb->recs[i].text);
}

const kb_guard *kb_find_guard(const bb_kb *kb, const char *at) {
  for (size_t i = 0; i < kb->nguards; i++)
    if (kb->guards[i].at == at)
      return &kb->guards[i];
  return NULL;
}

/* ------------------------------------------------------------------ */

static void free_question(kb_question *q) {
  free(q->id);
  free_strs(q->choices, q->nchoices);
  free_strs(q->labels, q->nlabels);
  free(q->section);
  free(q->text);
  free(q->label);
  free(q->help);
  free(q->unit);
  expr_free(q->ask_when);
  free(q->ask_when_src);
  free_strs(q->sources, q->nsources);
}

void bb_kb_free(bb_kb *kb) {
  if (!kb || kb->compiled) /* the built-in one is static data */
    return;
  free(kb->version);
  for (int i = 0; i < 4; i++) {
    free(kb->headline[i]);
    free(kb->level_text[i]);
    free(kb->level_summary[i]);
  }
  free(kb->unasked_warning);
  free(kb->nothing_answered);
  free_strs(kb->notes, kb->nnotes);
  free_strs(kb->emergency_notes, kb->nemergency_notes);
  for (size_t i = 0; kb->questions && i < kb->nfindings; i++)
    free_question(&kb->questions[i].q);
  free(kb->questions);
  for (size_t i = 0; i < kb->nflags; i++) {
    free(kb->flags[i].id);
    free(kb->flags[i].text);
    free(kb->flags[i].title);
    expr_free(kb->flags[i].when);
    free(kb->flags[i].when_src);
    free_strs(kb->flags[i].sources, kb->flags[i].nsources);
  }
  free(kb->flags);
  for (size_t i = 0; i < kb->ncauses; i++) {
    kb_cause *c = &kb->causes[i];
    free(c->id);
    free(c->text);
    free(c->title);
    free(c->evidence);
    for (size_t k = 0; k < c->nind; k++) {
      expr_free(c->ind[k].when);
      free(c->ind[k].when_src);
    }
    free(c->ind);
    expr_free(c->unless);
    free(c->unless_src);
    free_strs(c->sources, c->nsources);
  }
  free(kb->causes);
  for (size_t i = 0; i < kb->nrecs; i++) {
    kb_rec *r = &kb->recs[i];
    free(r->id);
    free(r->text);
    free(r->action);
    free(r->why);
    free(r->evidence);
    expr_free(r->when);
    free(r->when_src);
    free_strs(r->for_causes, r->nfor);
    free_strs(r->positions, r->npositions);
    free_strs(r->sources, r->nsources);
  }
  free(kb->recs);
  for (size_t i = 0; i < kb->nexercises; i++) {
    kb_exercise *x = &kb->exercises[i];
    free(x->id);
    free(x->title);
    free(x->dosage);
    free_strs(x->steps, x->nsteps);
    free_strs(x->cautions, x->ncautions);
    free_strs(x->sources, x->nsources);
    if (x->figure) {
      free(x->figure->pose[0].caption);
      free(x->figure->pose[1].caption);
      free(x->figure);
    }
  }
  free(kb->exercises);
  for (size_t i = 0; i < kb->nsources; i++) {
    free(kb->sources[i].id);
    free(kb->sources[i].citation);
    free(kb->sources[i].url);
  }
  free(kb->sources);
  for (size_t i = 0; i < kb->nguards; i++)
    expr_free(kb->guards[i].when);
  free(kb->guards);
  free(kb->finding_order);
  free(kb->flag_order);
  free(kb->cause_order);
  free(kb);
}

bb_kb *bb_kb_load_files(const bb_kb_file *files, size_t nfiles, bb_error *err, bb_diag_fn each,
                        void *userdata) {
  loader L;
  memset(&L, 0, sizeof L);
  L.first = err;
  L.each = each;
  L.ud = userdata;
  bb_error_clear(err);
  L.kb = calloc(1, sizeof(bb_kb));
  if (!L.kb) {
    bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory loading the knowledge base");
    return NULL;
  }
  L.kb->idx_sleep_position = L.kb->idx_height = L.kb->idx_weight = L.kb->idx_bmi = -1;
  L.item = -1;
  for (int i = 0; i < F_COUNT; i++) {
    for (size_t k = 0; k < nfiles; k++)
      if (strcmp(files[k].name, FILE_NAMES[i]) == 0)
        L.f[i].file = &files[k];
    if (!L.f[i].file) {
      report(&L, i, NULL, 0, FILE_NAMES[i], "the knowledge base has no %s", FILE_NAMES[i]);
      continue;
    }
    if (L.f[i].file->length > BB_KB_FILE_MAX) {
      report(&L, i, NULL, 0, "", "%s is %zu bytes; a knowledge-base file may hold at most %u KiB",
             FILE_NAMES[i], L.f[i].file->length, BB_KB_FILE_MAX >> 10);
      continue;
    }
    json_error_t je;
    L.f[i].root = json_loadb(L.f[i].file->text, L.f[i].file->length, JSON_REJECT_DUPLICATES, &je);
    if (!L.f[i].root) {
      bb_error e;
      bbu_error_set(&e, BB_EX_CONFIG, L.f[i].file->name, je.line, je.column, "", "invalid JSON: %s",
                    je.text);
      if (L.nerr == 0 && err)
        *err = e;
      L.nerr++;
      if (each)
        each(&e, userdata);
    } else if (!json_is_object(L.f[i].root)) {
      report(&L, i, NULL, 0, "", "%s must hold one JSON object", FILE_NAMES[i]);
      json_decref(L.f[i].root);
      L.f[i].root = NULL;
    } else {
      index_file(&L.f[i], LIST_NAMES[i]);
    }
  }
  /* Order matters: names first (sources, questions, flags, causes,
   * exercises), then everything that refers to them. */
  load_sources(&L);
  load_meta(&L);
  load_questions(&L);
  load_flag_ids(&L);
  load_cause_ids(&L);
  finish_questions(&L);
  finish_flags(&L);
  finish_causes(&L);
  load_exercises(&L);
  load_recs(&L);
  compile_guards(&L);
  /* unused sources only mean something when every citing file was read */
  int all_read = 1;
  for (int i = 0; i < F_COUNT; i++)
    all_read &= L.f[i].root != NULL;
  for (size_t i = 0; all_read && L.source_used && i < L.kb->nsources; i++) {
    char nb[96];
    if (!L.source_used[i])
      report(&L, F_SOURCES, id_needle(nb, sizeof nb, L.kb->sources[i].id), 0, L.kb->sources[i].id,
             "source '%s' is never cited; remove it or cite it", L.kb->sources[i].id);
  }
  if (L.f[F_RECS].root && L.kb->nrecs && L.kb->nflags && L.kb->ncauses == 0)
    report(&L, F_CAUSES, NULL, 0, "", "the knowledge base has no causes");
  for (int i = 0; i < F_COUNT; i++) {
    json_decref(L.f[i].root);
    free(L.f[i].lines);
    free(L.f[i].items);
  }
  free(L.source_used);
  free(L.qitem);
  free(L.fitem);
  free(L.citem);
  if (L.nerr) {
    bb_kb_free(L.kb);
    return NULL;
  }
  return L.kb;
}

/* ------------------------------------------------------------------ */
/* Loading from a directory: the only I/O in this module. */

typedef struct {
  bb_kb_file files[F_COUNT];
  char *texts[F_COUNT];
  char names[F_COUNT][64];
} dir_files;

/* Reads one knowledge-base file: 1 with the text, 0 when it does not exist,
 * -1 with `err` set. Only a regular file of at most BB_KB_FILE_MAX bytes is
 * read: a file linked to /dev/zero or a FIFO would otherwise be read until
 * memory ran out (or forever). O_NONBLOCK so that opening a FIFO does not
 * wait for a writer before it can be refused. */
static int read_kb_file(const char *path, char **text, size_t *len, bb_error *err) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return 0;
    bbu_error_set(err, BB_EX_IOERR, path, 0, 0, "", "cannot open the file: %s", strerror(errno));
    return -1;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    bbu_error_set(err, BB_EX_CONFIG, path, 0, 0, "", "%s",
                  "not a regular file; a knowledge-base file must be one");
    close(fd);
    return -1;
  }
  if (st.st_size > (off_t)BB_KB_FILE_MAX) {
    bbu_error_set(err, BB_EX_CONFIG, path, 0, 0, "",
                  "%lld bytes; a knowledge-base file may hold at most %u KiB",
                  (long long)st.st_size, BB_KB_FILE_MAX >> 10);
    close(fd);
    return -1;
  }
  /* one byte more than the limit, to notice a file that grew meanwhile */
  size_t cap = (size_t)st.st_size + 2, n = 0;
  if (cap > BB_KB_FILE_MAX + 2)
    cap = BB_KB_FILE_MAX + 2;
  char *buf = malloc(cap);
  if (!buf) {
    bbu_error_set(err, BB_EX_SOFTWARE, path, 0, 0, "", "out of memory reading the file");
    close(fd);
    return -1;
  }
  for (;;) {
    if (n + 1 == cap) {
      if (n > BB_KB_FILE_MAX)
        break;
      size_t ncap = cap * 2 > BB_KB_FILE_MAX + 2 ? BB_KB_FILE_MAX + 2 : cap * 2;
      char *p = realloc(buf, ncap);
      if (!p) {
        free(buf);
        close(fd);
        bbu_error_set(err, BB_EX_SOFTWARE, path, 0, 0, "", "out of memory reading the file");
        return -1;
      }
      buf = p;
      cap = ncap;
    }
    ssize_t got = read(fd, buf + n, cap - n - 1);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      bbu_error_set(err, BB_EX_IOERR, path, 0, 0, "", "cannot read the file: %s", strerror(errno));
      free(buf);
      close(fd);
      return -1;
    }
    if (got == 0)
      break;
    n += (size_t)got;
  }
  close(fd);
  if (n > BB_KB_FILE_MAX) {
    bbu_error_set(err, BB_EX_CONFIG, path, 0, 0, "",
                  "more than %u KiB; a knowledge-base file may hold at most that",
                  BB_KB_FILE_MAX >> 10);
    free(buf);
    return -1;
  }
  buf[n] = '\0';
  *text = buf;
  *len = n;
  return 1;
}

static int read_dir(const char *dir, dir_files *d, bb_error *err) {
  memset(d, 0, sizeof *d);
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    bbu_error_set(err, BB_EX_NOINPUT, dir, 0, 0, "", "knowledge-base folder not found (%s)",
                  stat(dir, &st) != 0 ? strerror(errno) : "not a folder");
    return -1;
  }
  size_t k = 0;
  for (int i = 0; i < F_COUNT; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, FILE_NAMES[i]);
    char *text = NULL;
    size_t len = 0;
    int status = read_kb_file(path, &text, &len, err);
    if (status < 0) {
      for (size_t j = 0; j < k; j++)
        free(d->texts[j]);
      return -1;
    }
    if (status == 0)
      continue; /* reported by the loader as a missing file */
    d->texts[k] = text;
    snprintf(d->names[k], sizeof d->names[k], "%s", FILE_NAMES[i]);
    d->files[k].name = d->names[k];
    d->files[k].text = text;
    d->files[k].length = len;
    k++;
  }
  return (int)k;
}

static void prefix_dir(bb_error *e, const char *dir) {
  if (e && e->status && e->file[0] && e->file[0] != '/') {
    char tmp[sizeof e->file];
    size_t dl = strlen(dir), fl = strlen(e->file);
    if (dl + 1 + fl >= sizeof tmp)
      return;
    memcpy(tmp, dir, dl);
    tmp[dl] = '/';
    memcpy(tmp + dl + 1, e->file, fl + 1);
    memcpy(e->file, tmp, sizeof e->file);
  }
}

typedef struct {
  const char *dir;
  bb_diag_fn each;
  void *ud;
  size_t n;
} dir_diag;

static void dir_each(const bb_error *e, void *ud) {
  dir_diag *dd = ud;
  bb_error copy = *e;
  prefix_dir(&copy, dd->dir);
  dd->n++;
  if (dd->each)
    dd->each(&copy, dd->ud);
}

bb_kb *bb_kb_load_dir(const char *dir, bb_error *err) {
  dir_files d;
  int n = read_dir(dir, &d, err);
  if (n < 0)
    return NULL;
  bb_kb *kb = bb_kb_load_files(d.files, (size_t)n, err, NULL, NULL);
  if (!kb) {
    prefix_dir(err, dir);
    if (err && err->status == 0)
      err->status = BB_EX_CONFIG;
  }
  for (int i = 0; i < n; i++)
    free(d.texts[i]);
  return kb;
}

size_t bb_kb_check(const char *dir, bb_diag_fn each, void *userdata) {
  bb_error err;
  if (!dir) {
    size_t count = 0;
    dir_diag dd = {"<builtin>", each, userdata, 0};
    bb_kb *kb = bb_kb_load_files(bb_builtin_kb_files, bb_builtin_kb_nfiles, &err, dir_each, &dd);
    count = dd.n;
    bb_kb_free(kb);
    return count;
  }
  dir_files d;
  int n = read_dir(dir, &d, &err);
  if (n < 0) {
    if (each)
      each(&err, userdata);
    return 1;
  }
  dir_diag dd = {dir, each, userdata, 0};
  bb_kb *kb = bb_kb_load_files(d.files, (size_t)n, &err, dir_each, &dd);
  bb_kb_free(kb);
  for (int i = 0; i < n; i++)
    free(d.texts[i]);
  return dd.n;
}

const char *bb_kb_version(const bb_kb *kb) {
  return kb->version;
}

/* ------------------------------------------------------------------ */
/* Question accessors */

size_t bb_kb_question_count(const bb_kb *kb) {
  return kb->nquestions;
}

const bb_question *bb_kb_question(const bb_kb *kb, size_t i) {
  return i < kb->nquestions ? &kb->questions[i] : NULL;
}

const bb_question *bb_kb_find_question(const bb_kb *kb, const char *id) {
  int i = kb_find_finding(kb, id, strlen(id));
  return i >= 0 && !kb->questions[i].q.derived ? &kb->questions[i] : NULL;
}

const char *bb_question_id(const bb_question *q) {
  return q->q.id;
}
bb_type bb_question_type(const bb_question *q) {
  return q->q.type;
}
const char *bb_question_text(const bb_question *q) {
  return q->q.text;
}
const char *bb_question_label(const bb_question *q) {
  return q->q.label;
}
const char *bb_question_help(const bb_question *q) {
  return q->q.help;
}
const char *bb_question_section(const bb_question *q) {
  return q->q.section;
}
const char *bb_question_unit(const bb_question *q) {
  return q->q.unit;
}
bool bb_question_is_warning(const bb_question *q) {
  return q->q.warning;
}
bool bb_question_is_history(const bb_question *q) {
  return q->q.history;
}
double bb_question_min(const bb_question *q) {
  return q->q.min;
}
double bb_question_max(const bb_question *q) {
  return q->q.max;
}
size_t bb_question_choice_count(const bb_question *q) {
  return q->q.nchoices;
}
const char *bb_question_choice(const bb_question *q, size_t i) {
  return i < q->q.nchoices ? q->q.choices[i] : NULL;
}
const char *bb_question_choice_label(const bb_question *q, size_t i) {
  if (i >= q->q.nchoices)
    return NULL;
  return i < q->q.nlabels ? q->q.labels[i] : q->q.choices[i];
}
