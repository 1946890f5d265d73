/*
 * cmd_fit.c -- `bedback fit`: the sleep-support model for one person, from
 * an answers file or quick flags. A thin client of the public API.
 */
#include "bedback.h"
#include "cli.h"
#include "commands.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: bedback fit [--answers FILE] [--json] [--svg FILE]\n"
    "                   [--sex male|female|other] [--height CM] [--weight KG]\n"
    "                   [--position side|back|mixed|stomach] [--firmness 1-10]\n"
    "                   [--pillow CM] [--pillow-firmness soft|medium|firm]\n"
    "                   [--thickness CM] [--mattress-stiffness KPA_PER_M]\n"
    "                   [--zones shoulder=N,waist=N,hip=N] [--optimize-zones]\n"
    "\n"
    "Models your body lying on your mattress and says whether your spine lies\n"
    "straight, which firmness (1-10) suits you, and how high your pillow should\n"
    "be. Sex, height and weight are needed (from --answers or the flags; flags\n"
    "win). Without a position (flag or answers) side and back are both\n"
    "modelled, as for a mixed sleeper, with one firmness answer for the two;\n"
    "stomach lying is not modelled and the stomach-sleeping advice is shown.\n"
    "--svg writes a side-view picture. --optimize-zones finds the\n"
    "shoulder/waist/hip firmness a zoned or adjustable bed should have. A\n"
    "warning sign in the answers comes first, in the text, the JSON and the\n"
    "picture.\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 bad data, 66 missing file, 74 I/O error.\n";

/* A whole number for option `opt` (decimal only), 65 with a message. */
static int parse_int(const char *opt, const char *s, int lo, int hi, int *out) {
  return cli_parse_int(opt, s, lo, hi, out);
}

static int parse_choice(const char *opt, const char *s, const char *const *names, int n, int *out) {
  for (int i = 0; i < n; i++)
    if (strcmp(s, names[i]) == 0) {
      *out = i;
      return 0;
    }
  char allowed[128] = "";
  for (int i = 0; i < n; i++) {
    strncat(allowed, names[i], sizeof allowed - strlen(allowed) - 1);
    if (i + 1 < n)
      strncat(allowed, ", ", sizeof allowed - strlen(allowed) - 1);
  }
  return cli_failf(BB_EX_DATAERR, "%s '%s' is not allowed: use one of %s", opt, s, allowed);
}

/* "shoulder=4,waist=6,hip=7" */
static int parse_zones(const char *s, int z[3]) {
  static const char *const names[3] = {"shoulder", "waist", "hip"};
  char buf[128];
  z[0] = z[1] = z[2] = 0;
  if (strlen(s) >= sizeof buf)
    return cli_failf(BB_EX_DATAERR, "--zones '%s' is too long", s);
  strcpy(buf, s);
  for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    char *eq = strchr(tok, '=');
    int k = -1;
    if (eq) {
      *eq = '\0';
      for (int i = 0; i < 3; i++)
        if (strcmp(tok, names[i]) == 0)
          k = i;
    }
    if (k < 0)
      return cli_failf(BB_EX_DATAERR,
                       "--zones '%s': expected shoulder=N,waist=N,hip=N with N from 1 to 10", s);
    if (z[k])
      return cli_failf(BB_EX_DATAERR, "--zones '%s' gives %s twice; give each zone once", s,
                       names[k]);
    char opt[32];
    snprintf(opt, sizeof opt, "--zones %s", names[k]);
    int rc = parse_int(opt, eq + 1, 1, 10, &z[k]);
    if (rc)
      return rc;
  }
  for (int i = 0; i < 3; i++)
    if (z[i] == 0)
      return cli_failf(BB_EX_DATAERR, "--zones '%s': %s is missing (shoulder=N,waist=N,hip=N)", s,
                       names[i]);
  return 0;
}

/* The warning sign the answers given to the fit hold, made ready while
 * the knowledge base is loaded: the triage block as `assess` and `log`
 * print it, the triage as assess --json gives it, and the picture's
 * notice. All NULL when the answers fire no flag. */
typedef struct {
  char *text;
  json_t *triage;
  char *notice;
} warning;

static void warning_free(warning *w) {
  free(w->text);
  json_decref(w->triage);
  free(w->notice);
  memset(w, 0, sizeof *w);
}

static int warning_of(const bb_kb *kb, const bb_answers *a, warning *w) {
  memset(w, 0, sizeof *w);
  bb_error err;
  bb_assessment *as = bb_assess(kb, a, &err);
  if (!as)
    return cli_fail(&err);
  if (bb_assessment_flag_count(as) == 0) {
    bb_assessment_free(as);
    return 0;
  }
  w->text =
      bb_render_triage(as, cli_use_color(stdout) ? BB_RENDER_COLOR : 0, cli_term_width(stdout));
  char *j = bb_render(as, BB_FORMAT_JSON, 0);
  json_t *root = j ? json_loads(j, 0, NULL) : NULL;
  free(j);
  w->triage = json_incref(json_object_get(root, "triage"));
  json_decref(root);
  /* the level in the words of the text's banner */
  bb_level level = bb_assessment_level(as);
  const char *words = level == BB_EMERGENCY ? "EMERGENCY"
                      : level == BB_URGENT  ? "URGENT"
                                            : "SEE A CLINICIAN";
  const char *headline = bb_assessment_headline(as);
  static const char after[] = "This picture of your bed comes after that; bedback assess says why.";
  size_t n = strlen(words) + strlen(headline) + sizeof after + 4;
  w->notice = malloc(n);
  if (w->notice)
    snprintf(w->notice, n, "%s: %s %s", words, headline, after);
  bb_assessment_free(as);
  if (!w->text || !w->triage || !w->notice) {
    warning_free(w);
    return cli_failf(BB_EX_SOFTWARE, "out of memory");
  }
  return 0;
}

/* The triage block first, then a line that ties what follows to it. */
static void show_warning(const warning *w) {
  fputs(w->text, stdout);
  fputs("\nThe fit of your bed follows. It does not change what the warning sign above\n"
        "asks you to do.\n\n",
        stdout);
}

/* The fit's JSON with the triage first ("triage", as assess --json has
 * it); fit.md's members follow unchanged. NULL when out of memory. */
static char *json_with_triage(const char *fit_json, json_t *triage) {
  json_t *fit = json_loads(fit_json, 0, NULL), *all = json_object();
  char *out = NULL;
  if (fit && all && json_object_set(all, "triage", triage) == 0 &&
      json_object_update(all, fit) == 0)
    out = json_dumps(all, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
  json_decref(fit);
  json_decref(all);
  return out; /* without the line end bb_fit_render gives: the printing adds it */
}

int cmd_fit(int argc, char **argv) {
  static const char *const sexes[] = {"female", "male", "other"};
  static const char *const positions[] = {"side", "back", "mixed", "stomach"};
  static const char *const pillow_f[] = {"soft", "medium", "firm"};
  const char *answers = NULL, *svg_path = NULL;
  bool json = false, optimize = false;
  int sex = -1, position = -1, firmness = 0, pf = -1, zones[3] = {0, 0, 0}, rc;
  double height = (double)NAN, weight = (double)NAN, pillow = (double)NAN, thick = (double)NAN,
         stiff = (double)NAN;

  static const struct option opts[] = {{"answers", required_argument, NULL, 'a'},
                                       {"json", no_argument, NULL, 'j'},
                                       {"svg", required_argument, NULL, 'v'},
                                       {"sex", required_argument, NULL, 's'},
                                       {"height", required_argument, NULL, 'H'},
                                       {"weight", required_argument, NULL, 'W'},
                                       {"position", required_argument, NULL, 'p'},
                                       {"firmness", required_argument, NULL, 'f'},
                                       {"pillow", required_argument, NULL, 'P'},
                                       {"pillow-firmness", required_argument, NULL, 'F'},
                                       {"thickness", required_argument, NULL, 't'},
                                       {"mattress-stiffness", required_argument, NULL, 'k'},
                                       {"zones", required_argument, NULL, 'z'},
                                       {"optimize-zones", no_argument, NULL, 'o'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  cli_opts op;
  int c;
  cli_opts_init(&op, "fit", opts, NULL, NULL);
  while ((c = cli_opts_next(&op, argc, argv)) != -1) {
    rc = 0;
    switch (c) {
    case 'h': fputs(usage, stdout); return BB_EX_OK;
    case 'j': json = true; break;
    case 'o': optimize = true; break;
    case 'a': answers = optarg; break;
    case 'v': svg_path = optarg; break;
    case 's': rc = parse_choice("--sex", optarg, sexes, 3, &sex); break;
    case 'H': rc = cli_parse_measure("--height", optarg, 120, 230, "cm", &height); break;
    case 'W': rc = cli_parse_measure("--weight", optarg, 30, 300, "kg", &weight); break;
    case 'p': rc = parse_choice("--position", optarg, positions, 4, &position); break;
    case 'f': rc = parse_int("--firmness", optarg, 1, 10, &firmness); break;
    case 'P': rc = cli_parse_measure("--pillow", optarg, 0, 30, "cm", &pillow); break;
    case 'F': rc = parse_choice("--pillow-firmness", optarg, pillow_f, 3, &pf); break;
    case 't': rc = cli_parse_measure("--thickness", optarg, 5, 50, "cm", &thick); break;
    case 'k':
      rc = cli_parse_number("--mattress-stiffness", optarg, 5, 1000, "kPa/m", &stiff);
      break;
    case 'z': rc = parse_zones(optarg, zones); break;
    default: return op.status;
    }
    if (rc)
      return rc;
  }
  if (optind < argc)
    return cli_bad_argument("fit", argv[optind]);
  /* Where the picture goes is checked before any work is printed. */
  if (svg_path && (rc = cli_check_output("--svg", svg_path)) != 0)
    return rc;

  bb_fit_input in;
  bb_fit_input_init(&in);
  bool sex_known = false;
  /* A warning sign the answers hold comes before anything about the bed,
   * in every output (see warning_of). */
  warning w = {0};
  if (answers) {
    int status = 0;
    size_t len = 0;
    char *text = cli_read_file(answers, &len, &status);
    if (!text)
      return status;
    bb_kb *kb = cli_load_kb(NULL, &status);
    if (!kb) {
      free(text);
      return status;
    }
    bb_error err;
    bb_answers *a = bb_answers_parse(kb, text, len, answers, &err, NULL, NULL);
    free(text);
    if (!a) {
      bb_kb_free(kb);
      return cli_fail(&err);
    }
    bb_fit_input_from_answers(a, &in);
    sex_known = bb_answers_known(a, "sex");
    status = warning_of(kb, a, &w);
    bb_answers_free(a);
    bb_kb_free(kb);
    if (status)
      return status;
  }
  if (sex >= 0)
    in.sex = (bb_sex)sex;
  if (!isnan(height))
    in.height_cm = height;
  if (!isnan(weight))
    in.weight_kg = weight;
  if (position >= 0) {
    in.position = position == 0   ? BB_POS_SIDE
                  : position == 1 ? BB_POS_BACK
                  : position == 2 ? BB_POS_MIXED
                                  : BB_POS_STOMACH;
    in.position_unknown = false;
  } else if (!answers) {
    /* not given at all: side and back both, as for a mixed sleeper */
    in.position = BB_POS_MIXED;
    in.position_unknown = true;
  }
  if (firmness)
    in.firmness = firmness;
  if (!isnan(pillow))
    in.pillow_height_cm = pillow;
  if (pf >= 0)
    in.pillow_firmness = pf;
  in.thickness_cm = thick;
  in.stiffness_kpa_m = stiff;
  in.zone_shoulder = zones[0];
  in.zone_waist = zones[1];
  in.zone_hip = zones[2];
  in.optimize_zones = optimize;
  if ((!sex_known && sex < 0) || isnan(in.height_cm) || isnan(in.weight_kg)) {
    /* The same mistake with or without an answers file: a usage error;
     * a warning sign in the answers is still shown first. */
    if (w.text && !json)
      show_warning(&w);
    warning_free(&w);
    return cli_failf(BB_EX_USAGE,
                     "the fit needs sex, height and weight: give --sex, --height and --weight%s",
                     answers ? " (the answers file lacks some of sex, height_cm, weight_kg)" : "");
  }
  bb_error err;
  bb_fit *fit = bb_fit_run(&in, &err);
  if (!fit) {
    if (w.text && !json)
      show_warning(&w);
    warning_free(&w);
    return cli_failf(err.status, "%s", err.message);
  }
  char *out = bb_fit_render(fit, json ? BB_FORMAT_JSON : BB_FORMAT_TEXT, 0);
  if (out && json && w.triage) {
    char *with = json_with_triage(out, w.triage);
    free(out);
    out = with;
  }
  int status = BB_EX_OK;
  if (!out) {
    status = cli_failf(BB_EX_SOFTWARE, "out of memory");
  } else {
    if (w.text && !json)
      show_warning(&w);
    size_t len = strlen(out);
    if (fputs(out, stdout) == EOF || (len && out[len - 1] != '\n' && fputc('\n', stdout) == EOF))
      status = cli_failf(BB_EX_IOERR, "cannot write the output");
    free(out);
  }
  /* Stomach-lying is not modelled; the text points to the advice, so show
   * it (from the knowledge base, where the wording lives). */
  if (status == BB_EX_OK && !json && bb_fit_not_modelled(fit)) {
    bb_kb *kb = cli_load_kb(NULL, &status);
    char *advice = kb ? bb_render_advice(kb, "avoid_stomach_sleeping") : NULL;
    if (kb && !advice)
      status = cli_failf(BB_EX_CONFIG, "the knowledge base has no avoid_stomach_sleeping advice");
    else if (advice && printf("\nAvoiding stomach sleeping\n%s", advice) < 0)
      status = cli_failf(BB_EX_IOERR, "cannot write the output");
    free(advice);
    bb_kb_free(kb);
  }
  if (status == BB_EX_OK && fflush(stdout) != 0)
    status = cli_failf(BB_EX_IOERR, "cannot write the output");
  if (status == BB_EX_OK && svg_path) {
    char *svg = bb_fit_svg_notice(fit, w.notice);
    if (!svg)
      cli_failf(0, "no picture: lying on the stomach is not modelled");
    else
      status = cli_write_file(svg_path, svg, 0600);
    free(svg);
  }
  bb_fit_free(fit);
  warning_free(&w);
  return status;
}
