/* fixture.c -- see fixture.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

bb_kb *kb;

int fx_setup(void **state) {
  (void)state;
  bb_error err;
  kb = bb_kb_load_builtin(&err);
  if (!kb)
    fprintf(stderr, "built-in kb: %s\n", err.message);
  return kb ? 0 : -1;
}

int fx_teardown(void **state) {
  (void)state;
  bb_kb_free(kb);
  kb = NULL;
  return 0;
}

void kbcopy_init(kbcopy *c) {
  memset(c, 0, sizeof *c);
  assert_true(bb_builtin_kb_nfiles <= KBCOPY_MAX);
  for (size_t i = 0; i < bb_builtin_kb_nfiles; i++) {
    const bb_kb_file *f = &bb_builtin_kb_files[i];
    c->texts[i] = malloc(f->length + 1);
    assert_non_null(c->texts[i]);
    memcpy(c->texts[i], f->text, f->length);
    c->texts[i][f->length] = '\0';
    c->files[i].name = f->name;
    c->files[i].text = c->texts[i];
    c->files[i].length = f->length;
  }
  c->n = bb_builtin_kb_nfiles;
}

void kbcopy_free(kbcopy *c) {
  for (size_t i = 0; i < c->n; i++)
    free(c->texts[i]);
  c->n = 0;
}

size_t kbcopy_index(const kbcopy *c, const char *name) {
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->files[i].name, name) == 0)
      return i;
  fail_msg("no file %s in the copy", name);
  return 0;
}

void kbcopy_replace(kbcopy *c, const char *name, const char *from, const char *to) {
  size_t i = kbcopy_index(c, name);
  char *hit = strstr(c->texts[i], from);
  if (!hit)
    fail_msg("'%s' not found in %s", from, name);
  size_t pre = (size_t)(hit - c->texts[i]), fl = strlen(from), tl = strlen(to);
  size_t len = c->files[i].length - fl + tl;
  char *t = malloc(len + 1);
  assert_non_null(t);
  memcpy(t, c->texts[i], pre);
  memcpy(t + pre, to, tl);
  memcpy(t + pre + tl, hit + fl, c->files[i].length - pre - fl + 1);
  free(c->texts[i]);
  c->texts[i] = t;
  c->files[i].text = t;
  c->files[i].length = len;
}
