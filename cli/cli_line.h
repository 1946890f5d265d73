/* cli_line.h -- reading one line typed by the person: the interview's
 * answers and `log`'s nightly questions.
 *
 * On a terminal the line can be edited (arrow keys, Home/End, Ctrl-A/E,
 * up and down for the earlier answers of this run) with libedit, which is
 * loaded at the first read from a terminal only, so that a command that
 * never asks anything does not pay for it at start-up. Without libedit
 * (not installed, or BEDBACK_TEST_LIBEDIT=missing, a test hook), off a
 * terminal, or on a terminal that cannot move its cursor (TERM unset or
 * dumb), whole lines are read as the terminal's own line discipline gives
 * them. Nothing typed is written anywhere: the history lives in memory
 * for the run. */
#ifndef BB_CLI_LINE_H
#define BB_CLI_LINE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* What cli_line_read gives. */
enum {
  CLI_LINE_OK,      /* a line, in buf */
  CLI_LINE_TOOLONG, /* longer than size - 2 bytes: its start in buf, the rest read and dropped */
  CLI_LINE_EOF,     /* end of input (Ctrl-D on an empty line) */
  CLI_LINE_INTERRUPTED, /* Ctrl-C (SIGINT) */
};

/* A session of questions: from here to cli_line_end, SIGINT is caught
 * (cli_line_interrupted says whether it came) and blocked except while a
 * read waits for a key, so that a Ctrl-C landing between the prompt and
 * the wait is never lost. */
void cli_line_begin(void);
/* Restores SIGINT as it was and frees the line editor and its history. */
void cli_line_end(void);
/* Whether Ctrl-C came since cli_line_begin (still so after cli_line_end). */
int cli_line_interrupted(void);

/* Shows `prompt` on `out` and reads one line from `in` into buf (size > 2),
 * without its line end. One of CLI_LINE_*. Between cli_line_begin and
 * cli_line_end only. A SIGTERM, SIGHUP or SIGQUIT during an edited read
 * first gives the terminal back as it was, then acts as it would have. */
int cli_line_read(FILE *in, FILE *out, const char *prompt, char *buf, size_t size);

/* Reading what a wait (pselect) found ready, without blocking: when the
 * input is a terminal, through a second open of it made non-blocking, so
 * that input the terminal threw away in between (a Ctrl-C does) gives -1
 * with errno EAGAIN -- wait again -- instead of a read that waits, the
 * signal held, for the next key. Off a terminal, the descriptor itself.
 * Start from CLI_READY_INIT; cli_ready_close closes the second open. */
typedef struct {
  int fd; /* the descriptor it is for; -1 before the first read */
  int nb; /* the terminal opened again, O_NONBLOCK; -1 when none */
} cli_ready;
#define CLI_READY_INIT                                                                             \
  { -1, -1 }
ssize_t cli_read_ready(cli_ready *r, int fd, void *buf, size_t n);
void cli_ready_close(cli_ready *r);

#endif
