/* test_figure.c -- the exercise figures' library calls at their edges:
 * NULL in, NULL out; every built-in exercise has one; the flags; the
 * text alternative is the description inside the picture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "bedback.h"

static void test_null(void **state) {
  (void)state;
  assert_null(bb_exercise_figure_svg(NULL, 0));
  assert_null(bb_exercise_figure_text(NULL));
  assert_int_equal(bb_kb_exercise_count(NULL), 0);
  assert_null(bb_kb_exercise(NULL, 0));
}

static void test_every_exercise(void **state) {
  (void)state;
  bb_error err;
  bb_kb *kb = bb_kb_load_builtin(&err);
  assert_non_null(kb);
  size_t n = bb_kb_exercise_count(kb);
  assert_true(n >= 6);
  assert_null(bb_kb_exercise(kb, n));
  for (size_t i = 0; i < n; i++) {
    const bb_exercise *x = bb_kb_exercise(kb, i);
    assert_ptr_equal(x, bb_kb_find_exercise(kb, bb_exercise_id(x)));
    char *svg = bb_exercise_figure_svg(x, 0), *bg = bb_exercise_figure_svg(x, BB_FIGURE_BACKGROUND);
    char *text = bb_exercise_figure_text(x);
    assert_non_null(svg);
    assert_non_null(bg);
    assert_non_null(text);
    assert_true(strncmp(svg, "<svg ", 5) == 0);
    assert_non_null(strstr(svg, "role=\"img\""));
    assert_non_null(strstr(svg, bb_exercise_title(x)));
    assert_non_null(strstr(svg, "<desc>Start: "));
    assert_true(strncmp(text, "Start: ", 7) == 0 && strstr(text, " End: "));
    /* the background only with the flag, and nothing else differs */
    assert_null(strstr(svg, "fill=\"#fff\"/>"));
    assert_non_null(strstr(bg, "fill=\"#fff\"/>"));
    assert_true(strlen(bg) > strlen(svg));
    /* the same bytes every time */
    char *again = bb_exercise_figure_svg(x, 0);
    assert_string_equal(svg, again);
    free(again);
    free(svg);
    free(bg);
    free(text);
  }
  bb_kb_free(kb);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_null),
      cmocka_unit_test(test_every_exercise),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
