/* cli_diary.c -- helpers the diary commands share: where the diary is,
 * what "today" and "last night" are, saving and checking assessments. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
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
  char path[4096];
  bb_error err;
  if (bb_diary_locate(flag, path, sizeof path, &err) != 0) {
    *status = cli_fail(&err);
    return NULL;
  }
  bb_diary *d = bb_diary_open(path, flags, &err);
  const char *env = getenv("BEDBACK_DB");
  if (d && !(flag && *flag) && !(env && *env)) {
    /* The default place: its bedback folder is ours, and private. */
    char *slash = strrchr(path, '/');
    struct stat st;
    if (slash) {
      *slash = '\0';
      if (stat(path, &st) == 0 && (st.st_mode & 077) && st.st_uid == geteuid())
        (void)chmod(path, st.st_mode & 0700);
      *slash = '/';
    }
  }
  if (!d) {
    if (err.status == BB_EX_NOINPUT && (flags & BB_DIARY_NOCREATE)) {
      *status = BB_EX_NOINPUT; /* the caller treats it as an empty diary */
      return NULL;
    }
    *status = cli_fail(&err);
  }
  return d;
}

void cli_print_triage(const char *assessment_json, FILE *out) {
  json_t *root = json_loads(assessment_json, 0, NULL);
  json_t *tri = json_object_get(root, "triage");
  const char *level = json_string_value(json_object_get(tri, "level"));
  int color = cli_use_color(out);
  int high = level && (!strcmp(level, "urgent") || !strcmp(level, "emergency"));
  fprintf(out, "%sTriage: %s%s\n", color ? (high ? "\033[1;31m" : "\033[1m") : "",
          level ? level : "unknown", color ? "\033[0m" : "");
  const char *headline = json_string_value(json_object_get(tri, "headline"));
  if (headline)
    fprintf(out, "%s\n", headline);
  const char *text = json_string_value(json_object_get(tri, "text"));
  if (text)
    fprintf(out, "%s\n", text);
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(tri, "flags"), i, f) {
    fprintf(out, "  - %s\n", json_string_value(json_object_get(f, "text")));
  }
  fputc('\n', out);
  json_decref(root);
}

int cli_save_assessment(const char *db, const char *source, const bb_kb *kb, const bb_answers *a,
                        const bb_assessment *as) {
  int status = 0;
  char *answers = bb_answers_to_json(a);
  char *json = bb_render(as, BB_FORMAT_JSON, 0);
  if (!answers || !json) {
    free(answers);
    free(json);
    return cli_failf(BB_EX_SOFTWARE, "out of memory");
  }
  bb_diary *d = cli_open_diary(db, 0, &status);
  if (d) {
    bb_saved_assessment rec = {
        source, bb_level_name(bb_assessment_level(as)), bb_kb_version(kb), answers, json, NULL, 0};
    bb_error err;
    if (bb_diary_save_assessment(d, &rec, &err) != 0)
      status = cli_fail(&err);
    bb_diary_close(d);
  }
  free(answers);
  free(json);
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
