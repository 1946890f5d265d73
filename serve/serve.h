/*
 * serve.h -- bedback-serve, the local web app: its internal API.
 *
 * bedback-serve is its own executable (`bedback serve` execs it) so that
 * libmicrohttpd and GnuTLS stay off the start of every other command. It
 * is a thin client of the library (include/bedback.h): no clinical
 * wording, rule or threshold is written here.
 *
 * The parts, one job each (prefix sv_):
 *
 *   main.c     options, the listening socket, signals, --open
 *   http.c     libmicrohttpd glue: reads a request into an sv_request, runs
 *              sv_dispatch, sends the sv_response with the security headers
 *   guard.c    who may ask: Host (421), the token off loopback, Origin /
 *              Sec-Fetch-Site on state-changing requests (403), CSRF
 *   request.c  decoding (query strings, forms, cookies, media types), the
 *              growable buffer sv_buf with HTML and JSON escaping, routing
 *              (sv_dispatch) and error responses
 *   api.c      the JSON API (/api/...): docs/api.md
 *   pages.c    the HTML pages (branch "pages" owns it)
 *   assets.c   the embedded files under /static/ (web/, built in)
 *
 * ADDING A PAGE: write a handler
 *
 *     static int page_fit(sv_request *rq, sv_response *rs) {
 *       sv_html_begin(rs, "Fit");             // the page's head and frame
 *       sv_buf_puts(&rs->body, "<p>...");
 *       sv_buf_html(&rs->body, user_text);    // escaped
 *       sv_csrf_field(rq, &rs->body);         // inside every <form method="post">
 *       sv_html_end(rs);
 *       return 0;
 *     }
 *
 * and add a row to the table in pages.c:
 *
 *     {"/fit", SV_GET, 0, page_fit},
 *     {"/fit", SV_POST, SV_FORM, page_fit_post},
 *
 * The dispatcher has then already checked, before the handler runs: the
 * Host, the token, the body size (64 KiB), the method (405 with Allow),
 * and for a POST the Origin / Sec-Fetch-Site and -- SV_FORM -- that the
 * body is application/x-www-form-urlencoded (415) carrying the CSRF field
 * (403); routes under /api/ take application/json (415). Read the form
 * with sv_form(rq, "name"), the query with sv_query(rq, "name"). A
 * handler returns 0 having filled `rs` (status 200 unless it sets
 * another), or calls sv_fail(rq, rs, status, key, fmt, ...) and returns
 * its result: the error is JSON under /api/ and a page elsewhere.
 *
 * Everything a handler allocates for a request it puts in `rs` (freed
 * after sending) or frees itself. Handlers run on the server's threads,
 * several at once: they share only the read-only sv_server.
 *
 * NO PERSONAL DATA IN LOGS: nothing here prints a request's query, body,
 * cookie or any answer; sv_log takes a fixed message and a route name.
 */
#ifndef BB_SERVE_H
#define BB_SERVE_H

#include "bedback.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- limits ---- */

#define SV_BODY_MAX (64u * 1024u) /* request bodies larger: 413 */
#define SV_TOKEN_LEN 32           /* hex characters of the token and CSRF secret */

/* ---- the server (read-only once running; shared by every thread) ---- */

typedef struct sv_server {
  const bb_kb *kb;
  const char *db;               /* the --db flag (NULL: bb_diary_locate's default) */
  char host[300];               /* the address as it appears in Host: "127.0.0.1", "[::1]" */
  int port;                     /* the port being served */
  bool loopback;                /* 127.0.0.1 / ::1 / localhost: no token asked */
  char token[SV_TOKEN_LEN + 1]; /* off loopback: every request carries it */
  char csrf[SV_TOKEN_LEN + 1];  /* the CSRF secret HTML forms carry */
} sv_server;

/* ---- a growable buffer (request.c) ---- */

typedef struct sv_buf {
  char *p;  /* NUL-terminated; NULL until something is added */
  size_t n; /* bytes used, without the NUL */
  size_t cap;
  bool failed; /* an allocation failed: the response becomes a 500 */
} sv_buf;

void sv_buf_put(sv_buf *b, const char *s, size_t n);
void sv_buf_puts(sv_buf *b, const char *s);
void sv_buf_printf(sv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* `s` escaped for HTML text and attribute values (& < > " '). */
void sv_buf_html(sv_buf *b, const char *s);
/* `s` as a JSON string, with its quotes. */
void sv_buf_json_str(sv_buf *b, const char *s);
/* Takes ownership of a malloc'd string (the library's renderings) as the
 * whole buffer; NULL marks the buffer failed. */
void sv_buf_adopt(sv_buf *b, char *s);
void sv_buf_free(sv_buf *b);

/* ---- decoding (request.c) ---- */

/* Name/value pairs of a query string or form body, percent- and
 * plus-decoded. A name given twice: the first counts. */
typedef struct sv_params {
  char **names, **values;
  size_t n;
} sv_params;

/* Decodes "a=1&b=two+words&c=%C3%A9" (at most 256 pairs; a '%' not
 * followed by two hex digits stays as it is). 0, or -1 on allocation
 * failure. A decoded NUL byte ends that value (values are C strings). */
int sv_params_parse(sv_params *p, const char *s, size_t len);
const char *sv_params_get(const sv_params *p, const char *name);
void sv_params_free(sv_params *p);

/* The value of cookie `name` in a Cookie header, copied into `out`
 * (truncated to `size`); false when it is not there. */
bool sv_cookie_get(const char *header, const char *name, char *out, size_t size);

/* Whether the media type of Content-Type `header` (before any ';',
 * case-insensitive, blanks ignored) is `type`. */
bool sv_media_is(const char *header, const char *type);

/* ---- the request and the response ---- */

enum { SV_GET = 1u, SV_POST = 2u, SV_PUT = 4u, SV_DELETE = 8u, SV_PATCH = 16u, SV_OTHER = 32u };

typedef struct sv_request {
  const sv_server *srv;
  unsigned method;   /* SV_GET (HEAD too), SV_POST, ... */
  const char *path;  /* as sent, without the query; never percent-decoded */
  const char *query; /* the raw query after '?', "" when none */
  const char *host, *origin, *fetch_site, *cookie, *content_type, *authorization;
  /* each NULL when the request has no such header */
  const char *body; /* the request body (NUL-terminated), "" when none */
  size_t body_len;
  sv_params q;           /* the decoded query */
  sv_params f;           /* the decoded form (SV_FORM routes) */
  bool api;              /* under /api/: errors are JSON */
  bool set_token_cookie; /* the token came in the query: the reply sets its cookie */
} sv_request;

/* Response flags */
#define SV_PERSONAL 0x1u   /* Cache-Control: no-store (anything with personal data) */
#define SV_ATTACHMENT 0x2u /* Content-Disposition: attachment; filename=rs->filename */
#define SV_STATIC 0x4u     /* body points to built-in data (static_body), not rs->body */

typedef struct sv_response {
  int status;       /* 200 unless set */
  const char *type; /* Content-Type; text/html; charset=utf-8 unless set */
  sv_buf body;
  const char *static_body; /* with SV_STATIC */
  size_t static_len;
  unsigned flags;
  char filename[64];    /* with SV_ATTACHMENT */
  char location[512];   /* a redirect's Location, or "" */
  char allow[64];       /* 405's Allow, or "" */
  char set_cookie[160]; /* a Set-Cookie, or "" */
} sv_response;

void sv_response_init(sv_response *rs);
void sv_response_free(sv_response *rs);

/* ---- routing (request.c) ---- */

typedef int (*sv_handler)(sv_request *rq, sv_response *rs);

/* Route flags */
#define SV_PREFIX 0x1u /* `path` ends in '/' and matches every path under it */
#define SV_FORM 0x2u   /* POST of an HTML form: urlencoded, with the CSRF field */

typedef struct sv_route {
  const char *path;
  unsigned methods; /* SV_GET, SV_POST... (SV_GET answers HEAD too) */
  unsigned flags;
  sv_handler fn;
} sv_route;

/* The route tables, each ended by a row whose path is NULL. */
extern const sv_route sv_api_routes[];   /* api.c */
extern const sv_route sv_page_routes[];  /* pages.c */
extern const sv_route sv_asset_routes[]; /* assets.c */

/* Handles one request: the guard's checks, then the route. Fills `rs`
 * (always a complete response). `rq` is filled by the caller (http.c, the
 * fuzz target) up to body_len; sv_dispatch fills the rest and frees what
 * it decoded before returning. */
void sv_dispatch(sv_request *rq, sv_response *rs);

/* An error response: JSON {"error": {"message", "key", "status"}} under
 * /api/, else the page of sv_page_error. `key` may be NULL. Returns 0, so
 * that a handler can `return sv_fail(...)`. */
int sv_fail(const sv_request *rq, sv_response *rs, int status, const char *key, const char *fmt,
            ...) __attribute__((format(printf, 5, 6)));
/* The same for a library error: status from its bb_error (65 -> 422,
 * 66 -> 404, 74 -> 503, else 500), its message and key. */
int sv_fail_bb(const sv_request *rq, sv_response *rs, const bb_error *e);
/* The same with the status given (0: as sv_fail_bb). The message starts
 * with the position ("line 1, column 11: ...") when the error has one,
 * and the JSON carries "line" and "column" too. */
int sv_fail_bb_as(const sv_request *rq, sv_response *rs, int status, const bb_error *e);

/* The reason phrase of a status ("Misdirected Request"). */
const char *sv_reason(int status);

/* A redirect after a POST (303 See Other) to a local path. */
void sv_redirect(sv_response *rs, const char *path);

/* The query and form values (NULL when not given). */
const char *sv_query(const sv_request *rq, const char *name);
const char *sv_form(const sv_request *rq, const char *name);

/* ---- the guard (guard.c): pure checks, each false when refused ---- */

/* Host is the address served (421 otherwise). */
bool sv_host_ok(const sv_server *s, const char *host);
/* A state-changing request comes from this origin or from no browser
 * page at all (403 otherwise). */
bool sv_origin_ok(const sv_server *s, const char *host, const char *origin, const char *fetch_site);
/* Off loopback: the token is in the query (token=), the cookie bb_token
 * or "Authorization: Bearer"; *from_query says it came in the query. */
bool sv_token_ok(const sv_server *s, const sv_request *rq, bool *from_query);
/* The CSRF field of a form matches. */
bool sv_csrf_ok(const sv_server *s, const char *field);
/* Appends <input type="hidden" name="csrf" value="..."> to `b`. */
void sv_csrf_field(const sv_request *rq, sv_buf *b);
/* Equal strings, in time that does not depend on where they differ. */
bool sv_secret_eq(const char *a, const char *b);
/* Fills `out` with SV_TOKEN_LEN random hex digits. 0, or -1. */
int sv_random_token(char out[SV_TOKEN_LEN + 1]);

/* ---- pages (pages.c) ---- */

/* The frame every page shares: doctype, head (title, the stylesheet,
 * the script), header and main; sv_html_end closes it. Sets the content
 * type. `title` is escaped. */
void sv_html_begin(sv_response *rs, const char *title);
void sv_html_end(sv_response *rs);
/* The page of an error (status, one sentence). */
void sv_page_error(const sv_request *rq, sv_response *rs, int status, const char *message);

/* ---- assets (assets.c) ---- */

typedef struct sv_asset {
  const char *name; /* "style.css" */
  const char *data;
  size_t len;
} sv_asset;
/* The built-in file `name` (below web/), or NULL. */
const sv_asset *sv_asset_find(const char *name);
/* Its Content-Type, by extension. */
const char *sv_asset_type(const char *name);

/* ---- the diary and the clock, for handlers (api.c) ---- */

/* Today's date and the hour (BEDBACK_TEST_NOW="YYYY-MM-DD HH" fixes them,
 * as for the command line). */
void sv_now(int *today, int *hour);
/* Opens the diary of --db (flags as bb_diary_open). NULL with `err`. */
bb_diary *sv_diary_open(const sv_server *s, unsigned flags, bb_error *err);

/* ---- logging (http.c) ---- */

/* One line on standard error: "bedback: serve: MESSAGE". Never pass
 * anything a request carried. */
void sv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
