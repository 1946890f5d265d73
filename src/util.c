/* util.c -- growable buffers, an arena, errors and spelling suggestions. */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *bb_version(void) {
  return BEDBACK_VERSION;
}

/* ------------------------------------------------------------------ */
/* bbu_buf: a growable string; an allocation failure poisons it so that
 * callers check once, at bbu_buf_take. */

void bbu_buf_init(bbu_buf *b) {
  b->buf = NULL;
  b->len = b->cap = 0;
  b->failed = 0;
}

static int buf_reserve(bbu_buf *b, size_t extra) {
  if (b->failed)
    return -1;
  if (b->len + extra + 1 <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1)
    cap *= 2;
  char *p = realloc(b->buf, cap);
  if (!p) {
    b->failed = 1;
    return -1;
  }
  b->buf = p;
  b->cap = cap;
  return 0;
}

void bbu_buf_addn(bbu_buf *b, const char *s, size_t n) {
  if (buf_reserve(b, n) != 0 || !b->buf)
    return;
  memcpy(b->buf + b->len, s, n);
  b->len += n;
  b->buf[b->len] = '\0';
}

void bbu_buf_add(bbu_buf *b, const char *s) {
  bbu_buf_addn(b, s, strlen(s));
}

void bbu_buf_printf(bbu_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || buf_reserve(b, (size_t)n) != 0)
    return;
  va_start(ap, fmt);
  vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

char *bbu_buf_take(bbu_buf *b) {
  if (!b->failed && !b->buf)
    bbu_buf_addn(b, "", 0);
  if (b->failed) {
    free(b->buf);
    bbu_buf_init(b);
    return NULL;
  }
  char *s = b->buf;
  bbu_buf_init(b);
  return s;
}

void bbu_buf_free(bbu_buf *b) {
  free(b->buf);
  bbu_buf_init(b);
}

/* ------------------------------------------------------------------ */
/* Arena: one assessment's strings and arrays, freed together. */

typedef struct chunk {
  struct chunk *next;
  size_t used, size;
  max_align_t data[];
} chunk;

struct bbu_arena {
  chunk *head;
};

bbu_arena *bbu_arena_new(void) {
  return calloc(1, sizeof(bbu_arena));
}

void *bbu_arena_alloc(bbu_arena *a, size_t size) {
  const size_t align = sizeof(max_align_t);
  size = (size + align - 1) / align * align;
  if (size == 0)
    size = align;
  chunk *c = a->head;
  if (!c || c->size - c->used < size) {
    size_t want = size > 16384 ? size : 16384;
    c = malloc(sizeof(chunk) + want);
    if (!c)
      return NULL;
    c->size = want;
    c->used = 0;
    c->next = a->head;
    a->head = c;
  }
  void *p = (char *)c->data + c->used;
  c->used += size;
  memset(p, 0, size);
  return p;
}

void *bbu_arena_grow(bbu_arena *a, const void *items, size_t n, size_t *cap, size_t size) {
  size_t ncap = *cap ? *cap * 2 : 16;
  void *p = bbu_arena_alloc(a, ncap * size);
  if (!p)
    return NULL;
  if (n)
    memcpy(p, items, n * size);
  *cap = ncap;
  return p;
}

char *bbu_arena_strdup(bbu_arena *a, const char *s) {
  size_t n = strlen(s) + 1;
  char *p = bbu_arena_alloc(a, n);
  if (p)
    memcpy(p, s, n);
  return p;
}

char *bbu_arena_printf(bbu_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return NULL;
  char *p = bbu_arena_alloc(a, (size_t)n + 1);
  if (!p)
    return NULL;
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

void bbu_arena_free(bbu_arena *a) {
  if (!a)
    return;
  chunk *c = a->head;
  while (c) {
    chunk *next = c->next;
    free(c);
    c = next;
  }
  free(a);
}

char *bbu_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p)
    memcpy(p, s, n);
  return p;
}

/* ------------------------------------------------------------------ */
/* Errors */

void bb_error_clear(bb_error *e) {
  if (e)
    memset(e, 0, sizeof *e);
}

static void copy_str(char *dst, size_t size, const char *src) {
  if (!src)
    src = "";
  size_t n = strlen(src);
  if (n >= size)
    n = size - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

void bbu_error_set(bb_error *e, int status, const char *file, int line, int column, const char *key,
                   const char *fmt, ...) {
  if (!e)
    return;
  e->status = status;
  copy_str(e->file, sizeof e->file, file);
  copy_str(e->key, sizeof e->key, key);
  e->line = line;
  e->column = column;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
}

size_t bb_error_format(const bb_error *e, char *buf, size_t size) {
  int n;
  if (e->file[0] && e->line > 0 && e->column > 0)
    n = snprintf(buf, size, "%s:%d:%d: %s", e->file, e->line, e->column, e->message);
  else if (e->file[0] && e->line > 0)
    n = snprintf(buf, size, "%s:%d: %s", e->file, e->line, e->message);
  else if (e->file[0])
    n = snprintf(buf, size, "%s: %s", e->file, e->message);
  else
    n = snprintf(buf, size, "%s", e->message);
  return n < 0 ? 0 : (size_t)n;
}

/* ------------------------------------------------------------------ */
/* Suggestions: optimal string alignment distance (Damerau-Levenshtein
 * restricted), so that "bladder_chnage" is one edit from "bladder_change". */

static size_t osa_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 63 || lb > 63)
    return (size_t)-1;
  size_t d[64][64];
  for (size_t i = 0; i <= la; i++)
    d[i][0] = i;
  for (size_t j = 0; j <= lb; j++)
    d[0][j] = j;
  for (size_t i = 1; i <= la; i++) {
    for (size_t j = 1; j <= lb; j++) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < best)
        best = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < best)
        best = d[i - 1][j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          d[i - 2][j - 2] + 1 < best)
        best = d[i - 2][j - 2] + 1;
      d[i][j] = best;
    }
  }
  return d[la][lb];
}

const char *bbu_suggest(const char *word, const char *const *candidates, size_t n) {
  if (n > BBU_SUGGEST_MAX)
    return NULL;
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  for (size_t i = 0; i < n; i++) {
    size_t d = osa_distance(word, candidates[i]);
    if (d < best_d) {
      best_d = d;
      best = candidates[i];
    }
  }
  /* Close enough to be a slip of the keyboard: at most a third of the
   * word, and never more than 3 edits. */
  size_t len = strlen(word);
  size_t limit = len / 3 < 3 ? len / 3 : 3;
  if (limit < 1)
    limit = 1;
  return best && best_d <= limit ? best : NULL;
}

/* ------------------------------------------------------------------ */
/* UTF-8, validated fully (RFC 3629): no overlong forms, no surrogates
 * (U+D800..DFFF), nothing above U+10FFFF. jansson refuses such text, so a
 * note that slipped through would vanish from a JSON export. */

/* Bytes in the valid sequence at p, or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *p) {
  unsigned c = p[0];
  if (c < 0x80)
    return 1;
  size_t len;
  unsigned lo = 0x80, hi = 0xBF; /* the second byte's range */
  if (c >= 0xC2 && c <= 0xDF)
    len = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0)
      lo = 0xA0; /* overlong below */
    else if (c == 0xED)
      hi = 0x9F; /* surrogates above */
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0)
      lo = 0x90; /* overlong below */
    else if (c == 0xF4)
      hi = 0x8F; /* above U+10FFFF */
  } else
    return 0;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < len; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  return len;
}

long bbu_utf8_chars(const char *s) {
  long n = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    size_t len = utf8_seq(p);
    if (!len)
      return -1;
    p += len;
    n++;
  }
  return n;
}

char *bbu_utf8_repair(bbu_arena *a, const char *s) {
  size_t n = strlen(s);
  char *out = bbu_arena_alloc(a, n * 3 + 1); /* each bad byte: 3 bytes */
  if (!out)
    return NULL;
  char *o = out;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    size_t len = utf8_seq(p);
    if (len) {
      memcpy(o, p, len);
      o += len;
      p += len;
    } else {
      memcpy(o, "\xEF\xBF\xBD", 3); /* U+FFFD REPLACEMENT CHARACTER */
      o += 3;
      p++;
    }
  }
  *o = '\0';
  return out;
}

void bbu_fmt_num(char *buf, size_t size, double v) {
  if (v == floor(v) && fabs(v) < 1e15)
    snprintf(buf, size, "%.0f", v);
  else
    snprintf(buf, size, "%.6g", v);
}

size_t bbu_json_number_len(const char *p, const char *end) {
  const char *s = p;
  if (p < end && *p == '-')
    p++;
  if (p >= end || *p < '0' || *p > '9')
    return 0;
  if (*p == '0')
    p++;
  else
    while (p < end && *p >= '0' && *p <= '9')
      p++;
  if (p < end && *p == '.') {
    if (++p >= end || *p < '0' || *p > '9')
      return 0;
    while (p < end && *p >= '0' && *p <= '9')
      p++;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < end && (*p == '+' || *p == '-'))
      p++;
    if (p >= end || *p < '0' || *p > '9')
      return 0;
    while (p < end && *p >= '0' && *p <= '9')
      p++;
  }
  return (size_t)(p - s);
}

int bb_time_local(const char *utc, char *buf, size_t size) {
  int day, h, m, sec;
  char date[11];
  if (!utc || strlen(utc) != 20 || utc[10] != 'T' || utc[19] != 'Z')
    return -1;
  memcpy(date, utc, 10);
  date[10] = '\0';
  if (bb_date_parse(date, &day) != 0 || sscanf(utc + 11, "%2d:%2d:%2d", &h, &m, &sec) != 3)
    return -1;
  time_t t = (time_t)day * 86400 + h * 3600 + m * 60 + sec;
  struct tm tm;
  if (!localtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M %Z", &tm))
    return -1;
  return 0;
}
