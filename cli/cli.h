/* cli.h -- helpers shared by the command-line program's commands. */
#ifndef BB_CLI_H
#define BB_CLI_H

#include "bedback.h"

#include <getopt.h>
#include <stdio.h>

/* Every message to the person has one form, one sentence on standard
 * error: "bedback: COMMAND: sentence" ("bedback: sentence" before a command
 * is known). main() names the command being run. */
void cli_set_command(const char *name);
/* Prints "bedback: COMMAND: <location>: <message>" to stderr and returns
 * e->status. */
int cli_fail(const bb_error *e);
/* Prints "bedback: COMMAND: <message>" to stderr and returns `status`. */
int cli_failf(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Usage errors every command reports the same way (64): an option getopt
 * refused, and a stray argument. */
int cli_bad_option(const char *command, const char *option);
int cli_bad_argument(const char *command, const char *arg);

/* ---- options (cli_opt.c): one parser for every command ---- */

/* getopt_long with the rules every command shares: --opt VALUE and
 * --opt=VALUE; an unknown option, a missing value, an empty value (unless
 * the option's code is in `may_be_empty`) and an option given twice
 * (unless its code is in `repeatable`) are usage errors (64) reported in
 * one sentence. */
typedef struct cli_opts {
  const char *command;
  const struct option *opts;
  const char *repeatable, *may_be_empty;
  int permute;             /* options may follow arguments (set after init) */
  unsigned long long seen; /* bit i: opts[i] was given */
  int status;              /* after CLI_OPT_ERROR: the exit status */
} cli_opts;
enum { CLI_OPT_ERROR = -2 };
void cli_opts_init(cli_opts *p, const char *command, const struct option *opts,
                   const char *repeatable, const char *may_be_empty);
/* The next option's code, -1 after the last (optind is then the first
 * argument), or CLI_OPT_ERROR after printing why (p->status). */
int cli_opts_next(cli_opts *p, int argc, char **argv);

/* Option values: decimal only (no blanks, hex or exponents), else 65 after
 * printing why. A whole number in [min, max]; */
int cli_parse_int(const char *opt, const char *text, int min, int max, int *out);
/* a decimal number in [min, max] (`unit` for the message, may be ""); */
int cli_parse_number(const char *opt, const char *text, double min, double max, const char *unit,
                     double *out);
/* a night's date, from 2000-01-01 to today. */
int cli_parse_date(const char *opt, const char *text, int *day);
/* A length ("cm") or a mass ("kg") typed with or without a unit: 170,
 * 170 cm, 1.7 m, 5 ft 6, 5'6", 66 in; 63, 63 kg, 140 lb, 10 st 1. The value
 * in the metric unit, or -1 with `why` saying what is wrong (an unknown unit
 * is named). Used by the fit's flags and the interview. */
double cli_units_parse(const char *text, const char *metric, char *why, size_t whysize);
/* The same for option `opt`, in [min, max] of the metric unit; when a unit
 * was converted it says so ("--height 5 ft 6 is 167.6 cm"). 0, or 65. */
int cli_parse_measure(const char *opt, const char *text, double min, double max, const char *metric,
                      double *out);

/* Before any work is printed: an output file can be written (its folder
 * exists and is writable; "-" is standard output), and the diary (`flag`:
 * --db, NULL for the default place) can be opened or created. 0, or 74
 * (the diary's place not known: as bb_diary_locate says) after printing why. */
int cli_check_output(const char *opt, const char *path);
int cli_check_diary_place(const char *flag);

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
 * BB_DIARY_NOCREATE or BB_DIARY_READONLY a missing diary gives 66 without
 * a message. A folder other users can write is warned about, and refused
 * for the default place (whose folder is made private when it is ours). */
bb_diary *cli_open_diary(const char *flag, unsigned flags, int *status);
/* The same, printing nothing: NULL with *err saying why. */
bb_diary *cli_open_diary_quiet(const char *flag, unsigned flags, bb_error *err);
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
