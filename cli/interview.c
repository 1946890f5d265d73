/* interview.c -- the interactive interview: one question at a time,
 * warning signs first; stops at the first emergency answer. */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig) {
  (void)sig;
  interrupted = 1;
}

/* Reads one line; NULL at end of input or on Ctrl-C. */
static char *read_line(FILE *in, char *buf, size_t size) {
  for (;;) {
    if (interrupted)
      return NULL;
    errno = 0;
    if (fgets(buf, (int)size, in))
      return buf;
    if (errno == EINTR && !interrupted) {
      clearerr(in);
      continue;
    }
    return NULL;
  }
}

static void show_question(FILE *out, const bb_question *q, size_t num, size_t total,
                          const char *bold, const char *off) {
  fprintf(out, "\n%s[%zu/%zu]%s %s\n", bold, num, total, off, bb_question_text(q));
  if (bb_question_type(q) == BB_CHOICE) {
    for (size_t i = 0; i < bb_question_choice_count(q); i++)
      fprintf(out, "    %zu) %s\n", i + 1, bb_question_choice_label(q, i));
  } else if (bb_question_type(q) == BB_BOOLEAN) {
    fprintf(out, "    (yes or no)\n");
  }
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
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: fgets returns, and we stop cleanly */
  sigaction(SIGINT, &sa, &old);
  interrupted = 0;

  fprintf(out,
          "%sbedback%s: a few questions about the tightness you feel when you lie down.\n"
          "This is self-care guidance, not a diagnosis. Nothing you type leaves this computer.\n"
          "Type your answer and press Enter. Type ? for help on a question, skip to leave\n"
          "it unanswered, or press Ctrl-D to stop.\n",
          bold, off);

  size_t total = bb_kb_question_count(kb);
  const char *section = "";
  int result = INTERVIEW_DONE;
  char line[256];
  for (size_t i = 0; i < total && result == INTERVIEW_DONE; i++) {
    const bb_question *q = bb_kb_question(kb, i);
    if (!bb_question_applies(a, q))
      continue;
    if (strcmp(section, bb_question_section(q)) != 0) {
      section = bb_question_section(q);
      fprintf(out, "\n%s%s%s\n", bold, section_title(section), off);
    }
    show_question(out, q, i + 1, total, bold, off);
    for (;;) {
      fprintf(out, "> ");
      fflush(out);
      if (!read_line(in, line, sizeof line)) {
        result = interrupted ? INTERVIEW_INTERRUPTED : INTERVIEW_EOF;
        break;
      }
      line[strcspn(line, "\r\n")] = '\0';
      char *t = line;
      while (*t == ' ')
        t++;
      if (!strcmp(t, "?") || !strcasecmp(t, "help")) {
        const char *h = bb_question_help(q);
        fprintf(out, "  %s\n", h && *h ? h : "No more help for this one, sorry.");
        continue;
      }
      if (!strcasecmp(t, "skip") || !strcasecmp(t, "s")) {
        if (bb_question_is_warning(q))
          fprintf(out, "  Skipped. This warning sign will be listed as not ruled out.\n");
        bb_answers_clear(a, bb_question_id(q));
        break;
      }
      if (!*t) {
        fprintf(out, "  Please type an answer, ? for help, or skip.\n");
        continue;
      }
      bb_error err;
      if (bb_answers_set_text(a, bb_question_id(q), t, &err) != 0) {
        fprintf(out, "  %s\n", err.message);
        continue;
      }
      break;
    }
    if (result != INTERVIEW_DONE || !bb_question_is_warning(q))
      continue;
    /* An emergency answer ends the interview at once: nothing else asked
     * could make it less urgent. */
    bb_error err;
    bb_assessment *as = bb_assess(kb, a, &err);
    if (as && bb_assessment_level(as) == BB_EMERGENCY)
      result = INTERVIEW_EMERGENCY;
    bb_assessment_free(as);
  }
  sigaction(SIGINT, &old, NULL);
  if (result == INTERVIEW_EMERGENCY)
    fprintf(out, "\n%sStopping here: your answer is a warning sign that needs help now.%s\n\n",
            bold, off);
  else if (result == INTERVIEW_DONE)
    fprintf(out, "\nThank you. Here is your assessment.\n\n");
  return result;
}
