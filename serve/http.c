/* http.c -- libmicrohttpd glue: each request is read into an sv_request
 * (its body bounded to SV_BODY_MAX), handed to sv_dispatch, and its
 * sv_response sent with the security headers every response carries. */
#include "http.h"

#include <microhttpd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What one request keeps between libmicrohttpd's calls. */
typedef struct sv_conn {
  char *uri;  /* the request target as sent: path and query */
  char *body; /* read so far (NUL-terminated) */
  size_t len, cap;
  bool too_big;  /* more than SV_BODY_MAX: 413, the rest is dropped */
  bool answered; /* a reply was queued before the body: the rest is dropped */
  struct timespec start;
} sv_conn;

/* Our limits on the request line and headers (431, 414 with our
 * headers); libmicrohttpd's memory per connection is larger, so that
 * nearly every oversized request is refused by us. */
#define SV_URI_MAX 8192u
#define SV_HEADERS_MAX (16u * 1024u)
#define SV_CONN_MEMORY (64u * 1024u)

/* The longest a request's body may take to arrive (a slow client cannot
 * hold a thread: the connection is dropped). */
#define SV_BODY_SECONDS 30

/* The policy every response carries (docs/api.md, "Headers"): nothing but
 * this server's own files, no inline script or style, never framed,
 * forms post only here. */
static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
                          "img-src 'self'; object-src 'none'; base-uri 'none'; "
                          "frame-ancestors 'none'; form-action 'self'";

/* Requests begun and not yet answered: what a stop waits for. */
static atomic_int inflight;

void sv_log(const char *fmt, ...) {
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  fprintf(stderr, "bedback: serve: %s\n", line);
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *con) {
  (void)cls;
  (void)con;
  sv_conn *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->uri = strdup(uri ? uri : "/");
  atomic_fetch_add(&inflight, 1);
  clock_gettime(CLOCK_MONOTONIC, &c->start);
  return c;
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  (void)cls;
  (void)con;
  (void)toe;
  sv_conn *c = *con_cls;
  if (c) {
    atomic_fetch_sub(&inflight, 1);
    free(c->uri);
    free(c->body);
    free(c);
    *con_cls = NULL;
  }
}

static unsigned method_bit(const char *m) {
  if (!strcmp(m, "GET") || !strcmp(m, "HEAD"))
    return SV_GET;
  if (!strcmp(m, "POST"))
    return SV_POST;
  if (!strcmp(m, "PUT"))
    return SV_PUT;
  if (!strcmp(m, "DELETE"))
    return SV_DELETE;
  if (!strcmp(m, "PATCH"))
    return SV_PATCH;
  return SV_OTHER;
}

static void add_headers(struct MHD_Response *r, const sv_response *rs) {
  MHD_add_response_header(r, "Content-Security-Policy", CSP);
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(r, "X-Frame-Options", "DENY");
  MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
  MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
  /* Anything but a built-in file may be personal: never stored. */
  MHD_add_response_header(r, "Cache-Control",
                          rs && (rs->flags & SV_STATIC) ? "public, max-age=300" : "no-store");
  if (!rs)
    return;
  MHD_add_response_header(r, "Content-Type", rs->type);
  if (rs->flags & SV_ATTACHMENT) {
    char cd[128];
    snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", rs->filename);
    MHD_add_response_header(r, "Content-Disposition", cd);
  }
  if (rs->location[0])
    MHD_add_response_header(r, "Location", rs->location);
  if (rs->allow[0])
    MHD_add_response_header(r, "Allow", rs->allow);
  if (rs->set_cookie[0])
    MHD_add_response_header(r, "Set-Cookie", rs->set_cookie);
}

static enum MHD_Result send_response(struct MHD_Connection *con, sv_response *rs) {
  struct MHD_Response *r;
  if (rs->flags & SV_STATIC) {
    r = MHD_create_response_from_buffer(rs->static_len, (void *)(uintptr_t)rs->static_body,
                                        MHD_RESPMEM_PERSISTENT);
  } else {
    /* the buffer goes to libmicrohttpd, which frees it */
    size_t n = rs->body.n;
    char *p = rs->body.p;
    rs->body.p = NULL;
    rs->body.n = rs->body.cap = 0;
    r = MHD_create_response_from_buffer(n, p ? p : (void *)(uintptr_t) "",
                                        p ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r)
      free(p);
  }
  if (!r)
    return MHD_NO;
  add_headers(r, rs);
  enum MHD_Result ret = MHD_queue_response(con, (unsigned)rs->status, r);
  MHD_destroy_response(r);
  return ret;
}

static const char *header(struct MHD_Connection *con, const char *name) {
  return MHD_lookup_connection_value(con, MHD_HEADER_KIND, name);
}

static enum MHD_Result header_size(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value) {
  (void)kind;
  *(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
  return MHD_YES;
}

static enum MHD_Result too_large(struct MHD_Connection *con, const sv_server *s, const char *path,
                                 const char *host) {
  sv_request rq = {0};
  rq.srv = s;
  rq.path = path;
  rq.host = host;
  rq.api = !strncmp(path, "/api/", 5);
  sv_response rs;
  sv_response_init(&rs);
  sv_fail(&rq, &rs, 413, NULL, "the request is larger than %u KiB; nothing was read",
          SV_BODY_MAX / 1024);
  enum MHD_Result ret = send_response(con, &rs);
  sv_response_free(&rs);
  return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *con, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_size, void **con_cls) {
  (void)url;
  (void)version;
  const sv_server *s = cls;
  sv_conn *c = *con_cls;
  if (!c || !c->uri)
    return MHD_NO; /* out of memory at the start of the request */
  char *q = strchr(c->uri, '?');
  size_t plen = q ? (size_t)(q - c->uri) : strlen(c->uri);

  if (c->answered) {
    *upload_size = 0;
    return MHD_YES;
  }
  if (*upload_size) {
    /* a piece of the body: kept while within the limit, else dropped */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec - c->start.tv_sec > SV_BODY_SECONDS)
      return MHD_NO;
    if (!c->too_big && c->len + *upload_size > SV_BODY_MAX) {
      c->too_big = true;
      free(c->body);
      c->body = NULL;
      c->len = c->cap = 0;
    }
    if (!c->too_big) {
      if (c->len + *upload_size + 1 > c->cap) {
        size_t cap = c->cap ? c->cap : 1024;
        while (cap < c->len + *upload_size + 1)
          cap *= 2;
        char *p = realloc(c->body, cap);
        if (!p)
          return MHD_NO;
        c->body = p;
        c->cap = cap;
      }
      memcpy(c->body + c->len, upload_data, *upload_size);
      c->len += *upload_size;
      c->body[c->len] = '\0';
    }
    *upload_size = 0;
    return MHD_YES;
  }

  char path[2048];
  if (plen >= sizeof path)
    plen = sizeof path - 1;
  memcpy(path, c->uri, plen);
  path[plen] = '\0';

  if (!c->body && !c->too_big) {
    /* the first call: the headers are in. Over our limits, refused here,
     * with the headers every response carries (libmicrohttpd's own 431
     * and 414, past its larger memory limit, have none: docs/api.md). */
    size_t hsize = 0;
    MHD_get_connection_values(con, MHD_HEADER_KIND, header_size, &hsize);
    if (strlen(c->uri) > SV_URI_MAX || hsize > SV_HEADERS_MAX) {
      sv_request rq = {0};
      rq.srv = s;
      rq.path = path;
      rq.api = !strncmp(path, "/api/", 5);
      sv_response rs;
      sv_response_init(&rs);
      if (strlen(c->uri) > SV_URI_MAX)
        sv_fail(&rq, &rs, 414, NULL, "the address is longer than %u bytes", SV_URI_MAX);
      else
        sv_fail(&rq, &rs, 431, NULL, "the request's headers are larger than %u KiB",
                SV_HEADERS_MAX / 1024);
      enum MHD_Result ret = send_response(con, &rs);
      sv_response_free(&rs);
      c->answered = true;
      return ret;
    }
    /* a declared body over the limit is refused before it is read */
    const char *cl = header(con, "Content-Length");
    if (cl) {
      char *end;
      unsigned long long n = strtoull(cl, &end, 10);
      if (n > SV_BODY_MAX) {
        c->answered = true;
        return too_large(con, s, path, header(con, "Host"));
      }
    }
    /* later calls bring the body, or (none) the final call */
    c->body = malloc(1);
    if (!c->body)
      return MHD_NO;
    c->body[0] = '\0';
    c->cap = 1;
    return MHD_YES;
  }
  if (c->too_big)
    return too_large(con, s, path, header(con, "Host"));

  sv_request rq = {0};
  rq.srv = s;
  rq.method = method_bit(method);
  rq.path = path;
  rq.query = q ? q + 1 : "";
  rq.host = header(con, "Host");
  rq.origin = header(con, "Origin");
  rq.fetch_site = header(con, "Sec-Fetch-Site");
  rq.cookie = header(con, "Cookie");
  rq.content_type = header(con, "Content-Type");
  rq.authorization = header(con, "Authorization");
  rq.body = c->body;
  rq.body_len = c->len;
  sv_response rs;
  sv_response_init(&rs);
  sv_dispatch(&rq, &rs);
  enum MHD_Result ret = send_response(con, &rs);
  sv_response_free(&rs);
  return ret;
}

struct MHD_Daemon *sv_http_start(const sv_server *s, int listen_fd, unsigned threads) {
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
  if (threads < 1)
    threads = 1;
  struct MHD_OptionItem per_ip[] = {
      {s->loopback ? MHD_OPTION_END : MHD_OPTION_PER_IP_CONNECTION_LIMIT, 32, NULL},
      {MHD_OPTION_END, 0, NULL}};
  return MHD_start_daemon(flags, 0, NULL, NULL, handle, (void *)(uintptr_t)s,
                          MHD_OPTION_LISTEN_SOCKET, listen_fd, MHD_OPTION_THREAD_POOL_SIZE, threads,
                          MHD_OPTION_CONNECTION_LIMIT, (unsigned)512, MHD_OPTION_CONNECTION_TIMEOUT,
                          (unsigned)15, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SV_CONN_MEMORY,
                          MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL, MHD_OPTION_NOTIFY_COMPLETED,
                          completed, NULL, MHD_OPTION_ARRAY, per_ip, MHD_OPTION_END);
}

int sv_http_inflight(void) {
  return atomic_load(&inflight);
}
