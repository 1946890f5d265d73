/* cmd_serve.c -- `bedback serve`: runs bedback-serve, the local web app.
 * It is its own program so that libmicrohttpd and GnuTLS, which only the
 * web app uses, cost nothing at the start of every other command
 * (docs/performance.md). */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where bedback-serve is: beside this program (a build folder, or an
 * installation's bin/), else in ../libexec/bedback/ from it (`make
 * install`). 0 with the path in `out`, or -1. */
static int find_server(char *out, size_t size, char *tried, size_t tsize) {
  tried[0] = '\0';
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return -1;
  self[n] = '\0';
  char *slash = strrchr(self, '/');
  if (!slash)
    return -1;
  *slash = '\0';
  const char *const places[] = {"/bedback-serve", "/../libexec/bedback/bedback-serve"};
  tried[0] = '\0';
  for (size_t i = 0; i < 2; i++) {
    snprintf(out, size, "%s%s", self, places[i]);
    if (access(out, X_OK) == 0)
      return 0;
    size_t used = strlen(tried);
    snprintf(tried + used, tsize - used, "%s%s", used ? " and " : "", out);
  }
  return -1;
}

int cmd_serve(int argc, char **argv) {
  char path[PATH_MAX + 64], tried[2 * PATH_MAX + 200];
  if (find_server(path, sizeof path, tried, sizeof tried) != 0)
    return cli_failf(BB_EX_SOFTWARE,
                     "the web app's program bedback-serve is not installed (looked for %s); "
                     "reinstall bedback",
                     tried[0] ? tried : "it beside this program");
  fflush(stdout);
  char name[] = "bedback-serve";
  argv[0] = name;
  (void)argc;
  execv(path, argv);
  return cli_failf(BB_EX_SOFTWARE, "cannot run %s: %s", path, strerror(errno));
}
