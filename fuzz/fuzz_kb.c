/* fuzz_kb.c -- the knowledge-base loader and validator. The input replaces
 * one of the built-in files (its first byte chooses which); every problem
 * goes to a diag callback. A knowledge base that loads is used: questions
 * and the review document rendered, an empty set of answers assessed. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
  size_t n;
  const bb_kb_file *files;
  size_t nfiles;
} diags;

static void diag(const bb_error *e, void *ud) {
  diags *d = ud;
  char buf[1024];
  size_t want = bb_error_format(e, buf, sizeof buf);
  if (e->status == 0 || e->message[0] == '\0' || want == 0) {
    fprintf(stderr, "fuzz_kb: empty diagnostic\n");
    abort();
  }
  /* a location is inside the file it names */
  for (size_t i = 0; e->line > 0 && i < d->nfiles; i++) {
    if (strcmp(d->files[i].name, e->file) != 0)
      continue;
    int lines = 1;
    for (size_t k = 0; k < d->files[i].length; k++)
      lines += d->files[i].text[k] == '\n';
    if (e->line > lines || e->column < 0) {
      fprintf(stderr, "fuzz_kb: %s:%d:%d is outside the file (%d lines)\n", e->file, e->line,
              e->column, lines);
      abort();
    }
  }
  d->n++;
}

static void use(const bb_kb *kb) {
  char *s = bb_render_questions(kb, BB_FORMAT_TEXT);
  free(s);
  s = bb_render_questions(kb, BB_FORMAT_JSON);
  free(s);
  s = bb_render_kb(kb);
  free(s);
  /* every exercise's figure: a loaded pose always draws */
  for (size_t i = 0; i < bb_kb_exercise_count(kb); i++) {
    s = bb_exercise_figure_svg(bb_kb_exercise(kb, i), BB_FIGURE_BACKGROUND);
    if (!s) {
      fprintf(stderr, "fuzz_kb: exercise %zu loaded without a figure\n", i);
      abort();
    }
    free(s);
    s = bb_exercise_figure_text(bb_kb_exercise(kb, i));
    free(s);
  }
  bb_answers *a = bb_answers_new(kb);
  if (!a)
    return;
  bb_error err;
  bb_assessment *as = bb_assess(kb, a, &err);
  if (as) {
    s = bb_render(as, BB_FORMAT_JSON, 0);
    free(s);
    s = bb_render(as, BB_FORMAT_TEXT, 0);
    free(s);
    bb_assessment_free(as);
  }
  bb_answers_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 256 * 1024 || bb_builtin_kb_nfiles == 0)
    return 0;
  size_t nfiles = bb_builtin_kb_nfiles;
  bb_kb_file *files = malloc(nfiles * sizeof *files);
  /* exactly `size - 1` bytes, no terminator: the loader must use length */
  char *text = malloc(size - 1 ? size - 1 : 1);
  if (!files || !text) {
    free(files);
    free(text);
    return 0;
  }
  memcpy(files, bb_builtin_kb_files, nfiles * sizeof *files);
  size_t which = data[0] % nfiles;
  memcpy(text, data + 1, size - 1);
  files[which].text = text;
  files[which].length = size - 1;

  bb_error err;
  diags d = {0, files, nfiles};
  bb_kb *kb = bb_kb_load_files(files, nfiles, &err, diag, &d);
  if (kb) {
    if (d.n != 0) {
      fprintf(stderr, "fuzz_kb: loaded despite %zu problems\n", d.n);
      abort();
    }
    use(kb);
    bb_kb_free(kb);
  } else if (d.n == 0 || err.status == 0) {
    fprintf(stderr, "fuzz_kb: refused without a diagnostic\n");
    abort();
  }
  free(text);
  free(files);
  return 0;
}
