/*
 * jsonw.c -- JSON written straight into a buffer (see jsonw.h): the writer
 * and the assessment document, the same bytes as jansson's dump of the
 * tree render_json.c builds.
 */
#include "jsonw.h"

#include "fit.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* The writer */

void jsonw_init(jsonw *w, bbu_buf *b, int indent) {
  w->b = b;
  w->indent = indent;
  w->depth = 0;
  w->empty[0] = 1;
}

/* bbu_buf_addn with the common case inline: most pieces are a few bytes
 * and the buffer has room (a call per piece was most of the writer's
 * instructions). */
static inline void put(bbu_buf *b, const char *s, size_t n) {
  if (b->len + n < b->cap) {
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
  } else {
    bbu_buf_addn(b, s, n);
  }
}

/* jansson's dump_indent: a newline and depth * indent spaces, or nothing
 * when compact. */
static void newline(jsonw *w, int depth) {
  static const char nl[] = "\n                                ";
  if (!w->indent)
    return;
  size_t n = (size_t)depth * (size_t)w->indent;
  size_t k = n < sizeof nl - 2 ? n : sizeof nl - 2;
  put(w->b, nl, k + 1);
  for (n -= k; n; n -= k) {
    k = n < sizeof nl - 2 ? n : sizeof nl - 2;
    put(w->b, nl + 1, k);
  }
}

static int add_string(bbu_buf *b, const char *s, size_t n);

/* What comes before a value: the separator from the previous member (or
 * the opening indentation) and the key. */
static void before(jsonw *w, const char *key) {
  if (w->depth > 0) {
    if (!w->empty[w->depth])
      put(w->b, ",", 1);
    newline(w, w->depth);
    w->empty[w->depth] = 0;
  }
  if (key) {
    /* keys are this file's names: plain ASCII, nothing to escape */
    put(w->b, "\"", 1);
    put(w->b, key, strlen(key));
    if (w->indent)
      put(w->b, "\": ", 3);
    else
      put(w->b, "\":", 2);
  }
}

static void open_container(jsonw *w, const char *key, const char *bracket) {
  before(w, key);
  put(w->b, bracket, 1);
  if (w->depth < JSONW_MAX_DEPTH)
    w->depth++;
  else
    w->b->failed = 1; /* deeper than any document written here */
  w->empty[w->depth] = 1;
}

static void close_container(jsonw *w, const char *bracket) {
  if (w->depth <= 0) {
    w->b->failed = 1;
    return;
  }
  int had = !w->empty[w->depth];
  w->depth--;
  if (had)
    newline(w, w->depth);
  put(w->b, bracket, 1);
}

void jsonw_obj_begin(jsonw *w, const char *key) {
  open_container(w, key, "{");
}
void jsonw_obj_end(jsonw *w) {
  close_container(w, "}");
}
void jsonw_arr_begin(jsonw *w, const char *key) {
  open_container(w, key, "[");
}
void jsonw_arr_end(jsonw *w) {
  close_container(w, "]");
}

/* The length of the UTF-8 sequence at p (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 when it is not one; jansson's
 * utf8_check_first/utf8_check_full. */
static size_t utf8_len(const unsigned char *p, const unsigned char *e) {
  size_t len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC2 ? 2 : 0;
  if (!len || *p > 0xF4 || (size_t)(e - p) < len)
    return 0;
  for (size_t i = 1; i < len; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  if (len == 3 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0)))
    return 0;
  if (len == 4 && ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90)))
    return 0;
  return len;
}

/* Whether the 8 bytes at p are all plain ASCII that a string holds as is
 * (no control character, ", \ or byte >= 0x80), 8 at a time: the texts are
 * long and nearly all plain, and a byte at a time was most of the writer's
 * instructions. The classic SWAR tests: (v - 0x01..) & ~v & 0x80.. is
 * non-zero exactly when some byte of v is 0 (has_less likewise for < 0x20). */
static inline int plain8(const unsigned char *p) {
  const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
  uint64_t x;
  memcpy(&x, p, sizeof x);
  uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
  uint64_t hit = ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs) | x;
  return (hit & high) == 0;
}

/* jansson's dump_string without JSON_ENSURE_ASCII or JSON_ESCAPE_SLASH:
 * ", \ and the control characters escaped, UTF-8 as is. -1 (and what was
 * written of it is there) when s is not UTF-8, which json_string refuses. */
static int add_string(bbu_buf *b, const char *s, size_t n) {
  put(b, "\"", 1);
  const unsigned char *p = (const unsigned char *)s, *e = p + n, *run = p;
  while (p < e) {
    if (e - p >= 8 && plain8(p)) {
      p += 8;
      continue;
    }
    unsigned char c = *p;
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      p++;
      continue;
    }
    if (c >= 0x80) {
      size_t len = utf8_len(p, e);
      if (!len)
        return -1;
      p += len;
      continue;
    }
    put(b, (const char *)run, (size_t)(p - run));
    run = ++p;
    char esc[8];
    switch (c) {
    case '"': put(b, "\\\"", 2); break;
    case '\\': put(b, "\\\\", 2); break;
    case '\b': put(b, "\\b", 2); break;
    case '\f': put(b, "\\f", 2); break;
    case '\n': put(b, "\\n", 2); break;
    case '\r': put(b, "\\r", 2); break;
    case '\t': put(b, "\\t", 2); break;
    default: snprintf(esc, sizeof esc, "\\u%04X", (unsigned)c); put(b, esc, 6);
    }
  }
  put(b, (const char *)run, (size_t)(p - run));
  put(b, "\"", 1);
  return 0;
}

void jsonw_str(jsonw *w, const char *key, const char *s) {
  if (!s)
    return;
  /* written at once; taken back when it turns out not to be UTF-8 */
  size_t mark = w->b->len;
  unsigned char was_empty = w->empty[w->depth];
  before(w, key);
  if (add_string(w->b, s, strlen(s)) != 0) {
    if (!w->b->failed) {
      w->b->len = mark;
      if (w->b->buf)
        w->b->buf[mark] = '\0';
    }
    w->empty[w->depth] = was_empty;
  }
}

/* jansson's jsonp_dtostr with precision 6. The library never sets the
 * locale; should a program using it do so, the decimal point is put back
 * to "." as jansson does. */
static size_t format_real(char *buf, size_t size, double v) {
  int n = snprintf(buf, size, "%.6g", v);
  if (n < 0 || (size_t)n + 3 >= size)
    return 0;
  size_t len = (size_t)n;
  for (size_t i = 0; i < len; i++)
    if (!((buf[i] >= '0' && buf[i] <= '9') || buf[i] == '-' || buf[i] == '+' || buf[i] == 'e' ||
          buf[i] == '.'))
      buf[i] = '.';
  if (!memchr(buf, '.', len) && !memchr(buf, 'e', len)) {
    buf[len++] = '.';
    buf[len++] = '0';
    buf[len] = '\0';
  }
  /* no "+" and no leading zeros in the exponent */
  char *x = memchr(buf, 'e', len);
  if (x) {
    char *start = x + 1, *end = x + 2;
    if (*start == '-')
      start++;
    while (*end == '0')
      end++;
    if (end != start) {
      memmove(start, end, len + 1 - (size_t)(end - buf));
      len -= (size_t)(end - start);
    }
  }
  return len;
}

void jsonw_real(jsonw *w, const char *key, double v) {
  if (!isfinite(v))
    return;
  char buf[64];
  size_t n = format_real(buf, sizeof buf, v);
  if (!n) {
    w->b->failed = 1;
    return;
  }
  before(w, key);
  put(w->b, buf, n);
}

void jsonw_int(jsonw *w, const char *key, long long v) {
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%lld", v);
  before(w, key);
  put(w->b, buf, (size_t)n);
}

void jsonw_bool(jsonw *w, const char *key, bool v) {
  before(w, key);
  if (v)
    put(w->b, "true", 4);
  else
    put(w->b, "false", 5);
}

void jsonw_null(jsonw *w, const char *key) {
  before(w, key);
  put(w->b, "null", 4);
}

/* ------------------------------------------------------------------ */
/* The assessment, member for member as render_json.c builds its tree */

static void strs(jsonw *w, const char *key, const char *const *v, size_t n) {
  jsonw_arr_begin(w, key);
  for (size_t i = 0; i < n; i++)
    jsonw_str(w, NULL, v[i]);
  jsonw_arr_end(w);
}

static void cstrs(jsonw *w, const char *key, char **v, size_t n) {
  strs(w, key, (const char *const *)v, n);
}

static void exercise(jsonw *w, const kb_exercise *x) {
  jsonw_obj_begin(w, NULL);
  jsonw_str(w, "id", x->id);
  jsonw_str(w, "title", x->title);
  cstrs(w, "steps", x->steps, x->nsteps);
  if (x->minutes)
    jsonw_int(w, "minutes", x->minutes);
  if (x->hold_seconds)
    jsonw_int(w, "hold_seconds", x->hold_seconds);
  if (x->repetitions)
    jsonw_int(w, "repetitions", x->repetitions);
  jsonw_bool(w, "each_side", x->each_side);
  jsonw_str(w, "dosage", x->dosage);
  cstrs(w, "cautions", x->cautions, x->ncautions);
  cstrs(w, "sources", x->sources, x->nsources);
  jsonw_obj_end(w);
}

/* The fit (fit_render.c's fit_to_json) */

static const char *const SEX[] = {"female", "male", "other"};

/* num1: one decimal, as people read them */
static void num1(jsonw *w, const char *key, double v) {
  jsonw_real(w, key, round(v * 10.0) / 10.0);
}

static void verdict(jsonw *w, const char *key, int v) {
  const char *vn = bb_fit_verdict_name((bb_fit_verdict)v);
  if (vn)
    jsonw_str(w, key, vn);
  else
    jsonw_null(w, key);
}

/* An object of three rounded numbers, packed by json_pack in the tree: a
 * number that is not finite leaves the whole object out. */
static void three(jsonw *w, const char *key, const char *const k[3], const double v[3]) {
  for (int i = 0; i < 3; i++)
    if (!isfinite(round(v[i] * 10.0) / 10.0))
      return;
  jsonw_obj_begin(w, key);
  for (int i = 0; i < 3; i++)
    num1(w, k[i], v[i]);
  jsonw_obj_end(w);
}

static void fit_position_w(jsonw *w, const bb_fit *fit, size_t i) {
  const fit_position *P = &fit->pos[i];
  const fit_case *c = &P->cur;
  jsonw_obj_begin(w, NULL);
  jsonw_str(w, "position", P->position == FIT_SIDE ? "side" : "back");

  jsonw_obj_begin(w, "mattress");
  if (isfinite(fit->in.stiffness_kpa_m)) {
    jsonw_null(w, "firmness");
    num1(w, "stiffness_kpa_m", fit->in.stiffness_kpa_m);
  } else if (fit->in.zone_shoulder > 0) {
    jsonw_null(w, "firmness");
    jsonw_obj_begin(w, "zones");
    jsonw_int(w, "shoulder", fit->in.zone_shoulder);
    jsonw_int(w, "waist", fit->in.zone_waist);
    jsonw_int(w, "hip", fit->in.zone_hip);
    jsonw_obj_end(w);
  } else if (P->firmness) {
    jsonw_int(w, "firmness", P->firmness);
  } else {
    jsonw_null(w, "firmness");
  }
  num1(w, "thickness_cm", fit->thick * 100.0);
  verdict(w, "verdict", c->verdict);
  jsonw_arr_begin(w, "reasons");
  if (!bb_fit_verdict_name((bb_fit_verdict)c->verdict)) {
    char buf[160];
    snprintf(buf, sizeof buf,
             "mattress firmness not given: the numbers are for firmness %d, the best for "
             "this body",
             P->best);
    jsonw_str(w, NULL, buf);
  }
  for (int k = 0; k < c->nreasons; k++)
    jsonw_str(w, NULL, c->reasons[k]);
  jsonw_arr_end(w);
  jsonw_obj_begin(w, "recommended_firmness");
  jsonw_int(w, "best", P->best);
  if (P->range_lo) {
    jsonw_arr_begin(w, "range");
    jsonw_int(w, NULL, P->range_lo);
    jsonw_int(w, NULL, P->range_hi);
    jsonw_arr_end(w);
  } else {
    jsonw_null(w, "range");
  }
  jsonw_obj_end(w);
  jsonw_obj_end(w); /* mattress */

  jsonw_obj_begin(w, "alignment");
  if (P->position == FIT_SIDE) {
    num1(w, "tilt_deg", c->tilt_deg);
    num1(w, "waist_sag_mm", c->sag_mm);
  } else {
    num1(w, "lumbar_gap_mm", c->lumbar_gap_mm);
    num1(w, "pelvis_drop_mm", c->pelvis_drop_mm);
  }
  jsonw_obj_end(w);
  static const char *const SINK[3] = {"shoulder", "waist", "hip"};
  static const char *const PRESSURE[3] = {"shoulder_peak", "hip_peak", "mean"};
  three(w, "sink_mm", SINK, (const double[3]){c->sink_shoulder, c->sink_waist, c->sink_hip});
  three(w, "pressure_kpa", PRESSURE, (const double[3]){c->p_shoulder, c->p_hip, c->p_mean});
  jsonw_obj_begin(w, "pillow");
  if (isfinite(P->pillow_current_cm))
    num1(w, "current_cm", P->pillow_current_cm);
  else
    jsonw_null(w, "current_cm");
  num1(w, "needed_cm", c->pillow_needed_cm);
  num1(w, "needed_loaded_cm", c->pillow_loaded_cm);
  num1(w, "pose_cm", P->pillow_pose_cm);
  verdict(w, "verdict", P->pillow_verdict);
  jsonw_obj_end(w);
  if (P->zones_run) {
    jsonw_obj_begin(w, "zones");
    jsonw_int(w, "shoulder", P->zones[0]);
    jsonw_int(w, "waist", P->zones[1]);
    jsonw_int(w, "hip", P->zones[2]);
    verdict(w, "verdict", P->zones_verdict);
    num1(w, "tilt_deg", P->zones_tilt);
    jsonw_obj_end(w);
  }
  jsonw_real(w, "contact_force_ratio", round(c->force_ratio * 1000.0) / 1000.0);
  char *svg = fit_svg_position(fit, i);
  if (svg)
    jsonw_str(w, "picture", svg);
  else
    jsonw_null(w, "picture");
  free(svg);
  jsonw_obj_end(w);
}

static void fit_w(jsonw *w, const bb_fit *fit) {
  const fit_body *b = &fit->body;
  jsonw_obj_begin(w, "fit");
  jsonw_str(w, "model", "beam-on-elastic-foundation/1");
  jsonw_obj_begin(w, "body");
  jsonw_str(w, "sex", SEX[fit->in.sex]);
  num1(w, "height_cm", fit->in.height_cm);
  num1(w, "weight_kg", fit->in.weight_kg);
  num1(w, "shoulder_width_cm", b->biacromial * 100.0);
  num1(w, "hip_width_cm", b->hip_b * 100.0);
  num1(w, "head_width_cm", b->head_b * 100.0);
  jsonw_arr_begin(w, "estimated");
  if (b->estimated & FIT_EST_SHOULDER)
    jsonw_str(w, NULL, "shoulder_width_cm");
  if (b->estimated & FIT_EST_HIP)
    jsonw_str(w, NULL, "hip_width_cm");
  if (b->estimated & FIT_EST_HEAD)
    jsonw_str(w, NULL, "head_width_cm");
  jsonw_arr_end(w);
  jsonw_obj_end(w);
  jsonw_arr_begin(w, "positions");
  for (size_t i = 0; i < fit->npos; i++)
    fit_position_w(w, fit, i);
  jsonw_arr_end(w);
  if (fit->stomach)
    jsonw_str(w, "note",
              "stomach-lying is not modelled: it twists the neck and arches the lower back "
              "whatever the mattress; see the avoid_stomach_sleeping advice");
  jsonw_obj_end(w);
}

static const char *const CATEGORY[] = {"seek_care", "sleep_setup", "relief", "daytime"};

int jsonw_assessment(bbu_buf *b, const bb_assessment *as, int indent) {
  const bb_kb *kb = as->kb;
  jsonw w;
  jsonw_init(&w, b, indent);
  jsonw_obj_begin(&w, NULL);
  jsonw_str(&w, "bedback", BEDBACK_VERSION);
  jsonw_str(&w, "knowledge_base", kb->version);

  jsonw_obj_begin(&w, "triage");
  jsonw_str(&w, "level", bb_level_name(as->level));
  jsonw_str(&w, "headline", kb->headline[as->level]);
  if (kb->level_text[as->level] && *kb->level_text[as->level])
    jsonw_str(&w, "text", kb->level_text[as->level]);
  jsonw_arr_begin(&w, "flags");
  for (size_t i = 0; i < as->nflags; i++) {
    const as_flag *f = &as->flags[i];
    jsonw_obj_begin(&w, NULL);
    jsonw_str(&w, "id", f->flag->id);
    jsonw_str(&w, "level", bb_level_name((bb_level)f->flag->level));
    jsonw_str(&w, "text", f->flag->text);
    strs(&w, "because", f->because.items, f->because.n);
    cstrs(&w, "sources", f->flag->sources, f->flag->nsources);
    jsonw_obj_end(&w);
  }
  jsonw_arr_end(&w);
  jsonw_arr_begin(&w, "unasked");
  for (size_t i = 0; i < as->nunasked; i++)
    jsonw_str(&w, NULL, as->unasked[i]->id);
  jsonw_arr_end(&w);
  if (as->nunasked)
    jsonw_str(&w, "unasked_warning", kb->unasked_warning);
  jsonw_obj_end(&w);

  jsonw_arr_begin(&w, "causes");
  for (size_t i = 0; i < as->ncauses; i++) {
    const as_cause *c = &as->causes[i];
    jsonw_obj_begin(&w, NULL);
    jsonw_str(&w, "id", c->cause->id);
    jsonw_real(&w, "score", c->score);
    jsonw_str(&w, "text", c->text);
    strs(&w, "because", c->because.items, c->because.n);
    jsonw_str(&w, "evidence", c->cause->evidence);
    cstrs(&w, "sources", c->cause->sources, c->cause->nsources);
    jsonw_obj_end(&w);
  }
  jsonw_arr_end(&w);

  jsonw_arr_begin(&w, "recommendations");
  for (size_t i = 0; i < as->nrecs; i++) {
    const as_rec *r = &as->recs[i];
    jsonw_obj_begin(&w, NULL);
    jsonw_str(&w, "id", r->rec->id);
    jsonw_str(&w, "category", CATEGORY[r->rec->category]);
    jsonw_str(&w, "text", r->text);
    jsonw_str(&w, "why", r->rec->why);
    strs(&w, "for", r->for_causes.items, r->for_causes.n);
    jsonw_str(&w, "evidence", r->rec->evidence);
    cstrs(&w, "sources", r->rec->sources, r->rec->nsources);
    jsonw_obj_end(&w);
  }
  jsonw_arr_end(&w);

  jsonw_arr_begin(&w, "routine");
  for (size_t i = 0; i < as->nroutine; i++)
    exercise(&w, as->routine[i]);
  jsonw_arr_end(&w);
  if (as->fit)
    fit_w(&w, as->fit);
  jsonw_arr_begin(&w, "notes");
  for (size_t i = 0; i < as->nnotes; i++)
    jsonw_str(&w, NULL, as->notes[i]);
  if (as->fit_error) {
    bbu_buf t;
    bbu_buf_init(&t);
    bbu_buf_printf(&t, "The sleep-support model could not run: %s", as->fit_error);
    if (t.failed)
      b->failed = 1;
    else
      jsonw_str(&w, NULL, t.buf);
    bbu_buf_free(&t);
  }
  jsonw_arr_end(&w);
  jsonw_obj_end(&w);
  if (indent)
    bbu_buf_addn(b, "\n", 1);
  return b->failed ? -1 : 0;
}

void jsonw_summary(bbu_buf *b, const bb_assessment *as) {
  jsonw w;
  jsonw_init(&w, b, 0);
  /* members of the line's object, which the caller opened */
  w.depth = 1;
  w.empty[1] = 1;
  jsonw_str(&w, "level", bb_level_name(as->level));
  jsonw_arr_begin(&w, "flags");
  for (size_t i = 0; i < as->nflags; i++)
    jsonw_str(&w, NULL, as->flags[i].flag->id);
  jsonw_arr_end(&w);
  /* a screening list must not read an unanswered warning question as "no" */
  jsonw_arr_begin(&w, "unasked");
  for (size_t i = 0; i < as->nunasked; i++)
    jsonw_str(&w, NULL, as->unasked[i]->id);
  jsonw_arr_end(&w);
  jsonw_arr_begin(&w, "causes");
  for (size_t i = 0; i < as->ncauses; i++)
    jsonw_str(&w, NULL, as->causes[i].cause->id);
  jsonw_arr_end(&w);
}
