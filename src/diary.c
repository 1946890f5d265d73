/* diary.c -- the diary: one SQLite database per person (docs/diary.md).
 * All of bedback's SQLite I/O lives here; it stores and reads, it never
 * decides. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct bb_diary {
  sqlite3 *db;
  char *path;
  int lockfd; /* an immutable read's shared lock on the file, or -1 */
};

/* ------------------------------------------------------------------ */
/* Schema, one step per version. A database at user_version N gets steps
 * N+1.. applied in one transaction. Never edit a step once released: add
 * one. */

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
/* True exactly for the dates bb_date_parse accepts: YYYY-MM-DD from
 * 1900-01-01 on that exists in the calendar (date() with a modifier
 * normalises 2026-02-30 to 2026-03-02, so only a real date equals it). */
#define REAL_DATE(col)                                                                             \
  "(" col " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND " col " >= '1900-01-01'"         \
  " AND date(" col ",'+0 days') IS " col ")"
#define DATE_OK REAL_DATE("date")
#define NIGHT_OK REAL_DATE("night")
/* A json_each row's value as typed answers spell it ("yes", "no",
 * "both_legs", "3"): what bb_answers_set_text reads back. */
#define SIGN_VALUE "(CASE j.type WHEN 'true' THEN 'yes' WHEN 'false' THEN 'no' ELSE j.atom END)"

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
    /* 3: every record of a warning sign (logged, answered, withdrawn), so
     * that what stands follows the newest record of each sign; why an
     * entry's earlier version was replaced. Existing signs are carried
     * over: a logged one at its assessment's time, a saved assessment's
     * answers at the time it was saved. */
    "CREATE TABLE signs("
    " id INTEGER PRIMARY KEY, night TEXT NOT NULL, sign TEXT NOT NULL, value TEXT,"
    " source TEXT NOT NULL CHECK(source IN ('log','assess','withdraw')),"
    " recorded_at TEXT NOT NULL) STRICT;"
    "ALTER TABLE entries_history ADD COLUMN reason TEXT;"
    "INSERT INTO signs(night,sign,value,source,recorded_at) SELECT e.date,j.key," SIGN_VALUE
    ",'log',coalesce(a.created_at,e.updated_at) FROM entries e LEFT JOIN assessments a"
    " ON a.id=e.assessment_id, json_each(e.symptoms) j WHERE json_valid(e.symptoms)"
    " AND j.type<>'null' ORDER BY 5,e.date;"
    "INSERT INTO signs(night,sign,value,source,recorded_at) SELECT substr(a.created_at,1,10),"
    "j.key," SIGN_VALUE ",'assess',a.created_at FROM assessments a, json_each(a.answers) j"
    " WHERE a.source='assess' AND json_valid(a.answers) AND j.type<>'null' ORDER BY a.id;",
    /* 4 and 5: only real dates (a GLOB let 2026-02-30 and 0000-00-00 in, which
     * the reader turned into day 0 and the trend into an overflow). The
     * dated tables are rebuilt with a CHECK; a row whose date is not a
     * date is kept, as JSON, in unreadable_rows rather than lost. */
    "CREATE TABLE unreadable_rows(id INTEGER PRIMARY KEY, from_table TEXT NOT NULL,"
    " row TEXT NOT NULL, moved_at TEXT NOT NULL) STRICT;"
    "INSERT INTO unreadable_rows(from_table,row,moved_at) SELECT 'entries',"
    " json_object('date',date,'tightness',tightness,'wake',wake,'position',position,"
    "'routine',routine,'heat_minutes',heat_minutes,'note',note,'updated_at',updated_at,"
    "'symptoms',symptoms,'assessment_id',assessment_id)," NOW " FROM entries WHERE NOT " DATE_OK ";"
    "CREATE TABLE entries_v4(date TEXT PRIMARY KEY CHECK" DATE_OK ","
    " tightness INTEGER NOT NULL CHECK(tightness BETWEEN 0 AND 10),"
    " wake INTEGER CHECK(wake BETWEEN 0 AND 10),"
    " position TEXT CHECK(position IN ('side','back','stomach','mixed')),"
    " routine INTEGER CHECK(routine IN (0,1)),"
    " heat_minutes INTEGER CHECK(heat_minutes BETWEEN 0 AND 1440),"
    " note TEXT, updated_at TEXT NOT NULL, symptoms TEXT,"
    " assessment_id INTEGER REFERENCES assessments(id)) STRICT;"
    "INSERT INTO entries_v4 SELECT date,tightness,wake,position,routine,heat_minutes,note,"
    "updated_at,symptoms,assessment_id FROM entries WHERE " DATE_OK ";"
    "DROP TABLE entries;"
    "ALTER TABLE entries_v4 RENAME TO entries;"
    "INSERT INTO unreadable_rows(from_table,row,moved_at) SELECT 'setup_events',"
    " json_object('id',id,'date',date,'kind',kind,'note',note,'created_at',created_at)," NOW
    " FROM setup_events WHERE NOT " DATE_OK ";"
    "CREATE TABLE setup_events_v4(id INTEGER PRIMARY KEY,"
    " date TEXT NOT NULL CHECK" DATE_OK ","
    " kind TEXT NOT NULL, note TEXT, created_at TEXT NOT NULL) STRICT;"
    "INSERT INTO setup_events_v4 SELECT id,date,kind,note,created_at FROM setup_events"
    " WHERE " DATE_OK ";"
    "DROP TABLE setup_events;"
    "ALTER TABLE setup_events_v4 RENAME TO setup_events;"
    "CREATE INDEX setup_events_date ON setup_events(date);",
    /* 5: the same for the nights of sessions and warning-sign records (a
     * string literal of its own: C caps their length) */
    "INSERT INTO unreadable_rows(from_table,row,moved_at) SELECT 'sessions',"
    " json_object('id',id,'night',night,'kind',kind,'minutes',minutes,'rating',rating,"
    "'created_at',created_at)," NOW " FROM sessions WHERE NOT " NIGHT_OK ";"
    "CREATE TABLE sessions_v5(id INTEGER PRIMARY KEY,"
    " night TEXT NOT NULL CHECK" NIGHT_OK ","
    " kind TEXT NOT NULL CHECK(kind IN ('routine','heat')),"
    " minutes INTEGER CHECK(minutes BETWEEN 0 AND 1440),"
    " rating INTEGER CHECK(rating BETWEEN 0 AND 10), created_at TEXT NOT NULL) STRICT;"
    "INSERT INTO sessions_v5 SELECT id,night,kind,minutes,rating,created_at FROM sessions"
    " WHERE " NIGHT_OK ";"
    "DROP TABLE sessions;"
    "ALTER TABLE sessions_v5 RENAME TO sessions;"
    "CREATE INDEX sessions_night ON sessions(night);"
    /* a warning sign is never dropped: one whose night is not a date
     * stays, on 1970-01-01 (day 0, which reads "on record"), and its
     * row as it was is kept in unreadable_rows */
    "INSERT INTO unreadable_rows(from_table,row,moved_at) SELECT 'signs',"
    " json_object('id',id,'night',night,'sign',sign,'value',value,'source',source,"
    "'recorded_at',recorded_at)," NOW " FROM signs WHERE NOT " NIGHT_OK ";"
    "CREATE TABLE signs_v5(id INTEGER PRIMARY KEY,"
    " night TEXT NOT NULL CHECK" NIGHT_OK ","
    " sign TEXT NOT NULL, value TEXT,"
    " source TEXT NOT NULL CHECK(source IN ('log','assess','withdraw')),"
    " recorded_at TEXT NOT NULL) STRICT;"
    "INSERT INTO signs_v5 SELECT id,CASE WHEN " NIGHT_OK " THEN night ELSE '1970-01-01' END,"
    "sign,value,source,recorded_at FROM signs;"
    "DROP TABLE signs;"
    "ALTER TABLE signs_v5 RENAME TO signs;",
};
#define SCHEMA_VERSION ((int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]))
#define APPLICATION_ID 0x62656462 /* "bedb" */
#define READABLE_VERSION 3        /* the oldest schema read as it is (signs came with 3) */

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
  /* user_version is a signed 32-bit number: a negative one (a damaged or
   * foreign file; fuzz_diary found it) once indexed MIGRATIONS[-1]. */
  if ((version == 0 && tables > 0) || version < 0) {
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

/* "file:PATH?QUERY" with PATH percent-encoded. Caller frees. */
static char *file_uri(const char *path, const char *query) {
  size_t n = strlen(path);
  char *u = malloc(n * 3 + strlen(query) + 8);
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
  *o++ = '?';
  strcpy(o, query);
  return u;
}

/* ------------------------------------------------------------------ */
/* What is at the path, decided before SQLite touches it: SQLite would
 * follow a symbolic link, create a missing file, and switch a foreign
 * database to WAL (or leave a -journal next to /dev/null). */

enum { FILE_MISSING, FILE_EMPTY, FILE_SQLITE };

static int not_diary(bb_error *err, const char *path, const char *what) {
  bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "",
                "%s is not a bedback diary (%s); bedback leaves it alone: choose another --db FILE",
                path, what);
  return -1;
}

static const char *kind_of(mode_t m) {
  return S_ISLNK(m)    ? "it is a symbolic link, which bedback does not follow"
         : S_ISCHR(m)  ? "it is a device"
         : S_ISBLK(m)  ? "it is a device"
         : S_ISFIFO(m) ? "it is a FIFO"
         : S_ISSOCK(m) ? "it is a socket"
                       : "it is not a regular file";
}

/* The -wal and -shm files SQLite opens beside the diary (following links):
 * each must be absent or a regular file of this user, else someone may
 * have planted it. *wal_content tells whether the WAL holds anything. */
static int check_companions(const char *path, int *wal_content, bb_error *err) {
  static const char *const SUFFIX[] = {"-wal", "-shm", "-journal"};
  *wal_content = 0;
  for (size_t i = 0; i < 3; i++) {
    char name[4200];
    if (snprintf(name, sizeof name, "%s%s", path, SUFFIX[i]) >= (int)sizeof name)
      continue;
    struct stat sb;
    if (lstat(name, &sb) != 0)
      continue;
    if (!S_ISREG(sb.st_mode) || sb.st_uid != geteuid()) {
      bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "",
                    "cannot open the diary %s: %s is %s; remove it if you did not make it", path,
                    name, S_ISREG(sb.st_mode) ? "another user's file" : "not a regular file");
      return -1;
    }
    if (i == 0 && sb.st_size > 0)
      *wal_content = 1;
  }
  return 0;
}

/* Opens the path without following a link or blocking, and classifies
 * it. Returns the descriptor (or -1 when missing) and the kind. */
static int classify(const char *path, int writable, int *kind, bb_error *err) {
  struct stat sb;
  *kind = FILE_MISSING;
  if (lstat(path, &sb) != 0) {
    if (errno == ENOENT)
      return -1;
    int e = errno;
    bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "", "cannot open the diary %s: %s", path,
                  strerror(e));
    return -2;
  }
  if (S_ISDIR(sb.st_mode)) {
    bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "", "cannot open the diary %s: it is a folder", path);
    return -2;
  }
  if (!S_ISREG(sb.st_mode))
    return not_diary(err, path, kind_of(sb.st_mode)), -2;
  int fd =
      open(path, (writable ? O_RDWR : O_RDONLY) | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0 && writable && (errno == EACCES || errno == EROFS || errno == EPERM))
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    if (e == ELOOP)
      return not_diary(err, path, kind_of(S_IFLNK)), -2;
    if (e == ENOENT)
      return -1;
    bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "", "cannot open the diary %s: %s", path,
                  strerror(e));
    return -2;
  }
  /* the same checks on what was opened: the path may have changed since */
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    close(fd);
    return not_diary(err, path, kind_of(sb.st_mode)), -2;
  }
  if (sb.st_size == 0) {
    *kind = FILE_EMPTY;
    return fd;
  }
  unsigned char h[100];
  ssize_t got = pread(fd, h, sizeof h, 0);
  if (got != (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
    close(fd);
    if (got < 0) {
      int e = errno;
      bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "", "cannot read the diary %s: %s", path,
                    strerror(e));
      return -2;
    }
    return not_diary(err, path, "not an SQLite database"), -2;
  }
  /* Another program's database says so in its header; 0 may still be a
   * diary whose first transaction is in the WAL (SQLite decides below). */
  unsigned long app =
      (unsigned long)h[68] << 24 | (unsigned long)h[69] << 16 | (unsigned long)h[70] << 8 | h[71];
  if (app != 0 && app != APPLICATION_ID) {
    close(fd);
    return not_diary(err, path, "another program's SQLite database"), -2;
  }
  *kind = FILE_SQLITE;
  return fd;
}

/* The diary's identity as SQLite sees it (through the WAL), read in ONE
 * statement and so one read transaction: read as three, another bedback
 * creating the same new diary could commit its first transaction between
 * them, and "application id 0 but user_version 5" looked like another
 * program's database (diary_concurrent saw it once in a few hundred). */
static int identity(bb_diary *d, int *app, int *version, int *tables) {
  *app = *version = *tables = 0;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(d->db,
                         "SELECT (SELECT application_id FROM pragma_application_id),"
                         " (SELECT user_version FROM pragma_user_version),"
                         " (SELECT count(*) FROM sqlite_schema)",
                         -1, &st, NULL) != SQLITE_OK)
    return -1;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *app = sqlite3_column_int(st, 0);
    *version = sqlite3_column_int(st, 1);
    *tables = sqlite3_column_int(st, 2);
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : -1;
}

/* SQLite's lock bytes (the file format's "lock-byte page"): a read lock
 * on the shared range keeps a writer closing its connection from
 * checkpointing into the file while it is being read immutably. */
#define LOCK_SHARED_FIRST (0x40000000 + 2)
#define LOCK_SHARED_SIZE 510

static int shared_lock(int fd) {
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = F_RDLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = LOCK_SHARED_FIRST;
  fl.l_len = LOCK_SHARED_SIZE;
  return fcntl(fd, F_SETLK, &fl);
}

/* Opens with SQLite for reading only, creating nothing: immutable when the
 * WAL holds nothing (the file alone is then the whole diary) and the
 * shared lock is held, else mode=ro (immutable would ignore the WAL, and a
 * warning sign logged a moment ago with it). POSIX locks belong to the
 * process and closing any descriptor of the file drops them, so the
 * locked descriptor stays open until bb_diary_close. */
static int open_reading(bb_diary *d, int wal_content) {
  int immutable = 0;
  if (!wal_content) {
    int fd = open(d->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd >= 0 && shared_lock(fd) == 0) {
      d->lockfd = fd;
      immutable = 1;
    } else if (fd >= 0)
      close(fd);
  }
  char *uri = file_uri(d->path, immutable ? "immutable=1" : "mode=ro");
  int rc =
      uri ? sqlite3_open_v2(uri, &d->db,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW, NULL)
          : SQLITE_NOMEM;
  free(uri);
  if (d->db) {
    sqlite3_extended_result_codes(d->db, 1);
    sqlite3_busy_timeout(d->db, 15000);
  }
  return rc;
}

/* Closes what open_reading opened. */
static void close_reading(bb_diary *d) {
  sqlite3_close(d->db);
  d->db = NULL;
  if (d->lockfd >= 0)
    close(d->lockfd);
  d->lockfd = -1;
}

bb_diary *bb_diary_open(const char *path, unsigned flags, bb_error *err) {
  bb_error_clear(err);
  if (!path || !*path) {
    bbu_error_set(err, BB_EX_USAGE, "", 0, 0, "", "the diary path is empty");
    return NULL;
  }
  int readonly = (flags & BB_DIARY_READONLY) != 0;
  int nocreate = readonly || (flags & BB_DIARY_NOCREATE);
  bb_diary *d = calloc(1, sizeof *d);
  if (!d || !(d->path = bbu_strdup(path))) {
    free(d);
    bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory");
    return NULL;
  }
  d->lockfd = -1;
  int tries = 0, kind, fd;
again:
  fd = classify(path, !readonly, &kind, err);
  if (fd == -2)
    goto fail;
  if (fd == -1 || (kind == FILE_EMPTY && nocreate)) {
    if (fd >= 0)
      close(fd);
    if (nocreate) {
      bbu_error_set(err, BB_EX_NOINPUT, "", 0, 0, "", "there is no diary at %s yet", path);
      goto fail;
    }
    /* A new diary: the file is ours, 0600 from the start (SQLite gives its
     * -wal and -shm files the same mode). */
    if (make_parents(path, err) != 0)
      goto fail;
    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST && tries++ < 3)
      goto again; /* another bedback created it meanwhile: look again */
    if (fd < 0) {
      int e = errno;
      bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "", "cannot create the diary %s: %s", path,
                    strerror(e));
      goto fail;
    }
    kind = FILE_EMPTY;
  }
  int wal_content = 0;
  if (check_companions(path, &wal_content, err) != 0) {
    close(fd);
    goto fail;
  }
  int app = 0, version = 0, tables = 0;
  if (kind == FILE_SQLITE) {
    close(fd); /* before SQLite opens it: see open_reading */
    /* Ask SQLite, read-only, whose database this is before anything
     * could change it. */
    if (open_reading(d, wal_content) != SQLITE_OK || identity(d, &app, &version, &tables) != 0) {
      int prim = d->db ? sqlite3_errcode(d->db) & 0xff : SQLITE_CANTOPEN;
      if (prim == SQLITE_NOTADB)
        not_diary(err, path, "not an SQLite database");
      else if (d->db)
        db_fail(d, err, "read");
      else
        bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "", "cannot open the diary %s", path);
      goto fail;
    }
    if ((app != APPLICATION_ID && (app != 0 || version != 0 || tables != 0)) || version < 0) {
      not_diary(err, path, "another program's SQLite database");
      goto fail;
    }
    if (app == 0 && nocreate) { /* an empty database: no diary yet */
      bbu_error_set(err, BB_EX_NOINPUT, "", 0, 0, "", "there is no diary at %s yet", path);
      goto fail;
    }
    if (version > SCHEMA_VERSION) {
      bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "",
                    "the diary %s was written by a newer bedback (schema %d; this one knows up "
                    "to %d): update bedback",
                    path, version, SCHEMA_VERSION);
      goto fail;
    }
    /* Read as it is from schema 3 on (4 only adds CHECKs: a bad date is
     * skipped with a warning). An older one is upgraded below, being ours:
     * reading it needs its warning signs carried over into the signs
     * table. */
    if (readonly && version >= READABLE_VERSION)
      return d;
    close_reading(d);
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  }
  /* Ours (or new): now, and only now, its permissions are tightened. */
  struct stat sb;
  if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 077) &&
      sb.st_uid == geteuid())
    (void)fchmod(fd, sb.st_mode & 0700);
  if (fd >= 0)
    close(fd);
  if (sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) !=
      SQLITE_OK) {
    if (d->db)
      db_fail(d, err, "open");
    else
      bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "", "cannot open the diary %s", path);
    goto fail;
  }
  sqlite3_extended_result_codes(d->db, 1);
  sqlite3_busy_timeout(d->db, 15000);
  if (sqlite3_db_readonly(d->db, "main") == 1) {
    /* A file we may not write: read it, creating nothing; a write then
     * fails with "read-only" naming the path. */
    close_reading(d);
    if (kind == FILE_SQLITE && version < READABLE_VERSION) {
      bbu_error_set(err, BB_EX_IOERR, "", 0, 0, "",
                    "cannot upgrade the diary %s from an older bedback: the file is read-only",
                    path);
      goto fail;
    }
    if (open_reading(d, wal_content) != SQLITE_OK) {
      db_fail(d, err, "open");
      goto fail;
    }
    return d;
  }
  if (exec(d, "PRAGMA foreign_keys=ON", err, "open") != 0 || set_wal(d, err) != 0 ||
      exec(d, "PRAGMA synchronous=FULL", err, "open") != 0)
    goto fail;
  if (int_query(d, "PRAGMA user_version", &version) != 0) {
    db_fail(d, err, "read");
    goto fail;
  }
  if (version != SCHEMA_VERSION && migrate(d, err) != 0)
    goto fail;
  return d;
fail:
  bb_diary_close(d);
  return NULL;
}

void bb_diary_close(bb_diary *d) {
  if (!d)
    return;
  close_reading(d);
  free(d->path);
  free(d);
}

/* ------------------------------------------------------------------ */
/* Writing */

static const char *const POSITIONS[] = {"side", "back", "stomach", "mixed"};

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
    long n = bbu_utf8_chars(e->note);
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

/* Runs one statement with text bound to ?1 and, when `two` is not NULL, to
 * ?2; 0 or -1. */
static int run_texts(bb_diary *d, const char *sql, const char *one, const char *two) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(st, 1, one, -1, SQLITE_STATIC);
  if (two)
    sqlite3_bind_text(st, 2, two, -1, SQLITE_STATIC);
  return step_done(st) ? 0 : -1;
}

/* Runs one statement with a date bound to ?1; 0 or -1. */
static int run_dated(bb_diary *d, const char *sql, const char *date) {
  return run_texts(d, sql, date, NULL);
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

/* Records each answer of the JSON object `answers` as a record of that
 * sign, dated `night` (NULL: the date of `when`) and recorded at `when`
 * (NULL: now). Which answers are warning signs is the reader's business:
 * the diary does not know the questions. */
static int record_signs(bb_diary *d, const char *answers, const char *night, const char *when,
                        const char *source) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(d->db,
                         "INSERT INTO signs(night,sign,value,source,recorded_at) SELECT"
                         " coalesce(?2,substr(coalesce(?3," NOW "),1,10)),j.key," SIGN_VALUE
                         ",?4,coalesce(?3," NOW ") FROM json_each(?1) j WHERE j.type<>'null'",
                         -1, &st, NULL) != SQLITE_OK)
    return -1;
  bind_text(st, 1, answers);
  bind_text(st, 2, night);
  bind_text(st, 3, when);
  bind_text(st, 4, source);
  return step_done(st) ? 0 : -1;
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
                         " note=coalesce(?7,note),"
                         /* a night's warning signs add up: one is taken
                          * away only by withdrawing it */
                         " symptoms=CASE WHEN ?8 IS NULL THEN symptoms WHEN symptoms IS NULL"
                         " THEN ?8 ELSE json_patch(symptoms,?8) END,"
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
  if (e->symptoms && record_signs(d, e->symptoms, date, NULL, "log") != 0)
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
  /* The answers of an assessment are records of each warning sign, as
   * old as the answers themselves (an answers file's time). */
  if (as->source && !strcmp(as->source, "assess") && as->answers_json &&
      record_signs(d, as->answers_json, NULL, as->answered, "assess") != 0)
    return write_failed(d, err);
  return commit(d, err);
}

/* Only answer keys (letters, digits, underscores) are signs: they go into
 * a JSON path. */
static bool sign_id_ok(const char *s) {
  if (!s || !*s || strlen(s) > 63)
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return false;
  return true;
}

int bb_diary_withdraw(bb_diary *d, int date, const char *sign, bb_error *err) {
  bb_error_clear(err);
  char night[11], path[80];
  bb_date_format(date, night);
  if (!sign_id_ok(sign)) {
    bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "sign", "'%s' is not a warning sign's id",
                  sign ? sign : "");
    return -1;
  }
  snprintf(path, sizeof path, "$.%s", sign);
  if (exec(d, "BEGIN IMMEDIATE", err, "write") != 0)
    return -1;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(d->db,
                         "SELECT 1 FROM entries e, json_each(e.symptoms) j WHERE e.date=?1 AND "
                         "json_valid(e.symptoms) AND j.key=?2",
                         -1, &st, NULL) != SQLITE_OK)
    return write_failed(d, err);
  sqlite3_bind_text(st, 1, night, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, sign, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc == SQLITE_DONE) {
    rollback(d);
    bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, sign,
                  "the night of %s has no warning sign '%s' logged; nothing was changed", night,
                  sign);
    return -1;
  }
  if (rc != SQLITE_ROW)
    return write_failed(d, err);
  /* The earlier version, with the sign, stays in the history with why it
   * was replaced; the entry loses the sign (and the assessment linked to
   * it when no sign is left); the withdrawal is the sign's newest record. */
  if (run_texts(d,
                "INSERT INTO entries_history(date,tightness,wake,position,routine,"
                "heat_minutes,note,updated_at,symptoms,assessment_id,replaced_at,reason)"
                " SELECT date,tightness,wake,position,routine,heat_minutes,note,"
                "updated_at,symptoms,assessment_id," NOW ",'withdrew '||?2"
                " FROM entries WHERE date=?1",
                night, sign) != 0 ||
      run_texts(d,
                "UPDATE entries SET symptoms=nullif(json_remove(symptoms,?2),'{}'),"
                " assessment_id=CASE WHEN json_remove(symptoms,?2)='{}' THEN NULL"
                " ELSE assessment_id END, updated_at=" NOW " WHERE date=?1",
                night, path) != 0 ||
      run_texts(d,
                "INSERT INTO signs(night,sign,value,source,recorded_at)"
                " VALUES(?1,?2,NULL,'withdraw'," NOW ")",
                night, sign) != 0)
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
  if (!kind || !*kind || strlen(kind) > 40 || (note && bbu_utf8_chars(note) > 200) ||
      (note && bbu_utf8_chars(note) < 0)) {
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

/* The day in column i, or -1 (and no day) when it is not a real date. */
static int col_date(sqlite3_stmt *st, int i, int *day) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t && bb_date_parse((const char *)t, day) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Rows as stored may be anything (a damaged file, the sqlite3 shell,
 * another program, an older bedback): each is checked before it reaches
 * the trend or a renderer, and what is wrong is said, naming the row. */

typedef struct {
  bbu_arena *a;
  bb_diary_view *v;
  size_t cap;
  int oom;
} reader;

static void warn(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(reader *r, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  bb_diary_view *v = r->v;
  if (v->nwarnings == r->cap) {
    const char **nw = bbu_arena_grow(r->a, v->warnings, v->nwarnings, &r->cap, sizeof *nw);
    if (!nw) {
      r->oom = 1;
      return;
    }
    v->warnings = nw;
  }
  const char *copy = bbu_arena_strdup(r->a, msg);
  if (!copy)
    r->oom = 1;
  else
    v->warnings[v->nwarnings++] = copy;
}

/* The stored text of a column as a person can read it in a message:
 * printable ASCII, the rest escaped, at most about 40 characters. */
static const char *shown(sqlite3_stmt *st, int i, char *buf, size_t size) {
  const unsigned char *t = sqlite3_column_text(st, i);
  if (!t)
    return "NULL";
  size_t o = 0;
  buf[o++] = '\'';
  for (; *t && o + 6 < size && o < 44; t++) {
    if (*t >= 0x20 && *t < 0x7f && *t != '\'')
      buf[o++] = (char)*t;
    else
      o += (size_t)snprintf(buf + o, size - o, "\\x%02X", *t);
  }
  if (*t && o + 4 < size)
    buf[o++] = '.', buf[o++] = '.', buf[o++] = '.';
  buf[o++] = '\'';
  buf[o] = '\0';
  return buf;
}

/* Text for a field: valid UTF-8 (invalid bytes shown as U+FFFD, with a
 * warning), so that no renderer has to drop it. */
static const char *col_utf8(reader *r, sqlite3_stmt *st, int i, const char *row, const char *what) {
  const unsigned char *t = sqlite3_column_text(st, i);
  if (!t)
    return NULL;
  const char *s = (const char *)t;
  char *out = bbu_utf8_chars(s) >= 0 ? bbu_arena_strdup(r->a, s) : NULL;
  if (!out && bbu_utf8_chars(s) < 0) {
    out = bbu_utf8_repair(r->a, s);
    warn(r, "%s: its %s is not valid UTF-8 text; shown with \xEF\xBF\xBD for the bad bytes", row,
         what);
  }
  if (!out)
    r->oom = 1;
  return out;
}

/* A 0..max integer column, or -1 (NULL); a bad value is left out. */
static int col_range(reader *r, sqlite3_stmt *st, int i, int max, const char *row,
                     const char *what) {
  if (sqlite3_column_type(st, i) == SQLITE_NULL)
    return -1;
  sqlite3_int64 v = sqlite3_column_int64(st, i);
  if (sqlite3_column_type(st, i) == SQLITE_INTEGER && v >= 0 && v <= max)
    return (int)v;
  char buf[64];
  warn(r, "%s: its %s %s is not a whole number from 0 to %d; shown without it", row, what,
       shown(st, i, buf, sizeof buf), max);
  return -1;
}

/* One row of the entries query into the next entry; 0, or -1 when the
 * row is left out (said why). `prev` is the previous entry's day. */
static int read_entry(reader *r, sqlite3_stmt *st, int prev, bb_entry *e) {
  char buf[64], row[96];
  int day;
  if (col_date(st, 0, &day) != 0) {
    warn(r, "the diary has an entry dated %s, which is not a date; it is left out",
         shown(st, 0, buf, sizeof buf));
    return -1;
  }
  snprintf(row, sizeof row, "the entry of %s", (const char *)sqlite3_column_text(st, 0));
  if (day <= prev) {
    warn(r, "%s repeats a night or is out of order; it is left out", row);
    return -1;
  }
  memset(e, 0, sizeof *e);
  e->date = day;
  sqlite3_int64 t = sqlite3_column_int64(st, 1);
  if (sqlite3_column_type(st, 1) != SQLITE_INTEGER || t < 0 || t > 10) {
    warn(r, "%s has the tightness %s, not a whole number from 0 to 10; it is left out", row,
         shown(st, 1, buf, sizeof buf));
    return -1;
  }
  e->tightness = (int)t;
  e->wake = col_range(r, st, 2, 10, row, "wake-up tightness");
  e->position = col_utf8(r, st, 3, row, "position");
  if (e->position) {
    bb_entry probe = {
        .date = day, .wake = -1, .routine = -1, .heat_minutes = -1, .position = e->position};
    if (bb_entry_check(&probe, NULL) != 0) {
      warn(r, "%s has the sleep position %s, not side, back, stomach or mixed; shown without it",
           row, shown(st, 3, buf, sizeof buf));
      e->position = NULL;
    }
  }
  e->routine = col_range(r, st, 4, 1, row, "routine");
  e->heat_minutes = col_range(r, st, 5, 1440, row, "heat minutes");
  e->symptoms = col_utf8(r, st, 6, row, "warning signs");
  e->note = col_utf8(r, st, 7, row, "note");
  e->triage = col_utf8(r, st, 8, row, "triage");
  e->versions = sqlite3_column_int(st, 9);
  e->rating = col_range(r, st, 10, 10, row, "routine rating");
  return 0;
}

#define ASSESSMENT_COLUMNS "SELECT id,created_at,source,level,kb_version,answers,assessment "

/* One row of ASSESSMENT_COLUMNS into r (its strings in the arena). */
static void fill_assessment(bbu_arena *a, sqlite3_stmt *st, bb_saved_assessment *r) {
  r->id = sqlite3_column_int64(st, 0);
  r->created = col_text(a, st, 1);
  r->source = col_text(a, st, 2);
  r->level = col_text(a, st, 3);
  r->kb_version = col_text(a, st, 4);
  r->answers_json = col_text(a, st, 5);
  r->assessment_json = col_text(a, st, 6);
}

static bb_saved_assessment *read_assessment(bb_diary *d, bbu_arena *a, int *failed) {
  sqlite3_stmt *st;
  *failed = 0;
  if (sqlite3_prepare_v2(d->db, ASSESSMENT_COLUMNS "FROM assessments ORDER BY id DESC LIMIT 1", -1,
                         &st, NULL) != SQLITE_OK) {
    *failed = 1;
    return NULL;
  }
  bb_saved_assessment *r = NULL;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && (r = bbu_arena_alloc(a, sizeof *r)) != NULL) {
    memset(r, 0, sizeof *r);
    fill_assessment(a, st, r);
  } else if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    *failed = 1;
  sqlite3_finalize(st);
  return r;
}

/* A zeroed struct of `size` bytes at the start of a new arena that holds
 * everything a read returns (the struct keeps the arena in its priv and
 * frees it with itself); NULL with "out of memory" in err. */
static void *new_in_arena(size_t size, bbu_arena **arena, bb_error *err) {
  *arena = bbu_arena_new();
  void *p = *arena ? bbu_arena_alloc(*arena, size) : NULL;
  if (!p) {
    bbu_arena_free(*arena);
    *arena = NULL;
    bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory");
    return NULL;
  }
  memset(p, 0, size);
  return p;
}

bb_diary_view *bb_diary_read(bb_diary *d, int weeks, bb_error *err) {
  bb_error_clear(err);
  bbu_arena *a;
  bb_diary_view *v = new_in_arena(sizeof *v, &a, err);
  if (!v)
    return NULL;
  v->priv = a;
  reader r = {a, v, 0, 0};
  sqlite3_stmt *st = NULL;
  /* One read transaction: a consistent picture while others write. */
  if (exec(d, "BEGIN", err, "read") != 0)
    goto out_fail;
  char from[11] = "0000-00-00";
  if (weeks > 0) {
    /* the window ends on the last real date (a bad one is skipped below) */
    if (sqlite3_prepare_v2(d->db, "SELECT max(date) FROM entries WHERE " REAL_DATE("date"), -1, &st,
                           NULL) != SQLITE_OK)
      goto fail;
    if (sqlite3_step(st) != SQLITE_ROW)
      goto fail;
    int last;
    if (col_date(st, 0, &last) == 0)
      bb_date_format(last - 7 * weeks + 1, from);
    sqlite3_finalize(st);
    st = NULL;
  }
  /* The entries of the window (all when weeks is 0). A date that is not a
   * date sorts anywhere as text, so the window is kept in C as well. */
  if (sqlite3_prepare_v2(d->db,
                         "SELECT "
                         "e.date,e.tightness,e.wake,e.position,e.routine,e.heat_minutes,"
                         "e.symptoms,e.note,a.level,"
                         "(SELECT count(*) FROM entries_history h WHERE h.date=e.date),"
                         "(SELECT rating FROM sessions s WHERE s.night=e.date AND "
                         "s.kind='routine' AND s.rating IS NOT NULL ORDER BY s.id DESC LIMIT 1) "
                         "FROM entries e LEFT JOIN assessments a ON a.id=e.assessment_id "
                         "WHERE e.date>=?1 OR NOT " REAL_DATE("e.date") " ORDER BY e.date",
                         -1, &st, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
  int first_day = 0, prev = INT32_MIN;
  if (weeks > 0)
    bb_date_parse(from, &first_day);
  size_t cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && !r.oom) {
    if (v->nentries == cap) {
      bb_entry *ne = bbu_arena_grow(a, v->entries, v->nentries, &cap, sizeof *ne);
      if (!ne)
        goto oom;
      v->entries = ne;
    }
    bb_entry *e = &v->entries[v->nentries];
    if (read_entry(&r, st, prev, e) == 0 && (weeks <= 0 || e->date >= first_day)) {
      prev = e->date;
      v->nentries++;
    }
  }
  sqlite3_finalize(st);
  st = NULL;
  if (r.oom)
    goto oom;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    goto fail;
  v->all_entries = weeks <= 0;
  if (sqlite3_prepare_v2(d->db,
                         "SELECT date,kind,note FROM setup_events WHERE date>=?1 OR NOT " REAL_DATE(
                             "date") " ORDER BY date,id",
                         -1, &st, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
  cap = 0;
  prev = INT32_MIN;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && !r.oom) {
    if (v->nevents == cap) {
      bb_setup_event *ne = bbu_arena_grow(a, v->events, v->nevents, &cap, sizeof *ne);
      if (!ne)
        goto oom;
      v->events = ne;
    }
    bb_setup_event *ev = &v->events[v->nevents];
    char buf[64], row[96];
    if (col_date(st, 0, &ev->date) != 0) {
      warn(&r, "the diary has a setup change dated %s, which is not a date; it is left out",
           shown(st, 0, buf, sizeof buf));
      continue;
    }
    snprintf(row, sizeof row, "the setup change of %s", (const char *)sqlite3_column_text(st, 0));
    if (ev->date < prev) {
      warn(&r, "%s is out of order; it is left out", row);
      continue;
    }
    ev->kind = col_utf8(&r, st, 1, row, "kind");
    ev->note = col_utf8(&r, st, 2, row, "note");
    if (!ev->kind) {
      warn(&r, "%s has no kind; it is left out", row);
      continue;
    }
    prev = ev->date;
    v->nevents++;
  }
  sqlite3_finalize(st);
  st = NULL;
  if (r.oom)
    goto oom;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    goto fail;
  int failed;
  v->assessment = read_assessment(d, a, &failed);
  if (failed)
    goto fail;
  /* Every record of every warning sign, oldest first, whatever the
   * window: a sign logged long ago still stands until it is cleared. */
  if (sqlite3_prepare_v2(d->db,
                         "SELECT night,sign,value,source,recorded_at FROM signs"
                         " ORDER BY recorded_at,id",
                         -1, &st, NULL) != SQLITE_OK)
    goto fail;
  cap = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && !r.oom) {
    if (v->nsigns == cap) {
      bb_sign_record *ns = bbu_arena_grow(a, v->signs, v->nsigns, &cap, sizeof *ns);
      if (!ns)
        goto oom;
      v->signs = ns;
    }
    bb_sign_record *sr = &v->signs[v->nsigns];
    sr->sign = col_text(a, st, 1);
    sr->value = col_text(a, st, 2);
    sr->source = col_text(a, st, 3);
    sr->recorded = col_text(a, st, 4);
    if (!sr->sign || !sr->source || !sr->recorded) {
      r.oom |= sqlite3_column_type(st, 1) != SQLITE_NULL && !sr->sign;
      continue; /* not a record at all (no sign, source or time) */
    }
    /* a warning sign is never dropped: a night that is not a date is an
     * unknown night ("on record") */
    if (col_date(st, 0, &sr->night) != 0) {
      char buf[64];
      warn(&r,
           "the warning sign %s is recorded for the night %s, which is not a date; it is "
           "shown as on record",
           sr->sign, shown(st, 0, buf, sizeof buf));
      sr->night = 0;
    }
    v->nsigns++;
  }
  sqlite3_finalize(st);
  st = NULL;
  if (r.oom)
    goto oom;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
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

/* ------------------------------------------------------------------ */
/* Taking things back: delete, undo, and the history that shows them.
 * Nothing is ever lost: a deleted or amended night's version goes to
 * entries_history (replaced_at says when), and undo brings the latest one
 * back, putting the version it replaces into the history in its turn, so
 * that an undo can itself be undone. */

static int entry_exists(bb_diary *d, const char *date) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM entries WHERE date=?1", -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int bb_diary_delete(bb_diary *d, int date, bb_error *err) {
  bb_error_clear(err);
  char ds[11];
  bb_date_format(date, ds);
  if (exec(d, "BEGIN IMMEDIATE", err, "write") != 0)
    return -1;
  int have = entry_exists(d, ds);
  if (have < 0)
    return write_failed(d, err);
  if (!have) {
    rollback(d);
    bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "date", "there is no entry for the night of %s",
                  ds);
    return -1;
  }
  if (run_dated(d, KEEP_HISTORY, ds) != 0 ||
      run_dated(d, "DELETE FROM entries WHERE date=?1", ds) != 0)
    return write_failed(d, err);
  return commit(d, err);
}

int bb_diary_undo(bb_diary *d, int date, bb_error *err) {
  bb_error_clear(err);
  char ds[11];
  bb_date_format(date, ds);
  if (exec(d, "BEGIN IMMEDIATE", err, "write") != 0)
    return -1;
  long long hid = -1;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(d->db, "SELECT max(id) FROM entries_history WHERE date=?1", -1, &st,
                         NULL) != SQLITE_OK)
    return write_failed(d, err);
  sqlite3_bind_text(st, 1, ds, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
    hid = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (hid < 0) {
    rollback(d);
    bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, "date",
                  "the night of %s has no earlier version to go back to", ds);
    return -1;
  }
  /* the version being replaced is kept, then the earlier one comes back */
  if (run_dated(d, KEEP_HISTORY, ds) != 0 ||
      run_dated(d, "DELETE FROM entries WHERE date=?1", ds) != 0)
    return write_failed(d, err);
  if (sqlite3_prepare_v2(d->db,
                         "INSERT INTO entries(date,tightness,wake,position,routine,heat_minutes,"
                         "note,symptoms,assessment_id,updated_at) SELECT date,tightness,wake,"
                         "position,routine,heat_minutes,note,symptoms,assessment_id,updated_at "
                         "FROM entries_history WHERE id=?1",
                         -1, &st, NULL) != SQLITE_OK)
    return write_failed(d, err);
  sqlite3_bind_int64(st, 1, hid);
  if (!step_done(st))
    return write_failed(d, err);
  if (sqlite3_prepare_v2(d->db, "DELETE FROM entries_history WHERE id=?1", -1, &st, NULL) !=
      SQLITE_OK)
    return write_failed(d, err);
  sqlite3_bind_int64(st, 1, hid);
  if (!step_done(st))
    return write_failed(d, err);
  return commit(d, err);
}

static int hist_int(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_INTEGER ? sqlite3_column_int(st, i) : -1;
}

bb_history *bb_diary_history(bb_diary *d, bb_error *err) {
  bb_error_clear(err);
  bbu_arena *a;
  bb_history *h = new_in_arena(sizeof *h, &a, err);
  if (!h)
    return NULL;
  h->priv = a;
  sqlite3_stmt *st = NULL;
  if (exec(d, "BEGIN", err, "read") != 0)
    goto out;
  /* every version of every night: the earlier ones in the order they were
   * replaced, then the current one (replaced NULL) */
  if (sqlite3_prepare_v2(d->db,
                         "SELECT date,tightness,wake,position,routine,heat_minutes,note,"
                         "updated_at,replaced_at,0 AS cur,id FROM entries_history "
                         "UNION ALL SELECT date,tightness,wake,position,routine,heat_minutes,"
                         "note,updated_at,NULL,1,0 FROM entries ORDER BY 1,10,11",
                         -1, &st, NULL) != SQLITE_OK)
    goto fail;
  size_t cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (h->nversions == cap) {
      bb_entry_version *nv = bbu_arena_grow(a, h->versions, h->nversions, &cap, sizeof *nv);
      if (!nv)
        goto oom;
      h->versions = nv;
    }
    bb_entry_version *v = &h->versions[h->nversions++];
    memset(v, 0, sizeof *v);
    v->entry.rating = -1;
    if (col_date(st, 0, &v->entry.date) != 0) {
      h->nversions--; /* not a date: the reader of the entries names it */
      continue;
    }
    v->entry.tightness = sqlite3_column_int(st, 1);
    v->entry.wake = hist_int(st, 2);
    v->entry.position = col_text(a, st, 3);
    v->entry.routine = hist_int(st, 4);
    v->entry.heat_minutes = hist_int(st, 5);
    v->entry.note = col_text(a, st, 6);
    v->saved = col_text(a, st, 7);
    v->replaced = col_text(a, st, 8);
  }
  sqlite3_finalize(st);
  st = NULL;
  if (rc != SQLITE_DONE)
    goto fail;
  if (sqlite3_prepare_v2(d->db, ASSESSMENT_COLUMNS "FROM assessments ORDER BY id DESC", -1, &st,
                         NULL) != SQLITE_OK)
    goto fail;
  cap = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (h->nassessments == cap) {
      bb_saved_assessment *na =
          bbu_arena_grow(a, h->assessments, h->nassessments, &cap, sizeof *na);
      if (!na)
        goto oom;
      h->assessments = na;
    }
    bb_saved_assessment *r = &h->assessments[h->nassessments++];
    memset(r, 0, sizeof *r);
    fill_assessment(a, st, r);
  }
  sqlite3_finalize(st);
  st = NULL;
  if (rc != SQLITE_DONE)
    goto fail;
  exec(d, "COMMIT", NULL, "read");
  return h;
oom:
  sqlite3_finalize(st);
  rollback(d);
  bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory");
  bbu_arena_free(a);
  return NULL;
fail:
  sqlite3_finalize(st);
  db_fail(d, err, "read");
  rollback(d);
out:
  bbu_arena_free(a);
  return NULL;
}

void bb_history_free(bb_history *h) {
  if (h)
    bbu_arena_free(h->priv);
}
