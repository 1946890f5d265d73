/* cmd_log.c -- `bedback log` (one night in the diary) and `bedback setup`
 * (a dated change to the sleep setup). */
#include "cli.h"
#include "cli_line.h"
#include "commands.h"

#include <ctype.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char LOG_USAGE[] =
    "usage: bedback log [--date YYYY-MM-DD] --tightness N [--wake N] [--position P]\n"
    "                   [--routine | --no-routine] [--heat MINUTES]\n"
    "                   [--symptom ID[=VALUE] ...] [--note TEXT] [--db FILE]\n"
    "       bedback log --withdraw ID [--date YYYY-MM-DD] [--db FILE]\n"
    "\n"
    "Log one night in your diary. On a terminal with no --tightness, bedback asks\n"
    "the nightly questions itself, then the warning-sign checklist.\n"
    "\n"
    "  --date YYYY-MM-DD  the night (the date of the evening it began); by default\n"
    "                     last night, the night that ended this morning\n"
    "                     (yesterday's date, whatever the time of day)\n"
    "  --tightness N      how tight your back was, 0 (not at all) to 10 (worst);\n"
    "                     required\n"
    "  --wake N           how tight on waking, 0-10 (only for a night that has\n"
    "                     ended: not for tonight)\n"
    "  --position P       how you slept: side, back, stomach or mixed\n"
    "  --routine          you did the bedtime routine (--no-routine: you did not)\n"
    "  --heat MINUTES     minutes of heat before bed, 0-120\n"
    "  --symptom ID       a NEW warning sign, by its answer key: bare for yes\n"
    "                     (--symptom bladder_change) or with a value for a choice\n"
    "                     (--symptom leg_numbness=one_leg); repeat for more. It is\n"
    "                     assessed at once with your last saved answers, and the\n"
    "                     triage is shown first (even when the night cannot be\n"
    "                     logged, e.g. --tightness is missing off a terminal).\n"
    "                     A warning sign stays on record, and opens every diary\n"
    "                     output, until an assessment clears it.\n"
    "  --withdraw ID      take back the warning sign ID logged by mistake on the\n"
    "                     night --date (asks first on a terminal); the entry as it\n"
    "                     was stays in the history. --symptom ID=none does not\n"
    "                     take a sign back.\n"
    "  --note TEXT        a note, at most 1,000 characters\n"
    "  --db FILE          the diary (default: $BEDBACK_DB, else\n"
    "                     $XDG_DATA_HOME/bedback/diary.db, else\n"
    "                     ~/.local/share/bedback/diary.db)\n"
    "\n"
    "Logging a night again amends it: what you give replaces what was there, the\n"
    "rest is kept, and the earlier version stays in the diary's history.\n"
    "Exit status: 0 logged, 64 usage, 65 bad data (nothing written), 74 the diary\n"
    "cannot be read or written, or has no place (nothing written).\n";

#define MAX_SYMPTOMS 32

static void add_change(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_change(char *buf, size_t size, const char *fmt, ...) {
  size_t n = strlen(buf);
  if (n && n + 2 < size) {
    strcpy(buf + n, "; ");
    n += 2;
  }
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf + n, size - n, fmt, ap);
  va_end(ap);
}

/* What an amend changed, in words: "tightness 7, was 5; wake 3, was not
 * given"; "nothing changed" when what was given is what was there. */
static void describe_amend(const bb_entry *old, const bb_entry *e, char *buf, size_t size) {
  buf[0] = '\0';
  if (e->tightness != old->tightness)
    add_change(buf, size, "tightness %d, was %d", e->tightness, old->tightness);
  if (e->wake >= 0 && e->wake != old->wake) {
    if (old->wake >= 0)
      add_change(buf, size, "on waking %d, was %d", e->wake, old->wake);
    else
      add_change(buf, size, "on waking %d, was not given", e->wake);
  }
  if (e->position && (!old->position || strcmp(e->position, old->position)))
    add_change(buf, size, "position %s, was %s", e->position,
               old->position ? old->position : "not given");
  if (e->routine >= 0 && e->routine != old->routine)
    add_change(buf, size, "routine %s, was %s", e->routine ? "done" : "not done",
               old->routine < 0 ? "not given"
               : old->routine   ? "done"
                                : "not done");
  if (e->heat_minutes >= 0 && e->heat_minutes != old->heat_minutes) {
    if (old->heat_minutes >= 0)
      add_change(buf, size, "heat %d minutes, was %d", e->heat_minutes, old->heat_minutes);
    else
      add_change(buf, size, "heat %d minutes, was not given", e->heat_minutes);
  }
  if (e->note && (!old->note || strcmp(e->note, old->note)))
    add_change(buf, size, "%s", old->note ? "the note replaced" : "a note added");
  if (e->symptoms)
    add_change(buf, size, "warning signs recorded");
  if (!buf[0])
    snprintf(buf, size, "nothing changed (tightness %d, as before)", e->tightness);
}

/* One line from the terminal (edited: cli_line.h), trimmed; NULL at end
 * of input or Ctrl-C. A line longer than `buf` is read to its end and
 * asked again: a pasted note used to spill its rest into the next
 * question. Between cli_line_begin and cli_line_end. */
static char *ask(const char *prompt, char *buf, size_t size) {
  for (;;) {
    int got = cli_line_read(stdin, stdout, prompt, buf, size);
    if (got == CLI_LINE_EOF || got == CLI_LINE_INTERRUPTED)
      return NULL;
    if (got == CLI_LINE_OK)
      break;
    printf("  That is too long (at most %zu bytes here); please type it again.\n", size - 2);
  }
  char *s = buf;
  while (*s == ' ')
    s++;
  size_t n = strlen(s);
  while (n && s[n - 1] == ' ')
    s[--n] = '\0';
  return s;
}

/* Asks for a number in [min, max] until one is given; Enter skips when
 * `optional`. 0 ok (*out = -1 when skipped), -1 stop. */
static int ask_int(const char *prompt, int min, int max, int optional, int *out) {
  char buf[128];
  for (;;) {
    char *s = ask(prompt, buf, sizeof buf);
    if (!s)
      return -1;
    if (!*s && optional) {
      *out = -1;
      return 0;
    }
    char *end;
    long v = strtol(s, &end, 10);
    if (*s && !*end && v >= min && v <= max) {
      *out = (int)v;
      return 0;
    }
    printf("  Please type a whole number from %d to %d%s.\n", min, max,
           optional ? ", or press Enter to skip" : "");
  }
}

/* The nightly questions. Fills `e` (strings into `note`, `pos`), appends
 * warning signs "id=value" to sym. 0 done, -1 stopped. */
static int interactive(const bb_kb *kb, bb_entry *e, char *note, size_t notesz, char sym[][96],
                       size_t *nsym) {
  cli_line_begin(); /* Ctrl-C caught until the end of the questions */
  char d[11], buf[1100];
  bb_date_format(e->date, d);
  int rc = -1;
  /* every prompt names the night by its date: "last night" only when it
   * is the night that ended this morning */
  int today = cli_today();
  const char *which = e->date == today - 1 ? "last night, " : e->date >= today ? "tonight, " : "";
  printf("Logging the night of %s. Press Enter to skip a question, Ctrl-D to "
         "stop.\n",
         d);
  char prompt[160];
  snprintf(prompt, sizeof prompt,
           "How tight was your back in bed (%sthe night of %s)? 0 (not at all) to 10 (worst): ",
           which, d);
  if (ask_int(prompt, 0, 10, 0, &e->tightness) != 0)
    goto out;
  /* a wake-up rating only for a night that has ended */
  snprintf(prompt, sizeof prompt, "And on waking after the night of %s, 0-10? ", d);
  if (e->date < today && ask_int(prompt, 0, 10, 1, &e->wake) != 0)
    goto out;
  static const char *const POS[] = {"side", "back", "stomach", "mixed"};
  for (;;) {
    char *s = ask("How did you sleep? 1 side, 2 back, 3 stomach, 4 mixed: ", buf, sizeof buf);
    if (!s)
      goto out;
    if (!*s)
      break;
    if (s[0] >= '1' && s[0] <= '4' && !s[1]) {
      e->position = POS[s[0] - '1'];
      break;
    }
    size_t i = 0;
    while (i < 4 && strcasecmp(s, POS[i]))
      i++;
    if (i < 4) {
      e->position = POS[i];
      break;
    }
    printf("  Please type 1, 2, 3 or 4, or press Enter to skip.\n");
  }
  for (;;) {
    char *s = ask("Did you do the bedtime routine? (y/n): ", buf, sizeof buf);
    if (!s)
      goto out;
    if (!*s)
      break;
    if (!strcasecmp(s, "y") || !strcasecmp(s, "yes") || !strcasecmp(s, "n") ||
        !strcasecmp(s, "no")) {
      e->routine = tolower((unsigned char)s[0]) == 'y';
      break;
    }
    printf("  Please type y or n, or press Enter to skip.\n");
  }
  if (ask_int("Minutes of heat before bed (0-120)? ", 0, 120, 1, &e->heat_minutes) != 0)
    goto out;
  /* The note's length and encoding are checked here, at the prompt, so
   * that a note too long is typed again rather than the night lost. */
  char *s;
  for (;;) {
    s = ask("A note (Enter for none): ", note, notesz);
    if (!s)
      goto out;
    if (!*s)
      break;
    bb_entry probe = *e;
    probe.note = s;
    bb_error err;
    if (bb_entry_check(&probe, &err) == 0) {
      e->note = s;
      break;
    }
    printf("  %s; please type it again.\n", err.message);
  }
  /* The warning-sign checklist. */
  printf("\n");
  cli_put_wrapped(stdout, "", 0, 0,
                  "Any of these NEW since you last told bedback? Type their numbers (e.g. 1 "
                  "4), or press Enter for none.");
  const bb_question *list[64];
  size_t n = 0;
  bb_answers *none = bb_answers_new(kb);
  for (size_t i = 0; i < bb_kb_question_count(kb) && n < 64; i++) {
    const bb_question *q = bb_kb_question(kb, i);
    /* only signs that can be new: not a cancer history or long steroid use */
    if (bb_question_is_warning(q) && !bb_question_is_history(q) &&
        (!none || bb_question_applies(none, q)) && bb_question_type(q) != BB_INTEGER &&
        bb_question_type(q) != BB_NUMBER) {
      list[n++] = q;
      char num[16];
      snprintf(num, sizeof num, "  %2zu) ", n);
      cli_put_wrapped(stdout, num, 6, 6, bb_question_text(q));
    }
  }
  bb_answers_free(none);
  for (;;) {
    s = ask("> ", buf, sizeof buf);
    if (!s)
      goto out;
    int ok = 1;
    size_t picks[64], np = 0;
    for (char *tok = strtok(s, " ,"); tok; tok = strtok(NULL, " ,")) {
      char *end;
      long v = strtol(tok, &end, 10);
      if (*end || v < 1 || (size_t)v > n) {
        ok = 0;
        break;
      }
      if (np < 64)
        picks[np++] = (size_t)v - 1;
    }
    if (!ok) {
      printf("  Please type numbers from 1 to %zu separated by spaces, or "
             "press Enter.\n",
             n);
      continue;
    }
    for (size_t k = 0; k < np && *nsym < MAX_SYMPTOMS; k++) {
      const bb_question *q = list[picks[k]];
      if (bb_question_type(q) == BB_CHOICE) {
        cli_put_wrapped(stdout, "", 0, 0, bb_question_text(q));
        size_t nc = bb_question_choice_count(q);
        for (size_t c = 0; c < nc; c++)
          printf("    %zu) %s\n", c + 1, bb_question_choice_label(q, c));
        int pick = 0;
        if (ask_int("> ", 1, (int)nc, 0, &pick) != 0)
          goto out;
        snprintf(sym[(*nsym)++], 96, "%s=%s", bb_question_id(q),
                 bb_question_choice(q, (size_t)pick - 1));
      } else
        snprintf(sym[(*nsym)++], 96, "%s", bb_question_id(q));
    }
    break;
  }
  rc = 0;
out:
  cli_line_end();
  if (rc != 0)
    printf("\nStopped. Nothing was logged.\n");
  return rc;
}

/* "leg numbness: yes, in both legs": a sign and its value in words. */
static void sign_words(const bb_question *q, const char *value, char *buf, size_t size) {
  int n = snprintf(buf, size, "%s", bb_question_id(q));
  for (int i = 0; i < n && (size_t)i < size; i++)
    if (buf[i] == '_')
      buf[i] = ' ';
  if (value && bb_question_type(q) == BB_CHOICE)
    for (size_t i = 0; i < bb_question_choice_count(q); i++)
      if (!strcmp(bb_question_choice(q, i), value))
        snprintf(buf + n, size - (size_t)n, ": %s", bb_question_choice_label(q, i));
}

/* The warning question `id`, or NULL after saying which there are. */
static const bb_question *warning_question(const bb_kb *kb, const char *opt, const char *spec,
                                           const char *id) {
  const bb_question *q = bb_kb_find_question(kb, id);
  if (q && bb_question_is_warning(q))
    return q;
  char list[1024] = "";
  for (size_t i = 0; i < bb_kb_question_count(kb); i++)
    if (bb_question_is_warning(bb_kb_question(kb, i)))
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", *list ? ", " : "",
               bb_question_id(bb_kb_question(kb, i)));
  cli_failf(BB_EX_DATAERR, "%s %s: '%s' is not a warning sign; these are: %s", opt, spec, id, list);
  return NULL;
}

/* Whether answer `id` of `a` says the sign is there: yes, or a choice
 * other than "none" (the answers' own spelling, however it was typed). */
static bool sign_present(const bb_answers *a, const char *id) {
  if (!bb_answers_known(a, id))
    return false;
  const char *choice = bb_answers_get_choice(a, id);
  if (choice)
    return strcmp(choice, "none") != 0;
  char *json = bb_answers_to_json(a);
  json_t *root = json ? json_loads(json, 0, NULL) : NULL;
  bool yes = json_is_true(json_object_get(root, id));
  json_decref(root);
  free(json);
  return yes;
}

/* Applies "id" or "id=value" to `a`. 0, or 65 (64 for a "no") after
 * printing why. */
static int apply_symptom(const bb_kb *kb, bb_answers *a, const char *spec) {
  char id[96];
  const char *eq = strchr(spec, '=');
  size_t n = eq ? (size_t)(eq - spec) : strlen(spec);
  if (n == 0 || n >= sizeof id)
    return cli_failf(BB_EX_DATAERR, "--symptom takes ID or ID=VALUE, not '%s'", spec);
  memcpy(id, spec, n);
  id[n] = '\0';
  const bb_question *q = warning_question(kb, "--symptom", spec, id);
  if (!q)
    return BB_EX_DATAERR;
  char list[1024] = "";
  if (!eq && bb_question_type(q) == BB_CHOICE) {
    for (size_t i = 0; i < bb_question_choice_count(q); i++)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
               bb_question_choice(q, i));
    return cli_failf(BB_EX_DATAERR, "--symptom %s needs a value, one of %s (e.g. --symptom %s=%s)",
                     id, list, id, bb_question_choice(q, bb_question_choice_count(q) > 1 ? 1 : 0));
  }
  bb_error err;
  if (bb_answers_set_text(a, id, eq ? eq + 1 : "yes", &err) != 0) {
    if (bb_question_type(q) != BB_CHOICE)
      return cli_failf(BB_EX_DATAERR, "--symptom %s: %s; nothing was written", spec, err.message);
    /* The values the option takes, not the interview's numbered menu. */
    char allowed[256] = "";
    for (size_t i = 0; i < bb_question_choice_count(q); i++)
      snprintf(allowed + strlen(allowed), sizeof allowed - strlen(allowed), "%s%s", i ? ", " : "",
               bb_question_choice(q, i));
    return cli_failf(BB_EX_DATAERR, "--symptom %s: '%s' is not one of %s; nothing was written",
                     spec, eq + 1, allowed);
  }
  /* --symptom logs a sign that is there. Taking one back is its own,
   * deliberate act, never a side effect of a "no". */
  if (!sign_present(a, id))
    return cli_failf(BB_EX_USAGE,
                     "--symptom %s logs nothing: --symptom is for a sign you have. To take "
                     "back a warning sign logged by mistake: bedback log --withdraw %s --date "
                     "YYYY-MM-DD; nothing was written",
                     spec, id);
  return 0;
}

/* `bedback log --withdraw ID [--date D]`: takes back a warning sign
 * logged by mistake, after asking on a terminal. */
static int withdraw(const char *db, const char *id, int date) {
  int status = 0;
  bb_kb *kb = cli_load_kb(NULL, &status);
  if (!kb)
    return status;
  const bb_question *q = warning_question(kb, "--withdraw", id, id);
  if (!q) {
    bb_kb_free(kb);
    return BB_EX_DATAERR;
  }
  char ds[11], words[160];
  bb_date_format(date, ds);
  sign_words(q, NULL, words, sizeof words);
  bb_diary *d = cli_open_diary(db, BB_DIARY_NOCREATE, &status);
  if (!d) {
    bb_kb_free(kb);
    return status == BB_EX_NOINPUT
               ? cli_failf(BB_EX_DATAERR, "there is no diary yet: nothing to withdraw")
               : status;
  }
  if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
    char buf[64];
    printf("Withdraw the warning sign \"%s\" logged for the night of %s?\n"
           "Only do this if it was logged by mistake: it will no longer count, and\n"
           "`bedback routine` and `bedback heat` may work again. The entry as it was\n"
           "stays in the diary's history.\n",
           words, ds);
    cli_line_begin();
    char *s = ask("Type yes to withdraw it: ", buf, sizeof buf);
    cli_line_end();
    if (!s || strcasecmp(s, "yes")) {
      printf("%sNothing was changed.\n", s ? "" : "\n");
      bb_diary_close(d);
      bb_kb_free(kb);
      return cli_line_interrupted() ? 130 : 0;
    }
  }
  bb_error err;
  if (bb_diary_withdraw(d, date, id, &err) != 0)
    status = cli_fail(&err);
  bb_diary_close(d);
  if (status == 0) {
    printf("Withdrew \"%s\" from the night of %s; the entry as it was is kept in the diary's "
           "history.\n",
           words, ds);
    bb_diary_view *v;
    bb_warnings *w;
    if ((status = cli_read_signs(db, kb, 1, &v, &w)) == 0) {
      if (bb_warnings_count(w)) {
        printf("\n");
        cli_print_warnings(w, stdout);
      }
      bb_warnings_free(w);
      cli_view_free(v);
    }
  }
  bb_kb_free(kb);
  return status;
}

int cmd_log(int argc, char **argv) {
  static const struct option opts[] = {{"date", required_argument, NULL, 'd'},
                                       {"tightness", required_argument, NULL, 't'},
                                       {"wake", required_argument, NULL, 'w'},
                                       {"position", required_argument, NULL, 'p'},
                                       {"routine", no_argument, NULL, 'r'},
                                       {"no-routine", no_argument, NULL, 'R'},
                                       {"heat", required_argument, NULL, 'H'},
                                       {"symptom", required_argument, NULL, 's'},
                                       {"withdraw", required_argument, NULL, 'W'},
                                       {"note", required_argument, NULL, 'n'},
                                       {"db", required_argument, NULL, 'b'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  bb_entry e = {0, -1, -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1};
  const char *db = NULL, *date = NULL, *withdrawn = NULL;
  static char sym[MAX_SYMPTOMS][96];
  size_t nsym = 0;
  int c, st;
  cli_opts op;
  cli_opts_init(&op, "log", opts, "s", "n");
  while ((c = cli_opts_next(&op, argc, argv)) != -1) {
    switch (c) {
    case 'd': date = optarg; break;
    case 't':
      if ((st = cli_parse_int("--tightness", optarg, 0, 10, &e.tightness)) != 0)
        return st;
      break;
    case 'w':
      if ((st = cli_parse_int("--wake", optarg, 0, 10, &e.wake)) != 0)
        return st;
      break;
    case 'p': e.position = optarg; break;
    case 'r':
    case 'R':
      if (e.routine >= 0)
        return cli_failf(BB_EX_USAGE, "give --routine or --no-routine, not both");
      e.routine = c == 'r';
      break;
    case 'H':
      if ((st = cli_parse_int("--heat", optarg, 0, 120, &e.heat_minutes)) != 0)
        return st;
      break;
    case 's':
      if (nsym == MAX_SYMPTOMS)
        return cli_failf(BB_EX_USAGE, "at most %d --symptom options", MAX_SYMPTOMS);
      snprintf(sym[nsym++], 96, "%s", optarg);
      break;
    case 'W': withdrawn = optarg; break;
    case 'n': e.note = optarg; break;
    case 'b': db = optarg; break;
    case 'h': fputs(LOG_USAGE, stdout); return 0;
    default: return op.status;
    }
  }
  if (optind < argc)
    return cli_bad_argument("log", argv[optind]);
  if (date) {
    if ((st = cli_parse_date("--date", date, &e.date)) != 0)
      return st;
  } else
    e.date = cli_today() - 1; /* last night: the night that ended this morning */
  if (withdrawn) {
    if (nsym || e.tightness >= 0 || e.wake >= 0 || e.position || e.routine >= 0 ||
        e.heat_minutes >= 0 || e.note)
      return cli_failf(BB_EX_USAGE, "--withdraw takes only --date and --db; log the night "
                                    "on its own; nothing was written");
    return withdraw(db, withdrawn, e.date);
  }
  if (e.wake >= 0 && e.date >= cli_today()) {
    char ds[11];
    bb_date_format(e.date, ds);
    return cli_failf(BB_EX_DATAERR,
                     "--wake: the night of %s has not ended yet, so there is no waking to "
                     "rate; log it tomorrow, or leave --wake out; nothing was written",
                     ds);
  }

  int status = 0;
  /* The knowledge base: for the questions, the warning signs given and
   * the ones on record. */
  bb_kb *kb = cli_load_kb(NULL, &status);
  if (!kb)
    return status;
  static char note[BB_NOTE_MAX * 4 + 2]; /* the longest note and "\n" */
  /* Off a terminal without --tightness the night cannot be logged; but
   * warning signs given with --symptom are still assessed and their triage
   * printed before the usage error: a warning sign is never lost to a
   * missing option. */
  bool triage_only = false;
  if (e.tightness < 0) {
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
      if (!nsym) {
        bb_kb_free(kb);
        return cli_failf(BB_EX_USAGE, "--tightness N is required when not on a terminal");
      }
      triage_only = true;
    } else if (interactive(kb, &e, note, sizeof note, sym, &nsym) != 0) {
      bb_kb_free(kb);
      return cli_line_interrupted() ? 130 : 0;
    }
  }
  bb_error err;
  if (!triage_only && bb_entry_check(&e, &err) != 0) {
    bb_kb_free(kb);
    return cli_failf(BB_EX_DATAERR, "%s; nothing was written", err.message);
  }
  /* Warning signs: checked before anything is opened for writing. */
  bb_answers *only = nsym ? bb_answers_new(kb) : NULL;
  for (size_t i = 0; i < nsym && status == 0; i++)
    status = apply_symptom(kb, only, sym[i]);
  if (status != 0) {
    bb_answers_free(only);
    bb_kb_free(kb);
    return status;
  }

  /* The diary, and the warning signs on record in it. When it cannot be
   * opened or read, the signs given are still assessed (merged with
   * nothing, as when there is no diary) and their triage printed before
   * the diary's error. */
  bb_error derr;
  bb_error_clear(&derr);
  bb_diary_view *v = NULL;
  bb_warnings *w = NULL;
  bb_diary *d = cli_open_diary_quiet(db, triage_only ? BB_DIARY_NOCREATE : 0, &derr);
  if (d && !(v = bb_diary_read(d, 1, &derr))) {
    bb_diary_close(d);
    d = NULL;
  }
  if (!d && triage_only && derr.status == BB_EX_NOINPUT)
    bb_error_clear(&derr); /* no diary yet: the warning signs are assessed alone */
  if (v && !(w = bb_warnings_new(kb, v, &err)))
    status = cli_fail(&err);

  char *symjson = NULL;
  bb_saved_texts saved = {0};
  const bb_saved_assessment *recp = NULL;
  if (only && status == 0) {
    /* Assess at once, merged with the answers on record. */
    symjson = bb_answers_to_json(only);
    bb_answers *merged = bb_warnings_answers_new(kb, w, only);
    bb_assessment *as = merged ? bb_assess(kb, merged, &err) : NULL;
    if (as) {
      cli_print_triage(as, stdout);
      if (bb_saved_texts_init(&saved, "log", kb, merged, as, NULL) == 0)
        recp = &saved.rec;
    }
    bb_assessment_free(as);
    bb_answers_free(merged);
    if (!symjson || !recp)
      status = cli_failf(BB_EX_SOFTWARE, "out of memory assessing the warning signs");
    e.symptoms = symjson;
  } else if (status == 0)
    cli_print_warnings(w, stdout);
  if (status == 0 && derr.status)
    status = cli_failf(derr.status, "%s; nothing was written", derr.message);
  else if (status == 0 && triage_only) {
    status = cli_failf(BB_EX_USAGE, "the night was not logged: --tightness N is "
                                    "required when not on a terminal (the warning signs "
                                    "were assessed above)");
  } else if (status == 0) {
    /* the night as it was, to say what an amend changed */
    bb_diary_view *before = bb_diary_read(d, 0, &err);
    const bb_entry *old = NULL;
    for (size_t i = 0; before && i < before->nentries; i++)
      if (before->entries[i].date == e.date)
        old = &before->entries[i];
    if (bb_diary_log(d, &e, recp, &err) != 0)
      status = cli_failf(err.status, "%s; nothing was written", err.message);
    else {
      char ds[11];
      bb_date_format(e.date, ds);
      int today = cli_today();
      const char *which = e.date == today - 1 ? " (last night)"
                          : e.date == today   ? " (tonight)"
                                              : "";
      if (old) {
        char what[1024];
        describe_amend(old, &e, what, sizeof what);
        char line[1400];
        snprintf(line, sizeof line,
                 "Amended the night of %s%s: %s. The earlier version is kept (`bedback undo "
                 "--date %s` brings it back).",
                 ds, which, what, ds);
        cli_put_wrapped(stdout, "", 0, 2, line);
      } else
        printf("Logged the night of %s%s: tightness %d.\n", ds, which, e.tightness);
      fflush(stdout);
    }
    bb_diary_view_free(before);
  }
  free(symjson);
  bb_saved_texts_clear(&saved);
  bb_warnings_free(w);
  bb_diary_view_free(v);
  bb_diary_close(d);
  bb_answers_free(only);
  bb_kb_free(kb);
  return status;
}

static const char SETUP_USAGE[] =
    "usage: bedback setup KIND [--date YYYY-MM-DD] [--note TEXT] [--db FILE]\n"
    "\n"
    "Record a change to your sleep setup, so that the trend can show what happened\n"
    "after it. KIND is mattress, pillow, knee_pillow, topper or other. The date\n"
    "defaults to last night (before noon, yesterday).\n"
    "Exit status: 0 recorded, 64 usage, 65 bad data, 74 the diary cannot be written.\n";

int cmd_setup(int argc, char **argv) {
  static const struct option opts[] = {{"date", required_argument, NULL, 'd'},
                                       {"note", required_argument, NULL, 'n'},
                                       {"db", required_argument, NULL, 'b'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *db = NULL, *note = NULL, *date = NULL;
  int c;
  cli_opts op;
  cli_opts_init(&op, "setup", opts, NULL, "n");
  op.permute = 1; /* KIND may come before or after the options */
  while ((c = cli_opts_next(&op, argc, argv)) != -1) {
    switch (c) {
    case 'd': date = optarg; break;
    case 'n': note = optarg; break;
    case 'b': db = optarg; break;
    case 'h': fputs(SETUP_USAGE, stdout); return 0;
    default: return op.status;
    }
  }
  if (optind + 1 != argc)
    return cli_failf(BB_EX_USAGE, "give one KIND (mattress, pillow, knee_pillow, topper, "
                                  "other); run `bedback help setup`");
  static const char *const KINDS[] = {"mattress", "pillow", "knee_pillow", "topper", "other"};
  const char *kind = argv[optind];
  size_t i = 0;
  while (i < 5 && strcmp(kind, KINDS[i]))
    i++;
  if (i == 5)
    return cli_failf(BB_EX_DATAERR,
                     "'%s' is not a kind of change; use mattress, pillow, "
                     "knee_pillow, topper or other",
                     kind);
  int day, st;
  if (date) {
    if ((st = cli_parse_date("--date", date, &day)) != 0)
      return st;
  } else
    day = cli_last_night();
  int status = 0;
  bb_diary *d = cli_open_diary(db, 0, &status);
  if (!d)
    return status;
  bb_error err;
  if (bb_diary_add_event(d, day, kind, note, &err) != 0)
    status = cli_fail(&err);
  else {
    char ds[11];
    bb_date_format(day, ds);
    printf("Recorded a new %s on %s.\n", kind, ds);
  }
  bb_diary_close(d);
  return status;
}
