/* guard.c -- who may ask: the checks sv_dispatch runs before any handler.
 * Pure functions of the server's settings and the request's headers
 * (docs/api.md, "Who may ask"). */
#include "serve.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

bool sv_secret_eq(const char *a, const char *b) {
  if (!a || !b)
    return false;
  size_t la = strlen(a), lb = strlen(b);
  unsigned char diff = (unsigned char)(la != lb);
  for (size_t i = 0; i < la && i < lb; i++)
    diff |= (unsigned char)(a[i] ^ b[i]);
  return diff == 0 && la == lb;
}

int sv_random_token(char out[SV_TOKEN_LEN + 1]) {
  unsigned char raw[SV_TOKEN_LEN / 2];
  size_t got = 0;
  while (got < sizeof raw) {
    ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
    if (n <= 0)
      return -1;
    got += (size_t)n;
  }
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < sizeof raw; i++) {
    out[2 * i] = hex[raw[i] >> 4];
    out[2 * i + 1] = hex[raw[i] & 15];
  }
  out[SV_TOKEN_LEN] = '\0';
  return 0;
}

/* `name` is one of the names this server answers to, followed by
 * ":PORT". On loopback: 127.0.0.1, localhost, [::1]; otherwise the
 * --listen address only. */
static bool host_name_ok(const sv_server *s, const char *h, size_t n) {
  char port[16];
  int pl = snprintf(port, sizeof port, ":%d", s->port);
  if (pl <= 0 || n <= (size_t)pl || memcmp(h + n - (size_t)pl, port, (size_t)pl) != 0)
    return false;
  n -= (size_t)pl;
  if (s->loopback) {
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
    for (size_t i = 0; i < 3; i++)
      if (strlen(names[i]) == n && !strncasecmp(h, names[i], n))
        return true;
    return false;
  }
  return strlen(s->host) == n && !strncasecmp(h, s->host, n);
}

bool sv_host_ok(const sv_server *s, const char *host) {
  return host && host_name_ok(s, host, strlen(host));
}

bool sv_origin_ok(const sv_server *s, const char *host, const char *origin,
                  const char *fetch_site) {
  /* A browser says where a request comes from in Sec-Fetch-Site (all
   * current ones) and Origin; a page of this server is "same-origin", a
   * typed address or bookmark "none". */
  if (fetch_site && strcasecmp(fetch_site, "same-origin") && strcasecmp(fetch_site, "none"))
    return false;
  if (origin) {
    /* http://HOST:PORT exactly, and the same name as the Host (a page
     * at localhost posting to 127.0.0.1 is another origin) */
    if (strncasecmp(origin, "http://", 7))
      return false;
    const char *o = origin + 7;
    if (!host_name_ok(s, o, strlen(o)))
      return false;
    if (host && strcasecmp(o, host))
      return false;
  }
  return true;
}

bool sv_token_ok(const sv_server *s, const sv_request *rq, bool *from_query) {
  *from_query = false;
  const char *q = sv_params_get(&rq->q, "token");
  if (q && sv_secret_eq(q, s->token)) {
    *from_query = true;
    return true;
  }
  char c[SV_TOKEN_LEN + 8];
  if (sv_cookie_get(rq->cookie, "bb_token", c, sizeof c) && sv_secret_eq(c, s->token))
    return true;
  const char *a = rq->authorization;
  if (a && !strncasecmp(a, "Bearer ", 7)) {
    a += 7;
    while (*a == ' ')
      a++;
    return sv_secret_eq(a, s->token);
  }
  return false;
}

bool sv_csrf_ok(const sv_server *s, const char *field) {
  return field && sv_secret_eq(field, s->csrf);
}

void sv_csrf_field(const sv_request *rq, sv_buf *b) {
  sv_buf_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\"/>", rq->srv->csrf);
}
