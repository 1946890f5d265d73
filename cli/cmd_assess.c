/* cmd_assess.c -- `bedback assess`, `bedback questions`, `bedback kb`. */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char ASSESS_USAGE[] =
    "usage: bedback assess [--answers FILE | --fhir-response FILE]\n"
    "                      [--format text|json|markdown|html|fhir] [--json]\n"
    "                      [--save-answers FILE] [--save [--db FILE]] [--kb DIR] [--full]\n"
    "       bedback assess --show [N] [--format FORMAT] [--db FILE]\n"
    "\n"
    "Assess a back that feels tight when lying down. On a terminal with no --answers,\n"
    "bedback interviews you: warning signs first, one question at a time. Type ? for\n"
    "help on a question, skip to leave it unanswered, back to go to the previous\n"
    "question, Ctrl-D or Ctrl-C to stop.\n"
    "\n"
    "  --answers FILE       read the answers from a JSON file (- for standard input;\n"
    "                       standard input is also read when it is not a terminal)\n"
    "  --fhir-response FILE read the answers from a FHIR R4 QuestionnaireResponse to\n"
    "                       bedback's Questionnaire (`bedback fhir questionnaire`)\n"
    "  --format FORMAT      text (default), json (the contract), markdown, html (a\n"
    "                       printable page for your doctor: dated, with your answers),\n"
    "                       or fhir (a FHIR R4 Bundle: the QuestionnaireResponse, a\n"
    "                       RiskAssessment and a CarePlan; see fhir.md)\n"
    "  --json               the same as --format json\n"
    "  --save-answers FILE  keep the answers (JSON, readable by you only) for later\n"
    "  --save               store the answers and the assessment in your diary\n"
    "                       (`bedback routine` and `bedback log` build on it)\n"
    "  --db FILE            the diary for --save (see `bedback help log`)\n"
    "  --kb DIR             use the knowledge base in DIR instead of the built-in one\n"
    "  --show [N]           show saved assessment N of your diary (1, the latest, by\n"
    "                       default; `bedback history` lists them)\n"
    "  --full               on a terminal, print the whole text at once instead of\n"
    "                       through a pager ($PAGER, else less -R)\n"
    "\n"
    "`bedback questions` lists every key of the answers; `man bedback` describes them.\n"
    "Example: bedback assess --save-answers mine.json, later bedback assess --answers mine.json\n"
    "Exit status: 0 ok (whatever the triage level), 64 usage, 65 invalid answers,\n"
    "66 answers file missing, 74 I/O error, 78 broken knowledge base;\n"
    "an interview stopped with Ctrl-D gives 0 and with Ctrl-C 130, and assesses nothing.\n";

/* The text on a terminal goes through a pager ($PAGER, else `less -R`)
 * so that its top -- what to do first -- can be scrolled back to; less
 * is told (LESS=FRX unless set) to quit at once when it fits the screen
 * and to leave the text on it. A pager that cannot run (exit 127) or a
 * pipe that cannot open: the text is written directly. */
static int write_paged(const char *text) {
  const char *pager = getenv("PAGER");
  if (!pager || !*pager)
    pager = "less -R";
  setenv("LESS", "FRX", 0);
  fflush(stdout);
  FILE *p = popen(pager, "w");
  if (!p)
    return cli_write_file("-", text, 0);
  /* quitting the pager early is not an error */
  void (*old)(int) = signal(SIGPIPE, SIG_IGN);
  fputs(text, p);
  int rc = pclose(p);
  signal(SIGPIPE, old);
  if (rc == -1 || (WIFEXITED(rc) && WEXITSTATUS(rc) == 127))
    return cli_write_file("-", text, 0);
  return 0;
}

/* `assess --show N`: the Nth saved assessment, newest first. JSON is the
 * stored record itself; the other formats show its stored answers
 * assessed with this knowledge base, saying so, and the saved triage
 * when it differs. */
static int show_saved(long n, const char *db, const char *kbdir, bb_format format, int full) {
  int status = 0;
  bb_diary *d = cli_open_diary(db, BB_DIARY_NOCREATE, &status);
  if (!d)
    return status == BB_EX_NOINPUT
               ? cli_failf(BB_EX_NOINPUT, "there is no diary, so no saved assessment "
                                          "(`bedback assess --save` keeps one)")
               : status;
  bb_error err;
  bb_history *h = bb_diary_history(d, &err);
  bb_diary_close(d);
  if (!h)
    return cli_fail(&err);
  if ((size_t)n > h->nassessments) {
    status = cli_failf(BB_EX_DATAERR, "--show %ld: the diary holds %zu saved assessment%s", n,
                       h->nassessments, h->nassessments == 1 ? "" : "s");
    bb_history_free(h);
    return status;
  }
  const bb_saved_assessment *sa = &h->assessments[n - 1];
  if (format == BB_FORMAT_JSON) {
    status = cli_write_file("-", sa->assessment_json, 0);
    if (status == 0)
      fputc('\n', stdout);
    bb_history_free(h);
    return status;
  }
  bb_kb *kb = cli_load_kb(kbdir, &status);
  bb_answers *a = kb ? bb_answers_parse(kb, sa->answers_json, strlen(sa->answers_json), "<diary>",
                                        &err, NULL, NULL)
                     : NULL;
  bb_assessment *as = a ? bb_assess(kb, a, &err) : NULL;
  if (!as) {
    status = status ? status
                    : cli_failf(BB_EX_DATAERR, "the saved answers cannot be read: %s", err.message);
  } else {
    char when[64], day[11];
    if (bb_time_local(sa->created, when, sizeof when) != 0)
      snprintf(when, sizeof when, "%s", sa->created ? sa->created : "?");
    snprintf(day, sizeof day, "%s", sa->created ? sa->created : "");
    int dn = cli_today();
    bb_date_parse(day, &dn);
    const char *now = bb_level_name(bb_assessment_level(as));
    printf("Saved assessment %ld of %zu, made %s%s with knowledge base %s.\n", n, h->nassessments,
           when,
           sa->source && !strcmp(sa->source, "log") ? " (when a warning sign was logged)" : "",
           sa->kb_version);
    if (strcmp(sa->kb_version, bb_kb_version(kb)))
      printf("Shown from its saved answers with knowledge base %s.\n", bb_kb_version(kb));
    if (sa->level && strcmp(sa->level, now))
      printf("It was saved with the triage level %s; with this knowledge base it is %s.\n",
             sa->level, now);
    printf("\n");
    unsigned flags = format == BB_FORMAT_TEXT && cli_use_color(stdout) ? BB_RENDER_COLOR : 0;
    char *out = format == BB_FORMAT_TEXT ? bb_render(as, format, flags)
                                         : bb_render_dated(as, format, flags, dn);
    if (!out)
      status = cli_failf(BB_EX_SOFTWARE, "out of memory");
    else if (format == BB_FORMAT_TEXT && !full && bb_assessment_level(as) != BB_EMERGENCY &&
             isatty(STDOUT_FILENO))
      status = write_paged(out);
    else
      status = cli_write_file("-", out, 0);
    free(out);
  }
  bb_assessment_free(as);
  bb_answers_free(a);
  bb_kb_free(kb);
  bb_history_free(h);
  return status;
}

/* Each problem in the answers, as one sentence that says what it means. */
static void print_diag(const bb_error *e, void *ud) {
  (void)ud;
  char buf[1024];
  bb_error_format(e, buf, sizeof buf);
  cli_failf(e->status, "%s; nothing was assessed", buf);
}

/* After `assess --save --answers FILE`: says which warning signs logged
 * after FILE was last changed stay on record, since the file does not
 * supersede them. 0, or an exit status after printing why. */
static int note_older_answers(const char *db, const bb_kb *kb, const bb_answers *a,
                              const char *path, const char *answered) {
  bb_diary_view *v;
  bb_warnings *w;
  int status = cli_read_signs(db, kb, 1, &v, &w);
  if (status != 0)
    return status;
  int said = 0;
  for (size_t i = 0; i < v->nsigns; i++) {
    const bb_sign_record *r = &v->signs[i];
    const bb_question *q = bb_kb_find_question(kb, r->sign);
    if (!q || !bb_question_is_warning(q) || strcmp(r->source, "log") ||
        strcmp(r->recorded, answered) <= 0)
      continue;
    const char *ans = bb_answers_get_choice(a, r->sign);
    if (ans && r->value && !strcmp(ans, r->value))
      continue; /* the file says the same */
    char d[11];
    bb_date_format(r->night, d);
    if (!said++)
      fprintf(stderr,
              "bedback: %s was last changed %s, before these warning signs were logged; they "
              "stay on record (routine and heat follow them):\n",
              path, answered);
    fprintf(stderr,
            "  %s=%s, night of %s (if logged by mistake: bedback log --withdraw %s "
            "--date %s)\n",
            r->sign, r->value ? r->value : "", d, r->sign, d);
  }
  if (said)
    cli_print_warnings(w, stderr);
  bb_warnings_free(w);
  cli_view_free(v);
  return 0;
}

int cmd_assess(int argc, char **argv) {
  static const struct option opts[] = {{"answers", required_argument, NULL, 'a'},
                                       {"fhir-response", required_argument, NULL, 'R'},
                                       {"format", required_argument, NULL, 'f'},
                                       {"json", no_argument, NULL, 'j'},
                                       {"save-answers", required_argument, NULL, 's'},
                                       {"kb", required_argument, NULL, 'k'},
                                       {"save", no_argument, NULL, 'S'},
                                       {"db", required_argument, NULL, 'B'},
                                       {"full", no_argument, NULL, 'F'},
                                       {"show", no_argument, NULL, 'W'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *answers_path = NULL, *save = NULL, *kbdir = NULL, *db = NULL;
  const char *fhir_path = NULL;
  int save_diary = 0, full = 0, show = 0, fhir_out = 0;
  bb_format format = BB_FORMAT_TEXT;
  int c;
  cli_opts p;
  cli_opts_init(&p, "assess", opts, NULL, NULL);
  p.permute = 1; /* assess --show 2 --format html */
  while ((c = cli_opts_next(&p, argc, argv)) != -1) {
    switch (c) {
    case 'a': answers_path = optarg; break;
    case 'R': fhir_path = optarg; break;
    case 'f':
      fhir_out = !strcmp(optarg, "fhir");
      if (!fhir_out && bb_format_parse(optarg, &format) != 0)
        return cli_failf(BB_EX_DATAERR,
                         "--format takes text, json, markdown, html or fhir, not '%s'", optarg);
      if (fhir_out)
        format = BB_FORMAT_JSON;
      break;
    case 'j':
      format = BB_FORMAT_JSON;
      fhir_out = 0;
      break;
    case 's': save = optarg; break;
    case 'k': kbdir = optarg; break;
    case 'S': save_diary = 1; break;
    case 'B': db = optarg; break;
    case 'F': full = 1; break;
    case 'W': show = 1; break;
    case 'h': fputs(ASSESS_USAGE, stdout); return 0;
    default: return p.status;
    }
  }
  if (show) {
    long n = 1;
    if (optind < argc) {
      char *end;
      n = strtol(argv[optind], &end, 10);
      if (!*argv[optind] || *end || n < 1 || n > 1000000)
        return cli_failf(BB_EX_USAGE,
                         "--show takes the number of a saved assessment, 1 for the "
                         "latest (`bedback history` lists them), not '%s'",
                         argv[optind]);
      optind++;
    }
    if (optind < argc)
      return cli_bad_argument("assess", argv[optind]);
    if (answers_path || fhir_path || save || save_diary)
      return cli_failf(BB_EX_USAGE, "--show reads a saved assessment from the diary; it takes no "
                                    "--answers, --fhir-response, --save-answers or --save");
    if (fhir_out)
      return cli_failf(BB_EX_USAGE, "--show does not write FHIR; run the saved answers through "
                                    "`bedback assess --answers FILE --format fhir`");
    return show_saved(n, db, kbdir, format, full);
  }
  if (answers_path && fhir_path)
    return cli_failf(BB_EX_USAGE,
                     "--answers and --fhir-response both give the answers; give one of them");
  if (fhir_path)
    answers_path = fhir_path;
  if (optind < argc && !answers_path)
    return cli_failf(BB_EX_USAGE, "unexpected argument '%s'; did you mean --answers %s?",
                     argv[optind], argv[optind]);
  if (optind < argc)
    return cli_bad_argument("assess", argv[optind]);
  if (db && !save_diary)
    return cli_failf(BB_EX_USAGE,
                     "--db is the diary for --save; give --save too, or leave --db out");
  /* Where the results go is checked before any work is printed. */
  int checked;
  if (save && (checked = cli_check_output("--save-answers", save)) != 0)
    return checked;
  if (save_diary && (checked = cli_check_diary_place(db)) != 0)
    return checked;

  int status = 0;
  bb_kb *kb = cli_load_kb(kbdir, &status);
  if (!kb)
    return status;

  bb_answers *a = NULL;
  int outcome = INTERVIEW_DONE;
  /* The interview talks on the terminal: when standard output is
   * redirected (assess --json > out.json), it asks on standard error, so
   * the file holds the assessment only. */
  FILE *ui = NULL;
  if (!answers_path && isatty(STDIN_FILENO)) {
    ui = isatty(STDOUT_FILENO) ? stdout : stderr;
    a = bb_answers_new(kb);
    if (!a) {
      bb_kb_free(kb);
      return cli_failf(BB_EX_SOFTWARE, "out of memory");
    }
    outcome = interview_run(kb, a, stdin, ui);
    if (outcome == INTERVIEW_EOF || outcome == INTERVIEW_INTERRUPTED) {
      fputs("\nStopped. Nothing was assessed or saved.\n", ui);
      bb_answers_free(a);
      bb_kb_free(kb);
      return outcome == INTERVIEW_EOF ? 0 : 130;
    }
  } else {
    const char *path = answers_path ? answers_path : "-";
    size_t len = 0;
    char *text = cli_read_file(path, &len, &status);
    if (!text) {
      bb_kb_free(kb);
      return status;
    }
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
      /* Some editors start UTF-8 files with a byte-order mark, which JSON
       * does not allow: said as such, not as an "invalid token". */
      free(text);
      bb_kb_free(kb);
      return cli_failf(BB_EX_DATAERR,
                       "%s starts with a byte-order mark (BOM), which JSON does not allow: save "
                       "it as UTF-8 without a BOM; nothing was assessed",
                       strcmp(path, "-") ? path : "standard input");
    }
    bb_error err;
    bb_error_clear(&err);
    const char *shown = strcmp(path, "-") ? path : "<stdin>";
    if (fhir_path) {
      a = bb_fhir_read_response(kb, text, len, shown, &err);
      if (!a)
        print_diag(&err, NULL);
    } else {
      a = bb_answers_parse(kb, text, len, shown, &err, print_diag, NULL);
    }
    free(text);
    if (!a) {
      bb_kb_free(kb);
      return err.status ? err.status : BB_EX_DATAERR;
    }
  }

  bb_error err;
  bb_assessment *as = bb_assess(kb, a, &err);
  if (!as) {
    bb_answers_free(a);
    bb_kb_free(kb);
    return cli_fail(&err);
  }
  unsigned flags = format == BB_FORMAT_TEXT && cli_use_color(stdout) ? BB_RENDER_COLOR : 0;
  /* Markdown and HTML are documents to keep or take to a doctor: dated */
  char *out = fhir_out ? bb_fhir_assessment_bundle(as, cli_today())
              : format == BB_FORMAT_MARKDOWN || format == BB_FORMAT_HTML
                  ? bb_render_dated(as, format, flags, cli_today())
                  : bb_render(as, format, flags);
  if (!out)
    status = cli_failf(BB_EX_SOFTWARE, "out of memory rendering the assessment");
  else if ((outcome == INTERVIEW_DONE || outcome == INTERVIEW_EMERGENCY) &&
           format == BB_FORMAT_TEXT && !full && bb_assessment_level(as) != BB_EMERGENCY &&
           isatty(STDOUT_FILENO))
    status = write_paged(out); /* an emergency is never behind a key press */
  else if (outcome == INTERVIEW_DONE || outcome == INTERVIEW_EMERGENCY)
    status = cli_write_file("-", out, 0);
  free(out);
  if (status == 0 && save) {
    char *json = bb_answers_to_json(a);
    status = json ? cli_write_file(save, json, 0600) : cli_failf(BB_EX_SOFTWARE, "out of memory");
    free(json);
    if (status == 0 && ui)
      fprintf(ui,
              "\nYour answers are saved in %s (readable by you only). To see this again\n"
              "without the questions: bedback assess --answers %s\n",
              save, save);
  }
  /* The interview asked on the terminal while the assessment went to a
   * file: an emergency's triage is shown on the terminal too, so that
   * "below is why" is true and nothing hides it. */
  if (ui && ui != stdout && outcome == INTERVIEW_EMERGENCY)
    cli_print_triage(as, ui);
  if (status == 0 && save_diary) {
    /* An answers file is as old as its last change: a warning sign logged
     * since stays on record (the diary keeps each answer with that age). */
    char answered[32] = "";
    struct stat sb;
    struct tm tm;
    if (answers_path && strcmp(answers_path, "-") && stat(answers_path, &sb) == 0 &&
        S_ISREG(sb.st_mode) && gmtime_r(&sb.st_mtime, &tm))
      strftime(answered, sizeof answered, "%Y-%m-%dT%H:%M:%SZ", &tm);
    status = cli_save_assessment(db, "assess", kb, a, as, answered[0] ? answered : NULL);
    if (status == 0 && answered[0])
      status = note_older_answers(db, kb, a, answers_path, answered);
  }
  bb_assessment_free(as);
  bb_answers_free(a);
  bb_kb_free(kb);
  return status;
}

static const char QUESTIONS_USAGE[] =
    "usage: bedback questions [--json] [--kb DIR]\n"
    "\n"
    "List every question bedback can ask: its key, type, allowed values and wording.\n"
    "With --json, the same for other programs (web forms, FHIR export).\n";

int cmd_questions(int argc, char **argv) {
  static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                       {"kb", required_argument, NULL, 'k'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  bb_format format = BB_FORMAT_TEXT;
  const char *kbdir = NULL;
  int c;
  cli_opts p;
  cli_opts_init(&p, "questions", opts, NULL, NULL);
  while ((c = cli_opts_next(&p, argc, argv)) != -1) {
    switch (c) {
    case 'j': format = BB_FORMAT_JSON; break;
    case 'k': kbdir = optarg; break;
    case 'h': fputs(QUESTIONS_USAGE, stdout); return 0;
    default: return p.status;
    }
  }
  if (optind < argc)
    return cli_bad_argument("questions", argv[optind]);
  int status = 0;
  bb_kb *kb = cli_load_kb(kbdir, &status);
  if (!kb)
    return status;
  char *out = bb_render_questions(kb, format);
  status = out ? cli_write_file("-", out, 0) : cli_failf(BB_EX_SOFTWARE, "out of memory");
  free(out);
  bb_kb_free(kb);
  return status;
}

static const char KB_USAGE[] =
    "usage: bedback kb check [DIR]\n"
    "       bedback kb show [--kb DIR]\n"
    "\n"
    "check  validate a knowledge base (the built-in one when DIR is not given): JSON\n"
    "       syntax, unknown or misspelt ids, type mismatches in conditions, duplicate\n"
    "       ids, the ids the spec requires, sources. Lists every problem with its\n"
    "       file, line and column. Exit status 0 when valid, 78 when not, 66 when\n"
    "       DIR does not exist.\n"
    "show   print the whole knowledge base as one Markdown document, for review.\n";

/* Every problem, in the one message form (bedback: kb: file:line:col: ...). */
static void count_diag(const bb_error *e, void *ud) {
  (void)ud;
  cli_fail(e);
}

int cmd_kb(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    fputs(KB_USAGE, argc < 2 ? stderr : stdout);
    return argc < 2 ? BB_EX_USAGE : 0;
  }
  if (!strcmp(argv[1], "check")) {
    if (argc > 3)
      return cli_failf(BB_EX_USAGE, "kb check takes at most one folder");
    const char *dir = argc == 3 ? argv[2] : NULL;
    struct stat sb;
    if (dir && stat(dir, &sb) != 0)
      return cli_failf(BB_EX_NOINPUT, "knowledge-base folder %s not found: %s", dir,
                       strerror(errno));
    if (dir && !S_ISDIR(sb.st_mode))
      return cli_failf(BB_EX_NOINPUT, "%s is not a folder; give the knowledge base's folder", dir);
    size_t n = bb_kb_check(dir, count_diag, NULL);
    if (n)
      return cli_failf(BB_EX_CONFIG, "the knowledge base %s has %zu problem%s",
                       dir ? dir : "(built in)", n, n == 1 ? "" : "s");
    int st = 0;
    bb_kb *kb = cli_load_kb(dir, &st);
    if (!kb)
      return st;
    printf("knowledge base %s%s%s is valid (%zu questions)\n", bb_kb_version(kb), dir ? " in " : "",
           dir ? dir : "", bb_kb_question_count(kb));
    bb_kb_free(kb);
    return 0;
  }
  if (!strcmp(argv[1], "show")) {
    static const struct option opts[] = {
        {"kb", required_argument, NULL, 'k'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *dir = NULL;
    cli_opts p;
    int c;
    cli_opts_init(&p, "kb", opts, NULL, NULL);
    while ((c = cli_opts_next(&p, argc - 1, argv + 1)) != -1) {
      switch (c) {
      case 'k': dir = optarg; break;
      case 'h': fputs(KB_USAGE, stdout); return 0;
      default: return p.status;
      }
    }
    if (optind < argc - 1)
      return cli_bad_argument("kb", argv[optind + 1]);
    int st = 0;
    bb_kb *kb = cli_load_kb(dir, &st);
    if (!kb)
      return st;
    char *out = bb_render_kb(kb);
    st = out ? cli_write_file("-", out, 0) : cli_failf(BB_EX_SOFTWARE, "out of memory");
    free(out);
    bb_kb_free(kb);
    return st;
  }
  return cli_failf(BB_EX_USAGE, "unknown subcommand '%s' (check, show)", argv[1]);
}
