/* test_fragment.c -- the assessment's HTML as a fragment for a web page
 * (BB_RENDER_FRAGMENT): exactly the whole page's section, so that there
 * is one rendering of an assessment, and nothing a strict
 * Content-Security-Policy would block (no style element or attribute, no
 * script). The style it needs is bb_render_html_css(), the whole page's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static const char *const CASES[] = {
    "{\"wakes_from_sleep\": true, \"sleep_position\": \"side\", \"mattress_firmness\": 9, "
    "\"sex\": \"female\", \"height_cm\": 165, \"weight_kg\": 70, \"pillow_height_cm\": 5, "
    "\"tightness\": 6}",
    "{\"bowel_change\": true, \"leg_numbness\": \"one_leg\"}",
    "{\"leg_weakness\": \"one_leg\", \"sleep_position\": \"mixed\"}",
    "{}",
};

static void test_fragment_is_the_page_section(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
    bb_answers *a = bb_answers_parse(kb, CASES[i], strlen(CASES[i]), "t", NULL, NULL, NULL);
    assert_non_null(a);
    bb_assessment *as = bb_assess(kb, a, NULL);
    assert_non_null(as);
    char *page = bb_render_dated(as, BB_FORMAT_HTML, 0, 20790);
    char *frag = bb_render_dated(as, BB_FORMAT_HTML, BB_RENDER_FRAGMENT, 20790);
    assert_non_null(page);
    assert_non_null(frag);
    assert_int_equal(strncmp(frag, "<section class=\"bb-a\">", 22), 0);
    assert_non_null(strstr(page, frag)); /* the same bytes: one rendering */
    assert_null(strstr(frag, "<style"));
    assert_null(strstr(frag, " style="));
    assert_null(strstr(frag, "<script"));
    assert_null(strstr(frag, "<html"));
    assert_non_null(strstr(page, bb_render_html_css()));
    /* the flag means nothing to the other formats */
    char *t1 = bb_render(as, BB_FORMAT_TEXT, 0),
         *t2 = bb_render(as, BB_FORMAT_TEXT, BB_RENDER_FRAGMENT);
    assert_string_equal(t1, t2);
    free(t1), free(t2), free(page), free(frag);
    bb_assessment_free(as);
    bb_answers_free(a);
  }
  assert_true(strlen(bb_render_html_css()) > 100);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fragment_is_the_page_section),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
