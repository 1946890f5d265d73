/* fuzz_replay.c -- runs a libFuzzer target's LLVMFuzzerTestOneInput on
 * every file of the given directories (or on the given files), without
 * libFuzzer: the fuzz corpora become regression tests under the normal
 * compiler, and under ASan + UBSan in `make asan`.
 *
 * usage: fuzz_replay DIR|FILE...   Exit status 0 when every input ran (a
 * target reports a bug by crashing or aborting), 1 when an input cannot be
 * read, 64 on usage errors. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return -1;
  }
  size_t cap = 4096, n = 0, got;
  uint8_t *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      uint8_t *p = realloc(buf, cap *= 2);
      if (!p)
        free(buf);
      buf = p;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (!buf || bad) {
    fprintf(stderr, "fuzz_replay: cannot read %s\n", path);
    free(buf);
    return -1;
  }
  /* an exact-size copy, so that ASan sees any read past the input */
  uint8_t *data = malloc(n ? n : 1);
  if (!data) {
    free(buf);
    return -1;
  }
  memcpy(data, buf, n);
  free(buf);
  LLVMFuzzerTestOneInput(data, n);
  free(data);
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every regular file of `dir`, in name order (the same run every time). */
static int run_dir(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  if (!d) {
    perror(dir);
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **p = realloc(names, cap * sizeof *p);
      if (!p)
        break;
      names = p;
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    names[n] = malloc(len);
    if (!names[n])
      break;
    snprintf(names[n], len, "%s/%s", dir, e->d_name);
    n++;
  }
  closedir(d);
  int status = 0;
  if (n)
    qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
      if (run_file(names[i]) != 0)
        status = -1;
      else
        (*count)++;
    }
    free(names[i]);
  }
  free(names);
  return status;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: fuzz_replay DIR|FILE...\n");
    return 64;
  }
  size_t count = 0;
  int status = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      perror(argv[i]);
      status = 1;
    } else if (S_ISDIR(st.st_mode)) {
      if (run_dir(argv[i], &count) != 0)
        status = 1;
    } else if (run_file(argv[i]) != 0) {
      status = 1;
    } else {
      count++;
    }
  }
  printf("fuzz_replay: %zu inputs ran\n", count);
  if (count == 0) {
    fprintf(stderr, "fuzz_replay: no inputs\n");
    return 1;
  }
  return status;
}
