/* bench_serve.c -- what one request costs inside bedback-serve, without
 * the network: sv_dispatch for POST /api/assess (answers without body
 * size, and with it: the fit runs) and for the built-in file of the same
 * size, N times each on one thread. Under valgrind --tool=callgrind the
 * instruction counts say where the time goes, repeatably on a loaded
 * machine (docs/performance.md).
 * usage: bench_serve ANSWERS_NO_FIT ANSWERS_FIT [N] */
#include "serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = malloc(1 << 20);
  *len = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
  fclose(f);
  if (buf)
    buf[*len] = '\0';
  return buf;
}

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static size_t run(const sv_server *s, unsigned method, const char *path, const char *body,
                  size_t len, int n, double *us) {
  size_t bytes = 0;
  double t0 = now_us();
  for (int i = 0; i < n; i++) {
    sv_request rq = {0};
    rq.srv = s;
    rq.method = method;
    rq.path = path;
    rq.host = "127.0.0.1:8765";
    rq.content_type = "application/json";
    rq.body = body;
    rq.body_len = len;
    sv_response rs;
    sv_response_init(&rs);
    sv_dispatch(&rq, &rs);
    if (rs.status != 200) {
      fprintf(stderr, "bench_serve: %s gave %d\n", path, rs.status);
      exit(70);
    }
    bytes = rs.flags & SV_STATIC ? rs.static_len : rs.body.n;
    sv_response_free(&rs);
  }
  *us = (now_us() - t0) / n;
  return bytes;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bench_serve ANSWERS_NO_FIT ANSWERS_FIT [N]\n");
    return 64;
  }
  int n = argc > 3 ? atoi(argv[3]) : 2000;
  if (n < 1)
    n = 1;
  static sv_server s;
  bb_error err;
  s.kb = bb_kb_load_builtin(&err);
  s.loopback = true;
  s.port = 8765;
  snprintf(s.host, sizeof s.host, "127.0.0.1");
  size_t l1, l2;
  char *nofit = slurp(argv[1], &l1), *fit = slurp(argv[2], &l2);
  if (!s.kb || !nofit || !fit) {
    fprintf(stderr, "bench_serve: cannot read the answers or the knowledge base\n");
    return 66;
  }
  double us;
  printf("bench_serve: %d requests each, one thread, no network\n", n);
  size_t b = run(&s, SV_POST, "/api/assess", nofit, l1, n, &us);
  printf("  POST /api/assess without body size  %8.1f us  (%zu bytes out)\n", us, b);
  b = run(&s, SV_POST, "/api/assess", fit, l2, n, &us);
  printf("  POST /api/assess with body size     %8.1f us  (%zu bytes out)\n", us, b);
  b = run(&s, SV_GET, "/static/example-assessment.json", "", 0, n, &us);
  printf("  GET the built-in file               %8.1f us  (%zu bytes out)\n", us, b);
  free(nofit);
  free(fit);
  return 0;
}
