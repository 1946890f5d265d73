/* peak_rss CMD ARGS... -- runs CMD and prints its peak resident set size
 * (getrusage's ru_maxrss, KiB) and wall time on standard error; exits with
 * CMD's status. For `make bench`'s batch memory figures (issue 13). */
#define _DEFAULT_SOURCE /* wait4 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: peak_rss CMD ARGS...\n");
    return 64;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid == 0) {
    execvp(argv[1], argv + 1);
    _exit(127);
  }
  int st;
  struct rusage ru;
  if (pid < 0 || wait4(pid, &st, 0, &ru) < 0) {
    perror("peak_rss");
    return 70;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  fprintf(stderr, "peak_rss: %ld KiB, %.2f s wall, %.2f s CPU\n", ru.ru_maxrss,
          (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9,
          (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
              (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
