/* cli.h -- helpers shared by the command-line program's commands. */
#ifndef BB_CLI_H
#define BB_CLI_H

#include "bedback.h"

#include <stdio.h>

/* Prints "bedback: <location>: <message>" to stderr and returns e->status. */
int cli_fail(const bb_error *e);
/* Prints "bedback: <message>" to stderr and returns `status`. */
int cli_failf(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Usage errors every command reports the same way (64): an option getopt
 * refused, and a stray argument. */
int cli_bad_option(const char *command, const char *option);
int cli_bad_argument(const char *command, const char *arg);

/* Loads the knowledge base: `dir` or, when NULL, the built-in one. On
 * failure prints the first error and sets *status (78, or 66 when the
 * folder does not exist). */
bb_kb *cli_load_kb(const char *dir, int *status);

/* Reads a whole file ("-" is standard input). NULL with *status set (66
 * missing, 74 unreadable) after printing why. */
char *cli_read_file(const char *path, size_t *len, int *status);

/* Writes `data` to `path` ("-" is standard output): a regular file (or a
 * new one) atomically (temporary file + rename), always mode 0600 (`mode`
 * is ignored: everything bedback writes is private); standard output or
 * error however named (/dev/stdout), a character device or a FIFO
 * directly, never replaced; a symbolic link to a file, a block device or
 * a socket is refused. Returns 0, or 74 after printing why. */
int cli_write_file(const char *path, const char *data, int mode);

/* Colour only on a terminal, and never with NO_COLOR set. */
int cli_use_color(FILE *f);

/* The interactive interview. Fills `a`; returns one of INTERVIEW_*. */
enum { INTERVIEW_DONE, INTERVIEW_EMERGENCY, INTERVIEW_EOF, INTERVIEW_INTERRUPTED };
int interview_run(const bb_kb *kb, bb_answers *a, FILE *in, FILE *out);

/* ---- the diary commands (cli_diary.c) ---- */

/* The local date and hour (BEDBACK_TEST_NOW="YYYY-MM-DD HH" fixes them,
 * for tests). 0, or -1 when the clock cannot be read. */
int cli_now(int *today, int *hour);
int cli_today(void);
/* The night being logged now: before noon, last night (yesterday's date). */
int cli_last_night(void);
/* How many times faster timers run: BEDBACK_TEST_TIME_SCALE, for tests. */
double cli_time_scale(void);
/* Locates and opens the diary, printing why not; NULL with *status. With
 * BB_DIARY_NOCREATE or BB_DIARY_READONLY a missing diary gives 66 without
 * a message. A folder other users can write is warned about, and refused
 * for the default place (whose folder is made private when it is ours). */
bb_diary *cli_open_diary(const char *flag, unsigned flags, int *status);
/* Reads the diary for trend and export, read-only: *out is the view, or
 * `empty` (cleared) when there is no diary; the rows that cannot be shown
 * are named on stderr as warnings. 0 or an exit status after printing
 * why. Free with bb_diary_view_free (safe on `empty`). */
int cli_read_diary(const char *db, int weeks, bb_diary_view *empty, bb_diary_view **out);
/* Parses a whole number in [min, max]; 0, or after printing why 65 for
 * the entry's fields (--tightness, --wake, --heat), else 64. */
int cli_parse_int(const char *opt, const char *text, int min, int max, int *out);
/* Prints the triage part of an assessment (JSON) for a person. */
void cli_print_triage(const char *assessment_json, FILE *out);
/* Stores the assessment with its answers in the diary `db` (NULL: the
 * default place). 0 or an exit status after printing why. */
int cli_save_assessment(const char *db, const char *source, const bb_kb *kb, const bb_answers *a,
                        const bb_assessment *as);
/* Whether the locale is UTF-8 (for block characters). */
int cli_utf8(void);
#endif
