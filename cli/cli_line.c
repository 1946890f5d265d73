/* cli_line.c -- one line typed by the person, edited with libedit on a
 * terminal (cli_line.h).
 *
 * libedit is reached through a table of its functions, filled at the first
 * read from a terminal: by dlopen("libedit.so.2") normally, so that
 * commands that never ask anything (assess --answers, batch, trend...) do
 * not map it and its libraries at start-up; or, built with
 * BB_LIBEDIT_STATIC (a static program, where dlopen is unsafe), with the
 * symbols linked in. When it cannot be had, lines are read whole, as the
 * terminal's line discipline gives them.
 *
 * Signals. The interview's rule holds for both readers: SIGINT is blocked
 * except inside pselect(), so a Ctrl-C between the prompt and the wait is
 * taken at the wait instead of lost. libedit reads through our function
 * (EL_GETCFN), which waits the same way. libedit's own signal handling
 * (EL_SIGNAL) is left off: its handler passes every signal on with
 * kill(0, sig) -- to the whole process group, the shell script that ran
 * bedback included --, it does not re-arm itself under a read function of
 * ours (a second Ctrl-Z in one answer would stop the program with the
 * terminal raw), and its own read retries the first interrupted read, so
 * one Ctrl-C would not stop a question. Instead, while a line is edited,
 * SIGTSTP, SIGCONT, SIGWINCH, SIGTERM, SIGHUP and SIGQUIT are caught into
 * flags (and blocked outside the wait, like SIGINT) and handled here,
 * outside any signal handler: Ctrl-Z gives the terminal its own modes
 * back, then stops; fg puts the editing modes back and redraws the line;
 * a resize is passed to libedit; a terminating signal ends the read, the
 * terminal is given back, and the signal then acts as it would have. */
#include "cli_line.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <termios.h>
#include <unistd.h>

#ifdef BB_HAVE_LIBEDIT
#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <wchar.h>
#ifndef BB_LIBEDIT_STATIC
#include <dlfcn.h>
#endif
#endif

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig) {
  (void)sig;
  interrupted = 1;
}

static struct {
  int active;
  struct sigaction old_int;
  sigset_t saved_mask; /* the mask before cli_line_begin */
  sigset_t wait_mask;  /* while waiting for a key: SIGINT open */
  /* the plain reader: what was read past the end of the last line */
  char ahead[1024];
  size_t len;
  cli_ready ready; /* the reads after a wait */
} session = {.ready = CLI_READY_INIT};

void cli_line_begin(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: the wait must return */
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigprocmask(SIG_BLOCK, &block, &session.saved_mask);
  session.wait_mask = session.saved_mask;
  sigdelset(&session.wait_mask, SIGINT);
  sigaction(SIGINT, &sa, &session.old_int);
  interrupted = 0;
  session.len = 0;
  cli_ready_close(&session.ready);
  session.active = 1;
}

int cli_line_interrupted(void) {
  return interrupted != 0;
}

/* Keeps byte `c` of a line in buf when it fits; *n counts what is kept,
 * *dropped whether anything did not fit (the line end included). */
/* Waits until fd can be read, with only the session's signals let in
 * meanwhile (both readers: pselect's result, -1 with errno EINTR when a
 * signal came). */
static int wait_readable(int fd) {
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(fd, &rd);
  return pselect(fd + 1, &rd, NULL, NULL, NULL, &session.wait_mask);
}

/* A Ctrl-C typed just after a key makes the terminal throw away its unread
 * input (ISIG without NOFLSH) and raise SIGINT; landing between the wait
 * and the read, it left a blocking read waiting, SIGINT held, for another
 * key -- the program seemed to ignore Ctrl-C. O_NONBLOCK is set on a
 * second open of the terminal, not on fd: a file status flag is shared
 * with the shell that handed us its terminal. */
ssize_t cli_read_ready(cli_ready *r, int fd, void *buf, size_t n) {
  if (r->fd != fd) {
    cli_ready_close(r);
    char name[256];
    if (isatty(fd) && ttyname_r(fd, name, sizeof name) == 0)
      r->nb = open(name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    r->fd = fd;
  }
  /* not a terminal (nothing flushes a pipe under us), or no second open:
   * the descriptor itself */
  return read(r->nb >= 0 ? r->nb : fd, buf, n);
}

void cli_ready_close(cli_ready *r) {
  if (r->nb >= 0)
    close(r->nb);
  r->nb = r->fd = -1;
}

static void keep(char *buf, size_t size, size_t *n, int *dropped, char c) {
  if (*n < size - 1)
    buf[(*n)++] = c;
  else
    *dropped = 1;
}

/* The line in buf (n bytes kept, its line end among them when it fitted)
 * without its line end: OK, or TOOLONG when a byte did not fit (more than
 * size - 2 bytes before the line end, as fgets would leave it unfinished). */
static int finish_line(char *buf, size_t n, int dropped) {
  buf[n] = '\0';
  buf[strcspn(buf, "\r\n")] = '\0';
  return dropped ? CLI_LINE_TOOLONG : CLI_LINE_OK;
}

/* Whole lines with read(2), waiting in pselect() with SIGINT open. */
static int read_plain(FILE *in, FILE *out, const char *prompt, char *buf, size_t size) {
  fputs(prompt, out);
  fflush(out);
  int fd = fileno(in);
  size_t n = 0;
  int dropped = 0;
  for (;;) {
    if (interrupted)
      return CLI_LINE_INTERRUPTED;
    if (session.len) {
      char *nl = memchr(session.ahead, '\n', session.len);
      size_t take = nl ? (size_t)(nl - session.ahead) + 1 : session.len;
      for (size_t i = 0; i < take; i++)
        keep(buf, size, &n, &dropped, session.ahead[i]);
      memmove(session.ahead, session.ahead + take, session.len - take);
      session.len -= take;
      if (nl)
        return finish_line(buf, n, dropped);
      continue;
    }
    if (wait_readable(fd) < 0) {
      if (errno == EINTR)
        continue; /* the loop checks `interrupted` */
      return CLI_LINE_EOF;
    }
    ssize_t got = cli_read_ready(&session.ready, fd, session.ahead, sizeof session.ahead);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (got <= 0) /* the end: a last line without its line end counts */
      return n || dropped ? finish_line(buf, n, dropped) : CLI_LINE_EOF;
    session.len = (size_t)got;
  }
}

#ifdef BB_HAVE_LIBEDIT

/* The part of libedit used here, resolved once. */
typedef struct {
  EditLine *(*el_init)(const char *, FILE *, FILE *, FILE *);
  void (*el_end)(EditLine *);
  int (*el_set)(EditLine *, int, ...);
  const char *(*el_gets)(EditLine *, int *);
  void (*el_resize)(EditLine *);
  History *(*history_init)(void);
  void (*history_end)(History *);
  int (*history)(History *, HistEvent *, int, ...);
} editline_api;

static struct {
  int tried, loaded;
  editline_api api;
  EditLine *el;
  History *hist;
  FILE *in, *out;
  locale_t loc; /* LC_CTYPE for the editor: UTF-8 */
  char prompt[512];
  struct termios cooked; /* the terminal's modes before the read */
  struct termios raw;    /* libedit's, noted at its first key wait */
  int have_raw;
} ed;

/* Caught while a line is edited (see the top of the file). */
static volatile sig_atomic_t got_tstp, got_cont, got_winch, got_end;
static void on_edit_signal(int sig) {
  if (sig == SIGTSTP)
    got_tstp = 1;
  else if (sig == SIGCONT)
    got_cont = 1;
  else if (sig == SIGWINCH)
    got_winch = 1;
  else
    got_end = sig;
}
static const int EDIT_SIGNALS[] = {SIGTSTP, SIGCONT, SIGWINCH, SIGTERM, SIGHUP, SIGQUIT};
enum { N_EDIT_SIGNALS = sizeof EDIT_SIGNALS / sizeof EDIT_SIGNALS[0] };

#ifndef BB_LIBEDIT_STATIC
/* dlsym's object pointer as a function pointer (POSIX guarantees the
 * conversion; ISO C has no cast for it). 0, or -1 when missing. */
static int resolve(void *lib, const char *name, void *fn, size_t fn_size) {
  void *sym = dlsym(lib, name);
  if (!sym || fn_size != sizeof sym)
    return -1;
  memcpy(fn, &sym, sizeof sym);
  return 0;
}
#define RESOLVE(lib, field) resolve(lib, #field, &ed.api.field, sizeof ed.api.field)
#endif

/* Fills ed.api: 0, or -1 when libedit cannot be had. */
static int load_editline(void) {
  const char *hook = getenv("BEDBACK_TEST_LIBEDIT"); /* a test hook */
  if (hook && !strcmp(hook, "missing"))
    return -1;
#ifdef BB_LIBEDIT_STATIC
  ed.api.el_init = el_init;
  ed.api.el_end = el_end;
  ed.api.el_set = el_set;
  ed.api.el_gets = el_gets;
  ed.api.el_resize = el_resize;
  ed.api.history_init = history_init;
  ed.api.history_end = history_end;
  ed.api.history = history;
  return 0;
#else
  /* never closed: it stays loaded for the rest of the run */
  void *lib = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
  if (!lib)
    return -1;
  if (RESOLVE(lib, el_init) || RESOLVE(lib, el_end) || RESOLVE(lib, el_set) ||
      RESOLVE(lib, el_gets) || RESOLVE(lib, el_resize) || RESOLVE(lib, history_init) ||
      RESOLVE(lib, history_end) || RESOLVE(lib, history)) {
    dlclose(lib);
    return -1;
  }
  return 0;
#endif
}

/* UTF-8 for the editor whatever the locale (bedback's text is UTF-8, and
 * in the C locale libedit drops every byte above 127): the person's
 * LC_CTYPE when it is UTF-8, else C.UTF-8; (locale_t)0 when neither. */
static locale_t utf8_locale(void) {
  locale_t l = newlocale(LC_CTYPE_MASK, "", (locale_t)0);
  if (l && strcmp(nl_langinfo_l(CODESET, l), "UTF-8") != 0) {
    freelocale(l);
    l = (locale_t)0;
  }
  if (!l)
    l = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
  return l;
}

static char *prompt_of(EditLine *el) {
  (void)el;
  return ed.prompt;
}

/* Ctrl-Z: the terminal's own modes back, then stop as the default action
 * does; SIGCONT (fg) is handled by the read loop. In a process group
 * without job control (orphaned) the kernel discards the stop and no
 * SIGCONT comes: the editing modes are put back here then. */
static void suspend(int fd) {
  tcsetattr(fd, TCSADRAIN, &ed.cooked);
  struct sigaction dfl, mine;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(SIGTSTP, &dfl, &mine);
  sigset_t tstp;
  sigemptyset(&tstp);
  sigaddset(&tstp, SIGTSTP);
  raise(SIGTSTP); /* pending while blocked: stops here, at the unblock */
  sigprocmask(SIG_UNBLOCK, &tstp, NULL);
  sigprocmask(SIG_BLOCK, &tstp, NULL);
  sigaction(SIGTSTP, &mine, NULL);
  sigset_t pending;
  if (sigpending(&pending) == 0 && !sigismember(&pending, SIGCONT) && ed.have_raw)
    tcsetattr(fd, TCSADRAIN, &ed.raw); /* not stopped: go on editing */
}

/* libedit's character reader (EL_GETCFN): one character, waiting in
 * pselect() with the signals open. 1, 0 at end of input, -1 (errno EINTR)
 * on Ctrl-C or a terminating signal. */
static int read_char(EditLine *el, wchar_t *wc) {
  int fd = fileno(ed.in);
  if (!ed.have_raw && tcgetattr(fd, &ed.raw) == 0)
    ed.have_raw = 1;
  char bytes[8];
  size_t nb = 0;
  for (;;) {
    if (interrupted || got_end) {
      errno = EINTR;
      return -1;
    }
    if (got_tstp) {
      got_tstp = 0;
      suspend(fd);
      continue;
    }
    if (got_cont) { /* back from a stop: editing modes, and the line again */
      got_cont = 0;
      if (ed.have_raw)
        tcsetattr(fd, TCSADRAIN, &ed.raw);
      fputc('\r', ed.out); /* the redraw starts at the line's first column */
      ed.api.el_set(el, EL_REFRESH);
      continue;
    }
    if (got_winch) {
      got_winch = 0;
      ed.api.el_resize(el);
      continue;
    }
    if (wait_readable(fd) < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    char c;
    ssize_t got = cli_read_ready(&session.ready, fd, &c, 1);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (got < 0)
      return -1;
    if (got == 0) {
      *wc = L'\0';
      return 0;
    }
    bytes[nb++] = c;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t w;
    size_t k = mbrtowc(&w, bytes, nb, &st); /* in ed.loc, made current by the caller */
    if (k == (size_t)-2 && nb < sizeof bytes)
      continue; /* the rest of a character */
    if (k == (size_t)-1 || k == (size_t)-2) {
      nb = 0; /* not UTF-8: dropped */
      continue;
    }
    *wc = w;
    return 1;
  }
}

/* The editor for `in` and `out`: libedit loaded and set up on first use.
 * 0, or -1 (then lines are read whole). */
static int editor(FILE *in, FILE *out) {
  if (ed.el && ed.in == in && ed.out == out)
    return 0;
  if (!ed.tried) {
    ed.tried = 1;
    ed.loaded = load_editline() == 0;
    if (ed.loaded)
      ed.loc = utf8_locale();
  }
  if (!ed.loaded)
    return -1;
  if (ed.el) { /* other streams (not done today): a new editor */
    ed.api.el_end(ed.el);
    ed.el = NULL;
  }
  locale_t before = ed.loc ? uselocale(ed.loc) : (locale_t)0;
  ed.el = ed.api.el_init("bedback", in, out, out);
  if (before)
    uselocale(before);
  if (!ed.el)
    return -1;
  if (!ed.hist) {
    HistEvent ev;
    ed.hist = ed.api.history_init();
    if (ed.hist)
      ed.api.history(ed.hist, &ev, H_SETSIZE, 200);
  }
  ed.in = in;
  ed.out = out;
  ed.api.el_set(ed.el, EL_EDITOR, "emacs");
  ed.api.el_set(ed.el, EL_SIGNAL, 0); /* handled here (top of the file) */
  ed.api.el_set(ed.el, EL_PROMPT, prompt_of);
  ed.api.el_set(ed.el, EL_GETCFN, read_char);
  if (ed.hist)
    ed.api.el_set(ed.el, EL_HIST, ed.api.history, ed.hist);
  return 0;
}

/* One line edited with libedit. */
static int read_edited(FILE *in, FILE *out, const char *prompt, char *buf, size_t size) {
  int fd = fileno(in);
  snprintf(ed.prompt, sizeof ed.prompt, "%s", prompt);
  if (tcgetattr(fd, &ed.cooked) != 0)
    return read_plain(in, out, prompt, buf, size);
  ed.have_raw = 0;
  got_tstp = got_cont = got_winch = got_end = 0;
  /* the signals handled while editing: caught, and blocked but in the wait */
  struct sigaction sa, old[N_EDIT_SIGNALS];
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_edit_signal;
  sigemptyset(&sa.sa_mask);
  sigset_t block, before;
  sigemptyset(&block);
  for (size_t i = 0; i < N_EDIT_SIGNALS; i++)
    sigaddset(&block, EDIT_SIGNALS[i]);
  sigprocmask(SIG_BLOCK, &block, &before);
  for (size_t i = 0; i < N_EDIT_SIGNALS; i++) {
    sigaction(EDIT_SIGNALS[i], NULL, &old[i]);
    if (old[i].sa_handler != SIG_IGN) /* an ignored one (nohup) stays so */
      sigaction(EDIT_SIGNALS[i], &sa, NULL);
  }
  fflush(out);
  locale_t prev = ed.loc ? uselocale(ed.loc) : (locale_t)0;
  /* The editing modes before the prompt shows: what is typed once it is
   * there must not meet the terminal's own line discipline (it would echo
   * it twice, and swallow a Ctrl-D). */
  ed.api.el_set(ed.el, EL_PREP_TERM, 1);
  int count = 0;
  const char *line = ed.api.el_gets(ed.el, &count);
  if (prev)
    uselocale(prev);
  for (size_t i = 0; i < N_EDIT_SIGNALS; i++)
    sigaction(EDIT_SIGNALS[i], &old[i], NULL);
  int end = got_end;
  sigprocmask(SIG_SETMASK, &before, NULL);
  if (end) { /* the terminal is as it was: now the signal acts */
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, end);
    raise(end);
    sigprocmask(SIG_UNBLOCK, &one, NULL);
    sigprocmask(SIG_SETMASK, &before, NULL);
    return CLI_LINE_INTERRUPTED; /* it was caught by someone: stop asking */
  }
  if (interrupted)
    return CLI_LINE_INTERRUPTED;
  if (!line)
    return CLI_LINE_EOF;
  size_t len = strlen(line), n = 0;
  int dropped = 0;
  for (size_t i = 0; i < len; i++)
    keep(buf, size, &n, &dropped, line[i]);
  int status = finish_line(buf, n, dropped);
  if (ed.hist && buf[strspn(buf, " \t")]) { /* this run's answers only, in memory */
    HistEvent ev;
    ed.api.history(ed.hist, &ev, H_ENTER, buf);
  }
  return status;
}

/* Whether the terminal can move its cursor: libedit on a dumb one (an
 * editor's shell buffer, say) would garble the line. */
static int capable_terminal(void) {
  const char *term = getenv("TERM");
  return term && *term && strcmp(term, "dumb") != 0;
}
#endif

int cli_line_read(FILE *in, FILE *out, const char *prompt, char *buf, size_t size) {
  if (interrupted)
    return CLI_LINE_INTERRUPTED;
#ifdef BB_HAVE_LIBEDIT
  /* What the plain reader read ahead is typed-ahead input: it goes first. */
  if (session.len == 0 && isatty(fileno(in)) && isatty(fileno(out)) && capable_terminal() &&
      editor(in, out) == 0)
    return read_edited(in, out, prompt, buf, size);
#endif
  return read_plain(in, out, prompt, buf, size);
}

void cli_line_end(void) {
#ifdef BB_HAVE_LIBEDIT
  if (ed.el)
    ed.api.el_end(ed.el);
  if (ed.hist)
    ed.api.history_end(ed.hist);
  ed.el = NULL;
  ed.hist = NULL;
  ed.in = ed.out = NULL;
#endif
  cli_ready_close(&session.ready);
  if (!session.active)
    return;
  sigaction(SIGINT, &session.old_int, NULL);
  sigprocmask(SIG_SETMASK, &session.saved_mask, NULL);
  session.active = 0;
}
