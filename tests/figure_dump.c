/* figure_dump.c -- every exercise figure of a knowledge base, written out
 * for the tests (tests/figures.sh) and for looking at them.
 *
 *   figure_dump OUTDIR [KBDIR]
 *
 * Writes OUTDIR/ID.svg (the inline form), OUTDIR/ID-bg.svg (with
 * BB_FIGURE_BACKGROUND) and OUTDIR/ID.txt (the text alternative) for every
 * exercise, OUTDIR/ID.title (its title), and OUTDIR/ids (their ids, one a line). Exit 1 when an
 * exercise has no figure, 2 when broken. */
#include "bedback.h"

#include <stdio.h>
#include <stdlib.h>

static int put(const char *dir, const char *id, const char *suffix, const char *text) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s%s", dir, id, suffix);
  FILE *f = fopen(path, "w");
  if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
    perror(path);
    return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: figure_dump OUTDIR [KBDIR]\n");
    return 2;
  }
  bb_error err;
  bb_kb *kb = argc == 3 ? bb_kb_load_dir(argv[2], &err) : bb_kb_load_builtin(&err);
  if (!kb) {
    char msg[1024];
    bb_error_format(&err, msg, sizeof msg);
    fprintf(stderr, "figure_dump: %s\n", msg);
    return 2;
  }
  char ids[4096];
  snprintf(ids, sizeof ids, "%s/ids", argv[1]);
  FILE *list = fopen(ids, "w");
  if (!list) {
    perror(ids);
    return 2;
  }
  int status = 0;
  for (size_t i = 0; i < bb_kb_exercise_count(kb); i++) {
    const bb_exercise *x = bb_kb_exercise(kb, i);
    const char *id = bb_exercise_id(x);
    char *svg = bb_exercise_figure_svg(x, 0), *bg = bb_exercise_figure_svg(x, BB_FIGURE_BACKGROUND);
    char *text = bb_exercise_figure_text(x);
    if (!svg || !bg || !text) {
      fprintf(stderr, "figure_dump: exercise '%s' has no figure\n", id);
      status = 1;
    } else if (put(argv[1], id, ".svg", svg) || put(argv[1], id, "-bg.svg", bg) ||
               put(argv[1], id, ".txt", text) || put(argv[1], id, ".title", bb_exercise_title(x))) {
      status = 2;
    }
    fprintf(list, "%s\n", id);
    free(svg);
    free(bg);
    free(text);
  }
  if (bb_kb_exercise(kb, bb_kb_exercise_count(kb)) != NULL) {
    fprintf(stderr, "figure_dump: an exercise past the end\n");
    status = 1;
  }
  fclose(list);
  bb_kb_free(kb);
  return status;
}
