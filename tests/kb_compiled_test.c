/* kb_compiled_test.c -- the built-in knowledge base, compiled to C data at
 * build time (tools/kbgen), is the one in kb/ loaded at run time.
 *
 *   kb_compiled_test BEDBACK KBDIR KBCOMPILED.c [CASE.json|ANSWERS.json]...
 *
 * 1. Structure: the generator's dump (kbgen_emit, which walks every field,
 *    string and compiled condition node) of the built-in knowledge base, of
 *    KBDIR loaded from JSON now, and the generated KBCOMPILED.c are the
 *    same text.
 * 2. Output: for each file (a golden case, whose "answers" or
 *    "answers_text" are written to a temporary file, or a plain answers
 *    file), `BEDBACK assess --answers F` in JSON, text and Markdown gives
 *    the same standard output, standard error and exit status as with
 *    `--kb KBDIR`. Cases with their own "args" or "answers_path" are left
 *    out (they test options and missing files, not the knowledge base).
 *
 * Prints each difference; exit 0 when none, 1 otherwise, 2 when broken. */
#include "kbgen.h"

#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *dump(const bb_kb *kb) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f || kbgen_emit(f, kb) != 0 || fclose(f) != 0) {
    fprintf(stderr, "kb_compiled_test: dump failed\n");
    exit(2);
  }
  return text;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *text = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&text, &len);
  char buf[65536];
  size_t n;
  while (m && (n = fread(buf, 1, sizeof buf, f)) > 0)
    fwrite(buf, 1, n, m);
  fclose(f);
  if (m)
    fclose(m);
  return text;
}

typedef struct {
  char *out, *err;
  int status;
} run;

/* Runs BEDBACK assess --answers F --format FMT [--kb DIR] with stdin from
 * /dev/null, stdout and stderr captured through temporary files. */
static run run_assess(const char *bin, const char *answers, const char *fmt, const char *kbdir) {
  char o[] = "/tmp/bb-kbc-out-XXXXXX", e[] = "/tmp/bb-kbc-err-XXXXXX";
  int fo = mkstemp(o), fe = mkstemp(e);
  run r = {NULL, NULL, -1};
  if (fo < 0 || fe < 0) {
    perror("mkstemp");
    exit(2);
  }
  pid_t pid = fork();
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(fo, 1);
    dup2(fe, 2);
    const char *argv[] = {bin, "assess", "--answers", answers, "--format",
                          fmt, "--kb",   kbdir,       NULL};
    if (!kbdir)
      argv[6] = NULL;
    execv(bin, (char *const *)(void *)argv);
    _exit(127);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  close(fo);
  close(fe);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  r.out = slurp(o);
  r.err = slurp(e);
  unlink(o);
  unlink(e);
  return r;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: kb_compiled_test BEDBACK KBDIR KBCOMPILED.c [FILE...]\n");
    return 2;
  }
  const char *bin = argv[1], *dir = argv[2];
  int bad = 0;
  bb_error err;
  bb_kb *builtin = bb_kb_load_builtin(&err), *loaded = bb_kb_load_dir(dir, &err);
  if (!builtin || !loaded) {
    fprintf(stderr, "kb_compiled_test: loading failed: %s\n", err.message);
    return 2;
  }
  char *a = dump(builtin), *b = dump(loaded), *c = slurp(argv[3]);
  if (!c) {
    fprintf(stderr, "kb_compiled_test: cannot read %s\n", argv[3]);
    return 2;
  }
  if (strcmp(a, b) != 0) {
    fprintf(stderr, "the built-in knowledge base differs from %s loaded at run time\n", dir);
    bad = 1;
  }
  if (strcmp(a, c) != 0) {
    fprintf(stderr, "the built-in knowledge base differs from %s\n", argv[3]);
    bad = 1;
  }
  free(a);
  free(b);
  free(c);
  bb_kb_free(loaded);
  bb_kb_free(builtin);

  static const char *const formats[] = {"json", "text", "markdown"};
  int compared = 0;
  for (int i = 4; i < argc; i++) {
    json_error_t je;
    json_t *root = json_load_file(argv[i], 0, &je);
    char tmp[] = "/tmp/bb-kbc-answers-XXXXXX";
    const char *answers = argv[i];
    int fd = -1;
    json_t *ans = root ? json_object_get(root, "answers") : NULL;
    json_t *txt = root ? json_object_get(root, "answers_text") : NULL;
    if (root && json_object_get(root, "expect")) { /* a golden case */
      if (json_object_get(root, "args") || (!ans && !txt)) {
        json_decref(root);
        continue;
      }
      fd = mkstemp(tmp);
      char *s = ans ? json_dumps(ans, 0) : strdup(json_string_value(txt));
      if (fd < 0 || !s || write(fd, s, strlen(s)) != (ssize_t)strlen(s)) {
        fprintf(stderr, "kb_compiled_test: cannot write the answers of %s\n", argv[i]);
        return 2;
      }
      free(s);
      close(fd);
      answers = tmp;
    }
    json_decref(root);
    for (int f = 0; f < 3; f++) {
      run x = run_assess(bin, answers, formats[f], NULL);
      run y = run_assess(bin, answers, formats[f], dir);
      if (x.status != y.status || !x.out || !y.out || strcmp(x.out, y.out) != 0 ||
          strcmp(x.err, y.err) != 0) {
        fprintf(stderr, "%s (%s): built-in and --kb %s differ (exit %d vs %d)\n", argv[i],
                formats[f], dir, x.status, y.status);
        bad = 1;
      }
      compared++;
      free(x.out);
      free(x.err);
      free(y.out);
      free(y.err);
    }
    if (fd >= 0)
      unlink(tmp);
  }
  printf("kb_compiled_test: structure identical%s; %d outputs compared\n", bad ? " NOT" : "",
         compared);
  return bad;
}
