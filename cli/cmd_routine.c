/* cmd_routine.c -- `bedback routine` (the guided bedtime routine) and
 * `bedback heat` (a heat-pad timer). Both refuse, with the seek-care
 * advice, when the last assessment is urgent or emergency.
 *
 * The terminal is put in raw mode (no echo, key by key) while a timer runs
 * and is restored on every way out: normal end, q, Ctrl-C, SIGTERM,
 * SIGHUP (atexit + signal handlers that restore and re-raise). */
#include "cli.h"
#include "cli_line.h"
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define EX_SEEK_CARE 3 /* refused: the last assessment says to seek care */

/* ------------------------------------------------------------------ */
/* The terminal */

static struct termios saved_tio;
static volatile sig_atomic_t raw_on;
static int atexit_done;

static void term_restore(void) {
  if (raw_on != 1)
    return;
  static const char show[] = "\033[?25h\033[?1049l";
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
  ssize_t w = write(STDOUT_FILENO, show, sizeof show - 1);
  (void)w;
  raw_on = 0;
}

static void on_fatal_signal(int sig) {
  term_restore(); /* async-signal-safe: tcsetattr and write */
  signal(sig, SIG_DFL);
  raise(sig);
}

/* Ctrl-C, SIGTERM and SIGHUP end a timer or the rating prompt the way q
 * does -- what was done is logged -- and then the process dies of the
 * signal as usual (130, 143, 129). Installed without SA_RESTART, so that
 * poll, nanosleep and the prompt's read return at once. */
static volatile sig_atomic_t got_signal;
/* Incremented on every SIGCONT: the time stopped (Ctrl-Z) is not counted. */
static volatile sig_atomic_t conts;

static void on_stop_signal(int sig) {
  got_signal = sig;
}

static void on_cont(int sig);

static void catch_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  for (size_t i = 0; i < 3; i++) {
    struct sigaction old;
    /* one ignored when bedback started (nohup, a background job) stays so */
    if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
      continue;
    sigaction(sigs[i], &sa, NULL);
  }
  sa.sa_handler = on_cont;
  sigaction(SIGCONT, &sa, NULL);
}

/* After logging: the terminal restored, die of the signal that came. */
static void die_of_signal(void) {
  int sig = got_signal;
  term_restore();
  fflush(stdout);
  signal(sig, SIG_DFL);
  raise(sig);
}

static struct termios raw_tio;

/* Ctrl-Z: give the shell its terminal back, stop; on resuming, raw again. */
static void on_tstp(int sig) {
  (void)sig;
  int was = raw_on;
  term_restore();
  raw_on = was ? 2 : 0; /* 2: to be re-applied on SIGCONT */
  signal(SIGTSTP, SIG_DFL);
  raise(SIGTSTP);
}

static void on_cont(int sig) {
  (void)sig;
  conts++;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_tstp;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTSTP, &sa, NULL);
  if (raw_on == 2) {
    static const char hide[] = "\033[?1049h\033[?25l";
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw_tio);
    ssize_t w = write(STDOUT_FILENO, hide, sizeof hide - 1);
    (void)w;
    raw_on = 1;
  }
}

static int term_raw(void) {
  if (tcgetattr(STDIN_FILENO, &saved_tio) != 0)
    return -1;
  if (!atexit_done) {
    atexit(term_restore);
    atexit_done = 1;
  }
  catch_signals();
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fatal_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGQUIT, &sa, NULL);
  sa.sa_handler = on_tstp;
  sigaction(SIGTSTP, &sa, NULL);
  raw_tio = saved_tio;
  raw_tio.c_lflag &= (tcflag_t) ~(ICANON | ECHO);
  raw_tio.c_cc[VMIN] = 0;
  raw_tio.c_cc[VTIME] = 0;
  raw_on = 1;
  if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw_tio) != 0) {
    raw_on = 0;
    return -1;
  }
  fputs("\033[?1049h\033[?25l", stdout);
  fflush(stdout);
  return 0;
}

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits up to `ms` for a key; 0 when none. */
static int key_wait(int ms) {
  struct pollfd p = {STDIN_FILENO, POLLIN, 0};
  if (poll(&p, 1, ms) <= 0)
    return 0;
  unsigned char ch;
  return read(STDIN_FILENO, &ch, 1) == 1 ? ch : 0;
}

/* ------------------------------------------------------------------ */
/* The safety gate and the routine's exercises */

typedef struct {
  bb_kb *kb;
  bb_assessment *as;  /* what the routine is built on */
  const char *source; /* what the routine is based on, for people */
  int refused;        /* the level is urgent or emergency */
  int from_answers;   /* built on --answers FILE */
  bb_warnings *w;     /* the warning signs on record in the diary */
  bb_diary_view *v;
} plan;

static void plan_free(plan *p) {
  bb_assessment_free(p->as);
  bb_warnings_free(p->w);
  cli_view_free(p->v);
  bb_kb_free(p->kb);
}

static bb_assessment *assess_json(const bb_kb *kb, const char *json, size_t len, const char *name,
                                  int *status, bb_answers **keep) {
  bb_error err;
  bb_answers *a = bb_answers_parse(kb, json, len, name, &err, NULL, NULL);
  if (!a) {
    *status = cli_fail(&err);
    return NULL;
  }
  bb_assessment *as = bb_assess(kb, a, &err);
  if (!as)
    *status = cli_fail(&err);
  *keep = a;
  return as;
}

/* Builds the plan: from --answers FILE, else the answers on record in the
 * diary (the last saved ones with each warning sign as its newest record
 * has it), else the default relief set (nothing known). The gate follows
 * the warning signs on record whatever the plan is built on. 0 or an exit
 * status. */
static int plan_make(plan *p, const char *answers_path, const char *db, bb_answers **answers) {
  int status = 0;
  memset(p, 0, sizeof *p);
  if (!(p->kb = cli_load_kb(NULL, &status)))
    return status;
  if ((status = cli_read_signs(db, p->kb, 1, &p->v, &p->w)) != 0)
    return status;
  const bb_saved_assessment *last = p->v->assessment;
  if (answers_path) {
    size_t len = 0;
    char *text = cli_read_file(answers_path, &len, &status);
    if (!text)
      return status;
    p->as = assess_json(p->kb, text, len, answers_path, &status, answers);
    free(text);
    p->source = "your answers";
    p->from_answers = 1;
  } else if (last || p->v->nsigns) {
    char *json = bb_answers_to_json(bb_warnings_answers(p->w));
    p->as = json ? assess_json(p->kb, json, strlen(json), "<diary>", &status, answers) : NULL;
    if (!json)
      status = cli_failf(BB_EX_SOFTWARE, "out of memory");
    free(json);
    p->source = bb_warnings_count(p->w) ? "your saved answers with the warning signs on record"
                                        : "your last saved assessment";
  } else {
    bb_error err;
    *answers = bb_answers_new(p->kb);
    p->as = *answers ? bb_assess(p->kb, *answers, &err) : NULL;
    if (!p->as)
      status = cli_failf(BB_EX_SOFTWARE, "out of memory");
    p->source = "the general relief set (nothing has been assessed yet)";
  }
  if (status == 0 && p->as)
    p->refused = bb_assessment_level(p->as) >= BB_URGENT || bb_warnings_level(p->w) >= BB_URGENT;
  return status;
}

/* The refusal opens with the warning signs on record; then, when the
 * answers given are themselves urgent, their triage. */
static int refuse(const plan *p, const char *what) {
  cli_print_warnings(p->w, stdout);
  if (bb_assessment_level(p->as) >= BB_URGENT && (p->from_answers || !bb_warnings_count(p->w)))
    cli_print_triage(p->as, stdout);
  char msg[400];
  snprintf(msg, sizeof msg,
           "The %s is not for now: %s says to get medical advice first. Once a clinician has "
           "seen you, run `bedback assess --save` again (or, for a sign logged by mistake, "
           "`bedback log --withdraw ID --date YYYY-MM-DD`).",
           what,
           bb_warnings_level(p->w) >= BB_URGENT ? "a warning sign on record" : "your assessment");
  cli_put_wrapped(stdout, "", 0, 0, msg);
  return EX_SEEK_CARE;
}

/* Not refused, but someone should see them (consult): the signs on record
 * and the assessment's triage come first, as in a refusal, then what the
 * self-care is meanwhile. On a terminal the timers' screen would cover
 * them at once: Enter starts. 0 to go on, 1 when the person did not. */
static int remind(const plan *p, const char *what, int interactive) {
  int shown = 0;
  if (bb_warnings_count(p->w)) {
    cli_print_warnings(p->w, stdout);
    shown = 1;
  }
  if (bb_assessment_level(p->as) == BB_CONSULT && (p->from_answers || !bb_warnings_count(p->w))) {
    cli_print_triage(p->as, stdout);
    shown = 1;
  }
  if (!shown)
    return 0;
  char msg[200];
  snprintf(msg, sizeof msg,
           "The %s is self-care to keep going while you wait; it does not take the place of "
           "seeing someone.",
           what);
  cli_put_wrapped(stdout, "", 0, 0, msg);
  if (!interactive) {
    fputc('\n', stdout);
    return 0;
  }
  fputs("Press Enter to start (Ctrl-C or Ctrl-D stops).\n", stdout);
  fflush(stdout);
  char line[64];
  if (!fgets(line, sizeof line, stdin)) {
    printf("\nNot started.\n");
    return 1;
  }
  return 0;
}

/* ------------------------------------------------------------------ */
/* Drawing */

typedef struct {
  int utf8;
  double scale;
  int color;
  int width; /* terminal columns */
  int quiet; /* no bell at the end of a hold (--quiet) */
} ui;

static int term_width(void) {
  struct winsize ws;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col > 100 ? 100 : ws.ws_col < 30 ? 30 : ws.ws_col;
  return 80;
}

/* The bar's width: `want`, or less on a narrow terminal, so that the line
 * ("  HOLD   [bar]  12:34 left", 23 columns around the bar) fits it. */
static int bar_width(const ui *u, int want) {
  int room = u->width - 1 - 23;
  return room < want ? (room < 5 ? 5 : room) : want;
}

/* Prints `text` word-wrapped to `width`, the first line after `first`,
 * the following ones indented by `indent` spaces. */
static void wrapped(const char *first, const char *text, int indent, int width) {
  int col = printf("%s", first), space = 0;
  const char *p = text;
  while (*p) {
    while (*p == ' ')
      p++;
    const char *w = p;
    int len = 0;
    while (*p && *p != ' ') {
      if (((unsigned char)*p & 0xC0) != 0x80)
        len++;
      p++;
    }
    if (!len)
      break;
    if (space && col + 1 + len > width) {
      printf("\n%*s", indent, "");
      col = indent;
      space = 0;
    }
    if (space) {
      putchar(' ');
      col++;
    }
    space = 1;
    fwrite(w, 1, (size_t)(p - w), stdout);
    col += len;
  }
  putchar('\n');
}

static void progress(const ui *u, double done, double total, int width) {
  int fill = total > 0 ? (int)(done / total * width + 0.5) : width;
  if (fill > width)
    fill = width;
  fputs("[", stdout);
  for (int i = 0; i < width; i++)
    fputs(i < fill ? (u->utf8 ? "█" : "#") : (u->utf8 ? "░" : "-"), stdout);
  fputs("]", stdout);
}

enum { T_DONE, T_NEXT, T_BACK, T_QUIT, T_SIGNAL };

/* Runs one countdown of `seconds` (scaled), redrawing with `draw`. */
typedef void (*draw_fn)(const void *ctx, double left, double total, int paused);

static void draw_routine(const void *vctx, double left, double total, int paused);
/* draw_routine for the "get into position" wait, which a key ends */
static void draw_routine_ready(const void *vctx, double left, double total, int paused) {
  draw_routine(vctx, left, total, paused);
}

static int countdown(const ui *u, double seconds, draw_fn draw, const void *ctx, double *done) {
  double left = seconds, last = mono();
  int paused = 0, seen = conts, t = T_DONE;
  if (done)
    *done = 0;
  for (;;) {
    draw(ctx, left, seconds, paused);
    fflush(stdout);
    if (left <= 0)
      break;
    if (got_signal) {
      t = T_SIGNAL;
      break;
    }
    double step = paused ? 0.25 : left / u->scale;
    int ms = (int)(step * 1000);
    if (ms > 250)
      ms = 250;
    if (ms < 1)
      ms = 1;
    int k = key_wait(ms);
    double now = mono();
    if (!paused && conts == seen) /* a stop (Ctrl-Z) since: not counted */
      left -= (now - last) * u->scale;
    seen = conts;
    last = now;
    if (left < 0)
      left = 0;
    if (k == ' ')
      paused = !paused;
    else if (k == 'n' || k == 'N')
      t = T_NEXT;
    else if (k == 'b' || k == 'B')
      t = T_BACK;
    else if (k == 'q' || k == 'Q' || k == 27)
      t = T_QUIT;
    else if (k && draw == draw_routine_ready)
      break; /* "get into position": a key says ready */
    if (t != T_DONE)
      break;
  }
  if (done)
    *done = seconds - left;
  return t;
}

typedef struct {
  const ui *u;
  const bb_exercise *x;
  size_t index, count; /* among the exercises: the heat pad is not one */
  const char *phase;   /* "HOLD", "REST", "WARMTH", "SLOWLY" */
  int rep, reps;
  const char *side;
  const char *next_title;
} rdraw;

static void draw_routine(const void *vctx, double left, double total, int paused) {
  const rdraw *c = vctx;
  const ui *u = c->u;
  fputs("\033[H\033[2J", stdout);
  /* shorter words on a narrow terminal, so that no line wraps; the heat
   * pad comes before the exercises and is not counted among them */
  if (bb_exercise_hold_seconds(c->x) == 0 && bb_exercise_minutes(c->x) > 0)
    printf(u->width >= 50 ? "bedback - bedtime routine - before the exercises\n\n"
                          : "bedtime routine - before the exercises\n\n");
  else
    printf(u->width >= 50 ? "bedback - bedtime routine - exercise %zu of %zu\n\n"
                          : "bedtime routine - exercise %zu of %zu\n\n",
           c->index + 1, c->count);
  printf("%s%s%s   (%s)\n", u->color ? "\033[1m" : "", bb_exercise_title(c->x),
         u->color ? "\033[0m" : "", bb_exercise_dosage(c->x));
  for (size_t i = 0; i < bb_exercise_step_count(c->x); i++) {
    char num[32];
    snprintf(num, sizeof num, "  %zu. ", i + 1);
    wrapped(num, bb_exercise_step(c->x, i), 5, u->width);
  }
  printf("\n");
  if (c->reps > 1 || c->side)
    printf("  Repetition %d of %d%s%s\n", c->rep, c->reps, c->side ? " - " : "",
           c->side ? c->side : "");
  if (c->next_title)
    printf("  Rest. Next: %s\n", c->next_title);
  if (!strcmp(c->phase, "READY"))
    printf("  Get into position; the hold starts when this ends (any key but\n"
           "  space, n, b or q starts it now).\n");
  printf("  %-6s ", c->phase);
  progress(u, total - left, total, bar_width(u, 30));
  int secs = (int)(left + 0.999);
  if (secs >= 60)
    printf("  %d:%02d left\n", secs / 60, secs % 60);
  else
    printf("  %d s left\n", secs);
  /* compact: on a 24-line terminal the title, the bar, the keys and every
   * caution still fit */
  if (paused)
    printf("  PAUSED - press space to go on\n");
  printf(u->width >= 50 ? "  space pause   n next   b back   q quit\n"
                        : "  space pause  n next  b back  q quit\n");
  /* every caution, not just the first: the heat's (never fall asleep on
   * it, not on numb skin) matter as much as any */
  for (size_t i = 0; i < bb_exercise_caution_count(c->x); i++)
    wrapped("  ! ", bb_exercise_caution(c->x, i), 4, u->width);
}

/* Runs exercise `i`; returns T_DONE (finished), T_NEXT, T_BACK or T_QUIT. */
static int run_exercise(const ui *u, const bb_exercise *x, size_t i, size_t n) {
  /* i, n: the place among the exercises (the heat pad is not counted) */
  rdraw c = {u, x, i, n, "HOLD", 1, 1, NULL, NULL};
  int minutes = bb_exercise_minutes(x), hold = bb_exercise_hold_seconds(x);
  int reps = bb_exercise_repetitions(x) > 0 ? bb_exercise_repetitions(x) : 1;
  int sides = bb_exercise_each_side(x) ? 2 : 1;
  if (minutes > 0 && hold == 0) {
    c.phase = "WARMTH";
    return countdown(u, minutes * 60.0, draw_routine, &c, NULL);
  }
  if (hold == 0) {
    c.phase = "SLOWLY";
    c.reps = reps;
    for (int r = 1; r <= reps; r++) {
      c.rep = r;
      int t = countdown(u, 5.0, draw_routine, &c, NULL);
      if (t != T_DONE)
        return t;
    }
    return T_DONE;
  }
  c.reps = reps;
  for (int r = 1; r <= reps; r++)
    for (int s = 0; s < sides; s++) {
      c.rep = r;
      c.side = sides == 2 ? (s == 0 ? "left side" : "right side") : NULL;
      if (r == 1 && s == 0) {
        /* the hold's countdown starts once the person is in position: after
         * a short wait, or at once on a key */
        c.phase = "READY";
        int t = countdown(u, 10.0, draw_routine_ready, &c, NULL);
        if (t != T_DONE)
          return t;
      }
      c.phase = "HOLD";
      int t = countdown(u, hold, draw_routine, &c, NULL);
      if (t != T_DONE)
        return t;
      if (!u->quiet) {
        fputs("\a", stdout); /* the hold is over: a bell, for eyes closed */
        fflush(stdout);
      }
      if (r < reps || s + 1 < sides) {
        c.phase = "REST";
        t = countdown(u, 5.0, draw_routine, &c, NULL);
        if (t != T_DONE)
          return t;
      }
    }
  return T_DONE;
}

/* Whether routine step i is an exercise (the heat pad is not). */
static int is_exercise_step(const plan *p, size_t i) {
  const bb_exercise *x = bb_kb_find_exercise(p->kb, bb_assessment_routine_id(p->as, i));
  return x && !(bb_exercise_hold_seconds(x) == 0 && bb_exercise_minutes(x) > 0);
}

/* Step i's place among the exercises, and how many there are: "exercise 1
 * of 3" counts stretches, not the heat pad before them. */
static size_t ex_index(const plan *p, size_t i) {
  size_t k = 0;
  for (size_t j = 0; j < i; j++)
    k += (size_t)is_exercise_step(p, j);
  return k;
}

static size_t ex_count(const plan *p) {
  return ex_index(p, bb_assessment_routine_count(p->as));
}

static void print_routine_text(const plan *p) {
  const bb_kb *kb = p->kb;
  printf("Your bedtime routine (from %s):\n", p->source);
  for (size_t i = 0; i < bb_assessment_routine_count(p->as); i++) {
    const bb_exercise *x = bb_kb_find_exercise(kb, bb_assessment_routine_id(p->as, i));
    if (!x)
      continue;
    printf("\n%zu. %s (%s)\n", i + 1, bb_exercise_title(x), bb_exercise_dosage(x));
    for (size_t s = 0; s < bb_exercise_step_count(x); s++)
      printf("   - %s\n", bb_exercise_step(x, s));
    for (size_t s = 0; s < bb_exercise_caution_count(x); s++)
      printf("   ! %s\n", bb_exercise_caution(x, s));
  }
  printf("\nOn a terminal, `bedback routine` guides you through it with "
         "timers.\n");
}

/* Reads a 0-10 rating in normal (cooked) mode, edited (cli_line.h); -1
 * when none given. A Ctrl-C there is got_signal's, like one during the
 * timers: the routine is still logged, then the process dies of it. */
static int ask_rating(void) {
  char buf[64];
  int rating = -1;
  cli_line_begin();
  while (!got_signal) {
    int got = cli_line_read(stdin, stdout,
                            "How does your back feel now? 0 (not tight) to 10 (worst), Enter to "
                            "skip: ",
                            buf, sizeof buf);
    if (got == CLI_LINE_EOF || got == CLI_LINE_INTERRUPTED || (got == CLI_LINE_OK && !buf[0]))
      break;
    char *end;
    long v = strtol(buf, &end, 10);
    if (got == CLI_LINE_OK && !*end && v >= 0 && v <= 10) {
      rating = (int)v;
      break;
    }
    printf("  Please type a whole number from 0 to 10.\n");
  }
  cli_line_end();
  if (cli_line_interrupted() && !got_signal)
    got_signal = SIGINT;
  return rating;
}

static const char ROUTINE_USAGE[] =
    "usage: bedback routine [--answers FILE] [--json] [--quiet] [--db FILE]\n"
    "\n"
    "The bedtime routine recommended for you - from --answers FILE, else your last\n"
    "saved assessment (`bedback assess --save`), else the general relief set -\n"
    "guided one exercise at a time: its steps, time to get into position (a key\n"
    "starts the hold at once), a countdown for each hold with a bell at its end\n"
    "(--quiet: no bell), the repetitions, a short rest between. Keys: space\n"
    "pauses, n skips to the next exercise, b back, q quits. At the end it asks how\n"
    "your back feels (0-10) and logs what was done for tonight (nothing when every\n"
    "step was skipped). Not on a terminal, it prints the routine as text; --json\n"
    "prints it as JSON (the assessment's routine array) and exits.\n"
    "\n"
    "When that assessment, or one made since when you logged a warning sign, is\n"
    "urgent or emergency, it refuses and tells you to seek care instead (status 3).\n"
    "Exit status: 0 done, stopped or printed, 3 refused (seek care), 64 usage,\n"
    "65 bad answers or --db not a bedback diary, 66 answers file missing, 74 the\n"
    "diary cannot be read or written, 130 Ctrl-C (at the rating: the routine is\n"
    "still logged).\n";

int cmd_routine(int argc, char **argv) {
  static const struct option opts[] = {
      {"answers", required_argument, NULL, 'a'}, {"db", required_argument, NULL, 'b'},
      {"json", no_argument, NULL, 'j'},          {"quiet", no_argument, NULL, 'Q'},
      {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
  const char *answers_path = NULL, *db = NULL;
  int c, json = 0, quiet = 0;
  cli_opts op;
  cli_opts_init(&op, "routine", opts, NULL, NULL);
  while ((c = cli_opts_next(&op, argc, argv)) != -1) {
    switch (c) {
    case 'a': answers_path = optarg; break;
    case 'b': db = optarg; break;
    case 'j': json = 1; break;
    case 'Q': quiet = 1; break;
    case 'h': fputs(ROUTINE_USAGE, stdout); return 0;
    default: return op.status;
    }
  }
  if (optind < argc)
    return cli_bad_argument("routine", argv[optind]);
  plan p;
  bb_answers *answers = NULL;
  int status = plan_make(&p, answers_path, db, &answers);
  if (status != 0 || !p.as) {
    plan_free(&p);
    bb_answers_free(answers);
    return status ? status : BB_EX_SOFTWARE;
  }
  if (p.refused) {
    status = refuse(&p, "routine");
    plan_free(&p);
    bb_answers_free(answers);
    return status;
  }
  size_t n = bb_assessment_routine_count(p.as);
  if (json) {
    char *all = bb_render(p.as, BB_FORMAT_JSON, 0);
    json_t *root = all ? json_loads(all, 0, NULL) : NULL;
    char *out = root ? json_dumps(json_object_get(root, "routine"), JSON_INDENT(2)) : NULL;
    status = out ? cli_write_file("-", out, 0) : cli_failf(BB_EX_SOFTWARE, "out of memory");
    if (out)
      fputc('\n', stdout);
    free(out);
    json_decref(root);
    free(all);
    plan_free(&p);
    bb_answers_free(answers);
    return status;
  }
  int interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && n > 0;
  if (remind(&p, "routine", interactive)) {
    plan_free(&p);
    bb_answers_free(answers);
    return 0;
  }
  if (!interactive) {
    print_routine_text(&p);
    plan_free(&p);
    bb_answers_free(answers);
    return 0;
  }
  ui u = {cli_utf8(), cli_time_scale(), cli_use_color(stdout), term_width(), quiet};
  if (term_raw() != 0) {
    plan_free(&p);
    bb_answers_free(answers);
    return cli_failf(BB_EX_IOERR, "cannot set up the terminal for the routine");
  }
  size_t i = 0;
  int quit = 0;
  unsigned char did[64] = {0}; /* which steps ran to their end */
  while (i < n && !quit) {
    const bb_exercise *x = bb_kb_find_exercise(p.kb, bb_assessment_routine_id(p.as, i));
    int t = x ? run_exercise(&u, x, ex_index(&p, i), ex_count(&p)) : T_DONE;
    if (t == T_DONE && i < sizeof did)
      did[i] = 1;
    if (t == T_QUIT || t == T_SIGNAL)
      quit = 1;
    else if (t == T_BACK)
      i = i > 0 ? i - 1 : 0;
    else {
      if (t == T_DONE && i + 1 < n) {
        /* a short rest before the next exercise */
        const bb_exercise *nx = bb_kb_find_exercise(p.kb, bb_assessment_routine_id(p.as, i + 1));
        rdraw r = {&u,
                   x,
                   ex_index(&p, i),
                   ex_count(&p),
                   "REST",
                   1,
                   1,
                   NULL,
                   nx ? bb_exercise_title(nx) : NULL};
        int t2 = countdown(&u, 10.0, draw_routine, &r, NULL);
        if (t2 == T_QUIT || t2 == T_SIGNAL) {
          quit = 1;
          break;
        }
        if (t2 == T_BACK)
          continue; /* stays on this exercise */
      }
      i++;
    }
  }
  term_restore();
  /* what was done, in words: a step skipped with n is not done */
  size_t ndone = 0;
  char skipped[512] = "";
  for (size_t k = 0; k < n && k < sizeof did; k++) {
    if (did[k]) {
      ndone++;
      continue;
    }
    const bb_exercise *x = bb_kb_find_exercise(p.kb, bb_assessment_routine_id(p.as, k));
    size_t len = strlen(skipped);
    snprintf(skipped + len, sizeof skipped - len, "%s%s", len ? ", " : "",
             x ? bb_exercise_title(x) : "?");
  }
  plan_free(&p);
  bb_answers_free(answers);
  if (quit) {
    printf("Routine stopped. Nothing was logged.\n");
    if (got_signal)
      die_of_signal();
    return 0;
  }
  if (!ndone) {
    printf("Every step was skipped, so the routine was not logged as done.\n");
    return 0;
  }
  if (ndone < n)
    printf("Done: %zu of %zu steps (skipped: %s).\n", ndone, n, skipped);
  else
    printf("Well done: that is the routine for tonight.\n");
  /* The routine is done: interrupted at the rating, it is still logged. */
  int rating = ask_rating();
  bb_diary *d = cli_open_diary(db, 0, &status);
  if (!d)
    return status;
  bb_error err;
  int night = cli_last_night();
  if (bb_diary_log_session(d, night, "routine", -1, rating, &err) != 0)
    status = cli_fail(&err);
  else {
    char ds[11];
    bb_date_format(night, ds);
    if (ndone < n)
      printf("\nLogged: routine, %zu of %zu steps done, on the night of %s%s.\n", ndone, n, ds,
             rating >= 0 ? " with your rating" : "");
    else
      printf("\nLogged: routine done on the night of %s%s.\n", ds,
             rating >= 0 ? " with your rating" : "");
  }
  bb_diary_close(d);
  if (got_signal)
    die_of_signal();
  return status;
}

/* ------------------------------------------------------------------ */
/* Heat */

static const char *const HEAT_SAFETY[] = {
    "Never fall asleep on a heating pad or with a heat source against your "
    "skin.",
    "Do not use heat on skin that is numb, broken or has poor feeling: you may "
    "not notice a "
    "burn.",
    "Pleasantly warm, never hot: put a cover or towel between you and the "
    "heat.",
    "With diabetes or poor circulation, use only gentle warmth for a shorter "
    "time and check "
    "your skin afterwards.",
};

typedef struct {
  const ui *u;
  int minutes;
} hdraw;

static void draw_heat(const void *vctx, double left, double total, int paused) {
  const hdraw *h = vctx;
  fputs("\033[H\033[2J", stdout);
  printf("bedback - heat timer - %d minutes\n\n", h->minutes);
  for (size_t i = 0; i < sizeof HEAT_SAFETY / sizeof HEAT_SAFETY[0]; i++)
    wrapped("  ! ", HEAT_SAFETY[i], 4, h->u->width);
  printf("\n  HEAT   ");
  progress(h->u, total - left, total, bar_width(h->u, 40));
  int secs = (int)(left + 0.999);
  printf("  %d:%02d left\n", secs / 60, secs % 60);
  printf("\n%s\n", paused ? "  PAUSED - press space to go on" : "");
  printf("\n  space pause   q stop\n");
}

static const char HEAT_USAGE[] =
    "usage: bedback heat [--minutes 5..20] [--answers FILE] [--db FILE]\n"
    "\n"
    "A heat-pad timer (20 minutes by default; 5 to 20, shorter for example with\n"
    "diabetes or poor circulation) with a progress bar and the safety\n"
    "reminders: never fall asleep on it, never on numb skin. Keys: space pauses,\n"
    "q stops. When the time is up it tells you to take the heat away and logs the\n"
    "minutes for tonight. Refuses, like `bedback routine`, when the last assessment\n"
    "is urgent or emergency (exit status 3).\n"
    "Exit status: 0, 3 refused (seek care), 64 usage, 65 bad --minutes or answers,\n"
    "or --db is not a bedback diary, 66 answers file missing, 74 the diary cannot be\n"
    "written, 129/130/143 SIGHUP, Ctrl-C, SIGTERM (the minutes done are logged first).\n";

int cmd_heat(int argc, char **argv) {
  static const struct option opts[] = {{"minutes", required_argument, NULL, 'm'},
                                       {"answers", required_argument, NULL, 'a'},
                                       {"db", required_argument, NULL, 'b'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *answers_path = NULL, *db = NULL;
  int minutes = 20, c;
  cli_opts op;
  cli_opts_init(&op, "heat", opts, NULL, NULL);
  while ((c = cli_opts_next(&op, argc, argv)) != -1) {
    switch (c) {
    case 'm': {
      /* 5 to 20, each refusal with its own reason: longer is not safer
       * (the kb's heat advice is 15-20 minutes, never falling asleep on
       * it), while a shorter time is what the same advice asks of people
       * with diabetes or poor circulation */
      char *end;
      long v = strtol(optarg, &end, 10);
      if (!*optarg || *end || optarg[0] == '-' || optarg[0] == '+' || v > 1440)
        return cli_failf(BB_EX_DATAERR,
                         "--minutes takes a whole number of minutes from 5 to 20, "
                         "not '%s'",
                         optarg);
      if (v > 20)
        return cli_failf(BB_EX_DATAERR,
                         "--minutes %ld is too long: at most 20 minutes, because "
                         "longer heat is not safer (it raises the risk of a burn)",
                         v);
      if (v < 5)
        return cli_failf(BB_EX_DATAERR,
                         "--minutes %ld is too short to warm the muscles: at least "
                         "5 minutes (shorter than 15 is fine if you have diabetes "
                         "or poor circulation)",
                         v);
      minutes = (int)v;
      break;
    }
    case 'a': answers_path = optarg; break;
    case 'b': db = optarg; break;
    case 'h': fputs(HEAT_USAGE, stdout); return 0;
    default: return op.status;
    }
  }
  if (optind < argc)
    return cli_bad_argument("heat", argv[optind]);
  plan p;
  bb_answers *answers = NULL;
  int status = plan_make(&p, answers_path, db, &answers);
  int refused = p.refused, stop = 0;
  if (status == 0 && refused)
    status = refuse(&p, "heat timer");
  else if (status == 0)
    stop = remind(&p, "heat timer", isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
  plan_free(&p);
  bb_answers_free(answers);
  if (status != 0 || refused || stop)
    return status;
  ui u = {cli_utf8(), cli_time_scale(), cli_use_color(stdout), term_width(), 0};
  double done = 0;
  int t;
  if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
    if (term_raw() != 0)
      return cli_failf(BB_EX_IOERR, "cannot set up the terminal for the timer");
    hdraw h = {&u, minutes};
    /* the time the heat was on: not paused, not stopped (Ctrl-Z) */
    t = countdown(&u, minutes * 60.0, draw_heat, &h, &done);
    term_restore();
  } else {
    for (size_t i = 0; i < sizeof HEAT_SAFETY / sizeof HEAT_SAFETY[0]; i++)
      printf("! %s\n", HEAT_SAFETY[i]);
    printf("Heat timer: %d minutes from now.\n", minutes);
    /* no timer without its safety reminders */
    if (fflush(stdout) != 0 || ferror(stdout))
      return cli_failf(BB_EX_IOERR,
                       "heat: cannot show the safety reminders on standard output: %s; no timer "
                       "started",
                       strerror(errno));
    catch_signals();
    double total = minutes * 60.0, last = mono();
    int seen = conts, shown = 0;
    while (done < total && !got_signal) {
      double step = (total - done) / u.scale;
      struct timespec ts = {0, (long)((step < 0.25 ? step : 0.25) * 1e9)};
      nanosleep(&ts, NULL);
      double now = mono();
      if (conts == seen) /* a stop (Ctrl-Z) since: not counted */
        done += (now - last) * u.scale;
      seen = conts;
      last = now;
      for (; shown < minutes && done + 1e-9 >= (shown + 1) * 60.0; shown++)
        printf("%d of %d minutes\n", shown + 1, minutes);
      fflush(stdout);
    }
    if (done > total)
      done = total;
    t = got_signal ? T_SIGNAL : T_DONE;
  }
  int logged = (int)(done / 60.0 + 1e-9);
  if (logged > minutes)
    logged = minutes;
  if (t == T_DONE)
    printf("\a\nTime is up: take the heat away now and switch it off.\n");
  else
    printf("Heat timer stopped after %d minute%s.\n", logged, logged == 1 ? "" : "s");
  if (logged < 1) {
    printf("Nothing was logged.\n");
    if (got_signal)
      die_of_signal();
    return 0;
  }
  bb_diary *d = cli_open_diary(db, 0, &status);
  if (!d)
    return status;
  bb_error err;
  int night = cli_last_night();
  if (bb_diary_log_session(d, night, "heat", logged, -1, &err) != 0)
    status = cli_fail(&err);
  else {
    char ds[11];
    bb_date_format(night, ds);
    printf("Logged: %d minutes of heat on the night of %s.\n", logged, ds);
  }
  bb_diary_close(d);
  if (got_signal)
    die_of_signal();
  return status;
}
