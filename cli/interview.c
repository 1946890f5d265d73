/* interview.c -- the interactive interview: one question at a time,
 * warning signs first; stops at the first emergency answer. */
#include "cli.h"
#include "cli_line.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* The width to wrap text to: the terminal's, at most 80 columns. */
static size_t wrap_width(FILE *out) {
  struct winsize ws;
  size_t cols = 80;
  if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_col < cols)
    cols = ws.ws_col;
  return cols < 40 ? 39 : cols - 1;
}

/* Columns taken by `n` bytes of UTF-8. */
static size_t columns(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      c++;
  return c;
}

/* Prints `text` wrapped at word boundaries to the terminal's width: the
 * first line starts with `first` (already counted in `used` columns), the
 * others are indented by `indent` spaces. */
void cli_put_wrapped(FILE *out, const char *first, size_t used, size_t indent, const char *text) {
  size_t width = wrap_width(out), col = used;
  fputs(first, out);
  const char *p = text;
  int start = 1;
  while (*p) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    size_t n = strcspn(p, " ");
    size_t w = columns(p, n);
    if (!start && col + 1 + w > width) {
      fprintf(out, "\n%*s", (int)indent, "");
      col = indent;
    } else if (!start) {
      fputc(' ', out);
      col++;
    }
    fwrite(p, 1, n, out);
    col += w;
    p += n;
    start = 0;
  }
  fputc('\n', out);
}

static void show_question(FILE *out, const bb_question *q, size_t num, size_t total,
                          const char *bold, const char *off) {
  char head[64];
  int n = snprintf(head, sizeof head, "[%zu/%zu]", num, total);
  fprintf(out, "\n%s%s%s ", bold, head, off);
  cli_put_wrapped(out, "", (size_t)n + 1, (size_t)n + 1, bb_question_text(q));
  if (bb_question_type(q) == BB_CHOICE) {
    for (size_t i = 0; i < bb_question_choice_count(q); i++)
      fprintf(out, "%*s%zu) %s\n", n + 1, "", i + 1, bb_question_choice_label(q, i));
  } else if (bb_question_type(q) == BB_BOOLEAN) {
    fprintf(out, "%*s(yes or no)\n", n + 1, "");
  }
}

/* Where question `i` stands among those that apply given the answers so
 * far: *num is its place (1-based), *total how many apply in all. Both can
 * change as answers come in (knee-pillow questions follow the position). */
static void progress(const bb_kb *kb, const bb_answers *a, size_t i, size_t *num, size_t *total) {
  size_t before = 0, all = 0;
  for (size_t k = 0; k < bb_kb_question_count(kb); k++) {
    if (k != i && !bb_question_applies(a, bb_kb_question(kb, k)))
      continue;
    all++;
    if (k < i)
      before++;
  }
  *num = before + 1;
  *total = all;
}

/* The question before `i` that was asked (it applies given the earlier
 * answers), or -1 when `i` is the first. */
static long previous_asked(const bb_kb *kb, const bb_answers *a, size_t i) {
  while (i-- > 0)
    if (bb_question_applies(a, bb_kb_question(kb, i)))
      return (long)i;
  return -1;
}

/* Ctrl-D on a terminal: an accidental one at question 40 must not lose
 * every answer, so ask first. 1 to go on with the interview, 0 to stop
 * (yes, or a second end of input: there is no one to ask). */
static int confirm_stop(FILE *in, FILE *out) {
  if (!isatty(fileno(in)))
    return 0;
  char buf[64];
  fputc('\n', out);
  int got = cli_line_read(in, out, "Stop the check? Nothing will be saved (y/N) ", buf, sizeof buf);
  if (got == CLI_LINE_EOF || got == CLI_LINE_INTERRUPTED)
    return 0;
  char *t = buf;
  while (*t == ' ' || *t == '\t')
    t++;
  t[strcspn(t, " \t\r\n")] = '\0';
  if (!strcasecmp(t, "y") || !strcasecmp(t, "yes") || !strcasecmp(t, "yeah") ||
      !strcasecmp(t, "yep"))
    return 0;
  fprintf(out, "  Going on.\n");
  return 1;
}

static const char *section_title(const char *section) {
  if (!strcmp(section, "warning"))
    return "First, the warning signs. These matter most, so please answer each one.";
  if (!strcmp(section, "tightness"))
    return "Now, about the tightness itself.";
  if (!strcmp(section, "sleep"))
    return "Your bed, pillows and how you sleep.";
  if (!strcmp(section, "muscles"))
    return "Muscles and daily life.";
  if (!strcmp(section, "body"))
    return "Last, your body size (optional: it lets bedback work out the right mattress "
           "and pillow for you).";
  return section;
}

int interview_run(const bb_kb *kb, bb_answers *a, FILE *in, FILE *out) {
  int color = cli_use_color(out);
  const char *bold = color ? "\033[1m" : "", *off = color ? "\033[0m" : "";
  /* Ctrl-C is caught from here to the end (cli_line.h): no answer is
   * half-taken when it comes. */
  cli_line_begin();

  size_t total = bb_kb_question_count(kb), num = 0, all = 0;
  progress(kb, a, 0, &num, &all);
  /* Wrapped to the terminal's width like the questions (a narrow terminal
   * must not break the lines in the middle of words). */
  char intro[512];
  snprintf(intro, sizeof intro,
           "up to %zu questions about the tightness you feel in your back when you lie down, "
           "warning signs first. At the end you get an assessment: whether to see someone, "
           "what is most likely feeding the tightness, and what to try. This is self-care "
           "guidance, not a diagnosis. Nothing you type leaves this computer.",
           all);
  fprintf(out, "%sbedback%s:", bold, off);
  cli_put_wrapped(out, " ", 9, 0, intro);
  fputc('\n', out);
  cli_put_wrapped(out, "", 0, 0, "Type your answer and press Enter. You can also type:");
  fputs("  ?      help with the question\n"
        "  skip   leave it unanswered\n"
        "  back   go back to the previous question\n",
        out);
  cli_put_wrapped(
      out, "", 0, 0,
      "Press Ctrl-D (or Ctrl-C) to stop at any time; then nothing is assessed or saved.");

  const char *section = "";
  int result = INTERVIEW_DONE;
  char line[256];
  for (size_t i = 0; i < total && result == INTERVIEW_DONE; i++) {
    const bb_question *q = bb_kb_question(kb, i);
    if (!bb_question_applies(a, q))
      continue;
    if (strcmp(section, bb_question_section(q)) != 0) {
      section = bb_question_section(q);
      fprintf(out, "\n%s", bold);
      cli_put_wrapped(out, "", 0, 0, section_title(section));
      fputs(off, out);
    }
    progress(kb, a, i, &num, &all);
    show_question(out, q, num, all, bold, off);
    int went_back = 0;
    for (;;) {
      /* an answer too long for `line` keeps its start (and is refused) */
      int got = cli_line_read(in, out, "> ", line, sizeof line);
      if (got == CLI_LINE_EOF || got == CLI_LINE_INTERRUPTED) {
        if (got == CLI_LINE_EOF && confirm_stop(in, out))
          continue; /* an accidental Ctrl-D: the question again */
        result = cli_line_interrupted() ? INTERVIEW_INTERRUPTED : INTERVIEW_EOF;
        break;
      }
      char *t = line;
      while (*t == ' ' || *t == '\t')
        t++;
      size_t tl = strlen(t);
      while (tl > 0 && (t[tl - 1] == ' ' || t[tl - 1] == '\t'))
        t[--tl] = '\0';
      if (!strcmp(t, "?") || !strcasecmp(t, "help")) {
        const char *h = bb_question_help(q);
        cli_put_wrapped(out, "  ", 2, 2, h && *h ? h : "No more help for this one, sorry.");
        show_question(out, q, num, all, bold, off);
        continue;
      }
      if (!strcasecmp(t, "back")) {
        long prev = previous_asked(kb, a, i);
        if (prev < 0) {
          fprintf(out, "  This is the first question; there is nothing to go back to.\n");
          continue;
        }
        /* Every question from `prev` on is asked again, so forget their
         * answers: what applies may change with the new answer. */
        for (size_t k = (size_t)prev; k < total; k++) {
          bb_answers_clear(a, bb_question_id(bb_kb_question(kb, k)));
        }
        fprintf(out, "  Going back to the previous question.\n");
        i = (size_t)prev - 1; /* the loop's i++ makes it prev (wraps at 0, fine) */
        went_back = 1;
        break;
      }
      if (!strcasecmp(t, "skip") || !strcasecmp(t, "s")) {
        if (bb_question_is_warning(q))
          fprintf(out, "  Skipped. This warning sign will be listed as not ruled out.\n");
        else
          fprintf(out, "  Skipped.\n");
        bb_answers_clear(a, bb_question_id(q));
        break;
      }
      if (!*t) {
        fprintf(out, "  Please type an answer, ? for help, skip or back.\n");
        continue;
      }
      /* A length or weight in other units (5 ft 6, 140 lb): turned into the
       * question's own unit and said back; an unknown unit is named. */
      const char *unit = bb_question_unit(q);
      char metric[32];
      if (unit && (!strcmp(unit, "cm") || !strcmp(unit, "kg")) &&
          strpbrk(t, "'\"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
          strcasecmp(t, "unknown")) {
        char why[160];
        double v = cli_units_parse(t, unit, why, sizeof why);
        if (v < 0) {
          cli_put_wrapped(out, "  ", 2, 2, why);
          fprintf(out, "  (? for help, skip to leave it unanswered)\n");
          continue;
        }
        snprintf(metric, sizeof metric, "%.1f", v);
        if (strtod(t, NULL) != v) /* converted from another unit: said back */
          fprintf(out, "  That is %s %s.\n", metric, unit);
        t = metric;
      }
      bb_error err;
      if (bb_answers_set_text(a, bb_question_id(q), t, &err) != 0) {
        cli_put_wrapped(out, "  ", 2, 2, err.message);
        fprintf(out, "  (? for help, skip to leave it unanswered)\n");
        continue;
      }
      break;
    }
    if (went_back || result != INTERVIEW_DONE || !bb_question_is_warning(q))
      continue;
    /* An emergency answer ends the interview at once: nothing else asked
     * could make it less urgent. */
    bb_error err;
    bb_assessment *as = bb_assess(kb, a, &err);
    if (as && bb_assessment_level(as) == BB_EMERGENCY)
      result = INTERVIEW_EMERGENCY;
    bb_assessment_free(as);
  }
  cli_line_end();
  if (result == INTERVIEW_EMERGENCY) {
    fprintf(out, "\n%sStopping here: your answer is a warning sign that needs help now.%s\n", bold,
            off);
    cli_put_wrapped(
        out, "", 0, 0,
        "Call the emergency number (999 in the UK, 911 in the US, 112 in Europe) or go "
        "to an emergency department now. Do not drive yourself. The remaining questions "
        "were not asked: no answer to them could make this less urgent. Below is why, "
        "and what to tell the doctor or nurse.");
    fputc('\n', out);
  } else if (result == INTERVIEW_DONE) {
    size_t skipped_warnings = 0;
    for (size_t k = 0; k < total; k++) {
      const bb_question *qk = bb_kb_question(kb, k);
      if (bb_question_is_warning(qk) && bb_question_applies(a, qk) &&
          !bb_answers_known(a, bb_question_id(qk)))
        skipped_warnings++;
    }
    fprintf(out, "\n%sThat was the last question. Thank you.%s\n", bold, off);
    if (skipped_warnings)
      cli_put_wrapped(out, "", 0, 0,
                      skipped_warnings == 1
                          ? "You skipped one warning-sign question: the assessment lists it as "
                            "not ruled out."
                          : "You skipped some warning-sign questions: the assessment lists them as "
                            "not ruled out.");
    /* with the assessment going to a file (assess --json > out.json),
     * nothing follows here on the terminal: say where it went */
    fprintf(out, out == stdout ? "Here is your assessment; what to do first is at the top.\n\n"
                               : "Your assessment is written to standard output; what to do "
                                 "first is at its top.\n");
  }
  return result;
}
