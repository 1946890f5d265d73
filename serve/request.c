/* request.c -- decoding requests, building responses, and the one place
 * that decides what runs for a request (sv_dispatch). Pure: no I/O but
 * what the handlers do; fuzzed by fuzz/fuzz_request.c. */
#include "serve.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* sv_buf */

static bool buf_grow(sv_buf *b, size_t more) {
  if (b->failed)
    return false;
  if (b->n + more + 1 <= b->cap)
    return true;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->n + more + 1) {
    if (cap > ((size_t)-1) / 2) {
      b->failed = true;
      return false;
    }
    cap *= 2;
  }
  char *p = realloc(b->p, cap);
  if (!p) {
    b->failed = true;
    return false;
  }
  b->p = p;
  b->cap = cap;
  return true;
}

void sv_buf_put(sv_buf *b, const char *s, size_t n) {
  if (!buf_grow(b, n))
    return;
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

void sv_buf_puts(sv_buf *b, const char *s) {
  sv_buf_put(b, s, strlen(s));
}

void sv_buf_printf(sv_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = true;
    return;
  }
  if ((size_t)n < sizeof small) {
    sv_buf_put(b, small, (size_t)n);
    return;
  }
  if (!buf_grow(b, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->n += (size_t)n;
}

void sv_buf_html(sv_buf *b, const char *s) {
  const char *run = s;
  for (; *s; s++) {
    const char *rep = NULL;
    switch (*s) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default: continue;
    }
    sv_buf_put(b, run, (size_t)(s - run));
    sv_buf_puts(b, rep);
    run = s + 1;
  }
  sv_buf_put(b, run, (size_t)(s - run));
}

void sv_buf_json_str(sv_buf *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  sv_buf_put(b, "\"", 1);
  const char *run = s;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    sv_buf_put(b, run, (size_t)(s - run));
    char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
    if (c == '"' || c == '\\') {
      esc[1] = (char)c;
      esc[2] = 0;
    } else if (c == '\n') {
      esc[1] = 'n';
      esc[2] = 0;
    }
    sv_buf_puts(b, esc);
    run = s + 1;
  }
  sv_buf_put(b, run, (size_t)(s - run));
  sv_buf_put(b, "\"", 1);
}

void sv_buf_adopt(sv_buf *b, char *s) {
  free(b->p);
  b->p = s;
  b->n = s ? strlen(s) : 0;
  b->cap = s ? b->n + 1 : 0;
  b->failed = !s;
}

void sv_buf_free(sv_buf *b) {
  free(b->p);
  memset(b, 0, sizeof *b);
}

/* ------------------------------------------------------------------ */
/* query strings, forms, cookies, media types */

#define SV_PARAMS_MAX 256

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = (char)(c | 0x20);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes s[0..n) into a new string: '+' is a blank, %XX a byte; a NUL
 * byte ends it. */
static char *decode(const char *s, size_t n) {
  char *out = malloc(n + 1), *o = out;
  if (!out)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '+')
      c = ' ';
    else if (c == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    }
    if (c == '\0')
      break;
    *o++ = c;
  }
  *o = '\0';
  return out;
}

int sv_params_parse(sv_params *p, const char *s, size_t len) {
  memset(p, 0, sizeof *p);
  size_t count = 1;
  for (size_t i = 0; i < len; i++)
    count += s[i] == '&';
  if (count > SV_PARAMS_MAX)
    count = SV_PARAMS_MAX;
  p->names = calloc(count, sizeof *p->names);
  p->values = calloc(count, sizeof *p->values);
  if (!p->names || !p->values) {
    sv_params_free(p);
    return -1;
  }
  size_t i = 0;
  while (i < len && p->n < count) {
    size_t end = i;
    while (end < len && s[end] != '&')
      end++;
    if (end > i) {
      size_t eq = i;
      while (eq < end && s[eq] != '=')
        eq++;
      char *name = decode(s + i, eq - i);
      char *value = eq < end ? decode(s + eq + 1, end - eq - 1) : decode("", 0);
      if (!name || !value) {
        free(name);
        free(value);
        sv_params_free(p);
        return -1;
      }
      p->names[p->n] = name;
      p->values[p->n] = value;
      p->n++;
    }
    i = end + 1;
  }
  return 0;
}

const char *sv_params_get(const sv_params *p, const char *name) {
  if (!p->names || !p->values)
    return NULL;
  for (size_t i = 0; i < p->n; i++)
    if (p->names[i] && !strcmp(p->names[i], name))
      return p->values[i];
  return NULL;
}

void sv_params_free(sv_params *p) {
  for (size_t i = 0; p->names && p->values && i < p->n; i++) {
    free(p->names[i]);
    free(p->values[i]);
  }
  free(p->names);
  free(p->values);
  memset(p, 0, sizeof *p);
}

bool sv_cookie_get(const char *header, const char *name, char *out, size_t size) {
  if (!header || !size)
    return false;
  size_t nl = strlen(name);
  const char *s = header;
  while (*s) {
    while (*s == ' ' || *s == '\t' || *s == ';')
      s++;
    const char *start = s;
    while (*s && *s != ';')
      s++;
    /* start..s is "name=value" */
    if ((size_t)(s - start) > nl && !strncmp(start, name, nl) && start[nl] == '=') {
      const char *v = start + nl + 1;
      size_t vl = (size_t)(s - v);
      while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
        vl--;
      if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
        v++;
        vl -= 2;
      }
      if (vl >= size)
        vl = size - 1;
      memcpy(out, v, vl);
      out[vl] = '\0';
      return true;
    }
  }
  return false;
}

bool sv_media_is(const char *header, const char *type) {
  if (!header)
    return false;
  while (*header == ' ' || *header == '\t')
    header++;
  size_t n = strlen(type);
  if (strncasecmp(header, type, n) != 0)
    return false;
  header += n;
  while (*header == ' ' || *header == '\t')
    header++;
  return *header == '\0' || *header == ';';
}

/* ------------------------------------------------------------------ */
/* responses */

void sv_response_init(sv_response *rs) {
  memset(rs, 0, sizeof *rs);
  rs->status = 200;
  rs->type = "text/html; charset=utf-8";
}

void sv_response_free(sv_response *rs) {
  sv_buf_free(&rs->body);
}

static const char *reason(int status) {
  switch (status) {
  case 400: return "Bad Request";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 413: return "Content Too Large";
  case 414: return "URI Too Long";
  case 415: return "Unsupported Media Type";
  case 421: return "Misdirected Request";
  case 422: return "Unprocessable Content";
  case 431: return "Request Header Fields Too Large";
  case 503: return "Service Unavailable";
  case 507: return "Insufficient Storage";
  default: return status >= 500 ? "Internal Server Error" : "Error";
  }
}

/* The error response: JSON under /api/ (with the position in the body
 * when known), a page elsewhere. */
static void emit_error(const sv_request *rq, sv_response *rs, int status, const char *key, int line,
                       int column, const char *msg) {
  sv_buf_free(&rs->body);
  rs->flags &= ~(SV_STATIC | SV_ATTACHMENT);
  rs->status = status;
  if (rq->api) {
    rs->type = "application/json";
    sv_buf_puts(&rs->body, "{\"error\": {\"message\": ");
    sv_buf_json_str(&rs->body, msg);
    sv_buf_puts(&rs->body, ", \"key\": ");
    if (key && *key)
      sv_buf_json_str(&rs->body, key);
    else
      sv_buf_puts(&rs->body, "null");
    sv_buf_printf(&rs->body, ", \"status\": %d", status);
    if (line > 0)
      sv_buf_printf(&rs->body, ", \"line\": %d, \"column\": %d", line, column);
    sv_buf_puts(&rs->body, "}}\n");
  } else {
    sv_page_error(rq, rs, status, msg);
  }
}

int sv_fail(const sv_request *rq, sv_response *rs, int status, const char *key, const char *fmt,
            ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  emit_error(rq, rs, status, key, 0, 0, msg);
  return 0;
}

int sv_fail_bb_as(const sv_request *rq, sv_response *rs, int status, const bb_error *e) {
  if (!status)
    status = e->status == BB_EX_DATAERR   ? 422
             : e->status == BB_EX_USAGE   ? 400
             : e->status == BB_EX_NOINPUT ? 404
             : e->status == BB_EX_IOERR   ? 503
             : e->status == BB_EX_CONFIG  ? 503
                                          : 500;
  char msg[1024];
  /* the position in the body, when the library knows it */
  if (e->line > 0 && e->column > 0)
    snprintf(msg, sizeof msg, "line %d, column %d: %s", e->line, e->column, e->message);
  else if (e->line > 0)
    snprintf(msg, sizeof msg, "line %d: %s", e->line, e->message);
  else
    snprintf(msg, sizeof msg, "%s", e->message[0] ? e->message : "internal error");
  emit_error(rq, rs, status, e->key, e->line, e->column, msg);
  return 0;
}

int sv_fail_bb(const sv_request *rq, sv_response *rs, const bb_error *e) {
  return sv_fail_bb_as(rq, rs, 0, e);
}

void sv_redirect(sv_response *rs, const char *path) {
  rs->status = 303;
  snprintf(rs->location, sizeof rs->location, "%s", path);
  sv_buf_free(&rs->body);
}

const char *sv_query(const sv_request *rq, const char *name) {
  return sv_params_get(&rq->q, name);
}

const char *sv_form(const sv_request *rq, const char *name) {
  return sv_params_get(&rq->f, name);
}

/* ------------------------------------------------------------------ */
/* routing */

static bool route_matches(const sv_route *r, const char *path) {
  if (r->flags & SV_PREFIX)
    return !strncmp(path, r->path, strlen(r->path));
  return !strcmp(path, r->path);
}

/* Whether a path may be quoted back (printable ASCII, not too long): a
 * message never carries bytes that are not text. */
static bool shown_path(const char *p) {
  size_t n = 0;
  for (; p[n]; n++)
    if ((unsigned char)p[n] < 0x21 || (unsigned char)p[n] > 0x7e || n >= 200)
      return false;
  return true;
}

static const char *method_name(unsigned m) {
  switch (m) {
  case SV_GET: return "GET, HEAD";
  case SV_POST: return "POST";
  case SV_PUT: return "PUT";
  case SV_DELETE: return "DELETE";
  case SV_PATCH: return "PATCH";
  default: return "";
  }
}

/* A page opened from the printed address (off loopback, token=... in the
 * query): a 303 to the same address without the token, whose reply sets
 * the cookie. The token then leaves the address bar, and with it the
 * history, bookmarks and a screenshot of the page. The API keeps the
 * token in the query (scripts, no redirect). 0 when the address does not
 * fit a Location: the page is served as it is. */
static int token_out_of_address(const sv_request *rq, sv_response *rs) {
  char loc[sizeof rs->location];
  size_t n = strlen(rq->path);
  if (n >= sizeof loc)
    return 0;
  memcpy(loc, rq->path, n + 1);
  char sep = '?';
  for (const char *p = rq->query; *p;) {
    const char *end = strchr(p, '&');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len && strncmp(p, "token=", 6) && strncmp(p, "token&", 6) &&
        !(len == 5 && !strncmp(p, "token", 5))) {
      if (n + 1 + len >= sizeof loc)
        return 0;
      loc[n++] = sep;
      memcpy(loc + n, p, len);
      n += len;
      loc[n] = '\0';
      sep = '&';
    }
    p += len + (end != NULL);
  }
  sv_redirect(rs, loc);
  return 1;
}

void sv_dispatch(sv_request *rq, sv_response *rs) {
  const sv_server *s = rq->srv;
  if (!rq->query)
    rq->query = "";
  if (!rq->body)
    rq->body = "";
  rq->api = !strncmp(rq->path, "/api/", 5) || !strcmp(rq->path, "/api");

  /* 1. The Host: a page of another name reaching us (DNS rebinding) */
  if (!sv_host_ok(s, rq->host)) {
    sv_fail(rq, rs, 421, NULL,
            "this server answers only to the address it printed (http://%s:%d/); open that",
            s->host, s->port);
    return;
  }
  if (sv_params_parse(&rq->q, rq->query, strlen(rq->query)) != 0) {
    sv_fail(rq, rs, 500, NULL, "out of memory");
    return;
  }
  /* 2. Off loopback: the token */
  bool from_query = false;
  if (!s->loopback && !sv_token_ok(s, rq, &from_query)) {
    sv_fail(rq, rs, 403, NULL,
            "open the address `bedback serve` printed, with its token: this server is reachable "
            "from other machines and answers only to it");
    goto done;
  }
  rq->set_token_cookie = from_query;
  if (from_query && rq->method == SV_GET && !rq->api && token_out_of_address(rq, rs)) {
    snprintf(rs->set_cookie, sizeof rs->set_cookie,
             "bb_token=%s; Path=/; HttpOnly; SameSite=Strict", s->token);
    goto done;
  }

  /* 3. The route: 404, 405 */
  enum { NTABLES = 3 };
  const sv_route *const tables[NTABLES] = {sv_api_routes, sv_page_routes, sv_asset_routes};
  const sv_route *hit = NULL;
  unsigned allowed = 0;
  for (size_t t = 0; t < NTABLES && !hit; t++)
    for (const sv_route *r = tables[t]; r->path; r++)
      if (route_matches(r, rq->path)) {
        allowed |= r->methods;
        if (r->methods & rq->method) {
          hit = r;
          break;
        }
      }
  if (!hit) {
    if (!allowed) {
      sv_fail(rq, rs, 404, NULL, "there is no page %s here",
              shown_path(rq->path) ? rq->path : "of that name");
      goto done;
    }
    rs->allow[0] = '\0';
    for (unsigned m = 1; m < SV_OTHER; m <<= 1)
      if (allowed & m) {
        size_t used = strlen(rs->allow);
        snprintf(rs->allow + used, sizeof rs->allow - used, "%s%s", used ? ", " : "",
                 method_name(m));
      }
    char allow[64];
    memcpy(allow, rs->allow, sizeof allow);
    sv_fail(rq, rs, 405, NULL, "this address takes %s, not that method", allow);
    goto done;
  }

  /* 4. State-changing requests: same origin (or no browser page), the
   * right media type, and on forms the CSRF field */
  if (rq->method != SV_GET) {
    if (!sv_origin_ok(s, rq->host, rq->origin, rq->fetch_site)) {
      sv_fail(rq, rs, 403, NULL, "a page of another site cannot send this request");
      goto done;
    }
    if (hit->flags & SV_FORM) {
      if (!sv_media_is(rq->content_type, "application/x-www-form-urlencoded")) {
        sv_fail(rq, rs, 415, NULL, "this form is sent as application/x-www-form-urlencoded");
        goto done;
      }
      if (sv_params_parse(&rq->f, rq->body, rq->body_len) != 0) {
        sv_fail(rq, rs, 500, NULL, "out of memory");
        goto done;
      }
      if (!sv_csrf_ok(s, sv_form(rq, "csrf"))) {
        sv_fail(rq, rs, 403, NULL,
                "this form is out of date or came from elsewhere; reload the page and send it "
                "again");
        goto done;
      }
    } else if (rq->api && !sv_media_is(rq->content_type, "application/json") &&
               !sv_media_is(rq->content_type, "application/fhir+json")) {
      sv_fail(rq, rs, 415, NULL, "send JSON, with Content-Type: application/json");
      goto done;
    }
  }

  /* 5. The handler */
  if (hit->fn(rq, rs) != 0 && rs->status < 400)
    sv_fail(rq, rs, 500, NULL, "internal error");
  if (rs->body.failed)
    sv_fail(rq, rs, 500, NULL, "out of memory");
  if (rq->set_token_cookie)
    snprintf(rs->set_cookie, sizeof rs->set_cookie,
             "bb_token=%s; Path=/; HttpOnly; SameSite=Strict", s->token);
done:
  sv_params_free(&rq->q);
  sv_params_free(&rq->f);
}

const char *sv_reason(int status) {
  return reason(status);
}
