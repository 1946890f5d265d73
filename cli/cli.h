/* cli.h -- helpers shared by the command-line program's commands. */
#ifndef BB_CLI_H
#define BB_CLI_H

#include "bedback.h"

#include <stdio.h>

/* Prints "bedback: <location>: <message>" to stderr and returns e->status. */
int cli_fail(const bb_error *e);
/* Prints "bedback: <message>" to stderr and returns `status`. */
int cli_failf(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

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

/* The interactive interview. Fills `a`; returns one of INTERVIEW_*. */
enum { INTERVIEW_DONE, INTERVIEW_EMERGENCY, INTERVIEW_EOF, INTERVIEW_INTERRUPTED };
int interview_run(const bb_kb *kb, bb_answers *a, FILE *in, FILE *out);

#endif
