/* fuzz_batch.c -- the record reader of `bedback batch` (src/batch.c) on
 * arbitrary bytes. The first byte picks the format (even: NDJSON, odd:
 * CSV) and how many bytes each read returns (1 to 64: records and cells
 * cut at every place); the rest is the input. Every record is processed
 * (--summary, no fit) and its line checked: one line, valid JSON, an object
 * whose "line" is the record's and never smaller than the one before, and
 * either a level or an error with a status. */
#include "batch.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
  const uint8_t *p;
  size_t left, step;
} mem;

static long read_mem(void *ud, char *buf, size_t n) {
  mem *m = ud;
  if (n > m->step)
    n = m->step;
  if (n > m->left)
    n = m->left;
  memcpy(buf, m->p, n);
  m->p += n;
  m->left -= n;
  return (long)n;
}

static void die(const char *what, const char *line) {
  fprintf(stderr, "fuzz_batch: %s\n%s\n", what, line ? line : "");
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static bb_kb *kb;
  if (!kb) {
    bb_error err;
    kb = bb_kb_load_builtin(&err);
    if (!kb)
      die(err.message, NULL);
  }
  if (size < 1 || size > 1 << 16)
    return 0;
  mem m = {data + 1, size - 1, (size_t)(data[0] >> 1) % 64 + 1};
  bbb_reader *r = bbb_reader_new(data[0] & 1 ? BBB_CSV : BBB_NDJSON, read_mem, &m);
  if (!r)
    return 0;
  bbb_options o = {kb, true, true};
  bbb_counts counts;
  memset(&counts, 0, sizeof counts);
  bbb_record rec;
  bbb_record_init(&rec);
  bbu_buf out;
  bbu_buf_init(&out);
  long last = 0;
  bb_error err;
  int got;
  while ((got = bbb_reader_next(r, &rec, &err)) == BBB_RECORD) {
    if (rec.line < last || rec.line < 1)
      die("record lines go backwards", NULL);
    last = rec.line;
    out.len = 0;
    if (bbb_process(&o, &rec, &out, &counts) != 0)
      die("out of memory", NULL);
    if (!out.len || out.buf[out.len - 1] != '\n' || memchr(out.buf, '\n', out.len - 1))
      die("not one line", out.buf);
    json_error_t je;
    json_t *j = json_loadb(out.buf, out.len, 0, &je);
    if (!j || json_integer_value(json_object_get(j, "line")) != rec.line)
      die("not a JSON object with the record's line", out.buf);
    if (!json_object_get(j, "level") &&
        !json_is_integer(json_object_get(json_object_get(j, "error"), "status")))
      die("neither a level nor an error with a status", out.buf);
    json_decref(j);
  }
  if (got == BBB_FATAL && err.status != BB_EX_DATAERR)
    die("a fatal error other than a bad CSV header", err.message);
  if (counts.records !=
      counts.errors + counts.level[0] + counts.level[1] + counts.level[2] + counts.level[3])
    die("the counts do not add up", NULL);
  bbu_buf_free(&out);
  bbb_record_free(&rec);
  bbb_reader_free(r);
  return 0;
}
