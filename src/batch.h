/*
 * batch.h -- screening many answers at once (`bedback batch`, issue 13):
 * the record reader (NDJSON or CSV in, one record at a time, bounded
 * memory) and the work on one record (answers -> one NDJSON line). Both
 * are pure: the reader reads through a callback, and a record's line
 * depends only on the record. The threads, files, progress and signals
 * are the command's (cli/cmd_batch.c).
 */
#ifndef BB_BATCH_H
#define BB_BATCH_H

#include "internal.h"

#include <stdio.h>

typedef enum { BBB_NDJSON, BBB_CSV } bbb_format;

/* The largest record read: a longer one is a bad record (skipped to its
 * end, never held whole), so memory stays bounded whatever the input.
 * Real records are a few hundred bytes. */
#define BBB_RECORD_MAX (1u << 20)

/* Reads up to `n` bytes into `buf`: the count, 0 at the end, -1 on an
 * error (errno set). */
typedef long (*bbb_read_fn)(void *ud, char *buf, size_t n);

typedef struct bbb_reader bbb_reader;

bbb_reader *bbb_reader_new(bbb_format fmt, bbb_read_fn rd, void *ud);
void bbb_reader_free(bbb_reader *r);

/* One record. */
typedef struct {
  long line;       /* the 1-based physical line where it starts */
  bbu_buf answers; /* the answers as a JSON object (CSV: written from the row) */
  bbu_buf id;      /* the record's id as JSON ("null" when none) */
  bb_error err;    /* status != 0: the record is bad (what the reader saw) */
} bbb_record;

void bbb_record_init(bbb_record *rec);
void bbb_record_free(bbb_record *rec);

enum {
  BBB_END = 0,    /* no more records */
  BBB_RECORD = 1, /* *rec holds a record (maybe a bad one: rec->err) */
  BBB_FATAL = -1  /* reading failed (*err: 74) or the CSV header is bad (65) */
};
/* The next record into `rec` (reused: its buffers are emptied first).
 * Blank lines are skipped. */
int bbb_reader_next(bbb_reader *r, bbb_record *rec, bb_error *err);
/* Bytes consumed so far (for the progress bar's estimate). */
unsigned long long bbb_reader_offset(const bbb_reader *r);

/* What to write per record. */
typedef struct {
  const bb_kb *kb;
  bool summary; /* level, flags and causes instead of the whole assessment */
  bool no_fit;  /* never run the sleep-support model */
} bbb_options;

/* The counts of the line at the end. */
typedef struct {
  unsigned long long records, errors, level[4];
  unsigned long long unasked; /* records assessed with a warning question unanswered */
} bbb_counts;

/* Appends the output line of `rec` (newline included) to `out` and counts
 * it. 0, or -1 when out of memory (out->failed). */
int bbb_process(const bbb_options *o, const bbb_record *rec, bbu_buf *out, bbb_counts *counts);

#endif
