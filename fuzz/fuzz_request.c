/* fuzz_request.c -- bedback-serve's request handling on arbitrary bytes:
 * routing, the guard (Host, token, Origin, CSRF), query strings, forms,
 * cookies, media types and the handlers behind them (serve/), without
 * libmicrohttpd. The input is lines: method, request target, then the
 * headers Host, Origin, Sec-Fetch-Site, Cookie, Content-Type and
 * Authorization (an empty line: no such header); the rest is the body.
 * The first byte picks loopback or --listen (token) mode. Every request
 * gets a complete response with a status the server may send; the
 * diary lies where it cannot be opened (/dev/null/...), so its handlers
 * take their error paths instead of writing. */
#include "serve.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int STATUSES[] = {200, 201, 303, 400, 403, 404, 405, 413, 415, 421, 422, 500, 503};

static void die(const char *what, int status) {
  fprintf(stderr, "fuzz_request: %s (status %d)\n", what, status);
  abort();
}

/* The next line of data (copied, NUL-terminated); NULL when it is empty. */
static char *line(const uint8_t **p, const uint8_t *end, char *buf, size_t size) {
  size_t n = 0;
  while (*p < end && **p != '\n') {
    if (n + 1 < size)
      buf[n++] = (char)**p;
    (*p)++;
  }
  if (*p < end)
    (*p)++;
  buf[n] = '\0';
  return n ? buf : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static sv_server srv;
  if (!srv.kb) {
    bb_error err;
    srv.kb = bb_kb_load_builtin(&err);
    if (!srv.kb)
      die("no knowledge base", 0);
    srv.db = "/dev/null/bedback-fuzz.db";
    snprintf(srv.token, sizeof srv.token, "%s", "0123456789abcdef0123456789abcdef");
    snprintf(srv.csrf, sizeof srv.csrf, "%s", "fedcba9876543210fedcba9876543210");
  }
  if (size < 1)
    return 0;
  srv.loopback = !(data[0] & 1);
  snprintf(srv.host, sizeof srv.host, "%s", srv.loopback ? "127.0.0.1" : "127.0.0.2");
  srv.port = 18080;
  const uint8_t *p = data + 1, *end = data + size;
  char method[16], target[2048], h[6][512];
  const char *m = line(&p, end, method, sizeof method);
  const char *t = line(&p, end, target, sizeof target);
  const char *hv[6];
  for (size_t i = 0; i < 6; i++)
    hv[i] = line(&p, end, h[i], sizeof h[i]);
  size_t blen = (size_t)(end - p);
  if (blen > SV_BODY_MAX)
    return 0;
  char *body = malloc(blen + 1);
  if (!body)
    return 0;
  memcpy(body, p, blen);
  body[blen] = '\0';

  /* the request target as http.c splits it */
  char path[2048];
  const char *q = t ? strchr(t, '?') : NULL;
  snprintf(path, sizeof path, "%.*s", t ? (int)(q ? (size_t)(q - t) : strlen(t)) : 1, t ? t : "/");
  sv_request rq = {0};
  rq.srv = &srv;
  rq.method = !m                     ? SV_GET
              : !strcmp(m, "POST")   ? SV_POST
              : !strcmp(m, "PUT")    ? SV_PUT
              : !strcmp(m, "DELETE") ? SV_DELETE
              : !strcmp(m, "GET")    ? SV_GET
                                     : SV_OTHER;
  rq.path = path;
  rq.query = q ? q + 1 : "";
  rq.host = hv[0];
  rq.origin = hv[1];
  rq.fetch_site = hv[2];
  rq.cookie = hv[3];
  rq.content_type = hv[4];
  rq.authorization = hv[5];
  rq.body = body;
  rq.body_len = blen;
  sv_response rs;
  sv_response_init(&rs);
  sv_dispatch(&rq, &rs);

  size_t i = 0;
  while (i < sizeof STATUSES / sizeof *STATUSES && STATUSES[i] != rs.status)
    i++;
  if (i == sizeof STATUSES / sizeof *STATUSES)
    die("a status the server does not send", rs.status);
  if (!rs.type || !*rs.type)
    die("no content type", rs.status);
  if (rs.status == 303 ? !rs.location[0] : !(rs.flags & SV_STATIC) && !rs.body.p)
    die("no body", rs.status);
  /* what the guard refuses never reaches a handler's 2xx */
  if (rs.status < 300 && !sv_host_ok(&srv, rq.host))
    die("a wrong Host was served", rs.status);
  if (rs.status < 300 && rq.method != SV_GET &&
      !sv_origin_ok(&srv, rq.host, rq.origin, rq.fetch_site))
    die("a cross-origin request changed something", rs.status);
  if (rs.status == 405 && !rs.allow[0])
    die("405 without Allow", rs.status);
  sv_response_free(&rs);
  free(body);
  return 0;
}
