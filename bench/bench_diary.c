/* bench_diary.c -- the diary's costs (issue 4): logging one entry, and the
 * trend and the export over 30 nights, ten years (3,650) and a century
 * (36,500, inserted directly), side by side with the growth ratio.
 * Target: trend over 3,650 entries within 2x of trend over 30. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bedback.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp);
  return v[n / 2];
}

#define FIRST_DAY 10957 /* 2000-01-01 */

static void fill(const char *path, int n) {
  bb_error err;
  bb_diary *d = bb_diary_open(path, 0, &err); /* creates the schema */
  if (!d) {
    fprintf(stderr, "bench_diary: %s\n", err.message);
    exit(1);
  }
  bb_diary_close(d);
  sqlite3 *db;
  sqlite3_open(path, &db);
  sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db,
                     "INSERT INTO entries(date,tightness,wake,position,routine,heat_minutes,"
                     "note,updated_at) VALUES(?1,?2,?3,'side',1,15,?4,'2000-01-01T00:00:00Z')",
                     -1, &st, NULL);
  for (int i = 0; i < n; i++) {
    char date[11];
    bb_date_format(FIRST_DAY + i, date);
    sqlite3_bind_text(st, 1, date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, (i * 7 + i / 30) % 11);
    sqlite3_bind_int(st, 3, (i * 3) % 11);
    sqlite3_bind_text(st, 4, i % 5 ? NULL : "slept badly, woke at 4", -1, SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  sqlite3_exec(db,
               "INSERT INTO setup_events(date,kind,note,created_at) VALUES"
               "('2000-01-10','mattress','new','x')",
               NULL, NULL, NULL);
  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close(db);
}

/* One `bedback trend` (-1) or `bedback export` (format) as the library
 * does it: open, read, compute, render, close. */
static double run(const char *path, int format, int today) {
  double t0 = now_ms();
  bb_error err;
  bb_diary *d = bb_diary_open(path, BB_DIARY_NOCREATE, &err);
  bb_diary_view *v = d ? bb_diary_read(d, format < 0 ? 12 : 0, &err) : NULL;
  if (!v) {
    fprintf(stderr, "bench_diary: %s\n", err.message);
    exit(1);
  }
  bb_trend t;
  bb_trend_compute(v->entries, v->nentries, 12, today, &t);
  char *out = format < 0 ? bb_trend_render(&t, v, NULL, BB_FORMAT_TEXT, 0)
                         : bb_export_render(v, &t, NULL, (bb_export_format)format, today);
  free(out);
  bb_trend_clear(&t);
  bb_diary_view_free(v);
  bb_diary_close(d);
  return now_ms() - t0;
}

int main(void) {
  char dir[] = "/tmp/bb_bench_diary_XXXXXX";
  if (!mkdtemp(dir))
    return 1;
  static const int sizes[] = {30, 3650, 36500};
  char paths[3][64];
  for (int s = 0; s < 3; s++) {
    snprintf(paths[s], sizeof paths[s], "%s/d%d.db", dir, sizes[s]);
    fill(paths[s], sizes[s]);
  }
  /* Logging one entry: open, write (one fsync'd transaction), close. */
  double lg[40];
  char lpath[64];
  snprintf(lpath, sizeof lpath, "%s/log.db", dir);
  for (int i = 0; i < 40; i++) {
    double t0 = now_ms();
    bb_error err;
    bb_diary *d = bb_diary_open(lpath, 0, &err);
    bb_entry e = {FIRST_DAY + i, 4, 3, "side", 1, -1, NULL, "a note", NULL, 0, -1};
    if (!d || bb_diary_log(d, &e, NULL, &err) != 0) {
      fprintf(stderr, "bench_diary: %s\n", err.message);
      return 1;
    }
    bb_diary_close(d);
    lg[i] = now_ms() - t0;
  }
  printf("diary benchmark: median milliseconds (open, read, compute, render, "
         "close)\n\n");
  printf("log one entry (WAL, synchronous=FULL): %.3f ms\n\n", median(lg, 40));
  printf("%-12s %10s %10s %10s %10s %11s\n", "", "30", "3,650", "36,500", "3650/30", "36500/30");
  static const char *const names[] = {"trend", "export csv", "export json", "export html"};
  double trend_ratio = 0;
  for (int k = 0; k < 4; k++) {
    int format = k - 1; /* -1 trend, then BB_EXPORT_CSV, JSON, HTML */
    double m[3];
    for (int s = 0; s < 3; s++) {
      int reps = sizes[s] > 10000 && format >= 0 ? 5 : 21;
      double v[21];
      for (int r = 0; r < reps; r++)
        v[r] = run(paths[s], format, FIRST_DAY + sizes[s]);
      m[s] = median(v, reps);
    }
    printf("%-12s %10.3f %10.3f %10.3f %9.2fx %10.2fx\n", names[k], m[0], m[1], m[2], m[1] / m[0],
           m[2] / m[0]);
    if (k == 0)
      trend_ratio = m[1] / m[0];
  }
  printf("\ntarget trend(3,650) <= 2 x trend(30): %.2fx, %s\n", trend_ratio,
         trend_ratio <= 2.0 ? "met" : "MISSED");
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : 1;
}
