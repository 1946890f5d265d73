/* proc_time.c -- whole-process time of commands, fork + exec + wait, with
 * CLOCK_MONOTONIC (shell timing is too coarse for ~1 ms processes).
 *
 * usage: proc_time RUNS CMD [ARG...] [-- CMD [ARG...]]...
 * The commands run round-robin RUNS times each (after a warm-up), with
 * standard input from /dev/null and output to /dev/null; a command that
 * fails stops the measure. The first command is the floor: every line
 * gives the median and the mean, and both as ratios of the floor's, and
 * the child's CPU time (user + system, getrusage(RUSAGE_CHILDREN)), which other load on the
 * machine disturbs less than the wall-clock time. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double run_once(char **argv, double *cpu) {
  double t0 = now();
  pid_t pid = fork();
  if (pid < 0) {
    perror("proc_time: fork");
    exit(71);
  }
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY), out = open("/dev/null", O_WRONLY);
    if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0)
      _exit(126);
    execvp(argv[0], argv);
    _exit(127);
  }
  int st;
  struct rusage before, ru;
  getrusage(RUSAGE_CHILDREN, &before);
  if (waitpid(pid, &st, 0) < 0) {
    perror("proc_time: waitpid");
    exit(71);
  }
  double t = now() - t0;
  getrusage(RUSAGE_CHILDREN, &ru);
  *cpu = (double)(ru.ru_utime.tv_sec - before.ru_utime.tv_sec) +
         (double)(ru.ru_stime.tv_sec - before.ru_stime.tv_sec) +
         1e-6 * (double)(ru.ru_utime.tv_usec - before.ru_utime.tv_usec + ru.ru_stime.tv_usec -
                         before.ru_stime.tv_usec);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    fprintf(stderr, "proc_time: '%s' failed (status %d)\n", argv[0],
            WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    exit(1);
  }
  return t;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 3 || atoi(argv[1]) < 1) {
    fprintf(stderr, "usage: proc_time RUNS CMD [ARG...] [-- CMD [ARG...]]...\n");
    return 64;
  }
  size_t runs = (size_t)atoi(argv[1]);
  char **cmds[16];
  size_t ncmd = 0;
  for (int i = 2; i < argc && ncmd < 16;) {
    cmds[ncmd++] = &argv[i];
    while (i < argc && strcmp(argv[i], "--") != 0)
      i++;
    if (i < argc)
      argv[i++] = NULL; /* ends this command's argv */
  }
  double *t = malloc(ncmd * runs * sizeof *t), *cpu = malloc(ncmd * runs * sizeof *cpu);
  if (!t || !cpu)
    return 1;
  for (size_t c = 0; c < ncmd; c++) /* warm-up: page cache, dynamic linker */
    for (int k = 0; k < 5; k++)
      run_once(cmds[c], &cpu[0]);
  for (size_t r = 0; r < runs; r++)
    for (size_t c = 0; c < ncmd; c++)
      t[c * runs + r] = run_once(cmds[c], &cpu[c * runs + r]);
  double floor_med = 0.0, floor_mean = 0.0;
  printf("%-40s %9s %9s %8s %8s %8s %7s\n", "command", "median ms", "mean ms", "min ms", "x median",
         "x mean", "cpu ms");
  for (size_t c = 0; c < ncmd; c++) {
    double *v = &t[c * runs], sum = 0.0, csum = 0.0;
    for (size_t r = 0; r < runs; r++) {
      sum += v[r];
      csum += cpu[c * runs + r];
    }
    qsort(v, runs, sizeof *v, cmp);
    double med = runs % 2 ? v[runs / 2] : 0.5 * (v[runs / 2 - 1] + v[runs / 2]);
    double mean = sum / (double)runs;
    if (c == 0) {
      floor_med = med;
      floor_mean = mean;
    }
    char label[41], buf[256] = "";
    for (char **a = cmds[c]; *a; a++) {
      const char *s = a == cmds[c] && strrchr(*a, '/') && c != 0 ? strrchr(*a, '/') + 1 : *a;
      strncat(buf, s, sizeof buf - strlen(buf) - 1);
      if (a[1])
        strncat(buf, " ", sizeof buf - strlen(buf) - 1);
    }
    snprintf(label, sizeof label, "%s", buf);
    printf("%-40s %9.3f %9.3f %8.3f %8.2f %8.2f %7.3f\n", label, med * 1e3, mean * 1e3, v[0] * 1e3,
           med / floor_med, mean / floor_mean, csum / (double)runs * 1e3);
  }
  printf("(%zu runs each, round-robin; fork + exec + wait, CLOCK_MONOTONIC; cpu: mean user +\n"
         " system time of the child, getrusage)\n",
         runs);
  free(t);
  free(cpu);
  return 0;
}
