/* diary.c -- the diary: one SQLite database per person (docs/diary.md).
 * All of bedback's SQLite I/O lives here; it stores and reads, it never
 * decides. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct bb_diary {
  sqlite3 *db;
  char *path;
};

/* ------------------------------------------------------------------ */
/* Schema, one step per version. A database at user_version N gets steps
 * N+1.. applied in one transaction. Never edit a step once released: add
 * one. */

static const char *const MIGRATIONS[] = {
    /* 1: nights, their earlier versions, setup changes */
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
    "CREATE INDEX setup_events_date ON setup_events(date);",
    /* 2: saved assessments, warning signs with entries, guided sessions */
    "CREATE TABLE assessments("
    " id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,"
    " source TEXT NOT NULL CHECK(source IN ('assess','log')), level TEXT NOT "
    "NULL,"
    " kb_version TEXT NOT NULL, answers TEXT NOT NULL, assessment TEXT NOT "
    "NULL) STRICT;"
    "ALTER TABLE entries ADD COLUMN symptoms TEXT;"
    "ALTER TABLE entries ADD COLUMN assessment_id INTEGER REFERENCES "
    "assessments(id);"
    "ALTER TABLE entries_history ADD COLUMN symptoms TEXT;"
    "ALTER TABLE entries_history ADD COLUMN assessment_id INTEGER;"
    "CREATE TABLE sessions("
    " id INTEGER PRIMARY KEY, night TEXT NOT NULL,"
    " kind TEXT NOT NULL CHECK(kind IN ('routine','heat')),"
    " minutes INTEGER CHECK(minutes BETWEEN 0 AND 1440),"
    " rating INTEGER CHECK(rating BETWEEN 0 AND 10), created_at TEXT NOT NULL) "
    "STRICT;"
    "CREATE INDEX sessions_night ON sessions(night);",
};
#define SCHEMA_VERSION ((int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]))
#define APPLICATION_ID 0x62656462 /* "bedb" */
#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

int bb_diary_schema_version(void) {
  return SCHEMA_VERSION;
}

const char *bb_diary_path(const bb_diary *d) {
  return d->path;
}

/* ------------------------------------------------------------------ */
/* Errors: every I/O failure names the path and the reason. */

static int db_fail(bb_diary *d, bb_error *err, const char *doing) {
  int rc = sqlite3_extended_errcode(d->db);
  int prim = rc & 0xff;
  int sys = sqlite3_system_errno(d->db);
  int status = BB_EX_IOERR;
  if (prim == SQLITE_CONSTRAINT || prim == SQLITE_MISMATCH)
    status = BB_EX_DATAERR;
  const char *why = sqlite3_errmsg(d->db);
  if (prim == SQLITE_READONLY)
    why = "the database is read-only (permission denied)";
  else if (prim == SQLITE_FULL)
    why = "the disk is full";
  else if (prim == SQLITE_NOTADB)
    why = "the file is not a database";
  else if (prim == SQLITE_CORRUPT)
    why = "the database is damaged";
  else if (prim == SQLITE_BUSY)
    why = "another bedback held the diary for too long";
  if (sys && prim != SQLITE_BUSY && prim != SQLITE_FULL)
    bbu_error_set(err, status, "", 0, 0, "", "cannot %s the diary %s: %s (%s)", doing, d->path, why,
                  strerror(sys));
  else
    bbu_error_set(err, status, "", 0, 0, "", "cannot %s the diary %s: %s", doing, d->path, why);
  return -1;
}

static int exec(bb_diary *d, const char *sql, bb_error *err, const char *doing) {
  if (sqlite3_exec(d->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_fail(d, err, doing);
  return 0;
}

/* Switching a new diary to WAL needs the file to itself, and SQLite
 * answers SQLITE_BUSY at once, without the busy handler, while another
 * connection has it open (two bedbacks creating one diary together: half
 * of them failed in a tight loop). So wait here, as the busy timeout
 * would: up to 15 s in steps of 10 ms. */
static int set_wal(bb_diary *d, bb_error *err) {
  for (int i = 0;; i++) {
    int rc = sqlite3_exec(d->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
      return 0;
    if ((rc & 0xff) != SQLITE_BUSY || i >= 1500)
      return db_fail(d, err, "open");
    sqlite3_sleep(10);
  }
}

static void rollback(bb_diary *d) {
  if (!sqlite3_get_autocommit(d->db))
    sqlite3_exec(d->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Ends a write transaction: COMMIT, or roll back with the reason in err. */
static int commit(bb_diary *d, bb_error *err) {
  if (exec(d, "COMMIT", err, "write") != 0) {
    rollback(d);
    return -1;
  }
  return 0;
}

/* A statement of a write transaction failed: the reason, and roll back. */
static int write_failed(bb_diary *d, bb_error *err) {
  db_fail(d, err, "write");
  rollback(d);
  return -1;
}

/* Steps a statement that returns no rows and finalizes it. */
static bool step_done(sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE;
}

static int int_query(bb_diary *d, const char *sql, int *out) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) != SQLITE_OK)
    return -1;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Location and opening */

int bb_diary_locate(const char *flag, char *buf, size_t size, bb_error *err) {
  const char *env = getenv("BEDBACK_DB");
  const char *xdg = getenv("XDG_DATA_HOME");
  const char *home = getenv("HOME");
  int n;
  if (flag && *flag)
    n = snprintf(buf, size, "%s", flag);
  else if (env && *env)
    n = snprintf(buf, size, "%s", env);
  else if (xdg && xdg[0] == '/')
    n = snprintf(buf, size, "%s/bedback/diary.db", xdg);
  else if (home && *home)
    n = snprintf(buf, size, "%s/.local/share/bedback/diary.db", home);
  else {
    /* No place for the diary: an I/O problem (74), like a folder that
     * cannot be created; 78 is for a broken knowledge base. */
    bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "",
                  "cannot tell where the diary lives: HOME is not set; pass "
                  "--db FILE or set "
                  "BEDBACK_DB");
    return -1;
  }
  if (n < 0 || (size_t)n >= size) {
    bbu_error_set(err, BB_EX_USAGE, "", 0, 0, "", "the diary path is too long");
    return -1;
  }
  return 0;
}

/* Creates the missing folders of `path`'s parent, each 0700. */
static int make_parents(const char *path, bb_error *err) {
  char *p = bbu_strdup(path);
  if (!p) {
    bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory");
    return -1;
  }
  char *slash = strrchr(p, '/');
  if (!slash || slash == p) {
    free(p);
    return 0;
  }
  *slash = '\0';
  for (char *s = p + 1;; s++) {
    if (*s == '/' || *s == '\0') {
      char c = *s;
      *s = '\0';
      if (mkdir(p, 0700) != 0 && errno != EEXIST) {
        int e = errno;
        bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "",
                      "cannot create the folder %s for the diary %s: %s", p, path, strerror(e));
        free(p);
        return -1;
      }
      *s = c;
      if (c == '\0')
        break;
    }
  }
  free(p);
  return 0;
}

static int migrate(bb_diary *d, bb_error *err) {
  if (exec(d, "BEGIN IMMEDIATE", err, "open") != 0)
    return -1;
  int version = 0, tables = 0;
  if (int_query(d, "PRAGMA user_version", &version) != 0 ||
      int_query(d, "SELECT count(*) FROM sqlite_schema", &tables) != 0) {
    db_fail(d, err, "read");
    rollback(d);
    return -1;
  }
  if (version > SCHEMA_VERSION) {
    rollback(d);
    bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "",
                  "the diary %s was written by a newer bedback (schema %d; "
                  "this one knows up to "
                  "%d): update bedback",
                  d->path, version, SCHEMA_VERSION);
    return -1;
  }
  if (version == 0 && tables > 0) {
    rollback(d);
    bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "",
                  "%s is an SQLite database but not a bedback diary; choose "
                  "another --db FILE",
                  d->path);
    return -1;
  }
  for (int v = version; v < SCHEMA_VERSION; v++)
    if (exec(d, MIGRATIONS[v], err, "upgrade") != 0) {
      rollback(d);
      return -1;
    }
  if (version < SCHEMA_VERSION) {
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d; PRAGMA application_id=%d", SCHEMA_VERSION,
             APPLICATION_ID);
    if (exec(d, sql, err, "upgrade") != 0) {
      rollback(d);
      return -1;
    }
  }
  return commit(d, err);
}

/* "file:PATH?immutable=1" with PATH percent-encoded. Caller frees. */
static char *file_uri(const char *path) {
  size_t n = strlen(path);
  char *u = malloc(n * 3 + 32);
  if (!u)
    return NULL;
  char *o = u;
  memcpy(o, "file:", 5);
  o += 5;
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("/-_.~", *p))
      *o++ = (char)*p;
    else
      o += sprintf(o, "%%%02X", *p);
  }
  strcpy(o, "?immutable=1");
  return u;
}

bb_diary *bb_diary_open(const char *path, unsigned flags, bb_error *err) {
  bb_error_clear(err);
  if (!path || !*path) {
    bbu_error_set(err, BB_EX_USAGE, "", 0, 0, "", "the diary path is empty");
    return NULL;
  }
  struct stat sb;
  int exists = stat(path, &sb) == 0;
  if (!exists && (flags & BB_DIARY_NOCREATE)) {
    bbu_error_set(err, BB_EX_NOINPUT, "", 0, 0, "", "there is no diary at %s yet", path);
    return NULL;
  }
  if (exists && S_ISDIR(sb.st_mode)) {
    bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "", "cannot open the diary %s: it is a folder", path);
    return NULL;
  }
  if (!exists && make_parents(path, err) != 0)
    return NULL;
  /* Create the file ourselves so that it is 0600 from the start (SQLite
   * gives its -wal and -shm files the same mode); an existing diary loses
   * any group or other permission bits. */
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM) && exists)
    fd = open(path, O_RDONLY | O_CLOEXEC); /* readable: reads may still work */
  if (fd < 0) {
    int e = errno;
    bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "", "cannot open the diary %s: %s", path,
                  strerror(e));
    return NULL;
  }
  if (fstat(fd, &sb) == 0 && (sb.st_mode & 077) && sb.st_uid == geteuid())
    (void)fchmod(fd, sb.st_mode & 0700);
  close(fd);

  bb_diary *d = calloc(1, sizeof *d);
  if (!d || !(d->path = bbu_strdup(path))) {
    free(d);
    bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory");
    return NULL;
  }
  int immutable = 0;
reopen:
  if (immutable) {
    /* A read-only diary in WAL mode whose folder we cannot write (no -shm
     * can be made): read it as an unchanging file. */
    sqlite3_close(d->db);
    d->db = NULL;
    char *uri = file_uri(path);
    int rc = uri ? sqlite3_open_v2(uri, &d->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL)
                 : SQLITE_NOMEM;
    free(uri);
    if (rc != SQLITE_OK) {
      bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "", "cannot open the diary %s", path);
      bb_diary_close(d);
      return NULL;
    }
  } else if (sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) !=
             SQLITE_OK) {
    if (d->db)
      db_fail(d, err, "open");
    else
      bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "", "cannot open the diary %s", path);
    bb_diary_close(d);
    return NULL;
  }
  sqlite3_extended_result_codes(d->db, 1);
  sqlite3_busy_timeout(d->db, 15000);
  int ro = sqlite3_db_readonly(d->db, "main") == 1;
  if (exec(d, "PRAGMA foreign_keys=ON", err, "open") != 0 || (!ro && set_wal(d, err) != 0) ||
      (!ro && exec(d, "PRAGMA synchronous=FULL", err, "open") != 0)) {
    bb_diary_close(d);
    return NULL;
  }
  /* A quick read proves the file is a database at all. */
  int version = 0;
  if (int_query(d, "PRAGMA user_version", &version) != 0) {
    if (ro && !immutable && (sqlite3_errcode(d->db) & 0xff) == SQLITE_READONLY) {
      immutable = 1;
      goto reopen;
    }
    db_fail(d, err, "read");
    bb_diary_close(d);
    return NULL;
  }
  if (version != SCHEMA_VERSION && migrate(d, err) != 0) {
    bb_diary_close(d);
    return NULL;
  }
  return d;
}

void bb_diary_close(bb_diary *d) {
  if (!d)
    return;
  sqlite3_close(d->db);
  free(d->path);
  free(d);
}

/* ------------------------------------------------------------------ */
/* Writing */

static const char *const POSITIONS[] = {"side", "back", "stomach", "mixed"};

/* Counts UTF-8 code points; -1 when the text is not valid UTF-8. */
static long utf8_chars(const char *s) {
  long n = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    int len = *p < 0x80             ? 1
              : (*p & 0xE0) == 0xC0 ? 2
              : (*p & 0xF0) == 0xE0 ? 3
              : (*p & 0xF8) == 0xF0 ? 4
                                    : 0;
    if (!len || (len == 2 && *p < 0xC2))
      return -1;
    for (int i = 1; i < len; i++)
      if ((p[i] & 0xC0) != 0x80)
        return -1;
    p += len;
    n++;
  }
  return n;
}

int bb_entry_check(const bb_entry *e, bb_error *err) {
  char d[11];
  bb_date_format(e->date, d);
  int back;
  if (bb_date_parse(d, &back) != 0 || back != e->date)
    return bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "date", "the date is out of range"), -1;
  if (e->tightness < 0 || e->tightness > 10)
    return bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "tightness",
                         "tightness must be a whole number from 0 to 10, not %d", e->tightness),
           -1;
  if (e->wake < -1 || e->wake > 10)
    return bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "wake",
                         "the wake-up tightness must be a whole number from 0 "
                         "to 10, not %d",
                         e->wake),
           -1;
  if (e->routine < -1 || e->routine > 1)
    return bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "routine", "routine is done (1) or not (0)"),
           -1;
  if (e->heat_minutes < -1 || e->heat_minutes > 120)
    return bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "heat",
                         "heat minutes must be a whole number from 0 to 120, not %d",
                         e->heat_minutes),
           -1;
  if (e->position) {
    size_t i = 0;
    while (i < 4 && strcmp(e->position, POSITIONS[i]))
      i++;
    if (i == 4)
      return bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "position",
                           "the sleep position must be side, back, stomach or "
                           "mixed, not '%s'",
                           e->position),
             -1;
  }
  if (e->note) {
    long n = utf8_chars(e->note);
    if (n < 0)
      return bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "note",
                           "the note is not valid UTF-8 text"),
             -1;
    if (n > BB_NOTE_MAX)
      return bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "note",
                           "the note has %ld characters; at most %d fit", n, BB_NOTE_MAX),
             -1;
  }
  return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st, i);
}

static void bind_opt_int(sqlite3_stmt *st, int i, int v) {
  if (v >= 0)
    sqlite3_bind_int(st, i, v);
  else
    sqlite3_bind_null(st, i);
}

/* Runs one statement with a date bound to ?1; 0 or -1. */
static int run_dated(bb_diary *d, const char *sql, const char *date) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
  return step_done(st) ? 0 : -1;
}

static const char KEEP_HISTORY[] =
    "INSERT INTO "
    "entries_history(date,tightness,wake,position,routine,heat_minutes,note,"
    "updated_at,symptoms,assessment_id,replaced_at) SELECT "
    "date,tightness,wake,position,routine,"
    "heat_minutes,note,updated_at,symptoms,assessment_id," NOW " FROM entries WHERE date=?1";

static long long insert_assessment(bb_diary *d, const bb_saved_assessment *as) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(d->db,
                         "INSERT INTO assessments(created_at,source,level,kb_version,answers,"
                         "assessment) VALUES(" NOW ",?1,?2,?3,?4,?5)",
                         -1, &st, NULL) != SQLITE_OK)
    return -1;
  bind_text(st, 1, as->source ? as->source : "assess");
  bind_text(st, 2, as->level ? as->level : "self_care");
  bind_text(st, 3, as->kb_version ? as->kb_version : "");
  bind_text(st, 4, as->answers_json ? as->answers_json : "{}");
  bind_text(st, 5, as->assessment_json ? as->assessment_json : "{}");
  return step_done(st) ? sqlite3_last_insert_rowid(d->db) : -1;
}

int bb_diary_log(bb_diary *d, const bb_entry *e, const bb_saved_assessment *as, bb_error *err) {
  bb_error_clear(err);
  if (bb_entry_check(e, err) != 0)
    return -1;
  char date[11];
  bb_date_format(e->date, date);
  if (exec(d, "BEGIN IMMEDIATE", err, "write") != 0)
    return -1;
  long long aid = -1;
  if (as && (aid = insert_assessment(d, as)) < 0)
    goto fail;
  if (run_dated(d, KEEP_HISTORY, date) != 0)
    goto fail;
  sqlite3_stmt *st;
  /* A new night takes over the routine and heat sessions already recorded
   * for it; an amended one keeps what it had unless told otherwise. */
  if (sqlite3_prepare_v2(d->db,
                         "INSERT INTO "
                         "entries(date,tightness,wake,position,routine,heat_minutes,note,"
                         "symptoms,"
                         "assessment_id,updated_at) VALUES(?1,?2,?3,?4,"
                         " coalesce(?5,(SELECT 1 FROM sessions WHERE night=?1 AND "
                         "kind='routine' LIMIT 1)),"
                         " coalesce(?6,(SELECT sum(minutes) FROM sessions WHERE night=?1 AND "
                         "kind='heat')),"
                         " ?7,?8,?9," NOW ")"
                         " ON CONFLICT(date) DO UPDATE SET tightness=excluded.tightness,"
                         " wake=coalesce(?3,wake), position=coalesce(?4,position),"
                         " routine=coalesce(?5,routine), "
                         "heat_minutes=coalesce(?6,heat_minutes),"
                         " note=coalesce(?7,note), symptoms=coalesce(?8,symptoms),"
                         " assessment_id=coalesce(?9,assessment_id), "
                         "updated_at=excluded.updated_at",
                         -1, &st, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 2, e->tightness);
  bind_opt_int(st, 3, e->wake);
  bind_text(st, 4, e->position);
  bind_opt_int(st, 5, e->routine);
  bind_opt_int(st, 6, e->heat_minutes);
  bind_text(st, 7, e->note);
  bind_text(st, 8, e->symptoms);
  if (aid > 0)
    sqlite3_bind_int64(st, 9, aid);
  else
    sqlite3_bind_null(st, 9);
  if (!step_done(st))
    goto fail;
  return commit(d, err);
fail:
  return write_failed(d, err);
}

int bb_diary_save_assessment(bb_diary *d, const bb_saved_assessment *as, bb_error *err) {
  bb_error_clear(err);
  if (exec(d, "BEGIN IMMEDIATE", err, "write") != 0)
    return -1;
  if (insert_assessment(d, as) < 0)
    return write_failed(d, err);
  return commit(d, err);
}

int bb_diary_log_session(bb_diary *d, int date, const char *kind, int minutes, int rating,
                         bb_error *err) {
  bb_error_clear(err);
  int heat = kind && !strcmp(kind, "heat");
  if (!kind || (!heat && strcmp(kind, "routine")) || minutes < -1 || minutes > 1440 ||
      rating < -1 || rating > 10) {
    bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "",
                  "a session is routine or heat, with minutes "
                  "0-1440 and a rating 0-10");
    return -1;
  }
  char night[11];
  bb_date_format(date, night);
  if (exec(d, "BEGIN IMMEDIATE", err, "write") != 0)
    return -1;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(d->db,
                         "INSERT INTO sessions(night,kind,minutes,rating,created_at) "
                         "VALUES(?1,?2,?3,?4," NOW ")",
                         -1, &st, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text(st, 1, night, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
  bind_opt_int(st, 3, minutes);
  bind_opt_int(st, 4, rating);
  if (!step_done(st) || run_dated(d, KEEP_HISTORY, night) != 0)
    goto fail;
  if (heat) {
    if (sqlite3_prepare_v2(d->db,
                           "UPDATE entries SET "
                           "heat_minutes=min(120,coalesce(heat_minutes,0)+?2),"
                           " updated_at=" NOW " WHERE date=?1",
                           -1, &st, NULL) != SQLITE_OK)
      goto fail;
    sqlite3_bind_int(st, 2, minutes < 0 ? 0 : minutes);
  } else if (sqlite3_prepare_v2(d->db,
                                "UPDATE entries SET routine=1, updated_at=" NOW " WHERE date=?1",
                                -1, &st, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text(st, 1, night, -1, SQLITE_STATIC);
  if (!step_done(st))
    goto fail;
  return commit(d, err);
fail:
  return write_failed(d, err);
}

int bb_diary_add_event(bb_diary *d, int date, const char *kind, const char *note, bb_error *err) {
  bb_error_clear(err);
  if (!kind || !*kind || strlen(kind) > 40 || (note && utf8_chars(note) > 200) ||
      (note && utf8_chars(note) < 0)) {
    bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "setup",
                  "a setup change needs a short kind (mattress, pillow, "
                  "knee_pillow, topper, "
                  "other) and at most a 200-character note");
    return -1;
  }
  char day[11];
  bb_date_format(date, day);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(d->db,
                         "INSERT INTO setup_events(date,kind,note,created_at) "
                         "VALUES(?1,?2,?3," NOW ")",
                         -1, &st, NULL) != SQLITE_OK)
    return db_fail(d, err, "write");
  sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
  bind_text(st, 2, kind);
  bind_text(st, 3, note);
  return step_done(st) ? 0 : db_fail(d, err, "write");
}

/* ------------------------------------------------------------------ */
/* Reading */

static char *col_text(bbu_arena *a, sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? bbu_arena_strdup(a, (const char *)t) : NULL;
}

static int col_int(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i);
}

static int col_date(sqlite3_stmt *st, int i) {
  int day = 0;
  const unsigned char *t = sqlite3_column_text(st, i);
  if (!t || bb_date_parse((const char *)t, &day) != 0)
    return 0;
  return day;
}

static bb_saved_assessment *read_assessment(bb_diary *d, bbu_arena *a, int *failed) {
  sqlite3_stmt *st;
  *failed = 0;
  if (sqlite3_prepare_v2(d->db,
                         "SELECT id,created_at,source,level,kb_version,answers,assessment "
                         "FROM assessments ORDER BY id DESC LIMIT 1",
                         -1, &st, NULL) != SQLITE_OK) {
    *failed = 1;
    return NULL;
  }
  bb_saved_assessment *r = NULL;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && (r = bbu_arena_alloc(a, sizeof *r)) != NULL) {
    r->id = sqlite3_column_int64(st, 0);
    r->created = col_text(a, st, 1);
    r->source = col_text(a, st, 2);
    r->level = col_text(a, st, 3);
    r->kb_version = col_text(a, st, 4);
    r->answers_json = col_text(a, st, 5);
    r->assessment_json = col_text(a, st, 6);
  } else if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    *failed = 1;
  sqlite3_finalize(st);
  return r;
}

bb_diary_view *bb_diary_read(bb_diary *d, int weeks, bb_error *err) {
  bb_error_clear(err);
  bbu_arena *a = bbu_arena_new();
  bb_diary_view *v = a ? bbu_arena_alloc(a, sizeof *v) : NULL;
  if (!v) {
    bbu_arena_free(a);
    bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory");
    return NULL;
  }
  memset(v, 0, sizeof *v);
  v->priv = a;
  sqlite3_stmt *st = NULL;
  /* One read transaction: a consistent picture while others write. */
  if (exec(d, "BEGIN", err, "read") != 0)
    goto out_fail;
  char from[11] = "0000-00-00";
  if (weeks > 0) {
    if (sqlite3_prepare_v2(d->db, "SELECT max(date) FROM entries", -1, &st, NULL) != SQLITE_OK)
      goto fail;
    if (sqlite3_step(st) != SQLITE_ROW)
      goto fail;
    if (sqlite3_column_type(st, 0) != SQLITE_NULL)
      bb_date_format(col_date(st, 0) - 7 * weeks + 1, from);
    sqlite3_finalize(st);
    st = NULL;
  }
  /* The entries of the window (all when weeks is 0). */
  if (sqlite3_prepare_v2(d->db,
                         "SELECT "
                         "e.date,e.tightness,e.wake,e.position,e.routine,e.heat_minutes,"
                         "e.symptoms,e.note,a.level,"
                         "(SELECT count(*) FROM entries_history h WHERE h.date=e.date) "
                         "FROM entries e LEFT JOIN assessments a ON a.id=e.assessment_id "
                         "WHERE e.date>=?1 ORDER BY e.date",
                         -1, &st, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
  size_t cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (v->nentries == cap) {
      bb_entry *ne = bbu_arena_grow(a, v->entries, v->nentries, &cap, sizeof *ne);
      if (!ne)
        goto oom;
      v->entries = ne;
    }
    bb_entry *e = &v->entries[v->nentries++];
    e->date = col_date(st, 0);
    e->tightness = sqlite3_column_int(st, 1);
    e->wake = col_int(st, 2);
    e->position = col_text(a, st, 3);
    e->routine = col_int(st, 4);
    e->heat_minutes = col_int(st, 5);
    e->symptoms = col_text(a, st, 6);
    e->note = col_text(a, st, 7);
    e->triage = col_text(a, st, 8);
    e->versions = sqlite3_column_int(st, 9);
  }
  sqlite3_finalize(st);
  st = NULL;
  if (rc != SQLITE_DONE)
    goto fail;
  v->all_entries = weeks <= 0;
  if (sqlite3_prepare_v2(d->db,
                         "SELECT date,kind,note FROM setup_events WHERE date>=?1 "
                         "ORDER BY date,id",
                         -1, &st, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
  cap = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (v->nevents == cap) {
      bb_setup_event *ne = bbu_arena_grow(a, v->events, v->nevents, &cap, sizeof *ne);
      if (!ne)
        goto oom;
      v->events = ne;
    }
    bb_setup_event *ev = &v->events[v->nevents++];
    ev->date = col_date(st, 0);
    ev->kind = col_text(a, st, 1);
    ev->note = col_text(a, st, 2);
  }
  sqlite3_finalize(st);
  st = NULL;
  if (rc != SQLITE_DONE)
    goto fail;
  int failed;
  v->assessment = read_assessment(d, a, &failed);
  if (failed)
    goto fail;
  exec(d, "COMMIT", NULL, "read");
  return v;
oom:
  sqlite3_finalize(st);
  rollback(d);
  bb_diary_view_free(v);
  bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory reading the diary");
  return NULL;
fail:
  db_fail(d, err, "read");
  sqlite3_finalize(st);
  rollback(d);
out_fail:
  bb_diary_view_free(v);
  return NULL;
}

void bb_diary_view_free(bb_diary_view *v) {
  if (v)
    bbu_arena_free(v->priv);
}

bb_saved_assessment *bb_diary_last_assessment(bb_diary *d, bb_error *err) {
  bb_error_clear(err);
  bbu_arena *a = bbu_arena_new();
  if (!a) {
    bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory");
    return NULL;
  }
  int failed;
  bb_saved_assessment *r = read_assessment(d, a, &failed);
  if (failed || !r) {
    if (failed)
      db_fail(d, err, "read");
    bbu_arena_free(a);
    return NULL;
  }
  /* The record and its strings live in the arena; keep the arena in a
   * header in front of a copy so that one free releases everything. */
  struct holder {
    bb_saved_assessment rec;
    bbu_arena *arena;
  } *h = bbu_arena_alloc(a, sizeof *h);
  if (!h) {
    bbu_arena_free(a);
    bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory");
    return NULL;
  }
  h->rec = *r;
  h->arena = a;
  return &h->rec;
}

void bb_saved_assessment_free(bb_saved_assessment *r) {
  if (!r)
    return;
  struct holder {
    bb_saved_assessment rec;
    bbu_arena *arena;
  } *h = (struct holder *)(void *)r;
  bbu_arena_free(h->arena);
}
