/* pty_drive.c -- a small expect-like driver for testing the interview.
 *
 * usage: pty_drive [-v] [-t SECONDS] [-T SECONDS] SCRIPT PROGRAM [ARGS...]
 *
 * Runs PROGRAM ARGS... in a pseudo-terminal (80x24, TERM=xterm, NO_COLOR=1)
 * and executes the steps of SCRIPT, one per line:
 *
 *   # comment                 ignored, as are blank lines
 *   env NAME=VALUE            set (or `env -NAME` unset) a variable for the
 *                             child; only before it is started
 *   columns N                 the terminal's width (80 by default); only
 *                             before the child is started
 *   max-width N               fail if any line of the output so far (escape
 *                             sequences left out) is wider than N columns
 *   spawn [ARG...]            start PROGRAM ARGS... ARG...; otherwise the
 *                             child starts before the first other step
 *   shell COMMAND             start sh -c COMMAND sh PROGRAM ARGS... instead
 *                             ("$1" is PROGRAM), for redirections
 *   timeout N                 expect waits up to N seconds from now on
 *   expect TEXT               wait for TEXT in the output since the last match
 *   reject TEXT               fail if TEXT is in the output since the last
 *                             `mark` (the start when none) up to what has been
 *                             read so far (after `exit`: all of it)
 *   mark                      remember the end of the last match for reject
 *   send TEXT                 type TEXT and Enter
 *   sendraw TEXT              type TEXT as it is (\x04 is Ctrl-D, \x03 Ctrl-C)
 *   pause SECONDS             wait, reading the output meanwhile (for a key
 *                             that must come a while after the one before)
 *   exit N                    wait for the child to end; its status must be N
 *   file-mode PATH MODE       PATH exists with permissions MODE (octal)
 *   file-contains PATH TEXT   PATH exists and contains TEXT
 *   file-lacks PATH TEXT      PATH exists and does not contain TEXT
 *   no-file PATH              PATH does not exist
 *
 * TEXT takes the escapes \\, \n, \r, \t and \xHH. In expect and reject, a
 * run of white space matches any run of white space (so a line break where
 * the program wraps a sentence does not matter), and carriage returns in
 * the output are ignored. `$TMP` in steps and in ARGS is replaced by a fresh
 * private directory that is removed at the end.
 *
 * -t sets the default expect timeout (5 s); -T the limit for the whole
 * script (120 s); -v prints the whole output at the end. On any failure the child is killed, the
 * step and the last 2000 bytes of output are shown, and the status is 1.
 */
#define _DEFAULT_SOURCE /* forkpty */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_ENV 32
#define MAX_ARGS 64

static struct {
  const char *script;
  int lineno;
  char step[1024];
  double expect_timeout;
  double deadline; /* the whole script, monotonic seconds */
  int verbose;
  char tmpdir[256];
  /* the child */
  pid_t pid;
  int fd;
  int eof;    /* the pty gave end of file (the child closed it) */
  int reaped; /* waitpid done */
  int wstatus;
  char *out; /* all output read, carriage returns removed */
  size_t len, cap;
  size_t matched; /* end of the last match */
  size_t mark;
  /* what to run */
  char **argv;
  int argc;
  char *env[MAX_ENV];
  int nenv;
  int columns; /* the terminal's width, 0 for 80 */
} S;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void remove_tmpdir(void) {
  if (!S.tmpdir[0])
    return;
  DIR *d = opendir(S.tmpdir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
        continue;
      char p[512];
      snprintf(p, sizeof p, "%s/%s", S.tmpdir, e->d_name);
      unlink(p);
    }
    closedir(d);
  }
  rmdir(S.tmpdir);
  S.tmpdir[0] = '\0';
}

static void kill_child(void) {
  if (S.pid > 0 && !S.reaped) {
    kill(-S.pid, SIGKILL); /* forkpty made it a process-group leader */
    kill(S.pid, SIGKILL);
    while (waitpid(S.pid, &S.wstatus, 0) < 0 && errno == EINTR) {
    }
    S.reaped = 1;
  }
}

static void show_tail(void) {
  size_t from = S.len > 2000 ? S.len - 2000 : 0;
  fprintf(stderr, "---- last %zu bytes of output ----\n", S.len - from);
  for (size_t i = from; i < S.len; i++) {
    unsigned char c = (unsigned char)S.out[i];
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
      fprintf(stderr, "\\x%02x", c);
    else
      fputc(c, stderr);
  }
  fprintf(stderr, "\n---- end of output ----\n");
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "pty_drive: %s:%d: ", S.script ? S.script : "?", S.lineno);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  if (S.step[0])
    fprintf(stderr, "step: %s\n", S.step);
  if (S.out)
    show_tail();
  kill_child();
  remove_tmpdir();
  exit(1);
}

/* Replaces $TMP in `s`; the result is malloc'd. */
static char *subst(const char *s) {
  size_t n = strlen(s), tl = strlen(S.tmpdir), count = 0;
  for (const char *p = strstr(s, "$TMP"); p; p = strstr(p + 4, "$TMP"))
    count++;
  char *r = malloc(n + count * tl + 1);
  if (!r)
    fail("out of memory");
  char *w = r;
  while (*s) {
    if (!strncmp(s, "$TMP", 4)) {
      memcpy(w, S.tmpdir, tl);
      w += tl;
      s += 4;
    } else {
      *w++ = *s++;
    }
  }
  *w = '\0';
  return r;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes the escapes of `s` in place; returns the new length. */
static size_t unescape(char *s) {
  char *w = s;
  for (const char *r = s; *r; r++) {
    if (*r != '\\') {
      *w++ = *r;
      continue;
    }
    r++;
    switch (*r) {
    case '\\': *w++ = '\\'; break;
    case 'n': *w++ = '\n'; break;
    case 'r': *w++ = '\r'; break;
    case 't': *w++ = '\t'; break;
    case 'x': {
      int hi = hexval(r[1]), lo = hi >= 0 ? hexval(r[2]) : -1;
      if (hi < 0 || lo < 0)
        fail("\\x needs two hex digits");
      *w++ = (char)(hi * 16 + lo);
      r += 2;
      break;
    }
    default: fail("unknown escape '\\%c'", *r ? *r : '0');
    }
  }
  *w = '\0';
  return (size_t)(w - s);
}

static void append_output(const char *buf, size_t n) {
  if (S.len + n + 1 > S.cap) {
    size_t cap = S.cap ? S.cap : 8192;
    while (cap < S.len + n + 1)
      cap *= 2;
    char *p = realloc(S.out, cap);
    if (!p)
      fail("out of memory");
    S.out = p;
    S.cap = cap;
  }
  for (size_t i = 0; i < n; i++)
    if (buf[i] != '\r')
      S.out[S.len++] = buf[i];
  S.out[S.len] = '\0';
}

/* Reads what output there is, waiting until `until` (monotonic) at most.
 * Returns 1 when something was read (or the pty ended), 0 on timeout. */
static int read_some(double until) {
  if (S.eof)
    return 0;
  double left = until - now();
  if (left < 0)
    left = 0;
  struct pollfd p = {.fd = S.fd, .events = POLLIN, .revents = 0};
  int r = poll(&p, 1, (int)(left * 1000.0) + 1);
  if (r < 0) {
    if (errno == EINTR)
      return 1;
    fail("poll: %s", strerror(errno));
  }
  if (r == 0)
    return 0;
  char buf[4096];
  ssize_t n = read(S.fd, buf, sizeof buf);
  if (n > 0) {
    append_output(buf, (size_t)n);
    return 1;
  }
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return 1;
  S.eof = 1; /* 0 or EIO: the child closed the terminal */
  return 1;
}

static int is_space(char c) {
  return c == ' ' || c == '\n' || c == '\t';
}

/* Finds `pat` in S.out[from, S.len); a run of white space in `pat` matches
 * any non-empty run of white space. Returns the end of the match, or 0. */
static size_t find(const char *pat, size_t from) {
  for (size_t start = from; start < S.len; start++) {
    const char *p = pat;
    size_t i = start;
    while (*p) {
      if (is_space(*p)) {
        if (i >= S.len || !is_space(S.out[i]))
          break;
        while (is_space(*p))
          p++;
        while (i < S.len && is_space(S.out[i]))
          i++;
      } else {
        if (i >= S.len || S.out[i] != *p)
          break;
        p++;
        i++;
      }
    }
    if (!*p)
      return i;
  }
  return 0;
}

static double step_deadline(double seconds) {
  double d = now() + seconds;
  return d < S.deadline ? d : S.deadline;
}

/* Starts PROGRAM ARGS... `extra`, or with `shell` set, sh -c `shell` sh
 * PROGRAM ARGS... */
static void start_child(char **extra, int nextra, const char *shell) {
  if (S.pid > 0)
    fail("the command is already running");
  int pre = shell ? 4 : 0;
  char **argv = calloc((size_t)(pre + S.argc + nextra + 1), sizeof *argv);
  if (!argv)
    fail("out of memory");
  if (shell) {
    argv[0] = subst("/bin/sh");
    argv[1] = subst("-c");
    argv[2] = subst(shell);
    argv[3] = subst("sh");
  }
  for (int i = 0; i < S.argc; i++)
    argv[pre + i] = subst(S.argv[i]);
  for (int i = 0; i < nextra; i++)
    argv[pre + S.argc + i] = extra[i];
  struct winsize ws = {.ws_row = 24,
                       .ws_col = (unsigned short)(S.columns ? S.columns : 80),
                       .ws_xpixel = 0,
                       .ws_ypixel = 0};
  fflush(NULL);
  int fd = -1;
  pid_t pid = forkpty(&fd, NULL, NULL, &ws);
  if (pid < 0)
    fail("forkpty: %s", strerror(errno));
  if (pid == 0) {
    setenv("TERM", "xterm", 1);
    setenv("NO_COLOR", "1", 1);
    for (int i = 0; i < S.nenv; i++) {
      if (S.env[i][0] == '-') {
        unsetenv(S.env[i] + 1);
      } else {
        char *eq = strchr(S.env[i], '=');
        if (eq) {
          *eq = '\0';
          setenv(S.env[i], eq + 1, 1);
        }
      }
    }
    signal(SIGINT, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    execvp(argv[0], argv);
    fprintf(stderr, "pty_drive: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  S.pid = pid;
  S.fd = fd;
  for (int i = 0; i < pre + S.argc; i++)
    free(argv[i]);
  free(argv);
}

static void send_text(const char *text, size_t n) {
  size_t off = 0;
  double until = step_deadline(S.expect_timeout);
  while (off < n) {
    ssize_t w = write(S.fd, text + off, n - off);
    if (w > 0) {
      off += (size_t)w;
      continue;
    }
    if (w < 0 && errno != EINTR && errno != EAGAIN)
      fail("cannot type to the command: %s", strerror(errno));
    if (now() > until)
      fail("timed out typing to the command");
    read_some(now() + 0.05); /* let the command drain its output */
  }
}

static void do_expect(const char *text) {
  double until = step_deadline(S.expect_timeout);
  for (;;) {
    size_t end = find(text, S.matched);
    if (end) {
      S.matched = end;
      return;
    }
    if (S.eof)
      fail("the command ended without printing \"%s\"", text);
    if (now() >= until)
      fail("timed out after %g s waiting for \"%s\"%s", S.expect_timeout, text,
           until >= S.deadline ? " (the whole script's time ran out)" : "");
    read_some(until);
  }
}

static void do_exit(int want) {
  double until = step_deadline(S.expect_timeout);
  while (!S.eof) {
    if (now() >= until)
      fail("timed out after %g s waiting for the command to end", S.expect_timeout);
    read_some(until);
  }
  while (!S.reaped) {
    pid_t r = waitpid(S.pid, &S.wstatus, WNOHANG);
    if (r == S.pid) {
      S.reaped = 1;
      break;
    }
    if (r < 0 && errno != EINTR)
      fail("waitpid: %s", strerror(errno));
    if (now() >= until)
      fail("timed out waiting for the command to end (its terminal is closed)");
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  if (WIFSIGNALED(S.wstatus))
    fail("the command was killed by signal %d; expected exit status %d", WTERMSIG(S.wstatus), want);
  if (!WIFEXITED(S.wstatus) || WEXITSTATUS(S.wstatus) != want)
    fail("the command exited with status %d; expected %d", WEXITSTATUS(S.wstatus), want);
}

/* Splits "PATH REST" at the first space. */
static char *split_path(char *arg, char **rest) {
  char *sp = strchr(arg, ' ');
  if (!sp) {
    *rest = NULL;
    return arg;
  }
  *sp = '\0';
  *rest = sp + 1;
  return arg;
}

static void do_step(char *cmd, char *arg) {
  if (!strcmp(cmd, "columns")) {
    if (S.pid > 0)
      fail("columns must come before the command starts");
    S.columns = atoi(arg);
    if (S.columns < 10 || S.columns > 500)
      fail("columns takes a width from 10 to 500");
    return;
  }
  if (!strcmp(cmd, "max-width")) {
    int max = atoi(arg);
    while (!S.eof && read_some(now()) && !S.eof) {
    }
    int col = 0, line = 1;
    for (size_t i = 0; i < S.len; i++) {
      unsigned char c = (unsigned char)S.out[i];
      if (c == 0x1b) { /* an escape sequence: ESC [ ... final byte */
        if (i + 1 < S.len && S.out[i + 1] == '[')
          for (i += 2; i < S.len && !(S.out[i] >= 0x40 && S.out[i] <= 0x7e); i++) {
          }
        continue;
      }
      if (c == '\n') {
        col = 0;
        line++;
      } else if ((c & 0xC0) != 0x80 && c >= 0x20) {
        if (++col > max) {
          size_t start = i;
          while (start > 0 && S.out[start - 1] != '\n')
            start--;
          size_t end = i;
          while (end < S.len && S.out[end] != '\n')
            end++;
          fail("output line %d is wider than %d columns: \"%.*s\"", line, max, (int)(end - start),
               S.out + start);
        }
      }
    }
    return;
  }
  if (!strcmp(cmd, "env")) {
    if (S.pid > 0)
      fail("env must come before the command starts");
    if (S.nenv == MAX_ENV)
      fail("too many env steps");
    S.env[S.nenv] = strdup(arg);
    if (!S.env[S.nenv])
      fail("out of memory");
    S.nenv++;
    return;
  }
  if (!strcmp(cmd, "timeout")) {
    char *end;
    double t = strtod(arg, &end);
    if (end == arg || *end || t <= 0)
      fail("timeout takes a number of seconds");
    S.expect_timeout = t;
    return;
  }
  if (!strcmp(cmd, "spawn")) {
    char *extra[MAX_ARGS];
    int n = 0;
    for (char *tok = strtok(arg, " "); tok; tok = strtok(NULL, " ")) {
      if (n == MAX_ARGS)
        fail("too many arguments");
      extra[n++] = tok;
    }
    start_child(extra, n, NULL);
    return;
  }
  if (!strcmp(cmd, "shell")) {
    if (!*arg)
      fail("shell needs a command");
    start_child(NULL, 0, arg);
    return;
  }
  if (!strcmp(cmd, "file-mode") || !strcmp(cmd, "file-contains") || !strcmp(cmd, "file-lacks") ||
      !strcmp(cmd, "no-file")) {
    char *rest;
    char *path = split_path(arg, &rest);
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (!strcmp(cmd, "no-file")) {
      if (exists || errno != ENOENT)
        fail("%s exists; it should not", path);
      return;
    }
    if (!exists)
      fail("%s does not exist: %s", path, strerror(errno));
    if (!rest)
      fail("%s needs a PATH and a value", cmd);
    if (!strcmp(cmd, "file-mode")) {
      char *end;
      long want = strtol(rest, &end, 8);
      if (end == rest || *end)
        fail("file-mode takes an octal mode, not '%s'", rest);
      if ((long)(st.st_mode & 07777) != want)
        fail("%s has mode %04o; expected %04lo", path, (unsigned)(st.st_mode & 07777), want);
      return;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
      fail("cannot open %s: %s", path, strerror(errno));
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    unescape(rest);
    if (!strcmp(cmd, "file-lacks")) {
      if (strstr(buf, rest))
        fail("%s contains \"%s\"; it should not. It holds:\n%s", path, rest, buf);
    } else if (!strstr(buf, rest)) {
      fail("%s does not contain \"%s\"; it holds:\n%s", path, rest, buf);
    }
    return;
  }
  if (S.pid <= 0)
    start_child(NULL, 0, NULL);
  if (!strcmp(cmd, "expect")) {
    unescape(arg);
    if (!*arg)
      fail("expect needs a text");
    do_expect(arg);
  } else if (!strcmp(cmd, "reject")) {
    unescape(arg);
    if (!*arg)
      fail("reject needs a text");
    /* read whatever has arrived already, without waiting */
    while (!S.eof && read_some(now()) && !S.eof) {
    }
    if (find(arg, S.mark))
      fail("\"%s\" appeared in the output; it should not have", arg);
  } else if (!strcmp(cmd, "mark")) {
    S.mark = S.matched;
  } else if (!strcmp(cmd, "pause")) {
    char *end;
    double t = strtod(arg, &end);
    if (end == arg || *end || t <= 0)
      fail("pause takes a number of seconds");
    for (double until = now() + t; now() < until;)
      if (!read_some(until) || S.eof)
        break;
  } else if (!strcmp(cmd, "send") || !strcmp(cmd, "sendraw")) {
    size_t n = unescape(arg);
    if (S.eof)
      fail("the command has ended; cannot type to it");
    if (!strcmp(cmd, "send"))
      arg[n++] = '\r'; /* Enter; the line has room: the newline was stripped */
    send_text(arg, n);
  } else if (!strcmp(cmd, "exit")) {
    char *end;
    long want = strtol(arg, &end, 10);
    if (end == arg || *end || want < 0 || want > 255)
      fail("exit takes a status from 0 to 255");
    do_exit((int)want);
  } else {
    fail("unknown step '%s'", cmd);
  }
}

static void usage(void) {
  fputs("usage: pty_drive [-v] [-t SECONDS] [-T SECONDS] SCRIPT PROGRAM [ARGS...]\n", stderr);
  exit(2);
}

int main(int argc, char **argv) {
  S.expect_timeout = 5;
  double overall = 120;
  int c;
  while ((c = getopt(argc, argv, "+vt:T:")) != -1) {
    if (c == 'v') {
      S.verbose = 1;
      continue;
    }
    char *end;
    double v = optarg ? strtod(optarg, &end) : 0;
    if (!optarg || end == optarg || *end || v <= 0)
      usage();
    if (c == 't')
      S.expect_timeout = v;
    else if (c == 'T')
      overall = v;
    else
      usage();
  }
  if (argc - optind < 2)
    usage();
  S.script = argv[optind];
  S.argv = argv + optind + 1;
  S.argc = argc - optind - 1;
  S.deadline = now() + overall;
  signal(SIGPIPE, SIG_IGN);
  /* A backstop should pty_drive itself ever get stuck: the child then gets
   * SIGHUP when its terminal closes. */
  alarm((unsigned)overall + 10);

  const char *base = getenv("TMPDIR");
  snprintf(S.tmpdir, sizeof S.tmpdir, "%s/pty_drive.XXXXXX", base && *base ? base : "/tmp");
  if (!mkdtemp(S.tmpdir)) {
    S.tmpdir[0] = '\0';
    fail("cannot make a temporary directory: %s", strerror(errno));
  }

  FILE *f = fopen(S.script, "r");
  if (!f)
    fail("cannot open the script: %s", strerror(errno));
  char line[1024];
  int done_exit = 0;
  while (fgets(line, sizeof line - 1, f)) { /* -1: room for send's Enter */
    S.lineno++;
    size_t n = strcspn(line, "\n");
    if (line[n] != '\n' && !feof(f))
      fail("line too long");
    line[n] = '\0';
    if (n && line[n - 1] == '\r')
      line[--n] = '\0';
    char *t = line;
    while (*t == ' ' || *t == '\t')
      t++;
    if (!*t || *t == '#')
      continue;
    char *s = subst(t);
    snprintf(S.step, sizeof S.step, "%s", s);
    char *arg = strchr(s, ' ');
    if (arg)
      *arg++ = '\0';
    else
      arg = s + strlen(s);
    do_step(s, arg);
    if (!strcmp(s, "exit"))
      done_exit = 1;
    else if (!strcmp(s, "spawn") || !strcmp(s, "shell"))
      done_exit = 0;
    free(s);
  }
  fclose(f);
  S.step[0] = '\0';
  if (S.pid > 0 && !S.reaped)
    fail("the script ended while the command was still running (add an `exit` step)");
  if (!done_exit)
    fail("the script has no `exit` step");
  for (int i = 0; i < S.nenv; i++)
    free(S.env[i]);
  if (S.verbose && S.out)
    fwrite(S.out, 1, S.len, stdout);
  free(S.out);
  remove_tmpdir();
  return 0;
}
