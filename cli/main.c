/* main.c -- the bedback command: a thin client of the library. */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char USAGE[] =
    "usage: bedback COMMAND [OPTIONS]\n"
    "\n"
    "bedback helps when your back feels tight when you lie down: it asks what is going\n"
    "on, spots warning signs that need a doctor now, works out what is most likely\n"
    "feeding the tightness, and gives you a plan. It does not diagnose.\n"
    "\n"
    "Commands:\n"
    "  assess            the assessment: an interview on a terminal, or --answers FILE\n"
    "  questions         list the questions (--json for other programs)\n"
    "  kb check [DIR]    validate a knowledge base (the built-in one by default)\n"
    "  kb show           the whole knowledge base as one Markdown document\n"
    "  log               log last night in your diary: tightness 0-10 and more\n"
    "  setup KIND        record a change to your sleep setup (new mattress, pillow...)\n"
    "  trend             your trend, its verdict and what to do (--json)\n"
    "  export            the diary as CSV, JSON or an HTML report for a clinician\n"
    "  routine           the guided bedtime routine, with timers\n"
    "  heat              a heat-pad timer with the safety reminders\n"
    "  history           every night's versions and the past assessments\n"
    "  delete --date D   delete one night's entry (undoable)\n"
    "  undo --date D     take back the last delete or amend of one night\n"
    "  fit               mattress firmness and pillow height for your body\n"
    "  batch             assess many answers at once (NDJSON or CSV in, NDJSON out)\n"
    "  serve             bedback in your browser: the check, plan, routine and diary\n"
    "  fhir KIND         the check as FHIR R4: questionnaire, or its codesystem\n"
    "  help COMMAND      help for one command\n"
    "\n"
    "Options:\n"
    "  --help            this help\n"
    "  --version         the version of bedback and of its knowledge base\n"
    "\n"
    "Exit status (the same table in the manual page and the README):\n"
    "  0    done (whatever the triage level)\n"
    "  3    routine or heat refused: the last assessment says to seek care\n"
    "  64   the command was used wrongly (unknown or repeated option, missing value)\n"
    "  65   the answers or another input value are invalid (a number out of range...)\n"
    "  66   an input file or folder does not exist\n"
    "  70   an internal error (a bug: please report it)\n"
    "  74   reading or writing failed (also: no place for the diary)\n"
    "  78   the knowledge base is broken\n"
    "  130  the interview was stopped with Ctrl-C\n"
    "More, with the answers format and the diary: `man bedback`, and the documents\n"
    "installed with bedback (its manual page says where).\n";

static const char *cli_command_name;

void cli_set_command(const char *name) {
  cli_command_name = name;
}

/* One line "bedback: COMMAND: message", without trailing blanks. A message
 * that already starts with "COMMAND: " does not get it twice. */
static void say(const char *msg) {
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == ' ' || msg[n - 1] == '\n'))
    n--;
  fputs("bedback: ", stderr);
  const char *c = cli_command_name;
  size_t cl = c ? strlen(c) : 0;
  if (c && !(n > cl + 1 && !strncmp(msg, c, cl) && msg[cl] == ':' && msg[cl + 1] == ' '))
    fprintf(stderr, "%s: ", c);
  fprintf(stderr, "%.*s\n", (int)n, msg);
}

int cli_fail(const bb_error *e) {
  char buf[1024];
  bb_error_format(e, buf, sizeof buf);
  say(buf);
  return e->status ? e->status : BB_EX_SOFTWARE;
}

int cli_failf(int status, const char *fmt, ...) {
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  say(buf);
  return status;
}

int cli_bad_option(const char *command, const char *option) {
  return cli_failf(BB_EX_USAGE, "unknown option '%s'; run `bedback help %s`", option, command);
}

int cli_bad_argument(const char *command, const char *arg) {
  return cli_failf(BB_EX_USAGE, "unexpected argument '%s'; run `bedback help %s`", arg, command);
}

bb_kb *cli_load_kb(const char *dir, int *status) {
  bb_error err;
  bb_kb *kb = dir ? bb_kb_load_dir(dir, &err) : bb_kb_load_builtin(&err);
  if (!kb) {
    char buf[1024];
    bb_error_format(&err, buf, sizeof buf);
    if (err.status == BB_EX_CONFIG)
      cli_failf(err.status,
                "the knowledge base is broken: %s; run `bedback kb check%s%s` to list "
                "every problem",
                buf, dir ? " " : "", dir ? dir : "");
    else
      cli_fail(&err);
    *status = err.status ? err.status : BB_EX_CONFIG;
  }
  return kb;
}

char *cli_read_file(const char *path, size_t *len, int *status) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  const char *shown = strcmp(path, "-") ? path : "standard input";
  if (!f) {
    *status = errno == ENOENT || errno == ENOTDIR ? BB_EX_NOINPUT : BB_EX_IOERR;
    cli_failf(*status, "cannot open %s: %s", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (f != stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    /* fopen opens a folder for reading; it is not an input file (66). */
    fclose(f);
    *status = BB_EX_NOINPUT;
    cli_failf(*status, "cannot open %s: it is a folder, not a file", path);
    return NULL;
  }
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (!buf) {
      *status = BB_EX_SOFTWARE;
      cli_failf(*status, "out of memory reading %s", shown);
      break;
    }
    size_t want = cap - n - 1;
    if (want > BB_ANSWERS_MAX_BYTES + 1 - n)
      want = BB_ANSWERS_MAX_BYTES + 1 - n;
    size_t got = fread(buf + n, 1, want, f);
    n += got;
    if (got == 0)
      break;
    /* answers are the only files read here: stop one byte past their limit */
    if (n > BB_ANSWERS_MAX_BYTES) {
      *status = BB_EX_DATAERR;
      cli_failf(*status, "%s is larger than %u MiB; that cannot be answers", shown,
                BB_ANSWERS_MAX_BYTES >> 20);
      free(buf);
      buf = NULL;
      break;
    }
    if (n + 1 == cap) {
      char *p = realloc(buf, cap * 2);
      if (!p)
        free(buf);
      buf = p;
      cap *= 2;
    }
  }
  int bad = ferror(f);
  if (f != stdin)
    fclose(f);
  if (buf && bad) {
    *status = BB_EX_IOERR;
    cli_failf(*status, "cannot read %s: %s", shown, strerror(errno));
    free(buf);
    return NULL;
  }
  if (buf) {
    buf[n] = '\0';
    *len = n;
  }
  return buf;
}

/* Writes all of `data` to `fd`; 0, or -1 with errno. */
static int write_all(int fd, const char *data, size_t len) {
  size_t off = 0;
  while (off < len) {
    ssize_t w = write(fd, data + off, len - off);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      if (w == 0)
        errno = EIO;
      return -1;
    }
    off += (size_t)w;
  }
  return 0;
}

static int write_stream(FILE *f, const char *name, const char *data) {
  if (fputs(data, f) == EOF || fflush(f) != 0)
    return cli_failf(BB_EX_IOERR, "cannot write to %s: %s", name, strerror(errno));
  return 0;
}

/* `path` exists and is not a regular file. Replacing it (temporary file +
 * rename) would turn a device, FIFO or link into a regular file -- as
 * root, /dev/null -- so: standard output or error (/dev/stdout, /dev/fd/2,
 * however linked) are written as streams; a character device or a FIFO is
 * written directly, never created, truncated or replaced; anything else
 * (a link to a file, which someone may have planted; a block device; a
 * socket) is refused. */
static int write_special(const char *path, const struct stat *ls, const char *data) {
  struct stat st, fs;
  if (stat(path, &st) != 0) {
    int e = errno;
    return cli_failf(BB_EX_IOERR, "cannot write %s: %s", path,
                     S_ISLNK(ls->st_mode) && e == ENOENT ? "it is a link to nothing" : strerror(e));
  }
  if (fstat(STDOUT_FILENO, &fs) == 0 && fs.st_dev == st.st_dev && fs.st_ino == st.st_ino)
    return write_stream(stdout, "standard output", data);
  if (fstat(STDERR_FILENO, &fs) == 0 && fs.st_dev == st.st_dev && fs.st_ino == st.st_ino)
    return write_stream(stderr, "standard error", data);
  if (S_ISDIR(st.st_mode))
    return cli_failf(BB_EX_IOERR, "cannot write %s: it is a folder", path);
  if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode))
    return cli_failf(BB_EX_IOERR, "cannot write %s: it is %s; give a regular file (or a new name)",
                     path,
                     S_ISREG(st.st_mode)   ? "a symbolic link, which bedback does not follow"
                     : S_ISBLK(st.st_mode) ? "a block device"
                                           : "not a file bedback can write");
  int flags = O_WRONLY | O_NOCTTY | O_CLOEXEC | (S_ISLNK(ls->st_mode) ? 0 : O_NOFOLLOW);
  int fd = open(path, flags);
  if (fd < 0) {
    int e = errno;
    return cli_failf(BB_EX_IOERR, "cannot write %s: %s", path, strerror(e));
  }
  /* what was opened must still be what was checked */
  if (fstat(fd, &fs) != 0 || !(S_ISCHR(fs.st_mode) || S_ISFIFO(fs.st_mode)) ||
      fs.st_ino != st.st_ino || fs.st_dev != st.st_dev) {
    close(fd);
    return cli_failf(BB_EX_IOERR, "cannot write %s: it changed while being opened", path);
  }
  int ok = write_all(fd, data, strlen(data)) == 0;
  int e = errno;
  if (close(fd) != 0 && ok) {
    ok = 0;
    e = errno;
  }
  return ok ? 0 : cli_failf(BB_EX_IOERR, "cannot write %s: %s", path, strerror(e));
}

int cli_write_file(const char *path, const char *data, int mode) {
  (void)mode; /* every file bedback writes is the person's only: 0600 */
  if (strcmp(path, "-") == 0)
    return write_stream(stdout, "standard output", data);
  struct stat ls;
  if (lstat(path, &ls) == 0 && !S_ISREG(ls.st_mode))
    return write_special(path, &ls, data);
  size_t plen = strlen(path);
  char *tmp = malloc(plen + 16);
  if (!tmp)
    return cli_failf(BB_EX_SOFTWARE, "out of memory");
  snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    int e = errno;
    free(tmp);
    return cli_failf(BB_EX_IOERR, "cannot write %s: %s", path, strerror(e));
  }
  int ok = fchmod(fd, 0600) == 0 && write_all(fd, data, strlen(data)) == 0 && fsync(fd) == 0;
  int e = errno;
  if (close(fd) != 0 && ok) {
    ok = 0;
    e = errno;
  }
  /* rename replaces the name, never follows what is there */
  if (ok && rename(tmp, path) != 0) {
    e = errno;
    ok = 0;
  }
  if (!ok) {
    unlink(tmp);
    free(tmp);
    return cli_failf(BB_EX_IOERR, "cannot write %s: %s", path, strerror(e));
  }
  free(tmp);
  return 0;
}

int cli_use_color(FILE *f) {
  const char *nc = getenv("NO_COLOR");
  if (nc && *nc)
    return 0;
  const char *term = getenv("TERM");
  if (term && strcmp(term, "dumb") == 0)
    return 0;
  return isatty(fileno(f));
}

static const struct {
  const char *name;
  int (*fn)(int, char **);
} COMMANDS[] = {
    {"assess", cmd_assess}, {"questions", cmd_questions}, {"kb", cmd_kb},
    {"log", cmd_log},       {"setup", cmd_setup},         {"trend", cmd_trend},
    {"export", cmd_export}, {"routine", cmd_routine},     {"heat", cmd_heat},
    {"fit", cmd_fit},       {"history", cmd_history},     {"delete", cmd_delete},
    {"undo", cmd_undo},     {"batch", cmd_batch},         {"fhir", cmd_fhir},
    {"serve", cmd_serve},
};

/* Standard output is checked once, at the end, for every command: a
 * command that printed into a full disk or a closed pipe did not do its
 * job (`bedback kb check > /dev/full` said 0). */
static int flushed(int status) {
  int e = fflush(stdout) != 0 ? errno : ferror(stdout) ? EIO : 0;
  if (e && status == 0)
    return cli_failf(BB_EX_IOERR, "cannot write to standard output: %s", strerror(e));
  return status;
}

static int run(int argc, char **argv);

int main(int argc, char **argv) {
  return flushed(run(argc, argv));
}

static int run(int argc, char **argv) {
  if (argc < 2) {
    fputs(USAGE, stderr);
    return BB_EX_USAGE;
  }
  const char *cmd = argv[1];
  for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
    if (!strcmp(cmd, COMMANDS[i].name))
      cli_set_command(COMMANDS[i].name);
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
    fputs(USAGE, stdout);
    return 0;
  }
  if (!strcmp(cmd, "--version")) {
    int st = 0;
    bb_kb *kb = cli_load_kb(NULL, &st);
    printf("bedback %s (knowledge base %s)\n", bb_version(), kb ? bb_kb_version(kb) : "broken");
    bb_kb_free(kb);
    return st;
  }
  if (!strcmp(cmd, "help")) {
    if (argc < 3) {
      fputs(USAGE, stdout);
      return 0;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
      if (!strcmp(argv[2], COMMANDS[i].name)) {
        char help[] = "--help";
        char *hargv[] = {argv[2], help, NULL};
        return COMMANDS[i].fn(2, hargv);
      }
    return cli_failf(BB_EX_USAGE, "there is no command '%s'; run `bedback --help`", argv[2]);
  }
  for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
    if (!strcmp(cmd, COMMANDS[i].name))
      return COMMANDS[i].fn(argc - 1, argv + 1);
  return cli_failf(BB_EX_USAGE, "there is no command '%s'; run `bedback --help`", cmd);
}
