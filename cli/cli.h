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

/* Writes `data` to `path` atomically (temporary file + rename), mode
 * 0600. Returns 0, or 74 after printing why. */
int cli_write_file(const char *path, const char *data, int mode);

/* Colour only on a terminal, and never with NO_COLOR set. */
int cli_use_color(FILE *f);

/* Prints `text` wrapped at word boundaries to the terminal's width (80
 * at most, and off a terminal): the first line starts with `first`
 * (already counted in `used` columns), the others are indented by
 * `indent` spaces. */
void cli_put_wrapped(FILE *out, const char *first, size_t used, size_t indent, const char *text);

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
 * BB_DIARY_NOCREATE a missing diary gives 66 without a message. */
bb_diary *cli_open_diary(const char *flag, unsigned flags, int *status);
/* The same, printing nothing: NULL with *err saying why. */
bb_diary *cli_open_diary_quiet(const char *flag, unsigned flags, bb_error *err);
/* Parses a whole number in [min, max]; 0, or after printing why 65 for
 * the entry's fields (--tightness, --wake, --heat), else 64. */
int cli_parse_int(const char *opt, const char *text, int min, int max, int *out);
/* Columns to wrap to on `f`: the terminal's (one spare, 40 to 100), 80
 * when it is not a terminal. */
int cli_term_width(FILE *f);
/* Prints the triage block of an assessment, the same as the top of
 * `assess`'s text (bb_render_triage), wrapped to `out`. */
void cli_print_triage(const bb_assessment *as, FILE *out);
/* Prints the warning signs on record (nothing when none stands). */
void cli_print_warnings(const bb_warnings *w, FILE *out);
/* Reads the diary `db` (never creating it: a missing one is empty) and
 * the warning signs on record. 0, or an exit status after printing why.
 * Release *view with cli_view_free and *w with bb_warnings_free. */
int cli_read_signs(const char *db, const bb_kb *kb, int weeks, bb_diary_view **view,
                   bb_warnings **w);
void cli_view_free(bb_diary_view *v);
/* Stores the assessment with its answers in the diary `db` (NULL: the
 * default place); `answered` is when the answers were given (UTC, an
 * answers file's time; NULL: now). 0 or an exit status after printing why. */
int cli_save_assessment(const char *db, const char *source, const bb_kb *kb, const bb_answers *a,
                        const bb_assessment *as, const char *answered);
/* Whether the locale is UTF-8 (for block characters). */
int cli_utf8(void);
#endif
