/*
 * cmd_batch.c -- `bedback batch`: many answers in (NDJSON or CSV), one
 * NDJSON line out per record, in input order. The records and their lines
 * are the library's (src/batch.c); this file is the plumbing: files,
 * threads, the progress bar, Ctrl-C, the count line.
 *
 * Threads: --threads N runs N threads in all, the main thread one of
 * them, each doing everything in turn: it takes the reader (one thread
 * at a time) and reads a chunk of records into a free slot of a ring,
 * turns them into their lines, and leaves the chunk done; whichever
 * thread finds the next chunk in input order done writes it, and every
 * done chunk after it, then frees their slots. So there is no thread
 * that only reads or only writes, and no more threads than cores to
 * switch between (a reader and a writer thread besides the workers cost
 * a fifth more CPU per record, and 1 -> 2 threads gave ~1.5x). The ring
 * has a fixed number of slots, so memory is bounded whatever the input's
 * size; with --threads 1 everything runs on the main thread, record by
 * record.
 */
#include "batch.h"
#include "cli.h"
#include "cli_line.h"
#include "commands.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: bedback batch [--input FILE|-] [--output FILE|-] [--input-format ndjson|csv]\n"
    "                     [--threads N] [--summary] [--no-fit] [--kb DIR]\n"
    "\n"
    "Assesses many answers at once: a clinic's intake or a study's questionnaires.\n"
    "In: NDJSON (one answers object a line, or {\"id\": ..., \"answers\": {...}}) or\n"
    "CSV (a header of answer keys and an optional id column; an empty cell is no\n"
    "answer; true/false and numbers as in JSON). The format follows the file's\n"
    "extension (.csv), else NDJSON. Out: one NDJSON line per record, in input\n"
    "order: {\"line\": N, \"id\": ..., \"assessment\": {...}} (as assess --json), or\n"
    "\"error\": {\"message\", \"key\", \"status\"} for a bad record; the batch goes on.\n"
    "--summary writes level, flags, unasked (the warning questions not answered:\n"
    "those signs are not ruled out) and causes only. The sleep-support fit runs\n"
    "when a record has the body's size, unless --no-fit. --threads: default, one\n"
    "per core (one for answers typed at a terminal, each shown when done). At the\n"
    "end a count on standard error: records by level, errors, and how many left\n"
    "warning questions unanswered.\n"
    "\n"
    "Exit status: 0 ok, 64 usage, 65 some record was bad, 66 missing input,\n"
    "74 I/O error, 78 broken knowledge base, 130 stopped by Ctrl-C.\n";

/* chunks: records per chunk, slots per thread */
#define CHUNK 64
#define SLOTS_PER_THREAD 4

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

typedef struct {
  int fd;
  /* threads: SIGINT and SIGTERM are blocked in every thread but while
   * one waits for input (pselect with this mask), so that a signal always
   * interrupts the thread that waits, whichever it is */
  sigset_t wait_mask;
  int use_wait_mask;
  cli_ready ready; /* after the wait: never blocks (a Ctrl-C flushed it) */
} input;

/* read(2), ending the input when Ctrl-C interrupts a read */
static long read_input(void *ud, char *buf, size_t n) {
  input *in = ud;
  for (;;) {
    if (in->use_wait_mask) {
      if (stop_requested)
        return 0;
      fd_set rd;
      FD_ZERO(&rd);
      FD_SET(in->fd, &rd);
      if (pselect(in->fd + 1, &rd, NULL, NULL, NULL, &in->wait_mask) < 0) {
        if (errno == EINTR)
          continue;
        return -1;
      }
    }
    ssize_t got =
        in->use_wait_mask ? cli_read_ready(&in->ready, in->fd, buf, n) : read(in->fd, buf, n);
    if (got < 0 && errno == EAGAIN && in->use_wait_mask)
      continue; /* gone since the wait: wait again */
    if (got < 0 && errno == EINTR) {
      if (stop_requested)
        return 0;
      continue;
    }
    return (long)got;
  }
}

enum { SLOT_FREE, SLOT_TAKEN, SLOT_DONE };

typedef struct {
  bbb_record rec[CHUNK];
  size_t n;
  bbu_buf out;
  bbb_counts counts;
  int state;
  int failed; /* out of memory while writing its lines */
} slot;

typedef struct {
  bbb_options opt;
  FILE *out;
  bbb_reader *reader;
  slot *slots;
  size_t nslots;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  unsigned long long filled, written; /* chunks read, chunks written */
  int reading, writing;               /* a thread has the reader / the writer */
  int reading_done;
  int status; /* a fatal reading error's exit status */
  int write_failed, oom;
  int write_errno;
  bbb_counts total;
  /* progress */
  int progress;
  unsigned long long input_size, offset;
  double started, last_shown;
} batch;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void add_counts(bbb_counts *to, const bbb_counts *c) {
  to->records += c->records;
  to->errors += c->errors;
  to->unasked += c->unasked;
  for (int i = 0; i < 4; i++)
    to->level[i] += c->level[i];
}

/* The progress line on a terminal: records, records/s, and when the input
 * is a file how far and the time left. */
static void show_progress(batch *b, int final) {
  if (!b->progress)
    return;
  double t = now();
  if (!final && t - b->last_shown < 0.2)
    return;
  b->last_shown = t;
  if (final) {
    fputs("\r\033[K", stderr);
    return;
  }
  double el = t - b->started, rate = el > 0 ? (double)b->total.records / el : 0;
  char eta[64] = "";
  if (b->input_size && b->offset) {
    double frac = (double)b->offset / (double)b->input_size;
    double left = frac > 0 ? el / frac - el : 0;
    snprintf(eta, sizeof eta, ", %3.0f%%, about %.0f s left", frac * 100, left < 0 ? 0 : left);
  }
  fprintf(stderr, "\r\033[K%llu record%s, %.0f records/s%s", b->total.records,
          b->total.records == 1 ? "" : "s", rate, eta);
}

static int write_out(batch *b, const bbu_buf *out) {
  if (out->len && fwrite(out->buf, 1, out->len, b->out) != out->len) {
    b->write_failed = 1;
    b->write_errno = errno;
    return -1;
  }
  return 0;
}

/* Reads the next chunk into slot s (the reader is this thread's). */
static void read_chunk(batch *b, slot *s) {
  s->n = 0;
  int end = 0;
  while (s->n < CHUNK) {
    if (stop_requested) {
      end = 1;
      break;
    }
    bb_error err;
    int got = bbb_reader_next(b->reader, &s->rec[s->n], &err);
    if (got == BBB_RECORD) {
      s->n++;
      continue;
    }
    end = 1;
    if (got == BBB_FATAL) {
      pthread_mutex_lock(&b->mu);
      b->status = cli_fail(&err);
      pthread_mutex_unlock(&b->mu);
    }
    break;
  }
  pthread_mutex_lock(&b->mu);
  b->offset = bbb_reader_offset(b->reader);
  if (end)
    b->reading_done = 1;
  pthread_mutex_unlock(&b->mu);
}

/* With b->mu held: writes every done chunk that is next in input order,
 * unless another thread is at it (it will find this one's too). */
static void write_ready(batch *b) {
  if (b->writing)
    return;
  b->writing = 1;
  for (;;) {
    slot *s = &b->slots[b->written % b->nslots];
    if (b->written == b->filled || s->state != SLOT_DONE)
      break;
    pthread_mutex_unlock(&b->mu);
    if (s->failed)
      b->oom = 1;
    if (!b->write_failed && !b->oom)
      write_out(b, &s->out);
    add_counts(&b->total, &s->counts);
    s->out.len = 0;
    memset(&s->counts, 0, sizeof s->counts);
    s->failed = 0;
    pthread_mutex_lock(&b->mu);
    show_progress(b, 0); /* with the lock: it reads the reader's offset */
    s->state = SLOT_FREE;
    b->written++;
    if (b->write_failed || b->oom)
      b->reading_done = 1; /* nothing more is read */
    pthread_cond_broadcast(&b->cv);
  }
  b->writing = 0;
}

static void *worker(void *arg) {
  batch *b = arg;
  pthread_mutex_lock(&b->mu);
  for (;;) {
    /* the reader, and the next slot free */
    while (!b->reading_done && (b->reading || b->slots[b->filled % b->nslots].state != SLOT_FREE))
      pthread_cond_wait(&b->cv, &b->mu);
    if (b->reading_done)
      break;
    slot *s = &b->slots[b->filled % b->nslots];
    b->reading = 1;
    s->state = SLOT_TAKEN;
    pthread_mutex_unlock(&b->mu);
    read_chunk(b, s);
    pthread_mutex_lock(&b->mu);
    b->reading = 0;
    if (!s->n) {
      s->state = SLOT_FREE;
      pthread_cond_broadcast(&b->cv);
      continue; /* the end: reading_done is set */
    }
    b->filled++;
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
    for (size_t i = 0; i < s->n && !s->failed; i++)
      if (bbb_process(&b->opt, &s->rec[i], &s->out, &s->counts) != 0)
        s->failed = 1;
    pthread_mutex_lock(&b->mu);
    s->state = SLOT_DONE;
    write_ready(b);
  }
  /* every chunk read is written by the thread that finishes it last */
  pthread_mutex_unlock(&b->mu);
  return NULL;
}

/* --threads 1: read, work and write on this thread. */
static int run_single(batch *b, bbb_reader *r) {
  bbb_record rec;
  bbb_record_init(&rec);
  bbu_buf out;
  bbu_buf_init(&out);
  int status = 0;
  while (!stop_requested) {
    bb_error err;
    int got = bbb_reader_next(r, &rec, &err);
    if (got == BBB_END)
      break;
    if (got == BBB_FATAL) {
      status = cli_fail(&err);
      break;
    }
    out.len = 0;
    if (bbb_process(&b->opt, &rec, &out, &b->total) != 0) {
      b->oom = 1;
      break;
    }
    if (write_out(b, &out) != 0)
      break;
    b->offset = bbb_reader_offset(r);
    show_progress(b, 0);
  }
  bbu_buf_free(&out);
  bbb_record_free(&rec);
  return status;
}

static int run_threads(batch *b, input *in, int nthreads) {
  b->nslots = (size_t)nthreads * SLOTS_PER_THREAD;
  b->slots = calloc(b->nslots, sizeof *b->slots);
  pthread_t *th = calloc((size_t)nthreads, sizeof *th);
  if (!b->slots || !th) {
    free(b->slots);
    free(th);
    return cli_failf(BB_EX_SOFTWARE, "out of memory");
  }
  for (size_t i = 0; i < b->nslots; i++) {
    for (size_t k = 0; k < CHUNK; k++)
      bbb_record_init(&b->slots[i].rec[k]);
    bbu_buf_init(&b->slots[i].out);
  }
  pthread_mutex_init(&b->mu, NULL);
  pthread_cond_init(&b->cv, NULL);
  /* Ctrl-C must interrupt the thread waiting for input, whichever it is:
   * blocked everywhere but in read_input's pselect (and the threads
   * started here inherit the mask) */
  sigset_t stop_sigs, old_mask;
  sigemptyset(&stop_sigs);
  sigaddset(&stop_sigs, SIGINT);
  sigaddset(&stop_sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_sigs, &old_mask);
  in->wait_mask = old_mask;
  sigdelset(&in->wait_mask, SIGINT);
  sigdelset(&in->wait_mask, SIGTERM);
  in->use_wait_mask = 1;
  int started = 0;
  for (; started < nthreads - 1; started++)
    if (pthread_create(&th[started], NULL, worker, b) != 0)
      break;
  worker(b); /* this thread is one of them */
  for (int i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  in->use_wait_mask = 0;
  pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
  for (size_t i = 0; i < b->nslots; i++) {
    for (size_t k = 0; k < CHUNK; k++)
      bbb_record_free(&b->slots[i].rec[k]);
    bbu_buf_free(&b->slots[i].out);
  }
  pthread_cond_destroy(&b->cv);
  pthread_mutex_destroy(&b->mu);
  free(b->slots);
  free(th);
  return b->status;
}

static int ends_with_csv(const char *path) {
  size_t n = strlen(path);
  return n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

int cmd_batch(int argc, char **argv) {
  static const struct option opts[] = {{"input", required_argument, NULL, 'i'},
                                       {"output", required_argument, NULL, 'o'},
                                       {"input-format", required_argument, NULL, 'F'},
                                       {"threads", required_argument, NULL, 't'},
                                       {"summary", no_argument, NULL, 's'},
                                       {"no-fit", no_argument, NULL, 'n'},
                                       {"kb", required_argument, NULL, 'k'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *in_path = "-", *out_path = "-", *kbdir = NULL;
  int fmt = -1, nthreads = 0, c;
  batch b;
  memset(&b, 0, sizeof b);
  cli_opts p;
  cli_opts_init(&p, "batch", opts, NULL, NULL);
  while ((c = cli_opts_next(&p, argc, argv)) != -1) {
    switch (c) {
    case 'i': in_path = optarg; break;
    case 'o': out_path = optarg; break;
    case 'F':
      if (!strcmp(optarg, "ndjson"))
        fmt = BBB_NDJSON;
      else if (!strcmp(optarg, "csv"))
        fmt = BBB_CSV;
      else
        return cli_failf(BB_EX_USAGE, "--input-format takes ndjson or csv, not '%s'", optarg);
      break;
    case 't':
      if (cli_parse_int("--threads", optarg, 1, 1024, &nthreads) != 0)
        return BB_EX_DATAERR;
      break;
    case 's': b.opt.summary = true; break;
    case 'n': b.opt.no_fit = true; break;
    case 'k': kbdir = optarg; break;
    case 'h': fputs(usage, stdout); return 0;
    default: return p.status;
    }
  }
  if (optind < argc)
    return cli_bad_argument("batch", argv[optind]);
  if (fmt < 0)
    fmt = strcmp(in_path, "-") && ends_with_csv(in_path) ? BBB_CSV : BBB_NDJSON;
  int status = cli_check_output("--output", out_path);
  if (status != 0)
    return status;
  bb_kb *kb = cli_load_kb(kbdir, &status);
  if (!kb)
    return status;
  b.opt.kb = kb;

  input in = {.ready = CLI_READY_INIT};
  if (!strcmp(in_path, "-")) {
    in.fd = 0;
  } else {
    in.fd = open(in_path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (in.fd < 0 || fstat(in.fd, &st) != 0 || S_ISDIR(st.st_mode)) {
      int e = in.fd < 0 ? errno : EISDIR;
      if (in.fd >= 0)
        close(in.fd);
      bb_kb_free(kb);
      return cli_failf(e == ENOENT || e == EISDIR ? BB_EX_NOINPUT : BB_EX_IOERR,
                       "cannot read %s: %s", in_path, strerror(e));
    }
    if (S_ISREG(st.st_mode))
      b.input_size = (unsigned long long)st.st_size;
  }
  if (nthreads == 0) {
    /* answers typed at a terminal: one at a time, each shown when done
     * (threads take chunks of CHUNK records) */
    long n = isatty(in.fd) ? 1 : sysconf(_SC_NPROCESSORS_ONLN);
    nthreads = n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
  }
  int out_fd = 1;
  if (strcmp(out_path, "-")) {
    /* written as it goes (a stream, not a file replaced at the end): after
     * Ctrl-C it holds the complete lines written so far; 0600, it holds
     * health answers */
    out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out_fd < 0) {
      int e = errno;
      if (in.fd > 0)
        close(in.fd);
      bb_kb_free(kb);
      return cli_failf(BB_EX_IOERR, "cannot write %s: %s", out_path, strerror(e));
    }
  }
  b.out = out_fd == 1 ? stdout : fdopen(out_fd, "w");
  bbb_reader *r = b.out ? bbb_reader_new((bbb_format)fmt, read_input, &in) : NULL;
  if (!r) {
    if (in.fd > 0)
      close(in.fd);
    bb_kb_free(kb);
    return cli_failf(BB_EX_SOFTWARE, "out of memory");
  }
  /* a terminal shows each record's line when it is done; elsewhere 64 KiB
   * writes */
  static char outbuf[1 << 16];
  setvbuf(b.out, outbuf, isatty(out_fd) ? _IOLBF : _IOFBF, sizeof outbuf);

  /* Ctrl-C and SIGTERM stop the reading; the records in flight are
   * finished and written, so the output ends with a complete line. */
  struct sigaction sa, old_int, old_term;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);

  /* The progress line is for a file read while the terminal shows
   * nothing else: it would run into answers typed or lines shown there. */
  b.progress = isatty(2) && !isatty(in.fd) && !isatty(out_fd);
  /* typed at a terminal: say what it waits for, since it shows nothing */
  if (isatty(in.fd))
    fprintf(stderr, "bedback: batch: reading %s from the terminal; Ctrl-D ends it, Ctrl-C stops.\n",
            fmt == BBB_CSV ? "CSV (a header line first)" : "answers, one JSON object a line");
  b.started = now();
  b.reader = r;
  status = nthreads == 1 ? run_single(&b, r) : run_threads(&b, &in, nthreads);
  show_progress(&b, 1);
  if (fflush(b.out) != 0 && !b.write_failed) {
    b.write_failed = 1;
    b.write_errno = errno;
  }
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  bbb_reader_free(r);
  cli_ready_close(&in.ready);
  if (in.fd > 0)
    close(in.fd);
  if (b.out != stdout && fclose(b.out) != 0 && !b.write_failed) {
    b.write_failed = 1;
    b.write_errno = errno;
  }
  bb_kb_free(kb);

  if (b.write_failed)
    return cli_failf(BB_EX_IOERR, "writing %s failed: %s",
                     strcmp(out_path, "-") ? out_path : "standard output", strerror(b.write_errno));
  if (b.oom)
    return cli_failf(BB_EX_SOFTWARE, "out of memory");
  const bbb_counts *t = &b.total;
  fprintf(stderr,
          "bedback: batch: %llu record%s: %llu self_care, %llu consult, %llu urgent, %llu "
          "emergency, %llu error%s; %llu with warning-sign questions unanswered%s\n",
          t->records, t->records == 1 ? "" : "s", t->level[0], t->level[1], t->level[2],
          t->level[3], t->errors, t->errors == 1 ? "" : "s", t->unasked,
          stop_requested ? " (stopped by a signal: the records read so far)" : "");
  if (status)
    return status;
  if (stop_requested)
    return 130;
  return t->errors ? BB_EX_DATAERR : 0;
}
