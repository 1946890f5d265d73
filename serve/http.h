/* http.h -- the libmicrohttpd side of bedback-serve (http.c), for main.c. */
#ifndef BB_SERVE_HTTP_H
#define BB_SERVE_HTTP_H

#include "serve.h"

struct MHD_Daemon;

/* Serves `s` on the listening socket `listen_fd` with `threads` threads
 * (libmicrohttpd's pool). NULL when it cannot start. */
struct MHD_Daemon *sv_http_start(const sv_server *s, int listen_fd, unsigned threads);
/* Requests begun and not yet answered (idle keep-alive connections are
 * not counted: a stop does not wait for a browser to hang up). */
int sv_http_inflight(void);

#endif
