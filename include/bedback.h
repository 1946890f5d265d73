/*
 * bedback.h -- the bedback library, written as its manual.
 *
 * bedback helps people whose back feels tight when they lie down: it reads
 * their answers to a short interview, spots the warning signs that need a
 * doctor now, ranks what is most likely feeding the tightness, and builds a
 * plan. It does not diagnose.
 *
 * Data flows one way:
 *
 *     answers (JSON or typed in)  ->  bb_answers      (validated findings)
 *     knowledge base (kb/ JSON)   ->  bb_kb           (rules, wording, sources)
 *     bb_assess(kb, answers)      ->  bb_assessment   (pure: no I/O, no clock)
 *     bb_render(assessment, fmt)  ->  bytes           (text, JSON, Markdown)
 *
 * OWNERSHIP -- the one rule, stated once:
 *
 *     A pointer a function returns without `const` is the caller's: a
 *     `char *` is released with free(), a `bb_X *` with its type's
 *     release function (bb_diary_close for a bb_diary, bb_X_free for every
 *     other). A `const` pointer a function returns is borrowed from the
 *     object passed in and stays valid until that object is freed; never
 *     free it.
 *
 * THREADS: every function is reentrant. A bb_kb is read-only after loading
 * and may be shared by any number of threads assessing at once; a
 * bb_answers or bb_assessment belongs to one thread at a time.
 *
 * ERRORS: functions that can fail take a `bb_error *` (may be NULL) and fill
 * it with one human sentence plus its context (file, line, column, key) and
 * the exit status a program should use. Nothing is allocated for an error.
 */
#ifndef BEDBACK_H
#define BEDBACK_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------
 * Version information
 * ------------------------------------------------------------------- */

#define BEDBACK_VERSION "0.1.0"

/* The library version, BEDBACK_VERSION of the build. */
const char *bb_version(void);

/* ---------------------------------------------------------------------
 * Exit statuses (sysexits.h values), used by the command line and carried
 * in bb_error.status.
 * ------------------------------------------------------------------- */

enum {
  BB_EX_OK = 0,        /* success */
  BB_EX_USAGE = 64,    /* the command was used wrongly */
  BB_EX_DATAERR = 65,  /* the answers (or other input data) are invalid */
  BB_EX_NOINPUT = 66,  /* an input file does not exist or cannot be opened */
  BB_EX_SOFTWARE = 70, /* an internal error: a bug in bedback */
  BB_EX_IOERR = 74,    /* reading or writing failed */
  BB_EX_CONFIG = 78    /* the knowledge base or configuration is broken */
};

/* ---------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------- */

typedef struct bb_error {
  int status;        /* one of BB_EX_*; 0 when there is no error */
  char file[256];    /* file (or "<stdin>", "<builtin>/questions.json"), or "" */
  int line;          /* 1-based line, 0 when not known */
  int column;        /* 1-based column, 0 when not known */
  char key[64];      /* the answer key or knowledge-base id concerned, or "" */
  char message[512]; /* one sentence, no trailing newline, no location */
} bb_error;

/* Receives each error when a function reports more than one (the
 * knowledge-base validator, the answers parser). `e` is only valid during
 * the call. */
typedef void (*bb_diag_fn)(const bb_error *e, void *userdata);

/* Resets `e` to "no error". */
void bb_error_clear(bb_error *e);

/* Writes "file:line:column: message" (leaving out what is unknown) into
 * `buf`, truncating to `size`. Returns the length it wanted to write. */
size_t bb_error_format(const bb_error *e, char *buf, size_t size);

/* ---------------------------------------------------------------------
 * Knowledge base
 *
 * All clinical content -- questions, triage flags, causes, advice,
 * exercises, sources -- lives in the knowledge base (the kb folder), embedded
 * into the library at build time. Loading parses and validates it and
 * compiles every condition once.
 * ------------------------------------------------------------------- */

typedef struct bb_kb bb_kb;

/* One knowledge-base file held in memory. */
typedef struct bb_kb_file {
  const char *name; /* e.g. "questions.json", used in error locations */
  const char *text;
  size_t length;
} bb_kb_file;

/* The knowledge base built into the library: kb/ as it was at build time,
 * validated and compiled to C data then (a broken kb/ fails the build), so
 * this costs nothing: it returns the same read-only knowledge base every
 * time, shareable between threads; bb_kb_free on it does nothing. */
bb_kb *bb_kb_load_builtin(bb_error *err);

/* Loads a knowledge base from the JSON files of directory `dir`. Stops at
 * the first problem: BB_EX_NOINPUT when `dir` does not exist, BB_EX_IOERR
 * when a file cannot be read, BB_EX_CONFIG (with file, line and column)
 * when a file is missing from it or invalid. */
bb_kb *bb_kb_load_dir(const char *dir, bb_error *err);

/* Loads a knowledge base from files in memory (pure: no I/O). Every
 * problem found is passed to `each` (may be NULL); the first is also left
 * in `err`. Returns NULL when there was any problem. */
bb_kb *bb_kb_load_files(const bb_kb_file *files, size_t nfiles, bb_error *err, bb_diag_fn each,
                        void *userdata);

/* Validates the knowledge base in `dir` (the built-in one when `dir` is
 * NULL) and passes every problem to `each`. Returns the number of
 * problems: 0 means valid. I/O failures count as problems. */
size_t bb_kb_check(const char *dir, bb_diag_fn each, void *userdata);

void bb_kb_free(bb_kb *kb);

/* The knowledge-base version string, e.g. "2026.11-1". */
const char *bb_kb_version(const bb_kb *kb);

/* ---------------------------------------------------------------------
 * Questions (the answers vocabulary, spec/answers.md)
 *
 * Questions are listed in interview order: warning signs first.
 * ------------------------------------------------------------------- */

typedef struct bb_question bb_question;

typedef enum { BB_BOOLEAN, BB_INTEGER, BB_NUMBER, BB_CHOICE } bb_type;

size_t bb_kb_question_count(const bb_kb *kb);
const bb_question *bb_kb_question(const bb_kb *kb, size_t i);
/* NULL when `id` is not a question. */
const bb_question *bb_kb_find_question(const bb_kb *kb, const char *id);

const char *bb_question_id(const bb_question *q);
bb_type bb_question_type(const bb_question *q);
const char *bb_question_text(const bb_question *q); /* what is asked */
/* A few words for reports ("new weakness in a leg or foot"). */
const char *bb_question_label(const bb_question *q);
const char *bb_question_help(const bb_question *q);    /* shown on '?' */
const char *bb_question_section(const bb_question *q); /* "warning", ... */
const char *bb_question_unit(const bb_question *q);    /* "cm", or "" */
bool bb_question_is_warning(const bb_question *q);     /* a red-flag question */
/* A warning question about the past (a cancer history, long steroid use,
 * osteoporosis): asked in the assessment, never as a NEW sign in the
 * nightly checklist. */
bool bb_question_is_history(const bb_question *q);
/* Allowed range of BB_INTEGER and BB_NUMBER questions. */
double bb_question_min(const bb_question *q);
double bb_question_max(const bb_question *q);
/* Choices of BB_CHOICE questions, in the order of the spec. */
size_t bb_question_choice_count(const bb_question *q);
const char *bb_question_choice(const bb_question *q, size_t i);
/* What to show a person for choice i ("yes, in one leg"); the choice
 * itself when the knowledge base gives no label. */
const char *bb_question_choice_label(const bb_question *q, size_t i);
/* The index of the choice that means "does not know" (an answer with it
 * is unknown, as no answer is), or -1 when the question has none. */
int bb_question_unknown_choice(const bb_question *q);

/* ---------------------------------------------------------------------
 * Answers
 * ------------------------------------------------------------------- */

typedef struct bb_answers bb_answers;

/* An empty set of answers (everything unknown) for `kb`, which must
 * outlive it. */
bb_answers *bb_answers_new(const bb_kb *kb);

/* The largest answers text bb_answers_parse reads (64 MiB): larger is an
 * error without being parsed. */
#define BB_ANSWERS_MAX_BYTES (64u << 20)
/* How many problems bb_answers_parse passes to `each` one by one. */
#define BB_ANSWERS_MAX_DIAGS 20

/* Parses and validates one JSON answers object (spec/answers.md). Unknown
 * or misspelt keys, keys given twice, wrong types, values out of range,
 * fractions for integer questions and unknown choices are errors naming
 * the key, the value and what is allowed (BB_EX_DATAERR). The first
 * BB_ANSWERS_MAX_DIAGS errors are passed to `each` (may be NULL), then,
 * when there were more, one saying "... and N more problems"; the first is
 * left in `err`. `name` is used in locations ("answers.json", "<stdin>").
 * NULL on any error. Time and memory are linear in `len`, which may be at
 * most BB_ANSWERS_MAX_BYTES. */
bb_answers *bb_answers_parse(const bb_kb *kb, const char *json, size_t len, const char *name,
                             bb_error *err, bb_diag_fn each, void *userdata);

/* Sets answer `id` from text a person typed: "yes"/"no", "38", "one leg"
 * or "one_leg", a choice's number ("2"), or "unknown" where allowed.
 * Returns 0, or -1 with `err` explaining what is allowed. */
int bb_answers_set_text(bb_answers *a, const char *id, const char *text, bb_error *err);

/* Forgets answer `id` (it becomes unknown). */
void bb_answers_clear(bb_answers *a, const char *id);

/* True when `id` has an answer (the choice "unknown" counts as none). */
bool bb_answers_known(const bb_answers *a, const char *id);

/* Whether question `q` applies given the answers so far: its knowledge-base
 * `ask_when` is true or absent. An interview asks only questions that
 * apply (knee-pillow questions follow the sleep position). */
bool bb_question_applies(const bb_answers *a, const bb_question *q);

/* Question `q`'s ask_when as a JSON tree, so that a page can show and
 * hide questions as they are answered with the logic of
 * bb_question_applies (tests/web/askwhen: the browser's and the library's
 * decisions are compared); NULL when it always applies. Each node is a
 * literal (a number, true/false, or a string: a choice) or an array:
 * ["q", id] the answer (unknown when not answered or answered with the
 * question's unknown choice), ["known", id], ["unknown", id],
 * ["and"|"or", a, b], ["not", a] (Kleene's three-valued logic: a value
 * that is not true or false is unknown), ["in", a, [literals]],
 * ["count", conditions...] (how many are true), ["neg", a],
 * ["+"|"-"|"*"|"/"|"=="|"!="|"<"|"<="|">"|">=", a, b] (unknown when a
 * side is unknown; x/0 unknown), and results only assessments know
 * (["level"], ["flag_count"], ["flag"|"cause"|"top3", id]: unknown).
 * Caller frees. */
char *bb_question_condition_json(const bb_kb *kb, const bb_question *q);

/* The answers as a JSON object (keys in question order, answered ones
 * only), suitable for --answers. Caller frees. */
char *bb_answers_to_json(const bb_answers *a);

void bb_answers_free(bb_answers *a);

/* ---------------------------------------------------------------------
 * Assessment (spec/assessment.md)
 *
 * bb_assess is pure: it reads the knowledge base and the answers and
 * builds a new assessment; no I/O, no globals, no clock.
 * ------------------------------------------------------------------- */

typedef struct bb_assessment bb_assessment;

typedef enum { BB_SELF_CARE = 0, BB_CONSULT = 1, BB_URGENT = 2, BB_EMERGENCY = 3 } bb_level;

/* "self_care", "consult", "urgent" or "emergency". */
const char *bb_level_name(bb_level level);

/* Assesses `answers` with `kb`. NULL (status BB_EX_SOFTWARE) only on
 * allocation failure or an internal inconsistency. */
bb_assessment *bb_assess(const bb_kb *kb, const bb_answers *answers, bb_error *err);
void bb_assessment_free(bb_assessment *as);

bb_level bb_assessment_level(const bb_assessment *as);
/* What to do at that level, in one or two sentences (triage.headline of
 * spec/assessment.md), from the knowledge base: borrowed. */
const char *bb_assessment_headline(const bb_assessment *as);
/* Fired triage flags, highest level first. */
size_t bb_assessment_flag_count(const bb_assessment *as);
const char *bb_assessment_flag_id(const bb_assessment *as, size_t i);
/* Warning-sign questions with no answer, in the order of the spec. */
size_t bb_assessment_unasked_count(const bb_assessment *as);
const char *bb_assessment_unasked_id(const bb_assessment *as, size_t i);
/* Listed causes, ranked. */
size_t bb_assessment_cause_count(const bb_assessment *as);
const char *bb_assessment_cause_id(const bb_assessment *as, size_t i);
double bb_assessment_cause_score(const bb_assessment *as, size_t i);
/* Recommendations, in order. */
size_t bb_assessment_recommendation_count(const bb_assessment *as);
const char *bb_assessment_recommendation_id(const bb_assessment *as, size_t i);
/* Bedtime routine steps (exercise ids), in order. */
size_t bb_assessment_routine_count(const bb_assessment *as);
const char *bb_assessment_routine_id(const bb_assessment *as, size_t i);

/* ---------------------------------------------------------------------
 * Rendering
 * ------------------------------------------------------------------- */

typedef enum {
  BB_FORMAT_TEXT, /* for people: 80 columns, reads well in a file */
  BB_FORMAT_JSON, /* the contract, spec/assessment.md */
  BB_FORMAT_MARKDOWN,
  BB_FORMAT_HTML /* one self-contained printable page (inline CSS and SVG),
                    XHTML syntax: for the person and their doctor */
} bb_format;

/* Render flags. */
#define BB_RENDER_COLOR                                                                            \
  0x1u /* ANSI colour (text only); the caller decides:                                             \
          a terminal, and NO_COLOR not set */

/* BB_FORMAT_HTML only: the assessment as a fragment to embed in a page --
 * one <section class="bb-a"> with no <html>, <head> or <style> and no
 * inline style at all (a page with a strict Content-Security-Policy can
 * show it), styled by the page with bb_render_html_css(). The same
 * rendering as the whole page's body: one rendering of an assessment. */
#define BB_RENDER_FRAGMENT 0x4u

/* The style sheet of the HTML rendering's fragment (the rules the whole
 * page carries inline), for a page that embeds the fragment to serve as a
 * file. Static; never free it. */
const char *bb_render_html_css(void);

/* Parses "text", "json", "markdown" (or "md") or "html". Returns -1 when
 * unknown. */
int bb_format_parse(const char *name, bb_format *out);

/* The assessment in `format`. Caller frees. NULL only on allocation
 * failure. Text, Markdown and HTML speak in words (the knowledge base's
 * labels and titles); ids appear only in JSON. Markdown and HTML begin,
 * after the triage and its reasons, with the answers in words (question
 * and answer) for a doctor. */
char *bb_render(const bb_assessment *as, bb_format format, unsigned flags);

/* The same, dated: Markdown and HTML say "made on DATE" (`today`, a day
 * number, see Dates). The date is the caller's: the library reads no
 * clock. Text and JSON are as bb_render's. Caller frees. */
char *bb_render_dated(const bb_assessment *as, bb_format format, unsigned flags, int today);
/* The triage part of the text: the level banner with what to do, the
 * warning signs not asked, the reasons, and who to see and what to tell
 * them -- what `bedback log` prints for a warning sign, the same block as
 * the top of bb_render's text. Word-wrapped to `width` columns (80 when
 * `width` is below 40). Caller frees. */
char *bb_render_triage(const bb_assessment *as, unsigned flags, int width);

/* The question list (for `bedback questions`, web forms, FHIR): text or
 * JSON. Caller frees. */
char *bb_render_questions(const bb_kb *kb, bb_format format);

/* The whole knowledge base as one document for a clinician to review
 * (Markdown; `bedback kb show`). Caller frees. */
char *bb_render_kb(const bb_kb *kb);
/* One piece of advice of the knowledge base as text (its text, why and
 * evidence, 80 columns), for commands that point to it without an
 * assessment (`bedback fit --position stomach`). Placeholders and guards
 * are not filled: use it for advice that has none. NULL when `id` is not
 * a recommendation. Caller frees. */
char *bb_render_advice(const bb_kb *kb, const char *id);

/* ---------------------------------------------------------------------
 * Exercises (the bedtime routine's steps, from the knowledge base)
 * ------------------------------------------------------------------- */

typedef struct bb_exercise bb_exercise;

/* NULL when `id` is not an exercise of `kb`. Borrowed from `kb`. */
const bb_exercise *bb_kb_find_exercise(const bb_kb *kb, const char *id);
const char *bb_exercise_id(const bb_exercise *x);
const char *bb_exercise_title(const bb_exercise *x);
const char *bb_exercise_dosage(const bb_exercise *x); /* "Hold 20-30 s ..." */
size_t bb_exercise_step_count(const bb_exercise *x);
const char *bb_exercise_step(const bb_exercise *x, size_t i);
size_t bb_exercise_caution_count(const bb_exercise *x);
const char *bb_exercise_caution(const bb_exercise *x, size_t i);
/* How to time it; 0 when not applicable. An exercise has either a hold
 * (seconds, done `repetitions` times, on each side when `each_side`) or a
 * duration in minutes (heat). */
int bb_exercise_hold_seconds(const bb_exercise *x);
int bb_exercise_repetitions(const bb_exercise *x);
int bb_exercise_minutes(const bb_exercise *x);
bool bb_exercise_each_side(const bb_exercise *x);
/* Every exercise of the knowledge base, in routine order: i from 0 to
 * bb_kb_exercise_count(kb) - 1 (NULL past the end). Borrowed from `kb`. */
size_t bb_kb_exercise_count(const bb_kb *kb);
const bb_exercise *bb_kb_exercise(const bb_kb *kb, size_t i);

/* The exercise's figure: its start and end pose, a person seen from the
 * side (head left) on a bed or the floor, side by side in one SVG
 * document (480 x 150 user units; scale it with CSS: it reads at 360 px
 * wide). Drawn from the knowledge base's "figure" data (docs/
 * knowledge-base.md). Accessible: role="img", a <title> (the exercise's
 * title) and a <desc> (bb_exercise_figure_text); self-contained: no
 * external reference, no script, no style sheet, no id, so it can be
 * inlined in a page any number of times. Its colours keep 3:1 contrast on
 * a white and on a black background; the white halos that keep limbs
 * apart carry class="bb-fig-halo", so a page on another background sets
 * `.bb-fig-halo{stroke:BACKGROUND}`; text is currentColor. What moves is
 * drawn in blue in the end pose, with a dashed line where it started.
 * Flags: BB_FIGURE_BACKGROUND paints a white background (a standalone
 * file, a PNG). Caller frees; NULL when the exercise has no figure or on
 * allocation failure. */
#define BB_FIGURE_BACKGROUND 1u
char *bb_exercise_figure_svg(const bb_exercise *x, unsigned flags);
/* The figure in words, for screen readers and text output: "Start: <the
 * start pose's caption> End: <the end pose's caption>". Caller frees;
 * NULL as bb_exercise_figure_svg. */
char *bb_exercise_figure_text(const bb_exercise *x);

/* ---------------------------------------------------------------------
 * Dates
 *
 * The diary counts in whole days: a date is the number of days since
 * 1970-01-01 in the proleptic Gregorian calendar (negative before). Pure
 * functions, no time zone: the caller decides what "today" is.
 * ------------------------------------------------------------------- */

/* Parses exactly "YYYY-MM-DD" (years 1900-9999) into a day number.
 * Returns 0, or -1 when the text is not such a date or the date does not
 * exist (2026-02-30). */
int bb_date_parse(const char *text, int *day);
/* Writes "YYYY-MM-DD" into `buf` (at least 11 bytes). */
void bb_date_format(int day, char buf[11]);
int bb_date_from_ymd(int year, int month, int mday);
/* The night a moment belongs to: before noon counts as the night that began
 * the evening before ("last night"), from noon on it is tonight. `today` is
 * the local calendar date, `hour` the local hour 0-23. */
int bb_night_of(int today, int hour);
/* A time as the diary stores it ("2026-12-02T21:05:00Z", UTC) as local
 * time for people ("2026-12-02 22:05 CET") into `buf`. The one call of
 * this section that reads the process's time zone (TZ): for the front
 * ends' display, never used by the assessment. 0, or -1 when `utc` is not
 * such a time or `buf` is too small. */
int bb_time_local(const char *utc, char *buf, size_t size);

/* ---------------------------------------------------------------------
 * Diary (docs/diary.md)
 *
 * One SQLite database per person holds one entry per night, the earlier
 * versions of amended entries, dated changes to the sleep setup, the
 * routine and heat sessions, and saved assessments. The diary stores; it
 * never decides: the trend verdict is bb_trend_compute's (pure), triage is
 * bb_assess's.
 *
 * Every write is one transaction: it happens entirely or not at all, and
 * once a function returned 0 the data survives the process being killed.
 * Two processes may write at once (WAL, a busy timeout).
 * ------------------------------------------------------------------- */

typedef struct bb_diary bb_diary;

/* Where the diary lives: `flag` (the --db option) when not NULL, else the
 * environment's BEDBACK_DB, else $XDG_DATA_HOME/bedback/diary.db, else
 * $HOME/.local/share/bedback/diary.db. Writes the path into `buf`.
 * Returns 0, or -1 (status BB_EX_CONFIG) when none of these is set. */
int bb_diary_locate(const char *flag, char *buf, size_t size, bb_error *err);

#define BB_DIARY_NOCREATE 0x1u /* open an existing diary only; never create one */
#define BB_DIARY_READONLY 0x2u /* read only: creates, converts and changes nothing */

/* Opens (creating it, its folder 0700 and the file 0600, unless
 * BB_DIARY_NOCREATE or BB_DIARY_READONLY) and migrates the diary at `path`.
 *
 * Nothing but a bedback diary is touched. Before SQLite sees the path it
 * must be a regular file (a symbolic link is not followed; a device, FIFO
 * or socket is refused) that is empty or an SQLite database whose
 * application_id is bedback's (or, through its WAL, an empty database);
 * its -wal and -shm, when present, must be regular files of this user.
 * Only then are its permissions tightened to the owner's. An empty file
 * or database is "no diary yet" for NOCREATE and READONLY, a new diary
 * otherwise. READONLY opens create no file at all (no -wal or -shm): an
 * immutable read when the WAL holds nothing, SQLite's mode=ro when it
 * does, so nothing just logged is missed; reading works on a full disk.
 *
 * Failures: BB_EX_DATAERR with one sentence naming the file when it is
 * not a bedback diary (text, another program's database, a link, a
 * device, a FIFO) or is newer than this program, nothing changed;
 * BB_EX_NOINPUT when NOCREATE/READONLY and there is no diary; BB_EX_IOERR
 * with the path and the reason otherwise. Caller closes with
 * bb_diary_close. */
bb_diary *bb_diary_open(const char *path, unsigned flags, bb_error *err);
void bb_diary_close(bb_diary *d);
const char *bb_diary_path(const bb_diary *d);
/* The schema version this library writes (PRAGMA user_version). */
int bb_diary_schema_version(void);

/* One night. Text fields are borrowed (when writing) or owned by the list
 * they come from (when reading). -1 / NULL mean "not given". */
typedef struct bb_entry {
  int date;             /* the night, a day number (see Dates) */
  int tightness;        /* 0-10, required */
  int wake;             /* tightness on waking 0-10, or -1 */
  const char *position; /* "side", "back", "stomach", "mixed", or NULL */
  int routine;          /* 1 done, 0 not done, -1 not said */
  int heat_minutes;     /* 0-120, or -1 */
  const char *symptoms; /* new warning signs: a JSON answers object, or NULL */
  const char *note;     /* at most BB_NOTE_MAX characters, or NULL */
  const char *triage;   /* (read) level of the assessment stored with it */
  int versions;         /* (read) earlier versions kept in the history */
  int rating;           /* (read) 0-10 given after the night's latest rated
                           routine, or -1 */
} bb_entry;

#define BB_NOTE_MAX 1000 /* characters (UTF-8 code points) */

/* Checks an entry before it is written: ranges, the position, the note's
 * length and encoding. Returns 0, or -1 with BB_EX_DATAERR naming the
 * field. bb_diary_log calls it too. Pure. */
int bb_entry_check(const bb_entry *e, bb_error *err);

/* An assessment to store: the strings are borrowed. */
typedef struct bb_saved_assessment {
  const char *source; /* "assess" or "log" */
  const char *level;  /* bb_level_name() of it */
  const char *kb_version;
  const char *answers_json;    /* bb_answers_to_json() */
  const char *assessment_json; /* bb_render(..., BB_FORMAT_JSON, 0) */
  const char *created;         /* (read) UTC time "YYYY-MM-DDTHH:MM:SSZ" */
  long long id;                /* (read) */
  /* (write) when the answers were given, UTC "YYYY-MM-DDTHH:MM:SSZ": an
   * answers file's modification time; NULL: now. Each answer is stored
   * as a record of that sign of this age, so an answers file older than
   * a logged warning sign does not supersede it. */
  const char *answered;
} bb_saved_assessment;

/* Writes the entry for e->date. When the night already has an entry, it
 * is amended: the fields given replace the stored ones, the ones not given
 * (-1, NULL) are kept, and the earlier version goes to the history table.
 * When `as` is not NULL it is stored in the same transaction and linked to
 * the entry. Returns 0, or -1 with `err` (BB_EX_DATAERR for a bad entry,
 * nothing written; BB_EX_IOERR with path and reason). */
/* An assessment made ready to store: the record and the two JSON texts it
 * borrows, owned here, so that every front end stores the same thing. */
typedef struct bb_saved_texts {
  bb_saved_assessment rec;
  char *answers_json;    /* bb_answers_to_json() of the answers */
  char *assessment_json; /* bb_render(..., BB_FORMAT_JSON, 0) */
} bb_saved_texts;

/* Fills `t` for `as`, the assessment of answers `a`: `source` and
 * `answered` as in bb_saved_assessment. 0, or -1 when out of memory (then
 * `t` holds nothing to free). Release with bb_saved_texts_clear. */
int bb_saved_texts_init(bb_saved_texts *t, const char *source, const bb_kb *kb, const bb_answers *a,
                        const bb_assessment *as, const char *answered);
/* Frees the texts of `t` (a zeroed or failed one too) and zeroes it. */
void bb_saved_texts_clear(bb_saved_texts *t);

int bb_diary_log(bb_diary *d, const bb_entry *e, const bb_saved_assessment *as, bb_error *err);

/* Stores an assessment on its own (`bedback assess --save`). With source
 * "assess", each of its answers is also stored as a record of that sign,
 * dated as->answered. */
int bb_diary_save_assessment(bb_diary *d, const bb_saved_assessment *as, bb_error *err);

/* Withdraws warning sign `sign` (its answer key) logged by mistake on
 * night `date`: the entry's earlier version goes to the history with the
 * reason "withdrew SIGN", the sign leaves the entry (and the assessment
 * linked to it, when no sign is left), and the withdrawal becomes the
 * sign's newest record, so that it no longer stands. BB_EX_DATAERR when
 * that night has no such sign logged (nothing changed). */
int bb_diary_withdraw(bb_diary *d, int date, const char *sign, bb_error *err);

/* Records a guided session on night `date`: kind "routine" (with a 0-10
 * `rating`, or -1) or "heat" (with `minutes`). The night's entry, when
 * there is one, is amended (routine done / heat minutes added, the earlier
 * version kept); an entry logged later for that night takes them over
 * when it does not say otherwise. */
int bb_diary_log_session(bb_diary *d, int date, const char *kind, int minutes, int rating,
                         bb_error *err);

/* Records a change to the sleep setup on `date`: `kind` is a short word
 * ("mattress", "pillow", "knee_pillow", "topper", "other"), `note` may be
 * NULL. */
int bb_diary_add_event(bb_diary *d, int date, const char *kind, const char *note, bb_error *err);

/* A change to the sleep setup. */
typedef struct bb_setup_event {
  int date;
  const char *kind;
  const char *note; /* or NULL */
} bb_setup_event;

/* One record of one warning sign, as stored: logged with a night
 * (source "log"), an answer of a saved assessment ("assess"), or a
 * withdrawal ("withdraw", value NULL). */
typedef struct bb_sign_record {
  int night;            /* the night logged; for "assess", the day answered */
  const char *sign;     /* the answer key (any answer of an assessment) */
  const char *value;    /* as typed answers spell it: "yes", "no", "both_legs" */
  const char *source;   /* "log", "assess" or "withdraw" */
  const char *recorded; /* UTC time it was recorded (answered, for "assess") */
} bb_sign_record;

/* What was read from a diary. Owns everything it points to. */
typedef struct bb_diary_view {
  bb_entry *entries; /* ascending by date, one per night */
  size_t nentries;
  bb_setup_event *events; /* ascending by date */
  size_t nevents;
  bool all_entries;                /* every entry was read (weeks 0), not a window */
  bb_saved_assessment *assessment; /* the latest, or NULL */
  bb_sign_record *signs;           /* every record of every sign, oldest first */
  size_t nsigns;
  /* Rows that could not be shown as stored (a damaged file, another
   * program's writes): one sentence each naming the row and what was done
   * -- left out (a date that is not a date, a second entry for a night, a
   * tightness outside 0-10) or shown without the bad field, text with
   * invalid UTF-8 shown with U+FFFD. Everything else is shown. */
  const char **warnings;
  size_t nwarnings;
  void *priv;
} bb_diary_view;

/* Reads the entries and setup changes of the last `weeks` weeks up to the
 * last entry (all of them when `weeks` is 0), the latest assessment, and
 * every record of the warning signs (whatever the window).
 * Only the window is read, so a long diary costs no more than a short one.
 * Caller frees with bb_diary_view_free. */
bb_diary_view *bb_diary_read(bb_diary *d, int weeks, bb_error *err);
void bb_diary_view_free(bb_diary_view *v);

/* The latest stored assessment, or NULL when none (err->status 0) or on
 * error. Caller frees with bb_saved_assessment_free. */
bb_saved_assessment *bb_diary_last_assessment(bb_diary *d, bb_error *err);
void bb_saved_assessment_free(bb_saved_assessment *a);

/* Taking things back. Nothing is lost: a deleted or amended night's
 * version goes to the history, and undo brings back the latest earlier
 * version of a night (deleted or amended), keeping the one it replaces in
 * the history, so an undo can be undone too.
 * bb_diary_delete: -1 with BB_EX_DATAERR when the night has no entry;
 * bb_diary_undo: -1 with BB_EX_DATAERR when it has no earlier version. */
int bb_diary_delete(bb_diary *d, int date, bb_error *err);
int bb_diary_undo(bb_diary *d, int date, bb_error *err);

/* One version of a night: the entry as it was, when it was written and
 * when it was replaced or deleted (UTC "YYYY-MM-DDTHH:MM:SSZ"). */
typedef struct bb_entry_version {
  bb_entry entry;       /* symptoms, triage and versions are not filled */
  const char *saved;    /* when this version was written */
  const char *replaced; /* NULL: the current version */
} bb_entry_version;

/* Everything the diary keeps of its past. Owns what it points to. */
typedef struct bb_history {
  bb_entry_version *versions; /* by night; a night's earlier versions oldest first,
                           then its current one (a deleted night has none) */
  size_t nversions;
  bb_saved_assessment *assessments; /* every saved assessment, newest first */
  size_t nassessments;
  void *priv;
} bb_history;

/* Reads the history (one read transaction). Caller frees with
 * bb_history_free. */
bb_history *bb_diary_history(bb_diary *d, bb_error *err);
void bb_history_free(bb_history *h);

/* ---------------------------------------------------------------------
 * Trend (docs/diary.md, normative rules in issue 4)
 * ------------------------------------------------------------------- */

typedef enum { BB_TOO_EARLY = 0, BB_IMPROVING, BB_WORSENING, BB_NOT_IMPROVING } bb_verdict;

/* "too_early", "improving", "worsening", "not_improving". */
const char *bb_verdict_name(bb_verdict v);

typedef struct bb_week {
  int start;   /* first day of the 7-day week (weeks end on the last entry) */
  int count;   /* entries in it */
  double mean; /* mean tightness; 0 when count is 0 */
} bb_week;

typedef struct bb_trend {
  bb_verdict verdict;
  size_t entries;           /* in the window */
  int first, last;          /* dates of the window's first and last entries */
  int span_days;            /* last - first */
  double baseline, current; /* mean tightness of the first / last 7 days */
  double change;            /* current - baseline: negative is better */
  int days_since_last;      /* today - last */
  const char *flag;         /* "worsening", "no_improvement", or NULL */
  bb_level flag_level;      /* BB_CONSULT when flag is set */
  bb_week *weekly;          /* oldest first; owned, see bb_trend_clear */
  size_t nweekly;
} bb_trend;

/* The verdict over `entries` (strictly ascending by date, so one per date,
 * each date 1900-01-01..9999-12-31 and tightness 0-10) within the
 * `weeks` weeks up to the last entry (12 when `weeks` <= 0):
 *
 *   baseline = mean of the entries dated first .. first+6
 *   current  = mean of the entries dated last-6 .. last
 *   span     = last - first (days)
 *   improving      span >= 13 and baseline - current >= max(2, 0.3 x baseline)
 *   worsening      span >= 13 and current - baseline >= 2        flag worsening
 *   not_improving  span >= 21 and neither                        flag no_improvement
 *   too_early      otherwise
 *
 * Compared exactly (integer arithmetic), so the boundaries hold. Pure: no
 * I/O, no clock (`today` only fills days_since_last). Returns 0, -1 on
 * allocation failure, or -2 when the entries are not as above (checked,
 * never trusted; `out` is then cleared). Release with bb_trend_clear. */
int bb_trend_compute(const bb_entry *entries, size_t n, int weeks, int today, bb_trend *out);
void bb_trend_clear(bb_trend *t);

/* What the verdict means for the person, one or two sentences. With
 * `sign` above BB_SELF_CARE (a warning sign stands at that level), never
 * "keep going": the sign comes first. */
const char *bb_trend_advice(const bb_trend *t);
const char *bb_trend_advice_with(const bb_trend *t, bb_level sign);

/* ---------------------------------------------------------------------
 * Warning signs on record (docs/diary.md)
 *
 * The one place that decides what opens every diary output and what the
 * routine and heat gate follows. Each warning sign's records (bb_diary_view
 * .signs) are read oldest first; a withdrawal takes back the newest record
 * logged for its night, and the sign's state is its newest remaining
 * record -- so an answers file older than a logged sign does not
 * supersede it, and a newer assessment that answers "no" clears it. The
 * answers on record are the latest saved answers with each warning sign
 * set to its state; the warning signs on record are the triage flags
 * (consult and above) their assessment fires that rest on a sign that
 * stands, each dated by the night that sign was recorded. Pure.
 * ------------------------------------------------------------------- */

typedef struct bb_warnings bb_warnings;

/* The warning signs on record in `v` (NULL: none) by `kb`, which must
 * outlive the result. NULL (BB_EX_SOFTWARE) only when out of memory.
 * Release with bb_warnings_free. */
bb_warnings *bb_warnings_new(const bb_kb *kb, const bb_diary_view *v, bb_error *err);
void bb_warnings_free(bb_warnings *w);
/* The level of the answers on record: what `routine` and `heat` follow
 * (they refuse at BB_URGENT and above). BB_SELF_CARE for NULL. */
bb_level bb_warnings_level(const bb_warnings *w);
/* The warning signs on record, highest level first (0 for NULL). */
size_t bb_warnings_count(const bb_warnings *w);
const char *bb_warnings_flag_id(const bb_warnings *w, size_t i);
bb_level bb_warnings_flag_level(const bb_warnings *w, size_t i);
/* What it is, in words ("Weakness, numbness or tingling in both legs"). */
const char *bb_warnings_title(const bb_warnings *w, size_t i);
/* Why it matters and what to do and say: the flag's text. */
const char *bb_warnings_flag_text(const bb_warnings *w, size_t i);
/* The night the sign was recorded (the first of the records that keep it
 * standing); 0 when only the latest answers hold it. */
int bb_warnings_date(const bb_warnings *w, size_t i);
/* The answers on record and their assessment (borrowed). */
const bb_answers *bb_warnings_answers(const bb_warnings *w);
const bb_assessment *bb_warnings_assessment(const bb_warnings *w);
/* What new warning signs given with a night (`log --symptom`, the web
 * diary's checklist, POST /api/diary/entries) are assessed with: the
 * answers on record in `w` (NULL: none) with `signs` (NULL: none) over
 * them, a sign given winning over the record's answer to the same
 * question. Every front end assesses a logged sign from these, so a sign
 * logged anywhere is assessed the same way. NULL when out of memory. */
bb_answers *bb_warnings_answers_new(const bb_kb *kb, const bb_warnings *w, const bb_answers *signs);
/* The block that opens every diary output: for each sign the night, what
 * it is, its level in words and what to do, wrapped to `width` columns
 * (80 below 40); "" when none stands. BB_FORMAT_JSON: an array of objects
 * id, level, date, title, what_to_do, text. BB_FORMAT_HTML: the block
 * that opens the HTML report (a <div class="signs LEVEL">, `flags` and
 * `width` unused). Caller frees. */
char *bb_warnings_render(const bb_warnings *w, bb_format format, unsigned flags, int width);

/* ---------------------------------------------------------------------
 * Diary reports
 *
 * Every report opens with the warning signs on record `w` (NULL: none)
 * before any chart, verdict or table, and no verdict says to keep going
 * while one stands.
 * ------------------------------------------------------------------- */

#define BB_RENDER_UNICODE 0x2u /* block characters in charts (else ASCII) */

typedef enum { BB_EXPORT_CSV, BB_EXPORT_JSON, BB_EXPORT_HTML } bb_export_format;

/* Parses "csv", "json" or "html". Returns -1 when unknown. */
int bb_export_format_parse(const char *name, bb_export_format *out);

/* `bedback trend`: the trend as text with a chart (flags: BB_RENDER_COLOR,
 * BB_RENDER_UNICODE), or as JSON (BB_FORMAT_JSON). Caller frees. */
char *bb_trend_render(const bb_trend *t, const bb_diary_view *v, const bb_warnings *w,
                      bb_format format, unsigned flags);
/* The same with the text laid out for `width` columns (a narrower chart
 * below 66; 80 when `width` is below 40); bb_trend_render is width 80. */
char *bb_trend_render_width(const bb_trend *t, const bb_diary_view *v, const bb_warnings *w,
                            bb_format format, unsigned flags, int width);

/* The HTML report's chart as one SVG element: each night's tightness,
 * the weekly means of the trend window, the setup changes. NULL when `v`
 * has no entry (or out of memory). Caller frees. */
char *bb_trend_svg(const bb_trend *t, const bb_diary_view *v);

/* `bedback export`: every entry of `v` with the trend `t` and the latest
 * assessment; the HTML report is self-contained (inline CSS and SVG) and
 * printable. `today` dates the report. Caller frees. */
char *bb_export_render(const bb_diary_view *v, const bb_trend *t, const bb_warnings *w,
                       bb_export_format format, int today);

/* ---------------------------------------------------------------------
 * Diary entries as JSON (front ends that take entries over the wire:
 * bedback serve's /api/diary/entries, docs/api.md)
 * ------------------------------------------------------------------- */

/* The members are those of an entry in `bedback export --format json`. */
typedef struct bb_entry_parsed bb_entry_parsed;

/* Reads one entry as a JSON object: "tightness" (0-10) is required, as
 * with `bedback log`; "date" ("YYYY-MM-DD", not after `today`) defaults
 * to `last_night`; "wake", "position", "routine" (true/false),
 * "heat_minutes", "note" as in bb_entry (null: not given); "symptoms" an
 * object of NEW warning signs by answer key, each a warning question with
 * a value that says the sign is there (true, or a choice other than
 * "none"), as `bedback log --symptom`. The members the export adds
 * (triage, warning_signs, earlier_versions, routine_rating) are ignored,
 * so an exported entry reads back; any other member is an error. Errors:
 * BB_EX_DATAERR, one sentence; `key` names the member or the answer key,
 * and is "" when the text is not one JSON object (then line and column
 * say where). Checked as bb_entry_check checks. Pure. Caller frees with
 * bb_entry_parsed_free. */
bb_entry_parsed *bb_entry_parse(const bb_kb *kb, const char *json, size_t len, int last_night,
                                int today, bb_error *err);
/* The entry (borrowed; symptoms, when given, as a JSON answers object). */
const bb_entry *bb_entry_parsed_entry(const bb_entry_parsed *p);
/* The warning signs given, as answers (borrowed); NULL when none. */
const bb_answers *bb_entry_parsed_symptoms(const bb_entry_parsed *p);
void bb_entry_parsed_free(bb_entry_parsed *p);

/* One entry as the export's JSON object. Caller frees. */
char *bb_entry_render_json(const bb_entry *e, const bb_kb *kb);
/* The entries of `v` as {"warning_signs": [...], "entries": [...]}: the
 * warning signs on record `w` first, as every diary output. Caller frees. */
char *bb_entries_render_json(const bb_diary_view *v, const bb_warnings *w);

/* ---------------------------------------------------------------------
 * Sleep-support fit (spec/fit.md, docs/model.md)
 *
 * Models one body lying on one mattress -- a beam carrying its own weight
 * on a foundation of foam springs that push but never pull -- and reports
 * whether the spine lies straight, the firmness that would suit this body,
 * and the pillow height that keeps the head in line. Pure: no I/O, no
 * globals, no clock; the same input gives the same bytes.
 * ------------------------------------------------------------------- */

typedef struct bb_fit bb_fit;

typedef enum { BB_SEX_FEMALE = 0, BB_SEX_MALE = 1, BB_SEX_OTHER = 2 } bb_sex;

typedef enum {
  BB_POS_SIDE = 0,
  BB_POS_BACK = 1,
  BB_POS_MIXED = 2,  /* both side and back are modelled and reported */
  BB_POS_STOMACH = 3 /* not modelled: the fit says so */
} bb_position;

typedef enum {
  BB_FIT_NONE = 0, /* not computed (the input needed was not given) */
  BB_FIT_OK,
  BB_FIT_TOO_SOFT,
  BB_FIT_TOO_FIRM,
  BB_FIT_TOO_LOW, /* pillow */
  BB_FIT_TOO_HIGH /* pillow */
} bb_fit_verdict;

/* "ok", "too_soft", "too_firm", "too_low", "too_high"; NULL for NONE. */
const char *bb_fit_verdict_name(bb_fit_verdict v);

/* What the fit needs. Fill with bb_fit_input_init, then set fields.
 * Numbers use the answers' units and ranges (spec/answers.md); NAN (or 0
 * for the integers) means "not given". */
typedef struct bb_fit_input {
  bb_sex sex;
  double height_cm;                        /* 120-230, required */
  double weight_kg;                        /* 30-300, required */
  double shoulder_width_cm;                /* biacromial 25-65, NAN: estimated */
  double hip_width_cm;                     /* 20-70, NAN: estimated */
  double head_width_cm;                    /* 10-25, NAN: estimated */
  bb_position position;                    /* default BB_POS_SIDE */
  int firmness;                            /* 1-10, 0: unknown */
  double pillow_height_cm;                 /* 0-30 unloaded, NAN: unknown */
  int pillow_firmness;                     /* 0 soft, 1 medium, 2 firm; -1: unknown */
  double thickness_cm;                     /* 5-50, NAN: 20 */
  double stiffness_kpa_m;                  /* 5-1000 explicit Winkler modulus, NAN: from
                                              firmness */
  int zone_shoulder, zone_waist, zone_hip; /* 1-10 each, or all 0 */
  bool optimize_zones;                     /* run the zone search (side-lying) */
  bool position_unknown;                   /* the person did not say: modelled as
                                              BB_POS_MIXED, and the text says so */
} bb_fit_input;

/* Defaults: everything unknown, side-lying, 20 cm mattress. */
void bb_fit_input_init(bb_fit_input *in);

/* Fills `in` from answers: sex, height_cm, weight_kg, the widths,
 * sleep_position, mattress_firmness, pillow_height_cm, pillow_firmness
 * (what is unknown keeps its "not given" value; an unknown sleep position
 * is modelled as mixed, with position_unknown set). Returns false (the fit
 * cannot run) when sex, height or weight is unknown. */
bool bb_fit_input_from_answers(const bb_answers *a, bb_fit_input *in);

/* Fills `in` from one JSON object (bedback serve's POST /api/fit): the
 * answers, as bb_answers_parse reads them, with optionally "options":
 * {"position", "firmness", "pillow_cm", "thickness_cm",
 * "mattress_stiffness", "zones": {"shoulder", "waist", "hip"},
 * "optimize_zones"} -- the `fit` command's flags, which win over the
 * answers. Sex, height_cm and weight_kg must be among the answers.
 * Returns 0, or -1 with BB_EX_DATAERR: `key` names the answer or option,
 * and is "" (with line and column) when the text is not one JSON
 * object. Pure. */
int bb_fit_input_from_json(const bb_kb *kb, const char *json, size_t len, bb_fit_input *in,
                           bb_error *err);

/* Runs the fit. NULL with `err` set when an input is out of range
 * (BB_EX_DATAERR, `key` names the field: "height_cm", "zones", ...) or
 * the solver failed (BB_EX_SOFTWARE). Caller frees with bb_fit_free.
 * For BB_POS_MIXED the back position is solved on a second thread, joined
 * before return (results are the same as one thread's; if the thread
 * cannot start, both run on the caller's). Safe to call from several
 * threads at once: a fit shares no state with another. */
bb_fit *bb_fit_run(const bb_fit_input *in, bb_error *err);
void bb_fit_free(bb_fit *fit);

/* True when the position was stomach: nothing is modelled. */
bool bb_fit_not_modelled(const bb_fit *fit);
/* Modelled positions: 1 (side or back), 2 (mixed: side then back) or 0. */
size_t bb_fit_position_count(const bb_fit *fit);
bb_position bb_fit_position_at(const bb_fit *fit, size_t i);
/* The verdict on the person's mattress; NONE when firmness is unknown. */
bb_fit_verdict bb_fit_mattress_verdict(const bb_fit *fit, size_t i);
/* Best firmness 1-10; *lo, *hi the ok range, both 0 when none is ok. */
int bb_fit_best_firmness(const bb_fit *fit, size_t i, int *lo, int *hi);
/* One firmness answer for every position modelled (spec/assessment.md,
 * mattress_medium_firm): returns the best firmness 1-10 and sets *lo, *hi
 * to the values ok in every position (for a mixed sleeper: ok both on the
 * side and on the back). When no value is ok in every position, the
 * side-lying range, and *side_only 1 (mixed only); *lo, *hi 0 when no
 * value is ok even on the side. 0 when nothing is modelled. */
int bb_fit_firmness_advice(const bb_fit *fit, int *lo, int *hi, int *side_only);
bb_fit_verdict bb_fit_pillow_verdict(const bb_fit *fit, size_t i);
/* Needed unloaded pillow height, cm. */
double bb_fit_pillow_needed_cm(const bb_fit *fit, size_t i);
/* A metric of position i by its fit.md name: "tilt_deg", "waist_sag_mm",
 * "lumbar_gap_mm", "pelvis_drop_mm", "sink_shoulder_mm", "sink_waist_mm",
 * "sink_hip_mm", "pressure_shoulder_kpa", "pressure_hip_kpa",
 * "pressure_mean_kpa", "contact_force_ratio", "pillow_needed_cm",
 * "pillow_needed_loaded_cm". Returns 0 and sets *out, or -1 when the name
 * does not apply to the position. */
int bb_fit_metric(const bb_fit *fit, size_t i, const char *name, double *out);
/* The zone search result of position i (side): true and zones[0..2] =
 * shoulder, waist, hip firmness when it ran; *verdict its verdict. */
bool bb_fit_zones(const bb_fit *fit, size_t i, int zones[3], bb_fit_verdict *verdict);
/* Whether the zoned_support advice applies (spec/fit.md): a zoning is ok
 * while no uniform firmness is, or the best uniform leaves the side tilt
 * outside tolerance. Fills zones[0..2] when true. */
bool bb_fit_zoned_support(const bb_fit *fit, int zones[3]);

/* The fit as text (verdict, numbers, what to change) or as fit.md's JSON.
 * BB_FORMAT_MARKDOWN gives the text. Caller frees. NULL only on
 * allocation failure. */
char *bb_fit_render(const bb_fit *fit, bb_format format, unsigned flags);
/* The side-view picture of every modelled position as one SVG document.
 * Caller frees. NULL on allocation failure or when nothing is modelled. */
char *bb_fit_svg(const bb_fit *fit);
/* The same picture with `notice` (UTF-8 text; NULL or "" for none) in a
 * red-edged box above the panels: for a warning sign the answers hold,
 * which comes before anything about the bed. Caller frees. */
char *bb_fit_svg_notice(const bb_fit *fit, const char *notice);

/* Reads one answer by question id: a number (BB_INTEGER or BB_NUMBER):
 * 0 and *out, or -1 when unknown or not a number question. */
int bb_answers_get_number(const bb_answers *a, const char *id, double *out);
/* A choice answer's text ("side"), borrowed from the knowledge base; NULL
 * when unknown (or "unknown") or not a choice question. */
const char *bb_answers_get_choice(const bb_answers *a, const char *id);

/* ---------------------------------------------------------------------
 * FHIR R4 (docs/fhir.md)
 *
 * The check as an R4 Questionnaire for any FHIR forms renderer, the
 * completed answers back as a QuestionnaireResponse, and the results and
 * the diary out as Bundles. Everything is generated from the knowledge
 * base; where no published code exists, bedback's CodeSystem is used
 * (bb_fhir_codesystem). Pure: no I/O, no clock (dates are the caller's).
 * Every document is JSON, two-space indented, ending in a newline.
 * ------------------------------------------------------------------- */

/* The canonical URLs. `.invalid` is reserved (RFC 2606) and never
 * resolves: bedback owns no web address, and a canonical that looks
 * fetchable would invite a renderer to go looking (docs/fhir.md). */
#define BB_FHIR_QUESTIONNAIRE_URL "https://bedback.invalid/fhir/Questionnaire/bedback"
#define BB_FHIR_CODESYSTEM_URL "https://bedback.invalid/fhir/CodeSystem/bedback"

/* Told about each question whose `ask_when` enableWhen cannot express:
 * its linkId (the finding id), the condition as the knowledge base writes
 * it, and the SDC enableWhenExpression (FHIRPath) written instead. */
typedef void (*bb_fhir_note_fn)(const char *link_id, const char *condition, const char *fhirpath,
                                void *userdata);

/* The R4 Questionnaire: url BB_FHIR_QUESTIONNAIRE_URL, version the
 * knowledge base's; the warning-sign questions first in a group of their
 * own, then one group per section; one item per question (linkId = the
 * finding id, never required), choices as answerOption valueCoding in
 * bedback's CodeSystem, ranges as minValue/maxValue, units as UCUM
 * questionnaire-unit, help as a child display item with itemControl
 * "help", enableWhen/enableBehavior translated from `ask_when` ("or
 * unknown(x)" becomes the exists operator) or, where enableWhen cannot say
 * it, an SDC enableWhenExpression, reported through `note` (may be NULL).
 * Caller frees. NULL only when out of memory. */
char *bb_fhir_questionnaire(const bb_kb *kb, bb_fhir_note_fn note, void *userdata);

/* bedback's CodeSystem (url BB_FHIR_CODESYSTEM_URL, version the knowledge
 * base's): every choice value of every question, the triage levels
 * ("triage-urgent") and the diary's observation codes. Caller frees. */
char *bb_fhir_codesystem(const bb_kb *kb);

/* The largest response bb_fhir_read_response reads (as answers). */
#define BB_FHIR_MAX_BYTES BB_ANSWERS_MAX_BYTES

/* Reads an R4 QuestionnaireResponse to bedback's Questionnaire: items,
 * nested groups too, are mapped by linkId to findings and each answer is
 * checked against its question as bb_answers_parse checks answers.
 * `questionnaire`, when present, must be BB_FHIR_QUESTIONNAIRE_URL, with
 * or without "|version". Answers to items whose enableWhen is false are
 * used as answers files would be. Errors (BB_EX_DATAERR, `key` the linkId
 * where there is one, one sentence naming it): not JSON, not a
 * QuestionnaireResponse, another questionnaire, an unknown linkId, an
 * answer of the wrong type or out of range, two answers where one is
 * allowed, a question answered in two items. `name` is used in locations.
 * Caller frees with bb_answers_free. */
bb_answers *bb_fhir_read_response(const bb_kb *kb, const char *json, size_t len, const char *name,
                                  bb_error *err);

/* The answers as a QuestionnaireResponse to bb_fhir_questionnaire's
 * Questionnaire (status completed; authored on `today`, a day number, or
 * not dated when 0). Caller frees. */
char *bb_fhir_response(const bb_answers *a, int today);

/* `assess --format fhir`: a Bundle (collection) holding the
 * QuestionnaireResponse, a RiskAssessment (the triage level as the
 * prediction's qualitative risk, the reasons as its rationale, the
 * response as its basis, the disclaimer as a note) and a CarePlan (the
 * recommendations and the routine's exercises as activities with their
 * text). `today` dates it (0: not dated). Caller frees. */
char *bb_fhir_assessment_bundle(const bb_assessment *as, int today);

/* `export --format fhir`: the diary `v` as a Bundle (collection) of
 * Observations, the warning signs on record `w` first (as Observations
 * of the sign, with what to do), then each night's tightness (LOINC
 * 72514-3) and wake-up rating, the routine and heat as components.
 * Amended nights appear as their current version. Caller frees. */
char *bb_fhir_diary_bundle(const bb_kb *kb, const bb_diary_view *v, const bb_warnings *w,
                           int today);

#ifdef __cplusplus
}
#endif

#endif /* BEDBACK_H */
