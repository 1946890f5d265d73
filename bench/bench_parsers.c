/* bench_parsers.c -- the parsers that read untrusted input stay linear in
 * its size (issue 10): bb_answers_parse on answers of N unknown keys up to
 * the 64 MiB limit, and the knowledge-base validator on files with N
 * problems and on a question with N choices, up to the 1 MiB file limit.
 *
 * usage: bench_parsers
 * Each size runs in a child process (fork), so that its peak resident size
 * (getrusage of the child) is its own. Times are CPU time of the child
 * (CLOCK_PROCESS_CPUTIME_ID), which the other work on a shared machine
 * disturbs less than wall time; wall time is printed next to it. Linear
 * means the cost per byte (or per item) stays flat as N grows. */
#define _DEFAULT_SOURCE /* wait4 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double clock_s(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void die(const char *what) {
  fprintf(stderr, "bench_parsers: %s\n", what);
  exit(1);
}

typedef struct {
  double cpu, wall;
  size_t problems;
} result;

static void count(const bb_error *e, void *ud) {
  (void)e;
  (*(size_t *)ud)++;
}

/* Runs fn(arg) in a child; returns its result and peak RSS in KiB. */
static result in_child(result (*fn)(size_t), size_t arg, long *rss_kib) {
  int fd[2];
  if (pipe(fd) != 0)
    die("pipe");
  pid_t pid = fork();
  if (pid < 0)
    die("fork");
  if (pid == 0) {
    close(fd[0]);
    result r = fn(arg);
    if (write(fd[1], &r, sizeof r) != (ssize_t)sizeof r)
      _exit(1);
    _exit(0);
  }
  close(fd[1]);
  result r = {0, 0, 0};
  ssize_t got = read(fd[0], &r, sizeof r);
  close(fd[0]);
  int st;
  struct rusage ru;
  if (wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0 ||
      got != (ssize_t)sizeof r)
    die("a child failed");
  *rss_kib = ru.ru_maxrss;
  return r;
}

/* ---- answers: N unknown keys, one a line ---- */

static size_t answers_len;

static char *answers_text(size_t nkeys, size_t *len) {
  size_t cap = nkeys * 24 + 16, n = 0;
  char *t = malloc(cap);
  if (!t)
    die("out of memory");
  t[n++] = '{';
  for (size_t i = 0; i < nkeys; i++)
    n += (size_t)snprintf(t + n, cap - n, "%s\"k%zu\": 1", i ? ",\n" : "", i);
  t[n++] = '}';
  t[n] = '\0';
  *len = n;
  return t;
}

static result parse_answers(size_t nkeys) {
  bb_error err;
  bb_kb *kb = bb_kb_load_builtin(&err);
  if (!kb)
    die(err.message);
  size_t len;
  char *text = answers_text(nkeys, &len);
  result r = {0, 0, 0};
  double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID), w0 = clock_s(CLOCK_MONOTONIC);
  bb_answers *a = bb_answers_parse(kb, text, len, "bench.json", &err, count, &r.problems);
  r.cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
  r.wall = clock_s(CLOCK_MONOTONIC) - w0;
  if (a || err.status != BB_EX_DATAERR)
    die("the answers were not refused");
  free(text);
  bb_kb_free(kb);
  return r;
}

/* ---- knowledge base: N problems, N choices ---- */

static const bb_kb_file *builtin(const char *name, size_t *k) {
  for (size_t i = 0; i < bb_builtin_kb_nfiles; i++)
    if (strcmp(bb_builtin_kb_files[i].name, name) == 0) {
      *k = i;
      return &bb_builtin_kb_files[i];
    }
  die("a built-in file is missing");
  return NULL;
}

/* Inserts `extra` right after the first `after` of file `name`, loads. */
static result load_with(const char *name, const char *after, const char *extra) {
  size_t k;
  const bb_kb_file *f = builtin(name, &k);
  const char *at = strstr(f->text, after);
  if (!at)
    die("the insertion point is missing");
  size_t pre = (size_t)(at - f->text) + strlen(after), xl = strlen(extra);
  char *t = malloc(f->length + xl + 1);
  if (!t)
    die("out of memory");
  memcpy(t, f->text, pre);
  memcpy(t + pre, extra, xl);
  memcpy(t + pre + xl, f->text + pre, f->length - pre);
  bb_kb_file *files = malloc(bb_builtin_kb_nfiles * sizeof *files);
  if (!files)
    die("out of memory");
  memcpy(files, bb_builtin_kb_files, bb_builtin_kb_nfiles * sizeof *files);
  files[k].text = t;
  files[k].length = f->length + xl;
  answers_len = files[k].length;
  result r = {0, 0, 0};
  bb_error err;
  double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID), w0 = clock_s(CLOCK_MONOTONIC);
  bb_kb *kb = bb_kb_load_files(files, bb_builtin_kb_nfiles, &err, count, &r.problems);
  r.cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
  r.wall = clock_s(CLOCK_MONOTONIC) - w0;
  bb_kb_free(kb);
  free(files);
  free(t);
  return r;
}

static result uncited_sources(size_t n) {
  char *x = malloc(n * 48 + 1);
  if (!x)
    die("out of memory");
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    m += (size_t)sprintf(x + m, "\n{\"id\": \"s%zu\", \"citation\": \"c\"},", i);
  result r = load_with("sources.json", "\"sources\": [", x);
  free(x);
  return r;
}

static result many_choices(size_t n) {
  char *x = malloc(n * 16 + 1);
  if (!x)
    die("out of memory");
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    m += (size_t)sprintf(x + m, "\"c%zu\", ", i);
  result r = load_with("questions.json", "\"choices\": [", x);
  free(x);
  return r;
}

int main(void) {
  long rss;
  printf("bb_answers_parse, N unknown keys (CPU time of a child process; 20 problems listed, "
         "the rest counted)\n");
  printf("%10s %12s %10s %10s %12s %10s\n", "keys", "bytes", "CPU s", "wall s", "ns/byte",
         "peak MiB");
  /* up to the limit: "k4399999": 1 plus ",\n" is at most 15 bytes a key */
  const size_t keys[] = {16000, 62500, 250000, 1000000, 4000000, 4450000};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    size_t len;
    free(answers_text(keys[i], &len));
    if (len > BB_ANSWERS_MAX_BYTES)
      continue;
    result r = in_child(parse_answers, keys[i], &rss);
    printf("%10zu %12zu %10.3f %10.3f %12.1f %10.1f\n", keys[i], len, r.cpu, r.wall,
           1e9 * r.cpu / (double)len, (double)rss / 1024.0);
  }
  printf("\nknowledge-base check (bb_kb_load_files with every problem reported)\n");
  printf("%-26s %8s %10s %10s %10s %12s\n", "case", "N", "bytes", "problems", "CPU ms",
         "us per item");
  const size_t ns[] = {1000, 4000, 16000, 26000};
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
    result r = in_child(uncited_sources, ns[i], &rss);
    size_t len = 29 + ns[i] * 36; /* near enough; printed for scale */
    printf("%-26s %8zu %10zu %10zu %10.1f %12.2f\n", "uncited sources", ns[i], len, r.problems,
           1e3 * r.cpu, 1e6 * r.cpu / (double)ns[i]);
  }
  const size_t nc[] = {1000, 10000, 50000, 100003};
  for (size_t i = 0; i < sizeof nc / sizeof nc[0]; i++) {
    result r = in_child(many_choices, nc[i], &rss);
    printf("%-26s %8zu %10s %10zu %10.1f %12.2f\n", "choices of one question", nc[i], "",
           r.problems, 1e3 * r.cpu, 1e6 * r.cpu / (double)nc[i]);
  }
  return 0;
}
