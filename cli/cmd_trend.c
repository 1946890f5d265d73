/* cmd_trend.c -- `bedback trend`: the verdict from the diary. */
#include "cli.h"
#include "commands.h"

#include <getopt.h>
#include <stdlib.h>

static const char TREND_USAGE[] =
    "usage: bedback trend [--json] [--weeks N] [--db FILE]\n"
    "\n"
    "Your tightness over the last N weeks up to your last entry (12 by default):\n"
    "each night, the weekly averages as a chart, changes to your sleep setup, the\n"
    "baseline (first 7 days), current (last 7 days), the change, and the verdict\n"
    "with what to do:\n"
    "\n"
    "  improving      over 2+ weeks, current is at least 2 points and 30% below\n"
    "                 the baseline\n"
    "  worsening      over 2+ weeks, current is 2 or more points above the\n"
    "                 baseline: see a doctor or physical therapist (flag\n"
    "                 worsening, consult)\n"
    "  not_improving  over 3+ weeks, neither: see a doctor or physical therapist\n"
    "                 (flag no_improvement, consult)\n"
    "  too_early      otherwise\n"
    "\n"
    "The chart uses block characters on a UTF-8 terminal, ASCII otherwise (and with\n"
    "NO_COLOR). --json gives warning_signs, verdict, baseline, current, change,\n"
    "span_days, entries, weekly and flags for other programs.\n"
    "\n"
    "A warning sign on record (logged, or in your last saved assessment) comes\n"
    "first, with its night, its level and what to do; while one stands, no verdict\n"
    "says to keep going.\n"
    "Exit status: 0 (whatever the verdict; rows that cannot be shown are named in\n"
    "warnings), 64 usage, 65 bad --weeks or --db is not a bedback diary, 74 the\n"
    "diary cannot be read or the output written.\n";

int cmd_trend(int argc, char **argv) {
  static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                       {"weeks", required_argument, NULL, 'w'},
                                       {"db", required_argument, NULL, 'b'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *db = NULL;
  int json = 0, weeks = 12, c;
  cli_opts op;
  cli_opts_init(&op, "trend", opts, NULL, NULL);
  while ((c = cli_opts_next(&op, argc, argv)) != -1) {
    switch (c) {
    case 'j': json = 1; break;
    case 'w':
      if (cli_parse_int("--weeks", optarg, 1, 5200, &weeks) != 0)
        return BB_EX_DATAERR;
      break;
    case 'b': db = optarg; break;
    case 'h': fputs(TREND_USAGE, stdout); return 0;
    default: return op.status;
    }
  }
  if (optind < argc)
    return cli_bad_argument("trend", argv[optind]);
  int status = 0;
  bb_kb *kb = cli_load_kb(NULL, &status);
  if (!kb)
    return status;
  bb_diary_view *v;
  bb_warnings *w;
  if ((status = cli_read_signs(db, kb, weeks, &v, &w)) != 0) {
    bb_kb_free(kb);
    return status;
  }
  bb_trend t;
  if (bb_trend_compute(v->entries, v->nentries, weeks, cli_today(), &t) != 0)
    status = cli_failf(BB_EX_SOFTWARE, "out of memory");
  else {
    unsigned flags = 0;
    if (cli_use_color(stdout))
      flags |= BB_RENDER_COLOR | (cli_utf8() ? BB_RENDER_UNICODE : 0u);
    char *out = bb_trend_render_width(&t, v, w, json ? BB_FORMAT_JSON : BB_FORMAT_TEXT, flags,
                                      cli_term_width(stdout));
    status = out ? cli_write_file("-", out, 0) : cli_failf(BB_EX_SOFTWARE, "out of memory");
    free(out);
  }
  bb_trend_clear(&t);
  bb_warnings_free(w);
  cli_view_free(v);
  bb_kb_free(kb);
  return status;
}
