/* cmd_export.c -- `bedback export`: the whole diary as CSV, JSON or an
 * HTML report for a clinician. */
#include "cli.h"
#include "commands.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char EXPORT_USAGE[] =
    "usage: bedback export --format csv|json|html|fhir [--output FILE] [--weeks N]\n"
    "                      [--db FILE]\n"
    "\n"
    "Every entry of your diary. csv: one row per night, for spreadsheets. json:\n"
    "entries (date, tightness, wake, position, routine, heat_minutes, symptoms,\n"
    "triage, note), setup changes, the trend and the latest assessment. html: a\n"
    "report for a clinician - a summary with the trend verdict, the chart, the setup\n"
    "changes, the latest assessment and the entry table - in one self-contained file\n"
    "that prints well. Each opens with the warning signs on record (json:\n"
    "warning_signs; csv: a warning_signs column, in words, on the night logged).\n"
    "fhir: a FHIR R4 Bundle of Observations - the warning signs on record first, then\n"
    "each night's tightness (LOINC 72514-3) and wake-up rating (fhir.md).\n"
    "\n"
    "  --output FILE  write there (readable by you only) instead of standard output\n"
    "  --weeks N      the trend window, 12 weeks by default\n"
    "Exit status: 0 (rows that cannot be shown are named in warnings), 64 usage,\n"
    "65 bad --format or --weeks, or --db is not a bedback diary, 74 the diary cannot\n"
    "be read or FILE written.\n";

int cmd_export(int argc, char **argv) {
  static const struct option opts[] = {
      {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
      {"weeks", required_argument, NULL, 'w'},  {"db", required_argument, NULL, 'b'},
      {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
  const char *db = NULL, *output = "-", *fmt = NULL;
  int weeks = 12, c;
  cli_opts op;
  cli_opts_init(&op, "export", opts, NULL, NULL);
  while ((c = cli_opts_next(&op, argc, argv)) != -1) {
    switch (c) {
    case 'f': fmt = optarg; break;
    case 'o': output = optarg; break;
    case 'w':
      if (cli_parse_int("--weeks", optarg, 1, 5200, &weeks) != 0)
        return BB_EX_DATAERR;
      break;
    case 'b': db = optarg; break;
    case 'h': fputs(EXPORT_USAGE, stdout); return 0;
    default: return op.status;
    }
  }
  if (optind < argc)
    return cli_bad_argument("export", argv[optind]);
  bb_export_format format = BB_EXPORT_JSON;
  if (!fmt)
    return cli_failf(BB_EX_USAGE, "say which --format: csv, json, html or fhir");
  int fhir = !strcmp(fmt, "fhir");
  if (!fhir && bb_export_format_parse(fmt, &format) != 0)
    return cli_failf(BB_EX_DATAERR, "--format takes csv, json, html or fhir, not '%s'", fmt);
  int status = 0;
  /* Where the report goes is checked before the diary is read. */
  if ((status = cli_check_output("--output", output)) != 0)
    return status;
  bb_kb *kb = cli_load_kb(NULL, &status);
  if (!kb)
    return status;
  bb_diary_view *v;
  bb_warnings *w;
  if ((status = cli_read_signs(db, kb, 0, &v, &w)) != 0) {
    bb_kb_free(kb);
    return status;
  }
  bb_trend t;
  int today = cli_today();
  if (bb_trend_compute(v->entries, v->nentries, weeks, today, &t) != 0)
    status = cli_failf(BB_EX_SOFTWARE, "out of memory");
  else {
    /* people read local time; the JSON keeps the stored UTC */
    char local[64];
    if (format == BB_EXPORT_HTML && v->assessment &&
        bb_time_local(v->assessment->created, local, sizeof local) == 0)
      v->assessment->created = local;
    char *out =
        fhir ? bb_fhir_diary_bundle(kb, v, w, today) : bb_export_render(v, &t, w, format, today);
    status = out ? cli_write_file(output, out, 0600) : cli_failf(BB_EX_SOFTWARE, "out of memory");
    free(out);
  }
  bb_trend_clear(&t);
  bb_warnings_free(w);
  cli_view_free(v);
  bb_kb_free(kb);
  return status;
}
