/* cli_diary.c -- helpers the diary commands share: where the diary is,
 * what "today" and "last night" are, saving and checking assessments. */
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int cli_now(int *today, int *hour) {
  /* BEDBACK_TEST_NOW="YYYY-MM-DD HH" fixes the clock: for tests only. */
  const char *fake = getenv("BEDBACK_TEST_NOW");
  if (fake && *fake) {
    char d[11];
    int h = 0;
    if (strlen(fake) >= 10) {
      memcpy(d, fake, 10);
      d[10] = '\0';
      if (fake[10] && sscanf(fake + 11, "%d", &h) != 1)
        h = 0;
      if (bb_date_parse(d, today) == 0) {
        *hour = h;
        return 0;
      }
    }
  }
  time_t now = time(NULL);
  struct tm tm;
  if (!localtime_r(&now, &tm))
    return -1;
  *today = bb_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  *hour = tm.tm_hour;
  return 0;
}

int cli_last_night(void) {
  int today = 0, hour = 0;
  cli_now(&today, &hour);
  return bb_night_of(today, hour);
}

int cli_today(void) {
  int today = 0, hour = 0;
  cli_now(&today, &hour);
  return today;
}

double cli_time_scale(void) {
  /* BEDBACK_TEST_TIME_SCALE=N makes timers run N times faster: for tests
   * only (docs/diary.md). */
  const char *s = getenv("BEDBACK_TEST_TIME_SCALE");
  if (!s || !*s)
    return 1.0;
  char *end;
  double v = strtod(s, &end);
  return *end == '\0' && v >= 1.0 && v <= 100000.0 ? v : 1.0;
}

bb_diary *cli_open_diary(const char *flag, unsigned flags, int *status) {
  bb_error err;
  bb_diary *d = cli_open_diary_quiet(flag, flags, &err);
  if (!d) {
    if (err.status == BB_EX_NOINPUT && (flags & (BB_DIARY_NOCREATE | BB_DIARY_READONLY))) {
      *status = BB_EX_NOINPUT; /* the caller treats it as an empty diary */
      return NULL;
    }
    *status = cli_fail(&err);
  }
  return d;
}

/* Whether users other than the owner may write in a folder: writable by
 * others, or by a group that is not our own primary group (which on most
 * systems holds only us). */
static int others_can_write(const struct stat *st) {
  return (st->st_mode & S_IWOTH) || ((st->st_mode & S_IWGRP) && st->st_gid != getegid());
}

bb_diary *cli_open_diary_quiet(const char *flag, unsigned flags, bb_error *errp) {
  char path[4096];
  bb_error local;
  bb_error_clear(&local);
  bb_error *e = errp ? errp : &local;
  if (bb_diary_locate(flag, path, sizeof path, e) != 0)
    return NULL;
  const char *env = getenv("BEDBACK_DB");
  int is_default = !(flag && *flag) && !(env && *env);
  /* The diary's folder: whoever can write there can plant diary.db-wal
   * (SQLite opens it, following links) or swap the diary. */
  char dir[4096];
  const char *slash = strrchr(path, '/');
  snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash == path ? 1 : slash - path) : 1,
           slash ? path : ".");
  struct stat st;
  if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
    /* The default place: its bedback folder is ours, and private. */
    if (is_default && (st.st_mode & 077) && st.st_uid == geteuid() &&
        chmod(dir, st.st_mode & 0700) == 0)
      st.st_mode &= 0700;
    if (others_can_write(&st)) {
      if (is_default) {
        bb_error_clear(e);
        e->status = BB_EX_IOERR;
        int n = snprintf(e->message, sizeof e->message,
                         "the diary's folder %.120s can be written by other users, who could "
                         "plant files beside your diary; make it yours only (chmod 700 %.120s)",
                         dir, dir);
        (void)n;
        return NULL;
      }
      /* the one thing the quiet variant prints: it is about safety */
      fprintf(stderr,
              "bedback: warning: the folder %s of the diary %s can be written by other users, "
              "who could plant files beside it; keep your diary in a private folder\n",
              dir, path);
    }
  }
  bb_error err;
  bb_diary *d = bb_diary_open(path, flags, &err);
  *e = err;
  return d;
}

int cli_term_width(FILE *f) {
  struct winsize ws;
  if (!isatty(fileno(f)) || ioctl(fileno(f), TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0)
    return 80;
  /* one column spare: a line filling the last column wraps on some
   * terminals */
  int w = ws.ws_col - 1;
  return w < 40 ? 40 : w > 100 ? 100 : w;
}

void cli_print_triage(const bb_assessment *as, FILE *out) {
  char *text = bb_render_triage(as, cli_use_color(out) ? BB_RENDER_COLOR : 0, cli_term_width(out));
  if (text) {
    fputs(text, out);
    fputc('\n', out);
  } else
    fprintf(out, "%s\n", bb_level_name(bb_assessment_level(as)));
  free(text);
  fflush(out);
}

void cli_print_warnings(const bb_warnings *w, FILE *out) {
  if (!bb_warnings_count(w))
    return;
  char *text = bb_warnings_render(w, BB_FORMAT_TEXT, cli_use_color(out) ? BB_RENDER_COLOR : 0,
                                  cli_term_width(out));
  if (text)
    fputs(text, out);
  else /* out of memory: still never silent about a warning sign */
    fprintf(out, "A WARNING SIGN IS ON RECORD: %s\n", bb_level_name(bb_warnings_level(w)));
  free(text);
  fflush(out);
}

int cli_read_signs(const char *db, const bb_kb *kb, int weeks, bb_diary_view **view,
                   bb_warnings **w) {
  static bb_diary_view empty;
  *view = NULL;
  *w = NULL;
  int status = 0;
  bb_diary *d = cli_open_diary(db, BB_DIARY_READONLY, &status);
  if (!d && status != BB_EX_NOINPUT)
    return status;
  bb_error err;
  bb_diary_view *v = d ? bb_diary_read(d, weeks, &err) : NULL;
  bb_diary_close(d);
  if (d && !v)
    return cli_fail(&err);
  /* Rows that cannot be shown are named, and the rest is shown. */
  for (size_t i = 0; v && i < v->nwarnings && i < 20; i++)
    fprintf(stderr, "bedback: warning: %s\n", v->warnings[i]);
  if (v && v->nwarnings > 20)
    fprintf(stderr, "bedback: warning: ... and %zu more rows like these\n", v->nwarnings - 20);
  *w = bb_warnings_new(kb, v ? v : &empty, &err);
  if (!*w) {
    bb_diary_view_free(v);
    return cli_fail(&err);
  }
  *view = v ? v : &empty;
  return 0;
}

void cli_view_free(bb_diary_view *v) {
  if (v && v->priv)
    bb_diary_view_free(v);
}

int cli_save_assessment(const char *db, const char *source, const bb_kb *kb, const bb_answers *a,
                        const bb_assessment *as, const char *answered) {
  int status = 0;
  bb_saved_texts saved;
  if (bb_saved_texts_init(&saved, source, kb, a, as, answered) != 0)
    return cli_failf(BB_EX_SOFTWARE, "out of memory");
  bb_diary *d = cli_open_diary(db, 0, &status);
  if (d) {
    bb_error err;
    if (bb_diary_save_assessment(d, &saved.rec, &err) != 0)
      status = cli_fail(&err);
    bb_diary_close(d);
  }
  bb_saved_texts_clear(&saved);
  return status;
}

int cli_utf8(void) {
  const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
  for (size_t i = 0; i < 3; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) {
      const char *dot = strchr(v, '.');
      return dot && (!strncmp(dot + 1, "UTF-8", 5) || !strncmp(dot + 1, "utf8", 4) ||
                     !strncmp(dot + 1, "utf-8", 5) || !strncmp(dot + 1, "UTF8", 4));
    }
  }
  return 0;
}
