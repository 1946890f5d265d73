/* batch.c -- the records of `bedback batch`: read one at a time from NDJSON
 * or CSV (blank lines skipped, a UTF-8 BOM and CRLF line ends accepted,
 * memory bounded by BBB_RECORD_MAX), and turned into one NDJSON line each.
 * The answers go through the one reader of answers (bba_parse: the same
 * checks and messages as `assess`), the assessment through bb_assess, the
 * line through the JSON of `assess --json`, compact. Pure: the bytes come
 * through a callback, the lines go to a buffer. */
#include "batch.h"
#include "jsonw.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct bbb_reader {
  bbb_format fmt;
  bbb_read_fn rd;
  void *ud;
  char buf[1 << 16];
  size_t pos, len;
  int eof;      /* the callback said end (or failed: io_errno) */
  int io_errno; /* != 0: reading failed */
  int at_start; /* nothing read yet: a BOM may come */
  long line;    /* the physical line of the next byte */
  unsigned long long offset;
  /* CSV */
  int header_done;
  char **cols;
  size_t ncols;
  long id_col; /* the column named "id", or -1 */
  bbu_buf cell;
  size_t *cell_end; /* where each cell of the row ends in `cell` */
  size_t ncells, cells_cap;
};

/* The next byte, or -1 at the end (also after an error: io_errno). */
static int getb(bbb_reader *r) {
  if (r->pos == r->len) {
    if (r->eof)
      return -1;
    long n;
    do
      n = r->rd(r->ud, r->buf, sizeof r->buf);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
      r->eof = 1;
      if (n < 0)
        r->io_errno = errno ? errno : EIO;
      return -1;
    }
    r->pos = 0;
    r->len = (size_t)n;
  }
  r->offset++;
  return (unsigned char)r->buf[r->pos++];
}

static int peekb(bbb_reader *r) {
  int c = getb(r);
  if (c >= 0) {
    r->pos--;
    r->offset--;
  }
  return c;
}

/* A UTF-8 byte order mark at the very start is skipped. */
static void skip_bom(bbb_reader *r) {
  if (!r->at_start)
    return;
  r->at_start = 0;
  if (peekb(r) != 0xEF)
    return;
  /* the buffer holds at least the first bytes read: look there */
  if (r->len - r->pos >= 3 && (unsigned char)r->buf[r->pos + 1] == 0xBB &&
      (unsigned char)r->buf[r->pos + 2] == 0xBF) {
    r->pos += 3;
    r->offset += 3;
  }
}

bbb_reader *bbb_reader_new(bbb_format fmt, bbb_read_fn rd, void *ud) {
  bbb_reader *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->fmt = fmt;
  r->rd = rd;
  r->ud = ud;
  r->at_start = 1;
  r->line = 1;
  r->id_col = -1;
  bbu_buf_init(&r->cell);
  return r;
}

void bbb_reader_free(bbb_reader *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->ncols; i++)
    free(r->cols[i]);
  free(r->cols);
  free(r->cell_end);
  bbu_buf_free(&r->cell);
  free(r);
}

unsigned long long bbb_reader_offset(const bbb_reader *r) {
  return r->offset;
}

void bbb_record_init(bbb_record *rec) {
  memset(rec, 0, sizeof *rec);
  bbu_buf_init(&rec->answers);
  bbu_buf_init(&rec->id);
}

void bbb_record_free(bbb_record *rec) {
  bbu_buf_free(&rec->answers);
  bbu_buf_free(&rec->id);
}

static void reset(bbu_buf *b) {
  b->len = 0;
  b->failed = 0;
  if (b->buf)
    b->buf[0] = '\0';
}

static void bad(bbb_record *rec, const char *msg) {
  bbu_error_set(&rec->err, BB_EX_DATAERR, "", (int)rec->line, 0, "", "%s", msg);
}

static int io_failed(bbb_reader *r, bb_error *err) {
  bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "", "reading the records failed: %s",
                strerror(r->io_errno));
  return BBB_FATAL;
}

/* ------------------------------------------------------------------ */
/* JSON text: writing strings, skipping values */

/* `s` as a JSON string; bytes that are not UTF-8 become U+FFFD, so that
 * what is written is always valid JSON. */
static void json_str(bbu_buf *b, const char *s, size_t n) {
  bbu_buf_add(b, "\"");
  const unsigned char *p = (const unsigned char *)s, *e = p + n;
  while (p < e) {
    const unsigned char *run = p;
    while (p < e && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
      p++;
    bbu_buf_addn(b, (const char *)run, (size_t)(p - run));
    if (p >= e)
      break;
    if (*p < 0x80) {
      if (*p == '"' || *p == '\\') {
        char esc[3] = {'\\', (char)*p, 0};
        bbu_buf_add(b, esc);
      } else {
        bbu_buf_printf(b, "\\u%04x", *p);
      }
      p++;
      continue;
    }
    /* one UTF-8 sequence, checked as RFC 3629 says */
    size_t len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC2 ? 2 : 0;
    int ok = len && *p <= 0xF4 && (size_t)(e - p) >= len;
    for (size_t i = 1; ok && i < len; i++)
      ok = (p[i] & 0xC0) == 0x80;
    if (ok && len == 3)
      ok = !(p[0] == 0xE0 && p[1] < 0xA0) && !(p[0] == 0xED && p[1] >= 0xA0);
    if (ok && len == 4)
      ok = !(p[0] == 0xF0 && p[1] < 0x90) && !(p[0] == 0xF4 && p[1] >= 0x90);
    if (ok) {
      bbu_buf_addn(b, (const char *)p, len);
      p += len;
    } else {
      bbu_buf_add(b, "\xEF\xBF\xBD");
      p++;
    }
  }
  bbu_buf_add(b, "\"");
}

static const char *skip_ws(const char *p, const char *e) {
  while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

/* The end of the JSON string at p, or NULL. */
static const char *skip_string(const char *p, const char *e) {
  if (p >= e || *p != '"')
    return NULL;
  for (p++; p < e; p++) {
    if (*p == '\\')
      p++;
    else if (*p == '"')
      return p + 1;
  }
  return NULL;
}

/* The end of the JSON value at p, or NULL when it is not one (loosely:
 * only to find where the parts of a wrapped record are; each part is
 * then read strictly). */
static const char *skip_value(const char *p, const char *e, int depth) {
  if (p >= e || depth > 64)
    return NULL;
  if (*p == '"')
    return skip_string(p, e);
  if (*p == '{' || *p == '[') {
    char close = *p == '{' ? '}' : ']';
    p = skip_ws(p + 1, e);
    if (p < e && *p == close)
      return p + 1;
    for (;;) {
      if (close == '}') {
        p = skip_string(p, e);
        if (!p)
          return NULL;
        p = skip_ws(p, e);
        if (p >= e || *p != ':')
          return NULL;
        p = skip_ws(p + 1, e);
      }
      p = skip_value(p, e, depth + 1);
      if (!p)
        return NULL;
      p = skip_ws(p, e);
      if (p < e && *p == ',') {
        p = skip_ws(p + 1, e);
        continue;
      }
      return p < e && *p == close ? p + 1 : NULL;
    }
  }
  const char *s = p;
  /* what strchr("-+.eE", c) matched, its terminating NUL included */
  while (p < e && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || *p == '-' || *p == '+' ||
                   *p == '.' || *p == 'E' || *p == '\0'))
    p++;
  return p > s ? p : NULL;
}

static int is_json_number(const char *p, size_t n) {
  return n && bbu_json_number_len(p, p + n) == n;
}

/* A record's id: a JSON string or number, written back as JSON. */
static int set_id(bbb_record *rec, const char *s, size_t n) {
  int simple = n >= 2 && s[0] == '"';
  for (size_t i = 1; simple && i + 1 < n; i++)
    simple = s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\' && s[i] != '"';
  if ((simple && s[n - 1] == '"') || is_json_number(s, n)) {
    bbu_buf_addn(&rec->id, s, n);
    return 0;
  }
  json_error_t je;
  json_t *v = json_loadb(s, n, JSON_DECODE_ANY, &je);
  if (!v || !(json_is_string(v) || json_is_number(v))) {
    json_decref(v);
    bad(rec, "the record's \"id\" must be a string or a number");
    return -1;
  }
  char *d = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
  json_decref(v);
  if (!d)
    return -1;
  bbu_buf_add(&rec->id, d);
  free(d);
  return 0;
}

/* ------------------------------------------------------------------ */
/* NDJSON */

/* The record on one line: a wrapped record {"id": ..., "answers": {...}}
 * (an object with the key "answers") or an answers object. */
/* Whether "answers" (with its quotes) is anywhere in s: a line without it
 * cannot be the wrapped form, and most lines are plain answers. */
static int mentions_answers(const char *s, size_t n) {
  const char *e = s + n;
  for (const char *p = s; p + 1 < e && (p = memchr(p + 1, 'w', (size_t)(e - p - 1))) != NULL;)
    if (p - s >= 4 && e - p >= 5 && memcmp(p - 4, "\"answers\"", 9) == 0)
      return 1;
  return 0;
}

static void ndjson_record(bbb_record *rec, const char *s, size_t n) {
  if (!mentions_answers(s, n)) {
    bbu_buf_addn(&rec->answers, s, n);
    return;
  }
  const char *e = s + n, *p = skip_ws(s, e);
  const char *ans = NULL, *ans_end = NULL, *id = NULL, *id_end = NULL, *other = NULL;
  size_t other_len = 0;
  int twice = 0;
  if (p < e && *p == '{') {
    p = skip_ws(p + 1, e);
    if (p < e && *p == '}')
      p++;
    else
      for (;;) {
        const char *k = p, *ke = skip_string(p, e);
        if (!ke)
          goto plain;
        p = skip_ws(ke, e);
        if (p >= e || *p != ':')
          goto plain;
        const char *v = skip_ws(p + 1, e), *ve = skip_value(v, e, 0);
        if (!ve)
          goto plain;
        size_t kl = (size_t)(ke - k);
        if (kl == 9 && !memcmp(k, "\"answers\"", 9)) {
          twice |= ans != NULL;
          ans = v;
          ans_end = ve;
        } else if (kl == 4 && !memcmp(k, "\"id\"", 4)) {
          twice |= id != NULL;
          id = v;
          id_end = ve;
        } else if (!other) {
          other = k + 1;
          other_len = kl - 2;
        }
        p = skip_ws(ve, e);
        if (p < e && *p == ',') {
          p = skip_ws(p + 1, e);
          continue;
        }
        if (p < e && *p == '}') {
          p++;
          break;
        }
        goto plain;
      }
    if (skip_ws(p, e) != e)
      goto plain;
  }
  if (!ans)
    goto plain;
  /* the wrapped form */
  if (id && set_id(rec, id, (size_t)(id_end - id)) != 0)
    return;
  if (twice) {
    bad(rec, "a wrapped record gives \"id\" or \"answers\" twice; give each once");
    return;
  }
  if (other) {
    char msg[200];
    snprintf(msg, sizeof msg,
             "a wrapped record holds \"id\" and \"answers\" only, not \"%.*s\" (or give the "
             "answers alone, unwrapped)",
             (int)(other_len < 60 ? other_len : 60), other);
    bad(rec, msg);
    return;
  }
  if (*ans != '{') {
    bad(rec, "\"answers\" must be an object of answers ({\"key\": value, ...})");
    return;
  }
  bbu_buf_addn(&rec->answers, ans, (size_t)(ans_end - ans));
  return;
plain:
  bbu_buf_addn(&rec->answers, s, n);
}

static int ndjson_next(bbb_reader *r, bbb_record *rec, bb_error *err) {
  for (;;) {
    skip_bom(r);
    reset(&rec->answers);
    reset(&rec->id);
    bb_error_clear(&rec->err);
    rec->line = r->line;
    int c = -1, any = 0, toolong = 0;
    bbu_buf *line = &r->cell;
    reset(line);
    /* the line, a buffer's span at a time */
    for (;;) {
      if (r->pos == r->len) {
        if ((c = getb(r)) < 0)
          break;
        r->pos--;
        r->offset--;
      }
      const char *start = r->buf + r->pos;
      size_t avail = r->len - r->pos;
      const char *nl = memchr(start, '\n', avail);
      size_t take = nl ? (size_t)(nl - start) : avail;
      any |= take > 0;
      if (line->len + take <= BBB_RECORD_MAX)
        bbu_buf_addn(line, start, take);
      else
        toolong = 1;
      r->pos += take + (nl != NULL);
      r->offset += take + (nl != NULL);
      if (nl) {
        c = '\n';
        any = 1;
        break;
      }
    }
    if (c == '\n')
      r->line++;
    int blank = 1;
    for (size_t i = 0; blank && i < line->len; i++)
      blank = line->buf[i] == ' ' || line->buf[i] == '\t' || line->buf[i] == '\r';
    if (r->io_errno)
      return io_failed(r, err);
    if (line->failed) {
      bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory reading a record");
      return BBB_FATAL;
    }
    if (c < 0 && !any)
      return BBB_END;
    if (blank)
      continue;
    if (toolong) {
      bbu_error_set(&rec->err, BB_EX_DATAERR, "", (int)rec->line, 0, "",
                    "the record is longer than %u KiB; a record is one answers object",
                    BBB_RECORD_MAX >> 10);
      return BBB_RECORD;
    }
    size_t n = line->len;
    if (n && line->buf[n - 1] == '\r')
      n--;
    ndjson_record(rec, line->buf, n);
    if (rec->answers.failed || rec->id.failed) {
      bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory reading a record");
      return BBB_FATAL;
    }
    return BBB_RECORD;
  }
}

/* ------------------------------------------------------------------ */
/* CSV (RFC 4180): cells split by commas, quoted cells may hold commas,
 * quotes ("") and line ends; CRLF or LF ends a row. */

enum { ROW_OK, ROW_END, ROW_BLANK, ROW_TOOLONG, ROW_OPEN_QUOTE, ROW_AFTER_QUOTE };

/* Ends a cell where r->cell ends now. -1 when out of memory (cell.failed). */
static int push_cell(bbb_reader *r) {
  if (r->ncells == r->cells_cap) {
    size_t cap = r->cells_cap ? 2 * r->cells_cap : 32;
    size_t *p = realloc(r->cell_end, cap * sizeof *p);
    if (!p) {
      r->cell.failed = 1;
      return -1;
    }
    r->cell_end = p;
    r->cells_cap = cap;
  }
  r->cell_end[r->ncells++] = r->cell.len;
  return 0;
}

/* Reads one row's cells into r->cell (each cell's end in r->cell_end). */
static int csv_row(bbb_reader *r) {
  reset(&r->cell);
  r->ncells = 0;
  int c = getb(r), any = c >= 0, status = ROW_OK;
  if (c < 0)
    return ROW_END;
  if (c == '\n' || (c == '\r' && peekb(r) == '\n')) {
    if (c == '\r')
      getb(r);
    r->line++;
    return ROW_BLANK;
  }
  (void)any;
  for (;;) {
    /* one cell, starting with c */
    if (c == '"') {
      for (;;) {
        c = getb(r);
        if (c < 0) {
          status = status == ROW_OK ? ROW_OPEN_QUOTE : status;
          goto end_cell;
        }
        if (c == '\n')
          r->line++;
        if (c == '"') {
          c = getb(r);
          if (c != '"')
            break; /* the closing quote */
        }
        if (r->cell.len < BBB_RECORD_MAX) {
          char ch = (char)c;
          bbu_buf_addn(&r->cell, &ch, 1);
        } else {
          status = ROW_TOOLONG;
        }
      }
      if (c == '\r' && peekb(r) == '\n')
        c = getb(r);
      if (!(c < 0 || c == ',' || c == '\n')) {
        if (status == ROW_OK)
          status = ROW_AFTER_QUOTE;
        while (c >= 0 && c != ',' && c != '\n') { /* the rest of the cell */
          if (c == '"')
            break;
          c = getb(r);
        }
        if (c == '"') { /* a quote again: skip to the row's end, whatever */
          while ((c = getb(r)) >= 0 && c != '\n')
            ;
        }
      }
    } else {
      while (c >= 0 && c != ',' && c != '\n') {
        if (c == '\r' && peekb(r) == '\n') {
          c = getb(r);
          break;
        }
        if (r->cell.len < BBB_RECORD_MAX) {
          char ch = (char)c;
          bbu_buf_addn(&r->cell, &ch, 1);
        } else {
          status = ROW_TOOLONG;
        }
        c = getb(r);
      }
    }
  end_cell:
    if (push_cell(r) != 0)
      return status;
    if (c == '\n')
      r->line++;
    if (c != ',')
      return status;
    c = getb(r);
    if (c < 0 || c == '\n' || (c == '\r' && peekb(r) == '\n')) { /* an empty last cell */
      if (c == '\r')
        c = getb(r);
      if (push_cell(r) != 0)
        return status;
      if (c == '\n')
        r->line++;
      return status;
    }
  }
}

static const char *cell(const bbb_reader *r, size_t i, size_t *n) {
  size_t start = i ? r->cell_end[i - 1] : 0;
  *n = r->cell_end[i] - start;
  return r->cell.buf ? r->cell.buf + start : "";
}

static const char *const ROW_PROBLEM[] = {
    "",
    "",
    "",
    "the record is longer than 1024 KiB",
    "the file ends inside a quoted cell (a quote without its closing quote)",
    "a quoted cell goes on after its closing quote (write a quote inside a quoted cell as \"\")"};

static int csv_header(bbb_reader *r, bb_error *err) {
  int st;
  long line;
  do {
    line = r->line;
    st = csv_row(r);
  } while (st == ROW_BLANK);
  if (r->io_errno)
    return io_failed(r, err);
  r->header_done = 1;
  if (st == ROW_END)
    return BBB_END;
  if (st != ROW_OK || r->cell.failed) {
    bbu_error_set(err, BB_EX_DATAERR, "", (int)line, 0, "", "the CSV header: %s",
                  r->cell.failed ? "out of memory" : ROW_PROBLEM[st]);
    return BBB_FATAL;
  }
  r->cols = calloc(r->ncells, sizeof *r->cols);
  if (!r->cols) {
    bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory reading the CSV header");
    return BBB_FATAL;
  }
  r->ncols = r->ncells;
  for (size_t i = 0; i < r->ncols; i++) {
    size_t n;
    const char *s = cell(r, i, &n);
    if (n == 0 || memchr(s, '\0', n)) {
      bbu_error_set(err, BB_EX_DATAERR, "", (int)line, 0, "",
                    "the CSV header: column %zu has no name; the header names the answer keys, "
                    "and \"id\"",
                    i + 1);
      return BBB_FATAL;
    }
    r->cols[i] = malloc(n + 1);
    if (!r->cols[i]) {
      bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory reading the CSV header");
      return BBB_FATAL;
    }
    memcpy(r->cols[i], s, n);
    r->cols[i][n] = '\0';
    for (size_t k = 0; k < i; k++)
      if (!strcmp(r->cols[k], r->cols[i])) {
        bbu_error_set(err, BB_EX_DATAERR, "", (int)line, 0, r->cols[i],
                      "the CSV header names \"%.60s\" twice (columns %zu and %zu); name each "
                      "column once",
                      r->cols[i], k + 1, i + 1);
        return BBB_FATAL;
      }
    if (!strcmp(r->cols[i], "id"))
      r->id_col = (long)i;
  }
  return BBB_RECORD;
}

static int csv_next(bbb_reader *r, bbb_record *rec, bb_error *err) {
  if (!r->header_done) {
    skip_bom(r);
    int st = csv_header(r, err);
    if (st != BBB_RECORD)
      return st;
  }
  for (;;) {
    reset(&rec->answers);
    reset(&rec->id);
    bb_error_clear(&rec->err);
    rec->line = r->line;
    int st = csv_row(r);
    if (r->io_errno)
      return io_failed(r, err);
    if (st == ROW_END)
      return BBB_END;
    if (st == ROW_BLANK)
      continue;
    if (r->cell.failed) {
      bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory reading a record");
      return BBB_FATAL;
    }
    size_t n;
    if (r->id_col >= 0 && (size_t)r->id_col < r->ncells) {
      const char *s = cell(r, (size_t)r->id_col, &n);
      if (n && memchr(s, '\0', n)) { /* a NUL is no part of a name */
        bad(rec, "the record's id holds a NUL byte");
        return BBB_RECORD;
      }
      if (n)
        json_str(&rec->id, s, n);
    }
    if (st != ROW_OK) {
      bad(rec, ROW_PROBLEM[st]);
      return BBB_RECORD;
    }
    if (r->ncells != r->ncols) {
      char msg[160];
      snprintf(msg, sizeof msg, "the row has %zu cell%s; the header has %zu", r->ncells,
               r->ncells == 1 ? "" : "s", r->ncols);
      bad(rec, msg);
      return BBB_RECORD;
    }
    /* the answers object: a cell written true, false or as a JSON number is
     * that value, any other cell a string, an empty one no answer */
    bbu_buf *a = &rec->answers;
    bbu_buf_add(a, "{");
    int first = 1;
    for (size_t i = 0; i < r->ncols; i++) {
      const char *s = cell(r, i, &n);
      if ((long)i == r->id_col || n == 0)
        continue;
      if (!first)
        bbu_buf_add(a, ",");
      first = 0;
      json_str(a, r->cols[i], strlen(r->cols[i]));
      bbu_buf_add(a, ":");
      if ((n == 4 && !memcmp(s, "true", 4)) || (n == 5 && !memcmp(s, "false", 5)) ||
          is_json_number(s, n))
        bbu_buf_addn(a, s, n);
      else
        json_str(a, s, n);
    }
    bbu_buf_add(a, "}");
    if (a->failed || rec->id.failed) {
      bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory reading a record");
      return BBB_FATAL;
    }
    return BBB_RECORD;
  }
}

int bbb_reader_next(bbb_reader *r, bbb_record *rec, bb_error *err) {
  bb_error_clear(err);
  return r->fmt == BBB_CSV ? csv_next(r, rec, err) : ndjson_next(r, rec, err);
}

/* ------------------------------------------------------------------ */
/* One record's line */

static void error_line(bbu_buf *out, const bb_error *e, bbb_counts *counts) {
  bbu_buf_add(out, "\"error\":{\"message\":");
  json_str(out, e->message, strlen(e->message));
  bbu_buf_add(out, ",\"key\":");
  if (e->key[0])
    json_str(out, e->key, strlen(e->key));
  else
    bbu_buf_add(out, "null");
  bbu_buf_printf(out, ",\"status\":%d}}\n", e->status ? e->status : BB_EX_SOFTWARE);
  counts->errors++;
}

int bbb_process(const bbb_options *o, const bbb_record *rec, bbu_buf *out, bbb_counts *counts) {
  counts->records++;
  char head[48];
  int hn = snprintf(head, sizeof head, "{\"line\":%ld,\"id\":", rec->line);
  bbu_buf_addn(out, head, (size_t)hn);
  if (rec->id.len)
    bbu_buf_addn(out, rec->id.buf, rec->id.len);
  else
    bbu_buf_addn(out, "null", 4);
  bbu_buf_addn(out, ",", 1);
  if (rec->err.status) {
    error_line(out, &rec->err, counts);
    return out->failed ? -1 : 0;
  }
  bb_error err;
  bb_answers *a = bba_parse(o->kb, rec->answers.buf ? rec->answers.buf : "", rec->answers.len,
                            "record", &err, NULL, NULL, 1);
  if (!a) {
    error_line(out, &err, counts);
    return out->failed ? -1 : 0;
  }
  bb_assessment *as = bba_assess(
      o->kb, a, (o->no_fit ? BBA_NO_FIT : 0u) | (o->summary ? BBA_NO_BECAUSE | BBA_NO_TEXT : 0u),
      &err);
  if (!as) {
    bb_answers_free(a);
    error_line(out, &err, counts);
    return out->failed ? -1 : 0;
  }
  bb_level level = bb_assessment_level(as);
  counts->level[level]++;
  if (bb_assessment_unasked_count(as))
    counts->unasked++;
  if (o->summary) {
    jsonw_summary(out, as);
  } else {
    bbu_buf_add(out, "\"assessment\":");
    jsonw_assessment(out, as, 0);
  }
  bbu_buf_add(out, "}\n");
  bb_assessment_free(as);
  bb_answers_free(a);
  return out->failed ? -1 : 0;
}
