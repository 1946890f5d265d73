/* main.c -- bedback-serve: the local web app's program. `bedback serve`
 * runs it; it listens on 127.0.0.1 (or --listen), prints the address to
 * open, and stops cleanly on Ctrl-C or SIGTERM (exit 0). */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char USAGE[] =
    "usage: bedback serve [--port N] [--listen ADDR] [--db FILE] [--open]\n"
    "\n"
    "bedback in your browser: the check with its warning signs, the result and plan,\n"
    "the guided routine and your diary, served by bedback itself on this machine.\n"
    "Nothing leaves it: the pages load nothing from any other site.\n"
    "\n"
    "  --port N       the port (default 8765, or the next free one; 0: any free one)\n"
    "  --listen ADDR  the address to listen on (default 127.0.0.1, this machine only).\n"
    "                 Another address makes bedback reachable from other machines:\n"
    "                 then every request must carry the random token printed in the\n"
    "                 address (a browser keeps it in a cookie after the first page)\n"
    "  --db FILE      the diary (default: as `bedback log`; see `bedback help log`)\n"
    "  --open         open the address in your browser (xdg-open)\n"
    "\n"
    "Ctrl-C stops it: requests under way finish first. The JSON API (the same answers\n"
    "and results as `bedback assess --json`) is described in api.md, installed with\n"
    "the documentation (`man bedback` says where).\n"
    "Exit status: 0 stopped, 64 usage, 74 cannot listen (the port is taken, the\n"
    "address is not this machine's), 78 broken knowledge base.\n";

static int fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int status, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fprintf(stderr, "bedback: serve: %s\n", msg);
  return status;
}

/* The address to listen on: an IPv4 or IPv6 literal, or "localhost". */
typedef struct {
  struct sockaddr_storage sa;
  socklen_t len;
  int family;
} listen_addr;

static int parse_addr(const char *text, listen_addr *a, sv_server *s) {
  memset(a, 0, sizeof *a);
  if (!text)
    return -1;
  if (!strcmp(text, "localhost"))
    text = "127.0.0.1";
  struct sockaddr_in *v4 = (struct sockaddr_in *)&a->sa;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&a->sa;
  if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    a->family = AF_INET;
    a->len = sizeof *v4;
    snprintf(s->host, sizeof s->host, "%s", text);
    s->loopback = !strcmp(text, "127.0.0.1");
    return 0;
  }
  const char *t = text;
  char buf[128];
  size_t n = strlen(t);
  if (n >= 2 && t[0] == '[' && t[n - 1] == ']' && n - 2 < sizeof buf) {
    memcpy(buf, t + 1, n - 2);
    buf[n - 2] = '\0';
    t = buf;
  }
  if (inet_pton(AF_INET6, t, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    a->family = AF_INET6;
    a->len = sizeof *v6;
    snprintf(s->host, sizeof s->host, "[%s]", t);
    s->loopback = IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
    return 0;
  }
  return -1;
}

/* A listening socket on `a` port `port`; -1 with errno. */
static int listen_on(listen_addr *a, int port) {
  if (a->family == AF_INET)
    ((struct sockaddr_in *)&a->sa)->sin_port = htons((uint16_t)port);
  else
    ((struct sockaddr_in6 *)&a->sa)->sin6_port = htons((uint16_t)port);
  int fd = socket(a->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (a->family == AF_INET6)
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (bind(fd, (struct sockaddr *)&a->sa, a->len) != 0 || listen(fd, 128) != 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

static int bound_port(int fd) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
    return -1;
  if (ss.ss_family == AF_INET)
    return ntohs(((struct sockaddr_in *)&ss)->sin_port);
  return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* xdg-open URL, detached; its output is not ours. */
static void open_browser(const char *url) {
  pid_t pid = fork();
  if (pid == 0) {
    if (fork() != 0)
      _exit(0);
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
    }
    execlp("xdg-open", "xdg-open", url, (char *)NULL);
    _exit(127);
  }
  if (pid > 0)
    waitpid(pid, NULL, 0);
  else
    fail(0, "could not start the browser (%s); open the address yourself", strerror(errno));
}

static unsigned cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1u : n > 64 ? 64u : (unsigned)n;
}

int main(int argc, char **argv) {
  static const struct option opts[] = {{"port", required_argument, NULL, 'p'},
                                       {"listen", required_argument, NULL, 'l'},
                                       {"db", required_argument, NULL, 'd'},
                                       {"open", no_argument, NULL, 'o'},
                                       {"help", no_argument, NULL, 'h'},
                                       {"version", no_argument, NULL, 'V'},
                                       {NULL, 0, NULL, 0}};
  static sv_server srv; /* read by every thread; lives until exit */
  const char *listen_text = "127.0.0.1", *port_text = NULL;
  bool open_it = false, listen_given = false;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
    switch (c) {
    case 'p': port_text = optarg; break;
    case 'l':
      listen_text = optarg;
      listen_given = true;
      break;
    case 'd': srv.db = optarg; break;
    case 'o': open_it = true; break;
    case 'h': fputs(USAGE, stdout); return 0;
    case 'V': printf("bedback-serve %s\n", bb_version()); return 0;
    case ':':
      return fail(BB_EX_USAGE, "%s needs a value; run `bedback serve --help`", argv[optind - 1]);
    default:
      return fail(BB_EX_USAGE, "unknown option '%s'; run `bedback serve --help`", argv[optind - 1]);
    }
  }
  if (optind < argc)
    return fail(BB_EX_USAGE, "unexpected argument '%s'; run `bedback serve --help`", argv[optind]);
  int port = 8765;
  if (port_text) {
    char *end;
    long p = strtol(port_text, &end, 10);
    if (!*port_text || *end || p < 0 || p > 65535)
      return fail(BB_EX_USAGE, "--port takes a port number 0-65535, not '%s'", port_text);
    port = (int)p;
  }
  listen_addr la;
  if (parse_addr(listen_text, &la, &srv) != 0)
    return fail(BB_EX_USAGE,
                "--listen takes an IP address of this machine (127.0.0.1, 192.168.1.20, ::1), "
                "not '%s'",
                listen_text);
  (void)listen_given;
  if (srv.db && !*srv.db)
    return fail(BB_EX_USAGE, "--db needs a file name");

  bb_error err;
  srv.kb = bb_kb_load_builtin(&err);
  if (!srv.kb)
    return fail(BB_EX_CONFIG, "the knowledge base is broken: %s", err.message);
  char where[4096];
  if (bb_diary_locate(srv.db, where, sizeof where, &err) != 0)
    return fail(err.status ? err.status : BB_EX_IOERR, "%s", err.message);
  if (sv_random_token(srv.token) != 0 || sv_random_token(srv.csrf) != 0)
    return fail(BB_EX_IOERR, "cannot read random numbers for the token: %s", strerror(errno));

  /* The default port, or the next free one; a port asked for is that one. */
  int fd = -1, tries = port_text ? 1 : 100;
  for (int i = 0; i < tries && fd < 0; i++) {
    fd = listen_on(&la, port + i);
    if (fd < 0 && errno != EADDRINUSE)
      break;
  }
  if (fd < 0) {
    int e = errno;
    if (e == EADDRINUSE)
      return fail(BB_EX_IOERR,
                  port_text ? "port %d is in use; give another --port (or 0 for any free one)"
                            : "ports %d-%d are all in use; give a free one with --port",
                  port, port + tries - 1);
    return fail(BB_EX_IOERR, "cannot listen on %s port %d: %s", listen_text, port, strerror(e));
  }
  srv.port = bound_port(fd);

  /* Ctrl-C and SIGTERM are waited for here, not delivered to the server's
   * threads (which inherit this mask). */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);
  /* a diary over the file-size limit fails its write (EFBIG, said to the
   * person) instead of killing the server */
  signal(SIGXFSZ, SIG_IGN);

  struct MHD_Daemon *d = sv_http_start(&srv, fd, cores());
  if (!d) {
    close(fd);
    return fail(BB_EX_SOFTWARE, "the web server could not start");
  }
  char url[512];
  if (srv.loopback)
    snprintf(url, sizeof url, "http://%s:%d/", srv.host, srv.port);
  else
    snprintf(url, sizeof url, "http://%s:%d/?token=%s", srv.host, srv.port, srv.token);
  printf("bedback is running at %s\n", url);
  if (!srv.loopback)
    printf("It is reachable from other machines at that address: the token in it is the key;\n"
           "give it only to whom you would show your diary.\n");
  printf("Open it in your browser. Ctrl-C stops it.\n");
  fflush(stdout);
  if (open_it)
    open_browser(url);

  int sig = 0;
  while (sigwait(&stop, &sig) != 0)
    ;
  /* Stop taking connections; let those under way finish (10 s at most). */
  int lfd = MHD_quiesce_daemon(d);
  if (lfd >= 0)
    close(lfd);
  for (int i = 0; i < 100 && sv_http_inflight() > 0; i++) {
    struct timespec ts = {0, 100000000};
    nanosleep(&ts, NULL);
  }
  MHD_stop_daemon(d);
  printf("Stopped.\n");
  fflush(stdout);
  return 0;
}
