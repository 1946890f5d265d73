/* fuzz_diary.c -- arbitrary bytes opened as a diary: the open path (what
 * is a diary, whose database it is, which schema), the reader (rows that
 * may hold anything: dates that are not dates, numbers out of range,
 * invalid UTF-8, odd schemas, damaged pages) and everything that reads a
 * diary: the warning signs on record, the trend and every export and
 * trend format. The input is the
 * database file; its first byte also picks the window (weeks). Opened
 * read-only, as trend and export do; when that works it is opened for
 * writing too (an upgrade of an older schema, and a night logged).
 *
 * Properties checked, beyond no crash: an open that fails says why; the
 * view it reads is what bb_trend_compute documents (ascending, one entry
 * per night, real dates, tightness 0-10), so the trend accepts it; every
 * text field is valid UTF-8, so no export drops it. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what) {
  fprintf(stderr, "fuzz_diary: %s\n", what);
  abort();
}

static char dir[4096];

static void remove_dir(void) {
  rmdir(dir);
}

/* A private folder for the file; /dev/shm when there is one (fsync is
 * free there). */
static const char *workdir(void) {
  if (dir[0])
    return dir;
  const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/fuzz_diary.XXXXXX", base && *base ? base : "/tmp");
  if (!mkdtemp(dir))
    die("cannot make a folder");
  atexit(remove_dir);
  return dir;
}

static void remove_all(const char *path) {
  static const char *const SUFFIX[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < 4; i++) {
    char p[4200];
    snprintf(p, sizeof p, "%s%s", path, SUFFIX[i]);
    unlink(p);
  }
}

static void check_text(const char *s) {
  if (s && bbu_utf8_chars(s) < 0)
    die("a text field is not valid UTF-8");
}

static void use(bb_diary *d, int weeks) {
  bb_error err;
  bb_diary_view *v = bb_diary_read(d, weeks, &err);
  if (!v) {
    if (!err.status || !err.message[0])
      die("a read failed without saying why");
    return;
  }
  for (size_t i = 0; i < v->nentries; i++) {
    const bb_entry *e = &v->entries[i];
    check_text(e->note);
    check_text(e->position);
    check_text(e->symptoms);
    check_text(e->triage);
  }
  for (size_t i = 0; i < v->nevents; i++) {
    check_text(v->events[i].kind);
    check_text(v->events[i].note);
  }
  /* the warning signs on record, from the signs table as it is */
  static bb_kb *kb;
  if (!kb && !(kb = bb_kb_load_builtin(&err)))
    die("the built-in knowledge base does not load");
  bb_warnings *w = bb_warnings_new(kb, v, &err);
  if (w) {
    char *s = bb_warnings_render(w, BB_FORMAT_TEXT, 0, 80);
    free(s);
  }
  bb_trend t;
  int today = bb_date_from_ymd(2026, 12, 1);
  int rc = bb_trend_compute(v->entries, v->nentries, weeks, today, &t);
  if (rc == -2)
    die("the reader gave entries the trend refuses");
  if (rc == 0) {
    char *s = bb_trend_render(&t, v, w, BB_FORMAT_TEXT, BB_RENDER_UNICODE);
    free(s);
    s = bb_trend_render(&t, v, w, BB_FORMAT_JSON, 0);
    free(s);
    const bb_export_format f[] = {BB_EXPORT_CSV, BB_EXPORT_JSON, BB_EXPORT_HTML};
    for (size_t i = 0; i < 3; i++) {
      s = bb_export_render(v, &t, w, f[i], today);
      free(s);
    }
  }
  bb_trend_clear(&t);
  bb_warnings_free(w);
  bb_diary_view_free(v);
  bb_saved_assessment *a = bb_diary_last_assessment(d, &err);
  bb_saved_assessment_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1024 * 1024)
    return 0;
  char path[4200];
  snprintf(path, sizeof path, "%s/diary.db", workdir());
  remove_all(path);
  FILE *f = fopen(path, "wb");
  if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
    die("cannot write the input");
  int weeks = size ? data[0] % 16 : 0; /* 0: every entry */
  bb_error err;
  bb_diary *d = bb_diary_open(path, BB_DIARY_READONLY, &err);
  if (!d) {
    if (!err.status || !err.message[0])
      die("an open failed without saying why");
    remove_all(path);
    return 0;
  }
  use(d, weeks);
  bb_diary_close(d);
  d = bb_diary_open(path, 0, &err);
  if (d) {
    bb_entry e = {bb_date_from_ymd(2026, 11, 30), 4, -1, "side", 1, -1, NULL, "fuzz", NULL, 0, -1};
    bb_diary_log(d, &e, NULL, &err);
    use(d, weeks);
    bb_diary_close(d);
  } else if (!err.status || !err.message[0])
    die("an open failed without saying why");
  remove_all(path);
  return 0;
}
