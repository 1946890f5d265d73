/* cli_opt.c -- the one option parser of every command, and the parsers of
 * option values (numbers, dates, measurements with units). Every command
 * refuses the same mistakes the same way: an unknown option, a missing or
 * empty value, an option given twice (64, a usage error); a value that is
 * not a decimal number, out of range, or not a real date (65, bad data). */
#include "cli.h"

#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_opts_init(cli_opts *p, const char *command, const struct option *opts,
                   const char *repeatable, const char *may_be_empty) {
  memset(p, 0, sizeof *p);
  p->command = command;
  p->opts = opts;
  p->repeatable = repeatable ? repeatable : "";
  p->may_be_empty = may_be_empty ? may_be_empty : "";
  optind = 0; /* 0, not 1: glibc starts afresh (a second parse in one process) */
  opterr = 0;
}

int cli_opts_next(cli_opts *p, int argc, char **argv) {
  int idx = -1;
  /* '+': options end at the first argument that is not one (unless the
   * command permutes: `setup KIND --date D`); ':': a missing
   * value is told apart from an unknown option. */
  int c = getopt_long(argc, argv, p->permute ? ":h" : "+:h", p->opts, &idx);
  if (c == -1)
    return -1;
  if (c == '?') {
    const char *arg = argv[optind - 1], *eq = strchr(arg, '=');
    for (const struct option *o = p->opts; eq && !strncmp(arg, "--", 2) && o->name; o++)
      if (o->has_arg == no_argument && strlen(o->name) == (size_t)(eq - arg - 2) &&
          !strncmp(o->name, arg + 2, (size_t)(eq - arg - 2))) {
        p->status = cli_failf(BB_EX_USAGE, "--%s takes no value", o->name);
        return CLI_OPT_ERROR;
      }
    p->status = cli_bad_option(p->command, arg);
    return CLI_OPT_ERROR;
  }
  if (c == ':') {
    p->status = cli_failf(BB_EX_USAGE, "%s needs a value; run `bedback help %s`", argv[optind - 1],
                          p->command);
    return CLI_OPT_ERROR;
  }
  if (idx < 0)
    return c; /* -h */
  const struct option *o = &p->opts[idx];
  if (idx < 64) {
    unsigned long long bit = 1ULL << idx;
    if ((p->seen & bit) && !strchr(p->repeatable, c)) {
      p->status = cli_failf(BB_EX_USAGE, "--%s was given twice; give it once", o->name);
      return CLI_OPT_ERROR;
    }
    p->seen |= bit;
  }
  if (o->has_arg == required_argument && optarg && !*optarg && !strchr(p->may_be_empty, c)) {
    p->status = cli_failf(BB_EX_USAGE, "--%s needs a value, not an empty one", o->name);
    return CLI_OPT_ERROR;
  }
  return c;
}

/* Decimal digits with an optional sign and fraction: no blanks, no hex, no
 * exponent, no "inf" (strtod takes all of those). */
static int is_decimal(const char *s, int fraction) {
  if (*s == '-')
    s++;
  int digits = 0, dot = 0;
  for (; *s; s++) {
    if (isdigit((unsigned char)*s))
      digits++;
    else if (*s == '.' && fraction && !dot)
      dot = 1;
    else
      return 0;
  }
  return digits > 0;
}

int cli_parse_int(const char *opt, const char *text, int min, int max, int *out) {
  long v = is_decimal(text, 0) && strlen(text) < 12 ? strtol(text, NULL, 10) : LONG_MIN;
  if (v == LONG_MIN || v < min || v > max)
    return cli_failf(BB_EX_DATAERR, "%s takes a whole number from %d to %d, not '%s'", opt, min,
                     max, text);
  *out = (int)v;
  return 0;
}

int cli_parse_number(const char *opt, const char *text, double min, double max, const char *unit,
                     double *out) {
  if (!is_decimal(text, 1) || strlen(text) > 32)
    return cli_failf(BB_EX_DATAERR, "%s takes a decimal number from %g to %g%s%s, not '%s'", opt,
                     min, max, *unit ? " " : "", unit, text);
  double v = strtod(text, NULL);
  if (!(v >= min && v <= max))
    return cli_failf(BB_EX_DATAERR, "%s %s is out of range: allowed %g to %g%s%s", opt, text, min,
                     max, *unit ? " " : "", unit);
  *out = v;
  return 0;
}

int cli_parse_date(const char *opt, const char *text, int *day) {
  int d;
  if (bb_date_parse(text, &d) != 0)
    return cli_failf(BB_EX_DATAERR, "%s %s is not a real date in the form YYYY-MM-DD", opt, text);
  int first = bb_date_from_ymd(2000, 1, 1);
  if (d < first)
    return cli_failf(BB_EX_DATAERR, "%s %s is before 2000; give a date from 2000-01-01 to today",
                     opt, text);
  if (d > cli_today())
    return cli_failf(BB_EX_DATAERR, "%s %s is in the future; give a date up to today", opt, text);
  *day = d;
  return 0;
}

int cli_check_output(const char *opt, const char *path) {
  if (!strcmp(path, "-"))
    return 0;
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    return cli_failf(BB_EX_IOERR, "%s %s is a folder; give a file name", opt, path);
  /* The folder it goes into must exist and be writable: checked before any
   * work is done or printed, so that nothing is lost at the end. */
  char dir[4096];
  const char *slash = strrchr(path, '/');
  if (!slash)
    snprintf(dir, sizeof dir, ".");
  else if (slash == path)
    snprintf(dir, sizeof dir, "/");
  else
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return cli_failf(BB_EX_IOERR, "cannot write %s: the folder %s does not exist", path, dir);
  if (access(dir, W_OK | X_OK) != 0)
    return cli_failf(BB_EX_IOERR, "cannot write %s: the folder %s is not writable", path, dir);
  if (access(path, F_OK) == 0 && access(path, W_OK) != 0)
    return cli_failf(BB_EX_IOERR, "cannot write %s: it is not writable", path);
  return 0;
}

int cli_check_diary_place(const char *flag) {
  char path[4096];
  bb_error err;
  if (bb_diary_locate(flag, path, sizeof path, &err) != 0)
    return cli_fail(&err);
  struct stat st;
  if (stat(path, &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return cli_failf(BB_EX_IOERR, "cannot open the diary %s: it is a folder", path);
    if (access(path, R_OK | W_OK) != 0)
      return cli_failf(BB_EX_IOERR, "cannot write the diary %s: it is not writable", path);
    return 0;
  }
  /* Not there yet: the nearest folder that exists must let us create the
   * rest (the diary makes its missing folders). */
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", path);
  for (;;) {
    char *slash = strrchr(dir, '/');
    if (!slash) {
      snprintf(dir, sizeof dir, ".");
      break;
    }
    if (slash == dir) {
      dir[1] = '\0';
      break;
    }
    *slash = '\0';
    if (stat(dir, &st) == 0)
      break;
  }
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return cli_failf(BB_EX_IOERR, "no place for the diary %s: %s is not a folder", path, dir);
  if (access(dir, W_OK | X_OK) != 0)
    return cli_failf(BB_EX_IOERR, "no place for the diary %s: the folder %s is not writable", path,
                     dir);
  return 0;
}
