/* cmd_history.c -- `bedback history` (every night's versions and the past
 * assessments), `bedback delete` and `bedback undo` (taking an entry or an
 * amend back; nothing is lost, and an undo can be undone). */
#include "cli.h"
#include "cli_line.h"
#include "commands.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char HISTORY_USAGE[] =
    "usage: bedback history [--db FILE]\n"
    "\n"
    "Everything your diary keeps of its past: every night with its earlier\n"
    "versions (what an amend or a delete replaced, and when), and every saved\n"
    "assessment, newest first, numbered for `bedback assess --show N`.\n"
    "Exit status: 0, 64 usage, 74 the diary cannot be read.\n";

/* "2026-12-02 21:05 CET" from a stored UTC time, or the time as stored. */
static const char *local(const char *utc, char *buf, size_t size) {
  if (!utc)
    return "?";
  if (bb_time_local(utc, buf, size) != 0)
    snprintf(buf, size, "%s", utc);
  return buf;
}

static void print_version(const bb_entry_version *v) {
  const bb_entry *e = &v->entry;
  char t[64];
  printf("    tightness %d", e->tightness);
  if (e->wake >= 0)
    printf(", on waking %d", e->wake);
  if (e->position)
    printf(", slept on the %s", e->position);
  if (e->routine >= 0)
    printf(", routine %s", e->routine ? "done" : "not done");
  if (e->heat_minutes >= 0)
    printf(", heat %d min", e->heat_minutes);
  if (e->note)
    printf(", note \"%s\"", e->note);
  printf("\n      written %s", local(v->saved, t, sizeof t));
  if (v->replaced) {
    char r[64];
    printf(", replaced %s", local(v->replaced, r, sizeof r));
  } else
    printf(" (current)");
  printf("\n");
}

int cmd_history(int argc, char **argv) {
  static const struct option opts[] = {
      {"db", required_argument, NULL, 'b'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
  const char *db = NULL;
  int c;
  cli_opts op;
  cli_opts_init(&op, "history", opts, NULL, NULL);
  while ((c = cli_opts_next(&op, argc, argv)) != -1) {
    switch (c) {
    case 'b': db = optarg; break;
    case 'h': fputs(HISTORY_USAGE, stdout); return 0;
    default: return op.status;
    }
  }
  if (optind < argc)
    return cli_bad_argument("history", argv[optind]);
  int status = 0;
  bb_diary *d = cli_open_diary(db, BB_DIARY_NOCREATE, &status);
  if (!d) {
    if (status == BB_EX_NOINPUT) {
      printf("The diary is empty: nothing has been logged yet.\n");
      return 0;
    }
    return status;
  }
  bb_error err;
  bb_history *h = bb_diary_history(d, &err);
  bb_diary_close(d);
  if (!h)
    return cli_fail(&err);
  printf("Nights (each with its earlier versions, oldest first)\n");
  if (!h->nversions)
    printf("  none\n");
  for (size_t i = 0; i < h->nversions; i++) {
    const bb_entry_version *v = &h->versions[i];
    if (i == 0 || h->versions[i - 1].entry.date != v->entry.date) {
      /* deleted: even its latest version was replaced */
      size_t j = i;
      while (j + 1 < h->nversions && h->versions[j + 1].entry.date == v->entry.date)
        j++;
      char ds[11];
      bb_date_format(v->entry.date, ds);
      printf("\n  the night of %s%s\n", ds,
             h->versions[j].replaced ? "  (deleted: `bedback undo --date` brings it back)" : "");
    }
    print_version(v);
  }
  printf("\nSaved assessments (newest first; see one with `bedback assess --show N`)\n");
  if (!h->nassessments)
    printf("  none\n");
  for (size_t i = 0; i < h->nassessments; i++) {
    const bb_saved_assessment *a = &h->assessments[i];
    char t[64], lw[32];
    snprintf(lw, sizeof lw, "%s", a->level ? a->level : "?");
    for (char *p = lw; *p; p++)
      if (*p == '_')
        *p = '-';
    printf("  %zu. %s  %s%s\n", i + 1, local(a->created, t, sizeof t), lw,
           a->source && !strcmp(a->source, "log") ? "  (made when a warning sign was logged)" : "");
  }
  bb_history_free(h);
  return 0;
}

static const char DELETE_USAGE[] =
    "usage: bedback delete --date YYYY-MM-DD [--yes] [--db FILE]\n"
    "\n"
    "Delete the entry of one night. On a terminal it asks first (--yes: do not ask;\n"
    "off a terminal --yes is required). The deleted entry is kept in the diary's\n"
    "history (`bedback history`), and `bedback undo --date YYYY-MM-DD` brings it\n"
    "back.\n"
    "Exit status: 0 deleted (or not, when you said no), 64 usage, 65 no entry for\n"
    "that night, 66 no diary, 74 the diary cannot be written.\n";

static const char UNDO_USAGE[] =
    "usage: bedback undo --date YYYY-MM-DD [--db FILE]\n"
    "\n"
    "Take back the last change to one night: a delete (the entry comes back) or an\n"
    "amend (the earlier version comes back). The version it replaces is kept in the\n"
    "history, so an undo can be undone the same way.\n"
    "Exit status: 0, 64 usage, 65 nothing to undo for that night, 66 no diary,\n"
    "74 the diary cannot be written.\n";

static int take_back(int argc, char **argv, int undo) {
  static const struct option opts[] = {{"date", required_argument, NULL, 'd'},
                                       {"yes", no_argument, NULL, 'y'},
                                       {"db", required_argument, NULL, 'b'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *name = undo ? "undo" : "delete";
  const char *db = NULL, *date = NULL;
  int yes = 0, c;
  cli_opts op;
  cli_opts_init(&op, name, opts, NULL, NULL);
  while ((c = cli_opts_next(&op, argc, argv)) != -1) {
    switch (c) {
    case 'd': date = optarg; break;
    case 'y': yes = 1; break;
    case 'b': db = optarg; break;
    case 'h': fputs(undo ? UNDO_USAGE : DELETE_USAGE, stdout); return 0;
    default: return op.status;
    }
  }
  if (optind < argc)
    return cli_bad_argument(name, argv[optind]);
  if (!date)
    return cli_failf(BB_EX_USAGE, "--date YYYY-MM-DD is required: which night?");
  if (undo && yes)
    return cli_failf(BB_EX_USAGE, "--yes is for delete");
  int day, st;
  if ((st = cli_parse_date("--date", date, &day)) != 0)
    return st;
  char ds[11];
  bb_date_format(day, ds);
  int status = 0;
  bb_diary *d = cli_open_diary(db, BB_DIARY_NOCREATE, &status);
  if (!d) {
    if (status == BB_EX_NOINPUT)
      return cli_failf(BB_EX_NOINPUT, "there is no diary yet, so nothing to %s", name);
    return status;
  }
  bb_error err;
  if (!undo && !yes) {
    if (!isatty(STDIN_FILENO)) {
      bb_diary_close(d);
      return cli_failf(BB_EX_USAGE,
                       "not on a terminal, so nobody can be asked: give --yes to "
                       "delete the night of %s",
                       ds);
    }
    printf("Delete the entry of the night of %s? It is kept in the history and\n", ds);
    char buf[32], prompt[80];
    snprintf(prompt, sizeof prompt, "`bedback undo --date %s` brings it back. (y/n): ", ds);
    cli_line_begin(); /* the answer edited, Ctrl-C caught (cli_line.h) */
    int got = cli_line_read(stdin, stdout, prompt, buf, sizeof buf);
    cli_line_end();
    if (got != CLI_LINE_OK || (buf[0] != 'y' && buf[0] != 'Y')) {
      printf("%sNot deleted.\n", got == CLI_LINE_OK ? "" : "\n");
      bb_diary_close(d);
      return cli_line_interrupted() ? 130 : 0;
    }
  }
  if ((undo ? bb_diary_undo(d, day, &err) : bb_diary_delete(d, day, &err)) != 0)
    status = cli_fail(&err);
  else if (undo)
    printf("The night of %s is back to its earlier version (the one replaced is in\n"
           "`bedback history`; undo again to take this back).\n",
           ds);
  else
    printf("Deleted the night of %s (kept in `bedback history`; `bedback undo --date %s`\n"
           "brings it back).\n",
           ds, ds);
  bb_diary_close(d);
  return status;
}

int cmd_delete(int argc, char **argv) {
  return take_back(argc, argv, 0);
}

int cmd_undo(int argc, char **argv) {
  return take_back(argc, argv, 1);
}
