/* cmd_fhir.c -- `bedback fhir questionnaire|codesystem`: the knowledge
 * base's check as FHIR R4 resources (docs/fhir.md). A thin client of the
 * library's bb_fhir_* calls. */
#include "cli.h"
#include "commands.h"

#include <stdlib.h>
#include <string.h>

static const char FHIR_USAGE[] =
    "usage: bedback fhir questionnaire [--output FILE] [--kb DIR]\n"
    "       bedback fhir codesystem [--output FILE] [--kb DIR]\n"
    "\n"
    "Write bedback's check as FHIR R4 resources, generated from the\n"
    "knowledge base:\n"
    "\n"
    "  questionnaire   the Questionnaire, for any FHIR forms renderer: one item per\n"
    "                  question, the warning signs first; a condition that enableWhen\n"
    "                  cannot express is written as an SDC enableWhenExpression\n"
    "                  (FHIRPath), and each one is named on standard error\n"
    "  codesystem      bedback's CodeSystem: the choice values, the triage levels\n"
    "                  and the diary's codes that no published code system has\n"
    "\n"
    "  --output FILE   write to FILE (readable by you only) instead of standard output\n"
    "  --kb DIR        use the knowledge base in DIR instead of the built-in one\n"
    "\n"
    "The completed answers come back with `bedback assess --fhir-response FILE`;\n"
    "`bedback assess --format fhir` and `bedback export --format fhir` write Bundles.\n"
    "Exit status: 0 ok, 64 usage, 74 I/O error, 78 broken knowledge base.\n";

/* Each condition enableWhen cannot say, named (the Questionnaire still
 * holds it, as FHIRPath). */
static void note(const char *link_id, const char *condition, const char *fhirpath, void *ud) {
  (void)fhirpath;
  (void)ud;
  cli_failf(0,
            "question '%s': enableWhen cannot express its condition \"%s\"; it is written as an "
            "SDC enableWhenExpression (FHIRPath) instead",
            link_id, condition);
}

int cmd_fhir(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    fputs(FHIR_USAGE, argc < 2 ? stderr : stdout);
    return argc < 2 ? BB_EX_USAGE : 0;
  }
  const char *what = argv[1];
  if (strcmp(what, "questionnaire") && strcmp(what, "codesystem"))
    return cli_failf(BB_EX_USAGE, "unknown subcommand '%s' (questionnaire, codesystem)", what);
  static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                       {"kb", required_argument, NULL, 'k'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *output = "-", *kbdir = NULL;
  cli_opts p;
  int c;
  cli_opts_init(&p, "fhir", opts, NULL, NULL);
  while ((c = cli_opts_next(&p, argc - 1, argv + 1)) != -1) {
    switch (c) {
    case 'o': output = optarg; break;
    case 'k': kbdir = optarg; break;
    case 'h': fputs(FHIR_USAGE, stdout); return 0;
    default: return p.status;
    }
  }
  if (optind < argc - 1)
    return cli_bad_argument("fhir", argv[optind + 1]);
  int status = cli_check_output("--output", output);
  if (status)
    return status;
  bb_kb *kb = cli_load_kb(kbdir, &status);
  if (!kb)
    return status;
  char *out = !strcmp(what, "questionnaire") ? bb_fhir_questionnaire(kb, note, NULL)
                                             : bb_fhir_codesystem(kb);
  status = out ? cli_write_file(output, out, 0600) : cli_failf(BB_EX_SOFTWARE, "out of memory");
  free(out);
  bb_kb_free(kb);
  return status;
}
