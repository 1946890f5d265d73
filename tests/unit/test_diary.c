/* test_diary.c -- the SQLite diary: location, permissions, amend with
 * history, sessions, assessments, bad input, and migrations of an old
 * database with data in it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bedback.h"

static char dir[256];

static int setup(void **s) {
  (void)s;
  snprintf(dir, sizeof dir, "/tmp/bb_test_diary_XXXXXX");
  return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **s) {
  (void)s;
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static bb_entry entry(const char *date, int t) {
  bb_entry e = {0, t, -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1};
  assert_int_equal(bb_date_parse(date, &e.date), 0);
  return e;
}

static int query_int(const char *path, const char *sql) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -999;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

static void test_locate(void **s) {
  (void)s;
  char buf[512];
  bb_error err;
  setenv("BEDBACK_DB", "/x/env.db", 1);
  setenv("XDG_DATA_HOME", "/xdg", 1);
  setenv("HOME", "/home/p", 1);
  assert_int_equal(bb_diary_locate("/flag.db", buf, sizeof buf, &err), 0);
  assert_string_equal(buf, "/flag.db");
  assert_int_equal(bb_diary_locate(NULL, buf, sizeof buf, &err), 0);
  assert_string_equal(buf, "/x/env.db");
  unsetenv("BEDBACK_DB");
  assert_int_equal(bb_diary_locate(NULL, buf, sizeof buf, &err), 0);
  assert_string_equal(buf, "/xdg/bedback/diary.db");
  setenv("XDG_DATA_HOME", "relative", 1); /* not absolute: ignored, as the spec says */
  assert_int_equal(bb_diary_locate(NULL, buf, sizeof buf, &err), 0);
  assert_string_equal(buf, "/home/p/.local/share/bedback/diary.db");
  unsetenv("XDG_DATA_HOME");
  unsetenv("HOME");
  assert_int_equal(bb_diary_locate(NULL, buf, sizeof buf, &err), -1);
  assert_int_equal(err.status, BB_EX_IOERR); /* no place for the diary: 74, not 78 */
}

static void test_permissions(void **s) {
  (void)s;
  char path[400];
  snprintf(path, sizeof path, "%s/a/b/diary.db", dir);
  mode_t old = umask(0);
  bb_error err;
  bb_diary *d = bb_diary_open(path, 0, &err);
  umask(old);
  assert_non_null(d);
  bb_entry e = entry("2026-11-01", 4);
  assert_int_equal(bb_diary_log(d, &e, NULL, &err), 0);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  char sub[400];
  snprintf(sub, sizeof sub, "%s/a/b", dir);
  assert_int_equal(stat(sub, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0700);
  char wal[420];
  snprintf(wal, sizeof wal, "%s-wal", path);
  if (stat(wal, &st) == 0)
    assert_int_equal(st.st_mode & 0077, 0);
  assert_int_equal(query_int(path, "PRAGMA user_version"), bb_diary_schema_version());
  bb_diary_close(d);
  /* an existing diary with loose permissions is tightened */
  chmod(path, 0644);
  d = bb_diary_open(path, 0, &err);
  assert_non_null(d);
  bb_diary_close(d);
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  /* NOCREATE on a missing diary */
  snprintf(path, sizeof path, "%s/none.db", dir);
  assert_null(bb_diary_open(path, BB_DIARY_NOCREATE, &err));
  assert_int_equal(err.status, BB_EX_NOINPUT);
  assert_int_equal(access(path, F_OK), -1);
}

static void test_amend_with_history(void **s) {
  (void)s;
  char path[400];
  snprintf(path, sizeof path, "%s/amend.db", dir);
  bb_error err;
  bb_diary *d = bb_diary_open(path, 0, &err);
  assert_non_null(d);
  bb_entry e = entry("2026-11-01", 6);
  e.wake = 5;
  e.position = "side";
  e.note = "first";
  assert_int_equal(bb_diary_log(d, &e, NULL, &err), 0);
  bb_entry e2 = entry("2026-11-01", 3); /* only tightness and a note */
  e2.note = "second";
  assert_int_equal(bb_diary_log(d, &e2, NULL, &err), 0);
  bb_entry e3 = entry("2026-11-01", 2);
  assert_int_equal(bb_diary_log(d, &e3, NULL, &err), 0);
  bb_diary_view *v = bb_diary_read(d, 0, &err);
  assert_non_null(v);
  assert_int_equal(v->nentries, 1);
  assert_int_equal(v->entries[0].tightness, 2);
  assert_int_equal(v->entries[0].wake, 5); /* kept */
  assert_string_equal(v->entries[0].position, "side");
  assert_string_equal(v->entries[0].note, "second");
  assert_int_equal(v->entries[0].versions, 2);
  bb_diary_view_free(v);
  bb_diary_close(d);
  assert_int_equal(query_int(path, "SELECT count(*) FROM entries_history"), 2);
  assert_int_equal(query_int(path, "SELECT tightness FROM entries_history ORDER BY id LIMIT 1"), 6);
}

static void test_bad_input(void **s) {
  (void)s;
  char path[400];
  snprintf(path, sizeof path, "%s/bad.db", dir);
  bb_error err;
  bb_diary *d = bb_diary_open(path, 0, &err);
  assert_non_null(d);
  bb_entry e = entry("2026-11-01", 11);
  assert_int_equal(bb_diary_log(d, &e, NULL, &err), -1);
  assert_int_equal(err.status, BB_EX_DATAERR);
  assert_string_equal(err.key, "tightness");
  e = entry("2026-11-01", 5);
  e.wake = 12;
  assert_int_equal(bb_diary_log(d, &e, NULL, &err), -1);
  e.wake = -1;
  e.position = "upside_down";
  assert_int_equal(bb_diary_log(d, &e, NULL, &err), -1);
  e.position = NULL;
  char note[2100];
  memset(note, 'x', 1001);
  note[1001] = '\0';
  e.note = note;
  assert_int_equal(bb_diary_log(d, &e, NULL, &err), -1);
  assert_string_equal(err.key, "note");
  /* 1,000 characters of two bytes each fit */
  for (int i = 0; i < 1000; i++)
    memcpy(note + 2 * i, "\xc3\xa9", 2);
  note[2000] = '\0';
  char *big = malloc(2100);
  memcpy(big, note, 2001);
  e.note = big;
  assert_int_equal(bb_diary_log(d, &e, NULL, &err), 0);
  free(big);
  e.note = "\xff bad utf-8";
  assert_int_equal(bb_diary_log(d, &e, NULL, &err), -1);
  bb_diary_close(d);
  assert_int_equal(query_int(path, "SELECT count(*) FROM entries"), 1);
  assert_int_equal(query_int(path, "SELECT count(*) FROM entries_history"), 0);
}

static void test_sessions_and_assessments(void **s) {
  (void)s;
  char path[400];
  snprintf(path, sizeof path, "%s/sess.db", dir);
  bb_error err;
  bb_diary *d = bb_diary_open(path, 0, &err);
  assert_non_null(d);
  int night;
  bb_date_parse("2026-11-02", &night);
  /* a session before the night is logged: the entry takes it over */
  assert_int_equal(bb_diary_log_session(d, night, "routine", -1, 4, &err), 0);
  assert_int_equal(bb_diary_log_session(d, night, "heat", 20, -1, &err), 0);
  bb_entry e = entry("2026-11-02", 5);
  assert_int_equal(bb_diary_log(d, &e, NULL, &err), 0);
  /* a session after: the entry is amended */
  assert_int_equal(bb_diary_log_session(d, night, "heat", 15, -1, &err), 0);
  assert_null(bb_diary_last_assessment(d, &err));
  assert_int_equal(err.status, 0);
  bb_saved_assessment a = {"assess",           "consult", "kb-1", "{\"age\": 40}",
                           "{\"triage\": {}}", NULL,      0,      NULL};
  assert_int_equal(bb_diary_save_assessment(d, &a, &err), 0);
  bb_entry e2 = entry("2026-11-03", 6);
  e2.symptoms = "{\"fever\": true}";
  bb_saved_assessment a2 = {"log", "urgent", "kb-1", "{\"fever\": true}", "{}", NULL, 0, NULL};
  assert_int_equal(bb_diary_log(d, &e2, &a2, &err), 0);
  assert_int_equal(bb_diary_add_event(d, night, "mattress", "new", &err), 0);
  bb_saved_assessment *last = bb_diary_last_assessment(d, &err);
  assert_non_null(last);
  assert_string_equal(last->source, "log");
  assert_string_equal(last->level, "urgent");
  assert_non_null(last->created);
  bb_saved_assessment_free(last);
  bb_diary_view *v = bb_diary_read(d, 12, &err);
  assert_non_null(v);
  assert_int_equal(v->nentries, 2);
  assert_int_equal(v->entries[0].routine, 1);
  assert_int_equal(v->entries[0].heat_minutes, 35);
  assert_int_equal(v->entries[0].versions, 1);
  assert_string_equal(v->entries[1].triage, "urgent");
  assert_string_equal(v->entries[1].symptoms, "{\"fever\": true}");
  assert_int_equal(v->nevents, 1);
  assert_string_equal(v->assessment->level, "urgent");
  bb_diary_view_free(v);
  assert_int_equal(bb_diary_log_session(d, night, "nap", 1, 1, &err), -1);
  bb_diary_close(d);
}

/* Version 1 of the schema, as bedback 0.1 diaries were written. */
static const char V1[] =
    "CREATE TABLE entries("
    " date TEXT PRIMARY KEY CHECK(date GLOB "
    "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
    " tightness INTEGER NOT NULL CHECK(tightness BETWEEN 0 AND 10),"
    " wake INTEGER CHECK(wake BETWEEN 0 AND 10),"
    " position TEXT CHECK(position IN ('side','back','stomach','mixed')),"
    " routine INTEGER CHECK(routine IN (0,1)),"
    " heat_minutes INTEGER CHECK(heat_minutes BETWEEN 0 AND 1440),"
    " note TEXT,"
    " updated_at TEXT NOT NULL) STRICT;"
    "CREATE TABLE entries_history("
    " id INTEGER PRIMARY KEY, date TEXT NOT NULL, tightness INTEGER NOT NULL,"
    " wake INTEGER, position TEXT, routine INTEGER, heat_minutes INTEGER, note "
    "TEXT,"
    " updated_at TEXT NOT NULL, replaced_at TEXT NOT NULL) STRICT;"
    "CREATE INDEX entries_history_date ON entries_history(date);"
    "CREATE TABLE setup_events("
    " id INTEGER PRIMARY KEY, date TEXT NOT NULL, kind TEXT NOT NULL, note "
    "TEXT,"
    " created_at TEXT NOT NULL) STRICT;"
    "CREATE INDEX setup_events_date ON setup_events(date);"
    "INSERT INTO entries VALUES('2026-10-01',7,6,'back',1,20,'old "
    "night','2026-10-02T08:00:00Z');"
    "INSERT INTO entries "
    "VALUES('2026-10-02',6,NULL,NULL,NULL,NULL,NULL,'2026-10-03T08:00:00Z');"
    "INSERT INTO entries_history "
    "VALUES(1,'2026-10-01',8,NULL,NULL,NULL,NULL,NULL,"
    " '2026-10-02T07:00:00Z','2026-10-02T08:00:00Z');"
    "INSERT INTO setup_events "
    "VALUES(1,'2026-10-01','pillow','taller','2026-10-02T08:00:00Z');"
    "PRAGMA user_version=1; PRAGMA application_id=1650812002;";

static void test_migration(void **s) {
  (void)s;
  char path[400];
  snprintf(path, sizeof path, "%s/old.db", dir);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, V1, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  bb_error err;
  bb_diary *d = bb_diary_open(path, BB_DIARY_NOCREATE, &err);
  assert_non_null(d);
  bb_diary_view *v = bb_diary_read(d, 0, &err);
  assert_non_null(v);
  assert_int_equal(v->nentries, 2);
  assert_int_equal(v->entries[0].tightness, 7);
  assert_int_equal(v->entries[0].wake, 6);
  assert_string_equal(v->entries[0].position, "back");
  assert_string_equal(v->entries[0].note, "old night");
  assert_int_equal(v->entries[0].versions, 1);
  assert_null(v->entries[0].symptoms);
  assert_int_equal(v->nevents, 1);
  assert_string_equal(v->events[0].kind, "pillow");
  bb_diary_view_free(v);
  /* the new features work on the upgraded diary */
  bb_entry e = entry("2026-10-01", 5);
  e.symptoms = "{\"fever\": true}";
  bb_saved_assessment a = {"log", "urgent", "kb", "{}", "{}", NULL, 0, NULL};
  assert_int_equal(bb_diary_log(d, &e, &a, &err), 0);
  assert_int_equal(bb_diary_log_session(d, e.date, "heat", 15, -1, &err), 0);
  bb_diary_close(d);
  assert_int_equal(query_int(path, "PRAGMA user_version"), bb_diary_schema_version());
  assert_int_equal(query_int(path, "SELECT count(*) FROM entries_history WHERE date='2026-10-01'"),
                   3);
  assert_int_equal(query_int(path, "SELECT heat_minutes FROM entries WHERE date='2026-10-01'"), 35);
  sqlite3_open(path, &db);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

static void test_foreign_and_newer(void **s) {
  (void)s;
  char path[400];
  bb_error err;
  sqlite3 *db;
  snprintf(path, sizeof path, "%s/newer.db", dir);
  sqlite3_open(path, &db);
  sqlite3_exec(db, "CREATE TABLE x(a); PRAGMA user_version=99; PRAGMA application_id=1650812002",
               NULL, NULL, NULL);
  sqlite3_close(db);
  assert_null(bb_diary_open(path, 0, &err));
  assert_int_equal(err.status, BB_EX_DATAERR);
  assert_non_null(strstr(err.message, "newer bedback"));
  snprintf(path, sizeof path, "%s/foreign.db", dir);
  sqlite3_open(path, &db);
  sqlite3_exec(db, "CREATE TABLE photos(a)", NULL, NULL, NULL);
  sqlite3_close(db);
  assert_null(bb_diary_open(path, 0, &err));
  assert_int_equal(err.status, BB_EX_DATAERR);
  assert_non_null(strstr(err.message, "not a bedback diary"));
  /* not a database at all: refused as bad data naming the path, untouched */
  snprintf(path, sizeof path, "%s/junk.db", dir);
  FILE *f = fopen(path, "w");
  fputs("this is not a database, just some text that is long enough to be a "
        "header......\n",
        f);
  fclose(f);
  assert_null(bb_diary_open(path, 0, &err));
  assert_int_equal(err.status, BB_EX_DATAERR);
  assert_non_null(strstr(err.message, path));
  /* a folder where the file should be */
  assert_null(bb_diary_open(dir, 0, &err));
  assert_int_equal(err.status, BB_EX_IOERR);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_locate),
      cmocka_unit_test(test_permissions),
      cmocka_unit_test(test_amend_with_history),
      cmocka_unit_test(test_bad_input),
      cmocka_unit_test(test_sessions_and_assessments),
      cmocka_unit_test(test_migration),
      cmocka_unit_test(test_foreign_and_newer),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
