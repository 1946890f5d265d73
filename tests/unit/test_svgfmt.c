/* test_svgfmt.c -- the pictures' small printf (src/svgfmt.h) writes what
 * printf writes, byte for byte: every conversion it knows, on edge values
 * (halves, -0.0, carries, large) and a million random ones; an unknown
 * conversion fails rather than printing something else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svgfmt.h"

typedef struct {
  char s[256];
  size_t n;
} out;

static void add(void *to, const char *p, size_t n) {
  out *o = to;
  assert_true(o->n + n < sizeof o->s);
  memcpy(o->s + o->n, p, n);
  o->n += n;
  o->s[o->n] = '\0';
}

static bool fmt(out *o, const char *f, ...) {
  o->n = 0;
  o->s[0] = '\0';
  va_list ap;
  va_start(ap, f);
  bool ok = svgfmt_v(add, o, f, ap);
  va_end(ap);
  return ok;
}

static void same_number(double v) {
  static const char *const f[] = {"%.0f", "%.1f", "%.2f", "%.3f"};
  for (int k = 0; k < 4; k++) {
    char want[64];
    snprintf(want, sizeof want, "%.*f", k, v);
    out o;
    assert_true(fmt(&o, f[k], v));
    if (strcmp(o.s, want) != 0)
      fail_msg("%s of %.17g: '%s', printf '%s'", f[k], v, o.s, want);
  }
}

static void test_edges(void **state) {
  (void)state;
  const double v[] = {0.0,    -0.0,    0.05,   0.15,   0.25,    0.35,       -0.05, -0.25,
                      0.5,    1.5,     2.5,    -2.5,   0.04999, 0.94999,    9.95,  99.95,
                      999.96, -999.96, 1234.5, 0.0005, 0.0015,  123456.789, 1e12,  -1e12,
                      0.45,   0.55,    1.005,  2.675,  -0.0004, 3.14159,    7.0,   -7.0};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
    same_number(v[i]);
}

static void test_random(void **state) {
  (void)state;
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 1000000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    double v = ((double)(x >> 11) / 9007199254740992.0 - 0.5) * (i % 3 ? 2000.0 : 20.0);
    if (i % 7 == 0) /* values on a grid of tenths and halves, as coordinates often are */
      v = (double)((int64_t)(x % 200001) - 100000) / 20.0;
    same_number(v);
  }
}

static void test_other_conversions(void **state) {
  (void)state;
  out o;
  assert_true(fmt(&o, "<a x=\"%.1f\" n=\"%d\" m=\"%zu\" c=\"%c\" s=\"%s\" w=\"100%%\"/>", 1.25, -42,
                  (size_t)7, 'q', "word"));
  char want[256];
  snprintf(want, sizeof want, "<a x=\"%.1f\" n=\"%d\" m=\"%zu\" c=\"%c\" s=\"%s\" w=\"100%%\"/>",
           1.25, -42, (size_t)7, 'q', "word");
  assert_string_equal(o.s, want);
  assert_true(fmt(&o, "no conversion"));
  assert_string_equal(o.s, "no conversion");
  assert_true(fmt(&o, "%d", 0));
  assert_string_equal(o.s, "0");
  /* unknown: refused, not guessed */
  assert_false(fmt(&o, "%x", 255));
  assert_false(fmt(&o, "%.4f", 1.0));
  assert_false(fmt(&o, "%g", 1.0));
  assert_false(fmt(&o, "%.1f", 1.0 / 0.0));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_edges),
      cmocka_unit_test(test_random),
      cmocka_unit_test(test_other_conversions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
